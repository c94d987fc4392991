use std::rc::Rc;

use berth_oci::{Digest, Platform};
use berth_units::human_size;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::image_store::{self, StoreVersion};
use crate::pull::{LayerStatus, PullEvent, PullOptions, pull};
use crate::verify::verify_image;

/// Platforms offered in the picker (any `os/arch[/variant]` can be typed too).
const PLATFORMS: &[&str] = &[
    "linux/amd64",
    "linux/arm64/v8",
    "linux/arm/v7",
    "linux/arm/v6",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
    "windows/amd64",
];

const PLATFORM_KEY: &str = "berth-pull-platform";

#[derive(Debug, Clone, PartialEq)]
struct LayerView {
    digest: Digest,
    size: u64,
    current: u64,
    status: LayerStatus,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct PullView {
    /// `idle`, `running`, `done` or `error` (the `data-state` of `pull-status`).
    state: &'static str,
    lines: Vec<String>,
    layers: Vec<LayerView>,
}

impl PullView {
    fn apply(&mut self, event: PullEvent) {
        match event {
            PullEvent::Line(line) => self.lines.push(line),
            PullEvent::Layers(layers) => {
                self.layers = layers
                    .into_iter()
                    .map(|(digest, size)| LayerView {
                        digest,
                        size,
                        current: 0,
                        status: LayerStatus::Waiting,
                    })
                    .collect();
            }
            PullEvent::Layer {
                digest,
                status,
                current,
            } => {
                for l in self.layers.iter_mut().filter(|l| l.digest == digest) {
                    l.status = status;
                    l.current = current;
                }
            }
            PullEvent::Committed(_) => {}
        }
    }

