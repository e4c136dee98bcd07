// What a portal developer hit in a trial embed: scoped portal CSS, quick mount/destroy, boxes
// left empty by a misconfiguration, failures named wrongly, the JS API, history of the date
// search, and the heading level. Each test failed against the widget before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, suite, watchErrors, watchWarnings, SHOTS, SEED_SRC, SEED_TITLE } from './harness.mjs';

const env = suite();
const HTML_SRC = '/articles/so-tttt-huong-dan-dich-vu-cong-truc-tuyen-2024.json';
const OTHER_SRC = '/articles/so-xay-dung-kiem-tra-an-toan-cong-trinh-mua-mua-bao.json';
const OTHER_TITLE = 'Sở Xây dựng tăng cường kiểm tra an toàn công trình trước mùa mưa bão';

/**
 * Opens a page of the test server whose HTML is `body` (inside a plain head), so each test
 * states its own portal page. `loader` is the tag that includes the widget.
 */
async function portal(body, { loader = '<script type="module" src="/article-widget.js"></script>', head = '', path = '/virtual/portal.html', routes = {} } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  for (const [pattern, handler] of Object.entries(routes)) await context.route(pattern, handler);
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title>${head}</head><body>${body}${loader}</body></html>`;
  await context.route(`${env.server.url}/virtual/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  await page.goto(`${env.server.url}${path}`);
  return { context, page, errors, warnings };
}

const px = (page, selector, property) =>
  page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);

