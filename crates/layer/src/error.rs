/// Why a layer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The gzip stream is invalid or truncated.
    #[error("layer is not valid gzip: {0}")]
    Gzip(String),
    /// The zstd stream is invalid or truncated.
    #[error("layer is not valid zstd: {0}")]
    Zstd(String),
    /// Writing the decompressed bytes failed.
    #[error("{0}")]
    Sink(String),
    /// The uncompressed layer is not a valid tar archive: a bad header, a malformed
    /// extended header, or the stream ends inside a header or a file's contents.
    #[error("layer is not a valid tar archive: {0}")]
    Tar(String),
    /// A cap of [`crate::Limits`] stopped the reading before the layer's end, where a
    /// reader needed to go (a file's last entry may be anywhere in the layer).
    #[error("the layer was not read to its end: {0}")]
    Limit(crate::LimitHit),
}
