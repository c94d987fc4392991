//! Platforms: the operating system and CPU an image is built for, how to
//! normalise and match them (containerd's `platforms` package).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Descriptor, Error};

/// What a [`Platform`] specifier must look like, for error messages.
const EXPECTED_FORM: &str = "expected os/arch[/variant], such as linux/amd64";

/// The platform of an image: the `platform` of an index's descriptors (OCI
/// image-spec's `Platform`), and what a pull asks for.
///
/// [`FromStr`] reads Docker's `--platform` syntax, `os/arch[/variant]`, and
/// [`Display`](fmt::Display) writes it. Parsing normalises as containerd's
/// `platforms.Parse` does: the OS is lower cased, architecture aliases are
/// replaced (`x86_64` → `amd64`, `aarch64` → `arm64`, `armhf` → `arm/v7`,
/// ...), and `arm64/v8` or plain `arm` are kept as written.
///
/// ```
/// use berth_oci::Platform;
/// let p: Platform = "linux/aarch64".parse().unwrap();
/// assert_eq!(p.to_string(), "linux/arm64");
/// assert!(p.matches(&"linux/arm64/v8".parse().unwrap()));
///
/// let err = "linux".parse::<Platform>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid platform \"linux\": expected os/arch[/variant], such as linux/amd64"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Platform {
    /// The CPU architecture, in Go's `GOARCH` terms: `amd64`, `arm64`,
    /// `arm`, `s390x`, ...
    pub architecture: String,
    /// The operating system, in Go's `GOOS` terms: `linux`, `windows`, ...
    pub os: String,
    /// The OS version (JSON `os.version`), e.g. `10.0.17763.1234` for
    /// Windows.
    #[serde(
        rename = "os.version",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub os_version: Option<String>,
    /// Required OS features (JSON `os.features`), e.g. `win32k`.
    #[serde(
        rename = "os.features",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::serde::null_as_default"
    )]
    pub os_features: Vec<String>,
    /// The CPU variant, e.g. `v7` for `arm`, `v8` for `arm64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    /// A platform with an OS and architecture, as written (not normalised).
    pub fn new(os: &str, architecture: &str) -> Self {
        Platform {
            os: os.to_owned(),
            architecture: architecture.to_owned(),
            ..Platform::default()
        }
    }

    /// The same platform with a variant.
    pub fn with_variant(mut self, variant: &str) -> Self {
        self.variant = Some(variant.to_owned()).filter(|v| !v.is_empty());
        self
    }

    /// The canonical form of the platform (containerd's `Normalize`), in
    /// which equivalent platforms are equal:
    ///
    /// - the OS is lower cased, and `macos` is `darwin`;
    /// - `x86_64` and `x86-64` are `amd64`, whose variant `v1` is none;
    /// - `i386` is `386`, without variant;
    /// - `aarch64` is `arm64`, whose variants `8`, `v8` and `v8.0` are none
    ///   and `9`, `9.0`, `v9.0` are `v9`;
    /// - `armhf` is `arm/v7`, `armel` is `arm/v6`, `arm` without variant is
    ///   `arm/v7` and the variants `5`, `6`, `7`, `8` are `v5`...`v8`;
    /// - the OS features are sorted, without duplicates.
    ///
    /// ```
    /// use berth_oci::Platform;
    /// let p = Platform::new("Linux", "armhf").normalize();
    /// assert_eq!(p, Platform::new("linux", "arm").with_variant("v7"));
    /// ```
    pub fn normalize(&self) -> Platform {
        let (architecture, variant) =
            normalize_arch(&self.architecture, self.variant.as_deref().unwrap_or(""));
        let mut os_features = self.os_features.clone();
        os_features.sort();
        os_features.dedup();
        Platform {
            architecture,
            os: normalize_os(&self.os),
            os_version: self.os_version.clone(),
            os_features,
            variant: Some(variant).filter(|v| !v.is_empty()),
        }
    }

    /// Whether an image for `candidate` is exactly what `self` asks for
    /// (containerd's `NewMatcher(self).Match(candidate)`): the same
    /// normalised OS, architecture and variant; on Windows, a compatible OS
    /// version when both have one; and every OS feature the candidate needs
    /// is one `self` has (Windows' `win32k` is not required).
    ///
    /// This is strict: `linux/arm64` does not match `linux/arm/v7`. To
    /// choose among an index's images with containerd's fallbacks, use
    /// [`best_match`].
    ///
    /// ```
    /// use berth_oci::Platform;
    /// let wanted: Platform = "linux/arm".parse().unwrap();
    /// assert!(wanted.matches(&Platform::new("linux", "arm").with_variant("v7")));
    /// assert!(!wanted.matches(&Platform::new("linux", "arm").with_variant("v6")));
    /// ```
    pub fn matches(&self, candidate: &Platform) -> bool {
        let wanted = self.normalize();
        let mut candidate = candidate.normalize();
        if wanted.os != candidate.os
            || wanted.architecture != candidate.architecture
            || wanted.variant != candidate.variant
        {
            return false;
        }
        if wanted.os == "windows" {
            if !windows_version_matches(
                wanted.os_version.as_deref(),
                candidate.os_version.as_deref(),
            ) {
                return false;
            }
            candidate.os_features.retain(|f| f != "win32k");
        }
        candidate
            .os_features
            .iter()
            .all(|f| wanted.os_features.binary_search(f).is_ok())
    }

    /// The platforms an image for `self` can run, best first (containerd's
    /// `platformVector`, what `platforms.Only` matches): itself, then older
    /// variants of the same architecture down to `arm/v5` or `amd64/v1`,
    /// `386` for `amd64`, and 32-bit `arm/v8`...`arm/v5` for `arm64`.
    fn compatible(&self) -> Vec<Platform> {
        let p = self.normalize();
        let like = |architecture: &str, variant: &str| Platform {
            architecture: architecture.to_owned(),
            variant: Some(variant.to_owned()).filter(|v| !v.is_empty()),
            ..p.clone()
        };
        let version = |variant: Option<&str>| {
            variant
                .and_then(|v| v.strip_prefix('v'))
                .and_then(|v| v.parse::<u32>().ok())
        };
        let mut platforms = vec![p.clone()];
        match p.architecture.as_str() {
            "amd64" => {
                if let Some(v) = version(p.variant.as_deref()) {
                    platforms.extend((1..v).rev().map(|v| like("amd64", &format!("v{v}"))));
                }
                platforms.push(like("386", ""));
            }
            "arm" => {
                if let Some(v) = version(p.variant.as_deref()) {
                    platforms.extend((5..v).rev().map(|v| like("arm", &format!("v{v}"))));
                }
            }
            "arm64" => {
                let variant = p.variant.as_deref().unwrap_or("v8");
                // containerd matches nothing for a variant it does not know;
                // here, that variant only.
                let Some(older) = arm64_variants(variant) else {
                    return platforms;
                };
                platforms = older.iter().map(|v| like("arm64", v)).collect();
                // Every arm64 CPU (v8.x, v9.x) runs 32-bit arm/v8 and older.
                platforms.extend(like("arm", "v8").compatible());
            }
            _ => {}
        }
        platforms
    }
}

