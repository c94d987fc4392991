//! `docker tag` and image lookup, case by case from Docker's tests (moby
//! `integration/image/tag_test.go`, formerly `integration-cli/docker_cli_tag_test.go`;
//! `integration-cli/docker_cli_by_digest_test.go` `TestTagByDigest`) and the rules of
//! moby `client/image_tag.go`, `postImagesTag`, `daemon/images/image.go` (`GetImage`).

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use berth_oci::Digest;
use berth_store::{
    Backend, Error, ImageRecord, ImageState, LayerRecord, MemoryBackend, Op, RefRecord,
    RemoveOptions, Store, Strictness, Table, image_summaries,
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

fn config_json(seed: &str) -> String {
    let diff_id = Digest::sha256_of(format!("uncompressed {seed}").as_bytes());
    format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"seed":"{seed}"}}}},"rootfs":{{"type":"layers","diff_ids":["{diff_id}"]}}}}"#
    )
}

/// Stores a one-layer image and commits it with `refs` (`@DIGEST`: its manifest digest).
fn image(store: &Store<MemoryBackend>, seed: &str, refs: &[&str]) -> ImageRecord {
    block_on(async {
        let layer = format!("compressed {seed}").into_bytes();
        let layer_digest = Digest::sha256_of(&layer);
        store
            .put_blob(
                &layer_digest,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                &layer,
                seed,
                1.0,
            )
            .await
            .unwrap();
        let config = config_json(seed);
        let id = Digest::sha256_of(config.as_bytes());
        store
            .put_blob(
                &id,
                "application/vnd.oci.image.config.v1+json",
                config.as_bytes(),
                seed,
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
                seed,
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
            layers: vec![LayerRecord {
                digest: layer_digest,
                media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
                size: layer.len() as u64,
                diff_id: None,
                uncompressed_size: None,
            }],
            created: Some("2026-11-01T00:00:00Z".into()),
            platform: "linux/amd64".into(),
            labels: Default::default(),
            parent: None,
            ref_epoch: 0,
            pulled_at: 1.0,
            state: ImageState::Verifying,
        };
        let refs: Vec<(String, RefRecord)> = refs
            .iter()
            .map(|r| {
                let record = RefRecord {
                    image_id: id.clone(),
                    repo_digest: Some(manifest_digest.clone()),
                };
                (r.replace("@DIGEST", &format!("@{manifest_digest}")), record)
            })
            .collect();
        store.commit_image(&image, &refs, None).await.unwrap();
        image
    })
}

fn fixture() -> (Store<MemoryBackend>, ImageRecord) {
    let store = Store::new(MemoryBackend::new());
    let busybox = image(
        &store,
        "busybox",
        &[
            "docker.io/library/busybox:latest",
            "docker.io/library/busybox@DIGEST",
        ],
    );
    (store, busybox)
}

fn tag(store: &Store<MemoryBackend>, source: &str, target: &str) -> Result<(), String> {
    block_on(store.tag(source, target)).map_err(|e| e.to_string())
}

fn lookup(store: &Store<MemoryBackend>, arg: &str) -> Result<Digest, String> {
    block_on(store.lookup_image(arg))
        .map(|i| i.id)
        .map_err(|e| e.to_string())
}

fn refs(store: &Store<MemoryBackend>) -> Vec<(String, Digest)> {
    block_on(store.refs())
        .unwrap()
        .into_iter()
        .map(|(k, r)| (k, r.image_id))
        .collect()
}

fn table(store: &Store<MemoryBackend>, t: Table) -> Vec<(String, Vec<u8>)> {
    block_on(store.backend().scan(t, "")).unwrap()
}

