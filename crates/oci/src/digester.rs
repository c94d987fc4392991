//! Incremental SHA-256 digests of streamed content.

use std::io;

use sha2::{Digest as _, Sha256};

use crate::Digest;

/// Computes the `sha256` [`Digest`] of content that arrives in pieces, such
/// as a blob being downloaded, and counts its bytes (go-digest's `Digester`).
///
/// ```
/// use berth_oci::{Digest, Sha256Digester};
/// let mut digester = Sha256Digester::new();
/// digester.update(b"a");
/// digester.update(b"bc");
/// assert_eq!(digester.bytes_hashed(), 3);
/// assert_eq!(digester.finish(), Digest::sha256_of(b"abc"));
/// ```
///
/// It is also an [`io::Write`], so `io::copy` can feed it.
#[derive(Clone, Debug, Default)]
pub struct Sha256Digester {
    hasher: Sha256,
    bytes_hashed: u64,
}

impl Sha256Digester {
    /// A digester that has hashed nothing yet.
    pub fn new() -> Self {
        Sha256Digester::default()
    }

    /// Hashes the next piece of content.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.bytes_hashed += bytes.len() as u64;
    }

    /// The number of bytes hashed so far, to compare with a descriptor's
    /// `size`.
    pub fn bytes_hashed(&self) -> u64 {
        self.bytes_hashed
    }

    /// The digest of everything hashed.
    pub fn finish(self) -> Digest {
        Digest::from_sha256_bytes(&self.hasher.finalize().into())
    }
}

impl io::Write for Sha256Digester {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
