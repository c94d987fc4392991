use berth_registry::{Endpoint, catalog_scope};
use berth_search::{
    CatalogGroup, CatalogPager, SearchOptions, SearchRequest, SearchResult, catalog_search,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::error::Error;
use crate::fetch::response_bytes;
use crate::idb::Database;
use crate::{registry_list, session};

/// The dev server's same-origin proxy for Docker Hub's v1 search (see Trunk.toml).
const HUB_SEARCH_PROXY: &str = "/proxy/index.docker.io";
const HUB: &str = "docker.io";

/// What a search found.
#[derive(Clone)]
enum Found {
    /// `docker search` rows (and the text with `--format`).
    Rows {
        rows: Vec<SearchResult>,
        text: String,
        formatted: bool,
        warnings: Vec<String>,
    },
    /// A registry without a search API: its catalog, matched and grouped by namespace.
    Catalog {
        registry: String,
        groups: Vec<CatalogGroup>,
    },
}

/// `docker search [OPTIONS] TERM`, options in the URL: `/search?q=nginx&limit=5&filter=stars%3D3`.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let get = move |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let term = RwSignal::new(get("q"));
    let registry = RwSignal::new({
        let r = get("registry");
        if r.is_empty() { HUB.to_owned() } else { r }
    });
    let limit = RwSignal::new(get("limit"));
    let filter = RwSignal::new(get("filter"));
    let no_trunc = RwSignal::new(get("no-trunc") == "1");
    let format = RwSignal::new(get("format"));
    let status = RwSignal::new(("idle", String::new()));
    let found = RwSignal::new(None::<Found>);
    let registries = LocalResource::new(|| async {
        let db = Database::shared().await.ok()?;
        registry_list::load(&db).await.ok()
    });

    let run = move || {
        let (t, reg) = (term.get_untracked(), registry.get_untracked());
        let options = SearchOptions {
            term: if reg == HUB
                || t.contains('/') && t.split('/').next().is_some_and(|h| h.contains(['.', ':']))
            {
                t.clone()
            } else {
                format!(
                    "{}/{}",
                    reg.trim_start_matches("http://")
                        .trim_start_matches("https://"),
                    t
                )
            },
            limit: limit.get_untracked().trim().parse().ok(),
            filters: filter.get_untracked(),
            no_trunc: no_trunc.get_untracked(),
            format: Some(format.get_untracked()).filter(|f| !f.trim().is_empty()),
        };
        status.set(("running", String::new()));
        found.set(None);
        spawn_local(async move {
            match search(&options, &reg).await {
                Ok(f) => {
                    let warnings = match &f {
                        Found::Rows { warnings, .. } => warnings.join("\n"),
                        Found::Catalog { .. } => String::new(),
                    };
                    found.set(Some(f));
                    status.set(("done", warnings));
                }
                Err(e) => status.set(("error", e)),
            }
        });
    };
    // A deep link with a term runs the search at once.
    if !term.get_untracked().is_empty() {
        run();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = vec![format!(
            "q={}",
            String::from(js_sys::encode_uri_component(&term.get_untracked()))
        )];
        for (k, v) in [
            ("registry", registry.get_untracked()),
            ("limit", limit.get_untracked()),
            ("filter", filter.get_untracked()),
            ("format", format.get_untracked()),
        ] {
            if !(v.is_empty() || k == "registry" && v == HUB) {
                parts.push(format!(
                    "{k}={}",
                    String::from(js_sys::encode_uri_component(&v))
                ));
            }
        }
        if no_trunc.get_untracked() {
            parts.push("no-trunc=1".into());
        }
        navigate(
            &format!("/search?{}", parts.join("&")),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
        run();
    };

    view! {
        <section class="page">
            <h1>"Search"</h1>
            <p class="lead"><code>"docker search [OPTIONS] TERM"</code> " on Docker Hub (through the dev server's proxy) or a registry: its search API, else its catalog."</p>
            <form class="panel" on:submit=submit>
                <div class="form-row">
                    <label class="grow"><span>"TERM"</span>
                        <input type="search" data-testid="search-term" placeholder="nginx" spellcheck="false" bind:value=term /></label>
                    <label><span>"Registry"</span>
                        <select data-testid="search-registry" on:change:target=move |ev| registry.set(ev.target().value())>
                            <option value=HUB selected=move || registry.get() == HUB>"Docker Hub"</option>
                            <Suspense>
                                {move || Suspend::new(async move {
                                    registries.await.unwrap_or_default().into_iter().map(|r| {
                                        let url = r.url.clone();
                                        let u2 = r.url.clone();
                                        view! { <option value=url selected=move || registry.get() == u2>{r.url}</option> }
                                    }).collect::<Vec<_>>()
                                })}
                            </Suspense>
                        </select></label>
                    <label><span>"--limit"</span>
                        <input type="number" data-testid="search-limit" placeholder="25" bind:value=limit style="width: 6rem; min-width: 0" /></label>
                    <button type="submit" class="primary" data-testid="search-submit">"Search"</button>
                </div>
                <div class="form-row">
                    <label class="grow"><span>"--filter"</span>
                        <input type="text" data-testid="search-filter" placeholder="stars=3 is-official=true" spellcheck="false" bind:value=filter /></label>
                    <label class="grow"><span>"--format"</span>
                        <input type="text" data-testid="search-format" placeholder="table {{.Name}}\t{{.StarCount}}" spellcheck="false" bind:value=format /></label>
                    <label class="check"><input type="checkbox" data-testid="search-no-trunc" bind:checked=no_trunc /><span class="mono">"--no-trunc"</span></label>
                </div>
            </form>
            <pre class="pull-status" data-testid="search-status" data-state=move || status.read().0 class:hidden=move || status.read().1.is_empty()>
                {move || status.read().1.clone()}
            </pre>
            {move || found.get().map(|f| match f {
                Found::Rows { formatted: true, text, .. } => view! {
                    <pre class="mono json" data-testid="search-formatted">{text}</pre>
                }.into_any(),
                Found::Rows { rows, .. } if rows.is_empty() => view! { <p class="empty" data-testid="search-empty">"No results."</p> }.into_any(),
                Found::Rows { rows, .. } => {
                    let trunc = !no_trunc.get_untracked();
                    view! {
                        <table class="data" data-testid="search-table">
                            <thead><tr><th>"NAME"</th><th>"DESCRIPTION"</th><th class="num">"STARS"</th><th>"OFFICIAL"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr data-testid="search-row" data-name=r.name.clone() data-stars=r.star_count data-official=r.is_official.to_string()>
                                        <td class="mono">{r.name.clone()}</td>
                                        <td>{berth_search::search_description(&r.description, trunc)}</td>
                                        <td class="num">{r.star_count}</td>
                                        <td>{if r.is_official { "[OK]" } else { "" }}</td>
                                    </tr>
                                }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    }.into_any()
                }
                Found::Catalog { registry, groups } if groups.is_empty() => view! {
                    <p class="empty" data-testid="search-empty">{format!("No repository of {registry} matches.")}</p>
                }.into_any(),
                Found::Catalog { registry, groups } => view! {
                    <p class="muted">{format!("{registry} has no search API: these are its catalog's matches, by namespace.")}</p>
                    {groups.into_iter().map(|g| {
                        let reg = registry.clone();
                        view! {
                            <h2 class="mono">{g.label().to_owned()}</h2>
                            <ul class="repo-list">
                                {g.repositories.iter().map(|repo| view! {
                                    <li data-testid="search-row" data-name=repo.clone() data-stars="" data-official="false">
                                        <a class="mono" href=format!("/browse?registry={}&repo={}", String::from(js_sys::encode_uri_component(&reg)), String::from(js_sys::encode_uri_component(repo)))>{repo.clone()}</a>
                                    </li>
                                }).collect::<Vec<_>>()}
                            </ul>
                        }
                    }).collect::<Vec<_>>()}
                }.into_any(),
            })}
        </section>
    }
}

