//! `docker search` and registry browsing without I/O.
//!
//! The app performs the requests; this crate decides what to ask and turns the answers into
//! what Docker prints, with Docker's error texts:
//!
//! * [`SearchOptions`] → [`SearchRequest`]: the term, `--limit`, `-f`/`--filter`
//!   ([`SearchFilters`], checked into [`SearchCriteria`]), `--no-trunc` and `--format`,
//!   validated in the order the CLI and the daemon do (moby
//!   `daemon/pkg/registry/search.go`, docker/cli `cli/command/registry/search.go`); its
//!   [`query_path`] / URL for `GET /v1/search?q=…&n=…`.
//! * [`SearchResults`]: the registry's answer, filtered after fetching as the daemon does
//!   ([`SearchCriteria::apply`]).
//! * [`SearchFormat`]: the `NAME DESCRIPTION STARS OFFICIAL` table or a `--format` Go
//!   template (docker/cli `formatter` and `templates` packages; a subset of Go's
//!   `text/template` with Go's error texts), aligned like Go's `text/tabwriter`;
//!   [`ellipsis`] is docker/cli's `formatter.Ellipsis`.
//! * [`CatalogPager`] lists `GET /v2/_catalog` page by page (CNCF distribution
//!   `registry/handlers/catalog.go`: `n`, `last`, `Link`, `PAGINATION_NUMBER_INVALID`), and
//!   [`catalog_search`] matches names by substring or `path.Match` wildcard, grouped by
//!   namespace ([`CatalogGroup`]).
//! * [`version_sort`] / [`compare_versions`] order tag lists naturally
//!   (`1.0-rc1` < `1.0` < `1.2` < `1.10`, `latest` last).
//!
//! ```
//! use berth_search::{SearchOptions, SearchRequest};
//! let request = SearchRequest::new(&SearchOptions {
//!     term: "busybox".into(),
//!     limit: Some(5),
//!     filters: "stars=3".into(),
//!     ..Default::default()
//! })
//! .unwrap();
//! assert_eq!(request.path().unwrap(), "/v1/search?q=busybox&n=5");
//! let body = br#"{"num_results":2,"query":"busybox","results":[
//!     {"name":"busybox","description":"Busybox base image.","star_count":325,"is_official":true},
//!     {"name":"odise/busybox-curl","description":"","star_count":1}]}"#;
//! let rows = request.results(200, body).unwrap();
//! assert_eq!(
//!     request.render_lines(&rows).unwrap(),
//!     [
//!         "NAME      DESCRIPTION           STARS     OFFICIAL",
//!         "busybox   Busybox base image.   325       [OK]",
//!     ]
//! );
//!
//! let err = SearchRequest::new(&SearchOptions {
//!     term: "busybox".into(),
//!     limit: Some(101),
//!     ..Default::default()
//! })
//! .unwrap_err();
//! assert_eq!(err.to_string(), "limit 101 is outside the range of [1, 100]");
//! ```

mod catalog;
mod catalog_search;
mod error;
mod json_string;
mod search_criteria;
mod search_filters;
mod search_format;
mod search_request;
mod search_result;
mod tab_writer;
mod template;
mod version_sort;

pub use berth_units::ellipsis;
pub use catalog::{
    CatalogPager, DEFAULT_CATALOG_MAX_ENTRIES, DEFAULT_CATALOG_PAGE, PAGINATION_NUMBER_INVALID,
};
pub use catalog_search::{CatalogGroup, ROOT_NAMESPACE_LABEL, catalog_search, is_wildcard};
pub use error::Error;
pub use search_criteria::SearchCriteria;
pub use search_filters::{IS_AUTOMATED_WARNING, SEARCH_FILTER_NAMES, SearchFilters};
pub use search_format::{
    DEFAULT_SEARCH_FORMAT, DESCRIPTION_WIDTH, SearchFormat, search_description,
};
pub use search_request::{
    DEFAULT_SEARCH_LIMIT, DOCKER_HUB_INDEX, DOCKER_HUB_SEARCH_ROOT, MAX_SEARCH_LIMIT,
    SearchOptions, SearchRequest, query_path, split_search_term,
};
pub use search_result::{SearchResult, SearchResults};
pub use version_sort::{compare_versions, version_sort};
