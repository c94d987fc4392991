use berth_registry::{Endpoint, Error};

#[test]
fn normalises_what_users_type() {
    let cases = [
        ("127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("127.0.0.1:5000/", "http://127.0.0.1:5000"),
        ("http://127.0.0.1:5000/v2/", "http://127.0.0.1:5000"),
        ("localhost:5000", "http://localhost:5000"),
        ("registry.localhost", "http://registry.localhost"),
        ("[::1]:5000", "http://[::1]:5000"),
        ("registry.example.com", "https://registry.example.com"),
        (
            "Registry.Example.com:443",
            "https://registry.example.com:443",
        ),
        ("http://registry.example.com", "http://registry.example.com"),
        ("HTTPS://ghcr.io", "https://ghcr.io"),
        ("docker.io", "https://registry-1.docker.io"),
        ("index.docker.io", "https://registry-1.docker.io"),
        (
            "https://example.com/registry/",
            "https://example.com/registry",
        ),
        ("/proxy/docker.io", "/proxy/docker.io"),
        ("/proxy/docker.io/v2/", "/proxy/docker.io"),
        ("  127.0.0.2:80  ", "http://127.0.0.2:80"),
        ("128.0.0.1", "https://128.0.0.1"),
    ];
    for (input, want) in cases {
        let e = Endpoint::parse(input).unwrap_or_else(|err| panic!("{input}: {err}"));
        assert_eq!(e.to_string(), want, "{input}");
        assert_eq!(e.v2_url(), format!("{want}/v2/"), "{input}");
    }
}

#[test]
fn loopback_and_same_origin() {
    let cases = [
        ("127.0.0.1:5000", true, false),
        ("127.1.2.3", true, false),
        ("localhost", true, false),
        ("[::1]:5000", true, false),
        ("127.0.0.1.example.com", false, false),
        ("10.0.0.1:5000", false, false),
        ("/proxy/docker.io", false, true),
    ];
    for (input, loopback, same_origin) in cases {
        let e = Endpoint::parse(input).unwrap();
        assert_eq!(e.is_loopback(), loopback, "{input}");
        assert_eq!(e.is_same_origin_path(), same_origin, "{input}");
    }
}

#[test]
fn rejects_bad_addresses_with_a_reason() {
    assert_eq!(Endpoint::parse(""), Err(Error::EmptyEndpoint));
    assert_eq!(
        Endpoint::parse("  ").unwrap_err().to_string(),
        "registry address is empty"
    );
    let cases = [
        ("ftp://host", "the scheme must be http or https"),
        ("http://", "the host is missing"),
        ("host:port", "the port must be a number"),
        ("host:", "the port must be a number"),
        ("[::1]:x", "the port must be a number"),
        ("a b", "spaces are not allowed"),
        ("host/v2/?n=1", "a query or fragment is not allowed"),
        ("//host", "a same-origin path must start with a single /"),
    ];
    for (input, why) in cases {
        assert_eq!(
            Endpoint::parse(input).unwrap_err().to_string(),
            format!("invalid registry address {input:?}: {why}"),
        );
    }
}

#[test]
fn credentials_in_the_address_are_not_repeated() {
    let why = "credentials belong in the user and password fields, not the address";
    let cases = [
        ("https://user:pw@host", "https://***@host"),
        ("user:pw@host:5000/prefix", "***@host:5000/prefix"),
        ("http://tok@en@127.0.0.1:5000", "http://***@127.0.0.1:5000"),
    ];
    for (input, shown) in cases {
        let err = Endpoint::parse(input).unwrap_err();
        assert_eq!(err, Error::InvalidEndpoint(shown.into(), why));
        assert_eq!(
            err.to_string(),
            format!("invalid registry address {shown:?}: {why}")
        );
    }
}
