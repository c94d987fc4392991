use berth_store::{RemoveOptions, quiet_ids, remove_output};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::command_output::CommandOutput;
use super::images_table::ImageActions;
use crate::image_store::{self, StoreVersion};
use crate::images_query::ImagesQuery;
use crate::pages::Listing;

/// `docker rmi [-f] [--no-prune] IMAGE [IMAGE...]`: names, `name@digest`, full or short IDs,
/// space-separated like the CLI; "all shown" fills in `$(docker images -q …)` of the current
/// listing.
#[component]
pub fn RmiForm(listing: Memo<Option<Listing>>, options: Memo<ImagesQuery>) -> impl IntoView {
    let version = StoreVersion::get();
    let actions = expect_context::<ImageActions>();
    let targets = actions.rmi_targets;
    let force = RwSignal::new(false);
    let no_prune = RwSignal::new(false);
    let output = RwSignal::new(("idle", String::new()));
    // Bumped by every submit: a finished run is `data-state` done/error with a new `data-run`.
    let run = RwSignal::new(0u32);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let list: Vec<String> = targets
            .get_untracked()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let opts = RemoveOptions {
            force: force.get_untracked(),
            no_prune: no_prune.get_untracked(),
        };
        if list.is_empty() {
            output.set((
                "error",
                "\"docker rmi\" requires at least 1 argument.".into(),
            ));
            run.update(|r| *r += 1);
            return;
        }
        output.set(("running", String::new()));
        spawn_local(async move {
            let store = match image_store::open().await {
                Ok(s) => s,
                Err(e) => {
                    output.set(("error", e.to_string()));
                    run.update(|r| *r += 1);
                    return;
                }
            };
            let results = store.remove_many(&list, opts).await;
            let out = remove_output(&results, opts.force);
            let _ = store.cleanup(js_sys::Date::now()).await;
            let text = out
                .stdout
                .iter()
                .chain(&out.stderr)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
            output.set((if out.exit_code == 0 { "done" } else { "error" }, text));
            run.update(|r| *r += 1);
            version.bump();
        });
    };
    let fill_all = move |_| {
        if let Some(Ok(rows)) = listing.get_untracked() {
            let mut ids = quiet_ids(&rows.all(), options.get_untracked().no_trunc);
            ids.dedup();
            targets.set(ids.join(" "));
        }
    };
    view! {
        <form class="panel" on:submit=submit>
            <h2>"docker rmi"</h2>
            <div class="form-row">
                <label class="grow">
                    <span>"IMAGE [IMAGE...]"</span>
                    <input type="text" spellcheck="false" data-testid="rmi-targets" bind:value=targets />
                </label>
                <label class="check"><input type="checkbox" data-testid="rmi-force" bind:checked=force /><span class="mono">"-f"</span></label>
                <label class="check"><input type="checkbox" data-testid="rmi-no-prune" bind:checked=no_prune /><span class="mono">"--no-prune"</span></label>
                <button type="button" on:click=fill_all title="docker rmi $(docker images -q …) with the listing's options" data-testid="rmi-all-shown">"All shown"</button>
                <button type="submit" class="danger" data-testid="rmi-submit">"Remove"</button>
            </div>
            <CommandOutput testid="rmi-output" output=output run />
        </form>
    }
}
