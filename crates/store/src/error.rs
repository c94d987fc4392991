use berth_oci::Digest;
use berth_units::go_quote;

/// Everything the store can refuse or fail at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The storage backend failed (IndexedDB error text, quota exceeded, …).
    #[error("storage: {0}")]
    Backend(String),
    /// A conditional commit found other data than expected (another tab changed it).
    #[error("storage conflict on {table} {key}: changed by another writer, try again")]
    Conflict {
        /// Table name.
        table: &'static str,
        /// Key.
        key: String,
    },
    /// Bytes did not hash to the digest they were fetched by.
    #[error("digest mismatch for blob {expected}: got {actual}")]
    DigestMismatch {
        /// The digest asked for.
        expected: Digest,
        /// The digest of what arrived.
        actual: Digest,
    },
    /// A blob's length differs from its descriptor's size.
    #[error("size mismatch for blob {digest}: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The blob.
        digest: Digest,
        /// Descriptor size.
        expected: u64,
        /// Bytes received.
        actual: u64,
    },
    /// An image refers to a blob the store does not have.
    #[error("blob {0} is not in the store")]
    MissingBlob(Digest),
    /// No image with this ID.
    #[error("No such image: {0}")]
    NoSuchImage(String),
    /// `docker rmi " "`: the daemon's router refuses a blank name (moby
    /// `missingImageError`).
    #[error("image name cannot be blank")]
    BlankImageName,
    /// An image argument that is not a valid reference, as the daemon reports it
    /// (`GetImage`'s `ParseAnyReference` error, e.g. `docker rmi Foo`:
    /// `invalid reference format: repository name (library/Foo) must be lowercase`), or a
    /// malformed `reference` filter pattern (Go's `path.Match`: `syntax error in pattern`).
    #[error("{0}")]
    InvalidReference(#[from] berth_oci::Error),
    /// `docker images -f word`: a `--filter` word without `=` (docker/cli
    /// `opts.FilterOpt.Set`). Holds the word.
    #[error("bad format of filter (expected name=value)")]
    BadFilterFormat(String),
    /// The filter text has an opening quote without its closing one (as a shell says it).
    #[error("unexpected EOF while looking for matching `{0}'")]
    UnterminatedQuote(char),
    /// More than one `REPOSITORY[:TAG]` argument to `docker images` (docker/cli
    /// `cli/required.go` `RequiresMaxArgs`).
    #[error(
        "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker images --help' for more information"
    )]
    TooManyArguments,
    /// An unknown filter key, or a bad value for a known one (moby `filters.invalidFilter`):
    /// `invalid filter 'foo'`, `invalid filter 'dangling=[maybe]'`.
    #[error("{}", invalid_filter_text(.filter, .values.as_deref()))]
    InvalidFilter {
        /// The key.
        filter: String,
        /// The offending values (Go prints them as a slice: `[a b]`); `None` for an
        /// unknown key.
        values: Option<Vec<String>>,
    },
    /// An `until` value that is neither a duration nor a time (moby
    /// `daemon/internal/timestamp`): `invalid value for 'until' filter: …`.
    #[error("invalid value for 'until' filter: {0}")]
    InvalidUntil(String),
    /// `docker tag`'s client-side parse error for its SOURCE or TARGET argument
    /// (moby `client/image_tag.go`).
    #[error("error parsing reference: {} is not a valid repository/tag: {source}", go_quote(.reference))]
    ParseReference {
        /// The argument as given.
        reference: String,
        /// The parser's error.
        source: berth_oci::Error,
    },
    /// `docker tag SRC name@digest` (client-side, moby `client/image_tag.go`).
    #[error("refusing to create a tag with a digest reference")]
    TagWithDigest,
    /// `docker tag SRC sha256:x`: a repository named like the digest algorithm
    /// (daemon, `postImagesTag`).
    #[error("refusing to create an ambiguous tag using digest algorithm as name")]
    AmbiguousTagName,
    /// `docker rmi` refused to delete an image (moby `imageDeleteConflict`): a hard
    /// conflict cannot be forced (dependent child images), a soft one needs `-f`
    /// (references in several repositories).
    #[error(
        "conflict: unable to delete {} ({}) - {reason}",
        crate::short_id(.image),
        if *.hard { "cannot be forced" } else { "must be forced" }
    )]
    DeleteConflict {
        /// The image.
        image: Digest,
        /// Whether `-f` cannot override it.
        hard: bool,
        /// Docker's text: `image has dependent child images`,
        /// `image is referenced in multiple repositories`.
        reason: String,
    },
    /// A stored record could not be decoded.
    #[error("corrupt store record {table} {key}: {reason}")]
    CorruptRecord {
        /// Table name.
        table: &'static str,
        /// Key.
        key: String,
        /// Decoder message.
        reason: String,
    },
}

impl Error {
    /// Whether `docker` reports this before asking the daemon (its text is printed as
    /// is); everything else comes back as `Error response from daemon: …`.
    pub fn is_client_side(&self) -> bool {
        matches!(
            self,
            Error::ParseReference { .. }
                | Error::TagWithDigest
                | Error::BadFilterFormat(_)
                | Error::UnterminatedQuote(_)
                | Error::TooManyArguments
        )
    }

    /// Whether this is Docker's "not found" (`docker rmi -f` does not fail on it).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NoSuchImage(_))
    }

    /// The line the docker CLI prints for this error on stderr.
    ///
    /// ```
    /// use berth_store::Error;
    /// let e = Error::NoSuchImage("foo:latest".into());
    /// assert_eq!(e.cli_message(), "Error response from daemon: No such image: foo:latest");
    /// assert_eq!(
    ///     Error::TagWithDigest.cli_message(),
    ///     "refusing to create a tag with a digest reference"
    /// );
    /// ```
    ///
    /// `docker images -f foo` is pflag's `invalid argument "foo" for "-f, --filter" flag: bad
    /// format of filter (expected name=value)`.
    pub fn cli_message(&self) -> String {
        match self {
            Error::BadFilterFormat(word) => format!(
                "invalid argument {} for \"-f, --filter\" flag: {self}",
                go_quote(word)
            ),
            _ if self.is_client_side() => self.to_string(),
            _ => format!("Error response from daemon: {self}"),
        }
    }
}

fn invalid_filter_text(filter: &str, values: Option<&[String]>) -> String {
    // moby filters/errors.go: "invalid filter" + " '" + name [+ "=" + fmt("%s", values)] + "'"
    let mut msg = String::from("invalid filter");
    if !filter.is_empty() {
        msg.push_str(" '");
        msg.push_str(filter);
        if let Some(values) = values {
            msg.push_str("=[");
            msg.push_str(&values.join(" "));
            msg.push(']');
        }
        msg.push('\'');
    }
    msg
}
