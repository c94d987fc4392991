use std::io::Write;

use flate2::write::MultiGzDecoder;
use ruzstd::decoding::FrameDecoder;

use crate::{Compression, Error};

/// A push-fed decompressor: compressed bytes in through [`Decompressor::write`], plain bytes
/// out into `W` as they become available.
pub struct Decompressor<W: Write> {
    inner: Inner<W>,
}

enum Inner<W: Write> {
    Plain(W),
    Gzip(Box<MultiGzDecoder<W>>),
    Zstd(Box<ZstdPush<W>>),
}

impl<W: Write> Decompressor<W> {
    /// A decompressor writing into `sink`.
    pub fn new(compression: Compression, sink: W) -> Self {
        let inner = match compression {
            Compression::None => Inner::Plain(sink),
            Compression::Gzip => Inner::Gzip(Box::new(MultiGzDecoder::new(sink))),
            Compression::Zstd => Inner::Zstd(Box::new(ZstdPush::new(sink))),
        };
        Decompressor { inner }
    }

    /// Feeds compressed bytes.
    pub fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        match &mut self.inner {
            Inner::Plain(w) => w.write_all(data).map_err(|e| Error::Sink(e.to_string())),
            Inner::Gzip(d) => d.write_all(data).map_err(gzip_error),
            Inner::Zstd(z) => z.write(data),
        }
    }

    /// Ends the stream: fails if it was truncated; returns the sink.
    pub fn finish(self) -> Result<W, Error> {
        match self.inner {
            Inner::Plain(w) => Ok(w),
            Inner::Gzip(d) => d.finish().map_err(gzip_error),
            Inner::Zstd(z) => z.finish(),
        }
    }
}

fn gzip_error(e: std::io::Error) -> Error {
    Error::Gzip(e.to_string())
}

/// Compressed bytes offered to the zstd decoder per step (see `ZstdPush::drain`).
const SMALL_STEP: usize = 256;

/// The largest zstd frame header (magic, descriptor, window, dictionary id, content size).
const MAX_FRAME_HEADER: usize = 18;

/// Drives ruzstd's [`FrameDecoder`] from pushed slices, keeping only the unconsumed tail
/// (at most one block, 128 KiB) between calls.
struct ZstdPush<W: Write> {
    sink: W,
    decoder: Option<FrameDecoder>,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> ZstdPush<W> {
    fn new(sink: W) -> Self {
        ZstdPush {
            sink,
            decoder: None,
            pending: Vec::new(),
            out: vec![0; 256 * 1024],
        }
    }

    fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        self.pending.extend_from_slice(data);
        self.drain(false)
    }

    fn drain(&mut self, last: bool) -> Result<(), Error> {
        let zstd = |e: ruzstd::decoding::errors::FrameDecoderError| Error::Zstd(e.to_string());
        // Compressed bytes offered per decoding step. `decode_from_to` decodes every whole
        // block it is given before it drains any, and a block of zeros compresses to a few
        // bytes: offering little at a time bounds the decoded bytes held in memory (a zstd
        // bomb would otherwise fill it). It grows while a large block is still incomplete.
        let mut window = SMALL_STEP;
        loop {
            if self.decoder.is_none() {
                // A new frame starts: wait for a whole header unless the stream ended.
                if self.pending.is_empty() || (self.pending.len() < MAX_FRAME_HEADER && !last) {
                    return Ok(());
                }
                self.decoder = Some(FrameDecoder::new());
            }
            let decoder = self.decoder.as_mut().expect("set above");
            // Decoded bytes waiting: hand them on before decoding more.
            if decoder.can_collect() > 0 {
                let written = std::io::Read::read(decoder, &mut self.out)
                    .map_err(|e| Error::Zstd(e.to_string()))?;
                self.sink
                    .write_all(&self.out[..written])
                    .map_err(|e| Error::Sink(e.to_string()))?;
                if written > 0 {
                    continue;
                }
            }
            // `decode_from_to` claims the 4 checksum bytes even when fewer are there; with
            // less than 4 bytes pending only decode at the very end.
            if self.pending.len() < 4 && !last {
                return Ok(());
            }
            let offered = window.min(self.pending.len());
            let (read, written) = decoder
                .decode_from_to(&self.pending[..offered], &mut self.out)
                .map_err(zstd)?;
            let read = read.min(self.pending.len());
            self.pending.drain(..read);
            self.sink
                .write_all(&self.out[..written])
                .map_err(|e| Error::Sink(e.to_string()))?;
            if decoder.is_finished() && decoder.can_collect() == 0 {
                self.decoder = None;
                window = SMALL_STEP;
                continue;
            }
            if read == 0 && written == 0 {
                if offered < self.pending.len() {
                    // An incomplete block in the window: offer more.
                    window = window.saturating_mul(2);
                    continue;
                }
                return Ok(());
            }
            window = SMALL_STEP;
        }
    }

    fn finish(mut self) -> Result<W, Error> {
        self.drain(true)?;
        if self.decoder.is_some() || !self.pending.is_empty() {
            return Err(Error::Zstd(format!(
                "truncated stream ({} bytes of an unfinished frame left)",
                self.pending.len()
            )));
        }
        Ok(self.sink)
    }
}
