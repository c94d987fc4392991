use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{Error, Result, free_port, wait_for_port};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Headless Debian Chromium driven over W3C WebDriver by `chromedriver`, with a fresh profile.
/// The session and the driver are ended on drop.
pub struct Browser {
    driver: Child,
    base: String,
    agent: ureq::Agent,
    profile: tempfile::TempDir,
    /// How long [`Browser::wait_for`] and the `find_*` helpers wait by default.
    pub timeout: Duration,
}

/// A DOM element of the page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub fn start() -> Result<Browser> {
        let port = free_port()?;
        let driver = crate::child::dies_with_parent(&mut Command::new("chromedriver"))
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "chromedriver".into(),
                source,
            })?;
        let profile = tempfile::Builder::new()
            .prefix("berth-chromium-")
            .tempdir()?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            agent,
            profile,
            timeout: Duration::from_secs(20),
        };
        wait_for_port(port, Duration::from_secs(20), "chromedriver")?;
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        format!("--user-data-dir={}", browser.profile.path().display()),
                    ]
                }
            }}
        });
        let v = browser.call("POST", "/session", Some(caps))?;
        let session = v["sessionId"]
            .as_str()
            .ok_or_else(|| Error::WebDriver("new session".into(), v.to_string()))?;
        browser.base = format!("{}/session/{session}", browser.base);
        Ok(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let what = format!("{method} {path}");
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.map_err(|e| Error::WebDriver(what.clone(), e.to_string()))?;
        let status = response.status();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| Error::WebDriver(what.clone(), e.to_string()))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| Error::WebDriver(what.clone(), format!("{e}: {text}")))?;
        if !status.is_success() {
            return Err(Error::WebDriver(
                what,
                format!("{}: {}", v["value"]["error"], v["value"]["message"]),
            ));
        }
        Ok(v["value"].clone())
    }

    /// Navigates and waits for the page load.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.call("POST", "/url", Some(json!({ "url": url })))?;
        Ok(())
    }

    /// The page's current URL.
    pub fn current_url(&self) -> Result<String> {
        Ok(self
            .call("GET", "/url", None)?
            .as_str()
            .unwrap_or("")
            .to_owned())
    }

    /// Every element matching a CSS selector, now.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(|e| self.element(e)).collect())
            .unwrap_or_default())
    }

    /// The element with `data-testid="id"`, waiting for it to appear.
    pub fn testid(&self, id: &str) -> Result<Element<'_>> {
        self.wait_css(&format!("[data-testid=\"{id}\"]"))
    }

    /// The first element matching `css`, waiting for it to appear.
    pub fn wait_css(&self, css: &str) -> Result<Element<'_>> {
        let id = self.wait_for(&format!("element {css}"), |b| {
            Ok(b.find_all(css)?.into_iter().next().map(|e| e.id))
        })?;
        Ok(Element { browser: self, id })
    }

    fn element(&self, v: &Value) -> Option<Element<'_>> {
        v[ELEMENT_KEY].as_str().map(|id| Element {
            browser: self,
            id: id.to_owned(),
        })
    }

    /// Polls `check` until it yields a value or [`Browser::timeout`] passes. WebDriver errors
    /// during polling (a node re-rendered away) count as "not yet".
    pub fn wait_for<T>(
        &self,
        what: &str,
        mut check: impl FnMut(&Browser) -> Result<Option<T>>,
    ) -> Result<T> {
        let start = Instant::now();
        let mut last_error = String::new();
        while start.elapsed() < self.timeout {
            match check(self) {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) => last_error = e.to_string(),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut detail = what.to_owned();
        if !last_error.is_empty() {
            detail.push_str(&format!(" (last error: {last_error})"));
        }
        Err(Error::Timeout(self.timeout, detail))
    }

    /// Runs JavaScript in the page (`return …` gives a value).
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs asynchronous JavaScript; the script calls `arguments[arguments.length-1](value)`.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// A Chrome DevTools Protocol command (e.g. `Network.emulateNetworkConditions`).
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// The current window's handle.
    pub fn window(&self) -> Result<String> {
        Ok(self
            .call("GET", "/window", None)?
            .as_str()
            .unwrap_or("")
            .to_owned())
    }

    /// Opens a new tab (same profile: same IndexedDB) and returns its handle; the current
    /// window stays selected.
    pub fn new_tab(&self) -> Result<String> {
        let v = self.call("POST", "/window/new", Some(json!({ "type": "tab" })))?;
        Ok(v["handle"].as_str().unwrap_or("").to_owned())
    }

    /// Makes a window the target of the following commands.
    pub fn switch_to(&self, handle: &str) -> Result<()> {
        self.call("POST", "/window", Some(json!({ "handle": handle })))?;
        Ok(())
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let v = self.call("GET", "/screenshot", None)?;
        let png = decode_base64(v.as_str().unwrap_or(""));
        std::fs::write(path, png)?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    /// Clicks it.
    pub fn click(&self) -> Result<()> {
        self.browser.call("POST", &self.path("/click"), None)?;
        Ok(())
    }

    /// Clears an input.
    pub fn clear(&self) -> Result<()> {
        self.browser.call("POST", &self.path("/clear"), None)?;
        Ok(())
    }

    /// Types text into it.
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.browser
            .call("POST", &self.path("/value"), Some(json!({ "text": text })))?;
        Ok(())
    }

    /// An attribute, `None` if absent.
    pub fn attr(&self, name: &str) -> Result<Option<String>> {
        let v = self
            .browser
            .call("GET", &self.path(&format!("/attribute/{name}")), None)?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// A DOM property (e.g. `value` of an input).
    pub fn prop(&self, name: &str) -> Result<Value> {
        self.browser
            .call("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String> {
        Ok(self
            .browser
            .call("GET", &self.path("/text"), None)?
            .as_str()
            .unwrap_or("")
            .to_owned())
    }

    /// Descendants matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let v = self.browser.call(
            "POST",
            &self.path("/elements"),
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(|e| self.browser.element(e)).collect())
            .unwrap_or_default())
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
