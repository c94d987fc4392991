//! The connectivity probe as a state machine without I/O.
//!
//! The caller performs each [`ProbeRequest`] with the browser's `fetch` and feeds back a
//! [`FetchOutcome`] until the probe yields a [`Verdict`]:
//!
//! 1. An `http://` registry from an `https://` page (not loopback) is mixed content: no request.
//! 2. `GET /v2/` in `cors` mode, without custom headers (a simple request: no preflight).
//! 3. If that fails, the same URL in `no-cors` mode: an opaque answer means the server is up
//!    but sends no CORS headers; a failure means nothing answered.
//! 4. If it answered, the same request with an `Authorization` header (the user's credentials,
//!    or empty Basic ones), which forces a CORS preflight: pulls with credentials, tags and
//!    deletes all need one.
//! 5. On an open registry, one repository from `_catalog`, one of its tags, and a `HEAD` of
//!    that manifest: its `Docker-Content-Digest` must be readable (listed in
//!    `Access-Control-Expose-Headers`). Without a catalog or a tag this step is skipped.

use crate::{Credentials, Endpoint, Observation, Verdict};

/// `fetch` mode of a probe request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestMode {
    /// `mode: "cors"`.
    Cors,
    /// `mode: "no-cors"` (opaque response).
    NoCors,
}

/// One request the caller must make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRequest {
    /// `GET` or `HEAD`.
    pub method: &'static str,
    /// Absolute or same-origin URL.
    pub url: String,
    /// Fetch mode.
    pub mode: RequestMode,
    /// `Authorization` header to send, if any.
    pub authorization: Option<String>,
    /// `Accept` header to send, if any.
    pub accept: Option<&'static str>,
    /// Whether the probe needs the body (the catalog and tag list steps).
    pub read_body: bool,
}

/// What came of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// A response (an opaque one has status 0).
    Response {
        /// HTTP status, 0 when opaque.
        status: u16,
        /// `WWW-Authenticate` if readable.
        www_authenticate: Option<String>,
        /// `Content-Type` (always readable): a web page (`text/html`) answering `/v2/` is
        /// not a registry, whatever its status.
        content_type: Option<String>,
        /// `Docker-Content-Digest` if readable.
        content_digest: Option<String>,
        /// The body (read for the catalog and tag list steps; empty otherwise).
        body: Vec<u8>,
    },
    /// `fetch` rejected (network error, CORS failure, timeout).
    NetworkError(String),
}

/// The next thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Make this request and call [`Probe::observe`] with its outcome.
    Fetch(ProbeRequest),
    /// Finished.
    Done(Verdict),
}

#[derive(Debug, Clone)]
enum State {
    Start,
    Plain,
    NoCors {
        error: String,
    },
    Authorized {
        status: u16,
        www_authenticate: Option<String>,
    },
    Catalog(Observation),
    Tags(Observation, String),
    Manifest(Observation),
    Done,
}

/// A probe of one registry from one page.
///
/// ```
/// use berth_registry::{Endpoint, FetchOutcome, Probe, ProbeStatus, Step};
/// let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
/// let mut probe = Probe::new(endpoint, "http://127.0.0.1:8080", None);
/// let Step::Fetch(first) = probe.start() else { panic!() };
/// assert_eq!(first.url, "http://127.0.0.1:5000/v2/");
/// let step = probe.observe(FetchOutcome::NetworkError("Failed to fetch".into()));
/// let Step::Fetch(second) = step else { panic!() };
/// let Step::Done(verdict) = probe.observe(FetchOutcome::NetworkError("Failed to fetch".into())) else { panic!() };
/// assert_eq!(verdict.status, ProbeStatus::Refused);
/// ```
#[derive(Debug, Clone)]
pub struct Probe {
    endpoint: Endpoint,
    page_origin: String,
    credentials: Option<Credentials>,
    state: State,
}

impl Probe {
    /// A probe of `endpoint` from a page whose origin is `page_origin` (`location.origin`).
    pub fn new(endpoint: Endpoint, page_origin: &str, credentials: Option<Credentials>) -> Probe {
        Probe {
            endpoint,
            page_origin: page_origin.to_owned(),
            credentials,
            state: State::Start,
        }
    }

    /// The first step.
    pub fn start(&mut self) -> Step {
        let page_https = self.page_origin.starts_with("https://");
        if page_https && self.endpoint.scheme() == Some("http") && !self.endpoint.is_loopback() {
            return self.finish(&Observation::MixedContent);
        }
        self.state = State::Plain;
        Step::Fetch(self.request(RequestMode::Cors, None))
    }

