//! `docker rmi`, as moby's classic (graphdriver) image store does it
//! (`daemon/images/image_delete.go`) and the docker CLI prints it
//! (`cli/command/image/remove.go`). There are no containers here, so container
//! conflicts never happen.
//!
//! - **By reference** (`name[:tag]`, default tag `latest`, or `name@digest`): that
//!   reference is untagged; when it was a tag and no tag of its repository is left, the
//!   repository's digest references are untagged too. If the image has references left,
//!   that is all. Otherwise the image is deleted quietly: if it has child images it stays.
//! - **By ID or unique ID prefix**: when every reference is in one repository with at most
//!   one tag, they are all untagged and the image is deleted; otherwise, without force,
//!   `conflict: unable to delete <id12> (must be forced) - image is referenced in multiple
//!   repositories`; with force every reference is untagged and the image deleted.
//! - An image with child images (images whose `parent` it is) cannot be deleted, even
//!   with force: `conflict: unable to delete <id12> (cannot be forced) - image has
//!   dependent child images`.
//! - A deleted image prints `Deleted: <image ID>`, then `Deleted: <chain ID>` for each of
//!   its layers that no other image has, top layer first (the classic layer store's
//!   reference counting). Then, unless `no_prune`, its parent is deleted the same way if
//!   it has no references and no other children, and so on up the chain.

use std::collections::BTreeSet;
use std::fmt;

use berth_oci::{Digest, ImageConfig, Reference, chain_ids};

use crate::image_lookup::{Snapshot, resolve};
use crate::{Backend, Error, ImageRecord, Op, Store, Table};

/// `docker rmi`'s flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemoveOptions {
    /// `-f`/`--force`: untag an image referenced in several repositories (or by two tags
    /// of one) and delete it.
    pub force: bool,
    /// `--no-prune`: keep untagged parent images.
    pub no_prune: bool,
}

/// One line of `docker rmi`'s output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoveLine {
    /// `Untagged: ubuntu:latest`, `Untagged: ubuntu@sha256:…` (the familiar reference).
    Untagged(String),
    /// `Deleted: sha256:…`: an image ID, or the chain ID of a layer gone with it.
    Deleted(Digest),
}

impl fmt::Display for RemoveLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoveLine::Untagged(reference) => write!(f, "Untagged: {reference}"),
            RemoveLine::Deleted(digest) => write!(f, "Deleted: {digest}"),
        }
    }
}

/// What `docker rmi IMAGE…` prints and exits with, from [`Store::remove_many`]'s results
/// (docker/cli `runRemove`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoveOutput {
    /// Every image's lines, in argument order.
    pub stdout: Vec<String>,
    /// The errors, after all the output (`Error response from daemon: …`).
    pub stderr: Vec<String>,
    /// 1 if an error is fatal: any error without `-f`; with `-f`, one that is not a
    /// "No such image" (those are printed but do not fail the command).
    pub exit_code: i32,
}

/// Docker CLI's output for `docker rmi` of several images: the lines of those removed,
/// then the errors; with `force` only errors other than "No such image" fail.
pub fn remove_output(results: &[Result<Vec<RemoveLine>, Error>], force: bool) -> RemoveOutput {
    let mut out = RemoveOutput::default();
    let mut fatal = false;
    for result in results {
        match result {
            Ok(lines) => out.stdout.extend(lines.iter().map(ToString::to_string)),
            Err(e) => {
                fatal |= !e.is_not_found();
                out.stderr.push(e.cli_message());
            }
        }
    }
    if !out.stderr.is_empty() && (!force || fatal) {
        out.exit_code = 1;
    }
    out
}

/// A reference to an image, as `image_delete.go` looks at it.
#[derive(Debug, Clone)]
struct RefInfo {
    /// Refs-table key (canonical).
    key: String,
    /// Repository name (`Named.Name()`).
    name: String,
    /// Whether it is a digest reference (`reference.Canonical`).
    canonical: bool,
    /// What `Untagged:` shows.
    familiar: String,
}

