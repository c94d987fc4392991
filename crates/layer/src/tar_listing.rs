//! A push-fed tar parser that lists a layer's entries without holding file contents.
//!
//! [`TarListing`] takes the uncompressed tar stream in pieces of any size (it implements
//! [`std::io::Write`], so it can sit behind a [`crate::Decompressor`]) and keeps only the
//! headers: file contents are counted and skipped. It reads the formats real layers come
//! in: ustar (with its name prefix), GNU (`L`/`K` long names and links, base-256 numbers,
//! old sparse files) and POSIX PAX (`x` per-file and `g` global extended headers), as GNU
//! tar, Go's `archive/tar` (Docker, BuildKit) and umoci write them; the parsing is
//! `tar_reader`'s, shared with [`crate::FileExtractor`].

use std::fmt;
use std::io;

use crate::Error;
use crate::tar_reader::{Header, TarReader, Visitor, Want};

/// What a tar entry is, from its type flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EntryKind {
    /// A regular file (`0`, NUL, `7` contiguous, GNU `S` sparse).
    File,
    /// A directory (`5`, GNU `D` dump directory, or an old NUL-typed name ending in `/`).
    Dir,
    /// A symbolic link (`2`); the target is in [`TarEntry::link_target`].
    Symlink,
    /// A hard link (`1`) to an earlier entry named in [`TarEntry::link_target`].
    Hardlink,
    /// A character device (`3`).
    Char,
    /// A block device (`4`).
    Block,
    /// A named pipe (`6`).
    Fifo,
    /// Any other type flag (GNU `V` volume label, `M` continuation, vendor types...).
    Other(u8),
}

/// One entry of a tar archive: its header, with PAX and GNU extensions applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TarEntry {
    /// The path, normalised as Docker does: no leading `/` or `./`, `.` and empty
    /// components dropped, `..` resolved without going above the root; directories end
    /// with `/` and nothing else does. The archive's root itself (`./`) is `/`. Bytes that
    /// are not UTF-8 become U+FFFD; control characters are kept (see [`display_name`]).
    pub path: String,
    /// The file size: the PAX `size`, the GNU sparse real size, or the header's size.
    pub size: u64,
    /// The permission bits with setuid, setgid and sticky (`mode & 0o7777`); the file type
    /// is [`TarEntry::kind`].
    pub mode: u32,
    /// The owner's numeric id.
    pub uid: u64,
    /// The group's numeric id.
    pub gid: u64,
    /// The owner's name (empty when the archive has none).
    pub uname: String,
    /// The group's name (empty when the archive has none).
    pub gname: String,
    /// The modification time in seconds since the epoch (PAX fractions are floored).
    pub mtime: i64,
    /// What the entry is.
    pub kind: EntryKind,
    /// A symlink's target as stored, or a hard link's target normalised like [`TarEntry::path`].
    pub link_target: Option<String>,
    /// A device's major and minor numbers.
    pub device: Option<(u32, u32)>,
}

impl TarEntry {
    /// The mode as `tar -tv` prints it: the type (`-`, `d`, `l`, `h` for a hard link, `c`,
    /// `b`, `p`, `?` for others) then `rwx` triplets with `s`/`S`/`t`/`T`.
    pub fn mode_string(&self) -> String {
        let kind = match self.kind {
            EntryKind::File => '-',
            EntryKind::Dir => 'd',
            EntryKind::Symlink => 'l',
            EntryKind::Hardlink => 'h',
            EntryKind::Char => 'c',
            EntryKind::Block => 'b',
            EntryKind::Fifo => 'p',
            EntryKind::Other(b'7') => 'C',
            EntryKind::Other(b'V') => 'V',
            EntryKind::Other(_) => '?',
        };
        let m = self.mode;
        let bit = |b: u32, c: char| if m & b != 0 { c } else { '-' };
        let special = |x: u32, s: u32, on: char, off: char| match (m & x != 0, m & s != 0) {
            (true, true) => on,
            (false, true) => off,
            (true, false) => 'x',
            (false, false) => '-',
        };
        [
            kind,
            bit(0o400, 'r'),
            bit(0o200, 'w'),
            special(0o100, 0o4000, 's', 'S'),
            bit(0o040, 'r'),
            bit(0o020, 'w'),
            special(0o010, 0o2000, 's', 'S'),
            bit(0o004, 'r'),
            bit(0o002, 'w'),
            special(0o001, 0o1000, 't', 'T'),
        ]
        .iter()
        .collect()
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.kind == EntryKind::Dir
    }
}

