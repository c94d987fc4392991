//! The harness's own parts against the real programs.

use berth_testbed::{Cors, ImageBuilder, ManifestFormat, Registry, RegistryOptions, StaticServer};

fn get(url: &str, accept: Option<&str>) -> (u16, String, Vec<(String, String)>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent.get(url).header("Origin", "http://127.0.0.1:9");
    if let Some(a) = accept {
        req = req.header("Accept", a);
    }
    let mut resp = req.call().unwrap();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap(), headers)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn registry_serves_umoci_images_pushed_by_skopeo_with_cors() {
    let registry = Registry::start().unwrap();
    let images = ImageBuilder::new().unwrap();
    images.new_image("base").unwrap();
    images
        .add_layer("base", &[("etc/motd", b"hello from berth\n")])
        .unwrap();
    images.config("base", &["--config.cmd", "/bin/sh"]).unwrap();
    images
        .push(
            "base",
            &format!("{}/test/base:1.0", registry.host()),
            ManifestFormat::Oci,
        )
        .unwrap();
    images
        .push(
            "base",
            &format!("{}/test/base:v2s2", registry.host()),
            ManifestFormat::DockerV2S2,
        )
        .unwrap();

    let (status, body, headers) = get(&format!("{}/v2/", registry.url()), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    assert!(
        header(&headers, "access-control-expose-headers")
            .unwrap()
            .contains("Docker-Content-Digest")
    );

    let (_, tags, _) = get(&format!("{}/v2/test/base/tags/list", registry.url()), None);
    assert!(tags.contains("1.0") && tags.contains("v2s2"), "{tags}");

    let (status, manifest, headers) = get(
        &format!("{}/v2/test/base/manifests/1.0", registry.url()),
        Some("application/vnd.oci.image.manifest.v1+json"),
    );
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/vnd.oci.image.manifest.v1+json")
    );
    assert!(manifest.contains("\"layers\""), "{manifest}");
    let (_, _, headers) = get(
        &format!("{}/v2/test/base/manifests/v2s2", registry.url()),
        Some("application/vnd.docker.distribution.manifest.v2+json"),
    );
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/vnd.docker.distribution.manifest.v2+json")
    );
}

#[test]
fn registry_without_cors_sends_no_allow_origin_and_stops_and_restarts() {
    let mut registry = Registry::start_with(RegistryOptions {
        cors: Cors::None,
        ..Default::default()
    })
    .unwrap();
    assert!(!registry.config().contains("headers"));
    let (status, _, headers) = get(&format!("{}/v2/", registry.url()), None);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    registry.stop();
    assert!(std::net::TcpStream::connect(("127.0.0.1", registry.port())).is_err());
    registry.restart().unwrap();
    assert_eq!(get(&format!("{}/v2/", registry.url()), None).0, 200);
}

#[test]
fn static_server_serves_files_and_app_routes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<html>app</html>").unwrap();
    std::fs::write(dir.path().join("app.wasm"), b"\0asm").unwrap();
    let server = StaticServer::start(dir.path()).unwrap();
    let (status, body, _) = get(&format!("{}/", server.url()), None);
    assert_eq!((status, body.as_str()), (200, "<html>app</html>"));
    let (status, _, headers) = get(&format!("{}/app.wasm", server.url()), None);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
    for route in ["/registries", "/images/sha256:0123abcd", "/nope/deep"] {
        let (status, body, _) = get(&format!("{}{route}", server.url()), None);
        assert_eq!(
            (status, body.as_str()),
            (200, "<html>app</html>"),
            "{route}"
        );
    }
    assert_eq!(get(&format!("{}/missing.js", server.url()), None).0, 404);
}
