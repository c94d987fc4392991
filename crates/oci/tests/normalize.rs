//! The tables of Go's `github.com/distribution/reference/normalize_test.go`,
//! case by case.

use berth_oci::{AnyReference, Digest, Reference, familiar_match};

const HEX64: &str = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

/// `TestValidateReferenceName`, valid names: `parse_normalized` accepts them.
const VALID_REPO_NAMES: &[&str] = &[
    "docker/docker",
    "library/debian",
    "debian",
    "localhost/library/debian",
    "localhost/debian",
    "LOCALDOMAIN/library/debian",
    "LOCALDOMAIN/debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    // This test case was moved from invalid to valid since it is valid input
    // when specified with a hostname, it removes the ambiguity from about
    // whether the value is an identifier or repository name
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
];

/// `TestValidateReferenceName`, invalid names. Go only checks that
/// `ParseNormalizedNamed` fails; the messages here are the ones Go gives.
const INVALID_REPO_NAMES: &[(&str, &str)] = &[
    (
        "https://github.com/docker/docker",
        "invalid reference format",
    ),
    (
        "docker/Docker",
        "invalid reference format: repository name (docker/Docker) must be lowercase",
    ),
    ("-docker", "invalid reference format"),
    ("-docker/docker", "invalid reference format"),
    ("-docker.io/docker/docker", "invalid reference format"),
    ("docker///docker", "invalid reference format"),
    (
        "docker.io/docker/Docker",
        "invalid reference format: repository name (docker/Docker) must be lowercase",
    ),
    ("docker.io/docker///docker", "invalid reference format"),
    ("[fc00::1]", "invalid reference format"),
    ("[fc00::1]:5000", "invalid reference format"),
    ("fc00::1:5000/debian", "invalid reference format"),
    ("[fe80::1%eth0]:5000/debian", "invalid reference format"),
    (
        "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "invalid reference format",
    ),
    (
        HEX64,
        "invalid repository name (1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a), cannot specify 64-byte hexadecimal strings",
    ),
];

fn assert_parse_normalized_err(input: &str, err: &str) {
    assert_eq!(
        Reference::parse_normalized(input).map_err(|e| e.to_string()),
        Err(err.to_owned()),
        "{input:?}"
    );
}

#[test]
fn validate_reference_name() {
    assert_eq!(VALID_REPO_NAMES.len(), 27);
    assert_eq!(INVALID_REPO_NAMES.len(), 14);
    for (input, err) in INVALID_REPO_NAMES {
        assert_parse_normalized_err(input, err);
    }
    for input in VALID_REPO_NAMES {
        if let Err(e) = Reference::parse_normalized(input) {
            panic!("{input:?}: {e}");
        }
    }
}

/// `TestValidateRemoteName`, valid names.
const VALID_REPOSITORY_NAMES: &[&str] = &[
    // Sanity check.
    "docker/docker",
    // Allow 64-character non-hexadecimal names (hexadecimal names are forbidden).
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    // Allow embedded hyphens.
    "docker-rules/docker",
    // Allow multiple hyphens as well.
    "docker---rules/docker",
    // Username doc and image name docker being tested.
    "doc/docker",
    // single character names are now allowed.
    "d/docker",
    "jess/t",
    // Consecutive underscores.
    "dock__er/docker",
];

/// `TestValidateRemoteName`, invalid names, with the messages Go gives (Go
/// only checks that there is an error).
const INVALID_REPOSITORY_NAMES: &[(&str, &str)] = &[
    // Disallow capital letters.
    (
        "docker/Docker",
        "invalid reference format: repository name (docker/Docker) must be lowercase",
    ),
    // Only allow one slash.
    ("docker///docker", "invalid reference format"),
    // Disallow 64-character hexadecimal.
    (
        HEX64,
        "invalid repository name (1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a), cannot specify 64-byte hexadecimal strings",
    ),
    // Disallow leading and trailing hyphens in namespace.
    ("-docker/docker", "invalid reference format"),
    ("docker-/docker", "invalid reference format"),
    ("-docker-/docker", "invalid reference format"),
    // Don't allow underscores everywhere (as opposed to hyphens).
    ("____/____", "invalid reference format"),
    ("_docker/_docker", "invalid reference format"),
    // Disallow consecutive periods.
    ("dock..er/docker", "invalid reference format"),
    ("dock_.er/docker", "invalid reference format"),
    ("dock-.er/docker", "invalid reference format"),
    // No repository.
    ("docker/", "invalid reference format"),
    // namespace too long
    (
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker",
        "repository name must not be more than 255 characters",
    ),
];

