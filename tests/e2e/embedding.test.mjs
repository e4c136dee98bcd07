// Embedding: one script tag under a strict CSP, widgets added later, the JS API and its
// clean-up, the custom element, shadow isolation against a hostile portal, and the page that
// opens from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite, watchErrors, watchWarnings, drawnStars, SHOTS, SEED_TITLE } from './harness.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const env = suite({ headers: { 'content-security-policy': CSP } });

async function open(path, options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  await page.goto(`${env.server.url}${path}`);
  return { context, page, errors, warnings };
}

test('one script tag under a strict CSP: two widgets (vi, en), no violation, typos reported', async () => {
  const { context, page, errors } = await open('/fixtures/embed.html');
  await page.locator('#vi article h1').waitFor();
  await page.locator('#en article h1').waitFor();
  assert.equal(await page.locator('#vi h1').textContent(), SEED_TITLE);
  assert.match(await page.locator('#en time').textContent(), /^Monday, 13\/05\/2024 08:15$/);
  // Everything the widgets do that touches styles goes through the CSSOM: allowed.
  await page.click('#vi button[aria-label="A+ Tăng cỡ chữ"]');
  await page.locator('#vi abbr').first().hover();
  await page.locator('#vi [role=tooltip]:visible').waitFor();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#vi .aw-results').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a widget added after load mounts; removing it destroys it', async () => {
  const { context, page } = await open('/fixtures/embed.html');
  await page.locator('#vi article').waitFor();
  const before = await page.evaluate(() => window.ArticleWidget.mountedCount());
  await page.evaluate(() => {
    const el = document.createElement('div');
    el.id = 'added';
    el.setAttribute('data-article-widget', '');
    el.setAttribute('data-article-src', '/articles/doan-dbqh-tiep-xuc-cu-tri-truoc-ky-hop-thu-7.json');
    document.getElementById('later').append(el);
  });
  await page.locator('#added article h1').waitFor();
  assert.equal(await page.evaluate(() => window.ArticleWidget.mountedCount()), before + 1);
  await page.evaluate(() => document.getElementById('added').remove());
  await page.waitForFunction((n) => window.ArticleWidget.mountedCount() === n, before);
  await context.close();
});

