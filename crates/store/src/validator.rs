//! The store's invariants, checked from scratch.

use std::collections::BTreeSet;

use crate::store::{BlobInfo, decode};
use crate::{Backend, Error, ImageRecord, RefRecord, Store, Table};

/// How strict [`Store::validate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Invariants that hold at every moment (uploads and leases may exist).
    Always,
    /// Also: nothing unreachable is left — what holds right after [`Store::cleanup`] with
    /// no pull running.
    AfterCleanup,
}

impl<B: Backend> Store<B> {
    /// Checks every invariant; returns each violation as a sentence.
    ///
    /// - every reference points at an existing image;
    /// - every image's manifest, config and layer blobs exist;
    /// - every blob's chunks exist, are numbered 0..n without gaps and add up to its size;
    /// - every record decodes;
    /// - with [`Strictness::AfterCleanup`]: no upload, no lease, no blob that no image
    ///   uses, no chunk outside a blob.
    pub async fn validate(&self, strictness: Strictness) -> Result<Vec<String>, Error> {
        let b = self.backend();
        let mut problems = Vec::new();
        let mut images = BTreeSet::new();
        let mut used = BTreeSet::new();
        for (key, bytes) in b.scan(Table::Images, "").await? {
            match decode::<ImageRecord>(Table::Images, &key, &bytes) {
                Ok(image) => {
                    if image.id.to_string() != key {
                        problems.push(format!("image {key} holds the record of {}", image.id));
                    }
                    for blob in image.blobs() {
                        used.insert(blob.to_string());
                        if b.get(Table::Blobs, &blob.to_string()).await?.is_none() {
                            problems
                                .push(format!("image {key} needs blob {blob}, which is missing"));
                        }
                    }
                    images.insert(key);
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        for (key, bytes) in b.scan(Table::Refs, "").await? {
            match decode::<RefRecord>(Table::Refs, &key, &bytes) {
                Ok(r) if !images.contains(&r.image_id.to_string()) => problems.push(format!(
                    "reference {key} points at missing image {}",
                    r.image_id
                )),
                Ok(_) => {}
                Err(e) => problems.push(e.to_string()),
            }
        }
        let mut owned_groups = BTreeSet::new();
        for (key, bytes) in b.scan(Table::Blobs, "").await? {
            let info = match decode::<BlobInfo>(Table::Blobs, &key, &bytes) {
                Ok(info) => info,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let prefix = format!("{}/{}/", info.digest, info.writer);
            let chunks = b.scan(Table::Chunks, &prefix).await?;
            let total: u64 = chunks.iter().map(|(_, v)| v.len() as u64).sum();
            let numbered = chunks
                .iter()
                .enumerate()
                .all(|(i, (k, _))| k.ends_with(&format!("/{i:08}")));
            if chunks.len() as u32 != info.chunks || !numbered {
                problems.push(format!(
                    "blob {key} should have chunks 0..{} but has {} ({})",
                    info.chunks,
                    chunks.len(),
                    if numbered { "in order" } else { "with gaps" }
                ));
            }
            if total != info.size {
                problems.push(format!(
                    "blob {key} is {} bytes but its chunks hold {total}",
                    info.size
                ));
            }
            if strictness == Strictness::AfterCleanup && !used.contains(&key) {
                problems.push(format!("blob {key} is used by no image"));
            }
            owned_groups.insert(prefix);
        }
        if strictness == Strictness::AfterCleanup {
            for key in b.keys(Table::Uploads, "").await? {
                problems.push(format!("upload {key} is still open"));
            }
            for key in b.keys(Table::Leases, "").await? {
                problems.push(format!("lease {key} is still held"));
            }
            for key in b.keys(Table::Chunks, "").await? {
                let group = key.rsplit_once('/').map(|(g, _)| format!("{g}/"));
                if !group.is_some_and(|g| owned_groups.contains(&g)) {
                    problems.push(format!("chunk {key} belongs to no blob"));
                }
            }
        }
        Ok(problems)
    }
}
