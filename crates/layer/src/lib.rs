//! Layers as streams: decompression fed chunk by chunk (as blobs come out of the store or
//! off the network), and the diff-id — the sha256 of the uncompressed tar — computed on the
//! way, without ever holding a layer in memory.
//!
//! ```
//! use berth_layer::DiffIdDigester;
//! use berth_oci::Compression;
//! let mut d = DiffIdDigester::new(Compression::None);
//! d.write(b"tar bytes").unwrap();
//! let (diff_id, size) = d.finish().unwrap();
//! assert_eq!(size, 9);
//! assert_eq!(diff_id, berth_oci::Digest::sha256_of(b"tar bytes"));
//! ```
//!
//! The offline layer browser (like `dive`): [`LayerLister`] (or [`TarListing`] behind a
//! [`Decompressor`]) lists a layer's entries under [`Limits`]; [`FileTree`] merges the
//! listings of an image's layers, applying OCI whiteouts, with dive's change marks; and
//! [`efficiency`] is dive's wasted space and efficiency score; [`FileExtractor`] reads one
//! file's contents out of a layer.

mod compression;
mod decompressor;
mod diff_id;
mod efficiency;
mod error;
mod file_extract;
mod file_tree;
mod layer_listing;
mod tar_listing;
mod tar_reader;

pub use berth_oci::Compression;
pub use compression::sniff;
pub use decompressor::Decompressor;
pub use diff_id::DiffIdDigester;
pub use efficiency::{Efficiency, WastedPath, efficiency};
pub use error::Error;
pub use file_extract::{Extracted, FileExtractor};
pub use file_tree::{Change, FileTree, FlatEntry, Node, NodeId};
pub use layer_listing::LayerLister;
pub use tar_listing::{
    EntryKind, LimitHit, Limits, Listing, Status, Stopped, TarEntry, TarListing, display_name,
    normalize_path,
};
