//! `GET /v2/_catalog` paging and catalog search.
//!
//! The registry side is CNCF distribution's `registry/handlers/catalog.go` (v2.8.3 and v3):
//! `n` defaults to 100 and may not exceed `catalog.maxentries` (1000 by default) or the
//! answer is `400 PAGINATION_NUMBER_INVALID` "invalid number of results requested"; a
//! `Link: <…?last=…&n=…>; rel="next"` follows every page but the last
//! (`TestCatalogAPI` in registry/handlers/api_test.go).

use berth_registry::Endpoint;
use berth_search::{CatalogPager, Error, catalog_search, is_wildcard};

const INVALID_N: &[u8] = br#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested","detail":{"n":5000}}]}"#;

fn endpoint() -> Endpoint {
    Endpoint::parse("127.0.0.1:5000").unwrap()
}

fn page(repos: &[&str]) -> Vec<u8> {
    serde_json::json!({ "repositories": repos })
        .to_string()
        .into_bytes()
}

#[test]
fn follows_link_until_there_is_none() {
    let mut pager = CatalogPager::new(&endpoint(), Some(2));
    let pages: [(&str, &[&str], Option<&str>); 3] = [
        (
            "http://127.0.0.1:5000/v2/_catalog?n=2",
            &["alpine", "busybox"],
            Some(r#"</v2/_catalog?last=busybox&n=2>; rel="next""#),
        ),
        (
            "http://127.0.0.1:5000/v2/_catalog?last=busybox&n=2",
            &["library/nginx", "team/app"],
            Some(r#"</v2/_catalog?last=team%2Fapp&n=2>; rel="next""#),
        ),
        (
            "http://127.0.0.1:5000/v2/_catalog?last=team%2Fapp&n=2",
            &["zeta"],
            None,
        ),
    ];
    for (url, repos, link) in pages {
        assert_eq!(pager.next_url(), Some(url));
        pager.observe(200, &page(repos), link).unwrap();
    }
    assert!(pager.is_done());
    assert_eq!(pager.pages(), 3);
    assert_eq!(
        pager.into_repositories(),
        ["alpine", "busybox", "library/nginx", "team/app", "zeta"]
    );
}

#[test]
fn one_page_without_link() {
    // No n: the registry's default page; no Link: done.
    let mut pager = CatalogPager::new(&endpoint(), None);
    assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/_catalog"));
    pager.observe(200, &page(&["a", "b"]), None).unwrap();
    assert!(pager.is_done());
    assert_eq!(pager.repositories(), ["a", "b"]);
    // n=0 would ask distribution for an empty page without Link: never sent.
    let pager = CatalogPager::new(&endpoint(), Some(0));
    assert_eq!(pager.next_url(), Some("http://127.0.0.1:5000/v2/_catalog"));
    // An empty registry, and `null`.
    for body in [
        &br#"{"repositories":[]}"#[..],
        br#"{"repositories":null}"#,
        b"{}",
    ] {
        let mut pager = CatalogPager::new(&endpoint(), None);
        pager.observe(200, body, None).unwrap();
        assert!(pager.is_done() && pager.repositories().is_empty());
    }
    // A Link with another relation is not a next page.
    let mut pager = CatalogPager::new(&endpoint(), None);
    pager
        .observe(
            200,
            &page(&["a"]),
            Some(r#"</v2/_catalog?last=a>; rel="prev""#),
        )
        .unwrap();
    assert!(pager.is_done());
}

#[test]
fn pagination_number_invalid_lowers_n() {
    // 5000 > maxentries: 1000 (distribution's default maxentries), then halves while above
    // the default page of 100, then no n at all (always accepted, min(100, maxentries)).
    let mut pager = CatalogPager::new(&endpoint(), Some(5000));
    for url in [
        "http://127.0.0.1:5000/v2/_catalog?n=5000",
        "http://127.0.0.1:5000/v2/_catalog?n=1000",
        "http://127.0.0.1:5000/v2/_catalog?n=500",
        "http://127.0.0.1:5000/v2/_catalog?n=250",
        "http://127.0.0.1:5000/v2/_catalog?n=125",
        "http://127.0.0.1:5000/v2/_catalog",
    ] {
        assert_eq!(pager.next_url(), Some(url));
        if url.ends_with("_catalog") {
            break;
        }
        pager.observe(400, INVALID_N, None).unwrap();
    }
    // Rejected even without n: the listing stops with the registry's error.
    let err = pager.observe(400, INVALID_N, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pagination number invalid: invalid number of results requested"
    );
    assert!(matches!(err, Error::Registry(_)));
    assert!(pager.is_done());

    // Accepted at 1000: the Link carries the accepted n; a rejection on a later page keeps
    // its `last`.
    let mut pager = CatalogPager::new(&endpoint(), Some(2000));
    pager.observe(400, INVALID_N, None).unwrap();
    assert_eq!(
        pager.next_url(),
        Some("http://127.0.0.1:5000/v2/_catalog?n=1000")
    );
    pager
        .observe(
            200,
            &page(&["a"]),
            Some(r#"</v2/_catalog?last=a&n=1000>; rel="next""#),
        )
        .unwrap();
    pager.observe(400, INVALID_N, None).unwrap();
    assert_eq!(
        pager.next_url(),
        Some("http://127.0.0.1:5000/v2/_catalog?last=a&n=500")
    );
    pager.observe(200, &page(&["b"]), None).unwrap();
    assert_eq!(pager.repositories(), ["a", "b"]);

    // A 400 with another code is an error like any other.
    let mut pager = CatalogPager::new(&endpoint(), Some(50));
    let err = pager
        .observe(
            400,
            br#"{"errors":[{"code":"NAME_INVALID","message":"invalid repository name"}]}"#,
            None,
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "name invalid: invalid repository name");
}

#[test]
fn registry_errors_stop_the_listing() {
    for (status, body, message) in [
        (
            401,
            &br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"registry","Name":"catalog","Action":"*"}]}]}"#[..],
            "unauthorized: authentication required",
        ),
        (
            404,
            br#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#,
            "unsupported: The operation is unsupported.",
        ),
    ] {
        let mut pager = CatalogPager::new(&endpoint(), Some(100));
        pager.observe(200, &page(&["kept"]), Some("</v2/_catalog?last=kept&n=100>; rel=\"next\"")).unwrap();
        let err = pager.observe(status, body, None).unwrap_err();
        assert_eq!(err.to_string(), message);
        assert!(pager.is_done());
        assert_eq!(pager.repositories(), ["kept"]);
        assert_eq!(
            pager.observe(200, b"{}", None).unwrap_err().to_string(),
            "the catalog listing has already finished"
        );
        assert_eq!(pager.observe(200, b"{}", None).unwrap_err(), Error::CatalogFinished);
    }
}

