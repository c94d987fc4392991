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

/// Everything the images and disk pages show, read once per store version and shared: a
/// route change or a keystroke reuses it instead of reading IndexedDB again.
pub struct Snapshot {
    /// Every image.
    pub images: Vec<berth_store::ImageRecord>,
    /// Every reference.
    pub refs: Vec<(String, berth_store::RefRecord)>,
    /// References parsed once, for listings.
    pub index: berth_store::ListIndex,
    df: std::sync::OnceLock<std::sync::Arc<berth_store::DiskUsage>>,
}

impl Snapshot {
    /// `system df` of this snapshot (computed on first use, then shared).
    pub fn disk_usage(&self) -> std::sync::Arc<berth_store::DiskUsage> {
        self.df
            .get_or_init(|| berth_store::disk_usage(&self.images, &self.refs).into())
            .clone()
    }
}

thread_local! {
    static SNAPSHOT: std::cell::RefCell<Option<(u64, std::sync::Arc<Snapshot>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The store's contents at `version` (see [`StoreVersion`]), cached until it changes.
pub async fn snapshot(version: u64) -> Result<std::sync::Arc<Snapshot>, Error> {
    if let Some(s) = SNAPSHOT.with_borrow(|s| {
        s.as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, s)| s.clone())
    }) {
        return Ok(s);
    }
    let store = open().await?;
    let images = store.images().await?;
    let refs = store.refs().await?;
    let index = berth_store::ListIndex::new(&images, &refs);
    let snap = std::sync::Arc::new(Snapshot {
        images,
        refs,
        index,
        df: std::sync::OnceLock::new(),
    });
    SNAPSHOT.with_borrow_mut(|s| *s = Some((version, snap.clone())));
    Ok(snap)
}
