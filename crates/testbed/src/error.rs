use std::time::Duration;

/// Failures of the test parts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A program could not be started (not installed?).
    #[error("cannot start {program}: {source} (run scripts/setup to install it)")]
    Spawn {
        /// Program name.
        program: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A program ran and failed.
    #[error("{command} failed with {status}:\n{output}")]
    Command {
        /// Command line.
        command: String,
        /// Exit status.
        status: std::process::ExitStatus,
        /// Its stderr and stdout.
        output: String,
    },
    /// Something did not happen in time.
    #[error("timed out after {0:?} waiting for {1}")]
    Timeout(Duration, String),
    /// A server did not come up.
    #[error("{0} did not start: {1}")]
    Startup(String, String),
    /// A WebDriver command failed.
    #[error("webdriver {0}: {1}")]
    WebDriver(String, String),
    /// Filesystem or socket error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
