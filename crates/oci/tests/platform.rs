//! `Platform` parsing, display, normalisation and matching (containerd's
//! `platforms` rules), and `best_match` over the fixture index and list.

use berth_oci::{Descriptor, Digest, Manifest, MediaType, Platform, best_match};

/// `FromStr` then `Display`; `err` is the whole message when parsing fails.
struct ParseCase {
    input: &'static str,
    err: Option<&'static str>,
    os: &'static str,
    architecture: &'static str,
    variant: Option<&'static str>,
    display: &'static str,
}

const OK: ParseCase = ParseCase {
    input: "",
    err: None,
    os: "",
    architecture: "",
    variant: None,
    display: "",
};

const PARSE_CASES: &[ParseCase] = &[
    ParseCase {
        input: "linux/amd64",
        os: "linux",
        architecture: "amd64",
        display: "linux/amd64",
        ..OK
    },
    ParseCase {
        input: "linux/arm64",
        os: "linux",
        architecture: "arm64",
        display: "linux/arm64",
        ..OK
    },
    // Kept as written (containerd's Parse adds v8 to a three-part arm64).
    ParseCase {
        input: "linux/arm64/v8",
        os: "linux",
        architecture: "arm64",
        variant: Some("v8"),
        display: "linux/arm64/v8",
        ..OK
    },
    ParseCase {
        input: "linux/arm/v7",
        os: "linux",
        architecture: "arm",
        variant: Some("v7"),
        display: "linux/arm/v7",
        ..OK
    },
    // `arm` means v7, and is written without it.
    ParseCase {
        input: "linux/arm",
        os: "linux",
        architecture: "arm",
        display: "linux/arm",
        ..OK
    },
    ParseCase {
        input: "linux/arm/6",
        os: "linux",
        architecture: "arm",
        variant: Some("v6"),
        display: "linux/arm/v6",
        ..OK
    },
    ParseCase {
        input: "linux/aarch64",
        os: "linux",
        architecture: "arm64",
        display: "linux/arm64",
        ..OK
    },
    ParseCase {
        input: "linux/aarch64/8",
        os: "linux",
        architecture: "arm64",
        variant: Some("v8"),
        display: "linux/arm64/v8",
        ..OK
    },
    ParseCase {
        input: "linux/arm64/v9.0",
        os: "linux",
        architecture: "arm64",
        variant: Some("v9"),
        display: "linux/arm64/v9",
        ..OK
    },
    ParseCase {
        input: "linux/x86_64",
        os: "linux",
        architecture: "amd64",
        display: "linux/amd64",
        ..OK
    },
    ParseCase {
        input: "linux/x86-64",
        os: "linux",
        architecture: "amd64",
        display: "linux/amd64",
        ..OK
    },
    ParseCase {
        input: "linux/amd64/v1",
        os: "linux",
        architecture: "amd64",
        display: "linux/amd64",
        ..OK
    },
    ParseCase {
        input: "linux/amd64/v3",
        os: "linux",
        architecture: "amd64",
        variant: Some("v3"),
        display: "linux/amd64/v3",
        ..OK
    },
    ParseCase {
        input: "linux/i386",
        os: "linux",
        architecture: "386",
        display: "linux/386",
        ..OK
    },
    ParseCase {
        input: "linux/armhf",
        os: "linux",
        architecture: "arm",
        display: "linux/arm",
        ..OK
    },
    ParseCase {
        input: "linux/armel",
        os: "linux",
        architecture: "arm",
        variant: Some("v6"),
        display: "linux/arm/v6",
        ..OK
    },
    ParseCase {
        input: "Linux/AMD64",
        os: "linux",
        architecture: "amd64",
        display: "linux/amd64",
        ..OK
    },
    ParseCase {
        input: "macos/arm64",
        os: "darwin",
        architecture: "arm64",
        display: "darwin/arm64",
        ..OK
    },
    ParseCase {
        input: "darwin/amd64",
        os: "darwin",
        architecture: "amd64",
        display: "darwin/amd64",
        ..OK
    },
    ParseCase {
        input: "windows/amd64",
        os: "windows",
        architecture: "amd64",
        display: "windows/amd64",
        ..OK
    },
    // Unknown but well-formed architectures are kept (as containerd does).
    ParseCase {
        input: "linux/s390x",
        os: "linux",
        architecture: "s390x",
        display: "linux/s390x",
        ..OK
    },
    ParseCase {
        input: "linux/riscv64",
        os: "linux",
        architecture: "riscv64",
        display: "linux/riscv64",
        ..OK
    },
    ParseCase {
        input: "",
        err: Some("invalid platform \"\": expected os/arch[/variant], such as linux/amd64"),
        ..OK
    },
    ParseCase {
        input: "linux",
        err: Some("invalid platform \"linux\": expected os/arch[/variant], such as linux/amd64"),
        ..OK
    },
    ParseCase {
        input: "amd64",
        err: Some("invalid platform \"amd64\": expected os/arch[/variant], such as linux/amd64"),
        ..OK
    },
    ParseCase {
        input: "linux/arm/v7/extra",
        err: Some(
            "invalid platform \"linux/arm/v7/extra\": expected os/arch[/variant], such as linux/amd64",
        ),
        ..OK
    },
    ParseCase {
        input: "linux/*",
        err: Some("invalid platform \"linux/*\": wildcards are not supported"),
        ..OK
    },
    ParseCase {
        input: "/amd64",
        err: Some("invalid platform \"/amd64\": the os is empty"),
        ..OK
    },
    ParseCase {
        input: "linux/",
        err: Some("invalid platform \"linux/\": the architecture is empty"),
        ..OK
    },
    ParseCase {
        input: "linux/arm/",
        err: Some("invalid platform \"linux/arm/\": the variant is empty"),
        ..OK
    },
    ParseCase {
        input: "lin ux/amd64",
        err: Some(
            "invalid platform \"lin ux/amd64\": the os \"lin ux\" may only contain letters, digits, '_' and '-'",
        ),
        ..OK
    },
    ParseCase {
        input: "windows(10.0.17763)/amd64",
        err: Some(
            "invalid platform \"windows(10.0.17763)/amd64\": the os \"windows(10.0.17763)\" may only contain letters, digits, '_' and '-'",
        ),
        ..OK
    },
    ParseCase {
        input: "linux/amd 64",
        err: Some(
            "invalid platform \"linux/amd 64\": the architecture \"amd 64\" may only contain letters, digits, '_', '.' and '-'",
        ),
        ..OK
    },
    ParseCase {
        input: "linux/arm/v7+",
        err: Some(
            "invalid platform \"linux/arm/v7+\": the variant \"v7+\" may only contain letters, digits, '_', '.' and '-'",
        ),
        ..OK
    },
];

