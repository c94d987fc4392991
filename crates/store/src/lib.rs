//! berth's local image store, without I/O of its own.
//!
//! Everything is kept in a few tables of a [`Backend`]: an in-memory one ([`MemoryBackend`])
//! for native tests, and IndexedDB in the browser (in the app crate). The same
//! [`conformance`] suite runs on both.
//!
//! - **Blobs** are content-addressed and stored in chunks as they arrive ([`BlobWriter`]);
//!   a blob becomes visible only when its digest and size were verified. Until then its
//!   chunks belong to an *upload* with a lease; [`Store::cleanup`] removes abandoned ones.
//! - **Images** are keyed by image ID (the config digest, like Docker's classic store) and
//!   appear, together with their references, in one atomic commit after all their blobs.
//! - **References** (`docker.io/library/ubuntu:latest`, `…@sha256:…`) point at images.

mod backend;
pub mod conformance;
mod digest_set;
mod disk_usage;
mod error;
mod image_filter;
mod image_history;
mod image_list;
mod image_lookup;
mod image_record;
mod image_summary;
mod memory_backend;
mod pull_result;
mod remove;
mod store;
mod tag;
mod validator;

pub use backend::{Backend, Op, Table};
pub use disk_usage::{
    DiskUsage, ImageUsage, LayerUsage, disk_usage, format_df_size, format_reclaimable,
};
pub use error::Error;
pub use image_filter::{
    Filters, IMAGE_FILTER_KEYS, UnixNanos, parse_until, validate_image_filters,
};
pub use image_history::{HistoryRow, created_by_text, image_history};
pub use image_list::{
    ImageListing, ListIndex, ListOptions, SortColumn, ambiguous_hint, format_id, list_images,
    list_images_with, quiet_ids, reference_matches, resolve_image, sort_rows,
};
pub use image_record::{ImageRecord, ImageState, LayerRecord, RefRecord};
pub use image_summary::{ImageSummary, image_summaries};
pub use memory_backend::MemoryBackend;
pub use pull_result::{PullResult, pulling_from, short_id};
pub use remove::{RemoveLine, RemoveOptions, RemoveOutput, remove_output};
pub use store::{
    BlobInfo, BlobWriter, CHUNK_SIZE, CleanupReport, Store, UPLOAD_LEASE_MS, UPLOAD_STALE_MS,
};
pub use validator::Strictness;
