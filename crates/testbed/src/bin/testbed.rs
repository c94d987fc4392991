//! `testbed`: the real servers berth's dev loop and browser tests need.
//!
//! ```text
//! testbed dev-registry [--port N] [--storage DIR]   seeded CORS registry until killed
//! testbed with-registries -- CMD [ARGS…]             run CMD with registries in its env
//! ```
//!
//! `with-registries` sets `BERTH_TEST_REGISTRY` (seeded, full CORS for any origin),
//! `BERTH_TEST_REGISTRY_NO_CORS` (no CORS headers) and `BERTH_TEST_REFUSED` (a closed port),
//! runs the command, stops the registries and exits with the command's status.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use berth_testbed::{Cors, Registry, RegistryOptions, free_port, seed};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev-registry") => dev_registry(&args[1..]),
        Some("with-registries") => with_registries(&args[1..]),
        _ => Err("usage: testbed dev-registry [--port N] [--storage DIR] | testbed with-registries -- CMD…".into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("testbed: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn dev_registry(args: &[String]) -> Result<ExitCode, String> {
    let port = match flag(args, "--port") {
        Some(p) => Some(p.parse::<u16>().map_err(|e| format!("--port: {e}"))?),
        None => None,
    };
    let storage = flag(args, "--storage").map(PathBuf::from);
    let fresh = storage
        .as_ref()
        .is_none_or(|s| !s.join("docker/registry/v2/repositories").exists());
    let registry = Registry::start_with(RegistryOptions {
        cors: Cors::Full("*".into()),
        port,
        storage,
        htpasswd: None,
        delete: true,
    })
    .map_err(|e| e.to_string())?;
    if fresh {
        seed(&registry).map_err(|e| e.to_string())?;
    }
    println!(
        "registry: {} (CORS for any origin, deletes enabled)",
        registry.url()
    );
    for (reference, _) in berth_testbed::SEEDED {
        println!("  {}/{reference}", registry.host());
    }
    // Runs until killed; `scripts/serve` ends the whole process group.
    loop {
        std::thread::park();
    }
}

fn with_registries(args: &[String]) -> Result<ExitCode, String> {
    let command = match args.first().map(String::as_str) {
        Some("--") => &args[1..],
        _ => args,
    };
    let (program, rest) = command
        .split_first()
        .ok_or("with-registries needs a command")?;
    let open = Registry::start().map_err(|e| e.to_string())?;
    seed(&open).map_err(|e| e.to_string())?;
    let closed = Registry::start_with(RegistryOptions {
        cors: Cors::None,
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let refused = free_port().map_err(|e| e.to_string())?;
    let status = Command::new(program)
        .args(rest)
        .env("BERTH_TEST_REGISTRY", open.url())
        .env("BERTH_TEST_REGISTRY_NO_CORS", closed.url())
        .env("BERTH_TEST_REFUSED", format!("http://127.0.0.1:{refused}"))
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(c.clamp(1, 255) as u8),
        None => ExitCode::FAILURE,
    })
}
