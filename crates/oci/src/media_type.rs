//! Media types of manifests, configs and layers.

use std::cmp::Ordering;
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of the `Accept` header for fetching a manifest: the four
/// current manifest types (OCI index, OCI image manifest, Docker manifest
/// list, Docker schema 2 manifest), comma-separated.
///
/// Docker's schema 1 is left out on purpose: without it, a registry that
/// still converts (distribution 2.x) serves schema 2 instead.
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
     application/vnd.oci.image.manifest.v1+json, \
     application/vnd.docker.distribution.manifest.list.v2+json, \
     application/vnd.docker.distribution.manifest.v2+json";

/// How a layer's tar archive is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compression {
    /// A plain tar archive.
    None,
    /// gzip (`+gzip`, and Docker's `.tar.gzip` types).
    Gzip,
    /// Zstandard (`+zstd`).
    Zstd,
}

/// A media type, as found in descriptors, manifests' `mediaType` fields and
/// `Content-Type` headers (go-containerregistry's `types.MediaType`, with
/// the OCI image-spec's and Docker's names).
///
/// Known types are variants; any other string is kept as
/// [`MediaType::Other`], so every media type round-trips unchanged. It
/// (de)serialises as the plain string.
///
/// Equality, ordering and hashing are those of [`as_str`](Self::as_str), so
/// `MediaType::Other` of a known string equals the known variant.
///
/// ```
/// use berth_oci::{Compression, MediaType};
/// let mt: MediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip".parse().unwrap();
/// assert_eq!(mt, MediaType::DockerLayer);
/// assert!(mt.is_layer());
/// assert_eq!(mt.compression(), Compression::Gzip);
///
/// let other: MediaType = "application/vnd.example+json".parse().unwrap();
/// assert_eq!(other, MediaType::Other("application/vnd.example+json".into()));
/// assert_eq!(other.to_string(), "application/vnd.example+json");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum MediaType {
    /// `application/vnd.oci.image.index.v1+json`.
    OciIndex,
    /// `application/vnd.oci.image.manifest.v1+json`.
    OciManifest,
    /// `application/vnd.oci.image.config.v1+json`.
    OciConfig,
    /// `application/vnd.oci.empty.v1+json`, the empty config (`{}`) of
    /// artifacts.
    OciEmpty,
    /// `application/vnd.oci.image.layer.v1.tar`.
    OciLayer,
    /// `application/vnd.oci.image.layer.v1.tar+gzip`.
    OciLayerGzip,
    /// `application/vnd.oci.image.layer.v1.tar+zstd`.
    OciLayerZstd,
    /// `application/vnd.oci.image.layer.nondistributable.v1.tar`.
    OciRestrictedLayer,
    /// `application/vnd.oci.image.layer.nondistributable.v1.tar+gzip`.
    OciRestrictedLayerGzip,
    /// `application/vnd.oci.image.layer.nondistributable.v1.tar+zstd`.
    OciRestrictedLayerZstd,
    /// `application/vnd.docker.distribution.manifest.list.v2+json`.
    DockerManifestList,
    /// `application/vnd.docker.distribution.manifest.v2+json` (schema 2).
    DockerManifestSchema2,
    /// `application/vnd.docker.distribution.manifest.v1+json` (schema 1).
    DockerManifestSchema1,
    /// `application/vnd.docker.distribution.manifest.v1+prettyjws` (signed
    /// schema 1).
    DockerManifestSchema1Signed,
    /// `application/vnd.docker.container.image.v1+json`.
    DockerConfig,
    /// `application/vnd.docker.image.rootfs.diff.tar.gzip`.
    DockerLayer,
    /// `application/vnd.docker.image.rootfs.diff.tar`.
    DockerUncompressedLayer,
    /// `application/vnd.docker.image.rootfs.foreign.diff.tar.gzip` (a layer
    /// downloaded from its `urls`, e.g. Windows base layers).
    DockerForeignLayer,
    /// Any other media type, kept as written.
    Other(String),
}

/// Every known variant, for parsing.
const KNOWN: [MediaType; 18] = [
    MediaType::OciIndex,
    MediaType::OciManifest,
    MediaType::OciConfig,
    MediaType::OciEmpty,
    MediaType::OciLayer,
    MediaType::OciLayerGzip,
    MediaType::OciLayerZstd,
    MediaType::OciRestrictedLayer,
    MediaType::OciRestrictedLayerGzip,
    MediaType::OciRestrictedLayerZstd,
    MediaType::DockerManifestList,
    MediaType::DockerManifestSchema2,
    MediaType::DockerManifestSchema1,
    MediaType::DockerManifestSchema1Signed,
    MediaType::DockerConfig,
    MediaType::DockerLayer,
    MediaType::DockerUncompressedLayer,
    MediaType::DockerForeignLayer,
];

