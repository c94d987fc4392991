//! Store operations over a [`Backend`].

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use berth_oci::{Digest, Sha256Digester};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{Backend, Error, ImageRecord, Op, RefRecord, Table};

/// Bytes per stored chunk: large enough for few transactions, small enough to never hold
/// a layer in memory.
pub const CHUNK_SIZE: usize = 4 << 20;

/// An upload with no write for this long is abandoned (its tab closed or crashed).
pub const UPLOAD_STALE_MS: f64 = 5.0 * 60_000.0;

/// Completed blobs of a failed or cancelled pull stay this long for a retry to reuse.
pub const UPLOAD_LEASE_MS: f64 = 10.0 * 60_000.0;

/// A verified, complete blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobInfo {
    /// Its digest.
    pub digest: Digest,
    /// Its size in bytes.
    pub size: u64,
    /// Media type it was fetched as.
    pub media_type: String,
    /// The writer whose chunks hold it (`Chunks` keys `digest/writer/NNNNNNNN`).
    pub writer: String,
    /// Number of chunks.
    pub chunks: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Upload {
    touched: f64,
    written: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Lease {
    touched: f64,
    blobs: BTreeSet<Digest>,
}

/// What [`Store::cleanup`] removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanupReport {
    /// Abandoned uploads whose chunks were deleted.
    pub stale_uploads: usize,
    /// Chunk groups that belonged to no blob and no upload.
    pub orphan_chunk_groups: usize,
    /// Complete blobs that no image and no fresh lease references.
    pub unreferenced_blobs: usize,
    /// Expired leases.
    pub expired_leases: usize,
}

/// The local image store.
#[derive(Debug, Clone)]
pub struct Store<B> {
    backend: B,
}

pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("store records always serialise")
}

pub(crate) fn decode<T: DeserializeOwned>(
    table: Table,
    key: &str,
    bytes: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::CorruptRecord {
        table: table.name(),
        key: key.to_owned(),
        reason: e.to_string(),
    })
}

fn chunk_prefix(digest: &Digest, writer: &str) -> String {
    format!("{digest}/{writer}/")
}

fn chunk_key(digest: &Digest, writer: &str, index: u32) -> String {
    format!("{digest}/{writer}/{index:08}")
}

impl<B: Backend> Store<B> {
    /// A store over `backend`.
    pub fn new(backend: B) -> Self {
        Store { backend }
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    async fn get<T: DeserializeOwned>(&self, table: Table, key: &str) -> Result<Option<T>, Error> {
        match self.backend.get(table, key).await? {
            Some(bytes) => decode(table, key, &bytes).map(Some),
            None => Ok(None),
        }
    }

    async fn all<T: DeserializeOwned>(&self, table: Table) -> Result<Vec<(String, T)>, Error> {
        self.backend
            .scan(table, "")
            .await?
            .into_iter()
            .map(|(k, v)| decode(table, &k, &v).map(|t| (k, t)))
            .collect()
    }

    /// A complete blob's metadata, if the store has it.
    pub async fn blob(&self, digest: &Digest) -> Result<Option<BlobInfo>, Error> {
        self.get(Table::Blobs, &digest.to_string()).await
    }

    /// Starts writing a blob that must hash to `digest` and be `size` bytes long.
    /// `writer` must be unique to this writer (two tabs may fetch one blob at once).
    pub async fn begin_blob(
        &self,
        digest: &Digest,
        size: u64,
        media_type: &str,
        writer: &str,
        now_ms: f64,
    ) -> Result<BlobWriter<'_, B>, Error> {
        let upload = Upload {
            touched: now_ms,
            written: 0,
        };
        // A writer name is one upload: a second writer of the same name would mix its
        // chunks with the first's.
        let key = chunk_prefix(digest, writer);
        self.backend
            .commit(vec![
                Op::Expect {
                    table: Table::Uploads,
                    key: key.clone(),
                    value: None,
                },
                Op::Put {
                    table: Table::Uploads,
                    key,
                    value: encode(&upload),
                },
            ])
            .await?;
        Ok(BlobWriter {
            store: self,
            digest: digest.clone(),
            size,
            media_type: media_type.to_owned(),
            writer: writer.to_owned(),
            digester: Sha256Digester::new(),
            buffer: Vec::with_capacity(CHUNK_SIZE.min(size as usize)),
            chunks: 0,
            written: 0,
            in_flight: None,
        })
    }

