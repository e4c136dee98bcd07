// "Tìm theo ngày" at portal scale: a sharded archive written by `article-widget-archive`
// (data-archive-src) and a portal's query API (data-archive-api), both fed by the test server.
// The reader is in New York; the portal's days are Hà Nội's.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, watchErrors, SEED_SRC, SEED_TITLE } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const WORK = join(ROOT, 'target/e2e/archive');
const OUT = join(WORK, 'out');
const env = suite({ roots: { '/test-archive/': OUT } });

const pad = (n) => String(n).padStart(2, '0');
/** RFC 3339 in +07:00 for a Hà Nội wall-clock time. */
const hanoi = (y, m, d, h, min = 0) => `${y}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:00+07:00`;

// 30 articles every 4 hours from 28 April to 2 May (a month boundary inside any page of 20),
// the seed article, and two articles either side of midnight on 31 May in Hà Nội, given in UTC.
const ENTRIES = [
  ...Array.from({ length: 30 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 3, 28, 0) + i * 4 * 3600 * 1000);
    return {
      id: `tin-${pad(i)}`,
      title: `Tin số ${i}`,
      published: hanoi(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()),
      url: `/tin/${i}.html`,
    };
  }),
  { id: 'bo-xay-dung-tap-huan-dan-van-2024', title: SEED_TITLE, published: hanoi(2024, 5, 13, 10, 45), src: SEED_SRC },
  { id: 'dau-thang-6', title: 'Đầu tháng 6', published: '2024-05-31T17:30:00Z', url: '/tin/thang-6.html' },
  { id: 'cuoi-thang-5', title: 'Cuối tháng 5', published: '2024-05-31T16:59:00Z', url: '/tin/thang-5.html' },
];

