//! The tables of go-digest's `digest_test.go` and `algorithm_test.go`, case
//! by case.

use berth_oci::{Algorithm, Digest};

/// A case of `TestParseDigest` (go-digest's `testdigest.TestCase`): with
/// `err` set, parsing must fail with exactly that message (and `algorithm`
/// and `encoded` are not checked, as in Go); otherwise the parsed digest
/// must have that algorithm and encoded part, reparse to itself and equal
/// `Digest::from_encoded` of its parts.
struct ParseCase {
    input: &'static str,
    err: Option<&'static str>,
    algorithm: &'static str,
    encoded: &'static str,
}

const PARSE_CASES: &[ParseCase] = &[
    // Go registers SHA-384 for this test; this crate always supports it.
    ParseCase {
        input: "sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b",
        err: None,
        algorithm: "sha256",
        encoded: "e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b",
    },
    ParseCase {
        input: "sha384:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        err: None,
        algorithm: "sha384",
        encoded: "d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
    },
    // empty
    ParseCase {
        input: "",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // whitespace only
    ParseCase {
        input: "     ",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // empty hex
    ParseCase {
        input: "sha256:",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // hex with correct length, but whitespace only
    ParseCase {
        input: "sha256:                                                                ",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // empty hex
    ParseCase {
        input: ":",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // just hex
    ParseCase {
        input: "d41d8cd98f00b204e9800998ecf8427e",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // not hex
    ParseCase {
        input: "sha256:d41d8cd98f00b204e9800m98ecf8427e",
        err: Some("invalid checksum digest length"),
        algorithm: "",
        encoded: "",
    },
    // too short
    ParseCase {
        input: "sha256:abcdef0123456789",
        err: Some("invalid checksum digest length"),
        algorithm: "",
        encoded: "",
    },
    // too short (from different Algorithm)
    ParseCase {
        input: "sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        err: Some("invalid checksum digest length"),
        algorithm: "",
        encoded: "",
    },
    ParseCase {
        input: "foo:d41d8cd98f00b204e9800998ecf8427e",
        err: Some("unsupported digest algorithm"),
        algorithm: "",
        encoded: "",
    },
    // repeated separators
    ParseCase {
        input: "sha384__foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
    // ensure that we parse, but we don't have support for the Algorithm
    ParseCase {
        input: "sha384.foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        err: Some("unsupported digest algorithm"),
        algorithm: "sha384.foo+bar",
        encoded: "d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
    },
    ParseCase {
        input: "sha384_foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        err: Some("unsupported digest algorithm"),
        algorithm: "sha384_foo+bar",
        encoded: "d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
    },
    ParseCase {
        input: "sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
        err: Some("unsupported digest algorithm"),
        algorithm: "sha256+b64",
        encoded: "LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
    },
    ParseCase {
        input: "sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B",
        err: Some("invalid checksum digest format"),
        algorithm: "",
        encoded: "",
    },
];

#[test]
fn parse_digest() {
    assert_eq!(PARSE_CASES.len(), 17);
    for tc in PARSE_CASES {
        let parsed = tc.input.parse::<Digest>();
        if let Some(err) = tc.err {
            assert_eq!(
                parsed.map_err(|e| e.to_string()),
                Err(err.to_owned()),
                "{:?}",
                tc.input
            );
            continue;
        }
        let digest = parsed.unwrap_or_else(|e| panic!("{:?}: {e}", tc.input));
        assert_eq!(digest.algorithm().as_str(), tc.algorithm);
        assert_eq!(digest.encoded(), tc.encoded);
        assert_eq!(digest.hex(), tc.encoded);
        let new_parsed: Digest = digest.to_string().parse().unwrap();
        assert_eq!(new_parsed, digest);
        let new_from_hex = Digest::from_encoded(new_parsed.algorithm(), new_parsed.encoded());
        assert_eq!(new_from_hex, Ok(digest));
    }
}

/// `TestFlagInterface` checks `Algorithm.Set`, which parses a flag value;
/// here that is `FromStr`, without Go's mapping of "" to the canonical
/// algorithm (`Algorithm::default()` is that).
#[test]
fn algorithm_from_str() {
    // "Invalid"
    assert_eq!(
        "bean".parse::<Algorithm>().map_err(|e| e.to_string()),
        Err("unsupported digest algorithm".to_owned())
    );
    // "Default"
    assert_eq!(Algorithm::default(), Algorithm::Sha256);
    assert_eq!(Algorithm::CANONICAL, Algorithm::Sha256);
    // "Other"
    assert_eq!("sha512".parse::<Algorithm>(), Ok(Algorithm::Sha512));
}

/// `TestFroms` hashes random data with each algorithm and compares the
/// digest with `alg:hex(hash)`. This crate does not hash; it builds digests
/// from hash output. Known SHA-256/384/512 outputs for "" stand in for the
/// random data.
#[test]
fn froms() {
    let cases = [
        (
            Algorithm::Sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            Algorithm::Sha384,
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
        ),
        (
            Algorithm::Sha512,
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        ),
    ];
    for (algorithm, hex) in cases {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let expected: Digest = format!("{algorithm}:{hex}").parse().unwrap();
        assert_eq!(Digest::from_bytes(algorithm, &bytes), Ok(expected.clone()));
        assert_eq!(Digest::from_encoded(algorithm, hex), Ok(expected.clone()));
        if algorithm == Algorithm::CANONICAL {
            let array: [u8; 32] = bytes.as_slice().try_into().unwrap();
            assert_eq!(Digest::from_sha256_bytes(&array), expected.clone());
            assert_eq!(Digest::sha256_hex(hex), Ok(expected));
        }
        // Raw output of the wrong length.
        assert_eq!(
            Digest::from_bytes(algorithm, &bytes[1..]).map_err(|e| e.to_string()),
            Err("invalid checksum digest length".to_owned())
        );
    }
}

// Not ported: `TestBadAlgorithmNameRegistration` and
// `TestGoodAlgorithmNameRegistration` (go-digest's runtime
// `RegisterAlgorithm`; the algorithms here are a fixed enum) and
// verifiers_test.go (this crate has no hashing, so no `Verifier`).

/// Digests order like their strings.
#[test]
fn ordering_matches_strings() {
    let mut digests: Vec<Digest> = [
        "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
        "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    let mut strings: Vec<String> = digests.iter().map(Digest::to_string).collect();
    digests.sort();
    strings.sort();
    assert_eq!(
        digests.iter().map(Digest::to_string).collect::<Vec<_>>(),
        strings
    );
}
