//! The page's pull workers: a few dedicated workers (Trunk's `berth-worker` bundle) that run
//! downloads and diff-id checks in parallel, off the page's thread. When workers cannot start
//! (no bundle, as in the browser unit tests), [`WorkerPool::get`] returns `None` and callers
//! do the work on the page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::error::Error;
use crate::worker_protocol::{Failure, FromWorker, Job, Outcome, ToWorker};

/// The worker bundle Trunk emits (`data-loader-shim`).
const SCRIPT: &str = "/berth-worker_loader.js";

/// Workers: one per core is enough for hashing and inflating; three overlap I/O too.
const WORKERS: usize = 3;

/// How long a worker may take to load before the page works alone.
const READY_TIMEOUT_MS: i32 = 10_000;

struct Slot {
    worker: Worker,
    ready: bool,
    failed: bool,
    queue: Vec<String>,
    running: usize,
}

type Waiter = oneshot::Sender<Result<Outcome, Failure>>;

struct PendingJob {
    progress: Box<dyn Fn(u64, bool)>,
    done: Option<Waiter>,
    slot: usize,
}

#[derive(Default)]
struct Inner {
    slots: Vec<Slot>,
    jobs: HashMap<u32, PendingJob>,
    next_id: u32,
    ready_waiters: Vec<oneshot::Sender<bool>>,
}

/// The pool; cheap to clone.
#[derive(Clone)]
pub struct WorkerPool {
    inner: Rc<RefCell<Inner>>,
}

thread_local! {
    static POOL: RefCell<Option<Option<WorkerPool>>> = const { RefCell::new(None) };
    static PEAK_MEMORY: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// The largest wasm memory any pull worker reported (bytes), for the benchmark.
#[wasm_bindgen]
pub fn worker_memory_peak() -> f64 {
    PEAK_MEMORY.get()
}

fn saw_memory(bytes: f64) {
    PEAK_MEMORY.set(PEAK_MEMORY.get().max(bytes));
}

impl WorkerPool {
    /// The page's pool, started on first use; `None` if workers do not come up.
    pub async fn get() -> Option<WorkerPool> {
        if let Some(p) = POOL.with_borrow(Clone::clone) {
            return p;
        }
        let pool = WorkerPool::start().await;
        POOL.with_borrow_mut(|p| *p = Some(pool.clone()));
        pool
    }

    async fn start() -> Option<WorkerPool> {
        let inner = Rc::new(RefCell::new(Inner::default()));
        for index in 0..WORKERS {
            let options = WorkerOptions::new();
            options.set_type(WorkerType::Module);
            let worker = Worker::new_with_options(SCRIPT, &options).ok()?;
            let weak = Rc::downgrade(&inner);
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if let (Some(inner), Some(text)) = (weak.upgrade(), e.data().as_string()) {
                    if let Ok(message) = serde_json::from_str::<FromWorker>(&text) {
                        dispatch(&inner, index, message);
                    }
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            // A script that cannot load (no worker bundle) fails at once.
            let weak = Rc::downgrade(&inner);
            let on_error =
                Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                    if let Some(inner) = weak.upgrade() {
                        let mut inner = inner.borrow_mut();
                        inner.slots[index].failed = true;
                        inner.slots[index].worker.terminate();
                        if inner.slots.iter().all(|s| s.failed) {
                            for w in inner.ready_waiters.drain(..) {
                                let _ = w.send(false);
                            }
                        }
                        // A worker that crashed (a panic) answers nothing more: fail its jobs.
                        let lost: Vec<u32> = inner
                            .jobs
                            .iter()
                            .filter(|(_, j)| j.slot == index)
                            .map(|(id, _)| *id)
                            .collect();
                        let message = format!("the pull worker stopped: {}", e.message());
                        for id in lost {
                            finish(&mut inner, id, Err(Failure::Other(message.clone())));
                        }
                    }
                });
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            inner.borrow_mut().slots.push(Slot {
                worker,
                ready: false,
                failed: false,
                queue: Vec::new(),
                running: 0,
            });
        }
        // Wait for the first worker to report ready, or give up.
        let (tx, rx) = oneshot::channel();
        inner.borrow_mut().ready_waiters.push(tx);
        let timeout = async {
            let p = js_sys::Promise::new(&mut |resolve, _| {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        READY_TIMEOUT_MS,
                    );
                }
            });
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        };
        futures::pin_mut!(timeout);
        match futures::future::select(rx, timeout).await {
            futures::future::Either::Left((Ok(true), _)) => Some(WorkerPool { inner }),
            _ => {
                for slot in &inner.borrow().slots {
                    slot.worker.terminate();
                }
                None
            }
        }
    }

    /// Runs a job on the least busy worker; `progress(bytes, verifying)` as it reports.
    pub async fn run(
        &self,
        job: Job,
        signal: &AbortSignal,
        progress: impl Fn(u64, bool) + 'static,
    ) -> Result<Outcome, Failure> {
        let (tx, rx) = oneshot::channel();
        let id = {
            let mut inner = self.inner.borrow_mut();
            inner.next_id += 1;
            let id = inner.next_id;
            let Some(slot) = (0..inner.slots.len())
                .filter(|&i| !inner.slots[i].failed)
                .min_by_key(|&i| (inner.slots[i].running, !inner.slots[i].ready))
            else {
                return Err(Failure::Other("no pull worker is running".into()));
            };
            inner.slots[slot].running += 1;
            inner.jobs.insert(
                id,
                PendingJob {
                    progress: Box::new(progress),
                    done: Some(tx),
                    slot,
                },
            );
            post(&mut inner, slot, &ToWorker::Run { id, job });
            id
        };
        let weak = Rc::downgrade(&self.inner);
        let on_abort = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                let mut inner = inner.borrow_mut();
                if let Some(slot) = inner.jobs.get(&id).map(|j| j.slot) {
                    post(&mut inner, slot, &ToWorker::Cancel { id });
                }
            }
        });
        let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        if signal.aborted() {
            let mut inner = self.inner.borrow_mut();
            if let Some(slot) = inner.jobs.get(&id).map(|j| j.slot) {
                post(&mut inner, slot, &ToWorker::Cancel { id });
            }
        }
        let result = rx
            .await
            .unwrap_or(Err(Failure::Other("the worker stopped".into())));
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        result
    }
}

