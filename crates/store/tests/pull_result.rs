//! Records, references and Docker's pull lines derived from a pull.

use berth_oci::{Digest, ImageConfig, Manifest, Reference};
use berth_store::{ImageState, PullResult, pulling_from, short_id};

const CONFIG: &str = r#"{"created":"2026-10-01T12:00:00Z","architecture":"arm64","variant":"v8","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:1111111111111111111111111111111111111111111111111111111111111111"]}}"#;

fn manifest() -> (berth_oci::ImageManifest, Digest) {
    let config_digest = Digest::sha256_of(CONFIG.as_bytes());
    let json = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
            "config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config_digest}","size":{}}},
            "layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":1234}}]}}"#,
        CONFIG.len()
    );
    let digest = Digest::sha256_of(json.as_bytes());
    match Manifest::from_slice(None, json.as_bytes()).unwrap() {
        Manifest::Image(m) => (m, digest),
        Manifest::Index(_) => unreachable!(),
    }
}

fn result(reference: &str, index: Option<Digest>) -> PullResult {
    let (m, digest) = manifest();
    let config = ImageConfig::from_slice(CONFIG.as_bytes()).unwrap();
    PullResult::new(
        Reference::parse_normalized(reference).unwrap(),
        &m,
        digest,
        "application/vnd.oci.image.manifest.v1+json",
        500,
        index,
        &config,
        42.0,
    )
}

#[test]
fn image_record_from_manifest_and_config() {
    let r = result("127.0.0.1:5000/berth/hello:1.0", None);
    let img = &r.image;
    assert_eq!(img.id, Digest::sha256_of(CONFIG.as_bytes()));
    assert_eq!(img.platform, "linux/arm64/v8");
    assert_eq!(img.created.as_deref(), Some("2026-10-01T12:00:00Z"));
    assert_eq!(img.config_size, CONFIG.len() as u64);
    assert_eq!(img.content_size(), CONFIG.len() as u64 + 1234);
    assert_eq!(img.state, ImageState::Verifying);
    assert_eq!(img.layers.len(), 1);
    assert_eq!(img.layers[0].diff_id, None);
    assert_eq!(r.repo_digest, img.manifest_digest);
    assert_eq!(img.blobs().count(), 3);
}

#[test]
fn references_written_by_a_pull() {
    let tag = result("127.0.0.1:5000/berth/hello:1.0", None);
    let keys: Vec<String> = tag.refs().into_iter().map(|(k, _)| k).collect();
    let d = &tag.image.manifest_digest;
    assert_eq!(
        keys,
        vec![
            "127.0.0.1:5000/berth/hello:1.0".to_string(),
            format!("127.0.0.1:5000/berth/hello@{d}")
        ]
    );
    // A multi-platform pull records the index digest, like Docker's RepoDigests.
    let index = Digest::sha256_of(b"index");
    let multi = result("ubuntu:24.04", Some(index.clone()));
    let refs = multi.refs();
    assert_eq!(refs[0].0, "docker.io/library/ubuntu:24.04");
    assert_eq!(refs[1].0, format!("docker.io/library/ubuntu@{index}"));
    assert_eq!(refs[1].1.repo_digest.as_ref(), Some(&index));
    assert_eq!(refs[1].1.image_id, multi.image.id);
    assert_eq!(multi.image.blobs().count(), 4);
    // A digest pull writes only the digest reference.
    let by_digest = result(&format!("127.0.0.1:5000/berth/hello@{d}"), None);
    let keys: Vec<String> = by_digest.refs().into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, vec![format!("127.0.0.1:5000/berth/hello@{d}")]);
}

#[test]
fn docker_pull_lines() {
    let r = result("ubuntu:latest", None);
    let d = r.repo_digest.clone();
    assert_eq!(
        r.summary(false),
        vec![
            format!("Digest: {d}"),
            "Status: Downloaded newer image for ubuntu:latest".to_string(),
            "docker.io/library/ubuntu:latest".to_string(),
        ]
    );
    assert_eq!(
        r.summary(true)[1],
        "Status: Image is up to date for ubuntu:latest"
    );
    let local = result("127.0.0.1:5000/berth/hello:1.0", None);
    assert_eq!(
        local.summary(false)[1],
        "Status: Downloaded newer image for 127.0.0.1:5000/berth/hello:1.0"
    );
    let cases = [
        ("ubuntu", "latest: Pulling from library/ubuntu"),
        ("ubuntu:24.04", "24.04: Pulling from library/ubuntu"),
        (
            "127.0.0.1:5000/berth/hello:1.0",
            "1.0: Pulling from berth/hello",
        ),
        (
            "alpine@sha256:3333333333333333333333333333333333333333333333333333333333333333",
            "sha256:3333333333333333333333333333333333333333333333333333333333333333: Pulling from library/alpine",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(
            pulling_from(&Reference::parse_normalized(input).unwrap()),
            want
        );
    }
    assert_eq!(short_id(&d).len(), 12);
    assert!(d.hex().starts_with(&short_id(&d)));
}
