//! Image configs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::serde::from_json_slice;
use crate::{Digest, Error, Platform};

/// The image config, the JSON a manifest's `config` descriptor points at
/// (OCI image-spec's config.md and Docker's image JSON, go-containerregistry's
/// `v1.ConfigFile`).
///
/// A view: fields berth does not use (Docker's `container_config`,
/// `docker_version`, ...) are ignored, and the bytes remain what the config's
/// digest is over.
///
/// ```
/// use berth_oci::ImageConfig;
/// let config = ImageConfig::from_slice(br#"{
///     "architecture": "arm64", "variant": "v8", "os": "linux",
///     "config": {"Cmd": ["/bin/sh"], "Env": null},
///     "rootfs": {"type": "layers", "diff_ids": []}
/// }"#).unwrap();
/// assert_eq!(config.platform().to_string(), "linux/arm64/v8");
/// let container = config.config.unwrap();
/// assert_eq!(container.cmd, Some(vec!["/bin/sh".to_owned()]));
/// assert!(container.env.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    /// When the image was created, RFC 3339 as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Who made the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The CPU architecture (`amd64`, `arm64`, ...).
    #[serde(default)]
    pub architecture: String,
    /// The operating system (`linux`, `windows`, ...).
    #[serde(default)]
    pub os: String,
    /// The CPU variant (`v8`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// The OS version (JSON `os.version`).
    #[serde(
        rename = "os.version",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub os_version: Option<String>,
    /// Required OS features (JSON `os.features`).
    #[serde(
        rename = "os.features",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub os_features: Vec<String>,
    /// The defaults for containers run from the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<ContainerConfig>,
    /// The layers' uncompressed digests.
    #[serde(default)]
    pub rootfs: RootFs,
    /// How each layer was made, base first; includes entries that made no
    /// layer ([`History::empty_layer`]).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub history: Vec<History>,
}

impl ImageConfig {
    /// Reads an image config's bytes. Errors are [`Error::InvalidConfig`],
    /// e.g. `invalid image config: invalid checksum digest length`.
    pub fn from_slice(bytes: &[u8]) -> Result<ImageConfig, Error> {
        from_json_slice(bytes).map_err(Error::InvalidConfig)
    }

    /// The platform the image is for, from `os`, `architecture`, `variant`,
    /// `os.version` and `os.features`.
    pub fn platform(&self) -> Platform {
        Platform {
            architecture: self.architecture.clone(),
            os: self.os.clone(),
            os_version: self.os_version.clone(),
            os_features: self.os_features.clone(),
            variant: self.variant.clone(),
        }
    }
}

/// The defaults for containers run from an image (the config's `config`;
/// Docker's `container.Config` subset the image-spec keeps), with Docker's
/// capitalised field names. Lists and maps that are `null` read as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerConfig {
    /// `User`: the user (and group) to run as, `name`, `uid` or `uid:gid`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// `ExposedPorts`: ports like `8080/tcp`, written as a map to `{}`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty", with = "key_set")]
    pub exposed_ports: BTreeSet<String>,
    /// `Env`: `NAME=value` entries.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub env: Vec<String>,
    /// `Entrypoint`; `None` when unset (`null` or absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    /// `Cmd`; `None` when unset (`null` or absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd: Option<Vec<String>>,
    /// `Volumes`: paths, written as a map to `{}`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty", with = "key_set")]
    pub volumes: BTreeSet<String>,
    /// `WorkingDir`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub working_dir: String,
    /// `Labels`.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub labels: BTreeMap<String, String>,
    /// `StopSignal`, e.g. `SIGTERM`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stop_signal: String,
    /// `Healthcheck` (Docker only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Healthcheck>,
    /// `ArgsEscaped` (Windows).
    #[serde(default, skip_serializing_if = "is_false")]
    pub args_escaped: bool,
    /// `OnBuild`: instructions run when the image is a build's base (Docker
    /// only).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub on_build: Vec<String>,
    /// `Shell`: the shell for shell-form instructions (Docker only).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub shell: Vec<String>,
}

/// A container health check (Docker's `HealthConfig`). Durations are Go's
/// `time.Duration`: nanoseconds; 0 means "inherit".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Healthcheck {
    /// `Test`: `[]` inherit, `["NONE"]` disabled, `["CMD", args...]` or
    /// `["CMD-SHELL", command]`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub test: Vec<String>,
    /// `Interval` between checks, in nanoseconds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub interval: i64,
    /// `Timeout` of one check, in nanoseconds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub timeout: i64,
    /// `StartPeriod` before failures count, in nanoseconds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_period: i64,
    /// `StartInterval` between checks during the start period, in
    /// nanoseconds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_interval: i64,
    /// `Retries`: consecutive failures before unhealthy.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: i64,
}

/// The config's `rootfs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootFs {
    /// JSON `type`: always `layers`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The digests of the layers' uncompressed tar archives, base first.
    #[serde(default, deserialize_with = "crate::serde::null_as_default")]
    pub diff_ids: Vec<Digest>,
}

/// One step of the image's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// When, RFC 3339 as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The command (e.g. the Dockerfile instruction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// A comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Whether the step made no layer (e.g. `ENV`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub empty_layer: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Docker's sets (`ExposedPorts`, `Volumes`): JSON maps from each member to
/// `{}`; `null` reads as empty.
mod key_set {
    use std::collections::{BTreeMap, BTreeSet};

    use serde::de::IgnoredAny;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// The `{}` each member maps to.
    #[derive(Serialize)]
    struct Empty {}

    pub(super) fn serialize<S: Serializer>(
        set: &BTreeSet<String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(set.iter().map(|key| (key, Empty {})))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeSet<String>, D::Error> {
        let map = Option::<BTreeMap<String, IgnoredAny>>::deserialize(deserializer)?;
        Ok(map.unwrap_or_default().into_keys().collect())
    }
}
