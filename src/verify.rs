//! Checking a stored image's layers against its config's `rootfs.diff_ids`: each layer is
//! read back from the store chunk by chunk, decompressed and hashed.

use berth_layer::{DiffIdDigester, sniff};
use berth_oci::{Digest, ImageConfig, MediaType};
use berth_store::{ImageState, short_id};

use crate::error::Error;
use crate::image_store::ImageStore;

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
    let mut checked = Vec::new();
    for (i, layer) in image.layers.iter().enumerate() {
        let expected = config.rootfs.diff_ids.get(i);
        let c = match layer_diff_id(store, &layer.digest, &layer.media_type).await {
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
