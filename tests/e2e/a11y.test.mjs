// Accessibility: axe-core (WCAG 2.0/2.1 A and AA) over the demo in every state a reader can put
// it in, in both languages and in the error state; then one keyboard-only walk through every
// control, checking where focus is and that it is visible at each step.
//
// axe does not judge everything: non-text contrast (the stars, the field borders) was checked by
// hand against WCAG 1.4.11, and focus order and visibility are the keyboard test's job.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { suite, watchErrors, drawnStars, SHOTS, SEED_TITLE } from './harness.mjs';

const env = suite();
beforeEach(() => {
  Object.assign(env.server.api, { votes: [], failNext: 0, failStatus: 503, down: false });
});

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the whole page; returns its violations, labelled with `state`. */
async function audit(page, state) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(
    async (values) => (await window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })).violations,
    WCAG,
  );
  return violations.map((v) => ({ state, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** One line per violation: state, rule, impact, help and the offending elements. */
const describe = (found) => found
  .map((v) => `[${v.state}] ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`)
  .join('\n');

/** A wasm panic shows as a page error (and as a console error naming the panic). */
function assertNoPageErrors(errors) {
  assert.deepEqual(errors.filter((e) => e.startsWith('pageerror') || /panicked|RuntimeError|unreachable/.test(e)), []);
}

/** The demo, with its widget pointed at the harness's vote recorder before the widget starts. */
async function demo(query = '') {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Ho_Chi_Minh' });
  await context.addInitScript(() => {
    // As soon as the parser inserts the host: before any script of the page can mount it.
    new MutationObserver((_, observer) => {
      const host = document.getElementById('demo-widget');
      if (host) {
        host.setAttribute('data-rating-endpoint', '/api/rate');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/index.html${query}`);
  return { context, page, errors };
}

/** Every state of the demo in `lang`, audited as it is reached; returns all violations. */
async function everyState(lang) {
  const t = {
    vi: { thanks: 'Cảm ơn bạn đã đánh giá', figures: '4,2/5 (99 lượt)', level: 'Cỡ chữ 200%' },
    en: { thanks: 'Thank you for rating', figures: '4.2/5 (99 votes)', level: 'Font size 200%' },
  }[lang];
  const { context, page, errors } = await demo(`?lang=${lang}`);
  const w = (selector) => page.locator(`#demo-widget ${selector}`);
  await w('article h1').waitFor();
  const found = await audit(page, `${lang}: default`);

  await w('abbr').first().hover();
  await w('[role=tooltip]:visible').waitFor();
  found.push(...await audit(page, `${lang}: tooltip open`));
  await page.mouse.move(5, 5);
  await w('[role=tooltip]:visible').waitFor({ state: 'detached' });

  await w('.aw-abbr-list summary').click();
  await w('.aw-abbr-list dl').waitFor();
  found.push(...await audit(page, `${lang}: abbreviation list open`));

  await w('.aw-tool--toggle').click();
  await page.waitForFunction(() => document.querySelectorAll('#demo-widget abbr').length === 0);
  found.push(...await audit(page, `${lang}: abbreviations off`));
  await w('.aw-tool--toggle').click();
  await w('abbr').first().waitFor();

  await w('input[type=date]').first().fill('2024-05-13');
  await w('.aw-results').waitFor();
  found.push(...await audit(page, `${lang}: date results`));

  await w('[role=radio]').nth(2).hover();
  await page.waitForFunction(() => document.querySelector('#demo-widget [role=radio]:nth-child(3)').matches(':hover'));
  assert.deepEqual(await page.evaluate(drawnStars, '#demo-widget'), ['full', 'full', 'full', 'empty', 'empty']);
  found.push(...await audit(page, `${lang}: rating hovered`));

  // The first POST fails (503): the reader is told, with "send again"; the queue's retry (2 s
  // later) delivers it and the message goes.
  Object.assign(env.server.api, { failNext: 1, failStatus: 503 });
  await w('[role=radio]').nth(3).click();
  await w('.aw-rating__resend').waitFor();
  assert.equal(await w('.aw-rating__status').textContent(), t.thanks);
  await page.mouse.move(5, 5);
  found.push(...await audit(page, `${lang}: vote not sent yet`));
  await env.server.api.waitForVotes(1);
  await page.waitForFunction((f) => document.querySelector('#demo-widget .aw-rating__figures')?.textContent === f, t.figures);
  await w('.aw-rating__resend').waitFor({ state: 'detached' });
  assert.equal(await w('.aw-rating__delivery').textContent(), '');
  found.push(...await audit(page, `${lang}: voted`));

  const larger = w('.aw-fontsize button').nth(2);
  while ((await larger.getAttribute('aria-disabled')) !== 'true') await larger.click();
  assert.equal(await w('.aw-fontsize [role=status]').textContent(), t.level);
  found.push(...await audit(page, `${lang}: 200 % font`));
  await page.screenshot({ path: `${SHOTS}/a11y-${lang}-200.png` });

  assertNoPageErrors(errors);
  await context.close();
  return found;
}

test('axe: the Vietnamese demo has no WCAG 2.1 A/AA violation in any state', async () => {
  const found = await everyState('vi');
  assert.equal(found.length, 0, `axe violations:\n${describe(found)}`);
});

test('axe: the English demo has no WCAG 2.1 A/AA violation in any state', async () => {
  const found = await everyState('en');
  assert.equal(found.length, 0, `axe violations:\n${describe(found)}`);
});

test('axe: the error state (the article is missing) has no violation, in both languages', async () => {
  const found = [];
  for (const lang of ['vi', 'en']) {
    const { context, page, errors } = await demo(`?article=khong-co-bai-nay&lang=${lang}`);
    await page.locator('#demo-widget [role=alert]').waitFor();
    // The self-contained demo carries its articles as data blocks of the page: none has this id.
    assert.match(await page.locator('#demo-widget [role=alert]').textContent(), lang === 'vi' ? /Không tìm thấy dữ liệu bài viết trong trang/ : /The data of the article is not in the page/);
    found.push(...await audit(page, `${lang}: article 404`));
    // The failed article leaves the date search usable; audit its results beside the error.
    await page.locator('#demo-widget input[type=date]').first().fill('2024-05-13');
    await page.locator('#demo-widget .aw-results').waitFor();
    found.push(...await audit(page, `${lang}: article 404 with date results`));
    // The 404 itself is logged by the browser and by the widget; nothing else may be.
    assertNoPageErrors(errors);
    await context.close();
  }
  assert.equal(found.length, 0, `axe violations:\n${describe(found)}`);
});

// ---------------------------------------------------------------------------------------------
// Keyboard only.

/** The focused element, looked up through open shadow roots, and whether its focus is drawn. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      tag: el.tagName,
      id: el.id,
      role: el.getAttribute('role'),
      type: el.getAttribute('type'),
      name: el.getAttribute('aria-label') ?? el.textContent.trim().replace(/\s+/g, ' ').slice(0, 80),
      classes: typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      widget: el.closest('[data-article-widget]')?.id ?? null,
      checked: el.getAttribute('aria-checked'),
      pressed: el.getAttribute('aria-pressed'),
      ring: outline || style.boxShadow !== 'none',
    };
  });
}

/**
 * Presses `key` (Tab by default) until the focused element satisfies `want`, checking at every
 * stop that focus is on something and visibly drawn. Returns the element reached.
 */
async function moveTo(page, want, { key = 'Tab', max = 80, what = 'the target' } = {}) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const el = await focused(page);
    assert.ok(el, `focus fell to the page after ${i + 1} × ${key} on the way to ${what}`);
    assert.ok(el.ring, `no visible focus on ${JSON.stringify(el)}`);
    if (want(el)) return el;
  }
  throw new Error(`${what} not reached with ${max} × ${key}`);
}

/** Asserts the currently focused element satisfies `want` and shows its focus. */
async function assertFocus(page, want, what) {
  const el = await focused(page);
  assert.ok(el && want(el), `expected focus on ${what}, got ${JSON.stringify(el)}`);
  assert.ok(el.ring, `no visible focus on ${what}`);
  return el;
}

/**
 * The keys that type `iso` (yyyy-mm-dd) into a focused date field: its segments follow the
 * browser's locale, so the order is learnt once by typing into a field outside the widgets.
 */
async function dateKeys(page, iso) {
  const order = await page.evaluate(() => window.__dateOrder);
  const [y, m, d] = iso.split('-');
  if (order) return order === 'dmy' ? `${d}${m}${y}` : `${m}${d}${y}`;
  await page.evaluate(() => {
    const probe = Object.assign(document.createElement('input'), { type: 'date', id: 'date-order-probe' });
    document.body.append(probe);
    probe.focus();
  });
  await page.keyboard.type('01022024');
  const learnt = await page.evaluate(() => {
    const probe = document.getElementById('date-order-probe');
    window.__dateOrder = probe.value === '2024-02-01' ? 'dmy' : 'mdy';
    probe.remove();
    return window.__dateOrder;
  });
  return learnt === 'dmy' ? `${d}${m}${y}` : `${m}${d}${y}`;
}

const fontSize = (page) =>
  page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#kb .aw-body p.aw-p')).fontSize));

test('keyboard only: every control in order, with focus always visible', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The second widget's article fails once (503), then loads: its Retry is the last control.
  let flakyCalls = 0;
  await page.route('**/flaky/article.json', (route) => {
    flakyCalls += 1;
    return flakyCalls === 1
      ? route.fulfill({ status: 503, body: 'busy' })
      : route.fulfill({ path: 'dist/articles/bo-xay-dung-tap-huan-dan-van-2024.json' });
  });
  await page.goto(`${env.server.url}/fixtures/keyboard.html`);
  const kb = (selector) => page.locator(`#kb ${selector}`);
  await kb('article h1').waitFor();
  await page.locator('#flaky [role=alert]').waitFor();
  const june1 = await dateKeys(page, '2024-06-01');
  const inKb = (test) => (el) => el.widget === 'kb' && test(el);

  // Font size: A−, A, A+ (Enter and Space), past the abbreviation toggle.
  const base = await fontSize(page);
  await moveTo(page, inKb((el) => el.name === 'A− Giảm cỡ chữ'), { what: 'A−' });
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#kb .aw-body p.aw-p')).fontSize) < b, base);
  assert.equal(await kb('.aw-fontsize [role=status]').textContent(), 'Cỡ chữ 90%');
  await moveTo(page, inKb((el) => el.name === 'A Cỡ chữ mặc định'), { max: 1, what: 'A' });
  await page.keyboard.press('Space');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#kb .aw-body p.aw-p')).fontSize) === b, base);
  await moveTo(page, inKb((el) => el.name === 'A+ Tăng cỡ chữ'), { max: 1, what: 'A+' });
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#kb .aw-body p.aw-p')).fontSize) > b, base);

  // Back (Shift+Tab) to the abbreviation toggle: off with Space, on again with Enter.
  await moveTo(page, inKb((el) => el.pressed !== null), { key: 'Shift+Tab', max: 3, what: 'the abbreviation toggle' });
  assert.equal((await focused(page)).pressed, 'true');
  const marks = await kb('.aw-body abbr').count();
  assert.ok(marks > 0);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('#kb abbr').length === 0);
  await assertFocus(page, (el) => el.pressed === 'false', 'the toggle, switched off');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('#kb .aw-body abbr').length === n, marks);
  await assertFocus(page, (el) => el.pressed === 'true', 'the toggle, switched on');

  // The abbreviation list (a disclosure), then a mark: focus shows its tooltip, Escape hides it.
  await moveTo(page, inKb((el) => el.tag === 'SUMMARY'), { max: 5, what: 'the abbreviation list' });
  await page.keyboard.press('Enter');
  await kb('.aw-abbr-list dl').waitFor();
  assert.equal(await kb('.aw-abbr-list').evaluate((d) => d.open), true);
  const mark = await moveTo(page, inKb((el) => el.tag === 'ABBR'), { max: 2, what: 'an abbreviation' });
  const tip = page.locator(`[id="${await kb('abbr:focus').getAttribute('aria-describedby')}"]`);
  await tip.waitFor({ state: 'visible' });
  assert.ok((await tip.textContent()).startsWith(`${mark.name}:`));
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden' });
  await assertFocus(page, (el) => el.tag === 'ABBR' && el.name === mark.name, 'the same abbreviation after Escape');

  // Date search: type the day into both fields (in the browser's field order), then Search.
  await moveTo(page, inKb((el) => el.type === 'date' && el.id.endsWith('-date-from')), { max: 30, what: 'the date field' });
  await page.keyboard.type(june1);
  await kb('.aw-results').waitFor();
  await moveTo(page, inKb((el) => el.type === 'date' && el.id.endsWith('-date-to')), { max: 6, what: 'the end-date field (past the calendar button)' });
  await page.keyboard.type(june1);
  assert.equal(await kb('input[type=date]').nth(1).inputValue(), '2024-06-01');
  await moveTo(page, inKb((el) => el.type === 'submit'), { max: 6, what: 'the search button (past the calendar button)' });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#kb .aw-search__count')?.textContent === '45 bài viết ngày 01/06/2024');
  assert.equal(await kb('.aw-results__item').count(), 20);

  // "Show more": the next 20 appear and focus moves to the first of them.
  await moveTo(page, inKb((el) => el.name === 'Xem thêm (25)'), { max: 30, what: 'show more' });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#kb .aw-results__item').length === 40);
  await assertFocus(page, inKb((el) => el.classes.includes('aw-results__open')), 'the first new result');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('#kb .aw-results__item')]
    .indexOf(document.activeElement.closest('li'))), 20);

  // A result link (a page of the portal) is reachable; an "open in widget" result opens here and
  // focus moves to the opened article's title.
  await moveTo(page, inKb((el) => el.tag === 'A' && el.classes.includes('aw-results__open')), { key: 'Shift+Tab', max: 25, what: 'a result link' });
  assert.match((await focused(page)).href, /^https:\/\/example\.vn\/tin-\d+$/);
  await moveTo(page, inKb((el) => el.tag === 'BUTTON' && el.classes.includes('aw-results__open')), { max: 3, what: 'an open-in-widget result' });
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('#kb article h1')?.textContent === t, SEED_TITLE);
  await assertFocus(page, inKb((el) => el.tag === 'H1'), 'the opened article\'s title');

  // Star rating: arrows preview (no vote), Enter commits; the server records it.
  await moveTo(page, inKb((el) => el.role === 'radio'), { max: 20, what: 'the star rating' });
  await page.evaluate(() => {
    window.__rated = [];
    document.addEventListener('article-widget:rated', (e) => window.__rated.push(e.detail.score));
  });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await assertFocus(page, inKb((el) => el.name === '3 sao'), '3 stars');
  assert.deepEqual(await kb('[role=radio]').evaluateAll((s) => s.map((x) => x.dataset.filled)), ['full', 'full', 'full', 'empty', 'empty']);
  await page.keyboard.press('ArrowLeft');
  await assertFocus(page, inKb((el) => el.name === '2 sao'), '2 stars');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await assertFocus(page, inKb((el) => el.name === '4 sao'), '4 stars');
  // Arrows do not vote: a vote is announced in the keydown handler that casts it, the one that
  // also moves focus (seen above), so any vote by an arrow is already in `__rated`. Its POST may
  // still be on the way: the server is checked once Enter's vote has arrived.
  assert.deepEqual(await page.evaluate(() => window.__rated), [], 'arrows do not vote');
  await page.keyboard.press('Enter');
  const [vote] = await env.server.api.waitForVotes(1);
  assert.deepEqual([vote.article_id, vote.score], ['bo-xay-dung-tap-huan-dan-van-2024', 4]);
  assert.deepEqual(await page.evaluate(() => window.__rated), [4]);
  assert.deepEqual(env.server.api.votes.map((v) => v.score), [4], 'one vote, cast by Enter');
  await page.waitForFunction(() => document.querySelector('#kb .aw-rating__status')?.textContent === 'Cảm ơn bạn đã đánh giá');
  await assertFocus(page, inKb((el) => el.name === '4 sao' && el.checked === 'true'), 'the chosen star');

  // The other widget's Retry: Space loads its article and focus moves to its title.
  await moveTo(page, (el) => el.widget === 'flaky' && el.name === 'Thử lại', { max: 80, what: 'Retry' });
  await page.keyboard.press('Space');
  await page.locator('#flaky article h1').waitFor();
  await assertFocus(page, (el) => el.widget === 'flaky' && el.tag === 'H1', 'the recovered article\'s title');
  assert.equal(flakyCalls, 2);
  await page.screenshot({ path: `${SHOTS}/keyboard-end.png` });

  // The rejected first load is logged by the browser and by the widget; nothing else may be.
  assertNoPageErrors(errors);
  await context.close();
});
