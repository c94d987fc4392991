//! Where to ask a `Bearer` realm for a token, given how the registry itself is reached.

use crate::Endpoint;

/// The URL to request a token from `realm` when the registry is reached at `endpoint`.
///
/// A registry reached through a same-origin proxy path `<root>/<host>` (the dev server's
/// `/proxy/docker.io`) sends realms on other hosts, such as `https://auth.docker.io/token`,
/// which the browser cannot ask directly (no CORS). Those go through the same proxy:
/// `https://<realm host>[:port]/<path>?<query>` becomes `<root>/<realm host>[:port]/<path>?<query>`
/// (the proxy picks the scheme). Everything else is returned unchanged: realms of normal
/// endpoints, realms that already are same-origin paths, and same-origin endpoints whose last
/// segment is not a host name (a plain path prefix such as `/registry`).
///
/// ```
/// use berth_registry::{Endpoint, realm_url};
/// let hub = Endpoint::parse("/proxy/docker.io").unwrap();
/// assert_eq!(realm_url(&hub, "https://auth.docker.io/token"), "/proxy/auth.docker.io/token");
/// let direct = Endpoint::parse("ghcr.io").unwrap();
/// assert_eq!(realm_url(&direct, "https://ghcr.io/token"), "https://ghcr.io/token");
/// ```
pub fn realm_url(endpoint: &Endpoint, realm: &str) -> String {
    if !endpoint.is_same_origin_path() {
        return realm.to_owned();
    }
    let prefix = endpoint.to_string();
    let Some((root, last)) = prefix.rsplit_once('/') else {
        return realm.to_owned();
    };
    if !looks_like_host(last) {
        return realm.to_owned();
    }
    let Some((scheme, rest)) = realm.split_once("://") else {
        return realm.to_owned();
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return realm.to_owned();
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // Never forward user info embedded in a realm.
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if authority.is_empty() {
        return realm.to_owned();
    }
    let tail = tail.split('#').next().unwrap_or(tail);
    let tail = if tail.starts_with('?') {
        format!("/{tail}")
    } else {
        tail.to_owned()
    };
    format!("{root}/{}{tail}", authority.to_ascii_lowercase())
}

/// `docker.io`, `localhost`, `127.0.0.1:5000`, `[::1]:5000`: a proxy segment naming a host.
fn looks_like_host(segment: &str) -> bool {
    segment.contains(['.', ':']) || segment == "localhost"
}