/// Caps against hostile layers. Hitting one stops the listing (it is not an error): the
/// entries read so far are kept and [`Listing::truncated`] says which cap was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Limits {
    /// The most entries listed.
    pub max_entries: usize,
    /// The longest path or link target, in bytes (before normalisation).
    pub max_path_len: usize,
    /// The most uncompressed bytes read (headers, contents and padding): the cap that stops
    /// a decompression bomb.
    pub max_bytes: u64,
    /// The largest PAX extended header or GNU long name/link record that is buffered.
    pub max_extended_header: u64,
    /// The most bytes of paths and link targets kept, all entries together (what a listing
    /// costs in memory: 200,000 entries with 4096-byte names would be 800 MB).
    pub max_total_path_bytes: u64,
}

impl Default for Limits {
    /// 200,000 entries, 4096-byte paths, 8 GiB of tar, 1 MiB extended headers (Go's
    /// `archive/tar` limit), 64 MiB of paths in all (real layers average well under 100
    /// bytes a path).
    fn default() -> Self {
        Limits {
            max_entries: 200_000,
            max_path_len: 4096,
            max_bytes: 8 << 30,
            max_extended_header: 1 << 20,
            max_total_path_bytes: 64 << 20,
        }
    }
}

/// Which cap stopped a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LimitHit {
    /// [`Limits::max_entries`]: the listing holds that many entries and more followed.
    Entries(usize),
    /// [`Limits::max_path_len`]: an entry's path or link target was `len` bytes.
    PathLen {
        /// The offending length.
        len: usize,
        /// The cap.
        limit: usize,
    },
    /// [`Limits::max_bytes`]: the layer inflated past this many bytes.
    Bytes(u64),
    /// [`Limits::max_extended_header`]: an extended header declared `size` bytes.
    ExtendedHeader {
        /// The declared size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// [`Limits::max_total_path_bytes`]: the paths listed add up to this cap.
    PathBytes(u64),
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitHit::Entries(n) => write!(f, "stopped at {n} entries (the limit)"),
            LimitHit::PathLen { len, limit } => write!(
                f,
                "stopped at a path of {len} bytes (the limit is {limit} bytes)"
            ),
            LimitHit::Bytes(n) => write!(
                f,
                "stopped after {} of uncompressed layer data ({n} bytes, the limit)",
                berth_units::human_size(*n)
            ),
            LimitHit::ExtendedHeader { size, limit } => write!(
                f,
                "stopped at an extended header of {size} bytes (the limit is {limit} bytes)"
            ),
            LimitHit::PathBytes(n) => write!(
                f,
                "stopped after {} of paths ({n} bytes, the limit)",
                berth_units::human_size(*n)
            ),
        }
    }
}

/// A layer's entries in archive order, and the cap that stopped the listing early, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Listing {
    /// The entries (extended headers are applied, not listed).
    pub entries: Vec<TarEntry>,
    /// `Some` when a cap stopped the listing: the entries are then only the first ones.
    pub truncated: Option<LimitHit>,
}

impl AsRef<[TarEntry]> for Listing {
    fn as_ref(&self) -> &[TarEntry] {
        &self.entries
    }
}

/// Where a [`TarListing`] stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Reading: feed more bytes.
    Reading,
    /// The end-of-archive block was read; whatever follows is ignored.
    End,
    /// A cap was hit: the listing stopped there.
    Limit(LimitHit),
    /// The archive is corrupt (the message says how and where).
    Corrupt(String),
}

/// Returned (inside an [`io::Error`]) by [`TarListing`]'s `write` once it wants no more
/// bytes, so that a [`crate::Decompressor`] in front of it stops at once. Ask
/// [`TarListing::status`] why: the end of the archive, a cap, or corruption.
#[derive(Debug)]
pub struct Stopped;

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the tar listing needs no more data")
    }
}

impl std::error::Error for Stopped {}

