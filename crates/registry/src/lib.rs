//! Registry logic without I/O.
//!
//! The browser (or a test) performs the requests; this crate decides what to send and
//! interprets what came back:
//!
//! * [`Challenge`] parses `WWW-Authenticate`, [`on_unauthorized`] decides what to do about a
//!   `401`, [`TokenRequest`] / [`TokenResponse`] speak Docker's token protocol, [`TokenCache`]
//!   keeps tokens and [`realm_url`] routes token requests through a same-origin proxy.
//! * [`RegistryError`] turns error responses into Docker's texts.
//! * [`TagPager`] lists tags page by page, following [`next_link`] with [`resolve`].
//! * [`Endpoint`] normalises what a user typed as a registry address, and
//!   [`pull_endpoints`] applies Docker Hub mirrors.
//! * [`Probe`] drives a connectivity probe and [`Verdict`] turns what it observed into a
//!   status with the exact fix to apply.
//!
//! No `Debug` or `Display` of anything here shows a password or a token.

mod auth;
mod challenge;
mod credentials;
mod endpoint;
mod error;
mod error_envelope;
mod link;
mod mirror;
mod page_chain;
mod probe;
mod realm;
mod tag_pager;
mod tags_list;
mod token;
mod token_cache;
mod verdict;

pub use auth::{AuthStep, catalog_scope, on_unauthorized, repository_scope};
pub use challenge::{Challenge, Scheme};
pub use credentials::Credentials;
pub use endpoint::Endpoint;
pub use error::Error;
pub use error_envelope::{ErrorItem, RegistryError, manifest_not_found, pull_error};
pub use link::{next_link, resolve};
pub use mirror::{is_docker_hub, pull_endpoints};
pub use page_chain::PageChain;
pub use probe::{FetchOutcome, Probe, ProbeRequest, RequestMode, Step};
pub use realm::realm_url;
pub use tag_pager::TagPager;
pub use tags_list::TagsList;
pub use token::{Token, TokenRequest, TokenResponse};
pub use token_cache::{TokenCache, TokenCacheKey};
pub use verdict::{Observation, ProbeStatus, Verdict};
