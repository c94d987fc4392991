//! The `-f` / `--filter` values of `docker search`: collected as docker/cli collects them,
//! checked as the daemon checks them.

use crate::{Error, SearchCriteria};
use berth_units::go_quote;

/// The filter names the daemon accepts for a search (moby `acceptedSearchFilterTags`).
pub const SEARCH_FILTER_NAMES: [&str; 3] = ["is-automated", "is-official", "stars"];

/// What docker/cli prints on stderr whenever an `is-automated` filter is given
/// (cli/command/registry/search.go `runSearch`).
pub const IS_AUTOMATED_WARNING: &str = "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.";

/// The filters of one search, by name, each with its distinct values, in the order given.
///
/// Docker keeps `map[string]map[string]bool`; berth keeps first-seen order instead so that
/// an error naming one of several bad filters or values is always the same one (Go's map
/// order is random).
///
/// ```
/// use berth_search::SearchFilters;
/// let filters = SearchFilters::parse("stars=3  is-official=true stars=10").unwrap();
/// assert_eq!(filters.values("stars"), ["3", "10"]);
/// let criteria = filters.criteria().unwrap();
/// assert_eq!(criteria.min_stars, Some(10));
/// assert_eq!(criteria.is_official, Some(true));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    fields: Vec<(String, Vec<String>)>,
}

impl SearchFilters {
    /// Reads filters typed as one line: whitespace-separated `name=value` items, each one
    /// what a `--filter` flag would carry (`stars=3 is-official=true`).
    pub fn parse(text: &str) -> Result<SearchFilters, Error> {
        let mut filters = SearchFilters::default();
        for item in text.split_whitespace() {
            filters.add(item)?;
        }
        Ok(filters)
    }

    /// Adds the value of one `--filter` flag as docker/cli's `opts.FilterOpt.Set` does: an
    /// empty value is ignored, a value without `=` is an error, the name is trimmed and
    /// lowercased, the value trimmed, and a repeated value counts once.
    pub fn add(&mut self, flag_value: &str) -> Result<(), Error> {
        if flag_value.is_empty() {
            return Ok(());
        }
        let Some((name, value)) = flag_value.split_once('=') else {
            return Err(Error::FilterFormat(flag_value.to_owned()));
        };
        let name = name.trim().to_lowercase();
        let value = value.trim().to_owned();
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            None => self.fields.push((name, vec![value])),
        }
        Ok(())
    }

    /// Whether no filter was given.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Whether a filter of that name was given.
    pub fn contains(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| n == name)
    }

    /// The distinct values given for `name`, in order.
    pub fn values(&self, name: &str) -> &[String] {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// The names given, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(n, _)| n.as_str())
    }

    /// The CLI's deprecation warning, when an `is-automated` filter is given (whatever its
    /// value).
    pub fn warning(&self) -> Option<&'static str> {
        self.contains("is-automated")
            .then_some(IS_AUTOMATED_WARNING)
    }

    /// Checks the filters in the daemon's order (moby `Service.Search`) and keeps what they
    /// ask for:
    ///
    /// 1. every name must be `is-automated`, `is-official` or `stars`
    ///    (`invalid filter 'foo'`);
    /// 2. `is-automated` must be `true`/`1` or `false`/`0`, not both
    ///    (`invalid filter 'is-automated=[yes]'`); `true` means no results at all, and
    ///    nothing after this step is checked;
    /// 3. the same for `is-official`;
    /// 4. each `stars` value must be a Go `int`
    ///    (`invalid filter 'stars=abc': strconv.Atoi: parsing "abc": invalid syntax`); the
    ///    largest (and at least 0) is kept.
    pub fn criteria(&self) -> Result<SearchCriteria, Error> {
        if let Some(name) = self
            .names()
            .find(|name| !SEARCH_FILTER_NAMES.contains(name))
        {
            return Err(Error::InvalidFilter {
                name: name.to_owned(),
                values: None,
            });
        }
        if self.bool_or(false, "is-automated")? {
            return Ok(SearchCriteria {
                matches_nothing: true,
                ..SearchCriteria::default()
            });
        }
        let is_official = self.bool_or(false, "is-official")?;
        let mut min_stars = None;
        if self.contains("stars") {
            let mut max = 0;
            for value in self.values("stars") {
                max = max.max(go_atoi(value)?);
            }
            min_stars = Some(max);
        }
        Ok(SearchCriteria {
            matches_nothing: false,
            is_official: self.contains("is-official").then_some(is_official),
            min_stars,
        })
    }

    /// moby `filters.Args.GetBoolOrDefault`.
    fn bool_or(&self, default: bool, name: &str) -> Result<bool, Error> {
        if !self.contains(name) {
            return Ok(default);
        }
        let values = self.values(name);
        let has = |v: &str| values.iter().any(|x| x == v);
        let is_false = has("0") || has("false");
        let is_true = has("1") || has("true");
        if is_false == is_true {
            return Err(Error::InvalidFilter {
                name: name.to_owned(),
                values: Some(values.to_vec()),
            });
        }
        Ok(is_true)
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform, with its error worded as moby wraps it.
fn go_atoi(value: &str) -> Result<i64, Error> {
    let invalid = |reason| Error::InvalidStars {
        value: value.to_owned(),
        quoted: go_quote(value),
        reason,
    };
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("invalid syntax"));
    }
    let magnitude: u128 = digits
        .bytes()
        .try_fold(0u128, |acc, b| {
            acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
        })
        .unwrap_or(u128::MAX);
    let limit = if negative {
        i64::MIN.unsigned_abs() as u128
    } else {
        i64::MAX as u128
    };
    if magnitude > limit {
        return Err(invalid("value out of range"));
    }
    Ok(if negative {
        (magnitude as i128).wrapping_neg() as i64
    } else {
        magnitude as i64
    })
}
