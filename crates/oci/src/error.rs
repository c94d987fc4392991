//! The crate's error type.

use crate::{Digest, REPOSITORY_NAME_TOTAL_LENGTH_MAX};

/// Everything that can go wrong while parsing references, digests and
/// patterns.
///
/// The `Display` texts are exactly those of the Go packages this crate ports
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
}
