//! The app's one error type.

use wasm_bindgen::{JsCast, JsValue};

/// Everything that can fail in the browser part of berth.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An IndexedDB operation failed.
    #[error("IndexedDB: {0}")]
    IndexedDb(String),
    /// A value could not be converted to or from its stored form.
    #[error("stored data: {0}")]
    Serde(String),
    /// `fetch` rejected (network error, CORS, abort).
    #[error("{0}")]
    Network(String),
    /// A browser API is missing (no `window`, no `indexedDB`).
    #[error("this browser lacks {0}")]
    Unsupported(&'static str),
    /// A registry answered with an error, or auth failed.
    #[error(transparent)]
    Registry(#[from] berth_registry::Error),
    /// A reference, digest, manifest or config is invalid.
    #[error(transparent)]
    Oci(#[from] berth_oci::Error),
    /// The image store refused or failed.
    #[error(transparent)]
    Store(#[from] berth_store::Error),
    /// A layer could not be decompressed.
    #[error(transparent)]
    Layer(#[from] berth_layer::Error),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
    /// A pull cannot proceed (no matching platform, digest mismatch, …).
    #[error("{0}")]
    Pull(String),
}

impl Error {
    /// An IndexedDB error from a thrown JS value (usually a `DOMException`).
    pub fn idb(value: JsValue) -> Error {
        Error::IndexedDb(js_message(&value))
    }
}

impl From<serde_wasm_bindgen::Error> for Error {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        Error::Serde(e.to_string())
    }
}

/// The readable text of a thrown JS value: `name: message` for errors, else its string form.
pub fn js_message(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(e.name()), String::from(e.message()));
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
