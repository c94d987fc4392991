//! End to end: `docker search`, the registry browser and remote tag management, and every
//! CORS fix berth shows, each applied for real.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use berth_testbed::registry_api::{get_manifest, put_manifest};
use berth_testbed::{
    Browser, Cors, Hit, ImageBuilder, ManifestFormat, Nginx, Registry, RegistryOptions,
    SearchServer, seed,
};
use common::App;

fn enc(s: &str) -> String {
    s.replace(':', "%3A").replace('/', "%2F")
}

fn tag_rows(b: &Browser) -> Vec<(String, String)> {
    let v = b
        .execute(
            r#"return [...document.querySelectorAll('[data-testid="tag-row"]')].map(r => [r.dataset.tag, r.dataset.digest]);"#,
            vec![],
        )
        .unwrap();
    serde_json::from_value(v).unwrap()
}

fn status(b: &Browser) -> (String, String) {
    b.wait_for("the operation to end", |b| {
        let s = b.testid("browse-status")?;
        let state = s.attr("data-state")?.unwrap_or_default();
        Ok((state == "done" || state == "error").then(|| (state, s.text().unwrap_or_default())))
    })
    .unwrap()
}

#[test]
fn catalog_by_namespace_and_hundreds_of_tags_in_version_order() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let images = ImageBuilder::new().unwrap();
    images.new_image("x").unwrap();
    images.add_layer("x", &[("x", &b"x"[..])]).unwrap();
    for r in ["a/b/c/deep:1", "a/x:1", "top:1", "many/tags:v1"] {
        images
            .push(
                "x",
                &format!("{}/{r}", registry.host()),
                ManifestFormat::Oci,
            )
            .unwrap();
    }
    let m = get_manifest(&registry.url(), "many/tags", "v1").unwrap();
    for i in 2..=260 {
        put_manifest(
            &registry.url(),
            "many/tags",
            &format!("v{i}"),
            &m.media_type,
            &m.bytes,
        )
        .unwrap();
    }
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url(&format!("/browse?registry={}", enc(&registry.host()))))
        .unwrap();
    let repos = b
        .wait_for("the catalog", |b| {
            let rows = b.find_all("[data-testid=\"repo-row\"]")?;
            Ok((rows.len() >= 10).then(|| {
                rows.iter()
                    .map(|r| r.attr("data-repository").unwrap().unwrap_or_default())
                    .collect::<Vec<_>>()
            }))
        })
        .unwrap();
    for r in ["a/b/c/deep", "a/x", "top", "berth/hello", "many/tags"] {
        assert!(repos.contains(&r.to_string()), "{r} missing from {repos:?}");
    }
    let headings = b
        .execute(
            "return [...document.querySelectorAll('main h2')].map(h => h.textContent)",
            vec![],
        )
        .unwrap();
    let headings: Vec<String> = serde_json::from_value(headings).unwrap();
    for h in ["(root)", "a", "berth", "many"] {
        assert!(
            headings.contains(&h.to_string()),
            "{h} not among {headings:?}"
        );
    }
    // A wildcard filter.
    b.testid("repo-filter").unwrap().send_keys("a/*").unwrap();
    b.wait_for("filtered", |b| {
        Ok((b.find_all("[data-testid=\"repo-row\"]")?.len() == 1).then_some(()))
    })
    .unwrap();

    // 260 tags: all rows, in version order, then every digest.
    b.goto(&app.url(&format!(
        "/browse?registry={}&repo=many%2Ftags",
        enc(&registry.host())
    )))
    .unwrap();
    let rows = b
        .wait_for("every tag with its digest", |b| {
            let rows = tag_rows(b);
            Ok((rows.len() == 260 && rows.iter().all(|(_, d)| !d.is_empty())).then_some(rows))
        })
        .unwrap();
    let tags: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(&tags[..3], &["v1", "v2", "v3"]);
    assert_eq!(tags[9], "v10");
    assert_eq!(tags[259], "v260");
    assert!(rows.iter().all(|(_, d)| *d == m.digest));
}

