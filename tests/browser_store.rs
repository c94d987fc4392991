//! The image store's backend conformance suite on IndexedDB, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use berth::idb::{Database, IdbBackend};
use berth_store::conformance;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(case: &'static str) -> IdbBackend {
    let name = format!("berth-conformance-{case}");
    Database::delete_named(&name).await.unwrap();
    IdbBackend::new(Database::open_named(&name).await.unwrap())
}

#[wasm_bindgen_test]
async fn every_case_on_indexeddb() {
    conformance::run_all(fresh).await;
}
