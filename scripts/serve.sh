#!/usr/bin/env bash
# Serves the demo with the bundled sample articles at http://127.0.0.1:8080 (live reload), with
# the rating service (server/) beside it on 127.0.0.1:8787. Trunk forwards /api to the service
# (Trunk.toml), so the demo's votes are stored, in target/serve/votes.db, and persist.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
target="${CARGO_TARGET_DIR:-target}"

step "building the rating service"
cargo build --bin article-widget-server
mkdir -p "$target/serve"
step "rating service on http://127.0.0.1:8787 (votes in $target/serve/votes.db)"
"$target/debug/article-widget-server" --listen 127.0.0.1:8787 \
  --database "sqlite://$target/serve/votes.db" &
service=$!
# However trunk ends (Ctrl-C included), the service goes with it.
trap 'kill "$service" 2>/dev/null || true' EXIT

step "trunk serve on http://127.0.0.1:8080"
trunk serve "$@"