/// Chooses the descriptor of an index (or Docker manifest list) to pull for
/// `wanted`, as containerd's `platforms.Only(wanted)` orders them: an exact
/// match (see [`Platform::matches`]) first, else the best compatible one
/// (older variants, `386` on `amd64`, 32-bit `arm` on `arm64`). Among equal
/// matches, the one requiring more OS features wins, then the first.
///
/// Descriptors without a `platform` are not candidates.
///
/// ```
/// use berth_oci::{Descriptor, Digest, MediaType, Platform, best_match};
/// let descriptor = |platform: &str| Descriptor {
///     platform: Some(platform.parse().unwrap()),
///     ..Descriptor::new(MediaType::OciManifest, Digest::sha256_of(platform.as_bytes()), 0)
/// };
/// let index = [descriptor("linux/amd64"), descriptor("linux/arm/v7")];
/// let wanted: Platform = "linux/arm64".parse().unwrap();
/// assert_eq!(best_match(&wanted, &index), Some(&index[1]));
/// assert_eq!(best_match(&"linux/s390x".parse().unwrap(), &index), None);
/// ```
pub fn best_match<'a>(
    wanted: &Platform,
    candidates: impl IntoIterator<Item = &'a Descriptor>,
) -> Option<&'a Descriptor> {
    let compatible = wanted.compatible();
    let mut best: Option<(usize, usize, &Descriptor)> = None;
    for descriptor in candidates {
        let Some(platform) = &descriptor.platform else {
            continue;
        };
        let Some(rank) = compatible.iter().position(|p| p.matches(platform)) else {
            continue;
        };
        let features = platform.os_features.len();
        let better = match best {
            None => true,
            Some((best_rank, best_features, _)) => {
                rank < best_rank || (rank == best_rank && features > best_features)
            }
        };
        if better {
            best = Some((rank, features, descriptor));
        }
    }
    best.map(|(_, _, descriptor)| descriptor)
}

