//! Registry logic without I/O.
//!
//! The browser (or a test) performs the requests; this crate interprets what came back:
//! [`Challenge`] parses `WWW-Authenticate`, [`Endpoint`] normalises what a user typed as a
//! registry address, and [`Probe`] drives a connectivity probe and [`Verdict`] turns what it observed into a status
//! with the exact fix to apply.

mod challenge;
mod credentials;
mod endpoint;
mod error;
mod probe;
mod verdict;

pub use challenge::{Challenge, Scheme};
pub use credentials::Credentials;
pub use endpoint::Endpoint;
pub use error::Error;
pub use probe::{FetchOutcome, Probe, ProbeRequest, RequestMode, Step};
pub use verdict::{Observation, ProbeStatus, Verdict};