/// A push-fed tar lister: bytes in through [`TarListing::push`] (or `io::Write`), entries
/// out at [`TarListing::finish`].
///
/// ```
/// use berth_layer::{Limits, TarListing};
/// let mut listing = TarListing::new(Limits::default());
/// listing.push(&[0; 1024]); // an empty archive: two zero blocks
/// assert!(listing.finish().unwrap().entries.is_empty());
/// ```
pub struct TarListing {
    reader: TarReader,
    collector: Collector,
}

/// The listing's side of the reading: the entries, under the caps on them.
struct Collector {
    limits: Limits,
    entries: Vec<TarEntry>,
    /// The bytes of paths and link targets listed.
    path_bytes: u64,
}

impl Visitor for Collector {
    fn entry(&mut self, header: Header) -> Result<Want, LimitHit> {
        if header.longest_name > self.limits.max_path_len {
            return Err(LimitHit::PathLen {
                len: header.longest_name,
                limit: self.limits.max_path_len,
            });
        }
        if self.entries.len() >= self.limits.max_entries {
            return Err(LimitHit::Entries(self.entries.len()));
        }
        if self.path_bytes + header.name_bytes > self.limits.max_total_path_bytes {
            return Err(LimitHit::PathBytes(self.limits.max_total_path_bytes));
        }
        self.path_bytes += header.name_bytes;
        self.entries.push(header.entry);
        Ok(Want::Skip)
    }

    fn contents(&mut self, _offset: u64, _bytes: &[u8]) {}
}

impl Default for TarListing {
    fn default() -> Self {
        TarListing::new(Limits::default())
    }
}

impl TarListing {
    /// A lister with these caps.
    pub fn new(limits: Limits) -> Self {
        TarListing {
            reader: TarReader::new(&limits),
            collector: Collector {
                limits,
                entries: Vec::new(),
                path_bytes: 0,
            },
        }
    }

    /// Where the listing stands.
    pub fn status(&self) -> &Status {
        self.reader.status()
    }

    /// Whether the listing wants more bytes (false after the end, a cap, or corruption).
    pub fn wants_more(&self) -> bool {
        self.reader.wants_more()
    }

    /// The uncompressed bytes taken in so far (at most [`Limits::max_bytes`]).
    pub fn bytes_in(&self) -> u64 {
        self.reader.bytes_in()
    }

    /// The entries listed so far.
    pub fn entries(&self) -> &[TarEntry] {
        &self.collector.entries
    }

    /// Feeds the next uncompressed bytes; returns whether more are wanted. Bytes fed after
    /// the listing stopped are ignored.
    pub fn push(&mut self, data: &[u8]) -> bool {
        self.reader.push(data, &mut self.collector)
    }

    /// Ends the stream: the entries, or an error if the archive was corrupt or ends inside
    /// a header or a file's contents. An archive that ends right after a file's contents
    /// (without padding or the end-of-archive blocks, as some umoci layers do) is accepted
    /// like Go's `archive/tar` accepts it.
    pub fn finish(self) -> Result<Listing, Error> {
        let entries = self.collector.entries;
        let truncated = self
            .reader
            .finish(entries.last().map(|e| e.path.as_str()))?;
        Ok(Listing { entries, truncated })
    }
}

impl io::Write for TarListing {
    /// Takes the bytes, or fails with [`Stopped`] once the listing wants no more (ask
    /// [`TarListing::status`] why), so that a decompressor in front of it stops at once.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.wants_more() {
            return Err(io::Error::other(Stopped));
        }
        self.push(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Normalises a tar path as Docker does: resolves it under the root (dropping leading `/`
/// and `./`, empty and `.` components; `..` never climbs above the root); directories get
/// a trailing `/`. The root itself is `/`.
pub fn normalize_path(raw: &str, is_dir: bool) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return "/".into();
    }
    let mut path = parts.join("/");
    if is_dir {
        path.push('/');
    }
    path
}

/// A name as the UI shows it: control characters made visible (`\n`, `\t`, `\r`, other C0
/// and C1 characters and DEL as `\x1b`-style escapes, bidirectional overrides as
/// `\u{202e}`), and a backslash doubled so that the escapes stay unambiguous. Everything
/// else is kept: markup such as `<script>` in a name is data, and the UI renders names as
/// text (never as HTML), so it shows inert.
pub fn display_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}
