// The pages `scripts/bench.mjs` loads, generated from the sample data so they always show what
// the widget shows: the seed article as plain server-rendered HTML (the first-paint baseline), the
// widget embedded as the README says, a page with both our tools and the peers' for interaction,
// and the long-article pages for memory. Everything is written under target/bench/pages/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEED_ID = 'bo-xay-dung-tap-huan-dan-van-2024';
/** The day the memory pages deep-link to: its results show once the 100k index is ready. */
export const INDEX_DAY = '2024-05-13';

const WEEKDAYS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
const PORTAL_OFFSET_MS = 7 * 3600 * 1000;

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const pad = (n) => String(n).padStart(2, '0');

/** The widget's date line ("Thứ hai, 13/05/2024 10:45") in the portal's +07:00. */
function dateLine(published) {
  const d = new Date(Date.parse(published) + PORTAL_OFFSET_MS);
  return `${WEEKDAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Marks glossary keys as `<abbr title>` the way a server-side or jQuery glossary plugin would:
 * one alternation, longest keys first, with Unicode-aware word edges (so the peer pages carry the
 * same number of marks as the widget, and tippy.js has something to attach to).
 */
function abbrMarker(glossary) {
  const keys = Object.keys(glossary).sort((a, b) => b.length - a.length);
  // Only syntax characters: the `u` flag rejects needless escapes such as `\-`.
  const alternation = keys.map((k) => k.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${alternation})(?![\\p{L}\\p{N}\\p{M}])`, 'gu');
  return (text) => escape(text).replace(re, (m) => `<abbr title="${escape(glossary[m])}">${m}</abbr>`);
}

/**
 * The article as the widget lays it out (same elements and `aw-` classes, so the same CSS gives
 * the same look), rendered on the server. `articleUrl` resolves image paths as the widget does.
 */
export function articleHtml(article, { articleUrl, markText = escape, elementTiming = false }) {
  const timing = elementTiming ? ' elementtiming="article-text"' : '';
  const block = (b) => {
    switch (b.type) {
      case 'heading': return `<h2 class="aw-h2">${escape(b.text)}</h2>`;
      case 'paragraph': return `<p class="aw-p">${markText(b.text)}</p>`;
      case 'image': {
        const src = new URL(b.src, articleUrl).pathname;
        const caption = b.caption ? `<figcaption class="aw-caption">${markText(b.caption)}</figcaption>` : '';
        return `<figure class="aw-figure"><img class="aw-img" src="${escape(src)}" alt="${escape(b.alt ?? '')}" loading="lazy" decoding="async">${caption}</figure>`;
      }
      case 'quote': {
        const cite = b.cite ? `<figcaption class="aw-quote__cite">— <cite>${escape(b.cite)}</cite></figcaption>` : '';
        return `<figure class="aw-quote"><blockquote class="aw-quote__text"><p>${markText(b.text)}</p></blockquote>${cite}</figure>`;
      }
      case 'list': return `<ul class="aw-list">${b.items.map((i) => `<li>${markText(i)}</li>`).join('')}</ul>`;
      default: return '';
    }
  };
  const lead = article.lead ? `<p class="aw-lead"${timing}>${markText(article.lead)}</p>` : '';
  const source = article.source
    ? `<p class="aw-source">Nguồn: ${article.source.url ? `<a href="${escape(article.source.url)}" rel="noopener noreferrer">${escape(article.source.name)}</a>` : escape(article.source.name)}</p>`
    : '';
  return `<article class="aw-article">
<header class="aw-header"><h1 class="aw-title">${escape(article.title)}</h1>
<div class="aw-meta"><time class="aw-date" datetime="${escape(article.published)}">${dateLine(article.published)}</time></div></header>
<div class="aw-body">${lead}
${article.body.map(block).join('\n')}
${source}</div>
</article>`;
}

