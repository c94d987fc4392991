//! `docker images --filter`: the CLI's parsing of `-f key=value` and the daemon's
//! validation, with Docker's error texts.
//!
//! Two layers, as in Docker:
//!
//! - the CLI (docker/cli `opts/opts.go` `FilterOpt.Set`) turns each `key=value` word into
//!   an entry of a filter set, lower-casing and trimming the key and trimming the value; a
//!   word without `=` is `bad format of filter (expected name=value)`;
//! - the daemon (moby `daemon/internal/filters/parse.go`, `daemon/images/image_list.go`)
//!   refuses unknown keys (`invalid filter 'foo'`), non-boolean or conflicting `dangling`
//!   values (`invalid filter 'dangling=[maybe]'`) and unparsable `until` values.
//!
//! [`Filters`] is Go's `filters.Args`: a map from key to a *set* of values, so repeating a
//! key adds values (`reference` values are OR-ed, `label` values AND-ed, `before`/`since`
//! resolve to the oldest/newest image: see [`crate::list_images`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::Error;

/// The filter keys `docker images` accepts (moby `daemon/images/image_list.go`
/// `acceptedImageFilterTags`).
pub const IMAGE_FILTER_KEYS: [&str; 6] =
    ["before", "dangling", "label", "reference", "since", "until"];

/// A set of filters: key → set of values (Go's `filters.Args`).
///
/// Go keeps values in a map and walks them in random order; here they are sorted, so when
/// several values would each fail, the first in byte order is the one reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    fields: BTreeMap<String, BTreeSet<String>>,
}

impl Filters {
    /// No filters.
    pub fn new() -> Self {
        Filters::default()
    }

    /// Parses the `--filter` text as the UI passes it: words separated by white space, each
    /// one `key=value` as after `-f` (quotes group words as in a shell: `label="a=b c"`).
    /// Each word goes through [`Filters::set`].
    ///
    /// ```
    /// use berth_store::Filters;
    /// let f = Filters::parse("dangling=true label=a=b 'label=c=d e'").unwrap();
    /// assert_eq!(f.get("label"), vec!["a=b", "c=d e"]);
    /// let err = Filters::parse("dangling").unwrap_err();
    /// assert_eq!(err.to_string(), "bad format of filter (expected name=value)");
    /// ```
    pub fn parse(text: &str) -> Result<Filters, Error> {
        let mut filters = Filters::new();
        for word in split_words(text)? {
            filters.set(&word)?;
        }
        Ok(filters)
    }

    /// Adds one `-f` value (docker/cli `opts.FilterOpt.Set`): an empty word is ignored; a
    /// word without `=` is [`Error::BadFilterFormat`]; the key is trimmed and lower-cased, the
    /// value trimmed.
    pub fn set(&mut self, word: &str) -> Result<(), Error> {
        if word.is_empty() {
            return Ok(());
        }
        let Some((name, value)) = word.split_once('=') else {
            return Err(Error::BadFilterFormat(word.to_owned()));
        };
        self.add(&go_trim_space(name).to_lowercase(), go_trim_space(value));
        Ok(())
    }

    /// Adds `value` to the values of `key` (Go's `Args.Add`).
    pub fn add(&mut self, key: &str, value: &str) {
        self.fields
            .entry(key.to_owned())
            .or_default()
            .insert(value.to_owned());
    }