    /// Writes a small blob (a manifest, a config) in one go, verified like any other.
    pub async fn put_blob(
        &self,
        digest: &Digest,
        media_type: &str,
        bytes: &[u8],
        writer: &str,
        now_ms: f64,
    ) -> Result<BlobInfo, Error> {
        let mut w = self
            .begin_blob(digest, bytes.len() as u64, media_type, writer, now_ms)
            .await?;
        if let Err(e) = w.write(bytes, now_ms).await {
            w.abort().await?;
            return Err(e);
        }
        w.finish(now_ms).await
    }

    /// The keys of a complete blob's chunks, in order, to stream it with [`Store::read_chunk`].
    pub async fn chunk_keys(&self, digest: &Digest) -> Result<(BlobInfo, Vec<String>), Error> {
        let info = self
            .blob(digest)
            .await?
            .ok_or_else(|| Error::MissingBlob(digest.clone()))?;
        let keys = self
            .backend
            .keys(Table::Chunks, &chunk_prefix(digest, &info.writer))
            .await?;
        Ok((info, keys))
    }

    /// One chunk's bytes.
    pub async fn read_chunk(&self, key: &str) -> Result<Vec<u8>, Error> {
        self.backend
            .get(Table::Chunks, key)
            .await?
            .ok_or_else(|| Error::Backend(format!("chunk {key} is missing")))
    }

    /// A whole (small) blob.
    pub async fn read_blob(&self, digest: &Digest) -> Result<Vec<u8>, Error> {
        let (info, keys) = self.chunk_keys(digest).await?;
        let mut out = Vec::with_capacity(info.size as usize);
        for key in keys {
            out.extend_from_slice(&self.read_chunk(&key).await?);
        }
        if out.len() as u64 != info.size {
            return Err(Error::Backend(format!(
                "blob {digest} has {} of {} bytes in the store",
                out.len(),
                info.size
            )));
        }
        Ok(out)
    }

    /// Downloads in progress or abandoned (awaiting [`Store::cleanup`]): their chunk prefix,
    /// bytes written so far and last activity (ms since the epoch).
    pub async fn uploads(&self) -> Result<Vec<(String, u64, f64)>, Error> {
        Ok(self
            .all::<Upload>(Table::Uploads)
            .await?
            .into_iter()
            .map(|(k, u)| (k, u.written, u.touched))
            .collect())
    }

    /// Protects completed blobs of a running pull from cleanup (refresh it as the pull goes).
    pub async fn hold_lease(
        &self,
        pull_id: &str,
        blobs: impl IntoIterator<Item = Digest>,
        now_ms: f64,
    ) -> Result<(), Error> {
        let lease = Lease {
            touched: now_ms,
            blobs: blobs.into_iter().collect(),
        };
        self.backend
            .commit(vec![Op::Put {
                table: Table::Leases,
                key: pull_id.to_owned(),
                value: encode(&lease),
            }])
            .await
    }

