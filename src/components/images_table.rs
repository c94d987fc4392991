use berth_store::{ImageState, ImageSummary, SortColumn, format_id, quiet_ids};
use berth_units::{human_size, time_ago};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::image_store::{self, StoreVersion};
use crate::images_query::ImagesQuery;
use crate::pages::Listing;

/// Rows are a fixed height so that only the visible ones (plus a margin) are rendered: a
/// store with thousands of tags renders as fast as one with ten.
const ROW_HEIGHT: f64 = 37.0;
const OVERSCAN: usize = 10;
const MIN_WINDOW: usize = 40;

/// What the tag and remove forms are asked to do from a row's buttons.
#[derive(Clone, Copy)]
pub struct ImageActions {
    /// The tag form's SOURCE_IMAGE.
    pub tag_source: RwSignal<String>,
    /// The remove form's targets.
    pub rmi_targets: RwSignal<String>,
}

/// `docker images`: REPOSITORY, TAG, [DIGEST,] IMAGE ID, CREATED, SIZE and CONTENT SIZE
/// (bytes as stored, compressed), sortable; `-q` shows the IDs only.
#[component]
pub fn ImagesTable(
    listing: Memo<Option<Listing>>,
    options: Memo<ImagesQuery>,
    set_options: Callback<ImagesQuery>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(700.0);
    let now = js_sys::Date::now();
    let header = move |label: &'static str, column: SortColumn, numeric: bool| {
        let sorted = move || {
            options
                .read()
                .sort
                .filter(|(c, _)| *c == column)
                .map(|(_, d)| d)
        };
        let click = move |_| {
            let mut next = options.get_untracked();
            next.sort = match next.sort {
                Some((c, false)) if c == column => Some((column, true)),
                Some((c, true)) if c == column => None,
                _ => Some((column, false)),
            };
            set_options.run(next);
        };
        view! {
            <th
                class:num=numeric
                aria-sort=move || match sorted() {
                    Some(false) => "ascending",
                    Some(true) => "descending",
                    None => "none",
                }
            >
                <button type="button" class="sort" on:click=click>
                    {label}
                    <span class="arrow" aria-hidden="true">
                        {move || match sorted() {
                            Some(false) => "▲",
                            Some(true) => "▼",
                            None => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    view! {
        {move || match listing.get() {
            None => view! { <p class="muted">"Reading the image store…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="error-text" role="alert" data-testid="images-error">{e}</p>
            }.into_any(),
            Some(Ok(rows)) if options.read().quiet => {
                let ids = quiet_ids(&rows.all(), options.read().no_trunc).join("\n");
                let copy = ids.clone();
                view! {
                    <div class="quiet">
                        <pre class="mono" data-testid="images-quiet">{ids}</pre>
                        <button type="button" on:click=move |_| {
                            if let Some(w) = web_sys::window() {
                                let _ = w.navigator().clipboard().write_text(&copy);
                            }
                        }>"Copy"</button>
                    </div>
                }.into_any()
            }
            Some(Ok(rows)) if rows.is_empty() => view! {
                <p class="empty" data-testid="images-empty">
                    {if *options.read() == ImagesQuery::default() {
                        "No images in this browser yet. Pull one above."
                    } else {
                        "No images match these options."
                    }}
                </p>
            }.into_any(),
            Some(Ok(rows)) => {
                let total = rows.len();
                let window = move || {
                    let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
                    let count = ((viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN).max(MIN_WINDOW);
                    (first.min(total), (first + count).min(total))
                };
                let visible = {
                    let rows = rows.clone();
                    move || {
                        let (a, b) = window();
                        rows.rows(a..b)
                    }
                };
                view! {
                    <div
                        class="table-scroll"
                        on:scroll:target=move |ev| {
                            scroll_top.set(f64::from(ev.target().scroll_top()));
                            viewport.set(f64::from(ev.target().client_height()));
                        }
                    >
                        <table class="data virtual" data-testid="images-table" data-rows=total>
                            <thead>
                                <tr>
                                    {header("REPOSITORY", SortColumn::Repository, false)}
                                    {header("TAG", SortColumn::Tag, false)}
                                    <Show when=move || options.read().digests>
                                        <th>"DIGEST"</th>
                                    </Show>
                                    {header("IMAGE ID", SortColumn::ImageId, false)}
                                    {header("CREATED", SortColumn::Created, false)}
                                    {header("SIZE", SortColumn::Size, true)}
                                    {header("CONTENT SIZE", SortColumn::ContentSize, true)}
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                <tr class="spacer" style=move || format!("height: {}px", window().0 as f64 * ROW_HEIGHT)></tr>
                                <For
                                    each=visible
                                    key=|r| (r.image_id.clone(), r.repository.clone(), r.tag.clone(), r.digest.clone(), r.size, format!("{:?}", r.state))
                                    let:row
                                >
                                    <ImageRow row now options />
                                </For>
                                <tr class="spacer" style=move || format!("height: {}px", (total - window().1) as f64 * ROW_HEIGHT)></tr>
                            </tbody>
                        </table>
                    </div>
                    <p class="muted table-count">{format!("{total} row{}", if total == 1 { "" } else { "s" })}</p>
                }.into_any()
            }
        }}
    }
}

#[component]
fn ImageRow(row: ImageSummary, now: f64, options: Memo<ImagesQuery>) -> impl IntoView {
    let version = StoreVersion::get();
    let actions = use_context::<ImageActions>();
    let id = row.image_id.clone();
    let created = match row.created_ms {
        Some(ms) => time_ago(ms, now),
        None => "N/A".into(),
    };
    let size = match (&row.state, row.size) {
        (_, Some(s)) => human_size(s),
        (ImageState::Verifying, None) => "verifying…".into(),
        (_, None) => "—".into(),
    };
    let problem = match &row.state {
        ImageState::Corrupt(reason) => Some(reason.clone()),
        _ => None,
    };
    let state = match &row.state {
        ImageState::Ready => "ready",
        ImageState::Verifying => "verifying",
        ImageState::Corrupt(_) => "corrupt",
    };
    let remove_id = id.clone();
    let remove_corrupt = move |_| {
        let id = remove_id.clone();
        spawn_local(async move {
            if let Ok(store) = image_store::open().await {
                // `docker rmi -f <id>`: untag everywhere, delete.
                let options = berth_store::RemoveOptions {
                    force: true,
                    no_prune: false,
                };
                let _ = store.remove(&id.to_string(), options).await;
                let _ = store.cleanup(js_sys::Date::now()).await;
                version.bump();
            }
        });
    };
    // The row's own name for the forms: `repo:tag`, `repo@digest`, or its short ID.
    let name = match (row.repository.as_str(), row.tag.as_str(), &row.digest) {
        ("<none>", _, _) => format_id(&id, false),
        (repo, "<none>", Some(d)) => format!("{repo}@{d}"),
        (repo, "<none>", None) => format!("{repo}:<none>"),
        (repo, tag, _) => format!("{repo}:{tag}"),
    };
    let (tag_name, rm_name) = (name.clone(), name);
    let digest_text = row
        .digest
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "<none>".into());
    let shown_id = {
        let id = id.clone();
        move || format_id(&id, options.read().no_trunc)
    };
    view! {
        <tr
            data-testid="image-row"
            data-repository=row.repository.clone()
            data-tag=row.tag.clone()
            data-image-id=id.to_string()
            data-digest=row.digest.as_ref().map(ToString::to_string).unwrap_or_default()
            data-size=row.size.map(|s| s.to_string()).unwrap_or_default()
            data-content-size=row.content_size.to_string()
            data-created=row.created.clone().unwrap_or_default()
            data-state=state
            class:corrupt=state == "corrupt"
        >
            <td title=row.repository.clone()>{row.repository.clone()}</td>
            <td title=row.tag.clone()>{row.tag.clone()}</td>
            <Show when=move || options.read().digests>
                <td class="mono digest" title=digest_text.clone()>{digest_text.clone()}</td>
            </Show>
            <td class="mono"><a href=format!("/images/{id}")>{shown_id}</a></td>
            <td>{created}</td>
            <td class="num">{size}</td>
            <td class="num">{human_size(row.content_size)}</td>
            <td class="actions">
                {problem.map(|p| view! {
                    <span class="badge status-refused" title=p.clone() data-testid="image-corrupt">"corrupt"</span>
                    <span class="corrupt-reason" title=p.clone()>{p.clone()}</span>
                    <button type="button" class="danger" on:click=remove_corrupt.clone()>"Remove"</button>
                })}
                {actions.map(|a| view! {
                    <button type="button" class="small" title="docker tag" on:click=move |_| a.tag_source.set(tag_name.clone())>"tag"</button>
                    <button type="button" class="small" title="docker rmi" on:click=move |_| a.rmi_targets.set(rm_name.clone())>"rm"</button>
                })}
            </td>
        </tr>
    }
}
