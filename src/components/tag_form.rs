use leptos::prelude::*;
use leptos::task::spawn_local;

use super::command_output::CommandOutput;
use super::images_table::ImageActions;
use crate::image_store::{self, StoreVersion};

/// `docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`: SOURCE by name or (short) ID.
#[component]
pub fn TagForm() -> impl IntoView {
    let version = StoreVersion::get();
    let actions = expect_context::<ImageActions>();
    let source = actions.tag_source;
    let target = RwSignal::new(String::new());
    let status = RwSignal::new(("idle", String::new()));
    // Bumped by every submit: a finished run is `data-state` done/error with a new `data-run`.
    let run = RwSignal::new(0u32);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (s, t) = (source.get_untracked(), target.get_untracked());
        status.set(("running", String::new()));
        spawn_local(async move {
            let result = match image_store::open().await {
                Ok(store) => store
                    .tag(s.trim(), t.trim())
                    .await
                    .map_err(|e| e.cli_message()),
                Err(e) => Err(e.to_string()),
            };
            match result {
                Ok(()) => {
                    status.set(("done", format!("Tagged {} as {}", s.trim(), t.trim())));
                    version.bump();
                }
                Err(e) => status.set(("error", e)),
            }
            run.update(|r| *r += 1);
        });
    };
    view! {
        <form class="panel" on:submit=submit>
            <h2>"docker tag"</h2>
            <div class="form-row">
                <label class="grow">
                    <span>"SOURCE_IMAGE[:TAG]"</span>
                    <input type="text" spellcheck="false" data-testid="tag-source" bind:value=source />
                </label>
                <label class="grow">
                    <span>"TARGET_IMAGE[:TAG]"</span>
                    <input type="text" spellcheck="false" data-testid="tag-target" bind:value=target />
                </label>
                <button type="submit" class="primary" data-testid="tag-submit">"Tag"</button>
            </div>
            <CommandOutput testid="tag-status" output=status run />
        </form>
    }
}
