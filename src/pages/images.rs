use leptos::prelude::*;

use crate::components::NotYet;

/// `/images`: `docker images` of the local store, with pull, tag and rmi.
#[component]
pub fn ImagesPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Images"</h1>
            <NotYet
                command="docker images / pull / tag / rmi"
                what="pull images from a registry into this browser's store and list, tag and remove them."
            />
        </section>
    }
}
