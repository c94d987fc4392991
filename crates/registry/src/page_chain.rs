//! The pages of a listing paginated with `Link: <…>; rel="next"` (tags, catalog), without I/O.

use crate::{next_link, resolve};

/// Which page of a `Link`-paginated listing to fetch next, and which were asked for, so that
/// a `Link` leading back to a page already fetched stops the listing instead of looping.
///
/// ```
/// use berth_registry::PageChain;
/// let mut pages = PageChain::new("http://r/v2/_catalog?n=2".into());
/// let first = pages.take().unwrap();
/// pages.follow(&first, Some(r#"</v2/_catalog?last=b&n=2>; rel="next""#)).unwrap();
/// assert_eq!(pages.next_url(), Some("http://r/v2/_catalog?last=b&n=2"));
/// let second = pages.take().unwrap();
/// assert_eq!(pages.follow(&second, Some(r#"</v2/_catalog?last=b&n=2>; rel="next""#)), Err("last=b".into()));
/// assert_eq!(pages.next_url(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChain {
    next: Option<String>,
    /// What identifies every page asked for: its `last=…`, or its URL when it has none
    /// (registries such as Quay page with other parameters).
    seen: Vec<String>,
}

impl PageChain {
    /// A listing that starts at `first`.
    pub fn new(first: String) -> PageChain {
        PageChain {
            seen: vec![page_id(&first).to_owned()],
            next: Some(first),
        }
    }

    /// The page to fetch next; `None` once the listing is complete (or stopped).
    pub fn next_url(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// The page to fetch next, which is then being read: until [`PageChain::follow`] or
    /// [`PageChain::retry`], there is no next page.
    pub fn take(&mut self) -> Option<String> {
        self.next.take()
    }

    /// Asks for `url` next instead (the same page, asked differently).
    pub fn retry(&mut self, url: String) {
        self.next = Some(url);
    }

    /// After `current` was read: its `Link` header's next page, if any, comes next. A link
    /// back to a page already asked for is `Err` with that page's `last=…` (or URL), and
    /// the listing stops.
    pub fn follow(&mut self, current: &str, link_header: Option<&str>) -> Result<(), String> {
        let Some(target) = link_header.and_then(next_link) else {
            return Ok(());
        };
        let url = resolve(current, &target);
        let id = page_id(&url).to_owned();
        if url == current || self.seen.contains(&id) {
            return Err(id);
        }
        self.seen.push(id);
        self.next = Some(url);
        Ok(())
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
