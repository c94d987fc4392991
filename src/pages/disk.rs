use leptos::prelude::*;

use crate::components::NotYet;

/// `/disk`: `docker system df` of the local store.
#[component]
pub fn DiskPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Disk usage"</h1>
            <NotYet
                command="docker system df [-v]"
                what="show how much of this browser's storage the images use, shared layers counted once."
            />
        </section>
    }
}
