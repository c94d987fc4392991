//! Registry error responses: the distribution/OCI error envelope, worded as Docker words it.
//!
//! Registries answer failures with
//! `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":…}]}`.
//! docker/distribution's `errcode` package prints each error as its code lowercased with `_`
//! turned into spaces, a colon, and the message (`manifest unknown: manifest unknown`), and
//! several as `errors:` followed by one per line.

use std::fmt;

use serde_json::Value;

/// How much of a non-envelope text body an error quotes.
const BODY_QUOTE_CHARS: usize = 200;

/// One error of the envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    /// The code as the registry sent it (`MANIFEST_UNKNOWN`); `UNKNOWN` when missing.
    pub code: String,
    /// The message as the registry sent it (may be empty).
    pub message: String,
    /// `detail`, when present and not `null`.
    pub detail: Option<Value>,
}

impl ErrorItem {
    /// An error with a code and message and no detail.
    pub fn new(code: &str, message: &str) -> ErrorItem {
        ErrorItem {
            code: code.to_owned(),
            message: message.to_owned(),
            detail: None,
        }
    }

    /// The message, or distribution's registered message for the code when it is empty.
    pub fn message_or_default(&self) -> &str {
        if self.message.is_empty() {
            registered_message(&self.code).unwrap_or("")
        } else {
            &self.message
        }
    }
}

impl fmt::Display for ErrorItem {
    /// `<code lowercased, _ as space>: <message>`, e.g. `manifest unknown: manifest unknown`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code.to_lowercase().replace('_', " "))?;
        match self.message_or_default() {
            "" => Ok(()),
            message => write!(f, ": {message}"),
        }
    }
}

/// A failed registry response: its status and what the body said.
///
/// `Display` follows docker/distribution:
///
/// * one error: `manifest unknown: manifest unknown`, `unauthorized: authentication required`,
///   `toomanyrequests: <message> (retry after <Retry-After>)`;
/// * several: `errors:` then each on its own line;
/// * no envelope: `unexpected status 502 Bad Gateway: <up to 200 characters of a text body>`.
///
/// ```
/// use berth_registry::RegistryError;
/// let e = RegistryError::from_response(
///     404,
///     br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#,
///     None,
/// );
/// assert_eq!(e.to_string(), "manifest unknown: manifest unknown");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// The HTTP status.
    pub status: u16,
    /// The envelope's errors; empty when the body was not an envelope.
    pub errors: Vec<ErrorItem>,
    /// The `Retry-After` header, if the response had one.
    pub retry_after: Option<String>,
    /// For a body that is not an envelope: its first 200 characters (whitespace collapsed),
    /// when it is non-empty text.
    pub body: Option<String>,
}

impl RegistryError {
    /// Interprets an error response.
    ///
    /// Besides the envelope this reads, as Docker does, the older `{"details":"…"}` shape
    /// (Docker Hub's token service: `{"details":"incorrect username or password"}`) as an
    /// `UNAUTHORIZED` (401), `DENIED` (403), `TOOMANYREQUESTS` (429) or `UNKNOWN` error, and a
    /// `401` without an envelope as `unauthorized: authentication required`.
    pub fn from_response(status: u16, body: &[u8], retry_after: Option<&str>) -> RegistryError {
        let retry_after = retry_after
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let mut errors = match &json {
            Some(v) => legacy_details(status, v).unwrap_or_else(|| envelope(v)),
            None => Vec::new(),
        };
        if errors.is_empty() && status == 401 {
            errors.push(ErrorItem::new("UNAUTHORIZED", "authentication required"));
        }
        let body = if errors.is_empty() { quote(body) } else { None };
        RegistryError {
            status,
            errors,
            retry_after,
            body,
        }
    }

    /// Whether any error has this code (`MANIFEST_UNKNOWN`), compared case-insensitively.
    pub fn has_code(&self, code: &str) -> bool {
        self.errors
            .iter()
            .any(|e| e.code.eq_ignore_ascii_case(code))
    }

    /// The first error's code, if the body was an envelope.
    pub fn first_code(&self) -> Option<&str> {
        self.errors.first().map(|e| e.code.as_str())
    }

    fn retry_suffix(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.retry_after {
            Some(r) => write!(f, " (retry after {r})"),
            None => Ok(()),
        }
    }

