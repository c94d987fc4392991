//! `docker system df` for images, with no containers (moby `daemon/disk_usage.go`
//! `imageDiskUsage`, `daemon/images/service.go` `ImageDiskUsage`, the `SharedSize` part of
//! `daemon/images/image_list.go`; docker/cli `cli/command/formatter/disk_usage.go`).
//!
//! Layers are identified, as in Docker's layer store, by chain ID: the same layer content
//! on top of the same stack is one layer however many images use it, and it is counted
//! once everywhere.
//!
//! berth knows a layer's uncompressed size (Docker's `DiffSize`) only once it has been
//! verified. Until then:
//!
//! - a layer whose chain ID cannot be computed yet (its diff ID, or one below it, is still
//!   unknown) is identified by the chain of *blob* digests up to it, unless a verified image
//!   with the same blobs already gave that stack a chain ID;
//! - its size is its compressed size, and everything that includes it is marked
//!   incomplete ([`DiskUsage::complete`], [`ImageUsage::complete`]).

use std::collections::BTreeMap;

use berth_oci::{Digest, chain_ids};

use crate::image_filter::Filters;
use crate::image_list::{ListIndex, created_ns, daemon_images};
use crate::{ImageRecord, RefRecord};

/// The Images line of `docker system df`, and what `-v` adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskUsage {
    /// TOTAL: the images `docker images` would list from the daemon (everything but
    /// intermediate images, dangling ones included).
    pub total_count: usize,
    /// ACTIVE: images used by a container; always 0 (no containers in a browser).
    pub active_count: usize,
    /// SIZE: the sizes of the distinct layers the counted images use, each once.
    pub total_size: u64,
    /// RECLAIMABLE: Σ over images without containers (all of them) of size − shared size.
    pub reclaimable: u64,
    /// Whether every layer's uncompressed size is known (else compressed sizes stand in).
    pub complete: bool,
    /// `-v` "Images space usage", newest first.
    pub images: Vec<ImageUsage>,
    /// Every layer of every stored image (intermediate images included), in order of first
    /// use walking the images newest first, each bottom-up.
    pub layers: Vec<LayerUsage>,
}

impl DiskUsage {
    /// RECLAIMABLE as Docker prints it, e.g. `1.2MB (40%)`.
    pub fn reclaimable_text(&self) -> String {
        format_reclaimable(self.reclaimable, self.total_size)
    }
}

/// One row of `docker system df -v` "Images space usage".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUsage {
    /// The familiar repository of the image's first tag (in the reference store's order),
    /// or `<none>`.
    pub repository: String,
    /// That tag, or `<none>`.
    pub tag: String,
    /// Image ID.
    pub image_id: Digest,
    /// `created` from the config, as written.
    pub created: Option<String>,
    /// SIZE: all its layers.
    pub size: u64,
    /// SHARED SIZE: its layers that other images use too.
    pub shared_size: u64,
    /// UNIQUE SIZE: size − shared size.
    pub unique_size: u64,
    /// CONTAINERS: always 0.
    pub containers: u64,
    /// Whether every one of its layers' uncompressed size is known.
    pub complete: bool,
}

/// One layer (one chain ID) of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerUsage {
    /// Its chain ID, once it and every layer below it are verified.
    pub chain_id: Option<Digest>,
    /// Its diff ID (digest of the uncompressed tar), once verified.
    pub diff_id: Option<Digest>,
    /// The compressed blob it was pulled as.
    pub blob_digest: Digest,
    /// Uncompressed size, once verified.
    pub uncompressed_size: Option<u64>,
    /// Compressed size (the blob's).
    pub compressed_size: u64,
    /// The size counted: uncompressed, or compressed until verified.
    pub size: u64,
    /// The images using it (intermediate ones included), newest first.
    pub images: Vec<Digest>,
}

impl LayerUsage {
    /// Whether more than one image uses it (its size is then in their SHARED SIZE).
    pub fn shared(&self) -> bool {
        self.images.len() > 1
    }
}

/// How a layer is identified: its chain ID, or the chain of blob digests up to it while
/// its chain ID is unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum LayerKey {
    Chain(Digest),
    Blobs(Digest),
}