#[test]
fn parse_and_display() {
    for tc in PARSE_CASES {
        let parsed = tc.input.parse::<Platform>();
        if let Some(err) = tc.err {
            assert_eq!(
                parsed.map_err(|e| e.to_string()),
                Err(err.to_owned()),
                "{:?}",
                tc.input
            );
            continue;
        }
        let p = parsed.unwrap_or_else(|e| panic!("{:?}: {e}", tc.input));
        assert_eq!(p.os, tc.os, "{:?}: os", tc.input);
        assert_eq!(p.architecture, tc.architecture, "{:?}: arch", tc.input);
        assert_eq!(p.variant.as_deref(), tc.variant, "{:?}: variant", tc.input);
        assert_eq!(p.os_version, None, "{:?}", tc.input);
        assert!(p.os_features.is_empty(), "{:?}", tc.input);
        assert_eq!(p.to_string(), tc.display, "{:?}: display", tc.input);
        // What Display writes parses to the same platform.
        assert_eq!(
            tc.display.parse::<Platform>().as_ref(),
            Ok(&p),
            "{:?}",
            tc.input
        );
        assert_eq!(
            Platform::try_from(tc.input).as_ref(),
            Ok(&p),
            "{:?}",
            tc.input
        );
    }
}

#[test]
fn display_without_os() {
    assert_eq!(Platform::default().to_string(), "unknown");
    assert_eq!(Platform::new("linux", "").to_string(), "linux");
    assert_eq!(
        Platform::new("unknown", "unknown").to_string(),
        "unknown/unknown"
    );
}

