//! Go's `TestSerialization` (`github.com/distribution/reference`,
//! reference_test.go), case by case: as text (`Display`/`FromStr`, which is
//! what Go's `Field.MarshalText`/`UnmarshalText` do) and as a JSON document.

use berth_oci::{Digest, Reference};

/// A case of `TestSerialization`.
struct SerializationCase {
    description: &'static str,
    input: &'static str,
    err: Option<&'static str>,
    name: &'static str,
    tag: &'static str,
    digest: &'static str,
}

const SERIALIZATION_CASES: &[SerializationCase] = &[
    SerializationCase {
        description: "empty value",
        input: "",
        err: Some("repository name must have at least one component"),
        name: "",
        tag: "",
        digest: "",
    },
    SerializationCase {
        description: "just a name",
        input: "example.com:8000/named",
        err: None,
        name: "example.com:8000/named",
        tag: "",
        digest: "",
    },
    SerializationCase {
        description: "name with a tag",
        input: "example.com:8000/named:tagged",
        err: None,
        name: "example.com:8000/named",
        tag: "tagged",
        digest: "",
    },
    SerializationCase {
        description: "name with digest",
        input: "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        err: None,
        name: "other.com/named",
        tag: "",
        digest: "sha256:1234567890098765432112345667890098765432112345667890098765432112",
    },
];

#[test]
fn serialization_as_text() {
    for tc in SERIALIZATION_CASES {
        let parsed = tc.input.parse::<Reference>();
        if let Some(err) = tc.err {
            assert_eq!(
                parsed.map_err(|e| e.to_string()),
                Err(err.to_owned()),
                "{}",
                tc.description
            );
            continue;
        }
        let reference = parsed.unwrap_or_else(|e| panic!("{}: {e}", tc.description));
        assert_eq!(reference.name(), tc.name, "{}", tc.description);
        assert_eq!(reference.tag(), non_empty(tc.tag), "{}", tc.description);
        assert_eq!(
            reference.digest().map(Digest::to_string).as_deref(),
            non_empty(tc.digest),
            "{}",
            tc.description
        );
        assert_eq!(reference.to_string(), tc.input, "{}", tc.description);
    }
}

/// `Some(s)` unless `s` is empty, as the Go tables use "" for "none".
fn non_empty(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

/// Go marshals `{"Description": .., "Field": ..}` as a map, unmarshals it
/// into a struct whose `Field` parses the reference, checks it, and expects
/// the struct to marshal back to the same bytes.
#[test]
fn serialization_json() {
    use std::collections::BTreeMap;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[allow(non_snake_case)]
    struct SerializationType {
        Description: String,
        Field: Reference,
    }

    // serde_json adds the position to errors from `FromStr`; the message
    // itself is Go's.
    const EMPTY_ERR: &str = "repository name must have at least one component at line 1 column 39";

    for tc in SERIALIZATION_CASES {
        let map = BTreeMap::from([("Description", tc.description), ("Field", tc.input)]);
        let b = serde_json::to_string(&map).unwrap();
        let st = match serde_json::from_str::<SerializationType>(&b) {
            Ok(st) => st,
            Err(e) => {
                let err = tc.err.unwrap_or_else(|| panic!("{}: {e}", tc.description));
                assert_eq!(err, "repository name must have at least one component");
                assert_eq!(e.to_string(), EMPTY_ERR, "{}", tc.description);
                continue;
            }
        };
        assert_eq!(tc.err, None, "{}", tc.description);
        assert_eq!(st.Description, tc.description);
        assert_eq!(st.Field.name(), tc.name, "{}", tc.description);
        assert_eq!(st.Field.tag(), non_empty(tc.tag), "{}", tc.description);
        assert_eq!(
            st.Field.digest().map(Digest::to_string).as_deref(),
            non_empty(tc.digest),
            "{}",
            tc.description
        );
        let b2 = serde_json::to_string(&st).unwrap();
        assert_eq!(b, b2, "{}", tc.description);
    }
}

/// Not in Go's tables: the other types also (de)serialise as strings.
#[test]
fn other_types_as_json_strings() {
    use berth_oci::{Algorithm, AnyReference};

    let hex = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    let digest: Digest = format!("sha256:{hex}").parse().unwrap();
    let json = format!("\"sha256:{hex}\"");
    assert_eq!(serde_json::to_string(&digest).unwrap(), json);
    assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), digest);
    assert_eq!(
        serde_json::from_str::<Digest>("\"sha256:abc\"")
            .unwrap_err()
            .to_string(),
        "invalid checksum digest length at line 1 column 12"
    );

    assert_eq!(
        serde_json::to_string(&Algorithm::Sha512).unwrap(),
        "\"sha512\""
    );
    assert_eq!(
        serde_json::from_str::<Algorithm>("\"sha384\"").unwrap(),
        Algorithm::Sha384
    );

    // Like `FromStr`, deserialising an `AnyReference` is `parse_any`.
    let any: AnyReference = serde_json::from_str(&format!("\"{hex}\"")).unwrap();
    assert_eq!(any, AnyReference::Digest(digest));
    assert_eq!(serde_json::to_string(&any).unwrap(), json);
    let any: AnyReference = serde_json::from_str("\"redis\"").unwrap();
    assert_eq!(
        serde_json::to_string(&any).unwrap(),
        "\"docker.io/library/redis\""
    );
}
