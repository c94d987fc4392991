//! `Digest::sha256_of` and `Sha256Digester` against `sha256sum` output.

use std::io;

use berth_oci::{Digest, Sha256Digester};

/// A fixture and what `sha256sum` printed for it.
const FILES: &[(&str, &[u8], &str)] = &[
    (
        "oci-layer-amd64-1.tar.gz",
        include_bytes!("fixtures/oci-layer-amd64-1.tar.gz"),
        "5b3defc2408b3e880403ab2fd9f3bc9103df1dda4b84ae091b2c8188830c0dad",
    ),
    (
        "oci-manifest-amd64.config.json",
        include_bytes!("fixtures/oci-manifest-amd64.config.json"),
        "a108c98fa7b6075dc79973eeceabec3f8d665ee3017df70e7cbe9eca87ad1d06",
    ),
    (
        "docker-schema1-amd64.json",
        include_bytes!("fixtures/docker-schema1-amd64.json"),
        "c3cf638ac5d44164225ba4cb56ae85072bedb604c4d946a86af6075feda88ea3",
    ),
    // printf '' | sha256sum
    (
        "empty",
        b"",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    // printf hello | sha256sum
    (
        "hello",
        b"hello",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    ),
];

#[test]
fn sha256_of() {
    for (name, bytes, hex) in FILES {
        let want = Digest::sha256_hex(hex).unwrap();
        assert_eq!(Digest::sha256_of(bytes), want, "{name}");
        assert_eq!(
            Digest::sha256_of(bytes).to_string(),
            format!("sha256:{hex}"),
            "{name}"
        );
    }
}

#[test]
fn streaming_in_every_chunk_size() {
    for (name, bytes, hex) in FILES {
        let want = Digest::sha256_hex(hex).unwrap();
        for chunk in [1, 2, 7, 64, 100, 4096] {
            let mut digester = Sha256Digester::new();
            assert_eq!(digester.bytes_hashed(), 0);
            for (i, piece) in bytes.chunks(chunk).enumerate() {
                digester.update(piece);
                assert_eq!(
                    digester.bytes_hashed(),
                    (bytes.len().min((i + 1) * chunk)) as u64,
                    "{name} by {chunk}"
                );
            }
            // Empty updates change nothing.
            digester.update(&[]);
            assert_eq!(digester.bytes_hashed(), bytes.len() as u64, "{name}");
            assert_eq!(digester.finish(), want, "{name} by {chunk}");
        }
    }
}

#[test]
fn streaming_through_io_copy() {
    let (name, bytes, hex) = FILES[0];
    let mut digester = Sha256Digester::default();
    let copied = io::copy(&mut io::Cursor::new(bytes), &mut digester).unwrap();
    assert_eq!(copied, 148, "{name}");
    assert_eq!(digester.bytes_hashed(), 148, "{name}");
    // A clone continues independently.
    let mut more = digester.clone();
    more.update(b"x");
    assert_ne!(more.finish(), Digest::sha256_hex(hex).unwrap());
    assert_eq!(digester.finish(), Digest::sha256_hex(hex).unwrap());
}

/// The manifests' descriptors hold the digests and sizes of the fixture
/// files they point at, as the registry served them.
#[test]
fn fixture_descriptors_verify() {
    let manifest: berth_oci::ImageManifest =
        serde_json::from_slice(include_bytes!("fixtures/oci-manifest-amd64.json")).unwrap();
    let blobs: [&[u8]; 3] = [
        include_bytes!("fixtures/oci-manifest-amd64.config.json"),
        include_bytes!("fixtures/oci-layer-amd64-0.tar.gz"),
        include_bytes!("fixtures/oci-layer-amd64-1.tar.gz"),
    ];
    let descriptors = std::iter::once(&manifest.config).chain(&manifest.layers);
    for (descriptor, blob) in descriptors.zip(blobs) {
        let mut digester = Sha256Digester::new();
        digester.update(blob);
        assert_eq!(digester.bytes_hashed(), descriptor.size);
        assert_eq!(digester.finish(), descriptor.digest);
    }
}
