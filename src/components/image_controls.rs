use leptos::prelude::*;

use crate::images_query::ImagesQuery;

/// The `docker images` options: the `REPOSITORY[:TAG]` argument, `--filter`, `-a`,
/// `--digests`, `-q`, `--no-trunc`. Every change goes to the URL.
#[component]
pub fn ImageControls(
    options: Memo<ImagesQuery>,
    set_options: Callback<ImagesQuery>,
) -> impl IntoView {
    let update = move |change: &dyn Fn(&mut ImagesQuery)| {
        let mut next = options.get_untracked();
        change(&mut next);
        set_options.run(next);
    };
    let toggle = move |testid: &'static str,
                       label: &'static str,
                       get: fn(&ImagesQuery) -> bool,
                       set: fn(&mut ImagesQuery, bool)| {
        view! {
            <label class="check" title=label>
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || get(&options.read())
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        update(&|q| set(q, on));
                    }
                />
                <span class="mono">{label}</span>
            </label>
        }
    };
    let text = move |testid: &'static str,
                     label: &'static str,
                     placeholder: &'static str,
                     get: fn(&ImagesQuery) -> String,
                     set: fn(&mut ImagesQuery, String)| {
        view! {
            <label class="grow">
                <span>{label}</span>
                <input
                    type="search"
                    placeholder=placeholder
                    spellcheck="false"
                    data-testid=testid
                    // Set once: typing must not be overwritten by the URL it updates.
                    prop:value=get(&options.get_untracked())
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        update(&|q| set(q, v.clone()));
                    }
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        update(&|q| set(q, v.clone()));
                    }
                />
            </label>
        }
    };
    view! {
        <div class="panel form-row images-controls">
            {text(
                "images-filter",
                "REPOSITORY[:TAG]",
                "redis, 127.0.0.1:5000/berth/*, ubuntu:24.04",
                |q| q.reference.clone(),
                |q, v| q.reference = v,
            )}
            {text(
                "images-filter-flags",
                "--filter",
                "dangling=true reference=… label=… before=… since=…",
                |q| q.filter.clone(),
                |q, v| q.filter = v,
            )}
            {toggle("opt-all", "-a", |q| q.all, |q, v| q.all = v)}
            {toggle("opt-digests", "--digests", |q| q.digests, |q, v| q.digests = v)}
            {toggle("opt-quiet", "-q", |q| q.quiet, |q, v| q.quiet = v)}
            {toggle("opt-no-trunc", "--no-trunc", |q| q.no_trunc, |q, v| q.no_trunc = v)}
        </div>
    }
}
