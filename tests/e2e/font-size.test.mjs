// "Xem với cỡ chữ": fixed levels 90–200 %, ends disabled, remembered per origin, shared by the
// widgets of a page, and only the article text scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, watchErrors, SHOTS } from './harness.mjs';

const env = suite();

const px = (page, selector) =>
  page.evaluate((s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize), selector);
const bodyP = (id) => `#${id} .aw-body p.aw-p`;

async function open(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/fixtures/two-widgets.html`);
  await page.locator('#a article').waitFor();
  await page.locator('#b article').waitFor();
  return { page, errors };
}

/** Clicks `name` until it reports aria-disabled, returning the number of clicks. */
async function pressUntilDisabled(page, widget, name) {
  const button = page.locator(`#${widget} button[aria-label="${name}"]`);
  let clicks = 0;
  while ((await button.getAttribute('aria-disabled')) !== 'true') {
    await button.click();
    clicks += 1;
    assert.ok(clicks <= 10, `${name} never disabled`);
  }
  return clicks;
}

test('A+ to the end doubles the article text, A− to the end shrinks it, A resets; remembered and shared', async () => {
  const context = await env.browser.newContext();
  const { page, errors } = await open(context);
  const base = await px(page, bodyP('a'));
  const baseB = await px(page, bodyP('b'));
  const baseTitle = await px(page, '#a h1');
  const hostText = await px(page, '.host-text');
  const renders = await page.getAttribute('#a .aw-body', 'data-aw-renders');

  assert.ok((await pressUntilDisabled(page, 'a', 'A+ Tăng cỡ chữ')) >= 5);
  assert.ok((await px(page, bodyP('a'))) >= 2 * base);
  assert.ok((await px(page, '#a h1')) >= 2 * baseTitle);
  assert.ok((await px(page, '#a .aw-caption')) > 0);
  assert.equal(await page.textContent('#a .aw-fontsize [role=status]'), 'Cỡ chữ 200%');
  // The other widget follows at once; the host page does not change.
  await page.waitForFunction((want) => parseFloat(getComputedStyle(document.querySelector('#b .aw-body p.aw-p')).fontSize) >= want, 2 * baseB);
  assert.equal(await px(page, '.host-text'), hostText);
  // Only the CSS variable changed: the article body did not re-render.
  assert.equal(await page.getAttribute('#a .aw-body', 'data-aw-renders'), renders);
  assert.equal(await page.evaluate(() => document.querySelector('#a .aw-widget').style.getPropertyValue('--aw-font-scale')), '2');
  // The parts that do not scale hold the factor at 1, so a level change restyles only the article.
  assert.deepEqual(await page.evaluate(() => ['.aw-tools', '.aw-abbr-list', '.aw-footer']
    .map((s) => getComputedStyle(document.querySelector(`#a ${s}`)).getPropertyValue('--aw-font-scale').trim())), ['1', '1', '1']);

  // 200 % on a phone: nothing overflows horizontally (WCAG 1.4.10).
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.screenshot({ path: `${SHOTS}/font-200-360.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Remembered for the origin: both widgets come back at 200 %.
  await page.reload();
  await page.locator('#a article').waitFor();
  await page.locator('#b article').waitFor();
  assert.ok((await px(page, bodyP('a'))) >= 2 * base);
  assert.ok((await px(page, bodyP('b'))) >= 2 * baseB);

  await pressUntilDisabled(page, 'a', 'A− Giảm cỡ chữ');
  assert.ok((await px(page, bodyP('a'))) <= 0.9 * base + 0.01);
  await page.click('#a button[aria-label="A Cỡ chữ mặc định"]');
  assert.equal(await px(page, bodyP('a')), base);
  assert.equal(await page.getAttribute('#a button[aria-label="A+ Tăng cỡ chữ"]', 'aria-disabled'), 'false');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the default level writes nothing on the widget: no second style pass after the first paint', async () => {
  const context = await env.browser.newContext();
  // Every value the style attribute of #a's widget root takes, from the first render on.
  await context.addInitScript(() => {
    window.__rootStyles = [];
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.target.matches('#a > .aw-widget')) window.__rootStyles.push(r.target.getAttribute('style'));
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] });
  });
  const { page, errors } = await open(context);
  const base = await px(page, bodyP('a'));
  // A+ and back to A: each click is seen through the text size, so the writes they make (and
  // any made at mount, before them) are all recorded by then.
  await page.click('#a button[aria-label="A+ Tăng cỡ chữ"]');
  await page.waitForFunction(([s, b]) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize) > b, [bodyP('a'), base]);
  await page.click('#a button[aria-label="A Cỡ chữ mặc định"]');
  await page.waitForFunction(([s, b]) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize) === b, [bodyP('a'), base]);
  const writes = await page.evaluate(() => window.__rootStyles);
  assert.equal(writes.length, 2, `the root's style was written ${writes.length} times: ${JSON.stringify(writes)}`);
  assert.match(writes[0], /^--aw-font-scale: 1\.\d+;$/);
  assert.equal(writes[1], '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: Tab reaches the buttons, Enter and Space work, focus ring is visible', async () => {
  const context = await env.browser.newContext();
  const { page, errors } = await open(context);
  const base = await px(page, bodyP('a'));
  let found = false;
  for (let i = 0; i < 20 && !found; i += 1) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'A+ Tăng cỡ chữ');
  }
  assert.ok(found, 'A+ is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#a .aw-body p.aw-p')).fontSize) > b, base);
  const afterEnter = await px(page, bodyP('a'));
  await page.keyboard.press('Space');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#a .aw-body p.aw-p')).fontSize) > b, afterEnter);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter'); // "A": reset
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#a .aw-body p.aw-p')).fontSize) === b, base);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with localStorage throwing, the control still works for the page', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  // `open` listens for errors before the page loads, so one thrown while starting counts too.
  const { page, errors } = await open(context);
  const base = await px(page, bodyP('a'));
  await page.click('#a button[aria-label="A+ Tăng cỡ chữ"]');
  await page.waitForFunction((b) => parseFloat(getComputedStyle(document.querySelector('#a .aw-body p.aw-p')).fontSize) > b, base);
  assert.deepEqual(errors, []);
  await context.close();
});
