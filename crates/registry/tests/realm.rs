use berth_registry::{Endpoint, realm_url};

#[test]
fn rewrites_realms_through_a_same_origin_proxy() {
    let cases = [
        (
            "/proxy/docker.io",
            "https://auth.docker.io/token",
            "/proxy/auth.docker.io/token",
        ),
        (
            "/proxy/docker.io",
            "https://auth.docker.io/token?x=1#f",
            "/proxy/auth.docker.io/token?x=1",
        ),
        (
            "/proxy/docker.io",
            "http://Auth.Example:5001/a/b",
            "/proxy/auth.example:5001/a/b",
        ),
        (
            "/proxy/docker.io",
            "https://auth.example",
            "/proxy/auth.example",
        ),
        (
            "/proxy/docker.io",
            "https://auth.example?x=1",
            "/proxy/auth.example/?x=1",
        ),
        (
            "/proxy/docker.io",
            "https://user:pw@auth.example/token",
            "/proxy/auth.example/token",
        ),
        (
            "/proxy/ghcr.io/v2/",
            "https://ghcr.io/token",
            "/proxy/ghcr.io/token",
        ),
        (
            "/dev/proxy/localhost:5000",
            "http://localhost:5001/auth",
            "/dev/proxy/localhost:5001/auth",
        ),
        (
            "/proxy/localhost",
            "http://127.0.0.1:5001/auth",
            "/proxy/127.0.0.1:5001/auth",
        ),
        (
            "/docker.io",
            "https://auth.docker.io/token",
            "/auth.docker.io/token",
        ),
        // Identity: already same-origin, not http(s), not a host-named proxy, normal endpoints.
        (
            "/proxy/docker.io",
            "/proxy/auth.docker.io/token",
            "/proxy/auth.docker.io/token",
        ),
        (
            "/proxy/docker.io",
            "ftp://auth.example/token",
            "ftp://auth.example/token",
        ),
        ("/proxy/docker.io", "https:///token", "https:///token"),
        (
            "/registry",
            "https://auth.example/token",
            "https://auth.example/token",
        ),
        (
            "registry-1.docker.io",
            "https://auth.docker.io/token",
            "https://auth.docker.io/token",
        ),
        (
            "127.0.0.1:5000",
            "http://127.0.0.1:5001/auth",
            "http://127.0.0.1:5001/auth",
        ),
        (
            "https://example.com/proxy/docker.io",
            "https://auth.docker.io/token",
            "https://auth.docker.io/token",
        ),
    ];
    for (endpoint, realm, want) in cases {
        let e = Endpoint::parse(endpoint).unwrap();
        assert_eq!(realm_url(&e, realm), want, "{endpoint} {realm}");
    }
}
