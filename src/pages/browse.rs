use std::collections::HashMap;

use berth_oci::{Digest, ImageConfig, Manifest};
use berth_registry::{Endpoint, catalog_scope};
use berth_search::{CatalogPager, catalog_search, version_sort};
use berth_units::{human_size, time_ago};
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::components::CommandOutput;
use crate::error::Error;
use crate::fetch::response_bytes;
use crate::registry_client::RegistryClient;
use crate::session;

/// Tag details fetched at once; bounded so that a big repository does not flood the registry.
const PARALLEL: usize = 8;

/// `Accept` for one manifest family, each under the 128 bytes the CORS spec allows a
/// "simple" `Accept`: requests with it need no preflight. The full list
/// (`MANIFEST_ACCEPT`) is longer, so every request with it is preflighted.
const OCI_ACCEPT: &str =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
const DOCKER_ACCEPT: &str = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

/// The short `Accept` of the family a content type belongs to.
fn family(content_type: Option<&str>) -> Option<&'static str> {
    let t = content_type?;
    if OCI_ACCEPT.split(", ").any(|a| t.starts_with(a)) {
        Some(OCI_ACCEPT)
    } else if DOCKER_ACCEPT.split(", ").any(|a| t.starts_with(a)) {
        Some(DOCKER_ACCEPT)
    } else {
        None
    }
}

/// What the tag list shows for a tag once its manifest (and config) are in.
#[derive(Clone, Debug, PartialEq)]
struct TagDetails {
    digest: Digest,
    media_type: String,
    platforms: Vec<String>,
    size: Option<u64>,
    created: Option<String>,
}

/// A tag row's details: `None` while they are being fetched.
type Row = ArcRwSignal<Option<Result<TagDetails, String>>>;

