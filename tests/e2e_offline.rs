//! End to end: after one visit, berth opens and works with no network at all — registry
//! stopped, browser offline — from its service worker and IndexedDB.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use berth_testbed::{Registry, seed};
use common::{App, image_rows, pull};
use serde_json::json;

#[test]
fn the_app_reloads_offline_with_its_images() {
    let mut registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(b, &format!("{host}/berth/web:2.4"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    let id = b
        .wait_for("the image verified", |b| {
            Ok(image_rows(b)
                .into_iter()
                .find(|r| r["state"] == "ready")
                .map(|r| r["image-id"].clone()))
        })
        .unwrap();
    // The service worker has cached the shell.
    b.wait_for("the service worker to control the page", |b| {
        let v = b.execute_async(
            "const done = arguments[0]; navigator.serviceWorker.ready.then(() => caches.keys()).then(k => done(k.length));",
            vec![],
        )?;
        Ok((v.as_u64().unwrap_or(0) > 0).then_some(()))
    })
    .unwrap();

    // No registry, no network.
    registry.stop();
    b.cdp("Network.enable", json!({})).unwrap();
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .unwrap();
    // Even the static server is gone from the browser's view: it must come from the cache.
    b.goto(&app.url("/images")).unwrap();
    let rows = b
        .wait_for("the table from IndexedDB", |b| {
            let rows = image_rows(b);
            Ok((!rows.is_empty()).then_some(rows))
        })
        .unwrap();
    assert_eq!(rows[0]["repository"], format!("{host}/berth/web"));
    // A deep link to the detail page, its history and layers, and the files.
    b.goto(&app.url(&format!("/images/{id}"))).unwrap();
    let summary = b.testid("image-summary").unwrap();
    assert_eq!(summary.attr("data-image-id").unwrap(), Some(id.clone()));
    assert!(
        !b.find_all("[data-testid=\"history-row\"]")
            .unwrap()
            .is_empty()
    );
    assert_eq!(b.find_all("[data-testid=\"layer-row\"]").unwrap().len(), 2);
    b.testid("file-tree-load").unwrap().click().unwrap();
    b.wait_css("[data-testid=\"file-entry\"][data-path=\"srv/www/index.html\"]")
        .unwrap();
    app.screenshot("offline-detail");
}