#[test]
fn retag_delete_a_tag_sparing_its_sibling_then_delete_the_manifest() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let base = registry.url();
    let digest = get_manifest(&base, "berth/hello", "1.0").unwrap().digest;
    assert_eq!(
        get_manifest(&base, "berth/hello", "latest").unwrap().digest,
        digest
    );
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url(&format!(
        "/browse?registry={}&repo=berth%2Fhello",
        enc(&registry.host())
    )))
    .unwrap();
    b.wait_for("tags", |b| Ok((tag_rows(b).len() == 2).then_some(())))
        .unwrap();

    // Add a tag: same bytes under a new name, same digest.
    b.testid("remote-tag-source")
        .unwrap()
        .send_keys("1.0")
        .unwrap();
    b.testid("remote-tag-target")
        .unwrap()
        .send_keys("copy")
        .unwrap();
    b.testid("remote-tag-submit").unwrap().click().unwrap();
    let (state, text) = status(b);
    assert_eq!(state, "done", "{text}");
    assert_eq!(
        get_manifest(&base, "berth/hello", "copy").unwrap().digest,
        digest
    );
    b.wait_for("three tags", |b| Ok((tag_rows(b).len() == 3).then_some(())))
        .unwrap();

    // Delete one tag: its siblings (same digest) stay.
    let delete = |tag: &str, button: &str| {
        b.execute("window.confirm = () => true;", vec![]).unwrap();
        for row in b.find_all("[data-testid=\"tag-row\"]").unwrap() {
            if row.attr("data-tag").unwrap().as_deref() == Some(tag) {
                row.find_all(&format!("[data-testid=\"{button}\"]"))
                    .unwrap()[0]
                    .click()
                    .unwrap();
                return;
            }
        }
        panic!("no row for {tag}");
    };
    b.wait_for("digests", |b| {
        Ok(tag_rows(b).iter().all(|(_, d)| !d.is_empty()).then_some(()))
    })
    .unwrap();
    delete("latest", "remote-tag-delete");
    let (state, text) = status(b);
    assert_eq!(
        (state.as_str(), text.as_str()),
        ("done", "Deleted tag berth/hello:latest")
    );
    assert!(
        get_manifest(&base, "berth/hello", "latest").is_err(),
        "latest still there"
    );
    assert_eq!(
        get_manifest(&base, "berth/hello", "1.0").unwrap().digest,
        digest
    );
    assert_eq!(
        get_manifest(&base, "berth/hello", "copy").unwrap().digest,
        digest
    );

    // Delete the manifest: every tag on it goes.
    b.wait_for("two tags with digests", |b| {
        let rows = tag_rows(b);
        Ok((rows.len() == 2 && rows.iter().all(|(_, d)| !d.is_empty())).then_some(()))
    })
    .unwrap();
    delete("1.0", "remote-manifest-delete");
    let (state, text) = status(b);
    assert_eq!(state, "done", "{text}");
    assert!(
        text.starts_with(&format!("Deleted berth/hello@{digest}")),
        "{text}"
    );
    // The tags that went with it, as the confirmation listed them.
    let mut going: Vec<&str> = text
        .split_once("(tags: ")
        .and_then(|(_, t)| t.strip_suffix(')'))
        .unwrap_or_default()
        .split(", ")
        .collect();
    going.sort_unstable();
    assert_eq!(going, ["1.0", "copy"], "{text}");
    assert!(get_manifest(&base, "berth/hello", "1.0").is_err());
    assert!(get_manifest(&base, "berth/hello", "copy").is_err());
}

#[test]
fn deletes_on_a_registry_without_them_say_why() {
    let registry = Registry::start_with(RegistryOptions {
        delete: false,
        ..Default::default()
    })
    .unwrap();
    seed(&registry).unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url(&format!(
        "/browse?registry={}&repo=berth%2Fweb",
        enc(&registry.host())
    )))
    .unwrap();
    b.wait_for("a tag with its digest", |b| {
        Ok(tag_rows(b).iter().any(|(_, d)| !d.is_empty()).then_some(()))
    })
    .unwrap();
    b.execute("window.confirm = () => true;", vec![]).unwrap();
    b.wait_css("[data-testid=\"remote-manifest-delete\"]")
        .unwrap()
        .click()
        .unwrap();
    let (state, text) = status(b);
    assert_eq!(state, "error");
    assert!(
        text.contains("unsupported: The operation is unsupported."),
        "{text}"
    );
    assert!(text.contains("storage.delete.enabled: true"), "{text}");
}

#[test]
fn docker_search_against_a_v1_api_and_a_catalog() {
    let long = "An image whose description goes on\nfor much longer than forty-five characters";
    let hits = vec![
        Hit {
            name: "nginx".into(),
            description: "Official build of Nginx.".into(),
            stars: 20000,
            official: true,
        },
        Hit {
            name: "bitnami/nginx".into(),
            description: long.into(),
            stars: 200,
            official: false,
        },
        Hit {
            name: "someone/nginx-test".into(),
            description: "".into(),
            stars: 1,
            official: false,
        },
    ];
    let server = SearchServer::start(hits).unwrap();
    let app = App::start();
    let b = &app.browser;
    let url = |q: &str| {
        app.url(&format!(
            "/search?q=nginx&registry={}{q}",
            enc(&format!("http://{}", server.host()))
        ))
    };
    b.goto(&url("&limit=5&filter=stars%3D3")).unwrap();
    let rows = b
        .wait_for("rows", |b| {
            let r = b.find_all("[data-testid=\"search-row\"]")?;
            Ok((!r.is_empty()).then(|| {
                r.iter()
                    .map(|e| {
                        (
                            e.attr("data-name").unwrap().unwrap_or_default(),
                            e.text().unwrap(),
                        )
                    })
                    .collect::<Vec<_>>()
            }))
        })
        .unwrap();
    // Filtered after fetching: stars >= 3 drops the third; the limit went to the API.
    assert_eq!(
        rows.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        vec!["nginx", "bitnami/nginx"]
    );
    assert!(
        server
            .queries()
            .iter()
            .any(|q| q == "/v1/search?q=nginx&n=5"),
        "{:?}",
        server.queries()
    );
    assert!(rows[0].1.contains("[OK]"));
    // Newlines become spaces and the description is cut to 45 characters.
    assert!(
        rows[1]
            .1
            .contains("An image whose description goes on for much …"),
        "{}",
        rows[1].1
    );
    // --format with the table prefix.
    b.goto(&url(
        "&format=table%20%7B%7B.Name%7D%7D%5Ct%7B%7B.StarCount%7D%7D",
    ))
    .unwrap();
    let text = b.testid("search-formatted").unwrap().text().unwrap();
    assert_eq!(
        text,
        "NAME                 STARS\nnginx                20000\nbitnami/nginx        200\nsomeone/nginx-test   1"
    );
    // Docker's errors and warnings.
    b.goto(&url("&limit=101")).unwrap();
    b.wait_for("the limit error", |b| {
        let s = b.testid("search-status")?;
        Ok((s.attr("data-state")?.as_deref() == Some("error")).then(|| s.text().unwrap()))
    })
    .map(|t| assert_eq!(t, "limit 101 is outside the range of [1, 100]"))
    .unwrap();

    // A registry without a search API: its catalog instead.
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    b.goto(&app.url(&format!(
        "/search?q=hello&registry={}",
        enc(&registry.url())
    )))
    .unwrap();
    let names = b
        .wait_for("catalog matches", |b| {
            let r = b.find_all("[data-testid=\"search-row\"]")?;
            Ok((!r.is_empty()).then(|| {
                r.iter()
                    .map(|e| e.attr("data-name").unwrap().unwrap_or_default())
                    .collect::<Vec<_>>()
            }))
        })
        .unwrap();
    assert_eq!(names, vec!["berth/hello", "berth/hello-docker"]);
}

