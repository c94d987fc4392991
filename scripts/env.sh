# Sourced by berth's scripts: where the pinned tools live and how wasm is built here.
# shellcheck shell=bash

BERTH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BERTH_TOOLS="${BERTH_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/tools}"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
export BERTH_ROOT BERTH_TOOLS

# The wasm-bindgen CLI must equal the library version in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[version =" ]/, ""); print; exit }' \
    "$BERTH_ROOT/Cargo.lock"
}

export PATH="$BERTH_TOOLS/bin:$BERTH_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Route A: rustup's wasm32 std. Route B (../shared/TOOLCHAIN.md): Debian's rustc-web with
# build-std, set only for wasm commands (scripts/wasm), never in .cargo/config.toml.
wasm_route() {
  if [ "${BERTH_WASM_ROUTE:-}" = B ]; then
    echo B
  elif [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
    echo A
  elif [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] && command -v wasm-ld-19 >/dev/null; then
    echo B
  else
    echo none
  fi
}

use_wasm_route() {
  case "$(wasm_route)" in
    A) ;;
    B)
      export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
      export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
      export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
      # Keep route-B artefacts apart from the host toolchain's.
      export CARGO_TARGET_DIR="$BERTH_ROOT/target/route-b"
      ;;
    *)
      echo "no wasm32 standard library: run scripts/setup" >&2
      return 1
      ;;
  esac
}

# wasm-bindgen-test-runner serves tests cross-origin isolated (COOP/COEP) unless told not to;
# berth's pages are not isolated, and under COEP the probe's `no-cors` fetch is blocked.
export WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
