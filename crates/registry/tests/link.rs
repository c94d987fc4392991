use berth_registry::{next_link, resolve};

#[test]
fn finds_the_next_link() {
    let cases = [
        (
            r#"</v2/x/tags/list?last=a&n=100>; rel="next""#,
            Some("/v2/x/tags/list?last=a&n=100"),
        ),
        (
            "</v2/x/tags/list?last=a&n=100>; rel=next",
            Some("/v2/x/tags/list?last=a&n=100"),
        ),
        (
            r#"</v2/x/tags/list?last=a>;rel="next""#,
            Some("/v2/x/tags/list?last=a"),
        ),
        (
            r#"  </v2/x/tags/list?last=a>  ;  REL = "Next"  "#,
            Some("/v2/x/tags/list?last=a"),
        ),
        (r#"</p>; rel="prev", </n>; rel="next""#, Some("/n")),
        (r#"</first>; rel="first",</n>; rel="next""#, Some("/n")),
        (r#"</n>; rel="next last""#, Some("/n")),
        (r#"</n>; title="a, b; c"; rel="next""#, Some("/n")),
        (r#"</a,b>; rel="next""#, Some("/a,b")),
        (
            r#"<https://r.example/v2/_catalog?last=z&n=5>; rel="next"; type="application/json""#,
            Some("https://r.example/v2/_catalog?last=z&n=5"),
        ),
        (r#"</one>; rel="next", </two>; rel="next""#, Some("/one")),
        (r#"</p>; rel="prev""#, None),
        (r#"</p>; rel="nextpage""#, None),
        (r#"</p>; title="next""#, None),
        ("</p>", None),
        (r#"/v2/x/tags/list; rel="next""#, None),
        (r#"</unterminated; rel="next""#, None),
        ("", None),
    ];
    for (header, want) in cases {
        assert_eq!(next_link(header).as_deref(), want, "{header}");
    }
}

#[test]
fn resolves_links() {
    let cases = [
        // API paths go under the registry's API root, keeping prefixes.
        (
            "https://r.example",
            "/v2/x/tags/list?last=a&n=100",
            "https://r.example/v2/x/tags/list?last=a&n=100",
        ),
        (
            "http://127.0.0.1:5000",
            "/v2/x/tags/list?last=a",
            "http://127.0.0.1:5000/v2/x/tags/list?last=a",
        ),
        (
            "/proxy/docker.io",
            "/v2/library/ubuntu/tags/list?last=a&n=2",
            "/proxy/docker.io/v2/library/ubuntu/tags/list?last=a&n=2",
        ),
        (
            "https://example.com/registry",
            "/v2/x/tags/list?last=a",
            "https://example.com/registry/v2/x/tags/list?last=a",
        ),
        (
            "https://example.com/registry/v2/x/tags/list?n=2",
            "/v2/x/tags/list?last=a",
            "https://example.com/registry/v2/x/tags/list?last=a",
        ),
        (
            "/proxy/docker.io/v2/library/ubuntu/tags/list?n=2",
            "/v2/library/ubuntu/tags/list?last=b",
            "/proxy/docker.io/v2/library/ubuntu/tags/list?last=b",
        ),
        (
            "https://r.example/",
            "/v2/_catalog?last=z",
            "https://r.example/v2/_catalog?last=z",
        ),
        // Absolute links stay, but a same-origin base keeps API paths under itself.
        (
            "https://r.example",
            "https://other.example/v2/x/tags/list?last=a",
            "https://other.example/v2/x/tags/list?last=a",
        ),
        (
            "/proxy/docker.io",
            "https://registry-1.docker.io/v2/x/tags/list?last=a",
            "/proxy/docker.io/v2/x/tags/list?last=a",
        ),
        (
            "/proxy/docker.io",
            "https://cdn.example/blob",
            "https://cdn.example/blob",
        ),
        // Other relative forms.
        (
            "https://r.example/prefix",
            "//cdn.example/p",
            "https://cdn.example/p",
        ),
        ("/proxy/docker.io", "//cdn.example/p", "//cdn.example/p"),
        (
            "https://r.example/prefix",
            "/other?x=1",
            "https://r.example/other?x=1",
        ),
        ("/proxy/docker.io", "/other", "/other"),
        (
            "https://r.example/v2/x/tags/list?n=2",
            "?n=2&last=a",
            "https://r.example/v2/x/tags/list?n=2&last=a",
        ),
        (
            "https://r.example/v2/x/tags/list?n=2",
            "list?last=a",
            "https://r.example/v2/x/tags/list?last=a",
        ),
        (
            "https://r.example/v2/x/tags/list",
            "./list?last=a",
            "https://r.example/v2/x/tags/list?last=a",
        ),
        ("https://r.example", "page2", "https://r.example/page2"),
        ("https://r.example/a#frag", "", "https://r.example/a"),
    ];
    for (base, link, want) in cases {
        assert_eq!(resolve(base, link), want, "{base} + {link}");
    }
}
