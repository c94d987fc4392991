//! `MediaType` classification, string round trips and `MANIFEST_ACCEPT`.

use berth_oci::{Compression, MANIFEST_ACCEPT, MediaType};

/// How a media type string is classified.
struct Case {
    input: &'static str,
    known: bool,
    index: bool,
    image_manifest: bool,
    schema1: bool,
    config: bool,
    layer: bool,
    distributable: bool,
    compression: Compression,
}

/// A case with every flag false, to spell out only what is true.
const NONE: Case = Case {
    input: "",
    known: true,
    index: false,
    image_manifest: false,
    schema1: false,
    config: false,
    layer: false,
    distributable: true,
    compression: Compression::None,
};

const CASES: &[Case] = &[
    Case {
        input: "application/vnd.oci.image.index.v1+json",
        index: true,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.manifest.v1+json",
        image_manifest: true,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.config.v1+json",
        config: true,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.empty.v1+json",
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.v1.tar",
        layer: true,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.v1.tar+gzip",
        layer: true,
        compression: Compression::Gzip,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.v1.tar+zstd",
        layer: true,
        compression: Compression::Zstd,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.nondistributable.v1.tar",
        layer: true,
        distributable: false,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        layer: true,
        distributable: false,
        compression: Compression::Gzip,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        layer: true,
        distributable: false,
        compression: Compression::Zstd,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.distribution.manifest.list.v2+json",
        index: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.distribution.manifest.v2+json",
        image_manifest: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.distribution.manifest.v1+json",
        schema1: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.distribution.manifest.v1+prettyjws",
        schema1: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.container.image.v1+json",
        config: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.image.rootfs.diff.tar.gzip",
        layer: true,
        compression: Compression::Gzip,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.image.rootfs.diff.tar",
        layer: true,
        ..NONE
    },
    Case {
        input: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        layer: true,
        distributable: false,
        compression: Compression::Gzip,
        ..NONE
    },
    // Unknown types are kept, and are nothing in particular.
    Case {
        input: "application/vnd.cncf.helm.config.v1+json",
        known: false,
        ..NONE
    },
    Case {
        input: "application/vnd.in-toto+json",
        known: false,
        ..NONE
    },
    // Exact match only: case and parameters make an unknown type here
    // (`from_content_type` is for headers).
    Case {
        input: "Application/vnd.oci.image.index.v1+json",
        known: false,
        ..NONE
    },
    Case {
        input: "application/vnd.oci.image.index.v1+json; charset=utf-8",
        known: false,
        ..NONE
    },
    Case {
        input: "",
        known: false,
        ..NONE
    },
];

#[test]
fn classification() {
    for tc in CASES {
        let mt = MediaType::from(tc.input);
        let name = tc.input;
        assert_eq!(mt.is_known(), tc.known, "{name}: is_known");
        assert_eq!(
            matches!(mt, MediaType::Other(_)),
            !tc.known,
            "{name}: variant {mt:?}"
        );
        assert_eq!(mt.is_index(), tc.index, "{name}: is_index");
        assert_eq!(
            mt.is_image_manifest(),
            tc.image_manifest,
            "{name}: is_image_manifest"
        );
        assert_eq!(mt.is_schema1(), tc.schema1, "{name}: is_schema1");
        assert_eq!(mt.is_config(), tc.config, "{name}: is_config");
        assert_eq!(mt.is_layer(), tc.layer, "{name}: is_layer");
        assert_eq!(
            mt.is_distributable(),
            tc.distributable,
            "{name}: is_distributable"
        );
        assert_eq!(mt.compression(), tc.compression, "{name}: compression");

        // Every string round-trips: as_str, Display, FromStr, JSON.
        assert_eq!(mt.as_str(), tc.input, "{name}: as_str");
        assert_eq!(mt.to_string(), tc.input, "{name}: Display");
        assert_eq!(tc.input.parse::<MediaType>(), Ok(mt.clone()), "{name}");
        assert_eq!(MediaType::from(tc.input.to_owned()), mt, "{name}: String");
        let json = serde_json::to_string(&mt).unwrap();
        assert_eq!(json, serde_json::to_string(tc.input).unwrap(), "{name}");
        assert_eq!(
            serde_json::from_str::<MediaType>(&json).unwrap(),
            mt,
            "{name}"
        );
    }
}

#[test]
fn other_of_a_known_string_is_that_type() {
    let other = MediaType::Other("application/vnd.oci.image.manifest.v1+json".to_owned());
    assert_eq!(other, MediaType::OciManifest);
    assert!(other.is_known());
    // The classification is by variant: build values with `From`.
    assert!(MediaType::from(other.as_str()).is_image_manifest());
}

#[test]
fn from_content_type() {
    let cases: &[(&str, MediaType)] = &[
        (
            "application/vnd.oci.image.index.v1+json",
            MediaType::OciIndex,
        ),
        (
            "application/vnd.docker.distribution.manifest.v2+json; charset=utf-8",
            MediaType::DockerManifestSchema2,
        ),
        (
            "  APPLICATION/VND.DOCKER.DISTRIBUTION.MANIFEST.LIST.V2+JSON ",
            MediaType::DockerManifestList,
        ),
        (
            "application/vnd.docker.distribution.manifest.v1+prettyjws",
            MediaType::DockerManifestSchema1Signed,
        ),
        (
            "application/json; charset=utf-8",
            MediaType::Other("application/json".to_owned()),
        ),
        ("", MediaType::Other(String::new())),
    ];
    for (header, want) in cases {
        assert_eq!(&MediaType::from_content_type(header), want, "{header:?}");
    }
}

#[test]
fn manifest_accept_lists_the_four_manifest_types() {
    let types: Vec<MediaType> = MANIFEST_ACCEPT
        .split(',')
        .map(|s| MediaType::from(s.trim()))
        .collect();
    assert_eq!(
        types,
        [
            MediaType::OciIndex,
            MediaType::OciManifest,
            MediaType::DockerManifestList,
            MediaType::DockerManifestSchema2,
        ]
    );
    assert!(types.iter().all(|t| t.is_index() || t.is_image_manifest()));
}
