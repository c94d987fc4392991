//! An image's filesystem from its layers' listings: OCI whiteouts applied, with dive's
//! per-layer change marks.
//!
//! Layers stack in order. Before a layer's own entries are added, its whiteouts apply to
//! the layers below it (image-spec `layer.md`): `.wh.<name>` deletes `<name>` (a directory
//! with everything in it), and `.wh..wh..opq` in a directory hides everything the lower
//! layers had below that directory. Other `.wh..wh.*` names (aufs metadata) are ignored.
//! An entry that is not a directory replaces whatever was at its path (a directory with
//! its contents, as Docker's extraction does); a directory over a directory keeps the
//! contents. Symlinks are not followed.
//!
//! # Change marks
//!
//! A tree built for a range of layers ([`FileTree::layer_changes`],
//! [`FileTree::aggregated_changes`]) compares the filesystem before the range with the
//! one after it, as dive's `CompareAndMark` does:
//!
//! - [`Change::Added`]: the path did not exist before the range (nor did a directory
//!   the range created on the way to it);
//! - [`Change::Removed`]: the range deleted it (a whiteout, an opaque directory, or a
//!   file replacing a directory); removed nodes stay in the tree, so the UI can show them;
//! - [`Change::Modified`]: it existed before and the range wrote it with other metadata,
//!   or — for a directory — anything below it changed (dive merges its children's marks);
//! - [`Change::Unchanged`]: otherwise, including a path written again identically.
//!
//! dive compares type, mode, uid, gid and a hash of the contents. Contents are not read
//! here, so the comparison is on metadata: type, mode, uid and gid for every kind, plus
//! the size and mtime for a regular file (the mtime standing in for the hash: a rewritten
//! file gets a new one), the target for links and the numbers for devices. A file rewritten
//! with the same size, mode, owner and mtime shows as unchanged.

use std::collections::{BTreeMap, HashMap};

use crate::{EntryKind, TarEntry};

/// How a path changed in the layers a tree was built for (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Change {
    /// New in these layers.
    Added,
    /// Written again with other metadata, or (a directory) something below it changed.
    Modified,
    /// Deleted by these layers.
    Removed,
    /// As it was.
    Unchanged,
}

/// A node's index in its [`FileTree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NodeId(usize);

impl NodeId {
    /// The index, stable for the tree's lifetime (usable as a UI key).
    pub fn index(self) -> usize {
        self.0
    }
}

/// A file, directory or other entry of the merged filesystem.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Node {
    /// The last path component (empty for the root).
    pub name: String,
    /// The parent (`None` for the root).
    pub parent: Option<NodeId>,
    /// The tar entry that made this node, from the topmost layer that wrote it; `None` for
    /// the root and for directories only implied by deeper paths.
    pub entry: Option<TarEntry>,
    /// The index of the layer `entry` comes from.
    pub layer: Option<usize>,
    /// How the tree's layers changed it.
    pub change: Change,
    /// Its size plus its descendants' (as dive: removed descendants count only in a
    /// removed directory).
    pub size: u64,
    children: BTreeMap<String, NodeId>,
    present: bool,
}

impl Node {
    /// Whether this is a directory (the root and implied directories are).
    pub fn is_dir(&self) -> bool {
        self.entry.as_ref().is_none_or(TarEntry::is_dir)
    }

    /// Its kind (`Dir` for the root and implied directories).
    pub fn kind(&self) -> EntryKind {
        self.entry.as_ref().map_or(EntryKind::Dir, |e| e.kind)
    }

    /// How many children it has (removed ones included).
    pub fn child_count(&self) -> usize {
        self.children.len()
    }
}

/// One line of [`FileTree::flat`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FlatEntry {
    /// The path: no leading `/`, directories end with `/`.
    pub path: String,
    /// Depth below the root (top-level entries are 0).
    pub depth: usize,
    /// The kind.
    pub kind: EntryKind,
    /// [`Node::size`].
    pub size: u64,
    /// [`Node::change`].
    pub change: Change,
    /// [`Node::layer`].
    pub layer: Option<usize>,
}

/// A merged filesystem: nodes in a tree, children sorted by name (byte order, as dive).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FileTree {
    nodes: Vec<Node>,
}

