// XSS corpus: every vector of fixtures/xss-vectors.json goes through `body_html`, through every
// other string of an article, glossary and index, and through the configuration attributes; no
// script may run, nothing outside the allowlist may reach the DOM, and benign markup survives.
//
// The corpus (tests/e2e/fixtures/xss-vectors.json, `{ id, source, html }`) is taken from public
// lists, not invented:
// - owasp:       OWASP XSS Filter Evasion Cheat Sheet (CheatSheetSeries,
//                cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.md), including its WAF bypass strings;
// - dompurify:   DOMPurify's sanitizer test fixtures (cure53/DOMPurify, test/fixtures/expect.mjs):
//                DOM clobbering, Unicode-whitespace and control-character URLs, the Chrome mXSS
//                namespace-confusion family;
// - html5sec:    the html5sec.org vectors (cure53/H5SC) as numbered in DOMPurify's fixtures;
// - portswigger: PortSwigger's XSS cheat sheet data (PortSwigger/xss-cheatsheet-data, json/:
//                protocols, encodings, events, mutation_xss, dom_clobbering, special_tags,
//                useful_tags, classic);
// - payloadbox:  payloadbox/xss-payload-list (Intruder/xss-payload-list.txt);
// - sonarsource-mxss: parser-differential primitives of SonarSource's mXSS cheat sheet.
// Bare URLs (the last entries) are the schemes and prefixes of those vectors on their own, for
// the URL fields. Each payload's alert(…)/prompt(…)/confirm(…) call was rewritten to
// __xss(<id>) (base64 and percent-encoded payloads re-encoded); alert, confirm, prompt and print
// stay trapped as well (fixtures/xss-traps.js), as does any script loaded from an unknown URL:
// every such request is answered with a script that calls the trap.
//
// A widget is checked inside its own root (the host, or its shadow root with
// data-isolation="shadow"): only allowlisted elements plus the widget's own UI, no on* attribute,
// no style attribute outside the widget root and its tooltips, no id but the widget's generated
// `aw<n>-…` ids, no name, and no javascript:/vbscript:/data: URL in any URL attribute. The host
// page must not change outside the widget hosts (no <base>, <meta>, <script> escaping into it).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { suite, SHOTS } from './harness.mjs';

const env = suite();

const VECTORS = JSON.parse(await readFile(new URL('./fixtures/xss-vectors.json', import.meta.url), 'utf8'));
const TRAPS = fileURLToPath(new URL('./fixtures/xss-traps.js', import.meta.url));
const PUBLISHED = '2024-05-13T10:45:00+07:00';
const DAY = '2024-05-13';
/** Widgets per page: enough to keep the run short, few enough to keep a failure readable. */
const BATCH = 96;

// ---------------------------------------------------------------------------------------------
// What goes where. Each kind of widget carries the vector in several fields at once; a field is
// one injection point.

const isolation = (v) => (v.id % 2 ? 'shadow' : 'none');
const article = (fields) => ({ id: 'xss', title: 'Bài thử', published: PUBLISHED, ...fields });
const CONFIG = ['lang', 'time-zone', 'rating-endpoint', 'abbr-mode', 'isolation', 'glossary-src'];

const KINDS = {
  /**
   * Every string of a structured article, its image and source URLs, its own abbreviations, and
   * a portal glossary (data-glossary-src) with the vector as a key and as a full form.
   */
  article: {
    fields: ['title', 'id', 'lead', 'paragraph', 'heading', 'image alt', 'image caption', 'image src', 'quote',
      'quote cite', 'list item', 'source name', 'source url', 'abbreviation', 'abbreviation full form',
      'glossary key', 'glossary full form'],
    build: (v, base) => ({
      attrs: { 'data-article-src': `${base}.json`, 'data-glossary-src': `${base}-glossary.json`, 'data-isolation': isolation(v) },
      files: {
        [`${base}.json`]: {
          id: v.html, title: v.html, published: PUBLISHED, lead: v.html,
          body: [
            { type: 'paragraph', text: `XSSK ${v.html} XSSG` },
            { type: 'heading', text: v.html },
            { type: 'image', src: '/images/photo-1.svg', alt: v.html, caption: v.html },
            { type: 'image', src: v.html, alt: 'src' },
            { type: 'quote', text: v.html, cite: v.html },
            { type: 'list', items: [v.html, 'XSSK'] },
          ],
          source: { name: v.html, url: v.html },
          abbreviations: { XSSK: v.html, [v.html]: 'Khóa thử' },
          // A rating with votes adds the schema.org JSON-LD block, which carries the id.
          rating: { average: 4, count: 3 },
        },
        [`${base}-glossary.json`]: { XSSG: v.html, [v.html]: 'Khóa của cổng' },
      },
    }),
  },
  /**
   * The <article-widget> custom element with a date-search index whose title, page URL and article
   * src are the vector, every other option and the host id set to the vector. The day is searched,
   * so the results show the title, and the link and the opener where the URL is kept.
   */
  index: {
    fields: ['index title', 'index url', 'index src', ...CONFIG.map((name) => `<article-widget ${name}>`), 'host id'],
    tag: 'article-widget',
    build: (v, base) => ({
      attrs: { 'index-src': `${base}-index.json`, ...Object.fromEntries(CONFIG.map((name) => [name, v.html])), id: v.html },
      files: {
        [`${base}-index.json`]: {
          articles: [
            { id: 'a', title: v.html, published: '2024-05-13T10:45:00+07:00', src: '/xss-data/plain.json' },
            { id: 'b', title: 'Liên kết', published: '2024-05-13T09:00:00+07:00', url: v.html },
            { id: 'c', title: 'Mở bài', published: '2024-05-13T08:00:00+07:00', src: v.html },
          ],
        },
      },
    }),
  },
  /** Every data-* attribute set to the vector (the article's URL too: its error names it). */
  config: {
    fields: ['article-src', 'index-src', ...CONFIG].map((name) => `data-${name}`),
    build: (v) => ({
      attrs: Object.fromEntries(['article-src', 'index-src', ...CONFIG].map((name) => [`data-${name}`, v.html])),
      files: {},
    }),
  },
  /** The sanitised HTML body. */
  html: {
    fields: ['body_html'],
    build: (v, base) => ({
      attrs: { 'data-article-src': `${base}.json`, 'data-isolation': isolation(v) },
      files: { [`${base}.json`]: article({ id: `html-${v.id}`, title: `body_html ${v.id}`, body_html: v.html }) },
    }),
  },
};
/** Every this many vectors, the real mouse and keyboard go over the widget as well. */
const POINTER_EVERY = 6;

