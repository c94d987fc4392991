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
