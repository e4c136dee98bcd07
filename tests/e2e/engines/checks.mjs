// The cross-engine checks, written once against driver.mjs's page and registered for one engine by
// each `<engine>.test.mjs` beside this file: the seed article and its date line, the four reading
// tools, the loader under a strict CSP and without wasm SIMD, the page opened from disk, axe-core,
// and no page error anywhere. They run against dist/ and the harness's test server, as the
// Chromium suite does; deeper per-tool behaviour stays in that suite.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, drawnStars, SHOTS, SEED_ID, SEED_TITLE } from '../harness.mjs';
import { launch, TIMEZONE } from './driver.mjs';
import { startFront, INIT_SCRIPTS } from './front.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DIST_INDEX = pathToFileURL(resolve(import.meta.dirname, '../../../dist/index.html')).href;
const TEST = { timeout: 120_000 };
// A portal page that includes the loader, which picks the SIMD build or the compat one: `#vi`
// shows the seed article (with the date search), `#en` another. The demo page (dist/index.html)
// is self-contained instead, with the compat build inlined: it is checked from disk and by axe.
const PAGE = '/fixtures/embed.html';
/**
 * The pointer type a tap arrives with. WebKitWebDriver on Linux has no touch input source: its
 * touch actions arrive as a mouse press and release (and MiniBrowser's window is never narrower than
 * about 450 px), so in WebKit the tap check covers the click path, not touch events.
 */
const TAP_POINTER = { chromium: 'touch', firefox: 'touch', webkit: 'mouse' };

