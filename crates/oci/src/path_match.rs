//! Shell pattern matching on slash-separated names (a port of Go's
//! `path.Match`).

use crate::Error;

/// The rune Go's UTF-8 decoder returns for invalid input.
const RUNE_ERROR: u32 = 0xFFFD;

/// Reports whether `name` matches the shell pattern `pattern` as a whole
/// (Go's `path.Match`).
///
/// ```text
/// pattern:
///     { term }
/// term:
///     '*'         any sequence of non-/ characters
///     '?'         any single non-/ character
///     '[' [ '^' ] { character-range } ']'
///                 character class (must be non-empty)
///     c           the character c (c != '*', '?', '\\', '[')
///     '\\' c      the character c
/// character-range:
///     c           the character c (c != '\\', '-', ']')
///     '\\' c      the character c
///     lo '-' hi   any character c with lo <= c <= hi
/// ```
///
/// The only error is [`Error::BadPattern`] for a malformed pattern. As in Go,
/// it is reported only when the matcher gets to the malformed part, so a
/// mismatch earlier in the pattern may hide it, and a `*` can step into the
/// middle of a multi-byte character, where `?` takes one invalid byte.
///
/// ```
/// use berth_oci::{Error, path_match};
/// assert_eq!(path_match("a*/b", "abc/b"), Ok(true));
/// assert_eq!(path_match("a*", "ab/c"), Ok(false));
/// assert_eq!(path_match("[-x]", "x"), Err(Error::BadPattern));
/// ```
pub fn path_match(pattern: &str, name: &str) -> Result<bool, Error> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing * matches the rest of the name unless it has a /.
            return Ok(!name.contains(&b'/'));
        }
        // Look for a match at the current position. If this is the last
        // chunk, the name must be used up; otherwise the star may still help.
        let attempt = match_chunk(chunk, name);
        if let Ok(Some(t)) = attempt {
            if t.is_empty() || !pattern.is_empty() {
                name = t;
                continue;
            }
        }
        attempt?;
        if star {
            // Look for a match skipping i+1 bytes; a * cannot skip a /.
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                if let Some(t) = match_chunk(chunk, &name[i + 1..])? {
                    // The last chunk must use up the name.
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                i += 1;
            }
        }
        // Before reporting a mismatch, check that the rest of the pattern is
        // well-formed.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, b"")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off the next chunk of the pattern: a run of non-star terms,
/// possibly preceded by stars. Returns whether there were stars, the chunk
/// and the rest.
fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let [b'*', rest @ ..] = pattern {
        pattern = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            // A trailing backslash is reported by match_chunk.
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => return (star, &pattern[..i], &pattern[i..]),
            _ => {}
        }
        i += 1;
    }
    (star, pattern, &[])
}

/// Matches a chunk (literals, classes and `?`) against the start of `s` and
/// returns the rest of `s`, or `None` if it does not match. Once the match
/// has failed the chunk is still read to the end, to report a malformed
/// pattern.
fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> Result<Option<&'a [u8]>, Error> {
    let mut failed = false;
    while let Some(&c) = chunk.first() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match c {
            b'[' => {
                // A character class.
                let mut r = 0;
                if !failed {
                    let (rune, n) = decode_rune(s);
                    r = rune;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let negated = chunk.first() == Some(&b'^');
                if negated {
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if ranges > 0 {
                        if let [b']', rest @ ..] = chunk {
                            chunk = rest;
                            break;
                        }
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if let [b'-', rest @ ..] = chunk {
                        let (h, rest) = get_esc(rest)?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                if c == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return Err(Error::BadPattern);
                    }
                }
                if !failed {
                    if chunk[0] != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    Ok(if failed { None } else { Some(s) })
}

/// Reads a possibly escaped character of a character class; returns it and
/// the rest of the chunk, which must not be empty.
fn get_esc(mut chunk: &[u8]) -> Result<(u32, &[u8]), Error> {
    match chunk.first() {
        None | Some(b'-' | b']') => return Err(Error::BadPattern),
        Some(b'\\') => {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err(Error::BadPattern);
            }
        }
        Some(_) => {}
    }
    let (r, n) = decode_rune(chunk);
    let rest = &chunk[n..];
    if (r == RUNE_ERROR && n == 1) || rest.is_empty() {
        return Err(Error::BadPattern);
    }
    Ok((r, rest))
}

/// Decodes the first UTF-8 character of `s` like Go's
/// `utf8.DecodeRuneInString`: `(RUNE_ERROR, 1)` for an invalid byte,
/// `(RUNE_ERROR, 0)` for empty input.
fn decode_rune(s: &[u8]) -> (u32, usize) {
    if s.is_empty() {
        return (RUNE_ERROR, 0);
    }
    let prefix = &s[..s.len().min(4)];
    let valid = match std::str::from_utf8(prefix) {
        Ok(valid) => valid,
        Err(err) => std::str::from_utf8(&prefix[..err.valid_up_to()]).unwrap_or_default(),
    };
    valid
        .chars()
        .next()
        .map_or((RUNE_ERROR, 1), |c| (u32::from(c), c.len_utf8()))
}
