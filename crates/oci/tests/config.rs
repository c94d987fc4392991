//! `ImageConfig::from_slice` over the fixture configs (written by umoci)
//! and hand-written Docker-style and invalid configs.

use std::collections::{BTreeMap, BTreeSet};

use berth_oci::{ContainerConfig, Digest, Healthcheck, History, ImageConfig, Platform};

const AMD64: &[u8] = include_bytes!("fixtures/oci-manifest-amd64.config.json");
const ARM64: &[u8] = include_bytes!("fixtures/oci-manifest-arm64.config.json");

/// The `gunzip | sha256sum` of the two fixture layers.
const DIFF_ID_0: &str = "sha256:b127c72adfd6055f721af2c9ea3d1b1e987073c27481a945dc7aaa459196225a";
const DIFF_ID_1: &str = "sha256:a5fd01f447e351277c8a5a8675529b5d534d87ce5b441480fbad28b29fe2deb4";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// What umoci's config commands set, the same for both fixtures.
fn fixture_container_config() -> ContainerConfig {
    ContainerConfig {
        user: "1000:1000".into(),
        exposed_ports: BTreeSet::from(["8080/tcp".to_owned()]),
        env: strings(&["PATH=/bin:/usr/bin", "GREETING=hello"]),
        entrypoint: None,
        cmd: Some(strings(&["/bin/hello"])),
        volumes: BTreeSet::from(["/data".to_owned()]),
        working_dir: "/".into(),
        labels: BTreeMap::from([("org.example.fixture".to_owned(), "berth".to_owned())]),
        stop_signal: "SIGTERM".into(),
        ..ContainerConfig::default()
    }
}

struct FixtureCase {
    name: &'static str,
    bytes: &'static [u8],
    platform: &'static str,
    diff_ids: &'static [&'static str],
    history: &'static [(&'static str, bool)],
}

const FIXTURES: &[FixtureCase] = &[
    FixtureCase {
        name: "amd64",
        bytes: AMD64,
        platform: "linux/amd64",
        diff_ids: &[DIFF_ID_0, DIFF_ID_1],
        history: &[
            ("umoci insert etc", false),
            ("umoci insert bin", false),
            ("umoci config", true),
        ],
    },
    FixtureCase {
        name: "arm64",
        bytes: ARM64,
        platform: "linux/arm64",
        diff_ids: &[DIFF_ID_0],
        history: &[("umoci insert etc", false), ("umoci config", true)],
    },
];

#[test]
fn fixtures() {
    for tc in FIXTURES {
        let config =
            ImageConfig::from_slice(tc.bytes).unwrap_or_else(|e| panic!("{}: {e}", tc.name));
        assert_eq!(
            config.created.as_deref(),
            Some("2024-01-01T00:00:02Z"),
            "{}",
            tc.name
        );
        assert_eq!(
            config.author.as_deref(),
            Some("berth fixtures"),
            "{}",
            tc.name
        );
        assert_eq!(config.platform().to_string(), tc.platform, "{}", tc.name);
        assert_eq!(config.platform(), tc.platform.parse::<Platform>().unwrap());
        assert_eq!(
            config.config,
            Some(fixture_container_config()),
            "{}",
            tc.name
        );
        let container = config.config.as_ref().unwrap();
        assert_eq!(
            container.cmd.as_deref(),
            Some(&strings(&["/bin/hello"])[..])
        );
        assert_eq!(container.env, ["PATH=/bin:/usr/bin", "GREETING=hello"]);
        assert_eq!(config.rootfs.kind, "layers", "{}", tc.name);
        let diff_ids: Vec<String> = config
            .rootfs
            .diff_ids
            .iter()
            .map(Digest::to_string)
            .collect();
        assert_eq!(diff_ids, tc.diff_ids, "{}", tc.name);
        let history: Vec<(&str, bool)> = config
            .history
            .iter()
            .map(|h| (h.created_by.as_deref().unwrap(), h.empty_layer))
            .collect();
        assert_eq!(history, tc.history, "{}", tc.name);
    }
}

