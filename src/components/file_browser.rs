use std::collections::BTreeSet;
use std::sync::Arc;

use berth_layer::{Change, EntryKind, FileTree, TarEntry, display_name, efficiency};
use berth_oci::Digest;
use berth_units::human_size;
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::image_store;
use crate::layer_files::list_layer_anywhere;

/// Rows beyond this are rendered in a window that follows the scroll position.
const WINDOW_FROM: usize = 3000;
const ROW_HEIGHT: f64 = 26.0;

/// Every layer's listing, or why that layer could not be read.
struct Layers {
    listings: Vec<Vec<TarEntry>>,
    notes: Vec<Option<String>>,
}

fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::File => "file",
        EntryKind::Dir => "dir",
        EntryKind::Symlink => "symlink",
        EntryKind::Hardlink => "hardlink",
        _ => "other",
    }
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Modified => "modified",
        Change::Removed => "removed",
        Change::Unchanged => "unchanged",
    }
}

/// One row of the tree as shown.
#[derive(Clone, PartialEq)]
struct Row {
    path: String,
    name: String,
    depth: usize,
    kind: EntryKind,
    size: u64,
    change: Change,
    mode: String,
    owner: String,
    mtime: String,
    link: Option<String>,
    layer: Option<usize>,
}

fn rows_of(tree: &FileTree) -> Vec<Row> {
    tree.flat()
        .into_iter()
        .map(|f| {
            let node = tree.find(&f.path).map(|id| tree.node(id));
            let entry = node.and_then(|n| n.entry.as_ref());
            let name = f
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_owned();
            Row {
                name: display_name(&name),
                depth: f.depth,
                kind: f.kind,
                size: f.size,
                change: f.change,
                mode: entry.map(TarEntry::mode_string).unwrap_or_default(),
                owner: entry
                    .map(|e| format!("{}:{}", e.uid, e.gid))
                    .unwrap_or_default(),
                mtime: entry
                    .map(|e| {
                        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(e.mtime as f64 * 1000.0))
                            .to_iso_string()
                            .as_string()
                            .unwrap_or_default()
                            .replace(".000Z", "Z")
                    })
                    .unwrap_or_default(),
                link: entry.and_then(|e| e.link_target.as_deref().map(display_name)),
                layer: f.layer,
                path: f.path,
            }
        })
        .collect()
}

