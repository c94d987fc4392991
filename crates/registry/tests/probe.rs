use berth_registry::{
    Credentials, Endpoint, FetchOutcome, Probe, ProbeStatus, RequestMode, Step, Verdict,
};

fn ok(status: u16, www: Option<&str>) -> FetchOutcome {
    FetchOutcome::Response {
        status,
        www_authenticate: www.map(str::to_owned),
        content_type: Some("application/json; charset=utf-8".into()),
        content_digest: None,
        body: Vec::new(),
    }
}

fn json(body: &str) -> FetchOutcome {
    FetchOutcome::Response {
        status: 200,
        www_authenticate: None,
        content_type: Some("application/json; charset=utf-8".into()),
        content_digest: None,
        body: body.as_bytes().to_vec(),
    }
}

fn head(digest: Option<&str>) -> FetchOutcome {
    FetchOutcome::Response {
        status: 200,
        www_authenticate: None,
        content_type: Some("application/vnd.oci.image.manifest.v1+json".into()),
        content_digest: digest.map(str::to_owned),
        body: Vec::new(),
    }
}

fn err() -> FetchOutcome {
    FetchOutcome::NetworkError("TypeError: Failed to fetch".into())
}

/// Runs a probe, checks the requests it asks for, and returns the verdict.
fn run(
    endpoint: &str,
    origin: &str,
    credentials: Option<Credentials>,
    script: Vec<((RequestMode, bool), FetchOutcome)>,
) -> Verdict {
    let endpoint = Endpoint::parse(endpoint).unwrap();
    let v2 = endpoint.v2_url();
    let mut probe = Probe::new(endpoint, origin, credentials);
    let mut step = probe.start();
    for (n, ((mode, with_auth), outcome)) in script.into_iter().enumerate() {
        let Step::Fetch(req) = step else {
            panic!("probe finished early: {step:?}")
        };
        // The first requests are /v2/; the digest check's go below it.
        if n < 2 {
            assert_eq!(req.url, v2);
        } else {
            assert!(req.url.starts_with(v2.trim_end_matches('/')), "{}", req.url);
        }
        assert_eq!(req.mode, mode);
        // Only the catalog and tag list are read; only the manifest HEAD names its types.
        assert_eq!(req.read_body, n >= 2 && req.method == "GET", "{}", req.url);
        assert_eq!(req.accept.is_some(), req.method == "HEAD", "{}", req.url);
        assert_eq!(req.authorization.is_some(), with_auth, "{req:?}");
        step = probe.observe(outcome);
    }
    match step {
        Step::Done(v) => v,
        Step::Fetch(req) => panic!("probe wants more: {req:?}"),
    }
}

const CORS: (RequestMode, bool) = (RequestMode::Cors, false);
const NO_CORS: (RequestMode, bool) = (RequestMode::NoCors, false);
const AUTH: (RequestMode, bool) = (RequestMode::Cors, true);
const PAGE: &str = "http://127.0.0.1:8080";
const BASIC: &str = r#"Basic realm="Registry Realm""#;
const BEARER: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#;

fn creds() -> Option<Credentials> {
    Some(Credentials {
        username: "alice".into(),
        password: "s3cret".into(),
    })
}

