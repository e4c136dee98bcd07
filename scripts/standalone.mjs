// Trunk post-build hook: turns the staged index.html into a self-contained page that also works
// when opened straight from disk (file://), where Chromium refuses ES modules and fetch.
//
// It re-runs wasm-bindgen on the cargo output with `--target no-modules`, inlines the glue as a
// classic script, the wasm as base64, the CSS as <style>, and the sample articles and index as
// JSON data blocks (`<script type="application/json" id="aw-data-…">`, which the widget reads for
// `#id` sources). The module build next to it (article-widget.js + core) stays for portals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
if (!staging) {
  console.error('standalone.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
// The build without SIMD: a page opened from disk should open in any browser.
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const wasmIn = join(targetDir, 'wasm32-unknown-unknown', profile, 'article-widget-compat.wasm');
const work = mkdtempSync(join(tmpdir(), 'aw-standalone-'));
try {
  execFileSync('wasm-bindgen', ['--target', 'no-modules', '--no-typescript', '--out-dir', work, '--out-name', 'core', wasmIn], { stdio: 'inherit' });
  const wasmPath = join(work, 'core_bg.wasm');
  if (profile === 'release') {
    execFileSync('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', wasmPath, '-o', wasmPath], { stdio: 'inherit' });
  }
  const glue = readFileSync(join(work, 'core.js'), 'utf8');
  const wasm = readFileSync(wasmPath).toString('base64');
  const css = readFileSync(join(staging, 'article-widget.css'), 'utf8') + readFileSync(join(staging, 'demo.css'), 'utf8');

  // Sample data as JSON blocks; index entries and images point into the page itself.
  const block = (id, json) => `<script type="application/json" id="${id}">${JSON.stringify(json).replaceAll('<', '\\u003c')}</script>`;
  const blocks = [];
  for (const file of readdirSync(join(staging, 'articles')).filter((f) => f.endsWith('.json')).sort()) {
    const article = JSON.parse(readFileSync(join(staging, 'articles', file), 'utf8'));
    for (const b of article.body ?? []) {
      if (b.type === 'image' && typeof b.src === 'string') b.src = b.src.replace(/^\.\.\/images\//, 'images/');
    }
    blocks.push(block(`aw-data-${file.replace(/\.json$/, '')}`, article));
  }
  const index = JSON.parse(readFileSync(join(staging, 'index.json'), 'utf8'));
  for (const entry of index.articles) entry.src = `#aw-data-${entry.id}`;
  blocks.push(block('aw-data-index', index));

  // Each step must find what it replaces: should Trunk's output change, the build fails here
  // instead of shipping a page that still loads modules it cannot load from disk.
  let html = readFileSync(join(staging, 'index.html'), 'utf8');
  const step = (pattern, replacement, what) => {
    const next = html.replace(pattern, replacement);
    if (next === html) throw new Error(`standalone.mjs: ${what} not found in Trunk's index.html`);
    html = next;
    return api;
  };
  const api = { replace: step };
  api
    .replace(/<script type="module">[\s\S]*?<\/script>/g, '', "Trunk's module initializer")
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '', 'preload links')
    .replace(/<link rel="stylesheet"[^>]*>/g, '', 'stylesheet links')
    .replace(/<script type="module" src="article-widget.js"><\/script>/, '', "the loader's script tag")
    .replace('<html lang="vi">', '<html lang="vi" data-standalone="">', '<html lang="vi">')
    .replace(/data-article-src="articles\/([a-z0-9-]+)\.json"/, 'data-article-src="#aw-data-$1"', 'the demo\'s data-article-src')
    .replace('data-index-src="index.json"', 'data-index-src="#aw-data-index"', 'the demo\'s data-index-src')
    .replace('</head>', `<style>\n${css}\n</style>\n</head>`, '</head>')
    .replace(
      '</body>',
      `${blocks.join('\n')}\n<script>\n${glue}\n</script>\n<script>\n` +
        `(function () {\n  var bytes = Uint8Array.from(atob("${wasm}"), function (c) { return c.charCodeAt(0); });\n` +
        `  wasm_bindgen({ module_or_path: bytes }).then(function () { wasm_bindgen.start(null); });\n})();\n</script>\n</body>`,
      '</body>',
    );
  writeFileSync(join(staging, 'index.html'), html);
  console.log(`standalone index.html: ${(html.length / 1024).toFixed(0)} KB (${profile})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
