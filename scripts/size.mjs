// Prints the size of what a reader downloads (raw, gzip, brotli) and fails past the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

// Budget for the compressed wasm every reader downloads; raise it only with a reason in the log.
// 165 KB: Yew + serde_json + time ≈ 92 KB (foundation), the anchored Aho–Corasick DFA builder and
// the embedded default glossary ≈ 43 KB (abbreviations), rating and date search ≈ 19 KB.
// 178 KB: + the body_html parser walk and allowlist ≈ 5 KB; + vote delivery states ("send again")
// and focus management after Retry / open / show more ≈ 8 KB. What the wasm is made of and what
// would shrink it: docs/benchmarks.md. Both builds must fit (a reader downloads one): the SIMD
// scan and the first-word table cost about 0.5 KB over the automaton-only matcher.
// 188 KB: portal hardening ≈ 7 KB (CORS told from network failures, configuration notices,
// the opened article in the history, attribute changes re-render, loads aborted and apps torn
// down behind Yew's queued render on destroy) and the rating service's contract ≈ 1.8 KB
// (figures read at load, "already rated", read-only stars): compat 186.1 KB, core 184.8 KB.
// 189 KB: the state machines moved into reducers, one error box, events as a service ≈ 1.4 KB;
// the teardown that waits for Yew's first render: compat 187.9 KB, core 186.5 KB.
// 179 KB: server-rendered articles (islands: tools mounted through portals into kept markup,
// portal markup marked and scaled in place) ≈ +23 KB on stable; then the release wasm built on a
// pinned nightly with std rebuilt for size and immediate-abort panics (−27 KB), and one JSON
// reader instead of three (localStorage without gloo-storage, every parse through the slice
// reader, JSON-LD without serde_json::Value: −5.4 KB): compat 178.3 KB, core 176.8 KB.
// 168 KB: no serde_json in the wasm (the browser's JSON.parse read through serde-wasm-bindgen,
// the index through its own byte scanner): −11.0 KB; compat 167.7 KB, core 166.4 KB.
// 177 KB: date search at portal scale, +8.8 KB (the sharded archive's manifest read and planned,
// the shard cache, the query API's pages, one results view for three sources; twiggy: the
// remote load's future 10.7 KB raw, the date search's view +3 KB raw): compat 176.4, core 175.1.
// 186 KB: the month calendar (the APG date picker dialog, days marked with their counts from the
// index, the manifest or the API), +9.1 KB (twiggy: its view 9.9 KB raw, its counts load 4.1 KB
// raw): compat 185.6 KB, core 184.2 KB. 187 KB: the date search's sources moved out of the
// component into one hook (its lookup a boxed closure): compat 186.2 KB, core 184.3 KB.
// 175 KB: the way down (docs/benchmarks.md, part 1): one copy of the loading machinery for
// every kind of data (−2.3 KB, after +1.9 KB for the article handed over by the loader), keys of
// several words looked up in the sorted keys instead of an Aho–Corasick automaton (−6.9 KB), no
// map code for a handful of entries (−4.4 KB): compat 174.3 KB, core 172.7 KB.
// 172 KB: the default glossary compiled in (−0.4 KB), the error box and the article view as plain
// functions instead of components (−1.3 KB), word characters of other scripts judged by the
// browser's Unicode tables (−1.6 KB): compat 171.0 KB, core 169.5 KB.
const WASM_BROTLI_BUDGET = 172 * 1024;

// What one reader downloads, for either build the loader picks: loader, stylesheet, glue and wasm
// (the release glue, loader and stylesheet are minified by scripts/minify.mjs: −5.1 KB; then
// date search at portal scale, +8.9 KB; the calendar, +9.3 KB; then the levers above, −13 KB:
// core 186.3 KB, compat 187.9 KB; then −3.3 KB more: core 183.1 KB, compat 184.6 KB).
const READER_BROTLI_BUDGET = 186 * 1024;
// A reader of a page whose widgets have no date search (most article pages) downloads the build
// without it, `article-widget-lite`: 154.0 KB at its introduction, about 29 KB less.
const LITE_READER_BROTLI_BUDGET = 156 * 1024;
const READER_FILES = (build) => ['article-widget.js', 'article-widget.css', `${build}.js`, `${build}_bg.wasm`];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const files = readdirSync('dist').filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error('no .wasm in dist/: run trunk build --release first');
  process.exit(1);
}
let failed = false;
const brotli = {};
console.log('file'.padEnd(32), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
for (const file of files) {
  const data = readFileSync(`dist/${file}`);
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  brotli[file] = br;
  console.log(file.padEnd(32), kb(data.length).padStart(10), kb(gz).padStart(10), kb(br).padStart(10));
  if (file.endsWith('.wasm') && br > WASM_BROTLI_BUDGET) {
    console.error(`${file}: ${kb(br)} brotli is over the budget of ${kb(WASM_BROTLI_BUDGET)}`);
    failed = true;
  }
}
for (const [build, budget] of [['article-widget-core', READER_BROTLI_BUDGET],
  ['article-widget-compat', READER_BROTLI_BUDGET], ['article-widget-lite', LITE_READER_BROTLI_BUDGET]]) {
  const files = READER_FILES(build);
  const missing = files.filter((f) => !(f in brotli));
  if (missing.length) {
    console.error(`per reader (${build}): ${missing.join(', ')} missing from dist/`);
    failed = true;
    continue;
  }
  const total = files.reduce((sum, f) => sum + brotli[f], 0);
  console.log(`per reader (${build}): ${kb(total)} brotli (budget ${kb(budget)})`);
  if (total > budget) {
    console.error(`per reader (${build}): ${kb(total)} brotli is over the budget`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
