//! The `/images` page's options as URL query parameters, so every view is a deep link:
//! `/images?ref=redis&filter=dangling%3Dfalse&a=1&digests=1&q=1&no-trunc=1&sort=size&desc=1`.

use berth_store::SortColumn;
use leptos_router::params::ParamsMap;

/// `docker images [OPTIONS] [REPOSITORY[:TAG]]` plus the table's sort order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImagesQuery {
    /// `-a`.
    pub all: bool,
    /// `--digests`.
    pub digests: bool,
    /// `-q`.
    pub quiet: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// The `REPOSITORY[:TAG]` argument.
    pub reference: String,
    /// The `--filter` text (`dangling=true reference=x`).
    pub filter: String,
    /// Sort column and direction; Docker's order (newest first) when `None`.
    pub sort: Option<(SortColumn, bool)>,
}

const COLUMNS: [(SortColumn, &str); 6] = [
    (SortColumn::Repository, "repository"),
    (SortColumn::Tag, "tag"),
    (SortColumn::ImageId, "id"),
    (SortColumn::Created, "created"),
    (SortColumn::Size, "size"),
    (SortColumn::ContentSize, "content-size"),
];

/// The URL name of a column.
pub fn column_name(column: SortColumn) -> &'static str {
    COLUMNS
        .iter()
        .find(|(c, _)| *c == column)
        .map(|(_, n)| *n)
        .unwrap_or("created")
}

fn flag(query: &ParamsMap, key: &str) -> bool {
    query.get(key).is_some_and(|v| v == "1" || v == "true")
}

impl ImagesQuery {
    /// From the page's query parameters.
    pub fn from_query(query: &ParamsMap) -> ImagesQuery {
        let sort = query
            .get("sort")
            .and_then(|s| COLUMNS.iter().find(|(_, n)| *n == s).map(|(c, _)| *c))
            .map(|c| (c, flag(query, "desc")));
        ImagesQuery {
            all: flag(query, "a"),
            digests: flag(query, "digests"),
            quiet: flag(query, "q"),
            no_trunc: flag(query, "no-trunc"),
            reference: query.get("ref").unwrap_or_default(),
            filter: query.get("filter").unwrap_or_default(),
            sort,
        }
    }

    /// `?…` for these options (empty when all are defaults).
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        if !self.reference.is_empty() {
            parts.push(format!("ref={}", enc(&self.reference)));
        }
        if !self.filter.is_empty() {
            parts.push(format!("filter={}", enc(&self.filter)));
        }
        for (on, key) in [
            (self.all, "a"),
            (self.digests, "digests"),
            (self.quiet, "q"),
            (self.no_trunc, "no-trunc"),
        ] {
            if on {
                parts.push(format!("{key}=1"));
            }
        }
        if let Some((column, desc)) = self.sort {
            parts.push(format!("sort={}", column_name(column)));
            if desc {
                parts.push("desc=1".into());
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}
