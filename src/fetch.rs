//! `window.fetch` with a timeout, for registry requests.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, Request, RequestCache, RequestInit, RequestMode, Response,
};

use crate::error::{Error, js_message};

/// How to send a request.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// HTTP method.
    pub method: &'static str,
    /// `cors` or `no-cors`.
    pub mode: RequestMode,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// Abort after this many milliseconds.
    pub timeout_ms: i32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            method: "GET",
            mode: RequestMode::Cors,
            headers: Vec::new(),
            timeout_ms: 15_000,
        }
    }
}

/// Sends a request; a rejection (network error, CORS, timeout) becomes [`Error::Network`]
/// with the browser's message. Cookies are never sent (`credentials: omit`).
pub async fn fetch(url: &str, options: &FetchOptions) -> Result<Response, Error> {
    let window = web_sys::window().ok_or(Error::Unsupported("window"))?;
    let init = RequestInit::new();
    init.set_method(options.method);
    init.set_mode(options.mode);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let headers = Headers::new().map_err(|e| Error::Network(js_message(&e)))?;
    for (name, value) in &options.headers {
        headers
            .append(name, value)
            .map_err(|e| Error::Network(js_message(&e)))?;
    }
    init.set_headers(&headers);
    let controller = AbortController::new().map_err(|e| Error::Network(js_message(&e)))?;
    init.set_signal(Some(&controller.signal()));
    let request =
        Request::new_with_str_and_init(url, &init).map_err(|e| Error::Network(js_message(&e)))?;
    let abort = Closure::once(move || controller.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.as_ref().unchecked_ref(),
            options.timeout_ms,
        )
        .unwrap_or(0);
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    window.clear_timeout_with_handle(timer);
    drop(abort);
    match result {
        Ok(response) => Ok(response.unchecked_into()),
        Err(e) => Err(Error::Network(js_message(&e))),
    }
}
