//! Bearer tokens kept between requests, so each pull does not ask the realm again.

use std::collections::HashMap;

use crate::Token;

/// Tokens count as expired this long before their real expiry, so a request sent with a
/// cached token does not reach the registry just after the token ran out.
const EARLY_EXPIRY_MS: f64 = 10_000.0;

/// What a token was issued for: realm, service and the set of scopes.
///
/// Scopes are sorted and deduplicated, so the same set in another order is the same key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenCacheKey {
    realm: String,
    service: String,
    scopes: Vec<String>,
}

impl TokenCacheKey {
    /// The key for a token from `realm` for `service` covering `scopes`.
    pub fn new(realm: &str, service: Option<&str>, scopes: &[String]) -> TokenCacheKey {
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        TokenCacheKey {
            realm: realm.to_owned(),
            service: service.unwrap_or_default().to_owned(),
            scopes,
        }
    }

    /// The realm.
    pub fn realm(&self) -> &str {
        &self.realm
    }

    /// The service (`""` when the challenge named none).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The scopes, sorted.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

/// Tokens by [`TokenCacheKey`].
///
/// The cache does not know whose credentials obtained a token: clear it when the user's
/// credentials for a registry change.
///
/// ```
/// use berth_registry::{Token, TokenCache, TokenCacheKey};
/// let mut cache = TokenCache::default();
/// let key = TokenCacheKey::new("https://auth.docker.io/token", Some("registry.docker.io"), &[]);
/// cache.insert(key.clone(), Token { value: "t".into(), expires_at_ms: 60_000.0 });
/// assert!(cache.get(&key, 49_999.0).is_some());
/// assert!(cache.get(&key, 50_000.0).is_none()); // expired 10 s early
/// ```
#[derive(Debug, Clone, Default)]
pub struct TokenCache {
    tokens: HashMap<TokenCacheKey, Token>,
}

impl TokenCache {
    /// An empty cache.
    pub fn new() -> TokenCache {
        TokenCache::default()
    }

    /// The token for `key` if it is still valid 10 s from `now_ms`.
    pub fn get(&self, key: &TokenCacheKey, now_ms: f64) -> Option<&Token> {
        self.tokens
            .get(key)
            .filter(|t| now_ms < t.expires_at_ms - EARLY_EXPIRY_MS)
    }

    /// Stores a token, replacing any previous one for the same key.
    pub fn insert(&mut self, key: TokenCacheKey, token: Token) {
        self.tokens.insert(key, token);
    }

    /// Forgets the token for `key` (e.g. after the registry rejected it).
    pub fn remove(&mut self, key: &TokenCacheKey) -> Option<Token> {
        self.tokens.remove(key)
    }

    /// Drops tokens that [`TokenCache::get`] would no longer return at `now_ms`.
    pub fn prune(&mut self, now_ms: f64) {
        self.tokens
            .retain(|_, t| now_ms < t.expires_at_ms - EARLY_EXPIRY_MS);
    }

    /// Forgets every token.
    pub fn clear(&mut self) {
        self.tokens.clear();
    }

    /// The number of tokens held (expired ones included until pruned).
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the cache holds no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}
