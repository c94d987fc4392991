//! RFC 8288 `Link` headers, as registries send them to page `tags/list` and `_catalog`:
//! `Link: </v2/library/ubuntu/tags/list?last=22.04&n=100>; rel="next"`.

/// The target of the first link whose relation types include `next`.
///
/// Accepts several comma-separated links (browsers also join repeated headers with `, `),
/// quoted or bare `rel` values, several relation types in one value (`rel="next last"`) and
/// any letter case; links with other relations are ignored.
///
/// ```
/// use berth_registry::next_link;
/// assert_eq!(
///     next_link(r#"</v2/x/tags/list?last=a&n=2>; rel="next""#).as_deref(),
///     Some("/v2/x/tags/list?last=a&n=2")
/// );
/// assert_eq!(next_link(r#"</v2/x/tags/list>; rel="prev""#), None);
/// ```
pub fn next_link(header: &str) -> Option<String> {
    split_outside(header, ',', true)
        .into_iter()
        .find_map(|link| next_target(link.trim()))
}

/// The target of one link-value if its `rel` includes `next`.
fn next_target(link: &str) -> Option<String> {
    let rest = link.strip_prefix('<')?;
    let end = rest.find('>')?;
    let (target, params) = (rest[..end].trim(), &rest[end + 1..]);
    let is_next = split_outside(params, ';', false)
        .into_iter()
        .filter_map(|p| p.split_once('='))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("rel"))
        .any(|(_, value)| {
            unquote(value.trim())
                .split_ascii_whitespace()
                .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
    is_next.then(|| target.to_owned())
}

/// Splits on `sep` outside quoted strings (and outside `<…>` when `angles`).
fn split_outside(s: &str, sep: char, angles: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut in_quote, mut in_angle, mut escaped) = (0, false, false, false);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if in_quote => escaped = true,
            '"' if !in_angle => in_quote = !in_quote,
            '<' if angles && !in_quote => in_angle = true,
            '>' if angles && !in_quote => in_angle = false,
            c if c == sep && !in_quote && !in_angle => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"') else {
        return value.to_owned();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Resolves a link target against `base_url`, the registry base ([`crate::Endpoint`]'s
/// `Display`) or the URL of the request that returned the link.
///
/// A target whose path starts with `/v2/` is an API path: it goes under the registry's API
/// root (`base_url` up to its `/v2/`), so a same-origin proxy prefix such as
/// `/proxy/docker.io` or a path prefix of the registry is kept. Absolute targets are kept as
/// they are, except that for a same-origin base an absolute API URL is brought back under
/// the base (the upstream names itself; the page must keep going through the proxy).
/// Other forms resolve as RFC 3986 says (`//host/…`, `/path`, `?query`, `relative`).
///
/// ```
/// use berth_registry::resolve;
/// assert_eq!(
///     resolve("https://r.example", "/v2/x/tags/list?last=a&n=100"),
///     "https://r.example/v2/x/tags/list?last=a&n=100"
/// );
/// assert_eq!(
///     resolve("/proxy/docker.io", "/v2/library/ubuntu/tags/list?last=a"),
///     "/proxy/docker.io/v2/library/ubuntu/tags/list?last=a"
/// );
/// ```
pub fn resolve(base_url: &str, link: &str) -> String {
    let link = link.trim();
    let base = base_url.split('#').next().unwrap_or(base_url);
    let base_scheme = scheme_of(base);
    if scheme_of(link).is_some() {
        let same_origin_base = base.starts_with('/') && !base.starts_with("//");
        let path = path_and_query(link);
        if same_origin_base && is_api_path(path) {
            return format!("{}{path}", api_root(base));
        }
        return link.to_owned();
    }
    if link.starts_with("//") {
        return match base_scheme {
            Some(scheme) => format!("{scheme}:{link}"),
            None => link.to_owned(),
        };
    }
    if link.starts_with('/') {
        if is_api_path(link) {
            return format!("{}{link}", api_root(base));
        }
        return format!("{}{link}", origin(base));
    }
    let without_query = base.split('?').next().unwrap_or(base);
    if link.starts_with('?') {
        return format!("{without_query}{link}");
    }
    if link.is_empty() {
        return base.to_owned();
    }
    // A relative path: replace the base's last segment.
    let path_start = origin(without_query).len();
    let dir = match without_query[path_start..].rfind('/') {
        Some(i) => &without_query[..path_start + i + 1],
        None => &without_query[..path_start],
    };
    let sep = if dir.ends_with('/') { "" } else { "/" };
    format!("{dir}{sep}{}", link.strip_prefix("./").unwrap_or(link))
}

/// `http` / `https` (or another RFC 3986 scheme) when `url` is absolute.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(scheme)
}

/// `scheme://authority` of an absolute URL, `""` otherwise.
fn origin(url: &str) -> &str {
    match url.find("://") {
        Some(i) if scheme_of(url).is_some() => {
            let after = i + 3;
            let end = url[after..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |j| after + j);
            &url[..end]
        }
        _ => "",
    }
}

/// The path and query of an absolute URL (`/` when it has no path).
fn path_and_query(url: &str) -> &str {
    &url[origin(url).len()..]
}

fn is_api_path(path: &str) -> bool {
    path == "/v2" || path.starts_with("/v2/") || path.starts_with("/v2?")
}

/// `base` up to (not including) the `/v2` of its path, or all of it without query.
fn api_root(base: &str) -> &str {
    let base = base.split('?').next().unwrap_or(base);
    let path_start = origin(base).len();
    let path = &base[path_start..];
    let root = match path.find("/v2/") {
        Some(i) => &path[..i],
        None => path.strip_suffix("/v2").unwrap_or(path),
    };
    let root = root.trim_end_matches('/');
    &base[..path_start + root.len()]
}
