//! dive's image efficiency: a port of `filetree.Efficiency` (dive/filetree/efficiency.go)
//! and the totals of `image.Analyze` (dive/image/analysis.go), wagoodman/dive.
//!
//! dive visits, in every layer, the layer's own tree's leaves — entries with nothing below
//! them in that layer: files, links, empty directories and whiteouts — and adds each one's
//! size to its path's account:
//!
//! - an entry counts its tar size;
//! - a whiteout `.wh.<name>` counts under `<name>`: 0 if `<name>` was a file in the layers
//!   below, or the sizes of the whole directory (itself and everything below it) if it was
//!   a directory — one with a tar entry of its own: dive's `FileInfo.IsDir` is false for a
//!   directory only implied by deeper paths, so deleting one counts 0, and so it does here;
//! - opaque markers (`.wh..wh..opq`) and other `.wh..wh.*` names are not entries (dive
//!   never adds them to a tree), though a directory holding only one is a leaf of size 0.
//!
//! Then, over all paths, `score = Σ smallest size seen / Σ all sizes seen` (1 when
//! nothing was seen), and the paths seen in two or more layers are the inefficiencies;
//! dive's "potential wasted space" is the sum of *all* their sizes (the copy that stays
//! included). So a file written in two layers wastes both copies' bytes, and a file
//! deleted later wastes its size (the whiteout adds 0). The image size is the sum of every
//! entry's size in every layer, and the "user" size leaves out the first layer.
//!
//! Where this differs from dive: the layers below a whiteout are merged with OCI semantics
//! (opaque directories and replaced directories applied; dive ignores both), and a
//! whiteout of a path that does not exist below counts 0 (dive stops counting the rest of
//! that layer).

use std::collections::{HashMap, HashSet};

use crate::TarEntry;
use crate::file_tree::Builder;

/// dive's verdict on an image.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Efficiency {
    /// dive's "image efficiency score", 0 to 1 (1: nothing duplicated or deleted).
    pub score: f64,
    /// dive's "potential wasted space": the sum of [`WastedPath::bytes`].
    pub wasted_bytes: u64,
    /// dive's "total image size": every entry's size in every layer.
    pub total_bytes: u64,
    /// `total_bytes` without the first layer (dive's user size, for its
    /// `highestUserWastedPercent` rule: `wasted_bytes / user_bytes`).
    pub user_bytes: u64,
    /// The paths seen in more than one layer, most bytes first (then by path).
    pub worst: Vec<WastedPath>,
}

impl Efficiency {
    /// dive's wasted user percent as a ratio: `wasted_bytes / user_bytes` (0 when the
    /// image has a single layer or empty upper layers).
    pub fn wasted_user_ratio(&self) -> f64 {
        if self.user_bytes == 0 {
            0.0
        } else {
            self.wasted_bytes as f64 / self.user_bytes as f64
        }
    }
}

/// A path written (or deleted) in several layers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WastedPath {
    /// The path (no leading or trailing `/`).
    pub path: String,
    /// In how many layers it appears as a leaf (entry or whiteout).
    pub occurrences: usize,
    /// The sum of its sizes in all of them.
    pub bytes: u64,
}

#[derive(Default)]
struct Account {
    cumulative: u64,
    min: Option<u64>,
    occurrences: usize,
}

/// dive's efficiency of an image from its layers' listings, bottom layer first.
pub fn efficiency<L: AsRef<[TarEntry]>>(layers: &[L]) -> Efficiency {
    let mut accounts: HashMap<String, Account> = HashMap::new();
    let mut total_bytes = 0u64;
    let mut user_bytes = 0u64;
    let mut lower = Builder::new();

    for (index, layer) in layers.iter().enumerate() {
        let entries = layer.as_ref();
        // dive's tree of this layer: each path once (the last entry wins), its leaves.
        let mut sizes: HashMap<&str, u64> = HashMap::new();
        let mut parents: HashSet<&str> = HashSet::new();
        for e in entries {
            total_bytes += e.size;
            if index > 0 {
                user_bytes += e.size;
            }
            let path = e.path.trim_matches('/');
            if path.is_empty() {
                continue;
            }
            // dive's AddPath stops at a `.wh..wh.*` component: the directories before it
            // exist (empty unless something else fills them), the rest does not.
            let (path, size) = match meta_component(path) {
                Some(0) => continue,
                Some(cut) => (&path[..cut - 1], None),
                None => (path, Some(e.size)),
            };
            match size {
                Some(size) => {
                    sizes.insert(path, size);
                }
                None => {
                    sizes.entry(path).or_insert(0);
                }
            }
            let mut p = path;
            while let Some((parent, _)) = p.rsplit_once('/') {
                if !parents.insert(parent) {
                    break;
                }
                p = parent;
            }
        }
        // Implied parent directories are nodes too, but never leaves.
        for (&path, &size) in &sizes {
            if parents.contains(path) {
                continue;
            }
            let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
            let (key, size) = match name.strip_prefix(".wh.") {
                Some(target) => {
                    let key = if dir.is_empty() {
                        target.to_string()
                    } else {
                        format!("{dir}/{target}")
                    };
                    let size = match lower.find_present(&key) {
                        Some(id) if lower.has_dir_entry(id) => lower.subtree_size(id),
                        _ => 0,
                    };
                    (key, size)
                }
                None => (path.to_string(), size),
            };
            let account = accounts.entry(key).or_default();
            account.cumulative += size;
            account.min = Some(account.min.map_or(size, |m| m.min(size)));
            account.occurrences += 1;
        }
        lower.apply_layer(entries, index);
    }

    let minimum: u64 = accounts.values().filter_map(|a| a.min).sum();
    let discovered: u64 = accounts.values().map(|a| a.cumulative).sum();
    let score = if discovered == 0 {
        1.0
    } else {
        minimum as f64 / discovered as f64
    };
    let mut worst: Vec<WastedPath> = accounts
        .into_iter()
        .filter(|(_, a)| a.occurrences >= 2)
        .map(|(path, a)| WastedPath {
            path,
            occurrences: a.occurrences,
            bytes: a.cumulative,
        })
        .collect();
    worst.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    Efficiency {
        score,
        wasted_bytes: worst.iter().map(|w| w.bytes).sum(),
        total_bytes,
        user_bytes,
        worst,
    }
}

/// The byte offset of the first path component starting with `.wh..wh.`, if any.
fn meta_component(path: &str) -> Option<usize> {
    let mut offset = 0;
    for part in path.split('/') {
        if part.starts_with(".wh..wh.") {
            return Some(offset);
        }
        offset += part.len() + 1;
    }
    None
}