#[test]
fn guards_against_repeated_pages() {
    let mut pager = CatalogPager::new(&endpoint(), Some(2));
    pager
        .observe(
            200,
            &page(&["a", "b"]),
            Some("</v2/_catalog?last=b&n=2>; rel=\"next\""),
        )
        .unwrap();
    let err = pager
        .observe(
            200,
            &page(&["c", "d"]),
            Some("</v2/_catalog?n=2&last=b>; rel=\"next\""),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the registry's next link repeats an earlier catalog page (last=b); stopping to avoid a loop"
    );
    assert_eq!(pager.repositories(), ["a", "b", "c", "d"]);
    // A link to the very page just fetched, without `last`.
    let mut pager = CatalogPager::new(&endpoint(), None);
    let err = pager
        .observe(200, &page(&["a"]), Some("</v2/_catalog>; rel=\"next\""))
        .unwrap_err();
    assert_eq!(
        err,
        Error::RepeatedCatalogPage("http://127.0.0.1:5000/v2/_catalog".into())
    );
}

#[test]
fn links_through_a_proxy_and_bad_bodies() {
    // An upstream naming itself in an absolute Link stays behind the same-origin proxy.
    let proxy = Endpoint::parse("/proxy/registry").unwrap();
    let mut pager = CatalogPager::new(&proxy, Some(1));
    assert_eq!(pager.next_url(), Some("/proxy/registry/v2/_catalog?n=1"));
    pager
        .observe(
            200,
            &page(&["a"]),
            Some("<http://registry:5000/v2/_catalog?last=a&n=1>; rel=\"next\""),
        )
        .unwrap();
    assert_eq!(
        pager.next_url(),
        Some("/proxy/registry/v2/_catalog?last=a&n=1")
    );

    for (body, message) in [
        (
            &b"nope"[..],
            "invalid catalog response: not JSON (line 1, column 2)",
        ),
        (b"[]", "invalid catalog response: expected a JSON object"),
        (
            b"{\"repositories\":[1]}",
            "invalid catalog response: \"repositories\" is not an array of strings",
        ),
    ] {
        let mut pager = CatalogPager::new(&endpoint(), None);
        assert_eq!(
            pager.observe(200, body, None).unwrap_err().to_string(),
            message
        );
        assert!(pager.is_done());
    }
}

