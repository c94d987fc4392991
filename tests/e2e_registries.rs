//! End to end: `/registries` in headless Chromium against real `docker-registry` instances.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use berth_testbed::{Browser, Cors, Registry, RegistryOptions, seed};
use common::App;

/// The row of `url`, once its probe has finished: `(status, summary, fix)`.
fn probed(b: &Browser, url: &str) -> (String, String, String) {
    b.wait_for(&format!("a probe verdict for {url}"), |b| {
        for row in b.find_all("[data-testid=\"registry-row\"]")? {
            if row.attr("data-url")?.as_deref() != Some(url) {
                continue;
            }
            let status = row.attr("data-status")?.unwrap_or_default();
            if status == "checking" {
                return Ok(None);
            }
            let summary = row.find_all("[data-testid=\"registry-summary\"]")?;
            let fix = row.find_all("[data-testid=\"registry-fix\"]")?;
            return Ok(Some((
                status,
                summary[0].text()?,
                fix[0]
                    .prop("textContent")?
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )));
        }
        Ok(None)
    })
    .unwrap()
}

fn add(b: &Browser, url: &str) {
    let input = b.testid("registry-url").unwrap();
    input.clear().unwrap();
    input.send_keys(url).unwrap();
    b.testid("registry-add").unwrap().click().unwrap();
}

fn probe_again(b: &Browser, url: &str) {
    for row in b.find_all("[data-testid=\"registry-row\"]").unwrap() {
        if row.attr("data-url").unwrap().as_deref() == Some(url) {
            let buttons = row.find_all("button").unwrap();
            let again = buttons
                .iter()
                .find(|b| b.text().unwrap() == "Probe again")
                .unwrap();
            again.click().unwrap();
            return;
        }
    }
    panic!("no row for {url}");
}

#[test]
fn probe_says_reachable_then_refused_when_the_registry_stops() {
    let mut registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();
    b.testid("registry-name")
        .unwrap()
        .send_keys("local registry")
        .unwrap();
    add(b, &registry.host());

    let url = registry.url();
    let (status, summary, fix) = probed(b, &url);
    assert_eq!(status, "reachable", "{summary}\n{fix}");
    assert_eq!(
        summary,
        format!("reachable: {url}/v2/ answered 200 (registry API v2)")
    );
    assert_eq!(fix, "");
    app.screenshot("registries-reachable");

    // The list is kept in IndexedDB: a reload shows the registry again, named, probed
    // anew; Docker Hub is listed from the start.
    b.goto(&app.url("/registries")).unwrap();
    assert_eq!(probed(b, &url).0, "reachable");
    let name_of = |u: &str| {
        b.find_all(&format!("[data-testid=\"registry-row\"][data-url=\"{u}\"]"))
            .unwrap()
            .first()
            .and_then(|r| r.attr("data-name").unwrap())
    };
    assert_eq!(name_of(&url).as_deref(), Some("local registry"));
    assert_eq!(name_of("/proxy/docker.io").as_deref(), Some("Docker Hub"));
    assert_eq!(
        b.find_all("[data-testid=\"registry-row\"]:not([data-url=\"/proxy/docker.io\"])")
            .unwrap()
            .len(),
        1
    );

    registry.stop();
    probe_again(b, &url);
    let (status, summary, _) = probed(b, &url);
    assert_eq!(status, "refused", "{summary}");
    assert!(summary.starts_with(&format!("connection refused: nothing answered {url}/v2/")));
    app.screenshot("registries-refused");

    registry.restart().unwrap();
    probe_again(b, &url);
    assert_eq!(probed(b, &url).0, "reachable");
}

#[test]
fn probe_classifies_missing_cors_and_keeps_bad_input_out() {
    let no_cors = Registry::start_with(RegistryOptions {
        cors: Cors::None,
        ..Default::default()
    })
    .unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();

    add(b, &no_cors.url());
    let (status, summary, fix) = probed(b, &no_cors.url());
    assert_eq!(status, "cors-blocked", "{summary}");
    let origin = app.url("");
    assert!(
        summary.contains(&format!("without Access-Control-Allow-Origin for {origin}")),
        "{summary}"
    );
    assert!(
        fix.contains(&format!("Access-Control-Allow-Origin: ['{origin}']")),
        "{fix}"
    );

    // Bad input: a clear error, and nothing is added.
    add(b, "ftp://example.com");
    let error = b.testid("registry-error").unwrap().text().unwrap();
    assert_eq!(
        error,
        "invalid registry address \"ftp://example.com\": the scheme must be http or https"
    );
    assert_eq!(
        b.find_all("[data-testid=\"registry-row\"]:not([data-url=\"/proxy/docker.io\"])")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn auth_registries_explain_preflight_and_unexposed_headers() {
    let dir = tempfile::tempdir().unwrap();
    // distribution with htpasswd auth answers the CORS preflight of any request carrying
    // credentials with 401 (distribution#4458).
    let auth = Registry::start_with(
        RegistryOptions::default()
            .with_htpasswd(dir.path(), "alice", "s3cret")
            .unwrap(),
    )
    .unwrap();
    // The same, but its CORS config lacks Access-Control-Expose-Headers.
    let hidden = Registry::start_with(
        RegistryOptions {
            cors: Cors::WithoutExposeHeaders("*".into()),
            ..Default::default()
        }
        .with_htpasswd(dir.path(), "alice", "s3cret")
        .unwrap(),
    )
    .unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();

    add(b, &auth.url());
    let (status, summary, fix) = probed(b, &auth.url());
    assert_eq!(status, "preflight-failed", "{summary}");
    assert!(
        summary.starts_with(
            "needs auth (Basic auth, realm \"berth test registry\"), but the CORS preflight"
        ),
        "{summary}"
    );
    assert!(fix.contains("if ($request_method = OPTIONS)"), "{fix}");

    add(b, &hidden.url());
    let (status, summary, fix) = probed(b, &hidden.url());
    assert_eq!(status, "headers-not-exposed", "{summary}");
    assert!(fix.contains("Access-Control-Expose-Headers"), "{fix}");
}

#[test]
fn an_open_registry_hiding_docker_content_digest_is_named() {
    let hidden = Registry::start_with(RegistryOptions {
        cors: Cors::WithoutExposeHeaders("*".into()),
        ..Default::default()
    })
    .unwrap();
    seed(&hidden).unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();
    add(b, &hidden.url());
    let (status, summary, fix) = probed(b, &hidden.url());
    assert_eq!(status, "headers-not-exposed", "{summary}");
    assert!(
        summary.contains("Docker-Content-Digest header is not readable"),
        "{summary}"
    );
    assert!(
        fix.contains("Access-Control-Expose-Headers: ['Docker-Content-Digest'"),
        "{fix}"
    );
}

#[test]
fn deep_link_adds_the_registry() {
    let registry = Registry::start().unwrap();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url(&format!("/registries?registry={}", registry.host())))
        .unwrap();
    assert_eq!(probed(b, &registry.url()).0, "reachable");
}
