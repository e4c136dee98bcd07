// One small page interface over three drivers, so that each cross-engine check is written once:
//
//   chromium  Debian's Chromium through playwright-core, launched as in the rest of tests/e2e
//   firefox   Debian's Firefox ESR through puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser (Safari's engine) through WebKitWebDriver and
//             selenium-webdriver, on a private Xvfb display
//
// A page offers goto, click, hover, focus, tap, evaluate, waitFor, screenshot, errors and close.
// Selectors are CSS selectors; each action first scrolls its element into view. `evaluate` and
// `waitFor` take a self-contained function and at most one argument (Playwright's limit); both
// resolve to the function's (awaited) value, `waitFor` once it is truthy. Values must be plain
// JSON: an element comes back as nothing from Firefox, so a condition returns a boolean.
//
// Every engine runs with the reader in New York, so a date line in +07:00 proves the portal's zone
// is used, not the reader's.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';
import { Builder, By } from 'selenium-webdriver';
import { Pointer } from 'selenium-webdriver/lib/input.js';
import { launch as launchChromium } from '../harness.mjs';

export const TIMEZONE = 'America/New_York';
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
/** MiniBrowser: Debian ships it inside libwebkit2gtk-4.1-0, off PATH, under an arch-specific path. */
function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
  const found = files.find((f) => f.endsWith('/MiniBrowser'));
  if (!found) throw new Error('MiniBrowser not found in libwebkit2gtk-4.1-0 (make setup installs it)');
  return found;
}
const WAIT_MS = 15_000;

/** Launches `name` (chromium, firefox or webkit); `close()` ends every process it started. */
export async function launch(name) {
  const engine = { chromium: chromiumEngine, firefox: firefoxEngine, webkit: webkitEngine }[name];
  if (!engine) throw new Error(`unknown engine ${name}`);
  return engine();
}

/**
 * Asks `check` every 20 ms until it returns something truthy, for a driver without a wait of its
 * own. A failed ask counts as no (the page may be navigating); after `timeout` ms the error names
 * `what` and the last failure.
 */
async function until(check, what, timeout = WAIT_MS) {
  const end = Date.now() + timeout;
  let failure = null;
  for (;;) {
    const value = await check().catch((error) => {
      failure = error;
    });
    if (value) return value;
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${failure ? ` (last error: ${failure.message})` : ''}`);
    }
    await new Promise((tick) => setTimeout(tick, 20));
  }
}

/** The errors a driver reports itself: uncaught exceptions and console errors. */
function record(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Chromium and Firefox: Playwright and Puppeteer pages already have nearly this interface.

function nativePage(page, errors, close) {
  return {
    goto: (url) => page.goto(url),
    click: (selector) => page.click(selector),
    hover: (selector) => page.hover(selector),
    focus: (selector) => page.focus(selector),
    tap: (selector) => page.tap(selector),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitFor: null, // each engine's own, below
    async screenshot(path, selector) {
      const target = selector ? await page.$(selector) : page;
      await target.screenshot({ path });
    },
    errors: async () => [...errors],
    close,
  };
}

async function chromiumEngine() {
  const browser = await launchChromium();
  return {
    name: 'chromium',
    version: browser.version(),
    async newPage({ width = 1280, height = 900, touch = false } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, timezoneId: TIMEZONE, hasTouch: touch, isMobile: touch });
      const page = await context.newPage();
      const adapter = nativePage(page, record(page), () => context.close());
      // Playwright's waitForFunction takes the argument before the options.
      adapter.waitFor = async (fn, arg, { timeout = WAIT_MS } = {}) =>
        (await page.waitForFunction(fn, arg, { timeout, polling: 'raf' })).jsonValue();
      return adapter;
    },
    close: () => browser.close(),
  };
}

async function firefoxEngine() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, TZ: TIMEZONE },
    // Puppeteer relaxes this for its own profile; a reader's Firefox keeps each file:// page in an
    // origin of its own, and the page opened from disk is checked under that.
    // Headless Firefox reports no pointer at all (`hover: none`, `pointer: none`); a reader's
    // desktop Firefox has a mouse (fine, hover: the flags 2 | 4), which the stars' hover preview
    // depends on.
    extraPrefsFirefox: {
      'security.fileuri.strict_origin_policy': true,
      'ui.primaryPointerCapabilities': 6,
      'ui.allPointerCapabilities': 6,
    },
  });
  return {
    name: 'firefox',
    version: (await browser.version()).replace('firefox/', ''),
    async newPage({ width = 1280, height = 900, touch = false } = {}) {
      // A user context per page: storage (the remembered font size, the one vote) starts empty.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height, hasTouch: touch });
      const adapter = nativePage(page, record(page), () => context.close());
      // Puppeteer's own waitForFunction builds its poller with Function(), which a strict CSP
      // blocks in Firefox; a plain evaluate is not subject to the page's CSP.
      adapter.waitFor = (fn, arg, { timeout = WAIT_MS } = {}) => until(() => page.evaluate(fn, arg), `${fn}`, timeout);
      return adapter;
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// WebKit: classic WebDriver. One session per page (a fresh MiniBrowser, so fresh storage), one
// WebKitWebDriver and one Xvfb for the whole run. Errors come from the page's own recorder (the
// front server adds it: see front.mjs), since WebKitWebDriver reports none.

/** A TCP port nobody listens on now. */
async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  return port;
}

/** Runs `fn(arg)` in the page and resolves its (awaited) result; errors are rethrown. */
function webkitScript(fn) {
  return `const [arg, done] = arguments;
    Promise.resolve().then(() => (${fn})(arg)).then(
      (value) => done({ value: value === undefined ? null : value }),
      (error) => done({ error: String(error) + (error && error.stack ? ' at ' + error.stack : '') }));`;
}

async function webkitEngine() {
  const children = [];
  const stop = () => children.forEach((child) => child.exitCode === null && child.kill());
  try {
    // -displayfd: Xvfb picks a free display number itself and writes it once it accepts clients.
    // -noreset: by default the server resets when its last client leaves, which is each time a
    // session's MiniBrowser quits; a MiniBrowser starting during that reset could not open the
    // display and its session never came up (seen on a loaded machine).
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-noreset', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'],
      { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    children.push(xvfb);
    const display = await new Promise((resolve, reject) => {
      let announced = '';
      xvfb.stdio[3].on('data', (chunk) => {
        announced += chunk;
        if (announced.endsWith('\n')) resolve(`:${announced.trim()}`);
      });
      xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it took a display`)));
    });
    const port = await freePort();
    const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DISPLAY: display, TZ: TIMEZONE },
    });
    children.push(driver);
    const server = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${server}/status`)).ok, 'WebKitWebDriver to answer');

    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] },
    };
    let version = null;
    return {
      name: 'webkit',
      get version() { return version; },
      async newPage({ width = 1280, height = 900, touch = false } = {}) {
        // WebKitWebDriver waits for ever for a MiniBrowser that could not start: fail instead.
        let timer;
        const session = await Promise.race([
          new Builder().usingServer(server).withCapabilities(capabilities).build(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no WebKit session after ${2 * WAIT_MS} ms: MiniBrowser did not start`)), 2 * WAIT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
        version ??= (await session.getCapabilities()).get('browserVersion');
        await session.manage().setTimeouts({ script: WAIT_MS });
        void touch; // nothing to switch on: see tap below
        return webkitPage(session, { width, height });
      },
      close: async () => stop(),
    };
  } catch (error) {
    stop();
    throw error;
  }
}