/// `normalize` on platforms as indexes and configs write them (not parsed).
#[test]
fn normalize() {
    let p = |os: &str, arch: &str, variant: &str| Platform::new(os, arch).with_variant(variant);
    let cases: &[(Platform, Platform)] = &[
        (p("linux", "amd64", ""), p("linux", "amd64", "")),
        (p("linux", "amd64", "v1"), p("linux", "amd64", "")),
        (p("linux", "amd64", "V2"), p("linux", "amd64", "v2")),
        (p("linux", "x86_64", ""), p("linux", "amd64", "")),
        (p("linux", "x86-64", "v1"), p("linux", "amd64", "")),
        (p("linux", "i386", "whatever"), p("linux", "386", "")),
        (p("linux", "arm64", "v8"), p("linux", "arm64", "")),
        (p("linux", "arm64", "8"), p("linux", "arm64", "")),
        (p("linux", "arm64", "v8.0"), p("linux", "arm64", "")),
        (p("linux", "arm64", "v8.2"), p("linux", "arm64", "v8.2")),
        (p("linux", "arm64", "9"), p("linux", "arm64", "v9")),
        (p("linux", "aarch64", ""), p("linux", "arm64", "")),
        (p("linux", "AArch64", "V8"), p("linux", "arm64", "")),
        (p("linux", "arm", ""), p("linux", "arm", "v7")),
        (p("linux", "arm", "7"), p("linux", "arm", "v7")),
        (p("linux", "arm", "5"), p("linux", "arm", "v5")),
        (p("linux", "arm", "8"), p("linux", "arm", "v8")),
        (p("linux", "armhf", ""), p("linux", "arm", "v7")),
        (p("linux", "armel", ""), p("linux", "arm", "v6")),
        (p("Linux", "amd64", ""), p("linux", "amd64", "")),
        (p("MacOS", "arm64", ""), p("darwin", "arm64", "")),
        (p("linux", "s390x", ""), p("linux", "s390x", "")),
    ];
    for (input, want) in cases {
        assert_eq!(&input.normalize(), want, "{input:?}");
    }

    let windows = Platform {
        os_features: vec!["win32k".into(), "a".into(), "win32k".into()],
        ..Platform::new("windows", "amd64")
    };
    assert_eq!(windows.normalize().os_features, ["a", "win32k"]);
}

/// `matches`: exact after normalisation, no fallbacks.
#[test]
fn matches() {
    let cases: &[(&str, &str, bool)] = &[
        ("linux/amd64", "linux/amd64", true),
        ("linux/amd64", "linux/x86_64", true),
        ("linux/amd64", "linux/amd64/v1", true),
        ("linux/amd64", "linux/amd64/v2", false),
        ("linux/amd64", "linux/386", false),
        ("linux/amd64", "linux/arm64", false),
        ("linux/amd64", "windows/amd64", false),
        ("linux/arm64", "linux/arm64/v8", true),
        ("linux/arm64/v8", "linux/arm64", true),
        ("linux/arm64", "linux/aarch64", true),
        ("linux/arm64", "linux/arm64/v8.2", false),
        ("linux/arm64", "linux/arm/v7", false),
        ("linux/arm", "linux/arm/v7", true),
        ("linux/arm/v7", "linux/armhf", true),
        ("linux/arm/v6", "linux/armel", true),
        ("linux/arm/v7", "linux/arm/v6", false),
        ("darwin/arm64", "macos/arm64", true),
        ("linux/s390x", "linux/amd64", false),
    ];
    for (wanted, candidate, want) in cases {
        let w: Platform = wanted.parse().unwrap();
        let c: Platform = candidate.parse().unwrap();
        assert_eq!(w.matches(&c), *want, "{wanted} matches {candidate}");
    }

    // Parsed or as written in an index is the same.
    let written = Platform::new("Linux", "arm64").with_variant("v8");
    assert!("linux/arm64".parse::<Platform>().unwrap().matches(&written));
}

