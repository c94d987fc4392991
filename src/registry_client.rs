//! A registry client over the browser's `fetch`: authentication (Basic, Bearer tokens with a
//! cache), manifests, blobs as streams, tag lists. The decisions are berth-registry's; this
//! module only performs the requests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use berth_oci::{Digest, MANIFEST_ACCEPT};
use berth_registry::{
    AuthStep, Credentials, Endpoint, RegistryError, TagPager, TokenCache, TokenResponse,
    on_unauthorized, repository_scope,
};
use web_sys::{AbortSignal, Response};

use crate::error::Error;
use crate::fetch::{FetchOptions, fetch, response_bytes};

/// A manifest exactly as the registry sent it.
#[derive(Debug, Clone)]
pub struct FetchedManifest {
    /// The raw bytes (authoritative).
    pub bytes: Vec<u8>,
    /// `Content-Type` of the response.
    pub content_type: Option<String>,
    /// sha256 of `bytes`, computed here.
    pub digest: Digest,
}

/// A client for one registry endpoint. Cheap to clone; clones share tokens.
#[derive(Clone)]
pub struct RegistryClient {
    endpoint: Endpoint,
    credentials: Option<Credentials>,
    tokens: Rc<RefCell<TokenCache>>,
    /// The `Authorization` that last worked for a scope, to skip the 401 round trip.
    known: Rc<RefCell<HashMap<String, String>>>,
}