impl fmt::Display for Platform {
    /// `os/arch[/variant]` (containerd's `Format`), `unknown` without an OS.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.os.is_empty() {
            return f.write_str("unknown");
        }
        f.write_str(&self.os)?;
        for part in [Some(self.architecture.as_str()), self.variant.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
        {
            write!(f, "/{part}")?;
        }
        Ok(())
    }
}

impl FromStr for Platform {
    type Err = Error;

    /// Parses `os/arch[/variant]` (containerd's `Parse`, without the
    /// defaults it takes from the host for a lone OS or architecture, and
    /// without the `os(version)` form).
    fn from_str(specifier: &str) -> Result<Self, Error> {
        let invalid = |reason: String| Error::InvalidPlatform {
            specifier: specifier.to_owned(),
            reason,
        };
        if specifier.contains('*') {
            return Err(invalid("wildcards are not supported".to_owned()));
        }
        let parts: Vec<&str> = specifier.split('/').collect();
        let (os, architecture, variant) = match parts[..] {
            [os, architecture] => (os, architecture, None),
            [os, architecture, variant] => (os, architecture, Some(variant)),
            _ => return Err(invalid(EXPECTED_FORM.to_owned())),
        };
        check_component("os", os, false).map_err(invalid)?;
        check_component("architecture", architecture, true).map_err(invalid)?;
        if let Some(variant) = variant {
            check_component("variant", variant, true).map_err(invalid)?;
        }

        let (architecture, mut variant) = normalize_arch(architecture, variant.unwrap_or(""));
        match (parts.len(), architecture.as_str(), variant.as_str()) {
            // `linux/arm` means v7, which is how it is written.
            (2, "arm", "v7") => variant.clear(),
            // `linux/arm64/v8` stays as written.
            (3, "arm64", "") => variant = "v8".to_owned(),
            _ => {}
        }
        Ok(Platform {
            architecture,
            os: normalize_os(os),
            variant: Some(variant).filter(|v| !v.is_empty()),
            ..Platform::default()
        })
    }
}

impl TryFrom<&str> for Platform {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        s.parse()
    }
}

/// Checks one component of a specifier: not empty, and only letters,
/// digits, `_`, `-` and (unless it is the OS) `.`. Returns the reason.
fn check_component(name: &str, value: &str, dots: bool) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("the {name} is empty"));
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || (dots && c == '.');
    if value.chars().all(valid) {
        Ok(())
    } else if dots {
        Err(format!(
            "the {name} {value:?} may only contain letters, digits, '_', '.' and '-'"
        ))
    } else {
        Err(format!(
            "the {name} {value:?} may only contain letters, digits, '_' and '-'"
        ))
    }
}

/// containerd's `normalizeOS`, except that an empty OS stays empty (there
/// is no host OS to default to).
fn normalize_os(os: &str) -> String {
    let os = os.to_ascii_lowercase();
    if os == "macos" {
        "darwin".to_owned()
    } else {
        os
    }
}

