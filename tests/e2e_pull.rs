//! End to end: `docker pull` in the built app against real registries on loopback, with
//! expected values computed here from the registry itself (and `gzip -dc | wc -c`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use berth_testbed::registry_api::{get_blob, get_manifest, gunzip_size};
use berth_testbed::{Browser, Fault, Front, MANY_TAGS, Registry, RegistryOptions, seed};
use common::{App, idb_keys, image_rows, layer_statuses, pull, wait_pull_end};

/// What the registry says an image is: (config digest, content size, uncompressed size,
/// manifest digest, layer digests).
struct Expected {
    image_id: String,
    content_size: u64,
    size: u64,
    digest: String,
    layers: Vec<String>,
}

fn expected(registry: &str, repo: &str, reference: &str) -> Expected {
    let m = get_manifest(registry, repo, reference).unwrap();
    let j = m.json();
    let mut content = j["config"]["size"].as_u64().unwrap();
    let mut size = 0;
    let mut layers = Vec::new();
    for l in j["layers"].as_array().unwrap() {
        let d = l["digest"].as_str().unwrap();
        content += l["size"].as_u64().unwrap();
        size += gunzip_size(&get_blob(registry, repo, d).unwrap()).unwrap();
        layers.push(d.to_owned());
    }
    Expected {
        image_id: j["config"]["digest"].as_str().unwrap().to_owned(),
        content_size: content,
        size,
        digest: m.digest,
        layers,
    }
}

/// Waits until the row of `repository:tag` is verified, and returns its attributes.
fn verified_row(
    b: &Browser,
    repository: &str,
    tag: &str,
) -> std::collections::BTreeMap<String, String> {
    b.wait_for(&format!("{repository}:{tag} verified"), |b| {
        Ok(image_rows(b).into_iter().find(|r| {
            r["repository"] == repository && r["tag"] == tag && r["state"] != "verifying"
        }))
    })
    .unwrap()
}

