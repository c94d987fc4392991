//! Content descriptors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Digest, MediaType, Platform};

/// A reference to content by digest (OCI image-spec's descriptor,
/// go-containerregistry's `v1.Descriptor`): a manifest's `config` and
/// `layers`, an index's `manifests`, a `subject`.
///
/// (De)serialises with the OCI field names: `mediaType`, `digest`, `size`,
/// `urls`, `annotations`, `platform`, `artifactType`; the optional ones are
/// left out when empty. Other fields (such as `data`) are ignored.
///
/// ```
/// use berth_oci::{Descriptor, MediaType};
/// let d: Descriptor = serde_json::from_str(r#"{
///     "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
///     "digest": "sha256:5ced11c9b2877ddfff41015af9b852be88ffab2c1e30acc17644f270f70e82f9",
///     "size": 142
/// }"#).unwrap();
/// assert_eq!(d.media_type, MediaType::OciLayerGzip);
/// assert_eq!(d.size, 142);
/// assert_eq!(
///     serde_json::to_string(&d).unwrap(),
///     r#"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:5ced11c9b2877ddfff41015af9b852be88ffab2c1e30acc17644f270f70e82f9","size":142}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    /// The media type of the referenced content.
    pub media_type: MediaType,
    /// The digest of the referenced content's bytes.
    pub digest: Digest,
    /// The size of the referenced content in bytes.
    pub size: u64,
    /// Other places the content may be downloaded from (foreign layers).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub urls: Vec<String>,
    /// Arbitrary metadata.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub annotations: BTreeMap<String, String>,
    /// The platform of the referenced image, in an index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// The type of artifact the referenced manifest is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
}

impl Descriptor {
    /// A descriptor with only the required fields.
    pub fn new(media_type: MediaType, digest: Digest, size: u64) -> Self {
        Descriptor {
            media_type,
            digest,
            size,
            urls: Vec::new(),
            annotations: BTreeMap::new(),
            platform: None,
            artifact_type: None,
        }
    }
}
