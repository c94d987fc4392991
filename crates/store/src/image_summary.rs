//! The rows of `docker images`: one per `repository:tag`, `<none>` where Docker prints it.

use std::collections::BTreeMap;

use berth_oci::{Digest, Reference};
use serde::Serialize;

use crate::{ImageRecord, ImageState, RefRecord};

/// One row of the images table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageSummary {
    /// Familiar repository name (`ubuntu`, `127.0.0.1:5000/berth/hello`) or `<none>`.
    pub repository: String,
    /// Tag or `<none>`.
    pub tag: String,
    /// Image ID (config digest).
    pub image_id: Digest,
    /// The repository's digest (`RepoDigests`), if known.
    pub digest: Option<Digest>,
    /// `created` from the config, as written.
    pub created: Option<String>,
    /// `created` in ms since the epoch, when it parses.
    pub created_ms: Option<f64>,
    /// Uncompressed size of the layers, once verified.
    pub size: Option<u64>,
    /// Bytes as stored (config + compressed layers).
    pub content_size: u64,
    /// Verification state.
    pub state: ImageState,
}

impl ImageSummary {
    /// A row for `image` under `repository:tag`, with the repository's digest.
    pub(crate) fn row(
        image: &ImageRecord,
        repository: &str,
        tag: &str,
        digest: Option<Digest>,
    ) -> ImageSummary {
        ImageSummary {
            repository: repository.to_owned(),
            tag: tag.to_owned(),
            image_id: image.id.clone(),
            digest,
            created: image.created.clone(),
            created_ms: image.created.as_deref().and_then(berth_units::rfc3339_ms),
            size: image.size(),
            content_size: image.content_size(),
            state: image.state.clone(),
        }
    }
}

/// The tags of one repository pointing at an image, and the repository's digest.
type RepoRefs = (Vec<String>, Option<Digest>);

/// Docker's rows: for each image, one row per `repository:tag` (with that repository's
/// digest); a repository known only by digest gets a `<none>` tag; an image with no
/// reference at all is `<none> <none>`. Newest first, then by repository and tag.
pub fn image_summaries(images: &[ImageRecord], refs: &[(String, RefRecord)]) -> Vec<ImageSummary> {
    // image → familiar repository → its tags and digest
    let mut by_image: BTreeMap<&Digest, BTreeMap<String, RepoRefs>> = BTreeMap::new();
    for (key, record) in refs {
        let Ok(reference) = Reference::parse(key) else {
            continue;
        };
        let repo = by_image
            .entry(&record.image_id)
            .or_default()
            .entry(reference.familiar_name())
            .or_default();
        if let Some(tag) = reference.tag() {
            repo.0.push(tag.to_owned());
        }
        if let Some(d) = reference.digest() {
            repo.1 = Some(d.clone());
        } else if repo.1.is_none() {
            repo.1 = record.repo_digest.clone();
        }
    }
    let mut rows = Vec::new();
    for image in images {
        let row = |repository: &str, tag: &str, digest: Option<Digest>| {
            ImageSummary::row(image, repository, tag, digest)
        };
        match by_image.get(&image.id) {
            None => rows.push(row("<none>", "<none>", None)),
            Some(repos) => {
                for (repo, (tags, digest)) in repos {
                    if tags.is_empty() {
                        rows.push(row(repo, "<none>", digest.clone()));
                    }
                    for tag in tags {
                        rows.push(row(repo, tag, digest.clone()));
                    }
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        b.created_ms
            .unwrap_or(f64::MIN)
            .total_cmp(&a.created_ms.unwrap_or(f64::MIN))
            .then_with(|| a.repository.cmp(&b.repository))
            .then_with(|| a.tag.cmp(&b.tag))
    });
    rows
}
