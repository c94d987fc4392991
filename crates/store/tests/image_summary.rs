//! `docker images` rows from store records.

use berth_oci::Digest;
use berth_store::{ImageRecord, ImageState, LayerRecord, RefRecord, image_summaries};

fn image(seed: &str, created: &str, verified: bool) -> ImageRecord {
    ImageRecord {
        id: Digest::sha256_of(seed.as_bytes()),
        manifest_digest: Digest::sha256_of(format!("m{seed}").as_bytes()),
        index_digest: None,
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        manifest_size: 400,
        config_size: 1000,
        layers: vec![LayerRecord {
            digest: Digest::sha256_of(format!("l{seed}").as_bytes()),
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
            size: 5000,
            diff_id: verified.then(|| Digest::sha256_of(b"d")),
            uncompressed_size: verified.then_some(12_000),
        }],
        created: Some(created.into()),
        platform: "linux/amd64".into(),
        labels: Default::default(),
        parent: None,
        ref_epoch: 0,
        pulled_at: 0.0,
        state: if verified {
            ImageState::Ready
        } else {
            ImageState::Verifying
        },
    }
}

fn r(image: &ImageRecord, repo_digest: Option<&Digest>) -> RefRecord {
    RefRecord {
        image_id: image.id.clone(),
        repo_digest: repo_digest.cloned(),
    }
}

#[test]
fn rows_like_docker_images() {
    let hello = image("hello", "2026-11-01T00:00:00Z", true);
    let ubuntu = image("ubuntu", "2026-06-01T00:00:00Z", false);
    let dangling = image("old", "2025-01-01T00:00:00Z", true);
    let by_digest = image("pinned", "2026-09-01T00:00:00Z", true);
    let hd = hello.manifest_digest.clone();
    let pd = by_digest.manifest_digest.clone();
    let refs = vec![
        (
            "127.0.0.1:5000/berth/hello:1.0".to_string(),
            r(&hello, Some(&hd)),
        ),
        (
            "127.0.0.1:5000/berth/hello:latest".to_string(),
            r(&hello, Some(&hd)),
        ),
        (
            format!("127.0.0.1:5000/berth/hello@{hd}"),
            r(&hello, Some(&hd)),
        ),
        ("docker.io/kavin/hello:1.0".to_string(), r(&hello, None)),
        (
            "docker.io/library/ubuntu:latest".to_string(),
            r(&ubuntu, None),
        ),
        (
            format!("docker.io/library/alpine@{pd}"),
            r(&by_digest, Some(&pd)),
        ),
    ];
    let rows = image_summaries(
        &[
            ubuntu.clone(),
            dangling.clone(),
            hello.clone(),
            by_digest.clone(),
        ],
        &refs,
    );
    let table: Vec<(&str, &str, Option<&Digest>)> = rows
        .iter()
        .map(|s| (s.repository.as_str(), s.tag.as_str(), s.digest.as_ref()))
        .collect();
    assert_eq!(
        table,
        vec![
            ("127.0.0.1:5000/berth/hello", "1.0", Some(&hd)),
            ("127.0.0.1:5000/berth/hello", "latest", Some(&hd)),
            ("kavin/hello", "1.0", None),
            ("alpine", "<none>", Some(&pd)),
            ("ubuntu", "latest", None),
            ("<none>", "<none>", None),
        ]
    );
    assert_eq!(
        rows[0].image_id, rows[2].image_id,
        "a tag shares the IMAGE ID"
    );
    assert_eq!(rows[0].size, Some(12_000));
    assert_eq!(rows[0].content_size, 6000);
    assert_eq!(rows[4].size, None, "not verified yet");
    assert_eq!(rows[4].state, ImageState::Verifying);
    assert_eq!(rows[0].created_ms, Some(1_793_491_200_000.0));
}
