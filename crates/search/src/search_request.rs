//! `docker search [OPTIONS] TERM`: what to ask which registry, checked in Docker's order.

use berth_registry::Endpoint;

use crate::{Error, SearchCriteria, SearchFilters, SearchFormat, SearchResult, SearchResults};

/// The number of results asked for when `--limit` is not given (moby `defaultSearchLimit`).
pub const DEFAULT_SEARCH_LIMIT: i64 = 25;

/// The largest `--limit` the daemon accepts.
pub const MAX_SEARCH_LIMIT: i64 = 100;

/// The index name of Docker Hub (moby `IndexName`).
pub const DOCKER_HUB_INDEX: &str = "docker.io";

/// Where Docker Hub's v1 search lives (moby `IndexServer` without `/v1/`).
pub const DOCKER_HUB_SEARCH_ROOT: &str = "https://index.docker.io";

/// The options of `docker search`, as a form would collect them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchOptions {
    /// `TERM`: `nginx`, `bitnami/nginx`, or `registry.example.com/nginx` to search another
    /// registry.
    pub term: String,
    /// `--limit`: `None` (or, as with the CLI, 0 or less) for the daemon's 25.
    pub limit: Option<i64>,
    /// `-f` / `--filter`, as one line of whitespace-separated `name=value` items
    /// (`stars=3 is-official=true`).
    pub filters: String,
    /// `--no-trunc`: keep descriptions whole.
    pub no_trunc: bool,
    /// `--format`: a Go template, `table …`, `json`; `None` or empty for the default table.
    pub format: Option<String>,
}

/// A checked search: where to send it and how to treat the answer.
///
/// ```
/// use berth_search::{SearchOptions, SearchRequest};
/// let request = SearchRequest::new(&SearchOptions {
///     term: "library/nginx".into(),
///     filters: "is-official=true".into(),
///     ..Default::default()
/// })
/// .unwrap();
/// assert_eq!(request.index_name(), "docker.io");
/// assert_eq!(request.path().as_deref(), Some("/v1/search?q=nginx&n=25"));
/// assert_eq!(
///     request.url().as_deref(),
///     Some("https://index.docker.io/v1/search?q=nginx&n=25")
/// );
/// let body = br#"{"results":[{"name":"nginx","description":"Official build of Nginx.","star_count":20000,"is_official":true},
///                             {"name":"bitnami/nginx","star_count":200}]}"#;
/// let rows = request.results(200, body).unwrap();
/// assert_eq!(
///     request.render(&rows).unwrap(),
///     "NAME      DESCRIPTION                STARS     OFFICIAL\n\
///      nginx     Official build of Nginx.   20000     [OK]\n"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    term: String,
    index_name: String,
    remote_name: String,
    limit: i64,
    filters: SearchFilters,
    criteria: SearchCriteria,
    no_trunc: bool,
    format: Option<String>,
}

impl SearchRequest {
    /// Checks `options` in the order Docker does, so that the first problem reported is the
    /// one `docker search` reports:
    ///
    /// 1. the CLI parses the filters (`bad format of filter (expected name=value)`) and
    ///    requires a term;
    /// 2. the daemon checks the filters ([`SearchFilters::criteria`]); with
    ///    `is-automated=true` it answers an empty list at once, unchecked term and limit
    ///    included;
    /// 3. a term with `://` is refused;
    /// 4. a limit above 100 is refused (`limit 101 is outside the range of [1, 100]`).
    ///
    /// `--format` is only parsed when rendering ([`SearchRequest::render`]), as docker/cli
    /// does once the results are in; [`SearchFormat::parse`] can check it earlier.
    pub fn new(options: &SearchOptions) -> Result<SearchRequest, Error> {
        let filters = SearchFilters::parse(&options.filters)?;
        let term = options.term.trim();
        if term.is_empty() {
            return Err(Error::MissingTerm);
        }
        let criteria = filters.criteria()?;
        // docker/cli sends `limit` only when it is above 0 (moby client `ImageSearch`).
        let limit = match options.limit {
            Some(n) if n > 0 => n,
            _ => DEFAULT_SEARCH_LIMIT,
        };
        let (index_name, remote_name) = split_search_term(term);
        let request = SearchRequest {
            term: term.to_owned(),
            index_name,
            remote_name,
            limit,
            filters,
            criteria,
            no_trunc: options.no_trunc,
            format: options.format.clone(),
        };
        if criteria.matches_nothing {
            return Ok(request);
        }
        if term.contains("://") {
            return Err(Error::SchemeInTerm(term.to_owned()));
        }
        if !(1..=MAX_SEARCH_LIMIT).contains(&limit) {
            return Err(Error::LimitOutOfRange(limit));
        }
        Ok(request)
    }

    /// The term as typed (trimmed).
    pub fn term(&self) -> &str {
        &self.term
    }

    /// The registry searched: `docker.io`, or the host (and port) the term starts with.
    pub fn index_name(&self) -> &str {
        &self.index_name
    }

    /// Whether Docker Hub is searched.
    pub fn is_docker_hub(&self) -> bool {
        self.index_name == DOCKER_HUB_INDEX
    }

