//! Natural version order for tag lists.

use std::cmp::Ordering;

/// Compares two tags in berth's natural version order, a total order (only equal strings
/// compare equal):
///
/// 1. Version tags first: an optional `v`/`V`, then dot-separated numbers (`1.2`, `v10`,
///    `20240101`), then anything else as a suffix. Numbers compare as numbers of any length
///    (`1.2` < `1.10`, `v2` < `v10`), a shorter version before a longer one it begins
///    (`3` < `3.0` < `3.0.1`). For the same numbers, a pre-release suffix (one starting
///    with `alpha`, `a`, `beta`, `b`, `pre`, `preview`, `rc`, `dev`, `snapshot`, `nightly`,
///    `canary`, `ea` or `m` and then a digit, separator or nothing: `1.0-rc1`,
///    `3.13.0b2`) comes before the bare version, and any other suffix (a variant such as
///    `-alpine` or `-bookworm`) after it: `1.0-rc1` < `1.0` < `1.0-alpine` < `1.0.1`.
///    Pre-releases order `dev`/`snapshot`/`nightly`/`canary` < `alpha` < `beta` <
///    `pre`/`preview`/`ea`/`m` < `rc`, then by their own text, naturally.
/// 2. Then named tags (`alpine`, `bookworm`, `stable`), naturally (`alpine3.9` <
///    `alpine3.19`).
/// 3. `latest` last: it usually names the newest release.
///
/// Natural comparison splits text into digit runs and other runs; digit runs compare as
/// numbers, other runs byte by byte, and a digit run sorts before text. Ties (`v1` and
/// `1`, `01` and `1`) are broken by the plain byte order of the whole tag.
///
/// ```
/// use berth_search::version_sort;
/// let mut tags = ["latest", "1.10", "v2", "1.2", "alpine", "1.0", "1.0-rc1", "v10", "1.0-alpine"]
///     .map(String::from);
/// version_sort(&mut tags);
/// assert_eq!(tags, ["1.0-rc1", "1.0", "1.0-alpine", "1.2", "1.10", "v2", "v10", "alpine", "latest"]);
/// ```
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    TagKey::new(a).cmp(&TagKey::new(b)).then_with(|| a.cmp(b))
}

/// Sorts tags with [`compare_versions`] (stable, and total).
pub fn version_sort<S: AsRef<str>>(tags: &mut [S]) {
    tags.sort_by(|a, b| compare_versions(a.as_ref(), b.as_ref()));
}

/// How a tag sorts, field by field.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TagKey<'a> {
    Version {
        numbers: Vec<Number<'a>>,
        /// 0 pre-release, 1 release, 2 variant.
        kind: u8,
        /// For a pre-release, its keyword's rank.
        rank: u8,
        suffix: Vec<Piece<'a>>,
    },
    Named(Vec<Piece<'a>>),
    Latest,
}

/// A run of digits compared by value: its length without leading zeros, then its digits.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Number<'a> {
    len: usize,
    digits: &'a str,
}

impl<'a> Number<'a> {
    fn new(run: &'a str) -> Number<'a> {
        let digits = run.trim_start_matches('0');
        Number {
            len: digits.len(),
            digits,
        }
    }
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece<'a> {
    Number(Number<'a>),
    Text(&'a str),
}

const PRE_RELEASES: [(&str, u8); 15] = [
    ("snapshot", 0),
    ("nightly", 0),
    ("canary", 0),
    ("dev", 0),
    ("alpha", 1),
    ("a", 1),
    ("beta", 2),
    ("b", 2),
    ("preview", 3),
    ("pre", 3),
    ("ea", 3),
    ("m", 3),
    ("rc", 4),
    ("cr", 4),
    ("c", 4),
];

impl<'a> TagKey<'a> {
    fn new(tag: &'a str) -> TagKey<'a> {
        if tag == "latest" {
            return TagKey::Latest;
        }
        let body = tag
            .strip_prefix(['v', 'V'])
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(tag);
        if !body.starts_with(|c: char| c.is_ascii_digit()) {
            return TagKey::Named(pieces(tag));
        }
        let mut numbers = Vec::new();
        let mut rest = body;
        loop {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            numbers.push(Number::new(&rest[..end]));
            rest = &rest[end..];
            match rest.strip_prefix('.') {
                Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
                _ => break,
            }
        }
        let suffix = rest.strip_prefix(['-', '_', '.', '+']).unwrap_or(rest);
        let (kind, rank) = if rest.is_empty() {
            (1, 0)
        } else {
            match pre_release_rank(suffix) {
                Some(rank) => (0, rank),
                None => (2, 0),
            }
        };
        TagKey::Version {
            numbers,
            kind,
            rank,
            suffix: pieces(suffix),
        }
    }
}

/// The rank of a pre-release keyword at the start of `suffix`, if it is one.
fn pre_release_rank(suffix: &str) -> Option<u8> {
    let lower = suffix.to_ascii_lowercase();
    PRE_RELEASES.iter().find_map(|&(word, rank)| {
        let after = lower.strip_prefix(word)?;
        let ends = after.is_empty()
            || after.starts_with(|c: char| c.is_ascii_digit() || "-_.".contains(c));
        ends.then_some(rank)
    })
}

/// `s` cut into digit runs and other runs.
fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(first) = rest.chars().next() {
        let digit = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let run = &rest[..end];
        out.push(if digit {
            Piece::Number(Number::new(run))
        } else {
            Piece::Text(run)
        });
        rest = &rest[end..];
    }
    out
}
