use berth_registry::{Error, ErrorItem, RegistryError, manifest_not_found, pull_error};
use serde_json::json;

fn item(code: &str, message: &str) -> ErrorItem {
    ErrorItem::new(code, message)
}

#[test]
fn reads_the_envelope() {
    let e = RegistryError::from_response(
        404,
        br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#,
        None,
    );
    assert_eq!(
        e,
        RegistryError {
            status: 404,
            errors: vec![ErrorItem {
                code: "MANIFEST_UNKNOWN".into(),
                message: "manifest unknown".into(),
                detail: Some(json!({"Tag": "nope"})),
            }],
            retry_after: None,
            body: None,
        }
    );
    assert!(e.has_code("manifest_unknown"));
    assert!(!e.has_code("BLOB_UNKNOWN"));
    assert_eq!(e.first_code(), Some("MANIFEST_UNKNOWN"));
    // `detail: null` is no detail.
    let e = RegistryError::from_response(404, br#"{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":null}]}"#, None);
    assert_eq!(e.errors, [item("BLOB_UNKNOWN", "blob unknown to registry")]);
}

#[test]
fn words_errors_as_docker_does() {
    let cases: [(&str, u16, &str, Option<&str>, &str); 28] = [
        (
            "manifest unknown",
            404,
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}"#,
            None,
            "manifest unknown: manifest unknown",
        ),
        (
            "blob unknown",
            404,
            r#"{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:abc"}]}"#,
            None,
            "blob unknown: blob unknown to registry",
        ),
        (
            "name unknown",
            404,
            r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#,
            None,
            "name unknown: repository name not known to registry",
        ),
        (
            "unauthorized",
            401,
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Name":"x","Action":"pull"}]}]}"#,
            None,
            "unauthorized: authentication required",
        ),
        (
            "denied",
            403,
            r#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#,
            None,
            "denied: requested access to the resource is denied",
        ),
        (
            "unsupported",
            405,
            r#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#,
            None,
            "unsupported: The operation is unsupported.",
        ),
        (
            "Hub's rate limit",
            429,
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"}]}"#,
            None,
            "toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
        ),
        (
            "rate limit with Retry-After",
            429,
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}"#,
            Some("60"),
            "toomanyrequests: too many requests (retry after 60)",
        ),
        (
            "Retry-After only decorates toomanyrequests",
            404,
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
            Some("60"),
            "manifest unknown: manifest unknown",
        ),
        (
            "digest invalid",
            400,
            r#"{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}"#,
            None,
            "digest invalid: provided digest did not match uploaded content",
        ),
        (
            "manifest invalid",
            400,
            r#"{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid","detail":"missing config"}]}"#,
            None,
            "manifest invalid: manifest invalid",
        ),
        (
            "name invalid",
            400,
            r#"{"errors":[{"code":"NAME_INVALID","message":"invalid repository name"}]}"#,
            None,
            "name invalid: invalid repository name",
        ),
        (
            "tag invalid",
            400,
            r#"{"errors":[{"code":"TAG_INVALID","message":"manifest tag did not match URI"}]}"#,
            None,
            "tag invalid: manifest tag did not match URI",
        ),
        (
            "pagination",
            400,
            r#"{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested"}]}"#,
            None,
            "pagination number invalid: invalid number of results requested",
        ),
        (
            "empty message: the registered one",
            404,
            r#"{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN","message":""}]}"#,
            None,
            "blob upload unknown: blob upload unknown to registry",
        ),
        (
            "missing message: the registered one",
            403,
            r#"{"errors":[{"code":"DENIED"}]}"#,
            None,
            "denied: requested access to the resource is denied",
        ),
        (
            "a code distribution does not register",
            404,
            r#"{"errors":[{"code":"NOT_FOUND","message":"artifact library/x:y not found"}]}"#,
            None,
            "not found: artifact library/x:y not found",
        ),
        (
            "unregistered code, no message",
            500,
            r#"{"errors":[{"code":"WEIRD_THING"}]}"#,
            None,
            "weird thing",
        ),
        (
            "missing code",
            500,
            r#"{"errors":[{"message":"boom"}]}"#,
            None,
            "unknown: boom",
        ),
        (
            "several errors",
            400,
            r#"{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:1"},{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:2"},{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#,
            Some("Wed, 21 Oct 2015 07:28:00 GMT"),
            "errors:\nmanifest blob unknown: blob unknown to registry\nmanifest blob unknown: blob unknown to registry\ntoomanyrequests: slow down (retry after Wed, 21 Oct 2015 07:28:00 GMT)",
        ),
        (
            "Hub's token service, wrong password",
            401,
            r#"{"details":"incorrect username or password"}"#,
            None,
            "unauthorized: incorrect username or password",
        ),
        (
            "details on 403",
            403,
            r#"{"details":"no push access"}"#,
            None,
            "denied: no push access",
        ),
        (
            "details on 429",
            429,
            r#"{"details":"slow down"}"#,
            Some("30"),
            "toomanyrequests: slow down (retry after 30)",
        ),
        (
            "details on 500",
            500,
            r#"{"details":"database down"}"#,
            None,
            "unknown: database down",
        ),
        (
            "401 without envelope: Docker's text",
            401,
            "<html>401 Authorization Required</html>",
            None,
            "unauthorized: authentication required",
        ),
        (
            "401 with an empty body",
            401,
            "",
            None,
            "unauthorized: authentication required",
        ),
        (
            "Retry-After is trimmed; blank is none",
            429,
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}"#,
            Some("  "),
            "toomanyrequests: too many requests",
        ),
        (
            "non-object items are skipped",
            404,
            r#"{"errors":["junk",{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#,
            None,
            "name unknown: repository name not known to registry",
        ),
    ];
    for (name, status, body, retry_after, want) in cases {
        let e = RegistryError::from_response(status, body.as_bytes(), retry_after);
        assert_eq!(e.to_string(), want, "{name}");
        assert_eq!(e.status, status, "{name}");
        assert_eq!(e.body, None, "{name}");
    }
}

