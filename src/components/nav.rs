use leptos::prelude::*;
use leptos_router::components::A;

use super::ThemeToggle;

/// The top bar: one link per page (the current one gets `aria-current="page"`).
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/images" aria-label="berth home">
                <span class="brand-mark" aria-hidden="true">"⚓"</span>
                "berth"
            </a>
            <nav aria-label="Main">
                <A href="/images" attr:data-testid="nav-images">"Images"</A>
                <A href="/search" attr:data-testid="nav-search">"Search"</A>
                <A href="/disk" attr:data-testid="nav-disk">"Disk usage"</A>
                <A href="/registries" attr:data-testid="nav-registries">"Registries"</A>
            </nav>
            <ThemeToggle />
        </header>
    }
}
