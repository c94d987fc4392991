//! The pull worker's bundle (Trunk `data-type="worker"`): see `berth::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    berth::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("berth-worker runs as a Web Worker inside berth");
    std::process::exit(2);
}