/** Registers every check for `name` (chromium, firefox or webkit) in the calling test file. */
export function engineSuite(name) {
  const env = {};
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    env.server = await startServer();
    env.front = await startFront(env.server);
    env.cspServer = await startServer({ headers: { 'content-security-policy': CSP } });
    env.cspFront = await startFront(env.cspServer);
    env.engine = await launch(name);
  });
  /** The files of the widget's builds the pages asked for since request `from`, sorted. */
  const buildsSince = (from) => [...new Set(env.server.requests.slice(from).map((r) => r.path)
    .filter((path) => /^\/article-widget-(core|lite|compat)/.test(path)))].sort();
  // A failed check leaves its page open; WebKitWebDriver allows one session at a time.
  const pages = new Set();
  afterEach(async () => {
    for (const page of pages) await page.close().catch(() => {});
    pages.clear();
  });
  after(async () => {
    if (env.engine) console.log(`${name} ${env.engine.version}`);
    await env.engine?.close();
    for (const server of [env.front, env.server, env.cspFront, env.cspServer]) await server?.close();
  });

  /**
   * A new page (fresh storage) at `path` of the test server; `init` names scripts of front.mjs to
   * run before the page's own, `csp` serves it under the strict policy.
   */
  async function open(path, { init = [], csp = false, ...size } = {}) {
    assert.ok(init.every((n) => INIT_SCRIPTS.includes(n)), `front.mjs has no init script among ${init}`);
    const page = await newPage(size);
    const query = init.length ? `${path.includes('?') ? '&' : '?'}aw-init=${init.join(',')}` : '';
    await page.goto(`${(csp ? env.cspFront : env.front).url}${path}${query}`);
    return page;
  }
  /** A new page, closed after the check if the check does not close it. */
  async function newPage(size) {
    const page = await env.engine.newPage(size);
    pages.add(page);
    const close = page.close;
    page.close = () => {
      pages.delete(page);
      return close();
    };
    return page;
  }
  /**
   * Waits until each of `selectors` (comma-separated) matches and the widget's stylesheet applies:
   * the loader adds the stylesheet itself, so on a loaded machine it can arrive after the first
   * render, and a computed style read before it is the browser's default.
   */
  const shown = (page, selectors) => page.waitFor((list) =>
    list.split(',').every((s) => document.querySelector(s) !== null)
      && [...document.styleSheets].some((sheet) => sheet.href !== null && sheet.href.endsWith('/article-widget.css')), selectors);
  const shot = (what) => `${SHOTS}/engines-${name}-${what}.png`;

  test(`${name}: the seed article renders, dated in the portal's zone for a reader in New York`, TEST, async () => {
    const page = await open(PAGE);
    await shown(page, '#vi article h1, #en time');
    const seen = await page.evaluate(() => {
      const w = (selector) => document.querySelector(`#vi ${selector}`);
      return {
        zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        title: w('article h1').textContent,
        date: w('time.aw-date').textContent,
        datetime: w('time.aw-date').getAttribute('datetime'),
        subheadings: document.querySelectorAll('#vi article h2').length,
        captions: document.querySelectorAll('#vi figcaption.aw-caption').length,
        source: w('.aw-source').textContent,
        english: document.querySelector('#en time').textContent,
      };
    });
    // In New York the article appeared on Sunday evening; the portal's date line says Monday.
    assert.deepEqual(seen, {
      zone: TIMEZONE, title: SEED_TITLE, date: 'Thứ hai, 13/05/2024 10:45', datetime: '2024-05-13T10:45:00+07:00',
      subheadings: 3, captions: 4, source: 'Nguồn: tapchixaydung.vn', english: 'Monday, 13/05/2024 08:15',
    });
    await page.screenshot(shot('seed'));
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: font size: A+ to the end doubles the text, A− to the end shrinks it, A resets`, TEST, async () => {
    const page = await open(PAGE);
    await shown(page, '#vi article h1');
    const px = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#vi .aw-body p.aw-p')).fontSize));
    const status = () => page.evaluate(() => document.querySelector('#vi .aw-fontsize [role=status]').textContent);
    /** Clicks the button labelled `label` until it is disabled, waiting for each new level. */
    const pressToTheEnd = async (label) => {
      const selector = `#vi button[aria-label="${label}"]`;
      for (let clicks = 0; ; clicks += 1) {
        if (await page.evaluate((s) => document.querySelector(s).getAttribute('aria-disabled') === 'true', selector)) return clicks;
        assert.ok(clicks < 10, `${label} never disabled`);
        const before = await status();
        await page.click(selector);
        await page.waitFor((b) => document.querySelector('#vi .aw-fontsize [role=status]').textContent !== b, before);
      }
    };
    const base = await px();
    assert.ok((await pressToTheEnd('A+ Tăng cỡ chữ')) >= 5);
    assert.equal(await status(), 'Cỡ chữ 200%');
    assert.ok((await px()) >= 2 * base, `${await px()} px at 200 % from ${base} px`);
    await pressToTheEnd('A− Giảm cỡ chữ');
    assert.equal(await status(), 'Cỡ chữ 90%');
    assert.ok((await px()) <= 0.9 * base + 0.01);
    await page.click('#vi button[aria-label="A Cỡ chữ mặc định"]');
    await page.waitFor((b) => parseFloat(getComputedStyle(document.querySelector('#vi .aw-body p.aw-p')).fontSize) === b, base);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: an abbreviation mark is drawn underlined (dotted, in the accent colour)`, TEST, async () => {
    const page = await open(PAGE);
    await shown(page, '#vi .aw-body p abbr');
    const style = await page.evaluate(() => {
      const mark = document.querySelector('#vi .aw-body p abbr');
      const s = getComputedStyle(mark);
      // The paragraph, marked for the close-up screenshot below.
      mark.closest('p').setAttribute('data-shot', '');
      return { line: s.textDecorationLine, style: s.textDecorationStyle, color: s.textDecorationColor, text: s.color };
    });
    // Looked at by hand too: before the longhands, WebKit's screenshot showed the mark as plain text.
    await page.screenshot(shot('abbr-mark'), '#vi [data-shot]');
    const { text, ...decoration } = style;
    assert.deepEqual(decoration, { line: 'underline', style: 'dotted', color: 'rgb(11, 92, 173)' });
    assert.notEqual(decoration.color, text, 'the underline stands apart from the text');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  /**
   * In the page: the state of the tooltip of the first mark in `widget`'s article if its being
   * shown is `want`, else false (a condition for waitFor).
   */
  const tipShown = ([widget, want]) => {
    const mark = document.querySelector(`${widget} .aw-body abbr`);
    const tip = document.getElementById(mark.getAttribute('aria-describedby'));
    const visible = !tip.hidden && getComputedStyle(tip).display !== 'none' && tip.getBoundingClientRect().width > 0;
    return visible === want && { key: mark.textContent, text: tip.textContent, role: tip.getAttribute('role') };
  };

  test(`${name}: a mark's tooltip shows on hover and on focus, and goes when left`, TEST, async () => {
    const page = await open(PAGE);
    await shown(page, '#vi .aw-body abbr');
    assert.ok(await page.evaluate(tipShown, ['#vi', false]), 'hidden at first');
    // Hover, then away onto the title.
    await page.hover('#vi .aw-body abbr');
    const tip = await page.waitFor(tipShown, ['#vi', true]);
    assert.equal(tip.role, 'tooltip');
    assert.ok(tip.text.startsWith(`${tip.key}:`), JSON.stringify(tip));
    await page.screenshot(shot('abbr-hover'));
    await page.hover('#vi article h1');
    await page.waitFor(tipShown, ['#vi', false]);
    // Keyboard focus, then focus elsewhere.
    await page.focus('#vi .aw-body abbr');
    await page.waitFor(tipShown, ['#vi', true]);
    await page.focus('#vi button[aria-label="A Cỡ chữ mặc định"]');
    await page.waitFor(tipShown, ['#vi', false]);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: a tap on a mark shows its tooltip, inside a phone's width; a tap elsewhere hides it`, TEST, async () => {
    const page = await open(PAGE, { width: 360, height: 740, touch: true });
    await shown(page, '#vi .aw-body abbr');
    await page.evaluate(() => {
      window.__pointers = [];
      document.addEventListener('pointerdown', (e) => window.__pointers.push(e.pointerType), true);
    });
    await page.tap('#vi .aw-body abbr');
    const tip = await page.waitFor(tipShown, ['#vi', true]);
    assert.ok(tip.text.startsWith(`${tip.key}:`), JSON.stringify(tip));
    assert.deepEqual(await page.evaluate(() => window.__pointers), [TAP_POINTER[name]]);
    const fits = await page.evaluate(() => {
      const mark = document.querySelector('#vi .aw-body abbr');
      const box = document.getElementById(mark.getAttribute('aria-describedby')).getBoundingClientRect();
      return box.left >= 0 && box.right <= document.documentElement.clientWidth;
    });
    assert.ok(fits, 'the tooltip stays inside the viewport');
    await page.screenshot(shot('abbr-tap'));
    await page.tap('#vi article h1');
    await page.waitFor(tipShown, ['#vi', false]);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: the date search lists the seed day's articles, newest first, in +07:00 days`, TEST, async () => {
    const page = await open(PAGE);
    await shown(page, '#vi article h1');
    await setDate(page, '#vi input[type=date]', '2024-05-13');
    await page.waitFor(() => document.querySelector('#vi .aw-results') !== null);
    const results = await page.evaluate(() => ({
      count: document.querySelector('#vi .aw-search__count').textContent,
      rows: [...document.querySelectorAll('#vi .aw-results__item')]
        .map((li) => [li.querySelector('time').textContent, li.querySelector('.aw-results__open').textContent]),
      current: document.querySelector('#vi [aria-current=true] .aw-results__open').textContent,
    }));
    assert.deepEqual(results, {
      count: '4 bài viết ngày 13/05/2024',
      rows: [
        ['10:45', SEED_TITLE],
        ['10:30', 'Ủy ban MTTQ tỉnh phát động chung tay xóa nhà tạm, nhà dột nát'],
        ['08:15', 'UBND tỉnh họp phiên thường kỳ tháng 5: Tập trung tháo gỡ vướng mắc, đẩy nhanh giải ngân vốn đầu tư công'],
        ['01:00', 'Tỉnh đoàn tổ chức Ngày hội tư vấn tuyển sinh, hướng nghiệp cho hơn 3.000 học sinh THPT'],
      ],
      current: SEED_TITLE,
    });
    await page.screenshot(shot('date-search'), '#vi .aw-search');
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: stars: hover previews, leaving restores, a click sends one vote`, TEST, async () => {
    Object.assign(env.server.api, { votes: [], failNext: 0, down: false });
    const page = await open('/fixtures/rating.html');
    await page.waitFor(() => document.querySelectorAll('#seed [role=radio]').length === 5);
    const filled = () => page.evaluate(drawnStars, '#seed');
    const average = await filled();
    await page.hover('#seed [role=radio]:nth-child(3)');
    await page.waitFor(() => document.querySelector('#seed [role=radio]:nth-child(3)').matches(':hover'));
    assert.deepEqual(await filled(), ['full', 'full', 'full', 'empty', 'empty']);
    await page.screenshot(shot('rating-hover-3'), '#seed .aw-rating');
    await page.hover('#seed article h1');
    await page.waitFor(() => !document.querySelector('#seed .aw-stars').matches(':hover'));
    assert.deepEqual(await filled(), average);
    await page.click('#seed [role=radio]:nth-child(4)');
    const [vote] = await env.server.api.waitForVotes(1);
    assert.deepEqual([vote.article_id, vote.score], [SEED_ID, 4]);
    await page.waitFor(() => document.querySelector('#seed .aw-rating__figures')?.textContent === '4,2/5 (99 lượt)');
    assert.equal(await page.evaluate(() => document.querySelector('#seed .aw-rating__status').textContent), 'Cảm ơn bạn đã đánh giá');
    assert.deepEqual(await filled(), ['full', 'full', 'full', 'full', 'empty']);
    assert.equal(env.server.api.votes.length, 1);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: the loader under a strict CSP: two widgets, their tools, no violation`, TEST, async () => {
    const page = await open('/fixtures/embed.html', { csp: true, init: ['violations'] });
    await shown(page, '#vi article h1, #en article h1');
    assert.equal(await page.evaluate(() => document.querySelector('#vi h1').textContent), SEED_TITLE);
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#vi .aw-body p.aw-p')).fontSize));
    // Everything that touches styles goes through the CSSOM, which the policy allows.
    await page.click('#vi button[aria-label="A+ Tăng cỡ chữ"]');
    await page.waitFor((b) => parseFloat(getComputedStyle(document.querySelector('#vi .aw-body p.aw-p')).fontSize) > b, base);
    await page.hover('#vi .aw-body abbr');
    await page.waitFor(() => {
      const tip = document.getElementById(document.querySelector('#vi .aw-body abbr').getAttribute('aria-describedby'));
      return !tip.hidden && tip.getBoundingClientRect().width > 0;
    });
    await setDate(page, '#vi input[type=date]', '2024-05-13');
    await page.waitFor(() => document.querySelector('#vi .aw-results') !== null);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  // All three engines open the page from disk with everything working: it needs nothing but its
  // own inline scripts, inline wasm and the images beside it, which each of them allows.
  test(`${name}: dist/index.html opened from disk (file://) works: article, images, tooltip, search, read-only stars`, TEST, async () => {
    const page = await newPage();
    await page.goto(DIST_INDEX);
    await page.waitFor(() => document.querySelector('#demo-widget article h1') !== null);
    assert.equal(await page.evaluate(() => [location.protocol, document.querySelector('#demo-widget h1').textContent].join(' ')), `file: ${SEED_TITLE}`);
    // The photos load from the folder beside the page (they are lazy: each is brought into view,
    // then waited for until it has loaded or failed).
    const widths = [];
    for (let i = 0; i < await page.evaluate(() => document.querySelectorAll('#demo-widget img').length); i += 1) {
      await page.evaluate((n) => document.querySelectorAll('#demo-widget img')[n].scrollIntoView(), i);
      widths.push(await page.waitFor((n) => {
        const img = document.querySelectorAll('#demo-widget img')[n];
        return img.complete && { width: img.naturalWidth };
      }, i));
    }
    assert.equal(widths.length, 4);
    assert.ok(widths.every(({ width }) => width > 0), JSON.stringify(widths));
    await page.hover('#demo-widget .aw-body abbr');
    await page.waitFor(tipShown, ['#demo-widget', true]);
    // No rating service behind a page from disk: the stars are read-only. A click on one, then
    // the date search answering (time has passed), and still no vote.
    assert.equal(await page.evaluate(() => document.querySelectorAll('#demo-widget [data-readonly=true]').length), 1);
    await page.click('#demo-widget [role=radio]:nth-child(3)');
    await setDate(page, '#demo-widget input[type=date]', '2024-05-13');
    await page.waitFor(() => document.querySelectorAll('#demo-widget .aw-results__item').length === 4);
    assert.notEqual(await page.evaluate(() => document.querySelector('#demo-widget [role=radio]:nth-child(3)').getAttribute('aria-checked')), 'true');
    await page.screenshot(shot('file'));
    // front.mjs's error recorder is not on a page from disk: only drivers that report errors tell.
    if (name !== 'webkit') assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: axe-core finds no WCAG 2.1 A/AA violation in the demo's states`, TEST, async () => {
    const page = await open('/index.html');
    await page.waitFor(() => document.querySelector('#demo-widget .aw-body abbr') !== null);
    // The demo has no CSP: a script element with axe's source runs as on any page.
    await page.evaluate((source) => {
      const script = document.createElement('script');
      script.textContent = source;
      document.head.append(script);
    }, AXE_SOURCE);
    const audit = async (state) => (await page.evaluate(
      async (values) => (await window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      WCAG,
    )).map((v) => `[${state}] ${v}`);
    const found = await audit('default');
    await page.hover('#demo-widget .aw-body abbr');
    await page.waitFor(tipShown, ['#demo-widget', true]);
    found.push(...await audit('tooltip open'));
    await setDate(page, '#demo-widget input[type=date]', '2024-05-13');
    await page.waitFor(() => document.querySelector('#demo-widget .aw-results') !== null);
    found.push(...await audit('date results'));
    await page.hover('#demo-widget [role=radio]:nth-child(3)');
    await page.waitFor(() => document.querySelector('#demo-widget [role=radio]:nth-child(3)').matches(':hover'));
    assert.deepEqual(await page.evaluate(drawnStars, '#demo-widget'), ['full', 'full', 'full', 'empty', 'empty']);
    found.push(...await audit('rating hovered'));
    assert.deepEqual(found, []);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });

  test(`${name}: without wasm SIMD only the compat build is fetched, and it marks the same words`, TEST, async () => {
    /** Loads the portal page (with `init`): the marks, and the widget builds the server sent. */
    const load = async (init) => {
      const from = env.server.requests.length;
      const page = await open(PAGE, { init });
      await shown(page, '#vi .aw-abbr-list dd, #en .aw-body');
      const marks = await page.evaluate(() => {
        const texts = (selector) => [...document.querySelectorAll(selector)].map((el) => el.textContent);
        return {
          validate: /\[native code\]/.test(WebAssembly.validate.toString()) ? 'native' : 'replaced',
          seed: texts('#vi .aw-body abbr'),
          list: texts('#vi .aw-abbr-list dd'),
          other: texts('#en .aw-body abbr'),
        };
      });
      const builds = buildsSince(from);
      assert.deepEqual(await page.errors(), []);
      await page.close();
      return { marks, builds };
    };
    const simd = await load([]);
    assert.deepEqual(simd.builds, ['/article-widget-core.js', '/article-widget-core_bg.wasm'], `${name} runs the SIMD build`);
    assert.equal(simd.marks.validate, 'native');
    assert.ok(simd.marks.seed.filter((m) => m === 'BTV').length >= 2 && simd.marks.seed.includes('TNCS'), JSON.stringify(simd.marks));
    const compat = await load(['compat']);
    assert.deepEqual(compat.builds, ['/article-widget-compat.js', '/article-widget-compat_bg.wasm']);
    assert.deepEqual(compat.marks, { ...simd.marks, validate: 'replaced' });
  });

  test(`${name}: a page of articles only runs the light build; a date search added later brings the full one`, TEST, async () => {
    const from = env.server.requests.length;
    const page = await open('/fixtures/two-widgets.html');
    await shown(page, '#a article h1, #b article h1');
    await page.waitFor(() => window.ArticleWidget?.mountedCount() === 2);
    assert.deepEqual(buildsSince(from), ['/article-widget-lite.js', '/article-widget-lite_bg.wasm']);
    await page.evaluate(() => {
      const el = document.createElement('div');
      el.id = 'search';
      el.setAttribute('data-article-widget', '');
      el.setAttribute('data-index-src', '/index.json');
      document.body.append(el);
    });
    await shown(page, '#search input[type=date], #a article h1, #b article h1');
    await page.waitFor(() => window.ArticleWidget.mountedCount() === 3);
    assert.deepEqual(buildsSince(from), ['/article-widget-core.js', '/article-widget-core_bg.wasm',
      '/article-widget-lite.js', '/article-widget-lite_bg.wasm']);
    assert.deepEqual(await page.evaluate(() => ['a', 'b', 'search'].map((id) => document.querySelectorAll(`#${id} .aw-widget`).length)), [1, 1, 1]);
    await setDate(page, '#search input[type=date]', '2024-05-13');
    await page.waitFor(() => document.querySelector('#search .aw-results li') !== null);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  });
}

/** Sets a date field as a reader's pick does: the value, then `input` and `change`. */
function setDate(page, selector, iso) {
  return page.evaluate(([s, value]) => {
    const field = document.querySelector(s);
    field.focus();
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }, [selector, iso]);
}
