// The date search's month calendar: the WAI-ARIA APG date picker dialog. Keys, focus kept in the
// dialog and returned to its button, days with articles marked and counted in their accessible
// name, a chosen day searched; axe on the open calendar. The single index (the demo) here; the
// sharded archive and the query API in archive.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { suite, openDemo, watchErrors, SHOTS } from './harness.mjs';

const env = suite();
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const demo = (query = '') => openDemo(env, query);

/** The focused element's date and accessible name (a grid cell), or its name (a button). */
const focus = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { date: el?.dataset.date ?? null, name: el?.getAttribute('aria-label') ?? el?.textContent.trim() };
});
const title = (page) => page.locator('#demo-widget .aw-calendar__title').textContent();

test('keys move the focused day as the date picker pattern says; Escape closes and returns focus', async () => {
  const { context, page, errors } = await demo();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#demo-widget .aw-results').waitFor();
  const open = page.getByRole('button', { name: 'Lịch: Tìm theo ngày' });
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Tháng 5 năm 2024' });
  await dialog.waitFor();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  // It opens on the field's day, which has four articles; the selected day is marked as such.
  await page.waitForFunction(() => document.activeElement?.dataset.date === '2024-05-13');
  await page.waitForFunction(() => document.activeElement.getAttribute('aria-label') === '13 tháng 5, 4 bài viết');
  assert.equal(await page.locator('#demo-widget [data-date="2024-05-13"]').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#demo-widget [data-date="2024-05-11"]').getAttribute('aria-label'), '11 tháng 5');
  const weekdays = await page.locator('#demo-widget .aw-calendar__grid th').evaluateAll((ths) => ths.map((th) => [th.textContent, th.abbr]));
  assert.deepEqual(weekdays[0], ['T2', 'Thứ hai']);
  assert.deepEqual(weekdays[6], ['CN', 'Chủ nhật']);
  await page.locator('#demo-widget .aw-calendar').screenshot({ path: `${SHOTS}/calendar.png` });

  const steps = [
    ['ArrowRight', '2024-05-14'], ['ArrowDown', '2024-05-21'], ['ArrowLeft', '2024-05-20'], ['ArrowUp', '2024-05-13'],
    ['End', '2024-05-19'], ['Home', '2024-05-13'], ['PageDown', '2024-06-13'], ['Shift+PageUp', '2023-06-13'],
    ['PageUp', '2023-05-13'], ['Shift+PageDown', '2024-05-13'],
  ];
  for (const [key, date] of steps) {
    await page.keyboard.press(key);
    await page.waitForFunction((d) => document.activeElement?.dataset.date === d, date);
  }
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.activeElement?.dataset.date === '2024-06-13');
  assert.equal(await title(page), 'Tháng 6 năm 2024');
  // Only the focused day is in the Tab order.
  assert.deepEqual(await page.locator('#demo-widget .aw-calendar [tabindex="0"]').evaluateAll((c) => c.map((x) => x.dataset.date)), ['2024-06-13']);

  // Tab stays in the dialog: from the grid to Close, then round to the first button.
  await page.keyboard.press('Tab');
  assert.equal((await focus(page)).name, 'Đóng');
  await page.keyboard.press('Tab');
  assert.equal((await focus(page)).name, 'Năm trước');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focus(page)).name, 'Đóng');

  // The month buttons keep focus where it is and move the month.
  await page.getByRole('button', { name: 'Tháng sau' }).click();
  assert.equal(await title(page), 'Tháng 7 năm 2024');
  await page.getByRole('button', { name: 'Năm trước' }).click();
  assert.equal(await title(page), 'Tháng 7 năm 2023');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await focus(page)).name, 'Lịch: Tìm theo ngày');
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  // Escape chose nothing: the field and the results are as they were.
  assert.equal(await page.getByRole('textbox', { name: 'Tìm theo ngày' }).inputValue(), '2024-05-13');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Enter or a click on a day fills the field and searches; typing still works beside it', async () => {
  const { context, page } = await demo();
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.locator('#demo-widget .aw-results').waitFor();
  await page.getByRole('button', { name: 'Lịch: Tìm theo ngày' }).click();
  await page.waitForFunction(() => document.activeElement?.dataset.date === '2024-05-13');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.activeElement?.dataset.date === '2024-05-12');
  await page.keyboard.press('Enter');
  await page.locator('#demo-widget .aw-calendar').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('textbox', { name: 'Tìm theo ngày' }).inputValue(), '2024-05-12');
  await page.waitForFunction(() => document.querySelector('#demo-widget .aw-search__count')?.textContent === '1 bài viết ngày 12/05/2024');
  assert.equal((await focus(page)).name, 'Lịch: Tìm theo ngày');

  // The end field's calendar makes a range; a click chooses.
  await page.getByRole('button', { name: 'Lịch: Đến ngày' }).click();
  await page.locator('#demo-widget [data-date="2024-05-13"]').click();
  assert.equal(await page.getByRole('textbox', { name: 'Đến ngày' }).inputValue(), '2024-05-13');
  await page.waitForFunction(() => document.querySelector('#demo-widget .aw-search__count')?.textContent === '5 bài viết từ 12/05/2024 đến 13/05/2024');
  await context.close();
});

test('axe: the open calendar has no WCAG 2.1 A/AA violation, in Vietnamese and English', async () => {
  for (const [lang, button, day] of [['vi', 'Lịch: Tìm theo ngày', '13 tháng 5, 4 bài viết'], ['en', 'Calendar: Search by date', '13 May, 4 articles']]) {
    const { context, page } = await demo(`?lang=${lang}`);
    await page.locator('#demo-widget input[type=date]').first().fill('2024-05-13');
    await page.locator('#demo-widget .aw-results').waitFor();
    await page.getByRole('button', { name: button }).click();
    await page.waitForFunction((name) => document.activeElement?.getAttribute('aria-label') === name, day);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
    })).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
    assert.deepEqual(violations, [], lang);
    await context.close();
  }
});

test('in a shadow root (data-isolation="shadow") the calendar keeps Tab inside and returns focus', async () => {
  const context = await env.browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bóng</title></head><body>
<div id="s" data-article-widget data-isolation="shadow" data-article-src="/articles/bo-xay-dung-tap-huan-dan-van-2024.json" data-index-src="/index.json"></div>
<script type="module" src="/article-widget.js"></script></body></html>`;
  await page.route(`${env.server.url}/shadow-calendar.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${env.server.url}/shadow-calendar.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  // The focused element inside the widget's shadow root.
  const inner = () => page.evaluate(() => {
    const el = document.getElementById('s').shadowRoot.activeElement;
    return el ? (el.dataset.date ?? el.getAttribute('aria-label') ?? el.textContent.trim()) : null;
  });
  await page.getByRole('textbox', { name: 'Tìm theo ngày' }).fill('2024-05-13');
  await page.getByRole('button', { name: 'Lịch: Tìm theo ngày' }).click();
  await page.waitForFunction(() => document.getElementById('s').shadowRoot.activeElement?.dataset.date === '2024-05-13');
  await page.keyboard.press('Tab');
  assert.equal(await inner(), 'Đóng');
  await page.keyboard.press('Tab');
  assert.equal(await inner(), 'Năm trước');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await inner(), 'Đóng');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('s').shadowRoot.querySelector('.aw-calendar'));
  assert.equal(await inner(), 'Lịch: Tìm theo ngày');
  assert.deepEqual(errors, []);
  await context.close();
});
