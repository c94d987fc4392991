use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::{Error, Result, free_port, wait_for_port};

/// Which CORS headers the registry sends (distribution's `http.headers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cors {
    /// None at all: browsers block every cross-origin read.
    None,
    /// Everything berth needs, for this origin (`*` for any).
    Full(String),
    /// Allow-Origin/Methods/Headers for this origin, but no `Access-Control-Expose-Headers`.
    WithoutExposeHeaders(String),
    /// Exactly these headers.
    Custom(Vec<(String, Vec<String>)>),
    /// A `headers:` block as YAML, written verbatim under `http:` (a snippet berth shows).
    Yaml(String),
}

impl Cors {
    /// The header list this setting produces.
    pub fn headers(&self) -> Vec<(String, Vec<String>)> {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let base = |origin: &str| {
            vec![
                (
                    "Access-Control-Allow-Origin".to_owned(),
                    vec![origin.to_owned()],
                ),
                (
                    "Access-Control-Allow-Methods".to_owned(),
                    list(&["HEAD", "GET", "OPTIONS", "DELETE", "PUT", "POST", "PATCH"]),
                ),
                (
                    "Access-Control-Allow-Headers".to_owned(),
                    list(&[
                        "Authorization",
                        "Accept",
                        "Cache-Control",
                        "Content-Type",
                        "Range",
                    ]),
                ),
            ]
        };
        match self {
            Cors::None => Vec::new(),
            Cors::Full(origin) => {
                let mut h = base(origin);
                h.push((
                    "Access-Control-Expose-Headers".to_owned(),
                    list(&[
                        "Docker-Content-Digest",
                        "Link",
                        "WWW-Authenticate",
                        "Content-Length",
                        "Location",
                        "Content-Range",
                    ]),
                ));
                h
            }
            Cors::WithoutExposeHeaders(origin) => base(origin),
            Cors::Custom(h) => h.clone(),
            Cors::Yaml(_) => Vec::new(),
        }
    }
}

/// How to start a registry.
#[derive(Debug, Clone)]
pub struct RegistryOptions {
    /// CORS headers.
    pub cors: Cors,
    /// Fixed port; a free one when `None`.
    pub port: Option<u16>,
    /// Storage directory kept after the registry stops; a temp dir when `None`.
    pub storage: Option<PathBuf>,
    /// `auth.htpasswd`: realm and path of an htpasswd file (bcrypt entries).
    pub htpasswd: Option<(String, PathBuf)>,
    /// `storage.delete.enabled` (on by default; off answers deletes with 405 UNSUPPORTED).
    pub delete: bool,
}

impl RegistryOptions {
    /// Turns on `auth.htpasswd` with one bcrypt user (made by `htpasswd -B`), in `dir`.
    pub fn with_htpasswd(mut self, dir: &Path, user: &str, password: &str) -> Result<Self> {
        let output = Command::new("htpasswd")
            .args(["-Bbn", user, password])
            .output()
            .map_err(|source| Error::Spawn {
                program: "htpasswd".into(),
                source,
            })?;
        let path = dir.join("htpasswd");
        fs::write(&path, output.stdout)?;
        self.htpasswd = Some(("berth test registry".into(), path));
        Ok(self)
    }
}

impl Default for RegistryOptions {
    fn default() -> Self {
        RegistryOptions {
            cors: Cors::Full("*".into()),
            port: None,
            storage: None,
            htpasswd: None,
            delete: true,
        }
    }
}

/// A running `docker-registry` (CNCF distribution) on loopback; killed on drop.
pub struct Registry {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
    options: RegistryOptions,
}

impl Registry {
    /// Starts a registry with full CORS for any origin on a free port.
    pub fn start() -> Result<Registry> {
        Registry::start_with(RegistryOptions::default())
    }

    /// Starts a registry and waits until it accepts connections.
    pub fn start_with(options: RegistryOptions) -> Result<Registry> {
        let dir = tempfile::Builder::new()
            .prefix("berth-registry-")
            .tempdir()?;
        let port = match options.port {
            Some(p) => p,
            None => free_port()?,
        };
        let mut registry = Registry {
            child: None,
            port,
            dir,
            options,
        };
        registry.spawn()?;
        Ok(registry)
    }

    fn spawn(&mut self) -> Result<()> {
        let storage = match &self.options.storage {
            Some(p) => p.clone(),
            None => self.dir.path().join("storage"),
        };
        fs::create_dir_all(&storage)?;
        let config = self.dir.path().join("config.yml");
        fs::write(&config, config_yaml(self.port, &storage, &self.options))?;
        let log = fs::File::create(self.log_path())?;
        let child = crate::child::dies_with_parent(&mut Command::new("docker-registry"))
            .arg("serve")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "docker-registry".into(),
                source,
            })?;
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(20), "docker-registry")
            .map_err(|e| Error::Startup("docker-registry".into(), format!("{e}\n{}", self.log())))
    }

    /// Stops the registry process (the storage stays; [`Registry::restart`] brings it back).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the stopped registry again on the same port with the same storage.
    pub fn restart(&mut self) -> Result<()> {
        self.stop();
        self.spawn()
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `host:port` as image references and skopeo want it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.host())
    }

    /// The generated configuration.
    pub fn config(&self) -> String {
        fs::read_to_string(self.dir.path().join("config.yml")).unwrap_or_default()
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("registry.log")
    }

    /// What the registry printed so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop();
    }
}

fn config_yaml(port: u16, storage: &Path, options: &RegistryOptions) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "version: 0.1");
    let _ = writeln!(y, "log:\n  level: warn\n  accesslog:\n    disabled: true");
    let _ = writeln!(
        y,
        "storage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: {}\n  maintenance:\n    uploadpurging:\n      enabled: false",
        quote(&storage.display().to_string()),
        options.delete
    );
    let _ = writeln!(y, "http:\n  addr: 127.0.0.1:{port}");
    if let Cors::Yaml(block) = &options.cors {
        y.push_str(block.trim_end());
        y.push('\n');
    }
    let headers = options.cors.headers();
    if !headers.is_empty() {
        let _ = writeln!(y, "  headers:");
        for (name, values) in headers {
            let values: Vec<String> = values.iter().map(|v| quote(v)).collect();
            let _ = writeln!(y, "    {name}: [{}]", values.join(", "));
        }
    }
    if let Some((realm, path)) = &options.htpasswd {
        let _ = writeln!(
            y,
            "auth:\n  htpasswd:\n    realm: {}\n    path: {}",
            quote(realm),
            quote(&path.display().to_string())
        );
    }
    y
}

/// A YAML single-quoted scalar.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
