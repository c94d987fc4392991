//! `docker rmi`, case by case from Docker's own tests (moby
//! `integration-cli/docker_cli_rmi_test.go`, `integration-cli/docker_cli_by_digest_test.go`,
//! `integration/image/remove_test.go`) and the rules of moby's
//! `daemon/images/image_delete.go` (classic image store), without containers.
//!
//! Fixtures are real: configs with `rootfs.diff_ids`, so the `Deleted:` chain IDs are
//! computed here from the image-spec's definition and compared line by line.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use berth_oci::Digest;
use berth_store::{
    Backend, Error, ImageRecord, ImageState, LayerRecord, MemoryBackend, Op, RefRecord, RemoveLine,
    RemoveOptions, Store, Strictness, Table, image_summaries, remove_output, short_id,
};

fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn diff_id(layer: &str) -> Digest {
    Digest::sha256_of(format!("uncompressed {layer}").as_bytes())
}

/// The chain ID of a layer stack, by the image-spec's definition.
fn chain(layers: &[&str]) -> Digest {
    let mut id = diff_id(layers[0]);
    for layer in &layers[1..] {
        let text = format!("{id} {}", diff_id(layer));
        id = Digest::sha256_of(text.as_bytes());
    }
    id
}

fn config_json(seed: &str, layers: &[&str]) -> String {
    let diff_ids: Vec<String> = layers
        .iter()
        .map(|l| format!("\"{}\"", diff_id(l)))
        .collect();
    format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"seed":"{seed}"}}}},"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
        diff_ids.join(",")
    )
}

/// The image ID an image built by [`Fixture::image`] gets.
fn image_id(seed: &str, layers: &[&str]) -> Digest {
    Digest::sha256_of(config_json(seed, layers).as_bytes())
}

struct Fixture {
    store: Store<MemoryBackend>,
}

/// How a fixture image is made: its layers, its parent, whether its layer records already
/// carry their diff IDs (else `rmi` reads them from the config).
struct Build<'a> {
    seed: &'a str,
    layers: &'a [&'a str],
    parent: Option<&'a ImageRecord>,
    verified: bool,
}

