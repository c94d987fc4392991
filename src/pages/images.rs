use std::sync::Arc;

use berth_store::{ImageListing, ListOptions};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{ImageActions, ImageControls, ImagesTable, PullForm, RmiForm, TagForm};
use crate::image_rows::ImageRows;
use crate::image_store::{self, StoreVersion};
use crate::images_query::ImagesQuery;

/// What the table shows: rows made on demand, or why there are none.
pub type Listing = Result<Arc<ImageRows>, String>;

/// `/images`: `docker pull` into this browser's store, `docker images` of it (options in the
/// URL), `docker tag` and `docker rmi`.
#[component]
pub fn ImagesPage() -> impl IntoView {
    let version = StoreVersion::get();
    provide_context(ImageActions {
        tag_source: RwSignal::new(String::new()),
        rmi_targets: RwSignal::new(String::new()),
    });
    let query = use_query_map();
    let options = Memo::new(move |_| ImagesQuery::from_query(&query.read()));
    let navigate = use_navigate();
    let set_options = Callback::new(move |next: ImagesQuery| {
        navigate(
            &format!("/images{}", next.to_query_string()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    // The store's contents, reloaded when it changes (here or in another tab).
    let contents = LocalResource::new(move || {
        let v = version.0.get();
        async move { image_store::snapshot(v).await }
    });
    // The listing: pure and synchronous, so a keystroke in the filter costs only this.
    let listing = Memo::new(move |_| -> Option<Listing> {
        let contents = contents.get()?;
        let q = options.get();
        Some(match contents.as_ref() {
            Err(e) => Err(format!("Cannot read the image store: {e}")),
            Ok(snapshot) => {
                let list_options = ListOptions {
                    all: q.all,
                    digests: q.digests,
                    reference: Some(q.reference.clone()),
                    filters: match berth_store::Filters::parse(&q.filter) {
                        Ok(f) => f,
                        Err(e) => return Some(Err(e.cli_message())),
                    },
                    now_ms: js_sys::Date::now(),
                    utc_offset_minutes: -(js_sys::Date::new_0().get_timezone_offset() as i32),
                };
                ImageListing::new(&snapshot.images, &snapshot.index, &list_options)
                    .map(|listing| Arc::new(ImageRows::new(snapshot.clone(), listing, q.sort)))
                    .map_err(|e| e.cli_message())
            }
        })
    });
    view! {
        <section class="page">
            <h1>"Images"</h1>
            <PullForm />
            <ImageControls options set_options />
            <ImagesTable listing options set_options />
            <div class="side-by-side">
                <TagForm />
                <RmiForm listing options />
            </div>
        </section>
    }
}