before(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const index = join(WORK, 'index.json');
  writeFileSync(index, JSON.stringify({ articles: ENTRIES }));
  // The generator as a portal runs it (the debug build `cargo test` already made).
  execFileSync('cargo', ['build', '--quiet', '--bin', 'article-widget-archive'], { cwd: ROOT, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ? join(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
  execFileSync(join(target, 'debug/article-widget-archive'), [index, '--out', OUT], { stdio: 'pipe' });
});

const manifest = () => JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8'));

/** A page with one widget whose date search uses `attrs` (`data-archive-src="…"`). */
async function open(attrs, { articleSrc = SEED_SRC } = {}) {
  env.server.archive.entries = ENTRIES;
  const context = await env.browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lưu trữ</title></head><body>
<div id="w" data-article-widget data-article-src="${articleSrc}" ${attrs}></div>
<script type="module" src="/article-widget.js"></script></body></html>`;
  await page.route(`${env.server.url}/archive-page.html*`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${env.server.url}/archive-page.html`);
  await page.locator('#w article h1').waitFor();
  return { context, page, errors };
}

const rows = (page) => page.locator('#w .aw-results__item').evaluateAll((items) =>
  items.map((li) => [li.querySelector('time').textContent, li.querySelector('.aw-results__open').textContent]));
const count = (page) => page.locator('#w .aw-search__count').textContent();

async function search(page, from, to = '') {
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill(from);
  await page.getByRole('textbox', { name: 'Đến ngày' }).fill(to);
}

for (const [mode, attrs] of [
  ['sharded archive', 'data-archive-src="/test-archive/manifest.json"'],
  ['query API', 'data-archive-api="/api/archive"'],
]) {
  test(`${mode}: the portal's days around midnight, read by a reader in New York`, async () => {
    const { context, page, errors } = await open(attrs);
    await search(page, '2024-06-01');
    await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 01/06/2024');
    assert.deepEqual(await rows(page), [['00:30', 'Đầu tháng 6']]);
    await search(page, '2024-05-31');
    await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 31/05/2024');
    assert.deepEqual(await rows(page), [['23:59', 'Cuối tháng 5']]);
    // Links resolve against the source's URL.
    assert.equal(await page.locator('#w .aw-results__open').getAttribute('href'), `${env.server.url}/tin/thang-5.html`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${mode}: "Xem thêm" pages across the month boundary, newest first`, async () => {
    const { context, page, errors } = await open(attrs);
    await search(page, '2024-04-28', '2024-05-02');
    await page.waitForFunction(() => document.querySelectorAll('#w .aw-results__item').length === 20);
    assert.equal(await count(page), '30 bài viết từ 28/04/2024 đến 02/05/2024');
    const first = await rows(page);
    assert.deepEqual(first[0], ['02/05/2024 20:00', 'Tin số 29']);
    assert.deepEqual(first[19], ['29/04/2024 16:00', 'Tin số 10']);
    await page.getByRole('button', { name: 'Xem thêm (10)' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#w .aw-results__item').length === 30);
    const all = await rows(page);
    assert.deepEqual(all.slice(0, 20), first);
    assert.deepEqual(all[20], ['29/04/2024 12:00', 'Tin số 9']);
    assert.deepEqual(all[29], ['28/04/2024 00:00', 'Tin số 0']);
    // Focus moved to the first result the button revealed.
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Tin số 9');
    assert.equal(await page.locator('#w .aw-results__more').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${mode}: a result with its JSON opens in the widget and a reload restores it`, async () => {
    // The configured article is another one, so only the URL can bring the seed back.
    const { context, page } = await open(attrs, { articleSrc: '/articles/ubnd-tinh-hop-phien-thuong-ky-thang-5-2024.json' });
    assert.notEqual(await page.locator('#w article h1').textContent(), SEED_TITLE);
    await search(page, '2024-05-13');
    await page.locator('#w .aw-results__open', { hasText: 'Bồi dưỡng' }).click();
    await page.waitForFunction((title) => document.querySelector('#w article h1')?.textContent === title, SEED_TITLE);
    assert.match(await page.locator('#w [aria-current=true]').textContent(), /Bồi dưỡng/);
    await page.reload();
    await page.locator('#w .aw-results').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Tìm theo ngày' }).inputValue(), '2024-05-13');
    await page.waitForFunction((title) => document.querySelector('#w article h1')?.textContent === title, SEED_TITLE);
    await context.close();
  });
}

for (const [mode, attrs] of [
  ['sharded archive', 'data-archive-src="/test-archive/manifest.json"'],
  ['query API', 'data-archive-api="/api/archive"'],
]) {
  test(`${mode}: the calendar marks and counts the days with articles, in the portal's days`, async () => {
    env.server.archive.queries.length = 0;
    const { context, page, errors } = await open(attrs);
    await search(page, '2024-05-31');
    await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 31/05/2024');
    await page.getByRole('button', { name: 'Lịch: Tìm theo ngày' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '31 tháng 5, 1 bài viết');
    const label = (date) => page.locator(`#w [data-date="${date}"]`).getAttribute('aria-label');
    assert.equal(await label('2024-05-13'), '13 tháng 5, 1 bài viết');
    assert.equal(await label('2024-05-01'), '1 tháng 5, 6 bài viết');
    assert.equal(await label('2024-05-14'), '14 tháng 5');
    assert.equal(await page.locator('#w .aw-calendar__day--has').count(), 4); // 1, 2, 13 and 31 May
    // The next month: 00:30 on 1 June in Hà Nội is 17:30 on 31 May in UTC.
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '1 tháng 6, 1 bài viết');
    if (mode === 'query API') {
      const counted = env.server.archive.queries.filter((q) => q.counts === 'day').map((q) => [q.from, q.to]);
      assert.deepEqual(counted, [['2024-05-01', '2024-05-31'], ['2024-06-01', '2024-06-30']]);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('sharded archive: only the manifest and the shards a query touches are fetched, once', async () => {
  const start = env.server.requests.length;
  const { context, page } = await open('data-archive-src="/test-archive/manifest.json"');
  await search(page, '2024-06-01');
  await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 01/06/2024');
  await search(page, '2024-05-31');
  await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 31/05/2024');
  await search(page, '2024-06-01');
  await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 01/06/2024');
  const m = manifest();
  const june = m.months.find((x) => x.month === '2024-06').shards[0].file;
  const may = m.months.find((x) => x.month === '2024-05').shards[0].file;
  const fetched = env.server.requests.slice(start).map((r) => r.path).filter((p) => p.startsWith('/test-archive/'));
  assert.deepEqual(fetched, ['/test-archive/manifest.json', `/test-archive/${june}`, `/test-archive/${may}`]);
  await context.close();
});

test('sharded archive: a missing shard and a bad manifest are explained, with Retry', async () => {
  const m = manifest();
  const aprilFile = m.months.find((x) => x.month === '2024-04').shards[0].file;
  const april = join(OUT, aprilFile);
  const saved = readFileSync(april);
  rmSync(april);
  try {
    const { context, page, errors } = await open('data-archive-src="/test-archive/manifest.json"');
    await search(page, '2024-04-29');
    await page.locator('#w .aw-search__error').waitFor();
    assert.match(await page.locator('#w .aw-search__error').textContent(), /Không tìm thấy danh mục bài viết \(lỗi 404\)\./);
    // Another month still answers from its own shard; the missing one still fails.
    await search(page, '2024-05-13');
    await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '1 bài viết ngày 13/05/2024');
    await search(page, '2024-04-29');
    await page.locator('#w .aw-search__error button').waitFor();
    // The shard is back: Retry finds it.
    writeFileSync(april, saved);
    await page.locator('#w .aw-search__error button').click();
    await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '6 bài viết ngày 29/04/2024');
    assert.ok(errors.every((e) => e.includes(aprilFile) || e.includes('date search')), errors.join('\n'));
    await context.close();
  } finally {
    writeFileSync(april, saved);
  }

  writeFileSync(join(WORK, 'bad-manifest.json'), JSON.stringify({ ...m, total: m.total + 1 }));
  writeFileSync(join(OUT, 'bad-manifest.json'), JSON.stringify({ ...m, total: m.total + 1 }));
  writeFileSync(join(OUT, 'junk-manifest.json'), '{"version": 1, "months": [');
  for (const [file, message] of [
    ['bad-manifest.json', 'Dữ liệu danh mục bài viết không khớp với nhau.'],
    ['junk-manifest.json', 'Dữ liệu danh mục bài viết không phải JSON hợp lệ.'],
  ]) {
    const { context, page } = await open(`data-archive-src="/test-archive/${file}"`);
    await search(page, '2024-05-13');
    await page.locator('#w .aw-search__error').waitFor();
    assert.match(await page.locator('#w .aw-search__error').textContent(), new RegExp(message.replace('.', '\\.')));
    await context.close();
  }
});

test('query API: a failing answer is explained and Retry asks again; pages ask only for what is new', async () => {
  const { context, page } = await open('data-archive-api="/api/archive"');
  await search(page, '2024-04-28');
  await page.waitForFunction(() => document.querySelector('#w .aw-search__count')?.textContent === '6 bài viết ngày 28/04/2024');
  env.server.archive.queries.length = 0;
  env.server.archive.failNext = 1;
  await page.getByRole('textbox', { name: 'Đến ngày' }).fill('2024-05-02');
  await page.locator('#w .aw-search__error').waitFor();
  assert.match(await page.locator('#w .aw-search__error').textContent(), /Máy chủ trả về lỗi 500 khi tải danh mục bài viết\./);
  await page.locator('#w .aw-search__error button').click();
  await page.waitForFunction(() => document.querySelectorAll('#w .aw-results__item').length === 20);
  await page.getByRole('button', { name: 'Xem thêm (10)' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#w .aw-results__item').length === 30);
  const asked = env.server.archive.queries.map(({ from, to, limit, cursor }) => [from, to, limit, cursor ?? null]);
  assert.equal(asked.length, 3, JSON.stringify(asked));
  assert.deepEqual(asked[0], ['2024-04-28', '2024-05-02', '20', null]);
  assert.deepEqual(asked[1], ['2024-04-28', '2024-05-02', '20', null]);
  assert.equal(asked[2][2], '20'); // a page, of which 10 remain
  assert.ok(asked[2][3], 'the second page is asked with the cursor');
  await context.close();
});

test("the demo's archive.html (sharded at build time from the sample index) finds and opens an article", async () => {
  const context = await env.browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/archive.html`);
  await page.locator('#archive-demo article h1').waitFor();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.waitForFunction(() => document.querySelector('#archive-demo .aw-search__count')?.textContent === '4 bài viết ngày 13/05/2024');
  await page.locator('#archive-demo .aw-results__open', { hasText: 'Ủy ban MTTQ' }).click();
  await page.waitForFunction(() => document.querySelector('#archive-demo article h1')?.textContent.startsWith('Ủy ban MTTQ'));
  assert.deepEqual(errors, []);
  await context.close();
});
