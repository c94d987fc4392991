//! A push-fed tar parser that lists a layer's entries without holding file contents.
//!
//! [`TarListing`] takes the uncompressed tar stream in pieces of any size (it implements
//! [`std::io::Write`], so it can sit behind a [`crate::Decompressor`]) and keeps only the
//! headers: file contents are counted and skipped. It reads the formats real layers come
//! in: ustar (with its name prefix), GNU (`L`/`K` long names and links, base-256 numbers,
//! old sparse files) and POSIX PAX (`x` per-file and `g` global extended headers), as GNU
//! tar, Go's `archive/tar` (Docker, BuildKit) and umoci write them.

use std::collections::BTreeMap;
use std::fmt;
use std::io;

use crate::Error;

const BLOCK: usize = 512;

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

/// What the parser expects next.
enum State {
    /// A 512-byte block: a header, or a GNU sparse extension block when `sparse_ext`.
    Block { sparse_ext: bool, data: u64 },
    /// File contents, then padding to the next block.
    Skip { data: u64, pad: u64 },
    /// The contents of an extended header or long name, then padding.
    Meta {
        kind: u8,
        buf: Vec<u8>,
        data: u64,
        pad: u64,
    },
    /// One zero block was read: the archive ends (GNU tar stops at a lone zero block too).
    Done,
}

/// Values carried from extended headers to the next real header.
#[derive(Default)]
struct Pending {
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    pax: BTreeMap<String, String>,
    /// A meta header was read and its entry has not come yet.
    any: bool,
}

