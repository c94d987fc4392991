//! Finding the image a user means, as Docker's classic image store does (moby
//! `daemon/images/image.go`, `GetImage`).
//!
//! An argument is parsed with `ParseAnyReference`:
//!
//! 1. a full image ID (`sha256:<64 hex>`, or 64 hex alone) is looked up as an ID only;
//! 2. otherwise it is a name (`name[:tag]`, default tag `latest`, or `name@digest`) and
//!    is looked up in the references; a reference whose image is gone does not count;
//! 3. then the argument as typed is matched against the image IDs as a prefix of their
//!    hex (or `sha256:` + prefix), as go-digest's `digestset.Lookup` does; a prefix
//!    that matches two images is ambiguous, which the classic store reports as not found.
//!
//! Not found is `No such image: <reference>`, where the reference is shown with its
//! default tag (`No such image: abc123:latest`), or as the digest for an ID.

use std::collections::BTreeMap;

use berth_oci::{AnyReference, Reference};
use serde_json::Value;

use crate::store::decode;
use crate::{Backend, Error, ImageRecord, RefRecord, Store, Table};

/// A record with the exact bytes it was read as (for compare-and-swap).
#[derive(Debug, Clone)]
pub(crate) struct Entry<T> {
    pub bytes: Vec<u8>,
    pub record: T,
}

/// The images and references tables, read one after the other (commits that depend on
/// them carry expectations on what they used; see [`Store::snapshot`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Image table key (`sha256:…`) → record.
    pub images: BTreeMap<String, Entry<ImageRecord>>,
    /// Canonical reference → record, in key order (Docker's `References` order).
    pub refs: BTreeMap<String, Entry<RefRecord>>,
}

/// What an image argument resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The image's table key.
    pub image: String,
    /// The reference it was found by, if it was found by name.
    pub reference: Option<String>,
}

/// The refs-table key a name is looked up by (moby refstore `Get`): `name@digest`
/// when it has a digest (a tag next to it is ignored), else `name:tag`, default `latest`.
pub(crate) fn ref_key(reference: &Reference) -> String {
    match (reference.digest(), reference.tag()) {
        (Some(digest), _) => format!("{}@{digest}", reference.name()),
        (None, tag) => format!(
            "{}:{}",
            reference.name(),
            tag.unwrap_or(berth_oci::DEFAULT_TAG)
        ),
    }
}

/// Docker's `ErrImageDoesNotExist`: the reference with its default tag, familiar.
fn not_found(reference: &AnyReference) -> Error {
    Error::NoSuchImage(match reference {
        AnyReference::Named(named) => named.tag_name_only().familiar_string(),
        AnyReference::Digest(digest) => digest.to_string(),
    })
}

/// Docker's `GetImage` over a snapshot.
pub(crate) fn resolve(snapshot: &Snapshot, arg: &str) -> Result<Resolved, Error> {
    let any = Reference::parse_any(arg).map_err(Error::InvalidReference)?;
    let named = match &any {
        AnyReference::Digest(digest) => {
            let key = digest.to_string();
            return if snapshot.images.contains_key(&key) {
                Ok(Resolved {
                    image: key,
                    reference: None,
                })
            } else {
                Err(not_found(&any))
            };
        }
        AnyReference::Named(named) => named,
    };
    let key = ref_key(named);
    if let Some(entry) = snapshot.refs.get(&key) {
        let image = entry.record.image_id.to_string();
        if snapshot.images.contains_key(&image) {
            return Ok(Resolved {
                image,
                reference: Some(key),
            });
        }
    }
    // A (short) ID (moby image store `Search`: go-digest `digestset.Lookup`).
    let keys: Vec<&String> = snapshot.images.keys().collect();
    let ids = keys
        .iter()
        .map(|k| k.split_once(':').unwrap_or(("", k.as_str())));
    match crate::digest_set::lookup(arg, ids) {
        Some(at) => Ok(Resolved {
            image: keys[at].clone(),
            reference: None,
        }),
        None => Err(not_found(&any)),
    }
}

/// The JSON key [`Store::tag`] bumps in an image record whenever a reference to the image
/// is added, so that a concurrent delete (which expects the record unchanged) conflicts.
pub(crate) const REF_EPOCH: &str = "ref_epoch";

/// The image record's bytes with [`REF_EPOCH`] incremented.
pub(crate) fn bump_ref_epoch(key: &str, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let corrupt = |reason: String| Error::CorruptRecord {
        table: Table::Images.name(),
        key: key.to_owned(),
        reason,
    };
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| corrupt("not a JSON object".to_owned()))?;
    let epoch = object.get(REF_EPOCH).and_then(Value::as_u64).unwrap_or(0);
    object.insert(REF_EPOCH.to_owned(), Value::from(epoch + 1));
    Ok(serde_json::to_vec(&value).expect("JSON values always serialise"))
}

impl<B: Backend> Store<B> {
    /// Reads the images table, then the references table.
    ///
    /// In that order: a reference added in between comes with a changed image record
    /// ([`REF_EPOCH`]), so a commit expecting the image as read here conflicts. Read the
    /// other way round, the new image record would be read, the new reference not, and a
    /// delete would leave that reference pointing at nothing.
    pub(crate) async fn snapshot(&self) -> Result<Snapshot, Error> {
        let mut snapshot = Snapshot::default();
        for (key, bytes) in self.backend().scan(Table::Images, "").await? {
            let record = decode(Table::Images, &key, &bytes)?;
            snapshot.images.insert(key, Entry { bytes, record });
        }
        for (key, bytes) in self.backend().scan(Table::Refs, "").await? {
            let record = decode(Table::Refs, &key, &bytes)?;
            snapshot.refs.insert(key, Entry { bytes, record });
        }
        Ok(snapshot)
    }

    /// The image a user's argument names, as Docker's `GetImage` finds it: a reference
    /// (`ubuntu`, `ubuntu:22.04`, `host:5000/app@sha256:…`), else a full image ID
    /// (`sha256:…` or 64 hex), else a unique prefix of an image ID (`4f1a`, `sha256:4f1a`).
    ///
    /// Errors: `No such image: ubuntu:latest` ([`Error::NoSuchImage`]; an ambiguous prefix
    /// too, like Docker's classic store), or the reference parser's error for an argument
    /// that is no reference at all ([`Error::InvalidReference`], e.g.
    /// `invalid reference format: repository name (Foo) must be lowercase`).
    pub async fn lookup_image(&self, arg: &str) -> Result<ImageRecord, Error> {
        let snapshot = self.snapshot().await?;
        let found = resolve(&snapshot, arg)?;
        Ok(snapshot.images[&found.image].record.clone())
    }
}
