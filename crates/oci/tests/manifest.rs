//! `Manifest::from_slice` over the fixtures (real registry responses) and
//! hand-written error cases; what the views read from the fixtures.

use berth_oci::{Digest, Manifest, MediaType};

const OCI_MANIFEST_AMD64: &[u8] = include_bytes!("fixtures/oci-manifest-amd64.json");
const OCI_MANIFEST_ARM64: &[u8] = include_bytes!("fixtures/oci-manifest-arm64.json");
const DOCKER_MANIFEST_AMD64: &[u8] = include_bytes!("fixtures/docker-manifest-amd64.json");
const DOCKER_MANIFEST_ARM64: &[u8] = include_bytes!("fixtures/docker-manifest-arm64.json");
const OCI_INDEX: &[u8] = include_bytes!("fixtures/oci-index.json");
const DOCKER_MANIFEST_LIST: &[u8] = include_bytes!("fixtures/docker-manifest-list.json");
const DOCKER_SCHEMA1: &[u8] = include_bytes!("fixtures/docker-schema1-amd64.json");

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const DOCKER_V2: &str = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// What distribution 2.8 served the schema 1 fixture with.
const PRETTYJWS: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";

/// What `from_slice` should make of some bytes.
enum Want {
    Image,
    Index,
    Err(&'static str),
}

struct Case {
    name: &'static str,
    content_type: Option<&'static str>,
    bytes: &'static [u8],
    want: Want,
}

const SCHEMA1_ERR: Want = Want::Err("unsupported manifest schema 1");

const CASES: &[Case] = &[
    // Each fixture with the Content-Type the registry sent.
    Case {
        name: "OCI manifest amd64",
        content_type: Some(OCI_MANIFEST),
        bytes: OCI_MANIFEST_AMD64,
        want: Want::Image,
    },
    Case {
        name: "OCI manifest arm64",
        content_type: Some(OCI_MANIFEST),
        bytes: OCI_MANIFEST_ARM64,
        want: Want::Image,
    },
    Case {
        name: "Docker manifest amd64",
        content_type: Some(DOCKER_V2),
        bytes: DOCKER_MANIFEST_AMD64,
        want: Want::Image,
    },
    Case {
        name: "Docker manifest arm64",
        content_type: Some(DOCKER_V2),
        bytes: DOCKER_MANIFEST_ARM64,
        want: Want::Image,
    },
    Case {
        name: "OCI index",
        content_type: Some(OCI_INDEX_TYPE),
        bytes: OCI_INDEX,
        want: Want::Index,
    },
    Case {
        name: "Docker manifest list",
        content_type: Some(DOCKER_LIST),
        bytes: DOCKER_MANIFEST_LIST,
        want: Want::Index,
    },
    Case {
        name: "schema 1",
        content_type: Some(PRETTYJWS),
        bytes: DOCKER_SCHEMA1,
        want: SCHEMA1_ERR,
    },
    // Without a Content-Type: the mediaType field, or the shape (umoci's
    // OCI manifests have no mediaType).
    Case {
        name: "OCI manifest amd64, no header (shape)",
        content_type: None,
        bytes: OCI_MANIFEST_AMD64,
        want: Want::Image,
    },
    Case {
        name: "Docker manifest, no header (mediaType)",
        content_type: None,
        bytes: DOCKER_MANIFEST_AMD64,
        want: Want::Image,
    },
    Case {
        name: "OCI index, no header",
        content_type: None,
        bytes: OCI_INDEX,
        want: Want::Index,
    },
    Case {
        name: "Docker manifest list, no header",
        content_type: None,
        bytes: DOCKER_MANIFEST_LIST,
        want: Want::Index,
    },
    Case {
        name: "schema 1, no header (schemaVersion)",
        content_type: None,
        bytes: DOCKER_SCHEMA1,
        want: SCHEMA1_ERR,
    },
    // A Content-Type that names no manifest type is ignored.
    Case {
        name: "OCI manifest as application/json",
        content_type: Some("application/json"),
        bytes: OCI_MANIFEST_ARM64,
        want: Want::Image,
    },
    Case {
        name: "Docker manifest list as application/octet-stream",
        content_type: Some("application/octet-stream"),
        bytes: DOCKER_MANIFEST_LIST,
        want: Want::Index,
    },
    Case {
        name: "schema 1 as text/plain",
        content_type: Some("text/plain; charset=utf-8"),
        bytes: DOCKER_SCHEMA1,
        want: SCHEMA1_ERR,
    },
    Case {
        name: "header with parameters and capitals",
        content_type: Some("Application/VND.oci.image.index.v1+json; charset=utf-8"),
        bytes: OCI_INDEX,
        want: Want::Index,
    },
    // Flavours of the same kind may differ.
    Case {
        name: "Docker manifest served as OCI",
        content_type: Some(OCI_MANIFEST),
        bytes: DOCKER_MANIFEST_ARM64,
        want: Want::Image,
    },
    Case {
        name: "OCI index served as Docker list",
        content_type: Some(DOCKER_LIST),
        bytes: OCI_INDEX,
        want: Want::Index,
    },
    // Mismatched: the header decides, the body does not fit.
    Case {
        name: "OCI manifest (no mediaType) served as an index",
        content_type: Some(OCI_INDEX_TYPE),
        bytes: OCI_MANIFEST_AMD64,
        want: Want::Err("invalid manifest: missing field `manifests`"),
    },
    Case {
        name: "Docker manifest served as a list",
        content_type: Some(DOCKER_LIST),
        bytes: DOCKER_MANIFEST_AMD64,
        want: Want::Err(
            "invalid manifest: Content-Type application/vnd.docker.distribution.manifest.list.v2+json does not match mediaType application/vnd.docker.distribution.manifest.v2+json",
        ),
    },
    Case {
        name: "OCI index served as a manifest",
        content_type: Some(OCI_MANIFEST),
        bytes: OCI_INDEX,
        want: Want::Err(
            "invalid manifest: Content-Type application/vnd.oci.image.manifest.v1+json does not match mediaType application/vnd.oci.image.index.v1+json",
        ),
    },
    Case {
        name: "schema 1 served as schema 2",
        content_type: Some(DOCKER_V2),
        bytes: DOCKER_SCHEMA1,
        want: SCHEMA1_ERR,
    },
    Case {
        name: "schema 2 served as schema 1",
        content_type: Some(PRETTYJWS),
        bytes: DOCKER_MANIFEST_AMD64,
        want: SCHEMA1_ERR,
    },
    // Hand-written bodies.
    Case {
        name: "index without mediaType, by shape",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"manifests":null}"#,
        want: Want::Index,
    },
    Case {
        name: "schema 1 by mediaType field",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+json"}"#,
        want: SCHEMA1_ERR,
    },
    Case {
        name: "index shape with an image mediaType",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","manifests":[]}"#,
        want: Want::Err("invalid manifest: missing field `config`"),
    },
    Case {
        name: "not JSON",
        content_type: Some(OCI_MANIFEST),
        bytes: b"<html>404 page not found</html>",
        want: Want::Err("invalid manifest: expected value at line 1 column 1"),
    },
    Case {
        name: "truncated",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"#,
        want: Want::Err("invalid manifest: EOF while parsing a value at line 1 column 19"),
    },
    Case {
        name: "empty body",
        content_type: Some(OCI_MANIFEST),
        bytes: b"",
        want: Want::Err("invalid manifest: EOF while parsing a value at line 1 column 0"),
    },
    Case {
        name: "not an object",
        content_type: None,
        bytes: b"[]",
        want: Want::Err("invalid manifest: expected a JSON object"),
    },
    Case {
        name: "neither shape",
        content_type: None,
        bytes: br#"{"schemaVersion":2}"#,
        want: Want::Err(
            "invalid manifest: neither an image manifest (no `config`) nor an index (no `manifests`)",
        ),
    },
    Case {
        name: "image without layers",
        content_type: Some(OCI_MANIFEST),
        bytes: br#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}}"#,
        want: Want::Err("invalid manifest: missing field `layers`"),
    },
    Case {
        name: "missing schemaVersion",
        content_type: Some(OCI_INDEX_TYPE),
        bytes: br#"{"manifests":[]}"#,
        want: Want::Err("invalid manifest: missing field `schemaVersion`"),
    },
    Case {
        name: "schemaVersion 3",
        content_type: Some(OCI_INDEX_TYPE),
        bytes: br#"{"schemaVersion":3,"manifests":[]}"#,
        want: Want::Err("invalid manifest: unsupported schemaVersion 3"),
    },
    Case {
        name: "schemaVersion as a string",
        content_type: Some(OCI_INDEX_TYPE),
        bytes: br#"{"schemaVersion":"2","manifests":[]}"#,
        want: Want::Err("invalid manifest: invalid type: string \"2\", expected u32"),
    },
    Case {
        name: "bad digest in a descriptor",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:abc","size":1}]}"#,
        want: Want::Err("invalid manifest: invalid checksum digest length"),
    },
    Case {
        name: "negative size",
        content_type: None,
        bytes: br#"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":-1}]}"#,
        want: Want::Err("invalid manifest: invalid value: integer `-1`, expected u64"),
    },
];