/// The shape `docker build` writes: `null`s, a health check, fields this
/// view ignores.
#[test]
fn docker_style_config() {
    let bytes = br##"{
        "architecture": "arm",
        "variant": "v7",
        "os": "linux",
        "created": "2024-05-01T12:34:56.789012345Z",
        "docker_version": "26.1.0",
        "container": "0123",
        "container_config": {"Cmd": ["/bin/sh", "-c", "#(nop) CMD"]},
        "config": {
            "Hostname": "",
            "User": "",
            "AttachStdin": false,
            "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Entrypoint": ["/docker-entrypoint.sh"],
            "Cmd": null,
            "Volumes": null,
            "WorkingDir": "",
            "Labels": null,
            "OnBuild": null,
            "Shell": ["/bin/bash", "-c"],
            "StopSignal": "SIGQUIT",
            "ArgsEscaped": true,
            "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost/"],
                            "Interval": 30000000000, "Timeout": 5000000000,
                            "StartPeriod": 1000000000, "Retries": 3}
        },
        "rootfs": {"type": "layers", "diff_ids": null},
        "history": [{"created": "2024-05-01T12:34:56Z", "created_by": "CMD [\"nginx\"]",
                     "comment": "buildkit.dockerfile.v0", "empty_layer": true}]
    }"##;
    let config = ImageConfig::from_slice(bytes).unwrap();
    assert_eq!(config.platform().to_string(), "linux/arm/v7");
    assert!(config.rootfs.diff_ids.is_empty());
    assert_eq!(
        config.history,
        [History {
            created: Some("2024-05-01T12:34:56Z".into()),
            created_by: Some("CMD [\"nginx\"]".into()),
            author: None,
            comment: Some("buildkit.dockerfile.v0".into()),
            empty_layer: true,
        }]
    );
    assert_eq!(
        config.config,
        Some(ContainerConfig {
            exposed_ports: BTreeSet::from(["443/tcp".to_owned(), "80/tcp".to_owned()]),
            env: strings(&["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]),
            entrypoint: Some(strings(&["/docker-entrypoint.sh"])),
            cmd: None,
            shell: strings(&["/bin/bash", "-c"]),
            stop_signal: "SIGQUIT".into(),
            args_escaped: true,
            healthcheck: Some(Healthcheck {
                test: strings(&["CMD-SHELL", "curl -f http://localhost/"]),
                interval: 30_000_000_000,
                timeout: 5_000_000_000,
                start_period: 1_000_000_000,
                start_interval: 0,
                retries: 3,
            }),
            ..ContainerConfig::default()
        })
    );

    // Serialised back, the Docker names and the `{}` maps are kept and the
    // empty fields left out.
    assert_eq!(
        serde_json::to_value(config.config.as_ref().unwrap()).unwrap(),
        serde_json::json!({
            "ExposedPorts": {"443/tcp": {}, "80/tcp": {}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Entrypoint": ["/docker-entrypoint.sh"],
            "StopSignal": "SIGQUIT",
            "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost/"],
                            "Interval": 30000000000u64, "Timeout": 5000000000u64,
                            "StartPeriod": 1000000000u64, "Retries": 3},
            "ArgsEscaped": true,
            "Shell": ["/bin/bash", "-c"]
        })
    );
}

#[test]
fn minimal_and_invalid_configs() {
    // Everything is optional in the view (an artifact's empty config).
    let empty = ImageConfig::from_slice(b"{}").unwrap();
    assert_eq!(empty, ImageConfig::default());
    assert_eq!(empty.platform(), Platform::default());
    let windows = ImageConfig::from_slice(
        br#"{"os":"windows","architecture":"amd64","os.version":"10.0.20348.2113","os.features":["win32k"]}"#,
    )
    .unwrap();
    assert_eq!(
        windows.platform(),
        Platform {
            os_version: Some("10.0.20348.2113".into()),
            os_features: strings(&["win32k"]),
            ..Platform::new("windows", "amd64")
        }
    );

    let cases: &[(&[u8], &str)] = &[
        (
            b"",
            "invalid image config: EOF while parsing a value at line 1 column 0",
        ),
        (b"null", "invalid image config: expected a JSON object"),
        (
            b"{\"os\": ",
            "invalid image config: EOF while parsing a value at line 1 column 7",
        ),
        (
            br#"{"rootfs":{"type":"layers","diff_ids":["sha256:abc"]}}"#,
            "invalid image config: invalid checksum digest length",
        ),
        (
            br#"{"rootfs":{"type":"layers","diff_ids":["md5:abc"]}}"#,
            "invalid image config: unsupported digest algorithm",
        ),
        (
            br#"{"config":{"Cmd":"/bin/sh"}}"#,
            "invalid image config: invalid type: string \"/bin/sh\", expected a sequence",
        ),
        (
            br#"{"history":[{"empty_layer":"yes"}]}"#,
            "invalid image config: invalid type: string \"yes\", expected a boolean",
        ),
    ];
    for (bytes, want) in cases {
        assert_eq!(
            ImageConfig::from_slice(bytes).unwrap_err().to_string(),
            *want,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}