    fn write_item(&self, item: &ErrorItem, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{item}")?;
        if item.code.eq_ignore_ascii_case("TOOMANYREQUESTS") {
            self.retry_suffix(f)?;
        }
        Ok(())
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.as_slice() {
            [] => {
                write!(f, "unexpected status {}", self.status)?;
                if let Some(reason) = reason_phrase(self.status) {
                    write!(f, " {reason}")?;
                }
                if let Some(body) = &self.body {
                    write!(f, ": {body}")?;
                }
                if matches!(self.status, 429 | 503) {
                    self.retry_suffix(f)?;
                }
                Ok(())
            }
            [one] => self.write_item(one, f),
            many => {
                f.write_str("errors:")?;
                for item in many {
                    f.write_str("\n")?;
                    self.write_item(item, f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RegistryError {}

/// Docker's text for a tag or digest the registry does not have:
/// `manifest for <familiar reference> not found: manifest unknown: manifest unknown`.
///
/// Like Docker, only the first error is quoted.
pub fn manifest_not_found(reference_familiar: &str, e: &RegistryError) -> String {
    format!("manifest for {reference_familiar} not found: {}", first(e))
}

/// Docker's wording of a failed pull (moby's `TranslatePullError`) for the codes it singles
/// out; any other error is its own text.
///
/// * `MANIFEST_UNKNOWN`: `manifest for <reference> not found: <error>`
/// * `NAME_UNKNOWN`: `repository <name> not found: <error>`
/// * `DENIED`: `pull access denied for <name>, repository does not exist or may require
///   'docker login': <error>`
///
/// `reference_familiar` is the familiar reference (`ubuntu:nope`), `name_familiar` the
/// familiar repository name (`ubuntu`).
pub fn pull_error(reference_familiar: &str, name_familiar: &str, e: &RegistryError) -> String {
    match e
        .errors
        .first()
        .map(|i| i.code.to_ascii_uppercase())
        .as_deref()
    {
        Some("MANIFEST_UNKNOWN") => manifest_not_found(reference_familiar, e),
        Some("NAME_UNKNOWN") => format!("repository {name_familiar} not found: {}", first(e)),
        Some("DENIED") => format!(
            "pull access denied for {name_familiar}, repository does not exist or may require \
             'docker login': {}",
            first(e)
        ),
        _ => e.to_string(),
    }
}

/// The first error alone (as a one-error `RegistryError`), or the whole text without errors.
fn first(e: &RegistryError) -> String {
    match e.errors.first() {
        Some(item) => RegistryError {
            errors: vec![item.clone()],
            ..e.clone()
        }
        .to_string(),
        None => e.to_string(),
    }
}

/// Docker's compatibility path for `{"details": "…"}` bodies.
fn legacy_details(status: u16, json: &Value) -> Option<Vec<ErrorItem>> {
    let details = json.get("details")?.as_str().filter(|d| !d.is_empty())?;
    let code = match status {
        401 => "UNAUTHORIZED",
        403 => "DENIED",
        429 => "TOOMANYREQUESTS",
        _ => "UNKNOWN",
    };
    Some(vec![ErrorItem::new(code, details)])
}

fn envelope(json: &Value) -> Vec<ErrorItem> {
    let Some(items) = json.get("errors").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|item| item.is_object())
        .map(|item| ErrorItem {
            code: item
                .get("code")
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty())
                .unwrap_or("UNKNOWN")
                .to_owned(),
            message: item
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            detail: item.get("detail").filter(|d| !d.is_null()).cloned(),
        })
        .collect()
}

/// The first 200 characters of a text body, whitespace collapsed; `None` for binary or empty.
fn quote(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if text
        .chars()
        .any(|c| c.is_control() && !c.is_ascii_whitespace())
    {
        return None;
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return None;
    }
    let mut quoted: String = collapsed.chars().take(BODY_QUOTE_CHARS).collect();
    if quoted.len() < collapsed.len() {
        quoted.push('…');
    }
    Some(quoted)
}

/// distribution's registered message for a code (`errcode/register.go`, `api/v2/errors.go`).
fn registered_message(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "UNKNOWN" => "unknown error",
        "UNSUPPORTED" => "The operation is unsupported.",
        "UNAUTHORIZED" => "authentication required",
        "DENIED" => "requested access to the resource is denied",
        "UNAVAILABLE" => "service unavailable",
        "TOOMANYREQUESTS" => "too many requests",
        "DIGEST_INVALID" => "provided digest did not match uploaded content",
        "SIZE_INVALID" => "provided length did not match content length",
        "RANGE_INVALID" => "invalid content range",
        "NAME_INVALID" => "invalid repository name",
        "TAG_INVALID" => "manifest tag did not match URI",
        "NAME_UNKNOWN" => "repository name not known to registry",
        "MANIFEST_UNKNOWN" => "manifest unknown",
        "MANIFEST_INVALID" => "manifest invalid",
        "MANIFEST_UNVERIFIED" => "manifest failed signature verification",
        "MANIFEST_BLOB_UNKNOWN" => "blob unknown to registry",
        "BLOB_UNKNOWN" => "blob unknown to registry",
        "BLOB_UPLOAD_UNKNOWN" => "blob upload unknown to registry",
        "BLOB_UPLOAD_INVALID" => "blob upload invalid",
        "PAGINATION_NUMBER_INVALID" => "invalid number of results requested",
        "QUERY_PARAMETER_INVALID" => "invalid query parameter value",
        _ => return None,
    })
}

/// The reason phrase Go's `net/http` prints for a status.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}