/// The PAX keys that matter for a listing; others (xattrs, atime...) are dropped.
const PAX_KEYS: [&str; 11] = [
    "path",
    "linkpath",
    "size",
    "mtime",
    "uid",
    "gid",
    "uname",
    "gname",
    "GNU.sparse.name",
    "GNU.sparse.realsize",
    "GNU.sparse.size",
];

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
    limits: Limits,
    entries: Vec<TarEntry>,
    status: Status,
    state: State,
    block: [u8; BLOCK],
    filled: usize,
    pending: Pending,
    global: BTreeMap<String, String>,
    /// Uncompressed bytes taken in.
    bytes_in: u64,
    /// Where the last header started, for error messages.
    offset_of_header: u64,
    /// The bytes of paths and link targets listed.
    path_bytes: u64,
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
            limits,
            entries: Vec::new(),
            status: Status::Reading,
            state: State::Block {
                sparse_ext: false,
                data: 0,
            },
            block: [0; BLOCK],
            filled: 0,
            pending: Pending::default(),
            global: BTreeMap::new(),
            bytes_in: 0,
            offset_of_header: 0,
            path_bytes: 0,
        }
    }

    /// Where the listing stands.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether the listing wants more bytes (false after the end, a cap, or corruption).
    pub fn wants_more(&self) -> bool {
        self.status == Status::Reading
    }

    /// The uncompressed bytes taken in so far (at most [`Limits::max_bytes`]).
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// The entries listed so far.
    pub fn entries(&self) -> &[TarEntry] {
        &self.entries
    }

    /// Feeds the next uncompressed bytes; returns whether more are wanted. Bytes fed after
    /// the listing stopped are ignored.
    pub fn push(&mut self, data: &[u8]) -> bool {
        if !self.wants_more() {
            return false;
        }
        let room = self.limits.max_bytes - self.bytes_in;
        let (take, over) = if data.len() as u64 > room {
            (&data[..room as usize], true)
        } else {
            (data, false)
        };
        self.consume(take);
        if over && self.wants_more() {
            self.status = Status::Limit(LimitHit::Bytes(self.limits.max_bytes));
        }
        self.wants_more()
    }

    /// Ends the stream: the entries, or an error if the archive was corrupt or ends inside
    /// a header or a file's contents. An archive that ends right after a file's contents
    /// (without padding or the end-of-archive blocks, as some umoci layers do) is accepted
    /// like Go's `archive/tar` accepts it.
    pub fn finish(self) -> Result<Listing, Error> {
        let truncated = match self.status {
            Status::Corrupt(msg) => return Err(Error::Tar(msg)),
            Status::Limit(hit) => Some(hit),
            Status::End => None,
            Status::Reading => {
                let at = self.bytes_in;
                match self.state {
                    State::Done => None,
                    State::Skip { data: 0, .. } => None,
                    State::Block {
                        sparse_ext: false, ..
                    } if self.filled == 0 && !self.pending.any => None,
                    State::Block { sparse_ext, .. } if self.filled > 0 || sparse_ext => {
                        return Err(Error::Tar(format!(
                            "truncated: the stream ends inside a header at byte {at}"
                        )));
                    }
                    State::Block { .. } | State::Meta { .. } => {
                        return Err(Error::Tar(format!(
                            "truncated: the stream ends inside an extended header at byte {at}"
                        )));
                    }
                    State::Skip { data, .. } => {
                        return Err(Error::Tar(format!(
                            "truncated: the stream ends at byte {at}, {data} bytes short of the \
                             contents of {}",
                            self.entries.last().map_or("an entry", |e| e.path.as_str())
                        )));
                    }
                }
            }
        };
        Ok(Listing {
            entries: self.entries,
            truncated,
        })
    }

    fn corrupt(&mut self, msg: String) {
        self.status = Status::Corrupt(msg);
    }

    fn consume(&mut self, mut data: &[u8]) {
        while !data.is_empty() && self.wants_more() {
            match &mut self.state {
                State::Skip { data: left, pad } => {
                    let total = *left + *pad;
                    let n = total.min(data.len() as u64);
                    let from_data = n.min(*left);
                    *left -= from_data;
                    *pad -= n - from_data;
                    self.bytes_in += n;
                    data = &data[n as usize..];
                    if *left == 0 && *pad == 0 {
                        self.state = State::Block {
                            sparse_ext: false,
                            data: 0,
                        };
                    }
                }
                State::Meta {
                    kind,
                    buf,
                    data: left,
                    pad,
                } => {
                    let total = *left + *pad;
                    let n = total.min(data.len() as u64);
                    let from_data = n.min(*left);
                    buf.extend_from_slice(&data[..from_data as usize]);
                    *left -= from_data;
                    *pad -= n - from_data;
                    self.bytes_in += n;
                    data = &data[n as usize..];
                    if *left == 0 && *pad == 0 {
                        let kind = *kind;
                        let buf = std::mem::take(buf);
                        self.state = State::Block {
                            sparse_ext: false,
                            data: 0,
                        };
                        self.meta(kind, buf);
                    }
                }
                State::Block { .. } => {
                    let n = (BLOCK - self.filled).min(data.len());
                    self.block[self.filled..self.filled + n].copy_from_slice(&data[..n]);
                    self.filled += n;
                    self.bytes_in += n as u64;
                    data = &data[n..];
                    if self.filled == BLOCK {
                        self.filled = 0;
                        self.block_done();
                    }
                }
                State::Done => {
                    // The block after the first zero block, whatever it is: the end.
                    let n = (BLOCK - self.filled).min(data.len());
                    self.filled += n;
                    self.bytes_in += n as u64;
                    data = &data[n..];
                    if self.filled == BLOCK {
                        self.filled = 0;
                        self.status = Status::End;
                    }
                }
            }
        }
    }

    fn block_done(&mut self) {
        let State::Block { sparse_ext, data } = self.state else {
            unreachable!("only called on a block");
        };
        let at = self.bytes_in - BLOCK as u64;
        if sparse_ext {
            // GNU old sparse extension: 21 (offset, size) pairs, then "is extended".
            self.state = if self.block[504] != 0 {
                State::Block {
                    sparse_ext: true,
                    data,
                }
            } else {
                skip(data)
            };
            return;
        }
        if self.block.iter().all(|&b| b == 0) {
            if self.pending.any {
                self.corrupt(format!(
                    "an extended header is followed by the end of the archive at byte {at}"
                ));
                return;
            }
            self.state = State::Done;
            return;
        }
        self.offset_of_header = at;
        if let Err(msg) = self.header() {
            self.corrupt(format!("{msg} (header at byte {at})"));
        }
    }

    fn header(&mut self) -> Result<(), String> {
        let b = self.block;
        let stored = parse_numeric(&b[148..156]).map_err(|()| "invalid header checksum field")?;
        let (mut unsigned, mut signed) = (0i64, 0i64);
        for (i, &x) in b.iter().enumerate() {
            let (u, s) = if (148..156).contains(&i) {
                (32, 32)
            } else {
                (i64::from(x), i64::from(x as i8))
            };
            unsigned += u;
            signed += s;
        }
        if stored != unsigned && stored != signed {
            return Err(format!(
                "invalid header checksum (stored {stored}, computed {unsigned})"
            ));
        }
        let typeflag = b[156];
        let size_field = parse_numeric(&b[124..136]).map_err(|()| "invalid size field")?;
        let size_field = u64::try_from(size_field).map_err(|_| "negative size")?;

        if matches!(typeflag, b'x' | b'g' | b'L' | b'K') {
            if size_field > self.limits.max_extended_header {
                self.status = Status::Limit(LimitHit::ExtendedHeader {
                    size: size_field,
                    limit: self.limits.max_extended_header,
                });
                return Ok(());
            }
            self.pending.any = true;
            self.state = State::Meta {
                kind: typeflag,
                buf: Vec::with_capacity(size_field as usize),
                data: size_field,
                pad: padding(size_field),
            };
            return Ok(());
        }

        let pending = std::mem::take(&mut self.pending);
        let global = &self.global;
        let pax = |key: &str| -> Option<&str> {
            match pending.pax.get(key) {
                Some(v) if v.is_empty() => None, // an empty per-file value deletes the key
                Some(v) => Some(v.as_str()),
                None => global.get(key).map(String::as_str),
            }
        };
        let pax_u64 = |key: &str| -> Result<Option<u64>, String> {
            pax(key)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("invalid PAX {key} {v:?}"))
                })
                .transpose()
        };
        let numeric = |range: std::ops::Range<usize>, what: &str| -> Result<i64, String> {
            parse_numeric(&b[range]).map_err(|()| format!("invalid {what} field"))
        };

        // Names: GNU long names win over PAX (as in Go's reader), PAX over the header.
        let ustar = &b[257..263] == b"ustar\0";
        let raw_name: Vec<u8> = if let Some(long) = pending.long_name.as_deref() {
            trim_nuls(long).to_vec()
        } else if let Some(p) = pax("GNU.sparse.name").or_else(|| pax("path")) {
            p.as_bytes().to_vec()
        } else if ustar && b[345] != 0 {
            let mut full = field(&b[345..500]).to_vec();
            full.push(b'/');
            full.extend_from_slice(field(&b[0..100]));
            full
        } else {
            field(&b[0..100]).to_vec()
        };
        let raw_link: Vec<u8> = if let Some(long) = pending.long_link.as_deref() {
            trim_nuls(long).to_vec()
        } else if let Some(p) = pax("linkpath") {
            p.as_bytes().to_vec()
        } else {
            field(&b[157..257]).to_vec()
        };

        let kind = match typeflag {
            b'0' | b'7' | b'S' => EntryKind::File,
            0 if raw_name.ends_with(b"/") => EntryKind::Dir,
            0 => EntryKind::File,
            b'1' => EntryKind::Hardlink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::Char,
            b'4' => EntryKind::Block,
            b'5' | b'D' => EntryKind::Dir,
            b'6' => EntryKind::Fifo,
            other => EntryKind::Other(other),
        };
        // Header-only types carry no contents whatever their size field says (as in Go).
        let header_only = matches!(typeflag, b'1'..=b'6');
        let stored_size = pax_u64("size")?.unwrap_or(size_field);
        let data_len = if header_only { 0 } else { stored_size };
        let size = if typeflag == b'S' {
            let real = numeric(483..495, "sparse real size")?;
            u64::try_from(real).map_err(|_| "negative sparse real size")?
        } else if let Some(real) = pax_u64("GNU.sparse.realsize")?.or(pax_u64("GNU.sparse.size")?) {
            real
        } else {
            stored_size
        };
        let mode = numeric(100..108, "mode")?;
        let mode = (mode & 0o7777) as u32;
        let uid = match pax_u64("uid")? {
            Some(v) => v,
            None => u64::try_from(numeric(108..116, "uid")?).map_err(|_| "negative uid")?,
        };
        let gid = match pax_u64("gid")? {
            Some(v) => v,
            None => u64::try_from(numeric(116..124, "gid")?).map_err(|_| "negative gid")?,
        };
        let mtime = match pax("mtime") {
            Some(v) => parse_pax_time(v).ok_or_else(|| format!("invalid PAX mtime {v:?}"))?,
            None => numeric(136..148, "mtime")?,
        };
        let uname = match pax("uname") {
            Some(v) => v.to_string(),
            None => lossy(field(&b[265..297])),
        };
        let gname = match pax("gname") {
            Some(v) => v.to_string(),
            None => lossy(field(&b[297..329])),
        };
        let device = if matches!(kind, EntryKind::Char | EntryKind::Block) {
            let major = numeric(329..337, "device major")?;
            let minor = numeric(337..345, "device minor")?;
            Some((major as u32, minor as u32))
        } else {
            None
        };

        let longest = raw_name
            .len()
            .max(if header_only { raw_link.len() } else { 0 });
        if longest > self.limits.max_path_len {
            self.status = Status::Limit(LimitHit::PathLen {
                len: longest,
                limit: self.limits.max_path_len,
            });
            return Ok(());
        }
        if self.entries.len() >= self.limits.max_entries {
            self.status = Status::Limit(LimitHit::Entries(self.entries.len()));
            return Ok(());
        }
        let names = (raw_name.len() + raw_link.len()) as u64;
        if self.path_bytes + names > self.limits.max_total_path_bytes {
            self.status = Status::Limit(LimitHit::PathBytes(self.limits.max_total_path_bytes));
            return Ok(());
        }
        self.path_bytes += names;
        let link_target = match kind {
            EntryKind::Symlink => Some(lossy(&raw_link)),
            EntryKind::Hardlink => Some(normalize_path(&lossy(&raw_link), false)),
            _ => None,
        };
        self.entries.push(TarEntry {
            path: normalize_path(&lossy(&raw_name), kind == EntryKind::Dir),
            size,
            mode,
            uid,
            gid,
            uname,
            gname,
            mtime,
            kind,
            link_target,
            device,
        });
        self.state = if typeflag == b'S' && b[482] != 0 {
            State::Block {
                sparse_ext: true,
                data: data_len,
            }
        } else {
            skip(data_len)
        };
        Ok(())
    }

    /// An extended header's contents are in: keep what it says for the next entry.
    fn meta(&mut self, kind: u8, buf: Vec<u8>) {
        match kind {
            b'L' => self.pending.long_name = Some(buf),
            b'K' => self.pending.long_link = Some(buf),
            b'x' | b'g' => {
                let records = match parse_pax(&buf) {
                    Ok(r) => r,
                    Err(msg) => {
                        let at = self.offset_of_header;
                        self.corrupt(format!("{msg} (extended header at byte {at})"));
                        return;
                    }
                };
                if kind == b'x' {
                    self.pending.pax.extend(records);
                } else {
                    // A global header applies to every later entry (POSIX); it is not an
                    // entry itself, so it leaves the pending state as it was.
                    for (k, v) in records {
                        if v.is_empty() {
                            self.global.remove(&k);
                        } else {
                            self.global.insert(k, v);
                        }
                    }
                    self.pending.any = self.pending.long_name.is_some()
                        || self.pending.long_link.is_some()
                        || !self.pending.pax.is_empty();
                }
            }
            _ => unreachable!("only meta type flags are collected"),
        }
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

fn skip(data: u64) -> State {
    if data == 0 {
        State::Block {
            sparse_ext: false,
            data: 0,
        }
    } else {
        State::Skip {
            data,
            pad: padding(data),
        }
    }
}

fn padding(len: u64) -> u64 {
    (BLOCK as u64 - len % BLOCK as u64) % BLOCK as u64
}

/// A NUL-terminated header field (the whole field when it has no NUL).
fn field(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(end) => &b[..end],
        None => b,
    }
}

