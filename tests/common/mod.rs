//! Shared setup of the end-to-end tests: the built `dist/`, a static server, a browser.
#![allow(dead_code)]

use std::path::PathBuf;

use berth_testbed::{Browser, StaticServer};

/// The built app served on loopback and a fresh headless Chromium.
pub struct App {
    pub browser: Browser,
    pub server: StaticServer,
}

impl App {
    /// Serves `$BERTH_DIST` (default `dist/`), which `scripts/test` builds with trunk first.
    pub fn start() -> App {
        let dist = std::env::var_os("BERTH_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
        assert!(
            dist.join("index.html").is_file(),
            "{} has no built app: run `make test` (or `scripts/wasm trunk build --release`) first",
            dist.display()
        );
        App {
            server: StaticServer::start(dist).expect("static server"),
            browser: Browser::start().expect("headless Chromium via chromedriver"),
        }
    }

    /// An absolute URL of the app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Saves a screenshot under `target/e2e-screenshots/NAME.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        self.browser.screenshot(&path).unwrap();
        path
    }
}