const PLAIN = article({
  lead: 'UBND tỉnh họp phiên thường kỳ.',
  body: [{ type: 'paragraph', text: 'BTV và UBND.' }, { type: 'image', src: '/images/photo-1.svg', alt: 'Ảnh' }],
});

/** Whitespace that Rust's `str::trim` removes (the model trims every string). */
const rustTrim = (s) => s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
const shown = (s) => rustTrim(s).normalize('NFC');

// ---------------------------------------------------------------------------------------------
// In-page checks (run through page.evaluate, so self-contained).

/** The state of each host: loaded, error, search shown, …; `null` while still working. */
function settledState(keys) {
  const out = {};
  for (const key of keys) {
    const host = document.querySelector(`[xss-key="${key}"]`);
    const root = host?.shadowRoot ?? host;
    const kind = host?.getAttribute('xss-kind');
    const has = (sel) => !!root?.querySelector(sel);
    let state = null;
    if (!root) state = 'missing';
    else if (kind === 'index' && !has('.aw-article, .aw-error')) state = has('.aw-search') ? 'search' : null;
    else if (has('.aw-error')) state = 'error';
    else if (has('.aw-article')) {
      // The portal glossary arrives after the article: wait for its key, or for its failure notice.
      const marked = [...root.querySelectorAll('abbr.aw-abbr')].some((a) => a.textContent === 'XSSG');
      state = kind !== 'article' || marked || has('.aw-abbr-list__notice') ? 'loaded' : null;
    }
    out[key] = state;
  }
  return out;
}

/** Date-search answers: count, empty, or error; `null` while the index is loading. */
function searchState(keys) {
  return Object.fromEntries(keys.map((key) => {
    const host = document.querySelector(`[xss-key="${key}"]`);
    const root = host.shadowRoot ?? host;
    const done = root.querySelector('.aw-search__count, .aw-search__empty, .aw-search__error');
    return [key, done ? done.className : null];
  }));
}

/** Fills the date search of each host (the change event the widget listens to). */
function searchDay([keys, day]) {
  for (const key of keys) {
    const host = document.querySelector(`[xss-key="${key}"]`);
    const input = (host.shadowRoot ?? host).querySelector('input[type=date]');
    input.value = day;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/**
 * Fires the events inline handlers and javascript: links would react to on every element of each
 * article body (hover, focus, click — with the click's default action cancelled, so a link that
 * slipped through could not navigate the test page away, while an onclick handler still runs).
 */
function poke(keys) {
  for (const key of keys) {
    const host = document.querySelector(`[xss-key="${key}"]`);
    const root = host.shadowRoot ?? host;
    const stop = (e) => e.preventDefault();
    root.addEventListener('click', stop, true);
    for (const el of root.querySelectorAll('.aw-body *')) {
      for (const type of ['pointerover', 'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'focusin']) {
        el.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
      }
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      el.focus?.({ preventScroll: true });
      el.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, composed: true }));
    }
    root.removeEventListener('click', stop, true);
  }
}

/** Images of the widgets still loading (lazy ones out of view never start, so they do not count). */
function pendingImages() {
  let pending = 0;
  for (const host of document.querySelectorAll('[xss-key]')) {
    for (const img of (host.shadowRoot ?? host).querySelectorAll('img')) if (!img.complete && img.loading !== 'lazy') pending += 1;
  }
  return pending;
}

/** The page's own structure, to compare before and after the widgets run. */
function pageSnapshot() {
  const attrs = (el) => [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' ');
  return {
    head: [...document.head.children].map((el) => el.outerHTML),
    html: attrs(document.documentElement),
    body: attrs(document.body),
    bodyChildren: [...document.body.children].map((el) => `${el.localName}#${el.id}`),
    // Outside the widget hosts (a widget in the light DOM has its own form and JSON-LD script).
    counts: Object.fromEntries(['base', 'meta', 'script', 'link', 'style', 'iframe', 'object', 'embed', 'form', 'template']
      .map((tag) => [tag, [...document.querySelectorAll(tag)].filter((el) => !el.closest('[xss-key]')).length])),
    title: document.title,
    globals: {
      getElementById: typeof document.getElementById,
      createElement: typeof document.createElement,
      querySelector: typeof document.querySelector,
      cookie: typeof document.cookie,
      body: document.body instanceof HTMLBodyElement,
      location: window.location instanceof Location,
      forms: document.forms instanceof HTMLCollection,
      ArticleWidget: typeof window.ArticleWidget?.mount,
    },
  };
}

