// "Đánh giá": hover previews, click/tap/Enter commits once, the vote is reported as an event and
// POSTed, and a vote is never lost when the endpoint is down or failing. Without an endpoint the
// stars only show the figures; against the real rating service (server/) the figures are read at
// load and a second vote by the same reader is answered "already rated".
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { suite, watchErrors, watchWarnings, drawnStars, SHOTS } from './harness.mjs';

const env = suite();
beforeEach(() => {
  Object.assign(env.server.api, { votes: [], failNext: 0, failStatus: 503, down: false });
});

/**
 * `attrs` ({ widgetId: { attribute: value | null } }) are set on the hosts as the parser inserts
 * them, before the widget starts; null removes the attribute.
 */
async function open(options = {}, attrs = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(() => {
    window.__rated = [];
    document.addEventListener('article-widget:rated', (e) => window.__rated.push(e.detail));
  });
  await context.addInitScript((attrs) => {
    const pending = new Set(Object.keys(attrs));
    if (pending.size === 0) return;
    new MutationObserver((_, observer) => {
      for (const id of [...pending]) {
        const host = document.getElementById(id);
        if (!host) continue;
        for (const [name, value] of Object.entries(attrs[id])) {
          if (value === null) host.removeAttribute(name);
          else host.setAttribute(name, value);
        }
        pending.delete(id);
      }
      if (pending.size === 0) observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }, attrs);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/rating.html`);
  await page.locator('#seed .aw-stars').waitFor();
  await page.locator('#other .aw-stars').waitFor();
  return { context, page, errors };
}

const star = (page, n, id = 'seed') => page.locator(`#${id} [role=radio]`).nth(n - 1);
// What the stars draw (the state, or the stylesheet's hover preview over it).
const filled = (page, id = 'seed') => page.evaluate(drawnStars, `#${id}`);
const queue = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]'));

test('markup is an APG rating radio group with the hint and the figures', async () => {
  const { context, page, errors } = await open();
  const group = page.locator('#seed [role=radiogroup]');
  const labelId = await group.getAttribute('aria-labelledby');
  assert.equal(await page.locator(`[id="${labelId}"]`).textContent(), 'Đánh giá');
  assert.match(await page.locator('#seed .aw-rating').textContent(), /Di chuột vào ngôi sao để chọn điểm/);
  assert.deepEqual(await page.locator('#seed [role=radio]').evaluateAll((r) => r.map((s) => s.getAttribute('aria-label'))),
    ['1 sao', '2 sao', '3 sao', '4 sao', '5 sao']);
  assert.deepEqual(await page.locator('#other [role=radio]').evaluateAll((r) => r.map((s) => s.getAttribute('aria-label'))),
    ['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
  assert.equal(await page.locator('#seed [role=radio][tabindex="0"]').count(), 1, 'one tab stop');
  assert.equal(await page.locator('#seed .aw-rating__figures').textContent(), '4,5/5 (12 lượt)');
  assert.equal(await page.locator('#other .aw-rating__figures').textContent(), '4.0/5 (7 votes)');
  // Read-only average 4.5: four full stars and a half one.
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'full', 'part']);
  const ld = JSON.parse(await page.locator('#seed script[type="application/ld+json"]').textContent());
  assert.deepEqual(
    { type: ld['@type'], value: ld.ratingValue, count: ld.ratingCount, best: ld.bestRating, worst: ld.worstRating },
    { type: 'AggregateRating', value: 4.5, count: 12, best: 5, worst: 1 },
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('hover 3 draws exactly three, across the stars with no blink, running no code; leaving restores', async () => {
  const { context, page } = await open();
  const stars = page.locator('#seed .aw-stars');
  // Nothing in the widget changes on a hover: no render, no attribute (the stylesheet draws it).
  await stars.evaluate((group) => {
    window.__starMutations = 0;
    new MutationObserver((records) => { window.__starMutations += records.length; })
      .observe(group.closest('.aw-widget'), { subtree: true, attributes: true, childList: true, characterData: true });
  });
  await star(page, 3).hover();
  await page.waitForFunction(() => document.querySelector('#seed [role=radio]:nth-child(3)').matches(':hover'));
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'empty', 'empty']);
  await page.locator('#seed .aw-rating').screenshot({ path: `${SHOTS}/rating-hover-3.png` });
  // From the middle of star 1 to the middle of star 5, pixel by pixel: the pointer is always over
  // a star, so the preview never falls back to the average in between.
  const [first, last] = [await star(page, 1).boundingBox(), await star(page, 5).boundingBox()];
  const y = first.y + first.height / 2;
  const seen = new Set();
  for (let x = first.x + first.width / 2; x <= last.x + last.width / 2; x += 2) {
    await page.mouse.move(x, y);
    seen.add((await filled(page)).join());
  }
  assert.deepEqual([...seen], [1, 2, 3, 4, 5].map((n) => [1, 2, 3, 4, 5].map((i) => (i <= n ? 'full' : 'empty')).join()));
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => !document.querySelector('#seed .aw-stars').matches(':hover'));
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'full', 'part']);
  // A frame after the last move, so that anything the hover had queued has run.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  assert.equal(await page.evaluate(() => window.__starMutations), 0, 'a hover changed the DOM');
  await context.close();
});

