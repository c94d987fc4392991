//! `docker tag SOURCE TARGET`, as the docker CLI and moby's classic image store do it
//! (moby `client/image_tag.go`, `daemon/server/router/image/image_routes.go`
//! `postImagesTag`, `daemon/images/image_tag.go`, `daemon/internal/refstore/store.go`).

use berth_oci::Reference;

use crate::image_lookup::{bump_ref_epoch, ref_key, resolve};
use crate::store::encode;
use crate::{Backend, Error, Op, RefRecord, Store, Table};

impl<B: Backend> Store<B> {
    /// Makes `target` (`name[:tag]`, default tag `latest`) point at the image `source`
    /// names (a reference, an image ID or a unique ID prefix; see [`Store::lookup_image`]).
    /// A tag that pointed at another image is moved (that image may be left dangling);
    /// a tag that already points at the image is left as it is.
    ///
    /// Errors, in Docker's order and words:
    /// - either argument does not parse (client side):
    ///   `error parsing reference: "Foo" is not a valid repository/tag: invalid reference
    ///   format: repository name (Foo) must be lowercase` ([`Error::ParseReference`]);
    /// - the target has a digest: `refusing to create a tag with a digest reference`;
    /// - the target's repository is `sha256`: `refusing to create an ambiguous tag using
    ///   digest algorithm as name`;
    /// - no such source: `No such image: busybox:latest`.
    ///
    /// One atomic commit that expects the source image and the target reference as read;
    /// retried when another writer got in between.
    pub async fn tag(&self, source: &str, target: &str) -> Result<(), Error> {
        let parse_error = |reference: &str, source: berth_oci::Error| Error::ParseReference {
            reference: reference.to_owned(),
            source,
        };
        Reference::parse_any(source).map_err(|e| parse_error(source, e))?;
        let named = Reference::parse_normalized(target).map_err(|e| parse_error(target, e))?;
        if named.digest().is_some() {
            return Err(Error::TagWithDigest);
        }
        let named = named.tag_name_only();
        if named.familiar_name() == berth_oci::Algorithm::CANONICAL.as_str() {
            return Err(Error::AmbiguousTagName);
        }
        let key = ref_key(&named);
        loop {
            let snapshot = self.snapshot().await?;
            let found = resolve(&snapshot, source)?;
            let image = &snapshot.images[&found.image];
            let old = snapshot.refs.get(&key);
            if old.is_some_and(|o| o.record.image_id == image.record.id) {
                return Ok(());
            }
            let record = RefRecord {
                image_id: image.record.id.clone(),
                repo_digest: None,
            };
            let mut ops = vec![
                Op::Expect {
                    table: Table::Images,
                    key: found.image.clone(),
                    value: Some(image.bytes.clone()),
                },
                // The image record changes with every new reference: a delete that read
                // the image before this commit then conflicts instead of leaving the new
                // reference pointing at nothing.
                Op::Put {
                    table: Table::Images,
                    key: found.image.clone(),
                    value: bump_ref_epoch(&found.image, &image.bytes)?,
                },
                Op::Expect {
                    table: Table::Refs,
                    key: key.clone(),
                    value: old.map(|o| o.bytes.clone()),
                },
                Op::Put {
                    table: Table::Refs,
                    key: key.clone(),
                    value: encode(&record),
                },
            ];
            if let Some(by) = &found.reference {
                ops.push(Op::Expect {
                    table: Table::Refs,
                    key: by.clone(),
                    value: Some(snapshot.refs[by].bytes.clone()),
                });
            }
            match self.backend().commit(ops).await {
                Ok(()) => return Ok(()),
                Err(Error::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}
