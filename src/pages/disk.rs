use std::sync::Arc;

use berth_store::{DiskUsage, format_df_size, format_reclaimable};
use berth_units::human_size;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen_futures::JsFuture;

use crate::components::{QuotaBar, SharedBars};
use crate::error::Error;
use crate::image_store::{self, StoreVersion};

/// The browser's storage estimate for this origin.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quota {
    /// `usage` bytes.
    pub usage: f64,
    /// `quota` bytes.
    pub quota: f64,
    /// `navigator.storage.persisted()`.
    pub persisted: bool,
}

async fn estimate() -> Option<Quota> {
    let storage = web_sys::window()?.navigator().storage();
    let e = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let get = |k: &str| {
        js_sys::Reflect::get(&e, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let persisted = match storage.persisted() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    Some(Quota {
        usage: get("usage"),
        quota: get("quota"),
        persisted,
    })
}

struct Usage {
    df: Arc<DiskUsage>,
    uploads: usize,
    upload_bytes: u64,
}

/// `/disk`: `docker system df [-v]` of this browser's store, its partial downloads, and the
/// browser's quota.
#[component]
pub fn DiskPage() -> impl IntoView {
    let version = StoreVersion::get();
    let query = use_query_map();
    let verbose = Memo::new(move |_| query.read().get("v").is_some_and(|v| v == "1"));
    let navigate = use_navigate();
    let toggle_verbose = move |_| {
        let path = if verbose.get_untracked() {
            "/disk"
        } else {
            "/disk?v=1"
        };
        navigate(
            path,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let usage = LocalResource::new(move || {
        let v = version.0.get();
        async move {
            let snapshot = image_store::snapshot(v).await?;
            let uploads = image_store::open().await?.uploads().await?;
            Ok::<_, Error>(Arc::new(Usage {
                df: snapshot.disk_usage(),
                uploads: uploads.len(),
                upload_bytes: uploads.iter().map(|(_, w, _)| *w).sum(),
            }))
        }
    });
    let recheck = RwSignal::new(0u32);
    let quota = LocalResource::new(move || {
        version.0.get();
        recheck.get();
        estimate()
    });
    // Browsers free deleted IndexedDB files lazily (Chromium tens of seconds after an rmi):
    // ask again every 5 s and show the new figure when it changed.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            spawn_local(async move {
                let shown = quota.get_untracked().flatten().map(|q| q.usage);
                let now = estimate().await.map(|q| q.usage);
                if now.is_some() && now != shown {
                    recheck.update(|n| *n += 1);
                }
            });
        },
        std::time::Duration::from_secs(5),
    ) {
        on_cleanup(move || handle.clear());
    }
    let cleanup = move |_| {
        spawn_local(async move {
            if let Ok(store) = image_store::open().await {
                let _ = store.cleanup(js_sys::Date::now()).await;
                version.bump();
            }
        });
    };
    let persist = move |_| {
        spawn_local(async move {
            if let Some(w) = web_sys::window() {
                if let Ok(p) = w.navigator().storage().persist() {
                    let _ = JsFuture::from(p).await;
                }
            }
            version.bump();
        });
    };
    view! {
        <section class="page">
            <h1>"Disk usage"</h1>
            <p class="lead">
                <code>"docker system df"</code> " for this browser's image store: layers shared by several images are counted once."
            </p>
            <label class="check standalone">
                <input type="checkbox" data-testid="df-verbose" prop:checked=verbose on:change=toggle_verbose />
                <span class="mono">"-v"</span>
            </label>
            <Suspense fallback=|| view! { <p class="muted">"Reading the image store…"</p> }>
                {move || Suspend::new(async move {
                    let usage = match usage.await {
                        Ok(u) => u,
                        Err(e) => return view! {
                            <p class="error-text" role="alert" data-testid="df-error">{e.to_string()}</p>
                        }.into_any(),
                    };
                    let df = &usage.df;
                    let complete_note = (!df.complete).then(|| view! {
                        <p class="muted">"Some layers are still being verified: their compressed size stands in until then."</p>
                    });
                    view! {
                        <table class="data" data-testid="df-table">
                            <thead><tr><th>"TYPE"</th><th class="num">"TOTAL"</th><th class="num">"ACTIVE"</th><th class="num">"SIZE"</th><th class="num">"RECLAIMABLE"</th><th></th></tr></thead>
                            <tbody>
                                <tr data-testid="df-row" data-type="images" data-total=df.total_count data-active=df.active_count data-size=df.total_size data-reclaimable=df.reclaimable>
                                    <td>"Images"</td>
                                    <td class="num">{df.total_count}</td>
                                    <td class="num">{df.active_count}</td>
                                    <td class="num">{format_df_size(df.total_size)}</td>
                                    <td class="num">{df.reclaimable_text()}</td>
                                    <td></td>
                                </tr>
                                <tr data-testid="df-row" data-type="partial-downloads" data-total=usage.uploads data-active="0" data-size=usage.upload_bytes data-reclaimable=usage.upload_bytes>
                                    <td>"Partial downloads"</td>
                                    <td class="num">{usage.uploads}</td>
                                    <td class="num">"0"</td>
                                    <td class="num">{format_df_size(usage.upload_bytes)}</td>
                                    <td class="num">{format_reclaimable(usage.upload_bytes, usage.upload_bytes.max(1))}</td>
                                    <td><button type="button" class="small" on:click=cleanup data-testid="df-cleanup">"Clean up"</button></td>
                                </tr>
                            </tbody>
                        </table>
                        <p class="muted">"A browser has no containers, local volumes or build cache: ACTIVE is always 0 and those rows are left out."</p>
                        {complete_note}
                        <SharedBars df=usage.df.clone() />
                        {let df = usage.df.clone();
                        move || verbose.get().then(|| view! { <VerboseTables df=df.clone() /> })}
                    }.into_any()
                })}
            </Suspense>
            <h2>"Browser storage"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Asking the browser…"</p> }>
                {move || Suspend::new(async move {
                    match quota.await {
                        None => view! { <p class="muted" data-testid="storage-quota" data-usage="" data-quota="">"This browser does not report its storage quota."</p> }.into_any(),
                        Some(q) => view! {
                            <div class="panel" data-testid="storage-quota" data-usage=q.usage data-quota=q.quota data-persisted=q.persisted.to_string()>
                                <QuotaBar usage=q.usage quota=q.quota />
                                <p>
                                    {format!("This origin uses {} of {} available to it ({:.1}%). ", human_size(q.usage as u64), human_size(q.quota as u64), if q.quota > 0.0 { q.usage * 100.0 / q.quota } else { 0.0 })}
                                    {if q.persisted {
                                        view! { <span>"Storage is persistent: the browser will not evict it under pressure."</span> }.into_any()
                                    } else {
                                        view! {
                                            <span>"Storage is best-effort: the browser may evict it under pressure. "</span>
                                            <button type="button" class="small" on:click=persist data-testid="storage-persist">"Make persistent"</button>
                                        }.into_any()
                                    }}
                                </p>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn VerboseTables(df: Arc<DiskUsage>) -> impl IntoView {
    let names: std::collections::HashMap<String, String> = df
        .images
        .iter()
        .map(|i| {
            let name = if i.repository == "<none>" {
                i.image_id.encoded()[..12].to_owned()
            } else {
                format!("{}:{}", i.repository, i.tag)
            };
            (i.image_id.to_string(), name)
        })
        .collect();
    view! {
        <h2>"Images space usage"</h2>
        <table class="data">
            <thead><tr><th>"REPOSITORY"</th><th>"TAG"</th><th>"IMAGE ID"</th><th class="num">"SIZE"</th><th class="num">"SHARED SIZE"</th><th class="num">"UNIQUE SIZE"</th><th class="num">"CONTAINERS"</th></tr></thead>
            <tbody>
                {df.images.iter().map(|i| view! {
                    <tr data-testid="df-image-row" data-image-id=i.image_id.to_string() data-size=i.size data-shared-size=i.shared_size data-unique-size=i.unique_size>
                        <td>{i.repository.clone()}</td>
                        <td>{i.tag.clone()}</td>
                        <td class="mono">{i.image_id.encoded()[..12].to_owned()}</td>
                        <td class="num">{format_df_size(i.size)}</td>
                        <td class="num">{format_df_size(i.shared_size)}</td>
                        <td class="num">{format_df_size(i.unique_size)}</td>
                        <td class="num">{i.containers}</td>
                    </tr>
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
        <h2>"Layers"</h2>
        <table class="data">
            <thead><tr><th>"LAYER"</th><th class="num">"SIZE"</th><th class="num">"COMPRESSED"</th><th>"USED BY"</th></tr></thead>
            <tbody>
                {df.layers.iter().map(|l| {
                    let id = l.chain_id.as_ref().unwrap_or(&l.blob_digest).encoded()[..12].to_owned();
                    let users: Vec<String> = l.images.iter().map(|d| names.get(&d.to_string()).cloned().unwrap_or_else(|| d.encoded()[..12].to_owned())).collect();
                    view! {
                        <tr data-testid="df-layer-row" data-chain-id=l.chain_id.as_ref().map(ToString::to_string).unwrap_or_default() data-blob=l.blob_digest.to_string() data-size=l.size data-images=l.images.len() class:shared=l.shared()>
                            <td class="mono">{id}</td>
                            <td class="num">{format_df_size(l.size)}</td>
                            <td class="num">{format_df_size(l.compressed_size)}</td>
                            <td>{users.join(", ")}</td>
                        </tr>
                    }
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
    }
}
