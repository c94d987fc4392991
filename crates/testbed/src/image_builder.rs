use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Error, Result};

/// The manifest format `skopeo copy` writes to the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFormat {
    /// OCI image manifest (`application/vnd.oci.image.manifest.v1+json`), as umoci builds it.
    Oci,
    /// Docker schema 2 (`application/vnd.docker.distribution.manifest.v2+json`), `--format v2s2`.
    DockerV2S2,
}

/// Real OCI images in an image layout, made with `umoci` (no daemon) and pushed with `skopeo`.
pub struct ImageBuilder {
    dir: tempfile::TempDir,
}

impl ImageBuilder {
    /// An empty OCI image layout in a temp dir (`umoci init`).
    pub fn new() -> Result<ImageBuilder> {
        let dir = tempfile::Builder::new().prefix("berth-images-").tempdir()?;
        let builder = ImageBuilder { dir };
        run(Command::new("umoci")
            .arg("init")
            .arg("--layout")
            .arg(builder.layout()))?;
        Ok(builder)
    }

    /// The OCI image layout directory.
    pub fn layout(&self) -> PathBuf {
        self.dir.path().join("oci")
    }

    fn image(&self, tag: &str) -> String {
        format!("{}:{tag}", self.layout().display())
    }

    /// A new image with no layers (`umoci new`).
    pub fn new_image(&self, tag: &str) -> Result<()> {
        run(Command::new("umoci").args(["new", "--image", &self.image(tag)]))
    }

    /// Points `to` at the same manifest as `from` (`umoci tag`), to build on top of it.
    pub fn copy_tag(&self, from: &str, to: &str) -> Result<()> {
        run(Command::new("umoci").args(["tag", "--image", &self.image(from), to]))
    }

    /// Adds one layer holding `files` (path in the image, contents) to the image `tag`.
    pub fn add_layer(&self, tag: &str, files: &[(&str, &[u8])]) -> Result<()> {
        let src = tempfile::Builder::new().prefix("berth-layer-").tempdir()?;
        for (path, contents) in files {
            let target = src.path().join(path.trim_start_matches('/'));
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(target, contents)?;
        }
        let mut cmd = Command::new("umoci");
        cmd.arg("insert");
        if !is_root() {
            cmd.arg("--rootless");
        }
        cmd.args(["--image", &self.image(tag)])
            .arg(src.path())
            .arg("/");
        run(&mut cmd)
    }

    /// Adds one layer holding a whole directory tree as the image's root (`umoci insert DIR /`).
    pub fn add_dir_layer(&self, tag: &str, dir: &Path) -> Result<()> {
        let mut cmd = Command::new("umoci");
        cmd.arg("insert");
        if !is_root() {
            cmd.arg("--rootless");
        }
        cmd.args(["--image", &self.image(tag)]).arg(dir).arg("/");
        run(&mut cmd)
    }

    /// Removes `path` in a new layer (a whiteout).
    pub fn remove_in_layer(&self, tag: &str, path: &str) -> Result<()> {
        let mut cmd = Command::new("umoci");
        cmd.arg("insert");
        if !is_root() {
            cmd.arg("--rootless");
        }
        cmd.args(["--image", &self.image(tag), "--whiteout", path]);
        run(&mut cmd)
    }

    /// Changes the image config (`umoci config`), e.g. `["--config.cmd", "/hello"]`.
    pub fn config(&self, tag: &str, args: &[&str]) -> Result<()> {
        run(Command::new("umoci")
            .args(["config", "--image", &self.image(tag)])
            .args(args))
    }

    /// Pushes `tag` to `destination` (`host:port/repo:tag`) with `skopeo copy`.
    pub fn push(&self, tag: &str, destination: &str, format: ManifestFormat) -> Result<()> {
        let mut cmd = Command::new("skopeo");
        cmd.args(["copy", "--quiet", "--dest-tls-verify=false"]);
        if format == ManifestFormat::DockerV2S2 {
            cmd.args(["--format", "v2s2"]);
        }
        cmd.arg(format!("oci:{}", self.image(tag)))
            .arg(format!("docker://{destination}"));
        run(&mut cmd)
    }
}

/// Runs a command, turning a failure into an error holding its output.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let output = cmd.output().map_err(|source| Error::Spawn {
        program: program.clone(),
        source,
    })?;
    if output.status.success() {
        return Ok(());
    }
    Err(Error::Command {
        command: format!(
            "{program} {}",
            cmd.get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        status: output.status,
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        ),
    })
}

fn is_root() -> bool {
    // /proc/self/status "Uid:" line: real, effective, saved, fs.
    fs::read_to_string(Path::new("/proc/self/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}
