use berth_oci::Compression;

/// A blob's compression from its first bytes (magic numbers), for layers whose media type
/// says nothing (`MediaType::compression` is the first choice); plain tar otherwise.
pub fn sniff(head: &[u8]) -> Compression {
    match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        _ => Compression::None,
    }
}
