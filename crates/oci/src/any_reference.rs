//! References that may be only a digest.

use std::fmt;
use std::str::FromStr;

use crate::{Digest, Error, Reference, familiar_match, path_match};

/// What [`Reference::parse_any`] returns (Go's `ParseAnyReference`): either a
/// named [`Reference`] or a bare [`Digest`] (Go's unexported
/// `digestReference`), for input such as an image ID.
///
/// ```
/// use berth_oci::{AnyReference, Reference};
/// let any: AnyReference = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
///     .parse()
///     .unwrap();
/// assert!(any.as_named().is_none());
/// let err = Reference::try_from(any).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "reference sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c has no name"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AnyReference {
    /// A reference with a name.
    Named(Reference),
    /// A reference that is only a digest.
    Digest(Digest),
}

impl AnyReference {
    /// The named reference, if this is one.
    pub fn as_named(&self) -> Option<&Reference> {
        match self {
            AnyReference::Named(reference) => Some(reference),
            AnyReference::Digest(_) => None,
        }
    }

    /// The digest: the whole reference, or a named reference's digest.
    pub fn digest(&self) -> Option<&Digest> {
        match self {
            AnyReference::Named(reference) => reference.digest(),
            AnyReference::Digest(digest) => Some(digest),
        }
    }

    /// The reference as shown in Docker's UI (Go's `FamiliarString`); a bare
    /// digest is shown as it is.
    pub fn familiar_string(&self) -> String {
        match self {
            AnyReference::Named(reference) => reference.familiar_string(),
            AnyReference::Digest(digest) => digest.to_string(),
        }
    }

    /// Reports whether the reference matches a shell pattern (Go's
    /// `FamiliarMatch`); see [`familiar_match`]. A bare digest is matched
    /// against its string only.
    pub fn familiar_match(&self, pattern: &str) -> Result<bool, Error> {
        match self {
            AnyReference::Named(reference) => familiar_match(pattern, reference),
            AnyReference::Digest(digest) => path_match(pattern, &digest.to_string()),
        }
    }
}

impl fmt::Display for AnyReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyReference::Named(reference) => reference.fmt(f),
            AnyReference::Digest(digest) => digest.fmt(f),
        }
    }
}

impl FromStr for AnyReference {
    type Err = Error;

    /// Same as [`Reference::parse_any`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Reference::parse_any(s)
    }
}

impl From<Reference> for AnyReference {
    fn from(reference: Reference) -> Self {
        AnyReference::Named(reference)
    }
}

impl From<Digest> for AnyReference {
    fn from(digest: Digest) -> Self {
        AnyReference::Digest(digest)
    }
}

impl TryFrom<AnyReference> for Reference {
    type Error = Error;

    /// The named reference; a bare digest is [`Error::NoName`].
    fn try_from(any: AnyReference) -> Result<Self, Error> {
        match any {
            AnyReference::Named(reference) => Ok(reference),
            AnyReference::Digest(digest) => Err(Error::NoName(digest)),
        }
    }
}
