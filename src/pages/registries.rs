use berth_registry::{Credentials, Endpoint, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::idb::Database;
use crate::probe::probe;
use crate::registry_list::{self, RegistryRecord};
use crate::session;

/// One registry on the page: its address, its name and the probe's latest verdict.
#[derive(Clone)]
struct Row {
    url: String,
    name: ArcRwSignal<String>,
    verdict: ArcRwSignal<Verdict>,
}

/// `/registries`: add registries (kept in IndexedDB) and probe each with `GET /v2/`.
///
/// `?registry=URL` adds (or selects) a registry: a deep link.
#[component]
pub fn RegistriesPage() -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<String>);
    let url = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let query = use_query_map();

    let run_probe = move |row: Row| {
        row.verdict.set(Verdict::checking());
        spawn_local(async move {
            match Endpoint::parse(&row.url) {
                Ok(endpoint) => {
                    let creds = session::credentials(&endpoint);
                    row.verdict.set(probe(endpoint, creds).await)
                }
                Err(e) => row.verdict.set(Verdict {
                    summary: e.to_string(),
                    ..Verdict::checking()
                }),
            }
        });
    };

    let add = move |input: String, label: String, creds: Option<Credentials>, remember: bool| {
        let endpoint = match Endpoint::parse(&input) {
            Ok(e) => e,
            Err(e) => {
                error.set(Some(e.to_string()));
                return;
            }
        };
        error.set(None);
        let key = endpoint.to_string();
        // Credentials stay in this tab's memory unless "remember" is ticked; pulls use them.
        let remembered = creds
            .as_ref()
            .filter(|_| remember)
            .map(|c| (c.username.clone(), c.password.clone()));
        session::set_credentials(&endpoint, creds);
        let existing = rows.with_untracked(|r| r.iter().find(|r| r.url == key).cloned());
        // Adding it again without a name keeps the name it had.
        let label = match (label.trim(), &existing) {
            ("", Some(row)) => row.name.get_untracked(),
            (l, _) => l.to_owned(),
        };
        spawn_local(async move {
            let record = RegistryRecord {
                url: key.clone(),
                name: label.clone(),
                added: js_sys::Date::now(),
                remembered,
            };
            let saved = match Database::shared().await {
                Ok(db) => registry_list::save(&db, &record).await,
                Err(e) => Err(e),
            };
            if let Err(e) = saved {
                error.set(Some(format!("could not save {key}: {e}")));
                return;
            }
            if let Some(row) = existing {
                row.name.set(label);
                run_probe(row);
                return;
            }
            let row = Row {
                url: key,
                name: ArcRwSignal::new(label),
                verdict: ArcRwSignal::new(Verdict::checking()),
            };
            rows.update(|r| r.push(row.clone()));
            run_probe(row);
        });
    };

    let remove = move |key: String| {
        spawn_local(async move {
            let removed = match Database::shared().await {
                Ok(db) => registry_list::remove(&db, &key).await,
                Err(e) => Err(e),
            };
            match removed {
                Ok(()) => rows.update(|r| r.retain(|row| row.url != key)),
                Err(e) => error.set(Some(format!("could not remove {key}: {e}"))),
            }
        });
    };

    // Load the saved registries, probe them, then honour `?registry=`.
    spawn_local(async move {
        session::load_remembered().await;
        let loaded = match Database::shared().await {
            Ok(db) => {
                // Docker Hub is there from the start (through the dev server's proxy); once
                // removed it stays removed.
                let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
                let seeded = storage
                    .as_ref()
                    .and_then(|s| s.get_item("berth-hub-listed").ok().flatten())
                    .is_some();
                if !seeded {
                    let hub = RegistryRecord {
                        url: session::HUB_PROXY.into(),
                        name: "Docker Hub".into(),
                        added: 0.0,
                        remembered: None,
                    };
                    let _ = registry_list::save(&db, &hub).await;
                    if let Some(s) = &storage {
                        let _ = s.set_item("berth-hub-listed", "1");
                    }
                }
                registry_list::load(&db).await
            }
            Err(e) => Err(e),
        };
        match loaded {
            Ok(records) => {
                let loaded: Vec<Row> = records
                    .into_iter()
                    .map(|r| Row {
                        url: r.url,
                        name: ArcRwSignal::new(r.name),
                        verdict: ArcRwSignal::new(Verdict::checking()),
                    })
                    .collect();
                rows.set(loaded.clone());
                for row in loaded {
                    run_probe(row);
                }
            }
            Err(e) => error.set(Some(format!("could not read saved registries: {e}"))),
        }
        if let Some(linked) = query.with_untracked(|q| q.get("registry")) {
            add(linked, String::new(), None, false);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (u, p) = (user.get_untracked(), password.get_untracked());
        let creds = (!u.is_empty() || !p.is_empty()).then_some(Credentials {
            username: u,
            password: p,
        });
        add(
            url.get_untracked(),
            name.get_untracked(),
            creds,
            remember.get_untracked(),
        );
    };

    view! {
        <section class="page">
            <h1>"Registries"</h1>
            <p class="lead">
                "Registries this browser talks to. Each is probed with " <code>"GET /v2/"</code>
                " from this page, so what you see is what a pull would meet: CORS, auth, or nothing listening."
            </p>
            <form class="panel form-row" on:submit=on_submit>
                <label class="grow">
                    "Registry address"
                    <input
                        type="text"
                        placeholder="127.0.0.1:5000, https://registry.example.com, https://proxy.example/prefix or /proxy/path"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="registry-url"
                        bind:value=url
                    />
                </label>
                <label>
                    <span>"Name " <span class="optional">"(optional)"</span></span>
                    <input type="text" autocomplete="off" data-testid="registry-name" bind:value=name />
                </label>
                <label>
                    <span>"User " <span class="optional">"(optional)"</span></span>
                    <input type="text" autocomplete="username" data-testid="registry-user" bind:value=user />
                </label>
                <label>
                    <span>"Password or token " <span class="optional">"(optional)"</span></span>
                    <input
                        type="password"
                        autocomplete="current-password"
                        data-testid="registry-password"
                        bind:value=password
                    />
                </label>
                <label class="check" title="Stored unencrypted in this browser's IndexedDB">
                    <input type="checkbox" data-testid="registry-remember" bind:checked=remember />
                    <span>"remember"</span>
                </label>
                <button type="submit" class="primary" data-testid="registry-add">"Add & probe"</button>
            </form>
            <HubMirrors />
            <Show when=move || error.get().is_some()>
                <p class="error-text" role="alert" data-testid="registry-error">{move || error.get()}</p>
            </Show>
            <Show
                when=move || !rows.read().is_empty()
                fallback=|| view! { <p class="empty">"No registries yet. Add one above: try the local one that " <code>"make serve"</code> " started."</p> }
            >
                <ul class="registry-list">
                    <For each=move || rows.get() key=|row| row.url.clone() let:row>
                        <RegistryRow
                            row
                            on_probe=Callback::new(run_probe)
                            on_remove=Callback::new(remove)
                        />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn RegistryRow(row: Row, on_probe: Callback<Row>, on_remove: Callback<String>) -> impl IntoView {
    let v = row.verdict.clone();
    let status = Memo::new(move |_| v.read().status);
    let v = row.verdict.clone();
    let summary = Memo::new(move |_| v.read().summary.clone());
    let v = row.verdict.clone();
    let fix = Memo::new(move |_| v.read().fix.clone());
    let url = row.url.clone();
    let (name, shown_name) = (row.name.clone(), row.name.clone());
    let remove_url = row.url.clone();
    let probe_row = row.clone();
    view! {
        <li
            class="panel registry-row"
            data-testid="registry-row"
            data-url=url.clone()
            data-name=move || name.get()
            data-status=move || status.get().as_str()
        >
            <div class="registry-head">
                <strong class="registry-name" data-testid="registry-name-shown">{move || shown_name.get()}</strong>
                <code class="mono registry-url">{url.clone()}</code>
                <a class="button small" href=format!("/browse?registry={}", String::from(js_sys::encode_uri_component(&url))) data-testid="registry-browse">"Browse"</a>
                <span class=move || format!("badge status-{}", status.get().as_str())>
                    {move || status.get().label()}
                </span>
                <span class="spacer"></span>
                <button type="button" on:click=move |_| on_probe.run(probe_row.clone())>"Probe again"</button>
                <button type="button" class="danger" on:click=move |_| on_remove.run(remove_url.clone())>
                    "Remove"
                </button>
            </div>
            <p class="registry-summary" data-testid="registry-summary">{summary}</p>
            <pre class="registry-fix" data-testid="registry-fix" class:hidden=move || fix.read().is_empty()>{fix}</pre>
        </li>
    }
}

/// Docker's `registry-mirrors` (the seed's 镜像加速): Docker Hub pulls try these first.
#[component]
fn HubMirrors() -> impl IntoView {
    let text = RwSignal::new(
        session::mirrors()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match session::set_mirrors(&text.get_untracked()) {
            Ok(mirrors) if mirrors.is_empty() => message.set(Some((
                true,
                "No mirror: Docker Hub pulls go to Docker Hub.".into(),
            ))),
            Ok(mirrors) => {
                let list: Vec<String> = mirrors.iter().map(ToString::to_string).collect();
                message.set(Some((
                    true,
                    format!(
                        "Docker Hub pulls try {} first, then Docker Hub.",
                        list.join(", ")
                    ),
                )))
            }
            Err(e) => message.set(Some((false, e.to_string()))),
        }
    };
    view! {
        <form class="panel form-row" on:submit=save>
            <label class="grow">
                <span>"Docker Hub mirrors " <span class="optional">"(registry-mirrors, space-separated)"</span></span>
                <input
                    type="text"
                    placeholder="https://mirror.example.com"
                    spellcheck="false"
                    data-testid="hub-mirrors"
                    bind:value=text
                />
            </label>
            <button type="submit" data-testid="hub-mirrors-save">"Save"</button>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "muted" } else { "error-text" } data-testid="hub-mirrors-status">{m}</p>
            })}
        </form>
    }
}
