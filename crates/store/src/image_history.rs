//! `docker history`: one row per config history entry, newest first (moby
//! `daemon/images/image_history.go`, docker/cli `formatter/history.go`).

use berth_oci::{Digest, ImageConfig};
use serde::Serialize;

use crate::{Error, ImageRecord};

/// One row of `docker history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// IMAGE: the image (for the newest row) or a stored parent; `None` prints `<missing>`.
    pub id: Option<Digest>,
    /// CREATED, RFC 3339 as written.
    pub created: Option<String>,
    /// CREATED BY, as written.
    pub created_by: String,
    /// SIZE: the layer this step made (uncompressed; compressed until verified), 0 when empty.
    pub size: u64,
    /// COMMENT.
    pub comment: String,
    /// The step made no layer (`ENV`, `CMD`, …).
    pub empty_layer: bool,
}

/// The history of `image` (whose config is `config`), with `images` to find stored parents.
/// Fails like moby when the config names more non-empty steps than layers.
pub fn image_history(
    image: &ImageRecord,
    config: &ImageConfig,
    images: &[ImageRecord],
) -> Result<Vec<HistoryRow>, Error> {
    let mut rows = Vec::new();
    let mut layer = 0;
    for h in &config.history {
        let size = if h.empty_layer {
            0
        } else {
            let Some(l) = image.layers.get(layer) else {
                return Err(Error::Backend(
                    "too many non-empty layers in History section".into(),
                ));
            };
            layer += 1;
            l.uncompressed_size.unwrap_or(l.size)
        };
        rows.push(HistoryRow {
            id: None,
            created: h.created.clone(),
            created_by: h.created_by.clone().unwrap_or_default(),
            size,
            comment: h.comment.clone().unwrap_or_default(),
            empty_layer: h.empty_layer,
        });
    }
    rows.reverse();
    // The newest step is the image itself; older ones are its stored parents, if any.
    let mut current = Some(image);
    for row in &mut rows {
        let Some(img) = current else { break };
        row.id = Some(img.id.clone());
        current = img
            .parent
            .as_ref()
            .and_then(|p| images.iter().find(|i| &i.id == p));
    }
    Ok(rows)
}

/// CREATED BY as `docker history` prints it: tabs as spaces, cut to 45 columns with `…`
/// unless `no_trunc`.
pub fn created_by_text(created_by: &str, no_trunc: bool) -> String {
    let text = created_by.replace('\t', " ");
    if no_trunc {
        text
    } else {
        berth_units::ellipsis(&text, 45)
    }
}
