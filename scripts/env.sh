# Sourced by the other scripts: tool paths shared by setup, serve and test.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Trunk must never download tools: wasm-bindgen and wasm-opt come from PATH (see setup.sh).
export TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# The release wasm (what readers download) is built on this pinned nightly with the standard
# library rebuilt for size: panics abort at once (no formatting or unwinding code), no panic
# locations, no derived Debug code. Everything else (clippy, tests, debug builds, the native
# binaries) stays on stable. Measured: 214.5 KB → 182.2 KB brotli for the core wasm.
export RELEASE_NIGHTLY=nightly-2026-05-20
for_size() {
  RUSTUP_TOOLCHAIN="$RELEASE_NIGHTLY" \
  CARGO_UNSTABLE_BUILD_STD=core,std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    "$@"
}
release_build() { for_size trunk build --release "$@"; }