#[test]
fn bodies_that_are_not_envelopes() {
    let long = "x".repeat(250);
    /// Name, status, body, `Retry-After`, text.
    type Case<'a> = (&'a str, u16, Vec<u8>, Option<&'a str>, &'a str);
    let cases: [Case; 11] = [
        (
            "text body",
            502,
            b"upstream down".to_vec(),
            None,
            "unexpected status 502 Bad Gateway: upstream down",
        ),
        (
            "whitespace collapsed",
            500,
            b"  line one\n\tline two \r\n".to_vec(),
            None,
            "unexpected status 500 Internal Server Error: line one line two",
        ),
        (
            "an HTML page",
            502,
            b"<html>\n<head><title>502 Bad Gateway</title></head>\n</html>\n".to_vec(),
            None,
            "unexpected status 502 Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> </html>",
        ),
        (
            "empty body",
            404,
            Vec::new(),
            None,
            "unexpected status 404 Not Found",
        ),
        (
            "blank body",
            503,
            b" \n ".to_vec(),
            None,
            "unexpected status 503 Service Unavailable",
        ),
        (
            "binary body",
            500,
            vec![0x1f, 0x8b, 0x08, 0x00],
            None,
            "unexpected status 500 Internal Server Error",
        ),
        (
            "invalid UTF-8",
            500,
            vec![b'a', 0xff, b'b'],
            None,
            "unexpected status 500 Internal Server Error",
        ),
        (
            "unknown status",
            599,
            b"odd".to_vec(),
            None,
            "unexpected status 599: odd",
        ),
        (
            "JSON without errors",
            400,
            br#"{"errors":[]}"#.to_vec(),
            None,
            r#"unexpected status 400 Bad Request: {"errors":[]}"#,
        ),
        (
            "503 with Retry-After",
            503,
            b"maintenance".to_vec(),
            Some("120"),
            "unexpected status 503 Service Unavailable: maintenance (retry after 120)",
        ),
        (
            "the first 200 characters",
            500,
            long.clone().into_bytes(),
            None,
            "unexpected status 500 Internal Server Error: PLACEHOLDER",
        ),
    ];
    for (name, status, body, retry_after, want) in cases {
        let e = RegistryError::from_response(status, &body, retry_after);
        assert!(e.errors.is_empty(), "{name}");
        let want = want.replace("PLACEHOLDER", &format!("{}…", "x".repeat(200)));
        assert_eq!(e.to_string(), want, "{name}");
    }
    let e = RegistryError::from_response(500, "é".repeat(300).as_bytes(), None);
    assert_eq!(e.body.as_deref().map(|b| b.chars().count()), Some(201));
}

