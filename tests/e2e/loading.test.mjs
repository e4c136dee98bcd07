// The first article paint: the loader fetches the page's articles beside the wasm and hands the
// text over, so the article is in the widget's first render (no loading state laid out and
// painted before it) and is asked for once; a slow article still gets its loading state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, watchErrors, watchWarnings } from './harness.mjs';

const env = suite();

const VI = '/articles/bo-xay-dung-tap-huan-dan-van-2024.json';
const EN = '/articles/ubnd-tinh-hop-phien-thuong-ky-thang-5-2024.json';

/** Records, per host, every class of element added to it and whether `loaded` found the article. */
function recorder() {
  window.__added = {};
  window.__loadedWithArticle = {};
  new MutationObserver((records) => {
    for (const record of records) {
      const host = record.target.closest?.('[data-article-widget]');
      if (!host) continue;
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        (window.__added[host.id] ??= []).push(node.className, ...[...node.querySelectorAll('[class]')].map((e) => e.className));
      }
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('article-widget:loaded', (e) => {
    window.__loadedWithArticle[e.target.id] = e.target.querySelector('article h1') !== null;
  });
}

const asked = (path, since) => env.server.requests.slice(since).filter((r) => r.path === path).length;

test('the page\'s articles are fetched once, beside the wasm, and are in each widget\'s first render', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(recorder);
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The wasm is answered only once both articles have arrived, as on a slow line: the widgets
  // start with the articles already in.
  const articlesIn = Promise.all([VI, EN].map((path) => page
    .waitForResponse((response) => new URL(response.url()).pathname === path)
    .then((response) => response.finished())));
  await page.route('**/article-widget-core_bg.wasm', async (route) => {
    await articlesIn;
    await route.continue();
  });
  const since = env.server.requests.length;
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  await page.locator('#vi article h1').waitFor();
  await page.locator('#en article h1').waitFor();
  await page.waitForFunction(() => Object.keys(window.__loadedWithArticle).length === 2);

  const added = await page.evaluate(() => window.__added);
  for (const id of ['vi', 'en']) {
    assert.ok(added[id].some((c) => /\baw-article\b/.test(c)), `${id}: no article rendered`);
    assert.ok(!added[id].some((c) => /\baw-status\b|\baw-spinner\b/.test(c)), `${id}: a loading state was rendered: ${added[id].slice(0, 6)}`);
  }
  // `article-widget:loaded` comes once the article is in the page, as it did after a fetch.
  assert.deepEqual(await page.evaluate(() => window.__loadedWithArticle), { vi: true, en: true });
  assert.equal(asked(VI, since), 1);
  assert.equal(asked(EN, since), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slow article gets its loading state, then the article, from the same single request', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(recorder);
  const page = await context.newPage();
  const errors = watchErrors(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`**${VI}`, async (route) => {
    await held;
    await route.continue();
  });
  const since = env.server.requests.length;
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  // The other widget is not held back by it, and this one says it is loading.
  await page.locator('#en article h1').waitFor();
  await page.locator('#vi .aw-status').waitFor();
  release();
  await page.locator('#vi article h1').waitFor();
  assert.equal(await page.locator('#vi .aw-status').count(), 0);
  assert.equal(asked(VI, since), 1, 'the widget asked again instead of waiting for the loader\'s request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the wasm is compiled while its glue is still on its way', async () => {
  const context = await env.browser.newContext();
  // Marks the moment a compilation of the widget's wasm has finished.
  await context.addInitScript(() => {
    const compileStreaming = WebAssembly.compileStreaming;
    WebAssembly.compileStreaming = (source) => compileStreaming.call(WebAssembly, source).then((module) => {
      window.__compiled = true;
      return module;
    });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The glue is answered only once the wasm is compiled (or after 10 s, when it never will be
  // without it: compiling only once the glue has run, the page would otherwise wait forever).
  let compiledFirst = null;
  await page.route('**/article-widget-core.js', async (route) => {
    compiledFirst = await page.waitForFunction(() => window.__compiled === true, null, { timeout: 10_000 })
      .then(() => true, () => false);
    await route.continue();
  });
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  await page.locator('#vi article h1').waitFor();
  assert.equal(compiledFirst, true, 'the wasm was not compiled before its glue arrived');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a wasm served with another type is compiled whole, and the console says how to serve it', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  await page.route('**/article-widget-core_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  await page.locator('#vi article h1').waitFor();
  await page.locator('#en article h1').waitFor();
  assert.ok((await page.locator('#vi abbr').count()) > 0, 'abbreviations are marked');
  assert.deepEqual(warnings.filter((w) => w.includes('_bg.wasm')), [
    'article-widget: article-widget-core_bg.wasm is served as application/octet-stream; served as application/wasm, it would compile while it downloads.',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the README\'s head hints are each used by the request they announce: nothing is fetched twice', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(recorder);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' && /preload/i.test(m.text())) warnings.push(m.text()); });
  const since = env.server.requests.length;
  await page.goto(`${env.server.url}/fixtures/hints.html`);
  await page.locator('#vi article h1').waitFor();
  // Chromium warns about a preload left unused 3 s after the load event: wait past that before
  // asserting that no warning came.
  await page.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0);
  await page.evaluate(() => new Promise((done) => setTimeout(done, 3500)));
  const paths = env.server.requests.slice(since).map((r) => r.path);
  for (const path of ['/article-widget.js', '/article-widget-lite.js', '/article-widget-lite_bg.wasm', VI, '/article-widget.css']) {
    assert.equal(paths.filter((p) => p === path).length, 1, `${path}: ${paths.join(', ')}`);
  }
  assert.deepEqual(warnings, []);
  assert.ok(!(await page.evaluate(() => window.__added.vi)).some((c) => /\baw-status\b/.test(c)));
  assert.deepEqual(errors, []);
  await context.close();
});

/** Adds `#search`, a host with a date search, to the page, as a portal's script would. */
const addSearchHost = (page) => page.evaluate(() => {
  const el = Object.assign(document.createElement('div'), { id: 'search' });
  el.setAttribute('data-article-widget', '');
  el.setAttribute('data-index-src', '/index.json');
  document.body.append(el);
});

/** The widget's builds the page asked for since `since`, by file, in order. */
const builds = (since) => env.server.requests.slice(since).map((r) => r.path)
  .filter((path) => /^\/article-widget-(core|lite|compat)/.test(path));

test('a page of articles only gets the build without the date search; a date search added later brings the full build, which takes the page over', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const since = env.server.requests.length;
  await page.goto(`${env.server.url}/fixtures/two-widgets.html`);
  await page.locator('#a article h1').waitFor();
  await page.evaluate(() => window.ArticleWidget.ready);
  assert.deepEqual(builds(since).sort(), ['/article-widget-lite.js', '/article-widget-lite_bg.wasm']);
  // A widget mounted through the API while the lite build runs, to be destroyed after the switch.
  await page.evaluate(() => {
    const el = Object.assign(document.createElement('div'), { id: 'api' });
    document.body.append(el);
    window.__handle = window.ArticleWidget.mount(el, { articleSrc: '/articles/ubnd-tinh-hop-phien-thuong-ky-thang-5-2024.json', lang: 'en' });
  });
  await page.locator('#api article h1').waitFor();
  // Marks switched off in #a: a reader's choice that must survive the switch.
  await page.locator('#a .aw-tool--toggle').click();
  await page.locator('#a .aw-tool--toggle[aria-pressed="false"]').waitFor();

  await page.evaluate(() => document.addEventListener('article-widget:upgraded', () => { window.__upgraded = true; }, { once: true }));
  await addSearchHost(page);
  await page.waitForFunction(() => window.__upgraded === true);
  await page.locator('#search .aw-search input[type="date"]').first().waitFor();
  assert.deepEqual(builds(since).sort(), ['/article-widget-core.js', '/article-widget-core_bg.wasm',
    '/article-widget-lite.js', '/article-widget-lite_bg.wasm']);
  // Every widget is there once, now the full build's: the page's two, the API's, the search.
  await page.locator('#a article h1').waitFor();
  await page.locator('#api article h1').waitFor();
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), 4);
  for (const id of ['a', 'b', 'api', 'search']) {
    assert.equal(await page.locator(`#${id} .aw-widget`).count(), 1, `#${id} has one widget`);
  }
  assert.equal(await page.locator('#a .aw-tool--toggle').getAttribute('aria-pressed'), 'false');
  // The search works: a day of the sample index lists its articles.
  await page.locator('#search .aw-search input[type="date"]').first().fill('2024-05-13');
  await page.locator('#search .aw-search button[type="submit"]').click();
  await page.locator('#search .aw-results li').first().waitFor();
  // The API's handle still reaches its widget.
  await page.evaluate(() => window.__handle.destroy());
  assert.equal(await page.locator('#api .aw-widget').count(), 0);
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a date search mounted through the API on a page of articles only brings the full build', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const since = env.server.requests.length;
  await page.goto(`${env.server.url}/fixtures/two-widgets.html`);
  await page.evaluate(() => window.ArticleWidget.ready);
  const handle = await page.evaluateHandle(() => {
    const el = Object.assign(document.createElement('div'), { id: 'search' });
    document.body.append(el);
    return window.ArticleWidget.mount(el, { indexSrc: '/index.json' });
  });
  await page.locator('#search .aw-search input[type="date"]').first().waitFor();
  assert.ok(builds(since).includes('/article-widget-core_bg.wasm'));
  assert.equal(await page.locator('#search .aw-widget').count(), 1);
  await handle.evaluate((h) => h.destroy());
  assert.equal(await page.locator('#search .aw-widget').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the full build missing when a date search appears: that box says so, the other widgets stay', async () => {
  const context = await env.browser.newContext();
  await context.route('**/article-widget-core_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/two-widgets.html`);
  await page.evaluate(() => window.ArticleWidget.ready);
  await addSearchHost(page);
  await page.locator('#search .aw-error--config').waitFor();
  assert.match(await page.locator('#search .aw-error--config').textContent(), /article-widget-core_bg\.wasm/);
  assert.equal(await page.locator('#a article h1').count(), 1);
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), 2);
  assert.ok(errors.some((e) => e.includes('the date search needs article-widget-core_bg.wasm')), errors.join('\n'));
  await context.close();
});
