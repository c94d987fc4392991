use berth_registry::{Endpoint, Error, is_docker_hub, pull_endpoints};

fn e(s: &str) -> Endpoint {
    Endpoint::parse(s).unwrap()
}

#[test]
fn orders_pull_endpoints() {
    let hub = e("/proxy/docker.io");
    let mirrors = [
        e("127.0.0.1:5001"),
        e("https://mirror.example"),
        e("127.0.0.1:5001"),
    ];
    let configured = |domain: &str| (domain == "ghcr.io").then(|| e("/proxy/ghcr.io"));
    let cases: [(&str, &[Endpoint], Vec<&str>); 9] = [
        (
            "docker.io",
            &mirrors,
            vec![
                "http://127.0.0.1:5001",
                "https://mirror.example",
                "/proxy/docker.io",
            ],
        ),
        (
            "index.docker.io",
            &mirrors,
            vec![
                "http://127.0.0.1:5001",
                "https://mirror.example",
                "/proxy/docker.io",
            ],
        ),
        ("Docker.IO", &[], vec!["/proxy/docker.io"]),
        (
            "docker.io",
            &[e("/proxy/docker.io")],
            vec!["/proxy/docker.io"],
        ),
        ("ghcr.io", &mirrors, vec!["/proxy/ghcr.io"]),
        ("quay.io", &mirrors, vec!["https://quay.io"]),
        ("localhost:5000", &mirrors, vec!["http://localhost:5000"]),
        ("127.0.0.1:5000", &[], vec!["http://127.0.0.1:5000"]),
        ("[::1]:5000", &[], vec!["http://[::1]:5000"]),
    ];
    for (domain, mirrors, want) in cases {
        let got: Vec<String> = pull_endpoints(domain, mirrors, &hub, &configured)
            .unwrap_or_else(|err| panic!("{domain}: {err}"))
            .iter()
            .map(Endpoint::to_string)
            .collect();
        assert_eq!(got, want, "{domain}");
    }
}

#[test]
fn unusable_domains_are_errors() {
    let hub = e("registry-1.docker.io");
    let none = |_: &str| None;
    for (domain, error, text) in [
        ("", Error::EmptyEndpoint, "registry address is empty"),
        (
            "host:port",
            Error::InvalidEndpoint("host:port".into(), "the port must be a number"),
            r#"invalid registry address "host:port": the port must be a number"#,
        ),
    ] {
        let got = pull_endpoints(domain, &[], &hub, &none).unwrap_err();
        assert_eq!(got, error, "{domain:?}");
        assert_eq!(got.to_string(), text, "{domain:?}");
    }
}

#[test]
fn docker_hub_domains() {
    for (domain, hub) in [
        ("docker.io", true),
        ("index.docker.io", true),
        ("DOCKER.IO", true),
        ("registry-1.docker.io", false),
        ("docker.io.example", false),
        ("ghcr.io", false),
    ] {
        assert_eq!(is_docker_hub(domain), hub, "{domain}");
    }
}
