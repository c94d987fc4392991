//! `docker search` options: limit, filters, term, and the request they make.
//!
//! Sources: moby `daemon/pkg/registry/search.go` (`Search`, `searchUnfiltered`,
//! `searchRepositories`, `splitReposSearchTerm`) and its `search_test.go`
//! (`TestSearchErrors`), moby `daemon/internal/filters` (`Validate`, `GetBoolOrDefault`,
//! `invalidFilter`), moby client `image_search.go` (limit sent only when above 0), docker/cli
//! `cli/command/registry/search.go` (`runSearch`'s warning) and `opts/opts.go`
//! (`FilterOpt.Set`).

use berth_search::{Error, IS_AUTOMATED_WARNING, SearchFilters, SearchOptions, SearchRequest};

fn options(term: &str, limit: Option<i64>, filters: &str) -> SearchOptions {
    SearchOptions {
        term: term.into(),
        limit,
        filters: filters.into(),
        ..SearchOptions::default()
    }
}

fn error(term: &str, limit: Option<i64>, filters: &str) -> String {
    SearchRequest::new(&options(term, limit, filters))
        .unwrap_err()
        .to_string()
}

#[test]
fn limit() {
    // moby searchRepositories: 0 means 25, 1..=100 is accepted, else the error. docker/cli
    // never sends 0 or less (client ImageSearch: `if options.Limit > 0`), so the daemon's
    // default applies to them too.
    for (limit, expected) in [
        (None, 25),
        (Some(0), 25),
        (Some(-1), 25),
        (Some(i64::MIN), 25),
        (Some(1), 1),
        (Some(25), 25),
        (Some(100), 100),
    ] {
        let request = SearchRequest::new(&options("nginx", limit, "")).unwrap();
        assert_eq!(request.limit(), expected, "{limit:?}");
        assert_eq!(
            request.path().unwrap(),
            format!("/v1/search?q=nginx&n={expected}")
        );
    }
    for (limit, message) in [
        (101, "limit 101 is outside the range of [1, 100]"),
        (1000, "limit 1000 is outside the range of [1, 100]"),
        (
            i64::MAX,
            "limit 9223372036854775807 is outside the range of [1, 100]",
        ),
    ] {
        assert_eq!(error("nginx", Some(limit), ""), message);
        assert_eq!(
            SearchRequest::new(&options("nginx", Some(limit), "")).unwrap_err(),
            Error::LimitOutOfRange(limit)
        );
    }
}

#[test]
fn filter_errors() {
    let bad_format = |v: &str| {
        format!(
            "invalid argument \"{v}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"
        )
    };
    for (filters, message) in [
        // docker/cli FilterOpt.Set.
        ("stars", bad_format("stars")),
        ("stars=3 official", bad_format("official")),
        // moby TestSearchErrors.
        ("type=custom", "invalid filter 'type'".into()),
        ("is-automated=invalid", "invalid filter 'is-automated=[invalid]'".into()),
        (
            "is-automated=true is-automated=false",
            "invalid filter 'is-automated=[true false]'".into(),
        ),
        ("is-official=invalid", "invalid filter 'is-official=[invalid]'".into()),
        (
            "is-official=true is-official=false",
            "invalid filter 'is-official=[true false]'".into(),
        ),
        (
            "stars=invalid",
            "invalid filter 'stars=invalid': strconv.Atoi: parsing \"invalid\": invalid syntax"
                .into(),
        ),
        (
            "stars=1 stars=invalid",
            "invalid filter 'stars=invalid': strconv.Atoi: parsing \"invalid\": invalid syntax"
                .into(),
        ),
        // Go's strconv.Atoi and fmt's printing of a []string.
        (
            "stars=",
            "invalid filter 'stars=': strconv.Atoi: parsing \"\": invalid syntax".into(),
        ),
        (
            "stars=1.5",
            "invalid filter 'stars=1.5': strconv.Atoi: parsing \"1.5\": invalid syntax".into(),
        ),
        (
            "stars=99999999999999999999",
            "invalid filter 'stars=99999999999999999999': strconv.Atoi: parsing \"99999999999999999999\": value out of range"
                .into(),
        ),
        ("is-official=", "invalid filter 'is-official=[]'".into()),
        ("is-official=yes", "invalid filter 'is-official=[yes]'".into()),
        // The names are checked before any value (filters.Validate first).
        ("stars=x foo=bar", "invalid filter 'foo'".into()),
        ("foo=1 is-automated=true", "invalid filter 'foo'".into()),
        // is-official before stars.
        (
            "stars=x is-official=maybe",
            "invalid filter 'is-official=[maybe]'".into(),
        ),
    ] {
        assert_eq!(error("nginx", None, filters), message, "{filters}");
    }
}