fn post(inner: &mut Inner, slot: usize, message: &ToWorker) {
    let Ok(text) = serde_json::to_string(message) else {
        return;
    };
    let slot = &mut inner.slots[slot];
    if slot.ready {
        let _ = slot.worker.post_message(&JsValue::from_str(&text));
    } else {
        slot.queue.push(text);
    }
}

fn dispatch(inner: &Rc<RefCell<Inner>>, index: usize, message: FromWorker) {
    let mut guard = inner.borrow_mut();
    match message {
        FromWorker::Ready => {
            let slot = &mut guard.slots[index];
            slot.ready = true;
            for text in slot.queue.drain(..) {
                let _ = slot.worker.post_message(&JsValue::from_str(&text));
            }
            for w in guard.ready_waiters.drain(..) {
                let _ = w.send(true);
            }
        }
        FromWorker::Progress {
            id,
            bytes,
            verifying,
            memory,
        } => {
            saw_memory(memory);
            // Call the callback without holding the borrow (it may touch the UI).
            let job = guard.jobs.remove(&id);
            drop(guard);
            if let Some(job) = job {
                (job.progress)(bytes, verifying);
                inner.borrow_mut().jobs.insert(id, job);
            }
        }
        FromWorker::Done {
            id,
            outcome,
            memory,
        } => {
            saw_memory(memory);
            finish(&mut guard, id, Ok(outcome))
        }
        FromWorker::Failed { id, failure } => finish(&mut guard, id, Err(failure)),
    }
}

fn finish(inner: &mut Inner, id: u32, result: Result<Outcome, Failure>) {
    if let Some(mut job) = inner.jobs.remove(&id) {
        inner.slots[job.slot].running = inner.slots[job.slot].running.saturating_sub(1);
        if let Some(done) = job.done.take() {
            let _ = done.send(result);
        }
    }
}

/// A worker failure as the page's error.
pub fn error_of(failure: Failure) -> Error {
    match failure {
        Failure::Cancelled => Error::Cancelled,
        Failure::Unauthorized => Error::Pull("unauthorized: authentication required".into()),
        Failure::Other(text) => Error::Pull(text),
    }
}
