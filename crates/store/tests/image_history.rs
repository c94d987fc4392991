//! `docker history` rows.

use berth_oci::{Digest, ImageConfig};
use berth_store::{ImageRecord, ImageState, LayerRecord, created_by_text, image_history};

const CONFIG: &str = r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:1111111111111111111111111111111111111111111111111111111111111111","sha256:2222222222222222222222222222222222222222222222222222222222222222"]},
 "history":[
  {"created":"2026-01-01T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / "},
  {"created":"2026-01-01T00:00:01Z","created_by":"/bin/sh -c #(nop)  CMD [\"bash\"]","empty_layer":true},
  {"created":"2026-01-02T00:00:00Z","created_by":"RUN\tapt-get install -y curl","comment":"buildkit.dockerfile.v0"}
 ]}"#;

fn image(seed: &str, parent: Option<&ImageRecord>) -> ImageRecord {
    let layer = |n: u8, size, unc| LayerRecord {
        digest: Digest::sha256_of(&[n]),
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
        size,
        diff_id: None,
        uncompressed_size: unc,
    };
    ImageRecord {
        id: Digest::sha256_of(seed.as_bytes()),
        manifest_digest: Digest::sha256_of(b"m"),
        index_digest: None,
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        manifest_size: 1,
        config_size: 1,
        layers: vec![layer(1, 100, Some(300)), layer(2, 50, None)],
        created: None,
        platform: "linux/amd64".into(),
        labels: Default::default(),
        parent: parent.map(|p| p.id.clone()),
        ref_epoch: 0,
        pulled_at: 0.0,
        state: ImageState::Verifying,
    }
}

#[test]
fn rows_newest_first_with_missing_ids_and_sizes() {
    let config = ImageConfig::from_slice(CONFIG.as_bytes()).unwrap();
    let img = image("top", None);
    let rows = image_history(&img, &config, &[]).unwrap();
    let table: Vec<(Option<&Digest>, &str, u64, bool)> = rows
        .iter()
        .map(|r| (r.id.as_ref(), r.created_by.as_str(), r.size, r.empty_layer))
        .collect();
    assert_eq!(
        table,
        vec![
            (Some(&img.id), "RUN\tapt-get install -y curl", 50, false),
            (None, "/bin/sh -c #(nop)  CMD [\"bash\"]", 0, true),
            (
                None,
                "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / ",
                300,
                false
            ),
        ]
    );
    assert_eq!(rows[0].comment, "buildkit.dockerfile.v0");
    // A stored parent fills the next row's IMAGE.
    let parent = image("parent", None);
    let child = image("child", Some(&parent));
    let rows = image_history(&child, &config, &[parent.clone(), child.clone()]).unwrap();
    assert_eq!(rows[0].id.as_ref(), Some(&child.id));
    assert_eq!(rows[1].id.as_ref(), Some(&parent.id));
    assert_eq!(rows[2].id, None);
}

#[test]
fn more_steps_than_layers_is_moby_error() {
    let config = ImageConfig::from_slice(CONFIG.as_bytes()).unwrap();
    let mut img = image("x", None);
    img.layers.truncate(1);
    let err = image_history(&img, &config, &[]).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("too many non-empty layers in History section"),
        "{err}"
    );
}

#[test]
fn created_by_like_docker_history() {
    let long = "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / ";
    assert_eq!(
        created_by_text(long, false),
        "/bin/sh -c #(nop) ADD file:0123456789abcdef0…"
    );
    assert_eq!(created_by_text(long, true), long);
    assert_eq!(created_by_text("RUN\tx", false), "RUN x");
}
