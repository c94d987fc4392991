//! `docker images`: filters, listing, IDs and sorting, against Docker's own cases.
//!
//! Sources cited next to each case:
//! - moby `integration-cli/docker_cli_images_test.go` (ICLI),
//! - moby `integration/image/list_test.go` (IMG),
//! - moby `daemon/internal/filters/parse_test.go` (FILTERS),
//! - moby `daemon/internal/timestamp/timestamp_test.go` (TS),
//! - moby `daemon/images/image_list.go`, `daemon/images/image.go` (code),
//! - docker/cli `cli/command/image/list_test.go` (CLI-LIST),
//! - docker/cli `cli/command/formatter/image_test.go` (CLI-FMT),
//! - docker/cli `opts/opts.go`, `cli/command/image/list.go` (code).

use std::collections::BTreeMap;

use berth_oci::{Digest, Reference};
use berth_store::{
    Error, Filters, ImageListing, ImageRecord, ImageState, ImageSummary, LayerRecord, ListIndex,
    ListOptions, RefRecord, SortColumn, ambiguous_hint, format_id, list_images, parse_until,
    quiet_ids, reference_matches, resolve_image, sort_rows, validate_image_filters,
};

// ---------------------------------------------------------------------------------------
// Fixtures

/// An image whose ID is `sha256:` + `hex_prefix` padded with zeros (so tests control
/// prefixes), created at `created`, with one verified layer.
fn image(hex_prefix: &str, created: &str) -> ImageRecord {
    let hex = format!("{hex_prefix:0<64}");
    let id = Digest::sha256_hex(&hex).expect("test IDs are hex");
    ImageRecord {
        id,
        manifest_digest: Digest::sha256_of(format!("m{hex}").as_bytes()),
        index_digest: None,
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        manifest_size: 400,
        config_size: 1000,
        layers: vec![LayerRecord {
            digest: Digest::sha256_of(format!("l{hex}").as_bytes()),
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
            size: 5000,
            diff_id: Some(Digest::sha256_of(format!("d{hex}").as_bytes())),
            uncompressed_size: Some(12_000),
        }],
        created: Some(created.into()),
        platform: "linux/amd64".into(),
        labels: BTreeMap::new(),
        parent: None,
        ref_epoch: 0,
        pulled_at: 0.0,
        state: ImageState::Ready,
    }
}

fn with_labels(mut image: ImageRecord, labels: &[(&str, &str)]) -> ImageRecord {
    image.labels = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    image
}

fn with_parent(mut image: ImageRecord, parent: &ImageRecord) -> ImageRecord {
    image.parent = Some(parent.id.clone());
    image
}

/// A reference as the store keys it (canonical), pointing at `image`.
fn r(reference: &str, image: &ImageRecord) -> (String, RefRecord) {
    let canonical = Reference::parse_normalized(reference)
        .expect("test references parse")
        .to_string();
    (
        canonical,
        RefRecord {
            image_id: image.id.clone(),
            repo_digest: None,
        },
    )
}

fn digest_of(seed: &str) -> Digest {
    Digest::sha256_of(seed.as_bytes())
}

fn filters(text: &str) -> Filters {
    Filters::parse(text).expect("test filters parse")
}

fn opts(filter_text: &str) -> ListOptions {
    ListOptions {
        filters: filters(filter_text),
        ..ListOptions::default()
    }
}

