//! The registries a user added, kept in IndexedDB.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::error::Error;
use crate::idb::{Database, stores};

/// One saved registry. Credentials are stored only when the user ticked "remember".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistryRecord {
    /// Normalised endpoint (`http://127.0.0.1:5000`, `/proxy/docker.io`); the key.
    pub url: String,
    /// What the user calls it (`Docker Hub`, `team mirror`); empty: none.
    #[serde(default)]
    pub name: String,
    /// When it was added (ms since the epoch), for a stable order.
    pub added: f64,
    /// Remembered credentials (user name, password or token), if the user asked.
    #[serde(default)]
    pub remembered: Option<(String, String)>,
}

/// Every saved registry, oldest first.
pub async fn load(db: &Database) -> Result<Vec<RegistryRecord>, Error> {
    let mut out = db
        .get_all(stores::REGISTRIES)
        .await?
        .into_iter()
        .map(serde_wasm_bindgen::from_value)
        .collect::<Result<Vec<RegistryRecord>, _>>()?;
    out.sort_by(|a, b| a.added.total_cmp(&b.added));
    Ok(out)
}

/// Adds or replaces a registry.
pub async fn save(db: &Database, record: &RegistryRecord) -> Result<(), Error> {
    let value = serde_wasm_bindgen::to_value(record)?;
    db.put(stores::REGISTRIES, &value).await
}

/// Forgets a registry.
pub async fn remove(db: &Database, url: &str) -> Result<(), Error> {
    db.delete(stores::REGISTRIES, &JsValue::from_str(url)).await
}
