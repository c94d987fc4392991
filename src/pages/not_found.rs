use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Any path that is not a page.
#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    view! {
        <section class="page" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>
                "There is no page at " <code>{move || location.pathname.get()}</code> ". Try "
                <a href="/images">"Images"</a> ", " <a href="/search">"Search"</a> ", "
                <a href="/disk">"Disk usage"</a> " or " <a href="/registries">"Registries"</a> "."
            </p>
        </section>
    }
}