/// The files of an image, like dive: the merged filesystem (whiteouts applied) or one
/// layer's changes, with wasted space and efficiency. Layers are read from the store and
/// decompressed in the pull workers, so the page stays responsive.
#[component]
pub fn FileBrowser(image: Digest) -> impl IntoView {
    let viewing = RwSignal::new(None::<(String, usize)>);
    let image_for_view = image.clone();
    let loaded = RwSignal::new(None::<Result<Arc<Layers>, String>>);
    let loading = RwSignal::new(false);
    let selected = RwSignal::new("merged".to_string());
    let collapsed = RwSignal::new(BTreeSet::<String>::new());
    let scroll_top = RwSignal::new(0.0);
    let load = move |_| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let image = image.clone();
        spawn_local(async move {
            let result = async {
                let store = image_store::open().await.map_err(|e| e.to_string())?;
                let record = store
                    .image(&image)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("No such image: {image}"))?;
                let results: Vec<_> = futures::stream::iter(record.layers.iter())
                    .map(|l| list_layer_anywhere(&store, &l.digest, &l.media_type))
                    .buffered(3)
                    .collect()
                    .await;
                let mut layers = Layers {
                    listings: Vec::new(),
                    notes: Vec::new(),
                };
                for r in results {
                    match r {
                        Ok((entries, truncated)) => {
                            layers.listings.push(entries);
                            layers.notes.push(truncated);
                        }
                        Err(e) => {
                            layers.listings.push(Vec::new());
                            layers
                                .notes
                                .push(Some(format!("cannot read this layer: {e}")));
                        }
                    }
                }
                Ok::<_, String>(Arc::new(layers))
            }
            .await;
            loaded.set(Some(result));
            loading.set(false);
        });
    };
    let view_rows = Memo::new(move |_| {
        let Some(Ok(layers)) = loaded.get() else {
            return Arc::new(Vec::new());
        };
        let tree = match selected.get().parse::<usize>() {
            Ok(i) if i < layers.listings.len() => FileTree::layer_changes(&layers.listings, i),
            _ => FileTree::merged(&layers.listings),
        };
        Arc::new(rows_of(&tree))
    });
    let shown = Memo::new(move |_| {
        let rows = view_rows.get();
        let closed = collapsed.get();
        let visible: Vec<Row> = rows
            .iter()
            .filter(|r| {
                !closed
                    .iter()
                    .any(|c| r.path.starts_with(c.as_str()) && r.path != *c)
            })
            .cloned()
            .collect();
        Arc::new(visible)
    });
    view! {
        <h2>"Files " <span class="muted mono">"like dive"</span></h2>
        {move || match loaded.get() {
            None => view! {
                <p>
                    <button type="button" on:click=load.clone() data-testid="file-tree-load" disabled=move || loading.get()>
                        {move || if loading.get() { "Reading the layers…" } else { "Browse the files" }}
                    </button>
                    <span class="muted">" Decompresses every layer from the store (no network)."</span>
                </p>
            }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" data-testid="file-tree-error">{e}</p> }.into_any(),
            Some(Ok(layers)) => {
                let eff = efficiency(&layers.listings);
                let notes: Vec<(usize, String)> = layers.notes.iter().enumerate().filter_map(|(i, n)| n.clone().map(|n| (i, n))).collect();
                let count = layers.listings.len();
                view! {
                    <div class="panel efficiency" data-testid="efficiency" data-efficiency=eff.score data-wasted-bytes=eff.wasted_bytes>
                        <strong>{format!("Image efficiency {:.1}%", eff.score * 100.0)}</strong>
                        <span class="muted">{format!(" · potential wasted space {} of {}", human_size(eff.wasted_bytes), human_size(eff.total_bytes))}</span>
                        {(!eff.worst.is_empty()).then(|| view! {
                            <details>
                                <summary>"Largest wasted paths"</summary>
                                <table class="data compact">
                                    <thead><tr><th class="num">"COUNT"</th><th class="num">"SIZE"</th><th>"PATH"</th></tr></thead>
                                    <tbody>
                                        {eff.worst.iter().take(20).map(|w| view! {
                                            <tr data-testid="wasted-path" data-path=w.path.clone() data-bytes=w.bytes>
                                                <td class="num">{w.occurrences}</td><td class="num">{human_size(w.bytes)}</td><td class="mono">{display_name(&w.path)}</td>
                                            </tr>
                                        }).collect::<Vec<_>>()}
                                    </tbody>
                                </table>
                            </details>
                        })}
                    </div>
                    {notes.into_iter().map(|(i, n)| view! {
                        <p class="note" data-testid="file-tree-note" data-layer=i>{format!("Layer {}: {n}", i + 1)}</p>
                    }).collect::<Vec<_>>()}
                    <div class="form-row">
                        <label>
                            <span>"Layer"</span>
                            <select data-testid="file-tree-layer" on:change:target=move |ev| { collapsed.set(BTreeSet::new()); selected.set(ev.target().value()); }>
                                <option value="merged" selected=move || selected.get() == "merged">"merged (the image's filesystem)"</option>
                                {(0..count).map(|i| view! {
                                    <option value=i.to_string() selected=move || selected.get() == i.to_string()>{format!("layer {} (its changes)", i + 1)}</option>
                                }).collect::<Vec<_>>()}
                            </select>
                        </label>
                        <span class="legend"><span class="change added">"+ added"</span>" "<span class="change modified">"~ modified"</span>" "<span class="change removed">"− removed"</span></span>
                    </div>
                    <FileRows shown collapsed scroll_top viewing />
                    <FileView image=image_for_view.clone() viewing />
                }.into_any()
            }
        }}
    }
}

#[component]
fn FileRows(
    shown: Memo<Arc<Vec<Row>>>,
    collapsed: RwSignal<BTreeSet<String>>,
    scroll_top: RwSignal<f64>,
    viewing: RwSignal<Option<(String, usize)>>,
) -> impl IntoView {
    let window = move || {
        let total = shown.read().len();
        if total <= WINDOW_FROM {
            return (0, total);
        }
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(40);
        (first.min(total), (first + 120).min(total))
    };
    view! {
        <div class="file-tree" data-testid="file-tree" data-count=move || shown.read().len()
            on:scroll:target=move |ev| scroll_top.set(f64::from(ev.target().scroll_top()))>
            <div style=move || format!("height: {}px", window().0 as f64 * ROW_HEIGHT)></div>
            <For
                each=move || { let (a, b) = window(); shown.read()[a..b].to_vec() }
                key=|r| (r.path.clone(), r.change)
                let:row
            >
                {
                    let path = row.path.clone();
                    let is_dir = row.kind == EntryKind::Dir;
                    let viewable = matches!(row.kind, EntryKind::File | EntryKind::Hardlink) && row.change != Change::Removed;
                    let layer = row.layer;
                    let toggle = move |_| {
                        let p = path.clone();
                        if is_dir {
                            collapsed.update(|c| { if !c.remove(&p) { c.insert(p); } });
                        } else if viewable {
                            if let Some(l) = layer {
                                viewing.set(Some((p, l)));
                            }
                        }
                    };
                    let open_path = row.path.clone();
                    let open = move || !collapsed.read().contains(&open_path);
                    let mark = match row.change { Change::Added => "+", Change::Modified => "~", Change::Removed => "−", Change::Unchanged => " " };
                    view! {
                        <div class=format!("file-entry change-{}", change_name(row.change))
                            data-testid="file-entry" data-path=row.path.clone() data-size=row.size
                            data-type=kind_name(row.kind) data-change=change_name(row.change)
                            on:click=toggle>
                            <span class="mark">{mark}</span>
                            <span class="mode mono">{row.mode.clone()}</span>
                            <span class="owner mono">{row.owner.clone()}</span>
                            <span class="size num">{human_size(row.size)}</span>
                            <span class="name mono" style=format!("padding-left: {}rem", row.depth as f64 * 1.1)>
                                {is_dir.then(|| view! { <span class="twisty">{move || if open() { "▾ " } else { "▸ " }}</span> })}
                                {row.name.clone()}
                                {row.link.clone().map(|l| view! { <span class="link">{format!(" → {l}")}</span> })}
                            </span>
                            <span class="mtime muted">{row.mtime.clone()}</span>
                        </div>
                    }
                }
            </For>
            <div style=move || format!("height: {}px", (shown.read().len() - window().1) as f64 * ROW_HEIGHT)></div>
        </div>
    }
}

