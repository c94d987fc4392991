//! What a pull leaves in the store and what it prints, in Docker's words.

use berth_oci::{Digest, ImageConfig, ImageManifest, Reference};

use crate::{ImageRecord, ImageState, LayerRecord, RefRecord};

/// The manifests a pull resolved, and what it made of them.
#[derive(Debug, Clone)]
pub struct PullResult {
    /// The reference as pulled (normalised: `docker.io/library/ubuntu:latest`).
    pub reference: Reference,
    /// The image record to commit.
    pub image: ImageRecord,
    /// The digest the registry resolved the reference to: the index's for a multi-platform
    /// image, else the manifest's (`Digest:` in Docker's output, the `RepoDigests` entry).
    pub repo_digest: Digest,
}

impl PullResult {
    /// Builds the record of a pulled image from its manifest and config.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        reference: Reference,
        manifest: &ImageManifest,
        manifest_digest: Digest,
        manifest_media_type: &str,
        manifest_size: u64,
        index_digest: Option<Digest>,
        config: &ImageConfig,
        pulled_at: f64,
    ) -> PullResult {
        let layers = manifest
            .layers
            .iter()
            .map(|l| LayerRecord {
                digest: l.digest.clone(),
                media_type: l.media_type.as_str().to_owned(),
                size: l.size,
                diff_id: None,
                uncompressed_size: None,
            })
            .collect();
        let repo_digest = index_digest
            .clone()
            .unwrap_or_else(|| manifest_digest.clone());
        let image = ImageRecord {
            id: manifest.config.digest.clone(),
            manifest_digest,
            index_digest,
            manifest_media_type: manifest_media_type.to_owned(),
            manifest_size,
            config_size: manifest.config.size,
            layers,
            created: config.created.clone(),
            platform: config.platform().to_string(),
            labels: config
                .config
                .as_ref()
                .map(|c| c.labels.clone())
                .unwrap_or_default(),
            parent: None,
            ref_epoch: 0,
            pulled_at,
            state: ImageState::Verifying,
        };
        PullResult {
            reference,
            image,
            repo_digest,
        }
    }

    /// The references to write: `name:tag` (when pulled by tag) and `name@digest`, both
    /// canonical, both pointing at the image.
    pub fn refs(&self) -> Vec<(String, RefRecord)> {
        let record = RefRecord {
            image_id: self.image.id.clone(),
            repo_digest: Some(self.repo_digest.clone()),
        };
        let name = self.reference.name();
        let mut out = Vec::new();
        if let Some(tag) = self.reference.tag() {
            out.push((format!("{name}:{tag}"), record.clone()));
        }
        out.push((format!("{name}@{}", self.repo_digest), record));
        out
    }

    /// Docker's closing lines of `docker pull`:
    ///
    /// ```text
    /// Digest: sha256:…
    /// Status: Downloaded newer image for ubuntu:latest
    /// docker.io/library/ubuntu:latest
    /// ```
    ///
    /// `up_to_date` when the reference already pointed at this image and nothing was fetched.
    pub fn summary(&self, up_to_date: bool) -> Vec<String> {
        let familiar = self.reference.familiar_string();
        let status = if up_to_date {
            format!("Status: Image is up to date for {familiar}")
        } else {
            format!("Status: Downloaded newer image for {familiar}")
        };
        vec![
            format!("Digest: {}", self.repo_digest),
            status,
            self.reference.to_string(),
        ]
    }
}

/// `1.0: Pulling from berth/hello` — the first line of `docker pull`: tag or digest, then
/// the repository's path without the registry (`latest: Pulling from library/ubuntu`).
pub fn pulling_from(reference: &Reference) -> String {
    let what = match (reference.tag(), reference.digest()) {
        (Some(tag), _) => tag.to_owned(),
        (None, Some(d)) => d.to_string(),
        (None, None) => "latest".to_owned(),
    };
    format!("{what}: Pulling from {}", reference.path())
}

/// The 12-hex short form Docker prints for layers and image IDs (`a1b2c3d4e5f6`).
pub fn short_id(digest: &Digest) -> String {
    digest.hex().chars().take(12).collect()
}