test('API: mount twice is one widget; destroy cleans up; 100 cycles do not grow wasm memory', async () => {
  const { context, page, errors } = await open('/fixtures/embed.html');
  await page.locator('#vi article').waitFor();
  const result = await page.evaluate(async () => {
    const host = document.getElementById('later');
    const loaded = () => new Promise((ok) => host.addEventListener('article-widget:loaded', ok, { once: true }));
    const cycle = async () => {
      const done = loaded();
      const handle = window.ArticleWidget.mount(host, { articleSrc: '/articles/so-xay-dung-kiem-tra-an-toan-cong-trinh-mua-mua-bao.json', lang: 'en' });
      await done;
      await handle.destroy();
    };
    // Twice on one element: still one widget.
    const done = loaded();
    const a = window.ArticleWidget.mount(host, { articleSrc: '/articles/so-xay-dung-kiem-tra-an-toan-cong-trinh-mua-mua-bao.json' });
    const b = window.ArticleWidget.mount(host, { articleSrc: '/articles/so-xay-dung-kiem-tra-an-toan-cong-trinh-mua-mua-bao.json' });
    await done;
    const widgetsInHost = host.querySelectorAll('.aw-widget').length;
    await a.destroy();
    await b.destroy();
    const emptyAfterDestroy = host.childNodes.length === 0 && !host.hasAttribute('data-aw-mounted');
    for (let i = 0; i < 10; i += 1) await cycle();
    const warm = window.ArticleWidget.memoryBytes();
    for (let i = 0; i < 100; i += 1) await cycle();
    return { widgetsInHost, emptyAfterDestroy, warm, after: window.ArticleWidget.memoryBytes(), count: window.ArticleWidget.mountedCount() };
  });
  assert.equal(result.widgetsInHost, 1);
  assert.ok(result.emptyAfterDestroy);
  assert.equal(result.count, 2, 'only the page\'s own two widgets remain');
  console.log(`wasm memory: ${result.warm} bytes after 10 cycles, ${result.after} after 110`);
  assert.ok(result.after - result.warm <= 256 * 1024, `memory grew by ${result.after - result.warm} bytes`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('custom element: attribute changes re-render it', async () => {
  const { context, page } = await open('/fixtures/embed.html');
  await page.locator('#vi article').waitFor();
  await page.evaluate(() => {
    const el = document.createElement('article-widget');
    el.setAttribute('article-src', '/articles/bo-xay-dung-tap-huan-dan-van-2024.json');
    el.setAttribute('lang', 'vi');
    document.getElementById('later').append(el);
  });
  await page.locator('article-widget time.aw-date').waitFor();
  assert.equal(await page.locator('article-widget time.aw-date').textContent(), 'Thứ hai, 13/05/2024 10:45');
  await page.evaluate(() => document.querySelector('article-widget').setAttribute('lang', 'en'));
  await page.waitForFunction(() => document.querySelector('article-widget time.aw-date')?.textContent === 'Monday, 13/05/2024 10:45');
  await page.evaluate(() => document.querySelector('article-widget').setAttribute('article-src', '/articles/bcd-chuyen-doi-so-tinh-danh-gia-4-thang-dau-nam-2024.json'));
  await page.waitForFunction(() => document.querySelector('article-widget h1')?.textContent.startsWith('Ban Chỉ đạo'));
  assert.equal(await page.locator('article-widget .aw-widget').count(), 1);
  await context.close();
});

test('shadow isolation: a hostile portal stylesheet does not reach the widget', async () => {
  const { context, page, errors } = await open('/portal.html');
  await page.locator('#light article h1').waitFor();
  const shadow = page.locator('#shadow');
  await shadow.locator('article h1').waitFor();
  await page.screenshot({ path: `${SHOTS}/portal.png`, fullPage: false });
  const inShadow = await page.evaluate(() => {
    const root = document.getElementById('shadow').shadowRoot;
    const style = (sel) => getComputedStyle(root.querySelector(sel));
    const p = style('.aw-body p.aw-p');
    return {
      pColor: p.color, pSize: parseFloat(p.fontSize), lineHeight: parseFloat(p.lineHeight) / parseFloat(p.fontSize),
      abbr: style('abbr').textDecorationStyle, box: style('.aw-fontsize .aw-tool').boxSizing, button: style('.aw-fontsize .aw-tool').backgroundColor,
      figure: style('figure').display, img: parseFloat(style('img').width), align: style('.aw-body p.aw-p').textAlign,
      letter: style('.aw-body p.aw-p').letterSpacing,
    };
  });
  const inLight = await page.evaluate(() => getComputedStyle(document.querySelector('#light .aw-body p.aw-p')).fontSize);
  assert.notEqual(inShadow.pColor, 'rgb(255, 0, 0)');
  assert.ok(inShadow.pSize >= 16, `paragraph ${inShadow.pSize}px`);
  assert.ok(inShadow.lineHeight > 1.4);
  assert.equal(inShadow.abbr, 'dotted');
  assert.equal(inShadow.box, 'border-box');
  assert.equal(inShadow.button, 'rgb(255, 255, 255)');
  assert.equal(inShadow.figure, 'block');
  assert.ok(inShadow.img > 100);
  assert.equal(inShadow.align, 'left');
  assert.equal(inShadow.letter, 'normal');
  // Light mode keeps its own sizes against `p { font-size: 11px }` too (class selectors win).
  assert.ok(parseFloat(inLight) >= 16);
  // Tooltips and events work inside the shadow root.
  await shadow.locator('abbr').first().hover();
  await shadow.locator('[role=tooltip]:visible').waitFor();
  await shadow.locator('abbr').first().focus();
  await page.keyboard.press('Escape');
  await shadow.locator('[role=tooltip]:visible').waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo opens from disk (file://): article, tooltip, date search; read-only stars', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(pathToFileURL(resolve(import.meta.dirname, '../../dist/index.html')).href);
  await page.locator('#demo-widget article h1').waitFor();
  assert.equal(await page.locator('#demo-widget h1').textContent(), SEED_TITLE);
  // No rating service behind a page from disk: the stars show the figures and take no vote.
  const filled = () => page.evaluate(drawnStars, '#demo-widget');
  const before = await filled();
  assert.equal(await page.locator('#demo-widget [data-readonly=true]').count(), 1);
  await page.locator('#demo-widget [role=radio]').nth(1).hover();
  await page.waitForFunction(() => document.querySelector('#demo-widget [role=radio]:nth-child(2)').matches(':hover'));
  assert.deepEqual(await filled(), before, 'a hover previewed a vote on read-only stars');
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#demo-widget .aw-results__open', { hasText: 'Ủy ban MTTQ' }).click();
  await page.waitForFunction(() => document.querySelector('#demo-widget article h1')?.textContent.startsWith('Ủy ban MTTQ'));
  await page.screenshot({ path: `${SHOTS}/file-demo.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a browser without WebAssembly: the loader still loads, `ready` rejects, the page keeps working', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    delete window.WebAssembly;
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const asked = [];
  page.on('request', (request) => asked.push(request.url()));
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  await page.waitForFunction(() => window.ArticleWidget !== undefined);
  const outcome = await page.evaluate(() => window.ArticleWidget.ready.then(() => 'resolved', (e) => `rejected: ${e}`));
  assert.match(outcome, /^rejected: /);
  // The compat build was the one asked for, and the page's own content is untouched.
  assert.ok(asked.some((n) => n.endsWith('article-widget-compat_bg.wasm')), asked.join(' '));
  assert.ok(!asked.some((n) => n.includes('article-widget-core')), asked.join(' '));
  assert.equal(await page.locator('#vi article').count(), 0);
  assert.equal(await page.locator('.host-text').textContent(), 'Trang của cổng, với Content-Security-Policy chặt.');
  // Each widget says, in its language, why there is no article.
  assert.match(await page.locator('#vi [role=alert]').textContent(), /Trình duyệt này không chạy WebAssembly/);
  assert.match(await page.locator('#en [role=alert]').textContent(), /This browser does not run WebAssembly/);
  // The page's scripts still run: the loader's API answers.
  assert.equal(await page.evaluate(() => typeof window.ArticleWidget.mount), 'function');
  // Exactly two errors: the loader's explanation and the compat build's glue failing on the
  // missing global; nothing else was thrown while the loader ran.
  assert.deepEqual([...errors].sort(), [
    'console: article-widget: this browser has no WebAssembly; readers see a notice in each widget.',
    'pageerror: WebAssembly is not defined',
  ]);
  await context.close();
});

test('the SIMD build missing from the folder: the loader falls back to the compat build', async () => {
  const context = await env.browser.newContext();
  await context.route('**/article-widget-core_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = watchWarnings(page);
  await page.goto(`${env.server.url}/fixtures/embed.html`);
  await page.locator('#vi article h1').waitFor();
  assert.equal(await page.locator('#vi h1').textContent(), SEED_TITLE);
  assert.ok((await page.locator('#vi abbr').count()) > 0, 'abbreviations are marked');
  assert.ok(warnings.some((w) => w.includes('using the compat build')), warnings.join('\n'));
  // The one expected error is the browser's report of that 404 (watchErrors appends its URL).
  assert.deepEqual(errors, [
    `console: Failed to load resource: the server responded with a status of 404 (Not Found) ${env.server.url}/article-widget-core_bg.wasm`,
  ]);
  await context.close();
});
