use berth_registry::{
    Challenge, Credentials, Endpoint, Error, Token, TokenCacheKey, TokenRequest, TokenResponse,
};

const HUB: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#;

fn creds(username: &str, password: &str) -> Credentials {
    Credentials {
        username: username.into(),
        password: password.into(),
    }
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

#[test]
fn builds_token_requests() {
    struct Case {
        name: &'static str,
        header: &'static str,
        scopes: &'static [&'static str],
        credentials: Option<Credentials>,
        url: &'static str,
        scopes_out: &'static [&'static str],
        basic: Option<&'static str>,
    }
    let cases = [
        Case {
            name: "Docker Hub, anonymous, scope from the challenge",
            header: HUB,
            scopes: &[],
            credentials: None,
            url: "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull",
            scopes_out: &["repository:library/ubuntu:pull"],
            basic: None,
        },
        Case {
            name: "requested scopes follow the challenge's, deduplicated in order",
            header: HUB,
            scopes: &[
                "repository:library/ubuntu:pull",
                "repository:library/debian:pull,push",
                "repository:library/debian:pull,push",
            ],
            credentials: None,
            url: "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull&scope=repository%3Alibrary%2Fdebian%3Apull%2Cpush",
            scopes_out: &[
                "repository:library/ubuntu:pull",
                "repository:library/debian:pull,push",
            ],
            basic: None,
        },
        Case {
            name: "credentials add account and Basic auth",
            header: HUB,
            scopes: &[],
            credentials: Some(creds("alice", "s3cret")),
            url: "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull&account=alice",
            scopes_out: &["repository:library/ubuntu:pull"],
            basic: Some("Basic YWxpY2U6czNjcmV0"),
        },
        Case {
            name: "account is percent-encoded",
            header: r#"Bearer realm="https://ghcr.io/token",service="ghcr.io""#,
            scopes: &["repository:me/app:pull"],
            credentials: Some(creds("a b@c.d", "p")),
            url: "https://ghcr.io/token?service=ghcr.io&scope=repository%3Ame%2Fapp%3Apull&account=a%20b%40c.d",
            scopes_out: &["repository:me/app:pull"],
            basic: Some("Basic YSBiQGMuZDpw"),
        },
        Case {
            name: "empty password: anonymous, like Docker",
            header: HUB,
            scopes: &[],
            credentials: Some(creds("alice", "")),
            url: "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull",
            scopes_out: &["repository:library/ubuntu:pull"],
            basic: None,
        },
        Case {
            name: "no service, no scope: the bare realm",
            header: r#"Bearer realm="https://r.example/auth""#,
            scopes: &[],
            credentials: None,
            url: "https://r.example/auth",
            scopes_out: &[],
            basic: None,
        },
        Case {
            name: "realm with its own query, several challenge scopes",
            header: r#"Bearer realm="https://r.example/auth?x=1#frag",service="r s",scope="repository:a:pull registry:catalog:*""#,
            scopes: &["registry:catalog:*"],
            credentials: None,
            url: "https://r.example/auth?x=1&service=r%20s&scope=repository%3Aa%3Apull&scope=registry%3Acatalog%3A%2A",
            scopes_out: &["repository:a:pull", "registry:catalog:*"],
            basic: None,
        },
        Case {
            name: "a same-origin realm",
            header: r#"Bearer realm="/auth/token",service="local""#,
            scopes: &[],
            credentials: None,
            url: "/auth/token?service=local",
            scopes_out: &[],
            basic: None,
        },
    ];
    for c in cases {
        let challenge = Challenge::parse(c.header).unwrap();
        let req = TokenRequest::new(&challenge, &strings(c.scopes), c.credentials.as_ref())
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(req.url, c.url, "{}", c.name);
        assert_eq!(req.scopes, c.scopes_out, "{}", c.name);
        assert_eq!(req.authorization.as_deref(), c.basic, "{}", c.name);
    }
}