#[test]
fn from_slice() {
    for tc in CASES {
        let got = match Manifest::from_slice(tc.content_type, tc.bytes) {
            Ok(Manifest::Image(_)) => "Image".to_owned(),
            Ok(Manifest::Index(_)) => "Index".to_owned(),
            Err(err) => err.to_string(),
        };
        let want = match tc.want {
            Want::Image => "Image",
            Want::Index => "Index",
            Want::Err(message) => message,
        };
        assert_eq!(got, want, "{}", tc.name);
    }
}

fn digest(s: &str) -> Digest {
    s.parse().unwrap()
}

#[test]
fn oci_manifest_fields() {
    let manifest = Manifest::from_slice(Some(OCI_MANIFEST), OCI_MANIFEST_AMD64).unwrap();
    assert_eq!(manifest.schema_version(), 2);
    assert_eq!(manifest.media_type(), None, "umoci writes no mediaType");
    assert_eq!(manifest.artifact_type(), None);
    assert_eq!(manifest.subject(), None);
    assert!(manifest.annotations().is_empty());
    assert!(manifest.as_index().is_none());
    let m = manifest.as_image().unwrap();
    assert_eq!(m.config.media_type, MediaType::OciConfig);
    assert_eq!(
        m.config.digest,
        digest("sha256:a108c98fa7b6075dc79973eeceabec3f8d665ee3017df70e7cbe9eca87ad1d06")
    );
    assert_eq!(m.config.size, 771);
    let layers: Vec<_> = m
        .layers
        .iter()
        .map(|l| (l.media_type.clone(), l.digest.to_string(), l.size))
        .collect();
    assert_eq!(
        layers,
        [
            (
                MediaType::OciLayerGzip,
                "sha256:5ced11c9b2877ddfff41015af9b852be88ffab2c1e30acc17644f270f70e82f9"
                    .to_owned(),
                142
            ),
            (
                MediaType::OciLayerGzip,
                "sha256:5b3defc2408b3e880403ab2fd9f3bc9103df1dda4b84ae091b2c8188830c0dad"
                    .to_owned(),
                148
            ),
        ]
    );
    assert_eq!(m.total_size(), 771 + 142 + 148);
}

