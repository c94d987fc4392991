//! The files of stored layers: listing a layer's tar entries from its chunks (in a pull
//! worker when they run), for the file browser.

use berth_layer::{LayerLister, Limits, Listing, sniff};
use berth_oci::{Digest, MediaType};
use web_sys::AbortController;

use crate::error::{Error, js_message};
use crate::image_store::ImageStore;
use crate::worker_pool::{WorkerPool, error_of};
use crate::worker_protocol::{Job, Outcome};

/// The caps for listing in a browser tab: at most 1 GiB inflated per layer (a gzip or zstd
/// bomb stops there with a note), with the crate's entry and path caps.
fn limits() -> Limits {
    Limits {
        max_bytes: 1 << 30,
        ..Limits::default()
    }
}

/// Lists a stored layer by streaming its chunks through decompression and the tar parser;
/// stops early at the end of the archive or at a limit (recorded in the listing).
pub async fn list_layer(
    store: &ImageStore,
    digest: &Digest,
    media_type: &str,
) -> Result<Listing, Error> {
    let (_, keys) = store.chunk_keys(digest).await?;
    let media_type = MediaType::from(media_type);
    let mut lister: Option<LayerLister> = None;
    for key in keys {
        let chunk = store.read_chunk(&key).await?;
        let l = lister.get_or_insert_with(|| {
            let compression = if media_type.is_layer() {
                media_type.compression()
            } else {
                sniff(&chunk)
            };
            LayerLister::new(compression, limits())
        });
        if !l.write(&chunk)? {
            break;
        }
    }
    let l = lister.unwrap_or_else(|| LayerLister::new(media_type.compression(), limits()));
    Ok(l.finish()?)
}

/// Lists a layer in a pull worker (or on the page when workers do not run).
pub async fn list_layer_anywhere(
    store: &ImageStore,
    digest: &Digest,
    media_type: &str,
) -> Result<(Vec<berth_layer::TarEntry>, Option<String>), Error> {
    match WorkerPool::get().await {
        Some(pool) => {
            let job = Job::ListLayer {
                digest: digest.clone(),
                media_type: media_type.to_owned(),
                database: store.backend().database().name(),
            };
            let never = AbortController::new()
                .map_err(|e| Error::Pull(js_message(&e)))?
                .signal();
            match pool.run(job, &never, |_, _| {}).await {
                Ok(Outcome::Listing { entries, truncated }) => Ok((entries, truncated)),
                Ok(other) => Err(Error::Pull(format!("unexpected worker answer {other:?}"))),
                Err(f) => Err(error_of(f)),
            }
        }
        None => {
            let l = list_layer(store, digest, media_type).await?;
            Ok((l.entries, l.truncated.map(|t| t.to_string())))
        }
    }
}

/// Reads one file of a stored layer (at most `max_bytes` of it), streaming the layer's
/// chunks through decompression and the tar reader on this page.
pub async fn read_file(
    store: &ImageStore,
    digest: &Digest,
    media_type: &str,
    path: &str,
    max_bytes: u64,
) -> Result<berth_layer::Extracted, Error> {
    let (_, keys) = store.chunk_keys(digest).await?;
    let media_type = MediaType::from(media_type);
    let mut extractor: Option<berth_layer::FileExtractor> = None;
    loop {
        for key in &keys {
            let chunk = store.read_chunk(key).await?;
            let e = extractor.get_or_insert_with(|| {
                let compression = if media_type.is_layer() {
                    media_type.compression()
                } else {
                    sniff(&chunk)
                };
                berth_layer::FileExtractor::with_limits(compression, path, max_bytes, limits())
            });
            if !e.write(&chunk)? {
                break;
            }
        }
        // A hard link to a file earlier in the layer needs a second pass.
        let again = match extractor.as_mut() {
            Some(e) => e.rewind()?,
            None => false,
        };
        if !again {
            break;
        }
    }
    match extractor {
        Some(e) => Ok(e.finish()?),
        None => Ok(berth_layer::Extracted::NotFound),
    }
}