fn table(rows: &[ImageSummary]) -> Vec<(String, String)> {
    rows.iter()
        .map(|s| (s.repository.clone(), s.tag.clone()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn ids(rows: &[ImageSummary]) -> Vec<Digest> {
    let mut out: Vec<Digest> = Vec::new();
    for row in rows {
        if out.last() != Some(&row.image_id) {
            out.push(row.image_id.clone());
        }
    }
    out
}

fn list(
    images: &[ImageRecord],
    refs: &[(String, RefRecord)],
    options: &ListOptions,
) -> Vec<ImageSummary> {
    list_images(images, refs, options).expect("listing succeeds")
}

fn list_err(images: &[ImageRecord], refs: &[(String, RefRecord)], options: &ListOptions) -> Error {
    list_images(images, refs, options).expect_err("listing fails")
}

// ---------------------------------------------------------------------------------------
// Filter parsing and validation

#[test]
fn filter_words_are_parsed_like_the_cli() {
    // docker/cli opts.FilterOpt.Set: key trimmed and lower-cased, value trimmed; values of
    // a key form a set.
    let f = filters(
        "dangling=true reference=ubuntu* label=maintainer label=a=b before=ubuntu:22.04 since=abc",
    );
    assert_eq!(f.get("dangling"), vec!["true"]);
    assert_eq!(f.get("reference"), vec!["ubuntu*"]);
    assert_eq!(f.get("label"), vec!["a=b", "maintainer"]);
    assert_eq!(f.get("before"), vec!["ubuntu:22.04"]);
    assert_eq!(f.get("since"), vec!["abc"]);
    assert_eq!(
        f.keys().collect::<Vec<_>>(),
        vec!["before", "dangling", "label", "reference", "since"]
    );
    assert_eq!(filters("label=a label=a").get("label"), vec!["a"], "a set");
    assert!(filters("").is_empty());
    assert!(filters("   ").is_empty());
    // Quotes group a value with spaces (ICLI TestImagesFilterLabelMatch: `label=match=me too`).
    assert_eq!(
        filters("'label=match=me too'").get("label"),
        vec!["match=me too"]
    );
    assert_eq!(
        filters("label=\"match=me too\"").get("label"),
        vec!["match=me too"]
    );
    assert_eq!(filters(r"label=a\ b").get("label"), vec!["a b"]);
}

#[test]
fn filter_space_and_case_are_trimmed() {
    // ICLI TestImagesFilterSpaceTrimCase: five spellings, one filter.
    let expected = filters("dangling=true");
    for text in [
        "dangling=true",
        "Dangling=true",
        "' dangling=true'",
        "'dangling=true '",
        "'dangling = true'",
    ] {
        assert_eq!(filters(text), expected, "{text}");
    }
}

#[test]
fn filter_errors_have_dockers_texts() {
    // (filter text, Display, cli_message)
    let cases: &[(&str, &str, &str)] = &[
        // docker/cli opts/opts.go FilterOpt.Set
        (
            "dangling",
            "bad format of filter (expected name=value)",
            "invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
        ),
        // a shell would split "dangling = true" into three words: the first has no '='
        (
            "dangling = true",
            "bad format of filter (expected name=value)",
            "invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
        ),
        (
            "label=x 'foo bar'",
            "bad format of filter (expected name=value)",
            "invalid argument \"foo bar\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
        ),
        (
            "label='a",
            "unexpected EOF while looking for matching `''",
            "unexpected EOF while looking for matching `''",
        ),
        (
            "label=\"a",
            "unexpected EOF while looking for matching `\"'",
            "unexpected EOF while looking for matching `\"'",
        ),
    ];
    for (text, display, cli) in cases {
        let err = Filters::parse(text).unwrap_err();
        assert_eq!(err.to_string(), *display, "{text}");
        assert_eq!(err.cli_message(), *cli, "{text}");
        assert!(err.is_client_side());
    }
}

#[test]
fn daemon_filter_validation() {
    // (filter text, error Display) — cli_message adds "Error response from daemon: ".
    let cases: &[(&str, &str)] = &[
        // ICLI TestImagesErrorWithInvalidFilterNameTest (`-f FOO=123`; the CLI lower-cases)
        ("FOO=123", "invalid filter 'foo'"),
        // code: filters.Validate against acceptedImageFilterTags
        ("name=value", "invalid filter 'name'"),
        ("status=running", "invalid filter 'status'"),
        // an empty key: invalidFilter prints no name
        ("=x", "invalid filter"),
        // ICLI TestImagesWithIncorrectFilter
        ("dangling=invalid", "invalid filter 'dangling=[invalid]'"),
        // FILTERS TestGetBoolOrDefault "single bad value", "two bad values"
        ("dangling=potato", "invalid filter 'dangling=[potato]'"),
        (
            "dangling=potato dangling=banana",
            "invalid filter 'dangling=[banana potato]'",
        ),
        // FILTERS TestGetBoolOrDefault "two conflicting values", "multiple conflicting values"
        (
            "dangling=true dangling=false",
            "invalid filter 'dangling=[false true]'",
        ),
        (
            "dangling=false dangling=true dangling=1",
            "invalid filter 'dangling=[1 false true]'",
        ),
        // Go prints []string{""} as "[]"
        ("dangling=", "invalid filter 'dangling=[]'"),
        // unknown keys are reported before bad dangling values
        ("dangling=maybe foo=1", "invalid filter 'foo'"),
    ];
    for (text, expected) in cases {
        let err = validate_image_filters(&filters(text)).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{text}");
        assert_eq!(
            err.cli_message(),
            format!("Error response from daemon: {expected}"),
            "{text}"
        );
        assert!(!err.is_client_side());
        // list_images reports the same
        assert_eq!(list_err(&[], &[], &opts(text)), err, "{text}");
    }
    // FILTERS TestGetBoolOrDefault: true/1, false/0, consistent repeats.
    let ok: &[(&str, bool)] = &[
        ("", false),
        ("dangling=true", true),
        ("dangling=1", true),
        ("dangling=false", false),
        ("dangling=0", false),
        ("dangling=true dangling=1", true),
        ("dangling=0 dangling=false", false),
        ("label=a reference=b before=c since=d until=1h", false),
    ];
    for (text, expected) in ok {
        assert_eq!(
            validate_image_filters(&filters(text)),
            Ok(*expected),
            "{text}"
        );
    }
}

#[test]
fn label_filters_and_together() {
    // FILTERS TestArgsMatchKVList, TestArgsMatchKVListEmptySources
    let sources: BTreeMap<String, String> =
        [("key1", "value1"), ("key2", "value2"), ("key3", "value3")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let empty = BTreeMap::new();
    assert!(Filters::new().match_kv_list("created", &empty));
    assert!(!filters("created=today").match_kv_list("created", &empty));
    assert!(Filters::new().match_kv_list("field", &sources));
    assert!(filters("created=today labels=key1").match_kv_list("labels", &sources));
    assert!(filters("created=today labels=key1=value1").match_kv_list("labels", &sources));
    assert!(!filters("created=today").match_kv_list("created", &sources));
    assert!(!filters("created=today labels=key4").match_kv_list("labels", &sources));
    assert!(!filters("created=today labels=key1=value3").match_kv_list("labels", &sources));
    // AND: every label value must match
    assert!(filters("labels=key1 labels=key2=value2").match_kv_list("labels", &sources));
    assert!(!filters("labels=key1 labels=key4").match_kv_list("labels", &sources));
    // FILTERS TestExactMatch
    assert!(Filters::new().exact_match("status", "running"));
    assert!(filters("status=running").exact_match("status", "running"));
    assert!(!filters("status=running").exact_match("status", "paused"));
}

// ---------------------------------------------------------------------------------------
// Reference matching

#[test]
fn reference_pattern_table() {
    // (reference as tagged, pattern, matches)
    let cases: &[(&str, &str, bool)] = &[
        // docs/ICLI: a name matches all its tags, a prefix does not (`jav` is not `java`)
        ("java:latest", "java", true),
        ("java:latest", "jav", false),
        ("java:latest", "java*", true),
        ("java:latest", "java:latest", true),
        ("java:latest", "java:l*", true),
        ("java:latest", "java:8", false),
        ("java:latest", "*", true),
        ("java:latest", "*/java", false),
        // IMG TestAPIImagesFilters "canonical name without a tag", "… with glob tag"
        // (moby daf25751d5: canonical name and string are targets too)
        ("java:latest", "docker.io/library/java", true),
        ("java:latest", "docker.io/library/java:*", true),
        ("java:latest", "docker.io/library/*", true),
        ("java:latest", "docker.io/*/java", true),
        // …but not the path without its domain
        ("java:latest", "library/java", false),
        // IMG TestAPIImagesFilters with utest:tag1, utest/docker:tag2, utest:5000/docker:tag3
        ("utest:tag1", "utest*/*", false),
        ("utest/docker:tag2", "utest*/*", true),
        ("utest:5000/docker:tag3", "utest*/*", true),
        ("utest:tag1", "utest*", true),
        ("utest/docker:tag2", "utest*", false),
        ("utest:5000/docker:tag3", "utest*", false),
        ("utest:tag1", "utest", true),
        ("utest/docker:tag2", "utest", false),
        ("utest:5000/docker:tag3", "*5000*/*", true),
        ("utest/docker:tag2", "*5000*/*", false),
        ("utest/docker:tag2", "docker.io/utest/docker", true),
        // ICLI TestImagesFilterNameWithPort (#18181)
        ("a.b.c.d:5000/hello:latest", "a.b.c.d:5000/hello", true),
        (
            "a.b.c.d:5000/hello:latest",
            "a.b.c.d:5000/hello:latest",
            true,
        ),
        (
            "a.b.c.d:5000/hello:latest",
            "a.b.c.d:5000/hello:no-such-tag",
            false,
        ),
        ("a.b.c.d:5000/hello:latest", "hello", false),
        (
            "127.0.0.1:5000/berth/hello:1.0",
            "127.0.0.1:5000/berth/*",
            true,
        ),
        ("127.0.0.1:5000/berth/hello:1.0", "*/berth/hello:1.*", true),
        ("localhost/app:dev", "localhost/app", true),
        ("localhost/app:dev", "app", false),
        // user repositories on Docker Hub
        ("dmcgowan/myapp:v1", "dmcgowan/*", true),
        ("dmcgowan/myapp:v1", "dmcgowan/*:v?", true),
        ("dmcgowan/myapp:v1", "*", false),
        ("dmcgowan/myapp:v1", "docker.io/dmcgowan/myapp:v1", true),
    ];
    for (reference, pattern, expected) in cases {
        let reference = Reference::parse_normalized(reference).unwrap();
        assert_eq!(
            reference_matches(&[pattern], &reference),
            Ok(*expected),
            "{pattern} vs {reference}"
        );
    }
    // Several patterns OR together (IMG TestImagesFilterMultiReference).
    let java = Reference::parse_normalized("java:8").unwrap();
    assert_eq!(
        reference_matches(&["python", "jav", "java:8"], &java),
        Ok(true)
    );
    assert_eq!(reference_matches(&["python", "jav"], &java), Ok(false));
    // A digest reference: matched by name, not by a tag.
    let d = digest_of("java");
    let by_digest = Reference::parse_normalized(&format!("java@{d}")).unwrap();
    assert_eq!(reference_matches(&["java"], &by_digest), Ok(true));
    assert_eq!(reference_matches(&["java:latest"], &by_digest), Ok(false));
    assert_eq!(
        reference_matches(&[&format!("java@{d}")], &by_digest),
        Ok(true)
    );
    // A malformed pattern is Go's path.ErrBadPattern.
    let err = reference_matches(&["java["], &java).unwrap_err();
    assert_eq!(err.to_string(), "syntax error in pattern");
    assert_eq!(
        err.cli_message(),
        "Error response from daemon: syntax error in pattern"
    );
}

// ---------------------------------------------------------------------------------------
// Listing

#[test]
fn argument_shows_only_matching_tags() {
    // ICLI TestImagesEnsureImageWithTagIsListed, TestImagesEnsureImageWithBadTagIsNotListed
    let busybox = image("b0", "2024-01-01T00:00:00Z");
    let refs = vec![
        r("busybox:latest", &busybox),
        r("imagewithtag:v1", &busybox),
        r("imagewithtag:v1v1", &busybox),
        r("imagewithtag:v2", &busybox),
    ];
    let images = [busybox];
    let with_arg = |arg: &str| ListOptions {
        reference: Some(arg.into()),
        ..ListOptions::default()
    };
    assert_eq!(
        table(&list(&images, &refs, &with_arg("imagewithtag:v1"))),
        pairs(&[("imagewithtag", "v1")])
    );
    assert_eq!(
        table(&list(&images, &refs, &with_arg("imagewithtag"))),
        pairs(&[
            ("imagewithtag", "v1"),
            ("imagewithtag", "v1v1"),
            ("imagewithtag", "v2")
        ])
    );
    assert!(list(&images, &refs, &with_arg("busybox:nonexistent")).is_empty());
    assert!(list(&images, &refs, &with_arg("imagewith")).is_empty());
    // Without argument: every tag, repositories sorted, tags in the reference store's order.
    assert_eq!(
        table(&list(&images, &refs, &ListOptions::default())),
        pairs(&[
            ("busybox", "latest"),
            ("imagewithtag", "v1"),
            ("imagewithtag", "v1v1"),
            ("imagewithtag", "v2"),
        ])
    );
    // A blank argument is no argument; two words are two arguments.
    assert_eq!(list(&images, &refs, &with_arg("  ")).len(), 4);
    let err = list_err(&images, &refs, &with_arg("busybox ls"));
    assert_eq!(err, Error::TooManyArguments);
    assert_eq!(
        err.to_string(),
        "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker images --help' for more information"
    );
}

#[test]
fn argument_and_reference_filters_or_together() {
    // IMG TestImagesFilterMultiReference (#38171): reference=v1,v2,v3 of four tags.
    let busybox = image("b0", "2024-01-01T00:00:00Z");
    let name = "testimagesfiltermultireference";
    let refs: Vec<_> = (1..=4)
        .map(|i| r(&format!("{name}:v{i}"), &busybox))
        .collect();
    let images = [busybox];
    let rows = list(
        &images,
        &refs,
        &opts(&format!(
            "reference={name}:v1 reference={name}:v2 reference={name}:v3"
        )),
    );
    assert_eq!(ids(&rows).len(), 1);
    assert_eq!(
        table(&rows),
        pairs(&[(name, "v1"), (name, "v2"), (name, "v3")])
    );
    // code (cli list.go): the argument is one more `reference` value.
    let options = ListOptions {
        reference: Some(format!("{name}:v4")),
        ..opts(&format!("reference={name}:v1"))
    };
    assert_eq!(
        table(&list(&images, &refs, &options)),
        pairs(&[(name, "v1"), (name, "v4")])
    );
}

#[test]
fn reference_filter_counts_like_moby() {
    // IMG TestAPIImagesFilters: (pattern, images, RepoTags of the image)
    let busybox = image("b0", "2024-01-01T00:00:00Z");
    let refs = vec![
        r("busybox:latest", &busybox),
        r("utest:tag1", &busybox),
        r("utest/docker:tag2", &busybox),
        r("utest:5000/docker:tag3", &busybox),
    ];
    let images = [busybox];
    let cases: &[(&str, usize, usize)] = &[
        ("utest*/*", 1, 2),
        ("utest*", 1, 1),
        ("utest", 1, 1),
        ("*5000*/*", 1, 1),
        ("docker.io/library/utest", 1, 1),
        ("docker.io/library/utest:*", 1, 1),
        ("docker.io/utest/docker", 1, 1),
        ("nothing", 0, 0),
    ];
    for (pattern, n_images, n_tags) in cases {
        let rows = list(&images, &refs, &opts(&format!("reference={pattern}")));
        assert_eq!(ids(&rows).len(), *n_images, "{pattern}");
        assert_eq!(rows.len(), *n_tags, "{pattern}");
    }
    // code: a malformed pattern fails the listing (only once an image has a reference).
    let err = list_err(&images, &refs, &opts("reference=utest["));
    assert_eq!(
        err.cli_message(),
        "Error response from daemon: syntax error in pattern"
    );
    assert!(list(&[], &[], &opts("reference=utest[")).is_empty());
}

#[test]
fn rows_per_repository_tag_and_digest() {
    // CLI-FMT TestImageContextWrite: image:tag1 (+digest), image:tag2, <none>.
    let d = Digest::sha256_hex("cbbf2f9a99b47fc460d422812b6a5adff7dfee951d8fa2e4a98caa0382cfbdbf")
        .unwrap();
    let image1 = image("01", "2024-01-03T00:00:00Z");
    let image2 = image("02", "2024-01-02T00:00:00Z");
    let image3 = image("03", "2024-01-01T00:00:00Z");
    let refs = vec![
        r("image:tag1", &image1),
        r(&format!("image@{d}"), &image1),
        r("image:tag2", &image2),
    ];
    let images = [image3.clone(), image2.clone(), image1.clone()];
    let all = ListOptions {
        all: true,
        digests: true,
        ..ListOptions::default()
    };
    let rows = list(&images, &refs, &all);
    let shown: Vec<(&str, &str, Option<&Digest>)> = rows
        .iter()
        .map(|s| (s.repository.as_str(), s.tag.as_str(), s.digest.as_ref()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("image", "tag1", Some(&d)),
            ("image", "tag2", None),
            ("<none>", "<none>", None),
        ]
    );
    // "imageID1\nimageID2\nimageID3\n" (quiet table format)
    assert_eq!(
        quiet_ids(&rows, true),
        vec![
            image1.id.to_string(),
            image2.id.to_string(),
            image3.id.to_string()
        ]
    );

    // With --digests, one row per digest of the repository; a digest-only repository is a
    // `<none>` tag (code: imageFormatTaggedAndDigest).
    let other = digest_of("other manifest");
    let only_digests = image("04", "2023-12-31T00:00:00Z");
    let refs = vec![
        r("image:tag1", &image1),
        r(&format!("image@{d}"), &image1),
        r(&format!("image@{other}"), &image1),
        r(&format!("alpine@{other}"), &only_digests),
        r(&format!("alpine@{d}"), &only_digests),
    ];
    let images = [image1.clone(), only_digests.clone()];
    let rows = list(&images, &refs, &all);
    let (first, second) = if d < other {
        (&d, &other)
    } else {
        (&other, &d)
    };
    let shown: Vec<(&str, &str, Option<&Digest>)> = rows
        .iter()
        .map(|s| (s.repository.as_str(), s.tag.as_str(), s.digest.as_ref()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("image", "tag1", Some(first)),
            ("image", "tag1", Some(second)),
            ("alpine", "<none>", Some(first)),
            ("alpine", "<none>", Some(second)),
        ]
    );
    // Without --digests: one row per tag, one `<none>` row per digest-only repository
    // (its first digest kept for the UI; Docker prints none).
    let rows = list(
        &images,
        &refs,
        &ListOptions {
            all: true,
            ..ListOptions::default()
        },
    );
    let shown: Vec<(&str, &str, Option<&Digest>)> = rows
        .iter()
        .map(|s| (s.repository.as_str(), s.tag.as_str(), s.digest.as_ref()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("image", "tag1", Some(first)),
            ("alpine", "<none>", Some(first))
        ]
    );
    // A reference filter on a tag drops the digest references (they do not match it).
    let rows = list(
        &images,
        &refs,
        &ListOptions {
            digests: true,
            reference: Some("image:tag1".into()),
            ..ListOptions::default()
        },
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].digest, None);
}

#[test]
fn a_window_of_the_listing_is_that_slice_of_its_rows() {
    // The table makes only the rows it shows: every window must equal the same slice of
    // the whole listing, with and without --digests, filtered or not.
    let d = digest_of("manifest d");
    let other = digest_of("manifest other");
    let image1 = image("01", "2024-01-03T00:00:00Z");
    let image2 = image("02", "2024-01-02T00:00:00Z");
    let untagged = image("03", "2024-01-01T00:00:00Z");
    let only_digests = image("04", "2023-12-31T00:00:00Z");
    let refs = vec![
        r("image:tag1", &image1),
        r("image:tag3", &image1),
        r("zzz/other:latest", &image1),
        r(&format!("image@{d}"), &image1),
        r(&format!("image@{other}"), &image1),
        r("image:tag2", &image2),
        r(&format!("alpine@{other}"), &only_digests),
        r(&format!("alpine@{d}"), &only_digests),
    ];
    let images = [
        untagged.clone(),
        only_digests.clone(),
        image2.clone(),
        image1.clone(),
    ];
    let index = ListIndex::new(&images, &refs);
    for (all, digests, reference) in [
        (true, true, None),
        (true, false, None),
        (false, true, None),
        (false, false, Some("image")),
        (true, true, Some("image:tag*")),
    ] {
        let options = ListOptions {
            all,
            digests,
            reference: reference.map(str::to_owned),
            ..ListOptions::default()
        };
        let rows = list(&images, &refs, &options);
        let listing = ImageListing::new(&images, &index, &options).unwrap();
        assert_eq!(listing.len(), rows.len(), "{options:?}");
        assert!(
            rows.len() >= 2,
            "{options:?} lists too little to test windows"
        );
        for a in 0..=rows.len() {
            for b in a..=rows.len() + 2 {
                assert_eq!(
                    listing.rows(&images, &index, a..b),
                    rows[a..b.min(rows.len())],
                    "{options:?} rows {a}..{b}"
                );
            }
        }
    }
}

#[test]
fn rows_newest_first() {
    // ICLI TestImagesOrderedByCreationDate
    let a = image("0a", "2024-03-01T10:00:00Z");
    let b = image("0b", "2024-03-01T10:00:01Z");
    let c = image("0c", "2024-03-01T10:00:02Z");
    let refs = vec![
        r("order:test_a", &a),
        r("order:test_b", &b),
        r("order:test_c", &c),
    ];
    let images = [b.clone(), a.clone(), c.clone()];
    let rows = list(
        &images,
        &refs,
        &ListOptions {
            reference: Some("order".into()),
            ..ListOptions::default()
        },
    );
    assert_eq!(ids(&rows), vec![c.id.clone(), b.id.clone(), a.id.clone()]);
    // Sub-second times order too; an image without `created` counts as 1970.
    let mut undated = image("0d", "x");
    undated.created = None;
    let ms = image("0e", "2024-03-01T10:00:02.5Z");
    let ns = image("0f", "2024-03-01T10:00:02.500000001Z");
    let refs = vec![
        r("u:1", &undated),
        r("m:1", &ms),
        r("n:1", &ns),
        r("c:1", &c),
    ];
    let rows = list(
        &[undated.clone(), c.clone(), ms.clone(), ns.clone()],
        &refs,
        &ListOptions::default(),
    );
    assert_eq!(ids(&rows), vec![ns.id, ms.id, c.id, undated.id]);
}

#[test]
fn before_and_since() {
    // ICLI TestImagesFilterSinceAndBefore
    let one = image("1a", "2024-05-01T00:00:01Z");
    let two = image("2b", "2024-05-01T00:00:02Z");
    let three = image("3c", "2024-05-01T00:00:03Z");
    let refs = vec![
        r("testfilter:test_1", &one),
        r("testfilter:test_2", &two),
        r("testfilter:test_3", &three),
    ];
    let images = [one.clone(), two.clone(), three.clone()];
    let cases: Vec<(String, Vec<&Digest>)> = vec![
        ("since=testfilter:test_1".into(), vec![&three.id, &two.id]),
        (format!("since={}", one.id), vec![&three.id, &two.id]),
        ("since=testfilter:test_2".into(), vec![&three.id]),
        (format!("since={}", two.id), vec![&three.id]),
        ("before=testfilter:test_3".into(), vec![&two.id, &one.id]),
        (format!("before={}", three.id), vec![&two.id, &one.id]),
        ("before=testfilter:test_2".into(), vec![&one.id]),
        (format!("before={}", two.id), vec![&one.id]),
        // code: several values resolve to the oldest `before` and the newest `since`
        (
            "before=testfilter:test_3 before=testfilter:test_2".into(),
            vec![&one.id],
        ),
        (
            "since=testfilter:test_1 since=testfilter:test_2".into(),
            vec![&three.id],
        ),
        // IMG TestImagesFilterBeforeSince: both at once
        (
            "since=testfilter:test_1 before=testfilter:test_3".into(),
            vec![&two.id],
        ),
        // strictly before / after
        ("since=testfilter:test_3".into(), vec![]),
        ("before=testfilter:test_1".into(), vec![]),
        // short and prefixed IDs, full hex (moby GetImage)
        ("before=3c".into(), vec![&two.id, &one.id]),
        ("before=sha256:3c".into(), vec![&two.id, &one.id]),
        (
            format!("before={}", three.id.encoded()),
            vec![&two.id, &one.id],
        ),
    ];
    for (filter, expected) in cases {
        let options = ListOptions {
            reference: Some("testfilter".into()),
            ..opts(&filter)
        };
        let rows = list(&images, &refs, &options);
        let got = ids(&rows);
        let expected: Vec<Digest> = expected.into_iter().cloned().collect();
        assert_eq!(got, expected, "{filter}");
    }
}

#[test]
fn before_and_since_errors() {
    let abc1 = image("abc1", "2024-05-01T00:00:01Z");
    let abc2 = image("abc2", "2024-05-01T00:00:02Z");
    let refs = vec![r("one:1", &abc1), r("two:2", &abc2)];
    let images = [abc1.clone(), abc2.clone()];
    let zeros = format!("sha256:{}", "0".repeat(64));
    // (filter, Display) — moby daemon/images/image.go ErrImageDoesNotExist and
    // reference.ParseAnyReference errors (InvalidParameter).
    let cases: Vec<(String, String)> = vec![
        (
            "before=nosuch".into(),
            "No such image: nosuch:latest".into(),
        ),
        (
            "since=nosuch:1.0".into(),
            "No such image: nosuch:1.0".into(),
        ),
        (
            "before=example.com:5000/a/b".into(),
            "No such image: example.com:5000/a/b:latest".into(),
        ),
        (format!("since={zeros}"), format!("No such image: {zeros}")),
        (
            format!("since={}", "0".repeat(64)),
            format!("No such image: {zeros}"),
        ),
        // an ambiguous short ID is not found in the classic store
        ("before=abc".into(), "No such image: abc:latest".into()),
        (
            "before=sha256:abc".into(),
            "No such image: sha256:abc".into(),
        ),
        // bad references
        (
            "before=Foo".into(),
            "invalid reference format: repository name (library/Foo) must be lowercase".into(),
        ),
        ("before=a:b:c".into(), "invalid reference format".into()),
        // `before=` with an empty value
        ("before=".into(), "invalid reference format".into()),
    ];
    for (filter, expected) in &cases {
        let err = list_err(&images, &refs, &opts(filter));
        assert_eq!(err.to_string(), *expected, "{filter}");
        assert_eq!(
            err.cli_message(),
            format!("Error response from daemon: {expected}"),
            "{filter}"
        );
    }
    // A unique prefix, with or without the algorithm, and names first.
    assert_eq!(resolve_image(&images, &refs, "abc1").unwrap().id, abc1.id);
    assert_eq!(
        resolve_image(&images, &refs, "sha256:abc2").unwrap().id,
        abc2.id
    );
    assert_eq!(
        resolve_image(&images, &refs, "one").unwrap_err(),
        Error::NoSuchImage("one:latest".into()),
        "a name means name:latest"
    );
    assert_eq!(resolve_image(&images, &refs, "one:1").unwrap().id, abc1.id);
    let shadow = vec![r("one:1", &abc1), r("abc2:latest", &abc1)];
    assert_eq!(
        resolve_image(&images, &shadow, "abc2").unwrap().id,
        abc1.id,
        "the name abc2:latest wins over the ID prefix abc2"
    );
    // name:tag@digest is looked up by the digest only
    let d = digest_of("pinned");
    let pinned = vec![r(&format!("one@{d}"), &abc2)];
    assert_eq!(
        resolve_image(&images, &pinned, &format!("one:whatever@{d}"))
            .unwrap()
            .id,
        abc2.id
    );
}

#[test]
fn until_filter() {
    // IMG TestImagesFilterUntil: since=v0, until=created(v2), until=created(v3),
    // before=v4 → v1.
    let times = [
        "2024-06-01T00:00:00.001Z",
        "2024-06-01T00:00:00.002Z",
        "2024-06-01T00:00:00.003Z",
        "2024-06-01T00:00:00.004Z",
        "2024-06-01T00:00:00.005Z",
    ];
    let images: Vec<ImageRecord> = times
        .iter()
        .enumerate()
        .map(|(i, t)| image(&format!("a{i}"), t))
        .collect();
    let refs: Vec<_> = images
        .iter()
        .enumerate()
        .map(|(i, img)| r(&format!("untiltest:v{i}"), img))
        .collect();
    let options = opts(&format!(
        "since={} until={} until={} before={}",
        images[0].id, times[2], times[3], images[4].id
    ));
    assert_eq!(
        ids(&list(&images, &refs, &options)),
        vec![images[1].id.clone()]
    );
    // a duration is before `now`
    let options = ListOptions {
        now_ms: 1_717_200_000_000.0 + 3.5, // 2024-06-01T00:00:00.0035Z
        ..opts("until=1ms")
    };
    assert_eq!(
        ids(&list(&images, &refs, &options)),
        vec![images[1].id.clone(), images[0].id.clone()]
    );
    let err = list_err(&images, &refs, &opts("until=yesterday"));
    assert_eq!(
        err.cli_message(),
        "Error response from daemon: invalid value for 'until' filter: failed to parse value as time or duration: invalid seconds \"yesterday\": invalid syntax"
    );
}

#[test]
fn until_values_parse_like_moby() {
    // TS TestParse, with now = 2020-01-02T03:04:05.123456789Z; expected RFC 3339 in UTC.
    let ns = |t: &str| -> i128 {
        let ms = berth_units::rfc3339_ms(t).unwrap() as i128;
        let frac = t
            .split_once('.')
            .map_or("", |(_, f)| f.trim_end_matches('Z'));
        let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
        ms * 1_000_000 + digits[3..].parse::<i128>().unwrap()
    };
    let now = ns("2020-01-02T03:04:05.123456789Z");
    let ok: &[(&str, &str)] = &[
        (
            "2006-01-02T15:04:05.999999999+07:00",
            "2006-01-02T08:04:05.999999999Z",
        ),
        (
            "2006-01-02T15:04:05.999999999Z",
            "2006-01-02T15:04:05.999999999Z",
        ),
        (
            "2006-01-02T15:04:05.999999999",
            "2006-01-02T15:04:05.999999999Z",
        ),
        ("2006-01-02T15:04:05Z", "2006-01-02T15:04:05Z"),
        ("2006-01-02T15:04:05", "2006-01-02T15:04:05Z"),
        ("2006-01-02T15:04Z", "2006-01-02T15:04:00Z"),
        ("2006-01-02T15:04+00:00", "2006-01-02T15:04:00Z"),
        ("2006-01-02T15:04-00:00", "2006-01-02T15:04:00Z"),
        ("2006-01-02T15:04", "2006-01-02T15:04:00Z"),
        ("2006-01-02T15Z", "2006-01-02T15:00:00Z"),
        ("2006-01-02T15+00:00", "2006-01-02T15:00:00Z"),
        ("2006-01-02T15-00:00", "2006-01-02T15:00:00Z"),
        ("2006-01-02T15", "2006-01-02T15:00:00Z"),
        ("2006-01-02T1Z", "2006-01-02T01:00:00Z"),
        ("2006-01-02T1", "2006-01-02T01:00:00Z"),
        ("2006-01-02+00:00", "2006-01-02T00:00:00Z"),
        ("2006-01-02-00:00", "2006-01-02T00:00:00Z"),
        ("2006-01-02-00:01", "2006-01-02T00:01:00Z"),
        ("2006-01-02Z", "2006-01-02T00:00:00Z"),
        ("2006-01-02", "2006-01-02T00:00:00Z"),
        ("2015-05-13T20:39:09Z", "2015-05-13T20:39:09Z"),
        ("1136073600", "2006-01-01T00:00:00Z"),
        ("1136073600.000000001", "2006-01-01T00:00:00.000000001Z"),
        ("1136073600.00000000000000000001", "2006-01-01T00:00:00Z"),
        ("-1m", "2020-01-02T03:05:05.123456789Z"),
        ("0m", "2020-01-02T03:04:05.123456789Z"),
        ("1m", "2020-01-02T03:03:05.123456789Z"),
        ("1.5h", "2020-01-02T01:34:05.123456789Z"),
        ("1h30m", "2020-01-02T01:34:05.123456789Z"),
    ];
    for (value, expected) in ok {
        assert_eq!(parse_until(value, now, 0), Ok(ns(expected)), "{value}");
    }
    // Times without a zone are local: here 2 hours east of UTC.
    assert_eq!(
        parse_until("2006-01-02T15:04", now, 120),
        Ok(ns("2006-01-02T13:04:00Z"))
    );
    assert_eq!(
        parse_until("2006-01-02Z", now, 120),
        Ok(ns("2006-01-02T00:00:00Z"))
    );

    // TS TestParse invalid values, with the texts of moby and Go's time package.
    let p = "invalid value for 'until' filter: ";
    let f = "invalid value for 'until' filter: failed to parse value as time or duration: ";
    let bad: Vec<(&str, String)> = vec![
        (
            "2006-01-02T15:04:0Z",
            format!(
                "{p}parsing time \"2006-01-02T15:04:0Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"0Z\" as \"05\""
            ),
        ),
        (
            "2006-01-02T15:04:0",
            format!(
                "{p}parsing time \"2006-01-02T15:04:0\" as \"2006-01-02T15:04:05\": cannot parse \"0\" as \"05\""
            ),
        ),
        (
            "2006-01-02T15:0Z",
            format!(
                "{p}parsing time \"2006-01-02T15:0Z\" as \"2006-01-02T15:04Z07:00\": cannot parse \"0Z\" as \"04\""
            ),
        ),
        (
            "2006-01-02T15:0",
            format!(
                "{p}parsing time \"2006-01-02T15:0\" as \"2006-01-02T15:04\": cannot parse \"0\" as \"04\""
            ),
        ),
        (
            "2006-01-02TZ",
            format!(
                "{p}parsing time \"2006-01-02TZ\" as \"2006-01-02T15Z07:00\": cannot parse \"Z\" as \"15\""
            ),
        ),
        (
            "2006-01-02T",
            format!(
                "{p}parsing time \"2006-01-02T\" as \"2006-01-02T15\": cannot parse \"\" as \"15\""
            ),
        ),
        (
            "2006-13-02",
            format!("{p}parsing time \"2006-13-02\": month out of range"),
        ),
        (
            "2006-02-30",
            format!("{p}parsing time \"2006-02-30\": day out of range"),
        ),
        (
            "2006-01-02T25",
            format!("{p}parsing time \"2006-01-02T25\": hour out of range"),
        ),
        (
            "2006-01-02x",
            format!("{p}parsing time \"2006-01-02x\": extra text: \"x\""),
        ),
        (
            "2006/01/02",
            format!("{f}invalid seconds \"2006/01/02\": invalid syntax"),
        ),
        (
            "1136073600.000000000000000000001",
            format!("{f}invalid nanoseconds: length 21 exceeds maximum 20"),
        ),
        (
            " 1136073600 \t",
            format!("{f}invalid seconds \" 1136073600 \\t\": invalid syntax"),
        ),
        (
            "foo.bar",
            format!("{f}invalid seconds \"foo\": invalid syntax"),
        ),
        (
            "1136073600.bar",
            format!("{f}invalid nanoseconds: invalid character 'b' at position 0"),
        ),
        (
            "1136073600.000000001bar",
            format!("{f}invalid nanoseconds: invalid character 'b' at position 9"),
        ),
        (
            "invalid",
            format!("{f}invalid seconds \"invalid\": invalid syntax"),
        ),
        (
            "99999999999999999999",
            format!("{f}invalid seconds \"99999999999999999999\": value out of range"),
        ),
        ("", format!("{f}value is empty")),
    ];
    for (value, expected) in &bad {
        let err = parse_until(value, now, 0).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{value:?}");
    }
}

#[test]
fn labels() {
    // ICLI TestImagesFilterLabelMatch, TestCommitWithFilterLabel
    let base = image("b0", "2024-01-01T00:00:00Z");
    let one = with_labels(image("1d", "2024-01-02T00:00:00Z"), &[("match", "me")]);
    let two = with_labels(image("2d", "2024-01-03T00:00:00Z"), &[("match", "me too")]);
    let three = with_labels(image("3d", "2024-01-04T00:00:00Z"), &[("nomatch", "me")]);
    let bar = with_labels(
        image("4d", "2024-01-05T00:00:00Z"),
        &[
            ("foo.version", "1.0.0-1"),
            ("foo.name", "bar"),
            ("foo.author", "starlord"),
        ],
    );
    let refs = vec![
        r("busybox:latest", &base),
        r("images_filter_test1:latest", &one),
        r("images_filter_test2:latest", &two),
        r("images_filter_test3:latest", &three),
        r("bar:1.0.0-1", &bar),
    ];
    let images = [base, one.clone(), two.clone(), three, bar.clone()];
    let q = |text: &str| quiet_ids(&list(&images, &refs, &opts(text)), true);
    assert_eq!(
        q("label=match"),
        vec![two.id.to_string(), one.id.to_string()]
    );
    assert_eq!(q("'label=match=me too'"), vec![two.id.to_string()]);
    assert_eq!(q("label=foo.version=1.0.0-1"), vec![bar.id.to_string()]);
    // AND-ed
    assert_eq!(
        q("label=foo.version label=foo.name=bar"),
        vec![bar.id.to_string()]
    );
    assert!(q("label=foo.version label=match").is_empty());
    assert!(q("label=").is_empty());
}

#[test]
fn dangling_intermediate_and_all() {
    // base ← intermediate (untagged parent) ← app; a dangling image; a digest-only image.
    let base = image("ba", "2024-01-01T00:00:00Z");
    let intermediate = with_parent(image("1e", "2024-01-02T00:00:00Z"), &base);
    let app = with_parent(image("a9", "2024-01-03T00:00:00Z"), &intermediate);
    let dangling = image("da", "2024-01-04T00:00:00Z");
    let pinned = image("d1", "2024-01-05T00:00:00Z");
    let d = digest_of("pinned");
    let refs = vec![
        r("busybox:latest", &base),
        r("app:1", &app),
        r(&format!("pinned@{d}"), &pinned),
    ];
    let images = [
        base.clone(),
        intermediate.clone(),
        app.clone(),
        dangling.clone(),
        pinned.clone(),
    ];
    let run = |all: bool, filter: &str| -> Vec<(String, String, Digest)> {
        let options = ListOptions {
            all,
            ..opts(filter)
        };
        list(&images, &refs, &options)
            .into_iter()
            .map(|s| (s.repository, s.tag, s.image_id))
            .collect()
    };
    let row = |repo: &str, tag: &str, image: &ImageRecord| {
        (repo.to_string(), tag.to_string(), image.id.clone())
    };

    // ICLI TestImagesEnsureOnlyHeadsImagesShown; CLI-LIST TestImagesFilterDangling
    // "no-dangling-filter": without -a, images with no reference are hidden (docker/cli
    // v29); berth keeps a digest-only image listed as `<none>` (Docker before v29, and its
    // pull contract).
    assert_eq!(
        run(false, ""),
        vec![
            row("pinned", "<none>", &pinned),
            row("app", "1", &app),
            row("busybox", "latest", &base)
        ]
    );
    // CLI-LIST "all-flag": everything, intermediate images as <none> <none>.
    assert_eq!(
        run(true, ""),
        vec![
            row("pinned", "<none>", &pinned),
            row("<none>", "<none>", &dangling),
            row("app", "1", &app),
            row("<none>", "<none>", &intermediate),
            row("busybox", "latest", &base),
        ]
    );
    // CLI-LIST "dangling-true"; ICLI TestImagesEnsureDanglingImageOnlyListedOnce: images
    // without a tag and without children (digest-only ones included), not intermediates.
    let expected = vec![
        row("pinned", "<none>", &pinned),
        row("<none>", "<none>", &dangling),
    ];
    assert_eq!(run(false, "dangling=true"), expected);
    assert_eq!(run(true, "dangling=true"), expected);
    assert_eq!(
        quiet_ids(&list(&images, &refs, &opts("dangling=true")), false)
            .iter()
            .filter(|id| **id == format_id(&dangling.id, false))
            .count(),
        1
    );
    // CLI-LIST "dangling-false": images with a reference (v29 shows tagged ones only; berth
    // keeps the digest-only one, as above).
    assert_eq!(
        run(false, "dangling=false"),
        vec![
            row("pinned", "<none>", &pinned),
            row("app", "1", &app),
            row("busybox", "latest", &base)
        ]
    );
    // with -a the daemon keeps the digest-only image (it has a reference)
    assert_eq!(
        run(true, "dangling=false"),
        vec![
            row("pinned", "<none>", &pinned),
            row("app", "1", &app),
            row("busybox", "latest", &base)
        ]
    );
    // code (cli list.go): only the literal value `false` makes the CLI hide untagged
    // images; with `0` the daemon's answer is shown as is.
    assert_eq!(
        run(false, "dangling=0"),
        vec![
            row("pinned", "<none>", &pinned),
            row("app", "1", &app),
            row("busybox", "latest", &base)
        ]
    );
    // code: a reference filter never shows images without a matching reference.
    // (`*` matches the familiar string `pinned@sha256:…`: no slash in it.)
    assert_eq!(
        run(true, "reference=*"),
        vec![
            row("pinned", "<none>", &pinned),
            row("app", "1", &app),
            row("busybox", "latest", &base)
        ]
    );
    assert_eq!(
        run(true, "reference=busybox"),
        vec![row("busybox", "latest", &base)]
    );
    assert_eq!(
        run(true, "reference=pinned"),
        vec![row("pinned", "<none>", &pinned)]
    );
    // berth lists a digest-only image without -a too (see above).
    assert_eq!(
        run(false, "reference=pinned"),
        vec![row("pinned", "<none>", &pinned)]
    );
    // An image whose parent is gone is a head again.
    let orphan = with_parent(
        image("0f", "2024-01-06T00:00:00Z"),
        &image("ee", "2000-01-01T00:00:00Z"),
    );
    let rows = list_images(std::slice::from_ref(&orphan), &[], &opts("dangling=true")).unwrap();
    assert_eq!(ids(&rows), vec![orphan.id]);
}

#[test]
fn quiet_ids_and_no_trunc() {
    // CLI-FMT TestImageContext: TruncateID / full ID; ICLI TestImagesFormatDefaultFormat.
    let busybox = image("4ab2c9f3e1d0", "2024-01-01T00:00:00Z");
    let refs = vec![r("myimage:v1", &busybox), r("myimage:v2", &busybox)];
    let images = [busybox.clone()];
    assert_eq!(format_id(&busybox.id, false), "4ab2c9f3e1d0");
    assert_eq!(
        format_id(&busybox.id, true),
        format!("sha256:4ab2c9f3e1d0{}", "0".repeat(52))
    );
    // ICLI TestImagesFormat: two tags, two rows of "myimage".
    let rows = list(&images, &refs, &ListOptions::default());
    assert_eq!(table(&rows), pairs(&[("myimage", "v1"), ("myimage", "v2")]));
    // The quiet format is `{{.ID}}` per row: an image with two tags is printed twice
    // (moby #17304 shows `docker rmi $(docker images -q)` hitting the same ID twice).
    assert_eq!(
        quiet_ids(&rows, false),
        vec!["4ab2c9f3e1d0", "4ab2c9f3e1d0"]
    );
    let one = list(
        &images,
        &refs,
        &ListOptions {
            reference: Some("myimage:v1".into()),
            ..ListOptions::default()
        },
    );
    assert_eq!(quiet_ids(&one, true), vec![busybox.id.to_string()]);
}

#[test]
fn sorting_rows_by_column() {
    let mut small = image("5a", "2024-01-01T00:00:00Z");
    small.layers[0].uncompressed_size = Some(100);
    small.layers[0].size = 90;
    let mut big = image("b1", "2024-01-03T00:00:00Z");
    big.layers[0].uncompressed_size = Some(300);
    big.layers[0].size = 10;
    let mut unknown = image("0c", "2024-01-02T00:00:00Z");
    unknown.layers[0].uncompressed_size = None;
    unknown.layers[0].diff_id = None;
    unknown.layers[0].size = 50;
    unknown.state = ImageState::Verifying;
    let refs = vec![
        r("zeta:1", &small),
        r("alpha:2", &big),
        r("alpha:10", &big),
        r("mid:latest", &unknown),
    ];
    let rows = list(
        &[small.clone(), big.clone(), unknown.clone()],
        &refs,
        &ListOptions::default(),
    );
    // Docker's order: newest first, then repositories, tags in byte order.
    assert_eq!(
        table(&rows),
        pairs(&[
            ("alpha", "10"),
            ("alpha", "2"),
            ("mid", "latest"),
            ("zeta", "1")
        ])
    );
    let sorted = |column: SortColumn, descending: bool| {
        let mut rows = rows.clone();
        sort_rows(&mut rows, column, descending);
        table(&rows)
    };
    let a10 = ("alpha", "10");
    let a2 = ("alpha", "2");
    let m = ("mid", "latest");
    let z = ("zeta", "1");
    assert_eq!(
        sorted(SortColumn::Repository, false),
        pairs(&[a10, a2, m, z])
    );
    assert_eq!(
        sorted(SortColumn::Repository, true),
        pairs(&[z, m, a10, a2]),
        "stable"
    );
    assert_eq!(sorted(SortColumn::Tag, false), pairs(&[z, a10, a2, m]));
    assert_eq!(sorted(SortColumn::Tag, true), pairs(&[m, a2, a10, z]));
    // IDs: 0c… < 5a… < b1…
    assert_eq!(sorted(SortColumn::ImageId, false), pairs(&[m, z, a10, a2]));
    assert_eq!(sorted(SortColumn::ImageId, true), pairs(&[a10, a2, z, m]));
    assert_eq!(sorted(SortColumn::Created, false), pairs(&[z, m, a10, a2]));
    assert_eq!(sorted(SortColumn::Created, true), pairs(&[a10, a2, m, z]));
    // unknown size (still verifying) sorts as the smallest
    assert_eq!(sorted(SortColumn::Size, false), pairs(&[m, z, a10, a2]));
    assert_eq!(sorted(SortColumn::Size, true), pairs(&[a10, a2, z, m]));
    // content size = config 1000 + compressed layers
    assert_eq!(
        sorted(SortColumn::ContentSize, false),
        pairs(&[a10, a2, m, z])
    );
    assert_eq!(
        sorted(SortColumn::ContentSize, true),
        pairs(&[z, m, a10, a2])
    );
    assert_eq!(rows[2].size, None);
    assert_eq!(rows[2].state, ImageState::Verifying);
}

#[test]
fn ambiguous_subcommand_hint() {
    // docker/cli list_test.go TestNewListCommandAmbiguous (list-command-ambiguous.golden)
    assert_eq!(
        ambiguous_hint("ls", 0).as_deref(),
        Some("No images found matching \"ls\": did you mean \"docker image ls\"?")
    );
    assert_eq!(ambiguous_hint("ls", 1), None);
    assert_eq!(ambiguous_hint("ubuntu", 0), None);
    for name in [
        "build", "history", "import", "inspect", "list", "load", "prune", "pull", "push", "rm",
        "save", "tag",
    ] {
        assert!(ambiguous_hint(name, 0).is_some(), "{name}");
    }
}