impl RefInfo {
    fn new(key: &str) -> RefInfo {
        match Reference::parse(key) {
            Ok(r) => RefInfo {
                key: key.to_owned(),
                name: r.name(),
                canonical: r.digest().is_some(),
                familiar: r.tag_name_only().familiar_string(),
            },
            // Not written by berth; shown and handled as it is.
            Err(_) => RefInfo {
                key: key.to_owned(),
                name: key.split(['@', ':']).next().unwrap_or(key).to_owned(),
                canonical: key.contains('@'),
                familiar: key.to_owned(),
            },
        }
    }
}

/// moby's `isSingleReference`: every reference in one repository, at most one tag.
/// False for none.
fn is_single_reference(refs: &[RefInfo]) -> bool {
    if refs.len() <= 1 {
        return refs.len() == 1;
    }
    let mut single: Option<&RefInfo> = None;
    let mut canonical = BTreeSet::new();
    for r in refs {
        if r.canonical {
            canonical.insert(r.name.as_str());
        } else if single.is_none() {
            single = Some(r);
        } else {
            return false;
        }
    }
    let single = single.unwrap_or(&refs[0]);
    canonical.len() == 1 && canonical.contains(single.name.as_str())
}

/// moby's `isImageIDPrefix`: whether the argument is a prefix of the image ID, with or
/// without its `sha256:`. (`docker rmi sha` is "by ID" even when it names a tag.)
fn is_image_id_prefix(image_id: &str, arg: &str) -> bool {
    image_id.starts_with(arg)
        || image_id
            .split_once(':')
            .is_some_and(|(_, hex)| hex.starts_with(arg))
}

/// A line before the layers of deleted images are known.
enum Planned {
    Untagged(String),
    Deleted(String),
}

/// `ImageDelete` replayed over a snapshot: decides everything, changes nothing.
struct Plan<'s> {
    snapshot: &'s Snapshot,
    lines: Vec<Planned>,
    removed_refs: Vec<String>,
    deleted: Vec<String>,
    /// Images whose record (and references) the outcome depends on: expected unchanged.
    involved: BTreeSet<String>,
    /// Images whose existence the outcome depends on: expected present.
    present: BTreeSet<String>,
}

impl<'s> Plan<'s> {
    fn new(snapshot: &'s Snapshot) -> Self {
        Plan {
            snapshot,
            lines: Vec::new(),
            removed_refs: Vec::new(),
            deleted: Vec::new(),
            involved: BTreeSet::new(),
            present: BTreeSet::new(),
        }
    }

    fn exists(&self, image: &str) -> bool {
        self.snapshot.images.contains_key(image) && !self.deleted.iter().any(|d| d == image)
    }

    /// The image's references still there, in key order (moby's `References`).
    fn references(&self, image: &str) -> Vec<RefInfo> {
        self.snapshot
            .refs
            .iter()
            .filter(|(key, e)| {
                e.record.image_id.to_string() == image && !self.removed_refs.contains(key)
            })
            .map(|(key, _)| RefInfo::new(key))
            .collect()
    }

    /// Images whose parent is `image`.
    fn children(&self, image: &str) -> Vec<String> {
        self.snapshot
            .images
            .iter()
            .filter(|(key, e)| {
                self.exists(key)
                    && e.record
                        .parent
                        .as_ref()
                        .is_some_and(|p| p.to_string() == image)
            })
            .map(|(key, _)| key.clone())
            .collect()
    }

    fn untag(&mut self, r: &RefInfo) {
        self.removed_refs.push(r.key.clone());
        self.lines.push(Planned::Untagged(r.familiar.clone()));
    }

    /// moby's `checkImageDeleteConflict` (no containers): child images are hard, any
    /// reference is soft unless `force`.
    fn conflict(&mut self, image: &str, force: bool) -> Option<Error> {
        let id = self.snapshot.images[image].record.id.clone();
        let children = self.children(image);
        if !children.is_empty() {
            self.present.extend(children);
            return Some(Error::DeleteConflict {
                image: id,
                hard: true,
                reason: "image has dependent child images".into(),
            });
        }
        if !force && !self.references(image).is_empty() {
            return Some(Error::DeleteConflict {
                image: id,
                hard: false,
                reason: "image is referenced in multiple repositories".into(),
            });
        }
        None
    }

