//! The crate's one error type.

use berth_registry::RegistryError;

/// Everything that can go wrong while preparing a search, reading its answer, formatting it,
/// or listing and searching a registry's catalog.
///
/// Where Docker has a text for the same failure, `Display` is Docker's text, word for word
/// (the source of each is named on its variant).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No search term (cobra's `cli.ExactArgs(1)` for `docker search [OPTIONS] TERM`).
    #[error("\"docker search\" requires exactly 1 argument.")]
    MissingTerm,
    /// A filter without `=` (docker/cli `opts.FilterOpt.Set`, as pflag reports a bad flag
    /// value).
    #[error(
        "invalid argument {0:?} for \"-f, --filter\" flag: bad format of filter (expected name=value)"
    )]
    FilterFormat(String),
    /// A filter the daemon does not know, or a boolean filter whose values are not one of
    /// `true`/`1` or `false`/`0` (moby `daemon/internal/filters` `invalidFilter`): the name
    /// alone, or `name=[v1 v2]` with the values as Go prints a `[]string`.
    #[error("invalid filter '{name}{}'", values.as_ref().map(|v| format!("=[{}]", v.join(" "))).unwrap_or_default())]
    InvalidFilter {
        /// The filter's name, lowercased as the CLI sends it.
        name: String,
        /// The values given, for a bad value; `None` for an unknown name.
        values: Option<Vec<String>>,
    },
    /// A `stars` value that is not a Go `int` (moby `daemon/pkg/registry/search.go`, wrapping
    /// `strconv.Atoi`'s error).
    #[error("invalid filter 'stars={value}': strconv.Atoi: parsing {quoted}: {reason}")]
    InvalidStars {
        /// The value as given.
        value: String,
        /// The value quoted as Go's `%q` does.
        quoted: String,
        /// `invalid syntax` or `value out of range`.
        reason: &'static str,
    },
    /// A search term with a URL scheme (moby `searchUnfiltered`).
    #[error("invalid repository name: repository name ({0}) should not have a scheme")]
    SchemeInTerm(String),
    /// `--limit` above 100 (moby `searchRepositories`).
    #[error("limit {0} is outside the range of [1, 100]")]
    LimitOutOfRange(i64),
    /// The search endpoint answered something else than `200` (moby `searchRepositories`).
    #[error("unexpected status code {0}")]
    UnexpectedStatus(u16),
    /// The search endpoint's body is not the JSON Docker expects (moby `searchRepositories`;
    /// the detail is berth's, Go's JSON errors are worded differently).
    #[error("error decoding registry search results: {0}")]
    InvalidSearchResponse(String),
    /// A `--format` template that does not parse or fails to execute, as docker/cli's
    /// `formatter.Context` wraps Go's `text/template` errors
    /// (`template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type …`).
    #[error("template parsing error: {0}")]
    Template(String),
    /// A `_catalog` answer that is not `{"repositories": [...]}`.
    #[error("invalid catalog response: {0}")]
    InvalidCatalog(String),
    /// The registry's `Link` pointed at a catalog page already fetched: its `last=…`, or its
    /// URL.
    #[error(
        "the registry's next link repeats an earlier catalog page ({0}); stopping to avoid a loop"
    )]
    RepeatedCatalogPage(String),
    /// [`crate::CatalogPager::observe`] was called after the listing finished.
    #[error("the catalog listing has already finished")]
    CatalogFinished,
    /// A malformed wildcard in a catalog search (Go's `path.ErrBadPattern`).
    #[error("syntax error in pattern")]
    BadPattern,
    /// An error response from the registry.
    #[error(transparent)]
    Registry(#[from] RegistryError),
}