    /// Makes an image and its references visible, atomically, once all its blobs are in the
    /// store; ends the pull's lease in the same commit.
    pub async fn commit_image(
        &self,
        image: &ImageRecord,
        refs: &[(String, RefRecord)],
        pull_id: Option<&str>,
    ) -> Result<(), Error> {
        let mut ops: Vec<Op> = image
            .blobs()
            .map(|d| Op::ExpectPresent {
                table: Table::Blobs,
                key: d.to_string(),
            })
            .collect();
        ops.push(Op::Put {
            table: Table::Images,
            key: image.id.to_string(),
            value: encode(image),
        });
        for (reference, record) in refs {
            ops.push(Op::Put {
                table: Table::Refs,
                key: reference.clone(),
                value: encode(record),
            });
        }
        if let Some(id) = pull_id {
            ops.push(Op::Delete {
                table: Table::Leases,
                key: id.to_owned(),
            });
        }
        match self.backend.commit(ops).await {
            Err(Error::Conflict { key, .. }) => match key.parse::<Digest>() {
                Ok(d) => Err(Error::MissingBlob(d)),
                Err(_) => Err(Error::Backend(format!("missing blob {key}"))),
            },
            other => other,
        }
    }

    /// An image by ID.
    pub async fn image(&self, id: &Digest) -> Result<Option<ImageRecord>, Error> {
        self.get(Table::Images, &id.to_string()).await
    }

    /// Every image, in ID order.
    pub async fn images(&self) -> Result<Vec<ImageRecord>, Error> {
        Ok(self
            .all(Table::Images)
            .await?
            .into_iter()
            .map(|(_, v)| v)
            .collect())
    }

    /// Every reference and what it points at, in reference order.
    pub async fn refs(&self) -> Result<Vec<(String, RefRecord)>, Error> {
        self.all(Table::Refs).await
    }

    /// What one reference points at.
    pub async fn reference(&self, reference: &str) -> Result<Option<RefRecord>, Error> {
        self.get(Table::Refs, reference).await
    }

    /// Deletes an image and every reference to it, atomically; returns the references removed.
    /// Its blobs go at the next [`Store::cleanup`] unless another image uses them.
    pub async fn delete_image(&self, id: &Digest) -> Result<Vec<String>, Error> {
        let key = id.to_string();
        let refs: Vec<String> = self
            .refs()
            .await?
            .into_iter()
            .filter(|(_, r)| &r.image_id == id)
            .map(|(k, _)| k)
            .collect();
        let mut ops = vec![
            Op::ExpectPresent {
                table: Table::Images,
                key: key.clone(),
            },
            Op::Delete {
                table: Table::Images,
                key: key.clone(),
            },
        ];
        for r in &refs {
            let current = self.backend.get(Table::Refs, r).await?;
            ops.push(Op::Expect {
                table: Table::Refs,
                key: r.clone(),
                value: current,
            });
            ops.push(Op::Delete {
                table: Table::Refs,
                key: r.clone(),
            });
        }
        match self.backend.commit(ops).await {
            Err(Error::Conflict {
                table: "images", ..
            }) => Err(Error::NoSuchImage(key)),
            other => other.map(|()| refs),
        }
    }

