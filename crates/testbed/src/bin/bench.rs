//! `bench pull`: berth's pull of a ~200 MB real image (a `debootstrap --variant=minbase`
//! rootfs, built with umoci) from a local registry in headless Chromium, against `skopeo copy`
//! of the same image from the same registry, in one run. Prints figures; asserts nothing.
//!
//! Needs a built `dist/` (`BERTH_DIST`, default `./dist`) and root for debootstrap on the
//! first run (the rootfs is cached in `~/.cache/berth/bench`).

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use berth_testbed::registry_api::{get_blob, get_manifest, push_blob, put_manifest};
use berth_testbed::{Browser, Front, ImageBuilder, ManifestFormat, Registry, StaticServer};

fn main() -> ExitCode {
    let which = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let result = match which.as_str() {
        "pull" => run(),
        "store" => store(),
        "browse" => browse(),
        "tree" => tree(),
        "all" => run()
            .and_then(|()| store())
            .and_then(|()| browse())
            .and_then(|()| tree()),
        other => {
            Err(format!("unknown benchmark {other:?}: pull, store, browse, tree or all").into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cache() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache"));
    base.join("berth/bench")
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn dist() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dist = std::env::var_os("BERTH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dist"));
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no built app: run `scripts/wasm trunk build --release`",
            dist.display()
        )
        .into());
    }
    Ok(dist)
}

