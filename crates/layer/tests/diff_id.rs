//! Diff-ids of real gzip/zstd/tar layers, fed in every piece size, against `sha256sum`.

use berth_layer::{Compression, DiffIdDigester, Error, sniff};
use berth_oci::Digest;
use berth_oci::MediaType;

const LAYER_TAR: &[u8] = include_bytes!("fixtures/layer.tar");
const LAYER_GZ: &[u8] = include_bytes!("fixtures/layer.tar.gz");
const LAYER_ZST: &[u8] = include_bytes!("fixtures/layer.tar.zst");
const MULTI_GZ: &[u8] = include_bytes!("fixtures/multi.gz");
const MULTI_ZST: &[u8] = include_bytes!("fixtures/multi.zst");

const LAYER_DIFF_ID: &str =
    "sha256:779f29bd0d4b15f85140581416a4d136efe537f062fe31b9d38f5accbfc0c897";
const MULTI_DIFF_ID: &str =
    "sha256:5512b920a2288c7f7c52d7e3ace0e5a4e0c309ba6488834e1585ffd54ef832f1";

fn digest(data: &[u8], compression: Compression, piece: usize) -> Result<(Digest, u64), Error> {
    let mut d = DiffIdDigester::new(compression);
    for p in data.chunks(piece.max(1)) {
        d.write(p)?;
    }
    d.finish()
}

#[test]
fn every_format_in_every_piece_size() {
    let cases: [(&str, &[u8], Compression, &str, u64); 5] = [
        ("tar", LAYER_TAR, Compression::None, LAYER_DIFF_ID, 204_800),
        (
            "tar.gz",
            LAYER_GZ,
            Compression::Gzip,
            LAYER_DIFF_ID,
            204_800,
        ),
        (
            "tar.zst",
            LAYER_ZST,
            Compression::Zstd,
            LAYER_DIFF_ID,
            204_800,
        ),
        (
            "two gzip members",
            MULTI_GZ,
            Compression::Gzip,
            MULTI_DIFF_ID,
            11_364,
        ),
        (
            "two zstd frames",
            MULTI_ZST,
            Compression::Zstd,
            MULTI_DIFF_ID,
            11_364,
        ),
    ];
    for (name, data, compression, diff_id, size) in cases {
        for piece in [1, 3, 4, 17, 4096, 65_536, 1 << 20] {
            if piece == 1 && data.len() > 20_000 {
                continue; // byte-by-byte on the big fixtures is just slow, not different
            }
            let (got, got_size) = digest(data, compression, piece)
                .unwrap_or_else(|e| panic!("{name} in {piece}-byte pieces: {e}"));
            assert_eq!(got.to_string(), diff_id, "{name} in {piece}-byte pieces");
            assert_eq!(got_size, size, "{name} in {piece}-byte pieces");
        }
    }
}

#[test]
fn zstd_fed_byte_by_byte() {
    let (got, size) = digest(MULTI_ZST, Compression::Zstd, 1).unwrap();
    assert_eq!((got.to_string().as_str(), size), (MULTI_DIFF_ID, 11_364));
}

#[test]
fn truncated_and_corrupt_layers_are_errors() {
    let err = digest(&LAYER_GZ[..LAYER_GZ.len() / 2], Compression::Gzip, 4096).unwrap_err();
    assert!(matches!(err, Error::Gzip(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("layer is not valid gzip: "),
        "{err}"
    );

    let err = digest(&LAYER_ZST[..LAYER_ZST.len() - 100], Compression::Zstd, 4096).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("layer is not valid zstd: truncated stream"),
        "{err}"
    );

    let err = digest(b"definitely not gzip", Compression::Gzip, 4096).unwrap_err();
    assert!(
        err.to_string().starts_with("layer is not valid gzip: "),
        "{err}"
    );

    let err = digest(b"definitely not a zstd frame", Compression::Zstd, 4096).unwrap_err();
    assert!(
        err.to_string().starts_with("layer is not valid zstd: "),
        "{err}"
    );

    // A flipped byte inside the deflate data: an error or a different diff-id, never the
    // right one.
    let mut bad = LAYER_GZ.to_vec();
    bad[LAYER_GZ.len() / 2] ^= 0x55;
    match digest(&bad, Compression::Gzip, 65_536) {
        Err(e) => assert!(e.to_string().starts_with("layer is not valid gzip"), "{e}"),
        Ok((d, _)) => assert_ne!(d.to_string(), LAYER_DIFF_ID),
    }
}

#[test]
fn compression_from_magic() {
    assert_eq!(sniff(LAYER_GZ), Compression::Gzip);
    assert_eq!(sniff(LAYER_ZST), Compression::Zstd);
    assert_eq!(sniff(LAYER_TAR), Compression::None);
    assert_eq!(sniff(b""), Compression::None);
    // The media type, when it says, agrees with the magic of real blobs.
    let gz = MediaType::from("application/vnd.oci.image.layer.v1.tar+gzip");
    assert_eq!(gz.compression(), sniff(LAYER_GZ));
}
