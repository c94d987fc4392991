//! The records of the images and references tables.

use berth_oci::Digest;
use serde::{Deserialize, Serialize};

/// One layer of a stored image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRecord {
    /// Digest of the blob as stored (compressed).
    pub digest: Digest,
    /// Media type from the manifest.
    pub media_type: String,
    /// Compressed size in bytes.
    pub size: u64,
    /// Digest of the uncompressed tar, once verified against the config's `rootfs.diff_ids`.
    pub diff_id: Option<Digest>,
    /// Uncompressed size in bytes, once verified.
    pub uncompressed_size: Option<u64>,
}

/// Whether an image's layers were checked against its config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "kebab-case")]
pub enum ImageState {
    /// Every compressed blob is verified; the diff-ids are still being computed.
    Verifying,
    /// Every layer decompresses to the diff-id its config names.
    Ready,
    /// A layer does not match its diff-id (or cannot be decompressed): the reason.
    Corrupt(String),
}

/// A stored image, keyed by its ID (the digest of its config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRecord {
    /// Image ID: the config digest.
    pub id: Digest,
    /// The image manifest's digest.
    pub manifest_digest: Digest,
    /// The index (manifest list) it was chosen from, for a multi-platform image.
    pub index_digest: Option<Digest>,
    /// The image manifest's media type.
    pub manifest_media_type: String,
    /// The image manifest's size in bytes.
    pub manifest_size: u64,
    /// The config blob's size in bytes.
    pub config_size: u64,
    /// Layers, bottom first.
    pub layers: Vec<LayerRecord>,
    /// `created` from the config (RFC 3339 as written), if any.
    pub created: Option<String>,
    /// `os/arch[/variant]` from the config.
    pub platform: String,
    /// `config.Labels` from the image config (for `--filter label=`).
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
    /// The image this one was built on locally (Docker's parent chain); pulled images have
    /// none. `rmi` prunes untagged parents unless `--no-prune`.
    #[serde(default)]
    pub parent: Option<Digest>,
    /// Bumped whenever a reference to this image is added, so that a concurrent `rmi`
    /// that read the image before sees its commit fail and retries.
    #[serde(default)]
    pub ref_epoch: u64,
    /// When it was pulled (ms since the epoch).
    pub pulled_at: f64,
    /// Verification state.
    pub state: ImageState,
}

impl ImageRecord {
    /// Every blob the image needs: manifest, config, index (if any), layers.
    pub fn blobs(&self) -> impl Iterator<Item = &Digest> {
        [&self.manifest_digest, &self.id]
            .into_iter()
            .chain(&self.index_digest)
            .chain(self.layers.iter().map(|l| &l.digest))
    }

    /// Bytes as stored: config blob plus compressed layers (Docker's "content size").
    pub fn content_size(&self) -> u64 {
        self.config_size + self.layers.iter().map(|l| l.size).sum::<u64>()
    }

    /// Uncompressed size of the layers (Docker's `SIZE`), once every layer is verified.
    pub fn size(&self) -> Option<u64> {
        self.layers.iter().map(|l| l.uncompressed_size).sum()
    }
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefRecord {
    /// The image.
    pub image_id: Digest,
    /// The digest the reference resolved to at the registry (the manifest's, or the
    /// index's for a multi-platform image): Docker's `RepoDigests` entry.
    pub repo_digest: Option<Digest>,
}
