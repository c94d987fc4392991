use leptos::prelude::*;

/// What a command (`docker tag`, `docker rmi`, a remote tag change) printed: hidden while
/// `idle`, else its state (`running`, `done`, `error`) in `data-state` and its text. `run`,
/// when given, counts the commands finished (`data-run`), for tests to wait on.
#[component]
pub fn CommandOutput(
    testid: &'static str,
    output: RwSignal<(&'static str, String)>,
    #[prop(optional)] run: Option<RwSignal<u32>>,
) -> impl IntoView {
    view! {
        <pre
            class="pull-status"
            data-testid=testid
            data-state=move || output.read().0
            data-run=move || run.map(|r| r.get().to_string())
            class:hidden=move || output.read().0 == "idle"
        >
            {move || output.read().1.clone()}
        </pre>
    }
}
