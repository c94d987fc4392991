use leptos::prelude::*;

/// A plain statement that a page's feature is not built yet, and what it will do.
/// No sample data is ever shown in its place.
#[component]
pub fn NotYet(
    /// The Docker command the page will implement, e.g. `docker search`.
    command: &'static str,
    /// One sentence on what the page will do.
    what: &'static str,
) -> impl IntoView {
    view! {
        <div class="not-yet" data-testid="not-yet">
            <p>
                <strong>"Not built yet. "</strong>
                "This page will do " <code>{command}</code> ": " {what}
            </p>
            <p class="muted">
                "Meanwhile, add and probe a registry on the "
                <a href="/registries">"Registries"</a> " page."
            </p>
        </div>
    }
}
