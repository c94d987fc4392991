use berth_store::{ImageState, ImageSummary, image_summaries};
use berth_units::{human_size, time_ago};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::image_store::{self, StoreVersion};

/// `docker images`: REPOSITORY, TAG, IMAGE ID, CREATED, SIZE, plus the content size (bytes
/// as stored, compressed). Images still being verified or found corrupt say so.
#[component]
pub fn ImagesTable() -> impl IntoView {
    let version = StoreVersion::get();
    let rows = LocalResource::new(move || {
        version.0.get();
        async move {
            let store = image_store::open().await?;
            let images = store.images().await?;
            let refs = store.refs().await?;
            Ok::<_, crate::error::Error>(image_summaries(&images, &refs))
        }
    });
    let now = js_sys::Date::now();
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Reading the image store…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! {
                        <p class="error-text" role="alert" data-testid="images-error">
                            "Cannot read the image store: " {e.to_string()}
                        </p>
                    }.into_any(),
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="empty" data-testid="images-empty">
                            "No images in this browser yet. Pull one above."
                        </p>
                    }.into_any(),
                    Ok(rows) => view! {
                        <table class="data" data-testid="images-table">
                            <thead>
                                <tr>
                                    <th>"REPOSITORY"</th>
                                    <th>"TAG"</th>
                                    <th>"IMAGE ID"</th>
                                    <th>"CREATED"</th>
                                    <th class="num">"SIZE"</th>
                                    <th class="num">"CONTENT SIZE"</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <ImageRow row now /> }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImageRow(row: ImageSummary, now: f64) -> impl IntoView {
    let version = StoreVersion::get();
    let id = row.image_id.clone();
    let short: String = berth_store::short_id(&id);
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
    let remove_id = id.clone();
    let remove = move |_| {
        let id = remove_id.clone();
        spawn_local(async move {
            if let Ok(store) = image_store::open().await {
                let _ = store.delete_image(&id).await;
                let _ = store.cleanup(js_sys::Date::now()).await;
                version.bump();
            }
        });
    };
    let state = match &row.state {
        ImageState::Ready => "ready",
        ImageState::Verifying => "verifying",
        ImageState::Corrupt(_) => "corrupt",
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
            <td>{row.repository.clone()}</td>
            <td>{row.tag.clone()}</td>
            <td class="mono"><a href=format!("/images/{id}")>{short}</a></td>
            <td>{created}</td>
            <td class="num">{size}</td>
            <td class="num">{human_size(row.content_size)}</td>
            <td>
                {problem.map(|p| view! {
                    <span class="badge status-refused" title=p.clone() data-testid="image-corrupt">"corrupt"</span>
                    <span class="corrupt-reason">{p}</span>
                    <button type="button" class="danger" on:click=remove.clone()>"Remove"</button>
                })}
            </td>
        </tr>
    }
}
