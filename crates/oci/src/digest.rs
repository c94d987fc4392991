//! Content digests.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use crate::{Algorithm, Error, Sha256Digester};

/// go-digest's `DigestRegexpAnchored`: the general shape of a digest,
/// including algorithms this crate does not support.
static ANCHORED_DIGEST_REGEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
        .expect("the digest grammar is a valid regular expression")
});

/// A validated content digest: an [`Algorithm`] and the lower case hex
/// encoding of a hash, written `algorithm:encoded`
/// (go-digest's `Digest`).
///
/// Unlike Go, where a `Digest` is any string until validated, a `Digest`
/// value is always valid: every constructor checks it as go-digest's
/// `Parse`/`Validate` do.
///
/// ```
/// use berth_oci::{Algorithm, Digest};
/// let d: Digest = "sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b"
///     .parse()
///     .unwrap();
/// assert_eq!(d.algorithm(), Algorithm::Sha256);
/// assert_eq!(d.encoded(), "e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b");
/// assert_eq!(d.to_string(), "sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b");
///
/// let err = "sha256:abcdef0123456789".parse::<Digest>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid checksum digest length");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    algorithm: Algorithm,
    encoded: String,
}

impl Digest {
    /// Builds a digest from an algorithm and its hex encoding (go-digest's
    /// `NewDigestFromEncoded` followed by `Validate`).
    ///
    /// ```
    /// use berth_oci::{Algorithm, Digest};
    /// let err = Digest::from_encoded(Algorithm::Sha256, &"F".repeat(64)).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid checksum digest format");
    /// ```
    pub fn from_encoded(algorithm: Algorithm, encoded: &str) -> Result<Self, Error> {
        algorithm.validate(encoded)?;
        Ok(Digest {
            algorithm,
            encoded: encoded.to_owned(),
        })
    }

    /// Builds a `sha256` digest from its 64 lower case hex digits.
    ///
    /// ```
    /// use berth_oci::Digest;
    /// let hex = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    /// assert_eq!(Digest::sha256_hex(hex).unwrap().to_string(), format!("sha256:{hex}"));
    /// ```
    pub fn sha256_hex(hex: &str) -> Result<Self, Error> {
        Digest::from_encoded(Algorithm::Sha256, hex)
    }

    /// Builds a digest from a hash's raw output (go-digest's
    /// `NewDigestFromBytes`). The length must be the algorithm's
    /// [`size`](Algorithm::size), otherwise this is
    /// [`Error::DigestInvalidLength`].
    pub fn from_bytes(algorithm: Algorithm, bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != algorithm.size() {
            return Err(Error::DigestInvalidLength);
        }
        Ok(Digest {
            algorithm,
            encoded: Algorithm::encode(bytes),
        })
    }

    /// Builds a `sha256` digest from the 32 bytes a SHA-256 implementation
    /// produced (for example the browser's `SubtleCrypto.digest`).
    ///
    /// ```
    /// use berth_oci::Digest;
    /// let d = Digest::from_sha256_bytes(&[0xab; 32]);
    /// assert_eq!(d.encoded(), "ab".repeat(32));
    /// ```
    pub fn from_sha256_bytes(bytes: &[u8; 32]) -> Self {
        Digest {
            algorithm: Algorithm::Sha256,
            encoded: Algorithm::encode(bytes),
        }
    }

    /// The `sha256` digest of some bytes (go-digest's `FromBytes`). For
    /// content that arrives in pieces, use a
    /// [`Sha256Digester`](crate::Sha256Digester).
    ///
    /// ```
    /// use berth_oci::Digest;
    /// assert_eq!(
    ///     Digest::sha256_of(b"abc").to_string(),
    ///     "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    /// );
    /// ```
    pub fn sha256_of(bytes: &[u8]) -> Self {
        let mut digester = Sha256Digester::new();
        digester.update(bytes);
        digester.finish()
    }

    /// The algorithm part.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The encoded (lower case hex) part, after the `:`.
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// The encoded part; an alias of [`encoded`](Self::encoded) (go-digest's
    /// deprecated `Hex`).
    pub fn hex(&self) -> &str {
        &self.encoded
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.encoded)
    }
}

impl FromStr for Digest {
    type Err = Error;

    /// Parses and validates `algorithm:encoded` (go-digest's `Parse`).
    ///
    /// The checks run in go-digest's order, so the error is the same as Go's:
    /// a missing `:` or empty encoded part is [`Error::DigestInvalidFormat`];
    /// an algorithm that is not registered is
    /// [`Error::DigestUnsupported`] if the string still has a digest's shape
    /// and [`Error::DigestInvalidFormat`] otherwise; then the encoded part
    /// must have the algorithm's length ([`Error::DigestInvalidLength`]) and
    /// be lower case hex ([`Error::DigestInvalidFormat`]).
    fn from_str(s: &str) -> Result<Self, Error> {
        let Some((algorithm, encoded)) = s.split_once(':') else {
            return Err(Error::DigestInvalidFormat);
        };
        if encoded.is_empty() {
            return Err(Error::DigestInvalidFormat);
        }
        match algorithm.parse::<Algorithm>() {
            Ok(algorithm) => Digest::from_encoded(algorithm, encoded),
            Err(_) if !ANCHORED_DIGEST_REGEX.is_match(s) => Err(Error::DigestInvalidFormat),
            Err(err) => Err(err),
        }
    }
}

impl TryFrom<&str> for Digest {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        s.parse()
    }
}
