// "Từ viết tắt": marks, accessible tooltips (hover, focus, tap, Escape), toggle, list, glossary
// layers, NFD text and first-only mode, in a real env.browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, watchErrors, SHOTS } from './harness.mjs';

const env = suite();

async function open(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/abbr.html`);
  await page.locator('#seed article').waitFor();
  return { context, page, errors };
}

/** The tooltip that an <abbr> points at through aria-describedby. */
async function tooltipOf(page, abbr) {
  const id = await abbr.getAttribute('aria-describedby');
  return page.locator(`[id="${id}"]`);
}

/** The widget's grace delay before a tooltip the pointer left closes (CLOSE_DELAY_MS). */
const CLOSE_DELAY_MS = 300;

/**
 * Resolves once a close timer started by the last pointer move has fired and its render is
 * done: timers of equal delay fire in the order they were set, so a page timer of the same delay
 * set now runs after the widget's; the frame after it shows what that timer rendered.
 */
const closeDelayPassed = (page) => page.evaluate((ms) => new Promise((done) => {
  setTimeout(() => requestAnimationFrame(() => done()), ms);
}), CLOSE_DELAY_MS);

/** Failed loads the page is meant to have, as `watchErrors` reports them (with their URL). */
const expectedFailure = (url) => (e) => e.startsWith('console: Failed to load resource') && e.endsWith(` ${url}`);

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('hover shows the full form beside the word; the pointer can move onto it; leaving hides it', async () => {
  const { context, page, errors } = await open();
  const btv = page.locator('#seed abbr', { hasText: 'BTV' }).first();
  const tip = await tooltipOf(page, btv);
  assert.equal(await tip.getAttribute('role'), 'tooltip');
  assert.equal(await tip.isVisible(), false);

  await btv.hover();
  await tip.waitFor({ state: 'visible' });
  assert.match(await tip.textContent(), /BTV: Ban Thường vụ/);
  const [word, box] = [await btv.boundingBox(), await tip.boundingBox()];
  assert.ok(!overlap(word, box), 'tooltip does not cover the abbreviation');
  assert.ok(box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0 && box.y + box.height <= 800, 'inside the viewport');
  await page.screenshot({ path: `${SHOTS}/abbr-hover.png`, clip: { x: 0, y: Math.max(0, word.y - 150), width: 1280, height: 300 } });

  // Across the gap and onto the tooltip: it stays, also once the close delay has run out.
  await page.mouse.move(word.x + word.width / 2, word.y + word.height + 3);
  await page.mouse.move(box.x + 10, box.y + box.height / 2, { steps: 3 });
  await closeDelayPassed(page);
  assert.equal(await tip.isVisible(), true);
  // Away from both: it goes.
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'hidden' });

  // Only one tooltip open at a time.
  const tncs = page.locator('#seed abbr', { hasText: 'TNCS' }).first();
  await btv.hover();
  await tip.waitFor({ state: 'visible' });
  await tncs.hover();
  await (await tooltipOf(page, tncs)).waitFor({ state: 'visible' });
  assert.equal(await page.locator('#seed [role=tooltip]:visible').count(), 1);
  // The fixture's third widget names a glossary that does not exist: that 404 is expected.
  assert.deepEqual(errors.filter((e) => !expectedFailure(`${env.server.url}/fixtures/data/khong-co.json`)(e)), []);
  await context.close();
});

test('near the bottom edge the tooltip flips above the word', async () => {
  const { context, page } = await open();
  const btv = page.locator('#seed abbr', { hasText: 'BTV' }).first();
  // Scroll so that the word sits on the last line of the viewport, and keep it there until the
  // images the scroll brought into view (lazy ones) have loaded: one arriving after the scroll
  // pushed the word away from the edge once in about a dozen runs.
  await page.waitForFunction((el) => {
    const offset = el.getBoundingClientRect().bottom - window.innerHeight + 4;
    if (Math.abs(offset) > 0.5) window.scrollBy(0, offset);
    const inView = (img) => { const r = img.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; };
    return Math.abs(offset) <= 0.5 && [...document.images].filter(inView).every((img) => img.complete);
  }, await btv.elementHandle(), { polling: 'raf' });
  await btv.hover();
  const tip = await tooltipOf(page, btv);
  await tip.waitFor({ state: 'visible' });
  const [word, box] = [await btv.boundingBox(), await tip.boundingBox()];
  assert.equal(await tip.getAttribute('data-placement'), 'above');
  assert.ok(box.y + box.height <= word.y, 'above the word');
  assert.ok(box.y >= 0);
  await context.close();
});

test('keyboard: Tab focuses a mark and shows its tooltip; Escape hides it and keeps focus', async () => {
  const { context, page } = await open();
  let tag = '';
  for (let i = 0; i < 40 && tag !== 'ABBR'; i += 1) {
    await page.keyboard.press('Tab');
    tag = await page.evaluate(() => document.activeElement?.tagName);
  }
  assert.equal(tag, 'ABBR', 'an abbreviation is reachable with Tab');
  const focused = page.locator('#seed abbr:focus');
  const tip = await tooltipOf(page, focused);
  await tip.waitFor({ state: 'visible' });
  const text = await focused.textContent();
  assert.ok((await tip.textContent()).startsWith(`${text}:`));
  assert.notEqual(await focused.evaluate((el) => getComputedStyle(el).outlineStyle), 'none');
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'ABBR', 'focus stays');
  await context.close();
});

test('touch: a tap shows the tooltip, a tap elsewhere hides it', async () => {
  const { context, page } = await open({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const tncs = page.locator('#seed abbr', { hasText: 'TNCS' }).first();
  await tncs.scrollIntoViewIfNeeded();
  await tncs.tap();
  const tip = await tooltipOf(page, tncs);
  await tip.waitFor({ state: 'visible' });
  assert.match(await tip.textContent(), /Thanh niên Cộng sản/);
  const box = await tip.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, 'inside a phone viewport');
  await page.screenshot({ path: `${SHOTS}/abbr-tap-360.png` });
  await page.locator('#seed h1').tap();
  await tip.waitFor({ state: 'hidden' });
  await context.close();
});

test('toggle removes and restores the marks, is remembered, and the list matches the marks', async () => {
  const { context, page } = await open();
  const toggle = page.locator('#seed button', { hasText: 'Từ viết tắt' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const marks = await page.locator('#seed .aw-body abbr').allTextContents();
  assert.deepEqual(marks, ["BTV", "BTV", "TNCS"]);
  assert.equal(await page.locator('#seed h1 abbr').count(), 0, 'never in the title');

  // The list: the marked abbreviations in order of first appearance, with their full forms.
  const firstSeen = [...new Set(marks)];
  assert.deepEqual(await page.locator('#seed .aw-abbr-list dt').allTextContents(), firstSeen);
  const dd = await page.locator('#seed .aw-abbr-list dd').allTextContents();
  assert.equal(dd[firstSeen.indexOf('BTV')], 'Ban Thường vụ');
  await page.locator('#seed .aw-abbr-list summary').click();
  assert.equal(await page.locator('#seed .aw-abbr-list dl').isVisible(), true);

  const text = await page.locator('#seed .aw-body .aw-lead').textContent();
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('#seed abbr').count(), 0);
  assert.equal(await page.locator('#seed .aw-abbr-list').count(), 0);
  assert.equal(await page.locator('#seed .aw-body .aw-lead').textContent(), text, 'same text, unmarked');

  await page.reload();
  await page.locator('#seed article').waitFor();
  assert.equal(await page.locator('#seed button', { hasText: 'Từ viết tắt' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('#seed abbr').count(), 0);
  await page.locator('#seed button', { hasText: 'Từ viết tắt' }).click();
  assert.deepEqual(await page.locator('#seed .aw-body abbr').allTextContents(), marks);
  await context.close();
});

test('portal glossary overrides the default, NFD text matches, first-only mode, failed glossary is reported', async () => {
  const { context, page } = await open();
  // The portal glossary arrives after the article: wait for its key to be marked.
  await page.locator('#custom abbr', { hasText: 'XYZ' }).waitFor();
  assert.deepEqual(await page.locator('#custom .aw-body abbr').allTextContents(), ['UBND', 'TƯ', 'BTV', 'XYZ', 'ABC']);
  assert.deepEqual(await page.locator('#custom .aw-abbr-list dd').allTextContents(), [
    'Ủy ban nhân dân', 'Trung ương', 'Ban Thường vụ (bảng của cổng)', 'Khóa thử nghiệm của cổng', 'Ban Chỉ đạo thử nghiệm',
  ]);
  await page.locator('#no-glossary article').waitFor();
  await page.locator('#no-glossary .aw-abbr-list summary').click();
  assert.match(await page.locator('#no-glossary .aw-abbr-list__notice').textContent(), /Không tải được bảng từ viết tắt/);
  assert.ok((await page.locator('#no-glossary abbr').count()) > 0, 'the default glossary still marks');
  await context.close();
});

test('a browser without wasm SIMD gets the portable build, which marks the same words', async () => {
  const marksIn = async (page) => {
    await page.locator('#custom abbr', { hasText: 'XYZ' }).waitFor();
    return {
      seed: await page.locator('#seed .aw-body abbr').allTextContents(),
      custom: await page.locator('#custom .aw-body abbr').allTextContents(),
      list: await page.locator('#seed .aw-abbr-list dd').allTextContents(),
    };
  };
  const builds = (page) => page.evaluate(() => performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname.split('/').pop())
    .filter((name) => /^article-widget-(core|lite|compat)/.test(name))
    .sort());

  const simd = await open();
  const simdMarks = await marksIn(simd.page);
  // A page of articles only: the SIMD build without the date search.
  assert.deepEqual(await builds(simd.page), ['article-widget-lite.js', 'article-widget-lite_bg.wasm']);
  await simd.context.close();

  // The loader asks WebAssembly.validate about a module with one SIMD instruction.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    WebAssembly.validate = () => false;
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/abbr.html`);
  await page.locator('#seed article').waitFor();
  assert.deepEqual(await marksIn(page), simdMarks);
  assert.ok(simdMarks.seed.includes('BTV') && simdMarks.custom.includes('TƯ'), JSON.stringify(simdMarks));
  assert.deepEqual(await builds(page), ['article-widget-compat.js', 'article-widget-compat_bg.wasm']);
  // A tooltip works as in the other build.
  const btv = page.locator('#seed abbr', { hasText: 'BTV' }).first();
  await btv.hover();
  await (await tooltipOf(page, btv)).waitFor({ state: 'visible' });
  assert.deepEqual(errors.filter((e) => !expectedFailure(`${env.server.url}/fixtures/data/khong-co.json`)(e)), []);
  await context.close();
});
