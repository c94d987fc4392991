//! berth's image vocabulary: image [`Reference`]s and content [`Digest`]s.
//!
//! A pure crate (no browser dependencies, builds for `wasm32-unknown-unknown`)
//! porting two Go packages case for case, with the same error messages:
//!
//! - [`github.com/distribution/reference`](https://github.com/distribution/reference):
//!   [`Reference::parse`] (`Parse`), [`Reference::parse_normalized`]
//!   (`ParseNormalizedNamed`), [`Reference::parse_named`] (`ParseNamed`),
//!   [`Reference::parse_docker_ref`] (`ParseDockerRef`),
//!   [`Reference::parse_any`] (`ParseAnyReference`), `WithName`, `WithTag`,
//!   `WithDigest`, `TrimNamed`, `TagNameOnly`, `FamiliarName`,
//!   `FamiliarString`, [`familiar_match`] (`FamiliarMatch`, with
//!   [`path_match`], Go's `path.Match`) and the [`grammar`].
//! - [`github.com/opencontainers/go-digest`](https://github.com/opencontainers/go-digest):
//!   [`Digest`] parsing and validation for the [`Algorithm`]s `sha256`,
//!   `sha384` and `sha512`.
//!
//! ```
//! use berth_oci::Reference;
//!
//! let r = Reference::parse_docker_ref("ubuntu").unwrap();
//! assert_eq!(r.to_string(), "docker.io/library/ubuntu:latest");
//! assert_eq!(r.familiar_string(), "ubuntu:latest");
//!
//! let err = Reference::parse_normalized("ubuntu:-latest").unwrap_err();
//! assert_eq!(err.to_string(), "invalid reference format");
//! ```
//!
//! With the `serde` feature, [`Digest`], [`Algorithm`], [`Reference`] and
//! [`AnyReference`] (de)serialise as strings.

mod algorithm;
mod any_reference;
mod digest;
mod error;
pub mod grammar;
mod path_match;
mod reference;
#[cfg(feature = "serde")]
mod serde;

pub use algorithm::Algorithm;
pub use any_reference::AnyReference;
pub use digest::Digest;
pub use error::Error;
pub use path_match::path_match;
pub use reference::{
    DEFAULT_DOMAIN, DEFAULT_TAG, LEGACY_DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_TOTAL_LENGTH_MAX, Reference, familiar_match,
};
