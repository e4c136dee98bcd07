// An article already on the page: rendered on the server by `article-widget-render` (the demo's
// dist/prerendered.html, written by the build), or the portal's own markup enhanced in place
// (dist/enhance.html). It reads without WebAssembly, keeps its nodes, is never fetched again, does
// not move when the tools arrive, and all four tools work on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite, watchErrors, watchWarnings, drawnStars, SHOTS, SEED_ID, SEED_TITLE } from './harness.mjs';

const env = suite();
const DIST = resolve(import.meta.dirname, '../../dist');
const PAGES = {
  prerendered: readFileSync(join(DIST, 'prerendered.html'), 'utf8'),
  enhance: readFileSync(join(DIST, 'enhance.html'), 'utf8'),
};

/**
 * Opens one of the two demo pages from the test server, voting to its recording endpoint.
 * Before any script of the page runs, the article's nodes are taken (`window.__kept`), and
 * layout shifts are summed (`window.__cls`).
 */
async function open(name, { wasm = true, edit = (html) => html } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const aborted = [];
  if (!wasm) {
    await context.route('**/*.wasm', (route) => {
      aborted.push(route.request().url());
      return route.abort();
    });
  }
  const html = edit(PAGES[name].replace('data-rating-endpoint="/api/votes"', 'data-rating-endpoint="/api/rate"'))
    .replace('<script type="module" src="article-widget.js">',
      `<script>window.__kept = [...document.querySelectorAll('[data-article-widget] *, [data-enhance] *')];</script>
       <script type="module" src="article-widget.js">`);
  await context.route(`${env.server.url}/${name}.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await context.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
      window.__shifts = (window.__shifts ?? []).concat(list.getEntries().map((e) => `${e.value.toFixed(4)}: ${e.sources.map((s) => s.node?.className || s.node?.nodeName).join(' ')}`));
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  const first = env.server.requests.length;
  await page.goto(`${env.server.url}/${name}.html`);
  const requests = () => env.server.requests.slice(first).map((r) => r.path);
  return { context, page, errors, warnings, requests, aborted };
}

const tools = (page) => page.locator('.aw-tools .aw-tool--toggle').waitFor();

test('without WebAssembly, both pages read completely: the article, its marks, no notice over it', async () => {
  for (const name of ['prerendered', 'enhance']) {
    const { context, page, aborted } = await open(name, { wasm: false });
    // The loader gives up once both builds failed to load; only then is "nothing more comes" true.
    await page.waitForFunction(() => !!window.ArticleWidget && window.ArticleWidget.ready.then(() => false, () => true));
    // Both builds were tried (the SIMD one, then the compat one) and refused.
    assert.equal(aborted.length, 2, `${name}: ${aborted}`);
    assert.equal(await page.locator('h1').first().textContent(), SEED_TITLE, name);
    const paragraphs = page.locator('[data-article-widget] p');
    assert.ok(await paragraphs.count() >= 20, `${name}: ${await paragraphs.count()} paragraphs`);
    for (const p of await paragraphs.all()) assert.ok(await p.isVisible(), name);
    assert.ok((await page.locator('[data-article-widget]').innerText()).includes('Khuyết điểm to ở nhiều nơi'), name);
    assert.equal(await page.locator('.aw-error').count(), 0, `${name}: no failure notice over the article`);
    assert.equal(await page.locator('.aw-tools .aw-tool').count(), 0, name);
    if (name === 'prerendered') {
      // Marked on the server: the marks and the list are in the HTML itself.
      assert.ok(await page.locator('.aw-body abbr.aw-abbr').count() >= 3);
      assert.match(await page.locator('.aw-abbr-list summary').textContent(), /Từ viết tắt trong bài \(\d+\)/);
    }
    await page.screenshot({ path: join(SHOTS, `no-wasm-${name}.png`) });
    await context.close();
  }
});

test('the widget keeps the nodes it finds, fetches no article, and moves no text (CLS ≤ 0.01)', async () => {
  for (const name of ['prerendered', 'enhance']) {
    const { context, page, errors, requests } = await open(name);
    await tools(page);
    // Let everything that follows the first render settle: the tooltips, the rating figures.
    await page.locator('.aw-stars').waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const kept = await page.evaluate(() => window.__kept.map((node) => node.isConnected));
    assert.ok(kept.length > 40, `${name}: ${kept.length} nodes`);
    assert.ok(kept.every(Boolean), `${name}: every node found before the widget is still in the page`);
    // The same objects in the same order, with the widget's additions between them.
    const same = await page.evaluate(() => {
      const now = [...document.querySelectorAll('[data-article-widget] *')];
      let at = 0;
      for (const node of window.__kept) {
        at = now.indexOf(node, at);
        if (at < 0) return false;
      }
      return true;
    });
    assert.ok(same, `${name}: the kept nodes were neither replaced nor moved`);
    assert.deepEqual(requests().filter((p) => p.startsWith('/articles/')), [], `${name}: no request for the article JSON`);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls <= 0.01, `${name}: CLS ${cls} ${await page.evaluate(() => window.__shifts)}`);
    assert.deepEqual(errors, [], name);
    await context.close();
  }
});

/** The article text's size in px, for a paragraph of the body. */
const size = (page, selector) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

for (const [name, paragraph, mark] of [
  ['prerendered', '.aw-body .aw-p', '.aw-body abbr.aw-abbr'],
  ['enhance', '#noi-dung p', '#noi-dung abbr.aw-abbr'],
]) {
  test(`${name}: all four tools work on it`, async () => {
    const { context, page, errors } = await open(name);
    await tools(page);

    // Xem với cỡ chữ: A+ makes the article's text larger; A brings it back exactly.
    const before = await size(page, paragraph);
    await page.locator('.aw-fontsize button').last().click();
    await page.waitForFunction(([s, b]) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize) > b, [paragraph, before]);
    const after = await size(page, paragraph);
    const percent = Number((await page.locator('.aw-fontsize [role="status"]').textContent()).match(/(\d+)\s*%/)[1]);
    assert.ok(percent > 100, `${percent}`);
    assert.ok(Math.abs(after / before - percent / 100) < 0.01, `${before} → ${after} at ${percent} %`);
    await page.locator('.aw-fontsize button').nth(1).click();
    await page.waitForFunction(([s, b]) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize) === b, [paragraph, before]);

    // Từ viết tắt: a mark's tooltip opens on focus with the full form; switched off, the marks
    // are plain words that open nothing and leave the tab order.
    const first = page.locator(mark).first();
    const key = await first.textContent();
    await first.focus();
    const tip = page.locator('.aw-tooltip:not([hidden])');
    await tip.waitFor();
    assert.match(await tip.textContent(), new RegExp(`^${key}: .+`));
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' }).catch(() => tip.waitFor({ state: 'hidden' }));
    const toggle = page.locator('.aw-tool--toggle');
    await toggle.click();
    await page.waitForFunction(() => document.querySelector('.aw-tool--toggle').getAttribute('aria-pressed') === 'false');
    assert.equal(await first.getAttribute('tabindex'), '-1');
    assert.equal(await first.evaluate((el) => getComputedStyle(el).textDecorationLine), 'none');
    await first.hover();
    // Time passes by a frame the browser painted; the tooltip did not open meanwhile.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.locator('.aw-tooltip:not([hidden])').count(), 0);
    await toggle.click();
    await page.mouse.move(0, 0);
    await first.hover();
    await tip.waitFor();

    // Đánh giá: a hover previews (the server-rendered figures, 4.2, part-fill the fifth star;
    // the portal's markup has none), a click votes for this article (its id from the page).
    const filled = () => page.evaluate(drawnStars, '.aw-rating').then((stars) => stars.join());
    const shown = await filled();
    assert.equal(shown, name === 'prerendered' ? 'full,full,full,full,part' : 'empty,empty,empty,empty,empty');
    await page.locator('.aw-star').nth(3).hover();
    await page.waitForFunction(() => document.querySelectorAll('.aw-star')[3].matches(':hover'));
    assert.equal(await filled(), 'full,full,full,full,empty');
    await page.locator('.aw-star').nth(3).click();
    const [vote] = await env.server.api.waitForVotes(1);
    assert.equal(vote.article_id, SEED_ID);
    assert.equal(vote.score, 4);
    await page.locator('.aw-stars[data-voted="true"]').waitFor();
    env.server.api.votes.length = 0;

    // Tìm theo ngày: a day finds the archive's articles; opening another shows it in place of
    // the kept one, which stays in the page, hidden.
    const search = page.locator('.aw-search');
    await search.locator('input[type="date"]').first().fill('2024-05-13');
    await search.locator('button[type="submit"]').click();
    await search.locator('.aw-results__open').first().waitFor();
    assert.equal(await search.locator('.aw-results__item').count(), 4);
    const other = search.locator('.aw-results__item').filter({ hasNotText: SEED_TITLE }).first();
    const opened = (await other.locator('.aw-results__open').textContent()).trim();
    await other.locator('.aw-results__open').click();
    await page.locator('.aw-opened h1').waitFor();
    assert.equal((await page.locator('.aw-opened h1').textContent()).trim(), opened);
    assert.ok(await page.evaluate(() => window.__kept.every((n) => n.isConnected)));
    assert.equal(await page.locator('h1', { hasText: SEED_TITLE }).first().isVisible(), false);

    await page.screenshot({ path: join(SHOTS, `tools-${name}.png`), fullPage: false });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('portal markup: marks only in running text, never in links, headings or code', async () => {
  const { context, page, errors } = await open('enhance', {
    edit: (html) => html.replace('<div id="noi-dung">', `<div id="noi-dung">
      <p id="plain">Ý kiến của UBND tỉnh.</p>
      <p><a id="link" href="#x">UBND tỉnh</a> <code id="code">UBND</code></p>
      <h2 id="heading">UBND tỉnh họp</h2>
      <pre id="pre">UBND</pre><button id="button" type="button">UBND</button>
      <label id="label">UBND <input value="UBND"></label>`),
  });
  await tools(page);
  await page.locator('#plain abbr.aw-abbr').waitFor();
  assert.equal(await page.locator('#plain abbr.aw-abbr').textContent(), 'UBND');
  for (const id of ['link', 'code', 'heading', 'pre', 'button', 'label']) {
    assert.equal(await page.locator(`#${id} abbr`).count(), 0, id);
  }
  assert.equal(await page.locator('h1 abbr').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('portal markup without data-article-id: a console warning, no rating, no error box', async () => {
  const { context, page, errors, warnings } = await open('enhance', {
    edit: (html) => html.replace(/ data-article-id="[^"]*"/, ''),
  });
  await tools(page);
  await page.locator('.aw-search').waitFor();
  assert.equal(await page.locator('.aw-stars').count(), 0);
  assert.equal(await page.locator('.aw-error').count(), 0);
  assert.ok(warnings.some((w) => /data-article-id/.test(w)), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('destroying an enhanced widget leaves the portal article as it was', async () => {
  const { context, page, errors } = await open('enhance', {
    edit: (html) => html.replace('data-article-widget data-enhance', 'data-enhance id="host"'),
  });
  // Mounted through the JS API (no data-article-widget, so nothing mounts it by itself).
  const before = await page.evaluate(() => {
    const host = document.getElementById('host');
    return { text: host.innerText, elements: host.querySelectorAll('*').length };
  });
  await page.evaluate(async () => {
    await window.ArticleWidget.ready;
    window.__handle = window.ArticleWidget.mount(document.getElementById('host'), { enhance: '' });
  });
  await tools(page);
  await page.locator('#noi-dung abbr.aw-abbr').first().waitFor();
  await page.locator('.aw-fontsize button').last().click();
  await page.waitForFunction(() => document.querySelector('#noi-dung p').style.fontSize !== '');
  await page.evaluate(() => window.__handle.destroy());
  const after = await page.evaluate(() => {
    const host = document.getElementById('host');
    return {
      text: host.innerText,
      elements: host.querySelectorAll('*').length,
      ours: host.querySelectorAll('[class*="aw-"]').length + host.className.split(' ').filter((c) => c.startsWith('aw-')).length,
      sized: [...host.querySelectorAll('[style]')].filter((el) => el.style.fontSize || el.style.lineHeight).length,
      kept: window.__kept.every((n) => n.isConnected),
    };
  });
  assert.deepEqual(after, { ...before, ours: 0, sized: 0, kept: true });
  assert.deepEqual(errors, []);
  await context.close();
});
