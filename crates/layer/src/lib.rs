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

mod compression;
mod decompressor;
mod diff_id;
mod error;

pub use berth_oci::Compression;
pub use compression::sniff;
pub use decompressor::Decompressor;
pub use diff_id::DiffIdDigester;
pub use error::Error;