test('click 4: event, one POST with a vote id, figures from the reply, thanks, no second vote', async () => {
  const { context, page, errors } = await open();
  await star(page, 4).click();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.article_id, 'bo-xay-dung-tap-huan-dan-van-2024');
  assert.equal(vote.score, 4);
  assert.match(vote.vote_id, /^[0-9a-f-]{32,36}$/);
  assert.match(vote.contentType, /application\/json/);
  const rated = await page.evaluate(() => window.__rated);
  assert.deepEqual(rated, [{ articleId: 'bo-xay-dung-tap-huan-dan-van-2024', score: 4, voteId: vote.vote_id }]);
  await page.waitForFunction(() => document.querySelector('#seed .aw-rating__figures').textContent === '4,2/5 (99 lượt)');
  assert.equal(await page.locator('#seed [role=status].aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  assert.equal(await star(page, 4).getAttribute('aria-checked'), 'true');
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'full', 'empty']);
  await page.locator('#seed .aw-rating').screenshot({ path: `${SHOTS}/rating-voted.png` });

  // A second vote is impossible, now and after reload; the other widget still votes.
  await star(page, 5).click();
  await page.reload();
  await page.locator('#seed .aw-stars').waitFor();
  assert.equal(await star(page, 4).getAttribute('aria-checked'), 'true');
  assert.equal(await page.locator('#seed .aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  await star(page, 2).click();
  await star(page, 5, 'other').click();
  await env.server.api.waitForVotes(2);
  assert.deepEqual(env.server.api.votes.map((v) => [v.article_id, v.score]), [
    ['bo-xay-dung-tap-huan-dan-van-2024', 4],
    ['ubnd-tinh-hop-phien-thuong-ky-thang-5-2024', 5],
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: arrows preview, Enter commits', async () => {
  const { context, page } = await open();
  let onStar = false;
  for (let i = 0; i < 60 && !onStar; i += 1) {
    await page.keyboard.press('Tab');
    onStar = await page.evaluate(() => document.activeElement?.closest('#seed [role=radiogroup]') !== null);
  }
  assert.ok(onStar, 'the rating is reachable with Tab');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '3 sao');
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'empty', 'empty'], 'preview like hover');
  // Arrows do not vote. A vote is announced (`article-widget:rated`) in the keydown handler that
  // casts it, the same one that moves focus: with focus seen on 3 above, a vote from either
  // arrow would already be in `__rated`. Its POST may still be on the way, so the server is
  // checked once Enter's vote has arrived: that vote must be the only one, and Enter's.
  assert.deepEqual(await page.evaluate(() => window.__rated), [], 'arrows do not vote');
  await page.keyboard.press('Enter');
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.score, 3);
  assert.equal(await star(page, 3).getAttribute('aria-checked'), 'true');
  assert.deepEqual((await page.evaluate(() => window.__rated)).map((r) => r.score), [3]);
  assert.deepEqual(env.server.api.votes.map((v) => v.score), [3], 'one vote, cast by Enter');
  await context.close();
});