    /// Whether `key` is present (Go's `Args.Contains`).
    pub fn contains(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    /// The values of `key`, sorted (Go's `Args.Get`, in random order there).
    pub fn get(&self, key: &str) -> Vec<&str> {
        self.fields
            .get(key)
            .map(|values| values.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// Whether there is no filter at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Refuses keys outside `accepted` (Go's `Args.Validate`): `invalid filter 'foo'`.
    pub fn validate(&self, accepted: &[&str]) -> Result<(), Error> {
        match self.keys().find(|k| !accepted.contains(k)) {
            Some(key) => Err(Error::InvalidFilter {
                filter: key.to_owned(),
                values: None,
            }),
            None => Ok(()),
        }
    }

    /// A boolean filter (Go's `Args.GetBoolOrDefault`): `default` when absent; `true` for
    /// `true`/`1`, `false` for `false`/`0`; anything else, or both a true and a false value,
    /// is `invalid filter 'key=[values]'`.
    pub fn get_bool_or_default(&self, key: &str, default: bool) -> Result<bool, Error> {
        let Some(values) = self.fields.get(key) else {
            return Ok(default);
        };
        let is_false = values.contains("0") || values.contains("false");
        let is_true = values.contains("1") || values.contains("true");
        if is_false == is_true {
            return Err(Error::InvalidFilter {
                filter: key.to_owned(),
                values: Some(values.iter().cloned().collect()),
            });
        }
        Ok(is_true)
    }

    /// Whether `source` is one of the values of `key`, or `key` has no values (Go's
    /// `Args.ExactMatch`).
    pub fn exact_match(&self, key: &str, source: &str) -> bool {
        match self.fields.get(key) {
            None => true,
            Some(values) => values.is_empty() || values.contains(source),
        }
    }

    /// Whether every `k` / `k=v` value of `key` is in `sources` (Go's `Args.MatchKVList`):
    /// label filters AND together; a filter with no values matches everything, empty
    /// sources match nothing.
    pub fn match_kv_list(&self, key: &str, sources: &BTreeMap<String, String>) -> bool {
        let Some(values) = self.fields.get(key).filter(|v| !v.is_empty()) else {
            return true;
        };
        if sources.is_empty() {
            return false;
        }
        values.iter().all(|value| match value.split_once('=') {
            Some((k, v)) => sources.get(k).is_some_and(|s| s == v),
            None => sources.contains_key(value.as_str()),
        })
    }
}

/// The daemon's checks of `docker images` filters that need no image: unknown keys, then
/// `dangling` (moby `Images`: `Validate`, then `GetBoolOrDefault("dangling")`). Returns
/// whether only dangling images are asked for.
pub fn validate_image_filters(filters: &Filters) -> Result<bool, Error> {
    filters.validate(&IMAGE_FILTER_KEYS)?;
    filters.get_bool_or_default("dangling", false)
}

/// Splits text into words like a POSIX shell does (white space separates; `'…'` is
/// literal; `"…"` and a bare `\` escape the next character), without expansions.
fn split_words(text: &str) -> Result<Vec<String>, Error> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(Error::UnterminatedQuote('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err(Error::UnterminatedQuote('"')),
                        },
                        Some(c) => word.push(c),
                        None => return Err(Error::UnterminatedQuote('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(c) => word.push(c),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Go's `strings.TrimSpace` (Unicode white space).
fn go_trim_space(s: &str) -> &str {
    s.trim_matches(char::is_whitespace)
}

pub(crate) use berth_units::go_quote;

/// An instant in nanoseconds since the Unix epoch.
pub type UnixNanos = i128;

/// Parses an `until` value the way the daemon does (moby `daemon/internal/timestamp`
/// `Parse`): a Go duration before `now` (`10m`, `1h30m`), an RFC 3339 time or a prefix of
/// one (`2024-01-02`, `2024-01-02T15`, `…T15:04`, `…T15:04:05.999`, with `Z` or `±hh:mm`,
/// else in the zone `utc_offset_minutes` east of UTC), or Unix seconds with an optional
/// fraction (`1700000000.5`).
///
/// Errors are [`Error::InvalidUntil`] with moby's and Go's `time` texts.
///
/// ```
/// use berth_store::parse_until;
/// let now = 1_700_000_000_000_000_000;
/// assert_eq!(parse_until("10m", now, 0), Ok(now - 600_000_000_000));
/// assert_eq!(parse_until("1970-01-02", now, 0), Ok(86_400_000_000_000));
/// assert_eq!(parse_until("1970-01-02", now, 60), Ok(82_800_000_000_000));
/// assert_eq!(
///     parse_until("2024-13-01", now, 0).unwrap_err().to_string(),
///     "invalid value for 'until' filter: parsing time \"2024-13-01\": month out of range"
/// );
/// ```
pub fn parse_until(
    value: &str,
    now: UnixNanos,
    utc_offset_minutes: i32,
) -> Result<UnixNanos, Error> {
    timestamp_parse(value, now, utc_offset_minutes).map_err(Error::InvalidUntil)
}

fn timestamp_parse(value: &str, now: UnixNanos, offset_minutes: i32) -> Result<UnixNanos, String> {
    if go_trim_space(value).is_empty() {
        return Err("failed to parse value as time or duration: value is empty".into());
    }
    if value != "0" {
        if let Some(d) = parse_duration(value) {
            return Ok(now - i128::from(d));
        }
    }
    let parse_in_location = !value.contains(['z', 'Z', '+']) && value.matches('-').count() != 3;
    let layout = if value.contains('.') {
        if parse_in_location {
            "2006-01-02T15:04:05.999999999"
        } else {
            "2006-01-02T15:04:05.999999999Z07:00"
        }
    } else if value.contains('T') {
        let mut colons = value.matches(':').count();
        if !parse_in_location && !value.contains(['z', 'Z']) && colons > 0 {
            colons -= 1;
        }
        match (parse_in_location, colons) {
            (true, 0) => "2006-01-02T15",
            (true, 1) => "2006-01-02T15:04",
            (true, _) => "2006-01-02T15:04:05",
            (false, 0) => "2006-01-02T15Z07:00",
            (false, 1) => "2006-01-02T15:04Z07:00",
            (false, _) => "2006-01-02T15:04:05Z07:00",
        }
    } else if parse_in_location {
        "2006-01-02"
    } else {
        "2006-01-02Z07:00"
    };
    let local = parse_in_location.then_some(i64::from(offset_minutes) * 60);
    match go_time_parse(layout, value, local) {
        Ok(t) => Ok(t),
        Err(e) if value.contains('-') => Err(e),
        Err(_) => parse_unix_timestamp(value)
            .map_err(|e| format!("failed to parse value as time or duration: {e}")),
    }
}

/// moby `timestamp.parseTimestamp`: `seconds[.fraction]`.
fn parse_unix_timestamp(value: &str) -> Result<UnixNanos, String> {
    let (s, n) = match value.split_once('.') {
        Some((s, n)) => (s, Some(n)),
        None => (value, None),
    };
    let sec = go_parse_int(s).map_err(|e| format!("invalid seconds {}: {e}", go_quote(s)))?;
    let Some(n) = n.filter(|n| !matches!(*n, "" | "0" | "000000000")) else {
        return Ok(i128::from(sec) * 1_000_000_000);
    };
    if n.len() > 20 {
        return Err(format!(
            "invalid nanoseconds: length {} exceeds maximum 20",
            n.len()
        ));
    }
    if let Some((i, c)) = n.bytes().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(format!(
            "invalid nanoseconds: invalid character {} at position {i}",
            go_quote_byte(c)
        ));
    }
    let digits = &n[..n.len().min(9)];
    let nsec: i128 = digits.parse::<i128>().unwrap_or(0) * 10i128.pow(9 - digits.len() as u32);
    Ok(i128::from(sec) * 1_000_000_000 + nsec)
}

/// Go's `%q` of a byte: a quoted character literal.
fn go_quote_byte(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'\\' => "'\\\\'".into(),
        b'\n' => "'\\n'".into(),
        b'\t' => "'\\t'".into(),
        b'\r' => "'\\r'".into(),
        0x20..=0x7e => format!("'{}'", c as char),
        // A byte >= 0x80 is the rune U+0080..U+00FF for %q.
        0xa1..=0xff if c != 0xad => format!("'{}'", char::from(c)),
        _ if c < 0x80 => format!("'\\x{c:02x}'"),
        _ => format!("'\\u{:04x}'", u32::from(c)),
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`; the error is the `NumError`'s cause.
fn go_parse_int(s: &str) -> Result<i64, &'static str> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    s.parse::<i64>().map_err(|_| "value out of range")
}

/// Go's `time.ParseDuration`, in nanoseconds; `None` where Go returns an error.
fn parse_duration(s: &str) -> Option<i64> {
    let (neg, mut s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return None;
        }
        // The integer part.
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for &d in &b[..int_len] {
            v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            if v > 1 << 63 {
                return None;
            }
        }
        let pre = int_len > 0;
        s = &s[int_len..];
        // The fraction.
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(rest) = s.strip_prefix('.') {
            let frac_len = rest.bytes().take_while(|c| c.is_ascii_digit()).count();
            let mut overflow = false;
            for &d in &rest.as_bytes()[..frac_len] {
                if overflow {
                    continue;
                }
                if f > ((1u64 << 63) - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(d - b'0');
                if y > 1 << 63 {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = frac_len > 0;
            s = &rest[frac_len..];
        }
        if !pre && !post {
            return None;
        }
        // The unit: everything up to the next digit or dot.
        let unit_len = s
            .bytes()
            .take_while(|&c| c != b'.' && !c.is_ascii_digit())
            .count();
        if unit_len == 0 {
            return None;
        }
        let unit: u64 = match &s[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        s = &s[unit_len..];
        if v > (1 << 63) / unit {
            return None;
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return None;
            }
        }
        total = total.checked_add(v)?;
        if total > 1 << 63 {
            return None;
        }
    }
    if neg {
        return Some(0i64.wrapping_sub(total as i64));
    }
    if total > (1 << 63) - 1 {
        return None;
    }
    Some(total as i64)
}

/// Go's `time.Parse` / `ParseInLocation` for the layouts `timestamp.Parse` uses. `local` is
/// the zone offset in seconds for layouts without a zone. Errors have Go's texts.
fn go_time_parse(layout: &str, value: &str, local: Option<i64>) -> Result<UnixNanos, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Std {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Frac9,
        Tz,
    }
    const CHUNKS: [(&str, Std); 8] = [
        ("2006", Std::Year),
        ("01", Std::Month),
        ("02", Std::Day),
        ("15", Std::Hour),
        ("04", Std::Minute),
        ("05", Std::Second),
        (".999999999", Std::Frac9),
        ("Z07:00", Std::Tz),
    ];
    // Splits the layout into (literal prefix, std chunk) pairs.
    fn next_chunk(layout: &str) -> (&str, Option<(&'static str, Std)>, &str) {
        for i in 0..layout.len() {
            for (text, std) in CHUNKS {
                if layout[i..].starts_with(text) {
                    return (&layout[..i], Some((text, std)), &layout[i + text.len()..]);
                }
            }
        }
        (layout, None, "")
    }
    let err = |layout_elem: &str, value_elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(layout),
            time_quote(value_elem),
            time_quote(layout_elem)
        )
    };
    let range_err = |what: &str| format!("parsing time {}: {what} out of range", time_quote(value));
    let digit = |s: &str, i: usize| s.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    let getnum = |s: &str, fixed: bool| -> Option<(i64, usize)> {
        if !digit(s, 0) {
            return None;
        }
        let b = s.as_bytes();
        if !digit(s, 1) {
            if fixed {
                return None;
            }
            return Some((i64::from(b[0] - b'0'), 1));
        }
        Some((i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'), 2))
    };
    let nanos = |s: &str, nbytes: usize| -> i64 {
        let nbytes = nbytes.min(10);
        let digits = &s[1..nbytes];
        let ns: i64 = digits.parse().unwrap_or(0);
        ns * 10i64.pow((10 - nbytes) as u32)
    };

    let (mut year, mut month, mut day) = (0i64, 1i64, 1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut zone: Option<i64> = None;
    let mut rest_layout = layout;
    let mut v = value;
    loop {
        let (prefix, chunk, suffix) = next_chunk(rest_layout);
        // Literal text must match exactly.
        let mut p = prefix;
        while let Some(&c) = p.as_bytes().first() {
            if v.as_bytes().first() != Some(&c) {
                return Err(err(prefix, v));
            }
            p = &p[1..];
            v = &v[1..];
        }
        let Some((std_text, std)) = chunk else {
            if !v.is_empty() {
                return Err(format!(
                    "parsing time {}: extra text: {}",
                    time_quote(value),
                    time_quote(v)
                ));
            }
            break;
        };
        rest_layout = suffix;
        let hold = v;
        let mut range = None;
        let ok = match std {
            Std::Year => {
                if v.len() < 4 || !digit(v, 0) || !v.is_char_boundary(4) {
                    // (A character cut at byte 4 is not a digit: Go's atoi fails too.)
                    false
                } else {
                    let (p, r) = v.split_at(4);
                    v = r;
                    match go_atoi(p) {
                        Some(y) => {
                            year = y;
                            true
                        }
                        None => false,
                    }
                }
            }
            Std::Month | Std::Day | Std::Minute | Std::Second | Std::Hour => {
                match getnum(v, std != Std::Hour) {
                    None => false,
                    Some((n, used)) => {
                        v = &v[used..];
                        match std {
                            Std::Month => {
                                month = n;
                                if !(1..=12).contains(&n) {
                                    range = Some("month");
                                }
                            }
                            Std::Day => day = n,
                            Std::Hour => {
                                hour = n;
                                if n >= 24 {
                                    range = Some("hour");
                                }
                            }
                            Std::Minute => {
                                min = n;
                                if n >= 60 {
                                    range = Some("minute");
                                }
                            }
                            _ => {
                                sec = n;
                                if n >= 60 {
                                    range = Some("second");
                                } else if v.len() >= 2
                                    && matches!(v.as_bytes()[0], b'.' | b',')
                                    && digit(v, 1)
                                    && next_chunk(rest_layout).1.map(|c| c.1) != Some(Std::Frac9)
                                {
                                    // A fraction the layout does not name is still taken.
                                    let mut n = 2;
                                    while digit(v, n) {
                                        n += 1;
                                    }
                                    nsec = nanos(v, n);
                                    v = &v[n..];
                                }
                            }
                        }
                        true
                    }
                }
            }
            Std::Frac9 => {
                if v.len() >= 2 && matches!(v.as_bytes()[0], b'.' | b',') && digit(v, 1) {
                    let mut i = 0;
                    while digit(v, i + 1) {
                        i += 1;
                    }
                    nsec = nanos(v, 1 + i);
                    v = &v[1 + i..];
                }
                true
            }
            Std::Tz => {
                let b = v.as_bytes();
                if v.starts_with('Z') {
                    v = &v[1..];
                    zone = Some(0);
                    true
                } else if b.len() < 6 || b[3] != b':' {
                    false
                } else {
                    // Go reads the sign byte and the digits, checks the ranges, and only
                    // then rejects a bad sign.
                    let two =
                        |i: usize| getnum(std::str::from_utf8(&b[i..i + 2]).unwrap_or(""), true);
                    let hh = two(1);
                    let mm = hh.and_then(|_| two(4));
                    let (h, m) = (hh.map_or(0, |x| x.0), mm.map_or(0, |x| x.0));
                    if h > 24 {
                        range = Some("time zone offset hour");
                    }
                    if m > 60 {
                        range = Some("time zone offset minute");
                    }
                    let offset = (h * 60 + m) * 60;
                    let sign = b[0];
                    let ok = hh.is_some() && mm.is_some() && matches!(sign, b'+' | b'-');
                    if ok {
                        zone = Some(if sign == b'-' { -offset } else { offset });
                        v = &v[6..];
                    }
                    ok
                }
            }
        };
        if let Some(what) = range {
            return Err(range_err(what));
        }
        if !ok {
            return Err(err(std_text, hold));
        }
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(range_err("day"));
    }
    let offset = zone.or(local).unwrap_or(0);
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + min * 60 + sec - offset;
    Ok(i128::from(secs) * 1_000_000_000 + i128::from(nsec))
}

/// Go's `time.atoi`: optional sign, then decimal digits.
fn go_atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// The `time` package's own quoting (`time.quote`): non-ASCII and control bytes as `\xHH`.
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || (c as u32) < 0x20 {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

use berth_units::{days_from_civil, days_in_month};

impl fmt::Display for Filters {
    /// The filters as `key=value` words, sorted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (key, values) in &self.fields {
            for value in values {
                if !first {
                    f.write_str(" ")?;
                }
                first = false;
                write!(f, "{key}={value}")?;
            }
        }
        Ok(())
    }
}
