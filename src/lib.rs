//! berth: Docker's image commands (`search`, `pull`, `images`, `tag`, `rmi`, `system df`)
//! in the browser. This crate is the Leptos single-page app; the logic it shows lives in the
//! pure crates under `crates/` (`berth-oci`, `berth-registry`).
//!
//! Only compiled for `wasm32`: on the host this library is empty, so that host builds and
//! tests need no browser dependencies.
#![cfg(target_arch = "wasm32")]

pub mod error;
pub mod fetch;
pub mod idb;
pub mod image_store;
pub mod probe;
pub mod pull;
pub mod registry_client;
pub mod registry_list;
pub mod session;
pub mod verify;

mod components;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use components::{ErrorPanel, Nav};
use pages::{DiskPage, ImageDetailPage, ImagesPage, NotFound, RegistriesPage, SearchPage};

/// Mounts [`App`] on `<body>`; `main` calls only this.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
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
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
