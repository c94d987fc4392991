//! `docker system df` for images, with sizes worked out by hand.
//!
//! Sources: moby `daemon/disk_usage.go` (`imageDiskUsage`), `daemon/images/service.go`
//! (`ImageDiskUsage`, `getLayerRefs`), `daemon/images/image_list.go` (`SharedSize`),
//! `integration/image/list_test.go` (`TestAPIImagesListSizeShared`); docker/cli
//! `cli/command/formatter/disk_usage.go`, `disk_usage_test.go`, `image_test.go`.

use std::collections::BTreeMap;

use berth_oci::{Digest, Reference, chain_ids};
use berth_store::{
    DiskUsage, ImageRecord, ImageState, ImageUsage, LayerRecord, RefRecord, disk_usage,
    format_df_size, format_reclaimable,
};

fn blob(seed: &str) -> Digest {
    Digest::sha256_of(format!("blob {seed}").as_bytes())
}

fn diff(seed: &str) -> Digest {
    Digest::sha256_of(format!("diff {seed}").as_bytes())
}

/// A verified layer: blob `blob(seed)`, diff ID `diff(seed)`.
fn layer(seed: &str, uncompressed: u64, compressed: u64) -> LayerRecord {
    LayerRecord {
        digest: blob(seed),
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
        size: compressed,
        diff_id: Some(diff(seed)),
        uncompressed_size: Some(uncompressed),
    }
}

/// The same layer before verification.
fn unverified(mut layer: LayerRecord) -> LayerRecord {
    layer.diff_id = None;
    layer.uncompressed_size = None;
    layer
}

fn image(seed: &str, created: &str, layers: Vec<LayerRecord>) -> ImageRecord {
    let state = if layers.iter().all(|l| l.uncompressed_size.is_some()) {
        ImageState::Ready
    } else {
        ImageState::Verifying
    };
    ImageRecord {
        id: Digest::sha256_of(format!("config {seed}").as_bytes()),
        manifest_digest: Digest::sha256_of(format!("manifest {seed}").as_bytes()),
        index_digest: None,
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        manifest_size: 500,
        config_size: 1500,
        layers,
        created: Some(created.into()),
        platform: "linux/amd64".into(),
        labels: BTreeMap::new(),
        parent: None,
        ref_epoch: 0,
        pulled_at: 0.0,
        state,
    }
}

fn r(reference: &str, image: &ImageRecord) -> (String, RefRecord) {
    (
        Reference::parse_normalized(reference).unwrap().to_string(),
        RefRecord {
            image_id: image.id.clone(),
            repo_digest: None,
        },
    )
}

/// (repository, tag, size, shared size, unique size)
fn rows(du: &DiskUsage) -> Vec<(&str, &str, u64, u64, u64)> {
    du.images
        .iter()
        .map(|i: &ImageUsage| {
            (
                i.repository.as_str(),
                i.tag.as_str(),
                i.size,
                i.shared_size,
                i.unique_size,
            )
        })
        .collect()
}

const L0: (u64, u64) = (100_000, 40_000); // the shared base layer
const L1: (u64, u64) = (30_000, 10_000);
const L2: (u64, u64) = (50_000, 20_000);
const L3: (u64, u64) = (20_000, 8_000);

