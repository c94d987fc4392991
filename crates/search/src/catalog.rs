//! Listing a registry's repositories with `GET /v2/_catalog`, page by page, without I/O.

use berth_registry::{Endpoint, PageChain, RegistryError};
use serde_json::Value;

use crate::Error;

/// CNCF distribution's default `catalog.maxentries`: the largest `n` it accepts unless
/// configured otherwise.
pub const DEFAULT_CATALOG_MAX_ENTRIES: u32 = 1000;

/// CNCF distribution's page size when `n` is not given (clamped to `maxentries`).
pub const DEFAULT_CATALOG_PAGE: u32 = 100;

/// The error code distribution answers an `n` above `maxentries` with (HTTP 400, message
/// `invalid number of results requested`).
pub const PAGINATION_NUMBER_INVALID: &str = "PAGINATION_NUMBER_INVALID";

/// Follows `_catalog` pages until the registry sends no `Link: <…>; rel="next"`.
///
/// The caller `GET`s [`CatalogPager::next_url`] (after any token dance: a `401` is the
/// caller's to answer, with [`berth_registry::catalog_scope`], before feeding the retried
/// response) and hands each response's status, body and `Link` header to
/// [`CatalogPager::observe`] until [`CatalogPager::is_done`].
///
/// * A `400` with `PAGINATION_NUMBER_INVALID` (CNCF distribution
///   `registry/handlers/catalog.go`: `n` above `catalog.maxentries`) asks again with a
///   smaller `n`: 1000, the default `maxentries`, if `n` was larger, otherwise half of it;
///   once that would be 100 or less, without `n` at all, which distribution always accepts
///   (it then uses `min(100, maxentries)`). A rejection without `n` stops the listing.
/// * `n = 0` is never sent (distribution would answer an empty page without a `Link`):
///   a page size of 0 means "let the registry choose".
/// * Any other status stops the listing with the registry's error, as
///   [`RegistryError`] words it (`unauthorized: authentication required`, …).
/// * A `Link` leading back to a page already fetched (same `last`) stops it with
///   [`Error::RepeatedCatalogPage`].
///
/// After an error, the repositories gathered so far stay available.
///
/// ```
/// use berth_registry::Endpoint;
/// use berth_search::CatalogPager;
/// let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
/// let mut pager = CatalogPager::new(&endpoint, Some(2000));
/// assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/_catalog?n=2000"));
/// pager.observe(400, br#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested","detail":{"n":2000}}]}"#, None).unwrap();
/// assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/_catalog?n=1000"));
/// pager.observe(200, br#"{"repositories":["alpine","library/nginx"]}"#,
///     Some(r#"</v2/_catalog?last=library%2Fnginx&n=1000>; rel="next""#)).unwrap();
/// assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/_catalog?last=library%2Fnginx&n=1000"));
/// pager.observe(200, br#"{"repositories":["team/app"]}"#, None).unwrap();
/// assert!(pager.is_done());
/// assert_eq!(pager.repositories(), ["alpine", "library/nginx", "team/app"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogPager {
    repositories: Vec<String>,
    chain: PageChain,
    pages: usize,
}

impl CatalogPager {
    /// Starts listing the repositories of `endpoint`, asking for `page_size` per page
    /// (`?n=`) when given and not 0, otherwise letting the registry choose.
    pub fn new(endpoint: &Endpoint, page_size: Option<u32>) -> CatalogPager {
        let mut url = endpoint.url("/v2/_catalog");
        if let Some(n) = page_size.filter(|&n| n > 0) {
            url.push_str(&format!("?n={n}"));
        }
        CatalogPager {
            repositories: Vec::new(),
            chain: PageChain::new(url),
            pages: 0,
        }
    }

    /// The page to fetch next; `None` once the listing is complete (or stopped by an error).
    pub fn next_url(&self) -> Option<&str> {
        self.chain.next_url()
    }

    /// Feeds the response to the request for [`CatalogPager::next_url`]: its status, body
    /// and `Link` header.
    pub fn observe(
        &mut self,
        status: u16,
        body: &[u8],
        link_header: Option<&str>,
    ) -> Result<(), Error> {
        let current = self.chain.take().ok_or(Error::CatalogFinished)?;
        if status != 200 {
            let error = RegistryError::from_response(status, body, None);
            if status == 400 && error.has_code(PAGINATION_NUMBER_INVALID) {
                if let Some(retry) = with_smaller_n(&current) {
                    self.chain.retry(retry);
                    return Ok(());
                }
            }
            return Err(error.into());
        }
        let page = parse_page(body)?;
        self.pages += 1;
        self.repositories.extend(page);
        self.chain
            .follow(&current, link_header)
            .map_err(Error::RepeatedCatalogPage)
    }

    /// Whether every page has been seen (or an error stopped the listing).
    pub fn is_done(&self) -> bool {
        self.chain.next_url().is_none()
    }

    /// How many pages have been read.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The repositories gathered so far, in the registry's order.
    pub fn repositories(&self) -> &[String] {
        &self.repositories
    }

    /// The repositories gathered, consuming the pager.
    pub fn into_repositories(self) -> Vec<String> {
        self.repositories
    }
}

/// A `_catalog` body: `{"repositories": [...]}` (`null` or missing meaning none).
fn parse_page(body: &[u8]) -> Result<Vec<String>, Error> {
    let invalid = |why: &str| Error::InvalidCatalog(why.to_owned());
    let json: Value = serde_json::from_slice(body).map_err(|e| {
        Error::InvalidCatalog(format!(
            "not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(map) = json else {
        return Err(invalid("expected a JSON object"));
    };
    match map.get("repositories") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|r| r.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| invalid("\"repositories\" is not an array of strings")),
        Some(_) => Err(invalid("\"repositories\" is not an array of strings")),
    }
}

/// `url` asking for fewer entries, or `None` when it has no `n` left to lower.
fn with_smaller_n(url: &str) -> Option<String> {
    let (base, query) = url.split_once('?')?;
    let pairs: Vec<&str> = query.split('&').collect();
    let n: u32 = pairs
        .iter()
        .find_map(|p| p.strip_prefix("n="))
        .and_then(|n| n.parse().ok())?;
    let smaller = if n > DEFAULT_CATALOG_MAX_ENTRIES {
        Some(DEFAULT_CATALOG_MAX_ENTRIES)
    } else if n / 2 > DEFAULT_CATALOG_PAGE {
        Some(n / 2)
    } else {
        None
    };
    let rest: Vec<String> = pairs
        .iter()
        .filter(|p| !p.starts_with("n=") && !p.is_empty())
        .map(|p| (*p).to_owned())
        .chain(smaller.map(|n| format!("n={n}")))
        .collect();
    Some(if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    })
}
