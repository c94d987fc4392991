//! A thin, future-based layer over the browser's IndexedDB (web-sys), holding berth's schema.
//!
//! Requests and transactions become futures ([`EventFuture`]); awaiting them inside one
//! transaction keeps it alive, because wasm-bindgen-futures resumes in the same microtask
//! checkpoint as the `success` event.

mod backend;
mod database;
mod event_future;

pub use backend::IdbBackend;
pub use database::{Database, stores};
pub use event_future::EventFuture;
