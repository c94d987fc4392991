//! berth's image vocabulary: image [`Reference`]s, content [`Digest`]s,
//! [`MediaType`]s, [`Descriptor`]s, [`Manifest`]s, [`ImageConfig`]s and
//! [`Platform`]s.
//!
//! A pure crate (no browser dependencies, builds for `wasm32-unknown-unknown`)
//! porting Go packages case for case, with the same error messages:
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
//!   `sha384` and `sha512`; [`Digest::sha256_of`] and the streaming
//!   [`Sha256Digester`].
//!
//! And the image vocabulary of go-containerregistry's `pkg/v1` and the OCI
//! image-spec, as views of the JSON registries serve:
//!
//! - [`MediaType`] (with [`MANIFEST_ACCEPT`] for the `Accept` header),
//!   [`Descriptor`], [`ImageManifest`], [`ImageIndex`], and [`Manifest`],
//!   which reads either from a registry's response
//!   ([`Manifest::from_slice`]);
//! - [`ImageConfig`], [`chain_ids`], and [`check_layers`] to check a pulled
//!   image's manifest against its config;
//! - [`Platform`], normalised and matched as containerd's `platforms`
//!   package does, and [`best_match`] to choose an index's image.
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
//! [`Digest`], [`Algorithm`], [`Reference`] and [`AnyReference`]
//! (de)serialise as strings; the image types with their JSON field names.
//! The manifest and config types are views: the bytes a registry served are
//! authoritative (digests are over them), so store and push those bytes,
//! never these structs serialised again.

mod algorithm;
mod any_reference;
mod chain_id;
mod config;
mod descriptor;
mod digest;
mod digester;
mod error;
pub mod grammar;
mod index;
mod manifest;
mod media_type;
mod parsed_manifest;
mod path_match;
mod platform;
mod reference;
mod serde;
mod validate;

pub use algorithm::Algorithm;
pub use any_reference::AnyReference;
pub use chain_id::{chain_id, chain_ids};
pub use config::{ContainerConfig, Healthcheck, History, ImageConfig, RootFs};
pub use descriptor::Descriptor;
pub use digest::Digest;
pub use digester::Sha256Digester;
pub use error::Error;
pub use index::ImageIndex;
pub use manifest::ImageManifest;
pub use media_type::{Compression, MANIFEST_ACCEPT, MediaType};
pub use parsed_manifest::Manifest;
pub use path_match::path_match;
pub use platform::{Platform, best_match};
pub use reference::{
    DEFAULT_DOMAIN, DEFAULT_TAG, LEGACY_DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_TOTAL_LENGTH_MAX, Reference, familiar_match,
};
pub use validate::check_layers;
