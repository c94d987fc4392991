use leptos::prelude::*;

use crate::components::NotYet;

/// `/search`: `docker search` against Docker Hub and registry catalogs.
#[component]
pub fn SearchPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Search"</h1>
            <NotYet
                command="docker search [OPTIONS] TERM"
                what="search Docker Hub or a registry's catalog, with --filter, --limit, --no-trunc and --format."
            />
        </section>
    }
}
