//! The page's image store (IndexedDB) and change notifications between components and tabs.

use berth_store::Store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::idb::{Database, IdbBackend};

/// berth's image store in this browser.
pub type ImageStore = Store<IdbBackend>;

const CHANNEL: &str = "berth-store";

/// The shared store of this page.
pub async fn open() -> Result<ImageStore, Error> {
    Ok(Store::new(IdbBackend::new(Database::shared().await?)))
}

/// A counter bumped whenever the store changes, here or in another tab; components that show
/// store contents read it to refresh.
#[derive(Clone, Copy)]
pub struct StoreVersion(pub RwSignal<u64>);

impl StoreVersion {
    /// Creates the counter and listens to other tabs (BroadcastChannel).
    pub fn provide() -> StoreVersion {
        let version = StoreVersion(RwSignal::new(0));
        if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
            let on_message = Closure::<dyn FnMut()>::new(move || version.0.update(|v| *v += 1));
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            std::mem::forget(channel);
        }
        provide_context(version);
        version
    }

    /// The counter from context.
    pub fn get() -> StoreVersion {
        expect_context::<StoreVersion>()
    }

    /// Records a change made by this tab: refresh here, and tell the other tabs.
    pub fn bump(self) {
        self.0.update(|v| *v += 1);
        if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
            let _ = channel.post_message(&JsValue::from_str("changed"));
            channel.close();
        }
    }
}
