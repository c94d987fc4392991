//! End to end: `docker images` options, `docker tag`, `docker rmi` and `docker system df` in
//! the built app, with expected numbers computed here from the registry's manifests and
//! `gzip -dc | wc -c` of the layers.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use berth_testbed::registry_api::{get_blob, get_manifest, gunzip_size, sha256_hex};
use berth_testbed::{Browser, ImageBuilder, ManifestFormat, Registry, seed};
use common::{App, image_rows, pull};

/// Layers of an image as the registry has them: (blob digest, uncompressed size,
/// diff-id), and its config digest.
fn layers(registry: &str, repo: &str, tag: &str) -> (String, Vec<(String, u64, String)>) {
    let m = get_manifest(registry, repo, tag).unwrap().json();
    let mut out = Vec::new();
    for l in m["layers"].as_array().unwrap() {
        let d = l["digest"].as_str().unwrap().to_owned();
        let blob = get_blob(registry, repo, &d).unwrap();
        let size = gunzip_size(&blob).unwrap();
        // diff-id: sha256 of the uncompressed tar, via the shell.
        let tar = std::process::Command::new("sh")
            .args(["-c", "gzip -dc | sha256sum"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(&blob)?;
                c.wait_with_output()
            })
            .unwrap();
        let diff = String::from_utf8_lossy(&tar.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        out.push((d, size, format!("sha256:{diff}")));
    }
    (m["config"]["digest"].as_str().unwrap().to_owned(), out)
}

/// Chain IDs per the image-spec, computed with sha256sum.
fn chain_ids(diff_ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in diff_ids {
        let next = match out.last() {
            None => d.clone(),
            Some(prev) => format!(
                "sha256:{}",
                sha256_hex(format!("{prev} {d}").as_bytes()).unwrap()
            ),
        };
        out.push(next);
    }
    out
}

fn wait_rows(
    b: &Browser,
    what: &str,
    check: impl Fn(&[BTreeMap<String, String>]) -> bool,
) -> Vec<BTreeMap<String, String>> {
    b.wait_for(what, |b| {
        let rows = image_rows(b);
        Ok(check(&rows).then_some(rows))
    })
    .unwrap()
}

fn form(b: &Browser, fields: &[(&str, &str)], submit: &str, output: &str) -> (String, String) {
    let run = |b: &Browser| -> u64 {
        b.execute(
            &format!("const o = document.querySelector('[data-testid=\"{output}\"]'); return o ? Number(o.dataset.run) : 0;"),
            vec![],
        )
        .unwrap()
        .as_u64()
        .unwrap_or(0)
    };
    let before = run(b);
    for (id, value) in fields {
        let e = b.testid(id).unwrap();
        e.clear().unwrap();
        e.send_keys(value).unwrap();
    }
    b.testid(submit).unwrap().click().unwrap();
    b.wait_for(&format!("{output} to finish"), |b| {
        let o = b.testid(output)?;
        let state = o.attr("data-state")?.unwrap_or_default();
        let finished = (state == "done" || state == "error") && run(b) > before;
        Ok(finished.then(|| {
            (
                state,
                o.prop("textContent")
                    .unwrap()
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        }))
    })
    .unwrap()
}

#[test]
fn tag_rmi_and_df_follow_docker() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let (hello_id, hello_layers) = layers(&registry.url(), "berth/hello", "1.0");
    let (web_id, web_layers) = layers(&registry.url(), "berth/web", "2.4");
    assert_eq!(
        hello_layers[0].0, web_layers[0].0,
        "the seeded images share their base"
    );
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    for r in ["berth/hello:1.0", "berth/web:2.4"] {
        let (state, text) = pull(b, &format!("{host}/{r}"), "linux/amd64", false);
        assert_eq!(state, "done", "{text}");
    }
    wait_rows(b, "both verified", |rows| {
        rows.len() == 2 && rows.iter().all(|r| r["state"] == "ready")
    });

    // docker system df: the shared base counted once; everything reclaimable but it.
    let base = hello_layers[0].1;
    let hello_size: u64 = hello_layers.iter().map(|l| l.1).sum();
    let web_size: u64 = web_layers.iter().map(|l| l.1).sum();
    let total = hello_size + web_size - base;
    let reclaimable = (hello_size - base) + (web_size - base);
    b.testid("nav-disk").unwrap().click().unwrap();
    let row = b
        .wait_css("[data-testid=\"df-row\"][data-type=\"images\"]")
        .unwrap();
    assert_eq!(row.attr("data-total").unwrap().as_deref(), Some("2"));
    assert_eq!(row.attr("data-active").unwrap().as_deref(), Some("0"));
    assert_eq!(row.attr("data-size").unwrap(), Some(total.to_string()));
    assert_eq!(
        row.attr("data-reclaimable").unwrap(),
        Some(reclaimable.to_string())
    );
    let text = row.text().unwrap();
    let percent = reclaimable * 100 / total;
    assert!(text.ends_with(&format!("({percent}%)")), "{text}");
    b.testid("df-verbose").unwrap().click().unwrap();
    b.wait_for("verbose rows", |b| {
        Ok((b.find_all("[data-testid=\"df-image-row\"]")?.len() == 2).then_some(()))
    })
    .unwrap();
    assert!(b.current_url().unwrap().ends_with("/disk?v=1"));
    for (id, size) in [(&hello_id, hello_size), (&web_id, web_size)] {
        let r = b
            .wait_css(&format!(
                "[data-testid=\"df-image-row\"][data-image-id=\"{id}\"]"
            ))
            .unwrap();
        assert_eq!(r.attr("data-size").unwrap(), Some(size.to_string()));
        assert_eq!(r.attr("data-shared-size").unwrap(), Some(base.to_string()));
        assert_eq!(
            r.attr("data-unique-size").unwrap(),
            Some((size - base).to_string())
        );
    }
    let quota = b.testid("storage-quota").unwrap();
    let usage: f64 = quota.attr("data-usage").unwrap().unwrap().parse().unwrap();
    assert!(usage > 0.0);
    app.screenshot("disk-verbose");

    // docker tag: twice into one new repository; same IMAGE ID.
    b.testid("nav-images").unwrap().click().unwrap();
    for target in ["mine/hello:a", "mine/hello:b"] {
        let (state, text) = form(
            b,
            &[
                ("tag-source", &format!("{host}/berth/hello:1.0")),
                ("tag-target", target),
            ],
            "tag-submit",
            "tag-status",
        );
        assert_eq!(state, "done", "{text}");
    }
    let rows = wait_rows(b, "two new tags", |rows| {
        rows.iter()
            .filter(|r| r["repository"] == "mine/hello")
            .count()
            == 2
    });
    assert!(
        rows.iter()
            .filter(|r| r["repository"] == "mine/hello")
            .all(|r| r["image-id"] == hello_id)
    );
    // Docker's validation of a bad target, and an unknown source.
    let (state, text) = form(
        b,
        &[
            ("tag-source", &hello_id[7..19]),
            ("tag-target", "Mine/Hello"),
        ],
        "tag-submit",
        "tag-status",
    );
    assert_eq!(state, "error");
    assert_eq!(
        text,
        "error parsing reference: \"Mine/Hello\" is not a valid repository/tag: invalid reference format: repository name (Hello) must be lowercase"
    );
    let (state, text) = form(
        b,
        &[("tag-source", "nope:1"), ("tag-target", "x:1")],
        "tag-submit",
        "tag-status",
    );
    assert_eq!(state, "error");
    assert!(text.contains("No such image: nope:1"), "{text}");

    // docker rmi of one of several tags: Untagged only.
    let (state, text) = form(
        b,
        &[("rmi-targets", "mine/hello:a")],
        "rmi-submit",
        "rmi-output",
    );
    assert_eq!(
        (state.as_str(), text.as_str()),
        ("done", "Untagged: mine/hello:a")
    );
    // By short ID while two repositories reference it: a conflict, nothing removed.
    let short = &hello_id[7..19];
    let (state, text) = form(b, &[("rmi-targets", short)], "rmi-submit", "rmi-output");
    assert_eq!(state, "error");
    assert_eq!(
        text,
        format!(
            "Error response from daemon: conflict: unable to delete {short} (must be forced) - image is referenced in multiple repositories"
        )
    );
    assert_eq!(image_rows(b).len(), 3);
    // -f: untag everything, delete the image and the layer no one else uses.
    b.testid("rmi-force").unwrap().click().unwrap();
    let (state, text) = form(b, &[("rmi-targets", short)], "rmi-submit", "rmi-output");
    assert_eq!(state, "done", "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let hello_digest = get_manifest(&registry.url(), "berth/hello", "1.0")
        .unwrap()
        .digest;
    let mut untagged: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("Untagged: "))
        .collect();
    untagged.sort();
    assert_eq!(
        untagged,
        vec![
            format!("Untagged: {host}/berth/hello:1.0"),
            format!("Untagged: {host}/berth/hello@{hello_digest}"),
            "Untagged: mine/hello:b".to_string(),
        ]
    );
    let chains = chain_ids(&hello_layers.iter().map(|l| l.2.clone()).collect::<Vec<_>>());
    let deleted: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("Deleted: "))
        .collect();
    assert_eq!(
        deleted,
        vec![
            format!("Deleted: {hello_id}"),
            format!("Deleted: {}", chains[1])
        ]
    );
    let rows = wait_rows(b, "hello gone", |rows| rows.len() == 1);
    assert_eq!(rows[0]["image-id"], web_id);

    // The store freed hello's own layer but kept the shared base.
    b.testid("nav-disk").unwrap().click().unwrap();
    b.wait_for("df after rmi", |b| {
        let r = b.wait_css("[data-testid=\"df-row\"][data-type=\"images\"]")?;
        Ok((r.attr("data-size")? == Some(web_size.to_string())).then_some(()))
    })
    .unwrap();
}

