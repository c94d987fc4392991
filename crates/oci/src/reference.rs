//! Named image references.

use std::fmt;
use std::str::FromStr;

use crate::grammar::{
    ANCHORED_IDENTIFIER_REGEX, ANCHORED_NAME_REGEX, ANCHORED_TAG_REGEX, REFERENCE_REGEX,
};
use crate::{AnyReference, Digest, Error, path_match};

/// The maximum number of characters in a repository path (Go's
/// `RepositoryNameTotalLengthMax`). Only the path is counted, not the domain.
pub const REPOSITORY_NAME_TOTAL_LENGTH_MAX: usize = 255;

/// The domain of Docker Hub that familiar names are normalised to.
pub const DEFAULT_DOMAIN: &str = "docker.io";

/// Docker Hub's legacy domain ("the Docker Index"), normalised to
/// [`DEFAULT_DOMAIN`].
pub const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";

/// The namespace of official images on Docker Hub, e.g. `library/ubuntu`.
pub const OFFICIAL_REPO_PREFIX: &str = "library/";

/// The tag added by [`Reference::tag_name_only`] and
/// [`Reference::parse_docker_ref`] to references that have neither a tag nor
/// a digest.
pub const DEFAULT_TAG: &str = "latest";

/// `localhost` is always a domain, even without a `.` or a port.
const LOCALHOST: &str = "localhost";

/// A named image reference: `[domain/]path[:tag][@digest]` (a port of Go's
/// `github.com/distribution/reference` named reference types).
///
/// Go spreads this over several types (`repository`, `taggedReference`,
/// `canonicalReference`, `reference`); here one struct has an optional tag
/// and an optional digest. A reference that is only a digest, which Go's
/// `ParseAnyReference` can return, is an [`AnyReference::Digest`].
///
/// [`Reference::parse`] (also [`FromStr`]) takes the string as written;
/// [`Reference::parse_normalized`] applies Docker's rules for familiar names:
///
/// ```
/// use berth_oci::Reference;
/// let r = Reference::parse_normalized("ubuntu:latest").unwrap();
/// assert_eq!(r.domain(), "docker.io");
/// assert_eq!(r.path(), "library/ubuntu");
/// assert_eq!(r.tag(), Some("latest"));
/// assert_eq!(r.to_string(), "docker.io/library/ubuntu:latest");
/// assert_eq!(r.familiar_string(), "ubuntu:latest");
///
/// let r: Reference = "ubuntu:latest".parse().unwrap();
/// assert_eq!(r.domain(), "");
/// assert_eq!(r.to_string(), "ubuntu:latest");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

impl Reference {
    /// Parses a reference exactly as written, without normalisation (Go's
    /// `Parse`). The domain is empty unless the name has one.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::parse("test:5000/repo:tag").unwrap();
    /// assert_eq!((r.domain(), r.path(), r.tag()), ("test:5000", "repo", Some("tag")));
    ///
    /// let r = Reference::parse("test.com:5000").unwrap();
    /// assert_eq!((r.domain(), r.path(), r.tag()), ("", "test.com", Some("5000")));
    /// ```
    pub fn parse(s: &str) -> Result<Self, Error> {
        if s.is_empty() {
            return Err(Error::NameEmpty);
        }
        let Some(captures) = REFERENCE_REGEX.captures(s) else {
            let lower = to_lower(s);
            if lower != s && REFERENCE_REGEX.is_match(&lower) {
                // Succeeds when lower-cased, so the repository name has upper
                // case letters.
                return Err(Error::NameContainsUppercase);
            }
            return Err(Error::ReferenceInvalidFormat);
        };
        let group = |i| captures.get(i).map_or("", |m| m.as_str());
        let (domain, path) = split_domain(group(1));
        if path.len() > REPOSITORY_NAME_TOTAL_LENGTH_MAX {
            return Err(Error::NameTooLong);
        }
        let tag = Some(group(2)).filter(|t| !t.is_empty()).map(str::to_owned);
        let digest = match group(3) {
            "" => None,
            digest => Some(digest.parse()?),
        };
        Ok(Reference {
            domain: domain.to_owned(),
            path: path.to_owned(),
            tag,
            digest,
        })
    }

