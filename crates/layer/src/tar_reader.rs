//! The push-fed tar parser under [`crate::TarListing`] and [`crate::FileExtractor`]: headers,
//! GNU and PAX extensions, and (for the entries a visitor asks for) contents, in one place.
//!
//! [`TarReader`] takes the uncompressed tar stream in pieces of any size. It reads the formats
//! real layers come in: ustar (with its name prefix), GNU (`L`/`K` long names and links,
//! base-256 numbers, old sparse files) and POSIX PAX (`x` per-file and `g` global extended
//! headers, GNU sparse files 0.0, 0.1 and 1.0), as GNU tar, Go's `archive/tar` (Docker,
//! BuildKit) and umoci write them. Every entry's header goes to a [`Visitor`], which says
//! whether it wants the contents: those it does not want are skipped without being held, and
//! those it wants are passed on as they stream by, a sparse file's fragments at their offsets.

use std::collections::BTreeMap;

use crate::tar_listing::{EntryKind, LimitHit, Status, TarEntry, normalize_path};
use crate::{Error, Limits};

pub(crate) const BLOCK: usize = 512;

/// An entry's header, with extended headers applied, as a [`Visitor`] gets it.
pub(crate) struct Header {
    /// The entry.
    pub entry: TarEntry,
    /// The longer of the path and, for a link or device, the link field, in bytes as stored
    /// (what [`Limits::max_path_len`] measures).
    pub longest_name: usize,
    /// The bytes of the path and link field as stored (what
    /// [`Limits::max_total_path_bytes`] counts).
    pub name_bytes: u64,
}

/// What a [`Visitor`] wants after a header.
pub(crate) enum Want {
    /// Skip the entry's contents.
    Skip,
    /// Pass the entry's contents to [`Visitor::contents`].
    Contents,
    /// Nothing more from this archive: stop as if it ended here.
    End,
}

/// What the reader reports to.
pub(crate) trait Visitor {
    /// The next entry's header. `Err`: a cap stops the reading here.
    fn entry(&mut self, header: Header) -> Result<Want, LimitHit>;

    /// Contents of the last entry whose header asked for them, in order: `bytes` belong at
    /// `offset` in the file. Offsets only grow; the gaps of a sparse file (and its end past
    /// the last fragment, up to [`TarEntry::size`]) are holes that read as zeros.
    fn contents(&mut self, offset: u64, bytes: &[u8]);
}

/// What the parser expects next.
enum State {
    /// A 512-byte block: a header, or a GNU sparse extension block when `sparse_ext`.
    Block { sparse_ext: bool, data: u64 },
    /// File contents (passed on as [`TarReader::feed`] says, or skipped), then padding to
    /// the next block.
    Contents { data: u64, pad: u64 },
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

/// Where the contents of the entry being read go.
enum Feed {
    /// Nowhere: they are skipped.
    Skip,
    /// To the visitor, as they are (`offset` bytes passed on so far).
    Plain { offset: u64 },
    /// An old GNU sparse file whose map continues in extension blocks: collecting it.
    GnuMap { map: Vec<(u64, u64)>, size: u64 },
    /// A PAX 1.0 sparse file: its map is at the start of its contents, padded to a block
    /// (`newlines` counts the map's lines read so far).
    TextMap {
        text: Vec<u8>,
        newlines: u64,
        size: u64,
        data: u64,
    },
    /// A sparse file's fragments, `done` bytes into fragment `at` of `map`.
    Sparse {
        map: Vec<(u64, u64)>,
        at: usize,
        done: u64,
    },
}

/// Values carried from extended headers to the next real header.
#[derive(Default)]
struct Pending {
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    pax: BTreeMap<String, String>,
    /// PAX sparse 0.0 records (`GNU.sparse.offset` and `GNU.sparse.numbytes`), in order.
    sparse_records: Vec<(String, String)>,
    /// A meta header was read and its entry has not come yet.
    any: bool,
}

/// The PAX keys that matter; others (xattrs, atime...) are dropped.
const PAX_KEYS: [&str; 16] = [
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
    "GNU.sparse.major",
    "GNU.sparse.minor",
    "GNU.sparse.map",
    "GNU.sparse.offset",
    "GNU.sparse.numbytes",
];

/// A sparse map entry costs this much memory, against [`Limits::max_extended_header`].
const SPARSE_ENTRY_BYTES: u64 = 16;

/// The push-fed tar parser: bytes in through [`TarReader::push`], entries out to a
/// [`Visitor`]. It holds one block, the extended headers of the next entry, global PAX
/// values and a wanted sparse file's map; nothing else.
pub(crate) struct TarReader {
    max_bytes: u64,
    max_extended_header: u64,
    status: Status,
    state: State,
    feed: Feed,
    block: [u8; BLOCK],
    filled: usize,
    pending: Pending,
    global: BTreeMap<String, String>,
    /// Uncompressed bytes taken in.
    bytes_in: u64,
    /// Where the last header started, for error messages.
    offset_of_header: u64,
}

impl TarReader {
    /// A reader under these caps: only [`Limits::max_bytes`] and
    /// [`Limits::max_extended_header`] are the reader's (the others are the visitor's).
    pub(crate) fn new(limits: &Limits) -> Self {
        TarReader {
            max_bytes: limits.max_bytes,
            max_extended_header: limits.max_extended_header,
            status: Status::Reading,
            state: State::Block {
                sparse_ext: false,
                data: 0,
            },
            feed: Feed::Skip,
            block: [0; BLOCK],
            filled: 0,
            pending: Pending::default(),
            global: BTreeMap::new(),
            bytes_in: 0,
            offset_of_header: 0,
        }
    }

