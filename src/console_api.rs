//! berth's store from the browser console (and from tests driving two tabs):
//! `await wasmBindings.berth_tag("ubuntu", "mine:1")`,
//! `await wasmBindings.berth_rmi("mine:1", false)`, `await wasmBindings.berth_validate()`.

use berth_store::{RemoveOptions, Strictness, remove_output};
use wasm_bindgen::prelude::*;

use crate::image_store;

fn changed() {
    // Tell every tab (this one included) to refresh.
    if let Ok(channel) = web_sys::BroadcastChannel::new("berth-store") {
        let _ = channel.post_message(&JsValue::from_str("changed"));
        channel.close();
    }
}

/// `docker tag SOURCE TARGET`; resolves to `""` or rejects with Docker's message.
#[wasm_bindgen]
pub async fn berth_tag(source: String, target: String) -> Result<String, JsValue> {
    let store = image_store::open()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    store
        .tag(&source, &target)
        .await
        .map_err(|e| JsValue::from_str(&e.cli_message()))?;
    changed();
    Ok(String::new())
}

/// `docker rmi [-f] IMAGE...` (space-separated); resolves to the output lines.
#[wasm_bindgen]
pub async fn berth_rmi(targets: String, force: bool) -> Result<String, JsValue> {
    let store = image_store::open()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let list: Vec<String> = targets.split_whitespace().map(str::to_owned).collect();
    let options = RemoveOptions {
        force,
        no_prune: false,
    };
    let results = store.remove_many(&list, options).await;
    changed();
    let out = remove_output(&results, force);
    Ok(out
        .stdout
        .into_iter()
        .chain(out.stderr)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The store's invariant violations (empty when sound).
#[wasm_bindgen]
pub async fn berth_validate() -> Result<Vec<String>, JsValue> {
    let store = image_store::open()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    store
        .validate(Strictness::Always)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))
}