/** A bare page: same shell and page CSS for every variant, so only the article part differs. */
function page(title, { head = '', body, scripts = '' }) {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body { margin: 0; font-family: system-ui, sans-serif; } .bench-main { max-width: 48em; margin: 0 1em; }
.bench-peer { position: fixed; top: 1em; right: 1em; width: 18em; padding: 1em; background: #fff; border: 1px solid #ccc; }</style>
${head}
</head>
<body>
<main class="bench-main">
${body}
</main>
${scripts}
</body>
</html>
`;
}

/**
 * About `bytes` of article JSON: the seed's text blocks repeated (images left out: the memory row
 * is about text and data, not decoded pictures), with its own title and abbreviations.
 */
function longArticle(seed, bytes) {
  const text = seed.body.filter((b) => b.type !== 'image');
  const body = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const b = text[i % text.length];
    body.push(b);
    size += JSON.stringify(b).length + 1;
  }
  return { ...seed, id: 'bai-viet-dai-1mb', title: `${seed.title} (bản dài)`, body };
}

const PEER_SCRIPTS = [
  'peers/node_modules/@popperjs/core/dist/umd/popper.min.js',
  'peers/node_modules/tippy.js/dist/tippy.umd.min.js',
  'peers/node_modules/flatpickr/dist/flatpickr.min.js',
  'peers/node_modules/flatpickr/dist/l10n/vn.js',
  'peers/rater.min.js',
].map((p) => `<script src="/bench/${p}"></script>`).join('\n');
const PEER_STYLES = [
  'peers/node_modules/tippy.js/dist/tippy.css',
  'peers/node_modules/flatpickr/dist/flatpickr.min.css',
].map((p) => `<link rel="stylesheet" href="/bench/${p}">`).join('\n');

/**
 * Writes every page into `out`/pages and the long article into `out`; `root` is the repository.
 * Served with `out` at /bench/ and dist/ at /.
 */
export function writePages({ root, out }) {
  const dir = join(out, 'pages');
  mkdirSync(dir, { recursive: true });
  const seed = JSON.parse(readFileSync(join(root, 'static/articles', `${SEED_ID}.json`), 'utf8'));
  const glossary = { ...JSON.parse(readFileSync(join(root, 'static/glossary/vi-default.json'), 'utf8')), ...seed.abbreviations };
  const seedUrl = `http://localhost/articles/${SEED_ID}.json`;
  const write = (name, html) => writeFileSync(join(dir, name), html);

  // First paint: the baseline portal page and the widget embedded as in the README.
  write('static.html', page(seed.title, {
    head: '<link rel="stylesheet" href="/article-widget.css">',
    body: `<div class="aw-widget" lang="vi">${articleHtml(seed, { articleUrl: seedUrl, elementTiming: true })}</div>`,
  }));
  write('widget.html', page(seed.title, {
    body: `<div id="news" data-article-widget data-article-src="/articles/${SEED_ID}.json"></div>`,
    scripts: '<script type="module" src="/article-widget.js"></script>',
  }));
  // The same embed with the README's optional head hints: the browser starts the loader, the
  // glue, the wasm, the stylesheet and the article while it parses the page, instead of when the
  // loader runs after parsing.
  write('widget-hints.html', page(seed.title, {
    head: `<link rel="modulepreload" href="/article-widget.js">
<link rel="modulepreload" href="/article-widget-lite.js">
<link rel="preload" href="/article-widget-lite_bg.wasm" as="fetch" crossorigin>
<link rel="preload" href="/articles/${SEED_ID}.json" as="fetch" crossorigin>
<link rel="stylesheet" href="/article-widget.css">`,
    body: `<div id="news" data-article-widget data-article-src="/articles/${SEED_ID}.json"></div>`,
    scripts: '<script type="module" src="/article-widget.js"></script>',
  }));

  // The honest peer of a client-rendered widget: plain JS (about 3 KB, in its own file as the
  // widget's loader is) that fetches the same article JSON and renders the same markup, with the
  // same abbreviation marks from the same glossary it carries, into a host styled by the same CSS.
  writeFileSync(join(out, 'plain-widget.js'), `'use strict';
(function () {
  var WEEKDAYS = ${JSON.stringify(WEEKDAYS)};
  var PORTAL_OFFSET_MS = ${PORTAL_OFFSET_MS};
  var GLOSSARY = ${JSON.stringify(JSON.parse(readFileSync(join(root, 'static/glossary/vi-default.json'), 'utf8')))};
  var escape = ${escape.toString()};
  var pad = ${pad.toString()};
  ${dateLine.toString()}
  ${abbrMarker.toString()}
  ${articleHtml.toString()}
  var host = document.querySelector('[data-plain-widget]');
  var src = host.getAttribute('data-article-src');
  fetch(src).then(function (r) { return r.json(); }).then(function (article) {
    var glossary = Object.assign({}, GLOSSARY, article.abbreviations);
    var articleUrl = new URL(src, document.baseURI).href;
    host.innerHTML = articleHtml(article, { articleUrl: articleUrl, markText: abbrMarker(glossary) });
  });
})();
`);
  write('plain-widget.html', page(seed.title, {
    head: '<link rel="stylesheet" href="/article-widget.css">',
    body: `<div id="news" class="aw-widget" lang="vi" data-plain-widget data-article-src="/articles/${SEED_ID}.json"></div>`,
    scripts: '<script src="/bench/plain-widget.js"></script>',
  }));

  // Date search at portal scale: the widget on the sharded archive bench.mjs generates.
  write('archive.html', page(seed.title, {
    body: `<div id="w" data-article-widget data-article-src="/articles/${SEED_ID}.json" data-archive-src="/bench/archive-1m/manifest.json"></div>`,
    scripts: '<script type="module" src="/article-widget.js"></script>',
  }));

  // Server-rendered: the fragment `article-widget-render` writes (built by bench.sh), on a page
  // that adds the widget's tools, and on a static page that carries the same fragment alone.
  const render = join(root, process.env.CARGO_TARGET_DIR || 'target', 'release', 'article-widget-render');
  const fragment = execFileSync(render, [join(root, 'static/articles', `${SEED_ID}.json`), '--base', `/articles/${SEED_ID}.json`], { encoding: 'utf8' });
  write('prerendered.html', page(seed.title, {
    head: '<link rel="stylesheet" href="/article-widget.css">',
    body: `<div id="news" data-article-widget data-rating-endpoint="/api/rate">${fragment}</div>`,
    scripts: '<script type="module" src="/article-widget.js"></script>',
  }));
  write('prerendered-static.html', page(seed.title, {
    head: '<link rel="stylesheet" href="/article-widget.css">',
    body: `<div id="news" data-article-widget data-rating-endpoint="/api/rate">${fragment}</div>`,
  }));

  // Interaction: our widget, and beside it (fixed, always in view) rater-js and two plain JS
  // buttons that change the font scale of a server-rendered copy of the same article through
  // the same CSS custom property the widget sets. The two articles sit side by side in equal
  // columns: stacked, each one's growth would move (and repaint) the other, and only the upper
  // one's changes would carry that cost.
  write('interaction.html', page(seed.title, {
    head: `<link rel="stylesheet" href="/article-widget.css">
<style>.bench-main { max-width: none; } .bench-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; align-items: start; width: calc(100vw - 23em); }</style>`,
    body: `<div class="bench-pair"><div id="ours" data-article-widget data-article-src="/articles/${SEED_ID}.json" data-rating-endpoint="/api/rate"></div>
<aside class="bench-peer" id="peer-tools">
  <div id="peer-rater"></div>
  <p><button type="button" id="peer-smaller">A−</button> <button type="button" id="peer-larger">A+</button>
  <span id="peer-level" role="status">100 %</span></p>
</aside>
<div class="aw-widget" id="peer-article" lang="vi">${articleHtml(seed, { articleUrl: seedUrl })}</div></div>`,
    scripts: `<script src="/bench/peers/rater.min.js"></script>
<script>
  raterJs({ element: document.getElementById('peer-rater'), starSize: 24, rateCallback: (rating, done) => done() });
  const levels = [0.9, 1, 1.15, 1.3, 1.5, 1.75, 2];
  let level = 1;
  const article = document.getElementById('peer-article');
  const shown = document.getElementById('peer-level');
  const set = (next) => {
    level = Math.max(0, Math.min(levels.length - 1, next));
    article.style.setProperty('--aw-font-scale', String(levels[level]));
    shown.textContent = Math.round(levels[level] * 100) + ' %';
  };
  document.getElementById('peer-smaller').addEventListener('click', () => set(level - 1));
  document.getElementById('peer-larger').addEventListener('click', () => set(level + 1));
</script>
<script type="module" src="/article-widget.js"></script>`,
  }));

  // Memory: a 1 MB article and the 100k index, deep-linked to a day so the results show once
  // the index is ready; a second host for the mount/destroy cycles.
  const long = longArticle(seed, 1 << 20);
  writeFileSync(join(out, 'long-article.json'), JSON.stringify(long));
  write('memory.html', page(long.title, {
    body: `<div id="big" data-article-widget data-article-src="/bench/long-article.json" data-index-src="/bench/index-100k.json"></div>
<div id="cycle"></div>`,
    scripts: '<script type="module" src="/article-widget.js"></script>',
  }));

  // The peer stack on the same content: the long article rendered on the server with <abbr>
  // marks, tippy.js tooltips on them (delegated: one instance per hovered mark), flatpickr
  // (Vietnamese) on a date field, rater-js, and the same index fetched, parsed and filtered.
  const mark = abbrMarker(glossary);
  const longUrl = 'http://localhost/bench/long-article.json';
  write('peer-memory.html', page(long.title, {
    head: `<link rel="stylesheet" href="/article-widget.css">\n${PEER_STYLES}`,
    body: `<div class="aw-widget" id="big" lang="vi">${articleHtml(long, { articleUrl: longUrl, markText: mark })}
<section class="aw-search"><input id="peer-date" type="text"><ol id="peer-results"></ol></section>
<div id="peer-rater"></div></div>
<div id="cycle"></div>
<template id="seed-article">${articleHtml(seed, { articleUrl: seedUrl, markText: mark })}<input type="text" class="peer-date"><div class="peer-rater"></div></template>`,
    scripts: `${PEER_SCRIPTS}
<script>
  // Index "ready" = fetched, parsed and the deep-linked day listed, as the widget does it.
  window.peerIndexReady = (async () => {
    const index = await (await fetch('/bench/index-100k.json')).json();
    const start = Date.parse('${INDEX_DAY}T00:00:00+07:00'), end = start + 86400000;
    const hits = index.articles.filter((a) => { const t = Date.parse(a.published); return t >= start && t < end; });
    hits.sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
    document.getElementById('peer-results').replaceChildren(...hits.slice(0, 20).map((a) => {
      const li = document.createElement('li');
      li.textContent = a.title;
      return li;
    }));
    window.peerIndex = index;
    return performance.now();
  })();
  tippy.delegate('#big', { target: 'abbr[title]', content: (el) => el.getAttribute('title') });
  flatpickr('#peer-date', { locale: 'vn' });
  raterJs({ element: document.getElementById('peer-rater'), starSize: 24, rateCallback: (rating, done) => done() });
  // One mount/destroy cycle of the seed article with the same tools.
  window.peerCycle = () => {
    const host = document.getElementById('cycle');
    host.append(document.getElementById('seed-article').content.cloneNode(true));
    const tips = tippy(host.querySelectorAll('abbr[title]'), { content: (el) => el.getAttribute('title') });
    const picker = flatpickr(host.querySelector('.peer-date'), { locale: 'vn' });
    const rater = raterJs({ element: host.querySelector('.peer-rater'), starSize: 24, rateCallback: (rating, done) => done() });
    for (const tip of tips) tip.destroy();
    picker.destroy();
    rater.dispose();
    host.replaceChildren();
  };
</script>`,
  }));
  return { longBytes: JSON.stringify(long).length };
}
