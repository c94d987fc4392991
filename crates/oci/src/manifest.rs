//! Image manifests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Descriptor, MediaType};

/// The manifest of one image: an OCI image manifest or a Docker schema 2
/// manifest, which have the same shape (OCI image-spec's manifest,
/// go-containerregistry's `v1.Manifest`).
///
/// A view of the manifest's JSON, read with
/// [`Manifest::from_slice`](crate::Manifest::from_slice): the bytes a
/// registry served are what the manifest's digest is computed over, so store
/// and push those, never this struct serialised again. Unknown fields are
/// ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageManifest {
    /// Always 2.
    pub schema_version: u32,
    /// The manifest's own media type, when it says it (optional for OCI,
    /// always there for Docker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<MediaType>,
    /// The type of artifact, when this manifest is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// The image config (or an artifact's config).
    pub config: Descriptor,
    /// The layers, base first.
    #[serde(deserialize_with = "crate::serde::null_as_default")]
    pub layers: Vec<Descriptor>,
    /// The manifest this one refers to (a signature's or an SBOM's image).
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

impl ImageManifest {
    /// The sum of the config's and the layers' sizes: what a pull
    /// downloads, at most.
    pub fn total_size(&self) -> u64 {
        self.layers.iter().fold(self.config.size, |sum, layer| {
            sum.saturating_add(layer.size)
        })
    }
}
