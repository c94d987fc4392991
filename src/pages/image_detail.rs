use std::sync::Arc;

use berth_oci::ImageConfig;
use berth_store::{HistoryRow, ImageRecord, ImageState, created_by_text, format_id, image_history};
use berth_units::{human_size, time_ago};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::FileBrowser;
use crate::error::Error;
use crate::image_store::{self, StoreVersion};

/// One stored image, everything the detail page shows.
struct Detail {
    image: ImageRecord,
    config: ImageConfig,
    config_json: String,
    manifest_json: String,
    repo_tags: Vec<String>,
    repo_digests: Vec<String>,
    history: Result<Vec<HistoryRow>, String>,
    /// For each layer, the other stored images using the same blob (familiar names).
    shared_with: Vec<Vec<String>>,
}

fn pretty(bytes: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

async fn load(version: u64, arg: String) -> Result<Arc<Detail>, Error> {
    let store = image_store::open().await?;
    let image = store.lookup_image(&arg).await?;
    let snapshot = image_store::snapshot(version).await?;
    let config_bytes = store.read_blob(&image.id).await?;
    let manifest_bytes = store.read_blob(&image.manifest_digest).await?;
    let config = ImageConfig::from_slice(&config_bytes)?;
    let mut repo_tags = Vec::new();
    let mut repo_digests = Vec::new();
    for (key, r) in &snapshot.refs {
        if r.image_id != image.id {
            continue;
        }
        let Ok(reference) = berth_oci::Reference::parse(key) else {
            continue;
        };
        if reference.digest().is_some() {
            repo_digests.push(reference.familiar_string());
        } else {
            repo_tags.push(reference.familiar_string());
        }
    }
    let name_of = |img: &ImageRecord| {
        snapshot
            .refs
            .iter()
            .find(|(_, r)| r.image_id == img.id)
            .and_then(|(k, _)| berth_oci::Reference::parse(k).ok())
            .map(|r| r.familiar_string())
            .unwrap_or_else(|| format_id(&img.id, false))
    };
    let shared_with = image
        .layers
        .iter()
        .map(|l| {
            snapshot
                .images
                .iter()
                .filter(|o| o.id != image.id && o.layers.iter().any(|x| x.digest == l.digest))
                .map(name_of)
                .collect()
        })
        .collect();
    let history = image_history(&image, &config, &snapshot.images).map_err(|e| e.to_string());
    Ok(Arc::new(Detail {
        config_json: pretty(&config_bytes),
        manifest_json: pretty(&manifest_bytes),
        image,
        config,
        repo_tags,
        repo_digests,
        history,
        shared_with,
    }))
}

/// `/images/:id`: `docker inspect`-style summary, the config and manifest as stored,
/// `docker history`, the layers and their files. Works offline: everything is in the store.
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let version = StoreVersion::get();
    let params = use_params_map();
    let query = use_query_map();
    let no_trunc = Memo::new(move |_| query.read().get("no-trunc").is_some_and(|v| v == "1"));
    let detail = LocalResource::new(move || {
        let v = version.0.get();
        let arg = params.read().get("id").unwrap_or_default();
        load(v, arg)
    });
    view! {
        <section class="page">
            <Suspense fallback=|| view! { <p class="muted">"Reading the image store…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! {
                            <h1>"Image"</h1>
                            <p class="error-text" role="alert" data-testid="image-error">{format!("Error: {e}")}</p>
                        }.into_any(),
                        Ok(d) => view! { <DetailView detail=d no_trunc /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn join_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}

#[component]
fn DetailView(detail: Arc<Detail>, no_trunc: Memo<bool>) -> impl IntoView {
    let d = detail;
    let image = &d.image;
    let c = d.config.config.clone().unwrap_or_default();
    let now = js_sys::Date::now();
    let created = d
        .config
        .created
        .clone()
        .map(|t| match berth_units::rfc3339_ms(&t) {
            Some(ms) => format!("{t} ({})", time_ago(ms, now)),
            None => t,
        })
        .unwrap_or_else(|| "N/A".into());
    let platform = format!(
        "{}/{}{}",
        d.config.os,
        d.config.architecture,
        d.config
            .variant
            .as_ref()
            .map(|v| format!("/{v}"))
            .unwrap_or_default()
    );
    let size = image
        .size()
        .map(human_size)
        .unwrap_or_else(|| match &image.state {
            ImageState::Verifying => "verifying…".into(),
            _ => "unknown".into(),
        });
    let list = |v: &Option<Vec<String>>| {
        v.as_ref()
            .map(|v| format!("{v:?}"))
            .unwrap_or_else(|| "—".into())
    };
    let health = c
        .healthcheck
        .as_ref()
        .map(|h| {
            format!(
                "{:?} every {}s, {} retries",
                h.test,
                h.interval / 1_000_000_000,
                h.retries
            )
        })
        .unwrap_or_else(|| "—".into());
    let rows: Vec<(&'static str, String)> = vec![
        ("IMAGE ID", image.id.to_string()),
        ("RepoTags", join_or_dash(&d.repo_tags)),
        ("RepoDigests", join_or_dash(&d.repo_digests)),
        ("Created", created),
        (
            "Author",
            d.config.author.clone().unwrap_or_else(|| "—".into()),
        ),
        ("Platform", platform),
        ("Size", size),
        ("Content size", human_size(image.content_size())),
        ("Env", join_or_dash(&c.env)),
        ("Cmd", list(&c.cmd)),
        ("Entrypoint", list(&c.entrypoint)),
        (
            "WorkingDir",
            if c.working_dir.is_empty() {
                "—".into()
            } else {
                c.working_dir.clone()
            },
        ),
        (
            "User",
            if c.user.is_empty() {
                "—".into()
            } else {
                c.user.clone()
            },
        ),
        (
            "ExposedPorts",
            join_or_dash(&c.exposed_ports.iter().cloned().collect::<Vec<_>>()),
        ),
        (
            "Volumes",
            join_or_dash(&c.volumes.iter().cloned().collect::<Vec<_>>()),
        ),
        (
            "Labels",
            join_or_dash(
                &c.labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "StopSignal",
            if c.stop_signal.is_empty() {
                "—".into()
            } else {
                c.stop_signal.clone()
            },
        ),
        ("Healthcheck", health),
    ];
    let state = match &image.state {
        ImageState::Ready => None,
        ImageState::Verifying => {
            Some("Its layers are still being checked against the config's diff-ids.".to_string())
        }
        ImageState::Corrupt(r) => Some(format!("Corrupt: {r}")),
    };
    let title = d
        .repo_tags
        .first()
        .cloned()
        .unwrap_or_else(|| format_id(&image.id, false));
    let history = d.history.clone();
    let layers = image.layers.clone();
    let shared = d.shared_with.clone();
    let (config_json, manifest_json) = (d.config_json.clone(), d.manifest_json.clone());
    let image_id = image.id.clone();
    view! {
        <h1>{title}</h1>
        {state.map(|s| view! { <p class="error-text">{s}</p> })}
        <dl class="panel summary" data-testid="image-summary" data-image-id=image.id.to_string()>
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd class="mono">{v}</dd> }).collect::<Vec<_>>()}
        </dl>
        <h2>"History " <span class="muted mono">"docker history"</span></h2>
        {match history {
            Err(e) => view! { <p class="error-text">{e}</p> }.into_any(),
            Ok(rows) => view! {
                <table class="data" data-testid="history-table">
                    <thead><tr><th>"IMAGE"</th><th>"CREATED"</th><th>"CREATED BY"</th><th class="num">"SIZE"</th><th>"COMMENT"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let created = r.created.as_deref().and_then(berth_units::rfc3339_ms).map(|ms| time_ago(ms, now)).unwrap_or_else(|| "N/A".into());
                            let by = r.created_by.clone();
                            let by_title = by.clone();
                            let id = r.id.clone();
                            view! {
                                <tr data-testid="history-row" data-created-by=r.created_by.clone() data-size=r.size data-empty-layer=r.empty_layer.to_string()>
                                    <td class="mono">{move || id.as_ref().map(|i| format_id(i, no_trunc.get())).unwrap_or_else(|| "<missing>".into())}</td>
                                    <td>{created}</td>
                                    <td class="mono" title=by_title>{move || created_by_text(&by, no_trunc.get())}</td>
                                    <td class="num">{human_size(r.size)}</td>
                                    <td>{r.comment.clone()}</td>
                                </tr>
                            }
                        }).collect::<Vec<_>>()}
                    </tbody>
                </table>
                <p class="muted"><a href=move || if no_trunc.get() { "?".to_string() } else { "?no-trunc=1".to_string() }>
                    {move || if no_trunc.get() { "Truncate" } else { "--no-trunc" }}
                </a></p>
            }.into_any(),
        }}
        <h2>"Layers"</h2>
        <table class="data" data-testid="layers-table">
            <thead><tr><th>"DIGEST"</th><th>"DIFF ID"</th><th>"MEDIA TYPE"</th><th class="num">"COMPRESSED"</th><th class="num">"SIZE"</th><th>"SHARED WITH"</th></tr></thead>
            <tbody>
                {layers.iter().zip(shared).map(|(l, s)| view! {
                    <tr data-testid="layer-row" data-digest=l.digest.to_string() data-diff-id=l.diff_id.as_ref().map(ToString::to_string).unwrap_or_default() data-size=l.uncompressed_size.map(|s| s.to_string()).unwrap_or_default() data-content-size=l.size>
                        <td class="mono" title=l.digest.to_string()>{format_id(&l.digest, false)}</td>
                        <td class="mono" title=l.diff_id.as_ref().map(ToString::to_string).unwrap_or_default()>{l.diff_id.as_ref().map(|d| format_id(d, false)).unwrap_or_else(|| "…".into())}</td>
                        <td class="mono small-text">{l.media_type.clone()}</td>
                        <td class="num">{human_size(l.size)}</td>
                        <td class="num">{l.uncompressed_size.map(human_size).unwrap_or_else(|| "…".into())}</td>
                        <td>{join_or_dash(&s)}</td>
                    </tr>
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
        <FileBrowser image=image_id />
        <h2>"Config " <span class="muted mono">"as stored"</span></h2>
        <JsonBlock json=config_json testid="image-config-json" file=format!("{}.config.json", format_id(&d.image.id, false)) />
        <h2>"Manifest " <span class="muted mono">"as stored"</span></h2>
        <JsonBlock json=manifest_json testid="image-manifest-json" file=format!("{}.manifest.json", format_id(&d.image.manifest_digest, false)) />
    }
}

#[component]
fn JsonBlock(json: String, testid: &'static str, file: String) -> impl IntoView {
    let copy_text = json.clone();
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&json))
    );
    view! {
        <div class="json-block">
            <div class="json-actions">
                <button type="button" class="small" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&copy_text);
                    }
                }>"Copy"</button>
                <a class="button small" href=href download=file>"Download"</a>
            </div>
            <pre class="mono json" data-testid=testid>{json}</pre>
        </div>
    }
}
