//! nginx on a free loopback port with one `server` block's contents (a snippet berth shows).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::{Error, Result, free_port, wait_for_port};

/// A running nginx; stopped on drop.
pub struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// Starts nginx with `server_body` (e.g. a `location /v2/ { … }` block) inside
    /// `server { listen 127.0.0.1:PORT; … }`.
    pub fn start(server_body: &str) -> Result<Nginx> {
        let dir = tempfile::Builder::new().prefix("berth-nginx-").tempdir()?;
        let port = free_port()?;
        let p = |name: &str| -> PathBuf { dir.path().join(name) };
        for d in ["client", "proxy", "fastcgi", "uwsgi", "scgi", "logs"] {
            std::fs::create_dir_all(p(d))?;
        }
        let user = if std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        {
            "user root;\n"
        } else {
            ""
        };
        let conf = format!(
            "{user}worker_processes 1;\ndaemon off;\npid {pid};\nerror_log {err} warn;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {c};\n  proxy_temp_path {px};\n  fastcgi_temp_path {f};\n  uwsgi_temp_path {u};\n  scgi_temp_path {s};\n  server {{\n    listen 127.0.0.1:{port};\n{server_body}\n  }}\n}}\n",
            pid = p("nginx.pid").display(),
            err = p("logs/error.log").display(),
            c = p("client").display(),
            px = p("proxy").display(),
            f = p("fastcgi").display(),
            u = p("uwsgi").display(),
            s = p("scgi").display(),
        );
        std::fs::write(p("nginx.conf"), conf)?;
        let child = crate::child::dies_with_parent(&mut Command::new("nginx"))
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(p("nginx.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "nginx".into(),
                source,
            })?;
        wait_for_port(port, Duration::from_secs(10), "nginx").map_err(|e| {
            let log = std::fs::read_to_string(p("logs/error.log")).unwrap_or_default();
            Error::Startup("nginx".into(), format!("{e}\n{log}"))
        })?;
        Ok(Nginx {
            child,
            port,
            _dir: dir,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