/**
 * Everything forbidden inside each widget's root; also reads the rendered texts of the article
 * fields so the test can check they were shown as text.
 */
function inspect(keys) {
  const BODY_HTML = new Set(['p', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'br', 'a', 'img',
    'figure', 'figcaption', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption']);
  // The widget's own elements that carry no `aw-` class, by where they sit.
  const OWN = [
    '.aw-abbr-list > summary', '.aw-abbr-list > dl', '.aw-abbr-list__item > dt', '.aw-abbr-list__item > dd',
    '.aw-quote__cite > cite', '.aw-star svg', '.aw-star svg *', '.aw-rating > script[type="application/ld+json"]',
    '.aw-search__field > label',
  ].join(', ');
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'background', 'data', 'codebase',
    'cite', 'dynsrc', 'lowsrc', 'longdesc', 'ping', 'manifest', 'icon', 'xlink:href', 'xml:base']);
  const BAD_SCHEME = /^(javascript|vbscript|data):/;
  // URL parsers drop leading C0 controls and spaces, and tabs and newlines anywhere; this check
  // drops every control and Unicode space anywhere (a sanitiser must not rely on the difference).
  const squash = (url) => url.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g, '').toLowerCase();
  const dangerous = (name, value) => {
    const urls = name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0]) : [value];
    return urls.some((url) => {
      if (BAD_SCHEME.test(squash(url))) return true;
      try {
        return ['javascript:', 'vbscript:', 'data:'].includes(new URL(url, document.baseURI).protocol);
      } catch {
        return false;
      }
    });
  };
  const results = {};
  for (const key of keys) {
    const host = document.querySelector(`[xss-key="${key}"]`);
    const root = host.shadowRoot ?? host;
    const prefix = `aw${host.getAttribute('data-aw-mounted')}-`;
    const problems = [];
    const where = (el) => {
      const parts = [];
      for (let e = el; e && e !== root && e !== host && parts.length < 3; e = e.parentElement) {
        parts.unshift(e.localName + (e.classList.length ? `.${[...e.classList].join('.')}` : ''));
      }
      return parts.join(' > ');
    };
    for (const el of root.querySelectorAll('*')) {
      const tag = el.localName;
      const inBody = !!el.closest('.aw-body');
      const own = [...el.classList].some((c) => c.startsWith('aw-')) || el.matches(OWN)
        || (tag === 'link' && el.parentNode === root && el.rel === 'stylesheet' && el.href.endsWith('/article-widget.css'));
      if (!own && !BODY_HTML.has(tag)) problems.push(`element <${tag}> (${where(el)})`);
      if (el.shadowRoot && el !== host) problems.push(`nested shadow root on <${tag}>`);
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${name}="${attr.value}" on <${tag}> (${where(el)})`);
        if (name === 'style' && !el.matches('.aw-widget, .aw-tooltip')) problems.push(`style="${attr.value}" on <${tag}> (${where(el)})`);
        if (name === 'id' && !attr.value.startsWith(prefix)) problems.push(`id="${attr.value}" on <${tag}> (${where(el)})`);
        if (name === 'name') problems.push(`name="${attr.value}" on <${tag}> (${where(el)})`);
        if (name === 'srcdoc' || name === 'is') problems.push(`${name}="${attr.value}" on <${tag}>`);
        if ((URL_ATTRS.has(name) || attr.localName === 'href') && dangerous(name, attr.value)) {
          problems.push(`${name}="${attr.value}" on <${tag}> (${where(el)})`);
        }
      }
      // The spec for body_html links: external ones open in a new tab, every one without opener.
      if (inBody && !own && tag === 'a' && el.hasAttribute('href')) {
        const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
        if (!rel.includes('noopener') || !rel.includes('noreferrer')) problems.push(`<a href="${el.getAttribute('href')}"> without rel="noopener noreferrer"`);
        let external = false;
        try {
          const url = new URL(el.getAttribute('href'), document.baseURI);
          external = /^https?:$/.test(url.protocol) && url.origin !== location.origin;
        } catch {
          // not a URL at all: nothing to open
        }
        if (external && el.getAttribute('target') !== '_blank') problems.push(`external <a href="${el.getAttribute('href')}"> without target="_blank"`);
      }
    }
    const text = (sel) => root.querySelector(sel)?.textContent ?? null;
    const ld = root.querySelector('script[type="application/ld+json"]')?.textContent;
    let identifier = null;
    try {
      identifier = ld ? JSON.parse(ld).itemReviewed.identifier : null;
    } catch (e) {
      problems.push(`JSON-LD does not parse: ${e.message}`);
    }
    const tipOf = (abbr) => abbr && root.querySelector(`[id="${abbr.getAttribute('aria-describedby')}"]`);
    const abbrs = [...root.querySelectorAll('.aw-body abbr.aw-abbr')];
    results[key] = {
      problems,
      texts: {
        title: text('h1.aw-title'), lead: text('p.aw-lead'), paragraph: text('p.aw-p'), heading: text('h2.aw-h2'),
        alt: root.querySelector('img.aw-img')?.getAttribute('alt') ?? null, caption: text('figcaption.aw-caption'),
        quote: text('.aw-quote__text p'), cite: text('.aw-quote__cite cite'), item: text('ul.aw-list li'),
        source: text('p.aw-source'), identifier, error: text('.aw-error__message'),
        tipXSSK: tipOf(abbrs.find((a) => a.textContent === 'XSSK'))?.textContent ?? null,
        tipXSSG: tipOf(abbrs.find((a) => a.textContent === 'XSSG'))?.textContent ?? null,
        marks: abbrs.map((a) => a.textContent),
        results: [...root.querySelectorAll('.aw-results__open')].map((e) => e.textContent),
      },
    };
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// The harness around one page of widgets.

const STATIC = new Set(['/fixtures/xss.html', '/fixtures/xss-traps.js', '/fixtures/boot.js', '/article-widget.js',
  '/article-widget-core.js', '/article-widget-core_bg.wasm', '/article-widget-lite.js', '/article-widget-lite_bg.wasm',
  '/article-widget.css', '/images/photo-1.svg']);

/**
 * Opens the fixture page with traps in every frame; `files` (path → JSON text) is served under
 * /xss-data/ and can grow while the page is open. One page runs many batches: opening a page
 * costs more than mounting a batch.
 */
async function openPage(files) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hits = [];
  const origin = env.server.url;
  // Hits of the top window are read from window.__xssHits; the binding adds those of frames.
  await context.exposeBinding('__xssReport', ({ frame }, what) => {
    if (frame.parentFrame()) hits.push(`${what} [frame ${frame.url().slice(0, 80)}]`);
  });
  await context.addInitScript({ path: TRAPS });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin && STATIC.has(url.pathname)) return route.fallback();
    const body = url.origin === origin ? files.get(url.pathname) : undefined;
    if (body !== undefined) return route.fulfill({ contentType: 'application/json; charset=utf-8', body });
    // Anything else — an image, stylesheet, script or page a vector points at — is answered with
    // a script that springs the trap: loading it as a script is executing foreign code.
    return route.fulfill({ contentType: 'text/javascript', body: `__xss(${JSON.stringify(`loaded ${url.href.slice(0, 120)}`)})` });
  });
  const page = await context.newPage();
  const popups = [];
  context.on('page', (p) => popups.push(p.url()));
  page.on('dialog', (dialog) => {
    hits.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (/panicked|RuntimeError|unreachable/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
  await page.goto(`${origin}/fixtures/xss.html`);
  await page.waitForFunction(() => window.ArticleWidget);
  await page.evaluate(() => window.ArticleWidget.ready);
  return { context, page, files, hits, popups, pageErrors };
}

/** Waits until `fn(arg)` reports every key settled; on timeout names the ones that are not. */
async function waitAll(page, fn, arg, what, timeout = 30_000) {
  try {
    await page.waitForFunction(`Object.values((${fn})(${JSON.stringify(arg)})).every((s) => s !== null)`, null,
      { timeout, polling: 50 });
  } catch (e) {
    const states = await page.evaluate(fn, arg).catch(() => ({}));
    const stuck = Object.entries(states).filter(([, s]) => s === null).map(([k]) => k);
    throw new Error(`${what}: still waiting for ${stuck.length} widget(s): ${stuck.slice(0, 10).join(', ')} (${e.message.split('\n')[0]})`);
  }
  return page.evaluate(fn, arg);
}

/** Scrolls an element of a widget into view and returns its centre, for the real mouse. */
function aim([key, selector, text]) {
  const host = document.querySelector(`[xss-key="${key}"]`);
  const el = [...(host.shadowRoot ?? host).querySelectorAll(selector)].find((e) => text === undefined || e.textContent === text);
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  const r = el.getBoundingClientRect();
  return r.width && r.height ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
}

/** Moves the real mouse onto an element; returns whether there was something to point at. */
async function pointAt(page, key, selector, text) {
  const at = await page.evaluate(aim, [key, selector, text]);
  if (at) await page.mouse.move(at.x, at.y);
  return !!at;
}

/** The visible tooltip of a widget's abbreviation mark, once the pointer or focus opened it. */
function tooltipOpen([key, word]) {
  const host = document.querySelector(`[xss-key="${key}"]`);
  const root = host.shadowRoot ?? host;
  const mark = [...root.querySelectorAll('abbr.aw-abbr')].find((a) => a.textContent === word);
  const tip = mark && root.querySelector(`[id="${mark.getAttribute('aria-describedby')}"]`);
  return !!tip && !tip.hidden;
}

/**
 * Mounts one batch of (vector, kind) widgets on the page, lets everything run, exercises them,
 * checks them, and removes them; returns per-widget findings plus the page-level ones.
 */
async function runBatch(tab, jobs, batchNo, look) {
  const { page, files, hits, popups, pageErrors } = tab;
  const specs = jobs.map(({ v, kind }) => {
    const key = `${kind}-${v.id}`;
    const built = KINDS[kind].build(v, `/xss-data/b${batchNo}/${key}`);
    for (const [path, json] of Object.entries(built.files)) files.set(path, JSON.stringify(json));
    return { key, kind, v, tag: KINDS[kind].tag ?? 'div', attrs: built.attrs };
  });
  const before = await page.evaluate(pageSnapshot);
  await page.evaluate((list) => {
    const main = document.getElementById('widgets');
    for (const { key, kind, tag, attrs } of list) {
      const el = document.createElement(tag);
      el.setAttribute('xss-key', key);
      el.setAttribute('xss-kind', kind);
      if (tag === 'div') el.setAttribute('data-article-widget', '');
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
      main.append(el);
    }
  }, specs.map(({ key, kind, tag, attrs }) => ({ key, kind, tag, attrs })));
  const keys = specs.map((s) => s.key);
  const states = await waitAll(page, settledState, keys, 'mounting');

  // Date searches: the index widgets and the ones whose data-index-src is the vector.
  const searchKeys = specs.filter((s) => s.kind === 'index' || s.kind === 'config').map((s) => s.key);
  if (searchKeys.length) {
    await page.evaluate(searchDay, [searchKeys, DAY]);
    await waitAll(page, searchState, searchKeys, 'date search');
  }

  // The real pointer and keyboard on a sample: an abbreviation tooltip (hover, then focus), the
  // photo, and the images and links of body_html.
  for (const spec of specs.filter((s) => s.v.id % POINTER_EVERY === 0)) {
    await page.mouse.move(0, 0);
    if (spec.kind === 'article' && (await pointAt(page, spec.key, 'abbr.aw-abbr', 'XSSK'))) {
      await page.waitForFunction(tooltipOpen, [spec.key, 'XSSK'], { polling: 20, timeout: 10_000 }).catch((e) => {
        throw new Error(`${describe(spec)}: hovering XSSK did not open its tooltip (${e.message.split('\n')[0]})`);
      });
      await page.evaluate((key) => {
        const host = document.querySelector(`[xss-key="${key}"]`);
        [...(host.shadowRoot ?? host).querySelectorAll('abbr.aw-abbr')].find((a) => a.textContent === 'XSSK').focus();
      }, spec.key);
      await page.keyboard.press('Escape');
      await pointAt(page, spec.key, 'img.aw-img');
    }
    if (spec.kind === 'html') {
      await pointAt(page, spec.key, '.aw-body img');
      await pointAt(page, spec.key, '.aw-body a');
    }
  }
  await page.mouse.move(0, 0);
  await page.evaluate(poke, specs.filter((s) => s.kind === 'html' || s.v.id % POINTER_EVERY === 0).map((s) => s.key));

  const looked = look ? await look(page, specs, states) : undefined;

  // Positive control: an unsanitised image outside the widgets must spring the trap, which
  // proves the traps are live and gives pending image errors in the widgets their turn.
  await page.evaluate(() => {
    document.getElementById('canary').innerHTML = '<img src="/xss-canary.png" onerror="__xss(\'canary\')">';
  });
  await page.waitForFunction(() => window.__xssHits.includes('vector canary'), null, { polling: 20 });
  await page.evaluate(() => document.getElementById('canary').replaceChildren());
  await page.waitForFunction(`(${pendingImages})() === 0`, null, { polling: 50 });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

  const found = await page.evaluate(inspect, keys);
  const afterSnap = await page.evaluate(pageSnapshot);
  const pageHits = await page.evaluate(() => window.__xssHits.splice(0).filter((h) => h !== 'vector canary'));
  const onlyHosts = await page.evaluate((n) => {
    const main = document.getElementById('widgets');
    return main.children.length === n && [...main.children].every((el) => el.hasAttribute('xss-key'));
  }, specs.length);
  const pageProblems = [];
  if (!onlyHosts) pageProblems.push('#widgets holds something besides the widget hosts');
  for (const part of ['head', 'html', 'body', 'bodyChildren', 'counts', 'title', 'globals']) {
    if (JSON.stringify(afterSnap[part]) !== JSON.stringify(before[part])) {
      pageProblems.push(`host page ${part} changed: ${JSON.stringify(before[part])} → ${JSON.stringify(afterSnap[part])}`);
    }
  }
  // The date search keeps its query in the URL (replaceState); anything else is a navigation.
  const url = new URL(page.url());
  if (url.origin !== env.server.url || url.pathname !== '/fixtures/xss.html') pageProblems.push(`the page navigated to ${url}`);

  // Remove the batch; the loader destroys the widgets of removed hosts.
  await page.evaluate(() => document.getElementById('widgets').replaceChildren());
  await page.waitForFunction(() => window.ArticleWidget.mountedCount() === 0, null, { polling: 20 });
  return {
    specs, states, found, pageProblems, looked,
    popups: popups.splice(0), hits: [...pageHits, ...hits.splice(0)], pageErrors: pageErrors.splice(0),
  };
}

/**
 * Runs `jobs` in batches of BATCH widgets on one page and merges what they found; `look(page,
 * specs, states)`, if given, reads more from each batch before it is removed.
 */
async function runAll(jobs, look) {
  const all = { specs: [], states: {}, found: {}, pageProblems: [], popups: [], hits: [], pageErrors: [], looked: [] };
  const tab = await openPage(new Map([['/xss-data/plain.json', JSON.stringify(PLAIN)]]));
  try {
    for (let i = 0; i < jobs.length; i += BATCH) {
      const n = i / BATCH;
      const r = await runBatch(tab, jobs.slice(i, i + BATCH), n, look);
      all.looked.push(r.looked);
      all.specs.push(...r.specs);
      Object.assign(all.states, r.states);
      Object.assign(all.found, r.found);
      all.pageProblems.push(...r.pageProblems.map((p) => `batch ${n}: ${p}`));
      all.popups.push(...r.popups);
      all.hits.push(...r.hits.map((h) => `batch ${n}: ${h}`));
      all.pageErrors.push(...r.pageErrors.map((p) => `batch ${n}: ${p}`));
    }
  } finally {
    await tab.context.close();
  }
  return all;
}

/** The vector a widget key stands for, for failure messages. */
const describe = (spec) => `${spec.kind} #${spec.v.id} (${spec.v.source}) ${JSON.stringify(spec.v.html).slice(0, 140)}`;

function assertClean(run, label) {
  assert.deepEqual(run.hits, [], `${label}: script ran`);
  assert.deepEqual(run.popups, [], `${label}: a window was opened`);
  assert.deepEqual(run.pageErrors, [], `${label}: uncaught errors or a wasm panic`);
  assert.deepEqual(run.pageProblems, [], `${label}: the host page changed`);
  const bad = run.specs.filter((s) => run.found[s.key].problems.length)
    .map((s) => `${describe(s)}\n      ${run.found[s.key].problems.slice(0, 5).join('\n      ')}`);
  assert.deepEqual(bad, [], `${label}: forbidden markup in ${bad.length} widget(s)`);
}

const tally = { vectors: new Set(), fields: new Set(), injections: 0, widgets: 0, executed: 0 };
function count(run) {
  for (const spec of run.specs) {
    tally.vectors.add(spec.v.id);
    for (const f of KINDS[spec.kind].fields) tally.fields.add(f);
    tally.injections += KINDS[spec.kind].fields.length;
    tally.widgets += 1;
  }
  tally.executed += run.hits.length;
}
after(() => {
  console.log(`xss: ${tally.vectors.size} vectors × ${tally.fields.size} fields = ${tally.injections} injections `
    + `in ${tally.widgets} widgets, ${tally.executed} executed`);
});

// ---------------------------------------------------------------------------------------------

test('the corpus: at least 200 distinct public vectors, each with its trap id', () => {
  assert.ok(VECTORS.length >= 200, `${VECTORS.length} vectors`);
  assert.equal(new Set(VECTORS.map((v) => v.id)).size, VECTORS.length, 'ids are unique');
  assert.equal(new Set(VECTORS.map((v) => v.html)).size, VECTORS.length, 'vectors are distinct');
  for (const v of VECTORS) {
    assert.ok(['owasp', 'dompurify', 'html5sec', 'portswigger', 'payloadbox', 'sonarsource-mxss'].includes(v.source), `#${v.id} source ${v.source}`);
    // The DOM check trusts `aw-` classes as the widget's own: no vector may use one.
    assert.ok(!v.html.includes('aw-'), `#${v.id} uses an aw- class`);
  }
  const bySource = {};
  for (const v of VECTORS) bySource[v.source] = (bySource[v.source] ?? 0) + 1;
  console.log(`xss corpus: ${VECTORS.length} vectors (${Object.entries(bySource).map(([s, n]) => `${s} ${n}`).join(', ')})`);
});

test('the checks catch what they look for (a fake widget with unsafe markup)', async () => {
  const { context, page } = await openPage(new Map());
  try {
    const before = await page.evaluate(pageSnapshot);
    // Inert markup (parsed in a template) but for the srcdoc frame, whose script runs once attached.
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.setAttribute('xss-key', 'fake-0');
      host.setAttribute('data-aw-mounted', '999');
      const template = document.createElement('template');
      template.innerHTML = `<div class="aw-widget"><div class="aw-body">
        <b onmouseover="__xss('self-test')">hover</b>
        <p style="color:red" id="clobber" name="x">p</p>
        <a href="java&#x09;script:__xss(1)">tab</a><a href="&#x6a;avascript:__xss(2)">entity</a>
        <a href="https://example.org/" rel="noopener noreferrer">no target</a><a href="/rel">no rel</a>
        <img srcset="/a.png 1x, data:image/svg+xml,x 2x"><img src=" VBScript:x">
        <svg><a xlink:href="javascript:__xss(3)"><text>x</text></a></svg>
        <form action="javascript:__xss(4)"><button formaction="javascript:__xss(5)">b</button></form>
        <iframe srcdoc="&lt;script&gt;__xss(6)&lt;/script&gt;"></iframe><div>div</div>
      </div></div>`;
      host.append(template.content);
      document.getElementById('widgets').append(host);
      document.head.append(document.createElement('base'));
    });
    const problems = (await page.evaluate(inspect, ['fake-0']))['fake-0'].problems.join('\n');
    for (const expected of [/onmouseover=/, /style="color:red"/, /id="clobber"/, /name="x"/, /href="java\tscript:/,
      /href="javascript:__xss\(2\)"/, /without target="_blank"/, /<a href="\/rel"> without rel/, /srcset=/, /src=" VBScript:x"/,
      /href="javascript:__xss\(3\)" on <a>/, /element <svg>/, /element <form>/, /action="javascript:/, /formaction=/,
      /element <iframe>/, /srcdoc=/, /element <div> \(div\.aw-widget > div\.aw-body > div\)/]) {
      assert.match(problems, expected);
    }
    const after = await page.evaluate(pageSnapshot);
    assert.notDeepEqual(after.head, before.head, 'an element added to <head> is noticed');
    assert.notDeepEqual(after.counts, before.counts, 'a <base> is noticed');
    // The frame's script is heard in the top window; poking the body fires the inline handler.
    await page.waitForFunction(() => window.__xssHits.includes('frame: vector 6'));
    await page.evaluate(poke, ['fake-0']);
    assert.deepEqual(await page.evaluate(() => window.__xssHits.sort()), ['frame: vector 6', 'vector self-test']);
  } finally {
    await context.close();
  }
});

