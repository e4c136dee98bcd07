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

step "release builds: trunk into target/bench/dist, and the wasm benchmark tests beside it"
# The benchmark tests' dev-dependencies change the features of nearly every crate, so their build
# shares no work with Trunk's anyway: in a target dir of their own the two builds overlap, which
# on 2 cores hides each one's single-threaded phases (fat LTO, wasm-opt) behind the other.
CARGO_TARGET_DIR=target/bench/cargo cargo test --release --target wasm32-unknown-unknown \
  --test bench --no-run > target/bench/test-build.log 2>&1 &
test_build=$!
# Should anything below fail, the background build must not outlive this script.
trap 'kill "$test_build" 2>/dev/null || true' EXIT
# A separate dist, so a bench never leaves dist/ in a state `make test` did not build; removed
# first so a failed build cannot leave stale files to be measured.
rm -rf target/bench/dist
release_build --dist target/bench/dist
# The native renderer, for the server-rendered pages (Trunk's post-build step built it already),
# and the archive generator, for the sharded archive's rows.
cargo build --release --bin article-widget-render --bin article-widget-archive
if ! wait "$test_build"; then
  cat target/bench/test-build.log
  exit 1
fi
built=$(date +%s)
export BENCH_BUILD_SECONDS=$((built - BENCH_STARTED))

step "abbreviation and date-search benchmarks (wasm-bindgen-test, release, headless Chromium)"
# The peers of these two rows run in the same page as the wasm; bench.mjs reads the
# `bench-json` lines from the log, the readable lines are shown here.
CARGO_TARGET_DIR=target/bench/cargo cargo test --release --target wasm32-unknown-unknown \
  --test bench -- --nocapture 2>&1 | tee target/bench/wasm-bench.log | grep -vE '^(running |test |$)|bench-json'

step "page benchmarks (Playwright + Chromium) and the table"
node scripts/bench.mjs "$@"
step "rating service: the load test at full size on SQLite and on PostgreSQL (release server)"
# 20,000 votes from 100 clients, 5 % repeated vote ids, one server SIGKILLed and restarted
# mid-run (on PostgreSQL, one of two instances); the tests fail unless the stored count equals
# the acknowledged votes. Only the server is a release build: the clients stay in the debug test
# build `make test` already made. Reported: votes/s and p95 latency, including the restart.
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --bin article-widget-server
AW_SERVER_BIN="$PWD/$target/release/article-widget-server" LOAD_VOTES=20000 \
  cargo test -p article-widget-server --test sqlite --test postgres load -- --nocapture --test-threads=1 \
  2>&1 | tee target/bench/server.log | grep -E '^(load |test result)'

now=$(date +%s)
step "bench done in $((now - BENCH_STARTED)) s ($((built - BENCH_STARTED)) s of builds)"
