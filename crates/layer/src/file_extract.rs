//! One file's contents out of a stored (compressed) layer blob fed chunk by chunk, holding
//! nothing but that file (up to a cap) and the tar headers on the way.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use crate::tar_reader::{Header, TarReader, Visitor, Want};
use crate::{Compression, Decompressor, EntryKind, Error, LimitHit, Limits, Status, Stopped};
use crate::{TarEntry, normalize_path};

/// How many hard links to hard links are followed (GNU tar and Go's `archive/tar` point
/// every link at the first name of a file, so real layers need one).
const MAX_LINK_HOPS: usize = 16;

/// The most allocated for a file's contents before they come.
const PREALLOCATE: u64 = 16 << 20;

/// What a layer holds at a path, as [`FileExtractor::finish`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Extracted {
    /// A regular file (or a hard link to one, resolved): its first `max_bytes` bytes, with
    /// `truncated` when it is longer; `size` is its whole size. A sparse file's holes are
    /// zeros, as when it is extracted.
    File {
        /// The contents, at most `max_bytes` of them.
        bytes: Vec<u8>,
        /// Whether the file is longer than `bytes`.
        truncated: bool,
        /// The file's size.
        size: u64,
    },
    /// A symbolic link (or a hard link to one) with this target, as stored.
    Symlink(String),
    /// The layer has no entry at the path.
    NotFound,
    /// The path is something else: a directory (also when the layer only has entries under
    /// it), a device, a fifo...
    NotAFile(EntryKind),
    /// A hard link to this path (normalised like [`TarEntry::path`]), whose target is not in
    /// the layer before the link: in an image it is a lower layer's file, to be looked up
    /// there. Also what [`FileExtractor::finish`] says for a hard link to a file earlier in
    /// the layer when [`FileExtractor::rewind`] was not called to read it.
    Hardlink(String),
}

/// Extracts the file at one path from a layer's compressed bytes, fed in order (e.g. the
/// 4 MiB chunks of a stored blob), as `tar -xO` would write it.
///
/// A path may be in a layer more than once; the last entry wins, as when the layer is
/// extracted, so the whole layer is read. Only that entry's contents are kept, at most
/// `max_bytes` of them (and, while it is read, those of an earlier entry at the same path
/// that it replaces): every other file is skipped as it streams by.
///
/// A hard link's contents are its target's, which came earlier in the layer; when the
/// wanted path turns out to be a hard link, [`FileExtractor::rewind`] asks for the blob
/// again from its start to read the target (once per link: GNU tar and Docker write a
/// single one). So the blob is read like this:
///
/// ```
/// use berth_layer::{Compression, Extracted, FileExtractor};
/// # fn tar(entries: &[(&str, u8, &str, &[u8])]) -> Vec<u8> {
/// #     let mut out = Vec::new();
/// #     for &(name, kind, link, data) in entries {
/// #         let mut h = [0u8; 512];
/// #         h[..name.len()].copy_from_slice(name.as_bytes());
/// #         h[100..107].copy_from_slice(b"0000644");
/// #         h[124..135].copy_from_slice(format!("{:011o}", data.len()).as_bytes());
/// #         h[156] = kind;
/// #         h[157..157 + link.len()].copy_from_slice(link.as_bytes());
/// #         h[148..156].fill(b' ');
/// #         let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
/// #         h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
/// #         out.extend_from_slice(&h);
/// #         out.extend_from_slice(data);
/// #         out.resize(out.len().next_multiple_of(512), 0);
/// #     }
/// #     out.resize(out.len() + 1024, 0);
/// #     out
/// # }
/// // A layer with etc/a, and etc/b a hard link to it.
/// let blob = tar(&[("etc/a", b'0', "", b"hello\n"), ("etc/b", b'1', "etc/a", b"")]);
/// let mut extractor = FileExtractor::new(Compression::None, "/etc/b", 1 << 20);
/// loop {
///     for chunk in blob.chunks(4096) {
///         if !extractor.write(chunk)? {
///             break;
///         }
///     }
///     if !extractor.rewind()? {
///         break;
///     }
/// }
/// let expected = Extracted::File { bytes: b"hello\n".to_vec(), truncated: false, size: 6 };
/// assert_eq!(extractor.finish()?, expected);
/// # Ok::<(), berth_layer::Error>(())
/// ```
///
/// Errors are those of [`crate::LayerLister`] ([`Error::Gzip`], [`Error::Zstd`],
/// [`Error::Tar`] for a corrupt layer), and [`Error::Limit`] when a cap of [`Limits`] stops
/// the reading before the end of the layer (a decompression bomb): what the path holds is
/// then unknown.
pub struct FileExtractor {
    compression: Compression,
    limits: Limits,
    max_bytes: u64,
    /// The pass under way, if any.
    pass: Option<Pass>,
    /// How many passes were started.
    passes: usize,
    /// The answer, once known.
    outcome: Option<Result<Extracted, Error>>,
}

/// One reading of the blob, looking for one path.
struct Pass {
    capture: Rc<RefCell<Capture>>,
    decompressor: Option<Decompressor<Shared>>,
}

