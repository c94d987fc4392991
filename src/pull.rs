//! `docker pull` in the page: resolve the manifest (choosing a platform from an index),
//! fetch config and layers (three at a time) into the store, verifying every blob while it
//! streams, then commit the image and its references atomically. The diff-ids are checked
//! afterwards ([`crate::verify`]), with the image shown as "verifying" meanwhile.

use std::cell::RefCell;
use std::rc::Rc;

use berth_oci::{
    Descriptor, Digest, ImageConfig, ImageManifest, Manifest, Platform, Reference, best_match,
    check_layers,
};
use berth_registry::{manifest_not_found, repository_scope};
use berth_store::{PullResult, pulling_from};
use futures::StreamExt;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use crate::blob_stream::{BlobTarget, Progress, store_blob_stream};
use crate::error::{Error, js_message};
use crate::fetch::response_bytes;
use crate::image_store::ImageStore;
use crate::registry_client::{FetchedManifest, RegistryClient};
use crate::session;
use crate::worker_pool::{WorkerPool, error_of};
use crate::worker_protocol::{Failure, Job};

/// Layers downloaded at once, as Docker's default `max-concurrent-downloads` is 3.
const PARALLEL_LAYERS: usize = 3;

/// What to pull.
#[derive(Debug, Clone, PartialEq)]
pub struct PullOptions {
    /// `[REGISTRY[:PORT]/]NAME[:TAG|@DIGEST]`.
    pub reference: String,
    /// The platform to choose from a multi-platform index.
    pub platform: Platform,
    /// `-a/--all-tags`.
    pub all_tags: bool,
}

/// A layer's state, in Docker's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerStatus {
    /// Queued behind other downloads.
    Waiting,
    /// Bytes are arriving.
    Downloading,
    /// Checking the digest of what arrived.
    Verifying,
    /// The store already had it.
    AlreadyExists,
    /// Downloaded, verified and stored.
    PullComplete,
    /// Failed (the pull's error says why).
    Failed,
}

impl LayerStatus {
    /// What Docker prints.
    pub fn label(self) -> &'static str {
        match self {
            LayerStatus::Waiting => "Waiting",
            LayerStatus::Downloading => "Downloading",
            LayerStatus::Verifying => "Verifying",
            LayerStatus::AlreadyExists => "Already exists",
            LayerStatus::PullComplete => "Pull complete",
            LayerStatus::Failed => "Failed",
        }
    }

    /// The `data-status` value.
    pub fn as_str(self) -> &'static str {
        match self {
            LayerStatus::Waiting => "waiting",
            LayerStatus::Downloading => "downloading",
            LayerStatus::Verifying => "verifying",
            LayerStatus::AlreadyExists => "already-exists",
            LayerStatus::PullComplete => "pull-complete",
            LayerStatus::Failed => "failed",
        }
    }
}

/// What the pull reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum PullEvent {
    /// A line of Docker's output.
    Line(String),
    /// The layers of the image now being pulled (digest, compressed size).
    Layers(Vec<(Digest, u64)>),
    /// A layer's progress.
    Layer {
        /// The layer blob.
        digest: Digest,
        /// Its status.
        status: LayerStatus,
        /// Bytes stored so far.
        current: u64,
    },
    /// An image and its references are in the store.
    Committed(Digest),
}

