//! Real parts for berth's tests and its dev server, started and stopped from Rust.
//!
//! - [`Registry`]: CNCF distribution (`docker-registry`) on a free loopback port, with a
//!   generated config (filesystem storage in a temp dir, deletes enabled, CORS headers).
//! - [`ImageBuilder`]: real OCI images made with `umoci`, pushed with `skopeo`.
//! - [`StaticServer`]: serves a built `dist/` with the single-page-app fallback.
//! - [`Browser`]: headless Chromium driven over W3C WebDriver through `chromedriver`.
//! - [`Front`]: a reverse proxy before a registry that answers CORS preflights and injects
//!   faults (flipped bytes, cut connections, error statuses).
//!
//! Every process is killed and every temp dir removed on drop.

mod browser;
mod child;
mod error;
mod front;
mod image_builder;
mod nginx;
mod port;
mod registry;
pub mod registry_api;
mod search_server;
mod seed;
mod static_server;

pub use browser::{Browser, Element};
pub use error::Error;
pub use front::{Fault, Front};
pub use image_builder::{ImageBuilder, ManifestFormat};
pub use nginx::Nginx;
pub use port::{free_port, wait_for_port};
pub use registry::{Cors, Registry, RegistryOptions};
pub use search_server::{Hit, SearchServer};
pub use seed::{MANY_TAGS, SEEDED, SEEDED_INDEX, seed};
pub use static_server::StaticServer;

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