test('touch: a finger that scrolls from a star leaves no preview; one tap commits', async () => {
  const { context, page } = await open({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  await star(page, 4).scrollIntoViewIfNeeded();
  // A finger lands on star 4 and scrolls the page: the star gets pointerenter, but no click.
  const box = await star(page, 4).boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  const entered = page.evaluate((sel) => new Promise((done) => {
    document.querySelector(sel).addEventListener('pointerenter', (e) => done(e.pointerType), { once: true });
  }), '#seed [role=radio]:nth-child(4)');
  await touch('touchStart', [{ x, y }]);
  assert.equal(await entered, 'touch');
  for (let step = 1; step <= 5; step += 1) await touch('touchMove', [{ x, y: y - 30 * step }]);
  await touch('touchEnd', []);
  // A preview of 4 would differ from the average's 4.5 (the fifth star part-filled); read after a
  // frame, so that anything the touch set has been rendered.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  assert.deepEqual(await filled(page), ['full', 'full', 'full', 'full', 'part'], 'no sticky preview');
  assert.deepEqual(env.server.api.votes, [], 'scrolling does not vote');

  await star(page, 2).scrollIntoViewIfNeeded();
  await star(page, 2).tap();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.score, 2);
  assert.deepEqual(await filled(page), ['full', 'full', 'empty', 'empty', 'empty']);
  await context.close();
});

test('endpoint down: the vote is queued and delivered exactly once after reload', async () => {
  const { context, page } = await open();
  env.server.api.down = true;
  await star(page, 5).click();
  // The reader sees the vote as cast, and it waits in the queue.
  assert.equal(await page.locator('#seed .aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  await page.waitForFunction(() => {
    const q = JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]');
    return q.length === 1 && q[0].attempts >= 1;
  });
  const [queued] = await queue(page);
  assert.equal(queued.score, 5);

  env.server.api.down = false;
  await page.reload();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.vote_id, queued.vote_id);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]').length === 0);
  // Both widgets started on that page; the vote still went out once.
  await page.reload();
  await page.locator('#seed .aw-stars').waitFor();
  assert.equal(env.server.api.votes.filter((v) => v.vote_id === queued.vote_id).length, 1);
  await context.close();
});

test('5xx is retried with back-off until delivered; 4xx is dropped with a warning', async () => {
  const { context, page } = await open();
  env.server.api.failNext = 1;
  await star(page, 3).click();
  const [vote] = await env.server.api.waitForVotes(1, 20_000);
  assert.equal(vote.score, 3);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]').length === 0);

  env.server.api.failNext = 1;
  env.server.api.failStatus = 400;
  const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && /refused vote/.test(m.text()));
  await star(page, 1, 'other').click();
  await warned;
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]').length === 0);
  assert.equal(env.server.api.votes.length, 1);
  await context.close();
});

test('a refused vote (400) is logged as dropped, never as "will retry"', async () => {
  const { context, page, errors } = await open();
  const warnings = watchWarnings(page);
  Object.assign(env.server.api, { failNext: 1, failStatus: 400 });
  await star(page, 2).click();
  // The reader is told once the attempt is over: every log line of that attempt is in by then.
  await page.waitForFunction(() => /400/.test(document.querySelector('#seed .aw-rating__delivery').textContent));
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]').length === 0);
  assert.equal(warnings.filter((w) => /refused vote .*dropped/.test(w)).length, 1, warnings.join('\n'));
  assert.deepEqual(warnings.filter((w) => /will retry/.test(w)), []);
  // Chromium itself reports the 400 response as a console error.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 400')), []);
  await context.close();
});

