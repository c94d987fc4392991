//! Docker token authentication (distribution's `docs/spec/auth/token.md`).
//!
//! A registry answers `401` with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`. The
//! client asks the realm for a token with `GET realm?service=…&scope=…` (Basic credentials
//! when it has some) and retries with `Authorization: Bearer <token>`. [`TokenRequest`] says
//! what to send, [`TokenResponse::parse`] reads the answer into a [`Token`].

use std::fmt;

use serde_json::{Map, Value};

use crate::{Challenge, Credentials, Endpoint, Error, Scheme, TokenCacheKey, realm_url};

/// Docker's minimum (and default) token lifetime in seconds.
const MIN_LIFETIME_S: f64 = 60.0;

/// The `GET` request for a token, built from a `Bearer` challenge.
///
/// `Debug` redacts [`TokenRequest::authorization`], which holds the password.
///
/// ```
/// use berth_registry::{Challenge, TokenRequest};
/// let c = Challenge::parse(
///     r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#,
/// ).unwrap();
/// let req = TokenRequest::new(&c, &[], None).unwrap();
/// assert_eq!(
///     req.url,
///     "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fubuntu%3Apull"
/// );
/// assert_eq!(req.authorization, None);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The realm as the challenge named it (also the cache key's realm).
    pub realm: String,
    /// `service` from the challenge, if any.
    pub service: Option<String>,
    /// The challenge's scopes, then the requested ones; deduplicated, in first-seen order.
    pub scopes: Vec<String>,
    /// `account`: the user name, sent along with Basic credentials as Docker does.
    pub account: Option<String>,
    /// The URL to `GET` (the realm, possibly rewritten by [`TokenRequest::through`]).
    pub url: String,
    /// `Authorization: Basic …` for the token service, when credentials were given.
    pub authorization: Option<String>,
}

impl TokenRequest {
    /// Builds the token request for `challenge`, asking for its scopes plus `scopes`.
    ///
    /// Credentials are used only when both user name and password are non-empty (as Docker
    /// does); without them the request is anonymous. Fails when the challenge is not
    /// `Bearer`, has no realm, or its realm is not an `http(s)` URL or a same-origin path.
    pub fn new(
        challenge: &Challenge,
        scopes: &[String],
        credentials: Option<&Credentials>,
    ) -> Result<TokenRequest, Error> {
        if challenge.scheme != Scheme::Bearer {
            return Err(Error::NotBearer(challenge.scheme.to_string()));
        }
        let realm = challenge
            .realm()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .ok_or(Error::MissingRealm)?;
        if !is_realm(realm) {
            return Err(Error::InvalidRealm(realm.to_owned()));
        }
        let service = challenge
            .service()
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let mut all: Vec<String> = Vec::new();
        let requested = scopes.iter().flat_map(|s| s.split_whitespace());
        for scope in challenge.scopes().into_iter().chain(requested) {
            if !all.iter().any(|s| s == scope) {
                all.push(scope.to_owned());
            }
        }
        let (account, authorization) = match credentials {
            Some(c) if !c.username.is_empty() && !c.password.is_empty() => {
                (Some(c.username.clone()), Some(c.basic_authorization()))
            }
            _ => (None, None),
        };
        let mut request = TokenRequest {
            realm: realm.to_owned(),
            service,
            scopes: all,
            account,
            url: String::new(),
            authorization,
        };
        request.url = request.url_at(&request.realm);
        Ok(request)
    }

    /// The same request sent through `endpoint`: when that is a same-origin proxy path the
    /// realm goes through the proxy too (see [`realm_url`]); otherwise unchanged.
    pub fn through(mut self, endpoint: &Endpoint) -> TokenRequest {
        self.url = self.url_at(&realm_url(endpoint, &self.realm));
        self
    }

    /// The key under which the resulting token is cached.
    pub fn cache_key(&self) -> TokenCacheKey {
        TokenCacheKey::new(&self.realm, self.service.as_deref(), &self.scopes)
    }

