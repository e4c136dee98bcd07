// Faults: every data source of a widget (article, glossary, index, rating POST) answered badly —
// error statuses, broken JSON, an HTML page, 10 MB bodies, connections that stall — and storage
// that refuses to work. Each fault is explained inside its own widget (with Retry where one makes
// sense) while the healthy widget on the same page keeps working, and nothing panics.
//
// Already covered elsewhere, not repeated here: article 404 / invalid JSON / missing field / 503
// with Retry (foundation.test.mjs), glossary 404 (abbr.test.mjs), index 404 (date-search.test.mjs),
// rating endpoint down / 5xx back-off / 4xx dropped (rating.test.mjs).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { suite, startServer, watchErrors, SEED_TITLE, SEED_SRC } from './harness.mjs';

const env = suite();
// Other origins (like a portal's CDN or API host) for the stalled connections: a browser opens at
// most six connections to one host, and the hanging ones must not starve each other or the page.
const cdn = {};
before(async () => {
  for (const stall of ['stall-headers', 'stall-body']) {
    cdn[stall] = await startServer({ headers: { 'access-control-allow-origin': '*' } });
  }
});
after(() => Promise.all(Object.values(cdn).map((server) => server.close())));
beforeEach(() => {
  for (const server of [env.server, ...Object.values(cdn)]) {
    Object.assign(server.api, { votes: [], failNext: 0, failStatus: 503, down: false });
    server.faults.stalling = true;
  }
});

const GLOSSARY = '/fixtures/data/glossary.json';
const TOO_LARGE = /quá lớn/i;
const TIMED_OUT = /không trả lời sau 10 giây/;
const GLOSSARY_FAILED = 'Không tải được bảng từ viết tắt của trang; đang dùng bảng mặc định.';
const QUEUE = 'article-widget:vote-queue';

/** A wasm panic shows as a page error (and as a console error naming the panic). */
function assertNoPageErrors(errors) {
  assert.deepEqual(errors.filter((e) => e.startsWith('pageerror') || /panicked|RuntimeError|unreachable/.test(e)), []);
}

/**
 * The faults page: the healthy widget `#ok` and, added beside it, one widget per entry of
 * `widgets` (`{ id: { 'data-…': value } }`).
 */
async function open(widgets = {}, { init } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Ho_Chi_Minh' });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/faults.html`);
  await page.evaluate((widgets) => {
    for (const [id, attributes] of Object.entries(widgets)) {
      const host = document.createElement('div');
      host.id = id;
      host.setAttribute('data-article-widget', '');
      for (const [name, value] of Object.entries(attributes)) host.setAttribute(name, value);
      document.getElementById('faulty').append(host);
    }
  }, widgets);
  await page.locator('#ok article h1').waitFor();
  return { context, page, errors, w: (id, selector) => page.locator(`#${id} ${selector}`) };
}

const bodySize = (page, id) =>
  page.evaluate((id) => parseFloat(getComputedStyle(document.querySelector(`#${id} .aw-body p.aw-p`)).fontSize), id);

/** The healthy widget shows its article and its buttons (font size, abbreviations) still work. */
async function assertHealthy(page) {
  assert.equal(await page.locator('#ok article h1').textContent(), SEED_TITLE);
  const before = await bodySize(page, 'ok');
  await page.locator('#ok .aw-fontsize button').nth(2).click();
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#ok .aw-body p.aw-p')).fontSize) > b, before);
  await page.locator('#ok .aw-fontsize button').nth(1).click();
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#ok .aw-body p.aw-p')).fontSize) === b, before);
  const toggle = page.locator('#ok .aw-tool--toggle');
  await toggle.click();
  await page.waitForFunction(() => document.querySelectorAll('#ok abbr').length === 0);
  await toggle.click();
  await page.locator('#ok abbr').first().waitFor();
}

/** Waits for the widget's error box and returns its message; it must offer Retry. */
async function articleError(w, id, timeout = 20_000) {
  // Whichever comes first: the error, or (wrongly) an article.
  await w(id, ':is([role=alert], article h1)').first().waitFor({ timeout });
  assert.equal(await w(id, '[role=alert]').count(), 1, `#${id} shows an article instead of an error`);
  assert.equal(await w(id, '[role=alert] button').textContent(), 'Thử lại');
  return w(id, '[role=alert] .aw-error__message').textContent();
}

