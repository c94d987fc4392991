//! Streams a response body into the store, hashing as it goes: the one loop both the page
//! and the pull workers run.

use berth_oci::Digest;
use berth_store::short_id;
use web_sys::{AbortSignal, Response};

use crate::error::Error;
use crate::fetch::BodyReader;
use crate::image_store::ImageStore;

/// Progress is reported at most every this many bytes.
const PROGRESS_STEP: u64 = 256 * 1024;

/// Where a blob download is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many bytes arrived and were stored.
    Downloading(u64),
    /// Everything arrived; the digest is being checked.
    Verifying(u64),
}

/// What to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobTarget<'a> {
    /// The digest the bytes must hash to.
    pub digest: &'a Digest,
    /// The descriptor's size.
    pub size: u64,
    /// The descriptor's media type.
    pub media_type: &'a str,
    /// This writer's unique id.
    pub writer: &'a str,
}

/// Writes `response`'s body as the blob `target`, verifying size and digest. On any failure
/// (network, cancel, mismatch) what was written is deleted before this returns.
pub async fn store_blob_stream(
    store: &ImageStore,
    response: &Response,
    target: &BlobTarget<'_>,
    signal: &AbortSignal,
    progress: &dyn Fn(Progress),
) -> Result<(), Error> {
    let now = js_sys::Date::now;
    let reader = BodyReader::new(response)?;
    let mut w = store
        .begin_blob(
            target.digest,
            target.size,
            target.media_type,
            target.writer,
            now(),
        )
        .await?;
    let mut reported = 0;
    progress(Progress::Downloading(0));
    loop {
        let chunk = match reader.next().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => {
                w.abort().await?;
                return Err(if signal.aborted() {
                    Error::Cancelled
                } else {
                    Error::Pull(format!(
                        "downloading layer {}: {e}",
                        short_id(target.digest)
                    ))
                });
            }
        };
        if let Err(e) = w.write(&chunk.to_vec(), now()).await {
            reader.cancel();
            w.abort().await?;
            return Err(e.into());
        }
        if w.written() - reported >= PROGRESS_STEP {
            reported = w.written();
            progress(Progress::Downloading(reported));
        }
    }
    progress(Progress::Verifying(w.written()));
    w.finish(now()).await?;
    Ok(())
}
