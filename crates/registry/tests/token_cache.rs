use berth_registry::{Token, TokenCache, TokenCacheKey};

fn key(realm: &str, service: Option<&str>, scopes: &[&str]) -> TokenCacheKey {
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    TokenCacheKey::new(realm, service, &scopes)
}

fn token(value: &str, expires_at_ms: f64) -> Token {
    Token {
        value: value.into(),
        expires_at_ms,
    }
}

#[test]
fn returns_only_tokens_valid_for_ten_more_seconds() {
    let k = key(
        "https://auth.docker.io/token",
        Some("registry.docker.io"),
        &["repository:library/ubuntu:pull"],
    );
    let mut cache = TokenCache::new();
    cache.insert(k.clone(), token("t", 100_000.0));
    for (now, valid) in [
        (0.0, true),
        (89_999.0, true),
        (90_000.0, false),
        (99_999.0, false),
        (100_000.0, false),
        (1e15, false),
    ] {
        assert_eq!(
            cache.get(&k, now).map(|t| t.value.as_str()),
            valid.then_some("t"),
            "now={now}"
        );
    }
}

#[test]
fn keys_separate_realm_service_and_scope_set() {
    let mut cache = TokenCache::default();
    let base = key(
        "https://t/token",
        Some("s"),
        &["repository:a:pull", "repository:b:pull"],
    );
    cache.insert(base.clone(), token("t", 1e12));
    let cases = [
        (
            "same scopes in another order",
            key(
                "https://t/token",
                Some("s"),
                &["repository:b:pull", "repository:a:pull"],
            ),
            true,
        ),
        (
            "duplicated scope",
            key(
                "https://t/token",
                Some("s"),
                &[
                    "repository:b:pull",
                    "repository:a:pull",
                    "repository:a:pull",
                ],
            ),
            true,
        ),
        (
            "other realm",
            key(
                "https://u/token",
                Some("s"),
                &["repository:a:pull", "repository:b:pull"],
            ),
            false,
        ),
        (
            "other service",
            key(
                "https://t/token",
                Some("x"),
                &["repository:a:pull", "repository:b:pull"],
            ),
            false,
        ),
        (
            "no service",
            key(
                "https://t/token",
                None,
                &["repository:a:pull", "repository:b:pull"],
            ),
            false,
        ),
        (
            "fewer scopes",
            key("https://t/token", Some("s"), &["repository:a:pull"]),
            false,
        ),
        (
            "more scopes",
            key(
                "https://t/token",
                Some("s"),
                &[
                    "repository:a:pull",
                    "repository:b:pull",
                    "repository:c:pull",
                ],
            ),
            false,
        ),
        (
            "other actions",
            key(
                "https://t/token",
                Some("s"),
                &["repository:a:pull,push", "repository:b:pull"],
            ),
            false,
        ),
    ];
    for (name, k, hit) in cases {
        assert_eq!(cache.get(&k, 0.0).is_some(), hit, "{name}");
    }
    assert_eq!(base.realm(), "https://t/token");
    assert_eq!(base.service(), "s");
    assert_eq!(key("r", None, &[]).service(), "");
}

#[test]
fn insert_replaces_remove_prune_and_clear_forget() {
    let a = key("https://t", None, &["repository:a:pull"]);
    let b = key("https://t", None, &["repository:b:pull"]);
    let mut cache = TokenCache::new();
    assert!(cache.is_empty());
    cache.insert(a.clone(), token("old", 1e12));
    cache.insert(a.clone(), token("new", 1e12));
    assert_eq!(cache.get(&a, 0.0).unwrap().value, "new");
    assert_eq!(cache.len(), 1);

    cache.insert(b.clone(), token("short", 20_000.0));
    cache.prune(15_000.0);
    assert_eq!(cache.len(), 1);
    assert!(cache.get(&b, 0.0).is_none());

    assert_eq!(cache.remove(&a).map(|t| t.value), Some("new".into()));
    assert!(cache.get(&a, 0.0).is_none());

    cache.insert(a.clone(), token("x", 1e12));
    cache.insert(b.clone(), token("y", 1e12));
    cache.clear();
    assert!(cache.is_empty());
    assert!(cache.get(&a, 0.0).is_none());
}

#[test]
fn debug_of_a_cache_shows_no_token() {
    let mut cache = TokenCache::new();
    cache.insert(key("https://t", None, &[]), token("SECRET-token", 1e12));
    let debug = format!("{cache:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}
