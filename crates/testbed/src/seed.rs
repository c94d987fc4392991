//! A few small, real images for the dev registry and the tests.

use crate::{ImageBuilder, ManifestFormat, Registry, Result, registry_api};

/// What [`seed`] pushes: `(repository:tag, manifest format)`.
pub const SEEDED: &[(&str, ManifestFormat)] = &[
    ("berth/hello:1.0", ManifestFormat::Oci),
    ("berth/hello:latest", ManifestFormat::Oci),
    ("berth/hello-docker:1.0", ManifestFormat::DockerV2S2),
    ("berth/web:2.4", ManifestFormat::Oci),
    ("tools/notes:0.1", ManifestFormat::Oci),
    ("berth/multi:amd64", ManifestFormat::Oci),
    ("berth/multi:arm64", ManifestFormat::Oci),
];

/// The multi-platform index [`seed`] pushes over `berth/multi:amd64` and `:arm64`.
pub const SEEDED_INDEX: &str = "berth/multi:1.0";

/// Tags of `berth/many` (one small image under many tags, for `pull -a`).
pub const MANY_TAGS: usize = 12;

/// Builds the images with umoci and pushes them to `registry` with skopeo.
///
/// `berth/hello` and `berth/web` share a base layer, like images built `FROM` one base.
pub fn seed(registry: &Registry) -> Result<()> {
    let b = ImageBuilder::new()?;
    b.new_image("base")?;
    b.add_layer(
        "base",
        &[
            ("etc/os-release", OS_RELEASE.as_bytes()),
            ("etc/motd", b"Welcome to a berth test image.\n"),
            ("usr/share/doc/berth/README", README.as_bytes()),
        ],
    )?;
    b.config(
        "base",
        &[
            "--author=berth testbed",
            "--config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "--config.label=org.opencontainers.image.source=berth",
        ],
    )?;

    b.copy_tag("base", "hello")?;
    b.add_layer("hello", &[("hello.txt", b"Hello from berth!\n")])?;
    b.config("hello", &["--config.cmd=cat", "--config.cmd=/hello.txt"])?;

    b.copy_tag("base", "web")?;
    b.add_layer(
        "web",
        &[
            ("srv/www/index.html", b"<h1>It works</h1>\n"),
            ("etc/web.conf", b"listen 8080\nroot /srv/www\n"),
        ],
    )?;
    b.config(
        "web",
        &[
            "--config.exposedports=8080/tcp",
            "--config.workingdir=/srv/www",
            "--config.entrypoint=/usr/sbin/webd",
        ],
    )?;

    b.new_image("notes")?;
    b.add_layer("notes", &[("notes/1.md", NOTES.as_bytes())])?;

    for arch in ["amd64", "arm64"] {
        b.new_image(arch)?;
        b.add_layer(arch, &[("etc/arch", format!("{arch}\n").as_bytes())])?;
        b.config(arch, &[&format!("--architecture={arch}"), "--os=linux"])?;
    }

    for (reference, format) in SEEDED {
        let source = match reference.split_once(':') {
            Some(("berth/hello" | "berth/hello-docker", _)) => "hello",
            Some(("berth/web", _)) => "web",
            Some(("berth/multi", arch)) => arch,
            _ => "notes",
        };
        b.push(source, &format!("{}/{reference}", registry.host()), *format)?;
    }
    let (repo, tag) = SEEDED_INDEX.split_once(':').expect("repo:tag");
    registry_api::push_index(
        &registry.url(),
        repo,
        tag,
        &[("amd64", "linux/amd64"), ("arm64", "linux/arm64/v8")],
    )?;
    // Extra tags of one manifest: PUT its bytes under each tag (as `crane tag` does).
    b.push(
        "notes",
        &format!("{}/berth/many:v1", registry.host()),
        ManifestFormat::Oci,
    )?;
    let m = registry_api::get_manifest(&registry.url(), "berth/many", "v1")?;
    for i in 2..=MANY_TAGS {
        registry_api::put_manifest(
            &registry.url(),
            "berth/many",
            &format!("v{i}"),
            &m.media_type,
            &m.bytes,
        )?;
    }
    Ok(())
}

const OS_RELEASE: &str = "PRETTY_NAME=\"berth test image\"\nNAME=\"berth\"\nID=berth\n";
const README: &str = "These files exist so that the image has real, inspectable layers.\n";
const NOTES: &str = "# Notes\n\nAn image with a single layer and no config changes.\n";