    /// Parses a name as Docker's UI accepts it and fully qualifies it (Go's
    /// `ParseNormalizedNamed`): a name without a domain gets
    /// [`DEFAULT_DOMAIN`], a one-component Docker Hub name gets
    /// [`OFFICIAL_REPO_PREFIX`], [`LEGACY_DEFAULT_DOMAIN`] becomes
    /// [`DEFAULT_DOMAIN`]. The first component is a domain if it is
    /// `localhost`, contains a `.` or `:` (`example.com`, `host:5000`,
    /// `[::1]:5000`) or has upper case letters. No tag is added; see
    /// [`parse_docker_ref`](Self::parse_docker_ref).
    ///
    /// If the value may be a bare identifier or digest, use
    /// [`parse_any`](Self::parse_any) instead.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::parse_normalized("index.docker.io/redis").unwrap();
    /// assert_eq!(r.to_string(), "docker.io/library/redis");
    ///
    /// let r = Reference::parse_normalized("[::1]:5000/app:v1").unwrap();
    /// assert_eq!((r.domain(), r.path()), ("[::1]:5000", "app"));
    ///
    /// let err = Reference::parse_normalized("Foo/Bar").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid reference format: repository name (Bar) must be lowercase");
    /// ```
    pub fn parse_normalized(s: &str) -> Result<Self, Error> {
        if ANCHORED_IDENTIFIER_REGEX.is_match(s) {
            return Err(Error::NameIsIdentifier(s.to_owned()));
        }
        let (domain, remainder) = split_docker_domain(s);
        let remote = remainder.split(':').next().unwrap_or_default();
        if to_lower(remote) != remote {
            return Err(Error::RemoteNameContainsUppercase(remote.to_owned()));
        }
        Reference::parse(&format!("{domain}/{remainder}"))
    }

    /// Parses a name that must already be in canonical form, i.e. equal to
    /// its normalised form (Go's `ParseNamed`); otherwise this is
    /// [`Error::NameNotCanonical`].
    ///
    /// ```
    /// use berth_oci::{Error, Reference};
    /// assert!(Reference::parse_named("docker.io/library/foo").is_ok());
    /// assert_eq!(Reference::parse_named("foo"), Err(Error::NameNotCanonical));
    /// ```
    pub fn parse_named(s: &str) -> Result<Self, Error> {
        let named = Reference::parse_normalized(s)?;
        if named.to_string() != s {
            return Err(Error::NameNotCanonical);
        }
        Ok(named)
    }

    /// Normalises a reference the way `docker pull` does (Go's
    /// `ParseDockerRef`): like [`parse_normalized`](Self::parse_normalized),
    /// then [`DEFAULT_TAG`] is added to a name without tag or digest, and a
    /// reference with both a tag and a digest keeps only the digest.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::parse_docker_ref("busybox").unwrap();
    /// assert_eq!(r.to_string(), "docker.io/library/busybox:latest");
    ///
    /// let digest = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    /// let r = Reference::parse_docker_ref(&format!("busybox:1.36@{digest}")).unwrap();
    /// assert_eq!(r.to_string(), format!("docker.io/library/busybox@{digest}"));
    /// ```
    pub fn parse_docker_ref(s: &str) -> Result<Self, Error> {
        let named = Reference::parse_normalized(s)?;
        if let (Some(_), Some(digest)) = (&named.tag, &named.digest) {
            // Both tagged and digested: only the digest is kept.
            return Ok(named.trim_named().with_digest(digest.clone()));
        }
        Ok(named.tag_name_only())
    }

    /// Parses a bare identifier (64 hex digits, taken as a `sha256` digest),
    /// a digest, or else a familiar name as
    /// [`parse_normalized`](Self::parse_normalized) does (Go's
    /// `ParseAnyReference`).
    ///
    /// ```
    /// use berth_oci::{AnyReference, Reference};
    /// let hex = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    /// let any = Reference::parse_any(hex).unwrap();
    /// assert!(matches!(any, AnyReference::Digest(_)));
    /// assert_eq!(any.to_string(), format!("sha256:{hex}"));
    ///
    /// let any = Reference::parse_any("redis").unwrap();
    /// assert_eq!(any.to_string(), "docker.io/library/redis");
    /// ```
    pub fn parse_any(s: &str) -> Result<AnyReference, Error> {
        if ANCHORED_IDENTIFIER_REGEX.is_match(s) {
            return Ok(AnyReference::Digest(Digest::sha256_hex(s)?));
        }
        if let Ok(digest) = s.parse::<Digest>() {
            return Ok(AnyReference::Digest(digest));
        }
        Reference::parse_normalized(s).map(AnyReference::Named)
    }

