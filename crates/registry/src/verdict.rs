//! What a connectivity probe concluded, in words a user can act on.

use std::fmt;

use crate::{Challenge, Endpoint, Scheme};

/// The probe's classification; [`ProbeStatus::as_str`] gives the `data-status` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProbeStatus {
    /// The probe has not finished.
    Checking,
    /// `GET /v2/` answered 200 with CORS headers.
    Reachable,
    /// `GET /v2/` answered 401 with a readable challenge.
    AuthRequired,
    /// The server answered, but without `Access-Control-Allow-Origin` for this page.
    CorsBlocked,
    /// Simple requests pass, but the preflight for requests with `Authorization` fails.
    PreflightFailed,
    /// CORS passes, but `WWW-Authenticate` (and friends) are not in `Access-Control-Expose-Headers`.
    HeadersNotExposed,
    /// An `http://` registry from an `https://` page.
    MixedContent,
    /// Nothing answered: connection refused, DNS failure, TLS failure or timeout.
    Refused,
    /// Something answered `/v2/` with a status a registry never sends there.
    NotRegistry,
}

impl ProbeStatus {
    /// The machine-readable name used in `data-status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeStatus::Checking => "checking",
            ProbeStatus::Reachable => "reachable",
            ProbeStatus::AuthRequired => "auth-required",
            ProbeStatus::CorsBlocked => "cors-blocked",
            ProbeStatus::PreflightFailed => "preflight-failed",
            ProbeStatus::HeadersNotExposed => "headers-not-exposed",
            ProbeStatus::MixedContent => "mixed-content",
            ProbeStatus::Refused => "refused",
            ProbeStatus::NotRegistry => "not-registry",
        }
    }

    /// A short label for the status badge.
    pub fn label(self) -> &'static str {
        match self {
            ProbeStatus::Checking => "checking…",
            ProbeStatus::Reachable => "reachable",
            ProbeStatus::AuthRequired => "needs auth",
            ProbeStatus::CorsBlocked => "blocked by CORS",
            ProbeStatus::PreflightFailed => "preflight fails",
            ProbeStatus::HeadersNotExposed => "headers not exposed",
            ProbeStatus::MixedContent => "mixed content",
            ProbeStatus::Refused => "connection refused",
            ProbeStatus::NotRegistry => "not a registry",
        }
    }
}

impl fmt::Display for ProbeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the probe saw, step by step; the input of [`Verdict::of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    /// The page is `https://` and the registry `http://` on a non-loopback host: not tried.
    MixedContent,
    /// The CORS request failed and a `no-cors` request to the same URL failed too.
    Unreachable {
        /// The browser's error text.
        error: String,
    },
    /// The CORS request failed but a `no-cors` request got an (opaque) answer.
    CorsBlocked,
    /// An open registry answers, but a manifest's `Docker-Content-Digest` is not readable.
    DigestHidden,
    /// `GET /v2/` answered `status`.
    Answered {
        /// HTTP status of the plain `GET /v2/`.
        status: u16,
        /// `WWW-Authenticate` as JavaScript could read it (`None` if absent or not exposed).
        www_authenticate: Option<String>,
        /// Result of the same request sent with an `Authorization` header, which forces a
        /// preflight: `None` if not tried, `Some(None)` if the preflight failed,
        /// `Some(Some(status))` otherwise.
        with_authorization: Option<Option<u16>>,
        /// Whether the user gave credentials for that second request.
        credentials_given: bool,
    },
}

impl Observation {
    /// This answer came as a web page: classify it as "not a registry" (status 0 stands for
    /// "a page", whatever the server's status was).
    pub(crate) fn into_web_page(self) -> Observation {
        match self {
            Observation::Answered {
                credentials_given, ..
            } => Observation::Answered {
                status: 0,
                www_authenticate: None,
                with_authorization: None,
                credentials_given,
            },
            other => other,
        }
    }
}

/// The classification and the texts shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The status.
    pub status: ProbeStatus,
    /// One line: what happened.
    pub summary: String,
    /// How to fix it (may hold configuration snippets); empty when nothing needs fixing.
    pub fix: String,
}

impl Verdict {
    /// The verdict while the probe runs.
    pub fn checking() -> Verdict {
        Verdict {
            status: ProbeStatus::Checking,
            summary: "probing GET /v2/ …".into(),
            fix: String::new(),
        }
    }

