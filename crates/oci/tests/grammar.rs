//! The tables of Go's `github.com/distribution/reference/regexp_test.go`,
//! case by case, against the patterns of [`berth_oci::grammar`].

use berth_oci::grammar;
use regex::Regex;

/// `strings.Repeat`, as a `'static` string for the tables.
fn repeat(s: &str, n: usize) -> &'static str {
    s.repeat(n).leak()
}

/// String concatenation, as a `'static` string for the tables.
fn cat(parts: &[&str]) -> &'static str {
    parts.concat().leak()
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

/// Go's `checkRegexp`: an expected match must cover the whole input and
/// have the expected leading submatches (a group that did not take part is
/// `""`, as in Go); otherwise there must be no match at all.
fn check_regexp(r: &Regex, input: &str, matches: bool, subs: &[&str]) {
    match r.captures(input) {
        Some(captures) if matches => {
            assert_eq!(&captures[0], input, "bad match for {input:?}");
            assert!(
                captures.len() > subs.len(),
                "expected {} submatches for {input:?}",
                subs.len()
            );
            for (i, sub) in subs.iter().enumerate() {
                let got = captures.get(i + 1).map_or("", |m| m.as_str());
                assert_eq!(got, *sub, "submatch {} of {input:?}", i + 1);
            }
        }
        None if matches => panic!("expected match for {input:?}"),
        Some(_) => panic!("unexpected match for {input:?}"),
        None => {}
    }
}

/// `TestDomainRegexp`: `^` + domainAndPort + `$` on input, expected match.
#[test]
fn domain_regexp() {
    let cases = [
        ("test.com", true),
        ("test.com:10304", true),
        ("test.com:http", false),
        ("localhost", true),
        ("localhost:8080", true),
        ("a", true),
        ("a.b", true),
        ("ab.cd.com", true),
        ("a-b.com", true),
        ("-ab.com", false),
        ("ab-.com", false),
        ("ab.c-om", true),
        ("ab.-com", false),
        ("ab.com-", false),
        // TODO(dmcgowan): valid if this should be allowed
        ("0101.com", true),
        ("001a.com", true),
        ("b.gbc.io:443", true),
        ("b.gbc.io", true),
        // ☃.com in punycode
        ("xn--n3h.com", true),
        // uppercase character
        ("Asdf.com", true),
        // ipv4
        ("192.168.1.1:75050", true),
        // port with more than 5 digits, it will fail on validation
        ("192.168.1.1:750050", true),
        // ipv6 compressed
        ("[fd00:1:2::3]:75050", true),
        // ipv6 wrong port separator
        ("[fd00:1:2::3]75050", false),
        // ipv6 wrong port separator
        ("[fd00:1:2::3]::75050", false),
        // ipv6 with zone
        ("[fd00:1:2::3%eth0]:75050", false),
        // ipv6 wrong format, will fail in validation
        ("[fd00123123123]:75050", true),
        // ipv6 long format
        ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", true),
        // ipv6 long format and invalid port, it will fail in validation
        ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", true),
        // bad ipv6 without square brackets
        ("fd00:1:2::3:75050", false),
    ];
    assert_eq!(cases.len(), 30);
    let r = compile(&format!("^{}$", grammar::DOMAIN));
    for (input, matches) in cases {
        assert_eq!(r.is_match(input), matches, "{input:?}");
    }
}