    /// What is searched for at that registry (`q=`): the term without the registry host,
    /// and without `library/` on Docker Hub.
    pub fn remote_name(&self) -> &str {
        &self.remote_name
    }

    /// The number of results asked for (`n=`).
    pub fn limit(&self) -> i64 {
        self.limit
    }

    /// The filters as given.
    pub fn filters(&self) -> &SearchFilters {
        &self.filters
    }

    /// The checked filters, applied to the results after fetching.
    pub fn criteria(&self) -> &SearchCriteria {
        &self.criteria
    }

    /// What docker/cli prints on stderr before searching (the `is-automated` deprecation).
    pub fn warnings(&self) -> Vec<&'static str> {
        self.filters.warning().into_iter().collect()
    }

    /// Whether a request must be sent at all: `false` when the filters already guarantee an
    /// empty answer (`is-automated=true`).
    pub fn needs_fetch(&self) -> bool {
        !self.criteria.matches_nothing
    }

    /// `/v1/search?q=<remote name>&n=<limit>` ([`query_path`]), or `None` when
    /// [`SearchRequest::needs_fetch`] is `false`.
    pub fn path(&self) -> Option<String> {
        self.needs_fetch()
            .then(|| query_path(&self.remote_name, self.limit))
    }

    /// The full URL of the search: Docker Hub's at `https://index.docker.io`, otherwise the
    /// registry's own, over `https://` except for loopback hosts (as
    /// [`berth_registry::Endpoint`] decides; the daemon would try HTTPS first and fall back to
    /// HTTP for insecure registries). `None` when nothing needs fetching.
    pub fn url(&self) -> Option<String> {
        let path = self.path()?;
        if self.is_docker_hub() {
            return Some(format!("{DOCKER_HUB_SEARCH_ROOT}{path}"));
        }
        Some(match Endpoint::parse(&self.index_name) {
            Ok(endpoint) => endpoint.url(&path),
            Err(_) => format!("https://{}{path}", self.index_name),
        })
    }

    /// Reads the registry's answer (its status and body) and applies the filters, as the
    /// daemon does: `unexpected status code 500` for anything but `200`, then
    /// [`SearchResults::parse`] and [`SearchCriteria::apply`]. When nothing needed fetching
    /// the answer is ignored and the list is empty.
    pub fn results(&self, status: u16, body: &[u8]) -> Result<Vec<SearchResult>, Error> {
        if !self.needs_fetch() {
            return Ok(Vec::new());
        }
        if status != 200 {
            return Err(Error::UnexpectedStatus(status));
        }
        Ok(SearchResults::parse(body)?.filtered(&self.criteria))
    }

    /// What `docker search` prints on stdout for `results`, with this request's `--format`
    /// and `--no-trunc` ([`SearchFormat::render`]).
    pub fn render(&self, results: &[SearchResult]) -> Result<String, Error> {
        SearchFormat::parse(self.format.as_deref().unwrap_or(""))?.render(results, !self.no_trunc)
    }

    /// [`SearchRequest::render`] as lines, without line terminators.
    pub fn render_lines(&self, results: &[SearchResult]) -> Result<Vec<String>, Error> {
        SearchFormat::parse(self.format.as_deref().unwrap_or(""))?
            .render_lines(results, !self.no_trunc)
    }
}

/// The path and query of a v1 search: `/v1/search?q=<term>&n=<limit>`, the term escaped as
/// Go's `url.QueryEscape` does (space as `+`, everything but `A-Z a-z 0-9 - _ . ~` as
/// `%XX`).
///
/// ```
/// assert_eq!(berth_search::query_path("my image/ü", 10), "/v1/search?q=my+image%2F%C3%BC&n=10");
/// ```
pub fn query_path(term: &str, limit: i64) -> String {
    format!("/v1/search?q={}&n={limit}", query_escape(term))
}

/// Splits a term into the registry to search and the term to send (moby
/// `splitReposSearchTerm`, `normalizeIndexName`, and the `library/` trim for Docker Hub).
///
/// The first path component names a registry when it has a `.` or a `:` or is
/// `localhost`; otherwise Docker Hub is searched.
///
/// ```
/// use berth_search::split_search_term;
/// assert_eq!(split_search_term("library/ubuntu"), ("docker.io".into(), "ubuntu".into()));
/// assert_eq!(split_search_term("localhost:5000/app"), ("localhost:5000".into(), "app".into()));
/// assert_eq!(split_search_term("index.docker.io/library/nginx"), ("docker.io".into(), "nginx".into()));
/// ```
pub fn split_search_term(term: &str) -> (String, String) {
    let (index, remote) = match term.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (first, rest)
        }
        _ => (DOCKER_HUB_INDEX, term),
    };
    let index = if index == "index.docker.io" {
        DOCKER_HUB_INDEX
    } else {
        index
    };
    let remote = if index == DOCKER_HUB_INDEX {
        remote.strip_prefix("library/").unwrap_or(remote)
    } else {
        remote
    };
    (index.to_owned(), remote.to_owned())
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