    /// Feeds the outcome of the last request; returns the next step.
    pub fn observe(&mut self, outcome: FetchOutcome) -> Step {
        match (std::mem::replace(&mut self.state, State::Done), outcome) {
            (State::Plain, FetchOutcome::NetworkError(error)) => {
                self.state = State::NoCors { error };
                Step::Fetch(self.request(RequestMode::NoCors, None))
            }
            (
                State::Plain,
                FetchOutcome::Response {
                    status,
                    www_authenticate,
                    content_type,
                    ..
                },
            ) => {
                let html = content_type
                    .as_deref()
                    .is_some_and(|t| t.trim_start().starts_with("text/html"));
                if html {
                    return self.finish(&self.answered(status.max(1), None, None).into_web_page());
                }
                if status != 200 && status != 401 {
                    return self.finish(&self.answered(status, www_authenticate, None));
                }
                self.state = State::Authorized {
                    status,
                    www_authenticate,
                };
                let authorization = match &self.credentials {
                    Some(c) => c.basic_authorization(),
                    None => "Basic Og==".to_owned(), // empty user and password
                };
                Step::Fetch(self.request(RequestMode::Cors, Some(authorization)))
            }
            (State::NoCors { .. }, FetchOutcome::Response { .. }) => {
                self.finish(&Observation::CorsBlocked)
            }
            (State::NoCors { error }, FetchOutcome::NetworkError(_)) => {
                self.finish(&Observation::Unreachable { error })
            }
            (
                State::Authorized {
                    status,
                    www_authenticate,
                },
                outcome,
            ) => {
                let second = match outcome {
                    FetchOutcome::Response { status, .. } => Some(status),
                    FetchOutcome::NetworkError(_) => None,
                };
                let observation = self.answered(status, www_authenticate, Some(second));
                if status == 200 && second.is_some() {
                    self.state = State::Catalog(observation);
                    return Step::Fetch(self.get("/v2/_catalog?n=1"));
                }
                self.finish(&observation)
            }
            (State::Catalog(observation), outcome) => {
                let repository = first_of(&outcome, "repositories");
                match repository {
                    Some(repo) => {
                        let step = self.get(&format!("/v2/{repo}/tags/list"));
                        self.state = State::Tags(observation, repo);
                        Step::Fetch(step)
                    }
                    None => self.finish(&observation),
                }
            }
            (State::Tags(observation, repo), outcome) => match first_of(&outcome, "tags") {
                Some(tag) => {
                    let mut step = self.get(&format!("/v2/{repo}/manifests/{tag}"));
                    step.method = "HEAD";
                    step.accept = Some(berth_oci::MANIFEST_ACCEPT);
                    step.read_body = false;
                    self.state = State::Manifest(observation);
                    Step::Fetch(step)
                }
                None => self.finish(&observation),
            },
            (State::Manifest(observation), outcome) => match outcome {
                FetchOutcome::Response {
                    status: 200,
                    content_digest: None,
                    ..
                } => self.finish(&Observation::DigestHidden),
                _ => self.finish(&observation),
            },
            (State::Start | State::Done, _) => {
                panic!("Probe::observe called before start() or after Done")
            }
        }
    }

    fn answered(
        &self,
        status: u16,
        www_authenticate: Option<String>,
        with_authorization: Option<Option<u16>>,
    ) -> Observation {
        Observation::Answered {
            status,
            www_authenticate,
            with_authorization,
            credentials_given: self.credentials.is_some(),
        }
    }

    fn request(&self, mode: RequestMode, authorization: Option<String>) -> ProbeRequest {
        ProbeRequest {
            method: "GET",
            url: self.endpoint.v2_url(),
            mode,
            authorization,
            accept: None,
            read_body: false,
        }
    }

    /// A plain `GET` of the JSON at `path` under the registry (CORS-simple).
    fn get(&self, path: &str) -> ProbeRequest {
        ProbeRequest {
            method: "GET",
            url: self.endpoint.url(path),
            mode: RequestMode::Cors,
            authorization: None,
            accept: None,
            read_body: true,
        }
    }

    fn finish(&mut self, observation: &Observation) -> Step {
        self.state = State::Done;
        Step::Done(Verdict::of(observation, &self.endpoint, &self.page_origin))
    }
}

/// The first string of a JSON array field (`repositories`, `tags`) of a 200 answer.
fn first_of(outcome: &FetchOutcome, field: &str) -> Option<String> {
    let FetchOutcome::Response {
        status: 200, body, ..
    } = outcome
    else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value[field]
        .as_array()?
        .first()?
        .as_str()
        .map(str::to_owned)
}
