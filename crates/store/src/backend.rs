//! The storage-backend trait: a few ordered key/value tables with atomic, conditional commits.

use crate::Error;

/// The store's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// `digest` → [`crate::BlobInfo`] (JSON): verified, complete blobs only.
    Blobs,
    /// `digest/NNNNNNNN` → raw bytes of one chunk of a blob.
    Chunks,
    /// `digest/writer` → upload (JSON): a blob being written, with its last activity.
    Uploads,
    /// pull ID → lease (JSON): blobs a running pull has completed but not yet committed
    /// into an image; cleanup leaves them alone while the lease is fresh.
    Leases,
    /// image ID → [`crate::ImageRecord`] (JSON).
    Images,
    /// canonical reference → [`crate::RefRecord`] (JSON).
    Refs,
}

impl Table {
    /// Every table, in a fixed order (IndexedDB object store names).
    pub const ALL: [Table; 6] = [
        Table::Blobs,
        Table::Chunks,
        Table::Uploads,
        Table::Leases,
        Table::Images,
        Table::Refs,
    ];

    /// The table's name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Blobs => "blobs",
            Table::Chunks => "chunks",
            Table::Uploads => "uploads",
            Table::Leases => "leases",
            Table::Images => "images",
            Table::Refs => "refs",
        }
    }
}

/// One step of an atomic commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Fails the whole commit with [`Error::Conflict`] unless the key holds exactly this
    /// value (`None`: the key must be absent).
    Expect {
        /// Table.
        table: Table,
        /// Key.
        key: String,
        /// Expected value.
        value: Option<Vec<u8>>,
    },
    /// Fails the whole commit with [`Error::Conflict`] unless the key exists.
    ExpectPresent {
        /// Table.
        table: Table,
        /// Key.
        key: String,
    },
    /// Writes a value.
    Put {
        /// Table.
        table: Table,
        /// Key.
        key: String,
        /// Value.
        value: Vec<u8>,
    },
    /// Deletes a key (absent is fine).
    Delete {
        /// Table.
        table: Table,
        /// Key.
        key: String,
    },
    /// Deletes every key starting with `prefix`.
    DeletePrefix {
        /// Table.
        table: Table,
        /// Prefix.
        prefix: String,
    },
}

/// Ordered key/value tables with atomic commits. Keys sort as strings.
///
/// Implementations: [`crate::MemoryBackend`] here, IndexedDB in the app crate. A commit
/// either applies every op or none; `Expect*` ops are checked inside the same transaction,
/// which gives the store compare-and-swap across browser tabs.
#[allow(async_fn_in_trait)] // single-threaded (wasm) use; no Send bound wanted
pub trait Backend {
    /// The value of a key.
    async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error>;
    /// Every `(key, value)` whose key starts with `prefix`, in key order.
    async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error>;
    /// Every key starting with `prefix`, in key order.
    async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error>;
    /// Applies `ops` atomically.
    async fn commit(&self, ops: Vec<Op>) -> Result<(), Error>;
}
