// Trunk post-build hook: in release builds, minifies what every reader downloads besides the
// wasm — the loader, the wasm-bindgen glue of both builds and the widget's stylesheet — with
// esbuild. The glue is mostly comments and long names (about 70 KB raw).
//
// Syntax stays within ES2020 (the oldest browsers the loader serves: Chrome 80, Firefox 74,
// Safari 13.1); top-level names and exports are kept, so the loader still works as a classic
// script and the glue's exports are unchanged. Files are replaced by rename, never written in
// place: Trunk runs post-build hooks at the same time, and scripts/standalone.mjs reads the
// stylesheet.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('minify.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const FILES = {
  'article-widget.js': 'js',
  'article-widget-core.js': 'js',
  'article-widget-lite.js': 'js',
  'article-widget-compat.js': 'js',
  'article-widget.css': 'css',
};
for (const [file, loader] of Object.entries(FILES)) {
  const path = join(staging, file);
  const source = readFileSync(path, 'utf8');
  const { code } = await transform(source, {
    loader,
    minify: true,
    target: loader === 'js' ? 'es2020' : ['chrome80', 'firefox74', 'safari13.1'],
    legalComments: 'none',
  });
  writeFileSync(`${path}.min`, code);
  renameSync(`${path}.min`, path);
  console.log(`minified ${file}: ${(source.length / 1024).toFixed(1)} → ${(code.length / 1024).toFixed(1)} KB`);
}
