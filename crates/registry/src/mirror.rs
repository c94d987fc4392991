//! Docker Hub pull mirrors (the daemon's `registry-mirrors` setting).
//!
//! Docker consults mirrors only for images on Docker Hub (`docker.io/…`), and only to pull:
//! it tries each mirror in the configured order and falls back to Hub itself when they fail.
//! Pushes, and pulls from any other registry, go straight to that registry.

use crate::{Endpoint, Error};

/// Where to try pulling an image whose reference names `reference_domain`, in order.
///
/// * `docker.io` (or `index.docker.io`): every mirror in order, then `hub` (the address Hub
///   is reached at, e.g. `/proxy/docker.io`); duplicates are dropped.
/// * Any other domain: the address `configured` gives for it (a proxy path the user set up,
///   say), else the domain itself read as an address ([`Endpoint::parse`]: `localhost:5000`
///   becomes `http://localhost:5000`, `ghcr.io` becomes `https://ghcr.io`).
///
/// ```
/// use berth_registry::{Endpoint, pull_endpoints};
/// let hub = Endpoint::parse("/proxy/docker.io").unwrap();
/// let mirror = Endpoint::parse("127.0.0.1:5001").unwrap();
/// let none = |_: &str| None;
/// let got = pull_endpoints("docker.io", &[mirror.clone()], &hub, &none).unwrap();
/// assert_eq!(got, [mirror, hub.clone()]);
/// let got = pull_endpoints("ghcr.io", &[], &hub, &none).unwrap();
/// assert_eq!(got[0].to_string(), "https://ghcr.io");
/// ```
pub fn pull_endpoints(
    reference_domain: &str,
    mirrors: &[Endpoint],
    hub: &Endpoint,
    configured: &dyn Fn(&str) -> Option<Endpoint>,
) -> Result<Vec<Endpoint>, Error> {
    let domain = reference_domain.trim();
    if is_docker_hub(domain) {
        let mut out: Vec<Endpoint> = Vec::new();
        for endpoint in mirrors.iter().chain(std::iter::once(hub)) {
            if !out.contains(endpoint) {
                out.push(endpoint.clone());
            }
        }
        return Ok(out);
    }
    match configured(domain) {
        Some(endpoint) => Ok(vec![endpoint]),
        None => Ok(vec![Endpoint::parse(domain)?]),
    }
}

/// Whether a reference domain is Docker Hub.
pub fn is_docker_hub(domain: &str) -> bool {
    domain.eq_ignore_ascii_case("docker.io") || domain.eq_ignore_ascii_case("index.docker.io")
}
