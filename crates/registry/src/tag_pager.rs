//! Listing every tag of a repository, page by page, without I/O.

use crate::{Endpoint, Error, PageChain, TagsList};

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
    pages: PageChain,
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
            pages: PageChain::new(url),
        }
    }

    /// The page to fetch next; `None` once the listing is complete (or stopped by an error).
    pub fn next_url(&self) -> Option<&str> {
        self.pages.next_url()
    }

    /// Feeds the body and `Link` header of the page fetched from [`TagPager::next_url`].
    ///
    /// An error stops the listing: the tags gathered so far stay available.
    pub fn observe(&mut self, body: &[u8], link_header: Option<&str>) -> Result<(), Error> {
        let current = self.pages.take().ok_or(Error::PagerFinished)?;
        let page = TagsList::parse(body)?;
        if self.name.is_none() && !page.name.is_empty() {
            self.name = Some(page.name);
        }
        self.tags.extend(page.tags);
        self.pages
            .follow(&current, link_header)
            .map_err(Error::RepeatedPage)
    }

    /// Whether every page has been seen (or an error stopped the listing).
    pub fn is_done(&self) -> bool {
        self.pages.next_url().is_none()
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