/// Small files shown as text; any file downloadable (up to [`DOWNLOAD_MAX`]).
const VIEW_MAX: u64 = 64 * 1024;
const DOWNLOAD_MAX: u64 = 256 * 1024 * 1024;

#[component]
fn FileView(image: Digest, viewing: RwSignal<Option<(String, usize)>>) -> impl IntoView {
    let content = RwSignal::new(None::<Result<(String, Option<String>, u64), String>>);
    let image2 = image.clone();
    Effect::new(move |_| {
        let Some((path, layer)) = viewing.get() else {
            return;
        };
        content.set(None);
        let image = image2.clone();
        spawn_local(async move {
            let r = async {
                let store = image_store::open().await.map_err(|e| e.to_string())?;
                let record = store
                    .image(&image)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("no such image")?;
                let l = record.layers.get(layer).ok_or("no such layer")?;
                match crate::layer_files::read_file(
                    &store,
                    &l.digest,
                    &l.media_type,
                    &path,
                    VIEW_MAX,
                )
                .await
                .map_err(|e| e.to_string())?
                {
                    berth_layer::Extracted::File {
                        bytes,
                        truncated,
                        size,
                    } => {
                        let text = (!truncated)
                            .then(|| String::from_utf8(bytes).ok())
                            .flatten();
                        Ok((path.clone(), text, size))
                    }
                    berth_layer::Extracted::Symlink(t) => {
                        Err(format!("{path} is a symbolic link to {t}"))
                    }
                    berth_layer::Extracted::Hardlink(t) => {
                        Err(format!("{path} is a hard link to {t}, in a lower layer"))
                    }
                    berth_layer::Extracted::NotFound => {
                        Err(format!("{path} is not in layer {}", layer + 1))
                    }
                    berth_layer::Extracted::NotAFile(k) => {
                        Err(format!("{path} is not a regular file ({k:?})"))
                    }
                }
            }
            .await;
            content.set(Some(r));
        });
    });
    let download = move |_| {
        let Some((path, layer)) = viewing.get_untracked() else {
            return;
        };
        let image = image.clone();
        spawn_local(async move {
            let Ok(store) = image_store::open().await else {
                return;
            };
            let Ok(Some(record)) = store.image(&image).await else {
                return;
            };
            let Some(l) = record.layers.get(layer) else {
                return;
            };
            if let Ok(berth_layer::Extracted::File { bytes, .. }) =
                crate::layer_files::read_file(&store, &l.digest, &l.media_type, &path, DOWNLOAD_MAX)
                    .await
            {
                save(&path, &bytes);
            }
        });
    };
    view! {
        {move || viewing.get().map(|(path, _)| view! {
            <div class="panel file-view" data-testid="file-view" data-path=path.clone()>
                <div class="form-row">
                    <strong class="mono grow">{display_name(&path)}</strong>
                    <button type="button" class="small" on:click=download.clone() data-testid="file-download">"Download"</button>
                    <button type="button" class="small" on:click=move |_| viewing.set(None)>"Close"</button>
                </div>
                {move || match content.get() {
                    None => view! { <p class="muted">"Reading the layer…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error-text">{e}</p> }.into_any(),
                    Some(Ok((_, Some(text), _))) => view! { <pre class="mono json" data-testid="file-text">{text}</pre> }.into_any(),
                    Some(Ok((_, None, size))) => view! {
                        <p class="muted">{format!("{}: binary or larger than {}; download it to see it.", human_size(size), human_size(VIEW_MAX))}</p>
                    }.into_any(),
                }}
            </div>
        })}
    }
}

/// Offers bytes as a file download.
fn save(path: &str, bytes: &[u8]) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlElement = a.unchecked_into();
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", path.rsplit('/').next().unwrap_or("file"));
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
