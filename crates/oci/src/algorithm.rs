//! Digest algorithms.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A registered digest algorithm (go-digest's `Algorithm`).
///
/// The set matches go-digest v1.0.0's table: SHA-256 (the canonical one),
/// SHA-384 and SHA-512, all hex-encoded in lower case.
///
/// ```
/// use berth_oci::Algorithm;
/// let alg: Algorithm = "sha512".parse().unwrap();
/// assert_eq!(alg, Algorithm::Sha512);
/// assert_eq!(alg.size(), 64);
/// assert_eq!(alg.encoded_len(), 128);
/// assert_eq!("md5".parse::<Algorithm>().unwrap_err().to_string(), "unsupported digest algorithm");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// `sha256`, the canonical algorithm.
    #[default]
    Sha256,
    /// `sha384`.
    Sha384,
    /// `sha512`.
    Sha512,
}

impl Algorithm {
    /// The primary digest algorithm (go-digest's `Canonical`).
    pub const CANONICAL: Algorithm = Algorithm::Sha256;

    /// Every registered algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512];

    /// The algorithm's identifier as used in digest strings, e.g. `sha256`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// Size of the hash in bytes.
    pub const fn size(self) -> usize {
        match self {
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }

    /// Length of the hex-encoded hash in characters (twice [`size`](Self::size)).
    pub const fn encoded_len(self) -> usize {
        self.size() * 2
    }

    /// Checks an encoded hash for this algorithm (go-digest's
    /// `Algorithm.Validate`): it must have [`encoded_len`](Self::encoded_len)
    /// characters, all lower case hex digits.
    ///
    /// ```
    /// use berth_oci::{Algorithm, Error};
    /// assert_eq!(Algorithm::Sha256.validate("abc"), Err(Error::DigestInvalidLength));
    /// ```
    pub fn validate(self, encoded: &str) -> Result<(), Error> {
        if encoded.len() != self.encoded_len() {
            return Err(Error::DigestInvalidLength);
        }
        if encoded
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(())
        } else {
            Err(Error::DigestInvalidFormat)
        }
    }

    /// Hex-encodes raw hash bytes (go-digest's `Algorithm.Encode`).
    pub(crate) fn encode(bytes: &[u8]) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut encoded = String::with_capacity(bytes.len() * 2);
        for &b in bytes {
            encoded.push(char::from(HEX[usize::from(b >> 4)]));
            encoded.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        encoded
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Looks up a registered algorithm by identifier; anything else is
    /// [`Error::DigestUnsupported`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Algorithm::ALL
            .into_iter()
            .find(|alg| alg.as_str() == s)
            .ok_or(Error::DigestUnsupported)
    }
}
