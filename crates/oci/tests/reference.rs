//! The tables of Go's `github.com/distribution/reference/reference_test.go`,
//! case by case.

use berth_oci::{Digest, Reference};

/// `strings.Repeat`, as a `'static` string for the tables.
fn repeat(s: &str, n: usize) -> &'static str {
    s.repeat(n).leak()
}

/// String concatenation, as a `'static` string for the tables.
fn cat(parts: &[&str]) -> &'static str {
    parts.concat().leak()
}

const FFFF: &str = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

/// A case of `TestReferenceParse`. With `err` set, `Reference::parse` must
/// fail with exactly that message; otherwise the parsed reference must print
/// as the input and have the given name, domain, tag and digest (an empty
/// string meaning none).
#[derive(Default)]
struct ParseCase {
    input: &'static str,
    err: Option<&'static str>,
    repository: &'static str,
    domain: &'static str,
    tag: &'static str,
    digest: &'static str,
}

fn parse_cases() -> Vec<ParseCase> {
    vec![
        ParseCase {
            input: "test_com",
            repository: "test_com",
            ..Default::default()
        },
        ParseCase {
            input: "test.com:tag",
            repository: "test.com",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: "test.com:5000",
            repository: "test.com",
            tag: "5000",
            ..Default::default()
        },
        ParseCase {
            input: "test.com/repo:tag",
            domain: "test.com",
            repository: "test.com/repo",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: "test:5000/repo",
            domain: "test:5000",
            repository: "test:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "test:5000/repo:tag",
            domain: "test:5000",
            repository: "test:5000/repo",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: cat(&["test:5000/repo@", FFFF]),
            domain: "test:5000",
            repository: "test:5000/repo",
            digest: FFFF,
            ..Default::default()
        },
        ParseCase {
            input: cat(&["test:5000/repo:tag@", FFFF]),
            domain: "test:5000",
            repository: "test:5000/repo",
            tag: "tag",
            digest: FFFF,
            ..Default::default()
        },
        ParseCase {
            input: "test:5000/repo",
            domain: "test:5000",
            repository: "test:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "",
            err: Some("repository name must have at least one component"),
            ..Default::default()
        },
        ParseCase {
            input: ":justtag",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: cat(&["@", FFFF]),
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "repo@sha256:ffffffffffffffffffffffffffffffffff",
            err: Some("invalid checksum digest length"),
            ..Default::default()
        },
        ParseCase {
            input: "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            err: Some("unsupported digest algorithm"),
            ..Default::default()
        },
        // In Go this case fails with "unsupported digest algorithm" because
        // the test binary does not link crypto/sha512. This crate always
        // supports sha512 (go-digest v1.0.0's table), so it parses.
        ParseCase {
            input: "validname@sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            repository: "validname",
            digest: "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            ..Default::default()
        },
        ParseCase {
            input: "Uppercase:tag",
            err: Some("repository name must be lowercase"),
            ..Default::default()
        },
        // Go keeps this case commented out: "Uppercase" is taken as a
        // domain name, so the input parses.
        // ParseCase {
        //     input: "Uppercase/lowercase:tag",
        //     err: Some("repository name must be lowercase"),
        // },
        ParseCase {
            input: "test:5000/Uppercase/lowercase:tag",
            err: Some("repository name must be lowercase"),
            ..Default::default()
        },
        ParseCase {
            input: "lowercase:Uppercase",
            repository: "lowercase",
            tag: "Uppercase",
            ..Default::default()
        },
        ParseCase {
            input: cat(&["domain/", repeat("a", 256), ":tag"]),
            err: Some("repository name must not be more than 255 characters"),
            ..Default::default()
        },
        ParseCase {
            input: cat(&[repeat("a/", 127), "a:tag-puts-this-over-max"]),
            domain: "a",
            repository: cat(&[repeat("a/", 127), "a"]),
            tag: "tag-puts-this-over-max",
            ..Default::default()
        },
        ParseCase {
            input: "aa/asdf$$^/aa",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "sub-dom1.foo.com/bar/baz/quux",
            domain: "sub-dom1.foo.com",
            repository: "sub-dom1.foo.com/bar/baz/quux",
            ..Default::default()
        },
        ParseCase {
            input: "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            domain: "sub-dom1.foo.com",
            repository: "sub-dom1.foo.com/bar/baz/quux",
            tag: "some-long-tag",
            ..Default::default()
        },
        ParseCase {
            input: "b.gcr.io/test.example.com/my-app:test.example.com",
            domain: "b.gcr.io",
            repository: "b.gcr.io/test.example.com/my-app",
            tag: "test.example.com",
            ..Default::default()
        },
        ParseCase {
            // ☃.com in punycode
            input: "xn--n3h.com/myimage:xn--n3h.com",
            domain: "xn--n3h.com",
            repository: "xn--n3h.com/myimage",
            tag: "xn--n3h.com",
            ..Default::default()
        },
        ParseCase {
            // 🐳.com in punycode
            input: cat(&["xn--7o8h.com/myimage:xn--7o8h.com@", FFFF]),
            domain: "xn--7o8h.com",
            repository: "xn--7o8h.com/myimage",
            tag: "xn--7o8h.com",
            digest: FFFF,
            ..Default::default()
        },
        ParseCase {
            input: "foo_bar.com:8080",
            repository: "foo_bar.com",
            tag: "8080",
            ..Default::default()
        },
        ParseCase {
            input: "foo/foo_bar.com:8080",
            domain: "foo",
            repository: "foo/foo_bar.com",
            tag: "8080",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1",
            repository: "192.168.1.1",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1:tag",
            repository: "192.168.1.1",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1:5000",
            repository: "192.168.1.1",
            tag: "5000",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1/repo",
            domain: "192.168.1.1",
            repository: "192.168.1.1/repo",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1:5000/repo",
            domain: "192.168.1.1:5000",
            repository: "192.168.1.1:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "192.168.1.1:5000/repo:5050",
            domain: "192.168.1.1:5000",
            repository: "192.168.1.1:5000/repo",
            tag: "5050",
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]:5000",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]:tag",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]/repo",
            domain: "[2001:db8::1]",
            repository: "[2001:db8::1]/repo",
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8:1:2:3:4:5:6]/repo:tag",
            domain: "[2001:db8:1:2:3:4:5:6]",
            repository: "[2001:db8:1:2:3:4:5:6]/repo",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]:5000/repo",
            domain: "[2001:db8::1]:5000",
            repository: "[2001:db8::1]:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::1]:5000/repo:tag",
            domain: "[2001:db8::1]:5000",
            repository: "[2001:db8::1]:5000/repo",
            tag: "tag",
            ..Default::default()
        },
        ParseCase {
            input: cat(&["[2001:db8::1]:5000/repo@", FFFF]),
            domain: "[2001:db8::1]:5000",
            repository: "[2001:db8::1]:5000/repo",
            digest: FFFF,
            ..Default::default()
        },
        ParseCase {
            input: cat(&["[2001:db8::1]:5000/repo:tag@", FFFF]),
            domain: "[2001:db8::1]:5000",
            repository: "[2001:db8::1]:5000/repo",
            tag: "tag",
            digest: FFFF,
            ..Default::default()
        },
        ParseCase {
            input: "[2001:db8::]:5000/repo",
            domain: "[2001:db8::]:5000",
            repository: "[2001:db8::]:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "[::1]:5000/repo",
            domain: "[::1]:5000",
            repository: "[::1]:5000/repo",
            ..Default::default()
        },
        ParseCase {
            input: "[fe80::1%eth0]:5000/repo",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: "[fe80::1%@invalidzone]:5000/repo",
            err: Some("invalid reference format"),
            ..Default::default()
        },
        ParseCase {
            input: cat(&["example.com/", repeat("a", 255), ":tag"]),
            domain: "example.com",
            repository: cat(&["example.com/", repeat("a", 255)]),
            tag: "tag",
            ..Default::default()
        },
    ]
}

