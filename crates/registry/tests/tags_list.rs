use berth_registry::{Endpoint, Error, TagPager, TagsList};

#[test]
fn parses_tag_lists() {
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            r#"{"name":"library/ubuntu","tags":["22.04","24.04","latest"]}"#,
            "library/ubuntu",
            &["22.04", "24.04", "latest"],
        ),
        (r#"{"name":"empty","tags":null}"#, "empty", &[]),
        (r#"{"name":"empty","tags":[]}"#, "empty", &[]),
        (r#"{"name":"no-tags-key"}"#, "no-tags-key", &[]),
        (r#"{"tags":["a"]}"#, "", &["a"]),
        (r#"{"name":null,"tags":["a"],"extra":1}"#, "", &["a"]),
    ];
    for (body, name, tags) in cases {
        let got = TagsList::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(
            got,
            TagsList {
                name: name.into(),
                tags: tags.iter().map(|t| t.to_string()).collect()
            },
            "{body}"
        );
    }
}

#[test]
fn tag_list_errors() {
    let cases = [
        ("", "invalid tag list response: not JSON (line 1, column 0)"),
        (
            "<html>",
            "invalid tag list response: not JSON (line 1, column 1)",
        ),
        ("[]", "invalid tag list response: expected a JSON object"),
        (
            r#"{"name":1,"tags":[]}"#,
            r#"invalid tag list response: "name" is not a string"#,
        ),
        (
            r#"{"name":"x","tags":"latest"}"#,
            r#"invalid tag list response: "tags" is not an array of strings"#,
        ),
        (
            r#"{"name":"x","tags":["a",2]}"#,
            r#"invalid tag list response: "tags" is not an array of strings"#,
        ),
    ];
    for (body, text) in cases {
        let e = TagsList::parse(body.as_bytes()).unwrap_err();
        assert!(matches!(e, Error::InvalidTagList(_)), "{body}");
        assert_eq!(e.to_string(), text, "{body}");
    }
}

fn body(name: &str, tags: &[&str]) -> String {
    format!(
        r#"{{"name":"{name}","tags":[{}]}}"#,
        tags.iter()
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// A page: the URL the pager must ask for, the body, the `Link` header.
type Page<'a> = (&'a str, String, Option<&'a str>);

#[test]
fn pages_through_tags() {
    struct Case<'a> {
        name: &'a str,
        endpoint: &'a str,
        repo: &'a str,
        n: Option<u32>,
        pages: Vec<Page<'a>>,
        tags: &'a [&'a str],
    }
    let cases = [
        Case {
            name: "distribution 2.8 ignores n: everything at once, no Link",
            endpoint: "127.0.0.1:5000",
            repo: "alpine",
            n: Some(2),
            pages: vec![(
                "http://127.0.0.1:5000/v2/alpine/tags/list?n=2",
                body("alpine", &["3.18", "3.19", "3.20", "latest"]),
                None,
            )],
            tags: &["3.18", "3.19", "3.20", "latest"],
        },
        Case {
            name: "three pages through the Hub proxy",
            endpoint: "/proxy/docker.io",
            repo: "library/ubuntu",
            n: Some(2),
            pages: vec![
                (
                    "/proxy/docker.io/v2/library/ubuntu/tags/list?n=2",
                    body("library/ubuntu", &["20.04", "22.04"]),
                    Some(r#"</v2/library/ubuntu/tags/list?last=22.04&n=2>; rel="next""#),
                ),
                (
                    "/proxy/docker.io/v2/library/ubuntu/tags/list?last=22.04&n=2",
                    body("library/ubuntu", &["24.04", "devel"]),
                    Some("</v2/library/ubuntu/tags/list?last=devel&n=2>; rel=next"),
                ),
                (
                    "/proxy/docker.io/v2/library/ubuntu/tags/list?last=devel&n=2",
                    body("library/ubuntu", &["latest"]),
                    None,
                ),
            ],
            tags: &["20.04", "22.04", "24.04", "devel", "latest"],
        },
        Case {
            name: "no page size; a Link with only other relations ends it",
            endpoint: "https://r.example/prefix",
            repo: "a/b",
            n: None,
            pages: vec![
                (
                    "https://r.example/prefix/v2/a/b/tags/list",
                    body("a/b", &["1"]),
                    Some(r#"</v2/a/b/tags/list?last=1>; rel="next""#),
                ),
                (
                    "https://r.example/prefix/v2/a/b/tags/list?last=1",
                    r#"{"name":"a/b","tags":null}"#.into(),
                    Some(r#"</v2/a/b/tags/list>; rel="first""#),
                ),
            ],
            tags: &["1"],
        },
        Case {
            name: "pagination without last (Quay's next_page)",
            endpoint: "quay.io",
            repo: "org/app",
            n: Some(1),
            pages: vec![
                (
                    "https://quay.io/v2/org/app/tags/list?n=1",
                    body("org/app", &["v1"]),
                    Some(r#"</v2/org/app/tags/list?n=1&next_page=abc>; rel="next""#),
                ),
                (
                    "https://quay.io/v2/org/app/tags/list?n=1&next_page=abc",
                    body("org/app", &["v2"]),
                    None,
                ),
            ],
            tags: &["v1", "v2"],
        },
    ];
    for c in cases {
        let endpoint = Endpoint::parse(c.endpoint).unwrap();
        let mut pager = TagPager::new(&endpoint, c.repo, c.n);
        for (url, body, link) in c.pages {
            assert_eq!(pager.next_url(), Some(url), "{}", c.name);
            assert!(!pager.is_done(), "{}", c.name);
            pager
                .observe(body.as_bytes(), link)
                .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        }
        assert!(pager.is_done(), "{}", c.name);
        assert_eq!(pager.next_url(), None, "{}", c.name);
        assert_eq!(pager.name(), c.repo, "{}", c.name);
        assert_eq!(pager.tags(), c.tags, "{}", c.name);
        assert_eq!(pager.into_tags(), c.tags, "{}", c.name);
    }
}

#[test]
fn pager_errors_stop_the_listing() {
    let endpoint = Endpoint::parse("127.0.0.1:5000").unwrap();
    struct Case<'a> {
        name: &'a str,
        pages: Vec<(String, Option<&'a str>)>,
        error: Error,
        text: &'a str,
        tags: &'a [&'a str],
    }
    let cases = [
        Case {
            name: "the server repeats the same last",
            pages: vec![
                (
                    body("x", &["a", "b"]),
                    Some(r#"</v2/x/tags/list?last=b&n=2>; rel="next""#),
                ),
                (
                    body("x", &["a", "b"]),
                    Some(r#"</v2/x/tags/list?last=b&n=2>; rel="next""#),
                ),
            ],
            error: Error::RepeatedPage("last=b".into()),
            text: "the registry's next link repeats an earlier tag list page (last=b); stopping to avoid a loop",
            tags: &["a", "b", "a", "b"],
        },
        Case {
            name: "the server goes back to an earlier last",
            pages: vec![
                (
                    body("x", &["a"]),
                    Some(r#"</v2/x/tags/list?last=a&n=1>; rel="next""#),
                ),
                (
                    body("x", &["b"]),
                    Some(r#"</v2/x/tags/list?last=b&n=1>; rel="next""#),
                ),
                (
                    body("x", &["b"]),
                    Some(r#"</v2/x/tags/list?n=1&last=a>; rel="next""#),
                ),
            ],
            error: Error::RepeatedPage("last=a".into()),
            text: "the registry's next link repeats an earlier tag list page (last=a); stopping to avoid a loop",
            tags: &["a", "b", "b"],
        },
        Case {
            name: "the next link is the first page again",
            pages: vec![(
                body("x", &["a"]),
                Some(r#"</v2/x/tags/list?n=1>; rel="next""#),
            )],
            error: Error::RepeatedPage("http://127.0.0.1:5000/v2/x/tags/list?n=1".into()),
            text: "the registry's next link repeats an earlier tag list page (http://127.0.0.1:5000/v2/x/tags/list?n=1); stopping to avoid a loop",
            tags: &["a"],
        },
        Case {
            name: "a page that is not a tag list",
            pages: vec![
                (
                    body("x", &["a"]),
                    Some(r#"</v2/x/tags/list?last=a&n=1>; rel="next""#),
                ),
                ("<html>oops</html>".into(), None),
            ],
            error: Error::InvalidTagList("not JSON (line 1, column 1)".into()),
            text: "invalid tag list response: not JSON (line 1, column 1)",
            tags: &["a"],
        },
    ];
    for c in cases {
        let mut pager = TagPager::new(&endpoint, "x", Some(c.pages.len() as u32));
        let pages = c.pages.len();
        let mut result = Ok(());
        for (i, (body, link)) in c.pages.into_iter().enumerate() {
            result = pager.observe(body.as_bytes(), link);
            if i + 1 < pages {
                assert_eq!(result, Ok(()), "{}", c.name);
            }
        }
        assert_eq!(result, Err(c.error.clone()), "{}", c.name);
        assert_eq!(c.error.to_string(), c.text, "{}", c.name);
        assert!(pager.is_done(), "{}", c.name);
        assert_eq!(pager.tags(), c.tags, "{}", c.name);
        let again = pager.observe(b"{}", None).unwrap_err();
        assert_eq!(again, Error::PagerFinished, "{}", c.name);
        assert_eq!(
            again.to_string(),
            "the tag listing has already finished",
            "{}",
            c.name
        );
    }
}