async function webkitPage(session, { width, height }) {
  const evaluate = async (fn, arg) => {
    const result = await session.executeAsyncScript(webkitScript(fn), arg);
    if (result.error) throw new Error(result.error);
    return result.value;
  };
  const element = async (selector) => {
    const el = await session.findElement(By.css(selector));
    await session.executeScript('arguments[0].scrollIntoView({ block: "center", inline: "center" })', el);
    return el;
  };
  // MiniBrowser's window has a toolbar: size the window so that the page gets width × height
  // (or the nearest it allows: the window is never narrower than about 450 px).
  const sizeViewport = async () => {
    await session.manage().window().setRect({ width, height });
    const inner = await evaluate(() => [window.innerWidth, window.innerHeight]);
    await session.manage().window().setRect({ width: 2 * width - inner[0], height: 2 * height - inner[1] });
  };
  await sizeViewport();
  // A W3C touch action. WebKitWebDriver on Linux has no touch input source and delivers it as a
  // mouse press and release at the same point: the page sees pointerType "mouse".
  const finger = new Pointer('finger', Pointer.Type.TOUCH);
  return {
    goto: (url) => session.get(url),
    click: async (selector) => (await element(selector)).click(),
    hover: async (selector) => session.actions({ async: true }).move({ origin: await element(selector) }).perform(),
    focus: async (selector) => session.executeScript('arguments[0].focus()', await element(selector)),
    tap: async (selector) => {
      const origin = await element(selector);
      await session.actions({ async: true }).insert(finger, finger.move({ origin }), finger.press(), finger.release()).perform();
    },
    evaluate,
    async waitFor(fn, arg, { timeout = WAIT_MS } = {}) {
      return until(() => evaluate(fn, arg), `${fn}`, timeout);
    },
    // WebKitWebDriver's element screenshots come out black or of another part of the page: an
    // element's screenshot is the viewport with that element at its top. Its screenshot is of the
    // last frame drawn, so it waits for two frames after the last change.
    async screenshot(path, selector) {
      await evaluate((s) => {
        if (s) document.querySelector(s).scrollIntoView({ block: 'start' });
        return new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)));
      }, selector ?? null);
      await writeFile(path, Buffer.from(await session.takeScreenshot(), 'base64'));
    },
    errors: () => evaluate(() => window.__awErrors ?? ['the error recorder is missing (page not served through the front)']),
    close: () => session.quit(),
  };
}
