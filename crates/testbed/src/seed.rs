//! A few small, real images for the dev registry and the tests.

use crate::{ImageBuilder, ManifestFormat, Registry, Result};

/// What [`seed`] pushes: `(repository:tag, manifest format)`.
pub const SEEDED: &[(&str, ManifestFormat)] = &[
    ("berth/hello:1.0", ManifestFormat::Oci),
    ("berth/hello:latest", ManifestFormat::Oci),
    ("berth/hello-docker:1.0", ManifestFormat::DockerV2S2),
    ("berth/web:2.4", ManifestFormat::Oci),
    ("tools/notes:0.1", ManifestFormat::Oci),
];

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

    for (reference, format) in SEEDED {
        let source = match reference.split(':').next() {
            Some("berth/hello") | Some("berth/hello-docker") => "hello",
            Some("berth/web") => "web",
            _ => "notes",
        };
        b.push(source, &format!("{}/{reference}", registry.host()), *format)?;
    }
    Ok(())
}

const OS_RELEASE: &str = "PRETTY_NAME=\"berth test image\"\nNAME=\"berth\"\nID=berth\n";
const README: &str = "These files exist so that the image has real, inspectable layers.\n";
const NOTES: &str = "# Notes\n\nAn image with a single layer and no config changes.\n";
