//! The pull worker: runs downloads and diff-id checks off the page's thread. Its bundle
//! (`src/bin/worker.rs`) calls [`run`]; the page talks to it through [`crate::worker_pool`].

use std::cell::RefCell;
use std::collections::HashMap;

use berth_registry::RegistryError;
use berth_store::Store;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, DedicatedWorkerGlobalScope, MessageEvent};

use crate::blob_stream::{BlobTarget, Progress, store_blob_stream};
use crate::error::Error;
use crate::fetch::{FetchOptions, fetch, response_bytes};
use crate::idb::{Database, IdbBackend};
use crate::image_store::ImageStore;
use crate::verify::layer_diff_id;
use crate::worker_protocol::{Failure, FromWorker, Job, Outcome, ToWorker};

thread_local! {
    static RUNNING: RefCell<HashMap<u32, AbortController>> = RefCell::new(HashMap::new());
    static STORES: RefCell<HashMap<String, ImageStore>> = RefCell::new(HashMap::new());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn send(message: &FromWorker) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope().post_message(&JsValue::from_str(&text));
    }
}

/// Listens for jobs, then tells the page it is ready.
pub fn run() {
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<ToWorker>(&text) {
            Ok(ToWorker::Run { id, job }) => start(id, job),
            Ok(ToWorker::Cancel { id }) => RUNNING.with_borrow(|r| {
                if let Some(c) = r.get(&id) {
                    c.abort();
                }
            }),
            Err(_) => {}
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    send(&FromWorker::Ready);
}

async fn store(database: &str) -> Result<ImageStore, Error> {
    if let Some(s) = STORES.with_borrow(|s| s.get(database).cloned()) {
        return Ok(s);
    }
    let s = Store::new(IdbBackend::new(Database::open_named(database).await?));
    STORES.with_borrow_mut(|m| m.insert(database.to_owned(), s.clone()));
    Ok(s)
}

fn start(id: u32, job: Job) {
    let Ok(controller) = AbortController::new() else {
        return;
    };
    let signal = controller.signal();
    RUNNING.with_borrow_mut(|r| r.insert(id, controller));
    wasm_bindgen_futures::spawn_local(async move {
        let result = perform(id, job, &signal).await;
        RUNNING.with_borrow_mut(|r| r.remove(&id));
        send(&match result {
            Ok(outcome) => FromWorker::Done {
                id,
                outcome,
                memory: crate::wasm_memory_bytes(),
            },
            Err(failure) => FromWorker::Failed { id, failure },
        });
    });
}

async fn perform(id: u32, job: Job, signal: &web_sys::AbortSignal) -> Result<Outcome, Failure> {
    let other = |e: Error| match e {
        Error::Cancelled => Failure::Cancelled,
        e => Failure::Other(e.to_string()),
    };
    match job {
        Job::Download {
            url,
            authorization,
            digest,
            size,
            media_type,
            writer,
            database,
        } => {
            let store = store(&database).await.map_err(other)?;
            let options = FetchOptions {
                headers: authorization
                    .map(|a| vec![("Authorization".to_owned(), a)])
                    .unwrap_or_default(),
                signal: Some(signal.clone()),
                timeout_ms: 60_000,
                ..FetchOptions::default()
            };
            let response = fetch(&url, &options).await.map_err(other)?;
            match response.status() {
                200..=299 => {}
                401 => return Err(Failure::Unauthorized),
                status => {
                    let retry_after = response.headers().get("retry-after").ok().flatten();
                    let body = response_bytes(&response).await.unwrap_or_default();
                    let e = RegistryError::from_response(status, &body, retry_after.as_deref());
                    return Err(Failure::Other(e.to_string()));
                }
            }
            let target = BlobTarget {
                digest: &digest,
                size,
                media_type: &media_type,
                writer: &writer,
            };
            let progress = |p: Progress| {
                let (bytes, verifying) = match p {
                    Progress::Downloading(b) => (b, false),
                    Progress::Verifying(b) => (b, true),
                };
                send(&FromWorker::Progress {
                    id,
                    bytes,
                    verifying,
                    memory: crate::wasm_memory_bytes(),
                });
            };
            store_blob_stream(&store, &response, &target, signal, &progress)
                .await
                .map_err(other)?;
            Ok(Outcome::Downloaded)
        }
        Job::ListLayer {
            digest,
            media_type,
            database,
        } => {
            let store = store(&database).await.map_err(other)?;
            let listing = crate::layer_files::list_layer(&store, &digest, &media_type)
                .await
                .map_err(other)?;
            Ok(Outcome::Listing {
                entries: listing.entries,
                truncated: listing.truncated.map(|t| t.to_string()),
            })
        }
        Job::DiffId {
            digest,
            media_type,
            database,
        } => {
            let store = store(&database).await.map_err(other)?;
            let (diff_id, size) = layer_diff_id(&store, &digest, &media_type)
                .await
                .map_err(other)?;
            Ok(Outcome::DiffId { diff_id, size })
        }
    }
}