#[test]
fn shared_base_layer_is_counted_once() {
    let base = || layer("base", L0.0, L0.1);
    let ubuntu = image("ubuntu", "2024-01-01T00:00:00Z", vec![base()]);
    let app = image(
        "app",
        "2024-01-02T00:00:00Z",
        vec![base(), layer("app", L1.0, L1.1)],
    );
    let web = image(
        "web",
        "2024-01-03T00:00:00Z",
        vec![base(), layer("web", L2.0, L2.1)],
    );
    let dangling = image(
        "old",
        "2024-01-04T00:00:00Z",
        vec![layer("old", L3.0, L3.1)],
    );
    let refs = vec![
        r("ubuntu:22.04", &ubuntu),
        r("app:1", &app),
        r("web:1", &web),
        // Verbose rows show the first tag in the reference store's (canonical) order:
        // docker.io/library/web:1 < quay.io/a/web:2, although "quay.io/a/web" < "web".
        r("quay.io/a/web:2", &web),
        r(&format!("ubuntu@{}", ubuntu.manifest_digest), &ubuntu),
    ];
    let du = disk_usage(
        &[ubuntu.clone(), app.clone(), web.clone(), dangling.clone()],
        &refs,
    );

    // By hand:
    //   layers: base 100 000 (ubuntu, app, web), app 30 000, web 50 000, old 20 000
    //   SIZE        = 100 000 + 30 000 + 50 000 + 20 000 = 200 000 (base once)
    //   ubuntu      = 100 000, shared 100 000, unique      0
    //   app         = 130 000, shared 100 000, unique 30 000
    //   web         = 150 000, shared 100 000, unique 50 000
    //   <none>      =  20 000, shared       0, unique 20 000
    //   RECLAIMABLE = 0 + 30 000 + 50 000 + 20 000 = 100 000 = 50 % of 200 000
    assert_eq!(
        du.total_count, 4,
        "the dangling image counts (daemon Images without All)"
    );
    assert_eq!(du.active_count, 0);
    assert_eq!(du.total_size, 200_000);
    assert_eq!(du.reclaimable, 100_000);
    assert!(du.complete);
    assert_eq!(du.reclaimable_text(), "100kB (50%)");
    assert_eq!(format_df_size(du.total_size), "200kB");
    assert_eq!(
        rows(&du),
        vec![
            ("<none>", "<none>", 20_000, 0, 20_000),
            ("web", "1", 150_000, 100_000, 50_000),
            ("app", "1", 130_000, 100_000, 30_000),
            ("ubuntu", "22.04", 100_000, 100_000, 0),
        ]
    );
    assert!(du.images.iter().all(|i| i.containers == 0 && i.complete));
    assert_eq!(du.images[1].image_id, web.id);
    assert_eq!(
        du.images[1].created.as_deref(),
        Some("2024-01-03T00:00:00Z")
    );

    // Layers: in order of first use, newest image first, bottom-up.
    let chain =
        |seeds: &[&str]| chain_ids(&seeds.iter().map(|s| diff(s)).collect::<Vec<_>>()).pop();
    let table: Vec<(Option<Digest>, u64, Vec<Digest>)> = du
        .layers
        .iter()
        .map(|l| (l.chain_id.clone(), l.size, l.images.clone()))
        .collect();
    assert_eq!(
        table,
        vec![
            (chain(&["old"]), 20_000, vec![dangling.id.clone()]),
            (
                chain(&["base"]),
                100_000,
                vec![web.id.clone(), app.id.clone(), ubuntu.id.clone()]
            ),
            (chain(&["base", "web"]), 50_000, vec![web.id.clone()]),
            (chain(&["base", "app"]), 30_000, vec![app.id.clone()]),
        ]
    );
    let base_layer = &du.layers[1];
    assert!(base_layer.shared());
    assert_eq!(base_layer.diff_id, Some(diff("base")));
    assert_eq!(base_layer.blob_digest, blob("base"));
    assert_eq!(base_layer.uncompressed_size, Some(100_000));
    assert_eq!(base_layer.compressed_size, 40_000);
    assert!(!du.layers[0].shared());
}

