//! One conformance suite for every [`Backend`]: run natively on [`crate::MemoryBackend`] and
//! in headless Chromium on the IndexedDB backend.
//!
//! Each case gets a fresh, empty backend from the caller's factory (called with the case's
//! name, which an IndexedDB backend can use as a database name). A failed check panics with
//! the case name and what differed.

use std::future::Future;

use berth_oci::Digest;

use crate::{
    Backend, CHUNK_SIZE, Error, ImageRecord, ImageState, LayerRecord, Op, RefRecord, Store,
    Strictness, Table, UPLOAD_LEASE_MS, UPLOAD_STALE_MS,
};

/// The names of the cases, in the order [`run_all`] runs them.
pub const CASES: &[&str] = &[
    "backend-basics",
    "atomic-commit",
    "blob-round-trip",
    "digest-mismatch",
    "size-mismatch",
    "image-needs-its-blobs",
    "image-commit-and-update",
    "cleanup",
    "racing-writers",
    "tag-and-remove",
    "remove-race",
];

/// Runs every case; `fresh(name)` must return an empty backend.
pub async fn run_all<B, F, Fut>(fresh: F)
where
    B: Backend,
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = B>,
{
    for name in CASES {
        run(name, fresh(name).await).await;
    }
}

/// Runs one case by name on an empty backend.
pub async fn run<B: Backend>(name: &str, backend: B) {
    match name {
        "backend-basics" => backend_basics(backend).await,
        "atomic-commit" => atomic_commit(backend).await,
        "blob-round-trip" => blob_round_trip(Store::new(backend)).await,
        "digest-mismatch" => digest_mismatch(Store::new(backend)).await,
        "size-mismatch" => size_mismatch(Store::new(backend)).await,
        "image-needs-its-blobs" => image_needs_its_blobs(Store::new(backend)).await,
        "image-commit-and-update" => image_commit_and_update(Store::new(backend)).await,
        "cleanup" => cleanup(Store::new(backend)).await,
        "racing-writers" => racing_writers(Store::new(backend)).await,
        "tag-and-remove" => tag_and_remove(Store::new(backend)).await,
        "remove-race" => remove_race(backend).await,
        other => panic!("no conformance case {other:?}"),
    }
}

fn put(table: Table, key: &str, value: &[u8]) -> Op {
    Op::Put {
        table,
        key: key.into(),
        value: value.to_vec(),
    }
}

/// Deterministic bytes that do not repeat with the chunk size.
fn payload(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[1] ^ seed)
        .collect()
}

async fn assert_valid<B: Backend>(store: &Store<B>, strictness: Strictness, case: &str) {
    let problems = store.validate(strictness).await.expect("validate");
    assert!(
        problems.is_empty(),
        "{case}: invariants broken: {problems:#?}"
    );
}

async fn backend_basics<B: Backend>(b: B) {
    assert_eq!(b.get(Table::Refs, "a").await.unwrap(), None);
    b.commit(vec![
        put(Table::Refs, "b/2", b"two"),
        put(Table::Refs, "a", b"one"),
        put(Table::Refs, "b/1", b"uno"),
        put(Table::Refs, "c", b"three"),
        put(Table::Images, "b/1", b"other table"),
    ])
    .await
    .unwrap();
    assert_eq!(
        b.get(Table::Refs, "a").await.unwrap().as_deref(),
        Some(&b"one"[..])
    );
    assert_eq!(
        b.keys(Table::Refs, "").await.unwrap(),
        vec!["a", "b/1", "b/2", "c"],
        "backend-basics: keys sort as strings"
    );
    assert_eq!(
        b.scan(Table::Refs, "b/").await.unwrap(),
        vec![
            ("b/1".to_string(), b"uno".to_vec()),
            ("b/2".to_string(), b"two".to_vec())
        ]
    );
    b.commit(vec![put(Table::Refs, "a", b"ONE")]).await.unwrap();
    assert_eq!(
        b.get(Table::Refs, "a").await.unwrap().as_deref(),
        Some(&b"ONE"[..])
    );
    b.commit(vec![
        Op::DeletePrefix {
            table: Table::Refs,
            prefix: "b/".into(),
        },
        Op::Delete {
            table: Table::Refs,
            key: "missing".into(),
        },
    ])
    .await
    .unwrap();
    assert_eq!(b.keys(Table::Refs, "").await.unwrap(), vec!["a", "c"]);
    assert_eq!(b.keys(Table::Images, "").await.unwrap(), vec!["b/1"]);
    // Binary values and an empty value survive as they are.
    let binary: Vec<u8> = (0..=255).collect();
    b.commit(vec![
        put(Table::Chunks, "bin", &binary),
        put(Table::Chunks, "empty", b""),
    ])
    .await
    .unwrap();
    assert_eq!(b.get(Table::Chunks, "bin").await.unwrap(), Some(binary));
    assert_eq!(b.get(Table::Chunks, "empty").await.unwrap(), Some(vec![]));
}