/// A registry's repositories, a repository's tags, and remote tag management:
/// `/browse?registry=127.0.0.1:5000&repo=berth/hello`.
#[component]
pub fn BrowsePage() -> impl IntoView {
    let query = use_query_map();
    let registry = Memo::new(move |_| query.read().get("registry").unwrap_or_default());
    let repo = Memo::new(move |_| query.read().get("repo").unwrap_or_default());
    view! {
        <section class="page">
            {move || {
                let reg = registry.get();
                let endpoint = match Endpoint::parse(&reg) {
                    Ok(e) => e,
                    Err(e) => return view! {
                        <h1>"Browse a registry"</h1>
                        <p class="error-text" data-testid="browse-error">{if reg.is_empty() { "Choose a registry on the Registries page (Browse).".to_string() } else { e.to_string() }}</p>
                    }.into_any(),
                };
                let r = repo.get();
                if r.is_empty() {
                    view! { <Repositories endpoint /> }.into_any()
                } else {
                    view! { <Tags endpoint repo=r /> }.into_any()
                }
            }}
        </section>
    }
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

#[component]
fn Repositories(endpoint: Endpoint) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let e2 = endpoint.clone();
    let repos = LocalResource::new(move || {
        let endpoint = e2.clone();
        async move {
            let client = session::client(&endpoint);
            let mut pager = CatalogPager::new(&endpoint, Some(1000));
            while let Some(url) = pager.next_url().map(str::to_owned) {
                let r = client
                    .send("GET", &url, None, &catalog_scope(), None)
                    .await?;
                let link = r.headers().get("link").ok().flatten();
                let body = response_bytes(&r).await?;
                pager
                    .observe(r.status(), &body, link.as_deref())
                    .map_err(|e| Error::Pull(e.to_string()))?;
            }
            Ok::<_, Error>(pager.into_repositories())
        }
    });
    let name = endpoint.to_string();
    view! {
        <h1>"Repositories of " <code>{name.clone()}</code></h1>
        <div class="form-row">
            <label class="grow"><span>"Filter"</span>
                <input type="search" data-testid="repo-filter" placeholder="substring or wildcard (berth/*)" bind:value=filter /></label>
        </div>
        <Suspense fallback=|| view! { <p class="muted">"Reading the catalog…"</p> }>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    match repos.await {
                        Err(e) => view! { <p class="error-text" data-testid="browse-error">{format!("Error: {e}")}</p> }.into_any(),
                        Ok(list) => {
                            let name = name.clone();
                            view! {
                                {move || match catalog_search(&list, &filter.get()) {
                                    Err(e) => view! { <p class="error-text">{e.to_string()}</p> }.into_any(),
                                    Ok(groups) => groups.into_iter().map(|g| {
                                        let name = name.clone();
                                        view! {
                                            <h2 class="mono">{g.label().to_owned()}</h2>
                                            <ul class="repo-list">
                                                {g.repositories.iter().map(|r| view! {
                                                    <li data-testid="repo-row" data-repository=r.clone()>
                                                        <a class="mono" href=format!("/browse?registry={}&repo={}", enc(&name), enc(r))>{r.clone()}</a>
                                                    </li>
                                                }).collect::<Vec<_>>()}
                                            </ul>
                                        }
                                    }).collect::<Vec<_>>().into_any(),
                                }}
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

async fn details(
    client: &RegistryClient,
    repo: &str,
    tag: &str,
    configs: &std::cell::RefCell<HashMap<Digest, Option<String>>>,
    accept: &std::cell::Cell<Option<&'static str>>,
) -> Result<TagDetails, Error> {
    // The family the repository's tags have been in so far: a simple request. A tag of
    // another family (404, or distribution's schema 1 down-conversion) is asked again with
    // every type.
    let m = match accept.get() {
        Some(a) => match client.manifest_accepting(repo, tag, a, None).await {
            Ok(m) if family(m.content_type.as_deref()) == Some(a) => m,
            _ => client.manifest(repo, tag, None).await?,
        },
        None => client.manifest(repo, tag, None).await?,
    };
    if let Some(f) = family(m.content_type.as_deref()) {
        accept.set(Some(f));
    }
    let parsed = Manifest::from_slice(m.content_type.as_deref(), &m.bytes)?;
    let media_type = parsed
        .media_type()
        .map(|t| t.as_str().to_owned())
        .or(m.content_type.clone())
        .unwrap_or_default();
    Ok(match parsed {
        Manifest::Index(index) => TagDetails {
            digest: m.digest,
            media_type,
            platforms: index
                .manifests
                .iter()
                .filter_map(|d| d.platform.as_ref().map(ToString::to_string))
                .collect(),
            size: None,
            created: None,
        },
        Manifest::Image(image) => {
            let config = image.config.digest.clone();
            // One config fetch per distinct config, however many tags share it.
            let known = configs.borrow().get(&config).cloned();
            let created = match known {
                Some(c) => c,
                None => {
                    let r = client.blob(repo, &config, None).await?;
                    let bytes = response_bytes(&r).await?;
                    let c = ImageConfig::from_slice(&bytes).ok().and_then(|c| c.created);
                    configs.borrow_mut().insert(config, c.clone());
                    c
                }
            };
            TagDetails {
                digest: m.digest,
                media_type,
                platforms: Vec::new(),
                size: Some(image.config.size + image.layers.iter().map(|l| l.size).sum::<u64>()),
                created,
            }
        }
    })
}

#[component]
fn Tags(endpoint: Endpoint, repo: String) -> impl IntoView {
    // Held in the reactive arena: the view's closures capture this handle, not the client.
    let client = StoredValue::new_local(session::client(&endpoint));
    let tags = RwSignal::new(None::<Result<Vec<(String, Row)>, String>>);
    let done = RwSignal::new(0usize);
    let status = RwSignal::new(("idle", String::new()));
    let source = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    {
        let repo = repo.clone();
        Effect::new(move |_| {
            reload.get();
            let (client, repo) = (client.get_value(), repo.clone());
            spawn_local(async move {
                let list = match client.tags(&repo, None).await {
                    Ok(mut t) => {
                        version_sort(&mut t);
                        t
                    }
                    Err(e) => {
                        tags.set(Some(Err(e.to_string())));
                        return;
                    }
                };
                // One signal per row: a detail that lands re-renders its row, not the table.
                let rows: Vec<(String, Row)> = list
                    .into_iter()
                    .map(|t| (t, ArcRwSignal::new(None)))
                    .collect();
                done.set(0);
                tags.set(Some(Ok(rows.clone())));
                let configs = std::cell::RefCell::new(HashMap::new());
                let accept = std::cell::Cell::new(None);
                // Details land in batches: one reactive pass per batch, each row re-rendered
                // alone.
                let fill = |batch: &mut Vec<(&Row, Result<TagDetails, Error>)>| {
                    let n = batch.len();
                    for (row, d) in batch.drain(..) {
                        row.set(Some(d.map_err(|e| e.to_string())));
                    }
                    done.update(|done| *done += n);
                };
                let mut batch = Vec::new();
                // The first tag alone (it tells the family), then the rest in parallel.
                if let Some((first, row)) = rows.first() {
                    batch.push((row, details(&client, &repo, first, &configs, &accept).await));
                    fill(&mut batch);
                }
                let mut stream = futures::stream::iter(rows.iter().skip(1))
                    .map(|(t, row)| {
                        let (client, repo, configs, accept) = (&client, &repo, &configs, &accept);
                        async move { (row, details(client, repo, t, configs, accept).await) }
                    })
                    .buffer_unordered(PARALLEL);
                while let Some(item) = stream.next().await {
                    batch.push(item);
                    if batch.len() >= 25 {
                        fill(&mut batch);
                    }
                }
                fill(&mut batch);
            });
        });
    }
    let host = endpoint
        .to_string()
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .to_owned();
    let name = endpoint.to_string();
    let run = move |label: String,
                    op: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, Error>>>,
    >| {
        status.set(("running", label));
        spawn_local(async move {
            match op.await {
                Ok(msg) => status.set(("done", msg)),
                Err(e) => status.set((
                    "error",
                    format!("Error response from registry: {e}{}", hint(&e)),
                )),
            }
            reload.update(|r| *r += 1);
        });
    };
    let add_tag = {
        let repo = repo.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (client, repo, from, to) = (
                client.get_value(),
                repo.clone(),
                source.get_untracked(),
                target.get_untracked(),
            );
            run(
                format!("tagging {from} as {to}…"),
                Box::pin(async move {
                    let m = client.manifest(&repo, &from, None).await?;
                    let media = m
                        .content_type
                        .clone()
                        .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".into());
                    let d = client.put_manifest(&repo, &to, &media, &m.bytes).await?;
                    if d != m.digest {
                        return Err(Error::Pull(format!(
                            "the registry stored {d}, not {}",
                            m.digest
                        )));
                    }
                    Ok(format!("Tagged {repo}:{from} as {repo}:{to} ({d})"))
                }),
            );
        }
    };
    let delete_tag = {
        let repo = repo.clone();
        move |tag: String| {
            let (client, repo) = (client.get_value(), repo.clone());
            run(
                format!("deleting tag {tag}…"),
                Box::pin(async move {
                    // CNCF distribution deletes by digest only, and that takes every tag with it:
                    // point the tag at a unique throwaway manifest, then delete that one (as regctl).
                    let m = client.manifest(&repo, &tag, None).await?;
                    let media = m
                        .content_type
                        .clone()
                        .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".into());
                    let mut json: serde_json::Value =
                        serde_json::from_slice(&m.bytes).map_err(|e| Error::Pull(e.to_string()))?;
                    json["annotations"]["org.opencontainers.image.ref.name.berth-delete"] =
                        format!("{}{}", js_sys::Date::now(), js_sys::Math::random()).into();
                    let bytes =
                        serde_json::to_vec(&json).map_err(|e| Error::Pull(e.to_string()))?;
                    let throwaway = client.put_manifest(&repo, &tag, &media, &bytes).await?;
                    client.delete_manifest(&repo, &throwaway).await?;
                    Ok(format!("Deleted tag {repo}:{tag}"))
                }),
            );
        }
    };
    let delete_manifest = {
        let repo = repo.clone();
        move |digest: Digest| {
            // Every listed tag whose manifest is this one goes with it.
            let tags_going: Vec<String> = tags.with_untracked(|t| match t {
                Some(Ok(rows)) => rows
                    .iter()
                    .filter(|(_, row)| {
                        row.with_untracked(|d| matches!(d, Some(Ok(d)) if d.digest == digest))
                    })
                    .map(|(t, _)| t.clone())
                    .collect(),
                _ => Vec::new(),
            });
            let prompt = format!(
                "Delete manifest {digest}? These tags go with it: {}",
                tags_going.join(", ")
            );
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(&prompt).ok())
                .unwrap_or(false);
            if !ok {
                return;
            }
            let (client, repo) = (client.get_value(), repo.clone());
            run(
                format!("deleting {digest}…"),
                Box::pin(async move {
                    client.delete_manifest(&repo, &digest).await?;
                    Ok(format!(
                        "Deleted {repo}@{digest} (tags: {})",
                        tags_going.join(", ")
                    ))
                }),
            );
        }
    };
    let now = js_sys::Date::now();
    let repo_title = repo.clone();
    view! {
        <h1><a href=format!("/browse?registry={}", enc(&name))>{name.clone()}</a>" / " <code>{repo_title}</code></h1>
        <form class="panel form-row" on:submit=add_tag>
            <label><span>"Source tag"</span><input type="text" data-testid="remote-tag-source" bind:value=source /></label>
            <label class="grow"><span>"New tag"</span><input type="text" data-testid="remote-tag-target" bind:value=target /></label>
            <button type="submit" class="primary" data-testid="remote-tag-submit">"Add tag"</button>
        </form>
        <CommandOutput testid="browse-status" output=status />
        {move || match tags.get() {
            None => view! { <p class="muted">"Listing tags…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" data-testid="browse-error">{format!("Error: {e}")}</p> }.into_any(),
            Some(Ok(list)) => {
                let total = list.len();
                view! {
                    <p class="muted" data-testid="tags-progress" data-total=total data-done=move || done.get()>{move || format!("{total} tags; details for {}", done.get())}</p>
                    <table class="data" data-testid="tags-table">
                        <thead><tr><th>"TAG"</th><th>"DIGEST"</th><th>"TYPE"</th><th class="num">"SIZE"</th><th>"CREATED"</th><th></th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|(t, row)| {
                                let (del_tag, del_man, pick, t2) = (delete_tag.clone(), delete_manifest.clone(), t.clone(), t.clone());
                                let reference = format!("{host}/{}:{t}", repo);
                                let ok = {
                                    let row = row.clone();
                                    move |f: &dyn Fn(&TagDetails) -> String| row.read().as_ref().and_then(|d| d.as_ref().ok()).map(f).unwrap_or_default()
                                };
                                let (ok1, ok2, ok3) = (ok.clone(), ok.clone(), ok);
                                let (cells, button) = (row.clone(), row);
                                view! {
                                    <tr data-testid="tag-row" data-tag=t.clone()
                                        data-digest=move || ok1(&|d| d.digest.to_string())
                                        data-size=move || ok2(&|d| d.size.map(|s| s.to_string()).unwrap_or_default())
                                        data-created=move || ok3(&|d| d.created.clone().unwrap_or_default())>
                                        <td class="mono"><button type="button" class="link" title="use as the source tag" on:click=move |_| source.set(pick.clone())>{t.clone()}</button></td>
                                        {move || match cells.get() {
                                            None => view! { <td colspan="4" class="muted">"…"</td> }.into_any(),
                                            Some(Err(e)) => view! { <td colspan="4" class="error-text">{e}</td> }.into_any(),
                                            Some(Ok(d)) => view! {
                                                <td class="mono" title=d.digest.to_string()>{d.digest.encoded()[..12].to_owned()}</td>
                                                <td class="small-text">{if d.platforms.is_empty() { d.media_type.rsplit('.').nth(1).unwrap_or("").to_owned() } else { d.platforms.join(", ") }}</td>
                                                <td class="num">{d.size.map(human_size).unwrap_or_default()}</td>
                                                <td>{d.created.as_deref().and_then(berth_units::rfc3339_ms).map(|ms| time_ago(ms, now)).unwrap_or_default()}</td>
                                            }.into_any(),
                                        }}
                                        <td class="actions">
                                            <a class="button small" href=format!("/images?pull={}", enc(&reference)) data-testid="tag-pull">"pull"</a>
                                            <button type="button" class="small" title="copy the pull command" on:click={let r = reference.clone(); move |_| { if let Some(w) = web_sys::window() { let _ = w.navigator().clipboard().write_text(&format!("docker pull {r}")); } }}>"copy"</button>
                                            <button type="button" class="small danger" data-testid="remote-tag-delete" on:click=move |_| del_tag(t2.clone())>"delete tag"</button>
                                            {move || button.read().as_ref().and_then(|d| d.as_ref().ok()).map(|d| {
                                                let (dg, del_man) = (d.digest.clone(), del_man.clone());
                                                view! {
                                                    <button type="button" class="small danger" data-testid="remote-manifest-delete" on:click=move |_| del_man(dg.clone())>"delete manifest"</button>
                                                }
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect::<Vec<_>>()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}

/// A hint for the errors registries give when deletes are not enabled.
fn hint(e: &Error) -> &'static str {
    match e {
        Error::Registry(berth_registry::Error::Registry(r))
            if r.status == 405 || r.has_code("UNSUPPORTED") =>
        {
            " (this registry does not allow deletes: CNCF distribution needs storage.delete.enabled: true)"
        }
        _ => "",
    }
}
