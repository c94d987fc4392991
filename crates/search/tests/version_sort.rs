//! Natural version order of tag lists.

use std::cmp::Ordering;

use berth_search::{compare_versions, version_sort};

fn sorted(tags: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
    version_sort(&mut tags);
    tags
}

#[test]
fn orders_tags_naturally() {
    for (input, expected) in [
        // Numbers compare as numbers.
        (&["1.10", "1.2", "1.9"][..], &["1.2", "1.9", "1.10"][..]),
        (&["v10", "v2", "v1"], &["v1", "v2", "v10"]),
        (&["3.0.1", "3", "3.0"], &["3", "3.0", "3.0.1"]),
        (
            &["20240101", "20231231", "9"],
            &["9", "20231231", "20240101"],
        ),
        (
            &["18446744073709551616", "18446744073709551615"],
            &["18446744073709551615", "18446744073709551616"],
        ),
        // Pre-releases before the release, variants after it, next version after both.
        (
            &["1.0.1", "1.0-alpine", "1.0", "1.0-rc1"],
            &["1.0-rc1", "1.0", "1.0-alpine", "1.0.1"],
        ),
        (
            &["1.0-rc10", "1.0-rc2", "1.0-beta1", "1.0-alpha", "1.0-dev"],
            &["1.0-dev", "1.0-alpha", "1.0-beta1", "1.0-rc2", "1.0-rc10"],
        ),
        (
            &["3.13.0", "3.13.0rc1", "3.13.0b2", "3.13.0a4"],
            &["3.13.0a4", "3.13.0b2", "3.13.0rc1", "3.13.0"],
        ),
        (
            &["1.25-bookworm", "1.25-alpine3.19", "1.25-alpine3.9", "1.25"],
            &["1.25", "1.25-alpine3.9", "1.25-alpine3.19", "1.25-bookworm"],
        ),
        // Named tags after versions, `latest` last.
        (
            &["latest", "stable", "1.2", "alpine", "mainline-alpine", "v1"],
            &["v1", "1.2", "alpine", "mainline-alpine", "stable", "latest"],
        ),
        (
            &["alpine3.19", "alpine3.9", "alpine"],
            &["alpine", "alpine3.9", "alpine3.19"],
        ),
        // Ties by value are broken by the bytes of the tag.
        (
            &["v1", "1", "01", "1.0", "1.00"],
            &["01", "1", "v1", "1.0", "1.00"],
        ),
        (&["v", "V1", "v1"], &["V1", "v1", "v"]),
        (&[], &[]),
    ] {
        assert_eq!(sorted(input), expected, "{input:?}");
    }
}

#[test]
fn is_a_total_order() {
    let tags = [
        "latest",
        "1",
        "01",
        "v1",
        "1.0",
        "1.0-rc1",
        "1.0-alpine",
        "1.0.0",
        "1.10",
        "1.2",
        "alpine",
        "alpine3.9",
        "v",
        "",
        "rc",
        "1.0rc",
        "1.0-",
        "1.0.",
        "2024",
        "a1",
        "a01",
        "3.9b2",
        "3.9-beta",
        "0",
        "00",
        "1.0-RC1",
        "1_0",
    ];
    for a in tags {
        assert_eq!(compare_versions(a, a), Ordering::Equal);
        for b in tags {
            let ab = compare_versions(a, b);
            assert_eq!(ab, compare_versions(b, a).reverse(), "{a:?} {b:?}");
            if a != b {
                assert_ne!(ab, Ordering::Equal, "{a:?} {b:?}");
            }
            for c in tags {
                if ab == Ordering::Less && compare_versions(b, c) == Ordering::Less {
                    assert_eq!(compare_versions(a, c), Ordering::Less, "{a:?} {b:?} {c:?}");
                }
            }
        }
    }
    // Sorting is stable and idempotent.
    let once = sorted(&tags);
    let again = sorted(&once.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(once, again);
}