fn trim_nuls(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    &b[..end]
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A numeric header field: octal digits (leading spaces or NULs, ended by a space, a NUL
/// or the field's end), or GNU base-256 (first byte 0x80 for positive, 0xff for negative
/// two's complement). An empty field is 0.
fn parse_numeric(b: &[u8]) -> Result<i64, ()> {
    if b.first().is_some_and(|&c| c & 0x80 != 0) {
        let negative = b[0] == 0xff;
        let inv = if negative { 0xff } else { 0 };
        let mut x: u64 = 0;
        for (i, &c) in b.iter().enumerate() {
            let mut c = c ^ inv;
            if i == 0 {
                c &= 0x7f;
            }
            if x >> 56 != 0 {
                return Err(());
            }
            x = (x << 8) | u64::from(c);
        }
        if x >> 63 != 0 {
            return Err(());
        }
        let x = x as i64;
        return Ok(if negative { !x } else { x });
    }
    let start = b.iter().position(|&c| c != b' ' && c != 0);
    let Some(start) = start else { return Ok(0) };
    let mut x: i64 = 0;
    for &c in &b[start..] {
        match c {
            b'0'..=b'7' => {
                x = x
                    .checked_mul(8)
                    .and_then(|x| x.checked_add(i64::from(c - b'0')))
                    .ok_or(())?
            }
            b' ' | 0 => break,
            _ => return Err(()),
        }
    }
    Ok(x)
}

/// A PAX time: decimal seconds with an optional sign and fraction; the floor in seconds.
fn parse_pax_time(v: &str) -> Option<i64> {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, f),
        None => (v, ""),
    };
    if !frac.bytes().all(|c| c.is_ascii_digit()) || int.is_empty() {
        return None;
    }
    let secs: i64 = int.parse().ok()?;
    let negative = int.starts_with('-');
    if negative && frac.bytes().any(|c| c != b'0') {
        secs.checked_sub(1)
    } else {
        Some(secs)
    }
}

/// PAX records: `"%d %s=%s\n"` where the number is the record's whole length.
fn parse_pax(mut buf: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    // Some writers pad the header's contents with NULs.
    while !buf.is_empty() && buf[0] != 0 {
        let space = buf
            .iter()
            .position(|&c| c == b' ')
            .ok_or("invalid PAX record: no length")?;
        let len: usize = std::str::from_utf8(&buf[..space])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("invalid PAX record length")?;
        if len <= space + 1 || len > buf.len() || buf[len - 1] != b'\n' {
            return Err("invalid PAX record length".into());
        }
        let record = &buf[space + 1..len - 1];
        let eq = record
            .iter()
            .position(|&c| c == b'=')
            .ok_or("invalid PAX record: no '='")?;
        let key = String::from_utf8_lossy(&record[..eq]);
        if PAX_KEYS.contains(&key.as_ref()) {
            out.push((key.into_owned(), lossy(&record[eq + 1..])));
        }
        buf = &buf[len..];
    }
    Ok(out)
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