    /// Builds a name-only reference from `[domain/]path`, without
    /// normalisation (Go's `WithName`).
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::with_name("test.com:8080/foo").unwrap();
    /// assert_eq!((r.domain(), r.path()), ("test.com:8080", "foo"));
    /// assert_eq!(Reference::with_name("foo:tag").unwrap_err().to_string(), "invalid reference format");
    /// ```
    pub fn with_name(name: &str) -> Result<Self, Error> {
        if !ANCHORED_NAME_REGEX.is_match(name) {
            return Err(Error::ReferenceInvalidFormat);
        }
        let (domain, path) = split_domain(name);
        if path.len() > REPOSITORY_NAME_TOTAL_LENGTH_MAX {
            return Err(Error::NameTooLong);
        }
        Ok(Reference {
            domain: domain.to_owned(),
            path: path.to_owned(),
            tag: None,
            digest: None,
        })
    }

    /// Returns this reference with its tag set to `tag` (Go's `WithTag`);
    /// a digest is kept.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::with_name("test.com/foo").unwrap();
    /// assert_eq!(r.with_tag("v1").unwrap().to_string(), "test.com/foo:v1");
    /// assert_eq!(r.with_tag("-v1").unwrap_err().to_string(), "invalid tag format");
    /// ```
    pub fn with_tag(&self, tag: &str) -> Result<Self, Error> {
        if !ANCHORED_TAG_REGEX.is_match(tag) {
            return Err(Error::TagInvalidFormat);
        }
        Ok(Reference {
            tag: Some(tag.to_owned()),
            ..self.clone()
        })
    }

    /// Returns this reference with its digest set to `digest` (Go's
    /// `WithDigest`); a tag is kept.
    ///
    /// Go's `WithDigest` can fail with "invalid digest format" because a Go
    /// digest is any string; a [`Digest`] is valid by construction, so this
    /// cannot fail.
    ///
    /// ```
    /// use berth_oci::{Digest, Reference};
    /// let d = Digest::from_sha256_bytes(&[0; 32]);
    /// let r = Reference::with_name("foo").unwrap().with_tag("latest").unwrap();
    /// assert_eq!(r.with_digest(d.clone()).to_string(), format!("foo:latest@{d}"));
    /// ```
    pub fn with_digest(&self, digest: Digest) -> Self {
        Reference {
            digest: Some(digest),
            ..self.clone()
        }
    }

    /// Returns the name alone, without tag or digest (Go's `TrimNamed`).
    pub fn trim_named(&self) -> Self {
        Reference {
            domain: self.domain.clone(),
            path: self.path.clone(),
            tag: None,
            digest: None,
        }
    }

    /// Whether the reference has neither a tag nor a digest (Go's
    /// `IsNameOnly`).
    pub fn is_name_only(&self) -> bool {
        self.tag.is_none() && self.digest.is_none()
    }

    /// Adds [`DEFAULT_TAG`] if the reference has neither a tag nor a digest
    /// (Go's `TagNameOnly`); otherwise returns it unchanged.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::parse_normalized("ubuntu").unwrap();
    /// assert_eq!(r.tag_name_only().to_string(), "docker.io/library/ubuntu:latest");
    /// ```
    pub fn tag_name_only(&self) -> Self {
        if self.is_name_only() {
            Reference {
                tag: Some(DEFAULT_TAG.to_owned()),
                ..self.clone()
            }
        } else {
            self.clone()
        }
    }

    /// The full name, `domain/path` (or just `path` without a domain).
    pub fn name(&self) -> String {
        join_name(&self.domain, &self.path)
    }

    /// The domain, with port if any; empty if the reference has none, which
    /// only happens for references that were not normalised.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The path (the "remote name"), e.g. `library/ubuntu`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The tag, if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest, if any.
    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// The name as shown in Docker's UI (Go's `FamiliarName`): without
    /// [`DEFAULT_DOMAIN`], and without [`OFFICIAL_REPO_PREFIX`] for
    /// one-component official images.
    ///
    /// ```
    /// use berth_oci::Reference;
    /// let r = Reference::parse_normalized("docker.io/dmcgowan/myapp").unwrap();
    /// assert_eq!(r.familiar_name(), "dmcgowan/myapp");
    /// ```
    pub fn familiar_name(&self) -> String {
        let (domain, path) = self.familiar_parts();
        join_name(domain, path)
    }

    /// The reference as shown in Docker's UI (Go's `FamiliarString`):
    /// [`familiar_name`](Self::familiar_name) with tag and digest.
    pub fn familiar_string(&self) -> String {
        let (domain, path) = self.familiar_parts();
        let mut s = join_name(domain, path);
        self.push_suffix(&mut s);
        s
    }

    /// Domain and path with Docker Hub's defaults removed (Go's
    /// `familiarizeName`).
    fn familiar_parts(&self) -> (&str, &str) {
        if self.domain != DEFAULT_DOMAIN {
            return (&self.domain, &self.path);
        }
        match self.path.strip_prefix(OFFICIAL_REPO_PREFIX) {
            // Only one-component names are official images: `library/a/b`
            // stays as it is.
            Some(remainder) if !remainder.contains('/') => ("", remainder),
            _ => ("", &self.path),
        }
    }