#[test]
fn layers_are_identified_by_chain_id_not_diff_id() {
    // moby TestAPIImagesListSizeShared: multilayer [bar, foo] and multilayer2 [asdf, foo]
    // share only the diff of their top layer; on different stacks it is two layers.
    let foo = || layer("foo", 1_000, 600);
    let one = image(
        "multilayer",
        "2024-02-01T00:00:00Z",
        vec![layer("bar", 2_000, 900), foo()],
    );
    let two = image(
        "multilayer2",
        "2024-02-02T00:00:00Z",
        vec![layer("asdf", 3_000, 1_200), foo()],
    );
    let refs = vec![r("multilayer:latest", &one), r("multilayer2:latest", &two)];
    let du = disk_usage(&[one, two], &refs);
    // By hand: nothing shared; SIZE = 2 000 + 1 000 + 3 000 + 1 000 = 7 000, all reclaimable.
    assert_eq!(
        rows(&du),
        vec![
            ("multilayer2", "latest", 4_000, 0, 4_000),
            ("multilayer", "latest", 3_000, 0, 3_000),
        ]
    );
    assert_eq!(du.total_size, 7_000);
    assert_eq!(du.reclaimable_text(), "7kB (100%)");
    assert_eq!(du.layers.len(), 4);
    assert!(du.layers.iter().all(|l| !l.shared()));
}

#[test]
fn intermediate_images() {
    // moby: Images (no -a) leaves out untagged parents; getLayerRefs leaves out their
    // layers; but SharedSize counts layer references over *all* images, so the child's
    // layers that its parent also has are shared.
    let parent = image(
        "parent",
        "2024-03-01T00:00:00Z",
        vec![layer("base", L0.0, L0.1)],
    );
    let mut child = image(
        "child",
        "2024-03-02T00:00:00Z",
        vec![layer("base", L0.0, L0.1), layer("top", L1.0, L1.1)],
    );
    child.parent = Some(parent.id.clone());
    let refs = vec![r("child:1", &child)];
    let du = disk_usage(&[parent.clone(), child.clone()], &refs);
    // By hand: one image listed; SIZE = 100 000 + 30 000; child shares base with parent.
    assert_eq!(du.total_count, 1);
    assert_eq!(rows(&du), vec![("child", "1", 130_000, 100_000, 30_000)]);
    assert_eq!(du.total_size, 130_000);
    assert_eq!(du.reclaimable, 30_000);
    assert_eq!(
        du.reclaimable_text(),
        "30kB (23%)",
        "30 000 × 100 / 130 000 = 23.07"
    );
    assert_eq!(
        du.layers[0].images,
        vec![child.id.clone(), parent.id.clone()]
    );

    // Tagged, the parent is an image of its own.
    let refs = vec![r("child:1", &child), r("parent:1", &parent)];
    let du = disk_usage(&[parent, child], &refs);
    assert_eq!(du.total_count, 2);
    assert_eq!(
        rows(&du),
        vec![
            ("child", "1", 130_000, 100_000, 30_000),
            ("parent", "1", 100_000, 100_000, 0),
        ]
    );
    assert_eq!(du.total_size, 130_000);
    assert_eq!(du.reclaimable, 30_000);
}

