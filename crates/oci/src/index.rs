//! Image indexes and manifest lists.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Descriptor, MediaType};

/// A list of manifests, usually one image per platform: an OCI image index
/// or a Docker manifest list, which have the same shape (OCI image-spec's
/// index, go-containerregistry's `v1.IndexManifest`).
///
/// Like [`ImageManifest`](crate::ImageManifest), a view of the JSON a
/// registry served, read with
/// [`Manifest::from_slice`](crate::Manifest::from_slice); keep the bytes.
/// Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageIndex {
    /// Always 2.
    pub schema_version: u32,
    /// The index's own media type, when it says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<MediaType>,
    /// The type of artifact, when this index is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// The manifests, each usually with a `platform`; see
    /// [`best_match`](crate::best_match).
    #[serde(deserialize_with = "crate::serde::null_as_default")]
    pub manifests: Vec<Descriptor>,
    /// The manifest this one refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Descriptor>,
    /// Arbitrary metadata.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub annotations: BTreeMap<String, String>,
}