#[test]
fn matches_os_features_and_windows_versions() {
    let windows = |version: &str, features: &[&str]| Platform {
        os_version: Some(version.to_owned()).filter(|v| !v.is_empty()),
        os_features: features.iter().map(|f| f.to_string()).collect(),
        ..Platform::new("windows", "amd64")
    };
    let cases: &[(Platform, Platform, bool, &str)] = &[
        (
            windows("", &[]),
            windows("10.0.17763.1234", &[]),
            true,
            "no version wanted",
        ),
        (
            windows("10.0.17763", &[]),
            windows("", &[]),
            true,
            "no version in the image",
        ),
        (
            windows("10.0.17763.5", &[]),
            windows("10.0.17763.1234", &[]),
            true,
            "same build",
        ),
        (
            windows("10.0.17763", &[]),
            windows("10.0.20348.1", &[]),
            false,
            "other build before 2022",
        ),
        (
            windows("10.0.20348", &[]),
            windows("10.0.20348.1", &[]),
            true,
            "2022 on 2022",
        ),
        (
            windows("10.0.22621", &[]),
            windows("10.0.20348.1", &[]),
            true,
            "2022 on newer host",
        ),
        (
            windows("10.0.22621", &[]),
            windows("10.0.17763.1", &[]),
            false,
            "2019 on newer host",
        ),
        (
            windows("10.0.26200", &[]),
            windows("10.0.20348.1", &[]),
            false,
            "2022 after 2025",
        ),
        (
            windows("10.0.26200", &[]),
            windows("10.0.26100.1", &[]),
            true,
            "2025 on newer host",
        ),
        (
            windows("10.0.20348", &[]),
            windows("10.0.22621.1", &[]),
            false,
            "image newer than host",
        ),
        (
            windows("6.3.20348", &[]),
            windows("10.0.20348.1", &[]),
            false,
            "other major",
        ),
        (
            windows("", &[]),
            windows("", &["win32k"]),
            true,
            "win32k is not required",
        ),
        (
            windows("", &[]),
            windows("", &["other"]),
            false,
            "missing feature",
        ),
        (
            windows("", &["other", "x"]),
            windows("", &["x"]),
            true,
            "feature present",
        ),
    ];
    for (wanted, candidate, want, name) in cases {
        assert_eq!(wanted.matches(candidate), *want, "{name}");
    }

    // Outside Windows, versions are not compared, features are.
    let linux = |version: &str, features: &[&str]| Platform {
        os_version: Some(version.to_owned()),
        os_features: features.iter().map(|f| f.to_string()).collect(),
        ..Platform::new("linux", "amd64")
    };
    assert!(linux("1", &[]).matches(&linux("2", &[])));
    assert!(!linux("1", &[]).matches(&linux("1", &["win32k"])));
}

/// A descriptor of an image for `platform` (the digest is irrelevant).
fn descriptor(platform: Platform) -> Descriptor {
    Descriptor {
        platform: Some(platform.clone()),
        ..Descriptor::new(
            MediaType::OciManifest,
            Digest::sha256_of(format!("{platform:?}").as_bytes()),
            0,
        )
    }
}

fn index(platforms: &[&str]) -> Vec<Descriptor> {
    platforms
        .iter()
        .map(|p| descriptor(p.parse().unwrap()))
        .collect()
}

/// `best_match` with containerd's `Only` fallbacks; the answer is an index
/// into the candidates.
#[test]
fn best_match_fallbacks() {
    let cases: &[(&str, &[&str], Option<usize>)] = &[
        ("linux/amd64", &["linux/arm64", "linux/amd64"], Some(1)),
        ("linux/amd64", &["linux/386", "linux/amd64"], Some(1)),
        ("linux/amd64", &["linux/386"], Some(0)),
        (
            "linux/amd64/v3",
            &["linux/amd64", "linux/amd64/v2"],
            Some(1),
        ),
        (
            "linux/amd64/v3",
            &["linux/amd64", "linux/amd64/v4"],
            Some(0),
        ),
        ("linux/amd64", &["linux/amd64/v2"], None),
        ("linux/arm64", &["linux/arm/v7", "linux/arm64/v8"], Some(1)),
        ("linux/arm64", &["linux/arm/v6", "linux/arm/v7"], Some(1)),
        ("linux/arm64", &["linux/arm/v5"], Some(0)),
        (
            "linux/arm64/v8.2",
            &["linux/arm64", "linux/arm64/v8.1"],
            Some(1),
        ),
        (
            "linux/arm64/v9",
            &["linux/arm64/v8.5", "linux/arm64"],
            Some(0),
        ),
        ("linux/arm64/v9", &["linux/arm64/v8.6"], None),
        ("linux/arm64", &["linux/arm64/v9"], None),
        // A variant containerd does not know: only itself.
        (
            "linux/arm64/v10",
            &["linux/arm/v7", "linux/arm64/v10"],
            Some(1),
        ),
        ("linux/arm64/v10", &["linux/arm/v7", "linux/arm64"], None),
        ("linux/arm/v7", &["linux/arm/v8", "linux/arm/v6"], Some(1)),
        ("linux/arm/v6", &["linux/arm/v7"], None),
        ("linux/arm", &["linux/arm/v5", "linux/arm/v7"], Some(1)),
        ("linux/s390x", &["linux/amd64", "linux/arm64"], None),
        ("windows/amd64", &["linux/amd64"], None),
        ("linux/amd64", &[], None),
        // Equal matches: the first.
        ("linux/amd64", &["linux/amd64", "linux/x86_64"], Some(0)),
    ];
    for (wanted, platforms, want) in cases {
        let candidates = index(platforms);
        let got = best_match(&wanted.parse().unwrap(), &candidates);
        assert_eq!(
            got.map(|d| d.platform.as_ref().unwrap().to_string()),
            want.map(|i| candidates[i].platform.as_ref().unwrap().to_string()),
            "{wanted} in {platforms:?}"
        );
        assert_eq!(
            got.map(|d| d as *const Descriptor),
            want.map(|i| &candidates[i] as *const Descriptor),
            "{wanted} in {platforms:?}"
        );
    }
}

