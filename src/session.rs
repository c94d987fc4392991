//! What this tab remembers about registries for its lifetime: credentials (never stored
//! unless the user asks), the Docker Hub endpoint and mirrors.

use std::cell::RefCell;
use std::collections::HashMap;

use berth_registry::{Credentials, Endpoint, is_docker_hub, pull_endpoints};

use crate::error::Error;
use crate::registry_client::RegistryClient;

/// The dev server's same-origin proxy for Docker Hub's registry (see Trunk.toml).
pub const HUB_PROXY: &str = "/proxy/docker.io";

const MIRRORS_KEY: &str = "berth-registry-mirrors";

thread_local! {
    static LOADED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static CREDENTIALS: RefCell<HashMap<String, Credentials>> = RefCell::new(HashMap::new());
    static CLIENTS: RefCell<HashMap<String, RegistryClient>> = RefCell::new(HashMap::new());
}

/// Remembers credentials for an endpoint for this tab's life (or forgets them with `None`).
pub fn set_credentials(endpoint: &Endpoint, credentials: Option<Credentials>) {
    let key = endpoint.to_string();
    CREDENTIALS.with_borrow_mut(|c| match credentials {
        Some(cr) => c.insert(key.clone(), cr),
        None => c.remove(&key),
    });
    // Tokens belong to the old credentials: start over.
    CLIENTS.with_borrow_mut(|c| c.remove(&key));
}

/// Loads the credentials the user asked to remember (once per page).
pub async fn load_remembered() {
    if LOADED.replace(true) {
        return;
    }
    let Ok(db) = crate::idb::Database::shared().await else {
        return;
    };
    for record in crate::registry_list::load(&db).await.unwrap_or_default() {
        if let (Some((username, password)), Ok(endpoint)) =
            (record.remembered, Endpoint::parse(&record.url))
        {
            // Credentials given in this session win over remembered ones.
            if credentials(&endpoint).is_none() {
                set_credentials(&endpoint, Some(Credentials { username, password }));
            }
        }
    }
}

/// Credentials for an endpoint, if the user gave some this session.
pub fn credentials(endpoint: &Endpoint) -> Option<Credentials> {
    CREDENTIALS.with_borrow(|c| c.get(&endpoint.to_string()).cloned())
}

/// A client for an endpoint, shared so that its tokens are reused.
pub fn client(endpoint: &Endpoint) -> RegistryClient {
    let key = endpoint.to_string();
    CLIENTS.with_borrow_mut(|c| {
        c.entry(key)
            .or_insert_with(|| RegistryClient::new(endpoint.clone(), credentials(endpoint)))
            .clone()
    })
}

/// Docker Hub mirrors (Docker's `registry-mirrors`, the seed's 镜像加速), tried first.
pub fn mirrors() -> Vec<Endpoint> {
    local_storage()
        .and_then(|s| s.get_item(MIRRORS_KEY).ok().flatten())
        .map(|v| {
            v.split_whitespace()
                .filter_map(|m| Endpoint::parse(m).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Saves the mirror list (whitespace-separated addresses); invalid entries are an error.
pub fn set_mirrors(text: &str) -> Result<Vec<Endpoint>, Error> {
    let mirrors = text
        .split_whitespace()
        .map(Endpoint::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(s) = local_storage() {
        let joined: Vec<String> = mirrors.iter().map(ToString::to_string).collect();
        let _ = s.set_item(MIRRORS_KEY, &joined.join(" "));
    }
    Ok(mirrors)
}

/// The endpoints to try for a reference's registry domain, in order.
pub fn endpoints_for(domain: &str) -> Result<Vec<Endpoint>, Error> {
    let hub = Endpoint::parse(HUB_PROXY)?;
    let mirrors = if is_docker_hub(domain) {
        mirrors()
    } else {
        Vec::new()
    };
    Ok(pull_endpoints(domain, &mirrors, &hub, &|_| None)?)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
