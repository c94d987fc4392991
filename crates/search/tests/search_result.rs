//! Reading a search answer and filtering it after fetching, as the daemon does.
//!
//! The filtering cases are moby's `TestSearch` (daemon/pkg/registry/search_test.go), the
//! answer shape moby's `api/types/registry/search.go` plus Docker Hub's paging fields.

use berth_search::{SearchCriteria, SearchFilters, SearchResult, SearchResults};

fn result(name: &str, stars: i64, official: bool, automated: bool) -> SearchResult {
    SearchResult {
        name: name.into(),
        description: format!("description of {name}"),
        star_count: stars,
        is_official: official,
        is_automated: automated,
    }
}

fn criteria(filters: &str) -> SearchCriteria {
    SearchFilters::parse(filters).unwrap().criteria().unwrap()
}

fn names(results: &[SearchResult]) -> Vec<&str> {
    results.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn moby_test_search() {
    let plain = || vec![result("name", 0, false, false)];
    let automated = || vec![result("name", 0, false, true)];
    let official = || vec![result("name", 0, true, false)];
    let stars01 = || {
        vec![
            result("name0", 0, false, false),
            result("name1", 1, false, false),
        ]
    };
    let mixed = || {
        vec![
            result("name0", 0, true, true),
            result("name1", 1, false, true),
            result("name2", 1, true, false),
            result("name3", 2, true, true),
        ]
    };
    type Results = fn() -> Vec<SearchResult>;
    let cases: [(&str, &str, Results, &[&str]); 15] = [
        ("empty results", "", Vec::new, &[]),
        ("no filter", "", plain, &["name"]),
        (
            "is-automated=true, no results",
            "is-automated=true",
            plain,
            &[],
        ),
        ("is-automated=true", "is-automated=true", automated, &[]),
        (
            "is-automated=false, IsAutomated reset to false",
            "is-automated=false",
            automated,
            &["name"],
        ),
        ("is-automated=false", "is-automated=false", plain, &["name"]),
        (
            "is-official=true, no results",
            "is-official=true",
            plain,
            &[],
        ),
        ("is-official=true", "is-official=true", official, &["name"]),
        (
            "is-official=false, no results",
            "is-official=false",
            official,
            &[],
        ),
        ("is-official=false", "is-official=false", plain, &["name"]),
        ("stars=0", "stars=0", plain, &["name"]),
        ("stars=0, no results", "stars=1", plain, &[]),
        ("stars=1", "stars=1", stars01, &["name1"]),
        (
            "stars=1, is-official=true, is-automated=true",
            "stars=1 is-official=true is-automated=true",
            mixed,
            &[],
        ),
        // berth: the same without is-automated keeps the official ones with a star, in
        // order, and forces is_automated to false.
        (
            "stars=1, is-official=true",
            "stars=1 is-official=true",
            mixed,
            &["name2", "name3"],
        ),
    ];
    for (doc, filters, input, expected) in cases {
        let out = criteria(filters).apply(input());
        assert_eq!(names(&out), expected, "{doc}");
        assert!(out.iter().all(|r| !r.is_automated), "{doc}");
    }
}

#[test]
fn stars_uses_the_largest_value() {
    let input = vec![
        result("a", 2, false, false),
        result("b", 9, false, false),
        result("c", 5, false, false),
        result("d", 10, false, false),
    ];
    assert_eq!(
        names(&criteria("stars=3 stars=5").apply(input.clone())),
        ["b", "c", "d"]
    );
    assert_eq!(
        names(&criteria("stars=5 stars=3").apply(input.clone())),
        ["b", "c", "d"]
    );
    assert_eq!(
        names(&criteria("stars=10 stars=1").apply(input.clone())),
        ["d"]
    );
    assert_eq!(
        names(&criteria("stars=-3").apply(input)),
        ["a", "b", "c", "d"]
    );
}

#[test]
fn parses_the_v1_answer() {
    let body = br#"{
        "num_pages": 1, "num_results": 3, "page": 1, "page_size": 25, "query": "busybox",
        "results": [
            {"name": "busybox", "description": "Busybox base image.", "star_count": 325,
             "is_official": true, "is_automated": false, "is_trusted": false},
            {"name": "progrium/busybox", "description": null, "star_count": 50,
             "is_official": false, "is_automated": true},
            {"name": "radial/busyboxplus"}
        ],
        "unknown": {"ignored": [1, 2]}
    }"#;
    let page = SearchResults::parse(body).unwrap();
    assert_eq!(page.query, "busybox");
    assert_eq!(page.num_results, 3);
    assert_eq!(
        (page.num_pages, page.page, page.page_size),
        (Some(1), Some(1), Some(25))
    );
    assert_eq!(
        page.results,
        [
            SearchResult {
                name: "busybox".into(),
                description: "Busybox base image.".into(),
                star_count: 325,
                is_official: true,
                is_automated: false,
            },
            SearchResult {
                name: "progrium/busybox".into(),
                description: String::new(),
                star_count: 50,
                is_official: false,
                is_automated: true,
            },
            SearchResult {
                name: "radial/busyboxplus".into(),
                ..SearchResult::default()
            },
        ]
    );
    let rows = page.filtered(&criteria("stars=10"));
    assert_eq!(names(&rows), ["busybox", "progrium/busybox"]);
    assert!(!rows[1].is_automated);
}

#[test]
fn tolerates_missing_and_null() {
    for body in [
        &b"{}"[..],
        b"{\"results\":null}",
        b"{\"results\":[],\"query\":null}",
    ] {
        let page = SearchResults::parse(body).unwrap();
        assert_eq!(page, SearchResults::default());
    }
    let page = SearchResults::parse(br#"{"results":[null, {}]}"#).unwrap();
    assert_eq!(
        page.results,
        [SearchResult::default(), SearchResult::default()]
    );
}

#[test]
fn reads_docker_hub_v2_names() {
    // hub.docker.com/v2/search/repositories: repo_name and short_description.
    let body = br#"{"count":1,"next":null,"results":[{"repo_name":"bitnami/nginx",
        "short_description":"Bitnami nginx","star_count":200,"pull_count":9,"is_official":false}]}"#;
    let page = SearchResults::parse(body).unwrap();
    assert_eq!(page.results[0].name, "bitnami/nginx");
    assert_eq!(page.results[0].description, "Bitnami nginx");
    assert_eq!(page.results[0].star_count, 200);
}

#[test]
fn wrong_types_are_errors() {
    // Go's encoding/json refuses a value of the wrong type (berth words it its own way).
    let prefix = "error decoding registry search results: ";
    for (body, detail) in [
        (&b"[]"[..], "expected a JSON object"),
        (b"{\"results\":{}}", "results is not an array"),
        (b"{\"results\":[1]}", "results[0] is not an object"),
        (
            b"{\"results\":[{\"name\":\"a\"},{\"star_count\":\"5\"}]}",
            "results[1].star_count is not an integer",
        ),
        (
            b"{\"results\":[{\"star_count\":1.5}]}",
            "results[0].star_count is not an integer",
        ),
        (
            b"{\"results\":[{\"is_official\":\"true\"}]}",
            "results[0].is_official is not a boolean",
        ),
        (
            b"{\"results\":[{\"name\":5}]}",
            "results[0].name is not a string",
        ),
        (b"{\"num_results\":\"3\"}", "num_results is not an integer"),
        (b"{\"results\":[", "not JSON (line 1, column 12)"),
    ] {
        assert_eq!(
            SearchResults::parse(body).unwrap_err().to_string(),
            format!("{prefix}{detail}"),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