/// Pulls one reference (or every tag of a repository with `all_tags`); returns the IDs of
/// the images committed.
pub async fn pull(
    store: &ImageStore,
    options: &PullOptions,
    signal: &AbortSignal,
    on: &Rc<dyn Fn(PullEvent)>,
) -> Result<Vec<Digest>, Error> {
    session::load_remembered().await;
    let input = options.reference.trim();
    let mut reference = Reference::parse_normalized(input)?;
    let endpoints = session::endpoints_for(reference.domain())?;
    let targets: Vec<Reference> = if options.all_tags {
        if reference.tag().is_some() || reference.digest().is_some() {
            return Err(Error::Pull("tag can't be used with --all-tags/-a".into()));
        }
        let client = session::client(&endpoints[0]);
        let tags = client.tags(reference.path(), Some(signal)).await?;
        if tags.is_empty() {
            return Err(Error::Pull(format!(
                "repository {} has no tags",
                reference.familiar_name()
            )));
        }
        tags.iter()
            .map(|t| reference.with_tag(t))
            .collect::<Result<_, _>>()?
    } else {
        if reference.tag().is_none() && reference.digest().is_none() {
            on(PullEvent::Line("Using default tag: latest".into()));
            reference = reference.tag_name_only();
        }
        vec![reference]
    };
    let mut ids = Vec::new();
    for target in &targets {
        let mut last_error = None;
        for (i, endpoint) in endpoints.iter().enumerate() {
            let client = session::client(endpoint);
            match pull_one(store, &client, target, &options.platform, signal, on).await {
                Ok(id) => {
                    ids.push(id);
                    last_error = None;
                    break;
                }
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                Err(e) if i + 1 < endpoints.len() => {
                    on(PullEvent::Line(format!(
                        "mirror {endpoint} failed ({e}), trying the next"
                    )));
                    last_error = Some(e);
                }
                Err(e) => {
                    last_error = Some(e);
                }
            }
        }
        if let Some(e) = last_error {
            return Err(e);
        }
    }
    Ok(ids)
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn unique_id() -> String {
    format!(
        "{:x}{:x}",
        now() as u64,
        (js_sys::Math::random() * 2f64.powi(52)) as u64
    )
}

fn check(signal: &AbortSignal) -> Result<(), Error> {
    if signal.aborted() {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

/// Docker's wording for a manifest the registry does not have.
fn not_found(reference: &Reference, e: Error) -> Error {
    match e {
        Error::Registry(berth_registry::Error::Registry(re)) if re.status == 404 => {
            Error::Pull(manifest_not_found(&reference.familiar_string(), &re))
        }
        other => other,
    }
}

async fn manifest_by_digest(
    client: &RegistryClient,
    repository: &str,
    descriptor: &Descriptor,
    signal: &AbortSignal,
) -> Result<FetchedManifest, Error> {
    let fetched = client
        .manifest(repository, &descriptor.digest.to_string(), Some(signal))
        .await?;
    if fetched.digest != descriptor.digest || fetched.bytes.len() as u64 != descriptor.size {
        return Err(Error::Pull(format!(
            "manifest verification failed for digest {}: got {} ({} bytes, expected {})",
            descriptor.digest,
            fetched.digest,
            fetched.bytes.len(),
            descriptor.size
        )));
    }
    Ok(fetched)
}

fn media_type_of(fetched: &FetchedManifest, parsed: &Manifest) -> String {
    parsed
        .media_type()
        .map(|m| m.as_str().to_owned())
        .or_else(|| fetched.content_type.clone())
        .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".into())
}

async fn pull_one(
    store: &ImageStore,
    client: &RegistryClient,
    reference: &Reference,
    platform: &Platform,
    signal: &AbortSignal,
    on: &Rc<dyn Fn(PullEvent)>,
) -> Result<Digest, Error> {
    on(PullEvent::Line(pulling_from(reference)));
    let repository = reference.path();
    let wanted = match (reference.digest(), reference.tag()) {
        (Some(d), _) => d.to_string(),
        (None, Some(t)) => t.to_owned(),
        (None, None) => "latest".to_owned(),
    };
    let top = client
        .manifest(repository, &wanted, Some(signal))
        .await
        .map_err(|e| not_found(reference, e))?;
    if let Some(d) = reference.digest() {
        if &top.digest != d {
            return Err(Error::Pull(format!(
                "manifest verification failed for digest {d}: the registry sent {}",
                top.digest
            )));
        }
    }
    let parsed = Manifest::from_slice(top.content_type.as_deref(), &top.bytes)?;
    let pull_id = unique_id();
    let writer = unique_id();
    let mut leased: Vec<Digest> = Vec::new();

    let (image_fetched, image_manifest, index) = match &parsed {
        Manifest::Image(m) => (top.clone(), m.clone(), None),
        Manifest::Index(index) => {
            let Some(chosen) = best_match(platform, &index.manifests) else {
                let available: Vec<String> = index
                    .manifests
                    .iter()
                    .filter_map(|d| d.platform.as_ref().map(ToString::to_string))
                    .collect();
                return Err(Error::Pull(format!(
                    "no matching manifest for {platform} in the manifest list entries (available: {})",
                    if available.is_empty() {
                        "none".to_owned()
                    } else {
                        available.join(", ")
                    }
                )));
            };
            let sub = manifest_by_digest(client, repository, chosen, signal).await?;
            let sub_parsed = Manifest::from_slice(sub.content_type.as_deref(), &sub.bytes)?;
            let Manifest::Image(m) = sub_parsed else {
                return Err(Error::Pull(format!(
                    "{} in the index is not an image manifest",
                    chosen.digest
                )));
            };
            let index_media_type = media_type_of(&top, &parsed);
            store
                .put_blob(&top.digest, &index_media_type, &top.bytes, &writer, now())
                .await?;
            leased.push(top.digest.clone());
            (sub, m, Some(top.digest.clone()))
        }
    };
    check(signal)?;
    let manifest_media_type = image_manifest
        .media_type
        .as_ref()
        .map(|m| m.as_str().to_owned())
        .or_else(|| image_fetched.content_type.clone())
        .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".into());
    store
        .put_blob(
            &image_fetched.digest,
            &manifest_media_type,
            &image_fetched.bytes,
            &writer,
            now(),
        )
        .await?;
    leased.push(image_fetched.digest.clone());
    store.hold_lease(&pull_id, leased.clone(), now()).await?;

    // The config: small, fetched whole, verified like every blob.
    let config_descriptor = &image_manifest.config;
    let config_bytes = match store.blob(&config_descriptor.digest).await? {
        Some(_) => store.read_blob(&config_descriptor.digest).await?,
        None => {
            let response = client
                .blob(repository, &config_descriptor.digest, Some(signal))
                .await?;
            let bytes = response_bytes(&response).await?;
            let mut w = store
                .begin_blob(
                    &config_descriptor.digest,
                    config_descriptor.size,
                    config_descriptor.media_type.as_str(),
                    &writer,
                    now(),
                )
                .await?;
            if let Err(e) = w.write(&bytes, now()).await {
                w.abort().await?;
                return Err(e.into());
            }
            w.finish(now()).await?;
            bytes
        }
    };
    leased.push(config_descriptor.digest.clone());
    store.hold_lease(&pull_id, leased.clone(), now()).await?;
    let config = ImageConfig::from_slice(&config_bytes)?;
    check_layers(&image_manifest, &config)?;

    let result = PullResult::new(
        reference.clone(),
        &image_manifest,
        image_fetched.digest.clone(),
        &manifest_media_type,
        image_fetched.bytes.len() as u64,
        index,
        &config,
        now(),
    );
    let downloaded = download_layers(
        store,
        client,
        repository,
        &image_manifest,
        &writer,
        &pull_id,
        &mut leased,
        signal,
        on,
    )
    .await?;
    check(signal)?;

    let refs = result.refs();
    let existing = store.image(&result.image.id).await?;
    let mut up_to_date = downloaded == 0 && existing.is_some();
    for (key, record) in &refs {
        up_to_date &= store.reference(key).await?.as_ref() == Some(record);
    }
    // A re-pull of an image already here keeps the verification done for it.
    let mut image = result.image.clone();
    if let Some(existing) = existing {
        image.layers = existing.layers;
        image.state = existing.state;
        image.labels = existing.labels;
        image.ref_epoch = existing.ref_epoch + 1;
    }
    store.commit_image(&image, &refs, Some(&pull_id)).await?;
    on(PullEvent::Committed(result.image.id.clone()));
    for line in result.summary(up_to_date) {
        on(PullEvent::Line(line));
    }
    Ok(result.image.id)
}

/// Downloads the layers the store lacks, [`PARALLEL_LAYERS`] at a time; returns how many
/// were downloaded.
#[allow(clippy::too_many_arguments)]
async fn download_layers(
    store: &ImageStore,
    client: &RegistryClient,
    repository: &str,
    manifest: &ImageManifest,
    writer: &str,
    pull_id: &str,
    leased: &mut Vec<Digest>,
    signal: &AbortSignal,
    on: &Rc<dyn Fn(PullEvent)>,
) -> Result<usize, Error> {
    on(PullEvent::Layers(
        manifest
            .layers
            .iter()
            .map(|l| (l.digest.clone(), l.size))
            .collect(),
    ));
    let mut missing = Vec::new();
    for layer in &manifest.layers {
        if store.blob(&layer.digest).await?.is_some() {
            on(PullEvent::Layer {
                digest: layer.digest.clone(),
                status: LayerStatus::AlreadyExists,
                current: layer.size,
            });
            leased.push(layer.digest.clone());
        } else if !missing
            .iter()
            .any(|m: &&Descriptor| m.digest == layer.digest)
        {
            on(PullEvent::Layer {
                digest: layer.digest.clone(),
                status: LayerStatus::Waiting,
                current: 0,
            });
            missing.push(layer);
        }
    }
    store.hold_lease(pull_id, leased.clone(), now()).await?;
    // One controller for this batch: the user's cancel, or the first failure, stops every
    // download, and each then removes what it wrote before this returns.
    let stop = AbortController::new().map_err(|e| Error::Pull(js_message(&e)))?;
    let forward = {
        let stop = stop.clone();
        Closure::<dyn FnMut()>::new(move || stop.abort())
    };
    let _ = signal.add_event_listener_with_callback("abort", forward.as_ref().unchecked_ref());
    let batch = stop.signal();
    let done = Rc::new(RefCell::new(leased.clone()));
    let count = missing.len();
    let mut results = futures::stream::iter(missing.into_iter().map(|layer| {
        let (done, batch) = (done.clone(), batch.clone());
        async move {
            let r = download_layer(store, client, repository, layer, writer, &batch, on).await;
            match &r {
                Ok(()) => {
                    let held = {
                        let mut d = done.borrow_mut();
                        d.push(layer.digest.clone());
                        d.clone()
                    };
                    store.hold_lease(pull_id, held, now()).await?;
                }
                Err(_) => on(PullEvent::Layer {
                    digest: layer.digest.clone(),
                    status: LayerStatus::Failed,
                    current: 0,
                }),
            }
            r
        }
    }))
    .buffer_unordered(PARALLEL_LAYERS);
    let mut first_error = None;
    while let Some(r) = results.next().await {
        if let Err(e) = r {
            if first_error.is_none() {
                stop.abort();
                first_error = Some(e);
            }
        }
    }
    let _ = signal.remove_event_listener_with_callback("abort", forward.as_ref().unchecked_ref());
    *leased = done.borrow().clone();
    match first_error {
        Some(_) if signal.aborted() => Err(Error::Cancelled),
        Some(e) => Err(e),
        None => Ok(count),
    }
}

async fn download_layer(
    store: &ImageStore,
    client: &RegistryClient,
    repository: &str,
    layer: &Descriptor,
    writer: &str,
    signal: &AbortSignal,
    on: &Rc<dyn Fn(PullEvent)>,
) -> Result<(), Error> {
    let digest = layer.digest.clone();
    let report = {
        let (on, digest) = (on.clone(), digest.clone());
        move |p: Progress| {
            let (status, current) = match p {
                Progress::Downloading(b) => (LayerStatus::Downloading, b),
                Progress::Verifying(b) => (LayerStatus::Verifying, b),
            };
            on(PullEvent::Layer {
                digest: digest.clone(),
                status,
                current,
            })
        }
    };
    let scope = repository_scope(repository, &["pull"]);
    let mut done = false;
    if let Some(pool) = WorkerPool::get().await {
        // A worker fetches, hashes and stores; the page only shows progress.
        let job = Job::Download {
            url: client
                .endpoint()
                .url(&format!("/v2/{repository}/blobs/{digest}")),
            authorization: client.known_authorization(&scope),
            digest: digest.clone(),
            size: layer.size,
            media_type: layer.media_type.as_str().to_owned(),
            writer: writer.to_owned(),
            database: store.backend().database().name(),
        };
        let relay = {
            let (on, digest) = (on.clone(), digest.clone());
            move |bytes, verifying| {
                on(PullEvent::Layer {
                    digest: digest.clone(),
                    status: if verifying {
                        LayerStatus::Verifying
                    } else {
                        LayerStatus::Downloading
                    },
                    current: bytes,
                })
            }
        };
        let outcome = pool.run(job, signal, relay).await;
        match outcome {
            Ok(_) => done = true,
            // The registry wants fresh credentials: the page's client handles that below.
            Err(Failure::Unauthorized) => {}
            Err(f) => return Err(error_of(f)),
        }
    }
    if !done {
        let response = client.blob(repository, &digest, Some(signal)).await?;
        let target = BlobTarget {
            digest: &digest,
            size: layer.size,
            media_type: layer.media_type.as_str(),
            writer,
        };
        store_blob_stream(store, &response, &target, signal, &report).await?;
    }
    on(PullEvent::Layer {
        digest,
        status: LayerStatus::PullComplete,
        current: layer.size,
    });
    Ok(())
}
