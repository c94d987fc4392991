//! What a search's filters ask of each result, once checked.

use crate::SearchResult;

/// The checked filters of a search ([`crate::SearchFilters::criteria`]).
///
/// The daemon fetches `limit` results first and filters them afterwards
/// ([`SearchCriteria::apply`]), so `--limit 5 --filter stars=100` may print fewer than five.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchCriteria {
    /// `is-automated=true`: the daemon answers an empty list without searching.
    pub matches_nothing: bool,
    /// `is-official=true|false`: keep only results whose `is_official` is this.
    pub is_official: Option<bool>,
    /// `stars=N`: keep only results with at least this many stars (the largest of the
    /// values given, and never below 0).
    pub min_stars: Option<i64>,
}

impl SearchCriteria {
    /// Whether `result` passes.
    pub fn accepts(&self, result: &SearchResult) -> bool {
        !self.matches_nothing
            && self.is_official.is_none_or(|o| o == result.is_official)
            && self.min_stars.is_none_or(|min| result.star_count >= min)
    }

    /// The results that pass, in the registry's order, with `is_automated` forced to
    /// `false` as the daemon does (Docker Hub's value is untrustworthy).
    pub fn apply(&self, results: Vec<SearchResult>) -> Vec<SearchResult> {
        results
            .into_iter()
            .filter(|r| self.accepts(r))
            .map(|r| SearchResult {
                is_automated: false,
                ..r
            })
            .collect()
    }
}
