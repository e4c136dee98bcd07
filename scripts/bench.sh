#!/usr/bin/env bash
# Prints the performance figures the issues set targets for, measured in headless Chromium on a
# release build. Not part of `make test`: timings are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
step "benchmarks (release build, headless Chromium)"
cargo test --release --target wasm32-unknown-unknown --test bench -- --nocapture 2>&1 \
  | grep -vE '^(running|test |$)' || true