test('scoped portal CSS (class and id selectors) cannot stop the font size or take the theme', async () => {
  const css = `
    .news-detail p, .news-detail li { font-size: 15px; color: rgb(51, 51, 51); line-height: 1.2; }
    .news-detail h2, .news-detail h3 { font-size: 13px; }
    #noi-dung a { color: rgb(255, 0, 0); }
    #noi-dung th { background: rgb(0, 128, 0); color: rgb(255, 255, 0); font-size: 11px; }
    #noi-dung table td { padding: 40px; }`;
  const { context, page, errors } = await portal(`
    <div id="noi-dung"><div class="news-detail">
      <div id="seed" data-article-widget data-article-src="${SEED_SRC}"></div>
      <div id="cms" data-article-widget data-article-src="${HTML_SRC}"></div>
    </div></div>
    <div id="ref" data-article-widget data-article-src="${HTML_SRC}"></div>`, { head: `<style>${css}</style>` });
  await page.locator('#seed article h1').waitFor();
  await page.locator('#cms article table').waitFor();

  await page.locator('#ref article table').waitFor();
  // At 100 %: the same sizes as the widget outside the portal's scope, not the portal's 15 px.
  const reference = parseFloat(await px(page, '#ref .aw-rich p', 'fontSize'));
  const p100 = parseFloat(await px(page, '#seed .aw-p', 'fontSize'));
  const rich100 = parseFloat(await px(page, '#cms .aw-rich p', 'fontSize'));
  assert.ok(reference > 15, `${reference}`);
  assert.equal(p100, reference);
  assert.equal(rich100, reference);
  for (const [selector, property] of [['th', 'backgroundColor'], ['th', 'color'], ['td', 'paddingTop'], ['a', 'color'], ['li', 'fontSize']]) {
    assert.equal(await px(page, `#cms .aw-rich ${selector}`, property), await px(page, `#ref .aw-rich ${selector}`, property), `${selector} ${property}`);
  }
  // Links keep --aw-accent; table headers keep the widget's look, not the portal's.
  assert.equal(await px(page, '#cms .aw-rich a', 'color'), 'rgb(11, 92, 173)');
  assert.notEqual(await px(page, '#cms .aw-rich th', 'backgroundColor'), 'rgb(0, 128, 0)');
  assert.notEqual(await px(page, '#cms .aw-rich th', 'color'), 'rgb(255, 255, 0)');
  assert.notEqual(await px(page, '#cms .aw-rich td', 'paddingTop'), '40px');

  // A+ to the end: every text of the article doubles, paragraphs included.
  const plus = page.locator('#seed button[aria-label="A+ Tăng cỡ chữ"]');
  while (await plus.getAttribute('aria-disabled') !== 'true') await plus.click();
  await page.waitForFunction(() => document.querySelector('#seed .aw-fontsize [role=status]')?.textContent.includes('200'));
  assert.equal(parseFloat(await px(page, '#seed .aw-p', 'fontSize')), 2 * p100);
  assert.equal(parseFloat(await px(page, '#cms .aw-rich p', 'fontSize')), 2 * rich100);
  assert.equal(parseFloat(await px(page, '#cms .aw-rich td', 'fontSize')), 2 * rich100);
  await page.locator('#cms .aw-rich table').screenshot({ path: `${SHOTS}/scoped-portal-table.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('mount() then destroy() at once, 200 times, leaves wasm memory unchanged', async () => {
  const { context, page, errors } = await portal('<div id="host"></div>');
  await page.evaluate(() => window.ArticleWidget.ready);
  // One whole cycle first (the article shown), so what a first load allocates is not counted.
  const whole = () => page.evaluate(async (src) => {
    const host = document.getElementById('host');
    const loaded = new Promise((ok) => host.addEventListener('article-widget:loaded', ok, { once: true }));
    const handle = window.ArticleWidget.mount(host, { articleSrc: src });
    await loaded;
    await handle.destroy();
    return window.ArticleWidget.memoryBytes();
  }, OTHER_SRC);
  const quick = (n) => page.evaluate(async ([n, src]) => {
    const host = document.getElementById('host');
    for (let i = 0; i < n; i += 1) {
      const handle = window.ArticleWidget.mount(host, { articleSrc: src });
      await handle.destroy(); // without waiting for the article
    }
    return window.ArticleWidget.memoryBytes();
  }, [n, OTHER_SRC]);
  await whole();
  const warm = await quick(50);
  const after = await quick(200);
  assert.equal(after, warm, `wasm memory grew from ${warm} to ${after} bytes over 200 cycles`);
  // A whole cycle after them: the aborted loads left nothing behind that grows later.
  assert.equal(await whole(), warm);
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), 0);
  assert.equal(await page.locator('#host *').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the loader as a classic <script> works; loaded twice, one wasm serves the page', async () => {
  const requests = [];
  const { context, page, errors, warnings } = await portal(
    `<div id="a" data-article-widget data-article-src="${SEED_SRC}"></div>`,
    { loader: '<script src="/article-widget.js"></script><script src="/article-widget.js?v=2"></script>' },
  );
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.locator('#a article h1').waitFor();
  assert.equal(await page.locator('#a h1').textContent(), SEED_TITLE);
  assert.equal(await page.evaluate(() => window.ArticleWidget.version), '0.1.0');
  await page.reload();
  await page.locator('#a article h1').waitFor();
  assert.equal(requests.filter((p) => p.endsWith('.wasm')).length, 1, requests.join('\n'));
  assert.ok(warnings.some((w) => /included twice .*article-widget\.js\?v=2/.test(w)), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('both builds missing (404): each box tells the developer which file, the console names the fix', async () => {
  const { context, page, errors } = await portal(
    `<div id="a" data-article-widget data-article-src="${SEED_SRC}"></div>
     <div id="b" data-article-widget data-lang="en" data-article-src="${SEED_SRC}"></div>`,
    { routes: { '**/*_bg.wasm': (route) => route.fulfill({ status: 404, body: 'not found' }) } },
  );
  await page.locator('#a [data-aw-config]').waitFor();
  assert.match(await page.locator('#a [data-aw-config]').textContent(), /Tiện ích bài viết chưa tải được.*article-widget-compat_bg\.wasm \(HTTP 404\)/);
  assert.match(await page.locator('#b [data-aw-config]').textContent(), /did not load.*article-widget-compat_bg\.wasm did not load \(HTTP 404\)/);
  assert.ok(errors.some((e) => /article-widget-compat_bg\.wasm did not load \(HTTP 404\).*Deploying/.test(e)), errors.join('\n'));
  await context.close();
});

test('misconfigurations show in the box, apart from reader errors: a typo, no source, mount(null)', async () => {
  const { context, page, errors } = await portal(`
    <div id="typo" data-article-widget data-artcle-src="${SEED_SRC}" data-index-src="/index.json"></div>
    <div id="bare"></div>`);
  await page.locator('#typo [data-aw-config]').waitFor();
  assert.equal(await page.locator('#typo [data-aw-config] li').textContent(),
    'Thuộc tính data-artcle-src không được hỗ trợ và bị bỏ qua. Có phải ý bạn là data-article-src?');
  assert.equal(await page.locator('#typo [role=alert]').count(), 0); // not a reader-facing failure
  assert.equal(await page.locator('#typo .aw-search').count(), 1);
  assert.ok(errors.some((e) => e.includes('unknown attribute data-artcle-src is ignored; did you mean data-article-src?')), errors.join('\n'));

  const thrown = await page.evaluate(async () => {
    await window.ArticleWidget.ready;
    window.ArticleWidget.mount(document.getElementById('bare'), {});
    try {
      window.ArticleWidget.mount(null);
      return 'no error';
    } catch (error) {
      return `${error.constructor.name}: ${error.message}`;
    }
  });
  assert.match(thrown, /^Error: article-widget: mount\(element, options\) needs an element, got null/);
  await page.locator('#bare [data-aw-config]').waitFor();
  assert.match(await page.locator('#bare [data-aw-config]').textContent(), /Chưa cấu hình bài viết cần hiển thị: thêm thuộc tính data-article-src/);
  assert.equal(await page.locator('#bare button').count(), 0); // no Retry: retrying fixes nothing
  assert.ok(errors.some((e) => e.includes('nothing to show: set data-article-src')), errors.join('\n'));
  await context.close();
});

test('failures are named right: a missing #id block, an HTML page, a 404 without its path', async () => {
  const { context, page, errors } = await portal(`
    <div id="block" data-article-widget data-article-src="#khong-co"></div>
    <div id="html" data-article-widget data-article-src="/fault/html${SEED_SRC}"></div>
    <div id="missing" data-article-widget data-article-src="/articles/khong-co-bai-nay.json"></div>`);
  const message = async (id) => {
    await page.locator(`#${id} [role=alert]`).waitFor();
    return page.locator(`#${id} .aw-error__message`).textContent();
  };
  assert.equal(await message('block'), 'Không tìm thấy dữ liệu bài viết trong trang.');
  assert.equal(await message('html'), 'Máy chủ trả về một trang web thay vì dữ liệu bài viết.');
  assert.equal(await message('missing'), 'Không tìm thấy bài viết (lỗi 404).');
  // The console, for developers, has what the readers are spared.
  assert.ok(errors.some((e) => e.includes('no <script type="application/json" id="khong-co"> block')), errors.join('\n'));
  assert.ok(errors.some((e) => /answered with an HTML page, not JSON/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /HTTP 404 while loading .*khong-co-bai-nay\.json/.test(e)), errors.join('\n'));
  await context.close();
});

/** Opens fixtures/cross-origin.html with another origin for the article or the loader. */
async function crossOrigin(query) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  await page.goto(`${env.server.url}/fixtures/cross-origin.html?${query}`);
  return { context, page, errors, warnings };
}

