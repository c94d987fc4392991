//! What to do when a registry answers `401 Unauthorized`.

use std::fmt;

use crate::{Challenge, Credentials, Endpoint, Error, Scheme, TokenCache, TokenRequest};

/// The next step after a `401`.
///
/// `Debug` redacts the `Authorization` value of [`AuthStep::Retry`].
#[derive(Clone, PartialEq)]
pub enum AuthStep {
    /// Send the request again with this `Authorization` header (Basic credentials, or a
    /// cached Bearer token).
    Retry {
        /// The header value.
        authorization: String,
    },
    /// Get a token with this request, parse it with [`crate::TokenResponse::parse`], cache it
    /// under [`TokenRequest::cache_key`] and retry with [`crate::Token::authorization`].
    FetchToken(TokenRequest),
    /// Give up with this error.
    Fail(Error),
}

impl fmt::Debug for AuthStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthStep::Retry { .. } => f
                .debug_struct("Retry")
                .field("authorization", &"<redacted>")
                .finish(),
            AuthStep::FetchToken(request) => f.debug_tuple("FetchToken").field(request).finish(),
            AuthStep::Fail(error) => f.debug_tuple("Fail").field(error).finish(),
        }
    }
}

/// Decides what to do about a `401` whose `WWW-Authenticate` header read `www_authenticate`.
///
/// * No header, or an empty one (browsers hide headers missing from
///   `Access-Control-Expose-Headers`): [`Error::ChallengeNotReadable`].
/// * The first `Basic` or `Bearer` challenge in the header is used, like Docker; only other
///   schemes: [`Error::UnsupportedScheme`].
/// * `Basic` with credentials: retry with them; without: [`Error::AuthenticationRequired`]
///   (`unauthorized: authentication required`).
/// * `Bearer`: a token for the challenge's scopes plus `scopes` — from `cache` when it holds a
///   valid one, otherwise [`AuthStep::FetchToken`] (through the proxy for same-origin
///   endpoints, see [`crate::realm_url`]). A challenge carrying `error=` (`invalid_token`,
///   `insufficient_scope`) says the token just sent was refused, so the cache is skipped.
///
/// The caller retries once: a second `401` for a request that already carried what this
/// returned means the credentials or token were refused.
pub fn on_unauthorized(
    www_authenticate: Option<&str>,
    scopes: &[String],
    credentials: Option<&Credentials>,
    cache: &TokenCache,
    endpoint: &Endpoint,
    now_ms: f64,
) -> AuthStep {
    let Some(header) = www_authenticate.filter(|h| !h.trim().is_empty()) else {
        return AuthStep::Fail(Error::ChallengeNotReadable);
    };
    let challenges = match Challenge::parse_all(header) {
        Ok(c) => c,
        Err(e) => return AuthStep::Fail(e),
    };
    let Some(challenge) = challenges
        .iter()
        .find(|c| matches!(c.scheme, Scheme::Basic | Scheme::Bearer))
    else {
        return AuthStep::Fail(Error::UnsupportedScheme(challenges[0].scheme.to_string()));
    };
    if challenge.scheme == Scheme::Basic {
        return match credentials {
            Some(c) => AuthStep::Retry {
                authorization: c.basic_authorization(),
            },
            None => AuthStep::Fail(Error::AuthenticationRequired),
        };
    }
    let request = match TokenRequest::new(challenge, scopes, credentials) {
        Ok(r) => r,
        Err(e) => return AuthStep::Fail(e),
    };
    if challenge.param("error").is_none() {
        if let Some(token) = cache.get(&request.cache_key(), now_ms) {
            return AuthStep::Retry {
                authorization: token.authorization(),
            };
        }
    }
    AuthStep::FetchToken(request.through(endpoint))
}

/// A repository scope: `repository:<name>:<actions joined by ,>`.
///
/// ```
/// assert_eq!(
///     berth_registry::repository_scope("library/ubuntu", &["pull"]),
///     "repository:library/ubuntu:pull"
/// );
/// ```
pub fn repository_scope(repository: &str, actions: &[&str]) -> String {
    format!("repository:{repository}:{}", actions.join(","))
}

/// The scope for `GET /v2/_catalog`: `registry:catalog:*`.
pub fn catalog_scope() -> String {
    "registry:catalog:*".to_owned()
}