    /// Appends `:tag` and `@digest` as present.
    fn push_suffix(&self, s: &mut String) {
        if let Some(tag) = &self.tag {
            s.push(':');
            s.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            s.push('@');
            s.push_str(&digest.to_string());
        }
    }
}

impl fmt::Display for Reference {
    /// The canonical string, `[domain/]path[:tag][@digest]` (Go's `String`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = self.name();
        self.push_suffix(&mut s);
        f.write_str(&s)
    }
}

impl FromStr for Reference {
    type Err = Error;

    /// Same as [`Reference::parse`]: no normalisation, so that
    /// `s.parse::<Reference>()?.to_string() == s` (like Go's
    /// `Field.UnmarshalText`).
    fn from_str(s: &str) -> Result<Self, Error> {
        Reference::parse(s)
    }
}

impl TryFrom<&str> for Reference {
    type Error = Error;

    /// Same as [`Reference::parse`].
    fn try_from(s: &str) -> Result<Self, Error> {
        Reference::parse(s)
    }
}

/// Reports whether the reference matches a shell pattern (Go's
/// `FamiliarMatch`): the pattern is tried with [`path_match`] against
/// [`familiar_string`](Reference::familiar_string), then against
/// [`familiar_name`](Reference::familiar_name).
///
/// A malformed pattern is [`Error::BadPattern`] whenever matching the
/// familiar string detects it (Go returns that error alongside the result of
/// the second match).
///
/// ```
/// use berth_oci::{Reference, familiar_match};
/// let r = Reference::parse_normalized("example.com/foo/c/baz:tag").unwrap();
/// assert_eq!(familiar_match("*/foo/c/baz", &r), Ok(true));
/// assert_eq!(familiar_match("foo/**/ba[rz]", &r), Ok(false));
/// ```
pub fn familiar_match(pattern: &str, reference: &Reference) -> Result<bool, Error> {
    if path_match(pattern, &reference.familiar_string())? {
        return Ok(true);
    }
    Ok(path_match(pattern, &reference.familiar_name()).unwrap_or(false))
}

/// `domain/path`, or `path` if the domain is empty.
fn join_name(domain: &str, path: &str) -> String {
    if domain.is_empty() {
        path.to_owned()
    } else {
        format!("{domain}/{path}")
    }
}

/// Splits a name into domain and path with the anchored name grammar (Go's
/// `splitDomain`); a name that does not match is all path.
fn split_domain(name: &str) -> (&str, &str) {
    match ANCHORED_NAME_REGEX.captures(name) {
        Some(captures) => (
            captures.get(1).map_or("", |m| m.as_str()),
            captures.get(2).map_or("", |m| m.as_str()),
        ),
        None => ("", name),
    }
}

/// Splits a familiar name into domain and remote name, defaulting to Docker
/// Hub (Go's `splitDockerDomain`).
fn split_docker_domain(name: &str) -> (&str, String) {
    let Some((maybe_domain, maybe_remote)) = name.split_once('/') else {
        // A single element ("familiar" name) such as "ubuntu" or
        // "ubuntu:latest" is an official image, never "hostname:port".
        return (DEFAULT_DOMAIN, format!("{OFFICIAL_REPO_PREFIX}{name}"));
    };
    let (domain, remote) = if maybe_domain == LOCALHOST {
        (maybe_domain, maybe_remote)
    } else if maybe_domain == LEGACY_DEFAULT_DOMAIN {
        (DEFAULT_DOMAIN, maybe_remote)
    } else if maybe_domain.contains(['.', ':']) || to_lower(maybe_domain) != maybe_domain {
        // A domain name or IP address (with "." or ":"), or a first element
        // with upper case letters, which cannot be a namespace.
        (maybe_domain, maybe_remote)
    } else {
        (DEFAULT_DOMAIN, name)
    };
    if domain == DEFAULT_DOMAIN && !remote.contains('/') {
        // "docker.io/ubuntu" is "docker.io/library/ubuntu", on Docker Hub only.
        (domain, format!("{OFFICIAL_REPO_PREFIX}{remote}"))
    } else {
        (domain, remote.to_owned())
    }
}

/// Lower-cases like Go's `strings.ToLower`: one character at a time with the
/// simple case mapping, so that `İ` (U+0130) becomes `i` as in Go.
fn to_lower(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                // Only U+0130 has a multi-character lower case; Go maps it to
                // its first character.
                (Some(l), Some(_)) => l,
                _ => c,
            }
        })
        .collect()
}