/// `bench store`: 2,000 images under 10,000 tags (synthetic metadata through the real code
/// paths): time to render `/images`, to apply a filter keystroke, to compute `system df`.
fn store() -> Result<(), Box<dyn std::error::Error>> {
    const IMAGES: u32 = 2000;
    const TAGS: u32 = 5;
    let server = StaticServer::start(dist()?)?;
    let mut b = Browser::start()?;
    b.timeout = Duration::from_secs(300);
    b.goto(&format!("{}/disk", server.url()))?;
    b.wait_css("main h1")?;
    let filled = b.execute_async(
        &format!("const done = arguments[0]; window.wasmBindings.berth_bench_fill({IMAGES}, {TAGS}).then(done, e => done('error: ' + e));"),
        vec![],
    )?;
    let compute = b.execute_async(
        "const done = arguments[0]; window.wasmBindings.berth_bench_compute('registry.example:5000/bench/img-1*').then(done, e => done('error: ' + e));",
        vec![],
    )?;
    let compute: serde_json::Value = serde_json::from_str(compute.as_str().unwrap_or("{}"))?;
    // In the page: a client-side route change until the table is painted, one keystroke in
    // the REPOSITORY[:TAG] box until the filtered table is painted, and /disk.
    // [until the DOM shows the result, until the next frame after that]
    let timing = |script: &str| -> Result<[f64; 2], Box<dyn std::error::Error>> {
        let v = b.execute_async(script, vec![])?;
        match (v[0].as_f64(), v[1].as_f64()) {
            (Some(dom), Some(frame)) => Ok([dom, frame]),
            _ => Err(format!("timing failed: {v}").into()),
        }
    };
    let wait_js = r#"
        const until = (check, t0, done) => {
          const ready = () => { const dom = performance.now() - t0; requestAnimationFrame(() => done([dom, performance.now() - t0])); };
          if (check()) { ready(); return; }
          const obs = new MutationObserver(() => { if (check()) { obs.disconnect(); ready(); } });
          obs.observe(document.body, { subtree: true, childList: true, attributes: true });
        };"#;
    let rows = IMAGES * TAGS;
    let (mut render, mut keystroke, mut df_page) = (Vec::new(), Vec::new(), Vec::new());
    let profile = std::env::var_os("BERTH_PROFILE");
    if profile.is_some() {
        b.cdp("Profiler.enable", serde_json::json!({}))?;
        b.cdp(
            "Profiler.setSamplingInterval",
            serde_json::json!({"interval": 100}),
        )?;
        b.cdp("Profiler.start", serde_json::json!({}))?;
    }
    for _ in 0..5 {
        render.push(timing(&format!(
            r#"{wait_js} const done = arguments[0]; const t0 = performance.now();
            document.querySelector('[data-testid="nav-images"]').click();
            until(() => {{ const t = document.querySelector('[data-testid="images-table"]'); return t && t.dataset.rows === '{rows}' && document.querySelector('[data-testid="image-row"]'); }}, t0, done);"#
        ))?);
        keystroke.push(timing(&format!(
            r#"{wait_js} const done = arguments[0]; const input = document.querySelector('[data-testid="images-filter"]');
            const t0 = performance.now(); input.value = 'registry.example:5000/bench/img-1*'; input.dispatchEvent(new Event('input', {{ bubbles: true }}));
            until(() => {{ const t = document.querySelector('[data-testid="images-table"]'); return t && t.dataset.rows !== '{rows}'; }}, t0, done);"#
        ))?);
        df_page.push(timing(&format!(
            r#"{wait_js} const done = arguments[0]; const t0 = performance.now();
            document.querySelector('[data-testid="nav-disk"]').click();
            until(() => {{ const r = document.querySelector('[data-testid="df-row"][data-type="images"]'); return r && r.dataset.total === '{IMAGES}'; }}, t0, done);"#
        ))?);
    }
    if let Some(p) = &profile {
        let v = b.cdp("Profiler.stop", serde_json::json!({}))?;
        std::fs::write(p, v.to_string())?;
    }
    let median = |v: &[[f64; 2]], i: usize| {
        let mut v: Vec<f64> = v.iter().map(|t| t[i]).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ms = |k: &str| compute[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "store: {} images under {} tags (filled: {filled})",
        compute["images"], compute["refs"]
    );
    println!("pure work in the page (wasm):");
    println!(
        "  read images + refs from IndexedDB: {:>8.1} ms",
        ms("load_ms")
    );
    println!(
        "  docker images listing ({} rows): {:>8.1} ms",
        compute["rows"],
        ms("list_ms")
    );
    println!(
        "  filtered listing ({} rows):       {:>8.1} ms",
        compute["filtered"],
        ms("filter_ms")
    );
    println!(
        "  system df:                         {:>8.1} ms",
        ms("df_ms")
    );
    println!(
        "  the page's path: index once per store version {:.1} ms, then listing {:.1} ms, filtered {:.1} ms (rows made per shown window)",
        ms("index_ms"),
        ms("indexed_ms"),
        ms("indexed_filter_ms")
    );
    println!(
        "in the UI, median of 5 (target <= 16 ms each): until the DOM shows it | until the next frame"
    );
    for (label, v) in [
        (
            "/images rendered after the nav click (store contents cached per version)",
            &render,
        ),
        ("filter keystroke to the filtered table", &keystroke),
        (
            "/disk (system df) rendered after the click (df cached per store version)",
            &df_page,
        ),
    ] {
        println!(
            "  {:>6.1} ms | {:>6.1} ms   {label}",
            median(v, 0),
            median(v, 1)
        );
    }
    Ok(())
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let dist = dist()?;
    let rootfs = cache().join("rootfs");
    if !rootfs.join("etc/os-release").is_file() {
        std::fs::create_dir_all(cache())?;
        eprintln!(
            "bench: debootstrap --variant=minbase bookworm (once, cached in {})",
            rootfs.display()
        );
        let ok = Command::new("debootstrap")
            .args(["--variant=minbase", "bookworm"])
            .arg(&rootfs)
            .arg("http://deb.debian.org/debian")
            .status()?
            .success();
        if !ok {
            return Err("debootstrap failed".into());
        }
    }

    eprintln!("bench: building the image with umoci and pushing it with skopeo");
    let registry = Registry::start()?;
    let images = ImageBuilder::new()?;
    images.new_image("bench")?;
    images.add_dir_layer("bench", &rootfs)?;
    images.config("bench", &["--config.cmd=/bin/bash"])?;
    let reference = format!("{}/bench/debian:minbase", registry.host());
    images.push("bench", &reference, ManifestFormat::Oci)?;
    let manifest = get_manifest(&registry.url(), "bench/debian", "minbase")?.json();
    let compressed: u64 = manifest["layers"]
        .as_array()
        .map(|l| l.iter().filter_map(|d| d["size"].as_u64()).sum())
        .unwrap_or(0);

    // skopeo, three runs into fresh OCI layouts; the best counts.
    let mut skopeo_best = Duration::MAX;
    for _ in 0..3 {
        let dir = tempfile::tempdir()?;
        let t = Instant::now();
        let ok = Command::new("skopeo")
            .args(["copy", "--quiet", "--src-tls-verify=false"])
            .arg(format!("docker://{reference}"))
            .arg(format!("oci:{}:bench", dir.path().join("oci").display()))
            .status()?
            .success();
        if !ok {
            return Err("skopeo copy failed".into());
        }
        skopeo_best = skopeo_best.min(t.elapsed());
    }

    // berth, three pulls, each in a fresh profile (an empty store).
    let server = StaticServer::start(&dist)?;
    let mut best: Option<(f64, f64, f64, f64)> = None;
    for _ in 0..3 {
        let mut b = Browser::start()?;
        b.timeout = Duration::from_secs(300);
        b.goto(&format!("{}/images", server.url()))?;
        b.testid("pull-reference")?.send_keys(&reference)?;
        let started = b.execute(
            r#"window.__peak = { wasm: 0, heap: 0 };
               const sample = () => {
                 const w = window.wasmBindings ? window.wasmBindings.wasm_memory_bytes() : 0;
                 const h = performance.memory ? performance.memory.usedJSHeapSize : 0;
                 window.__peak.wasm = Math.max(window.__peak.wasm, w);
                 window.__peak.heap = Math.max(window.__peak.heap, h);
               };
               window.__sampler = setInterval(sample, 20);
               const status = () => document.querySelector('[data-testid="pull-status"]');
               window.__done = null;
               const watch = new MutationObserver(() => {
                 const s = status();
                 if (s && (s.dataset.state === 'done' || s.dataset.state === 'error') && window.__done === null) {
                   window.__done = performance.now(); sample();
                 }
               });
               watch.observe(document.body, { subtree: true, attributes: true, childList: true });
               window.__t0 = performance.now();
               document.querySelector('[data-testid="pull-submit"]').click();
               return window.__t0;"#,
            vec![],
        )?;
        let _ = started;
        let state = b.wait_for("the pull to end", |b| {
            let v = b.execute("return window.__done === null ? null : document.querySelector('[data-testid=\"pull-status\"]').dataset.state", vec![])?;
            Ok(v.as_str().map(str::to_owned))
        })?;
        if state != "done" {
            let text = b.testid("pull-status")?.text()?;
            return Err(format!("berth's pull failed: {text}").into());
        }
        let pulled_ms = b
            .execute("return window.__done - window.__t0", vec![])?
            .as_f64()
            .unwrap_or(0.0);
        b.wait_for("the image to be verified", |b| {
            let v = b.execute(r#"const r = document.querySelector('[data-testid="image-row"]'); return r && r.dataset.state !== 'verifying' ? r.dataset.state : null;"#, vec![])?;
            Ok(v.as_str().map(str::to_owned))
        })?;
        let verified_ms = b
            .execute("return performance.now() - window.__t0", vec![])?
            .as_f64()
            .unwrap_or(0.0);
        let peak = b.execute("clearInterval(window.__sampler); window.__peak.workers = window.wasmBindings.worker_memory_peak(); return window.__peak", vec![])?;
        let run = (
            pulled_ms,
            verified_ms,
            peak["wasm"]
                .as_f64()
                .unwrap_or(0.0)
                .max(peak["workers"].as_f64().unwrap_or(0.0)),
            peak["heap"].as_f64().unwrap_or(0.0),
        );
        if best.is_none_or(|b| run.0 < b.0) {
            best = Some(run);
        }
    }
    let (pulled_ms, verified_ms, wasm, heap) = best.unwrap_or_default();

    // What limits it: the same blob read from the network only, written to IndexedDB from
    // plain JavaScript (4 MiB Blob chunks, as berth stores them), and wasm sha256 alone.
    let layer = manifest["layers"][0]["digest"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let blob_url = format!("{}/v2/bench/debian/blobs/{layer}", registry.url());
    let mut b = Browser::start()?;
    b.timeout = Duration::from_secs(300);
    b.goto(&format!("{}/images", server.url()))?;
    b.testid("pull-reference")?;
    let limits = b.execute_async(
        r#"const [url, done] = arguments;
        (async () => {
          const db = await new Promise((ok, no) => { const r = indexedDB.open('bench-limits', 1);
            r.onupgradeneeded = () => r.result.createObjectStore('c'); r.onsuccess = () => ok(r.result); r.onerror = no; });
          const run = async (write) => {
            const t0 = performance.now(); const reader = (await fetch(url, {cache: 'no-store'})).body.getReader();
            let total = 0, parts = [], size = 0, n = 0;
            const flush = async () => { if (!size) return; const tx = db.transaction('c', 'readwrite');
              tx.objectStore('c').put(new Blob(parts), 'k' + n++); parts = []; size = 0;
              await new Promise(r => tx.oncomplete = r); };
            for (;;) { const {done, value} = await reader.read(); if (done) break; total += value.length;
              if (write) { parts.push(value); size += value.length; if (size >= 4 << 20) await flush(); } }
            if (write) await flush();
            return total / 1e6 / ((performance.now() - t0) / 1000);
          };
          const read = await run(false); const idb = await run(true);
          done({read, idb, sha: window.wasmBindings.sha256_throughput(256)});
        })().catch(e => done({error: String(e)}));"#,
        vec![blob_url.into()],
    )?;

    let skopeo_s = skopeo_best.as_secs_f64();
    let berth_rate = mb(compressed) / (pulled_ms / 1000.0);
    let skopeo_rate = mb(compressed) / skopeo_s;
    println!(
        "image: {reference} (debootstrap --variant=minbase bookworm, {:.1} MB compressed in {} layer(s))",
        mb(compressed),
        manifest["layers"].as_array().map_or(0, Vec::len)
    );
    println!(
        "skopeo copy docker:// -> oci:   {skopeo_s:>7.2} s   {skopeo_rate:>7.1} MB/s   (best of 3)"
    );
    println!(
        "berth pull (blobs verified):    {:>7.2} s   {berth_rate:>7.1} MB/s   (best of 3)",
        pulled_ms / 1000.0
    );
    println!(
        "berth until diff-ids verified:  {:>7.2} s",
        verified_ms / 1000.0
    );
    println!(
        "ratio berth/skopeo:             {:>7.2}   (target >= 1.0)",
        berth_rate / skopeo_rate
    );
    println!("limits measured in the same browser:");
    println!(
        "  fetch, body read only:        {:>7.1} MB/s",
        limits["read"].as_f64().unwrap_or(0.0)
    );
    println!(
        "  fetch + IndexedDB writes (JS):{:>7.1} MB/s   (4 MiB Blob chunks, no hashing)",
        limits["idb"].as_f64().unwrap_or(0.0)
    );
    println!(
        "  wasm sha256 alone:            {:>7.1} MB/s",
        limits["sha"].as_f64().unwrap_or(0.0)
    );
    println!(
        "peak wasm memory (page or any worker): {:>5.1} MiB (target <= 64 MiB)",
        wasm / 1048576.0
    );
    println!(
        "peak JS heap (page):            {:>7.1} MiB",
        heap / 1048576.0
    );
    Ok(())
}

/// JavaScript that calls `done(ms since navigation)` once `check()` holds, after a frame.
const UNTIL: &str = r#"
    const until = (check, done) => {
      if (check()) { requestAnimationFrame(() => done(performance.now())); return; }
      const obs = new MutationObserver(() => { if (check()) { obs.disconnect(); requestAnimationFrame(() => done(performance.now())); } });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    };"#;

/// `bench browse`: a repository with 250 tags of 250 distinct images, through a front that
/// counts every request (preflights included): time to the first rows, to all 250, and to
/// every row's size and created date.
fn browse() -> Result<(), Box<dyn std::error::Error>> {
    const TAGS: usize = 250;
    let registry = Registry::start()?;
    let images = ImageBuilder::new()?;
    images.new_image("b")?;
    images.add_layer("b", &[("hello", &b"hello"[..])])?;
    images.push(
        "b",
        &format!("{}/bench/tags:base", registry.host()),
        ManifestFormat::Oci,
    )?;
    let base = registry.url();
    let m = get_manifest(&base, "bench/tags", "base")?.json();
    let config = get_blob(
        &base,
        "bench/tags",
        m["config"]["digest"].as_str().unwrap_or(""),
    )?;
    let config: serde_json::Value = serde_json::from_slice(&config)?;
    for i in 0..TAGS {
        let mut c = config.clone();
        c["created"] = format!("2026-{:02}-{:02}T00:00:00Z", 1 + i % 12, 1 + i % 28).into();
        c["config"]["Labels"] = serde_json::json!({ "n": i.to_string() });
        let bytes = serde_json::to_vec(&c)?;
        let d = push_blob(&base, "bench/tags", &bytes)?;
        let mut manifest = m.clone();
        manifest["config"]["digest"] = d.into();
        manifest["config"]["size"] = bytes.len().into();
        put_manifest(
            &base,
            "bench/tags",
            &format!("1.{i}"),
            "application/vnd.oci.image.manifest.v1+json",
            &serde_json::to_vec(&manifest)?,
        )?;
    }
    let front = Front::start(&registry.url())?;
    let server = StaticServer::start(dist()?)?;
    // The floor under any UI: the same requests the app makes (no HTTP cache, the Accept
    // that needs no preflight), from plain JavaScript on the app's page in a fresh browser.
    let mut floor = f64::MAX;
    for _ in 0..3 {
        let mut b = Browser::start()?;
        b.timeout = Duration::from_secs(120);
        b.goto(&format!("{}/images", server.url()))?;
        let v = b.execute_async(
            &format!(r#"const done = arguments[0]; const base = '{base}/v2/bench/tags/';
            const t0 = performance.now();
            (async () => {{
              const tags = (await (await fetch(base + 'tags/list', {{ cache: 'no-store' }})).json()).tags;
              let next = 0;
              const worker = async () => {{
                while (next < tags.length) {{
                  const t = tags[next++];
                  const m = await (await fetch(base + 'manifests/' + t, {{ cache: 'no-store', credentials: 'omit', headers: {{ accept: '{accept}' }} }})).json();
                  await (await fetch(base + 'blobs/' + m.config.digest, {{ cache: 'no-store', credentials: 'omit' }})).json();
                }}
              }};
              await Promise.all(Array.from({{ length: 16 }}, worker));
              done(performance.now() - t0);
            }})().catch(e => done(String(e)));"#, base = registry.url(), accept = "application/vnd.oci.image.manifest.v1+json"),
            vec![],
        )?;
        floor = floor.min(v.as_f64().unwrap_or(f64::NAN));
    }
    let mut rows = Vec::new();
    // Three timed runs straight to the registry, one through the counting front (whose
    // connection-per-request forwarding would dominate the timing).
    for run in 0..4 {
        let host = if run < 3 {
            registry.host()
        } else {
            front.host()
        };
        let mut b = Browser::start()?;
        b.timeout = Duration::from_secs(120);
        // The registry's page first; then the repository is opened from it (an in-app
        // navigation, timed from the click).
        b.goto(&format!("{}/browse?registry={}", server.url(), host))?;
        b.wait_css("[data-testid=\"repo-row\"][data-repository=\"bench/tags\"] a")?;
        let before = front.requests().len();
        let v = b.execute_async(
            &format!(r#"{UNTIL} const done = arguments[0]; const times = {{}};
            performance.setResourceTimingBufferSize(10000);
            const t0 = performance.now();
            document.querySelector('[data-testid="repo-row"][data-repository="bench/tags"] a').click();
            const n = () => document.querySelectorAll('[data-testid="tag-row"]').length;
            until(() => n() > 0, t => {{ times.first = t - t0;
              until(() => n() >= {total}, t => {{ times.all = t - t0;
                until(() => Number(document.querySelector('[data-testid="tags-progress"]')?.dataset.done) >= {total} && [...document.querySelectorAll('[data-testid="tag-row"]')].every(r => r.dataset.created), t => {{ times.details = t - t0; const rs = performance.getEntriesByType('resource').filter(e => e.name.includes('/v2/') && e.startTime >= t0); times.net = Math.max(...rs.map(e => e.responseEnd)) - t0; times.mean = rs.reduce((a, e) => a + (e.responseEnd - e.startTime), 0) / rs.length; times.n = rs.length; done(times); }});
              }});
            }});"#, total = TAGS + 1),
            vec![],
        )?;
        let requests: Vec<String> = front.requests()[before..].to_vec();
        rows.push((v, requests));
    }
    let requests = rows.last().map(|r| r.1.clone()).unwrap_or_default();
    let (times, _) = rows[..3]
        .iter()
        .cloned()
        .min_by(|a, b| {
            a.0["details"]
                .as_f64()
                .unwrap_or(f64::MAX)
                .total_cmp(&b.0["details"].as_f64().unwrap_or(f64::MAX))
        })
        .ok_or("no run")?;
    let count = |f: &dyn Fn(&str) -> bool| requests.iter().filter(|r| f(r)).count();
    let preflights = count(&|r| r.starts_with("OPTIONS"));
    let manifests = count(&|r| r.starts_with("GET") && r.contains("/manifests/"));
    let blobs = count(&|r| r.starts_with("GET") && r.contains("/blobs/"));
    let lists = count(&|r| r.contains("/tags/list"));
    let f = |k: &str| times[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "registry browser: {} tags of distinct images (times: best of 3 straight to the registry; requests: one run through a counting front)",
        TAGS + 1
    );
    println!("  first rows after opening it:   {:>8.0} ms", f("first"));
    println!(
        "  all rows:                      {:>8.0} ms   (target <= 300 ms)",
        f("all")
    );
    println!(
        "  every size and created date:   {:>8.0} ms   (target <= 1000 ms)",
        f("details")
    );
    println!(
        "  requests: {} in all = {lists} tags/list + {manifests} manifests + {blobs} configs + {preflights} preflights",
        requests.len()
    );
    println!(
        "  last response after {:.0} ms; mean duration {:.1} ms over {} requests",
        f("net"),
        f("mean"),
        f("n")
    );
    println!(
        "  floor: the same requests from plain JavaScript, 16 at once: {floor:>5.0} ms   (best of 3, fresh browsers)"
    );
    println!(
        "  requests per tag:              {:>8.2}      (the best UI measured here: 3)",
        requests.len() as f64 / (TAGS + 1) as f64
    );
    Ok(())
}

/// `bench tree`: the file tree of the ~200 MB debootstrap layer in the page (decompressed and
/// listed in a pull worker) against `tar -tzf` of the same blob, in one run.
fn tree() -> Result<(), Box<dyn std::error::Error>> {
    let rootfs = cache().join("rootfs");
    if !rootfs.join("etc/os-release").is_file() {
        return Err("run `bench pull` first (it makes the debootstrap rootfs)".into());
    }
    let registry = Registry::start()?;
    let images = ImageBuilder::new()?;
    images.new_image("bench")?;
    images.add_dir_layer("bench", &rootfs)?;
    let reference = format!("{}/bench/debian:minbase", registry.host());
    images.push("bench", &reference, ManifestFormat::Oci)?;
    let manifest = get_manifest(&registry.url(), "bench/debian", "minbase")?.json();
    let id = manifest["config"]["digest"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let layer = manifest["layers"][0]["digest"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let blob = get_blob(&registry.url(), "bench/debian", &layer)?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("layer.tar.gz");
    std::fs::write(&file, &blob)?;
    let mut tar_best = f64::MAX;
    let mut tar_entries = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new("tar").arg("-tzf").arg(&file).output()?;
        tar_best = tar_best.min(t.elapsed().as_secs_f64() * 1000.0);
        tar_entries = String::from_utf8_lossy(&out.stdout).lines().count();
    }
    let server = StaticServer::start(dist()?)?;
    let mut b = Browser::start()?;
    b.timeout = Duration::from_secs(300);
    b.goto(&format!("{}/images", server.url()))?;
    b.testid("pull-reference")?.send_keys(&reference)?;
    b.testid("pull-submit")?.click()?;
    b.wait_for("the pull", |b| {
        Ok(
            b.find_all("[data-testid=\"pull-status\"][data-state=\"done\"]")?
                .first()
                .map(|_| ()),
        )
    })?;
    let mut best = f64::MAX;
    let mut shown = 0.0;
    for _ in 0..3 {
        b.goto(&format!("{}/images/{id}", server.url()))?;
        b.testid("file-tree-load")?;
        let v = b.execute_async(
            &format!(r#"{UNTIL} const done = arguments[0]; const t0 = performance.now();
            document.querySelector('[data-testid="file-tree-load"]').click();
            until(() => {{ const t = document.querySelector('[data-testid="file-tree"]'); return t && Number(t.dataset.count) > 0; }},
                  t => done([t - t0, Number(document.querySelector('[data-testid="file-tree"]').dataset.count)]));"#),
            vec![],
        )?;
        let ms = v[0].as_f64().unwrap_or(f64::NAN);
        if ms < best {
            best = ms;
            shown = v[1].as_f64().unwrap_or(0.0);
        }
    }
    println!(
        "file tree of the debootstrap layer ({:.1} MB compressed, {tar_entries} entries):",
        mb(blob.len() as u64)
    );
    println!("  tar -tzf (best of 3):                       {tar_best:>8.0} ms");
    println!(
        "  berth, click to tree shown (best of 3):     {best:>8.0} ms  ({shown} rows in the merged tree)"
    );
    println!(
        "  ratio berth/tar:                            {:>8.2}",
        best / tar_best
    );
    Ok(())
}