/// The tar reader and what it reports to, shared with the decompressor's sink so that they
/// can be read after the decompressor stopped on [`Stopped`].
struct Capture {
    reader: TarReader,
    seeker: Seeker,
}

struct Shared(Rc<RefCell<Capture>>);

impl io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut capture = self.0.borrow_mut();
        let Capture { reader, seeker } = &mut *capture;
        if !reader.wants_more() {
            return Err(io::Error::other(Stopped));
        }
        reader.push(buf, seeker);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Follows the entries at one path.
struct Seeker {
    /// The path looked for, normalised without a trailing `/`.
    path: String,
    /// Entries from this index on are past the hard link being resolved: the pass ends
    /// there. `None` on the first pass.
    before: Option<u64>,
    /// The most content bytes kept.
    max_bytes: u64,
    /// The index of the next entry.
    index: u64,
    /// The last entry at the path so far.
    found: Option<Found>,
    /// Whether the contents being read are `found`'s.
    capturing: bool,
    /// Some entry is under the path (the path is a directory even without an entry).
    under: bool,
    /// The last entry's path, for a truncation error.
    last_path: Option<String>,
}

struct Found {
    index: u64,
    kind: EntryKind,
    size: u64,
    link_target: Option<String>,
    bytes: Vec<u8>,
}

impl Visitor for Seeker {
    fn entry(&mut self, header: Header) -> Result<Want, LimitHit> {
        let index = self.index;
        self.index += 1;
        self.capturing = false;
        if self.before.is_some_and(|before| index >= before) {
            return Ok(Want::End);
        }
        let TarEntry {
            path,
            size,
            kind,
            link_target,
            ..
        } = header.entry;
        let mut want = Want::Skip;
        if without_slash(&path) == self.path {
            self.capturing = kind == EntryKind::File;
            let mut bytes = Vec::new();
            if self.capturing {
                want = Want::Contents;
                // The size may be a lie: the contents grow the buffer past this.
                bytes.reserve_exact(size.min(self.max_bytes).min(PREALLOCATE) as usize);
            }
            self.found = Some(Found {
                index,
                kind,
                size,
                link_target,
                bytes,
            });
        } else if self.path == "/"
            || path
                .strip_prefix(self.path.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        {
            self.under = true;
        }
        self.last_path = Some(path);
        Ok(want)
    }

    fn contents(&mut self, offset: u64, bytes: &[u8]) {
        let Some(found) = self.found.as_mut().filter(|_| self.capturing) else {
            return;
        };
        if offset >= self.max_bytes {
            return;
        }
        // The gap before a sparse file's fragment is a hole.
        let offset = offset as usize; // below `max_bytes`, which fits in a usize
        if found.bytes.len() < offset {
            found.bytes.resize(offset, 0);
        }
        let room = (self.max_bytes - offset as u64).min(bytes.len() as u64) as usize;
        found.bytes.extend_from_slice(&bytes[..room]);
    }
}

/// What a finished pass found.
enum Step {
    Done(Extracted),
    /// The path is a hard link, the `before`-th entry, to `target`.
    Link {
        target: String,
        before: u64,
    },
}

impl Seeker {
    fn new(path: String, before: Option<u64>, max_bytes: u64) -> Self {
        Seeker {
            path,
            before,
            max_bytes,
            index: 0,
            found: None,
            capturing: false,
            under: false,
            last_path: None,
        }
    }

    /// The answer, once the pass read all it needs (so the last entry found is complete).
    fn step(self) -> Step {
        let Some(found) = self.found else {
            return Step::Done(match self.before {
                Some(_) => Extracted::Hardlink(self.path),
                None if self.under => Extracted::NotAFile(EntryKind::Dir),
                None => Extracted::NotFound,
            });
        };
        Step::Done(match found.kind {
            EntryKind::File => {
                let mut bytes = found.bytes;
                // A sparse file may end in a hole.
                let kept = found.size.min(self.max_bytes) as usize;
                if bytes.len() < kept {
                    bytes.resize(kept, 0);
                }
                Extracted::File {
                    bytes,
                    truncated: found.size > self.max_bytes,
                    size: found.size,
                }
            }
            EntryKind::Symlink => Extracted::Symlink(found.link_target.unwrap_or_default()),
            EntryKind::Hardlink => {
                return Step::Link {
                    target: found.link_target.unwrap_or_default(),
                    before: found.index,
                };
            }
            kind => Extracted::NotAFile(kind),
        })
    }
}

/// A path as entries are compared with it: a directory's without its trailing `/` (the
/// root stays `/`).
fn without_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    }
}

impl FileExtractor {
    /// An extractor of the file at `wanted_path` (normalised like [`TarEntry::path`]: a
    /// leading `/` or `./` does not matter) in a blob compressed with `compression`,
    /// keeping at most `max_bytes` of its contents, under the default [`Limits`].
    pub fn new(compression: Compression, wanted_path: &str, max_bytes: u64) -> Self {
        Self::with_limits(compression, wanted_path, max_bytes, Limits::default())
    }