test('every string field, glossary, index and attribute: nothing runs, text stays text', async () => {
  const jobs = VECTORS.flatMap((v) => ['article', 'index', 'config'].map((kind) => ({ v, kind })));
  const run = await runAll(jobs);
  count(run);
  assertClean(run, 'structured fields');

  // The articles must actually be shown (else their fields were not tested).
  const notShown = run.specs.filter((s) => s.kind === 'article' && run.states[s.key] !== 'loaded')
    .map((s) => `${describe(s)}: ${run.states[s.key]} ${run.found[s.key].texts.error ?? ''}`);
  assert.deepEqual(notShown, [], 'article widgets that did not show their article');

  // Shown as text, character for character (after the model's trim and NFC): never parsed.
  const mismatches = [];
  const unmarked = [];
  for (const spec of run.specs) {
    const t = run.found[spec.key].texts;
    const want = shown(spec.v.html);
    if (spec.kind === 'index' && !t.results.includes(want)) {
      mismatches.push(`${describe(spec)} index title: ${JSON.stringify(t.results)}`);
    }
    if (spec.kind !== 'article') continue;
    // Strings are trimmed by the model; the paragraph embeds the vector untrimmed.
    const expect = {
      title: want, lead: want, heading: want, alt: want, caption: want, quote: want, cite: want, item: want,
      identifier: want, paragraph: `XSSK ${spec.v.html} XSSG`, source: `Nguồn: ${want}`,
      tipXSSK: `XSSK: ${want}`, tipXSSG: `XSSG: ${want}`,
    };
    for (const [field, value] of Object.entries(expect)) {
      const got = t[field]?.normalize('NFC');
      if (got !== value.normalize('NFC')) mismatches.push(`${describe(spec)} ${field}: ${JSON.stringify(got)}`);
    }
    if (!t.marks.includes(spec.v.html.trim().normalize('NFC'))) unmarked.push(describe(spec));
  }
  assert.deepEqual(mismatches, [], 'fields not shown verbatim as text');
  // Every vector, as an abbreviation key, is found and marked in the paragraph, else the tooltip
  // and list paths were not exercised for it. The glossary trims its keys like the model trims
  // strings, so the 5 vectors (of 458) with surrounding whitespace (ids 120, 438, 443-445) are
  // marked as their trimmed form.
  assert.deepEqual(unmarked, [], 'vector keys not marked');
});

