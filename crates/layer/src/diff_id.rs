use std::io::Write;

use berth_oci::{Digest, Sha256Digester};

use crate::{Compression, Decompressor, Error};

/// Computes a layer's diff-id and uncompressed size from its compressed bytes, fed in order.
pub struct DiffIdDigester {
    decompressor: Decompressor<Counted>,
}

struct Counted(Sha256Digester);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl DiffIdDigester {
    /// A digester for a layer compressed with `compression`.
    pub fn new(compression: Compression) -> Self {
        DiffIdDigester {
            decompressor: Decompressor::new(compression, Counted(Sha256Digester::new())),
        }
    }

    /// Feeds the next compressed bytes.
    pub fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        self.decompressor.write(data)
    }

    /// The diff-id and the uncompressed size.
    pub fn finish(self) -> Result<(Digest, u64), Error> {
        let Counted(digester) = self.decompressor.finish()?;
        let size = digester.bytes_hashed();
        Ok((digester.finish(), size))
    }
}
