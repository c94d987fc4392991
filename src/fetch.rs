//! `fetch` with a timeout until the headers arrive, cancellation, and bodies read whole or
//! as a stream of chunks.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, Headers, ReadableStreamDefaultReader, Request, RequestCache,
    RequestInit, RequestMode, Response,
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
    /// Abort if the response headers have not arrived after this many milliseconds.
    pub timeout_ms: i32,
    /// Cancels the request (and its body stream) when aborted.
    pub signal: Option<AbortSignal>,
    /// A request body.
    pub body: Option<Vec<u8>>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            method: "GET",
            mode: RequestMode::Cors,
            headers: Vec::new(),
            timeout_ms: 15_000,
            signal: None,
            body: None,
        }
    }
}

fn network(e: JsValue) -> Error {
    Error::Network(js_message(&e))
}

/// The page's or the worker's global scope functions.
fn global_fetch(request: &Request) -> js_sys::Promise {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.fetch_with_request(request)
    } else {
        global
            .unchecked_ref::<web_sys::WorkerGlobalScope>()
            .fetch_with_request(request)
    }
}

fn set_timeout(f: &js_sys::Function, ms: i32) -> i32 {
    let global = js_sys::global();
    let r = if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
    } else {
        global
            .unchecked_ref::<web_sys::WorkerGlobalScope>()
            .set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
    };
    r.unwrap_or(0)
}

fn clear_timeout(handle: i32) {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.clear_timeout_with_handle(handle);
    } else {
        global
            .unchecked_ref::<web_sys::WorkerGlobalScope>()
            .clear_timeout_with_handle(handle);
    }
}

/// Sends a request; a rejection (network error, CORS, timeout, abort) becomes
/// [`Error::Network`] with the browser's message, or [`Error::Cancelled`]. Cookies are never
/// sent (`credentials: omit`).
pub async fn fetch(url: &str, options: &FetchOptions) -> Result<Response, Error> {
    let init = RequestInit::new();
    init.set_method(options.method);
    init.set_mode(options.mode);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let headers = Headers::new().map_err(network)?;
    for (name, value) in &options.headers {
        headers.append(name, value).map_err(network)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &options.body {
        init.set_body(&js_sys::Uint8Array::from(body.as_slice()));
    }
    let controller = AbortController::new().map_err(network)?;
    init.set_signal(Some(&controller.signal()));
    // Forward the caller's cancellation to this request's controller.
    let forward = options.signal.as_ref().map(|outer| {
        let c = controller.clone();
        let f = Closure::<dyn FnMut()>::new(move || c.abort());
        let _ = outer.add_event_listener_with_callback("abort", f.as_ref().unchecked_ref());
        if outer.aborted() {
            controller.abort();
        }
        (outer.clone(), f)
    });
    let request = Request::new_with_str_and_init(url, &init).map_err(network)?;
    let c = controller.clone();
    let on_timeout = Closure::once(move || c.abort());
    let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), options.timeout_ms);
    let result = JsFuture::from(global_fetch(&request)).await;
    clear_timeout(timer);
    drop(on_timeout);
    // The listener must outlive this call: cancelling also stops the body's download.
    // It is a few bytes per request, freed with the page.
    if let Some((_, f)) = forward {
        f.forget();
    }
    match result {
        Ok(response) => Ok(response.unchecked_into()),
        Err(_) if options.signal.as_ref().is_some_and(AbortSignal::aborted) => {
            Err(Error::Cancelled)
        }
        Err(e) => Err(network(e)),
    }
}

/// A whole body.
pub async fn response_bytes(response: &Response) -> Result<Vec<u8>, Error> {
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A body as a stream of chunks, as the network delivers them.
pub struct BodyReader {
    reader: ReadableStreamDefaultReader,
}

impl BodyReader {
    /// The reader of a response's body.
    pub fn new(response: &Response) -> Result<BodyReader, Error> {
        let body = response
            .body()
            .ok_or_else(|| Error::Network("the response has no body".into()))?;
        let reader = body
            .get_reader()
            .dyn_into::<ReadableStreamDefaultReader>()
            .map_err(|o| network(o.into()))?;
        Ok(BodyReader { reader })
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&self) -> Result<Option<js_sys::Uint8Array>, Error> {
        let result = JsFuture::from(self.reader.read()).await.map_err(network)?;
        let done = js_sys::Reflect::get(&result, &JsValue::from_str("done"))
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value = js_sys::Reflect::get(&result, &JsValue::from_str("value")).map_err(network)?;
        Ok(Some(value.unchecked_into()))
    }

    /// Stops reading (and downloading).
    pub fn cancel(&self) {
        let _ = self.reader.cancel();
    }
}