#[test]
fn pulls_oci_and_docker_images_verified_against_the_registry() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    b.testid("images-empty").unwrap();

    // An OCI image.
    let (state, text) = pull(b, &format!("{host}/berth/hello:1.0"), "linux/amd64", false);
    let want = expected(&registry.url(), "berth/hello", "1.0");
    assert_eq!(state, "done", "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "1.0: Pulling from berth/hello");
    assert_eq!(
        lines[1..],
        [
            format!("Digest: {}", want.digest),
            format!("Status: Downloaded newer image for {host}/berth/hello:1.0"),
            format!("{host}/berth/hello:1.0"),
        ]
    );
    let statuses = layer_statuses(b);
    assert_eq!(statuses.len(), want.layers.len());
    assert!(
        statuses.values().all(|s| s == "pull-complete"),
        "{statuses:?}"
    );
    let row = verified_row(b, &format!("{host}/berth/hello"), "1.0");
    assert_eq!(row["state"], "ready");
    assert_eq!(row["image-id"], want.image_id);
    assert_eq!(row["digest"], want.digest);
    assert_eq!(row["content-size"], want.content_size.to_string());
    assert_eq!(row["size"], want.size.to_string());
    assert!(!row["created"].is_empty());
    app.screenshot("images-after-pull");

    // The same image as Docker schema 2: same config, so same IMAGE ID; every layer is
    // already in the store.
    let (state, text) = pull(
        b,
        &format!("{host}/berth/hello-docker:1.0"),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
    let docker = expected(&registry.url(), "berth/hello-docker", "1.0");
    assert_ne!(docker.digest, want.digest, "v2s2 has its own manifest");
    assert_eq!(docker.image_id, want.image_id);
    let statuses = layer_statuses(b);
    assert!(
        statuses.values().all(|s| s == "already-exists"),
        "{statuses:?}"
    );
    let row = verified_row(b, &format!("{host}/berth/hello-docker"), "1.0");
    assert_eq!(row["image-id"], want.image_id);
    assert_eq!(row["digest"], docker.digest);

    // Pulling again: nothing to do.
    let (state, text) = pull(b, &format!("{host}/berth/hello:1.0"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    assert!(
        text.contains(&format!(
            "Status: Image is up to date for {host}/berth/hello:1.0"
        )),
        "{text}"
    );

    // Two images sharing a base layer: the base "Already exists".
    let (state, text) = pull(b, &format!("{host}/berth/web:2.4"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    let web = expected(&registry.url(), "berth/web", "2.4");
    assert_eq!(
        web.layers[0], want.layers[0],
        "seeded images share the base"
    );
    let statuses = layer_statuses(b);
    assert_eq!(statuses[&web.layers[0]], "already-exists");
    assert_eq!(statuses[&web.layers[1]], "pull-complete");
    let row = verified_row(b, &format!("{host}/berth/web"), "2.4");
    assert_eq!(row["size"], web.size.to_string());

    // The store holds each blob once; nothing is left half-written.
    assert!(idb_keys(b, "uploads").is_empty());
    let blobs = idb_keys(b, "blobs");
    for layer in want.layers.iter().chain(&web.layers) {
        assert!(blobs.contains(layer), "{layer} missing");
    }
}

#[test]
fn pulls_by_digest_from_an_index_and_every_tag() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let host = registry.host();
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();

    // A multi-platform index: each platform gives its own image; the digest is the index's.
    let index = get_manifest(&registry.url(), "berth/multi", "1.0").unwrap();
    let amd64 = expected(&registry.url(), "berth/multi", "amd64");
    let arm64 = expected(&registry.url(), "berth/multi", "arm64");
    let (state, text) = pull(b, &format!("{host}/berth/multi:1.0"), "linux/arm64", false);
    assert_eq!(state, "done", "{text}");
    assert!(
        text.contains(&format!("Digest: {}", index.digest)),
        "{text}"
    );
    let row = verified_row(b, &format!("{host}/berth/multi"), "1.0");
    assert_eq!(row["image-id"], arm64.image_id);
    assert_eq!(row["digest"], index.digest);
    let (state, text) = pull(b, &format!("{host}/berth/multi:1.0"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    b.wait_for("the amd64 image to take the tag", |b| {
        Ok(image_rows(b)
            .iter()
            .any(|r| r["tag"] == "1.0" && r["image-id"] == amd64.image_id)
            .then_some(()))
    })
    .unwrap();
    // The arm64 image lost its tag but keeps its digest reference.
    let (state, text) = pull(b, &format!("{host}/berth/multi:1.0"), "linux/s390x", false);
    assert_eq!(state, "error");
    assert!(
        text.contains("no matching manifest for linux/s390x in the manifest list entries (available: linux/amd64, linux/arm64/v8)"),
        "{text}"
    );

    // By digest: listed with tag <none> and that digest.
    let notes = expected(&registry.url(), "tools/notes", "0.1");
    let (state, text) = pull(
        b,
        &format!("{host}/tools/notes@{}", notes.digest),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
    assert!(
        text.starts_with(&format!("{}: Pulling from tools/notes", notes.digest)),
        "{text}"
    );
    let row = verified_row(b, &format!("{host}/tools/notes"), "<none>");
    assert_eq!(row["digest"], notes.digest);
    assert_eq!(row["image-id"], notes.image_id);

    // -a: every tag of a repository.
    let (state, text) = pull(b, &format!("{host}/berth/many"), "linux/amd64", true);
    assert_eq!(state, "done", "{text}");
    b.wait_for("every tag listed", |b| {
        let tags: Vec<String> = image_rows(b)
            .into_iter()
            .filter(|r| r["repository"] == format!("{host}/berth/many"))
            .map(|r| r["tag"].clone())
            .collect();
        Ok((tags.len() == MANY_TAGS).then_some(tags))
    })
    .unwrap();
    let (state, text) = pull(b, &format!("{host}/berth/many:v1"), "linux/amd64", true);
    assert_eq!(state, "error");
    assert!(
        text.ends_with("tag can't be used with --all-tags/-a"),
        "{text}"
    );
}

#[test]
fn faults_leave_nothing_behind_and_read_as_docker_errors() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let front = Front::start(&registry.url()).unwrap();
    let host = front.host();
    let want = expected(&registry.url(), "berth/web", "2.4");
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();

    // (a) One flipped bit in a layer: the digest check fails, naming the blob; nothing stays.
    let layer = want.layers[1].clone();
    front.set_faults(vec![Fault::FlipByte {
        path: layer.clone(),
        offset: 20,
    }]);
    let (state, text) = pull(b, &format!("{host}/berth/web:2.4"), "linux/amd64", false);
    assert_eq!(state, "error", "{text}");
    assert!(
        text.contains(&format!("digest mismatch for blob {layer}: got sha256:")),
        "{text}"
    );
    assert!(image_rows(b).is_empty());
    assert!(!idb_keys(b, "blobs").contains(&layer));
    assert!(
        idb_keys(b, "chunks").iter().all(|k| !k.starts_with(&layer)),
        "chunks of a bad blob stayed"
    );
    assert!(idb_keys(b, "uploads").is_empty());
    assert!(idb_keys(b, "images").is_empty() && idb_keys(b, "refs").is_empty());

    // (b) The connection drops mid-blob: no image; a retry completes with the right digests.
    front.set_faults(vec![Fault::CutAfter {
        path: layer.clone(),
        bytes: 40,
        times: 1,
    }]);
    let (state, text) = pull(b, &format!("{host}/berth/web:2.4"), "linux/amd64", false);
    assert_eq!(state, "error", "{text}");
    assert!(text.contains("downloading layer"), "{text}");
    assert!(image_rows(b).is_empty());
    assert!(idb_keys(b, "chunks").iter().all(|k| !k.starts_with(&layer)));
    let (state, text) = pull(b, &format!("{host}/berth/web:2.4"), "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    // The base layer completed in the failed attempt and was reused.
    assert_eq!(layer_statuses(b)[&want.layers[0]], "already-exists");
    let row = verified_row(b, &format!("{host}/berth/web"), "2.4");
    assert_eq!(row["state"], "ready");
    assert_eq!(row["image-id"], want.image_id);
    assert_eq!(row["size"], want.size.to_string());

    // (c) Registry errors in Docker's words.
    let envelope = |code: &str, message: &str| {
        format!(r#"{{"errors":[{{"code":"{code}","message":"{message}","detail":null}}]}}"#)
    };
    let cases = [
        (
            404,
            envelope("MANIFEST_UNKNOWN", "manifest unknown"),
            vec![],
            format!(
                "manifest for {host}/berth/hello:1.0 not found: manifest unknown: manifest unknown"
            ),
        ),
        (
            429,
            envelope("TOOMANYREQUESTS", "You have reached your pull rate limit."),
            vec![("Retry-After".to_string(), "30".to_string())],
            "toomanyrequests: You have reached your pull rate limit. (retry after 30)".to_string(),
        ),
        (
            401,
            envelope("UNAUTHORIZED", "authentication required"),
            vec![(
                "WWW-Authenticate".to_string(),
                r#"Basic realm="test""#.to_string(),
            )],
            "unauthorized: authentication required".to_string(),
        ),
    ];
    for (status, body, headers, message) in cases {
        front.set_faults(vec![Fault::Respond {
            path: "/v2/berth/hello/manifests/".into(),
            status,
            body,
            headers,
        }]);
        let (state, text) = pull(b, &format!("{host}/berth/hello:1.0"), "linux/amd64", false);
        assert_eq!(state, "error", "{text}");
        assert!(
            text.ends_with(&format!("Error response from daemon: {message}")),
            "{status}: {text}"
        );
    }
}

#[test]
fn pulls_from_an_auth_registry_behind_a_preflight_answering_front() {
    let dir = tempfile::tempdir().unwrap();
    let registry = Registry::start_with(
        RegistryOptions::default()
            .with_htpasswd(dir.path(), "alice", "s3cret")
            .unwrap(),
    )
    .unwrap();
    // skopeo pushes with credentials.
    let open = Registry::start().unwrap();
    seed(&open).unwrap();
    let status = std::process::Command::new("skopeo")
        .args([
            "copy",
            "--quiet",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            "--dest-creds=alice:s3cret",
        ])
        .arg(format!("docker://{}/berth/hello:1.0", open.host()))
        .arg(format!("docker://{}/private/hello:1.0", registry.host()))
        .status()
        .unwrap();
    assert!(status.success());
    let front = Front::start(&registry.url()).unwrap();
    let app = App::start();
    let b = &app.browser;

    // Without credentials: Docker's message.
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/private/hello:1.0", front.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "error");
    assert!(
        text.ends_with("unauthorized: authentication required"),
        "{text}"
    );

    // With credentials given on /registries (kept in memory only), the pull works.
    b.goto(&app.url("/registries")).unwrap();
    b.testid("registry-url")
        .unwrap()
        .send_keys(&front.url())
        .unwrap();
    b.testid("registry-user")
        .unwrap()
        .send_keys("alice")
        .unwrap();
    b.testid("registry-password")
        .unwrap()
        .send_keys("s3cret")
        .unwrap();
    b.testid("registry-add").unwrap().click().unwrap();
    b.wait_for("the probe to sign in", |b| {
        Ok(
            b.find_all("[data-testid=\"registry-row\"][data-status=\"reachable\"]")?
                .first()
                .map(|_| ()),
        )
    })
    .unwrap();
    b.testid("nav-images").unwrap().click().unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/private/hello:1.0", front.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
    let want = expected(&open.url(), "berth/hello", "1.0");
    let row = verified_row(b, &format!("{}/private/hello", front.host()), "1.0");
    assert_eq!(row["image-id"], want.image_id);
    // The password is nowhere in the page or in IndexedDB.
    let html = b
        .execute("return document.documentElement.outerHTML", vec![])
        .unwrap();
    assert!(!html.as_str().unwrap().contains("s3cret"));
    let saved = b
        .execute_async(
            r#"const done = arguments[0]; const r = indexedDB.open('berth');
               r.onsuccess = () => { const q = r.result.transaction('registries').objectStore('registries').getAll();
                 q.onsuccess = () => done(JSON.stringify(q.result)); };"#,
            vec![],
        )
        .unwrap();
    assert!(!saved.as_str().unwrap().contains("s3cret"), "{saved}");

    // Kept in memory only: a new page load has forgotten them.
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/private/hello:1.0", front.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "error");
    assert!(
        text.ends_with("unauthorized: authentication required"),
        "{text}"
    );

    // "remember" keeps them across page loads.
    b.goto(&app.url("/registries")).unwrap();
    b.testid("registry-url")
        .unwrap()
        .send_keys(&front.url())
        .unwrap();
    b.testid("registry-user")
        .unwrap()
        .send_keys("alice")
        .unwrap();
    b.testid("registry-password")
        .unwrap()
        .send_keys("s3cret")
        .unwrap();
    b.testid("registry-remember").unwrap().click().unwrap();
    b.testid("registry-add").unwrap().click().unwrap();
    b.wait_for("the remembered credentials to be saved", |b| {
        let saved = b.execute_async(
            r#"const done = arguments[0]; const r = indexedDB.open('berth');
               r.onsuccess = () => { const q = r.result.transaction('registries').objectStore('registries').getAll();
                 q.onsuccess = () => done(JSON.stringify(q.result)); };"#,
            vec![],
        )?;
        Ok(saved.as_str().unwrap_or("").contains("alice").then_some(()))
    })
    .unwrap();
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/private/hello:1.0", front.host()),
        "linux/amd64",
        false,
    );
    assert_eq!(state, "done", "{text}");
}

#[test]
fn cancel_stops_a_pull_and_leaves_no_image() {
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let front = Front::start(&registry.url()).unwrap();
    let want = expected(&registry.url(), "berth/web", "2.4");
    front.set_faults(vec![Fault::Delay {
        path: want.layers[1].clone(),
        ms: 30_000,
    }]);
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    b.testid("pull-reference")
        .unwrap()
        .send_keys(&format!("{}/berth/web:2.4", front.host()))
        .unwrap();
    b.testid("pull-submit").unwrap().click().unwrap();
    b.wait_for("a layer to wait on the slow registry", |b| {
        Ok(layer_statuses(b).get(&want.layers[1]).map(|_| ()))
    })
    .unwrap();
    b.testid("pull-cancel").unwrap().click().unwrap();
    let (state, text) = wait_pull_end(b);
    assert_eq!(state, "error");
    assert!(
        text.ends_with("Error response from daemon: cancelled"),
        "{text}"
    );
    assert!(image_rows(b).is_empty());
    assert!(idb_keys(b, "uploads").is_empty());
}

#[test]
fn a_layer_that_does_not_match_its_diff_id_marks_the_image_corrupt() {
    use berth_testbed::registry_api::{push_blob, put_manifest};
    let registry = Registry::start().unwrap();
    seed(&registry).unwrap();
    let base = registry.url();
    // The hello image with its config's last diff-id replaced: every blob is intact, but the
    // layer no longer decompresses to what the config promises.
    let m = get_manifest(&base, "berth/hello", "1.0").unwrap();
    let mut manifest = m.json();
    let config_digest = manifest["config"]["digest"].as_str().unwrap().to_owned();
    let mut config: serde_json::Value =
        serde_json::from_slice(&get_blob(&base, "berth/hello", &config_digest).unwrap()).unwrap();
    let bogus = format!("sha256:{}", "0".repeat(64));
    let last = config["rootfs"]["diff_ids"].as_array().unwrap().len() - 1;
    config["rootfs"]["diff_ids"][last] = bogus.clone().into();
    let config_bytes = serde_json::to_vec(&config).unwrap();
    let new_config = push_blob(&base, "berth/bad", &config_bytes).unwrap();
    for layer in manifest["layers"].as_array().unwrap() {
        let d = layer["digest"].as_str().unwrap();
        push_blob(
            &base,
            "berth/bad",
            &get_blob(&base, "berth/hello", d).unwrap(),
        )
        .unwrap();
    }
    manifest["config"]["digest"] = new_config.clone().into();
    manifest["config"]["size"] = config_bytes.len().into();
    put_manifest(
        &base,
        "berth/bad",
        "1.0",
        &m.media_type,
        &serde_json::to_vec(&manifest).unwrap(),
    )
    .unwrap();

    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(
        b,
        &format!("{}/berth/bad:1.0", registry.host()),
        "linux/amd64",
        false,
    );
    // The blobs verify, so the pull itself succeeds; the diff-id check then fails.
    assert_eq!(state, "done", "{text}");
    let row = verified_row(b, &format!("{}/berth/bad", registry.host()), "1.0");
    assert_eq!(row["state"], "corrupt");
    assert_eq!(row["image-id"], new_config);
    let reason = b
        .wait_css("tr.corrupt .corrupt-reason")
        .unwrap()
        .text()
        .unwrap();
    assert!(
        reason.contains("does not match the image config: it decompresses to sha256:")
            && reason.ends_with(&format!("but rootfs.diff_ids[{last}] is {bogus}")),
        "{reason}"
    );
    app.screenshot("images-corrupt");
    // The offered removal takes the image and its blobs away.
    let remove = b.wait_css("tr.corrupt button.danger").unwrap();
    remove.click().unwrap();
    b.wait_for("the corrupt image to go", |b| {
        Ok(image_rows(b).is_empty().then_some(()))
    })
    .unwrap();
    b.wait_for("its blobs to go", |b| {
        Ok(idb_keys(b, "blobs").is_empty().then_some(()))
    })
    .unwrap();
    assert!(idb_keys(b, "chunks").is_empty());
}

#[test]
fn docker_hub_pulls_go_to_the_mirror_first() {
    use berth_testbed::{ImageBuilder, ManifestFormat, free_port};
    // A mirror holding a Docker Hub name (as a pull-through cache would).
    let mirror = Registry::start().unwrap();
    let images = ImageBuilder::new().unwrap();
    images.new_image("h").unwrap();
    images
        .add_layer("h", &[("hello.txt", b"from the mirror\n")])
        .unwrap();
    images
        .push(
            "h",
            &format!("{}/library/hello:1.0", mirror.host()),
            ManifestFormat::Oci,
        )
        .unwrap();
    let dead = format!("http://127.0.0.1:{}", free_port().unwrap());
    let app = App::start();
    let b = &app.browser;
    b.goto(&app.url("/registries")).unwrap();
    let input = b.testid("hub-mirrors").unwrap();
    input
        .send_keys(&format!("{dead} {}", mirror.host()))
        .unwrap();
    b.testid("hub-mirrors-save").unwrap().click().unwrap();
    let status = b.testid("hub-mirrors-status").unwrap().text().unwrap();
    assert_eq!(
        status,
        format!(
            "Docker Hub pulls try {dead}, {} first, then Docker Hub.",
            mirror.url()
        )
    );
    // Kept across a reload.
    b.goto(&app.url("/registries")).unwrap();
    let kept = b.testid("hub-mirrors").unwrap().prop("value").unwrap();
    assert_eq!(
        kept.as_str(),
        Some(format!("{dead} {}", mirror.url()).as_str())
    );

    b.goto(&app.url("/images")).unwrap();
    let (state, text) = pull(b, "hello:1.0", "linux/amd64", false);
    assert_eq!(state, "done", "{text}");
    assert!(
        text.starts_with("1.0: Pulling from library/hello\nmirror "),
        "{text}"
    );
    assert!(text.contains(&format!("mirror {dead} failed")), "{text}");
    assert!(
        text.contains("Status: Downloaded newer image for hello:1.0\ndocker.io/library/hello:1.0"),
        "{text}"
    );
    let row = verified_row(b, "hello", "1.0");
    let want = expected(&mirror.url(), "library/hello", "1.0");
    assert_eq!(row["image-id"], want.image_id);

    // A bad mirror address is refused with a reason.
    b.goto(&app.url("/registries")).unwrap();
    let input = b.testid("hub-mirrors").unwrap();
    input.clear().unwrap();
    input.send_keys("ftp://nope").unwrap();
    b.testid("hub-mirrors-save").unwrap().click().unwrap();
    let status = b.testid("hub-mirrors-status").unwrap().text().unwrap();
    assert_eq!(
        status,
        "invalid registry address \"ftp://nope\": the scheme must be http or https"
    );
}
