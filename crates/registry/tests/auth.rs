use berth_registry::{
    AuthStep, Challenge, Credentials, Endpoint, Error, Token, TokenCache, TokenRequest,
    catalog_scope, on_unauthorized, repository_scope,
};

const HUB: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#;
const BASIC: &str = r#"Basic realm="Registry Realm""#;
const NOW: f64 = 1_000_000.0;

fn alice() -> Credentials {
    Credentials {
        username: "alice".into(),
        password: "s3cret".into(),
    }
}

fn pull(repo: &str) -> Vec<String> {
    vec![repository_scope(repo, &["pull"])]
}

/// A cache holding a token for Hub's `library/ubuntu` pull scope.
fn warm_cache() -> TokenCache {
    let request = TokenRequest::new(&Challenge::parse(HUB).unwrap(), &[], None).unwrap();
    let mut cache = TokenCache::new();
    cache.insert(
        request.cache_key(),
        Token {
            value: "cached".into(),
            expires_at_ms: NOW + 60_000.0,
        },
    );
    cache
}

fn fetch(url: &str, authorization: Option<&str>) -> AuthStep {
    let challenge = Challenge::parse(HUB).unwrap();
    let mut request = TokenRequest::new(&challenge, &[], None).unwrap();
    request.url = url.into();
    if let Some(a) = authorization {
        request.authorization = Some(a.into());
        request.account = Some("alice".into());
    }
    AuthStep::FetchToken(request)
}