#[test]
fn docker_manifest_fields() {
    let manifest = Manifest::from_slice(Some(DOCKER_V2), DOCKER_MANIFEST_AMD64).unwrap();
    assert_eq!(
        manifest.media_type(),
        Some(&MediaType::DockerManifestSchema2)
    );
    let m = manifest.as_image().unwrap();
    // skopeo keeps the config's bytes when it converts to schema 2.
    assert_eq!(m.config.media_type, MediaType::DockerConfig);
    assert_eq!(
        m.config.digest,
        digest("sha256:a108c98fa7b6075dc79973eeceabec3f8d665ee3017df70e7cbe9eca87ad1d06")
    );
    assert_eq!(m.layers.len(), 2);
    assert!(
        m.layers
            .iter()
            .all(|l| l.media_type == MediaType::DockerLayer)
    );
}

#[test]
fn index_fields() {
    let manifest = Manifest::from_slice(Some(OCI_INDEX_TYPE), OCI_INDEX).unwrap();
    assert_eq!(manifest.media_type(), Some(&MediaType::OciIndex));
    assert_eq!(
        manifest
            .annotations()
            .get("org.opencontainers.image.ref.name")
            .map(String::as_str),
        Some("berth-fixture")
    );
    let index = manifest.as_index().unwrap();
    assert!(manifest.as_image().is_none());
    let entries: Vec<_> = index
        .manifests
        .iter()
        .map(|d| {
            (
                d.media_type.clone(),
                d.digest.clone(),
                d.size,
                d.platform.as_ref().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                MediaType::OciManifest,
                Digest::sha256_of(OCI_MANIFEST_AMD64),
                OCI_MANIFEST_AMD64.len() as u64,
                "linux/amd64".to_owned()
            ),
            (
                MediaType::OciManifest,
                Digest::sha256_of(OCI_MANIFEST_ARM64),
                OCI_MANIFEST_ARM64.len() as u64,
                "linux/arm64/v8".to_owned()
            ),
        ]
    );

    let list = Manifest::from_slice(Some(DOCKER_LIST), DOCKER_MANIFEST_LIST).unwrap();
    assert_eq!(list.media_type(), Some(&MediaType::DockerManifestList));
    let platforms: Vec<_> = list
        .as_index()
        .unwrap()
        .manifests
        .iter()
        .map(|d| (d.digest.clone(), d.platform.as_ref().unwrap().to_string()))
        .collect();
    assert_eq!(
        platforms,
        [
            (
                Digest::sha256_of(DOCKER_MANIFEST_AMD64),
                "linux/amd64".to_owned()
            ),
            (
                Digest::sha256_of(DOCKER_MANIFEST_ARM64),
                "linux/arm64".to_owned()
            ),
        ]
    );
}