async fn search(options: &SearchOptions, registry: &str) -> Result<Found, String> {
    let request = SearchRequest::new(options).map_err(|e| e.to_string())?;
    let warnings: Vec<String> = request.warnings().iter().map(|w| w.to_string()).collect();
    let render = |rows: Vec<SearchResult>| -> Result<Found, String> {
        let formatted = options.format.is_some();
        let text = if formatted {
            request.render(&rows).map_err(|e| e.to_string())?
        } else {
            String::new()
        };
        Ok(Found::Rows {
            rows,
            text,
            formatted,
            warnings: warnings.clone(),
        })
    };
    let Some(path) = request.path() else {
        return render(Vec::new());
    };
    let (endpoint, url) = if request.is_docker_hub() {
        (None, format!("{HUB_SEARCH_PROXY}{path}"))
    } else {
        let e = Endpoint::parse(registry)
            .or_else(|_| Endpoint::parse(request.index_name()))
            .map_err(|e| e.to_string())?;
        let url = e.url(&path);
        (Some(e), url)
    };
    let options_fetch = crate::fetch::FetchOptions::default();
    let answer = match crate::fetch::fetch(&url, &options_fetch).await {
        Ok(response) => {
            let status = response.status();
            Ok((
                status,
                response_bytes(&response).await.map_err(|e| e.to_string())?,
            ))
        }
        Err(e) => Err(e.to_string()),
    };
    match (answer, endpoint) {
        // No search API (CNCF distribution answers 404, without CORS headers on routes it
        // does not know): search the catalog instead.
        (Ok((404, _)) | Err(_), Some(endpoint)) => catalog(&endpoint, request.remote_name())
            .await
            .map_err(|e| e.to_string()),
        (Ok((status, body)), _) => render(
            request
                .results(status, &body)
                .map_err(|e| format!("Error response from daemon: {e}"))?,
        ),
        (Err(e), None) => Err(e),
    }
}

async fn catalog(endpoint: &Endpoint, term: &str) -> Result<Found, Error> {
    let client = session::client(endpoint);
    let mut pager = CatalogPager::new(endpoint, Some(1000));
    while let Some(url) = pager.next_url().map(str::to_owned) {
        let (status, body, link) =
            match client.send("GET", &url, None, &catalog_scope(), None).await {
                Ok(r) => {
                    let link = r.headers().get("link").ok().flatten();
                    (r.status(), response_bytes(&r).await?, link)
                }
                Err(Error::Registry(berth_registry::Error::Registry(e))) if e.status == 400 => {
                    (400, e.body.clone().unwrap_or_default().into_bytes(), None)
                }
                Err(e) => return Err(e),
            };
        pager
            .observe(status, &body, link.as_deref())
            .map_err(|e| Error::Pull(e.to_string()))?;
    }
    let groups =
        catalog_search(pager.repositories(), term).map_err(|e| Error::Pull(e.to_string()))?;
    Ok(Found::Catalog {
        registry: endpoint.to_string(),
        groups,
    })
}