fn build<'a>(seed: &'a str, layers: &'a [&'a str]) -> Build<'a> {
    Build {
        seed,
        layers,
        parent: None,
        verified: false,
    }
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            store: Store::new(MemoryBackend::new()),
        }
    }

    /// Stores an image's blobs and commits it with `refs` (canonical; `@DIGEST` stands for
    /// its manifest digest, as a pull writes it).
    fn image(&self, b: Build<'_>, refs: &[&str]) -> ImageRecord {
        block_on(async {
            let store = &self.store;
            let mut layers = Vec::new();
            for layer in b.layers {
                let data = format!("compressed {layer}").into_bytes();
                let digest = Digest::sha256_of(&data);
                if store.blob(&digest).await.unwrap().is_none() {
                    let writer = format!("w-{layer}");
                    store
                        .put_blob(
                            &digest,
                            "application/vnd.oci.image.layer.v1.tar+gzip",
                            &data,
                            &writer,
                            1.0,
                        )
                        .await
                        .unwrap();
                }
                layers.push(LayerRecord {
                    digest,
                    media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
                    size: data.len() as u64,
                    diff_id: b.verified.then(|| diff_id(layer)),
                    uncompressed_size: b.verified.then_some(4096),
                });
            }
            let config = config_json(b.seed, b.layers);
            let id = Digest::sha256_of(config.as_bytes());
            store
                .put_blob(
                    &id,
                    "application/vnd.oci.image.config.v1+json",
                    config.as_bytes(),
                    "w-config",
                    1.0,
                )
                .await
                .unwrap();
            let manifest = format!(r#"{{"schemaVersion":2,"config":"{id}"}}"#);
            let manifest_digest = Digest::sha256_of(manifest.as_bytes());
            store
                .put_blob(
                    &manifest_digest,
                    "application/vnd.oci.image.manifest.v1+json",
                    manifest.as_bytes(),
                    "w-manifest",
                    1.0,
                )
                .await
                .unwrap();
            let image = ImageRecord {
                id: id.clone(),
                manifest_digest: manifest_digest.clone(),
                index_digest: None,
                manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
                manifest_size: manifest.len() as u64,
                config_size: config.len() as u64,
                layers,
                created: Some("2026-11-01T00:00:00Z".into()),
                platform: "linux/amd64".into(),
                labels: Default::default(),
                parent: b.parent.map(|p| p.id.clone()),
                ref_epoch: 0,
                pulled_at: 1.0,
                state: if b.verified {
                    ImageState::Ready
                } else {
                    ImageState::Verifying
                },
            };
            let refs: Vec<(String, RefRecord)> = refs
                .iter()
                .map(|r| {
                    let key = r.replace("@DIGEST", &format!("@{manifest_digest}"));
                    let record = RefRecord {
                        image_id: id.clone(),
                        repo_digest: Some(manifest_digest.clone()),
                    };
                    (key, record)
                })
                .collect();
            store.commit_image(&image, &refs, None).await.unwrap();
            image
        })
    }

    fn tag(&self, source: &str, target: &str) {
        block_on(self.store.tag(source, target)).unwrap();
    }

    fn rmi_with(&self, target: &str, force: bool, no_prune: bool) -> Result<Vec<String>, String> {
        let options = RemoveOptions { force, no_prune };
        block_on(self.store.remove(target, options))
            .map(|lines| lines.iter().map(ToString::to_string).collect())
            .map_err(|e| e.to_string())
    }

    fn rmi(&self, target: &str) -> Result<Vec<String>, String> {
        self.rmi_with(target, false, false)
    }

    fn rmi_f(&self, target: &str) -> Result<Vec<String>, String> {
        self.rmi_with(target, true, false)
    }

    fn refs(&self) -> Vec<String> {
        block_on(self.store.refs())
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    fn exists(&self, image: &ImageRecord) -> bool {
        block_on(self.store.image(&image.id)).unwrap().is_some()
    }

    fn lookup(&self, arg: &str) -> Result<Digest, String> {
        block_on(self.store.lookup_image(arg))
            .map(|i| i.id)
            .map_err(|e| e.to_string())
    }

    /// `docker images -a` rows.
    fn rows(&self) -> usize {
        let images = block_on(self.store.images()).unwrap();
        let refs = block_on(self.store.refs()).unwrap();
        image_summaries(&images, &refs).len()
    }

    fn assert_valid(&self) {
        let problems = block_on(self.store.validate(Strictness::Always)).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// Cleanup, then nothing unreachable is left.
    fn assert_clean(&self) {
        block_on(self.store.cleanup(1.0e12)).unwrap();
        let problems = block_on(self.store.validate(Strictness::AfterCleanup)).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

fn untagged(r: &str) -> String {
    format!("Untagged: {r}")
}

fn deleted(d: &Digest) -> String {
    format!("Deleted: {d}")
}

fn busybox(fx: &Fixture) -> ImageRecord {
    fx.image(
        build("busybox", &["bb"]),
        &[
            "docker.io/library/busybox:latest",
            "docker.io/library/busybox@DIGEST",
        ],
    )
}

/// docker_cli_rmi_test.go `TestRmiTag`: removing one of several tags only untags it.
#[test]
fn rmi_one_of_several_tags_only_untags() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    let before = fx.rows();
    fx.tag("busybox", "utest:tag1");
    fx.tag("busybox", "utest/docker:tag2");
    fx.tag("busybox", "utest:5000/docker:tag3");
    assert_eq!(fx.rows(), before + 3);
    assert_eq!(
        fx.rmi("utest/docker:tag2").unwrap(),
        [untagged("utest/docker:tag2")]
    );
    assert_eq!(fx.rows(), before + 2);
    assert_eq!(
        fx.rmi("utest:5000/docker:tag3").unwrap(),
        [untagged("utest:5000/docker:tag3")]
    );
    assert_eq!(fx.rows(), before + 1);
    assert_eq!(fx.rmi("utest:tag1").unwrap(), [untagged("utest:tag1")]);
    assert_eq!(fx.rows(), before);
    assert!(fx.exists(&bb));
    fx.assert_valid();
}

const REPO: &str = "127.0.0.1:5000/dockercli/busybox-by-dgst";

/// docker_cli_by_digest_test.go `TestDeleteImageWithDigestAndTag`: the last tag of a
/// repository takes its digest reference along, then the image and its layers go.
#[test]
fn rmi_last_tag_untags_digest_and_deletes() {
    let fx = Fixture::new();
    let img = fx.image(
        build("by-digest", &["a", "b", "c"]),
        &[&format!("{REPO}@DIGEST")],
    );
    let by_digest = format!("{REPO}@{}", img.manifest_digest);
    fx.tag(&by_digest, &format!("{REPO}:sometag"));
    fx.tag(&by_digest, &format!("{REPO}:othertag"));

    assert_eq!(
        fx.rmi(&format!("{REPO}:othertag")).unwrap(),
        [untagged(&format!("{REPO}:othertag"))]
    );
    assert_eq!(fx.lookup(&format!("{REPO}:sometag")).unwrap(), img.id);

    assert_eq!(
        fx.rmi(&format!("{REPO}:sometag")).unwrap(),
        [
            untagged(&format!("{REPO}:sometag")),
            untagged(&by_digest),
            deleted(&img.id),
            deleted(&chain(&["a", "b", "c"])),
            deleted(&chain(&["a", "b"])),
            deleted(&chain(&["a"])),
        ]
    );
    assert_eq!(
        fx.lookup(&img.id.to_string()).unwrap_err(),
        format!("No such image: {}", img.id)
    );
    assert!(fx.refs().is_empty());
    fx.assert_valid();
    fx.assert_clean();
    let b = fx.store.backend();
    assert_eq!(
        (b.bytes_in(Table::Blobs), b.bytes_in(Table::Chunks)),
        (0, 0)
    );
}

/// docker_cli_by_digest_test.go `TestDeleteImageWithDigestAndMultiRepoTag`: the digest
/// reference goes with the last tag of its own repository; a tag in another repository
/// keeps the image.
#[test]
fn rmi_digest_refs_follow_their_repository() {
    let fx = Fixture::new();
    let img = fx.image(build("multi-repo", &["a"]), &[&format!("{REPO}@DIGEST")]);
    let by_digest = format!("{REPO}@{}", img.manifest_digest);
    let repo2 = format!("{REPO}/repo2");
    fx.tag(&by_digest, &format!("{REPO}:sometag"));
    fx.tag(&by_digest, &format!("{repo2}:othertag"));

    assert_eq!(
        fx.rmi(&format!("{REPO}:sometag")).unwrap(),
        [untagged(&format!("{REPO}:sometag")), untagged(&by_digest)]
    );
    assert_eq!(fx.lookup(&format!("{repo2}:othertag")).unwrap(), img.id);
    assert_eq!(
        fx.lookup(&by_digest).unwrap_err(),
        format!("No such image: {by_digest}")
    );
    assert_eq!(
        fx.rmi(&format!("{repo2}:othertag")).unwrap(),
        [
            untagged(&format!("{repo2}:othertag")),
            deleted(&img.id),
            deleted(&chain(&["a"]))
        ]
    );
    fx.assert_valid();
}

/// docker_cli_by_digest_test.go `TestDeleteImageByIDOnlyPulledByDigest`: one tag and a
/// digest in one repository is a "single reference": by ID, both are untagged (in
/// reference order) and the image deleted.
#[test]
fn rmi_by_id_with_one_tag_and_its_digest() {
    let fx = Fixture::new();
    let img = fx.image(
        build("pulled-by-digest", &["a", "b"]),
        &[&format!("{REPO}@DIGEST")],
    );
    let by_digest = format!("{REPO}@{}", img.manifest_digest);
    fx.tag(&by_digest, &format!("{REPO}:sometag"));
    assert_eq!(
        fx.rmi(&img.id.to_string()).unwrap(),
        [
            untagged(&format!("{REPO}:sometag")),
            untagged(&by_digest),
            deleted(&img.id),
            deleted(&chain(&["a", "b"])),
            deleted(&chain(&["a"])),
        ]
    );
    fx.assert_valid();
}

/// docker_cli_by_digest_test.go `TestRemoveImageByDigest`: by `name@digest`.
#[test]
fn rmi_by_digest_reference() {
    let fx = Fixture::new();
    let img = fx.image(
        build("pulled-by-digest", &["a"]),
        &[&format!("{REPO}@DIGEST")],
    );
    let by_digest = format!("{REPO}@{}", img.manifest_digest);
    assert_eq!(
        fx.rmi(&by_digest).unwrap(),
        [
            untagged(&by_digest),
            deleted(&img.id),
            deleted(&chain(&["a"]))
        ]
    );
    assert_eq!(
        fx.lookup(&by_digest).unwrap_err(),
        format!("No such image: {by_digest}")
    );
    fx.assert_valid();
}

/// image_delete.go: removing a digest reference never takes tags along (the cleanup is
/// only for "a tag was removed"); the tags left keep the image.
#[test]
fn rmi_digest_reference_keeps_tags() {
    let refs = [
        "docker.io/library/ubuntu:latest",
        "docker.io/library/ubuntu@DIGEST",
    ];
    let fx = Fixture::new();
    let img = fx.image(build("tagged", &["a"]), &refs);
    let by_digest = format!("ubuntu@{}", img.manifest_digest);
    assert_eq!(fx.rmi(&by_digest).unwrap(), [untagged(&by_digest)]);
    assert_eq!(fx.refs(), ["docker.io/library/ubuntu:latest"]);
    assert!(fx.exists(&img));
    fx.assert_valid();

    // `name:tag@digest` is found and removed by its digest alone (refstore `favorDigest`)
    // and printed as given; the tag stays.
    let fx = Fixture::new();
    let img = fx.image(build("tagged", &["a"]), &refs);
    let both = format!("ubuntu:latest@{}", img.manifest_digest);
    assert_eq!(fx.rmi(&both).unwrap(), [untagged(&both)]);
    assert_eq!(fx.refs(), ["docker.io/library/ubuntu:latest"]);
    assert_eq!(fx.rmi(&both).unwrap_err(), format!("No such image: {both}"));
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiImgIDForce` (without containers): by ID, references in
/// several repositories need `-f`; `-f` untags them all in reference order and deletes.
/// The image was committed from busybox, so the prune stops at tagged busybox.
#[test]
fn rmi_by_id_in_several_repositories_needs_force() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    let mut b = build("busybox-test", &["bb", "mkdir"]);
    b.parent = Some(&bb);
    let img = fx.image(b, &["docker.io/library/busybox-test:latest"]);
    let before = fx.rows();
    for tag in [
        "utest:tag1",
        "utest:tag2",
        "utest/docker:tag3",
        "utest:5000/docker:tag4",
    ] {
        fx.tag("busybox-test", tag);
    }
    assert_eq!(fx.rows(), before + 4);
    let id = img.id.to_string();
    assert_eq!(
        fx.rmi(&id).unwrap_err(),
        format!(
            "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
            short_id(&img.id)
        )
    );
    assert_eq!(fx.rows(), before + 4, "nothing changed");
    assert_eq!(
        fx.rmi_f(&id).unwrap(),
        [
            untagged("busybox-test:latest"),
            untagged("utest:tag1"),
            untagged("utest:tag2"),
            untagged("utest/docker:tag3"),
            untagged("utest:5000/docker:tag4"),
            deleted(&img.id),
            deleted(&chain(&["bb", "mkdir"])),
        ]
    );
    assert!(!fx.exists(&img));
    assert!(fx.exists(&bb));
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiImgIDMultipleTag` (without the container): two tags of
/// one repository are "multiple repositories" too, by full ID, short ID or prefix.
#[test]
fn rmi_by_id_with_two_tags_in_one_repository() {
    let fx = Fixture::new();
    let img = fx.image(
        build("busybox-one", &["bb", "one"]),
        &["docker.io/library/busybox-one:latest"],
    );
    fx.tag("busybox-one", "busybox-one:tag1");
    fx.tag("busybox-one", "busybox-one:tag2");
    let conflict = format!(
        "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
        short_id(&img.id)
    );
    let hex = img.id.hex();
    for arg in [
        img.id.to_string(),
        hex.to_owned(),
        hex[..12].to_owned(),
        format!("sha256:{}", &hex[..5]),
    ] {
        assert_eq!(fx.rmi(&arg).unwrap_err(), conflict, "{arg}");
    }
    assert_eq!(fx.refs().len(), 3);
    assert_eq!(
        fx.rmi_f(&hex[..12]).unwrap(),
        [
            untagged("busybox-one:latest"),
            untagged("busybox-one:tag1"),
            untagged("busybox-one:tag2"),
            deleted(&img.id),
            deleted(&chain(&["bb", "one"])),
            deleted(&chain(&["bb"])),
        ]
    );
    fx.assert_valid();
}

/// integration/image/remove_test.go `TestAPIImagesDelete`.
#[test]
fn api_images_delete() {
    let fx = Fixture::new();
    let img = fx.image(build("test-api-images-delete", &["bb", "env"]), &[]);
    let id = img.id.to_string();
    fx.tag(&id, "test-api-images-delete");
    fx.tag(&id, "test:tag1");
    let err = fx.rmi(&id).unwrap_err();
    assert!(
        err.contains(&format!("unable to delete {}", short_id(&img.id))),
        "{err}"
    );
    assert_eq!(
        fx.rmi("test:noexist").unwrap_err(),
        "No such image: test:noexist"
    );
    assert_eq!(fx.rmi("test:tag1").unwrap(), [untagged("test:tag1")]);
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiForceWithMultipleRepositories`: `-f` by name still only
/// untags while other references remain.
#[test]
fn rmi_force_by_name_only_untags() {
    let fx = Fixture::new();
    let img = fx.image(
        build("rmiimage", &["bb", "maintainer"]),
        &["docker.io/library/rmiimage:tag1"],
    );
    fx.tag("rmiimage:tag1", "rmiimage:tag2");
    assert_eq!(
        fx.rmi_f("rmiimage:tag2").unwrap(),
        [untagged("rmiimage:tag2")]
    );
    assert!(fx.exists(&img));
    assert_eq!(fx.refs(), ["docker.io/library/rmiimage:tag1"]);
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiWithMultipleRepositories`: a committed image's last tag
/// deletes it; its tagged parent stays.
#[test]
fn rmi_committed_image_keeps_tagged_parent() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    fx.tag("busybox", "127.0.0.1:5000/busybox");
    let mut b = build("committed", &["bb", "touch"]);
    b.parent = Some(&bb);
    let img = fx.image(b, &["docker.io/library/busybox:test"]);
    assert_eq!(
        fx.rmi("busybox:test").unwrap(),
        [
            untagged("busybox:test"),
            deleted(&img.id),
            deleted(&chain(&["bb", "touch"]))
        ]
    );
    assert!(fx.exists(&bb));
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiBlank`.
#[test]
fn rmi_blank_name() {
    let fx = Fixture::new();
    busybox(&fx);
    for blank in [" ", "", "\t"] {
        assert_eq!(fx.rmi(blank).unwrap_err(), "image name cannot be blank");
    }
}

/// GetImage's errors: unknown names (shown with the default tag), unknown IDs, ambiguous
/// prefixes (not found in the classic store), arguments that are no reference.
#[test]
fn rmi_unknown_ambiguous_and_invalid() {
    let fx = Fixture::new();
    busybox(&fx);
    // Two images whose IDs start alike.
    let mut seeds = (0..).map(|n| format!("twin-{n}"));
    let first = seeds.next().unwrap();
    let first_id = image_id(&first, &["x"]);
    let second = seeds
        .find(|s| image_id(s, &["x"]).hex()[..1] == first_id.hex()[..1])
        .unwrap();
    let a = fx.image(build(&first, &["x"]), &[]);
    let b = fx.image(build(&second, &["x"]), &[]);
    let common =
        a.id.hex()
            .chars()
            .zip(b.id.hex().chars())
            .take_while(|(x, y)| x == y)
            .count();
    let prefix = &a.id.hex()[..common];

    let unknown = Digest::sha256_of(b"nothing");
    let unknown_full = unknown.to_string();
    let prefixed = format!("sha256:{prefix}");
    let cases: [(&str, String); 9] = [
        ("nothere", "No such image: nothere:latest".into()),
        ("nothere:v1", "No such image: nothere:v1".into()),
        ("library/nothere", "No such image: nothere:latest".into()),
        (unknown.hex(), format!("No such image: {unknown}")),
        (&unknown_full, format!("No such image: {unknown}")),
        (prefix, format!("No such image: {prefix}:latest")),
        (&prefixed, format!("No such image: {prefixed}")),
        (
            "Foo",
            "invalid reference format: repository name (library/Foo) must be lowercase".into(),
        ),
        ("fo$z$", "invalid reference format".into()),
    ];
    for (arg, message) in cases {
        assert_eq!(fx.rmi(arg).unwrap_err(), message, "{arg}");
        assert_eq!(fx.rmi_f(arg).unwrap_err(), message, "{arg}");
    }
    // One more character tells them apart.
    let longer = &a.id.hex()[..common + 1];
    assert_eq!(fx.rmi(longer).unwrap(), [deleted(&a.id)]);
    assert_eq!(fx.lookup(prefix).unwrap(), b.id);
    fx.assert_valid();
}

/// A name is looked up before an ID prefix, but `rmi` then treats an argument that is a
/// prefix of the image's ID as an ID (moby `isImageIDPrefix`): `docker rmi sha` on an
/// image tagged `sha` is by ID, with every reference in play.
#[test]
fn rmi_name_that_is_an_id_prefix_is_by_id() {
    let fx = Fixture::new();
    let img = fx.image(build("quirk", &["q"]), &["docker.io/library/quirk:latest"]);
    fx.tag("quirk", "sha");
    assert_eq!(
        fx.rmi("sha").unwrap_err(),
        format!(
            "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
            short_id(&img.id)
        )
    );
    // A name that is no prefix of the ID is by reference.
    assert_eq!(fx.rmi("quirk").unwrap(), [untagged("quirk:latest")]);
    assert_eq!(
        fx.rmi("sha").unwrap(),
        [
            untagged("sha:latest"),
            deleted(&img.id),
            deleted(&chain(&["q"]))
        ]
    );
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiParentImageFail`, and the parent pruning of
/// image_delete.go `imageDeleteHelper`.
#[test]
fn rmi_parent_with_children_then_prune() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    let mut b = build("test", &["bb", "hello"]);
    b.parent = Some(&bb);
    let child = fx.image(b, &["docker.io/library/test:latest"]);
    let hard = format!(
        "conflict: unable to delete {} (cannot be forced) - image has dependent child images",
        short_id(&bb.id)
    );
    assert_eq!(fx.rmi(&bb.id.to_string()).unwrap_err(), hard);
    assert_eq!(fx.rmi_f(&bb.id.hex()[..12]).unwrap_err(), hard);
    // By name, the last tag goes, quietly leaving the image for its child.
    assert_eq!(
        fx.rmi("busybox").unwrap(),
        [
            untagged("busybox:latest"),
            untagged(&format!("busybox@{}", bb.manifest_digest))
        ]
    );
    assert!(fx.exists(&bb));
    assert_eq!(fx.rmi_f(&bb.id.to_string()).unwrap_err(), hard);
    // Deleting the child prunes the untagged parent; the base layer goes with it.
    assert_eq!(
        fx.rmi("test").unwrap(),
        [
            untagged("test:latest"),
            deleted(&child.id),
            deleted(&chain(&["bb", "hello"])),
            deleted(&bb.id),
            deleted(&chain(&["bb"])),
        ]
    );
    assert!(fx.refs().is_empty());
    fx.assert_valid();
    fx.assert_clean();
}

/// `--no-prune` keeps the untagged parent (then dangling, it goes by ID).
#[test]
fn rmi_no_prune_keeps_untagged_parent() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    let mut b = build("test", &["bb", "hello"]);
    b.parent = Some(&bb);
    let child = fx.image(b, &["docker.io/library/test:latest"]);
    fx.rmi("busybox").unwrap();
    assert_eq!(
        fx.rmi_with("test", false, true).unwrap(),
        [
            untagged("test:latest"),
            deleted(&child.id),
            deleted(&chain(&["bb", "hello"]))
        ]
    );
    assert!(fx.exists(&bb));
    assert_eq!(
        fx.rmi(&bb.id.hex()[..4]).unwrap(),
        [deleted(&bb.id), deleted(&chain(&["bb"]))]
    );
    fx.assert_valid();
}

/// docker_cli_rmi_test.go `TestRmiWithParentInUse`: a chain of untagged commits is pruned
/// up to the first tagged image.
#[test]
fn rmi_prunes_untagged_chain_up_to_tagged_image() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    let mut b = build("commit-1", &["bb", "c1"]);
    b.parent = Some(&bb);
    let one = fx.image(b, &[]);
    let mut b = build("commit-2", &["bb", "c1", "c2"]);
    b.parent = Some(&one);
    let two = fx.image(b, &[]);
    assert_eq!(
        fx.rmi(&two.id.hex()[..12]).unwrap(),
        [
            deleted(&two.id),
            deleted(&chain(&["bb", "c1", "c2"])),
            deleted(&one.id),
            deleted(&chain(&["bb", "c1"])),
        ]
    );
    assert!(fx.exists(&bb));
    fx.assert_valid();
}

/// A parent with another child stays; so does a parent's layer another image has.
#[test]
fn rmi_prune_stops_at_parent_with_other_children() {
    let fx = Fixture::new();
    let base = fx.image(build("base", &["b"]), &[]);
    let mut b = build("left", &["b", "l"]);
    b.parent = Some(&base);
    let left = fx.image(b, &["docker.io/library/left:latest"]);
    let mut b = build("right", &["b", "r"]);
    b.parent = Some(&base);
    let right = fx.image(b, &["docker.io/library/right:latest"]);
    assert_eq!(
        fx.rmi("left").unwrap(),
        [
            untagged("left:latest"),
            deleted(&left.id),
            deleted(&chain(&["b", "l"]))
        ]
    );
    assert!(fx.exists(&base));
    assert_eq!(
        fx.rmi("right").unwrap(),
        [
            untagged("right:latest"),
            deleted(&right.id),
            deleted(&chain(&["b", "r"])),
            deleted(&base.id),
            deleted(&chain(&["b"])),
        ]
    );
    fx.assert_valid();
}

/// integration/image/remove_test.go `TestRemoveImageOrphaning`: the reference moved to a
/// child image; removing it (the API's default is no pruning) leaves the first image.
#[test]
fn rmi_orphaning() {
    let name = "testremoveimageorphaning";
    for prune in [false, true] {
        let fx = Fixture::new();
        let first = fx.image(
            build("orphan-1", &["bb", "entrypoint"]),
            &[&format!("docker.io/library/{name}:latest")],
        );
        let mut b = build("orphan-2", &["bb", "entrypoint", "label"]);
        b.parent = Some(&first);
        let second = fx.image(b, &[]);
        fx.tag(&second.id.to_string(), name);
        assert_eq!(fx.lookup(name).unwrap(), second.id);
        let mut expected = vec![
            untagged(&format!("{name}:latest")),
            deleted(&second.id),
            deleted(&chain(&["bb", "entrypoint", "label"])),
        ];
        if prune {
            expected.extend([
                deleted(&first.id),
                deleted(&chain(&["bb", "entrypoint"])),
                deleted(&chain(&["bb"])),
            ]);
        }
        assert_eq!(fx.rmi_with(name, false, !prune).unwrap(), expected);
        assert_eq!(fx.exists(&first), !prune);
        assert_eq!(
            fx.lookup(&second.id.to_string()).unwrap_err(),
            format!("No such image: {}", second.id)
        );
        fx.assert_valid();
    }
}

/// The classic layer store counts references per chain ID: a layer stack another image
/// has (even an identical one, under another config) is not deleted. Diff IDs come from
/// the layer records once verified, else from the config: the same lines either way.
#[test]
fn rmi_deletes_only_unshared_layers() {
    for verified in [false, true] {
        let fx = Fixture::new();
        let mut b = build("one", &["x", "y"]);
        b.verified = verified;
        let one = fx.image(b, &["docker.io/library/one:latest"]);
        let two = fx.image(build("two", &["x", "z"]), &["docker.io/library/two:latest"]);
        let same = fx.image(
            build("same-layers", &["x", "y"]),
            &["docker.io/library/same:latest"],
        );
        assert_eq!(
            fx.rmi("same").unwrap(),
            [untagged("same:latest"), deleted(&same.id)]
        );
        assert_eq!(
            fx.rmi("one").unwrap(),
            [
                untagged("one:latest"),
                deleted(&one.id),
                deleted(&chain(&["x", "y"]))
            ]
        );
        assert_eq!(
            fx.rmi("two").unwrap(),
            [
                untagged("two:latest"),
                deleted(&two.id),
                deleted(&chain(&["x", "z"])),
                deleted(&chain(&["x"])),
            ]
        );
        fx.assert_valid();
        fx.assert_clean();
    }
}

/// An image without layers prints only its ID.
#[test]
fn rmi_image_without_layers() {
    let fx = Fixture::new();
    let img = fx.image(
        build("scratch", &[]),
        &["docker.io/library/scratch-ish:latest"],
    );
    assert_eq!(
        fx.rmi("scratch-ish").unwrap(),
        [untagged("scratch-ish:latest"), deleted(&img.id)]
    );
    fx.assert_valid();
}

/// docker/cli `runRemove`: every image in turn, output first, errors after; with `-f`
/// only errors other than "No such image" fail the command.
#[test]
fn rmi_many_and_cli_output() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    fx.tag("busybox", "utest:tag1");
    fx.tag("busybox", "utest:tag2");
    let targets: Vec<String> = ["nothere", "utest:tag1", "utest:tag1"]
        .map(String::from)
        .into();
    let results = block_on(fx.store.remove_many(&targets, RemoveOptions::default()));
    assert_eq!(results.len(), 3);
    let out = remove_output(&results, false);
    assert_eq!(out.stdout, [untagged("utest:tag1")]);
    assert_eq!(
        out.stderr,
        [
            "Error response from daemon: No such image: nothere:latest",
            "Error response from daemon: No such image: utest:tag1",
        ]
    );
    assert_eq!(out.exit_code, 1);
    assert_eq!(remove_output(&results, true).exit_code, 0);

    // A conflict fails even with -f.
    let mut b = build("kid", &["bb", "kid"]);
    b.parent = Some(&bb);
    fx.image(b, &["docker.io/library/kid:latest"]);
    let targets = vec!["nothere".to_owned(), bb.id.to_string()];
    let options = RemoveOptions {
        force: true,
        no_prune: false,
    };
    let results = block_on(fx.store.remove_many(&targets, options));
    let out = remove_output(&results, true);
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr.len(), 2);
    assert!(out.stderr[1].ends_with("(cannot be forced) - image has dependent child images"));
    assert_eq!(out.exit_code, 1);
    fx.assert_valid();
}