    /// Where the reading stands.
    pub(crate) fn status(&self) -> &Status {
        &self.status
    }

    /// Whether more bytes are wanted (false after the end, a cap, or corruption).
    pub(crate) fn wants_more(&self) -> bool {
        self.status == Status::Reading
    }

    /// The uncompressed bytes taken in so far (at most [`Limits::max_bytes`]).
    pub(crate) fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Feeds the next uncompressed bytes; returns whether more are wanted. Bytes fed after
    /// the reading stopped are ignored.
    pub(crate) fn push(&mut self, data: &[u8], visitor: &mut impl Visitor) -> bool {
        if !self.wants_more() {
            return false;
        }
        let room = self.max_bytes - self.bytes_in;
        let (take, over) = if data.len() as u64 > room {
            (&data[..room as usize], true)
        } else {
            (data, false)
        };
        self.consume(take, visitor);
        if over && self.wants_more() {
            self.status = Status::Limit(LimitHit::Bytes(self.max_bytes));
        }
        self.wants_more()
    }

    /// Ends the stream: the cap that stopped the reading, if any, or an error if the archive
    /// was corrupt or ends inside a header or an entry's contents (`last_path` is that
    /// entry's path, for the message). An archive that ends right after a file's contents
    /// (without padding or the end-of-archive blocks, as some umoci layers do) is accepted
    /// like Go's `archive/tar` accepts it.
    pub(crate) fn finish(self, last_path: Option<&str>) -> Result<Option<LimitHit>, Error> {
        match self.status {
            Status::Corrupt(msg) => Err(Error::Tar(msg)),
            Status::Limit(hit) => Ok(Some(hit)),
            Status::End => Ok(None),
            Status::Reading => {
                let at = self.bytes_in;
                match self.state {
                    State::Done => Ok(None),
                    State::Contents { data: 0, .. } => Ok(None),
                    State::Block {
                        sparse_ext: false, ..
                    } if self.filled == 0 && !self.pending.any => Ok(None),
                    State::Block { sparse_ext, .. } if self.filled > 0 || sparse_ext => {
                        Err(Error::Tar(format!(
                            "truncated: the stream ends inside a header at byte {at}"
                        )))
                    }
                    State::Block { .. } | State::Meta { .. } => Err(Error::Tar(format!(
                        "truncated: the stream ends inside an extended header at byte {at}"
                    ))),
                    State::Contents { data, .. } => Err(Error::Tar(format!(
                        "truncated: the stream ends at byte {at}, {data} bytes short of the \
                         contents of {}",
                        last_path.unwrap_or("an entry")
                    ))),
                }
            }
        }
    }

    fn corrupt(&mut self, msg: String) {
        self.status = Status::Corrupt(msg);
    }