#[test]
fn best_match_skips_descriptors_without_platform_and_prefers_features() {
    let mut candidates = index(&["linux/amd64"]);
    candidates.insert(
        0,
        Descriptor::new(MediaType::OciManifest, Digest::sha256_of(b"x"), 0),
    );
    let wanted: Platform = "linux/amd64".parse().unwrap();
    assert_eq!(best_match(&wanted, &candidates), Some(&candidates[1]));
    assert_eq!(best_match(&wanted, &candidates[..1]), None);

    let with_features = |features: &[&str]| {
        descriptor(Platform {
            os_features: features.iter().map(|f| f.to_string()).collect(),
            ..Platform::new("windows", "amd64")
        })
    };
    let candidates = [with_features(&[]), with_features(&["win32k"])];
    let wanted: Platform = "windows/amd64".parse().unwrap();
    assert_eq!(best_match(&wanted, &candidates), Some(&candidates[1]));
}

/// The fixture index (arm64 written with variant `v8`) and manifest list
/// (arm64 without variant), as the registry served them.
#[test]
fn best_match_over_fixtures() {
    let fixtures: &[(&str, &[u8])] = &[
        ("oci-index.json", include_bytes!("fixtures/oci-index.json")),
        (
            "docker-manifest-list.json",
            include_bytes!("fixtures/docker-manifest-list.json"),
        ),
    ];
    let amd64: &[(&str, &[u8])] = &[
        (
            "oci-index.json",
            include_bytes!("fixtures/oci-manifest-amd64.json"),
        ),
        (
            "docker-manifest-list.json",
            include_bytes!("fixtures/docker-manifest-amd64.json"),
        ),
    ];
    let arm64: &[(&str, &[u8])] = &[
        (
            "oci-index.json",
            include_bytes!("fixtures/oci-manifest-arm64.json"),
        ),
        (
            "docker-manifest-list.json",
            include_bytes!("fixtures/docker-manifest-arm64.json"),
        ),
    ];
    for (i, (name, bytes)) in fixtures.iter().enumerate() {
        let Manifest::Index(index) = Manifest::from_slice(None, bytes).unwrap() else {
            panic!("{name} is not an index");
        };
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("linux/amd64", Some(amd64[i].1)),
            ("linux/x86_64", Some(amd64[i].1)),
            ("linux/arm64", Some(arm64[i].1)),
            ("linux/arm64/v8", Some(arm64[i].1)),
            ("linux/aarch64", Some(arm64[i].1)),
            ("linux/s390x", None),
            ("linux/arm/v7", None),
            ("windows/amd64", None),
        ];
        for (wanted, manifest) in cases {
            let got = best_match(&wanted.parse().unwrap(), &index.manifests);
            assert_eq!(
                got.map(|d| &d.digest),
                manifest.map(Digest::sha256_of).as_ref(),
                "{wanted} in {name}"
            );
        }
    }
}