#[test]
fn docker_pull_wording() {
    let manifest = RegistryError::from_response(
        404,
        br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#,
        None,
    );
    let name = RegistryError::from_response(
        404,
        br#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#,
        None,
    );
    let denied = RegistryError::from_response(
        401,
        br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
        None,
    );
    let denied403 = RegistryError::from_response(
        403,
        br#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"},{"code":"UNKNOWN","message":"x"}]}"#,
        None,
    );
    let gateway = RegistryError::from_response(502, b"upstream down", None);
    assert_eq!(
        manifest_not_found("ubuntu:nope", &manifest),
        "manifest for ubuntu:nope not found: manifest unknown: manifest unknown"
    );
    assert_eq!(
        manifest_not_found("ubuntu:nope", &gateway),
        "manifest for ubuntu:nope not found: unexpected status 502 Bad Gateway: upstream down"
    );
    let cases = [
        (
            &manifest,
            "manifest for ubuntu:nope not found: manifest unknown: manifest unknown",
        ),
        (
            &name,
            "repository ubuntu not found: name unknown: repository name not known to registry",
        ),
        (
            &denied403,
            "pull access denied for ubuntu, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ),
        (&denied, "unauthorized: authentication required"),
        (&gateway, "unexpected status 502 Bad Gateway: upstream down"),
    ];
    for (e, want) in cases {
        assert_eq!(pull_error("ubuntu:nope", "ubuntu", e), want);
    }
}

#[test]
fn registry_errors_are_crate_errors() {
    let e = RegistryError::from_response(
        404,
        br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
        None,
    );
    let wrapped: Error = e.clone().into();
    assert_eq!(wrapped, Error::Registry(e));
    assert_eq!(wrapped.to_string(), "manifest unknown: manifest unknown");
}

#[test]
fn item_display_and_default_messages() {
    for (code, message, want) in [
        ("MANIFEST_UNKNOWN", "", "manifest unknown: manifest unknown"),
        (
            "NAME_UNKNOWN",
            "",
            "name unknown: repository name not known to registry",
        ),
        (
            "UNSUPPORTED",
            "",
            "unsupported: The operation is unsupported.",
        ),
        ("TOOMANYREQUESTS", "", "toomanyrequests: too many requests"),
        ("UNAVAILABLE", "", "unavailable: service unavailable"),
        (
            "SIZE_INVALID",
            "",
            "size invalid: provided length did not match content length",
        ),
        ("RANGE_INVALID", "", "range invalid: invalid content range"),
        (
            "MANIFEST_UNVERIFIED",
            "",
            "manifest unverified: manifest failed signature verification",
        ),
        (
            "BLOB_UPLOAD_INVALID",
            "",
            "blob upload invalid: blob upload invalid",
        ),
        (
            "QUERY_PARAMETER_INVALID",
            "",
            "query parameter invalid: invalid query parameter value",
        ),
        ("UNKNOWN", "", "unknown: unknown error"),
        ("manifest_unknown", "custom", "manifest unknown: custom"),
    ] {
        assert_eq!(item(code, message).to_string(), want, "{code}");
    }
}
