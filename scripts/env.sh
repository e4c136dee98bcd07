# Sourced by the other scripts: tool paths shared by setup, serve and test.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Trunk must never download tools: wasm-bindgen and wasm-opt come from PATH (see setup.sh).
export TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
