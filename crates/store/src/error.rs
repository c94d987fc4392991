use berth_oci::Digest;

/// Everything the store can refuse or fail at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The storage backend failed (IndexedDB error text, quota exceeded, …).
    #[error("storage: {0}")]
    Backend(String),
    /// A conditional commit found other data than expected (another tab changed it).
    #[error("storage conflict on {table} {key}: changed by another writer, try again")]
    Conflict {
        /// Table name.
        table: &'static str,
        /// Key.
        key: String,
    },
    /// Bytes did not hash to the digest they were fetched by.
    #[error("digest mismatch for blob {expected}: got {actual}")]
    DigestMismatch {
        /// The digest asked for.
        expected: Digest,
        /// The digest of what arrived.
        actual: Digest,
    },
    /// A blob's length differs from its descriptor's size.
    #[error("size mismatch for blob {digest}: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The blob.
        digest: Digest,
        /// Descriptor size.
        expected: u64,
        /// Bytes received.
        actual: u64,
    },
    /// An image refers to a blob the store does not have.
    #[error("blob {0} is not in the store")]
    MissingBlob(Digest),
    /// No image with this ID.
    #[error("No such image: {0}")]
    NoSuchImage(String),
    /// A stored record could not be decoded.
    #[error("corrupt store record {table} {key}: {reason}")]
    CorruptRecord {
        /// Table name.
        table: &'static str,
        /// Key.
        key: String,
        /// Decoder message.
        reason: String,
    },
}