/// When the other tab acts: right before this tab's next commit, or its next scan of a
/// table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Commit,
    Scan(Table),
}

/// What another tab does, once.
type Hook = std::rc::Rc<RefCell<Option<(When, Box<dyn FnOnce()>)>>>;

/// A backend that lets another tab commit once, in the middle of this tab's operation.
#[derive(Clone)]
struct Interleaved {
    inner: MemoryBackend,
    hook: Hook,
}

impl Interleaved {
    fn fire(&self, now: When) {
        let due = {
            let mut hook = self.hook.borrow_mut();
            if hook.as_ref().is_some_and(|(when, _)| *when == now) {
                hook.take()
            } else {
                None
            }
        };
        if let Some((_, act)) = due {
            act();
        }
    }
}

impl Backend for Interleaved {
    async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error> {
        self.inner.get(table, key).await
    }

    async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        self.fire(When::Scan(table));
        self.inner.scan(table, prefix).await
    }

    async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error> {
        self.inner.keys(table, prefix).await
    }

    async fn commit(&self, ops: Vec<Op>) -> Result<(), Error> {
        self.fire(When::Commit);
        self.inner.commit(ops).await
    }
}

/// A tab whose operation `act` (on a second store over the same data) interrupts `when`.
fn interleaved(
    fx: &Fixture,
    when: When,
    act: impl FnOnce(&Store<MemoryBackend>) + 'static,
) -> Store<Interleaved> {
    let other = Store::new(fx.store.backend().clone());
    let hook: Hook = Default::default();
    *hook.borrow_mut() = Some((when, Box::new(move || act(&other))));
    Store::new(Interleaved {
        inner: fx.store.backend().clone(),
        hook,
    })
}