    /// Changes an image record with compare-and-swap, retrying when another writer raced.
    pub async fn update_image(
        &self,
        id: &Digest,
        change: impl Fn(&mut ImageRecord),
    ) -> Result<ImageRecord, Error> {
        loop {
            let key = id.to_string();
            let Some(old) = self.backend.get(Table::Images, &key).await? else {
                return Err(Error::NoSuchImage(key));
            };
            let mut image: ImageRecord = decode(Table::Images, &key, &old)?;
            change(&mut image);
            let ops = vec![
                Op::Expect {
                    table: Table::Images,
                    key: key.clone(),
                    value: Some(old),
                },
                Op::Put {
                    table: Table::Images,
                    key,
                    value: encode(&image),
                },
            ];
            match self.backend.commit(ops).await {
                Ok(()) => return Ok(image),
                Err(Error::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Removes what no one will ever read: abandoned uploads, chunks of no blob, expired
    /// leases, and complete blobs that no image and no fresh lease references.
    pub async fn cleanup(&self, now_ms: f64) -> Result<CleanupReport, Error> {
        let mut report = CleanupReport::default();
        let mut ops = Vec::new();

        let uploads: Vec<(String, Upload)> = self.all(Table::Uploads).await?;
        let mut live_uploads = BTreeSet::new();
        for (prefix, upload) in uploads {
            if now_ms - upload.touched > UPLOAD_STALE_MS {
                report.stale_uploads += 1;
                ops.push(Op::Delete {
                    table: Table::Uploads,
                    key: prefix.clone(),
                });
                ops.push(Op::DeletePrefix {
                    table: Table::Chunks,
                    prefix,
                });
            } else {
                live_uploads.insert(prefix);
            }
        }

        let leases: Vec<(String, Lease)> = self.all(Table::Leases).await?;
        let mut leased = BTreeSet::new();
        for (id, lease) in leases {
            if now_ms - lease.touched > UPLOAD_LEASE_MS {
                report.expired_leases += 1;
                ops.push(Op::Delete {
                    table: Table::Leases,
                    key: id,
                });
            } else {
                leased.extend(lease.blobs);
            }
        }

        let referenced: BTreeSet<Digest> = self
            .images()
            .await?
            .iter()
            .flat_map(|i| i.blobs().cloned().collect::<Vec<_>>())
            .collect();
        let blobs: Vec<(String, BlobInfo)> = self.all(Table::Blobs).await?;
        let mut kept_chunks = BTreeSet::new();
        for (key, info) in &blobs {
            if referenced.contains(&info.digest) || leased.contains(&info.digest) {
                kept_chunks.insert(chunk_prefix(&info.digest, &info.writer));
            } else {
                report.unreferenced_blobs += 1;
                ops.push(Op::Delete {
                    table: Table::Blobs,
                    key: key.clone(),
                });
                ops.push(Op::DeletePrefix {
                    table: Table::Chunks,
                    prefix: chunk_prefix(&info.digest, &info.writer),
                });
            }
        }

        let mut groups: BTreeMap<String, ()> = BTreeMap::new();
        for key in self.backend.keys(Table::Chunks, "").await? {
            if let Some((group, _)) = key.rsplit_once('/') {
                groups.insert(format!("{group}/"), ());
            }
        }
        for group in groups.into_keys() {
            let owned = kept_chunks.contains(&group) || live_uploads.contains(&group);
            let stale_upload = ops.iter().any(|op| {
                matches!(op, Op::DeletePrefix { table: Table::Chunks, prefix } if *prefix == group)
            });
            if !owned && !stale_upload {
                report.orphan_chunk_groups += 1;
                ops.push(Op::DeletePrefix {
                    table: Table::Chunks,
                    prefix: group,
                });
            }
        }
        if !ops.is_empty() {
            self.backend.commit(ops).await?;
        }
        Ok(report)
    }
}

/// A backend commit started and not yet awaited.
type Commit<'s> = Pin<Box<dyn Future<Output = Result<(), Error>> + 's>>;

/// Writes one blob in chunks, hashing as it goes; see [`Store::begin_blob`].
pub struct BlobWriter<'s, B> {
    store: &'s Store<B>,
    digest: Digest,
    size: u64,
    media_type: String,
    writer: String,
    digester: Sha256Digester,
    buffer: Vec<u8>,
    chunks: u32,
    written: u64,
    /// The previous chunk's commit, still running while the next chunk fills: the network
    /// and the hashing overlap with the backend's write.
    in_flight: Option<Commit<'s>>,
}

impl<B: Backend> BlobWriter<'_, B> {
    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Appends bytes; full chunks go to the backend at once. More bytes than the descriptor's
    /// size fail immediately (and leave the upload for [`BlobWriter::abort`]).
    pub async fn write(&mut self, mut data: &[u8], now_ms: f64) -> Result<(), Error> {
        if self.written + data.len() as u64 > self.size {
            return Err(Error::SizeMismatch {
                digest: self.digest.clone(),
                expected: self.size,
                actual: self.written + data.len() as u64,
            });
        }
        self.digester.update(data);
        self.written += data.len() as u64;
        while !data.is_empty() {
            let room = CHUNK_SIZE - self.buffer.len();
            let take = room.min(data.len());
            self.buffer.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buffer.len() == CHUNK_SIZE {
                self.flush(now_ms).await?;
            }
        }
        Ok(())
    }

    /// Starts committing the buffered chunk, after the previous commit has finished.
    async fn flush(&mut self, now_ms: f64) -> Result<(), Error> {
        self.settle().await?;
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_SIZE));
        let upload = Upload {
            touched: now_ms,
            written: self.written,
        };
        let ops = vec![
            Op::Put {
                table: Table::Chunks,
                key: chunk_key(&self.digest, &self.writer, self.chunks),
                value: chunk,
            },
            Op::Put {
                table: Table::Uploads,
                key: chunk_prefix(&self.digest, &self.writer),
                value: encode(&upload),
            },
        ];
        self.chunks += 1;
        let store = self.store;
        let mut commit: Commit<'_> = Box::pin(store.backend.commit(ops));
        // Poll once so that the backend issues the write now; it completes while the caller
        // goes on reading, and the next flush (or finish) waits for it.
        let early = std::future::poll_fn(|cx| {
            Poll::Ready(match commit.as_mut().poll(cx) {
                Poll::Ready(r) => Some(r),
                Poll::Pending => None,
            })
        })
        .await;
        match early {
            Some(r) => r,
            None => {
                self.in_flight = Some(commit);
                Ok(())
            }
        }
    }

