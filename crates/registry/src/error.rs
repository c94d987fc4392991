/// Everything that can go wrong while interpreting registry input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The registry address is empty.
    #[error("registry address is empty")]
    EmptyEndpoint,
    /// The registry address is not `[scheme://]host[:port][/prefix]`.
    #[error("invalid registry address {0:?}: {1}")]
    InvalidEndpoint(String, &'static str),
    /// A `WWW-Authenticate` header could not be parsed.
    #[error("malformed WWW-Authenticate header {0:?}")]
    MalformedChallenge(String),
}