test('body_html: every vector is sanitised to the allowlist, nothing runs', async () => {
  const run = await runAll(VECTORS.map((v) => ({ v, kind: 'html' })));
  count(run);
  assertClean(run, 'body_html');
  const errors = run.specs.filter((s) => run.states[s.key] !== 'loaded');
  assert.equal(errors.length, 0, `body_html is not rendered: ${errors.length} of ${run.specs.length} widgets show `
    + `an error instead of the article, e.g. ${JSON.stringify(run.found[errors[0]?.key]?.texts.error)}`);
});

// The full allowlist of the body_html spec, with the text each element must keep.
const BENIGN = [
  '<h2>Tiêu đề hai</h2><h3>Tiêu đề ba</h3><h4>Tiêu đề bốn</h4>',
  '<p>Đoạn <strong>đậm</strong>, <b>in đậm</b>, <em>nhấn</em>, <i>nghiêng</i>, <u>gạch dưới</u>, <s>gạch ngang</s>, ',
  'H<sub>2</sub>O, m<sup>2</sup><br>dòng mới.</p>',
  '<p><a href="/tin-tuc/bai-khac.html">liên kết nội bộ</a> <a href="https://baochinhphu.vn/">liên kết ngoài</a> ',
  '<a href="mailto:toasoan@example.gov.vn">thư</a></p>',
  '<figure><img src="/images/photo-1.svg" alt="Ảnh hội nghị" width="640" height="360"><figcaption>Chú thích ảnh</figcaption></figure>',
  '<blockquote><p>Trích dẫn</p></blockquote>',
  '<ul><li>Mục một</li><li>Mục hai</li></ul><ol><li>Bước một</li></ol>',
  '<table><caption>Bảng số liệu</caption><thead><tr><th>Tỉnh</th><th>Số</th></tr></thead>',
  '<tbody><tr><td>Hà Nội</td><td>42</td></tr></tbody></table>',
  '<p onclick="__xss(\'onclick\')" style="color:red" id="x">hi</p>',
  '<script>__xss("script")</script><p>after script</p>',
  '<b><span>kept</span></b>',
].join('');