#[test]
fn filter_parsing() {
    // FilterOpt.Set: the name lowercased, name and value trimmed, repeated values once.
    let filters = SearchFilters::parse("STARS=3 Is-Official=true stars=3 stars=10").unwrap();
    assert_eq!(filters.values("stars"), ["3", "10"]);
    assert_eq!(filters.values("is-official"), ["true"]);
    assert_eq!(
        filters.names().collect::<Vec<_>>(),
        ["stars", "is-official"]
    );
    let mut one = SearchFilters::default();
    one.add(" stars = 7 ").unwrap();
    one.add("").unwrap();
    assert_eq!(one.values("stars"), ["7"]);
    assert!(SearchFilters::parse("  ").unwrap().is_empty());

    // moby Service.Search: stars is the largest value, at least 0; booleans take 1/0 too.
    for (text, official, stars) in [
        ("", None, None),
        ("stars=3", None, Some(3)),
        ("stars=3 stars=10 stars=5", None, Some(10)),
        ("stars=-5", None, Some(0)),
        ("stars=+4", None, Some(4)),
        ("is-official=true", Some(true), None),
        ("is-official=1", Some(true), None),
        ("is-official=false", Some(false), None),
        ("is-official=0 is-official=false", Some(false), None),
        ("is-automated=false stars=2", None, Some(2)),
    ] {
        let criteria = SearchFilters::parse(text).unwrap().criteria().unwrap();
        assert_eq!(criteria.is_official, official, "{text}");
        assert_eq!(criteria.min_stars, stars, "{text}");
        assert!(!criteria.matches_nothing);
    }
}

#[test]
fn is_automated() {
    // docker/cli runSearch warns whenever the filter is present.
    assert_eq!(
        IS_AUTOMATED_WARNING,
        "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future."
    );
    for (filters, warned, fetch) in [
        ("", false, true),
        ("is-automated=false", true, true),
        ("is-automated=0", true, true),
        ("is-automated=true", true, false),
        ("is-automated=1 stars=3", true, false),
    ] {
        let request = SearchRequest::new(&options("nginx", None, filters)).unwrap();
        assert_eq!(!request.warnings().is_empty(), warned, "{filters}");
        assert_eq!(request.needs_fetch(), fetch, "{filters}");
        assert_eq!(request.path().is_some(), fetch);
        assert_eq!(request.url().is_some(), fetch);
    }
    // is-automated=true answers an empty list at once: what the daemon checks after it
    // (is-official, stars, the term's scheme, the limit) is never checked.
    for filters in [
        "is-automated=true is-official=bogus",
        "is-automated=true stars=x",
    ] {
        let request = SearchRequest::new(&options("https://x/y", Some(500), filters)).unwrap();
        assert!(!request.needs_fetch());
        assert_eq!(request.results(500, b"not json").unwrap(), []);
    }
}

#[test]
fn term() {
    assert_eq!(
        error("", None, ""),
        "\"docker search\" requires exactly 1 argument."
    );
    assert_eq!(error("   ", None, ""), error("", None, ""));
    // moby searchUnfiltered.
    assert_eq!(
        error("https://registry.example.com/app", None, ""),
        "invalid repository name: repository name (https://registry.example.com/app) should not have a scheme"
    );
    // The filters are checked first.
    assert_eq!(error("http://x/y", None, "foo=1"), "invalid filter 'foo'");
    // Then the scheme, then the limit.
    assert!(error("http://x/y", Some(101), "").starts_with("invalid repository name"));
}