    fn totals(&self) -> (u64, u64) {
        let total = self.layers.iter().map(|l| l.size).sum();
        let current = self.layers.iter().map(|l| l.current.min(l.size)).sum();
        (current, total)
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// `docker pull [-a] [--platform os/arch[/variant]] NAME[:TAG|@DIGEST]`: the form, per-layer
/// progress, cancel, and Docker's closing lines.
#[component]
pub fn PullForm() -> impl IntoView {
    let version = StoreVersion::get();
    let reference = RwSignal::new(String::new());
    let platform = RwSignal::new(
        session_storage()
            .and_then(|s| s.get_item(PLATFORM_KEY).ok().flatten())
            .unwrap_or_else(|| "linux/amd64".into()),
    );
    let all_tags = RwSignal::new(false);
    let view_state = RwSignal::new(PullView {
        state: "idle",
        ..Default::default()
    });
    let controller = StoredValue::new_local(None::<AbortController>);

    let start = move || {
        let platform_text = platform.get_untracked();
        let parsed_platform = match platform_text.parse::<Platform>() {
            Ok(p) => p,
            Err(e) => {
                view_state.set(PullView {
                    state: "error",
                    lines: vec![format!("Error: {e}")],
                    layers: vec![],
                });
                return;
            }
        };
        if let Some(s) = session_storage() {
            let _ = s.set_item(PLATFORM_KEY, &platform_text);
        }
        let options = PullOptions {
            reference: reference.get_untracked(),
            platform: parsed_platform,
            all_tags: all_tags.get_untracked(),
        };
        let Ok(abort) = AbortController::new() else {
            return;
        };
        let signal = abort.signal();
        controller.set_value(Some(abort));
        view_state.set(PullView {
            state: "running",
            ..Default::default()
        });
        spawn_local(async move {
            let on: Rc<dyn Fn(PullEvent)> = Rc::new(move |event: PullEvent| {
                if matches!(event, PullEvent::Committed(_)) {
                    version.bump();
                }
                view_state.update(|v| v.apply(event));
            });
            let result = match image_store::open().await {
                Ok(store) => {
                    let r = pull(&store, &options, &signal, &on).await;
                    if r.is_err() {
                        // Partial downloads of this pull were removed as they failed;
                        // sweep anything older too.
                        let _ = store.cleanup(js_sys::Date::now()).await;
                    }
                    r.map(|ids| (store, ids))
                }
                Err(e) => Err(e),
            };
            controller.set_value(None);
            match result {
                Ok((store, ids)) => {
                    view_state.update(|v| v.state = "done");
                    for id in ids {
                        let _ = verify_image(&store, &id).await;
                        version.bump();
                    }
                }
                Err(e) => view_state.update(|v| {
                    v.state = "error";
                    v.lines.push(format!("Error response from daemon: {e}"));
                }),
            }
        });
    };

    // `/images?pull=REF` (the registry browser's pull button) fills the form and starts.
    let query = leptos_router::hooks::use_query_map();
    if let Some(linked) = query
        .with_untracked(|q| q.get("pull"))
        .filter(|r| !r.is_empty())
    {
        reference.set(linked);
        start();
    }
    let running = move || view_state.read().state == "running";
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !running() {
            start();
        }
    };
    let cancel = move |_| {
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    };
    let total = move || {
        let (current, total) = view_state.read().totals();
        (current, total)
    };

    view! {
        <form class="panel pull-form" on:submit=on_submit>
            <div class="form-row">
                <label class="grow">
                    <span>"Image " <span class="optional">"NAME[:TAG|@DIGEST]"</span></span>
                    <input
                        type="text"
                        placeholder="127.0.0.1:5000/berth/hello:1.0 or ubuntu:24.04"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="pull-reference"
                        bind:value=reference
                    />
                </label>
                <label>
                    <span>"Platform"</span>
                    <input
                        type="text"
                        list="berth-platforms"
                        data-testid="pull-platform"
                        bind:value=platform
                    />
                    <datalist id="berth-platforms">
                        {PLATFORMS.iter().map(|p| view! { <option value=*p></option> }).collect::<Vec<_>>()}
                    </datalist>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="pull-all-tags" bind:checked=all_tags />
                    <span>"-a, --all-tags"</span>
                </label>
                <button type="submit" class="primary" data-testid="pull-submit" disabled=running>
                    "Pull"
                </button>
                <button type="button" data-testid="pull-cancel" disabled=move || !running() on:click=cancel>
                    "Cancel"
                </button>
            </div>
            <Show when=move || view_state.read().state != "idle">
                <div class="pull-progress">
                    <div class="total-progress" title="all layers">
                        <progress max=move || total().1.max(1) value=move || total().0></progress>
                        <span class="mono">
                            {move || {
                                let (c, t) = total();
                                format!("{} / {}", human_size(c), human_size(t))
                            }}
                        </span>
                    </div>
                    <ul class="layers">
                        <For
                            each=move || view_state.read().layers.clone()
                            key=|l| (l.digest.clone(), l.status, l.current)
                            let:layer
                        >
                            <LayerRow layer />
                        </For>
                    </ul>
                    <pre
                        class="pull-status"
                        data-testid="pull-status"
                        data-state=move || view_state.read().state
                        role="status"
                    >
                        {move || view_state.read().lines.join("\n")}
                    </pre>
                </div>
            </Show>
        </form>
    }
}

#[component]
fn LayerRow(layer: LayerView) -> impl IntoView {
    let short = berth_store::short_id(&layer.digest);
    let text = match layer.status {
        LayerStatus::Downloading => format!(
            "{}: {} {} / {}",
            short,
            layer.status.label(),
            human_size(layer.current),
            human_size(layer.size)
        ),
        _ => format!("{}: {}", short, layer.status.label()),
    };
    view! {
        <li
            class=format!("layer status-{}", layer.status.as_str())
            data-testid="pull-layer"
            data-digest=layer.digest.to_string()
            data-status=layer.status.as_str()
        >
            <progress max=layer.size.max(1) value=layer.current.min(layer.size)></progress>
            <span class="mono">{text}</span>
        </li>
    }
}