    /// moby's `ImageDelete`.
    fn run(&mut self, arg: &str, options: RemoveOptions) -> Result<(), Error> {
        if arg.trim().is_empty() {
            return Err(Error::BlankImageName);
        }
        let found = resolve(self.snapshot, arg)?;
        let image = found.image;
        self.involved.insert(image.clone());
        let prune = !options.no_prune;
        let refs = self.references(&image);
        let quiet = if !is_image_id_prefix(&image, arg) {
            // By reference: untag it (with the default tag if none was given).
            let given = Reference::parse_normalized(arg)
                .map_err(Error::InvalidReference)?
                .tag_name_only();
            let key = crate::image_lookup::ref_key(&given);
            let Some(r) = refs.iter().find(|r| r.key == key).cloned() else {
                // Not reached: an argument that is no prefix of the ID was found by this
                // very reference. Docker's refstore would say "reference does not exist".
                return Err(Error::NoSuchImage(given.familiar_string()));
            };
            self.removed_refs.push(r.key.clone());
            self.lines.push(Planned::Untagged(given.familiar_string()));
            let mut remaining = self.references(&image);
            // A tag gone and no tag of its repository left: its digest refs go too.
            if given.digest().is_none()
                && !remaining.iter().any(|o| !o.canonical && o.name == r.name)
            {
                let (same, others): (Vec<_>, Vec<_>) = remaining
                    .into_iter()
                    .partition(|o| o.canonical && o.name == r.name);
                for o in &same {
                    self.untag(o);
                }
                remaining = others;
            }
            if !remaining.is_empty() {
                return Ok(());
            }
            true
        } else {
            if is_single_reference(&refs) {
                if let Some(conflict) = self.conflict_hard_only(&image) {
                    return Err(conflict);
                }
                for r in &refs {
                    self.untag(r);
                }
            }
            false
        };
        self.delete(&image, options.force, prune, quiet)
    }

    /// The hard conflicts only (`ImageDelete` by ID before untagging a single reference).
    fn conflict_hard_only(&mut self, image: &str) -> Option<Error> {
        self.conflict(image, true)
    }

    /// moby's `imageDeleteHelper`.
    fn delete(&mut self, image: &str, force: bool, prune: bool, quiet: bool) -> Result<(), Error> {
        self.involved.insert(image.to_owned());
        if let Some(conflict) = self.conflict(image, force) {
            // Quietly: the image has references or children, so it is not dangling and
            // the conflict is not reported (no containers, so never "used").
            return if quiet { Ok(()) } else { Err(conflict) };
        }
        let parent = self.snapshot.images[image]
            .record
            .parent
            .as_ref()
            .map(ToString::to_string);
        for r in self.references(image) {
            self.untag(&r);
        }
        self.deleted.push(image.to_owned());
        self.lines.push(Planned::Deleted(image.to_owned()));
        match parent {
            // A parent berth does not have (not a state Docker's store can be in) ends
            // the pruning.
            Some(parent) if prune && self.exists(&parent) => {
                self.delete(&parent, false, true, true)
            }
            _ => Ok(()),
        }
    }
}

impl<B: Backend> Store<B> {
    /// The layers' diff IDs of an image: from its records once verified, else from its
    /// config's `rootfs.diff_ids`. An unreadable config gives the verified ones only.
    async fn diff_ids(&self, image: &ImageRecord) -> Vec<Digest> {
        if let Some(ids) = image.layers.iter().map(|l| l.diff_id.clone()).collect() {
            return ids;
        }
        let config = self.read_blob(&image.id).await.ok();
        if let Some(config) = config.and_then(|b| ImageConfig::from_slice(&b).ok()) {
            return config.rootfs.diff_ids;
        }
        image
            .layers
            .iter()
            .map_while(|l| l.diff_id.clone())
            .collect()
    }

