//! berth's entry point: mounts the app (everything else lives in the library).

#[cfg(target_arch = "wasm32")]
fn main() {
    berth::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("berth runs in the browser: `make serve` builds it and opens http://127.0.0.1:8080");
    std::process::exit(2);
}
