use leptos::prelude::*;

use crate::components::{ImagesTable, PullForm};

/// `/images`: `docker pull` into this browser's store, and `docker images` of it.
#[component]
pub fn ImagesPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Images"</h1>
            <PullForm />
            <ImagesTable />
        </section>
    }
}
