#!/usr/bin/env bash
# Runs every check: formatting, lints (host and wasm32), native tests, a short fuzzing smoke,
# browser tests in headless Chromium, the release build, its size, and end-to-end tests against
# that build: in Chromium, then the cross-engine checks in Firefox ESR, WebKit and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
started=$SECONDS

step "cargo fmt --check"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check

step "clippy (host)"
cargo clippy --all-targets -- -D warnings
step "clippy (wasm32, the features of each build the loader picks from: core, compat, lite)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown --no-default-features --features date-search -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown --no-default-features --features simd -- -D warnings

step "native tests"
cargo test -p article-widget

step "rating service tests (a SQLite file and a throwaway PostgreSQL cluster; load test with a SIGKILL)"
# Debug build in the shared target dir; LOAD_VOTES (default 2,000) sizes the load test.
cargo test -p article-widget-server

step "fuzz smoke (every fuzz target for 20 s; longer runs: make fuzz SECONDS=600)"
# Cold (cargo-fuzz to install, fuzz/target empty) about 8-10 minutes on 2 cores; warm about 3.
scripts/fuzz.sh 20

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web --test abbr_scan

step "release build (trunk build --release, on the pinned nightly: release_build in env.sh)"
# A failed build leaves the old dist/ behind; remove it so nothing later tests stale output.
rm -rf dist
release_build

step "wasm size"
node scripts/size.mjs

step "end-to-end tests (Playwright + Chromium against dist/)"
npm run --silent e2e

step "cross-engine end-to-end tests (Firefox ESR, WebKit and Chromium against dist/)"
npm run --silent e2e:engines

step "all checks passed in $((SECONDS - started)) s"
