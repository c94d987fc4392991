//! Consistency checks between a pulled image's manifest and config
//! (go-containerregistry's `pkg/v1/validate`, over what berth has).

use crate::{Error, ImageConfig, ImageManifest};

/// Checks that a manifest and its config describe the same layers, as
/// Docker does before it unpacks a pull:
///
/// - the config descriptor's media type is an image config
///   ([`MediaType::is_config`](crate::MediaType::is_config)); an unknown
///   media type is allowed, a known one that is not a config (a layer, a
///   manifest, the artifacts' empty config) is [`Error::NotAConfig`];
/// - the manifest has one layer per diff ID of the config's `rootfs`
///   ([`Error::LayerCountMismatch`]). History entries marked
///   `empty_layer` have no layer and are not counted; the history itself
///   is not checked, as Docker does not check it.
///
/// ```
/// use berth_oci::{Descriptor, Digest, ImageConfig, ImageManifest, MediaType, check_layers};
/// let manifest = ImageManifest {
///     schema_version: 2,
///     media_type: None,
///     artifact_type: None,
///     config: Descriptor::new(MediaType::OciConfig, Digest::sha256_of(b"{}"), 2),
///     layers: vec![Descriptor::new(MediaType::OciLayerGzip, Digest::sha256_of(b""), 0)],
///     subject: None,
///     annotations: Default::default(),
/// };
/// let err = check_layers(&manifest, &ImageConfig::default()).unwrap_err();
/// assert_eq!(err.to_string(), "the manifest has 1 layer but the config has 0 diff IDs");
/// ```
pub fn check_layers(manifest: &ImageManifest, config: &ImageConfig) -> Result<(), Error> {
    let media_type = &manifest.config.media_type;
    if media_type.is_known() && !media_type.is_config() {
        return Err(Error::NotAConfig(media_type.clone()));
    }
    let layers = manifest.layers.len();
    let diff_ids = config.rootfs.diff_ids.len();
    if layers != diff_ids {
        return Err(Error::LayerCountMismatch { layers, diff_ids });
    }
    Ok(())
}
