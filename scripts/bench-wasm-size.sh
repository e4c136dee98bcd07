#!/usr/bin/env bash
# What the release wasm is made of: builds it once more with function names kept (profile
# `names`: release plus symbols, given on the command line so Cargo.toml stays as it is), runs
# wasm-bindgen and `wasm-opt -Oz` the way Trunk does, keeping the name section, and prints
# twiggy's views. Code and data sizes match the shipped file; the "function names" subsection
# twiggy lists is what the shipped file does not carry.
#
#   scripts/bench-wasm-size.sh [rows=30]     output also in target/bench/twiggy-*.txt
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
rows=${1:-30}
out=target/bench/names
mkdir -p "$out"

step "release build with names (profile 'names')"
# On the release nightly with its flags (env.sh), so the figures are those of the shipped file.
for_size cargo build --target wasm32-unknown-unknown --bin article-widget-core \
  --config 'profile.names.inherits="release"' --config 'profile.names.strip=false' --profile names
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name core \
  target/wasm32-unknown-unknown/names/article-widget-core.wasm
# The same flags as index.html gives Trunk; --debuginfo keeps the name section through -Oz.
wasm-opt -Oz --debuginfo --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/core_bg.wasm" -o "$out/core_bg.opt.wasm"

step "twiggy top -n $rows"
twiggy top -n "$rows" "$out/core_bg.opt.wasm" | tee target/bench/twiggy-top.txt
step "twiggy dominators (depth 3, $rows rows)"
twiggy dominators -d 3 -r "$rows" "$out/core_bg.opt.wasm" | tee target/bench/twiggy-dominators.txt
step "by crate (shallow bytes of every function and data segment, grouped by path prefix)"
twiggy top -n 1000000 -f csv "$out/core_bg.opt.wasm" > target/bench/twiggy-all.csv
node --input-type=module - target/bench/twiggy-all.csv <<'JS' | tee target/bench/twiggy-crates.txt
import { readFileSync } from 'node:fs';
// Rows are `Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent`; a name with
// commas or quotes is quoted, its quotes doubled.
const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1);
// The crate a function belongs to: the first path of its name once `<`, `&`, `mut`, `[`, `dyn`
// are peeled off; for a generic parameter's impl (`<T as core::any::Any>`) the trait's crate.
const owner = (name) => {
  let path = name.replace(/^(<|&|mut |\[|dyn |\(|\))+/, '');
  if (/^[A-Z]\w* as /.test(path)) path = path.replace(/^[A-Z]\w* as /, '');
  return path.split('::')[0].replace(/\[[0-9a-f]+\]$/, '').replace(/[<>\]]+$/, '');
};
const crates = new Map();
let total = 0;
for (const row of rows) {
  const m = row.match(/^(.*),(\d+),[\d.e-]+,[^,]*,[^,]*$/);
  if (!m) continue;
  const name = m[1].replace(/^"(.*)"$/, '$1').replaceAll('""', '"');
  const bytes = m[2];
  if (name.includes('function names') || name.startsWith('Σ') || name.startsWith('...')) continue;
  // `<yew::x::Y<T> as core::Z>::f` belongs to yew; `core[abc123]::fmt` to core.
  const crate = name.startsWith('data segment') ? '(data segments: strings, tables, glossary)'
    : name.startsWith('code[') || name.startsWith('custom section') || name.startsWith('table') || name.startsWith('elem')
      || name.startsWith('import') || name.startsWith('export') || name.startsWith('type[') || name.startsWith('global')
      ? '(unnamed code, tables, imports, exports)'
      : owner(name);
  crates.set(crate, (crates.get(crate) ?? 0) + Number(bytes));
  total += Number(bytes);
}
console.log(`${'bytes'.padStart(9)}  ${'share'.padStart(6)}  crate (raw, before compression; total ${total} bytes)`);
for (const [crate, bytes] of [...crates].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${String(bytes).padStart(9)}  ${((bytes / total) * 100).toFixed(1).padStart(5)}%  ${crate}`);
}
JS
step "twiggy monos (generic functions instantiated many times)"
twiggy monos -g -m 15 "$out/core_bg.opt.wasm" | tee target/bench/twiggy-monos.txt