    /// `base?service=…&scope=…&scope=…&account=…`, appended to a query the realm may have.
    fn url_at(&self, base: &str) -> String {
        let base = base.split('#').next().unwrap_or(base);
        let mut url = base.to_owned();
        let mut params = Vec::new();
        if let Some(service) = &self.service {
            params.push(("service", service.as_str()));
        }
        params.extend(self.scopes.iter().map(|s| ("scope", s.as_str())));
        if let Some(account) = &self.account {
            params.push(("account", account.as_str()));
        }
        for (i, (name, value)) in params.into_iter().enumerate() {
            if i == 0 {
                if !base.contains('?') {
                    url.push('?');
                } else if !base.ends_with(['?', '&']) {
                    url.push('&');
                }
            } else {
                url.push('&');
            }
            url.push_str(name);
            url.push('=');
            url.push_str(&percent_encode(value));
        }
        url
    }
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("realm", &self.realm)
            .field("service", &self.service)
            .field("scopes", &self.scopes)
            .field("account", &self.account)
            .field("url", &self.url)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A bearer token and when it stops being valid.
///
/// `Debug` never shows the token itself.
#[derive(Clone, PartialEq)]
pub struct Token {
    /// The token.
    pub value: String,
    /// Expiry in milliseconds since the Unix epoch (the clock of `Date.now()`).
    pub expires_at_ms: f64,
}

impl Token {
    /// The `Authorization` header value: `Bearer <token>`.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.value)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("value", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish()
    }
}

/// The token service's JSON answer.
///
/// ```
/// use berth_registry::TokenResponse;
/// let t = TokenResponse::parse(br#"{"token":"abc","expires_in":300}"#, 1_000.0).unwrap();
/// assert_eq!(t.authorization(), "Bearer abc");
/// assert_eq!(t.expires_at_ms, 301_000.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenResponse;

impl TokenResponse {
    /// Reads a token response received at `now_ms` (milliseconds since the epoch).
    ///
    /// * `token` or `access_token` (OAuth 2 spelling); `token` wins when both are there.
    ///   Neither (or only empty ones) is [`Error::NoToken`].
    /// * `expires_in` in seconds; absent, not a number or under 60 counts as 60, like Docker.
    /// * `issued_at` (RFC 3339): the lifetime counts from it; absent or unreadable, from `now_ms`.
    ///
    /// Error texts never quote the body, which may hold a token.
    pub fn parse(body: &[u8], now_ms: f64) -> Result<Token, Error> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            Error::InvalidTokenResponse(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let Value::Object(map) = value else {
            return Err(Error::InvalidTokenResponse(
                "expected a JSON object".to_owned(),
            ));
        };
        let token = non_empty(&map, "token")
            .or_else(|| non_empty(&map, "access_token"))
            .ok_or(Error::NoToken)?;
        let lifetime_s = map
            .get("expires_in")
            .and_then(seconds)
            .unwrap_or(MIN_LIFETIME_S)
            .max(MIN_LIFETIME_S);
        let issued_ms = map
            .get("issued_at")
            .and_then(Value::as_str)
            .and_then(berth_units::rfc3339_ms)
            .unwrap_or(now_ms);
        Ok(Token {
            value: token.to_owned(),
            expires_at_ms: issued_ms + lifetime_s * 1000.0,
        })
    }
}

fn non_empty<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A number of seconds: a JSON number or a string holding one.
fn seconds(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    n.is_finite().then_some(n)
}

fn is_realm(realm: &str) -> bool {
    if realm.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if realm.starts_with('/') {
        return !realm.starts_with("//");
    }
    let Some((scheme, rest)) = realm.split_once("://") else {
        return false;
    };
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && !rest.starts_with(['/', '?', '#'])
        && !rest.is_empty()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn percent_encoding_keeps_only_unreserved() {
        assert_eq!(percent_encode("aZ0-._~"), "aZ0-._~");
        assert_eq!(
            percent_encode("repository:a/b:pull,push"),
            "repository%3Aa%2Fb%3Apull%2Cpush"
        );
        assert_eq!(percent_encode("a b&c=d+é"), "a%20b%26c%3Dd%2B%C3%A9");
    }
}