/// `docker system df` (and `-v`) for the images and references of the store.
pub fn disk_usage(images: &[ImageRecord], refs: &[(String, RefRecord)]) -> DiskUsage {
    let index = ListIndex::new(images, refs);

    // Newest first, the order every list below follows.
    let mut ordered: Vec<&ImageRecord> = images.iter().collect();
    ordered.sort_by(|a, b| {
        let ca = created_ns(a.created.as_deref()).unwrap_or(0);
        let cb = created_ns(b.created.as_deref()).unwrap_or(0);
        cb.cmp(&ca).then_with(|| a.id.cmp(&b.id))
    });

    // Chain IDs where known, and the blob chain of every layer.
    let stacks: Vec<(Vec<Option<Digest>>, Vec<Digest>)> = ordered
        .iter()
        .map(|image| {
            let blobs: Vec<Digest> = image.layers.iter().map(|l| l.digest.clone()).collect();
            let known: Vec<Digest> = image
                .layers
                .iter()
                .map_while(|l| l.diff_id.clone())
                .collect();
            let mut chains: Vec<Option<Digest>> = chain_ids(&known).into_iter().map(Some).collect();
            chains.resize(image.layers.len(), None);
            (chains, chain_ids(&blobs))
        })
        .collect();
    let mut chain_of_blobs: BTreeMap<&Digest, &Digest> = BTreeMap::new();
    for (chains, blob_chains) in &stacks {
        for (chain, blobs) in chains.iter().zip(blob_chains) {
            if let Some(chain) = chain {
                chain_of_blobs.entry(blobs).or_insert(chain);
            }
        }
    }

    // The layer table.
    let mut order: Vec<LayerKey> = Vec::new();
    let mut layers: BTreeMap<LayerKey, LayerUsage> = BTreeMap::new();
    let mut image_keys: BTreeMap<&Digest, Vec<LayerKey>> = BTreeMap::new();
    for (image, (chains, blob_chains)) in ordered.iter().zip(&stacks) {
        let mut keys = Vec::with_capacity(image.layers.len());
        for ((layer, chain), blobs) in image.layers.iter().zip(chains).zip(blob_chains) {
            let chain = chain
                .clone()
                .or_else(|| chain_of_blobs.get(blobs).map(|c| (*c).clone()));
            let key = match &chain {
                Some(c) => LayerKey::Chain(c.clone()),
                None => LayerKey::Blobs(blobs.clone()),
            };
            let entry = layers.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                LayerUsage {
                    chain_id: chain.clone(),
                    diff_id: None,
                    blob_digest: layer.digest.clone(),
                    uncompressed_size: None,
                    compressed_size: layer.size,
                    size: 0,
                    images: Vec::new(),
                }
            });
            if entry.diff_id.is_none() {
                entry.diff_id = layer.diff_id.clone();
            }
            if entry.uncompressed_size.is_none() {
                entry.uncompressed_size = layer.uncompressed_size;
            }
            // An image lists a layer once (a repeated chain ID cannot happen).
            if entry.images.last() != Some(&image.id) {
                entry.images.push(image.id.clone());
            }
            keys.push(key);
        }
        image_keys.insert(&image.id, keys);
    }
    for layer in layers.values_mut() {
        layer.size = layer.uncompressed_size.unwrap_or(layer.compressed_size);
    }

    // The images the daemon lists (no filters, no `-a`); errors cannot happen without
    // filters.
    let listed = daemon_images(images, &index, false, &Filters::new(), 0, 0).unwrap_or_default();

    let mut usage = DiskUsage {
        total_count: listed.len(),
        active_count: 0,
        total_size: 0,
        reclaimable: 0,
        complete: true,
        images: Vec::with_capacity(listed.len()),
        layers: Vec::new(),
    };
    for l in &listed {
        let keys = image_keys.get(&l.image.id).map_or(&[][..], Vec::as_slice);
        let (mut size, mut shared, mut complete) = (0u64, 0u64, true);
        for key in keys {
            let layer = &layers[key];
            size += layer.size;
            if layer.shared() {
                shared += layer.size;
            }
            complete &= layer.uncompressed_size.is_some();
        }
        let (repository, tag) = match l.tags.first() {
            Some((r, name)) => ((*name).to_owned(), r.tag().unwrap_or("<none>").to_owned()),
            None => ("<none>".to_owned(), "<none>".to_owned()),
        };
        usage.reclaimable += size - shared;
        usage.images.push(ImageUsage {
            repository,
            tag,
            image_id: l.image.id.clone(),
            created: l.image.created.clone(),
            size,
            shared_size: shared,
            unique_size: size - shared,
            containers: 0,
            complete,
        });
    }
    // SIZE: the layers of every image but intermediate ones (moby `getLayerRefs`).
    for key in &order {
        let layer = &layers[key];
        if layer.images.iter().any(|id| !index.is_intermediate(id)) {
            usage.total_size += layer.size;
            usage.complete &= layer.uncompressed_size.is_some();
        }
    }
    usage.layers = order.iter().filter_map(|key| layers.remove(key)).collect();
    usage
}

/// RECLAIMABLE as `docker system df` prints it (docker/cli `diskUsageImagesContext`):
/// `HumanSize(reclaimable) (p%)` with `p = reclaimable * 100 / total` rounded down, or just
/// the size when the total is 0.
///
/// ```
/// use berth_store::format_reclaimable;
/// assert_eq!(format_reclaimable(1_999, 3_000), "1.999kB (66%)");
/// assert_eq!(format_reclaimable(0, 0), "0B");
/// ```
pub fn format_reclaimable(reclaimable: u64, total: u64) -> String {
    if total > 0 {
        let percent = u128::from(reclaimable) * 100 / u128::from(total);
        format!("{} ({percent}%)", format_df_size(reclaimable))
    } else {
        format_df_size(reclaimable)
    }
}

/// The sizes of `docker system df` (SIZE, RECLAIMABLE) and of `-v`'s SHARED SIZE and
/// UNIQUE SIZE: go-units `HumanSize`, four significant digits (`1.234MB`). `-v`'s per-image
/// SIZE column is `docker images`' three digits ([`berth_units::human_size`]).
pub fn format_df_size(bytes: u64) -> String {
    berth_units::human_size_with_precision(bytes as f64, 4)
}
