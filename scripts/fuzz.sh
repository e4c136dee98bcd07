#!/usr/bin/env bash
# Fuzzes the library (docs/fuzzing.md): runs each target for a fixed time, one after another,
# and prints per target the time, executions, corpus size and result.
#
#   scripts/fuzz.sh [seconds-per-target] [target ...]     (default: 60 s, every target)
#
# Exits non-zero when a target finds a crash; the input is saved in fuzz/artifacts/<target>/ and
# replays with `cargo +nightly fuzz run -s none <target> <file>`. The corpus grows in
# fuzz/corpus/<target>/ (git-ignored) from the committed seeds in fuzz/seeds/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

CARGO_FUZZ_VERSION=0.13.2
# The code under test is safe Rust: what we look for are panics (with debug assertions and
# overflow checks on, as cargo-fuzz builds by default), not memory errors, so no sanitizer; that
# doubles the executions per second and halves the build.
FUZZ=(cargo +nightly fuzz)
BUILD_FLAGS=(--sanitizer none)

seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds-per-target] [target ...]" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))

if ! rustup toolchain list | grep -q '^nightly'; then
  step "installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
  step "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  # Not a process substitution: a failing `cargo fuzz list` must stop the script.
  listed=$("${FUZZ[@]}" list)
  mapfile -t targets <<<"$listed"
fi
# An empty list would pass without fuzzing anything.
if [ ${#targets[@]} -eq 0 ] || [ -z "${targets[0]}" ]; then
  echo "fuzz.sh: no fuzz targets found (cargo fuzz list printed nothing)" >&2
  exit 1
fi

step "building the fuzz targets"
started=$SECONDS
"${FUZZ[@]}" build "${BUILD_FLAGS[@]}"
echo "built in $((SECONDS - started)) s"

mkdir -p fuzz/logs
failed=()
summary=()
for target in "${targets[@]}"; do
  step "fuzzing $target for $seconds s"
  mkdir -p "fuzz/corpus/$target"
  log="fuzz/logs/$target.log"
  started=$SECONDS
  # One process, no -jobs/-fork: the machine is shared. libFuzzer writes the new inputs to the
  # first directory and only reads the seeds.
  status=0
  "${FUZZ[@]}" run "${BUILD_FLAGS[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
  took=$((SECONDS - started))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  # libFuzzer's corpus at the end (the directory also keeps inputs it has since superseded).
  corpus=$(sed -n 's/.*DONE .* corp: \([0-9]*\)\/.*/\1/p' "$log")
  corpus=${corpus:-$(find "fuzz/corpus/$target" -type f | wc -l)}
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="CRASH (exit $status)"
    failed+=("$target")
    grep -E -A3 "panicked at" "$log" | grep -v -E "^stack backtrace|^ +[0-9]+:" | head -8 || true
    grep -E "Test unit written to|ERROR: libFuzzer" "$log" | head -4 || true
    echo "full log: $log"
  fi
  echo "$target: ${took} s, ${execs:-?} execs, corpus $corpus, $result"
  summary+=("$(printf '%-10s %6s s %12s execs %7s corpus  %s' "$target" "$took" "${execs:-?}" "$corpus" "$result")")
done

step "fuzzing summary ($seconds s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