/// Another tab tags the image while this `rmi` reads, or before it commits: the new tag
/// is seen (or the commit conflicts and the retry sees it), so the image stays.
#[test]
fn rmi_sees_a_tag_added_meanwhile() {
    for when in [
        When::Scan(Table::Images),
        When::Scan(Table::Refs),
        When::Commit,
    ] {
        let fx = Fixture::new();
        let bb = busybox(&fx);
        let tab = interleaved(&fx, when, |other| {
            block_on(other.tag("busybox", "keep:1")).unwrap();
        });
        let lines = block_on(tab.remove("busybox", RemoveOptions::default())).unwrap();
        assert_eq!(
            lines,
            [
                RemoveLine::Untagged("busybox:latest".into()),
                RemoveLine::Untagged(format!("busybox@{}", bb.manifest_digest)),
            ],
            "{when:?}"
        );
        assert_eq!(fx.refs(), ["docker.io/library/keep:1"]);
        assert!(fx.exists(&bb));
        fx.assert_valid();
    }
}

/// `rmi -f` by ID while another tab adds a tag: the retry untags that one too.
#[test]
fn rmi_force_retries_and_untags_the_new_tag() {
    let fx = Fixture::new();
    let bb = busybox(&fx);
    fx.tag("busybox", "other:1");
    let tab = interleaved(&fx, When::Commit, |other| {
        block_on(other.tag("busybox", "late:1")).unwrap();
    });
    let options = RemoveOptions {
        force: true,
        no_prune: false,
    };
    let lines: Vec<String> = block_on(tab.remove(&bb.id.to_string(), options))
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            untagged("busybox:latest"),
            untagged(&format!("busybox@{}", bb.manifest_digest)),
            untagged("late:1"),
            untagged("other:1"),
            deleted(&bb.id),
            deleted(&chain(&["bb"])),
        ]
    );
    assert!(fx.refs().is_empty());
    fx.assert_valid();
    fx.assert_clean();
}

/// Another tab deletes the child between the reads and the commit: the retry prunes.
#[test]
fn rmi_retries_when_the_blocking_child_goes() {
    let fx = Fixture::new();
    let base = fx.image(build("base", &["b"]), &[]);
    let mut b = build("left", &["b", "l"]);
    b.parent = Some(&base);
    let left = fx.image(b, &["docker.io/library/left:latest"]);
    let mut b = build("right", &["b", "r"]);
    b.parent = Some(&base);
    let right = fx.image(b, &["docker.io/library/right:latest"]);
    let tab = interleaved(&fx, When::Commit, |other| {
        let options = RemoveOptions {
            force: false,
            no_prune: true,
        };
        block_on(other.remove("right", options)).unwrap();
    });
    let lines: Vec<String> = block_on(tab.remove("left", RemoveOptions::default()))
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            untagged("left:latest"),
            deleted(&left.id),
            deleted(&chain(&["b", "l"])),
            deleted(&base.id),
            deleted(&chain(&["b"])),
        ]
    );
    assert!(!fx.exists(&right));
    fx.assert_valid();
}