#[test]
fn images_options_filter_and_deep_link() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    for r in ["berth/hello:1.0", "berth/web:2.4", "tools/notes:0.1"] {
        let (state, text) = pull(b, &format!("{host}/{r}"), "linux/amd64", false);
        assert_eq!(state, "done", "{text}");
    }
    wait_rows(b, "three rows", |rows| rows.len() == 3);

    // REPOSITORY[:TAG] with path.Match: a wildcard matches, a bare prefix does not.
    let set = |id: &str, value: &str| {
        let e = b.testid(id).unwrap();
        e.clear().unwrap();
        e.send_keys(value).unwrap();
    };
    set("images-filter", &format!("{host}/berth/*"));
    let rows = wait_rows(b, "berth/* rows", |rows| rows.len() == 2);
    assert!(
        rows.iter()
            .all(|r| r["repository"].starts_with(&format!("{host}/berth/")))
    );
    set("images-filter", &format!("{host}/berth/hell"));
    b.wait_for("no match for a prefix", |b| {
        Ok(b.find_all("[data-testid=\"images-empty\"]")?
            .first()
            .map(|_| ()))
    })
    .unwrap();
    set("images-filter", "");
    // --filter, with Docker's error for an unknown key.
    set("images-filter-flags", "foo=bar");
    let error = b.testid("images-error").unwrap().text().unwrap();
    assert_eq!(error, "Error response from daemon: invalid filter 'foo'");
    set("images-filter-flags", "dangling=false");
    wait_rows(b, "filter rows", |rows| rows.len() == 3);

    // -q and --no-trunc: IDs only.
    b.testid("opt-quiet").unwrap().click().unwrap();
    let quiet = b.testid("images-quiet").unwrap().text().unwrap();
    assert_eq!(quiet.lines().count(), 3);
    assert!(quiet.lines().all(|l| l.len() == 12), "{quiet}");
    b.testid("opt-no-trunc").unwrap().click().unwrap();
    b.wait_for("full ids", |b| {
        let q = b.testid("images-quiet")?.text()?;
        Ok(q.lines()
            .all(|l| l.starts_with("sha256:") && l.len() == 71)
            .then_some(()))
    })
    .unwrap();
    // Every option is in the URL: a reload (a deep link) shows the same view.
    let url = b.current_url().unwrap();
    assert!(
        url.contains("q=1")
            && url.contains("no-trunc=1")
            && url.contains("filter=dangling%3Dfalse"),
        "{url}"
    );
    b.goto(&url).unwrap();
    b.testid("images-quiet").unwrap();
    assert_eq!(
        b.testid("opt-quiet")
            .unwrap()
            .prop("checked")
            .unwrap()
            .as_bool(),
        Some(true)
    );
    // --digests adds the column.
    b.goto(&app.url("/images?digests=1")).unwrap();
    let th = b
        .wait_css("table[data-testid=\"images-table\"] thead")
        .unwrap()
        .text()
        .unwrap();
    assert!(th.contains("DIGEST"), "{th}");
    // Sorting by a column header, both ways.
    b.goto(&app.url("/images?sort=repository")).unwrap();
    let rows = wait_rows(b, "sorted rows", |rows| rows.len() == 3);
    let names: Vec<&str> = rows.iter().map(|r| r["repository"].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    b.goto(&app.url("/images?sort=repository&desc=1")).unwrap();
    let rows = wait_rows(b, "sorted rows", |rows| rows.len() == 3);
    let names: Vec<&str> = rows.iter().map(|r| r["repository"].as_str()).collect();
    sorted.reverse();
    assert_eq!(names, sorted);

    // "All shown" fills rmi with the listing's IDs: docker image rm $(docker image ls -q …).
    b.goto(&app.url(&format!("/images?ref={host}/berth/*")))
        .unwrap();
    wait_rows(b, "berth rows", |rows| rows.len() == 2);
    b.testid("rmi-all-shown").unwrap().click().unwrap();
    let targets = b.testid("rmi-targets").unwrap().prop("value").unwrap();
    assert_eq!(targets.as_str().unwrap().split_whitespace().count(), 2);
    let (state, text) = form(b, &[], "rmi-submit", "rmi-output");
    assert_eq!(state, "done", "{text}");
    // Two images, three distinct layers (the base is shared): 2 + 3 `Deleted:` lines.
    assert_eq!(
        text.lines().filter(|l| l.starts_with("Deleted: ")).count(),
        5,
        "{text}"
    );
    b.goto(&app.url("/images")).unwrap();
    let rows = wait_rows(b, "only notes left", |rows| rows.len() == 1);
    assert_eq!(rows[0]["repository"], format!("{host}/tools/notes"));
}