#[test]
fn token_request_errors() {
    let cases = [
        (
            r#"Basic realm="Registry Realm""#,
            Error::NotBearer("Basic".into()),
            "token authentication needs a Bearer challenge, not Basic",
        ),
        (
            r#"Bearer service="registry.docker.io""#,
            Error::MissingRealm,
            "no realm specified for token auth challenge",
        ),
        (
            r#"Bearer realm="  ""#,
            Error::MissingRealm,
            "no realm specified for token auth challenge",
        ),
        (
            r#"Bearer realm="ftp://auth.example/token""#,
            Error::InvalidRealm("ftp://auth.example/token".into()),
            r#"invalid token realm "ftp://auth.example/token": it must be an http or https URL"#,
        ),
        (
            r#"Bearer realm="token""#,
            Error::InvalidRealm("token".into()),
            r#"invalid token realm "token": it must be an http or https URL"#,
        ),
        (
            r#"Bearer realm="https:///token""#,
            Error::InvalidRealm("https:///token".into()),
            r#"invalid token realm "https:///token": it must be an http or https URL"#,
        ),
        (
            r#"Bearer realm="//auth.example/token""#,
            Error::InvalidRealm("//auth.example/token".into()),
            r#"invalid token realm "//auth.example/token": it must be an http or https URL"#,
        ),
    ];
    for (header, error, text) in cases {
        let challenge = Challenge::parse(header).unwrap();
        let got = TokenRequest::new(&challenge, &[], None).unwrap_err();
        assert_eq!(got, error, "{header}");
        assert_eq!(got.to_string(), text, "{header}");
    }
}

#[test]
fn token_requests_go_through_a_same_origin_proxy() {
    let challenge = Challenge::parse(HUB).unwrap();
    let req = TokenRequest::new(&challenge, &[], None).unwrap();
    let proxied = req
        .clone()
        .through(&Endpoint::parse("/proxy/docker.io").unwrap());
    assert_eq!(
        proxied.url,
        "/proxy/auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull"
    );
    // The realm itself, and so the cache key, stays the one the challenge named.
    assert_eq!(proxied.realm, "https://auth.docker.io/token");
    assert_eq!(proxied.cache_key(), req.cache_key());
    let direct = req
        .clone()
        .through(&Endpoint::parse("registry-1.docker.io").unwrap());
    assert_eq!(direct, req);
}

#[test]
fn cache_key_ignores_scope_order() {
    let a = Challenge::parse(
        r#"Bearer realm="https://t",service="s",scope="repository:a:pull repository:b:pull""#,
    )
    .unwrap();
    let b = Challenge::parse(
        r#"Bearer realm="https://t",service="s",scope="repository:b:pull repository:a:pull""#,
    )
    .unwrap();
    let ka = TokenRequest::new(&a, &[], None).unwrap().cache_key();
    let kb = TokenRequest::new(&b, &[], None).unwrap().cache_key();
    assert_eq!(ka, kb);
    assert_eq!(
        ka,
        TokenCacheKey::new(
            "https://t",
            Some("s"),
            &strings(&["repository:b:pull", "repository:a:pull"])
        )
    );
    assert_eq!(ka.scopes(), ["repository:a:pull", "repository:b:pull"]);
}

const NOW: f64 = 1_700_000_000_000.0; // 2023-11-14T22:13:20Z