/** What the benign body_html became: texts, attributes and counts, read in the page. */
function benignFacts(key) {
  const host = document.querySelector(`[xss-key="${key}"]`);
  const body = (host.shadowRoot ?? host).querySelector('.aw-body');
  if (!body) return null;
  const text = (sel) => body.querySelector(sel)?.textContent.trim() ?? null;
  const link = (name) => {
    const a = [...body.querySelectorAll('a')].find((e) => e.textContent === name);
    return a && { href: a.getAttribute('href'), target: a.getAttribute('target'), rel: (a.getAttribute('rel') ?? '').split(/\s+/).sort() };
  };
  const img = body.querySelector('figure img');
  const hi = [...body.querySelectorAll('p')].filter((p) => p.textContent === 'hi');
  return {
    texts: Object.fromEntries(['h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'figcaption', 'blockquote',
      'ul > li', 'ol > li', 'table caption', 'thead th', 'tbody td'].map((sel) => [sel, text(sel)])),
    counts: { br: body.querySelectorAll('br').length, 'ul > li': body.querySelectorAll('ul > li').length,
      'tbody tr': body.querySelectorAll('tbody tr').length, span: body.querySelectorAll('span:not(.aw-tooltip, .aw-tooltip__key)').length,
      'b with "kept"': [...body.querySelectorAll('b')].filter((b) => b.textContent === 'kept').length },
    img: img && { src: img.getAttribute('src'), alt: img.getAttribute('alt'), width: img.getAttribute('width'), height: img.getAttribute('height') },
    links: { internal: link('liên kết nội bộ'), external: link('liên kết ngoài'), mail: link('thư') },
    hi: hi.map((p) => [...p.attributes].map((a) => a.name)),
    text: body.textContent,
  };
}

