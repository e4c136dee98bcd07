// "Tìm theo ngày": the portal's days (reader in New York), newest first, open a result, deep
// links, paging, and every bad input explained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openDemo, watchWarnings, SHOTS, SEED_TITLE } from './harness.mjs';

const env = suite();

const PARAM = 'article-widget-date-demo-widget';

const demo = (query = '') => openDemo(env, query);

const rows = (page, id = 'demo-widget') =>
  page.locator(`#${id} .aw-results__item`).evaluateAll((items) =>
    items.map((li) => [li.querySelector('time').textContent, li.querySelector('.aw-results__open').textContent]),
  );

test('the seed day lists its articles newest first, in +07:00 days, and the shown one is marked', async () => {
  const { context, page, errors } = await demo();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#demo-widget .aw-results').waitFor();
  assert.deepEqual(await rows(page), [
    ['10:45', SEED_TITLE],
    ['10:30', 'Ủy ban MTTQ tỉnh phát động chung tay xóa nhà tạm, nhà dột nát'],
    ['08:15', 'UBND tỉnh họp phiên thường kỳ tháng 5: Tập trung tháo gỡ vướng mắc, đẩy nhanh giải ngân vốn đầu tư công'],
    ['01:00', 'Tỉnh đoàn tổ chức Ngày hội tư vấn tuyển sinh, hướng nghiệp cho hơn 3.000 học sinh THPT'],
  ]);
  assert.equal(await page.locator('#demo-widget .aw-search__count').textContent(), '4 bài viết ngày 13/05/2024');
  assert.equal(await page.locator('#demo-widget [aria-current=true] .aw-results__open').textContent(), SEED_TITLE);
  assert.equal(new URL(page.url()).searchParams.get(PARAM), '2024-05-13');
  await page.locator('#demo-widget .aw-search').screenshot({ path: `${SHOTS}/date-search.png` });
  assert.deepEqual(errors, []);

  // 23:30 on the 12th belongs to the 12th.
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-12');
  await page.waitForFunction(() => document.querySelector('#demo-widget .aw-search__count')?.textContent === '1 bài viết ngày 12/05/2024');
  assert.deepEqual((await rows(page))[0][0], '23:30');
  await context.close();
});

test('an empty day says so; a range lists dates; a reversed range is explained', async () => {
  const { context, page } = await demo();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-11');
  await page.locator('#demo-widget .aw-search__empty').waitFor();
  assert.equal(await page.locator('#demo-widget .aw-search__empty').textContent(), 'Không có bài viết nào ngày 11/05/2024');

  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-10');
  await page.getByRole('textbox', { name: 'Đến ngày' }).fill('2024-05-13');
  await page.waitForFunction(() => document.querySelectorAll('#demo-widget .aw-results__item').length === 6);
  const listed = await rows(page);
  assert.equal(listed[0][0], '13/05/2024 10:45');
  assert.equal(listed[5][0], '10/05/2024 16:20');
  assert.equal(new URL(page.url()).searchParams.get(PARAM), '2024-05-10..2024-05-13');

  await page.getByRole('textbox', { name: 'Đến ngày' }).fill('2024-05-01');
  await page.locator('#demo-widget .aw-search__error').waitFor();
  assert.equal(await page.locator('#demo-widget .aw-search__error').textContent(), 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.');
  await context.close();
});

test('opening a result shows that article; a deep link restores the search after reload', async () => {
  const { context, page } = await demo();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#demo-widget .aw-results__open', { hasText: 'Ủy ban MTTQ' }).click();
  await page.waitForFunction(() => document.querySelector('#demo-widget article h1')?.textContent.startsWith('Ủy ban MTTQ'));
  assert.equal(await page.locator('#demo-widget time.aw-date').textContent(), 'Thứ hai, 13/05/2024 10:30');
  assert.match(await page.locator('#demo-widget [aria-current=true]').textContent(), /Ủy ban MTTQ/);

  await page.reload();
  await page.locator('#demo-widget .aw-results').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Tìm theo ngày' }).inputValue(), '2024-05-13');
  assert.equal((await rows(page)).length, 4);
  await context.close();

  const shared = await demo(`?${PARAM}=2024-05-10..2024-05-13`);
  await shared.page.locator('#demo-widget .aw-results').waitFor();
  assert.equal((await rows(shared.page)).length, 6);
  assert.equal(await shared.page.getByRole('textbox', { name: 'Đến ngày' }).inputValue(), '2024-05-13');
  await shared.context.close();
});

test('a malformed date in the link is explained, not ignored', async () => {
  const { context, page } = await demo(`?${PARAM}=31/02/2024`);
  await page.locator('#demo-widget .aw-search__error').waitFor();
  assert.match(await page.locator('#demo-widget .aw-search__error').textContent(), /Ngày không hợp lệ/);
  await context.close();
});

test('busy days are paged by 20; url-only entries are links; bad entries are skipped; a failed index is explained', async () => {
  const context = await env.browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  const warnings = watchWarnings(page);
  await page.goto(`${env.server.url}/fixtures/search.html`);
  await page.locator('#busy input[type=date]').first().fill('2024-06-01');
  await page.locator('#busy .aw-results').waitFor();
  assert.equal(await page.locator('#busy .aw-search__count').textContent(), '45 articles on 01/06/2024');
  assert.equal(await page.locator('#busy .aw-results__item').count(), 20);
  assert.equal((await rows(page, 'busy'))[0][0], '22:00');
  await page.locator('#busy button', { hasText: 'Show more (25)' }).click();
  assert.equal(await page.locator('#busy .aw-results__item').count(), 40);
  await page.locator('#busy button', { hasText: 'Show more (5)' }).click();
  assert.equal(await page.locator('#busy .aw-results__item').count(), 45);
  assert.equal(await page.locator('#busy .aw-results__more').count(), 0);
  assert.equal(await page.locator('#busy a.aw-results__open').first().getAttribute('href'), 'https://example.vn/tin-40');
  assert.ok(warnings.some((w) => /2 index entries skipped/.test(w)), warnings.join('\n'));

  // Opening a src entry from a widget with no article of its own.
  await page.locator('#busy button.aw-results__open').first().click();
  await page.locator('#busy article h1').waitFor();

  await page.locator('#broken input[type=date]').first().fill('2024-05-13');
  await page.locator('#broken .aw-search__error').waitFor();
  assert.match(await page.locator('#broken .aw-search__error').textContent(), /Không tìm thấy danh mục bài viết \(lỗi 404\)/);
  assert.equal(await page.locator('#broken .aw-search__error button').textContent(), 'Thử lại');
  await context.close();
});