async fn atomic_commit<B: Backend>(b: B) {
    b.commit(vec![put(Table::Refs, "x", b"1")]).await.unwrap();
    // A failing expectation anywhere in the commit applies nothing.
    let err = b
        .commit(vec![
            put(Table::Refs, "y", b"2"),
            Op::Delete {
                table: Table::Refs,
                key: "x".into(),
            },
            Op::Expect {
                table: Table::Refs,
                key: "x".into(),
                value: Some(b"other".to_vec()),
            },
        ])
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::Conflict {
            table: "refs",
            key: "x".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "storage conflict on refs x: changed by another writer, try again"
    );
    assert_eq!(b.keys(Table::Refs, "").await.unwrap(), vec!["x"]);
    let err = b
        .commit(vec![
            put(Table::Refs, "y", b"2"),
            Op::ExpectPresent {
                table: Table::Blobs,
                key: "nope".into(),
            },
        ])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Conflict { table: "blobs", .. }),
        "{err:?}"
    );
    assert_eq!(b.get(Table::Refs, "y").await.unwrap(), None);
    // Expectations that hold let the commit through.
    b.commit(vec![
        Op::Expect {
            table: Table::Refs,
            key: "x".into(),
            value: Some(b"1".to_vec()),
        },
        Op::Expect {
            table: Table::Refs,
            key: "y".into(),
            value: None,
        },
        Op::ExpectPresent {
            table: Table::Refs,
            key: "x".into(),
        },
        put(Table::Refs, "y", b"2"),
    ])
    .await
    .unwrap();
    assert_eq!(b.keys(Table::Refs, "").await.unwrap(), vec!["x", "y"]);
}

async fn blob_round_trip<B: Backend>(store: Store<B>) {
    let data = payload(2 * CHUNK_SIZE + CHUNK_SIZE / 2 + 7, 1);
    let digest = Digest::sha256_of(&data);
    assert_eq!(store.blob(&digest).await.unwrap(), None);
    let mut w = store
        .begin_blob(
            &digest,
            data.len() as u64,
            "application/octet-stream",
            "w1",
            1.0,
        )
        .await
        .unwrap();
    // Odd-sized pieces, as a network stream delivers them.
    for piece in data.chunks(65_521) {
        w.write(piece, 2.0).await.unwrap();
    }
    assert_eq!(w.written(), data.len() as u64);
    // Not visible before it is verified.
    assert_eq!(store.blob(&digest).await.unwrap(), None);
    let info = w.finish(3.0).await.unwrap();
    assert_eq!(info.size, data.len() as u64);
    assert_eq!(info.chunks, 3);
    assert_eq!(store.blob(&digest).await.unwrap(), Some(info.clone()));
    assert_eq!(store.read_blob(&digest).await.unwrap(), data);
    let (_, keys) = store.chunk_keys(&digest).await.unwrap();
    assert_eq!(keys.len(), 3);
    assert_eq!(
        store.read_chunk(&keys[2]).await.unwrap().len(),
        CHUNK_SIZE / 2 + 7
    );
    assert!(
        store
            .backend()
            .keys(Table::Uploads, "")
            .await
            .unwrap()
            .is_empty()
    );
    // A small blob in one go; the empty blob too.
    let small = br#"{"schemaVersion":2}"#;
    let d = Digest::sha256_of(small);
    store
        .put_blob(
            &d,
            "application/vnd.oci.image.manifest.v1+json",
            small,
            "w2",
            4.0,
        )
        .await
        .unwrap();
    assert_eq!(store.read_blob(&d).await.unwrap(), small);
    let empty = Digest::sha256_of(b"");
    let info = store.put_blob(&empty, "x", b"", "w3", 4.0).await.unwrap();
    assert_eq!((info.size, info.chunks), (0, 0));
    assert_eq!(store.read_blob(&empty).await.unwrap(), b"");
    assert_valid(&store, Strictness::Always, "blob-round-trip").await;
}

async fn digest_mismatch<B: Backend>(store: Store<B>) {
    let data = payload(CHUNK_SIZE + 10, 2);
    let claimed = Digest::sha256_of(b"something else");
    let mut w = store
        .begin_blob(&claimed, data.len() as u64, "x", "w1", 1.0)
        .await
        .unwrap();
    w.write(&data, 1.0).await.unwrap();
    let err = w.finish(2.0).await.unwrap_err();
    let actual = Digest::sha256_of(&data);
    assert_eq!(
        err.to_string(),
        format!("digest mismatch for blob {claimed}: got {actual}")
    );
    assert_eq!(store.blob(&claimed).await.unwrap(), None);
    for table in [Table::Blobs, Table::Chunks, Table::Uploads] {
        assert!(
            store.backend().keys(table, "").await.unwrap().is_empty(),
            "digest-mismatch: {} not empty",
            table.name()
        );
    }
    assert_valid(&store, Strictness::AfterCleanup, "digest-mismatch").await;
}

