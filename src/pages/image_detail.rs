use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::NotYet;

/// `/images/:id`: one stored image (`docker inspect`, `docker history`, its layers).
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page">
            <h1>"Image " <code class="mono" data-testid="image-detail-id">{id}</code></h1>
            <NotYet
                command="docker inspect / docker history"
                what="show a stored image's config, manifest, history, layers and files."
            />
        </section>
    }
}