// --- Article source (data-article-src) --------------------------------------------------------

test('article: a 500 and an HTML page are explained in that widget with Retry; the other widget works', async () => {
  const { context, page, errors, w } = await open({
    a500: { 'data-article-src': `/fault/500${SEED_SRC}` },
    ahtml: { 'data-article-src': `/fault/html${SEED_SRC}` },
  });
  // Readers get no path and no parser text (the console has both).
  assert.equal(await articleError(w, 'a500'), 'Máy chủ trả về lỗi 500 khi tải bài viết.');
  assert.equal(await articleError(w, 'ahtml'), 'Máy chủ trả về một trang web thay vì dữ liệu bài viết.');
  await assertHealthy(page);

  // Retry asks again; the answer is still 500, and focus comes back to Retry.
  const asked = page.waitForRequest((r) => r.url().endsWith(`/fault/500${SEED_SRC}`));
  await w('a500', '[role=alert] button').press('Enter');
  await asked;
  await page.waitForFunction(() => document.activeElement?.closest('#a500 [role=alert]') && document.activeElement.tagName === 'BUTTON');
  assert.match(await w('a500', '.aw-error__message').textContent(), /lỗi 500/);
  assertNoPageErrors(errors);
  await context.close();
});

test('article: 10 MB bodies (junk, or a valid article) are refused as too large', async () => {
  const { context, page, errors, w } = await open({
    'abig-junk': { 'data-article-src': `/fault/big-junk${SEED_SRC}` },
    'abig-article': { 'data-article-src': `/fault/big-article${SEED_SRC}` },
  });
  assert.match(await articleError(w, 'abig-junk'), TOO_LARGE);
  assert.match(await articleError(w, 'abig-article'), TOO_LARGE);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

// --- Glossary source (data-glossary-src) -----------------------------------------------------

/** The article shows with the default glossary and its list says the portal's failed. */
async function assertDefaultGlossary(w, id) {
  await w(id, 'article h1').waitFor();
  await w(id, '.aw-abbr-list__notice').waitFor({ state: 'attached', timeout: 20_000 });
  // The notice is visible without opening the list.
  assert.equal(await w(id, '.aw-abbr-list__notice').textContent(), GLOSSARY_FAILED);
  assert.ok(await w(id, '.aw-abbr-list__notice').isVisible());
  await w(id, '.aw-abbr-list summary').click();
  // BTV is explained by the default glossary, not by anything the failed source sent.
  const list = await w(id, '.aw-abbr-list__item').allTextContents();
  assert.ok(list.includes('BTVBan Thường vụ'), list.join(' | '));
  assert.ok((await w(id, '.aw-body abbr').count()) > 0);
}

test('glossary: a 500, invalid JSON and an HTML page leave the default glossary, and say so', async () => {
  const article = { 'data-article-src': SEED_SRC };
  const { context, page, errors, w } = await open({
    g500: { ...article, 'data-glossary-src': `/fault/500${GLOSSARY}` },
    gjunk: { ...article, 'data-glossary-src': `/fault/junk${GLOSSARY}` },
    ghtml: { ...article, 'data-glossary-src': `/fault/html${GLOSSARY}` },
  });
  for (const id of ['g500', 'gjunk', 'ghtml']) await assertDefaultGlossary(w, id);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

test('glossary: 10 MB bodies (junk, or a valid glossary) are refused; the default glossary marks', async () => {
  const article = { 'data-article-src': SEED_SRC };
  const { context, page, errors, w } = await open({
    'gbig-junk': { ...article, 'data-glossary-src': `/fault/big-junk${GLOSSARY}` },
    'gbig-glossary': { ...article, 'data-glossary-src': `/fault/big-glossary${GLOSSARY}` },
  });
  for (const id of ['gbig-junk', 'gbig-glossary']) await assertDefaultGlossary(w, id);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

// --- Index source (data-index-src) -----------------------------------------------------------

/** Searches a day in widget `id` and returns the error shown (with its Retry button). */
async function searchError(w, id, day = '2024-05-13', timeout = 20_000) {
  await w(id, 'input[type=date]').first().fill(day);
  await w(id, ':is(.aw-search__error, .aw-results)').first().waitFor({ timeout });
  assert.equal(await w(id, '.aw-search__error[role=alert]').count(), 1, `#${id} shows results instead of an error`);
  assert.equal(await w(id, '.aw-search__error button').textContent(), 'Thử lại');
  return w(id, '.aw-search__error p').textContent();
}

test('index: a 500, invalid JSON and an HTML page are explained when searching, with Retry', async () => {
  const { context, page, errors, w } = await open({
    i500: { 'data-index-src': `/fault/500/index.json` },
    ijunk: { 'data-index-src': `/fault/junk/index.json` },
    ihtml: { 'data-index-src': `/fault/html/index.json` },
  });
  assert.equal(await searchError(w, 'i500'), 'Máy chủ trả về lỗi 500 khi tải danh mục bài viết.');
  assert.equal(await searchError(w, 'ijunk'), 'Dữ liệu danh mục bài viết không phải JSON hợp lệ.');
  assert.equal(await searchError(w, 'ihtml'), 'Máy chủ trả về một trang web thay vì dữ liệu danh mục bài viết.');

  // Retry asks again and, failing again, brings focus back to Retry.
  const asked = page.waitForRequest((r) => r.url().endsWith('/fault/500/index.json'));
  await w('i500', '.aw-search__error button').press('Enter');
  await asked;
  await page.waitForFunction(() => document.activeElement?.closest('#i500 .aw-search__error') && document.activeElement.tagName === 'BUTTON');

  // The healthy widget still searches its own index.
  await page.locator('#ok input[type=date]').first().fill('2024-05-13');
  await page.waitForFunction(() => document.querySelectorAll('#ok .aw-results__item').length === 4);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

test('index: 10 MB of junk is explained; a valid 10 MB index is searched and opened', async () => {
  const { context, page, errors, w } = await open({
    'ibig-junk': { 'data-index-src': '/fault/big-junk/index.json' },
    'ibig-index': { 'data-index-src': '/fault/big-index/index.json' },
  });
  // The index may be larger than an article: 10 MB is read, and it is not JSON (or, if the
  // portal's limit is lower, it is too large). Either way the reader is told.
  // 10 MB is under the index's 64 MB limit: it is read, and is not JSON.
  assert.equal(await searchError(w, 'ibig-junk'), 'Dữ liệu danh mục bài viết không phải JSON hợp lệ.');

  await w('ibig-index', 'input[type=date]').first().fill('2024-06-03');
  await w('ibig-index', '.aw-results').waitFor({ timeout: 20_000 });
  assert.equal(await w('ibig-index', '.aw-search__count').textContent(), '1 bài viết ngày 03/06/2024');
  await w('ibig-index', 'button.aw-results__open').click();
  await w('ibig-index', 'article h1').waitFor();
  assert.equal(await w('ibig-index', 'article h1').textContent(), SEED_TITLE);
  await w('ibig-index', 'input[type=date]').first().fill('2024-06-02');
  await page.waitForFunction(() => /^\d+ bài viết ngày 02\/06\/2024$/.test(document.querySelector('#ibig-index .aw-search__count')?.textContent));
  assert.equal(await w('ibig-index', '.aw-results__item').count(), 20);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

// --- Rating POST (data-rating-endpoint) ------------------------------------------------------

test('rating: 404 is refused, 500 is kept with "send again", junk, HTML and 10 MB answers count as delivered', async () => {
  const article = { 'data-article-src': SEED_SRC };
  const kinds = ['404', '500', 'junk', 'html', 'big-junk', 'big-article'];
  const widgets = Object.fromEntries(kinds.map((k) => [`r${k}`, { ...article, 'data-rating-endpoint': `/fault/${k}/api/rate` }]));
  const { context, page, errors, w } = await open(widgets);
  for (const k of kinds) await w(`r${k}`, '[role=radio]').nth(3).click();

  // Refused: said so, no button, nothing left to send.
  await page.waitForFunction(() => document.querySelector('#r404 .aw-rating__delivery')?.textContent !== '');
  assert.equal(await w('r404', '.aw-rating__delivery').textContent(), 'Trang không nhận lượt đánh giá này (lỗi 404).');
  assert.equal(await w('r404', '.aw-rating__resend').count(), 0);
  // 5xx: kept, with the reason and a button to send it again now.
  await w('r500', '.aw-rating__resend').waitFor();
  assert.equal(await w('r500', '.aw-rating__delivery').textContent(),
    'Chưa gửi được lượt đánh giá (máy chủ trả về lỗi 500). Lượt đánh giá được giữ lại và sẽ tự động gửi lại.');
  assert.equal(await w('r500', '.aw-rating__resend').textContent(), 'Gửi lại đánh giá');
  // A 2xx the widget cannot read still means the portal has the vote: only the 500's is queued.
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) || '[]').length === 1, QUEUE);
  for (const k of ['junk', 'html', 'big-junk', 'big-article']) {
    assert.equal(await w(`r${k}`, '.aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
    assert.equal(await w(`r${k}`, '.aw-rating__delivery').textContent(), '', `r${k}`);
    // The figures are the article's own plus this vote: (4.5 × 12 + 4) / 13.
    assert.equal(await w(`r${k}`, '.aw-rating__figures').textContent(), '4,5/5 (13 lượt)');
  }
  for (const k of kinds) assert.equal(await w(`r${k}`, '.aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');

  // "Send again" sends again (and is told 500 again).
  const asked = page.waitForRequest((r) => r.url().endsWith('/fault/500/api/rate'));
  await w('r500', '.aw-rating__resend').click();
  await asked;
  // While it is sent the button stays, inert; then it is offered again with the new reason.
  await page.waitForFunction(() => {
    const button = document.querySelector('#r500 .aw-rating__resend');
    return button && !button.hasAttribute('aria-disabled')
      && /lỗi 500/.test(document.querySelector('#r500 .aw-rating__delivery').textContent);
  });

  // The healthy widget votes as usual.
  await page.locator('#ok [role=radio]').nth(4).click();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.score, 5);
  await assertHealthy(page);
  assertNoPageErrors(errors);
  await context.close();
});

// --- Stalled connections, every source at once -----------------------------------------------

test('stalled connections: every source times out with a message; once the server answers, Retry works', async () => {
  const article = { 'data-article-src': SEED_SRC };
  const widgets = {};
  for (const stall of ['stall-headers', 'stall-body']) {
    const at = `${cdn[stall].url}/fault/${stall}`;
    widgets[`a-${stall}`] = { 'data-article-src': `${at}${SEED_SRC}` };
    widgets[`g-${stall}`] = { ...article, 'data-glossary-src': `${at}${GLOSSARY}` };
    widgets[`i-${stall}`] = { 'data-index-src': `${at}/index.json` };
    widgets[`r-${stall}`] = { ...article, 'data-rating-endpoint': `${at}/api/rate` };
  }
  const { context, page, errors, w } = await open(widgets);
  const stalls = ['stall-headers', 'stall-body'];
  const started = Date.now();

  // While the connections hang: loading states, and the vote is cast for the reader.
  for (const stall of stalls) {
    assert.match(await w(`a-${stall}`, '[role=status]').textContent(), /Đang tải bài viết/);
    await w(`g-${stall}`, 'article h1').waitFor();
    await w(`i-${stall}`, 'input[type=date]').first().fill('2024-05-13');
    assert.match(await w(`i-${stall}`, '.aw-search__note').textContent(), /Đang tải danh mục/);
    await w(`r-${stall}`, '[role=radio]').nth(3).click();
    assert.equal(await w(`r-${stall}`, '.aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  }
  await assertHealthy(page);

  // The timeout: each widget says the server did not answer (the glossary falls back).
  for (const stall of stalls) {
    assert.match(await articleError(w, `a-${stall}`), TIMED_OUT);
    await w(`i-${stall}`, '.aw-search__error').waitFor({ timeout: 20_000 });
    assert.match(await w(`i-${stall}`, '.aw-search__error p').textContent(), TIMED_OUT);
    await w(`r-${stall}`, '.aw-rating__resend').waitFor({ timeout: 20_000 });
    assert.match(await w(`r-${stall}`, '.aw-rating__delivery').textContent(), /máy chủ không trả lời sau 10 giây/);
    await assertDefaultGlossary(w, `g-${stall}`);
  }
  console.log(`timeouts shown after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The server answers again: Retry / "send again" recover every widget.
  for (const server of Object.values(cdn)) server.faults.stalling = false;
  for (const stall of stalls) {
    await w(`a-${stall}`, '[role=alert] button').click();
    await w(`a-${stall}`, 'article h1').waitFor();
    assert.equal(await w(`a-${stall}`, 'article h1').textContent(), SEED_TITLE);
    await w(`i-${stall}`, '.aw-search__error button').click();
    await page.waitForFunction((id) => document.querySelectorAll(`#${id} .aw-results__item`).length === 4, `i-${stall}`);
    // With the keyboard: once the vote is through, focus moves from the vanished button to the star.
    await w(`r-${stall}`, '.aw-rating__resend').press('Enter');
    await page.waitForFunction((id) => document.querySelector(`#${id} .aw-rating__delivery`)?.textContent === ''
      && !document.querySelector(`#${id} .aw-rating__resend`), `r-${stall}`);
    await page.waitForFunction((id) => document.activeElement?.matches(`#${id} [role=radio][aria-checked=true]`), `r-${stall}`);
  }
  // Each vote arrived (a background retry may deliver a copy too: the portal drops it by vote_id).
  for (const server of Object.values(cdn)) {
    await server.api.waitForVotes(1);
    assert.equal(new Set(server.api.votes.map((v) => v.vote_id)).size, 1);
  }
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) || '[]').length === 0, QUEUE);
  assertNoPageErrors(errors);
  await context.close();
});

// --- Storage that refuses ---------------------------------------------------------------------

/** Font size, abbreviation toggle and rating all work; after a reload nothing was remembered. */
async function storageless(init) {
  const { context, page, errors } = await open({}, { init });
  const base = await bodySize(page, 'ok');
  await page.locator('#ok .aw-fontsize button').nth(2).click();
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#ok .aw-body p.aw-p')).fontSize) > b, base);
  await page.locator('#ok .aw-tool--toggle').click();
  await page.waitForFunction(() => document.querySelectorAll('#ok abbr').length === 0);
  assert.equal(await page.locator('#ok .aw-tool--toggle').getAttribute('aria-pressed'), 'false');
  await page.locator('#ok [role=radio]').nth(3).click();
  const [vote] = await env.server.api.waitForVotes(1);
  assert.equal(vote.score, 4);
  await page.waitForFunction(() => document.querySelector('#ok .aw-rating__figures')?.textContent === '4,2/5 (99 lượt)');
  assert.equal(await page.locator('#ok .aw-rating__status').textContent(), 'Cảm ơn bạn đã đánh giá');
  assert.equal(await page.locator('#ok .aw-rating__delivery').textContent(), '');

  await page.reload();
  await page.locator('#ok article h1').waitFor();
  assert.equal(await bodySize(page, 'ok'), base, 'font size not remembered');
  assert.equal(await page.locator('#ok .aw-tool--toggle').getAttribute('aria-pressed'), 'true', 'marks back on');
  assert.ok((await page.locator('#ok abbr').count()) > 0);
  assert.equal(await page.locator('#ok [role=radio][aria-checked=true]').count(), 0, 'the vote is not remembered');
  assert.equal(await page.locator('#ok .aw-rating__status').textContent(), '');
  assert.deepEqual(errors, []);
  await context.close();
}

test('localStorage getter throws SecurityError: everything works, nothing is remembered', async () => {
  await storageless(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
});

test('localStorage.setItem throws QuotaExceededError: everything works, nothing is remembered', async () => {
  await storageless(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
});
