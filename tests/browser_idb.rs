//! IndexedDB in a real browser: berth's schema, round trips, persistence across connections.
#![cfg(target_arch = "wasm32")]

use berth::error::Error;
use berth::idb::{Database, stores};
use berth::registry_list::{self, RegistryRecord};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn record(url: &str, added: f64) -> RegistryRecord {
    RegistryRecord {
        url: url.into(),
        name: format!("registry added at {added}"),
        added,
        remembered: None,
    }
}

#[wasm_bindgen_test]
async fn registries_round_trip_and_survive_reopening() {
    let name = "berth-test-round-trip";
    let _ = Database::delete_named(name).await;
    let db = Database::open_named(name).await.unwrap();
    assert_eq!(registry_list::load(&db).await.unwrap(), vec![]);

    registry_list::save(&db, &record("http://127.0.0.1:5000", 2.0))
        .await
        .unwrap();
    registry_list::save(&db, &record("/proxy/docker.io", 1.0))
        .await
        .unwrap();
    // Saving the same URL replaces the record instead of adding one.
    registry_list::save(&db, &record("http://127.0.0.1:5000", 3.0))
        .await
        .unwrap();
    let loaded = registry_list::load(&db).await.unwrap();
    assert_eq!(
        loaded,
        vec![
            record("/proxy/docker.io", 1.0),
            record("http://127.0.0.1:5000", 3.0)
        ]
    );
    db.close();

    let reopened = Database::open_named(name).await.unwrap();
    assert_eq!(registry_list::load(&reopened).await.unwrap().len(), 2);
    registry_list::remove(&reopened, "/proxy/docker.io")
        .await
        .unwrap();
    registry_list::remove(&reopened, "not-there").await.unwrap();
    assert_eq!(
        registry_list::load(&reopened).await.unwrap(),
        vec![record("http://127.0.0.1:5000", 3.0)]
    );
    let raw = reopened
        .get(
            stores::REGISTRIES,
            &JsValue::from_str("http://127.0.0.1:5000"),
        )
        .await
        .unwrap();
    assert!(raw.is_some());
    // A record saved before registries had names loads with none.
    let old = js_sys::Object::new();
    js_sys::Reflect::set(&old, &"url".into(), &"http://old:5000".into()).unwrap();
    js_sys::Reflect::set(&old, &"added".into(), &4.0.into()).unwrap();
    reopened.put(stores::REGISTRIES, &old).await.unwrap();
    let loaded = registry_list::load(&reopened).await.unwrap();
    assert_eq!(loaded[1].url, "http://old:5000");
    assert_eq!(loaded[1].name, "");
    registry_list::remove(&reopened, "http://old:5000")
        .await
        .unwrap();
    assert!(
        reopened
            .get(stores::REGISTRIES, &JsValue::from_str("missing"))
            .await
            .unwrap()
            .is_none()
    );
    reopened.close();
    Database::delete_named(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn unknown_store_is_a_readable_error() {
    let name = "berth-test-errors";
    let db = Database::open_named(name).await.unwrap();
    let err = db.get_all("no-such-store").await.unwrap_err();
    match &err {
        Error::IndexedDb(msg) => assert!(msg.starts_with("NotFoundError"), "{msg}"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().starts_with("IndexedDB: NotFoundError"));
    // A record without the key path is refused, and nothing is written.
    let bad = js_sys::Object::new();
    let err = db.put(stores::REGISTRIES, &bad).await.unwrap_err();
    assert!(err.to_string().contains("DataError"), "{err}");
    assert!(db.get_all(stores::REGISTRIES).await.unwrap().is_empty());
    db.close();
    Database::delete_named(name).await.unwrap();
}