#[test]
fn images_still_being_verified() {
    // berth's choice: until a layer is verified its compressed size stands in, and it is
    // identified by its blob chain unless a verified image already has the same blobs.
    let ubuntu = image(
        "ubuntu",
        "2024-01-01T00:00:00Z",
        vec![layer("base", L0.0, L0.1)],
    );
    let pending = image(
        "pending",
        "2024-01-05T00:00:00Z",
        vec![
            unverified(layer("base", L0.0, L0.1)),
            unverified(layer("extra", 70_000, 7_000)),
        ],
    );
    assert_eq!(pending.state, ImageState::Verifying);
    let refs = vec![r("ubuntu:22.04", &ubuntu), r("pending:1", &pending)];
    let du = disk_usage(&[ubuntu.clone(), pending.clone()], &refs);
    // By hand: base is ubuntu's verified layer (same blob, same position): 100 000, shared;
    // extra counts 7 000 (compressed).
    //   pending = 107 000, shared 100 000, unique 7 000; ubuntu = 100 000, shared 100 000
    //   SIZE = 107 000; RECLAIMABLE = 7 000 = 6.54 % → 6 %
    assert_eq!(
        rows(&du),
        vec![
            ("pending", "1", 107_000, 100_000, 7_000),
            ("ubuntu", "22.04", 100_000, 100_000, 0),
        ]
    );
    assert_eq!(du.total_size, 107_000);
    assert_eq!(du.reclaimable_text(), "7kB (6%)");
    assert!(!du.complete);
    assert!(!du.images[0].complete);
    assert!(du.images[1].complete);
    assert_eq!(du.layers.len(), 2);
    assert_eq!(du.layers[0].chain_id, Some(diff("base")));
    assert_eq!(du.layers[0].diff_id, Some(diff("base")));
    assert_eq!(
        du.layers[0].images,
        vec![pending.id.clone(), ubuntu.id.clone()]
    );
    assert_eq!(du.layers[1].chain_id, None);
    assert_eq!(du.layers[1].diff_id, None);
    assert_eq!(du.layers[1].uncompressed_size, None);
    assert_eq!(du.layers[1].size, 7_000);
    assert_eq!(du.layers[1].blob_digest, blob("extra"));

    // Alone, the pending image is all compressed sizes.
    let du = disk_usage(&[pending], &refs[1..]);
    assert_eq!(rows(&du), vec![("pending", "1", 47_000, 0, 47_000)]);
    assert_eq!(du.total_size, 47_000);
    assert!(!du.complete);
}

#[test]
fn digest_only_and_empty() {
    let pinned = image(
        "pinned",
        "2024-01-01T00:00:00Z",
        vec![layer("p", 5_000, 2_000)],
    );
    let refs = vec![r(&format!("alpine@{}", pinned.manifest_digest), &pinned)];
    let du = disk_usage(&[pinned], &refs);
    // docker/cli verboseWrite: no RepoTags → <none> <none>.
    assert_eq!(rows(&du), vec![("<none>", "<none>", 5_000, 0, 5_000)]);
    assert_eq!(du.total_count, 1);

    // disk_usage_test.go TestDiskUsageContextFormatWrite: "Images 0 0 0B 0B".
    let du = disk_usage(&[], &[]);
    assert_eq!(
        (
            du.total_count,
            du.active_count,
            du.total_size,
            du.reclaimable
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(format_df_size(du.total_size), "0B");
    assert_eq!(du.reclaimable_text(), "0B");
    assert!(du.images.is_empty() && du.layers.is_empty() && du.complete);
}

#[test]
fn reclaimable_and_size_texts() {
    // docker/cli diskUsageImagesContext.Reclaimable: HumanSize (4 digits) and an integer
    // percentage rounded down; no percentage when the total is 0.
    let cases: &[(u64, u64, &str)] = &[
        (0, 0, "0B"),
        (1_500, 0, "1.5kB"),
        (0, 1_000, "0B (0%)"),
        (100_000, 200_000, "100kB (50%)"),
        (2, 3, "2B (66%)"),
        (1_234_567, 10_000_000, "1.235MB (12%)"),
        (999_999, 1_000_000, "1000kB (99%)"),
        (5_000_000_000_000, 5_000_000_000_000, "5TB (100%)"),
        (u64::MAX, u64::MAX, "18.45EB (100%)"),
    ];
    for (reclaimable, total, expected) in cases {
        assert_eq!(
            format_reclaimable(*reclaimable, *total),
            *expected,
            "{reclaimable}/{total}"
        );
    }
    // image_test.go TestImageContext: SharedSize 10000 → "10kB", UniqueSize 20000-5000 → "15kB".
    assert_eq!(format_df_size(10_000), "10kB");
    assert_eq!(format_df_size(20_000 - 5_000), "15kB");
    // four digits here, three in `docker images` SIZE
    assert_eq!(format_df_size(1_234_567), "1.235MB");
    assert_eq!(berth_units::human_size(1_234_567), "1.23MB");
}
