//! The backend conformance suite on the in-memory backend.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use berth_store::{MemoryBackend, conformance};

/// Runs a future whose every await is ready at once (the memory backend never waits).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn every_case_on_the_memory_backend() {
    block_on(conformance::run_all(|_| async { MemoryBackend::new() }));
}

#[test]
#[should_panic(expected = "no conformance case \"nope\"")]
fn unknown_case_names_fail() {
    block_on(conformance::run("nope", MemoryBackend::new()));
}