test('body_html: benign markup survives, links are made safe, attributes and scripts are dropped', async () => {
  const run = await runAll([{ v: { id: 0, source: 'benign', html: BENIGN }, kind: 'html' }], async (page, specs) => {
    const facts = await page.evaluate(benignFacts, specs[0].key);
    if (facts) {
      await page.locator(`[xss-key="${specs[0].key}"] .aw-body p`, { hasText: /^hi$/ }).click();
      await page.locator(`[xss-key="${specs[0].key}"]`).screenshot({ path: `${SHOTS}/xss-benign.png` });
    }
    return facts;
  });
  const spec = run.specs[0];
  assert.equal(run.states[spec.key], 'loaded', `body_html is not rendered: the widget shows ${JSON.stringify(run.found[spec.key].texts.error)}`);
  assertClean(run, 'benign body_html');
  const facts = run.looked[0];
  assert.deepEqual(facts.texts, {
    h2: 'Tiêu đề hai', h3: 'Tiêu đề ba', h4: 'Tiêu đề bốn', strong: 'đậm', b: 'in đậm', em: 'nhấn', i: 'nghiêng',
    u: 'gạch dưới', s: 'gạch ngang', sub: '2', sup: '2', figcaption: 'Chú thích ảnh', blockquote: 'Trích dẫn',
    'ul > li': 'Mục một', 'ol > li': 'Bước một', 'table caption': 'Bảng số liệu', 'thead th': 'Tỉnh', 'tbody td': 'Hà Nội',
  }, 'every allowlisted element survives with its text');
  assert.deepEqual(facts.counts, { br: 1, 'ul > li': 2, 'tbody tr': 1, span: 0, 'b with "kept"': 1 },
    '<br>, list items and rows survive; <span> is unwrapped');
  assert.match(facts.img.src, /\/images\/photo-1\.svg$/);
  assert.deepEqual({ ...facts.img, src: undefined }, { src: undefined, alt: 'Ảnh hội nghị', width: '640', height: '360' });
  const safe = ['noopener', 'noreferrer'];
  assert.match(facts.links.internal.href, /\/tin-tuc\/bai-khac\.html$/);
  assert.deepEqual(facts.links.internal.rel, safe, 'internal link: rel');
  assert.deepEqual(facts.links.external, { href: 'https://baochinhphu.vn/', target: '_blank', rel: safe }, 'external link');
  assert.equal(facts.links.mail.href, 'mailto:toasoan@example.gov.vn');
  assert.deepEqual(facts.links.mail.rel, safe, 'mailto link: rel');
  assert.deepEqual(facts.hi, [[]], '<p onclick style id>hi</p> keeps "hi" and loses every attribute');
  assert.doesNotMatch(facts.text, /__xss\("script"\)/, 'script content is not shown as text');
  assert.match(facts.text, /after script/);
  assert.match(facts.text, /kept/, '<b><span>kept</span></b> keeps "kept"');
  assert.deepEqual(run.hits, [], 'clicking the former onclick paragraph runs nothing');
});

