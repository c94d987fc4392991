//! Plain HTTP to a registry, for seeding what skopeo cannot (indexes, extra tags) and for
//! tests to compute expected values independently of the app.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{Error, Result};

/// What the registry returned for a manifest.
#[derive(Debug, Clone)]
pub struct RawManifest {
    /// The bytes as served.
    pub bytes: Vec<u8>,
    /// `Content-Type`.
    pub media_type: String,
    /// `Docker-Content-Digest`.
    pub digest: String,
}

impl RawManifest {
    /// The manifest as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_default()
    }
}

const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn failed(what: String, status: u16, body: &str) -> Error {
    Error::WebDriver(what, format!("registry answered {status}: {body}"))
}

/// `GET /v2/<repo>/manifests/<reference>` with every manifest type accepted.
pub fn get_manifest(base: &str, repository: &str, reference: &str) -> Result<RawManifest> {
    let url = format!("{base}/v2/{repository}/manifests/{reference}");
    let mut r = agent()
        .get(&url)
        .header("Accept", ACCEPT)
        .call()
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    let status = r.status().as_u16();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let (media_type, digest) = (header("content-type"), header("docker-content-digest"));
    let bytes = r
        .body_mut()
        .read_to_vec()
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    if status != 200 {
        return Err(failed(url, status, &String::from_utf8_lossy(&bytes)));
    }
    Ok(RawManifest {
        bytes,
        media_type,
        digest,
    })
}

/// `GET /v2/<repo>/blobs/<digest>`.
pub fn get_blob(base: &str, repository: &str, digest: &str) -> Result<Vec<u8>> {
    let url = format!("{base}/v2/{repository}/blobs/{digest}");
    let mut r = agent()
        .get(&url)
        .call()
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    let status = r.status().as_u16();
    let bytes = r
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    if status != 200 {
        return Err(failed(url, status, &String::from_utf8_lossy(&bytes)));
    }
    Ok(bytes)
}

/// `PUT /v2/<repo>/manifests/<tag>`; returns the digest the registry computed.
pub fn put_manifest(
    base: &str,
    repository: &str,
    tag: &str,
    media_type: &str,
    bytes: &[u8],
) -> Result<String> {
    let url = format!("{base}/v2/{repository}/manifests/{tag}");
    let mut r = agent()
        .put(&url)
        .header("Content-Type", media_type)
        .send(bytes)
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    let status = r.status().as_u16();
    let digest = r
        .headers()
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if status != 201 {
        let body = r.body_mut().read_to_string().unwrap_or_default();
        return Err(failed(url, status, &body));
    }
    Ok(digest)
}

/// Uploads a blob in one request (`POST` then `PUT ?digest=`); returns its digest.
pub fn push_blob(base: &str, repository: &str, bytes: &[u8]) -> Result<String> {
    let digest = format!("sha256:{}", sha256_hex(bytes)?);
    let url = format!("{base}/v2/{repository}/blobs/uploads/");
    let r = agent()
        .post(&url)
        .send_empty()
        .map_err(|e| Error::WebDriver(url.clone(), e.to_string()))?;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if r.status().as_u16() != 202 {
        return Err(failed(url, r.status().as_u16(), ""));
    }
    let sep = if location.contains('?') { '&' } else { '?' };
    let put = if location.starts_with("http") {
        format!("{location}{sep}digest={digest}")
    } else {
        format!("{base}{location}{sep}digest={digest}")
    };
    let r = agent()
        .put(&put)
        .header("Content-Type", "application/octet-stream")
        .send(bytes)
        .map_err(|e| Error::WebDriver(put.clone(), e.to_string()))?;
    if r.status().as_u16() != 201 {
        return Err(failed(put, r.status().as_u16(), ""));
    }
    Ok(digest)
}

/// `sha256sum` of bytes (independent of berth's own hashing).
pub fn sha256_hex(bytes: &[u8]) -> Result<String> {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: "sha256sum".into(),
            source,
        })?;
    child.stdin.take().expect("piped stdin").write_all(bytes)?;
    let out = child.wait_with_output()?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned())
}

/// Pushes an OCI index at `repository:tag` over manifests already in the repository:
/// `(tag of the manifest, "os/arch[/variant]")`. Returns the index digest.
pub fn push_index(
    base: &str,
    repository: &str,
    tag: &str,
    platforms: &[(&str, &str)],
) -> Result<String> {
    let mut manifests = Vec::new();
    for (source, platform) in platforms {
        let m = get_manifest(base, repository, source)?;
        let mut parts = platform.split('/');
        let mut p = serde_json::json!({
            "os": parts.next().unwrap_or(""),
            "architecture": parts.next().unwrap_or(""),
        });
        if let Some(v) = parts.next() {
            p["variant"] = serde_json::json!(v);
        }
        manifests.push(serde_json::json!({
            "mediaType": m.media_type,
            "digest": m.digest,
            "size": m.bytes.len(),
            "platform": p,
        }));
    }
    let index = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": manifests,
    });
    let bytes = serde_json::to_vec(&index).expect("index json");
    put_manifest(
        base,
        repository,
        tag,
        "application/vnd.oci.image.index.v1+json",
        &bytes,
    )
}

/// The uncompressed size of a gzip blob, from `gzip -dc | wc -c` (independent of berth).
pub fn gunzip_size(blob: &[u8]) -> Result<u64> {
    let mut child = Command::new("sh")
        .args(["-c", "gzip -dc | wc -c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: "gzip".into(),
            source,
        })?;
    child.stdin.take().expect("piped stdin").write_all(blob)?;
    let out = child.wait_with_output()?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| Error::WebDriver("gzip -dc | wc -c".into(), format!("{e}")))
}
