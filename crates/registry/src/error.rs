//! The crate's one error type.

use crate::RegistryError;

/// Everything that can go wrong while interpreting registry input.
///
/// No message ever contains a password or a token: texts name what was wrong, never the
/// secret values involved.
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
    /// A `401` came without a `WWW-Authenticate` header that the page could read.
    #[error(
        "the registry answered 401 without a readable WWW-Authenticate header: \
         it must send one and list it in Access-Control-Expose-Headers"
    )]
    ChallengeNotReadable,
    /// The registry asks for an authentication scheme berth does not speak.
    #[error("unsupported authentication scheme {0:?} (berth speaks Basic and Bearer)")]
    UnsupportedScheme(String),
    /// Token authentication was asked of a challenge that is not `Bearer`.
    #[error("token authentication needs a Bearer challenge, not {0}")]
    NotBearer(String),
    /// A `Bearer` challenge without `realm` (Docker's wording).
    #[error("no realm specified for token auth challenge")]
    MissingRealm,
    /// A `Bearer` realm that is not an `http(s)://` URL or a same-origin path.
    #[error("invalid token realm {0:?}: it must be an http or https URL")]
    InvalidRealm(String),
    /// A registry demands authentication and no credentials were given (Docker's wording).
    #[error("unauthorized: authentication required")]
    AuthenticationRequired,
    /// The token service's answer is not the JSON object the token spec describes.
    #[error("invalid token response: {0}")]
    InvalidTokenResponse(String),
    /// The token service's answer holds neither `token` nor `access_token` (Docker's wording).
    #[error("authorization server did not include a token in the response")]
    NoToken,
    /// A `tags/list` answer is not `{"name": …, "tags": […]}`.
    #[error("invalid tag list response: {0}")]
    InvalidTagList(String),
    /// The registry's `Link` pointed at a page already fetched: its `last=…`, or its URL.
    #[error(
        "the registry's next link repeats an earlier tag list page ({0}); stopping to avoid a loop"
    )]
    RepeatedPage(String),
    /// [`crate::TagPager::observe`] was called after the listing finished.
    #[error("the tag listing has already finished")]
    PagerFinished,
    /// An error response from the registry.
    #[error(transparent)]
    Registry(#[from] RegistryError),
}
