//! Chain IDs of layer stacks.

use crate::Digest;

/// The chain ID of every prefix of a layer stack, from its diff IDs
/// (the config's `rootfs.diff_ids`), as the OCI image-spec's config.md
/// defines them:
///
/// - `ChainID(L₀) = DiffID(L₀)`
/// - `ChainID(L₀|…|Lₙ) = sha256(ChainID(L₀|…|Lₙ₋₁) + " " + DiffID(Lₙ))`
///
/// Element `i` identifies the filesystem of layers `0..=i` applied in
/// order; the last is the chain ID of the whole image. An empty slice gives
/// an empty vector.
///
/// ```
/// use berth_oci::{Digest, chain_ids};
/// let a = Digest::sha256_of(b"a");
/// let b = Digest::sha256_of(b"b");
/// let ids = chain_ids(&[a.clone(), b.clone()]);
/// assert_eq!(ids[0], a);
/// assert_eq!(ids[1], Digest::sha256_of(format!("{a} {b}").as_bytes()));
/// ```
pub fn chain_ids(diff_ids: &[Digest]) -> Vec<Digest> {
    let mut ids: Vec<Digest> = Vec::with_capacity(diff_ids.len());
    for diff_id in diff_ids {
        let id = match ids.last() {
            None => diff_id.clone(),
            Some(parent) => Digest::sha256_of(format!("{parent} {diff_id}").as_bytes()),
        };
        ids.push(id);
    }
    ids
}

/// The chain ID of the whole stack (the last of [`chain_ids`]); `None` for
/// no layers.
pub fn chain_id(diff_ids: &[Digest]) -> Option<Digest> {
    chain_ids(diff_ids).pop()
}
