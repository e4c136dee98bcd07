#!/usr/bin/env bash
# `make bench`: every performance figure beside its peer's, from one run, as one table (stdout),
# target/bench/results.json and the table section of docs/benchmarks.md. How to read it:
# docs/benchmarks.md. Not part of `make test`: timings are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
# The time a fresh machine takes is part of the report, builds included.
export BENCH_STARTED=${BENCH_STARTED:-$(date +%s)}
scripts/setup.sh
source scripts/env.sh
mkdir -p target/bench

step "release build (trunk build --release into target/bench/dist)"
# A separate dist, so a bench never leaves dist/ in a state `make test` did not build; removed
# first so a failed build cannot leave stale files to be measured.
rm -rf target/bench/dist
trunk build --release --dist target/bench/dist

step "abbreviation and date-search benchmarks (wasm-bindgen-test, release, headless Chromium)"
# The peers of these two rows run in the same page as the wasm; bench.mjs reads the
# `bench-json` lines from the log, the readable lines are shown here.
cargo test --release --target wasm32-unknown-unknown --test bench -- --nocapture 2>&1 \
  | tee target/bench/wasm-bench.log | grep -vE '^(running |test |$)|bench-json'

step "page benchmarks (Playwright + Chromium) and the table"
node scripts/bench.mjs "$@"
step "bench done in $(($(date +%s) - BENCH_STARTED)) s"