/// `TestFullNameRegexp`: the anchored name pattern on input, expected match,
/// expected (domain, remote name) submatches.
#[test]
fn full_name_regexp() {
    let r = compile(grammar::ANCHORED_NAME);
    // Go: `anchoredNameRegexp.NumSubexp() == 2`; Rust counts group 0 too.
    assert_eq!(r.captures_len(), 3);
    let cases: Vec<(&str, bool, &[&str])> = vec![
        ("", false, &[]),
        ("short", true, &["", "short"]),
        ("simple/name", true, &["simple", "name"]),
        ("library/ubuntu", true, &["library", "ubuntu"]),
        ("docker/stevvooe/app", true, &["docker", "stevvooe/app"]),
        (
            "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb",
            true,
            &["aa", "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"],
        ),
        ("aa/aa/bb/bb/bb", true, &["aa", "aa/bb/bb/bb"]),
        ("a/a/a/a", true, &["a", "a/a/a"]),
        ("a/a/a/a/", false, &[]),
        ("a//a/a", false, &[]),
        ("a", true, &["", "a"]),
        ("a/aa", true, &["a", "aa"]),
        ("a/aa/a", true, &["a", "aa/a"]),
        ("foo.com", true, &["", "foo.com"]),
        ("foo.com/", false, &[]),
        ("foo.com:8080/bar", true, &["foo.com:8080", "bar"]),
        ("foo.com:http/bar", false, &[]),
        ("foo.com/bar", true, &["foo.com", "bar"]),
        ("foo.com/bar/baz", true, &["foo.com", "bar/baz"]),
        ("localhost:8080/bar", true, &["localhost:8080", "bar"]),
        (
            "sub-dom1.foo.com/bar/baz/quux",
            true,
            &["sub-dom1.foo.com", "bar/baz/quux"],
        ),
        ("blog.foo.com/bar/baz", true, &["blog.foo.com", "bar/baz"]),
        ("a^a", false, &[]),
        ("aa/asdf$$^/aa", false, &[]),
        ("asdf$$^/aa", false, &[]),
        ("aa-a/a", true, &["aa-a", "a"]),
        (
            cat(&[repeat("a/", 128), "a"]),
            true,
            Vec::leak(vec!["a", cat(&[repeat("a/", 127), "a"])]),
        ),
        ("a-/a/a/a", false, &[]),
        ("foo.com/a-/a/a", false, &[]),
        ("-foo/bar", false, &[]),
        ("foo/bar-", false, &[]),
        ("foo-/bar", false, &[]),
        ("foo/-bar", false, &[]),
        ("_foo/bar", false, &[]),
        ("foo_bar", true, &["", "foo_bar"]),
        ("foo_bar.com", true, &["", "foo_bar.com"]),
        ("foo_bar.com:8080", false, &[]),
        ("foo_bar.com:8080/app", false, &[]),
        ("foo.com/foo_bar", true, &["foo.com", "foo_bar"]),
        ("____/____", false, &[]),
        ("_docker/_docker", false, &[]),
        ("docker_/docker_", false, &[]),
        (
            "b.gcr.io/test.example.com/my-app",
            true,
            &["b.gcr.io", "test.example.com/my-app"],
        ),
        // ☃.com in punycode
        ("xn--n3h.com/myimage", true, &["xn--n3h.com", "myimage"]),
        // 🐳.com in punycode
        ("xn--7o8h.com/myimage", true, &["xn--7o8h.com", "myimage"]),
        // 🐳.com in punycode
        (
            "example.com/xn--7o8h.com/myimage",
            true,
            &["example.com", "xn--7o8h.com/myimage"],
        ),
        (
            "example.com/some_separator__underscore/myimage",
            true,
            &["example.com", "some_separator__underscore/myimage"],
        ),
        ("example.com/__underscore/myimage", false, &[]),
        ("example.com/..dots/myimage", false, &[]),
        ("example.com/.dots/myimage", false, &[]),
        ("example.com/nodouble..dots/myimage", false, &[]),
        ("example.com/nodouble..dots/myimage", false, &[]),
        ("docker./docker", false, &[]),
        (".docker/docker", false, &[]),
        ("docker-/docker", false, &[]),
        ("-docker/docker", false, &[]),
        ("do..cker/docker", false, &[]),
        ("do__cker:8080/docker", false, &[]),
        ("do__cker/docker", true, &["", "do__cker/docker"]),
        (
            "b.gcr.io/test.example.com/my-app",
            true,
            &["b.gcr.io", "test.example.com/my-app"],
        ),
        (
            "registry.io/foo/project--id.module--name.ver---sion--name",
            true,
            &[
                "registry.io",
                "foo/project--id.module--name.ver---sion--name",
            ],
        ),
        // uppercase character in hostname
        ("Asdf.com/foo/bar", true, &[]),
        // uppercase characters in remote name
        ("Foo/FarB", false, &[]),
    ];
    assert_eq!(cases.len(), 63);
    for (input, matches, subs) in cases {
        check_regexp(&r, input, matches, subs);
    }
}

/// `TestReferenceRegexp`: the reference pattern on input, expected match,
/// expected (name, tag, digest) submatches.
#[test]
fn reference_regexp() {
    let r = compile(grammar::REFERENCE);
    // Go: `referenceRegexp.NumSubexp() == 3`; Rust counts group 0 too.
    assert_eq!(r.captures_len(), 4);
    let cases: [(&str, bool, &[&str]); 12] = [
        (
            "registry.com:8080/myapp:tag",
            true,
            &["registry.com:8080/myapp", "tag", ""],
        ),
        (
            "registry.com:8080/myapp@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            true,
            &[
                "registry.com:8080/myapp",
                "",
                "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            ],
        ),
        (
            "registry.com:8080/myapp:tag2@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            true,
            &[
                "registry.com:8080/myapp",
                "tag2",
                "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            ],
        ),
        ("registry.com:8080/myapp@sha256:badbadbadbad", false, &[]),
        ("registry.com:8080/myapp:invalid~tag", false, &[]),
        ("bad_hostname.com:8080/myapp:tag", false, &[]),
        // localhost treated as name, missing tag with 8080 as tag
        (
            "localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            true,
            &[
                "localhost",
                "8080",
                "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            ],
        ),
        (
            "localhost:8080/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            true,
            &[
                "localhost:8080/name",
                "",
                "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            ],
        ),
        (
            "localhost:http/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            false,
            &[],
        ),
        // localhost will be treated as an image name without a host
        (
            "localhost@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            true,
            &[
                "localhost",
                "",
                "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
            ],
        ),
        ("registry.com:8080/myapp@bad", false, &[]),
        // TODO(dmcgowan): Support this as valid
        ("registry.com:8080/myapp@2bad", false, &[]),
    ];
    for (input, matches, subs) in cases {
        check_regexp(&r, input, matches, subs);
    }
}

/// `TestIdentifierRegexp`: the anchored identifier pattern on input,
/// expected match.
#[test]
fn identifier_regexp() {
    let cases = [
        (
            "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
            true,
        ),
        (
            "7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C",
            false,
        ),
        (
            "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf",
            false,
        ),
        (
            "sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
            false,
        ),
        (
            "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482",
            false,
        ),
    ];
    assert_eq!(cases.len(), 5);
    let r = compile(&format!("^{}$", grammar::IDENTIFIER));
    for (input, matches) in cases {
        assert_eq!(r.is_match(input), matches, "{input:?}");
    }
}