test('without data-rating-endpoint the stars only show the figures, and the console says why once', async () => {
  const { context, page, errors } = await open({}, { other: { 'data-rating-endpoint': null } });
  const warnings = watchWarnings(page);
  await page.reload();
  await page.locator('#other .aw-stars').waitFor();
  assert.equal(await page.locator('#other .aw-rating__figures').textContent(), '4.0/5 (7 votes)');
  assert.equal(await page.locator('#other [role=radiogroup]').getAttribute('aria-readonly'), 'true');
  assert.match(await page.locator('#other .aw-rating__hint').textContent(), /View only/);
  // Hovering previews nothing, clicking votes nothing: the average stays on the stars.
  await star(page, 2, 'other').hover();
  await star(page, 2, 'other').click();
  await star(page, 1, 'other').focus();
  await page.keyboard.press('Enter');
  // The widget with an endpoint still votes; its vote is the only one.
  await star(page, 4).click();
  const votes = await env.server.api.waitForVotes(1);
  assert.deepEqual(votes.map((v) => v.article_id), ['bo-xay-dung-tap-huan-dan-van-2024']);
  assert.deepEqual(await page.evaluate(() => window.__rated.map((r) => r.articleId)), ['bo-xay-dung-tap-huan-dan-van-2024']);
  assert.deepEqual(await filled(page, 'other'), ['full', 'full', 'full', 'full', 'empty']);
  assert.equal(await page.locator('#other .aw-rating__status').textContent(), '');
  assert.equal(await page.locator('#other [role=radio][aria-checked=true]').count(), 0);
  assert.equal(warnings.filter((w) => w.includes('data-rating-endpoint')).length, 1, warnings.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

// --- Against the rating service itself (server/, built by `make test` before these tests) -----

const ROOT = resolve(import.meta.dirname, '../..');
const SERVICE_BIN = join(process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target'),
  'debug', 'article-widget-server');

/** Starts the service on a new SQLite file and any free port; it is killed when `t` ends. */
async function startService(t) {
  if (!existsSync(SERVICE_BIN)) {
    throw new Error(`${SERVICE_BIN} is missing: build it with \`cargo build --bin article-widget-server\` (make test does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'aw-e2e-votes-'));
  // Another origin than the pages' (another port): CORS lets the harness's origin in.
  const child = spawn(SERVICE_BIN, ['--listen', '127.0.0.1:0', '--database', `sqlite://${join(dir, 'votes.db')}`,
    '--allow-origin', env.server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const line = await Promise.race([
    new Promise((ok) => createInterface({ input: child.stdout }).once('line', ok)),
    new Promise((_, fail) => child.once('exit', (code) => fail(new Error(`the service exited (${code})`)))),
  ]);
  return line.replace(/^listening on /, '');
}

test('the rating service: figures read at load, a vote counted, the same reader again is "already rated"', async (t) => {
  const url = await startService(t);
  const endpoint = { seed: { 'data-rating-endpoint': `${url}/api/votes` } };
  const first = await open({}, endpoint);
  // At load the service's figures replace the article's 4,5/5 (12 lượt): nobody has voted yet.
  await first.page.waitForFunction(() => document.querySelector('#seed .aw-rating__figures').textContent === 'Chưa có lượt đánh giá');
  await star(first.page, 4).click();
  await first.page.waitForFunction(() => document.querySelector('#seed .aw-rating__figures').textContent === '4,0/5 (1 lượt)'
    && JSON.parse(localStorage.getItem('article-widget:vote-queue') || '[]').length === 0);
  assert.equal(await first.page.locator('#seed .aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  assert.deepEqual(first.errors, []);
  await first.context.close();

  // Another browser profile (no storage, no cookie) at the same address: the same reader.
  const second = await open({}, endpoint);
  const warned = second.page.waitForEvent('console', (m) => m.type() === 'warning' && /already rated/.test(m.text()));
  await second.page.waitForFunction(() => document.querySelector('#seed .aw-rating__figures').textContent === '4,0/5 (1 lượt)');
  await star(second.page, 2).click();
  await second.page.waitForFunction(() => document.querySelector('#seed .aw-rating__status').textContent === 'Bạn đã đánh giá bài viết này rồi.');
  await warned;
  // Dropped from the queue, nothing to send again, and the figures are the service's, not 3,0.
  assert.deepEqual(await queue(second.page), []);
  assert.equal(await second.page.locator('#seed .aw-rating__resend').count(), 0);
  assert.equal(await second.page.locator('#seed .aw-rating__delivery').textContent(), '');
  assert.equal(await second.page.locator('#seed .aw-rating__figures').textContent(), '4,0/5 (1 lượt)');
  await second.page.locator('#seed .aw-rating').screenshot({ path: `${SHOTS}/rating-already-rated.png` });
  const response = await fetch(`${url}/api/ratings/bo-xay-dung-tap-huan-dan-van-2024`);
  assert.deepEqual(await response.json(), { average: 4, count: 1 });
  await second.context.close();
});

test('storage that throws: voting still works once', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${env.server.url}/fixtures/rating.html`);
  await page.locator('#seed .aw-stars').waitFor();
  await star(page, 4).click();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.score, 4);
  assert.equal(await page.locator('#seed .aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