    /// Waits for the chunk commit in flight, if any.
    async fn settle(&mut self) -> Result<(), Error> {
        match self.in_flight.take() {
            Some(commit) => commit.await,
            None => Ok(()),
        }
    }

    /// Verifies size and digest, then makes the blob visible. On a mismatch the chunks are
    /// deleted and nothing is stored.
    pub async fn finish(mut self, now_ms: f64) -> Result<BlobInfo, Error> {
        let actual = std::mem::replace(&mut self.digester, Sha256Digester::new()).finish();
        let verdict = if self.written != self.size {
            Err(Error::SizeMismatch {
                digest: self.digest.clone(),
                expected: self.size,
                actual: self.written,
            })
        } else if actual != self.digest {
            Err(Error::DigestMismatch {
                expected: self.digest.clone(),
                actual,
            })
        } else {
            Ok(())
        };
        if let Err(e) = verdict {
            self.abort().await?;
            return Err(e);
        }
        self.flush(now_ms).await?;
        self.settle().await?;
        let info = BlobInfo {
            digest: self.digest.clone(),
            size: self.size,
            media_type: self.media_type.clone(),
            writer: self.writer.clone(),
            chunks: self.chunks,
        };
        let prefix = chunk_prefix(&self.digest, &self.writer);
        let committed = self
            .store
            .backend
            .commit(vec![
                // Another writer (another tab) may have completed the same blob meanwhile:
                // then its copy stays, and this one is dropped.
                Op::Expect {
                    table: Table::Blobs,
                    key: self.digest.to_string(),
                    value: None,
                },
                Op::Put {
                    table: Table::Blobs,
                    key: self.digest.to_string(),
                    value: encode(&info),
                },
                Op::Delete {
                    table: Table::Uploads,
                    key: prefix,
                },
            ])
            .await;
        match committed {
            Ok(()) => Ok(info),
            Err(Error::Conflict { .. }) => {
                let store = self.store;
                let digest = self.digest.clone();
                self.abort().await?;
                store.blob(&digest).await?.ok_or(Error::MissingBlob(digest))
            }
            Err(e) => Err(e),
        }
    }

    /// Gives up: deletes this writer's chunks and upload record.
    pub async fn abort(mut self) -> Result<(), Error> {
        // The chunk in flight lands first, so that the delete below removes it too.
        let _ = self.settle().await;
        let prefix = chunk_prefix(&self.digest, &self.writer);
        self.store
            .backend
            .commit(vec![
                Op::Delete {
                    table: Table::Uploads,
                    key: prefix.clone(),
                },
                Op::DeletePrefix {
                    table: Table::Chunks,
                    prefix,
                },
            ])
            .await
    }
}