#[test]
fn parses_token_responses() {
    let cases: [(&str, &str, f64); 12] = [
        (
            "minimal: 60 s from now",
            r#"{"token":"t1"}"#,
            NOW + 60_000.0,
        ),
        (
            "Docker Hub's shape",
            r#"{"token":"t1","access_token":"t1","expires_in":300,"issued_at":"2023-11-14T22:13:20.5Z"}"#,
            NOW + 500.0 + 300_000.0,
        ),
        (
            "access_token alone",
            r#"{"access_token":"t1","expires_in":120}"#,
            NOW + 120_000.0,
        ),
        (
            "token wins over access_token",
            r#"{"token":"t1","access_token":"other"}"#,
            NOW + 60_000.0,
        ),
        (
            "empty token falls back to access_token",
            r#"{"token":"","access_token":"t1"}"#,
            NOW + 60_000.0,
        ),
        (
            "expires_in under 60 counts as 60",
            r#"{"token":"t1","expires_in":10}"#,
            NOW + 60_000.0,
        ),
        (
            "negative expires_in counts as 60",
            r#"{"token":"t1","expires_in":-5}"#,
            NOW + 60_000.0,
        ),
        (
            "expires_in as a string",
            r#"{"token":"t1","expires_in":"3600"}"#,
            NOW + 3_600_000.0,
        ),
        (
            "expires_in of the wrong type counts as absent",
            r#"{"token":"t1","expires_in":true}"#,
            NOW + 60_000.0,
        ),
        (
            "issued_at with an offset, in the past",
            r#"{"token":"t1","expires_in":300,"issued_at":"2023-11-15T00:08:20+02:00"}"#,
            NOW - 300_000.0 + 300_000.0,
        ),
        (
            "unreadable issued_at: from now",
            r#"{"token":"t1","expires_in":300,"issued_at":"Tue, 14 Nov 2023 22:13:20 GMT"}"#,
            NOW + 300_000.0,
        ),
        (
            "issued_at null: from now",
            r#"{"token":"t1","expires_in":300,"issued_at":null}"#,
            NOW + 300_000.0,
        ),
    ];
    for (name, body, expires_at_ms) in cases {
        let token =
            TokenResponse::parse(body.as_bytes(), NOW).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(token.value, "t1", "{name}");
        assert_eq!(token.expires_at_ms, expires_at_ms, "{name}");
        assert_eq!(token.authorization(), "Bearer t1", "{name}");
    }
}

#[test]
fn token_response_errors() {
    let cases = [
        (
            "",
            Error::InvalidTokenResponse("not JSON (line 1, column 0)".into()),
            "invalid token response: not JSON (line 1, column 0)",
        ),
        (
            r#"{"token":"SECRET-abc""#,
            Error::InvalidTokenResponse("not JSON (line 1, column 21)".into()),
            "invalid token response: not JSON (line 1, column 21)",
        ),
        (
            "<html>502</html>",
            Error::InvalidTokenResponse("not JSON (line 1, column 1)".into()),
            "invalid token response: not JSON (line 1, column 1)",
        ),
        (
            r#"["SECRET-abc"]"#,
            Error::InvalidTokenResponse("expected a JSON object".into()),
            "invalid token response: expected a JSON object",
        ),
        (
            "{}",
            Error::NoToken,
            "authorization server did not include a token in the response",
        ),
        (
            r#"{"token":"","access_token":""}"#,
            Error::NoToken,
            "authorization server did not include a token in the response",
        ),
        (
            r#"{"token":12345}"#,
            Error::NoToken,
            "authorization server did not include a token in the response",
        ),
        (
            r#"{"details":"incorrect username or password"}"#,
            Error::NoToken,
            "authorization server did not include a token in the response",
        ),
    ];
    for (body, error, text) in cases {
        let got = TokenResponse::parse(body.as_bytes(), NOW).unwrap_err();
        assert_eq!(got, error, "{body}");
        assert_eq!(got.to_string(), text, "{body}");
        assert!(!got.to_string().contains("SECRET"), "{body}");
    }
}

#[test]
fn token_and_request_debug_are_redacted() {
    let token = Token {
        value: "SECRET-token".into(),
        expires_at_ms: 1.0,
    };
    let debug = format!("{token:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert_eq!(
        debug,
        r#"Token { value: "<redacted>", expires_at_ms: 1.0 }"#
    );

    let challenge = Challenge::parse(HUB).unwrap();
    let req = TokenRequest::new(&challenge, &[], Some(&creds("alice", "SECRET-pw"))).unwrap();
    let debug = format!("{req:?}");
    let basic = req.authorization.clone().unwrap();
    assert!(!debug.contains(&basic), "{debug}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(
        debug.contains(r#"authorization: Some("<redacted>")"#),
        "{debug}"
    );
    assert!(debug.contains("alice"), "{debug}");
}