impl MediaType {
    /// The media type string.
    pub fn as_str(&self) -> &str {
        match self {
            MediaType::OciIndex => "application/vnd.oci.image.index.v1+json",
            MediaType::OciManifest => "application/vnd.oci.image.manifest.v1+json",
            MediaType::OciConfig => "application/vnd.oci.image.config.v1+json",
            MediaType::OciEmpty => "application/vnd.oci.empty.v1+json",
            MediaType::OciLayer => "application/vnd.oci.image.layer.v1.tar",
            MediaType::OciLayerGzip => "application/vnd.oci.image.layer.v1.tar+gzip",
            MediaType::OciLayerZstd => "application/vnd.oci.image.layer.v1.tar+zstd",
            MediaType::OciRestrictedLayer => {
                "application/vnd.oci.image.layer.nondistributable.v1.tar"
            }
            MediaType::OciRestrictedLayerGzip => {
                "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
            }
            MediaType::OciRestrictedLayerZstd => {
                "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
            }
            MediaType::DockerManifestList => {
                "application/vnd.docker.distribution.manifest.list.v2+json"
            }
            MediaType::DockerManifestSchema2 => {
                "application/vnd.docker.distribution.manifest.v2+json"
            }
            MediaType::DockerManifestSchema1 => {
                "application/vnd.docker.distribution.manifest.v1+json"
            }
            MediaType::DockerManifestSchema1Signed => {
                "application/vnd.docker.distribution.manifest.v1+prettyjws"
            }
            MediaType::DockerConfig => "application/vnd.docker.container.image.v1+json",
            MediaType::DockerLayer => "application/vnd.docker.image.rootfs.diff.tar.gzip",
            MediaType::DockerUncompressedLayer => "application/vnd.docker.image.rootfs.diff.tar",
            MediaType::DockerForeignLayer => {
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
            }
            MediaType::Other(s) => s,
        }
    }

    /// Reads the media type of a `Content-Type` header: parameters such as
    /// `; charset=utf-8` are dropped, whitespace trimmed and the type lower
    /// cased (media types are case-insensitive; the JSON fields are not
    /// rewritten this way, they round-trip as written).
    ///
    /// ```
    /// use berth_oci::MediaType;
    /// assert_eq!(
    ///     MediaType::from_content_type(" Application/vnd.oci.image.index.v1+json; charset=utf-8"),
    ///     MediaType::OciIndex
    /// );
    /// ```
    pub fn from_content_type(header: &str) -> MediaType {
        let essence = header.split(';').next().unwrap_or_default().trim();
        MediaType::from(essence.to_ascii_lowercase().as_str())
    }

    /// Whether this is one of the media types this crate names (a variant
    /// other than [`MediaType::Other`], or `Other` of such a string).
    pub fn is_known(&self) -> bool {
        KNOWN.contains(self)
    }

    /// An index of manifests: OCI image index or Docker manifest list.
    pub fn is_index(&self) -> bool {
        matches!(self, MediaType::OciIndex | MediaType::DockerManifestList)
    }

    /// A single image's manifest: OCI image manifest or Docker schema 2
    /// (not schema 1, see [`is_schema1`](Self::is_schema1)).
    pub fn is_image_manifest(&self) -> bool {
        matches!(
            self,
            MediaType::OciManifest | MediaType::DockerManifestSchema2
        )
    }

    /// Docker's deprecated schema 1 manifest, signed or not.
    pub fn is_schema1(&self) -> bool {
        matches!(
            self,
            MediaType::DockerManifestSchema1 | MediaType::DockerManifestSchema1Signed
        )
    }

    /// An image config: OCI or Docker (not the artifacts' empty config).
    pub fn is_config(&self) -> bool {
        matches!(self, MediaType::OciConfig | MediaType::DockerConfig)
    }

    /// A layer (a tar archive, perhaps compressed), of any kind.
    pub fn is_layer(&self) -> bool {
        matches!(
            self,
            MediaType::OciLayer
                | MediaType::OciLayerGzip
                | MediaType::OciLayerZstd
                | MediaType::OciRestrictedLayer
                | MediaType::OciRestrictedLayerGzip
                | MediaType::OciRestrictedLayerZstd
                | MediaType::DockerLayer
                | MediaType::DockerUncompressedLayer
                | MediaType::DockerForeignLayer
        )
    }

    /// Whether a blob of this type may be pushed to registries (go-
    /// containerregistry's `IsDistributable`): false for the OCI
    /// non-distributable layers and Docker's foreign layers.
    pub fn is_distributable(&self) -> bool {
        !matches!(
            self,
            MediaType::OciRestrictedLayer
                | MediaType::OciRestrictedLayerGzip
                | MediaType::OciRestrictedLayerZstd
                | MediaType::DockerForeignLayer
        )
    }

    /// How a layer of this type is compressed; [`Compression::None`] for
    /// anything that is not a compressed layer.
    pub fn compression(&self) -> Compression {
        match self {
            MediaType::OciLayerGzip
            | MediaType::OciRestrictedLayerGzip
            | MediaType::DockerLayer
            | MediaType::DockerForeignLayer => Compression::Gzip,
            MediaType::OciLayerZstd | MediaType::OciRestrictedLayerZstd => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

impl From<&str> for MediaType {
    /// A known variant when the string is one, [`MediaType::Other`]
    /// otherwise; exact, without trimming or case folding.
    fn from(s: &str) -> Self {
        KNOWN
            .iter()
            .find(|known| known.as_str() == s)
            .cloned()
            .unwrap_or_else(|| MediaType::Other(s.to_owned()))
    }
}

impl From<String> for MediaType {
    fn from(s: String) -> Self {
        match MediaType::from(s.as_str()) {
            MediaType::Other(_) => MediaType::Other(s),
            known => known,
        }
    }
}

impl FromStr for MediaType {
    type Err = Infallible;

    /// Same as `From<&str>`: never fails.
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(MediaType::from(s))
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for MediaType {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for MediaType {}

impl PartialOrd for MediaType {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MediaType {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for MediaType {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for MediaType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MediaType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(MediaType::from)
    }
}
