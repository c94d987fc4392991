use berth_registry::{Challenge, Error, Scheme};

struct Case {
    header: &'static str,
    scheme: Scheme,
    realm: Option<&'static str>,
    service: Option<&'static str>,
    scopes: &'static [&'static str],
}

#[test]
fn parses_registry_challenges() {
    let cases = [
        // Docker Hub, anonymous pull of an official image.
        Case {
            header: r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#,
            scheme: Scheme::Bearer,
            realm: Some("https://auth.docker.io/token"),
            service: Some("registry.docker.io"),
            scopes: &["repository:library/ubuntu:pull"],
        },
        // The token spec's example: actions joined by a comma inside the quotes.
        Case {
            header: r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push""#,
            scheme: Scheme::Bearer,
            realm: Some("https://auth.docker.io/token"),
            service: Some("registry.docker.io"),
            scopes: &["repository:samalba/my-app:pull,push"],
        },
        // CNCF distribution with htpasswd auth.
        Case {
            header: r#"Basic realm="Registry Realm""#,
            scheme: Scheme::Basic,
            realm: Some("Registry Realm"),
            service: None,
            scopes: &[],
        },
        // GET /v2/ on a token registry: no scope.
        Case {
            header: r#"Bearer realm="https://ghcr.io/token",service="ghcr.io""#,
            scheme: Scheme::Bearer,
            realm: Some("https://ghcr.io/token"),
            service: Some("ghcr.io"),
            scopes: &[],
        },
        // Repeated scope parameters, spaces around separators, lowercase scheme.
        Case {
            header: r#"bearer realm = "https://r.example/token" , scope="repository:a:pull", scope="repository:b:pull registry:catalog:*""#,
            scheme: Scheme::Bearer,
            realm: Some("https://r.example/token"),
            service: None,
            scopes: &[
                "repository:a:pull",
                "repository:b:pull",
                "registry:catalog:*",
            ],
        },
        // Unquoted values and an escaped quote.
        Case {
            header: r#"Basic realm=plain, charset="UTF-\"8\"""#,
            scheme: Scheme::Basic,
            realm: Some("plain"),
            service: None,
            scopes: &[],
        },
        Case {
            header: "Negotiate",
            scheme: Scheme::Other("Negotiate".into()),
            realm: None,
            service: None,
            scopes: &[],
        },
    ];
    for c in cases {
        let got = Challenge::parse(c.header).unwrap_or_else(|e| panic!("{}: {e}", c.header));
        assert_eq!(got.scheme, c.scheme, "{}", c.header);
        assert_eq!(got.realm(), c.realm, "{}", c.header);
        assert_eq!(got.service(), c.service, "{}", c.header);
        assert_eq!(got.scopes(), c.scopes, "{}", c.header);
    }
}

#[test]
fn escaped_quote_is_unescaped() {
    let c = Challenge::parse(r#"Basic realm="a \"b\"""#).unwrap();
    assert_eq!(c.realm(), Some(r#"a "b""#));
}

#[test]
fn several_challenges_in_one_joined_header() {
    let all =
        Challenge::parse_all(r#"Basic realm="x", Bearer realm="https://t/token",service="s""#)
            .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].scheme, Scheme::Basic);
    assert_eq!(all[0].realm(), Some("x"));
    assert_eq!(all[1].scheme, Scheme::Bearer);
    assert_eq!(all[1].service(), Some("s"));
}

#[test]
fn malformed_headers_are_errors() {
    for header in [
        "",
        "   ",
        r#"Bearer realm="unterminated"#,
        "=x",
        r#"Bearer realm="#,
    ] {
        assert_eq!(
            Challenge::parse(header),
            Err(Error::MalformedChallenge(header.to_owned())),
            "{header:?}"
        );
        assert_eq!(
            Challenge::parse(header).unwrap_err().to_string(),
            format!("malformed WWW-Authenticate header {header:?}")
        );
    }
}