test('CORS is named as such: an article on an origin that does not allow the page', async () => {
  const other = await startServer(); // another origin that sends no CORS headers
  const { context, page, errors } = await crossOrigin(`data=${encodeURIComponent(other.url)}`);
  await page.locator('#a [role=alert]').waitFor();
  assert.equal(await page.locator('#a .aw-error__message').textContent(), 'Máy chủ chứa bài viết không cho phép trang này đọc dữ liệu.');
  assert.ok(errors.some((e) => /refused this page's origin \(CORS\): the server must send Access-Control-Allow-Origin/.test(e)), errors.join('\n'));
  await context.close();
  await other.close();
});

test('CORS is named as such: a rating endpoint on an origin that does not allow the page', async () => {
  const other = await startServer(); // another origin that sends no CORS headers
  const { context, page, warnings } = await crossOrigin(`rating=${encodeURIComponent(other.url)}`);
  await page.locator('#a article h1').waitFor();
  await page.locator('#a [role=radio]').nth(3).click();
  await page.waitForFunction(() => document.querySelector('#a .aw-rating__delivery')?.textContent !== '');
  assert.equal(await page.locator('#a .aw-rating__delivery').textContent(),
    'Chưa gửi được lượt đánh giá (máy chủ đánh giá không cho phép trang này gửi tới). Lượt đánh giá được giữ lại và sẽ tự động gửi lại.');
  assert.ok(warnings.some((w) => /will retry: .*refused this page's origin \(CORS\)/.test(w)), warnings.join('\n'));
  await context.close();
  await other.close();
});

test('a loader from another origin without CORS: the box names CORS, not a network outage', async () => {
  const cdn = await startServer(); // serves dist/ too, but with no Access-Control-Allow-Origin
  const { context, page, errors } = await crossOrigin(`cdn=${encodeURIComponent(cdn.url)}`);
  await page.locator('#a [data-aw-config]').waitFor();
  assert.match(await page.locator('#a [data-aw-config]').textContent(), /CORS: http:\/\/127\.0\.0\.1:\d+ must send Access-Control-Allow-Origin/);
  assert.ok(errors.some((e) => /CORS/.test(e) && /Deploying/.test(e)), errors.join('\n'));
  await context.close();
  await cdn.close();
});

test('the JS API: mount() again with other options and a changed data-article-src both re-render', async () => {
  const { context, page, errors } = await portal(`<div id="a" data-article-widget data-article-src="${SEED_SRC}"></div><div id="b"></div>`);
  await page.locator('#a article h1').waitFor();
  await page.evaluate((src) => document.getElementById('a').setAttribute('data-article-src', src), OTHER_SRC);
  await page.waitForFunction((title) => document.querySelector('#a article h1')?.textContent === title, OTHER_TITLE);
  assert.equal(await page.locator('#a .aw-widget').count(), 1);

  const same = await page.evaluate(async ([seed, other]) => {
    const host = document.getElementById('b');
    const first = window.ArticleWidget.mount(host, { articleSrc: seed });
    const again = window.ArticleWidget.mount(host, { articleSrc: seed });
    window.ArticleWidget.mount(host, { articleSrc: other, lang: 'en' });
    return first !== null && again !== null;
  }, [SEED_SRC, OTHER_SRC]);
  assert.ok(same);
  await page.waitForFunction((title) => document.querySelector('#b article h1')?.textContent === title, OTHER_TITLE);
  assert.equal(await page.locator('#b .aw-widget').count(), 1);
  assert.equal(await page.locator('#b .aw-widget').getAttribute('lang'), 'en');
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening a date-search result is a history entry: reload keeps it, Back returns', async () => {
  const { context, page, errors } = await portal(`<div id="w" data-article-widget data-article-src="${SEED_SRC}" data-index-src="/index.json"></div>`);
  await page.locator('#w article h1').waitFor();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#w .aw-results').waitFor();
  await page.locator('#w .aw-results__open', { hasText: 'Ủy ban MTTQ tỉnh' }).click();
  const opened = 'Ủy ban MTTQ tỉnh phát động chung tay xóa nhà tạm, nhà dột nát';
  await page.waitForFunction((t) => document.querySelector('#w article h1')?.textContent === t, opened);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('article-widget-article-w'), 'mttq-tinh-phat-dong-chung-tay-xoa-nha-tam-nha-dot-nat');

  // Reload: the opened article, and never the configured one first.
  const titles = [];
  await page.exposeFunction('__title', (t) => titles.push(t));
  await context.addInitScript(() => new MutationObserver(() => {
    const h1 = document.querySelector('#w article h1');
    if (h1 && h1.textContent !== window.__last) window.__title?.((window.__last = h1.textContent));
  }).observe(document, { subtree: true, childList: true }));
  await page.reload();
  await page.waitForFunction((t) => document.querySelector('#w article h1')?.textContent === t, opened);
  assert.deepEqual(titles, [opened]);

  // Back: the configured article again, and the search of that entry.
  await page.goBack();
  await page.waitForFunction((t) => document.querySelector('#w article h1')?.textContent === t, SEED_TITLE);
  assert.equal(new URL(page.url()).searchParams.get('article-widget-article-w'), null);
  assert.equal(await page.getByRole('textbox', { name: 'Tìm theo ngày' }).inputValue(), '2024-05-13');

  // Forward: the opened one.
  await page.goForward();
  await page.waitForFunction((t) => document.querySelector('#w article h1')?.textContent === t, opened);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link cannot open an article from outside the portal index', async () => {
  const { context, page, errors } = await portal(
    `<div id="w" data-article-widget data-article-src="${SEED_SRC}" data-index-src="/index.json"></div>`,
    { path: '/virtual/portal.html?article-widget-article-w=https%3A%2F%2Fevil.example%2Fa.json' },
  );
  await page.waitForFunction((t) => document.querySelector('#w article h1')?.textContent === t, SEED_TITLE);
  assert.deepEqual(errors, []);
  await context.close();
});

test('data-heading-level fits the widget into the portal outline', async () => {
  const { context, page, errors } = await portal(`<h1>Cổng thông tin tỉnh</h1>
    <div id="two" data-article-widget data-heading-level="2" data-article-src="${HTML_SRC}"></div>
    <div id="one" data-article-widget data-article-src="${SEED_SRC}"></div>`);
  await page.locator('#two article .aw-title').waitFor();
  await page.locator('#one article .aw-title').waitFor();
  const tags = (id) => page.locator(`#${id} article :is(h1, h2, h3, h4, h5, h6)`).evaluateAll((hs) => [...new Set(hs.map((h) => h.tagName))].sort());
  // The body_html's h2 and h3 move one level down with the title.
  assert.equal(await page.locator('#two .aw-title').evaluate((h) => h.tagName), 'H2');
  assert.deepEqual(await tags('two'), ['H2', 'H3', 'H4']);
  assert.equal(await page.locator('#one .aw-title').evaluate((h) => h.tagName), 'H1');
  assert.deepEqual(await tags('one'), ['H1', 'H2']);
  // Subheadings look the same at any level.
  assert.equal(await px(page, '#two .aw-rich .aw-h2', 'fontWeight'), '700');
  assert.deepEqual(errors, []);
  await context.close();
});