/// The fix text a probe shows for a registry, as the page has it.
fn fix_for(b: &Browser, url: &str) -> (String, String) {
    b.wait_for(&format!("a verdict for {url}"), |b| {
        for row in b.find_all("[data-testid=\"registry-row\"]")? {
            if row.attr("data-url")?.as_deref() == Some(url) {
                let status = row.attr("data-status")?.unwrap_or_default();
                if status == "checking" {
                    return Ok(None);
                }
                let fix = row.find_all("[data-testid=\"registry-fix\"]")?[0].prop("textContent")?;
                return Ok(Some((status, fix.as_str().unwrap_or("").to_owned())));
            }
        }
        Ok(None)
    })
    .unwrap()
}

fn add(b: &Browser, url: &str) {
    let i = b.testid("registry-url").unwrap();
    i.clear().unwrap();
    i.send_keys(url).unwrap();
    b.testid("registry-add").unwrap().click().unwrap();
}

#[test]
fn every_cors_fix_shown_works_when_applied() {
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();
    // A registry with no CORS: the probe shows a distribution config block and an nginx one.
    let bare = Registry::start_with(RegistryOptions {
        cors: Cors::None,
        ..Default::default()
    })
    .unwrap();
    add(b, &bare.url());
    let (status, fix) = fix_for(b, &bare.url());
    assert_eq!(status, "cors-blocked");
    let yaml = fix
        .split("config.yml and restart it:\n\n")
        .nth(1)
        .and_then(|r| r.split("\n\n").next())
        .unwrap()
        .to_owned();
    let nginx = fix
        .split("Or put nginx in front of it:\n\n")
        .nth(1)
        .and_then(|r| r.split("\n\nDocker Hub").next())
        .unwrap()
        .to_owned();

    // 1. The distribution block, exactly as shown, in a registry's config.
    let headers_block = yaml.strip_prefix("http:\n").unwrap().to_owned();
    let fixed = Registry::start_with(RegistryOptions {
        cors: Cors::Yaml(headers_block),
        ..Default::default()
    })
    .unwrap();
    assert!(
        fixed.config().contains("Access-Control-Expose-Headers"),
        "{}",
        fixed.config()
    );
    add(b, &fixed.url());
    assert_eq!(fix_for(b, &fixed.url()).0, "reachable");

    // 2. The nginx block, exactly as shown (but for the upstream port), before the bare one.
    let block = nginx.replace("http://127.0.0.1:5000", &bare.url());
    let front = Nginx::start(&block).unwrap();
    add(b, &front.url());
    assert_eq!(fix_for(b, &front.url()).0, "reachable");

    // 3. An auth registry: the probe says its preflight fails and shows the nginx front;
    //    with that front, the preflight passes and the probe says it needs auth.
    let dir = tempfile::tempdir().unwrap();
    let auth = Registry::start_with(
        RegistryOptions::default()
            .with_htpasswd(dir.path(), "u", "p")
            .unwrap(),
    )
    .unwrap();
    add(b, &auth.url());
    let (status, fix) = fix_for(b, &auth.url());
    assert_eq!(status, "preflight-failed");
    let nginx = fix
        .split("e.g. nginx:\n\n")
        .nth(1)
        .and_then(|r| r.split("\n\nor serve berth").next())
        .unwrap();
    let front = Nginx::start(&nginx.replace("http://127.0.0.1:5000", &auth.url())).unwrap();
    add(b, &front.url());
    assert_eq!(fix_for(b, &front.url()).0, "auth-required");
}