fn assert_valid(store: &Store<MemoryBackend>) {
    let problems = block_on(store.validate(Strictness::Always)).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `TestTagUnprefixedRepoByName` and `TestTagUnprefixedRepoByID` (and the ID's short
/// forms): the new tag points at the same image and carries no repository digest.
#[test]
fn tag_by_name_and_by_id() {
    let (store, busybox) = fixture();
    tag(&store, "busybox:latest", "testfoobarbaz").unwrap();
    assert_eq!(lookup(&store, "testfoobarbaz").unwrap(), busybox.id);
    assert_eq!(
        block_on(store.reference("docker.io/library/testfoobarbaz:latest")).unwrap(),
        Some(RefRecord {
            image_id: busybox.id.clone(),
            repo_digest: None
        })
    );
    let hex = busybox.id.hex();
    for (n, source) in [
        busybox.id.to_string(),
        hex.to_owned(),
        hex[..12].to_owned(),
        hex[..1].to_owned(),
        format!("sha256:{}", &hex[..7]),
    ]
    .iter()
    .enumerate()
    {
        let target = format!("by-id:{n}");
        tag(&store, source, &target).unwrap();
        assert_eq!(lookup(&store, &target).unwrap(), busybox.id, "{source}");
    }
    // `docker images` shows the new tags with no digest.
    let images = block_on(store.images()).unwrap();
    let all = block_on(store.refs()).unwrap();
    let rows = image_summaries(&images, &all);
    let row = rows
        .iter()
        .find(|r| r.repository == "testfoobarbaz")
        .unwrap();
    assert_eq!((row.tag.as_str(), &row.digest), ("latest", &None));
    assert_valid(&store);
}

/// `TestTagInvalidUnprefixedRepo` and `TestTagInvalidPrefixedRepo`: the client refuses
/// them, with Go's `%q` of the argument and the reference parser's words.
#[test]
fn tag_invalid_targets() {
    let (store, _) = fixture();
    let before = table(&store, Table::Refs);
    let invalid_format = "invalid reference format";
    let long = "aBcDeFgHiJ".repeat(12) + "k";
    assert_eq!(long.len(), 121);
    let cases: Vec<(&str, String)> = vec![
        ("fo$z$", invalid_format.into()),
        (
            "Foo@3cc",
            "invalid reference format: repository name (library/Foo@3cc) must be lowercase".into(),
        ),
        (
            "Foo$3",
            "invalid reference format: repository name (library/Foo$3) must be lowercase".into(),
        ),
        ("F)xcz(", "invalid reference format: repository name (library/F)xcz() must be lowercase".into()),
        ("fo%asd", invalid_format.into()),
        ("repo:fo$z$", invalid_format.into()),
        ("repo:Foo@3cc", invalid_format.into()),
        ("repo:Foo*3", invalid_format.into()),
        ("repo:%goodbye", invalid_format.into()),
        ("repo:#hashtagit", invalid_format.into()),
        ("repo:-foo", invalid_format.into()),
        ("repo:..", invalid_format.into()),
        (
            &long,
            format!("invalid reference format: repository name (library/{long}) must be lowercase"),
        ),
        // `TestTagWithPrefixHyphen`.
        ("-busybox:test", invalid_format.into()),
        ("-test/busybox:test", invalid_format.into()),
        ("-index:5000/busybox:test", invalid_format.into()),
        (
            "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "invalid repository name (dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c), cannot specify 64-byte hexadecimal strings".into(),
        ),
        // Go makes it `docker.io/library/` first, which does not parse.
        ("", invalid_format.into()),
    ];
    for (target, reason) in cases {
        let err = block_on(store.tag("busybox", target)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "error parsing reference: \"{target}\" is not a valid repository/tag: {reason}"
            ),
        );
        assert!(err.is_client_side());
        assert_eq!(err.cli_message(), err.to_string());
    }
    // Go's %q escapes what needs it.
    let err = block_on(store.tag("busybox", "a\"b\n")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "error parsing reference: \"a\\\"b\\n\" is not a valid repository/tag: invalid reference format"
    );
    // An invalid source is refused the same way, before anything is looked up.
    let err = block_on(store.tag("Foo", "bar")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "error parsing reference: \"Foo\" is not a valid repository/tag: invalid reference format: repository name (library/Foo) must be lowercase"
    );
    assert_eq!(table(&store, Table::Refs), before);
}

/// `TestTagValidPrefixedRepo`: stored under their canonical names.
#[test]
fn tag_valid_targets() {
    let (store, busybox) = fixture();
    for (target, key) in [
        ("fooo/bar", "docker.io/fooo/bar:latest"),
        ("fooaa/test", "docker.io/fooaa/test:latest"),
        ("foooo:t", "docker.io/library/foooo:t"),
        (
            "HOSTNAME.DOMAIN.COM:443/foo/bar",
            "HOSTNAME.DOMAIN.COM:443/foo/bar:latest",
        ),
        ("localhost/app:v1", "localhost/app:v1"),
        ("[::1]:5000/app", "[::1]:5000/app:latest"),
    ] {
        tag(&store, "busybox:latest", target).unwrap();
        assert_eq!(
            block_on(store.reference(key)).unwrap().map(|r| r.image_id),
            Some(busybox.id.clone()),
            "{target}"
        );
        assert_eq!(lookup(&store, target).unwrap(), busybox.id);
    }
    assert_valid(&store);
}

/// `TestTagExistedNameWithoutForce`: an existing tag is moved (the daemon tags with
/// force); an image left without references becomes dangling (`<none> <none>`).
#[test]
fn tag_moves_an_existing_tag() {
    let (store, busybox) = fixture();
    tag(&store, "busybox:latest", "busybox:test").unwrap();
    let other = image(&store, "other", &["docker.io/library/other:latest"]);
    tag(&store, "other", "busybox:test").unwrap();
    assert_eq!(lookup(&store, "busybox:test").unwrap(), other.id);
    assert_eq!(lookup(&store, "busybox").unwrap(), busybox.id);
    // other:latest moves to busybox: the other image has no reference left.
    tag(&store, "busybox:latest", "other").unwrap();
    tag(&store, "busybox:latest", "busybox:test").unwrap();
    let images = block_on(store.images()).unwrap();
    let all = block_on(store.refs()).unwrap();
    let rows = image_summaries(&images, &all);
    let dangling: Vec<_> = rows.iter().filter(|r| r.repository == "<none>").collect();
    assert_eq!(dangling.len(), 1);
    assert_eq!(dangling[0].image_id, other.id);
    assert_valid(&store);
}

/// Tagging again what is already tagged so changes nothing at all.
#[test]
fn tag_again_is_a_no_op() {
    let (store, _) = fixture();
    tag(&store, "busybox", "again:1").unwrap();
    let (images, all) = (table(&store, Table::Images), table(&store, Table::Refs));
    tag(&store, "busybox", "again:1").unwrap();
    tag(&store, "busybox:latest", "busybox").unwrap();
    assert_eq!(table(&store, Table::Images), images);
    assert_eq!(table(&store, Table::Refs), all);
}

/// `TestTagOfficialNames`: every spelling of an official image is one name.
#[test]
fn tag_official_names() {
    let (store, busybox) = fixture();
    let mut expected = refs(&store);
    for name in [
        "docker.io/busybox",
        "index.docker.io/busybox",
        "library/busybox",
        "docker.io/library/busybox",
        "index.docker.io/library/busybox",
    ] {
        tag(&store, "busybox", &format!("{name}:latest")).unwrap();
        assert_eq!(refs(&store), expected, "{name}");
        tag(&store, &format!("{name}:latest"), "fooo/bar:latest").unwrap();
        assert_eq!(lookup(&store, "fooo/bar").unwrap(), busybox.id);
        if expected.len() == 2 {
            expected.insert(0, ("docker.io/fooo/bar:latest".into(), busybox.id.clone()));
        }
    }
    assert_valid(&store);
}

/// `TestTagMatchesDigest`: a digest target is refused (client side), and nothing answers
/// to it afterwards.
#[test]
fn tag_with_digest_is_refused() {
    let (store, _) = fixture();
    let digest = "busybox@sha256:abcdef76720241213f5303bda7704ec4c2ef75613173910a56fb1b6e20251507";
    let err = block_on(store.tag("busybox:latest", digest)).unwrap_err();
    assert_eq!(err, Error::TagWithDigest);
    assert_eq!(
        err.cli_message(),
        "refusing to create a tag with a digest reference"
    );
    let err =
        block_on(store.tag("busybox:latest", &format!("busybox:1{}", &digest[7..]))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "refusing to create a tag with a digest reference"
    );
    assert_eq!(
        lookup(&store, digest).unwrap_err(),
        format!("No such image: {digest}")
    );
}

/// `TestTagInvalidRepoName` / `TestTagUsingDigestAlgorithmAsName`: a repository named like
/// the digest algorithm (the daemon refuses it).
#[test]
fn tag_named_like_the_digest_algorithm() {
    let (store, _) = fixture();
    for target in ["sha256:sometag", "sha256", "docker.io/library/sha256:x"] {
        let err = block_on(store.tag("busybox:latest", target)).unwrap_err();
        assert_eq!(err, Error::AmbiguousTagName, "{target}");
        assert_eq!(
            err.cli_message(),
            "Error response from daemon: refusing to create an ambiguous tag using digest algorithm as name"
        );
    }
    // Not on another registry or namespace.
    tag(&store, "busybox", "example.com/sha256:x").unwrap();
    tag(&store, "busybox", "me/sha256:x").unwrap();
}

/// `TestTagByDigest`: the source may be `name@digest`.
#[test]
fn tag_by_digest_source() {
    let store = Store::new(MemoryBackend::new());
    let repo = "127.0.0.1:5000/dockercli/busybox-by-dgst";
    let img = image(&store, "by-digest", &[&format!("{repo}@DIGEST")]);
    let by_digest = format!("{repo}@{}", img.manifest_digest);
    tag(&store, &by_digest, "tagbydigest").unwrap();
    assert_eq!(
        lookup(&store, "tagbydigest").unwrap(),
        lookup(&store, &by_digest).unwrap()
    );
    assert_valid(&store);
}

/// Unknown and ambiguous sources: the daemon's "No such image" with the default tag.
#[test]
fn tag_unknown_source() {
    let (store, busybox) = fixture();
    let err = block_on(store.tag("nothere", "x")).unwrap_err();
    assert_eq!(
        err.cli_message(),
        "Error response from daemon: No such image: nothere:latest"
    );
    let first = busybox.id.hex()[..1].to_owned();
    let twin = (0..)
        .map(|n| format!("twin-{n}"))
        .find(|s| Digest::sha256_of(config_json(s).as_bytes()).hex()[..1] == first)
        .unwrap();
    image(&store, &twin, &[]);
    assert_eq!(
        tag(&store, &first, "x").unwrap_err(),
        format!("No such image: {first}:latest")
    );
    let unknown = Digest::sha256_of(b"nothing");
    assert_eq!(
        tag(&store, unknown.hex(), "x").unwrap_err(),
        format!("No such image: {unknown}")
    );
    assert!(
        block_on(store.reference("docker.io/library/x:latest"))
            .unwrap()
            .is_none()
    );
}

/// GetImage's order: a name first, then a full ID, then an ID prefix.
#[test]
fn lookup_prefers_names_to_id_prefixes() {
    let (store, busybox) = fixture();
    let other = image(&store, "other", &[]);
    let prefix = &other.id.hex()[..6];
    tag(&store, "busybox", prefix).unwrap();
    assert_eq!(lookup(&store, prefix).unwrap(), busybox.id);
    // `sha256:<prefix>` is the name `sha256` with a tag, absent: a prefix then.
    assert_eq!(
        lookup(&store, &format!("sha256:{prefix}")).unwrap(),
        other.id
    );
    assert_eq!(lookup(&store, &other.id.hex()[..7]).unwrap(), other.id);
    // A full ID is only ever an ID.
    assert_eq!(lookup(&store, other.id.hex()).unwrap(), other.id);
    assert_eq!(
        lookup(
            &store,
            "sha256:0000000000000000000000000000000000000000000000000000000000000000"
        )
        .unwrap_err(),
        "No such image: sha256:0000000000000000000000000000000000000000000000000000000000000000"
    );
    assert_eq!(
        lookup(&store, "Upper").unwrap_err(),
        "invalid reference format: repository name (library/Upper) must be lowercase"
    );
}

/// What another tab does, once.
type Hook = std::rc::Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

/// A backend that lets another tab commit once, right before this tab's next commit.
#[derive(Clone)]
struct Interleaved {
    inner: MemoryBackend,
    before_commit: Hook,
}

impl Backend for Interleaved {
    async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error> {
        self.inner.get(table, key).await
    }

    async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        self.inner.scan(table, prefix).await
    }

    async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error> {
        self.inner.keys(table, prefix).await
    }

    async fn commit(&self, ops: Vec<Op>) -> Result<(), Error> {
        let hook = self.before_commit.borrow_mut().take();
        if let Some(hook) = hook {
            hook();
        }
        self.inner.commit(ops).await
    }
}

