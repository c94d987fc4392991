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

#[test]
fn front_answers_preflights_forwards_and_injects_faults() {
    use berth_testbed::{Fault, Front};
    let dir = tempfile::tempdir().unwrap();
    let registry = Registry::start_with(
        RegistryOptions::default()
            .with_htpasswd(dir.path(), "alice", "s3cret")
            .unwrap(),
    )
    .unwrap();
    let front = Front::start(&registry.url()).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    // The registry itself answers a preflight with 401; the front with 204.
    let direct = agent
        .options(format!("{}/v2/", registry.url()))
        .header("Origin", "http://127.0.0.1:9")
        .header("Access-Control-Request-Method", "GET")
        .call()
        .unwrap();
    assert_eq!(direct.status(), 401);
    let pre = agent
        .options(format!("{}/v2/", front.url()))
        .header("Origin", "http://127.0.0.1:9")
        .header("Access-Control-Request-Headers", "authorization")
        .call()
        .unwrap();
    assert_eq!(pre.status(), 204);
    assert_eq!(
        pre.headers().get("access-control-allow-headers").unwrap(),
        "authorization"
    );
    // Requests go through with their Authorization header.
    let ok = agent
        .get(format!("{}/v2/", front.url()))
        .header("Authorization", "Basic YWxpY2U6czNjcmV0")
        .call()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let denied = agent.get(format!("{}/v2/", front.url())).call().unwrap();
    assert_eq!(denied.status(), 401);
    assert!(denied.headers().get("www-authenticate").is_some());

    front.set_faults(vec![Fault::Respond {
        path: "/v2/x".into(),
        status: 429,
        body: r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#.into(),
        headers: vec![("Retry-After".into(), "30".into())],
    }]);
    let mut limited = agent
        .get(format!("{}/v2/x/tags/list", front.url()))
        .call()
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers().get("retry-after").unwrap(), "30");
    assert!(
        limited
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("TOOMANYREQUESTS")
    );
    assert_eq!(
        front.requests(),
        vec![
            "OPTIONS /v2/",
            "GET /v2/",
            "GET /v2/",
            "GET /v2/x/tags/list"
        ]
    );
}

#[test]
fn front_flips_a_byte_and_cuts_a_transfer() {
    use berth_testbed::{Fault, Front};
    let registry = Registry::start().unwrap();
    let images = ImageBuilder::new().unwrap();
    images.new_image("t").unwrap();
    images.add_layer("t", &[("a", &[7u8; 5000][..])]).unwrap();
    images
        .push(
            "t",
            &format!("{}/f/t:1", registry.host()),
            ManifestFormat::Oci,
        )
        .unwrap();
    let (_, manifest, _) = get(
        &format!("{}/v2/f/t/manifests/1", registry.url()),
        Some("application/vnd.oci.image.manifest.v1+json"),
    );
    let v: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let layer = v["layers"][0]["digest"].as_str().unwrap().to_owned();
    let size = v["layers"][0]["size"].as_u64().unwrap() as usize;
    let blob_url = |base: &str| format!("{base}/v2/f/t/blobs/{layer}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let fetch = |url: &str| {
        agent
            .get(url)
            .call()
            .and_then(|mut r| r.body_mut().read_to_vec())
    };
    let good = fetch(&blob_url(&registry.url())).unwrap();
    assert_eq!(good.len(), size);

    let front = Front::start(&registry.url()).unwrap();
    front.set_faults(vec![Fault::FlipByte {
        path: layer.clone(),
        offset: 10,
    }]);
    let flipped = fetch(&blob_url(&front.url())).unwrap();
    assert_eq!(flipped.len(), good.len());
    let differing: Vec<usize> = (0..good.len()).filter(|&i| good[i] != flipped[i]).collect();
    assert_eq!(differing, vec![10]);

    front.set_faults(vec![Fault::CutAfter {
        path: layer.clone(),
        bytes: 20,
        times: 1,
    }]);
    assert!(
        fetch(&blob_url(&front.url())).is_err(),
        "cut transfer read whole"
    );
    // Cut once only: the retry gets everything.
    assert_eq!(fetch(&blob_url(&front.url())).unwrap(), good);
}
