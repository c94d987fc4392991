//! The registry client and the pull on the page itself (no worker bundle in the test runner,
//! so this is the in-page path) against the real seeded registry.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use berth::idb::{Database, IdbBackend};
use berth::pull::{LayerStatus, PullEvent, PullOptions, pull};
use berth::registry_client::RegistryClient;
use berth::verify::verify_image;
use berth::worker_pool::WorkerPool;
use berth_oci::{Digest, Manifest, Platform};
use berth_registry::Endpoint;
use berth_store::{ImageState, Store, Strictness};
use std::cell::RefCell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn registry() -> Endpoint {
    let url = option_env!("BERTH_TEST_REGISTRY").unwrap_or_else(|| {
        panic!(
            "BERTH_TEST_REGISTRY is not set: run through `testbed with-registries` (scripts/test)"
        )
    });
    Endpoint::parse(url).unwrap()
}

#[wasm_bindgen_test]
async fn client_reads_manifests_tags_and_registry_errors() {
    let client = RegistryClient::new(registry(), None);
    let m = client.manifest("berth/hello", "1.0", None).await.unwrap();
    assert_eq!(m.digest, Digest::sha256_of(&m.bytes));
    assert_eq!(
        m.content_type.as_deref(),
        Some("application/vnd.oci.image.manifest.v1+json")
    );
    assert!(matches!(
        Manifest::from_slice(m.content_type.as_deref(), &m.bytes).unwrap(),
        Manifest::Image(_)
    ));
    let index = client.manifest("berth/multi", "1.0", None).await.unwrap();
    assert!(matches!(
        Manifest::from_slice(index.content_type.as_deref(), &index.bytes).unwrap(),
        Manifest::Index(_)
    ));
    let mut tags = client.tags("berth/many", None).await.unwrap();
    tags.sort();
    assert_eq!(tags.len(), 12);
    assert!(tags.contains(&"v1".to_string()) && tags.contains(&"v12".to_string()));
    let err = client
        .manifest("berth/hello", "nope", None)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "manifest unknown: manifest unknown");
}

#[wasm_bindgen_test]
async fn pull_on_the_page_stores_a_verified_image() {
    assert!(
        WorkerPool::get().await.is_none(),
        "the test runner has no worker bundle"
    );
    let name = "berth-test-pull";
    let _ = Database::delete_named(name).await;
    let store = Store::new(IdbBackend::new(Database::open_named(name).await.unwrap()));
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let on: Rc<dyn Fn(PullEvent)> = Rc::new(move |e| sink.borrow_mut().push(e));
    let reference = format!(
        "{}/berth/web:2.4",
        registry().to_string().trim_start_matches("http://")
    );
    let options = PullOptions {
        reference: reference.clone(),
        platform: Platform::new("linux", "amd64"),
        all_tags: false,
    };
    let signal = web_sys::AbortController::new().unwrap().signal();
    let ids = pull(&store, &options, &signal, &on).await.unwrap();
    assert_eq!(ids.len(), 1);
    let lines: Vec<String> = events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            PullEvent::Line(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(lines[0], "2.4: Pulling from berth/web");
    assert!(lines[1].starts_with("Digest: sha256:"));
    assert_eq!(
        lines[2],
        format!("Status: Downloaded newer image for {reference}")
    );
    let complete = events
        .borrow()
        .iter()
        .filter(|e| {
            matches!(
                e,
                PullEvent::Layer {
                    status: LayerStatus::PullComplete,
                    ..
                }
            )
        })
        .count();
    assert_eq!(complete, 2);
    assert_eq!(
        verify_image(&store, &ids[0]).await.unwrap(),
        ImageState::Ready
    );
    let image = store.image(&ids[0]).await.unwrap().unwrap();
    assert!(image.size().unwrap() > image.content_size() / 2);
    assert!(store.validate(Strictness::Always).await.unwrap().is_empty());
    Database::delete_named(name).await.ok();
}