/// Another tab deletes the source between this tag's reads and its commit: the retry
/// finds no such image, and no reference is left pointing at nothing.
#[test]
fn tag_retries_when_the_source_goes() {
    let (store, _) = fixture();
    let tab = Store::new(Interleaved {
        inner: store.backend().clone(),
        before_commit: Default::default(),
    });
    let other = Store::new(store.backend().clone());
    *tab.backend().before_commit.borrow_mut() = Some(Box::new(move || {
        block_on(other.remove("busybox", RemoveOptions::default())).unwrap();
    }));
    let err = block_on(tab.tag("busybox", "keep:1")).unwrap_err();
    assert_eq!(err.to_string(), "No such image: busybox:latest");
    assert!(refs(&store).is_empty());
    assert_valid(&store);
}

/// Another tab moves the target tag meanwhile: the retry overwrites it again.
#[test]
fn tag_retries_when_the_target_moves() {
    let (store, busybox) = fixture();
    let other_image = image(&store, "other", &["docker.io/library/other:latest"]);
    let tab = Store::new(Interleaved {
        inner: store.backend().clone(),
        before_commit: Default::default(),
    });
    let other = Store::new(store.backend().clone());
    *tab.backend().before_commit.borrow_mut() = Some(Box::new(move || {
        block_on(other.tag("other", "shared:1")).unwrap();
    }));
    block_on(tab.tag("busybox", "shared:1")).unwrap();
    assert_eq!(lookup(&store, "shared:1").unwrap(), busybox.id);
    assert_eq!(lookup(&store, "other").unwrap(), other_image.id);
    assert_valid(&store);
}
