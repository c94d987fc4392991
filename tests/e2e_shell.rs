//! End to end: the built app (`dist/`) in headless Chromium — navigation and deep links.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::App;

#[test]
fn nav_links_reach_every_page_and_deep_links_load() {
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/")).unwrap();
    // `/` redirects to the images page.
    b.wait_for("redirect to /images", |b| {
        Ok(b.current_url()?.ends_with("/images").then_some(()))
    })
    .unwrap();
    for (testid, path, heading) in [
        ("nav-search", "/search", "Search"),
        ("nav-disk", "/disk", "Disk usage"),
        ("nav-registries", "/registries", "Registries"),
        ("nav-images", "/images", "Images"),
    ] {
        b.testid(testid).unwrap().click().unwrap();
        b.wait_for(&format!("{path} after clicking {testid}"), |b| {
            let url = b.current_url()?;
            let h1 = b.wait_css("main h1")?.text()?;
            Ok((url.ends_with(path) && h1 == heading).then_some(()))
        })
        .unwrap();
        let current = b.testid(testid).unwrap().attr("aria-current").unwrap();
        assert_eq!(current.as_deref(), Some("page"), "{testid}");
    }

    // Deep links load the right page directly.
    let id = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    b.goto(&app.url(&format!("/images/{id}"))).unwrap();
    // Not in this (empty) store: Docker's words.
    let error = b.testid("image-error").unwrap().text().unwrap();
    assert_eq!(error, format!("Error: No such image: {id}"));
    b.goto(&app.url("/disk")).unwrap();
    assert_eq!(b.wait_css("main h1").unwrap().text().unwrap(), "Disk usage");

    // Unknown paths get the not-found page, naming the path.
    b.goto(&app.url("/no/such/page")).unwrap();
    let text = b.testid("not-found").unwrap().text().unwrap();
    assert!(text.contains("There is no page at /no/such/page"), "{text}");
}

#[test]
fn theme_toggle_cycles_and_is_remembered() {
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let theme = |b: &berth_testbed::Browser| {
        b.execute(
            "return document.documentElement.getAttribute('data-theme')",
            vec![],
        )
        .unwrap()
        .as_str()
        .map(str::to_owned)
    };
    assert_eq!(theme(b), None);
    let toggle = b.testid("theme-toggle").unwrap();
    toggle.click().unwrap();
    b.wait_for("light theme", |b| {
        Ok((theme(b).as_deref() == Some("light")).then_some(()))
    })
    .unwrap();
    b.testid("theme-toggle").unwrap().click().unwrap();
    b.wait_for("dark theme", |b| {
        Ok((theme(b).as_deref() == Some("dark")).then_some(()))
    })
    .unwrap();
    b.goto(&app.url("/registries")).unwrap();
    b.testid("registry-url").unwrap();
    assert_eq!(
        theme(b).as_deref(),
        Some("dark"),
        "theme not kept across a reload"
    );
    let bg = b
        .execute(
            "return getComputedStyle(document.body).backgroundColor",
            vec![],
        )
        .unwrap();
    assert_eq!(bg.as_str(), Some("rgb(15, 20, 26)"));
}