/// containerd's `normalizeArch`: the canonical architecture and variant.
fn normalize_arch(architecture: &str, variant: &str) -> (String, String) {
    let architecture = architecture.to_ascii_lowercase();
    let variant = variant.to_ascii_lowercase();
    let (architecture, variant): (&str, &str) = match (architecture.as_str(), variant.as_str()) {
        ("i386", _) => ("386", ""),
        ("x86_64" | "x86-64" | "amd64", "v1") => ("amd64", ""),
        ("x86_64" | "x86-64" | "amd64", v) => ("amd64", v),
        ("aarch64" | "arm64", "8" | "v8" | "v8.0") => ("arm64", ""),
        ("aarch64" | "arm64", "9" | "9.0" | "v9.0") => ("arm64", "v9"),
        ("aarch64" | "arm64", v) => ("arm64", v),
        ("armhf", _) => ("arm", "v7"),
        ("armel", _) => ("arm", "v6"),
        ("arm", "" | "7") => ("arm", "v7"),
        ("arm", "5") => ("arm", "v5"),
        ("arm", "6") => ("arm", "v6"),
        ("arm", "8") => ("arm", "v8"),
        (a, v) => (a, v),
    };
    (architecture.to_owned(), variant.to_owned())
}

/// The arm64 variants an arm64 `variant` CPU runs, best first (containerd's
/// `arm64variantToVersion` table): `v8.x` runs `v8.x` down to `v8`; `v9.x`
/// runs `v9.x` down to `v9`, then `v8.(x+5)` (at most `v8.9`) down to `v8`.
/// `None` for a variant not in the table.
fn arm64_variants(variant: &str) -> Option<Vec<String>> {
    let (major, minor) = match variant.strip_prefix('v')?.split_once('.') {
        Some((major, minor)) => (major, minor.parse::<u32>().ok()?),
        None => (variant.strip_prefix('v')?, 0),
    };
    let steps: Vec<(u32, u32)> = match (major, minor) {
        ("8", 0..=9) => vec![(8, minor)],
        ("9", 0..=7) => vec![(9, minor), (8, (minor + 5).min(9))],
        _ => return None,
    };
    let name = |major: u32, minor: u32| match minor {
        0 => format!("v{major}"),
        _ => format!("v{major}.{minor}"),
    };
    Some(
        steps
            .into_iter()
            .flat_map(|(major, top)| (0..=top).rev().map(move |minor| name(major, minor)))
            .collect(),
    )
}

/// The first three numbers of a Windows version, `major.minor.build`
/// (containerd's `getWindowsOSVersion`); `None` if it has fewer or they do
/// not parse.
fn windows_version(version: &str) -> Option<(u8, u8, u16)> {
    let mut numbers = version.split('.');
    let major = numbers.next()?.parse().ok()?;
    let minor = numbers.next()?.parse().ok()?;
    let build = numbers.next()?.parse().ok()?;
    Some((major, minor, build))
}

/// Whether a Windows host of version `host` runs a container image of
/// version `image` (containerd's `windowsVersionMatcher`): always when
/// either is missing or unreadable; otherwise the same major and minor
/// version and, before Windows Server 2022 (build 20348), the same build;
/// from it on, any build from the newest long-term release older than the
/// host (2022 or 2025, build 26100) up to the host's.
fn windows_version_matches(host: Option<&str>, image: Option<&str>) -> bool {
    const LTSC_2022: u16 = 20348;
    const LTSC_2025: u16 = 26100;
    let Some(host) = host.and_then(windows_version) else {
        return true;
    };
    let Some(image) = image.filter(|v| !v.is_empty()) else {
        return true;
    };
    let image = windows_version(image).unwrap_or_default();
    if (host.0, host.1) != (image.0, image.1) {
        return false;
    }
    if host.2 < LTSC_2022 {
        return host.2 == image.2;
    }
    let oldest = if host.2 > LTSC_2025 {
        LTSC_2025
    } else {
        LTSC_2022
    };
    (oldest..=host.2).contains(&image.2)
}