    /// Classifies an observation of `endpoint` made from a page at `page_origin`.
    pub fn of(observation: &Observation, endpoint: &Endpoint, page_origin: &str) -> Verdict {
        let v2 = endpoint.v2_url();
        match observation {
            Observation::MixedContent => Verdict {
                status: ProbeStatus::MixedContent,
                summary: format!(
                    "{v2} is plain http and this page is https: the browser blocks mixed content"
                ),
                fix: format!(
                    "Serve the registry over https (a TLS front such as nginx with a certificate), \
                     or open berth over http on this machine ({}), or reach the registry through \
                     a same-origin proxy path.",
                    "http://127.0.0.1:8080"
                ),
            },
            Observation::Unreachable { error } => Verdict {
                status: ProbeStatus::Refused,
                summary: format!("connection refused: nothing answered {v2} ({error})"),
                fix: "Check that the registry is running and listening on this address and port \
                      (`docker-registry serve config.yml`, `http.addr`), that the host name \
                      resolves, and for https that its certificate is trusted by this browser."
                    .into(),
            },
            Observation::CorsBlocked => Verdict {
                status: ProbeStatus::CorsBlocked,
                summary: format!(
                    "blocked by CORS: {v2} answered without Access-Control-Allow-Origin for {page_origin}"
                ),
                fix: cors_fix(page_origin),
            },
            Observation::DigestHidden => Verdict {
                status: ProbeStatus::HeadersNotExposed,
                summary: format!(
                    "{v2} answers, but a manifest's Docker-Content-Digest header is not readable from this page"
                ),
                fix: expose_fix(),
            },
            Observation::Answered {
                status,
                www_authenticate,
                with_authorization,
                credentials_given,
            } => answered(
                *status,
                www_authenticate.as_deref(),
                *with_authorization,
                *credentials_given,
                &v2,
                page_origin,
            ),
        }
    }
}

fn answered(
    status: u16,
    www_authenticate: Option<&str>,
    with_authorization: Option<Option<u16>>,
    credentials_given: bool,
    v2: &str,
    page_origin: &str,
) -> Verdict {
    let preflight_failed = with_authorization == Some(None);
    match status {
        200 => {
            let mut verdict = Verdict {
                status: ProbeStatus::Reachable,
                summary: format!("reachable: {v2} answered 200 (registry API v2)"),
                fix: String::new(),
            };
            if preflight_failed {
                verdict.summary.push_str(
                    "; requests carrying Authorization fail their CORS preflight, so only anonymous reads work",
                );
                verdict.fix = preflight_fix(page_origin);
            } else if credentials_given && with_authorization == Some(Some(401)) {
                verdict
                    .summary
                    .push_str("; the credentials given were rejected (401)");
            }
            verdict
        }
        401 => {
            let Some(header) = www_authenticate else {
                return Verdict {
                    status: ProbeStatus::HeadersNotExposed,
                    summary: format!(
                        "{v2} answered 401 but its WWW-Authenticate header is not readable from this page"
                    ),
                    fix: expose_fix(),
                };
            };
            let challenge = Challenge::parse(header).ok();
            let how = match &challenge {
                Some(c) => describe(c),
                None => format!("an unparsable challenge ({header})"),
            };
            if preflight_failed {
                return Verdict {
                    status: ProbeStatus::PreflightFailed,
                    summary: format!(
                        "needs auth ({how}), but the CORS preflight of an authenticated request fails: \
                         the registry answers OPTIONS with 401"
                    ),
                    fix: preflight_fix(page_origin),
                };
            }
            match with_authorization {
                Some(Some(200)) if credentials_given => Verdict {
                    status: ProbeStatus::Reachable,
                    summary: format!("reachable: signed in with the given credentials ({how})"),
                    fix: String::new(),
                },
                Some(Some(code)) if credentials_given => Verdict {
                    status: ProbeStatus::AuthRequired,
                    summary: format!(
                        "needs auth: {how}; the credentials given were rejected ({code})"
                    ),
                    fix: match challenge.map(|c| c.scheme) {
                        Some(Scheme::Bearer) => {
                            "This registry wants a Bearer token from its realm; enter the user and \
                             password (or access token) that the token service accepts."
                                .into()
                        }
                        _ => "Check the user name and password.".into(),
                    },
                },
                _ => Verdict {
                    status: ProbeStatus::AuthRequired,
                    summary: format!("needs auth: {how}"),
                    fix: "Enter a user and password (or an access token as password) for this \
                          registry and probe again."
                        .into(),
                },
            }
        }
        0 => Verdict {
            status: ProbeStatus::NotRegistry,
            summary: format!("{v2} answered with a web page (text/html): not a registry API"),
            fix: "Check the address: it must be the registry's base URL. A same-origin path such \
                  as /proxy/docker.io only works under the dev server (`make serve`), which proxies it."
                .into(),
        },
        other => Verdict {
            status: ProbeStatus::NotRegistry,
            summary: format!(
                "{v2} answered HTTP {other}: not a registry API (a registry answers 200 or 401)"
            ),
            fix: "Check the address: it must be the registry's base URL, without /v2/ or a \
                  repository path."
                .into(),
        },
    }
}