    /// The same under these caps: [`Limits::max_bytes`] (of uncompressed layer) and
    /// [`Limits::max_extended_header`] apply; the caps on entries and paths do not, since
    /// the entries are not kept.
    pub fn with_limits(
        compression: Compression,
        wanted_path: &str,
        max_bytes: u64,
        limits: Limits,
    ) -> Self {
        let max_bytes = max_bytes.min(usize::MAX as u64);
        let path = normalize_path(wanted_path, false);
        FileExtractor {
            compression,
            limits,
            max_bytes,
            pass: Some(Pass::new(compression, &limits, path, None, max_bytes)),
            passes: 1,
            outcome: None,
        }
    }

    /// Feeds the next compressed bytes. `Ok(true)`: more are wanted; `Ok(false)`: this pass
    /// needs no more (the archive ended, or the entries before a hard link were read), stop
    /// reading the blob and call [`FileExtractor::rewind`] (or [`FileExtractor::finish`]);
    /// `Err`: the layer is corrupt, or a cap stopped the reading.
    pub fn write(&mut self, data: &[u8]) -> Result<bool, Error> {
        let Some(pass) = self.pass.as_mut() else {
            return match &self.outcome {
                Some(Err(e)) => Err(e.clone()),
                _ => Ok(false),
            };
        };
        let Some(decompressor) = pass.decompressor.as_mut() else {
            return pass.stopped();
        };
        let result = decompressor.write(data);
        if pass.reading() {
            return result.map(|()| true);
        }
        // Dropping the decompressor flushes into the reader, which ignores it.
        pass.decompressor = None;
        pass.stopped()
    }

    /// Ends the pass over the blob. `Ok(true)`: the wanted path is a hard link, whose
    /// target is earlier in the layer: feed the blob again from its first byte (the
    /// extractor is ready for it). `Ok(false)`: the answer is known, call
    /// [`FileExtractor::finish`]. `Err`: the blob is corrupt or was cut short.
    pub fn rewind(&mut self) -> Result<bool, Error> {
        let Some(pass) = self.pass.take() else {
            return match &self.outcome {
                Some(Err(e)) => Err(e.clone()),
                _ => Ok(false),
            };
        };
        let step = pass.end();
        let next = match step {
            Ok(Step::Link { target, .. }) if self.passes > MAX_LINK_HOPS => Err(Error::Tar(
                format!("hard links to hard links over {MAX_LINK_HOPS} deep (to {target})"),
            )),
            Ok(Step::Link { target, before }) => {
                self.pass = Some(Pass::new(
                    self.compression,
                    &self.limits,
                    target,
                    Some(before),
                    self.max_bytes,
                ));
                self.passes += 1;
                return Ok(true);
            }
            Ok(Step::Done(extracted)) => Ok(extracted),
            Err(e) => Err(e),
        };
        let result = next.as_ref().map(|_| false).map_err(Clone::clone);
        self.outcome = Some(next);
        result
    }

    /// Ends the blob: what the layer holds at the path. After [`FileExtractor::rewind`] said
    /// no more passes were needed, the answer it found; without it, a hard link found on
    /// this pass is [`Extracted::Hardlink`].
    pub fn finish(self) -> Result<Extracted, Error> {
        if let Some(outcome) = self.outcome {
            return outcome;
        }
        let pass = self
            .pass
            .expect("a pass is under way until the outcome is known");
        Ok(match pass.end()? {
            Step::Done(extracted) => extracted,
            Step::Link { target, .. } => Extracted::Hardlink(target),
        })
    }

    /// How many times the blob was asked for (1, and one more for each hard link followed).
    pub fn passes(&self) -> usize {
        self.passes
    }
}

impl Pass {
    fn new(
        compression: Compression,
        limits: &Limits,
        path: String,
        before: Option<u64>,
        max_bytes: u64,
    ) -> Self {
        let capture = Rc::new(RefCell::new(Capture {
            reader: TarReader::new(limits),
            seeker: Seeker::new(path, before, max_bytes),
        }));
        Pass {
            decompressor: Some(Decompressor::new(compression, Shared(capture.clone()))),
            capture,
        }
    }

    fn reading(&self) -> bool {
        *self.capture.borrow().reader.status() == Status::Reading
    }

    fn stopped(&self) -> Result<bool, Error> {
        match self.capture.borrow().reader.status() {
            Status::Corrupt(msg) => Err(Error::Tar(msg.clone())),
            Status::Limit(hit) => Err(Error::Limit(hit.clone())),
            Status::Reading | Status::End => Ok(false),
        }
    }

    /// Ends the decompression (if still going) and the tar stream.
    fn end(mut self) -> Result<Step, Error> {
        if let Some(decompressor) = self.decompressor.take() {
            let result = decompressor.finish().map(drop);
            if self.reading() {
                result?;
            }
        }
        let Capture { reader, seeker } = Rc::try_unwrap(self.capture)
            .unwrap_or_else(|_| unreachable!("the decompressor and its sink are gone"))
            .into_inner();
        if let Some(hit) = reader.finish(seeker.last_path.as_deref())? {
            return Err(Error::Limit(hit));
        }
        Ok(seeker.step())
    }
}
