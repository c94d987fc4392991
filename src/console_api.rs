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

/// Fills the store with `images` synthetic images (3 layers each, the bottom one shared by
/// groups of 50) under `tags` tags each, for the store benchmark. Metadata only: no blobs.
#[wasm_bindgen]
pub async fn berth_bench_fill(images: u32, tags: u32) -> Result<u32, JsValue> {
    use berth_oci::Digest;
    use berth_store::{Backend, ImageRecord, ImageState, LayerRecord, Op, RefRecord, Table};
    let store = image_store::open()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let d = |s: String| Digest::sha256_of(s.as_bytes());
    let mut ops = Vec::new();
    for i in 0..images {
        let layer = |n: u32, size: u64| LayerRecord {
            digest: d(format!("blob-{n}")),
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
            size: size / 3,
            diff_id: Some(d(format!("diff-{n}"))),
            uncompressed_size: Some(size),
        };
        let image = ImageRecord {
            id: d(format!("config-{i}")),
            manifest_digest: d(format!("manifest-{i}")),
            index_digest: None,
            manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
            manifest_size: 500,
            config_size: 1500,
            layers: vec![
                layer(1_000_000 + i / 50, 30_000_000),
                layer(2_000_000 + i, 5_000_000 + u64::from(i) * 1000),
                layer(3_000_000 + i, 700_000),
            ],
            created: Some(format!(
                "2026-{:02}-{:02}T12:00:00Z",
                1 + i % 12,
                1 + i % 28
            )),
            platform: "linux/amd64".into(),
            labels: [("bench".to_string(), (i % 10).to_string())].into(),
            parent: None,
            ref_epoch: 0,
            pulled_at: 0.0,
            state: ImageState::Ready,
        };
        ops.push(Op::Put {
            table: Table::Images,
            key: image.id.to_string(),
            value: serde_json::to_vec(&image).map_err(|e| JsValue::from_str(&e.to_string()))?,
        });
        for t in 0..tags {
            let record = RefRecord {
                image_id: image.id.clone(),
                repo_digest: Some(image.manifest_digest.clone()),
            };
            ops.push(Op::Put {
                table: Table::Refs,
                key: format!("registry.example:5000/bench/img-{i}:v{t}"),
                value: serde_json::to_vec(&record)
                    .map_err(|e| JsValue::from_str(&e.to_string()))?,
            });
        }
        if ops.len() >= 2000 {
            store
                .backend()
                .commit(std::mem::take(&mut ops))
                .await
                .map_err(|e| JsValue::from_str(&e.to_string()))?;
        }
    }
    store
        .backend()
        .commit(ops)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    changed();
    Ok(images * tags)
}

/// Times the store's pure work over its current contents, in ms: reading everything from
/// IndexedDB, the default `docker images` listing, a filtered one, and `system df`.
#[wasm_bindgen]
pub async fn berth_bench_compute(reference: String) -> Result<JsValue, JsValue> {
    use berth_store::{Filters, ListOptions, disk_usage, list_images};
    let now = || js_sys::Date::now();
    let perf = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or_else(now)
    };
    let store = image_store::open()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let t = perf();
    let images = store
        .images()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let refs = store
        .refs()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let load = perf() - t;
    let options = |reference: Option<String>| ListOptions {
        reference,
        filters: Filters::default(),
        now_ms: now(),
        ..ListOptions::default()
    };
    let t = perf();
    let rows = list_images(&images, &refs, &options(None))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let list = perf() - t;
    let t = perf();
    let filtered = list_images(&images, &refs, &options(Some(reference.clone())))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let filter = perf() - t;
    // The page's path: an index built once per store version, then each listing (rows are
    // made for the window the table shows).
    let t = perf();
    let index = berth_store::ListIndex::new(&images, &refs);
    let index_ms = perf() - t;
    let t = perf();
    let _ = berth_store::ImageListing::new(&images, &index, &options(None))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let indexed_ms = perf() - t;
    let t = perf();
    let _ = berth_store::ImageListing::new(&images, &index, &options(Some(reference.clone())))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let indexed_filter_ms = perf() - t;
    let t = perf();
    let df = disk_usage(&images, &refs);
    let df_ms = perf() - t;
    let out = serde_json::json!({
        "images": images.len(), "refs": refs.len(), "rows": rows.len(), "filtered": filtered.len(),
        "df_size": df.total_size, "load_ms": load, "list_ms": list, "filter_ms": filter, "df_ms": df_ms,
        "index_ms": index_ms, "indexed_ms": indexed_ms, "indexed_filter_ms": indexed_filter_ms,
    });
    Ok(JsValue::from_str(&out.to_string()))
}