#[test]
fn where_the_search_goes() {
    // moby splitReposSearchTerm / normalizeIndexName / the "library/" trim for Docker Hub;
    // the query escaped as url.QueryEscape does.
    for (term, index, remote, url) in [
        (
            "nginx",
            "docker.io",
            "nginx",
            "https://index.docker.io/v1/search?q=nginx&n=25",
        ),
        (
            "library/nginx",
            "docker.io",
            "nginx",
            "https://index.docker.io/v1/search?q=nginx&n=25",
        ),
        (
            "samalba/hipache",
            "docker.io",
            "samalba/hipache",
            "https://index.docker.io/v1/search?q=samalba%2Fhipache&n=25",
        ),
        (
            "docker.io/bitnami/nginx",
            "docker.io",
            "bitnami/nginx",
            "https://index.docker.io/v1/search?q=bitnami%2Fnginx&n=25",
        ),
        (
            "index.docker.io/library/nginx",
            "docker.io",
            "nginx",
            "https://index.docker.io/v1/search?q=nginx&n=25",
        ),
        (
            "registry.example.com/team/app",
            "registry.example.com",
            "team/app",
            "https://registry.example.com/v1/search?q=team%2Fapp&n=25",
        ),
        (
            "registry.example.com/library/app",
            "registry.example.com",
            "library/app",
            "https://registry.example.com/v1/search?q=library%2Fapp&n=25",
        ),
        (
            "localhost:5000/app",
            "localhost:5000",
            "app",
            "http://localhost:5000/v1/search?q=app&n=25",
        ),
        (
            "localhost/app",
            "localhost",
            "app",
            "http://localhost/v1/search?q=app&n=25",
        ),
        (
            "127.0.0.1:5000/app",
            "127.0.0.1:5000",
            "app",
            "http://127.0.0.1:5000/v1/search?q=app&n=25",
        ),
        (
            "my image~1",
            "docker.io",
            "my image~1",
            "https://index.docker.io/v1/search?q=my+image~1&n=25",
        ),
        (
            "ünï&q=x",
            "docker.io",
            "ünï&q=x",
            "https://index.docker.io/v1/search?q=%C3%BCn%C3%AF%26q%3Dx&n=25",
        ),
    ] {
        let request = SearchRequest::new(&options(term, None, "")).unwrap();
        assert_eq!(request.index_name(), index, "{term}");
        assert_eq!(request.remote_name(), remote, "{term}");
        assert_eq!(request.is_docker_hub(), index == "docker.io");
        assert_eq!(request.url().unwrap(), url, "{term}");
        assert_eq!(request.term(), term);
    }
}

#[test]
fn answer_status() {
    let request = SearchRequest::new(&options("nginx", None, "")).unwrap();
    // moby searchRepositories: anything but 200.
    assert_eq!(
        request
            .results(500, b"no search for you")
            .unwrap_err()
            .to_string(),
        "unexpected status code 500"
    );
    assert_eq!(
        request.results(401, b"").unwrap_err(),
        Error::UnexpectedStatus(401)
    );
    assert_eq!(
        request.results(200, b"<html>").unwrap_err().to_string(),
        "error decoding registry search results: not JSON (line 1, column 1)"
    );
}

#[test]
fn format_is_checked_when_rendering() {
    // docker/cli parses --format only once the results are in.
    let request = SearchRequest::new(&SearchOptions {
        term: "nginx".into(),
        format: Some("{{.Nope".into()),
        ..SearchOptions::default()
    })
    .unwrap();
    assert_eq!(
        request.render(&[]).unwrap_err().to_string(),
        "template parsing error: template: :1: unclosed action"
    );
    let request = SearchRequest::new(&SearchOptions {
        term: "nginx".into(),
        no_trunc: true,
        format: Some("{{.Description}}".into()),
        ..SearchOptions::default()
    })
    .unwrap();
    let long = "x".repeat(60);
    let rows = request
        .results(
            200,
            format!(r#"{{"results":[{{"name":"a","description":"{long}"}}]}}"#).as_bytes(),
        )
        .unwrap();
    assert_eq!(request.render_lines(&rows).unwrap(), [long]);
}
