// The demo renders the seed article with the portal's date whatever the reader's zone, and every
// failure is explained inside its own widget without touching the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, watchErrors, SHOTS, SEED_TITLE } from './harness.mjs';

const env = suite();

test('demo shows the seed article, dated in +07:00 for a reader in New York', async () => {
  const context = await env.browser.newContext({
    timezoneId: 'America/New_York',
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/index.html`);
  const title = page.locator('#demo-widget article h1');
  await title.waitFor();

  // The reader's zone really is New York, where the article appeared on Sunday evening.
  assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'America/New_York');
  assert.equal(await title.textContent(), SEED_TITLE);
  const time = page.locator('#demo-widget time');
  assert.equal(await time.textContent(), 'Thứ hai, 13/05/2024 10:45');
  assert.equal(await time.getAttribute('datetime'), '2024-05-13T10:45:00+07:00');
  assert.equal(await page.locator('#demo-widget h2').count(), 3);
  assert.equal(await page.locator('#demo-widget figcaption.aw-caption').count(), 4);
  assert.equal(await page.locator('#demo-widget .aw-source').textContent(), 'Nguồn: tapchixaydung.vn');
  // Images resolve relative to the article file and load (they are lazy: scroll to each).
  const images = page.locator('#demo-widget img');
  for (let i = 0; i < (await images.count()); i += 1) {
    await images.nth(i).scrollIntoViewIfNeeded();
    await images.nth(i).evaluate((img) => img.decode());
    assert.match(await images.nth(i).getAttribute('src'), /^http:\/\/127\.0\.0\.1:\d+\/images\/photo-\d\.svg$/);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/demo-1280.png`, fullPage: true });

  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/demo-360.png` });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(errors, []);
  await context.close();
});

test('demo switches article and language from the sample list', async () => {
  const context = await env.browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/index.html?article=mttq-tinh-phat-dong-chung-tay-xoa-nha-tam-nha-dot-nat&lang=en`);
  await page.locator('#demo-widget article h1').waitFor();
  // Published as 03:30Z: shown as 10:30 in the portal's zone.
  assert.equal(await page.locator('#demo-widget time').textContent(), 'Monday, 13/05/2024 10:30');
  assert.equal(await page.locator('#demo-widget button[aria-label="A+ Increase font size"]').count(), 1);
  await context.close();
});

test('errors are explained per widget, Retry recovers, other widgets are unaffected', async () => {
  const context = await env.browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The flaky endpoint fails once with 503, then serves the seed article.
  let flakyCalls = 0;
  await page.route('**/flaky/article.json', async (route) => {
    flakyCalls += 1;
    if (flakyCalls === 1) return route.fulfill({ status: 503, body: 'busy' });
    return route.fulfill({ path: 'dist/articles/bo-xay-dung-tap-huan-dan-van-2024.json' });
  });
  await page.goto(`${env.server.url}/fixtures/errors.html`);

  const alert = (id) => page.locator(`#${id} [role=alert]`);
  await alert('missing').waitFor();
  // The reader is told what is missing, not the path (which the console names).
  assert.match(await alert('missing').textContent(), /Không tìm thấy bài viết \(lỗi 404\)\./);
  assert.doesNotMatch(await alert('missing').textContent(), /khong-co-bai-nay/);
  await alert('invalid').waitFor();
  assert.match(await alert('invalid').textContent(), /JSON/);
  await alert('no-title').waitFor();
  assert.match(await alert('no-title').textContent(), /thiếu trường bắt buộc “title”/);
  await alert('flaky').waitFor();
  assert.match(await alert('flaky').textContent(), /503/);
  await page.locator('#ok-en article h1').waitFor();
  assert.equal(await page.locator('#ok-en time').textContent(), 'Monday, 13/05/2024 10:45');
  await page.screenshot({ path: `${SHOTS}/errors.png`, fullPage: true });

  await page.locator('#flaky button', { hasText: 'Thử lại' }).click();
  await page.locator('#flaky article h1').waitFor();
  assert.equal(await page.locator('#flaky article h1').textContent(), SEED_TITLE);
  assert.equal(flakyCalls, 2);
  assert.deepEqual(pageErrors, []);
  await context.close();
});
