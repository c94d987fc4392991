//! Listing a stored (compressed) layer blob fed chunk by chunk: decompression and tar
//! listing in one, stopping the decompression as soon as the listing needs no more.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use crate::tar_listing::{Status, TarListing};
use crate::{Compression, Decompressor, Error, Limits, Listing};

/// Lists a layer from its compressed bytes, fed in order (e.g. the 4 MiB chunks of a
/// stored blob), holding only headers in memory.
///
/// [`LayerLister::write`] says whether more bytes are wanted: it stops wanting them at the
/// end of the archive or when a [`Limits`] cap is hit (a decompression bomb stops there,
/// without inflating the rest), and fails when the blob is corrupt. So a cap is never an
/// error: it is [`Listing::truncated`]; an error is always corruption of this layer —
/// [`Error::Gzip`] or [`Error::Zstd`] for the compression, [`Error::Tar`] for the archive.
///
/// Once the archive's end is read the rest of the blob is not decompressed, so a gzip or
/// zstd checksum after it is not checked: the blob's digest and diff-id were verified when
/// it was pulled.
///
/// ```
/// use berth_layer::{Compression, LayerLister, Limits};
/// let mut lister = LayerLister::new(Compression::None, Limits::default());
/// assert!(!lister.write(&[0; 1024]).unwrap()); // the end-of-archive blocks
/// assert!(lister.finish().unwrap().entries.is_empty());
/// ```
pub struct LayerLister {
    listing: Rc<RefCell<TarListing>>,
    decompressor: Option<Decompressor<Shared>>,
}

/// The decompressor's sink: the listing, shared so that it can be read after the
/// decompressor stopped on the listing's [`crate::Stopped`] error.
struct Shared(Rc<RefCell<TarListing>>);

impl io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl LayerLister {
    /// A lister for a blob compressed with `compression`, with these caps.
    pub fn new(compression: Compression, limits: Limits) -> Self {
        let listing = Rc::new(RefCell::new(TarListing::new(limits)));
        LayerLister {
            decompressor: Some(Decompressor::new(compression, Shared(listing.clone()))),
            listing,
        }
    }

    /// Feeds the next compressed bytes. `Ok(true)`: more are wanted; `Ok(false)`: the
    /// listing is complete or capped, stop reading the blob and call
    /// [`LayerLister::finish`]; `Err`: the layer is corrupt.
    pub fn write(&mut self, data: &[u8]) -> Result<bool, Error> {
        let Some(decompressor) = self.decompressor.as_mut() else {
            return self.stopped();
        };
        let result = decompressor.write(data);
        let reading = *self.listing.borrow().status() == Status::Reading;
        if reading {
            return result.map(|()| true);
        }
        // Dropping the decompressor flushes into the listing, which ignores it.
        self.decompressor = None;
        self.stopped()
    }

    fn stopped(&self) -> Result<bool, Error> {
        match self.listing.borrow().status() {
            Status::Corrupt(msg) => Err(Error::Tar(msg.clone())),
            _ => Ok(false),
        }
    }

    /// Uncompressed bytes read so far.
    pub fn bytes_in(&self) -> u64 {
        self.listing.borrow().bytes_in()
    }

    /// Ends the blob: the listing, or why this layer could not be listed.
    pub fn finish(mut self) -> Result<Listing, Error> {
        if let Some(decompressor) = self.decompressor.take() {
            let result = decompressor.finish().map(drop);
            let reading = *self.listing.borrow().status() == Status::Reading;
            if reading {
                result?;
            }
        }
        let listing = Rc::try_unwrap(self.listing)
            .unwrap_or_else(|_| unreachable!("the decompressor and its sink are gone"))
            .into_inner();
        listing.finish()
    }
}
