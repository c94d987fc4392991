use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbTransactionMode,
    IdbVersionChangeEvent,
};

use super::EventFuture;
use crate::error::Error;

/// Object store names (the image store's tables are named by [`berth_store::Table::name`]).
pub mod stores {
    /// Registries the user added: `{url, added}` keyed by `url`.
    pub const REGISTRIES: &str = "registries";
}

/// The schema version; each version's upgrade step is in [`upgrade`].
const VERSION: u32 = 2;

/// berth's database. Cloning shares the connection.
#[derive(Clone, Debug)]
pub struct Database {
    db: IdbDatabase,
}

thread_local! {
    static SHARED: std::cell::RefCell<Option<Database>> = const { std::cell::RefCell::new(None) };
}

impl Database {
    /// The app's database, `berth`, opened once per page and shared.
    pub async fn shared() -> Result<Database, Error> {
        if let Some(db) = SHARED.with_borrow(Clone::clone) {
            return Ok(db);
        }
        let db = Database::open_named("berth").await?;
        SHARED.with_borrow_mut(|s| *s = Some(db.clone()));
        Ok(db)
    }

    /// A database with berth's schema under another name (tests use throwaway names).
    pub async fn open_named(name: &str) -> Result<Database, Error> {
        let factory = factory()?;
        let request: IdbOpenDbRequest = factory.open_with_u32(name, VERSION).map_err(Error::idb)?;
        let on_upgrade = Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(
            move |event: IdbVersionChangeEvent| {
                let Some(target) = event.target() else { return };
                let request: IdbOpenDbRequest = target.unchecked_into();
                if let Ok(result) = request.result() {
                    upgrade(&result.unchecked_into(), event.old_version() as u32);
                }
            },
        );
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let result = EventFuture::request(&request).await;
        request.set_onupgradeneeded(None);
        drop(on_upgrade);
        let db: IdbDatabase = result?.unchecked_into();
        // Another tab upgrading the schema asks us to let go; a reload picks up the new schema.
        let closing = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget();
        Ok(Database { db })
    }

    /// Deletes a database by name (tests clean up with this).
    pub async fn delete_named(name: &str) -> Result<(), Error> {
        let request = factory()?.delete_database(name).map_err(Error::idb)?;
        EventFuture::request(&request).await.map(|_| ())
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.db.close();
    }

    /// The database's name.
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The underlying connection.
    pub fn raw(&self) -> &IdbDatabase {
        &self.db
    }

    pub(super) fn store(
        &self,
        name: &str,
        mode: IdbTransactionMode,
    ) -> Result<(web_sys::IdbTransaction, web_sys::IdbObjectStore), Error> {
        let tx = self
            .db
            .transaction_with_str_and_mode(name, mode)
            .map_err(Error::idb)?;
        let store = tx.object_store(name).map_err(Error::idb)?;
        Ok((tx, store))
    }

    /// The record with `key`, if any.
    pub async fn get(&self, store: &str, key: &JsValue) -> Result<Option<JsValue>, Error> {
        let (_tx, s) = self.store(store, IdbTransactionMode::Readonly)?;
        let value = EventFuture::request(&s.get(key).map_err(Error::idb)?).await?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// Every record of a store, in key order.
    pub async fn get_all(&self, store: &str) -> Result<Vec<JsValue>, Error> {
        let (_tx, s) = self.store(store, IdbTransactionMode::Readonly)?;
        let all = EventFuture::request(&s.get_all().map_err(Error::idb)?).await?;
        Ok(all.unchecked_into::<js_sys::Array>().iter().collect())
    }

    /// Writes a record (its key comes from the store's key path) and waits for the commit.
    pub async fn put(&self, store: &str, value: &JsValue) -> Result<(), Error> {
        let (tx, s) = self.store(store, IdbTransactionMode::Readwrite)?;
        let done = EventFuture::transaction(&tx);
        s.put(value).map_err(Error::idb)?;
        done.await.map(|_| ())
    }

    /// Deletes the record with `key` (no error if absent) and waits for the commit.
    pub async fn delete(&self, store: &str, key: &JsValue) -> Result<(), Error> {
        let (tx, s) = self.store(store, IdbTransactionMode::Readwrite)?;
        let done = EventFuture::transaction(&tx);
        s.delete(key).map_err(Error::idb)?;
        done.await.map(|_| ())
    }
}

fn factory() -> Result<web_sys::IdbFactory, Error> {
    let global = js_sys::global();
    let idb = js_sys::Reflect::get(&global, &JsValue::from_str("indexedDB"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .ok_or(Error::Unsupported("IndexedDB"))?;
    Ok(idb.unchecked_into())
}

/// Brings a database from `old` to [`VERSION`], one step per version.
fn upgrade(db: &IdbDatabase, old: u32) {
    if old < 1 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("url"));
        let _ = db.create_object_store_with_optional_parameters(stores::REGISTRIES, &params);
    }
    if old < 2 {
        // The image store: out-of-line string keys, `Uint8Array` values.
        for table in berth_store::Table::ALL {
            let _ = db.create_object_store(table.name());
        }
    }
}
