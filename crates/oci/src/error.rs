//! The crate's error type.

use crate::{Digest, MediaType, REPOSITORY_NAME_TOTAL_LENGTH_MAX};

/// Everything that can go wrong while parsing references, digests,
/// patterns, platforms, manifests and configs.
///
/// For references, digests and patterns the `Display` texts are exactly
/// those of the Go packages this crate ports
/// (`github.com/distribution/reference`, `github.com/opencontainers/go-digest`
/// and Go's `path`), so messages shown to users read the same as Docker's.
///
/// ```
/// use berth_oci::{Error, Reference};
/// let err = Reference::parse("Uppercase:tag").unwrap_err();
/// assert_eq!(err, Error::NameContainsUppercase);
/// assert_eq!(err.to_string(), "repository name must be lowercase");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The string is not a syntactically valid reference (Go's
    /// `ErrReferenceInvalidFormat`).
    #[error("invalid reference format")]
    ReferenceInvalidFormat,

    /// The tag is not valid (Go's `ErrTagInvalidFormat`).
    #[error("invalid tag format")]
    TagInvalidFormat,

    /// The reference would be valid if lower-cased (Go's
    /// `ErrNameContainsUppercase`).
    #[error("repository name must be lowercase")]
    NameContainsUppercase,

    /// The reference is empty (Go's `ErrNameEmpty`).
    #[error("repository name must have at least one component")]
    NameEmpty,

    /// The repository path is longer than
    /// [`REPOSITORY_NAME_TOTAL_LENGTH_MAX`] (Go's `ErrNameTooLong`).
    #[error(
        "repository name must not be more than {} characters",
        REPOSITORY_NAME_TOTAL_LENGTH_MAX
    )]
    NameTooLong,

    /// The name is not in its canonical (fully qualified) form (Go's
    /// `ErrNameNotCanonical`).
    #[error("repository name must be canonical")]
    NameNotCanonical,

    /// A name that is a 64-character hexadecimal identifier was given where a
    /// repository name was expected. Holds the input.
    #[error("invalid repository name ({0}), cannot specify 64-byte hexadecimal strings")]
    NameIsIdentifier(String),

    /// The remote name (the part after the domain) of a familiar reference
    /// contains upper case characters. Holds the remote name.
    #[error("invalid reference format: repository name ({0}) must be lowercase")]
    RemoteNameContainsUppercase(String),

    /// A bare digest reference was used where a named reference is needed.
    #[error("reference {0} has no name")]
    NoName(Digest),

    /// The digest is malformed (go-digest's `ErrDigestInvalidFormat`).
    #[error("invalid checksum digest format")]
    DigestInvalidFormat,

    /// The digest's encoded part has the wrong length for its algorithm
    /// (go-digest's `ErrDigestInvalidLength`).
    #[error("invalid checksum digest length")]
    DigestInvalidLength,

    /// The digest's algorithm is well-formed but not supported (go-digest's
    /// `ErrDigestUnsupported`).
    #[error("unsupported digest algorithm")]
    DigestUnsupported,

    /// A [`path_match`](crate::path_match) pattern is malformed (Go's
    /// `path.ErrBadPattern`).
    #[error("syntax error in pattern")]
    BadPattern,

    /// A platform specifier is not `os/arch[/variant]`
    /// ([`Platform`](crate::Platform)'s `FromStr`).
    #[error("invalid platform {specifier:?}: {reason}")]
    InvalidPlatform {
        /// The specifier as given.
        specifier: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The manifest is Docker's schema 1, which berth does not read (by its
    /// media type or `schemaVersion: 1`).
    #[error("unsupported manifest schema 1")]
    UnsupportedSchema1,

    /// The manifest is not valid JSON, not the shape its media type says, or
    /// neither an image manifest nor an index. Holds the reason.
    #[error("invalid manifest: {0}")]
    InvalidManifest(String),

    /// The image config is not valid JSON or not an image config. Holds the
    /// reason.
    #[error("invalid image config: {0}")]
    InvalidConfig(String),

    /// The manifest does not list one layer per diff ID of the config's
    /// `rootfs` ([`check_layers`](crate::check_layers)).
    #[error(
        "the manifest has {layers} layer{} but the config has {diff_ids} diff ID{}",
        plural(*.layers),
        plural(*.diff_ids)
    )]
    LayerCountMismatch {
        /// Number of layers in the manifest.
        layers: usize,
        /// Number of `rootfs.diff_ids` in the config.
        diff_ids: usize,
    },

    /// The manifest's config descriptor has a known media type that is not
    /// an image config, such as a layer's
    /// ([`check_layers`](crate::check_layers)).
    #[error("the manifest's config has media type {0}, which is not an image config")]
    NotAConfig(MediaType),
}

/// `"s"` unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