    /// `docker rmi [-f] [--no-prune] IMAGE`: what it prints, in order. See the module
    /// documentation for the rules; errors are Docker's (`No such image: foo:latest`,
    /// `conflict: unable to delete 4f1a2b3c4d5e (must be forced) - image is referenced in
    /// multiple repositories`, …).
    ///
    /// One atomic commit: it expects every record the decision was made on (the images
    /// untagged or deleted and all their references, the children and layer-sharing
    /// images that stopped a deletion) and is replanned from scratch when another writer
    /// changed one. Blobs stay until [`Store::cleanup`].
    pub async fn remove(
        &self,
        target: &str,
        options: RemoveOptions,
    ) -> Result<Vec<RemoveLine>, Error> {
        loop {
            let snapshot = self.snapshot().await?;
            let mut plan = Plan::new(&snapshot);
            plan.run(target, options)?;

            // Chain IDs, only when an image goes.
            let mut chains: Vec<(String, Vec<Digest>)> = Vec::new();
            if !plan.deleted.is_empty() {
                for (key, entry) in &snapshot.images {
                    chains.push((key.clone(), chain_ids(&self.diff_ids(&entry.record).await)));
                }
            }
            let mut gone: Vec<&str> = Vec::new();
            let mut lines = Vec::new();
            for line in &plan.lines {
                match line {
                    Planned::Untagged(r) => lines.push(RemoveLine::Untagged(r.clone())),
                    Planned::Deleted(image) => {
                        gone.push(image);
                        lines.push(RemoveLine::Deleted(
                            snapshot.images[image].record.id.clone(),
                        ));
                        let own = chains
                            .iter()
                            .find(|(k, _)| k == image)
                            .map(|(_, c)| c.as_slice())
                            .unwrap_or_default();
                        // Top layer down, while no remaining image has that layer stack.
                        for chain in own.iter().rev() {
                            let holders: Vec<&String> = chains
                                .iter()
                                .filter(|(k, c)| !gone.contains(&k.as_str()) && c.contains(chain))
                                .map(|(k, _)| k)
                                .collect();
                            if holders.is_empty() {
                                lines.push(RemoveLine::Deleted(chain.clone()));
                            } else {
                                plan.present.extend(holders.into_iter().cloned());
                                break;
                            }
                        }
                    }
                }
            }

            let mut ops = Vec::new();
            for image in &plan.involved {
                ops.push(Op::Expect {
                    table: Table::Images,
                    key: image.clone(),
                    value: Some(snapshot.images[image].bytes.clone()),
                });
            }
            for image in plan.present.difference(&plan.involved) {
                ops.push(Op::ExpectPresent {
                    table: Table::Images,
                    key: image.clone(),
                });
            }
            for (key, entry) in &snapshot.refs {
                if plan.involved.contains(&entry.record.image_id.to_string()) {
                    ops.push(Op::Expect {
                        table: Table::Refs,
                        key: key.clone(),
                        value: Some(entry.bytes.clone()),
                    });
                }
            }
            for key in &plan.removed_refs {
                ops.push(Op::Delete {
                    table: Table::Refs,
                    key: key.clone(),
                });
            }
            for image in &plan.deleted {
                ops.push(Op::Delete {
                    table: Table::Images,
                    key: image.clone(),
                });
            }
            match self.backend().commit(ops).await {
                Ok(()) => return Ok(lines),
                Err(Error::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// `docker rmi IMAGE…`: [`Store::remove`] for each target in order, going on after an
    /// error like the CLI does (see [`remove_output`] for what it then prints).
    pub async fn remove_many(
        &self,
        targets: &[String],
        options: RemoveOptions,
    ) -> Vec<Result<Vec<RemoveLine>, Error>> {
        let mut results = Vec::with_capacity(targets.len());
        for target in targets {
            results.push(self.remove(target, options).await);
        }
        results
    }
}
