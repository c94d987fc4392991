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

/// The attributes of every `image-row`, in table order.
pub fn image_rows(b: &Browser) -> Vec<std::collections::BTreeMap<String, String>> {
    let script = r#"return [...document.querySelectorAll('[data-testid="image-row"]')].map(r => {
        const o = {}; for (const a of r.attributes) if (a.name.startsWith('data-')) o[a.name.slice(5)] = a.value; return o; });"#;
    serde_json::from_value(b.execute(script, vec![]).unwrap()).unwrap()
}

/// Fills the pull form and waits for the pull to end; returns `(data-state, status text)`.
pub fn pull(b: &Browser, reference: &str, platform: &str, all_tags: bool) -> (String, String) {
    let input = b.testid("pull-reference").unwrap();
    input.clear().unwrap();
    input.send_keys(reference).unwrap();
    let p = b.testid("pull-platform").unwrap();
    p.clear().unwrap();
    p.send_keys(platform).unwrap();
    let check = b.testid("pull-all-tags").unwrap();
    if check.prop("checked").unwrap().as_bool() != Some(all_tags) {
        check.click().unwrap();
    }
    b.testid("pull-submit").unwrap().click().unwrap();
    wait_pull_end(b)
}

/// Waits until `pull-status` says `done` or `error`.
pub fn wait_pull_end(b: &Browser) -> (String, String) {
    b.wait_for("the pull to end", |b| {
        let Some(status) = b
            .find_all("[data-testid=\"pull-status\"]")?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let state = status.attr("data-state")?.unwrap_or_default();
        if state == "done" || state == "error" {
            let text = status
                .prop("textContent")?
                .as_str()
                .unwrap_or("")
                .to_owned();
            return Ok(Some((state, text)));
        }
        Ok(None)
    })
    .unwrap()
}

/// The `data-status` of every `pull-layer`, by digest.
pub fn layer_statuses(b: &Browser) -> std::collections::BTreeMap<String, String> {
    let script = r#"const o = {}; for (const l of document.querySelectorAll('[data-testid="pull-layer"]')) o[l.dataset.digest] = l.dataset.status; return o;"#;
    serde_json::from_value(b.execute(script, vec![]).unwrap()).unwrap()
}

/// Keys of an IndexedDB object store of the app's database, read in the page.
pub fn idb_keys(b: &Browser, store: &str) -> Vec<String> {
    let script = r#"const [store, done] = arguments;
        const open = indexedDB.open('berth');
        open.onsuccess = () => { const db = open.result;
            const req = db.transaction(store).objectStore(store).getAllKeys();
            req.onsuccess = () => { done(req.result.map(String)); db.close(); };
            req.onerror = () => done(['error: ' + req.error]); };
        open.onerror = () => done(['error: ' + open.error]);"#;
    serde_json::from_value(b.execute_async(script, vec![store.into()]).unwrap()).unwrap()
}
