// Trunk post-build hook: the demo's pages made by the native commands (built here in the shared
// target dir). `examples/prerendered.html` names an article in a marker comment; the renderer
// (`article-widget-render`) writes that article's HTML in its place, as a portal's server would.
// And `archive.html`'s date search reads the sample index as a sharded archive, written into
// archive/ by `article-widget-archive`, as a portal's build would.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('prerender.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
// Trunk sets cargo variables for its wasm build, and a release build runs on the pinned nightly
// with flags for the wasm (scripts/env.sh); the renderer is a stable host build.
const env = { ...process.env };
for (const key of Object.keys(env)) {
  const wasmOnly = (key.startsWith('CARGO_') && key !== 'CARGO_TARGET_DIR' && key !== 'CARGO_HOME')
    || key === 'RUSTFLAGS' || key === 'RUSTUP_TOOLCHAIN';
  if (wasmOnly) delete env[key];
}
execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'article-widget-render', '--bin', 'article-widget-archive'], { cwd: root, stdio: 'inherit', env });
const render = join(targetDir, 'release', 'article-widget-render');

const page = join(staging, 'prerendered.html');
const html = readFileSync(page, 'utf8');
const marker = /<!-- article-widget-render (\S+) -->/;
const found = html.match(marker);
if (!found) throw new Error('prerender.mjs: no <!-- article-widget-render FILE --> marker in prerendered.html');
// --base: the article's images are written relative to the article file, as for the widget.
const fragment = execFileSync(render, [join(staging, found[1]), '--base', found[1]], { encoding: 'utf8' });
writeFileSync(page, html.replace(marker, fragment.trim()));
console.log(`prerendered.html: ${found[1]} rendered on the server side (${(fragment.length / 1024).toFixed(0)} KB)`);

// The sample index as a sharded archive; its relative links are rewritten for archive/.
execFileSync(join(targetDir, 'release', 'article-widget-archive'), [join(staging, 'index.json'), '--out', join(staging, 'archive')], { stdio: 'inherit' });
