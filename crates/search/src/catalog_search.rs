//! Searching a registry's catalog: matching repository names and grouping them by
//! namespace.

use berth_oci::path_match;

use crate::Error;

/// The label berth shows for repositories at the top level of a registry (no namespace).
pub const ROOT_NAMESPACE_LABEL: &str = "(root)";

/// The repositories of one namespace that matched a catalog search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogGroup {
    /// The first path component of the names (`library`, `team`), or `""` for names of a
    /// single component.
    ///
    /// A private registry stores `alpine` as `alpine`, not `library/alpine` (that
    /// normalisation is Docker Hub's, and `library/alpine` may exist next to it), so such
    /// names get a group of their own, shown as [`ROOT_NAMESPACE_LABEL`].
    pub namespace: String,
    /// The full repository names, in catalog order.
    pub repositories: Vec<String>,
}

impl CatalogGroup {
    /// The namespace as berth shows it: the namespace, or `(root)`.
    pub fn label(&self) -> &str {
        if self.namespace.is_empty() {
            ROOT_NAMESPACE_LABEL
        } else {
            &self.namespace
        }
    }
}

/// Whether `term` is a wildcard pattern (it has `*`, `?` or `[`).
pub fn is_wildcard(term: &str) -> bool {
    term.contains(['*', '?', '['])
}

/// The repositories of `repositories` that match `term`, grouped by namespace.
///
/// * An empty (or blank) term matches everything.
/// * A term with `*`, `?` or `[` is a Go `path.Match` pattern ([`berth_oci::path_match`]:
///   `*` and `?` do not cross `/`). It must match the whole name, or, when it has no `/`,
///   the name's last component (`ngin?` finds `library/nginx`). A malformed pattern is
///   [`Error::BadPattern`] (`syntax error in pattern`), even with nothing to match.
/// * Any other term matches names containing it, ignoring ASCII case.
///
/// Groups come root first, then by namespace in byte order; names keep the catalog's order
/// within a group.
///
/// ```
/// use berth_search::catalog_search;
/// let repos = ["alpine", "library/nginx", "team/nginx-proxy", "team/app"].map(String::from);
/// let groups = catalog_search(&repos, "nginx").unwrap();
/// assert_eq!(groups.len(), 2);
/// assert_eq!(groups[0].label(), "library");
/// assert_eq!(groups[1].repositories, ["team/nginx-proxy"]);
/// let groups = catalog_search(&repos, "a*").unwrap();
/// assert_eq!(groups[0].label(), "(root)");
/// assert_eq!(groups[1].repositories, ["team/app"]);
/// ```
pub fn catalog_search(repositories: &[String], term: &str) -> Result<Vec<CatalogGroup>, Error> {
    let term = term.trim();
    let matcher = Matcher::new(term)?;
    let mut groups: Vec<CatalogGroup> = Vec::new();
    for name in repositories {
        if !matcher.matches(name)? {
            continue;
        }
        let namespace = match name.split_once('/') {
            Some((first, _)) => first,
            None => "",
        };
        match groups.iter_mut().find(|g| g.namespace == namespace) {
            Some(group) => group.repositories.push(name.clone()),
            None => groups.push(CatalogGroup {
                namespace: namespace.to_owned(),
                repositories: vec![name.clone()],
            }),
        }
    }
    groups.sort_by(|a, b| a.namespace.cmp(&b.namespace));
    Ok(groups)
}

enum Matcher {
    All,
    Substring(String),
    Pattern(String),
}

impl Matcher {
    fn new(term: &str) -> Result<Matcher, Error> {
        if term.is_empty() {
            return Ok(Matcher::All);
        }
        if is_wildcard(term) {
            // Go reports a bad pattern only when matching reaches it; check it up front
            // so that the answer does not depend on the catalog.
            path_match(term, "").map_err(|_| Error::BadPattern)?;
            return Ok(Matcher::Pattern(term.to_owned()));
        }
        Ok(Matcher::Substring(term.to_ascii_lowercase()))
    }

    fn matches(&self, name: &str) -> Result<bool, Error> {
        match self {
            Matcher::All => Ok(true),
            Matcher::Substring(term) => Ok(name.to_ascii_lowercase().contains(term.as_str())),
            Matcher::Pattern(pattern) => {
                let whole = path_match(pattern, name).map_err(|_| Error::BadPattern)?;
                if whole || pattern.contains('/') {
                    return Ok(whole);
                }
                let last = name.rsplit('/').next().unwrap_or(name);
                path_match(pattern, last).map_err(|_| Error::BadPattern)
            }
        }
    }
}
