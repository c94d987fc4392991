//! The reference grammar as regular expressions (a port of Go's
//! `github.com/distribution/reference/regexp.go`).
//!
//! ```text
//! reference          := name [ ":" tag ] [ "@" digest ]
//! name               := [ domain "/" ] remote-name
//! domain             := host [ ":" port-number ]
//! host               := domain-name | IPv4address | "[" IPv6address "]"   (RFC 3986, appendix A)
//! domain-name        := domain-component [ "." domain-component ]*
//! domain-component   := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//! port-number        := /[0-9]+/
//! remote-name        := path-component [ "/" path-component ]*
//! path-component     := alpha-numeric [ separator alpha-numeric ]*
//! alpha-numeric      := /[a-z0-9]+/
//! separator          := /[_.]|__|[-]+/
//! tag                := /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/
//! digest             := algorithm ":" hex          (then checked as a `Digest`)
//! algorithm          := component [ /[-_+.]/ component ]*
//! component          := /[A-Za-z][A-Za-z0-9]*/
//! hex                := /[0-9a-fA-F]{32,}/          (at least 128 bits)
//! identifier         := /[a-f0-9]{64}/
//! ```
//!
//! The constants are pattern strings in the syntax shared by Go's `regexp`
//! and Rust's `regex` crates. They are ASCII-only (Go's `\w` is written out as
//! `[A-Za-z0-9_]`), so they compile without the `regex` crate's Unicode
//! tables. Only [`REFERENCE`] and [`ANCHORED_NAME`] are anchored.
//!
//! ```
//! use berth_oci::grammar;
//! let tag = regex::Regex::new(&format!("^{}$", grammar::TAG)).unwrap();
//! assert!(tag.is_match("v1.2.3"));
//! assert!(!tag.is_match("-v1"));
//! ```

use std::sync::LazyLock;

use regex::Regex;

// The building blocks. They are macros rather than constants so that the
// public patterns can be assembled with `concat!` at compile time.

/// The alphanumeric atom of path components: lower case letters and digits.
macro_rules! alphanumeric {
    () => {
        "[a-z0-9]+"
    };
}

/// Separators allowed inside path components: one period, one or two
/// underscores, or any number of dashes.
macro_rules! separator {
    () => {
        "(?:[._]|__|[-]+)"
    };
}

/// A component of a registry domain name.
macro_rules! domain_name_component {
    () => {
        "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
    };
}

/// An optional port number including its separator (e.g. `:80`).
macro_rules! optional_port {
    () => {
        "(?::[0-9]+)?"
    };
}

/// A tag (Go: `[\w][\w.-]{0,127}`).
macro_rules! tag {
    () => {
        "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
    };
}

/// A digest as the reference grammar sees it (looser than [`crate::Digest`]).
macro_rules! digest {
    () => {
        "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"
    };
}

/// A content addressable identifier: a sha256 digest without the algorithm.
macro_rules! identifier {
    () => {
        "([a-f0-9]{64})"
    };
}

/// An IPv6 address between square brackets (no zone identifier).
macro_rules! ipv6_address {
    () => {
        r"\[(?:[a-fA-F0-9:]+)\]"
    };
}

/// A DNS-like domain name, or an IPv4 address in decimal form.
macro_rules! domain_name {
    () => {
        concat!(
            domain_name_component!(),
            r"(?:\.",
            domain_name_component!(),
            ")*"
        )
    };
}

/// A host: domain name, IPv4 or bracketed IPv6 address.
macro_rules! host {
    () => {
        concat!("(?:", domain_name!(), "|", ipv6_address!(), ")")
    };
}

/// A host with an optional port.
macro_rules! domain_and_port {
    () => {
        concat!(host!(), optional_port!())
    };
}

/// A path component: alphanumerics joined by separators.
macro_rules! path_component {
    () => {
        concat!(alphanumeric!(), "(?:", separator!(), alphanumeric!(), ")*")
    };
}

/// The remote name: slash-separated path components, e.g. `library/ubuntu`.
macro_rules! remote_name {
    () => {
        concat!(path_component!(), "(?:/", path_component!(), ")*")
    };
}

/// A name: an optional domain followed by a remote name.
macro_rules! name {
    () => {
        concat!("(?:", domain_and_port!(), "/)?", remote_name!())
    };
}

/// Matches valid tags (Go's `TagRegexp`, unanchored).
pub const TAG: &str = tag!();

/// Matches well-formed digests including the algorithm, e.g.
/// `sha256:<hex>` (Go's `DigestRegexp`, unanchored).
///
/// This is the reference grammar's notion of a digest; a parsed reference's
/// digest must also be a valid [`crate::Digest`].
pub const DIGEST: &str = digest!();

/// Matches a host name or IP address with an optional port (Go's
/// `DomainRegexp`, unanchored).
pub const DOMAIN: &str = domain_and_port!();

/// Matches a 64-character lower case hexadecimal identifier, captured as
/// group 1 (Go's `IdentifierRegexp`, unanchored).
pub const IDENTIFIER: &str = identifier!();

/// Matches the name component of a reference, including an optional domain
/// and port but no tag or digest (Go's `NameRegexp`, unanchored).
pub const NAME: &str = name!();

/// The anchored name pattern: group 1 captures the domain (if any), group 2
/// the remote name (Go's unexported `anchoredNameRegexp`).
pub const ANCHORED_NAME: &str = concat!("^(?:(", domain_and_port!(), ")/)?(", remote_name!(), ")$");

/// The full, anchored reference pattern with capturing groups for name (1),
/// tag (2) and digest (3) (Go's `ReferenceRegexp`).
pub const REFERENCE: &str = concat!(
    "^(",
    name!(),
    ")(?::(",
    tag!(),
    "))?(?:@(",
    digest!(),
    "))?$"
);

fn compile(pattern: &str) -> Regex {
    // The patterns are compile-time constants covered by the tests.
    Regex::new(pattern).expect("the reference grammar is a valid regular expression")
}

/// [`REFERENCE`], compiled.
pub(crate) static REFERENCE_REGEX: LazyLock<Regex> = LazyLock::new(|| compile(REFERENCE));

/// [`ANCHORED_NAME`], compiled.
pub(crate) static ANCHORED_NAME_REGEX: LazyLock<Regex> = LazyLock::new(|| compile(ANCHORED_NAME));

/// [`TAG`], anchored and compiled.
pub(crate) static ANCHORED_TAG_REGEX: LazyLock<Regex> =
    LazyLock::new(|| compile(concat!("^", tag!(), "$")));

/// [`IDENTIFIER`], anchored and compiled.
pub(crate) static ANCHORED_IDENTIFIER_REGEX: LazyLock<Regex> =
    LazyLock::new(|| compile(concat!("^", identifier!(), "$")));
