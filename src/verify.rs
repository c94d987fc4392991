//! Checking a stored image's layers against its config's `rootfs.diff_ids`: each layer is
//! read back from the store chunk by chunk, decompressed and hashed.

use berth_layer::{DiffIdDigester, sniff};
use berth_oci::{Digest, ImageConfig, MediaType};
use berth_store::{ImageState, short_id};

use futures::StreamExt;
use web_sys::AbortController;

use crate::error::{Error, js_message};
use crate::image_store::ImageStore;
use crate::worker_pool::{WorkerPool, error_of};
use crate::worker_protocol::{Job, Outcome};

/// What one layer turned out to be.
struct Checked {
    diff_id: Option<Digest>,
    size: Option<u64>,
    problem: Option<String>,
}

/// Verifies an image in the `verifying` state and records the outcome: `ready` with every
/// layer's diff-id and uncompressed size, or `corrupt` with the first problem found.
pub async fn verify_image(store: &ImageStore, id: &Digest) -> Result<ImageState, Error> {
    let Some(image) = store.image(id).await? else {
        return Err(Error::Pull(format!("No such image: {id}")));
    };
    if image.state != ImageState::Verifying {
        return Ok(image.state);
    }
    let config = ImageConfig::from_slice(&store.read_blob(id).await?)?;
    // Layers in parallel, in the pull workers when they run.
    let pool = WorkerPool::get().await;
    let database = store.backend().database().name();
    let results: Vec<Result<(Digest, u64), Error>> = futures::stream::iter(image.layers.iter())
        .map(|layer| {
            let (pool, database) = (pool.clone(), database.clone());
            async move {
                match pool {
                    Some(pool) => {
                        let job = Job::DiffId {
                            digest: layer.digest.clone(),
                            media_type: layer.media_type.clone(),
                            database,
                        };
                        let never = AbortController::new()
                            .map_err(|e| Error::Pull(js_message(&e)))?
                            .signal();
                        match pool.run(job, &never, |_, _| {}).await {
                            Ok(Outcome::DiffId { diff_id, size }) => Ok((diff_id, size)),
                            Ok(other) => {
                                Err(Error::Pull(format!("unexpected worker answer {other:?}")))
                            }
                            Err(f) => Err(error_of(f)),
                        }
                    }
                    None => layer_diff_id(store, &layer.digest, &layer.media_type).await,
                }
            }
        })
        .buffered(3)
        .collect()
        .await;
    let mut checked = Vec::new();
    for ((i, layer), result) in image.layers.iter().enumerate().zip(results) {
        let expected = config.rootfs.diff_ids.get(i);
        let c = match result {
            Ok((diff_id, size)) => {
                let problem = match expected {
                    Some(e) if *e == diff_id => None,
                    Some(e) => Some(format!(
                        "layer {} does not match the image config: it decompresses to {diff_id}, but rootfs.diff_ids[{i}] is {e}",
                        short_id(&layer.digest)
                    )),
                    None => Some(format!(
                        "layer {} has no diff-id in the image config",
                        short_id(&layer.digest)
                    )),
                };
                Checked {
                    diff_id: Some(diff_id),
                    size: Some(size),
                    problem,
                }
            }
            Err(e) => Checked {
                diff_id: None,
                size: None,
                problem: Some(format!("layer {}: {e}", short_id(&layer.digest))),
            },
        };
        checked.push(c);
    }
    let problem = checked.iter().find_map(|c| c.problem.clone());
    let state = match problem {
        Some(p) => ImageState::Corrupt(p),
        None => ImageState::Ready,
    };
    let final_state = state.clone();
    store
        .update_image(id, move |img| {
            for (layer, c) in img.layers.iter_mut().zip(&checked) {
                if c.problem.is_none() {
                    layer.diff_id = c.diff_id.clone();
                    layer.uncompressed_size = c.size;
                }
            }
            img.state = state.clone();
        })
        .await?;
    Ok(final_state)
}

/// The diff-id and uncompressed size of a stored layer blob.
pub async fn layer_diff_id(
    store: &ImageStore,
    digest: &Digest,
    media_type: &str,
) -> Result<(Digest, u64), Error> {
    let (_, keys) = store.chunk_keys(digest).await?;
    let media_type = MediaType::from(media_type);
    let mut digester: Option<DiffIdDigester> = None;
    for key in keys {
        let chunk = store.read_chunk(&key).await?;
        let d = digester.get_or_insert_with(|| {
            DiffIdDigester::new(if media_type.is_layer() {
                media_type.compression()
            } else {
                sniff(&chunk)
            })
        });
        d.write(&chunk)?;
    }
    let d = digester.unwrap_or_else(|| DiffIdDigester::new(media_type.compression()));
    Ok(d.finish()?)
}
