use leptos::prelude::*;

const KEY: &str = "berth-theme";

/// Cycles the colour theme: follow the system, light, dark. Kept in `localStorage` and
/// applied as `data-theme` on `<html>` (the stylesheet does the rest).
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let storage = window().local_storage().ok().flatten();
    let initial = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_else(|| "system".into());
    let theme = RwSignal::new(initial);
    Effect::new(move |_| {
        let t = theme.get();
        if let Some(root) = document().document_element() {
            if t == "system" {
                let _ = root.remove_attribute("data-theme");
            } else {
                let _ = root.set_attribute("data-theme", &t);
            }
        }
        if let Some(s) = &storage {
            let _ = s.set_item(KEY, &t);
        }
    });
    let next = move |_| {
        theme.update(|t| {
            *t = match t.as_str() {
                "system" => "light",
                "light" => "dark",
                _ => "system",
            }
            .into()
        })
    };
    view! {
        <button
            class="theme-toggle"
            type="button"
            on:click=next
            title="Colour theme: system, light or dark"
            data-testid="theme-toggle"
        >
            {move || match theme.get().as_str() {
                "light" => "☀ light",
                "dark" => "☾ dark",
                _ => "◐ system",
            }}
        </button>
    }
}