impl RegistryClient {
    /// A client for `endpoint`, with optional credentials.
    pub fn new(endpoint: Endpoint, credentials: Option<Credentials>) -> Self {
        RegistryClient {
            endpoint,
            credentials,
            tokens: Rc::default(),
            known: Rc::default(),
        }
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The `Authorization` that last worked for `scope`, to hand to a worker.
    pub fn known_authorization(&self, scope: &str) -> Option<String> {
        self.known.borrow().get(scope).cloned()
    }

    /// Sends `GET`/`HEAD` to `path` under the endpoint with `accept`, authenticating as the
    /// registry demands for `scope`. Non-2xx answers become [`Error::Registry`].
    pub async fn send(
        &self,
        method: &'static str,
        url: &str,
        accept: Option<&str>,
        scope: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, Error> {
        self.send_body(method, url, accept, None, scope, signal)
            .await
    }

    /// [`RegistryClient::send`] with a body and its `Content-Type` (`PUT` of a manifest).
    pub async fn send_body(
        &self,
        method: &'static str,
        url: &str,
        accept: Option<&str>,
        body: Option<(&str, &[u8])>,
        scope: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, Error> {
        let mut authorization = self.known.borrow().get(scope).cloned();
        let mut retried = false;
        loop {
            let mut headers = Vec::new();
            if let Some(a) = accept {
                headers.push(("Accept".to_owned(), a.to_owned()));
            }
            if let Some(auth) = &authorization {
                headers.push(("Authorization".to_owned(), auth.clone()));
            }
            if let Some((content_type, _)) = body {
                headers.push(("Content-Type".to_owned(), content_type.to_owned()));
            }
            let options = FetchOptions {
                method,
                headers,
                body: body.map(|(_, b)| b.to_vec()),
                signal: signal.cloned(),
                timeout_ms: 60_000,
                ..FetchOptions::default()
            };
            let response = fetch(url, &options).await?;
            let status = response.status();
            if status == 401 && !retried {
                retried = true;
                let www = response.headers().get("www-authenticate").ok().flatten();
                let step = on_unauthorized(
                    www.as_deref(),
                    &[scope.to_owned()],
                    self.credentials.as_ref(),
                    &self.tokens.borrow(),
                    &self.endpoint,
                    js_sys::Date::now(),
                );
                authorization = Some(match step {
                    AuthStep::Retry { authorization } => authorization,
                    AuthStep::FetchToken(request) => {
                        let mut headers = Vec::new();
                        if let Some(a) = &request.authorization {
                            headers.push(("Authorization".to_owned(), a.clone()));
                        }
                        let token_response = fetch(
                            &request.url,
                            &FetchOptions {
                                headers,
                                signal: signal.cloned(),
                                ..FetchOptions::default()
                            },
                        )
                        .await?;
                        let token_status = token_response.status();
                        let body = response_bytes(&token_response).await?;
                        if !(200..300).contains(&token_status) {
                            return Err(Error::Registry(
                                RegistryError::from_response(token_status, &body, None).into(),
                            ));
                        }
                        let token = TokenResponse::parse(&body, js_sys::Date::now())?;
                        let header = token.authorization();
                        self.tokens.borrow_mut().insert(request.cache_key(), token);
                        header
                    }
                    AuthStep::Fail(e) => return Err(e.into()),
                });
                continue;
            }
            if (200..300).contains(&status) {
                if let Some(a) = authorization {
                    self.known.borrow_mut().insert(scope.to_owned(), a);
                }
                return Ok(response);
            }
            let retry_after = response.headers().get("retry-after").ok().flatten();
            let answer = if method == "HEAD" {
                Vec::new()
            } else {
                response_bytes(&response).await.unwrap_or_default()
            };
            return Err(Error::Registry(
                RegistryError::from_response(status, &answer, retry_after.as_deref()).into(),
            ));
        }
    }

    /// `GET /v2/<repo>/manifests/<tag|digest>` with every manifest type in `Accept`.
    pub async fn manifest(
        &self,
        repository: &str,
        reference: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<FetchedManifest, Error> {
        self.manifest_accepting(repository, reference, MANIFEST_ACCEPT, signal)
            .await
    }

    /// [`RegistryClient::manifest`] with another `Accept` (a short one keeps the request
    /// CORS-simple: no preflight).
    pub async fn manifest_accepting(
        &self,
        repository: &str,
        reference: &str,
        accept: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<FetchedManifest, Error> {
        let url = self
            .endpoint
            .url(&format!("/v2/{repository}/manifests/{reference}"));
        let scope = repository_scope(repository, &["pull"]);
        let response = self.send("GET", &url, Some(accept), &scope, signal).await?;
        let content_type = response.headers().get("content-type").ok().flatten();
        let bytes = response_bytes(&response).await?;
        let digest = Digest::sha256_of(&bytes);
        Ok(FetchedManifest {
            bytes,
            content_type,
            digest,
        })
    }

    /// `GET /v2/<repo>/blobs/<digest>`: the response, whose body the caller streams.
    pub async fn blob(
        &self,
        repository: &str,
        digest: &Digest,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, Error> {
        let url = self
            .endpoint
            .url(&format!("/v2/{repository}/blobs/{digest}"));
        let scope = repository_scope(repository, &["pull"]);
        self.send("GET", &url, None, &scope, signal).await
    }

    /// `PUT /v2/<repo>/manifests/<reference>` with these exact bytes; returns the digest the
    /// registry computed (`Docker-Content-Digest`), or ours when it is not readable.
    pub async fn put_manifest(
        &self,
        repository: &str,
        reference: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<Digest, Error> {
        let url = self
            .endpoint
            .url(&format!("/v2/{repository}/manifests/{reference}"));
        let scope = repository_scope(repository, &["pull", "push"]);
        let response = self
            .send_body("PUT", &url, None, Some((media_type, bytes)), &scope, None)
            .await?;
        let digest = response
            .headers()
            .get("docker-content-digest")
            .ok()
            .flatten()
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| Digest::sha256_of(bytes));
        Ok(digest)
    }

    /// `DELETE /v2/<repo>/manifests/<digest>`.
    pub async fn delete_manifest(&self, repository: &str, digest: &Digest) -> Result<(), Error> {
        let url = self
            .endpoint
            .url(&format!("/v2/{repository}/manifests/{digest}"));
        let scope = repository_scope(repository, &["delete"]);
        self.send("DELETE", &url, None, &scope, None).await?;
        Ok(())
    }

    /// Every tag of a repository, following `Link` pagination when the registry sends it.
    pub async fn tags(
        &self,
        repository: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<String>, Error> {
        let mut pager = TagPager::new(&self.endpoint, repository, Some(1000));
        let scope = repository_scope(repository, &["pull"]);
        while let Some(url) = pager.next_url().map(str::to_owned) {
            let response = self.send("GET", &url, None, &scope, signal).await?;
            let link = response.headers().get("link").ok().flatten();
            let body = response_bytes(&response).await?;
            pager.observe(&body, link.as_deref())?;
        }
        Ok(pager.into_tags())
    }
}