#[test]
fn validate_remote_name() {
    assert_eq!(VALID_REPOSITORY_NAMES.len(), 8);
    assert_eq!(INVALID_REPOSITORY_NAMES.len(), 13);
    for input in VALID_REPOSITORY_NAMES {
        if let Err(e) = Reference::parse_normalized(input) {
            panic!("{input:?}: {e}");
        }
    }
    for (input, err) in INVALID_REPOSITORY_NAMES {
        assert_parse_normalized_err(input, err);
    }
}

/// A case of `TestParseRepositoryInfo`: the familiar, full and (if not
/// empty) ambiguous names all normalise to the same reference.
struct RepositoryInfoCase {
    remote_name: &'static str,
    familiar_name: &'static str,
    full_name: &'static str,
    ambiguous_name: &'static str,
    domain: &'static str,
}

const REPOSITORY_INFO_CASES: &[RepositoryInfoCase] = &[
    RepositoryInfoCase {
        remote_name: "fooo",
        familiar_name: "localhost/fooo",
        full_name: "localhost/fooo",
        ambiguous_name: "localhost/fooo",
        domain: "localhost",
    },
    RepositoryInfoCase {
        remote_name: "fooo/bar",
        familiar_name: "localhost/fooo/bar",
        full_name: "localhost/fooo/bar",
        ambiguous_name: "localhost/fooo/bar",
        domain: "localhost",
    },
    RepositoryInfoCase {
        remote_name: "fooo",
        familiar_name: "LOCALDOMAIN/fooo",
        full_name: "LOCALDOMAIN/fooo",
        ambiguous_name: "LOCALDOMAIN/fooo",
        domain: "LOCALDOMAIN",
    },
    RepositoryInfoCase {
        remote_name: "fooo/bar",
        familiar_name: "LOCALDOMAIN/fooo/bar",
        full_name: "LOCALDOMAIN/fooo/bar",
        ambiguous_name: "LOCALDOMAIN/fooo/bar",
        domain: "LOCALDOMAIN",
    },
    RepositoryInfoCase {
        remote_name: "fooo/bar",
        familiar_name: "fooo/bar",
        full_name: "docker.io/fooo/bar",
        ambiguous_name: "index.docker.io/fooo/bar",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/ubuntu",
        familiar_name: "ubuntu",
        full_name: "docker.io/library/ubuntu",
        ambiguous_name: "library/ubuntu",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "nonlibrary/ubuntu",
        familiar_name: "nonlibrary/ubuntu",
        full_name: "docker.io/nonlibrary/ubuntu",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "other/library",
        familiar_name: "other/library",
        full_name: "docker.io/other/library",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "127.0.0.1:8000/private/moonbase",
        full_name: "127.0.0.1:8000/private/moonbase",
        ambiguous_name: "",
        domain: "127.0.0.1:8000",
    },
    RepositoryInfoCase {
        remote_name: "privatebase",
        familiar_name: "127.0.0.1:8000/privatebase",
        full_name: "127.0.0.1:8000/privatebase",
        ambiguous_name: "",
        domain: "127.0.0.1:8000",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "example.com/private/moonbase",
        full_name: "example.com/private/moonbase",
        ambiguous_name: "",
        domain: "example.com",
    },
    RepositoryInfoCase {
        remote_name: "privatebase",
        familiar_name: "example.com/privatebase",
        full_name: "example.com/privatebase",
        ambiguous_name: "",
        domain: "example.com",
    },
    RepositoryInfoCase {
        remote_name: "private/moonbase",
        familiar_name: "example.com:8000/private/moonbase",
        full_name: "example.com:8000/private/moonbase",
        ambiguous_name: "",
        domain: "example.com:8000",
    },
    RepositoryInfoCase {
        remote_name: "privatebasee",
        familiar_name: "example.com:8000/privatebasee",
        full_name: "example.com:8000/privatebasee",
        ambiguous_name: "",
        domain: "example.com:8000",
    },
    RepositoryInfoCase {
        remote_name: "library/ubuntu-12.04-base",
        familiar_name: "ubuntu-12.04-base",
        full_name: "docker.io/library/ubuntu-12.04-base",
        ambiguous_name: "index.docker.io/library/ubuntu-12.04-base",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/foo",
        familiar_name: "foo",
        full_name: "docker.io/library/foo",
        ambiguous_name: "docker.io/foo",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "library/foo/bar",
        familiar_name: "library/foo/bar",
        full_name: "docker.io/library/foo/bar",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "store/foo/bar",
        familiar_name: "store/foo/bar",
        full_name: "docker.io/store/foo/bar",
        ambiguous_name: "",
        domain: "docker.io",
    },
    RepositoryInfoCase {
        remote_name: "bar",
        familiar_name: "Foo/bar",
        full_name: "Foo/bar",
        ambiguous_name: "",
        domain: "Foo",
    },
    RepositoryInfoCase {
        remote_name: "bar",
        familiar_name: "FOO/bar",
        full_name: "FOO/bar",
        ambiguous_name: "",
        domain: "FOO",
    },
];