#[test]
fn classifies_every_outcome() {
    struct Case {
        name: &'static str,
        endpoint: &'static str,
        origin: &'static str,
        credentials: Option<Credentials>,
        script: Vec<((RequestMode, bool), FetchOutcome)>,
        status: ProbeStatus,
        summary_has: &'static str,
        fix_has: &'static str,
    }
    let cases = [
        Case {
            name: "open registry with CORS and an empty catalog",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![
                (CORS, ok(200, None)),
                (AUTH, ok(200, None)),
                (CORS, json(r#"{"repositories":[]}"#)),
            ],
            status: ProbeStatus::Reachable,
            summary_has: "reachable: http://127.0.0.1:5000/v2/ answered 200",
            fix_has: "",
        },
        Case {
            name: "open registry that exposes Docker-Content-Digest",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![
                (CORS, ok(200, None)),
                (AUTH, ok(200, None)),
                (CORS, json(r#"{"repositories":["berth/hello","x"]}"#)),
                (CORS, json(r#"{"name":"berth/hello","tags":["1.0"]}"#)),
                (CORS, head(Some("sha256:abc"))),
            ],
            status: ProbeStatus::Reachable,
            summary_has: "reachable",
            fix_has: "",
        },
        Case {
            name: "open registry that hides Docker-Content-Digest",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![
                (CORS, ok(200, None)),
                (AUTH, ok(200, None)),
                (CORS, json(r#"{"repositories":["berth/hello"]}"#)),
                (CORS, json(r#"{"name":"berth/hello","tags":["1.0"]}"#)),
                (CORS, head(None)),
            ],
            status: ProbeStatus::HeadersNotExposed,
            summary_has: "a manifest's Docker-Content-Digest header is not readable",
            fix_has: "Access-Control-Expose-Headers: ['Docker-Content-Digest'",
        },
        Case {
            name: "open registry with a repository but no tag",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![
                (CORS, ok(200, None)),
                (AUTH, ok(200, None)),
                (CORS, json(r#"{"repositories":["empty"]}"#)),
                (CORS, json(r#"{"name":"empty","tags":null}"#)),
            ],
            status: ProbeStatus::Reachable,
            summary_has: "reachable",
            fix_has: "",
        },
        Case {
            name: "open registry whose Allow-Headers lacks Authorization",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(200, None)), (AUTH, err())],
            status: ProbeStatus::Reachable,
            summary_has: "only anonymous reads work",
            fix_has: "Access-Control-Allow-Headers: ['Authorization'",
        },
        Case {
            name: "nothing listening",
            endpoint: "127.0.0.1:5999",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, err()), (NO_CORS, err())],
            status: ProbeStatus::Refused,
            summary_has: "connection refused: nothing answered http://127.0.0.1:5999/v2/ (TypeError: Failed to fetch)",
            fix_has: "running",
        },
        Case {
            name: "registry without CORS headers",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, err()), (NO_CORS, ok(0, None))],
            status: ProbeStatus::CorsBlocked,
            summary_has: "without Access-Control-Allow-Origin for http://127.0.0.1:8080",
            fix_has: "Access-Control-Allow-Origin: ['http://127.0.0.1:8080']",
        },
        Case {
            name: "htpasswd registry without credentials, preflight answered 401",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(401, Some(BASIC))), (AUTH, err())],
            status: ProbeStatus::PreflightFailed,
            summary_has: "needs auth (Basic auth, realm \"Registry Realm\"), but the CORS preflight",
            fix_has: "if ($request_method = OPTIONS)",
        },
        Case {
            name: "htpasswd registry behind a preflight-answering front, no credentials",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(401, Some(BASIC))), (AUTH, ok(401, Some(BASIC)))],
            status: ProbeStatus::AuthRequired,
            summary_has: "needs auth: Basic auth, realm \"Registry Realm\"",
            fix_has: "Enter a user and password",
        },
        Case {
            name: "htpasswd registry behind a front, good credentials",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: creds(),
            script: vec![(CORS, ok(401, Some(BASIC))), (AUTH, ok(200, None))],
            status: ProbeStatus::Reachable,
            summary_has: "signed in with the given credentials",
            fix_has: "",
        },
        Case {
            name: "htpasswd registry behind a front, wrong credentials",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: creds(),
            script: vec![(CORS, ok(401, Some(BASIC))), (AUTH, ok(401, Some(BASIC)))],
            status: ProbeStatus::AuthRequired,
            summary_has: "the credentials given were rejected (401)",
            fix_has: "Check the user name and password.",
        },
        Case {
            name: "token registry",
            endpoint: "/proxy/docker.io",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(401, Some(BEARER))), (AUTH, ok(401, Some(BEARER)))],
            status: ProbeStatus::AuthRequired,
            summary_has: "needs auth: Bearer token from realm https://auth.docker.io/token (service registry.docker.io)",
            fix_has: "",
        },
        Case {
            name: "401 whose WWW-Authenticate is not exposed",
            endpoint: "127.0.0.1:5000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(401, None)), (AUTH, ok(401, None))],
            status: ProbeStatus::HeadersNotExposed,
            summary_has: "WWW-Authenticate header is not readable",
            fix_has: "Access-Control-Expose-Headers: ['Docker-Content-Digest'",
        },
        Case {
            name: "a web server that is not a registry",
            endpoint: "127.0.0.1:8000",
            origin: PAGE,
            credentials: None,
            script: vec![(CORS, ok(404, None))],
            status: ProbeStatus::NotRegistry,
            summary_has: "answered HTTP 404: not a registry API",
            fix_has: "base URL",
        },
        Case {
            name: "a static web server answering every path with its page",
            endpoint: "/proxy/docker.io",
            origin: PAGE,
            credentials: None,
            script: vec![(
                CORS,
                FetchOutcome::Response {
                    status: 200,
                    www_authenticate: None,
                    content_type: Some("text/html; charset=utf-8".into()),
                    content_digest: None,
                    body: b"<!doctype html>".to_vec(),
                },
            )],
            status: ProbeStatus::NotRegistry,
            summary_has: "answered with a web page (text/html): not a registry API",
            fix_has: "make serve",
        },
        Case {
            name: "http registry from an https page",
            endpoint: "http://10.0.0.5:5000",
            origin: "https://berth.example",
            credentials: None,
            script: vec![],
            status: ProbeStatus::MixedContent,
            summary_has: "http://10.0.0.5:5000/v2/ is plain http and this page is https",
            fix_has: "https",
        },
        Case {
            name: "loopback http from an https page is allowed by browsers",
            endpoint: "http://127.0.0.1:5000",
            origin: "https://berth.example",
            credentials: None,
            script: vec![
                (CORS, ok(200, None)),
                (AUTH, ok(200, None)),
                (CORS, ok(401, None)),
            ],
            status: ProbeStatus::Reachable,
            summary_has: "reachable",
            fix_has: "",
        },
    ];
    for c in cases {
        let v = run(c.endpoint, c.origin, c.credentials, c.script);
        assert_eq!(v.status, c.status, "{}: {v:?}", c.name);
        assert!(
            v.summary.contains(c.summary_has),
            "{}: {}",
            c.name,
            v.summary
        );
        if c.fix_has.is_empty() && c.status == ProbeStatus::Reachable {
            assert_eq!(v.fix, "", "{}", c.name);
        } else {
            assert!(v.fix.contains(c.fix_has), "{}: {}", c.name, v.fix);
        }
    }
}

#[test]
fn status_names_match_the_ui_contract() {
    let names: Vec<_> = [
        ProbeStatus::Reachable,
        ProbeStatus::AuthRequired,
        ProbeStatus::CorsBlocked,
        ProbeStatus::PreflightFailed,
        ProbeStatus::HeadersNotExposed,
        ProbeStatus::MixedContent,
        ProbeStatus::Refused,
        ProbeStatus::Checking,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    assert_eq!(
        names.join(" | "),
        "reachable | auth-required | cors-blocked | preflight-failed | headers-not-exposed | mixed-content | refused | checking"
    );
}

#[test]
fn credentials_go_out_as_basic_and_never_into_texts() {
    let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
    let mut probe = Probe::new(endpoint, PAGE, creds());
    probe.start();
    let Step::Fetch(req) = probe.observe(ok(401, Some(BASIC))) else {
        panic!()
    };
    assert_eq!(req.authorization.as_deref(), Some("Basic YWxpY2U6czNjcmV0"));
    let Step::Done(v) = probe.observe(ok(401, Some(BASIC))) else {
        panic!()
    };
    assert!(!v.summary.contains("s3cret") && !v.fix.contains("s3cret"));
    assert!(!format!("{probe:?}").contains("s3cret"));
}
