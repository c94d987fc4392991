//! Messages between the page and its pull workers (JSON strings over `postMessage`).

use berth_oci::Digest;
use serde::{Deserialize, Serialize};

/// A job for a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Job {
    /// Fetch a blob and store it, verified.
    Download {
        /// Blob URL.
        url: String,
        /// `Authorization` that works for the repository, if any.
        authorization: Option<String>,
        /// Expected digest.
        digest: Digest,
        /// Expected size.
        size: u64,
        /// Media type.
        media_type: String,
        /// Writer id.
        writer: String,
        /// IndexedDB database name.
        database: String,
    },
    /// List a stored layer's tar entries (up to the limits).
    ListLayer {
        /// The layer blob.
        digest: Digest,
        /// Its media type.
        media_type: String,
        /// IndexedDB database name.
        database: String,
    },
    /// Decompress a stored layer and hash it.
    DiffId {
        /// The layer blob.
        digest: Digest,
        /// Its media type.
        media_type: String,
        /// IndexedDB database name.
        database: String,
    },
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ToWorker {
    /// Start a job.
    Run {
        /// Job id.
        id: u32,
        /// The job.
        job: Job,
    },
    /// Cancel a job.
    Cancel {
        /// Job id.
        id: u32,
    },
}

/// What a finished job produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The blob is stored.
    Downloaded,
    /// A layer's entries, and the limit that stopped the listing early, if any.
    Listing {
        /// Entries in archive order.
        entries: Vec<berth_layer::TarEntry>,
        /// Why the listing stopped early.
        truncated: Option<String>,
    },
    /// The layer's diff-id and uncompressed size.
    DiffId {
        /// sha256 of the uncompressed tar.
        diff_id: Digest,
        /// Uncompressed bytes.
        size: u64,
    },
}

/// Why a job failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failure {
    /// Cancelled by the page.
    Cancelled,
    /// The registry wants (new) credentials: the page retries itself.
    Unauthorized,
    /// Anything else; the text is the error.
    Other(String),
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FromWorker {
    /// The worker is loaded and listening.
    Ready,
    /// Bytes stored so far; `verifying` once all arrived.
    Progress {
        /// Job id.
        id: u32,
        /// The worker's wasm memory now, in bytes.
        memory: f64,
        /// Bytes.
        bytes: u64,
        /// All bytes arrived; checking the digest.
        verifying: bool,
    },
    /// The job succeeded.
    Done {
        /// Job id.
        id: u32,
        /// The worker's wasm memory now, in bytes.
        memory: f64,
        /// Result.
        outcome: Outcome,
    },
    /// The job failed.
    Failed {
        /// Job id.
        id: u32,
        /// Why.
        failure: Failure,
    },
}
