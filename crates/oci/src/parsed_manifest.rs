//! Reading a manifest a registry served, whatever its kind.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::serde::{from_json_slice, from_json_value};
use crate::{Descriptor, Error, ImageIndex, ImageManifest, MediaType};

/// What a manifest endpoint returns: one image's manifest or an index of
/// them.
///
/// ```
/// use berth_oci::{Manifest, MediaType};
/// let bytes = br#"{"schemaVersion":2,"manifests":[]}"#;
/// let manifest = Manifest::from_slice(None, bytes).unwrap();
/// assert!(matches!(manifest, Manifest::Index(_)));
///
/// let err = Manifest::from_slice(Some(MediaType::DockerManifestSchema1Signed.as_str()), b"{}")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "unsupported manifest schema 1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // a few hundred bytes, one per pull; matched by value
pub enum Manifest {
    /// An OCI image manifest or Docker schema 2 manifest.
    Image(ImageManifest),
    /// An OCI image index or Docker manifest list.
    Index(ImageIndex),
}

/// The two shapes a manifest can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Image,
    Index,
}

impl Kind {
    /// The kind a media type names, if it is a (current) manifest type.
    fn of(media_type: &MediaType) -> Option<Kind> {
        if media_type.is_index() {
            Some(Kind::Index)
        } else if media_type.is_image_manifest() {
            Some(Kind::Image)
        } else {
            None
        }
    }
}

impl Manifest {
    /// Reads a manifest's bytes, as served with `content_type` (the
    /// response's `Content-Type` header, if any).
    ///
    /// Whether it is an image manifest or an index is decided by the first
    /// of these that names a manifest type: the `Content-Type` (parameters
    /// such as `charset` ignored), the JSON's `mediaType` field, and
    /// finally the shape (`manifests` for an index, `config` for an image
    /// manifest). When the header and the field both name one and disagree,
    /// the manifest is invalid. Docker's schema 1, by either media type or
    /// by `schemaVersion: 1`, is [`Error::UnsupportedSchema1`].
    ///
    /// The result is a view; keep `bytes` (they are what the digest is
    /// over). Errors are [`Error::InvalidManifest`] with the reason, e.g.
    /// ``invalid manifest: missing field `config` ``.
    pub fn from_slice(content_type: Option<&str>, bytes: &[u8]) -> Result<Manifest, Error> {
        let value: Value = from_json_slice(bytes).map_err(Error::InvalidManifest)?;
        let header = content_type.map(MediaType::from_content_type);
        let field = value
            .get("mediaType")
            .and_then(Value::as_str)
            .map(MediaType::from);

        let schema1 = |mt: &Option<MediaType>| mt.as_ref().is_some_and(MediaType::is_schema1);
        if schema1(&header)
            || schema1(&field)
            || value.get("schemaVersion").and_then(Value::as_u64) == Some(1)
        {
            return Err(Error::UnsupportedSchema1);
        }

        let header_kind = header.as_ref().and_then(Kind::of);
        let field_kind = field.as_ref().and_then(Kind::of);
        if let (Some(h), Some(f)) = (&header, &field) {
            if header_kind.is_some() && field_kind.is_some() && header_kind != field_kind {
                return Err(Error::InvalidManifest(format!(
                    "Content-Type {h} does not match mediaType {f}"
                )));
            }
        }
        let kind = header_kind
            .or(field_kind)
            .or_else(|| {
                if value.get("manifests").is_some() {
                    Some(Kind::Index)
                } else if value.get("config").is_some() {
                    Some(Kind::Image)
                } else {
                    None
                }
            })
            .ok_or_else(|| {
                Error::InvalidManifest(
                    "neither an image manifest (no `config`) nor an index (no `manifests`)"
                        .to_owned(),
                )
            })?;

        let manifest = match kind {
            Kind::Image => Manifest::Image(from_json_value(value).map_err(Error::InvalidManifest)?),
            Kind::Index => Manifest::Index(from_json_value(value).map_err(Error::InvalidManifest)?),
        };
        match manifest.schema_version() {
            2 => Ok(manifest),
            v => Err(Error::InvalidManifest(format!(
                "unsupported schemaVersion {v}"
            ))),
        }
    }

    /// The `schemaVersion` (2).
    pub fn schema_version(&self) -> u32 {
        match self {
            Manifest::Image(m) => m.schema_version,
            Manifest::Index(i) => i.schema_version,
        }
    }

    /// The `mediaType` field, when the manifest has one.
    pub fn media_type(&self) -> Option<&MediaType> {
        match self {
            Manifest::Image(m) => m.media_type.as_ref(),
            Manifest::Index(i) => i.media_type.as_ref(),
        }
    }

    /// The `artifactType` field, when the manifest has one.
    pub fn artifact_type(&self) -> Option<&str> {
        match self {
            Manifest::Image(m) => m.artifact_type.as_deref(),
            Manifest::Index(i) => i.artifact_type.as_deref(),
        }
    }

    /// The `subject` descriptor, when the manifest refers to another.
    pub fn subject(&self) -> Option<&Descriptor> {
        match self {
            Manifest::Image(m) => m.subject.as_ref(),
            Manifest::Index(i) => i.subject.as_ref(),
        }
    }

    /// The annotations.
    pub fn annotations(&self) -> &BTreeMap<String, String> {
        match self {
            Manifest::Image(m) => &m.annotations,
            Manifest::Index(i) => &i.annotations,
        }
    }

    /// The image manifest, if this is one.
    pub fn as_image(&self) -> Option<&ImageManifest> {
        match self {
            Manifest::Image(m) => Some(m),
            Manifest::Index(_) => None,
        }
    }

    /// The index, if this is one.
    pub fn as_index(&self) -> Option<&ImageIndex> {
        match self {
            Manifest::Image(_) => None,
            Manifest::Index(i) => Some(i),
        }
    }
}