#[test]
fn parse_repository_info() {
    assert_eq!(REPOSITORY_INFO_CASES.len(), 20);
    for tc in REPOSITORY_INFO_CASES {
        let mut ref_strings = vec![tc.familiar_name, tc.full_name];
        if !tc.ambiguous_name.is_empty() {
            ref_strings.push(tc.ambiguous_name);
        }
        for r in ref_strings {
            let named = Reference::parse_normalized(r).unwrap_or_else(|e| panic!("{r:?}: {e}"));
            assert_eq!(named.familiar_name(), tc.familiar_name, "{r:?}");
            assert_eq!(named.to_string(), tc.full_name, "{r:?}");
            assert_eq!(named.domain(), tc.domain, "{r:?}");
            assert_eq!(named.path(), tc.remote_name, "{r:?}");
        }
    }
}

#[test]
fn parse_reference_with_tag_and_digest() {
    let short_ref =
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    let reference = Reference::parse_normalized(short_ref).unwrap();
    assert_eq!(
        reference.to_string(),
        format!("docker.io/library/{short_ref}")
    );
    // Go: the reference is both a NamedTagged and a Canonical.
    assert_eq!(reference.tag(), Some("latest"));
    assert_eq!(
        reference.digest().map(Digest::to_string).as_deref(),
        Some("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa")
    );
    assert_eq!(reference.familiar_string(), short_ref);
}

/// `TestInvalidReferenceComponents`. Go only checks that there is an error;
/// the messages here are the ones Go gives.
#[test]
fn invalid_reference_components() {
    assert_parse_normalized_err("-foo", "invalid reference format");
    let reference = Reference::parse_normalized("busybox").unwrap();
    assert_eq!(
        reference.with_tag("-foo").map_err(|e| e.to_string()),
        Err("invalid tag format".to_owned())
    );
    // Go: `WithDigest(ref, digest.Digest("foo"))` fails with "invalid digest
    // format". A `Digest` is validated when it is made, so the same input
    // fails earlier, with go-digest's message for it.
    assert_eq!(
        "foo".parse::<Digest>().map_err(|e| e.to_string()),
        Err("invalid checksum digest format".to_owned())
    );
}

/// A case of `TestParseAnyReference`. Unless `expected_digest` is set, the
/// result must equal `Reference::parse(equivalent)`; otherwise it must be
/// that bare digest (Go's `digestReference`).
struct AnyCase {
    reference: &'static str,
    equivalent: &'static str,
    expected_digest: Option<&'static str>,
}

const ANY_CASES: &[AnyCase] = &[
    AnyCase {
        reference: "redis",
        equivalent: "docker.io/library/redis",
        expected_digest: None,
    },
    AnyCase {
        reference: "redis:latest",
        equivalent: "docker.io/library/redis:latest",
        expected_digest: None,
    },
    AnyCase {
        reference: "docker.io/library/redis:latest",
        equivalent: "docker.io/library/redis:latest",
        expected_digest: None,
    },
    AnyCase {
        reference: "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: None,
    },
    AnyCase {
        reference: "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: None,
    },
    AnyCase {
        reference: "dmcgowan/myapp",
        equivalent: "docker.io/dmcgowan/myapp",
        expected_digest: None,
    },
    AnyCase {
        reference: "dmcgowan/myapp:latest",
        equivalent: "docker.io/dmcgowan/myapp:latest",
        expected_digest: None,
    },
    AnyCase {
        reference: "docker.io/mcgowan/myapp:latest",
        equivalent: "docker.io/mcgowan/myapp:latest",
        expected_digest: None,
    },
    AnyCase {
        reference: "dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: None,
    },
    AnyCase {
        reference: "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: None,
    },
    AnyCase {
        reference: "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: Some(
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        ),
    },
    AnyCase {
        reference: "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        equivalent: "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        expected_digest: Some(
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        ),
    },
    AnyCase {
        reference: "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        equivalent: "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        expected_digest: None,
    },
    AnyCase {
        reference: "dbcc1",
        equivalent: "docker.io/library/dbcc1",
        expected_digest: None,
    },
];

