//! Where a registry is reached: `scheme://host[:port][/prefix]`, or a same-origin proxy path.

use std::fmt;

use crate::Error;

/// A registry's base address as the browser must reach it.
///
/// Docker users type `127.0.0.1:5000`, `registry.example.com` or a full URL; berth accepts
/// all of them. Without a scheme, loopback hosts get `http://` (like Docker's default
/// insecure `127.0.0.0/8`) and everything else `https://`. A path starting with `/` is a
/// prefix on the page's own origin (a dev-server proxy such as `/proxy/docker.io`).
///
/// ```
/// use berth_registry::Endpoint;
/// let e = Endpoint::parse("127.0.0.1:5000/").unwrap();
/// assert_eq!(e.to_string(), "http://127.0.0.1:5000");
/// assert_eq!(e.v2_url(), "http://127.0.0.1:5000/v2/");
/// let hub = Endpoint::parse("/proxy/docker.io").unwrap();
/// assert_eq!(hub.v2_url(), "/proxy/docker.io/v2/");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    /// `http` or `https`; empty for a same-origin path.
    scheme: String,
    /// `host[:port]`, IPv6 in brackets; empty for a same-origin path.
    authority: String,
    /// A path prefix without trailing slash (`""` or `/proxy/docker.io`).
    prefix: String,
}

impl Endpoint {
    /// Parses and normalises what a user typed.
    pub fn parse(input: &str) -> Result<Endpoint, Error> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Error::EmptyEndpoint);
        }
        let invalid = |why| Error::InvalidEndpoint(without_userinfo(input), why);
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("spaces are not allowed"));
        }
        if input.contains(['?', '#']) {
            return Err(invalid("a query or fragment is not allowed"));
        }
        if input.starts_with('/') {
            if input.starts_with("//") {
                return Err(invalid("a same-origin path must start with a single /"));
            }
            return Ok(Endpoint {
                scheme: String::new(),
                authority: String::new(),
                prefix: trim_prefix(input),
            });
        }
        let (scheme, rest) = match input.split_once("://") {
            Some((s, rest)) => {
                let s = s.to_ascii_lowercase();
                if s != "http" && s != "https" {
                    return Err(invalid("the scheme must be http or https"));
                }
                (Some(s), rest)
            }
            None => (None, input),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(invalid("the host is missing"));
        }
        if authority.contains('@') {
            return Err(invalid(
                "credentials belong in the user and password fields, not the address",
            ));
        }
        let authority = authority.to_ascii_lowercase();
        let host = host_of(&authority).ok_or_else(|| invalid("the port must be a number"))?;
        if host.is_empty() {
            return Err(invalid("the host is missing"));
        }
        let loopback = is_loopback_host(host);
        // Docker Hub's registry API lives on registry-1.docker.io.
        let authority = match authority.as_str() {
            "docker.io" | "index.docker.io" => "registry-1.docker.io".to_owned(),
            _ => authority,
        };
        let scheme = scheme.unwrap_or_else(|| if loopback { "http" } else { "https" }.to_owned());
        Ok(Endpoint {
            scheme,
            prefix: trim_prefix(path),
            authority,
        })
    }

    /// `true` for an address on the page's own origin (a proxy path).
    pub fn is_same_origin_path(&self) -> bool {
        self.authority.is_empty()
    }

    /// `http`, `https`, or `None` for a same-origin path.
    pub fn scheme(&self) -> Option<&str> {
        (!self.scheme.is_empty()).then_some(self.scheme.as_str())
    }

    /// The host without port or brackets, `None` for a same-origin path.
    pub fn host(&self) -> Option<&str> {
        (!self.authority.is_empty()).then(|| host_of(&self.authority).unwrap_or(""))
    }

    /// Whether the host is loopback (`localhost`, `127.0.0.0/8`, `::1`): browsers treat such
    /// `http://` origins as potentially trustworthy, so they are not mixed content.
    pub fn is_loopback(&self) -> bool {
        self.host().is_some_and(is_loopback_host)
    }

    /// The URL of `path` under this registry; `path` starts with `/v2/`.
    pub fn url(&self, path: &str) -> String {
        format!("{self}{path}")
    }

    /// `GET /v2/`, the API version check.
    pub fn v2_url(&self) -> String {
        self.url("/v2/")
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.authority.is_empty() {
            write!(f, "{}://{}", self.scheme, self.authority)?;
        }
        f.write_str(&self.prefix)
    }
}

/// `input` with any `user:password@` before the host replaced by `***@`, so an error text
/// never repeats a password typed into the address.
fn without_userinfo(input: &str) -> String {
    let start = input.find("://").map_or(0, |i| i + 3);
    let end = input[start..].find('/').map_or(input.len(), |i| start + i);
    match input[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &input[..start], &input[start + at..]),
        None => input.to_owned(),
    }
}

fn trim_prefix(path: &str) -> String {
    let p = path.trim_end_matches('/');
    p.strip_suffix("/v2").unwrap_or(p).to_owned()
}

/// The host part of `host[:port]` / `[v6][:port]`, `None` when the port is not numeric.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        (&rest[..end], rest[end + 1..].strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    match port {
        Some(p) if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) => None,
        _ => Some(host),
    }
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|r| {
            r.split('.').count() == 3 && r.split('.').all(|o| o.parse::<u8>().is_ok())
        })
}
