//! End to end: an image's details, history, layers and files, checked against what the
//! registry holds and what GNU tar lists for the same blobs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use berth_testbed::registry_api::{get_blob, get_manifest, push_blob, put_manifest, sha256_hex};
use berth_testbed::{Browser, ImageBuilder, ManifestFormat, Registry};
use common::{App, image_rows, pull};

/// `tar -tvzf` of a blob: path → (type char, size).
fn tar_listing(blob: &[u8], flags: &str) -> BTreeMap<String, (char, u64)> {
    let mut child = Command::new("tar")
        .args([flags, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(blob).unwrap();
    let out = child.wait_with_output().unwrap();
    let mut map = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // -rw-r--r-- root/root      1000 2026-11-29 01:00 etc/a
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() < 6 {
            continue;
        }
        let kind = parts[0].chars().next().unwrap();
        let size: u64 = parts[2].parse().unwrap_or(0);
        let mut path = parts[5..].join(" ");
        if let Some((p, _)) = path.split_once(" -> ") {
            path = p.to_owned();
        }
        if let Some((p, _)) = path.split_once(" link to ") {
            path = p.to_owned();
        }
        let path = path
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_owned();
        if path.is_empty() {
            continue;
        }
        map.insert(path, (kind, size));
    }
    map
}

/// The `file-entry` rows now shown: path → (data-type, data-size, data-change).
fn entries(b: &Browser) -> BTreeMap<String, (String, u64, String)> {
    let script = r#"const o = {}; for (const e of document.querySelectorAll('[data-testid="file-entry"]'))
        o[e.dataset.path] = [e.dataset.type, Number(e.dataset.size), e.dataset.change]; return o;"#;
    let v: BTreeMap<String, (String, u64, String)> =
        serde_json::from_value(b.execute(script, vec![]).unwrap()).unwrap();
    v.into_iter()
        .map(|(k, v)| (k.trim_end_matches('/').to_owned(), v))
        .collect()
}

fn choose_layer(b: &Browser, value: &str) {
    b.execute(
        "const s = document.querySelector('[data-testid=\"file-tree-layer\"]'); s.value = arguments[0]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![value.into()],
    )
    .unwrap();
}

#[test]
fn details_history_layers_and_files_match_the_registry_and_tar() {
    let registry = Registry::start().unwrap();
    // Three layers: a base; one that overwrites a file and adds one; one that deletes.
    let images = ImageBuilder::new().unwrap();
    images.new_image("t").unwrap();
    images
        .add_layer(
            "t",
            &[
                ("etc/a", &[b'a'; 1000][..]),
                ("etc/b", &[b'b'; 2000][..]),
                ("data/big", &[b'z'; 5000][..]),
            ],
        )
        .unwrap();
    images
        .add_layer(
            "t",
            &[("etc/a", &[b'A'; 1500][..]), ("new", &[b'n'; 300][..])],
        )
        .unwrap();
    images.remove_in_layer("t", "/data/big").unwrap();
    images
        .config(
            "t",
            &[
                "--config.cmd=/new",
                "--config.env=HELLO=world",
                "--author=berth tests",
            ],
        )
        .unwrap();
    images
        .push(
            "t",
            &format!("{}/inspect/t:1", registry.host()),
            ManifestFormat::Oci,
        )
        .unwrap();
    let base = registry.url();
    let m = get_manifest(&base, "inspect/t", "1").unwrap();
    let manifest = m.json();
    let config_digest = manifest["config"]["digest"].as_str().unwrap().to_owned();
    let config_bytes = get_blob(&base, "inspect/t", &config_digest).unwrap();
    let config: serde_json::Value = serde_json::from_slice(&config_bytes).unwrap();
    let blobs: Vec<Vec<u8>> = manifest["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| get_blob(&base, "inspect/t", l["digest"].as_str().unwrap()).unwrap())
        .collect();

    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/inspect/t:1", registry.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
    b.wait_for("verified", |b| {
        Ok(image_rows(b)
            .iter()
            .any(|r| r["state"] == "ready")
            .then_some(()))
    })
    .unwrap();

    b.goto(&app.url(&format!("/images/{config_digest}")))
        .unwrap();
    let summary = b.testid("image-summary").unwrap();
    assert_eq!(
        summary.attr("data-image-id").unwrap(),
        Some(config_digest.clone())
    );
    let text = summary.text().unwrap();
    assert!(
        text.contains("HELLO=world") && text.contains("[\"/new\"]") && text.contains("berth tests"),
        "{text}"
    );
    // The config and manifest as stored.
    let text = b
        .testid("image-config-json")
        .unwrap()
        .prop("textContent")
        .unwrap();
    let shown: serde_json::Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    assert_eq!(shown, config);
    let text = b
        .testid("image-manifest-json")
        .unwrap()
        .prop("textContent")
        .unwrap();
    let shown: serde_json::Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    assert_eq!(shown, manifest);

    // docker history: one row per config history entry, newest first.
    let history: Vec<serde_json::Value> = config["history"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .cloned()
        .collect();
    let rows = b.find_all("[data-testid=\"history-row\"]").unwrap();
    assert_eq!(rows.len(), history.len());
    for (row, h) in rows.iter().zip(&history) {
        assert_eq!(
            row.attr("data-created-by").unwrap().unwrap_or_default(),
            h["created_by"].as_str().unwrap_or("")
        );
        let empty = h["empty_layer"].as_bool().unwrap_or(false);
        assert_eq!(
            row.attr("data-empty-layer").unwrap(),
            Some(empty.to_string())
        );
    }

    // Layers: digest, diff-id (sha256 of the gunzipped blob), sizes.
    let layer_rows = b.find_all("[data-testid=\"layer-row\"]").unwrap();
    assert_eq!(layer_rows.len(), 3);
    for (i, row) in layer_rows.iter().enumerate() {
        let l = &manifest["layers"][i];
        assert_eq!(
            row.attr("data-digest").unwrap().as_deref(),
            l["digest"].as_str()
        );
        assert_eq!(
            row.attr("data-content-size").unwrap(),
            Some(l["size"].to_string())
        );
        assert_eq!(
            row.attr("data-diff-id").unwrap().as_deref(),
            config["rootfs"]["diff_ids"][i].as_str()
        );
    }

    // The file tree of each layer equals tar's listing of the same blob.
    b.testid("file-tree-load").unwrap().click().unwrap();
    b.testid("file-tree").unwrap();
    for (i, blob) in blobs.iter().enumerate() {
        choose_layer(b, &i.to_string());
        let want = tar_listing(blob, "-tvzf");
        let got = b
            .wait_for(&format!("layer {i}'s entries"), |b| {
                let got = entries(b);
                Ok((got.len() >= want.len()).then_some(got))
            })
            .unwrap();
        for (path, (kind, size)) in &want {
            let shown_path = path.trim_end_matches('/');
            // A whiteout is shown as the removal of the path it deletes.
            let (shown_path, removed) = match shown_path.rsplit_once(".wh.") {
                Some((dir, name)) => (format!("{dir}{name}"), true),
                None => (shown_path.to_owned(), false),
            };
            let (t, s, change) = got
                .get(&shown_path)
                .unwrap_or_else(|| panic!("layer {i}: {shown_path} missing from {got:?}"));
            if removed {
                assert_eq!(change, "removed", "{shown_path}");
                continue;
            }
            let want_type = match kind {
                'd' => "dir",
                'l' => "symlink",
                'h' => "hardlink",
                '-' => "file",
                _ => "other",
            };
            assert_eq!(t, want_type, "layer {i}: {shown_path}");
            if *kind == '-' {
                assert_eq!(s, size, "layer {i}: {shown_path}");
            }
        }
    }
    // Layer 2 (index 1) overwrote etc/a and added new; layer 3 removed data/big.
    choose_layer(b, "1");
    let got = b
        .wait_for("layer 1", |b| {
            let g = entries(b);
            Ok(g.contains_key("new").then_some(g))
        })
        .unwrap();
    assert_eq!(got["etc/a"].2, "modified");
    assert_eq!(got["new"].2, "added");
    choose_layer(b, "merged");
    let merged = b
        .wait_for("merged", |b| {
            let g = entries(b);
            Ok((!g.contains_key("data/big") && g.contains_key("etc/b")).then_some(g))
        })
        .unwrap();
    assert_eq!(merged["etc/a"].1, 1500);
    // A small text file is shown: the merged view takes it from the layer that wrote it last.
    b.wait_css("[data-testid=\"file-entry\"][data-path=\"etc/a\"]")
        .unwrap()
        .click()
        .unwrap();
    let text = b
        .wait_for("the file's text", |b| {
            Ok(b.find_all("[data-testid=\"file-text\"]")?
                .first()
                .map(|e| e.prop("textContent").unwrap()))
        })
        .unwrap();
    assert_eq!(text.as_str(), Some("A".repeat(1500).as_str()));

    // Efficiency with dive's definitions, computed here from tar's listings: per path seen
    // in several layers, every copy is wasted; score = Σ smallest size per path / Σ sizes.
    let mut per_path: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for blob in &blobs {
        for (path, (kind, size)) in tar_listing(blob, "-tvzf") {
            let path = path.trim_end_matches('/').to_owned();
            let (path, size) = match path.rsplit_once(".wh.") {
                Some((dir, name)) => (format!("{dir}{name}"), 0),
                None => (path, if kind == '-' { size } else { 0 }),
            };
            per_path.entry(path).or_default().push(size);
        }
    }
    let total: u64 = per_path.values().flatten().sum();
    let min_sum: u64 = per_path.values().map(|v| *v.iter().min().unwrap()).sum();
    let wasted: u64 = per_path
        .values()
        .filter(|v| v.len() > 1)
        .map(|v| v.iter().sum::<u64>())
        .sum();
    let e = b.testid("efficiency").unwrap();
    assert_eq!(
        e.attr("data-wasted-bytes").unwrap(),
        Some(wasted.to_string())
    );
    let score: f64 = e.attr("data-efficiency").unwrap().unwrap().parse().unwrap();
    assert!(
        (score - min_sum as f64 / total as f64).abs() < 1e-9,
        "{score} vs {min_sum}/{total}"
    );
    assert_eq!(wasted, 1000 + 1500 + 5000, "the fixture's own arithmetic");
    app.screenshot("inspect-files");
}

#[test]
fn a_corrupt_layer_and_a_bomb_are_reported_per_layer() {
    let registry = Registry::start().unwrap();
    let base = registry.url();
    // Layer 1: a real small layer. Layer 2: gzip-labelled bytes that are not gzip.
    // Layer 3: a zstd "bomb": a tar of a 1.25 GiB sparse file of zeros, a few KB compressed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), b"fine\n").unwrap();
    let good_tar = Command::new("tar")
        .args(["-C"])
        .arg(dir.path())
        .args(["-cf", "-", "ok.txt"])
        .output()
        .unwrap()
        .stdout;
    let gzip = |data: &[u8]| {
        let mut c = Command::new("gzip")
            .args(["-n", "-c"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(data).unwrap();
        c.wait_with_output().unwrap().stdout
    };
    let good = gzip(&good_tar);
    let bad = b"\x1f\x8b\x08\x00this is not deflate data at all".to_vec();
    let big = dir.path().join("zeros");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(1_342_177_280).unwrap();
    let bomb_cmd = format!(
        "tar -C {} -cf - zeros | tee >(sha256sum > {}/tar.sha) | zstd -q -1 -c",
        dir.path().display(),
        dir.path().display()
    );
    let bomb = Command::new("bash")
        .args(["-c", &bomb_cmd])
        .output()
        .unwrap()
        .stdout;
    std::thread::sleep(std::time::Duration::from_millis(500));
    let bomb_diff = std::fs::read_to_string(dir.path().join("tar.sha")).unwrap();
    let bomb_diff = format!("sha256:{}", bomb_diff.split_whitespace().next().unwrap());
    let diffs = [
        format!("sha256:{}", sha256_hex(&good_tar).unwrap()),
        format!("sha256:{}", "1".repeat(64)),
        bomb_diff,
    ];
    let mut layers = Vec::new();
    for (blob, media) in [
        (&good, "application/vnd.oci.image.layer.v1.tar+gzip"),
        (&bad, "application/vnd.oci.image.layer.v1.tar+gzip"),
        (&bomb, "application/vnd.oci.image.layer.v1.tar+zstd"),
    ] {
        let d = push_blob(&base, "bad/layers", blob).unwrap();
        layers.push(serde_json::json!({"mediaType": media, "digest": d, "size": blob.len()}));
    }
    let config = serde_json::json!({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":diffs}});
    let config_bytes = serde_json::to_vec(&config).unwrap();
    let config_digest = push_blob(&base, "bad/layers", &config_bytes).unwrap();
    let manifest = serde_json::json!({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":config_digest,"size":config_bytes.len()},"layers":layers});
    put_manifest(
        &base,
        "bad/layers",
        "1",
        "application/vnd.oci.image.manifest.v1+json",
        &serde_json::to_vec(&manifest).unwrap(),
    )
    .unwrap();

    let app = App::start();
    let mut b = app.browser;
    b.timeout = std::time::Duration::from_secs(120);
    let app = App {
        browser: b,
        server: app.server,
    };
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/bad/layers:1", registry.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
    b.goto(&app.url(&format!("/images/{config_digest}")))
        .unwrap();
    b.testid("file-tree-load").unwrap().click().unwrap();
    b.testid("file-tree").unwrap();
    let notes: Vec<(String, String)> = b
        .find_all("[data-testid=\"file-tree-note\"]")
        .unwrap()
        .iter()
        .map(|n| {
            (
                n.attr("data-layer").unwrap().unwrap_or_default(),
                n.text().unwrap(),
            )
        })
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0].0, "1");
    assert!(
        notes[0]
            .1
            .starts_with("Layer 2: cannot read this layer: layer is not valid gzip"),
        "{notes:?}"
    );
    assert_eq!(notes[1].0, "2");
    assert!(
        notes[1].1.starts_with("Layer 3: stopped after 1.07GB")
            && notes[1].1.ends_with("the limit)"),
        "{notes:?}"
    );
    // The good layer's file is there.
    choose_layer(b, "0");
    b.wait_css("[data-testid=\"file-entry\"][data-path=\"ok.txt\"]")
        .unwrap();
}