test('the JSON-LD rating block survives a serialise/re-parse round trip (prerendered pages)', async () => {
  // OWASP's "</script><script>alert('XSS');</script>", quote-free (JSON would escape quotes).
  const id = '</script><script>__xss(30)</script>';
  const files = new Map([['/xss-data/ld.json', JSON.stringify(article({ id, body: [{ type: 'paragraph', text: 'x' }], rating: { average: 4, count: 3 } }))]]);
  const { context, page } = await openPage(files);
  try {
    await page.evaluate(() => {
      const el = document.createElement('div');
      el.setAttribute('data-article-widget', '');
      el.setAttribute('data-article-src', '/xss-data/ld.json');
      el.id = 'ld';
      document.getElementById('widgets').append(el);
    });
    await page.locator('#ld script[type="application/ld+json"]').waitFor({ state: 'attached' });
    // What a prerendering service or a CMS "save page" stores is the serialised DOM.
    const reparsed = await page.evaluate(() => {
      const doc = new DOMParser().parseFromString(document.getElementById('ld').outerHTML, 'text/html');
      return {
        scripts: [...doc.querySelectorAll('script')].map((s) => s.type || 'classic'),
        ldParses: (() => {
          try {
            JSON.parse(doc.querySelector('script[type="application/ld+json"]').textContent);
            return true;
          } catch {
            return false;
          }
        })(),
      };
    });
    assert.deepEqual(reparsed.scripts, ['application/ld+json'], 'no script escapes the JSON-LD block');
    assert.ok(reparsed.ldParses, 'the JSON-LD block still parses');
  } finally {
    await context.close();
  }
});
