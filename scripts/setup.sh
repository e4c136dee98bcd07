#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing. Idempotent: a second run only
# checks versions and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must be exactly the crate version Cargo.lock resolved.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup run "$RELEASE_NIGHTLY" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --installed --toolchain "$RELEASE_NIGHTLY" | grep -q '^rust-src' \
  || ! rustup target list --installed --toolchain "$RELEASE_NIGHTLY" | grep -qx wasm32-unknown-unknown; then
  step "installing $RELEASE_NIGHTLY (release wasm builds only: the standard library rebuilt for size)"
  rustup toolchain install "$RELEASE_NIGHTLY" --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "adding rustup component $component"
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  step "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $BINDGEN_VERSION"; then
  step "installing wasm-bindgen-cli $BINDGEN_VERSION (about 3 minutes)"
  cargo install --locked wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

if ! [ -x "$CHROMIUM" ] || ! [ -x "$CHROMEDRIVER" ]; then
  step "installing Chromium and ChromeDriver from apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

# The rating service's tests start a throwaway cluster with Debian's PostgreSQL server binaries.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  step "installing PostgreSQL (the rating service's tests run a throwaway cluster)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi

# Firefox ESR and WebKitGTK for the cross-engine e2e suite (tests/e2e/engines): puppeteer-core
# drives Firefox over WebDriver BiDi; WebKitWebDriver (webkit2gtk-driver) drives MiniBrowser, which
# Debian ships inside libwebkit2gtk-4.1-0, off PATH, and which needs a display: Xvfb.
FIREFOX="${FIREFOX:-/usr/bin/firefox-esr}"
WEBKIT_DRIVER="${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}"
if ! [ -x "$FIREFOX" ] || ! [ -x "$WEBKIT_DRIVER" ] || ! command -v Xvfb >/dev/null \
    || ! grep -q '/MiniBrowser$' <<<"$(dpkg -L libwebkit2gtk-4.1-0 2>/dev/null)"; then
  step "installing Firefox ESR, WebKitGTK's WebDriver and MiniBrowser, and Xvfb from apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends firefox-esr webkit2gtk-driver xvfb
fi

# Node packages: playwright-core and puppeteer-core (drivers only: they never download a browser),
# selenium-webdriver, axe-core, and binaryen's wasm-opt.
if ! [ -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing Node packages"
  PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund
fi
wasm-opt --version >/dev/null