fn describe(c: &Challenge) -> String {
    match (&c.scheme, c.realm(), c.service()) {
        (Scheme::Bearer, Some(realm), Some(service)) => {
            format!("Bearer token from realm {realm} (service {service})")
        }
        (Scheme::Bearer, Some(realm), None) => format!("Bearer token from realm {realm}"),
        (Scheme::Basic, Some(realm), _) => format!("Basic auth, realm \"{realm}\""),
        (scheme, _, _) => format!("{scheme} auth"),
    }
}

/// The CORS headers berth needs, as CNCF distribution's `http.headers` block.
pub(crate) fn distribution_headers(page_origin: &str) -> String {
    format!(
        "http:
  headers:
    Access-Control-Allow-Origin: ['{page_origin}']
    Access-Control-Allow-Methods: ['HEAD', 'GET', 'OPTIONS', 'DELETE', 'PUT', 'POST', 'PATCH']
    Access-Control-Allow-Headers: ['Authorization', 'Accept', 'Cache-Control', 'Content-Type', 'Range']
    Access-Control-Expose-Headers: ['Docker-Content-Digest', 'Link', 'WWW-Authenticate', 'Content-Length', 'Location', 'Content-Range']"
    )
}

/// nginx's answer to the preflight, in a `location /v2/` block.
fn nginx_options(page_origin: &str) -> String {
    format!(
        "    if ($request_method = OPTIONS) {{
        add_header Access-Control-Allow-Origin '{page_origin}' always;
        add_header Access-Control-Allow-Methods 'HEAD, GET, OPTIONS, DELETE, PUT, POST, PATCH' always;
        add_header Access-Control-Allow-Headers 'Authorization, Accept, Cache-Control, Content-Type, Range' always;
        add_header Access-Control-Max-Age 600 always;
        return 204;
    }}"
    )
}

fn nginx_headers(page_origin: &str) -> String {
    format!(
        "location /v2/ {{
{}
    add_header Access-Control-Allow-Origin '{page_origin}' always;
    add_header Access-Control-Expose-Headers 'Docker-Content-Digest, Link, WWW-Authenticate, Content-Length, Location, Content-Range' always;
    proxy_set_header Host $http_host;
    proxy_pass http://127.0.0.1:5000;
}}",
        nginx_options(page_origin)
    )
}

/// nginx answering the preflight only: the registry already sends its CORS headers on every
/// other answer (adding them again would duplicate them, which browsers reject).
fn nginx_preflight(page_origin: &str) -> String {
    format!(
        "location /v2/ {{
{}
    proxy_set_header Host $http_host;
    proxy_pass http://127.0.0.1:5000;
}}",
        nginx_options(page_origin)
    )
}

fn cors_fix(page_origin: &str) -> String {
    format!(
        "The registry must allow this page's origin. For CNCF distribution (docker-registry), add to \
         its config.yml and restart it:\n\n{}\n\nOr put nginx in front of it:\n\n{}\n\nDocker Hub \
         sends no CORS headers at all: use it through the dev server's /proxy/docker.io path.",
        distribution_headers(page_origin),
        nginx_headers(page_origin)
    )
}

fn preflight_fix(page_origin: &str) -> String {
    format!(
        "Requests with credentials are preflighted (OPTIONS). CNCF distribution with auth \
         enabled answers every OPTIONS with 401 and no config changes that (distribution \
         issue 4458). Put a front before it that answers OPTIONS itself, e.g. nginx:\n\n{}\n\n\
         or serve berth from the registry's own origin. On an open registry, make sure \
         Access-Control-Allow-Headers lists Authorization:\n\n{}",
        nginx_preflight(page_origin),
        distribution_headers(page_origin)
    )
}

fn expose_fix() -> String {
    "The registry sends CORS headers but does not expose its own headers to scripts. Add to \
     distribution's http.headers:\n\n    Access-Control-Expose-Headers: ['Docker-Content-Digest', \
     'Link', 'WWW-Authenticate', 'Content-Length', 'Location', 'Content-Range']\n\n(nginx: \
     add_header Access-Control-Expose-Headers '…' always;)"
        .into()
}
