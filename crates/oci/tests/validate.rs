//! `check_layers` over the fixtures and mismatched pairs.

use berth_oci::{ImageConfig, ImageManifest, Manifest, MediaType, check_layers};

fn manifest(bytes: &[u8]) -> ImageManifest {
    match Manifest::from_slice(None, bytes).unwrap() {
        Manifest::Image(m) => m,
        Manifest::Index(_) => panic!("not an image manifest"),
    }
}

fn config(bytes: &[u8]) -> ImageConfig {
    ImageConfig::from_slice(bytes).unwrap()
}

#[test]
fn check_layers_cases() {
    let oci_amd64 = manifest(include_bytes!("fixtures/oci-manifest-amd64.json"));
    let oci_arm64 = manifest(include_bytes!("fixtures/oci-manifest-arm64.json"));
    let docker_amd64 = manifest(include_bytes!("fixtures/docker-manifest-amd64.json"));
    let docker_arm64 = manifest(include_bytes!("fixtures/docker-manifest-arm64.json"));
    let amd64 = config(include_bytes!("fixtures/oci-manifest-amd64.config.json"));
    let arm64 = config(include_bytes!("fixtures/oci-manifest-arm64.config.json"));

    let with_config_type = |m: &ImageManifest, media_type: &str| {
        let mut m = m.clone();
        m.config.media_type = MediaType::from(media_type);
        m
    };
    let without_layers = |m: &ImageManifest| ImageManifest {
        layers: Vec::new(),
        ..m.clone()
    };

    let cases: Vec<(&str, ImageManifest, &ImageConfig, Option<&str>)> = vec![
        ("OCI amd64", oci_amd64.clone(), &amd64, None),
        ("OCI arm64", oci_arm64.clone(), &arm64, None),
        ("Docker amd64", docker_amd64.clone(), &amd64, None),
        ("Docker arm64", docker_arm64.clone(), &arm64, None),
        (
            "two layers, one diff ID",
            oci_amd64.clone(),
            &arm64,
            Some("the manifest has 2 layers but the config has 1 diff ID"),
        ),
        (
            "one layer, two diff IDs",
            docker_arm64.clone(),
            &amd64,
            Some("the manifest has 1 layer but the config has 2 diff IDs"),
        ),
        (
            "no layers",
            without_layers(&oci_amd64),
            &amd64,
            Some("the manifest has 0 layers but the config has 2 diff IDs"),
        ),
        // Unknown config types are allowed (warn-level).
        (
            "unknown config type",
            with_config_type(&oci_arm64, "application/vnd.example.config+json"),
            &arm64,
            None,
        ),
        (
            "a layer as config",
            with_config_type(&oci_arm64, "application/vnd.oci.image.layer.v1.tar+gzip"),
            &arm64,
            Some(
                "the manifest's config has media type application/vnd.oci.image.layer.v1.tar+gzip, which is not an image config",
            ),
        ),
        (
            "the empty config",
            with_config_type(&oci_arm64, "application/vnd.oci.empty.v1+json"),
            &arm64,
            Some(
                "the manifest's config has media type application/vnd.oci.empty.v1+json, which is not an image config",
            ),
        ),
        (
            "a manifest as config",
            with_config_type(
                &docker_arm64,
                "application/vnd.docker.distribution.manifest.v2+json",
            ),
            &arm64,
            Some(
                "the manifest's config has media type application/vnd.docker.distribution.manifest.v2+json, which is not an image config",
            ),
        ),
    ];
    for (name, manifest, config, want) in cases {
        assert_eq!(
            check_layers(&manifest, config).map_err(|e| e.to_string()),
            want.map_or(Ok(()), |e| Err(e.to_owned())),
            "{name}"
        );
    }
}