const ROOT: NodeId = NodeId(0);
const OPAQUE: &str = ".wh..wh..opq";
const META_PREFIX: &str = ".wh..wh.";
const WHITEOUT_PREFIX: &str = ".wh.";

impl FileTree {
    /// The image's filesystem after all `layers`: every node [`Change::Unchanged`], no
    /// removed nodes.
    pub fn merged<L: AsRef<[TarEntry]>>(layers: &[L]) -> FileTree {
        Self::build(layers, layers.len(), layers.len())
    }

    /// dive's default view of layer `index`: the filesystem after it, marked with what
    /// that layer changed in the layers below it. Everything in layer 0 is
    /// [`Change::Added`] (dive compares layer 0 with itself and shows it unmarked).
    ///
    /// Panics if `index` is not a layer's.
    pub fn layer_changes<L: AsRef<[TarEntry]>>(layers: &[L], index: usize) -> FileTree {
        assert!(index < layers.len(), "layer {index} of {}", layers.len());
        Self::build(layers, index, index + 1)
    }

    /// dive's aggregated view up to layer `index`: the filesystem after it, marked with
    /// what layers 1 to `index` changed in layer 0. For `index` 0, the same as
    /// [`FileTree::layer_changes`].
    ///
    /// Panics if `index` is not a layer's.
    pub fn aggregated_changes<L: AsRef<[TarEntry]>>(layers: &[L], index: usize) -> FileTree {
        assert!(index < layers.len(), "layer {index} of {}", layers.len());
        if index == 0 {
            return Self::build(layers, 0, 1);
        }
        Self::build(layers, 1, index + 1)
    }

    /// Layers `..base` stacked unmarked, then `base..top` applied with marks.
    fn build<L: AsRef<[TarEntry]>>(layers: &[L], base: usize, top: usize) -> FileTree {
        let mut b = Builder::new();
        for (i, layer) in layers[..base].iter().enumerate() {
            b.apply_layer(layer.as_ref(), i);
        }
        b.snapshots = Some(HashMap::new());
        for (i, layer) in layers.iter().enumerate().take(top).skip(base) {
            b.apply_layer(layer.as_ref(), i);
        }
        b.finish()
    }

    /// The root directory.
    pub fn root(&self) -> NodeId {
        ROOT
    }

    /// A node.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    /// A node's children, sorted by name.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id.0].children.values().copied()
    }

    /// The node at `path` (leading and trailing `/` ignored; `""` is the root).
    pub fn find(&self, path: &str) -> Option<NodeId> {
        let mut id = ROOT;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            id = *self.nodes[id.0].children.get(part)?;
        }
        Some(id)
    }

    /// A node's path: no leading `/`, a directory's ends with `/` (the root is `""`).
    pub fn path(&self, id: NodeId) -> String {
        let mut parts = Vec::new();
        let mut cur = id;
        while let Some(parent) = self.nodes[cur.0].parent {
            parts.push(self.nodes[cur.0].name.as_str());
            cur = parent;
        }
        parts.reverse();
        let mut path = parts.join("/");
        if id != ROOT && self.nodes[id.0].is_dir() {
            path.push('/');
        }
        path
    }

    /// Every node but the root, depth-first with parents before children (the order a tree
    /// view shows them in). Each line holds its whole path: for a big tree, walk it with
    /// [`FileTree::children`] instead.
    pub fn flat(&self) -> Vec<FlatEntry> {
        let mut out: Vec<FlatEntry> = Vec::new();
        // (node, depth, the index in `out` of its parent's line)
        let mut stack: Vec<(NodeId, usize, Option<usize>)> = self.nodes[ROOT.0]
            .children
            .values()
            .rev()
            .map(|&c| (c, 0, None))
            .collect();
        while let Some((id, depth, parent)) = stack.pop() {
            let node = &self.nodes[id.0];
            let mut path = match parent {
                Some(p) => {
                    let mut prefix = out[p].path.clone();
                    // (a file that replaced a directory keeps the removed contents below it)
                    if !prefix.ends_with('/') {
                        prefix.push('/');
                    }
                    prefix
                }
                None => String::new(),
            };
            path.push_str(&node.name);
            if node.is_dir() {
                path.push('/');
            }
            let line = out.len();
            stack.extend(
                node.children
                    .values()
                    .rev()
                    .map(|&c| (c, depth + 1, Some(line))),
            );
            out.push(FlatEntry {
                path,
                depth,
                kind: node.kind(),
                size: node.size,
                change: node.change,
                layer: node.layer,
            });
        }
        out
    }
}

