use leptos::prelude::*;

/// What the app's error boundary shows: every error, readable, and a way back.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let list = move || {
        errors
            .read()
            .iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="panel error-panel" role="alert" data-testid="error-panel" data-state="error">
            <h1>"Something went wrong"</h1>
            <ul>{list}</ul>
            <p>
                "Nothing was changed. " <a href="/images">"Back to the images"</a>
                " or reload the page."
            </p>
        </section>
    }
}
