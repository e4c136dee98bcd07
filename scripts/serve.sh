#!/usr/bin/env bash
# Serves the demo with the bundled sample articles at http://127.0.0.1:8080 (live reload).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
step "trunk serve on http://127.0.0.1:8080"
exec trunk serve "$@"
