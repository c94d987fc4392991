//! berth: Docker's image commands (`search`, `pull`, `images`, `tag`, `rmi`, `system df`)
//! in the browser. This crate is the Leptos single-page app; the logic it shows lives in the
//! pure crates under `crates/` (`berth-oci`, `berth-registry`).
//!
//! Only compiled for `wasm32`: on the host this library is empty, so that host builds and
//! tests need no browser dependencies.
#![cfg(target_arch = "wasm32")]

pub mod blob_stream;
pub mod console_api;
pub mod error;
pub mod fetch;
pub mod idb;
pub mod image_rows;
pub mod image_store;
pub mod images_query;
pub mod layer_files;
pub mod probe;
pub mod pull;
pub mod registry_client;
pub mod registry_list;
pub mod session;
pub mod verify;
pub mod worker;
pub mod worker_pool;
pub mod worker_protocol;

mod components;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use components::{ErrorPanel, Nav};
use pages::{
    BrowsePage, DiskPage, ImageDetailPage, ImagesPage, NotFound, RegistriesPage, SearchPage,
};

/// Bytes of linear memory the wasm module holds now (it only grows): read by the benchmark
/// as `wasmBindings.wasm_memory_bytes()`.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// MB/s of this build's streaming sha256 (the blob check) over `megabytes` of data, hashed
/// in 1 MiB pieces: read by the benchmark to explain its figures.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn sha256_throughput(megabytes: u32) -> f64 {
    let piece: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let clock = || js_sys::Date::now();
    let start = clock();
    let mut d = berth_oci::Sha256Digester::new();
    for _ in 0..megabytes {
        d.update(&piece);
    }
    let _ = d.finish();
    f64::from(megabytes) * 1.048_576 / ((clock() - start).max(1.0) / 1000.0)
}

/// Mounts [`App`] on `<body>`; `main` calls only this.
pub fn mount() {
    console_error_panic_hook::set_once();
    register_service_worker();
    leptos::mount::mount_to_body(App);
}

/// Registers `sw.js` (the offline app shell) under this build's version: the hash in the
/// main module's name, so that each build caches its own files whole.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let version = window
        .document()
        .and_then(|d| d.query_selector("link[rel=modulepreload]").ok().flatten())
        .and_then(|l| l.get_attribute("href"))
        .unwrap_or_else(|| "dev".into());
    let version: String = version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let _ = container.register(&format!("/sw.js?v={version}"));
}

/// The whole app: the nav bar, an error boundary, and one route per page, each a deep link.
#[component]
pub fn App() -> impl IntoView {
    image_store::StoreVersion::provide();
    view! {
        <Router>
            <Nav />
            <main id="main">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/images" /> } />
                        <Route path=path!("/search") view=SearchPage />
                        <Route path=path!("/images") view=ImagesPage />
                        <Route path=path!("/images/:id") view=ImageDetailPage />
                        <Route path=path!("/disk") view=DiskPage />
                        <Route path=path!("/registries") view=RegistriesPage />
                        <Route path=path!("/browse") view=BrowsePage />
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