    fn consume(&mut self, mut data: &[u8], visitor: &mut impl Visitor) {
        while !data.is_empty() && self.wants_more() {
            match &mut self.state {
                State::Contents { data: left, pad } => {
                    let (left_before, pad_before) = (*left, *pad);
                    let n = (left_before + pad_before).min(data.len() as u64);
                    let from_data = n.min(left_before);
                    *left -= from_data;
                    *pad -= n - from_data;
                    let finished = *left == 0 && *pad == 0;
                    let (taken, rest) = data.split_at(n as usize);
                    self.bytes_in += n;
                    data = rest;
                    if finished {
                        self.state = State::Block {
                            sparse_ext: false,
                            data: 0,
                        };
                    }
                    if from_data > 0 && !matches!(self.feed, Feed::Skip) {
                        self.feed(&taken[..from_data as usize], visitor);
                        if from_data == left_before {
                            self.contents_end();
                        }
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
                        self.block_done(visitor);
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

    /// Passes a wanted entry's contents on, through its sparse map if it has one.
    fn feed(&mut self, mut bytes: &[u8], visitor: &mut impl Visitor) {
        while !bytes.is_empty() && self.wants_more() {
            match &mut self.feed {
                Feed::Skip | Feed::GnuMap { .. } => return,
                Feed::Plain { offset } => {
                    visitor.contents(*offset, bytes);
                    *offset += bytes.len() as u64;
                    return;
                }
                Feed::TextMap {
                    text,
                    newlines,
                    size,
                    data,
                } => {
                    // The map ends at a block boundary: look at it at each one, and parse
                    // it once it has as many lines as its first says.
                    let n = (BLOCK - text.len() % BLOCK).min(bytes.len());
                    text.extend_from_slice(&bytes[..n]);
                    *newlines += bytes[..n].iter().filter(|&&c| c == b'\n').count() as u64;
                    bytes = &bytes[n..];
                    if text.len() % BLOCK != 0 {
                        continue;
                    }
                    let (size, data, read) = (*size, *data, text.len() as u64);
                    let complete = text
                        .iter()
                        .position(|&c| c == b'\n')
                        .and_then(|end| std::str::from_utf8(&text[..end]).ok())
                        .and_then(|first| first.parse::<u64>().ok())
                        .is_none_or(|count| *newlines > count.saturating_mul(2));
                    let parsed = if complete {
                        parse_sparse_text(text)
                    } else {
                        Ok(None)
                    };
                    match parsed {
                        Ok(Some(map)) => {
                            if !self.start_sparse(map, size, data - read) {
                                return;
                            }
                        }
                        Ok(None) if read + BLOCK as u64 > self.max_extended_header => {
                            self.status = Status::Limit(LimitHit::ExtendedHeader {
                                size: read + BLOCK as u64,
                                limit: self.max_extended_header,
                            });
                        }
                        Ok(None) => {}
                        Err(msg) => self.corrupt_entry(msg),
                    }
                }
                Feed::Sparse { map, at, done } => {
                    let Some(&(offset, len)) = map.get(*at) else {
                        return; // checked: the fragments add up to the contents
                    };
                    let n = (len - *done).min(bytes.len() as u64);
                    if n > 0 {
                        visitor.contents(offset + *done, &bytes[..n as usize]);
                    }
                    *done += n;
                    bytes = &bytes[n as usize..];
                    if *done == len {
                        *at += 1;
                        *done = 0;
                    }
                }
            }
        }
    }

    /// A wanted entry's contents are all in.
    fn contents_end(&mut self) {
        if matches!(self.feed, Feed::TextMap { .. }) && self.wants_more() {
            self.corrupt_entry("the sparse map runs past the file's contents".into());
        }
        self.feed = Feed::Skip;
    }

    fn corrupt_entry(&mut self, msg: String) {
        let at = self.offset_of_header;
        self.corrupt(format!("{msg} (entry at byte {at})"));
    }

    fn block_done(&mut self, visitor: &mut impl Visitor) {
        let State::Block { sparse_ext, data } = self.state else {
            unreachable!("only called on a block");
        };
        let at = self.bytes_in - BLOCK as u64;
        if sparse_ext {
            // GNU old sparse extension: 21 (offset, size) pairs, then "is extended".
            let more = self.block[504] != 0;
            if let Feed::GnuMap { map, .. } = &mut self.feed {
                let block = self.block;
                if let Err(msg) = gnu_sparse_pairs(&block[..504], map) {
                    self.corrupt(format!("{msg} (sparse extension block at byte {at})"));
                    return;
                }
                if map.len() as u64 * SPARSE_ENTRY_BYTES > self.max_extended_header {
                    self.status = Status::Limit(LimitHit::ExtendedHeader {
                        size: map.len() as u64 * SPARSE_ENTRY_BYTES,
                        limit: self.max_extended_header,
                    });
                    return;
                }
            }
            if more {
                self.state = State::Block {
                    sparse_ext: true,
                    data,
                };
            } else {
                self.start_contents(data);
            }
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
        if let Err(msg) = self.header(visitor) {
            self.corrupt(format!("{msg} (header at byte {at})"));
        }
    }

    /// Reads the coming `stored` bytes through a sparse `map` of a `size`-byte file; false
    /// (and the entry corrupt) when the map does not fit them.
    fn start_sparse(&mut self, map: Vec<(u64, u64)>, size: u64, stored: u64) -> bool {
        if let Err(msg) = check_sparse_map(&map, size, stored) {
            self.corrupt_entry(msg);
            return false;
        }
        self.feed = Feed::Sparse {
            map,
            at: 0,
            done: 0,
        };
        true
    }

    /// The header (and any sparse extension blocks) is read: `data` bytes of contents follow.
    fn start_contents(&mut self, data: u64) {
        if let Feed::GnuMap { map, size } = &mut self.feed {
            let (map, size) = (std::mem::take(map), *size);
            if !self.start_sparse(map, size, data) {
                return;
            }
        }
        if data == 0 {
            self.contents_end();
            self.state = State::Block {
                sparse_ext: false,
                data: 0,
            };
        } else {
            self.state = State::Contents {
                data,
                pad: padding(data),
            };
        }
    }

    fn header(&mut self, visitor: &mut impl Visitor) -> Result<(), String> {
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
            if size_field > self.max_extended_header {
                self.status = Status::Limit(LimitHit::ExtendedHeader {
                    size: size_field,
                    limit: self.max_extended_header,
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
        // How a sparse file's fragments are mapped (read only if its contents are wanted).
        let mut pending = pending;
        let sparse = if typeflag == b'S' {
            Some(Sparse::Gnu)
        } else if kind != EntryKind::File {
            None
        } else if pending.pax.get("GNU.sparse.major").map(String::as_str) == Some("1") {
            Some(Sparse::Text)
        } else if let Some(map) = pending.pax.remove("GNU.sparse.map") {
            Some(Sparse::Map(map))
        } else if !pending.sparse_records.is_empty() {
            Some(Sparse::Records(std::mem::take(&mut pending.sparse_records)))
        } else {
            None
        };

        let longest_name = raw_name
            .len()
            .max(if header_only { raw_link.len() } else { 0 });
        let link_target = match kind {
            EntryKind::Symlink => Some(lossy(&raw_link)),
            EntryKind::Hardlink => Some(normalize_path(&lossy(&raw_link), false)),
            _ => None,
        };
        let header = Header {
            entry: TarEntry {
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
            },
            longest_name,
            name_bytes: (raw_name.len() + raw_link.len()) as u64,
        };
        let want = match visitor.entry(header) {
            Ok(want) => want,
            Err(hit) => {
                self.status = Status::Limit(hit);
                return Ok(());
            }
        };
        self.feed = match (want, sparse) {
            (Want::End, _) => {
                self.status = Status::End;
                return Ok(());
            }
            (Want::Skip, _) => Feed::Skip,
            (Want::Contents, None) => Feed::Plain { offset: 0 },
            (Want::Contents, Some(Sparse::Gnu)) => {
                let mut map = Vec::new();
                gnu_sparse_pairs(&b[386..482], &mut map)?;
                Feed::GnuMap { map, size }
            }
            (Want::Contents, Some(Sparse::Text)) => Feed::TextMap {
                text: Vec::new(),
                newlines: 0,
                size,
                data: data_len,
            },
            (Want::Contents, Some(sparse @ (Sparse::Map(_) | Sparse::Records(_)))) => {
                let map = match sparse {
                    Sparse::Map(list) => parse_sparse_list(&list)?,
                    Sparse::Records(records) => sparse_records(&records)?,
                    Sparse::Gnu | Sparse::Text => unreachable!("matched above"),
                };
                check_sparse_map(&map, size, data_len)?;
                Feed::Sparse {
                    map,
                    at: 0,
                    done: 0,
                }
            }
        };
        if typeflag == b'S' && b[482] != 0 {
            self.state = State::Block {
                sparse_ext: true,
                data: data_len,
            };
        } else {
            self.start_contents(data_len);
        }
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
                    for (k, v) in records {
                        if matches!(k.as_str(), "GNU.sparse.offset" | "GNU.sparse.numbytes") {
                            self.pending.sparse_records.push((k, v));
                        } else {
                            self.pending.pax.insert(k, v);
                        }
                    }
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
                        || !self.pending.pax.is_empty()
                        || !self.pending.sparse_records.is_empty();
                }
            }
            _ => unreachable!("only meta type flags are collected"),
        }
    }
}

/// The sparse formats, as a header announces them.
enum Sparse {
    /// Old GNU (`S`): the map is in the header and extension blocks.
    Gnu,
    /// PAX 1.0: the map is text at the start of the contents.
    Text,
    /// PAX 0.1: `GNU.sparse.map`.
    Map(String),
    /// PAX 0.0: repeated `GNU.sparse.offset` and `GNU.sparse.numbytes` records.
    Records(Vec<(String, String)>),
}

/// Old GNU sparse (offset, size) pairs of 12-byte numbers, up to the first empty one.
fn gnu_sparse_pairs(b: &[u8], map: &mut Vec<(u64, u64)>) -> Result<(), String> {
    for pair in b.chunks_exact(24) {
        if pair[0] == 0 {
            break;
        }
        let number = |f: &[u8]| {
            parse_numeric(f)
                .ok()
                .and_then(|x| u64::try_from(x).ok())
                .ok_or("invalid sparse map")
        };
        map.push((number(&pair[..12])?, number(&pair[12..])?));
    }
    Ok(())
}

/// A PAX 0.1 `GNU.sparse.map`: `offset,size,offset,size...`.
fn parse_sparse_list(v: &str) -> Result<Vec<(u64, u64)>, String> {
    let numbers = v
        .split(',')
        .map(|x| x.trim().parse::<u64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| format!("invalid sparse map: GNU.sparse.map {v:?}"))?;
    if numbers.len() % 2 != 0 {
        return Err(format!("invalid sparse map: GNU.sparse.map {v:?}"));
    }
    Ok(numbers.chunks_exact(2).map(|p| (p[0], p[1])).collect())
}

/// PAX 0.0 records: `GNU.sparse.offset` then `GNU.sparse.numbytes`, for each fragment.
fn sparse_records(records: &[(String, String)]) -> Result<Vec<(u64, u64)>, String> {
    let invalid = || "invalid sparse map: GNU.sparse.offset/numbytes records".to_string();
    if records.len() % 2 != 0 {
        return Err(invalid());
    }
    records
        .chunks_exact(2)
        .map(|pair| match pair {
            [(ko, o), (kn, n)] if ko == "GNU.sparse.offset" && kn == "GNU.sparse.numbytes" => Ok((
                o.trim().parse().map_err(|_| invalid())?,
                n.trim().parse().map_err(|_| invalid())?,
            )),
            _ => Err(invalid()),
        })
        .collect()
}

/// A PAX 1.0 sparse map: decimal lines, the number of fragments then an offset and a size
/// for each. `Ok(None)` while incomplete.
fn parse_sparse_text(text: &[u8]) -> Result<Option<Vec<(u64, u64)>>, String> {
    let mut lines = text.split(|&c| c == b'\n');
    let mut number = || -> Result<Option<u64>, String> {
        let Some(line) = lines.next() else {
            return Ok(None);
        };
        if lines.clone().next().is_none() {
            return Ok(None); // no newline after it yet
        }
        std::str::from_utf8(line)
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Some)
            .ok_or_else(|| "invalid sparse map".to_string())
    };
    let Some(count) = number()? else {
        return Ok(None);
    };
    let mut map = Vec::new();
    for _ in 0..count {
        let (Some(offset), Some(len)) = (number()?, number()?) else {
            return Ok(None);
        };
        map.push((offset, len));
    }
    Ok(Some(map))
}

/// A sparse map must be in order, without overlaps, within the file's `size`, and its
/// fragments must add up to the `stored` bytes.
fn check_sparse_map(map: &[(u64, u64)], size: u64, stored: u64) -> Result<(), String> {
    let mut end = 0u64;
    let mut total = 0u64;
    for &(offset, len) in map {
        let stop = offset.checked_add(len).ok_or("invalid sparse map")?;
        if offset < end || stop > size {
            return Err("invalid sparse map: fragments out of order or past the file's end".into());
        }
        end = stop;
        total += len;
    }
    if total != stored {
        return Err(format!(
            "invalid sparse map: {total} bytes of fragments for {stored} bytes of contents"
        ));
    }
    Ok(())
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