async fn size_mismatch<B: Backend>(store: Store<B>) {
    let data = payload(100, 3);
    let digest = Digest::sha256_of(&data);
    // More bytes than the descriptor says: refused at once.
    let mut w = store.begin_blob(&digest, 99, "x", "w1", 1.0).await.unwrap();
    let err = w.write(&data, 1.0).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("size mismatch for blob {digest}: expected 99 bytes, got 100")
    );
    w.abort().await.unwrap();
    // Fewer bytes: refused at the end.
    let mut w = store
        .begin_blob(&digest, 101, "x", "w2", 1.0)
        .await
        .unwrap();
    w.write(&data, 1.0).await.unwrap();
    let err = w.finish(1.0).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("size mismatch for blob {digest}: expected 101 bytes, got 100")
    );
    assert_eq!(store.blob(&digest).await.unwrap(), None);
    assert_valid(&store, Strictness::AfterCleanup, "size-mismatch").await;
}

/// Stores a config and `layers` small layers plus a manifest; returns the image record.
async fn sample_image<B: Backend>(store: &Store<B>, seed: u8, layers: usize) -> ImageRecord {
    let mut layer_records = Vec::new();
    for i in 0..layers {
        let data = payload(1000 + i, seed.wrapping_add(i as u8));
        let d = Digest::sha256_of(&data);
        store
            .put_blob(
                &d,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                &data,
                "w",
                1.0,
            )
            .await
            .unwrap();
        layer_records.push(LayerRecord {
            digest: d,
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
            size: data.len() as u64,
            diff_id: None,
            uncompressed_size: None,
        });
    }
    let config = format!(r#"{{"architecture":"amd64","os":"linux","seed":{seed}}}"#);
    let config_digest = Digest::sha256_of(config.as_bytes());
    store
        .put_blob(
            &config_digest,
            "application/vnd.oci.image.config.v1+json",
            config.as_bytes(),
            "w",
            1.0,
        )
        .await
        .unwrap();
    let manifest = format!(r#"{{"schemaVersion":2,"config":"{config_digest}","seed":{seed}}}"#);
    let manifest_digest = Digest::sha256_of(manifest.as_bytes());
    store
        .put_blob(
            &manifest_digest,
            "application/vnd.oci.image.manifest.v1+json",
            manifest.as_bytes(),
            "w",
            1.0,
        )
        .await
        .unwrap();
    ImageRecord {
        id: config_digest,
        manifest_digest,
        index_digest: None,
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        manifest_size: manifest.len() as u64,
        config_size: config.len() as u64,
        layers: layer_records,
        created: Some("2026-11-01T00:00:00Z".into()),
        platform: "linux/amd64".into(),
        labels: Default::default(),
        parent: None,
        ref_epoch: 0,
        pulled_at: 1.0,
        state: ImageState::Verifying,
    }
}

async fn image_needs_its_blobs<B: Backend>(store: Store<B>) {
    let mut image = sample_image(&store, 10, 2).await;
    let missing = Digest::sha256_of(b"never stored");
    image.layers[1].digest = missing.clone();
    let reference = "127.0.0.1:5000/a/b:1".to_string();
    let record = RefRecord {
        image_id: image.id.clone(),
        repo_digest: None,
    };
    let err = store
        .commit_image(&image, &[(reference.clone(), record)], None)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("blob {missing} is not in the store")
    );
    assert_eq!(store.images().await.unwrap(), vec![]);
    assert_eq!(store.reference(&reference).await.unwrap(), None);
    assert_valid(&store, Strictness::Always, "image-needs-its-blobs").await;
}

async fn image_commit_and_update<B: Backend>(store: Store<B>) {
    let image = sample_image(&store, 20, 3).await;
    let refs = vec![
        (
            "127.0.0.1:5000/a/b:1".to_string(),
            RefRecord {
                image_id: image.id.clone(),
                repo_digest: Some(image.manifest_digest.clone()),
            },
        ),
        (
            format!("127.0.0.1:5000/a/b@{}", image.manifest_digest),
            RefRecord {
                image_id: image.id.clone(),
                repo_digest: Some(image.manifest_digest.clone()),
            },
        ),
    ];
    store
        .hold_lease("pull-1", image.blobs().cloned(), 1.0)
        .await
        .unwrap();
    store
        .commit_image(&image, &refs, Some("pull-1"))
        .await
        .unwrap();
    assert_eq!(store.images().await.unwrap(), vec![image.clone()]);
    assert_eq!(store.refs().await.unwrap(), refs);
    assert!(
        store
            .backend()
            .keys(Table::Leases, "")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(image.content_size(), image.config_size + 1000 + 1001 + 1002);
    assert_eq!(image.size(), None);

    let updated = store
        .update_image(&image.id, |i| {
            for (n, l) in i.layers.iter_mut().enumerate() {
                l.uncompressed_size = Some(4096 * (n as u64 + 1));
            }
            i.state = ImageState::Ready;
        })
        .await
        .unwrap();
    assert_eq!(updated.size(), Some(4096 * 6));
    assert_eq!(store.image(&image.id).await.unwrap(), Some(updated));

    // Deleting takes the image and its references; cleanup then frees its blobs.
    let removed = store.delete_image(&image.id).await.unwrap();
    assert_eq!(
        removed,
        refs.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
    );
    assert_eq!(store.images().await.unwrap(), vec![]);
    assert_eq!(store.refs().await.unwrap(), vec![]);
    let err = store.delete_image(&image.id).await.unwrap_err();
    assert_eq!(err.to_string(), format!("No such image: {}", image.id));
    let report = store.cleanup(2.0).await.unwrap();
    assert_eq!(report.unreferenced_blobs, 5, "{report:?}");
    assert!(
        store
            .backend()
            .keys(Table::Chunks, "")
            .await
            .unwrap()
            .is_empty()
    );
    let err = store
        .update_image(&Digest::sha256_of(b"nope"), |_| {})
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("No such image: sha256:"),
        "{err}"
    );
    assert_valid(&store, Strictness::AfterCleanup, "image-commit-and-update").await;
}

async fn cleanup<B: Backend>(store: Store<B>) {
    let t0 = 1_000_000.0;
    // An image whose blobs are all referenced.
    let image = sample_image(&store, 30, 1).await;
    store.commit_image(&image, &[], None).await.unwrap();
    // A completed blob of a failed pull, under a lease.
    let leased = payload(500, 31);
    let leased_digest = Digest::sha256_of(&leased);
    store
        .put_blob(&leased_digest, "x", &leased, "w", t0)
        .await
        .unwrap();
    store
        .hold_lease("pull-9", [leased_digest.clone()], t0)
        .await
        .unwrap();
    // An upload in progress and one abandoned mid-way.
    let live = payload(CHUNK_SIZE + 1, 32);
    let live_digest = Digest::sha256_of(&live);
    let mut w = store
        .begin_blob(&live_digest, live.len() as u64, "x", "tab-a", t0)
        .await
        .unwrap();
    w.write(&live, t0).await.unwrap();
    let dead = payload(CHUNK_SIZE + 1, 33);
    let dead_digest = Digest::sha256_of(&dead);
    let mut dead_writer = store
        .begin_blob(
            &dead_digest,
            dead.len() as u64 + 5,
            "x",
            "tab-b",
            t0 - UPLOAD_STALE_MS - 1.0,
        )
        .await
        .unwrap();
    dead_writer
        .write(&dead, t0 - UPLOAD_STALE_MS - 1.0)
        .await
        .unwrap();
    drop(dead_writer);
    // A chunk that belongs to nothing (say, a crash between writes).
    store
        .backend()
        .commit(vec![put(
            Table::Chunks,
            &format!("{dead_digest}/ghost/00000000"),
            b"boo",
        )])
        .await
        .unwrap();

    let report = store.cleanup(t0).await.unwrap();
    assert_eq!(report.stale_uploads, 1, "{report:?}");
    assert_eq!(report.orphan_chunk_groups, 1, "{report:?}");
    assert_eq!(report.unreferenced_blobs, 0, "{report:?}");
    assert_eq!(report.expired_leases, 0, "{report:?}");
    assert!(
        store.blob(&leased_digest).await.unwrap().is_some(),
        "lease ignored"
    );
    assert!(
        !store
            .backend()
            .keys(Table::Chunks, &format!("{live_digest}/tab-a/"))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .backend()
            .keys(Table::Chunks, &format!("{dead_digest}/"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_valid(&store, Strictness::Always, "cleanup").await;

    // The live upload finishes; later its blob is unreferenced, the lease expires.
    w.finish(t0 + 1.0).await.unwrap();
    let later = t0 + UPLOAD_LEASE_MS + 1.0;
    let report = store.cleanup(later).await.unwrap();
    assert_eq!(report.expired_leases, 1, "{report:?}");
    assert_eq!(report.unreferenced_blobs, 2, "{report:?}");
    assert!(store.blob(&leased_digest).await.unwrap().is_none());
    assert!(store.blob(&live_digest).await.unwrap().is_none());
    assert_eq!(store.images().await.unwrap(), vec![image.clone()]);
    assert_eq!(
        store
            .read_blob(&image.layers[0].digest)
            .await
            .unwrap()
            .len(),
        1000
    );
    assert_valid(&store, Strictness::AfterCleanup, "cleanup").await;
    // Nothing left to do.
    assert_eq!(store.cleanup(later).await.unwrap(), Default::default());
}

async fn racing_writers<B: Backend>(store: Store<B>) {
    let data = payload(CHUNK_SIZE + 3, 40);
    let digest = Digest::sha256_of(&data);
    let mut a = store
        .begin_blob(&digest, data.len() as u64, "x", "tab-a", 1.0)
        .await
        .unwrap();
    let mut b = store
        .begin_blob(&digest, data.len() as u64, "x", "tab-b", 1.0)
        .await
        .unwrap();
    // One writer name, one upload: a second "tab-a" is refused and a's upload goes on.
    match store
        .begin_blob(&digest, data.len() as u64, "x", "tab-a", 1.0)
        .await
    {
        Err(Error::Conflict { table, .. }) => assert_eq!(table, Table::Uploads.name()),
        other => panic!(
            "racing-writers: a second writer named tab-a: {:?}",
            other.err()
        ),
    }
    a.write(&data[..10], 1.0).await.unwrap();
    b.write(&data, 1.0).await.unwrap();
    a.write(&data[10..], 1.0).await.unwrap();
    let first = b.finish(2.0).await.unwrap();
    let second = a.finish(3.0).await.unwrap();
    // The first to finish wins; the second's copy is dropped.
    assert_eq!(first.writer, "tab-b");
    assert_eq!(second, first);
    assert_eq!(store.read_blob(&digest).await.unwrap(), data);
    assert!(
        store
            .backend()
            .keys(Table::Chunks, &format!("{digest}/tab-a/"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_valid(&store, Strictness::Always, "racing-writers").await;
}

async fn tag_and_remove<B: Backend>(store: Store<B>) {
    rmi_cases::tag_and_remove(store).await
}

async fn remove_race<B: Backend>(backend: B) {
    rmi_cases::remove_race(backend).await
}

/// The `docker tag` / `docker rmi` cases and what they need.
mod rmi_cases {
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use berth_oci::Digest;

    use super::{assert_valid, payload};
    use crate::{
        Backend, Error, ImageRecord, ImageState, LayerRecord, MemoryBackend, Op, RefRecord,
        RemoveLine, RemoveOptions, Store, Strictness, Table, short_id,
    };

    /// A layer's uncompressed digest in these fixtures.
    fn diff_id(layer: &str) -> Digest {
        Digest::sha256_of(format!("diff:{layer}").as_bytes())
    }

    /// A layer's compressed bytes in these fixtures.
    fn layer_blob(layer: &str) -> Vec<u8> {
        let seed = layer
            .bytes()
            .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
        let mut data = format!("layer:{layer}:").into_bytes();
        data.extend(payload(300, seed));
        data
    }

    /// Chain IDs, computed here from the image-spec's definition.
    fn chain(layers: &[&str]) -> Digest {
        let mut id = diff_id(layers[0]);
        for layer in &layers[1..] {
            id = Digest::sha256_of(format!("{id} {}", diff_id(layer)).as_bytes());
        }
        id
    }

    /// Stores the blobs of an image with these layers (a real config with `diff_ids`) and
    /// commits it with `refs` (canonical references, `@DIGEST` for the manifest's); returns
    /// its record and references.
    pub(super) async fn image<B: Backend>(
        store: &Store<B>,
        seed: &str,
        layers: &[&str],
        parent: Option<&ImageRecord>,
        refs: &[&str],
    ) -> (ImageRecord, Vec<(String, RefRecord)>) {
        let mut records = Vec::new();
        for layer in layers {
            let data = layer_blob(layer);
            let digest = Digest::sha256_of(&data);
            // A layer of an earlier image is there already (and a second writer with the
            // same name would drop the first one's chunks).
            if store.blob(&digest).await.unwrap().is_none() {
                store
                    .put_blob(
                        &digest,
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        &data,
                        "w",
                        1.0,
                    )
                    .await
                    .unwrap();
            }
            records.push(LayerRecord {
                digest,
                media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
                size: data.len() as u64,
                diff_id: None,
                uncompressed_size: None,
            });
        }
        let diff_ids: Vec<String> = layers
            .iter()
            .map(|l| format!("\"{}\"", diff_id(l)))
            .collect();
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"seed":"{seed}"}}}},"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
            diff_ids.join(",")
        );
        let id = Digest::sha256_of(config.as_bytes());
        store
            .put_blob(
                &id,
                "application/vnd.oci.image.config.v1+json",
                config.as_bytes(),
                "w",
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
                "w",
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
            layers: records,
            created: Some("2026-11-01T00:00:00Z".into()),
            platform: "linux/amd64".into(),
            labels: Default::default(),
            parent: parent.map(|p| p.id.clone()),
            ref_epoch: 0,
            pulled_at: 1.0,
            state: ImageState::Verifying,
        };
        let refs: Vec<(String, RefRecord)> = refs
            .iter()
            .map(|r| {
                let r = r.replace("@DIGEST", &format!("@{manifest_digest}"));
                let record = RefRecord {
                    image_id: id.clone(),
                    repo_digest: Some(manifest_digest.clone()),
                };
                (r, record)
            })
            .collect();
        store.commit_image(&image, &refs, None).await.unwrap();
        (image, refs)
    }

    fn untagged(r: &str) -> RemoveLine {
        RemoveLine::Untagged(r.to_owned())
    }

    fn deleted(d: &Digest) -> RemoveLine {
        RemoveLine::Deleted(d.clone())
    }

    async fn rmi<B: Backend>(
        store: &Store<B>,
        target: &str,
        force: bool,
    ) -> Result<Vec<RemoveLine>, Error> {
        let options = RemoveOptions {
            force,
            no_prune: false,
        };
        store.remove(target, options).await
    }

    pub(super) async fn tag_and_remove<B: Backend>(store: Store<B>) {
        const CASE: &str = "tag-and-remove";
        let (hello, _) = image(
            &store,
            "hello",
            &["base", "hello"],
            None,
            &[
                "127.0.0.1:5000/berth/hello:1.0",
                "127.0.0.1:5000/berth/hello@DIGEST",
            ],
        )
        .await;
        let (world, _) = image(
            &store,
            "world",
            &["base", "world"],
            None,
            &["127.0.0.1:5000/berth/world:latest"],
        )
        .await;
        let hello_digest = format!("127.0.0.1:5000/berth/hello@{}", hello.manifest_digest);

        // Tag by short ID, by name; the tags point at the same image.
        store.tag(&short_id(&hello.id), "hello:2").await.unwrap();
        store
            .tag(
                "127.0.0.1:5000/berth/hello:1.0",
                "127.0.0.1:5000/berth/hello",
            )
            .await
            .unwrap();
        for name in ["hello:2", "127.0.0.1:5000/berth/hello", &hello_digest] {
            assert_eq!(
                store.lookup_image(name).await.unwrap().id,
                hello.id,
                "{CASE}: {name}"
            );
        }
        assert_eq!(
            store.reference("docker.io/library/hello:2").await.unwrap(),
            Some(RefRecord {
                image_id: hello.id.clone(),
                repo_digest: None
            })
        );
        let err = store
            .tag(
                "hello:2",
                "hello@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            )
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "refusing to create a tag with a digest reference"
        );
        let err = store.tag("nothere", "x").await.unwrap_err();
        assert_eq!(err.to_string(), "No such image: nothere:latest");
        assert_valid(&store, Strictness::Always, CASE).await;

        // One of several tags: only untagged.
        assert_eq!(
            rmi(&store, "hello:2", false).await.unwrap(),
            vec![untagged("hello:2")]
        );
        // Two tags in one repository, by ID: refused without force.
        let err = rmi(&store, &short_id(&hello.id), false).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
                short_id(&hello.id)
            )
        );
        assert_eq!(
            rmi(&store, "127.0.0.1:5000/berth/hello:latest", false)
                .await
                .unwrap(),
            vec![untagged("127.0.0.1:5000/berth/hello:latest")]
        );
        // The last tag: its repository's digest goes too, then the image and the layer
        // only it had (the base layer is world's too).
        assert_eq!(
            rmi(&store, "127.0.0.1:5000/berth/hello:1.0", false)
                .await
                .unwrap(),
            vec![
                untagged("127.0.0.1:5000/berth/hello:1.0"),
                untagged(&hello_digest),
                deleted(&hello.id),
                deleted(&chain(&["base", "hello"])),
            ],
            "{CASE}"
        );
        assert_eq!(store.image(&hello.id).await.unwrap(), None);
        let err = rmi(&store, "127.0.0.1:5000/berth/hello:1.0", false)
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "No such image: 127.0.0.1:5000/berth/hello:1.0"
        );
        assert_valid(&store, Strictness::Always, CASE).await;

        // Cleanup frees what only hello used: manifest, config, its own layer.
        let report = store.cleanup(2.0).await.unwrap();
        assert_eq!(report.unreferenced_blobs, 3, "{CASE}: {report:?}");
        let own_layer = &hello.layers[1].digest;
        assert_eq!(store.blob(own_layer).await.unwrap(), None);
        assert!(
            store
                .backend()
                .keys(Table::Chunks, &format!("{own_layer}/"))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(store.blob(&hello.layers[0].digest).await.unwrap().is_some());
        assert_valid(&store, Strictness::AfterCleanup, CASE).await;

        // By full ID, one tag and its digest: all untagged, then every layer goes.
        assert_eq!(
            rmi(&store, &world.id.to_string(), false).await.unwrap(),
            vec![
                untagged("127.0.0.1:5000/berth/world:latest"),
                deleted(&world.id),
                deleted(&chain(&["base", "world"])),
                deleted(&chain(&["base"])),
            ],
            "{CASE}"
        );
        let report = store.cleanup(3.0).await.unwrap();
        assert_eq!(report.unreferenced_blobs, 4, "{CASE}: {report:?}");
        for table in [Table::Blobs, Table::Chunks, Table::Images, Table::Refs] {
            assert!(
                store.backend().keys(table, "").await.unwrap().is_empty(),
                "{CASE}: {} not empty",
                table.name()
            );
        }
        assert_valid(&store, Strictness::AfterCleanup, CASE).await;
    }

    /// A deterministic pseudo-random sequence (xorshift64*).
    struct Rng(Cell<u64>);

    impl Rng {
        fn next(&self) -> u64 {
            let mut x = self.0.get();
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0.set(x);
            x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
        }

        fn below(&self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Returns `Pending` once (after asking to be polled again).
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    /// What the two racing tabs share: the schedule and the commit order.
    struct Race {
        rng: Rng,
        tickets: Cell<u64>,
        conflicts: Cell<u32>,
    }

    /// One tab's view of the shared backend: it pauses before every call (one to three
    /// polls, by the schedule), numbers its commits in the order they reach the backend,
    /// and remembers its last successful one.
    struct Tab<'a, B> {
        inner: &'a B,
        race: &'a Race,
        committed: Cell<Option<u64>>,
    }

    impl<B: Backend> Tab<'_, B> {
        async fn pause(&self) {
            for _ in 0..=self.race.rng.below(3) {
                YieldOnce(false).await;
            }
        }
    }

    impl<B: Backend> Backend for Tab<'_, B> {
        async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error> {
            self.pause().await;
            self.inner.get(table, key).await
        }

        async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
            self.pause().await;
            self.inner.scan(table, prefix).await
        }

        async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error> {
            self.pause().await;
            self.inner.keys(table, prefix).await
        }

        async fn commit(&self, ops: Vec<Op>) -> Result<(), Error> {
            self.pause().await;
            // Taken as the backend starts the commit: IndexedDB runs overlapping
            // read-write transactions in the order they were created.
            let ticket = self.race.tickets.get();
            self.race.tickets.set(ticket + 1);
            let result = self.inner.commit(ops).await;
            match &result {
                Ok(()) => self.committed.set(Some(ticket)),
                Err(Error::Conflict { .. }) => {
                    self.race.conflicts.set(self.race.conflicts.get() + 1)
                }
                Err(_) => {}
            }
            result
        }
    }

    #[derive(Debug, Clone)]
    enum RaceOp {
        Tag(String, String),
        Remove(String, RemoveOptions),
        /// Pulls a fixture image again (its record, pulled at this time, and its refs).
        Pull(Box<(ImageRecord, Vec<(String, RefRecord)>)>),
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Outcome {
        Tagged,
        Removed(Vec<RemoveLine>),
        Pulled,
        Failed(Error),
    }

    async fn apply<B: Backend>(store: &Store<B>, op: &RaceOp) -> Outcome {
        let result = match op {
            RaceOp::Tag(source, target) => {
                store.tag(source, target).await.map(|()| Outcome::Tagged)
            }
            RaceOp::Remove(target, options) => {
                store.remove(target, *options).await.map(Outcome::Removed)
            }
            RaceOp::Pull(pull) => store
                .commit_image(&pull.0, &pull.1, None)
                .await
                .map(|()| Outcome::Pulled),
        };
        result.unwrap_or_else(Outcome::Failed)
    }

    /// Committed operations: commit ticket, operation, outcome.
    type Log = RefCell<Vec<(u64, RaceOp, Outcome)>>;

    /// One tab running its operations one after the other, logging those that committed.
    async fn worker<B: Backend>(tab: &Store<Tab<'_, B>>, plan: &[RaceOp], log: &Log) {
        for op in plan {
            tab.backend().committed.set(None);
            let outcome = apply(tab, op).await;
            if let Some(ticket) = tab.backend().committed.get() {
                log.borrow_mut().push((ticket, op.clone(), outcome));
            }
        }
    }

    /// A backend used through a reference (the test keeps the backend to compare tables).
    struct Borrowed<'a, B>(&'a B);

    impl<B: Backend> Backend for Borrowed<'_, B> {
        async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error> {
            self.0.get(table, key).await
        }

        async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
            self.0.scan(table, prefix).await
        }

        async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error> {
            self.0.keys(table, prefix).await
        }

        async fn commit(&self, ops: Vec<Op>) -> Result<(), Error> {
            self.0.commit(ops).await
        }
    }

    /// Images with shared layers and a parent chain, tagged in a few repositories.
    async fn race_fixture<B: Backend>(
        store: &Store<B>,
    ) -> Vec<(ImageRecord, Vec<(String, RefRecord)>)> {
        let a = image(
            store,
            "a",
            &["base"],
            None,
            &["docker.io/race/a:1", "docker.io/race/a@DIGEST"],
        )
        .await;
        let b = image(store, "b", &["base", "b"], None, &["docker.io/race/b:1"]).await;
        let c = image(
            store,
            "c",
            &["base", "b", "c"],
            Some(&b.0),
            &["docker.io/race/c:1"],
        )
        .await;
        let d = image(
            store,
            "d",
            &["d"],
            None,
            &["docker.io/race/d:1", "docker.io/race/d:2"],
        )
        .await;
        let e = image(store, "e", &["base", "e"], None, &["docker.io/other/e:1"]).await;
        vec![a, b, c, d, e]
    }

    /// Whether a raced outcome is the one of the operation alone, except for `Deleted:`
    /// lines of layers (chain IDs) the raced one may have in addition: an image pulled
    /// while an `rmi` ran can share a layer the `rmi` saw no one else holding. No key
    /// tells a commit about images that appeared, and the lines are then as if the pull
    /// came second (the pull read nothing, so that order is as valid; the tables are the
    /// same either way and compared exactly).
    fn same_but_more_layers(raced: &Outcome, alone: &Outcome, image_ids: &[Digest]) -> bool {
        let (Outcome::Removed(raced), Outcome::Removed(alone)) = (raced, alone) else {
            return raced == alone;
        };
        let is_layer =
            |l: &&RemoveLine| matches!(l, RemoveLine::Deleted(d) if !image_ids.contains(d));
        let main = |lines: &[RemoveLine]| -> Vec<RemoveLine> {
            lines.iter().filter(|l| !is_layer(l)).cloned().collect()
        };
        if main(raced) != main(alone) {
            return false;
        }
        // Alone's layer lines, in order, within the raced ones.
        let mut raced_layers = raced.iter().filter(is_layer);
        alone
            .iter()
            .filter(is_layer)
            .all(|l| raced_layers.any(|r| r == l))
    }

    /// Two tabs (two stores over one backend) run 100 tag/rmi/pull operations each, their
    /// backend calls interleaved by a fixed schedule. Every operation that committed must
    /// have done what it would have done alone at its commit: replayed in commit order on
    /// a fresh store, each gives the same output (see [`same_but_more_layers`]) and the
    /// tables end the same.
    pub(super) async fn remove_race<B: Backend>(backend: B) {
        const CASE: &str = "remove-race";
        let images = race_fixture(&Store::new(Borrowed(&backend))).await;
        let mut pool: Vec<String> = [
            "race/a:1",
            "race/a:2",
            "race/b:1",
            "race/b:2",
            "race/c:1",
            "race/d:1",
            "race/d:2",
            "other/e:1",
            "race/x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        pool.extend(images.iter().map(|(i, _)| short_id(&i.id)));
        let targets = &pool[..9];

        let race = Race {
            // A schedule that, among others, catches a delete missing a tag added while it
            // read, an unexpected reference, and the snapshot read in the wrong order.
            rng: Rng(Cell::new(3)),
            tickets: Cell::new(0),
            conflicts: Cell::new(0),
        };
        let mut plans: Vec<Vec<RaceOp>> = vec![Vec::new(), Vec::new()];
        let mut pulled_at = 2.0;
        for plan in &mut plans {
            for _ in 0..100 {
                let dice = race.rng.below(20);
                let op = if dice < 2 {
                    // Pulled again at another time, as a real pull records it.
                    let (mut image, refs) = images[race.rng.below(images.len())].clone();
                    pulled_at += 1.0;
                    image.pulled_at = pulled_at;
                    RaceOp::Pull(Box::new((image, refs)))
                } else if dice < 13 {
                    let source = pool[race.rng.below(pool.len())].clone();
                    RaceOp::Tag(source, targets[race.rng.below(targets.len())].clone())
                } else {
                    let options = RemoveOptions {
                        force: race.rng.below(2) == 0,
                        no_prune: race.rng.below(3) == 0,
                    };
                    RaceOp::Remove(pool[race.rng.below(pool.len())].clone(), options)
                };
                plan.push(op);
            }
        }

        let log: Log = RefCell::new(Vec::new());
        let tabs = [
            Store::new(Tab {
                inner: &backend,
                race: &race,
                committed: Cell::new(None),
            }),
            Store::new(Tab {
                inner: &backend,
                race: &race,
                committed: Cell::new(None),
            }),
        ];
        let mut workers: Vec<Option<Pin<Box<dyn Future<Output = ()> + '_>>>> = vec![
            Some(Box::pin(worker(&tabs[0], &plans[0], &log))),
            Some(Box::pin(worker(&tabs[1], &plans[1], &log))),
        ];
        // Each round polls both tabs, in an order the schedule picks.
        std::future::poll_fn(|cx| {
            let first = race.rng.below(2);
            for i in [first, 1 - first] {
                if let Some(worker) = &mut workers[i] {
                    if worker.as_mut().poll(cx).is_ready() {
                        workers[i] = None;
                    }
                }
            }
            if workers.iter().all(Option::is_none) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        drop(workers);

        let mut log = std::mem::take(&mut *log.borrow_mut());
        assert!(race.conflicts.get() > 0, "{CASE}: the tabs never raced");
        assert!(
            log.len() > 20,
            "{CASE}: only {} operations committed",
            log.len()
        );
        assert_valid(&Store::new(Borrowed(&backend)), Strictness::Always, CASE).await;

        // The same operations, one after the other, in commit order.
        log.sort_by_key(|(ticket, _, _)| *ticket);
        let replay = Store::new(MemoryBackend::new());
        race_fixture(&replay).await;
        let ids: Vec<Digest> = images.iter().map(|(i, _)| i.id.clone()).collect();
        for (ticket, op, outcome) in &log {
            let alone = apply(&replay, op).await;
            assert!(
                same_but_more_layers(outcome, &alone, &ids),
                "{CASE}: commit #{ticket} {op:?}\n  raced: {outcome:?}\n  alone: {alone:?}"
            );
        }
        for table in [Table::Images, Table::Refs] {
            assert_eq!(
                backend.scan(table, "").await.unwrap(),
                replay.backend().scan(table, "").await.unwrap(),
                "{CASE}: {} differ from the serial replay",
                table.name()
            );
        }
        let store = Store::new(Borrowed(&backend));
        store.cleanup(1.0e12).await.unwrap();
        assert_valid(&store, Strictness::AfterCleanup, CASE).await;
    }
}
