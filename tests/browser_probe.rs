//! The connectivity probe's fetches from a real page against real registries.
//!
//! `testbed with-registries` (see scripts/test) starts the registries and passes their
//! addresses at build time.
#![cfg(target_arch = "wasm32")]

use berth::probe::probe;
use berth_registry::{Endpoint, ProbeStatus};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn endpoint(var: Option<&'static str>, name: &str) -> Endpoint {
    let url = var.unwrap_or_else(|| {
        panic!("{name} is not set: run the browser tests through `testbed with-registries` (scripts/test)")
    });
    Endpoint::parse(url).unwrap()
}

#[wasm_bindgen_test]
async fn open_registry_is_reachable() {
    let e = endpoint(option_env!("BERTH_TEST_REGISTRY"), "BERTH_TEST_REGISTRY");
    let v = probe(e.clone(), None).await;
    assert_eq!(v.status, ProbeStatus::Reachable, "{v:?}");
    assert_eq!(
        v.summary,
        format!("reachable: {} answered 200 (registry API v2)", e.v2_url())
    );
    assert_eq!(v.fix, "");
}

#[wasm_bindgen_test]
async fn registry_without_cors_headers_is_cors_blocked() {
    let e = endpoint(
        option_env!("BERTH_TEST_REGISTRY_NO_CORS"),
        "BERTH_TEST_REGISTRY_NO_CORS",
    );
    let v = probe(e, None).await;
    assert_eq!(v.status, ProbeStatus::CorsBlocked, "{v:?}");
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert!(
        v.fix
            .contains(&format!("Access-Control-Allow-Origin: ['{origin}']")),
        "{}",
        v.fix
    );
}

#[wasm_bindgen_test]
async fn closed_port_is_refused() {
    let e = endpoint(option_env!("BERTH_TEST_REFUSED"), "BERTH_TEST_REFUSED");
    let v = probe(e, None).await;
    assert_eq!(v.status, ProbeStatus::Refused, "{v:?}");
    assert!(v.summary.starts_with("connection refused"), "{}", v.summary);
}
