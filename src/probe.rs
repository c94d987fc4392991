//! Runs [`berth_registry::Probe`] with the browser's `fetch`.

use berth_registry::{
    Credentials, Endpoint, FetchOutcome, Probe, ProbeRequest, RequestMode, Step, Verdict,
};

use crate::fetch::{FetchOptions, fetch};

/// Probes `endpoint` from this page and classifies the result.
pub async fn probe(endpoint: Endpoint, credentials: Option<Credentials>) -> Verdict {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let mut probe = Probe::new(endpoint, &origin, credentials);
    let mut step = probe.start();
    loop {
        match step {
            Step::Done(verdict) => return verdict,
            Step::Fetch(request) => step = probe.observe(perform(&request).await),
        }
    }
}

async fn perform(request: &ProbeRequest) -> FetchOutcome {
    let options = FetchOptions {
        mode: match request.mode {
            RequestMode::Cors => web_sys::RequestMode::Cors,
            RequestMode::NoCors => web_sys::RequestMode::NoCors,
        },
        method: request.method,
        headers: request
            .authorization
            .iter()
            .map(|a| ("Authorization".to_owned(), a.clone()))
            .chain(request.accept.map(|a| ("Accept".to_owned(), a.to_owned())))
            .collect(),
        timeout_ms: 10_000,
        ..FetchOptions::default()
    };
    match fetch(&request.url, &options).await {
        Ok(response) => {
            let headers = response.headers();
            let body = if request.read_body {
                crate::fetch::response_bytes(&response)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            FetchOutcome::Response {
                status: response.status(),
                www_authenticate: headers.get("www-authenticate").ok().flatten(),
                content_type: headers.get("content-type").ok().flatten(),
                content_digest: headers.get("docker-content-digest").ok().flatten(),
                body,
            }
        }
        Err(e) => FetchOutcome::NetworkError(e.to_string()),
    }
}
