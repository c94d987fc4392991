//! `chain_ids` against values computed with the shell:
//! `printf '%s' "$parent $diff_id" | sha256sum`.

use berth_oci::{Digest, ImageConfig, chain_id, chain_ids};

fn digests(items: &[&str]) -> Vec<Digest> {
    items.iter().map(|s| s.parse().unwrap()).collect()
}

/// `printf a | sha256sum`, and so on.
const A: &str = "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
const B: &str = "sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d";
const C: &str = "sha256:2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6";
/// `printf '%s' "$A $B" | sha256sum`.
const AB: &str = "sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676";
/// `printf '%s' "$AB $C" | sha256sum`.
const ABC: &str = "sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106";

#[test]
fn known_vectors() {
    let cases: &[(&[&str], &[&str])] = &[
        (&[], &[]),
        (&[A], &[A]),
        (&[A, B], &[A, AB]),
        (&[A, B, C], &[A, AB, ABC]),
        // Order matters.
        (
            &[B, A],
            &[
                B,
                // printf '%s' "$B $A" | sha256sum
                "sha256:67912b19465da2dd61635ba35b1f2a3eaf11d709b99b6789cffcc1de4616a4e3",
            ],
        ),
    ];
    for (diff_ids, want) in cases {
        let diff_ids = digests(diff_ids);
        assert_eq!(chain_ids(&diff_ids), digests(want), "{diff_ids:?}");
        assert_eq!(chain_id(&diff_ids), digests(want).pop(), "{diff_ids:?}");
    }
}

/// The amd64 fixture's two diff IDs.
#[test]
fn fixture_config() {
    let config =
        ImageConfig::from_slice(include_bytes!("fixtures/oci-manifest-amd64.config.json")).unwrap();
    assert_eq!(
        chain_ids(&config.rootfs.diff_ids),
        digests(&[
            "sha256:b127c72adfd6055f721af2c9ea3d1b1e987073c27481a945dc7aaa459196225a",
            "sha256:ade202e37f6076c4fff2dcef52e38d68cfa2f154d0217ab82e884a34b7c79501",
        ])
    );
}
