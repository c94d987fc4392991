//! Listing every tag of a repository, page by page, without I/O.

use crate::{Endpoint, Error, TagsList, next_link, resolve};

/// Follows `tags/list` pages until the registry sends no `Link: <…>; rel="next"`.
///
/// The caller `GET`s [`TagPager::next_url`] and hands each successful body and its `Link`
/// header to [`TagPager::observe`] until `next_url` is `None`. A registry that ignores `n`
/// (CNCF distribution 2.8 answers everything at once, without `Link`) simply finishes after
/// one page. A registry whose `Link` leads back to a page already fetched (the same `last`
/// again) stops the listing with [`Error::RepeatedPage`].
///
/// ```
/// use berth_registry::{Endpoint, TagPager};
/// let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
/// let mut pager = TagPager::new(&endpoint, "alpine", Some(2));
/// assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/alpine/tags/list?n=2"));
/// pager.observe(
///     br#"{"name":"alpine","tags":["3.19","3.20"]}"#,
///     Some(r#"</v2/alpine/tags/list?last=3.20&n=2>; rel="next""#),
/// ).unwrap();
/// assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/alpine/tags/list?last=3.20&n=2"));
/// pager.observe(br#"{"name":"alpine","tags":["latest"]}"#, None).unwrap();
/// assert!(pager.is_done());
/// assert_eq!(pager.tags(), ["3.19", "3.20", "latest"]);
/// ```
#[derive(Debug, Clone)]
pub struct TagPager {
    repository: String,
    name: Option<String>,
    tags: Vec<String>,
    next: Option<String>,
    /// What identifies every page asked for: its `last`, or its URL when it has none
    /// (registries such as Quay page with other parameters).
    seen: Vec<String>,
}

impl TagPager {
    /// Starts listing `repository` at `endpoint`, asking for `page_size` tags per page when
    /// given (`?n=`), otherwise letting the registry choose.
    pub fn new(endpoint: &Endpoint, repository: &str, page_size: Option<u32>) -> TagPager {
        let mut url = endpoint.url(&format!("/v2/{repository}/tags/list"));
        if let Some(n) = page_size {
            url.push_str(&format!("?n={n}"));
        }
        TagPager {
            repository: repository.to_owned(),
            name: None,
            tags: Vec::new(),
            seen: vec![page_id(&url).to_owned()],
            next: Some(url),
        }
    }

    /// The page to fetch next; `None` once the listing is complete (or stopped by an error).
    pub fn next_url(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// Feeds the body and `Link` header of the page fetched from [`TagPager::next_url`].
    ///
    /// An error stops the listing: the tags gathered so far stay available.
    pub fn observe(&mut self, body: &[u8], link_header: Option<&str>) -> Result<(), Error> {
        let current = self.next.take().ok_or(Error::PagerFinished)?;
        let page = TagsList::parse(body)?;
        if self.name.is_none() && !page.name.is_empty() {
            self.name = Some(page.name);
        }
        self.tags.extend(page.tags);
        let Some(target) = link_header.and_then(next_link) else {
            return Ok(());
        };
        let url = resolve(&current, &target);
        let id = page_id(&url).to_owned();
        if url == current || self.seen.contains(&id) {
            return Err(Error::RepeatedPage(id));
        }
        self.seen.push(id);
        self.next = Some(url);
        Ok(())
    }

    /// Whether every page has been seen (or an error stopped the listing).
    pub fn is_done(&self) -> bool {
        self.next.is_none()
    }

    /// The repository name as the registry spelled it, else as requested.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.repository)
    }

    /// The tags gathered so far, in the registry's order.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The tags gathered, consuming the pager.
    pub fn into_tags(self) -> Vec<String> {
        self.tags
    }
}

/// The `last=…` query parameter of `url` as written, else the whole URL.
fn page_id(url: &str) -> &str {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .find(|pair| pair.starts_with("last="))
        .unwrap_or(url)
}