#[test]
fn decides_what_to_do_on_401() {
    struct Case {
        name: &'static str,
        header: Option<&'static str>,
        credentials: Option<Credentials>,
        cache: TokenCache,
        endpoint: &'static str,
        want: AuthStep,
    }
    let hub_url = "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull";
    let cases = [
        Case {
            name: "Basic with credentials: retry with them",
            header: Some(BASIC),
            credentials: Some(alice()),
            cache: TokenCache::new(),
            endpoint: "127.0.0.1:5000",
            want: AuthStep::Retry {
                authorization: "Basic YWxpY2U6czNjcmV0".into(),
            },
        },
        Case {
            name: "Bearer, nothing cached: fetch a token",
            header: Some(HUB),
            credentials: None,
            cache: TokenCache::new(),
            endpoint: "registry-1.docker.io",
            want: fetch(hub_url, None),
        },
        Case {
            name: "Bearer with credentials: fetch with Basic auth and account",
            header: Some(HUB),
            credentials: Some(alice()),
            cache: TokenCache::new(),
            endpoint: "registry-1.docker.io",
            want: fetch(
                &format!("{hub_url}&account=alice"),
                Some("Basic YWxpY2U6czNjcmV0"),
            ),
        },
        Case {
            name: "Bearer through the dev proxy: the realm goes through it too",
            header: Some(HUB),
            credentials: None,
            cache: TokenCache::new(),
            endpoint: "/proxy/docker.io",
            want: fetch(
                "/proxy/auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull",
                None,
            ),
        },
        Case {
            name: "Bearer with a valid cached token: retry with it",
            header: Some(HUB),
            credentials: None,
            cache: warm_cache(),
            endpoint: "registry-1.docker.io",
            want: AuthStep::Retry {
                authorization: "Bearer cached".into(),
            },
        },
        Case {
            name: "Bearer whose challenge says the token was refused: skip the cache",
            header: Some(
                r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull",error="insufficient_scope""#,
            ),
            credentials: None,
            cache: warm_cache(),
            endpoint: "registry-1.docker.io",
            want: fetch(hub_url, None),
        },
        Case {
            name: "first supported challenge wins",
            header: Some(r#"Negotiate, Basic realm="r", Bearer realm="https://t""#),
            credentials: Some(alice()),
            cache: TokenCache::new(),
            endpoint: "127.0.0.1:5000",
            want: AuthStep::Retry {
                authorization: "Basic YWxpY2U6czNjcmV0".into(),
            },
        },
    ];
    for c in cases {
        let endpoint = Endpoint::parse(c.endpoint).unwrap();
        let got = on_unauthorized(
            c.header,
            &[],
            c.credentials.as_ref(),
            &c.cache,
            &endpoint,
            NOW,
        );
        assert_eq!(got, c.want, "{}: {got:?}", c.name);
    }
}

#[test]
fn requested_scopes_join_the_challenge_and_miss_a_narrower_cache() {
    let endpoint = Endpoint::parse("registry-1.docker.io").unwrap();
    let got = on_unauthorized(
        Some(HUB),
        &pull("library/debian"),
        None,
        &warm_cache(),
        &endpoint,
        NOW,
    );
    let AuthStep::FetchToken(request) = got else {
        panic!("{got:?}")
    };
    assert_eq!(
        request.scopes,
        [
            "repository:library/ubuntu:pull",
            "repository:library/debian:pull"
        ]
    );
}

#[test]
fn an_expiring_cached_token_is_not_reused() {
    let endpoint = Endpoint::parse("registry-1.docker.io").unwrap();
    let got = on_unauthorized(
        Some(HUB),
        &[],
        None,
        &warm_cache(),
        &endpoint,
        NOW + 50_000.0,
    );
    assert!(matches!(got, AuthStep::FetchToken(_)), "{got:?}");
}

#[test]
fn failures_say_why() {
    let cases: [(Option<&str>, Option<Credentials>, Error, &str); 8] = [
        (
            None,
            None,
            Error::ChallengeNotReadable,
            "the registry answered 401 without a readable WWW-Authenticate header: it must send one and list it in Access-Control-Expose-Headers",
        ),
        (
            Some("  "),
            Some(alice()),
            Error::ChallengeNotReadable,
            "the registry answered 401 without a readable WWW-Authenticate header: it must send one and list it in Access-Control-Expose-Headers",
        ),
        (
            Some(BASIC),
            None,
            Error::AuthenticationRequired,
            "unauthorized: authentication required",
        ),
        (
            Some("Negotiate"),
            Some(alice()),
            Error::UnsupportedScheme("Negotiate".into()),
            r#"unsupported authentication scheme "Negotiate" (berth speaks Basic and Bearer)"#,
        ),
        (
            Some(r#"Bearer realm="unterminated"#),
            None,
            Error::MalformedChallenge(r#"Bearer realm="unterminated"#.into()),
            r#"malformed WWW-Authenticate header "Bearer realm=\"unterminated""#,
        ),
        (
            Some(r#"Bearer service="registry.docker.io""#),
            None,
            Error::MissingRealm,
            "no realm specified for token auth challenge",
        ),
        (
            Some(r#"Bearer realm="token-service""#),
            Some(alice()),
            Error::InvalidRealm("token-service".into()),
            r#"invalid token realm "token-service": it must be an http or https URL"#,
        ),
        (
            Some(r#"Bearer realm="javascript:alert(1)""#),
            Some(alice()),
            Error::InvalidRealm("javascript:alert(1)".into()),
            r#"invalid token realm "javascript:alert(1)": it must be an http or https URL"#,
        ),
    ];
    let endpoint = Endpoint::parse("registry.example.com").unwrap();
    for (header, credentials, error, text) in cases {
        let got = on_unauthorized(
            header,
            &[],
            credentials.as_ref(),
            &TokenCache::new(),
            &endpoint,
            NOW,
        );
        assert_eq!(got, AuthStep::Fail(error), "{header:?}");
        let AuthStep::Fail(e) = got else {
            unreachable!()
        };
        assert_eq!(e.to_string(), text, "{header:?}");
        assert!(!e.to_string().contains("s3cret"));
    }
}

#[test]
fn scopes() {
    for (repo, actions, want) in [
        (
            "library/ubuntu",
            &["pull"][..],
            "repository:library/ubuntu:pull",
        ),
        (
            "me/app",
            &["pull", "push"][..],
            "repository:me/app:pull,push",
        ),
        ("a/b/c", &["delete"][..], "repository:a/b/c:delete"),
        ("x", &["*"][..], "repository:x:*"),
    ] {
        assert_eq!(repository_scope(repo, actions), want);
    }
    assert_eq!(catalog_scope(), "registry:catalog:*");
}

#[test]
fn debug_of_a_step_shows_no_secret() {
    let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
    let basic = on_unauthorized(
        Some(BASIC),
        &[],
        Some(&alice()),
        &TokenCache::new(),
        &endpoint,
        NOW,
    );
    let bearer = on_unauthorized(
        Some(HUB),
        &[],
        None,
        &warm_cache(),
        &Endpoint::parse("docker.io").unwrap(),
        NOW,
    );
    let fetch = on_unauthorized(
        Some(HUB),
        &[],
        Some(&alice()),
        &TokenCache::new(),
        &endpoint,
        NOW,
    );
    for step in [basic, bearer, fetch] {
        let debug = format!("{step:?}");
        for secret in ["s3cret", "YWxpY2U6czNjcmV0", "cached"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("<redacted>"), "{debug}");
    }
}