#[test]
fn parse_any_reference() {
    assert_eq!(ANY_CASES.len(), 14);
    for tc in ANY_CASES {
        let any = Reference::parse_any(tc.reference)
            .unwrap_or_else(|e| panic!("{:?}: {e}", tc.reference));
        assert_eq!(any.to_string(), tc.equivalent, "{:?}", tc.reference);
        let expected = match tc.expected_digest {
            Some(digest) => AnyReference::Digest(digest.parse().unwrap()),
            None => AnyReference::Named(Reference::parse(tc.equivalent).unwrap()),
        };
        assert_eq!(any, expected, "{:?}", tc.reference);
        assert_eq!(tc.reference.parse::<AnyReference>(), Ok(any));
    }
}

/// `TestNormalizedSplitHostname`: input, domain, path after
/// `parse_normalized`.
#[test]
fn normalized_split_hostname() {
    let cases = [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "docker.io", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("foo", "docker.io", "library/foo"),
        ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ("docker.io/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
    ];
    for (input, domain, path) in cases {
        let named = Reference::parse_normalized(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(named.domain(), domain, "{input:?}");
        assert_eq!(named.path(), path, "{input:?}");
    }
}

/// `TestMatchError`. Go only checks that there is an error.
#[test]
fn match_error() {
    let named = Reference::parse_any("foo").unwrap();
    assert_eq!(
        named.familiar_match("[-x]").map_err(|e| e.to_string()),
        Err("syntax error in pattern".to_owned())
    );
    let named = Reference::try_from(named).unwrap();
    assert_eq!(
        familiar_match("[-x]", &named).map_err(|e| e.to_string()),
        Err("syntax error in pattern".to_owned())
    );
}

/// `TestMatch`: reference, pattern, expected result.
#[test]
fn familiar_match_table() {
    let cases = [
        ("foo", "foo/**/ba[rz]", false),
        ("foo/any/bat", "foo/**/ba[rz]", false),
        ("foo/a/bar", "foo/**/ba[rz]", true),
        ("foo/b/baz", "foo/**/ba[rz]", true),
        ("foo/c/baz:tag", "foo/**/ba[rz]", true),
        ("foo/c/baz:tag", "foo/*/baz:tag", true),
        ("foo/c/baz:tag", "foo/c/baz:tag", true),
        ("example.com/foo/c/baz:tag", "*/foo/c/baz", true),
        ("example.com/foo/c/baz:tag", "example.com/foo/c/baz", true),
    ];
    for (reference, pattern, expected) in cases {
        let any = Reference::parse_any(reference).unwrap();
        assert_eq!(
            any.familiar_match(pattern),
            Ok(expected),
            "{reference:?} {pattern:?}"
        );
        let named = Reference::try_from(any).unwrap();
        assert_eq!(
            familiar_match(pattern, &named),
            Ok(expected),
            "{reference:?} {pattern:?}"
        );
    }
}

/// `TestParseDockerRef`: name, input, expected.
#[test]
fn parse_docker_ref() {
    let cases = [
        ("nothing", "busybox", "docker.io/library/busybox:latest"),
        (
            "tag only",
            "busybox:latest",
            "docker.io/library/busybox:latest",
        ),
        (
            "digest only",
            "busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
            "docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        ),
        (
            "path only",
            "library/busybox",
            "docker.io/library/busybox:latest",
        ),
        (
            "hostname only",
            "docker.io/busybox",
            "docker.io/library/busybox:latest",
        ),
        (
            "no tag",
            "docker.io/library/busybox",
            "docker.io/library/busybox:latest",
        ),
        (
            "no path",
            "docker.io/busybox:latest",
            "docker.io/library/busybox:latest",
        ),
        (
            "no hostname",
            "library/busybox:latest",
            "docker.io/library/busybox:latest",
        ),
        (
            "full reference with tag",
            "docker.io/library/busybox:latest",
            "docker.io/library/busybox:latest",
        ),
        (
            "gcr reference without tag",
            "gcr.io/library/busybox",
            "gcr.io/library/busybox:latest",
        ),
        (
            "both tag and digest",
            "gcr.io/library/busybox:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
            "gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        ),
    ];
    for (name, input, expected) in cases {
        let normalized =
            Reference::parse_docker_ref(input).unwrap_or_else(|e| panic!("{name}: {e}"));
        let output = normalized.to_string();
        assert_eq!(output, expected, "{name}");
        if let Err(e) = Reference::parse(&output) {
            panic!("{name}: {output:?} should be a valid reference: {e}");
        }
    }
}