/// What a node was before the marked layers touched it.
struct Snapshot {
    present: bool,
    entry: Option<TarEntry>,
}

/// Stacks layers into a node arena. Without `snapshots` (the unmarked base) deletions
/// detach nodes; with them (the marked layers) deleted nodes stay as removed, and each
/// node's state before its first change is kept to compare with at the end.
pub(crate) struct Builder {
    nodes: Vec<Node>,
    snapshots: Option<HashMap<NodeId, Snapshot>>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            nodes: vec![Node {
                name: String::new(),
                parent: None,
                entry: None,
                layer: None,
                change: Change::Unchanged,
                size: 0,
                children: BTreeMap::new(),
                present: true,
            }],
            snapshots: None,
        }
    }

    /// The present node at `path` (a normalised tar path).
    pub(crate) fn find_present(&self, path: &str) -> Option<NodeId> {
        let mut id = ROOT;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            id = *self.nodes[id.0].children.get(part)?;
            if !self.nodes[id.0].present {
                return None;
            }
        }
        Some(id)
    }

    /// Whether the node is a directory with a tar entry of its own.
    pub(crate) fn has_dir_entry(&self, id: NodeId) -> bool {
        self.nodes[id.0]
            .entry
            .as_ref()
            .is_some_and(TarEntry::is_dir)
    }

    /// The entry sizes of a node and all its present descendants.
    pub(crate) fn subtree_size(&self, id: NodeId) -> u64 {
        let mut total = 0;
        let mut stack = vec![id];
        while let Some(cur) = stack.pop() {
            let node = &self.nodes[cur.0];
            total += node.entry.as_ref().map_or(0, |e| e.size);
            stack.extend(
                node.children
                    .values()
                    .filter(|c| self.nodes[c.0].present)
                    .copied(),
            );
        }
        total
    }

    fn touch(&mut self, id: NodeId) {
        if let Some(snapshots) = &mut self.snapshots {
            let node = &self.nodes[id.0];
            snapshots.entry(id).or_insert_with(|| Snapshot {
                present: node.present,
                entry: node.entry.clone(),
            });
        }
    }

    fn child_or_create(&mut self, parent: NodeId, name: &str) -> NodeId {
        if let Some(&id) = self.nodes[parent.0].children.get(name) {
            return id;
        }
        let id = NodeId(self.nodes.len());
        self.nodes.push(Node {
            name: name.to_string(),
            parent: Some(parent),
            entry: None,
            layer: None,
            change: Change::Unchanged,
            size: 0,
            children: BTreeMap::new(),
            present: false,
        });
        self.nodes[parent.0].children.insert(name.to_string(), id);
        self.touch(id);
        id
    }

    /// Deletes a node: detached in the base, kept as removed (with its subtree) when
    /// marking.
    fn remove(&mut self, id: NodeId) {
        if self.snapshots.is_none() {
            if let Some(parent) = self.nodes[id.0].parent {
                let name = self.nodes[id.0].name.clone();
                self.nodes[parent.0].children.remove(&name);
            }
            return;
        }
        let mut stack = vec![id];
        while let Some(cur) = stack.pop() {
            if !self.nodes[cur.0].present {
                continue;
            }
            self.touch(cur);
            self.nodes[cur.0].present = false;
            stack.extend(self.nodes[cur.0].children.values().copied());
        }
    }

    fn remove_children(&mut self, id: NodeId) {
        let children: Vec<NodeId> = self.nodes[id.0]
            .children
            .values()
            .copied()
            .filter(|c| self.nodes[c.0].present)
            .collect();
        for child in children {
            self.remove(child);
        }
    }

    /// The directory at `parts`, created (as an implied directory) where missing.
    fn ensure_dir(&mut self, parts: &[&str]) -> NodeId {
        let mut id = ROOT;
        for part in parts {
            id = self.child_or_create(id, part);
            let node = &self.nodes[id.0];
            if !node.present || !node.is_dir() {
                self.touch(id);
                if self.nodes[id.0].present {
                    self.remove_children(id);
                }
                let node = &mut self.nodes[id.0];
                node.present = true;
                node.entry = None;
                node.layer = None;
            }
        }
        id
    }

    /// Applies one layer: its whiteouts to what is below, then its entries.
    pub(crate) fn apply_layer(&mut self, entries: &[TarEntry], layer: usize) {
        for e in entries {
            let Some((parent, name)) = split(&e.path) else {
                continue;
            };
            if parent.iter().any(|p| p.starts_with(META_PREFIX)) {
                continue;
            }
            if name == OPAQUE {
                if let Some(dir) = self.find_present(&parent.join("/")) {
                    self.remove_children(dir);
                }
            } else if name.starts_with(META_PREFIX) {
                // aufs metadata (.wh..wh.plnk, .wh..wh.aufs...): not part of the filesystem
            } else if let Some(target) = name.strip_prefix(WHITEOUT_PREFIX) {
                if target.is_empty() {
                    continue;
                }
                let mut path = parent.join("/");
                path.push('/');
                path.push_str(target);
                if let Some(id) = self.find_present(&path) {
                    self.remove(id);
                }
            }
        }
        for e in entries {
            let Some((parent, name)) = split(&e.path) else {
                continue;
            };
            if name.starts_with(WHITEOUT_PREFIX)
                || parent.iter().any(|p| p.starts_with(META_PREFIX))
            {
                continue;
            }
            let dir = self.ensure_dir(&parent);
            let id = self.child_or_create(dir, name);
            self.touch(id);
            let node = &self.nodes[id.0];
            if node.present && !(node.is_dir() && e.is_dir()) {
                self.remove_children(id);
            }
            let node = &mut self.nodes[id.0];
            node.present = true;
            node.entry = Some(e.clone());
            node.layer = Some(layer);
        }
    }

    /// Marks and sizes, bottom-up; drops nothing (detached nodes are unreachable).
    fn finish(mut self) -> FileTree {
        let snapshots = self.snapshots.take().unwrap_or_default();
        // Post-order: reverse of a pre-order where children are pushed in order.
        let mut order = Vec::new();
        let mut stack = vec![ROOT];
        while let Some(id) = stack.pop() {
            order.push(id);
            stack.extend(self.nodes[id.0].children.values().copied());
        }
        for &id in order.iter().rev() {
            let node = &self.nodes[id.0];
            let children_changed = node
                .children
                .values()
                .any(|c| self.nodes[c.0].change != Change::Unchanged);
            let change = if !node.present {
                Change::Removed
            } else {
                match snapshots.get(&id) {
                    Some(s) if !s.present => Change::Added,
                    Some(s) if !same_metadata(s.entry.as_ref(), node.entry.as_ref()) => {
                        Change::Modified
                    }
                    _ if children_changed => Change::Modified,
                    _ => Change::Unchanged,
                }
            };
            let own = node.entry.as_ref().map_or(0, |e| e.size);
            let size = own
                + node
                    .children
                    .values()
                    .map(|c| &self.nodes[c.0])
                    .filter(|c| c.present || !node.present)
                    .map(|c| c.size)
                    .sum::<u64>();
            let node = &mut self.nodes[id.0];
            node.change = change;
            node.size = size;
        }
        FileTree { nodes: self.nodes }
    }
}

/// A normalised path's parent components and name; `None` for the root.
fn split(path: &str) -> Option<(Vec<&str>, &str)> {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let name = parts.pop()?;
    Some((parts, name))
}

/// dive's `FileInfo.Compare` without a content hash (see the module docs); an implied
/// directory has no metadata to differ.
fn same_metadata(before: Option<&TarEntry>, after: Option<&TarEntry>) -> bool {
    let (Some(a), Some(b)) = (before, after) else {
        return true;
    };
    if a.kind != b.kind || a.mode != b.mode || a.uid != b.uid || a.gid != b.gid {
        return false;
    }
    match a.kind {
        EntryKind::Dir | EntryKind::Fifo => true,
        EntryKind::Symlink | EntryKind::Hardlink => a.link_target == b.link_target,
        EntryKind::Char | EntryKind::Block => a.device == b.device,
        EntryKind::File => a.size == b.size && a.mtime == b.mtime,
        EntryKind::Other(_) => a.size == b.size,
    }
}
