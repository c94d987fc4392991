//! No `Display` or `Debug` of anything this crate returns shows a password or a token.

use berth_registry::{
    AuthStep, Challenge, Credentials, Endpoint, Error, Token, TokenCache, TokenRequest,
    TokenResponse, on_unauthorized,
};

const PASSWORD: &str = "SECRET-pw";
const TOKEN: &str = "SECRET-token";

fn creds() -> Credentials {
    Credentials {
        username: "alice".into(),
        password: PASSWORD.into(),
    }
}

/// Every form in which a secret could show up.
fn secrets() -> Vec<String> {
    vec![
        PASSWORD.into(),
        TOKEN.into(),
        "SECRET".into(),
        creds().basic_authorization(),
        creds().basic_authorization()["Basic ".len()..].to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} shows {secret:?}: {text}");
    }
}

fn assert_error_clean(what: &str, e: &Error) {
    assert_clean(what, &e.to_string());
    assert_clean(what, &format!("{e:?}"));
}

#[test]
fn errors_never_show_secrets() {
    let mut errors: Vec<(String, Error)> = Vec::new();
    let no_token = "authorization server did not include a token in the response";
    for (body, text) in [
        (
            format!(r#"{{"token":"{TOKEN}""#),
            "invalid token response: not JSON (line 1, column 23)",
        ),
        (
            format!(r#"{{"token":"{TOKEN}","expires_in":"#),
            "invalid token response: not JSON (line 1, column 37)",
        ),
        (
            format!(r#"["{TOKEN}"]"#),
            "invalid token response: expected a JSON object",
        ),
        (
            format!(r#""{TOKEN}""#),
            "invalid token response: expected a JSON object",
        ),
        (format!(r#"{{"token":["{TOKEN}"]}}"#), no_token),
        (format!(r#"{{"access_token":{{"v":"{TOKEN}"}}}}"#), no_token),
        (
            format!(r#"{{"token":"{TOKEN}"}} trailing"#),
            "invalid token response: not JSON (line 1, column 26)",
        ),
        (
            format!("{{\"token\":\"{TOKEN}\u{1}\"}}"),
            "invalid token response: not JSON (line 1, column 23)",
        ),
    ] {
        let e = TokenResponse::parse(body.as_bytes(), 0.0).unwrap_err();
        assert_eq!(e.to_string(), text, "{body}");
        errors.push((format!("token response {body}"), e));
    }
    let why = "credentials belong in the user and password fields, not the address";
    for (input, text) in [
        (format!("https://alice:{PASSWORD}@registry.example"), format!(r#"invalid registry address "https://***@registry.example": {why}"#)),
        (format!("alice:{PASSWORD}@127.0.0.1:5000"), format!(r#"invalid registry address "***@127.0.0.1:5000": {why}"#)),
        (format!("ftp://alice:{PASSWORD}@registry.example"), r#"invalid registry address "ftp://***@registry.example": the scheme must be http or https"#.to_owned()),
        (format!("https://{TOKEN}@registry.example/v2/"), format!(r#"invalid registry address "https://***@registry.example/v2/": {why}"#)),
    ] {
        let e = Endpoint::parse(&input).unwrap_err();
        assert_eq!(e.to_string(), text, "{input}");
        errors.push((format!("endpoint {input}"), e));
    }
    let endpoint = Endpoint::parse("registry.example").unwrap();
    for header in [
        None,
        Some(""),
        Some("Negotiate"),
        Some(r#"Bearer service="s""#),
        Some(r#"Bearer realm="token""#),
        Some(r#"Bearer realm="x"#),
    ] {
        let step = on_unauthorized(
            header,
            &[],
            Some(&creds()),
            &TokenCache::new(),
            &endpoint,
            0.0,
        );
        let AuthStep::Fail(e) = step else {
            panic!("{header:?}: {step:?}")
        };
        errors.push((format!("401 with {header:?}"), e));
    }
    let basic = Challenge::parse(r#"Basic realm="r""#).unwrap();
    errors.push((
        "token request for Basic".into(),
        TokenRequest::new(&basic, &[], Some(&creds())).unwrap_err(),
    ));
    assert!(errors.len() >= 19);
    for (what, e) in &errors {
        assert_error_clean(what, e);
    }
}

#[test]
fn debug_never_shows_secrets() {
    let token = TokenResponse::parse(format!(r#"{{"token":"{TOKEN}"}}"#).as_bytes(), 0.0).unwrap();
    assert_eq!(token.authorization(), format!("Bearer {TOKEN}"));
    let hub = Challenge::parse(
        r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#,
    )
    .unwrap();
    let request = TokenRequest::new(&hub, &[], Some(&creds())).unwrap();
    let mut cache = TokenCache::new();
    cache.insert(request.cache_key(), token.clone());
    let endpoint = Endpoint::parse("registry-1.docker.io").unwrap();
    let cached = on_unauthorized(
        Some(r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#),
        &[],
        Some(&creds()),
        &cache,
        &endpoint,
        0.0,
    );
    assert_eq!(
        cached,
        AuthStep::Retry {
            authorization: format!("Bearer {TOKEN}")
        }
    );
    let basic = on_unauthorized(
        Some(r#"Basic realm="r""#),
        &[],
        Some(&creds()),
        &cache,
        &endpoint,
        0.0,
    );
    let fetch = on_unauthorized(
        Some(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",error="invalid_token""#,
        ),
        &[],
        Some(&creds()),
        &cache,
        &endpoint,
        0.0,
    );
    assert!(matches!(fetch, AuthStep::FetchToken(_)));
    let texts = [
        ("token", format!("{token:?}")),
        (
            "token list",
            format!(
                "{:?}",
                vec![Token {
                    value: TOKEN.into(),
                    expires_at_ms: 0.0
                }]
            ),
        ),
        ("request", format!("{request:?}")),
        ("request, pretty", format!("{request:#?}")),
        ("cache", format!("{cache:?}")),
        ("credentials", format!("{:?}", creds())),
        ("retry with a cached token", format!("{cached:?}")),
        ("retry with Basic", format!("{basic:?}")),
        ("fetch", format!("{fetch:?}")),
    ];
    for (what, text) in texts {
        assert_clean(what, &text);
    }
}