#[test]
fn two_tabs_interleave_tag_and_rmi_and_the_store_stays_sound() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(b, &format!("{host}/berth/hello:1.0"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    let first = b.window().unwrap();
    let second = b.new_tab().unwrap();
    b.switch_to(&second).unwrap();
    b.goto(&app.url("/images")).unwrap();
    b.testid("pull-reference").unwrap();
    // 100 operations per tab, started in both, running at the same time.
    let script = |tab: &str| {
        format!(
            r#"window.__ops = {{ done: 0, errors: [] }};
            (async () => {{
              for (let i = 0; i < 100; i++) {{
                const name = 'race/t{tab}' + (i % 7) + ':v' + (i % 3);
                try {{
                  if (i % 2 === 0) await window.wasmBindings.berth_tag('{host}/berth/hello:1.0', name);
                  else await window.wasmBindings.berth_rmi(name, false);
                }} catch (e) {{ if (!String(e).includes('No such image')) window.__ops.errors.push(String(e)); }}
                window.__ops.done++;
              }}
            }})();"#
        )
    };
    b.execute(&script("b"), vec![]).unwrap();
    b.switch_to(&first).unwrap();
    b.execute(&script("a"), vec![]).unwrap();
    for tab in [&first, &second] {
        b.switch_to(tab).unwrap();
        b.wait_for("100 operations", |b| {
            let v = b.execute("return window.__ops.done", vec![])?;
            Ok((v.as_u64() == Some(100)).then_some(()))
        })
        .unwrap();
        let errors = b.execute("return window.__ops.errors", vec![]).unwrap();
        assert_eq!(errors, serde_json::json!([]), "unexpected errors");
    }
    let problems = b
        .execute_async("const done = arguments[0]; window.wasmBindings.berth_validate().then(done, e => done(['error: ' + e]));", vec![])
        .unwrap();
    assert_eq!(problems, serde_json::json!([]));
    // The other tab's table followed the changes (BroadcastChannel).
    b.switch_to(&second).unwrap();
    b.wait_for("the table to match the store", |b| {
        let rows = image_rows(b);
        Ok(rows
            .iter()
            .any(|r| r["repository"] == format!("{host}/berth/hello"))
            .then_some(()))
    })
    .unwrap();
}

/// The usage `/disk` shows (`navigator.storage.estimate()`), once it is at least / at most
/// `bound`.
fn disk_usage_shown(b: &Browser, what: &str, check: impl Fn(f64) -> bool) -> f64 {
    b.wait_for(what, |b| {
        let Some(q) = b
            .find_all("[data-testid=\"storage-quota\"]")?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let usage: f64 = q
            .attr("data-usage")?
            .unwrap_or_default()
            .parse()
            .unwrap_or(0.0);
        Ok(check(usage).then_some(usage))
    })
    .unwrap()
}

#[test]
fn rmi_frees_the_space_the_browser_reports() {
    // 6 MB of incompressible bytes in one layer, so that the layer's removal stands out
    // from the database's own bookkeeping.
    let registry = Registry::start().unwrap();
    let images = ImageBuilder::new().unwrap();
    images.new_image("big").unwrap();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..6_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    images.add_layer("big", &[("noise.bin", &noise)]).unwrap();
    let reference = format!("{}/berth/big:1", registry.host());
    images.push("big", &reference, ManifestFormat::Oci).unwrap();
    let mut app = App::start();
    // Chromium deletes the files of removed IndexedDB values lazily (about 30 s here).
    app.browser.timeout = std::time::Duration::from_secs(120);
    let b = &app.browser;
    b.goto(&app.url("/disk")).unwrap();
    let empty = disk_usage_shown(b, "the empty store's usage", |u| u > 0.0);
    b.testid("nav-images").unwrap().click().unwrap();
    let (state, text) = pull(b, &reference, "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    b.testid("nav-disk").unwrap().click().unwrap();
    let pulled = disk_usage_shown(b, "the layer in the usage", |u| u >= empty + 5_000_000.0);
    b.testid("nav-images").unwrap().click().unwrap();
    let (state, text) = form(
        b,
        &[("rmi-targets", &reference)],
        "rmi-submit",
        "rmi-output",
    );
    assert_eq!(state, "done", "{text}");
    assert!(text.contains("Deleted: "), "{text}");
    b.testid("nav-disk").unwrap().click().unwrap();
    disk_usage_shown(b, "the freed layer in the usage", |u| {
        u <= pulled - 5_000_000.0
    });
}