/// OCI 1.1 fields and Go's `null`s, and that the descriptor JSON names
/// round-trip (the views are serialisable, e.g. for display).
#[test]
fn artifact_manifest_and_descriptor_json() {
    let bytes = br#"{
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "artifactType": "application/vnd.example.sbom",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                   "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                   "size": 2, "data": "e30=", "urls": null, "annotations": null},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                    "size": 2,
                    "urls": ["https://example.com/layer"],
                    "annotations": {"org.opencontainers.image.title": "sbom.json"},
                    "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.1",
                                 "os.features": ["win32k"], "variant": null},
                    "artifactType": "application/vnd.example.part"}],
        "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": "sha256:116a43c2a7021d0724ea09eb6bcd2a6ddcac6a870ab464f64761a682b3e3192a",
                    "size": 499},
        "annotations": {"a": "b"}
    }"#;
    let manifest = Manifest::from_slice(None, bytes).unwrap();
    assert_eq!(
        manifest.artifact_type(),
        Some("application/vnd.example.sbom")
    );
    assert_eq!(
        manifest.subject().map(|s| s.digest.clone()),
        Some(digest(
            "sha256:116a43c2a7021d0724ea09eb6bcd2a6ddcac6a870ab464f64761a682b3e3192a"
        ))
    );
    let m = manifest.as_image().unwrap();
    assert_eq!(m.config.media_type, MediaType::OciEmpty);
    assert!(m.config.urls.is_empty() && m.config.annotations.is_empty());
    let layer = &m.layers[0];
    assert_eq!(
        serde_json::to_string(layer).unwrap(),
        concat!(
            r#"{"mediaType":"application/vnd.oci.image.layer.v1.tar","#,
            r#""digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","#,
            r#""size":2,"urls":["https://example.com/layer"],"#,
            r#""annotations":{"org.opencontainers.image.title":"sbom.json"},"#,
            r#""platform":{"architecture":"amd64","os":"windows","os.version":"10.0.20348.1","#,
            r#""os.features":["win32k"]},"artifactType":"application/vnd.example.part"}"#
        )
    );
    assert_eq!(
        serde_json::from_str::<berth_oci::Descriptor>(&serde_json::to_string(layer).unwrap())
            .unwrap(),
        *layer
    );
}
