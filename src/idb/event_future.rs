use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget, IdbRequest, IdbTransaction};

use crate::error::Error;

type Outcome = Result<JsValue, Error>;
/// An event name and the listener registered for it.
type Listener = (&'static str, Closure<dyn FnMut(Event)>);
/// An event name and how to read the outcome when it fires.
type OnEvent = (&'static str, Box<dyn Fn() -> Outcome>);

#[derive(Default)]
struct Shared {
    outcome: Option<Outcome>,
    waker: Option<Waker>,
}

/// Resolves when one of a set of events fires on a target; listeners are removed on drop.
pub struct EventFuture {
    shared: Rc<RefCell<Shared>>,
    target: EventTarget,
    listeners: Vec<Listener>,
}

impl EventFuture {
    fn new(target: EventTarget, events: Vec<OnEvent>) -> Self {
        let shared = Rc::new(RefCell::new(Shared::default()));
        let listeners = events
            .into_iter()
            .map(|(name, outcome)| {
                let shared = shared.clone();
                let closure = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
                    let mut s = shared.borrow_mut();
                    if s.outcome.is_none() {
                        s.outcome = Some(outcome());
                        if let Some(w) = s.waker.take() {
                            w.wake();
                        }
                    }
                });
                let _ =
                    target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
                (name, closure)
            })
            .collect();
        EventFuture {
            shared,
            target,
            listeners,
        }
    }

    /// The result of a request: its `result` on `success`, its `error` on `error`.
    pub fn request(request: &IdbRequest) -> Self {
        let ok = request.clone();
        let err = request.clone();
        EventFuture::new(
            request.clone().into(),
            vec![
                ("success", Box::new(move || ok.result().map_err(Error::idb))),
                ("error", Box::new(move || Err(request_error(&err)))),
            ],
        )
    }

    /// A transaction's end: `Ok` on `complete`, its error on `abort`.
    pub fn transaction(tx: &IdbTransaction) -> Self {
        let t = tx.clone();
        EventFuture::new(
            tx.clone().into(),
            vec![
                ("complete", Box::new(|| Ok(JsValue::UNDEFINED))),
                (
                    "abort",
                    Box::new(move || {
                        Err(match t.error() {
                            Some(e) => Error::idb(e.into()),
                            None => Error::IndexedDb("transaction aborted".into()),
                        })
                    }),
                ),
            ],
        )
    }
}

fn request_error(request: &IdbRequest) -> Error {
    match request.error() {
        Ok(Some(e)) => Error::idb(e.into()),
        Ok(None) => Error::IndexedDb("request failed".into()),
        Err(e) => Error::idb(e),
    }
}

impl Future for EventFuture {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let mut s = self.shared.borrow_mut();
        match s.outcome.take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for EventFuture {
    fn drop(&mut self) {
        for (name, closure) in &self.listeners {
            let _ = self
                .target
                .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}