/// `Some(s)` unless `s` is empty, as the Go tables use "" for "none".
fn non_empty(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

#[test]
fn reference_parse() {
    let cases = parse_cases();
    assert_eq!(cases.len(), 48);
    for tc in cases {
        let parsed = Reference::parse(tc.input);
        if let Some(err) = tc.err {
            assert_eq!(
                parsed.map_err(|e| e.to_string()),
                Err(err.to_owned()),
                "{:?}",
                tc.input
            );
            continue;
        }
        let reference = parsed.unwrap_or_else(|e| panic!("{:?}: {e}", tc.input));
        assert_eq!(reference.to_string(), tc.input);
        assert_eq!(reference.name(), tc.repository, "{:?}", tc.input);
        assert_eq!(reference.domain(), tc.domain, "{:?}", tc.input);
        assert_eq!(reference.tag(), non_empty(tc.tag), "{:?}", tc.input);
        assert_eq!(
            reference.digest().map(Digest::to_string).as_deref(),
            non_empty(tc.digest),
            "{:?}",
            tc.input
        );
        // FromStr is Parse.
        assert_eq!(tc.input.parse::<Reference>(), Ok(reference));
    }
}

/// `TestWithNameFailure`: `Reference::with_name` must fail with exactly this
/// message.
#[test]
fn with_name_failure() {
    let cases = [
        ("", "invalid reference format"),
        (":justtag", "invalid reference format"),
        (cat(&["@", FFFF]), "invalid reference format"),
        (
            "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "invalid reference format",
        ),
        ("example.com/repo:tag", "invalid reference format"),
        (
            cat(&["example.com/", repeat("a", 256)]),
            "repository name must not be more than 255 characters",
        ),
        ("aa/asdf$$^/aa", "invalid reference format"),
    ];
    for (input, err) in cases {
        assert_eq!(
            Reference::with_name(input).map_err(|e| e.to_string()),
            Err(err.to_owned()),
            "{input:?}"
        );
    }
}

/// `TestDomainAndPath`: input, domain, path of `Reference::with_name`.
#[test]
fn domain_and_path() {
    let cases = [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "", "test_com/foo"),
        ("test:8080/foo", "test:8080", "foo"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    ];
    for (input, domain, path) in cases {
        let named = Reference::with_name(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(named.domain(), domain, "{input:?}");
        assert_eq!(named.path(), path, "{input:?}");
        assert_eq!(named.tag(), None);
        assert_eq!(named.digest(), None);
    }
}

/// Go's `TestWithTag` and `TestWithDigest` use the digest
/// `sha256:1234567890098765432112345667890098765` (37 hex digits), which a Go
/// `Digest` can hold because it is a plain string that `WithDigest` checks
/// only against the reference grammar. A Rust [`Digest`] is validated as
/// go-digest's `Parse` does, which rejects it; the cases below use this
/// valid digest in its place.
const SHORT_GO_DIGEST: &str = "sha256:1234567890098765432112345667890098765";
const VALID_DIGEST: &str =
    "sha256:1234567890098765432112345667890098765432112345667890098765432112";

#[test]
fn short_go_digest_is_rejected() {
    assert_eq!(
        SHORT_GO_DIGEST.parse::<Digest>().map_err(|e| e.to_string()),
        Err("invalid checksum digest length".to_owned())
    );
}

/// A case of `TestWithTag` and `TestWithDigest`: name, optional digest,
/// optional tag, and the combined string.
struct CombineCase {
    name: &'static str,
    digest: &'static str,
    tag: &'static str,
    combined: &'static str,
}

#[test]
fn with_tag() {
    let cases = [
        CombineCase {
            name: "test.com/foo",
            digest: "",
            tag: "tag",
            combined: "test.com/foo:tag",
        },
        CombineCase {
            name: "foo",
            digest: "",
            tag: "tag2",
            combined: "foo:tag2",
        },
        CombineCase {
            name: "test.com:8000/foo",
            digest: "",
            tag: "tag4",
            combined: "test.com:8000/foo:tag4",
        },
        CombineCase {
            name: "test.com:8000/foo",
            digest: "",
            tag: "TAG5",
            combined: "test.com:8000/foo:TAG5",
        },
        // Go: digest SHORT_GO_DIGEST, combined
        // "test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765".
        CombineCase {
            name: "test.com:8000/foo",
            digest: VALID_DIGEST,
            tag: "TAG5",
            combined: "test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        },
    ];
    for tc in cases {
        let mut named = Reference::with_name(tc.name).unwrap();
        if !tc.digest.is_empty() {
            named = named.with_digest(tc.digest.parse().unwrap());
        }
        let tagged = named.with_tag(tc.tag).unwrap();
        assert_eq!(tagged.to_string(), tc.combined);
    }
}

#[test]
fn with_digest() {
    // Go uses SHORT_GO_DIGEST in every case, with combined strings ending in
    // "@sha256:1234567890098765432112345667890098765".
    let cases = [
        CombineCase {
            name: "test.com/foo",
            digest: VALID_DIGEST,
            tag: "",
            combined: "test.com/foo@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        },
        CombineCase {
            name: "foo",
            digest: VALID_DIGEST,
            tag: "",
            combined: "foo@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        },
        CombineCase {
            name: "test.com:8000/foo",
            digest: VALID_DIGEST,
            tag: "",
            combined: "test.com:8000/foo@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        },
        CombineCase {
            name: "test.com:8000/foo",
            digest: VALID_DIGEST,
            tag: "latest",
            combined: "test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        },
    ];
    for tc in cases {
        let mut named = Reference::with_name(tc.name).unwrap();
        if !tc.tag.is_empty() {
            named = named.with_tag(tc.tag).unwrap();
        }
        let digested = named.with_digest(tc.digest.parse().unwrap());
        assert_eq!(digested.to_string(), tc.combined);
    }
}

/// Domain and path, or the error message.
type Named = Result<(&'static str, &'static str), &'static str>;

/// `TestParseNamed`: input, then domain and path, or the error message.
#[test]
fn parse_named() {
    let cases: [(&str, Named); 8] = [
        ("test.com/foo", Ok(("test.com", "foo"))),
        ("test:8080/foo", Ok(("test:8080", "foo"))),
        ("test_com/foo", Err("repository name must be canonical")),
        ("test.com", Err("repository name must be canonical")),
        ("foo", Err("repository name must be canonical")),
        ("library/foo", Err("repository name must be canonical")),
        ("docker.io/library/foo", Ok(("docker.io", "library/foo"))),
        // Ambiguous case, parser will add "library/" to foo
        ("docker.io/foo", Err("repository name must be canonical")),
    ];
    for (input, expected) in cases {
        let got = Reference::parse_named(input);
        match expected {
            Ok((domain, path)) => {
                let named = got.unwrap_or_else(|e| panic!("{input:?}: {e}"));
                assert_eq!(named.domain(), domain, "{input:?}");
                assert_eq!(named.path(), path, "{input:?}");
            }
            Err(err) => assert_eq!(
                got.map_err(|e| e.to_string()),
                Err(err.to_owned()),
                "{input:?}"
            ),
        }
    }
}

/// Not in Go's tables: Go lower-cases with `strings.ToLower` (simple case
/// mapping, so `İ` becomes `i` and the Kelvin sign `K` becomes `k`) to tell
/// upper case names from malformed ones. The messages were checked against
/// Go.
#[test]
fn lower_casing_like_go() {
    let cases = [
        ("İmage:tag", "repository name must be lowercase"),
        ("\u{212a}elvin", "repository name must be lowercase"),
        ("Σ", "invalid reference format"),
    ];
    for (input, err) in cases {
        assert_eq!(
            Reference::parse(input).map_err(|e| e.to_string()),
            Err(err.to_owned()),
            "{input:?}"
        );
    }
    let cases = [
        (
            "foo/İmage",
            "invalid reference format: repository name (foo/İmage) must be lowercase",
        ),
        ("İ/image", "repository name must be lowercase"),
        (
            "foo/ǅ",
            "invalid reference format: repository name (foo/ǅ) must be lowercase",
        ),
    ];
    for (input, err) in cases {
        assert_eq!(
            Reference::parse_normalized(input).map_err(|e| e.to_string()),
            Err(err.to_owned()),
            "{input:?}"
        );
    }
}