fn repos() -> Vec<String> {
    [
        "alpine",
        "library/nginx",
        "team/nginx-proxy",
        "team/app",
        "Nginx-legacy",
        "tools/ci/runner",
        "busybox",
        "library/alpine",
    ]
    .map(String::from)
    .to_vec()
}

fn grouped(term: &str) -> Vec<(String, Vec<String>)> {
    catalog_search(&repos(), term)
        .unwrap()
        .into_iter()
        .map(|g| (g.label().to_owned(), g.repositories))
        .collect()
}

fn groups(expected: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    expected
        .iter()
        .map(|(label, names)| {
            (
                (*label).to_owned(),
                names.iter().map(|n| (*n).to_owned()).collect(),
            )
        })
        .collect()
}

#[test]
fn catalog_search_groups_by_namespace() {
    type Groups<'a> = &'a [(&'a str, &'a [&'a str])];
    let cases: [(&str, Groups); 9] = [
        // Substring, ignoring ASCII case.
        (
            "nginx",
            &[
                ("(root)", &["Nginx-legacy"]),
                ("library", &["library/nginx"]),
                ("team", &["team/nginx-proxy"]),
            ],
        ),
        (
            "ALP",
            &[("(root)", &["alpine"]), ("library", &["library/alpine"])],
        ),
        ("team/", &[("team", &["team/nginx-proxy", "team/app"])]),
        ("zzz", &[]),
        // Wildcards: path.Match on the whole name, or on the last component when the
        // pattern has no `/`.
        ("ngin?", &[("library", &["library/nginx"])]),
        (
            "*alpine",
            &[("(root)", &["alpine"]), ("library", &["library/alpine"])],
        ),
        ("team/*", &[("team", &["team/nginx-proxy", "team/app"])]),
        // `*` does not cross `/`: only the last component matches `r*`.
        ("tools/*", &[]),
        (
            "[a-b]*",
            &[
                ("(root)", &["alpine", "busybox"]),
                ("library", &["library/alpine"]),
                ("team", &["team/app"]),
            ],
        ),
    ];
    for (term, expected) in cases {
        assert_eq!(grouped(term), groups(expected), "{term:?}");
    }
    // Everything for an empty term, root first, then namespaces in order.
    let all = grouped("  ");
    let labels: Vec<&str> = all.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["(root)", "library", "team", "tools"]);
    assert_eq!(all[0].1, ["alpine", "Nginx-legacy", "busybox"]);
    assert_eq!(all[3].1, ["tools/ci/runner"]);
}

#[test]
fn catalog_search_bad_patterns() {
    assert!(is_wildcard("a*") && is_wildcard("a?") && is_wildcard("[ab]") && !is_wildcard("a.b"));
    // Go's path.ErrBadPattern, whether or not anything is there to match.
    for pattern in ["[", "a[", "[a-", "[]a]", "*[", "[^]", "a*\\"] {
        for repositories in [repos(), Vec::new()] {
            assert_eq!(
                catalog_search(&repositories, pattern)
                    .unwrap_err()
                    .to_string(),
                "syntax error in pattern",
                "{pattern:?}"
            );
        }
    }
}
