// Shared pieces of the end-to-end tests: a static server for dist/ (plus test fixtures) and a
// Chromium launcher. Debian's Chromium is driven through playwright-core; nothing is downloaded.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const FIXTURES = join(ROOT, 'tests/e2e/fixtures');
export const SHOTS = join(ROOT, 'target/e2e');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const SEED_ID = 'bo-xay-dung-tap-huan-dan-van-2024';
export const SEED_SRC = `/articles/${SEED_ID}.json`;
export const SEED_TITLE = 'Đảng bộ Bộ Xây dựng: Bồi dưỡng, nâng cao trách nhiệm công tác dân vận';

const MB = 1024 * 1024;
const HTML_PAGE = '<!doctype html><html lang="vi"><head><title>Lỗi</title></head><body><h1>Trang không tồn tại</h1></body></html>';
const bigBodies = new Map();

/** `make(0)`, `make(1)` … until their JSON reaches 10 MB. */
function upTo10MB(make) {
  const items = [];
  for (let i = 0, size = 0; size < 10 * MB; i += 1) {
    items.push(make(i));
    size += Buffer.byteLength(JSON.stringify(items.at(-1))) + 1;
  }
  return items;
}

/** The 10 MB bodies of the `big-*` faults, built once per process. */
function bigBody(kind) {
  if (!bigBodies.has(kind)) {
    const text = (n) => 'Nội dung thử tải lớn của cổng thông tin. '.repeat(Math.ceil(n / 40)).slice(0, n);
    const make = {
      // Not JSON at all.
      'big-junk': () => `${'x'.repeat(1023)}\n`.repeat(10 * 1024),
      // A valid article whose body runs to 10 MB.
      'big-article': () => JSON.stringify({
        id: 'bai-rat-lon', title: 'Bài viết 10 MB', published: '2024-05-13T10:45:00+07:00',
        body: upTo10MB((i) => ({ type: 'paragraph', text: `${i}. ${text(1000)}` })),
      }),
      // A valid flat glossary of 10 MB; if it were used, BTV would read "Bảng quá lớn".
      'big-glossary': () => JSON.stringify(Object.fromEntries([
        ['BTV', 'Bảng quá lớn'],
        ...upTo10MB((i) => [`K${String(i).padStart(7, '0')}`, text(200)]),
      ])),
      // A valid 10 MB index: every entry on 2024-06-02 (+07:00) except one on 2024-06-03.
      'big-index': () => JSON.stringify({
        articles: [
          { id: 'moi', title: 'Bài mới trong danh mục lớn', published: '2024-06-03T09:00:00+07:00', src: SEED_SRC },
          ...upTo10MB((i) => ({
            id: `tin-${i}`, title: `Tin ${i}: ${text(150)}`,
            published: `2024-06-02T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+07:00`,
            url: `https://example.vn/tin-${i}`,
          })),
        ],
      }),
    }[kind];
    bigBodies.set(kind, Buffer.from(make()));
  }
  return bigBodies.get(kind);
}

/**
 * The file a request path names: dist/ at `/`, tests/e2e/fixtures at `/fixtures/`, and folders
 * a test generates at the prefixes of `roots` (`{ '/archive/': dir }`).
 */
function fileFor(path, roots = {}) {
  const root = Object.entries(roots).find(([prefix]) => path.startsWith(prefix));
  const [base, rel] = root
    ? [root[1], path.slice(root[0].length)]
    : path.startsWith('/fixtures/')
    ? [FIXTURES, path.slice('/fixtures/'.length)]
    : [DIST, path.slice(1) || 'index.html'];
  const file = normalize(join(base, rel));
  return file.startsWith(base) ? file : null;
}

/**
 * Serves dist/ at `/` and tests/e2e/fixtures at `/fixtures/`.
 * `headers` are added to every response (e.g. a Content-Security-Policy).
 *
 * `/fault/<kind>/<path>` answers a request for `<path>` badly, for the fault tests:
 * `404` and `500` (text/plain), `junk` (200 application/json that is not JSON), `html`
 * (200 text/html: a portal's error page), `big-junk` (10 MB that is not JSON), `big-article`,
 * `big-glossary` and `big-index` (10 MB of valid JSON of that shape), `stall-headers` (never
 * answers) and `stall-body` (headers and half of `<path>`, then nothing). While
 * `faults.stalling` is false the two stall kinds serve `<path>` normally, `/api/rate` included.
 * A second server with `headers: { 'access-control-allow-origin': '*' }` serves as another origin
 * (a CDN or API host): its stalled connections do not count against the page's own host.
 */
/**
 * What each star in `scope` draws, read from the computed style in the page (pass it to
 * `evaluate`): `full`, `part` or `empty`. That is the state's `data-filled` (arrow-key preview,
 * vote or average) unless the stylesheet's hover preview draws over it: its fill unclipped
 * (full) or hidden (empty). Every engine's suite asserts through this, so a preview that is in
 * the state but not on screen, or on screen but wrong, fails alike.
 */
export function drawnStars(scope) {
  return [...document.querySelectorAll(`${scope} [role=radio]`)].map((star) => {
    const fill = getComputedStyle(star.querySelector('.aw-star__fill'));
    if (fill.visibility === 'hidden') return 'empty';
    if (fill.clipPath === 'none') return 'full';
    return star.dataset.filled;
  });
}

export async function startServer({ headers = {}, roots = {} } = {}) {
  const requests = [];
  // A date query API at /api/archive (the README's contract), over `archive.entries` (index
  // entries) in +07:00 days: newest first, ties by id descending, an opaque cursor. `failNext`
  // answers that many queries with HTTP 500; `queries` records what was asked.
  const archive = { entries: [], failNext: 0, queries: [] };
  // The rating endpoint at /api/rate: records every vote, can be told to fail or to be down.
  const waiters = [];
  const api = {
    votes: [], failNext: 0, failStatus: 503, down: false, reply: { average: 4.2, count: 99 },
    /** Resolves once `n` votes have arrived (event-driven, bounded by `timeoutMs`). */
    waitForVotes(n, timeoutMs = 15_000) {
      if (api.votes.length >= n) return Promise.resolve(api.votes);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} vote(s), got ${api.votes.length}`)), timeoutMs);
        waiters.push({ n, resolve: (v) => { clearTimeout(timer); resolve(v); } });
      });
    },
  };
  const faults = { stalling: true, stalled: 0 };
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push({ method: req.method, path });
    if (req.method === 'OPTIONS') { // CORS preflight, for a server used as a second origin
      res.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type' });
      return res.end();
    }
    const fault = /^\/fault\/([a-z0-9-]+)(\/.*)$/.exec(path);
    if (fault) {
      const [, kind, rest] = fault;
      if (kind.startsWith('stall-') && !faults.stalling) {
        path = rest;
      } else {
        for await (const chunk of req) void chunk; // a POSTed vote is read, then answered badly
        const send = (status, type, body) => {
          res.writeHead(status, { 'content-type': type, ...headers });
          res.end(body);
        };
        switch (kind) {
          case '404': return send(404, 'text/plain', 'not found');
          case '500': return send(500, 'text/plain', 'internal error');
          case 'junk': return send(200, 'application/json', '{"id": "hong", "title": <b>');
          case 'html': return send(200, 'text/html; charset=utf-8', HTML_PAGE);
          case 'big-junk':
          case 'big-article':
          case 'big-glossary':
          case 'big-index': return send(200, 'application/json', bigBody(kind));
          case 'stall-headers':
            faults.stalled += 1;
            return undefined; // the socket stays open until the client gives up
          case 'stall-body': {
            faults.stalled += 1;
            const whole = rest === '/api/rate'
              ? Buffer.from(JSON.stringify(api.reply))
              : await readFile(fileFor(rest, roots)).catch(() => Buffer.from('{}'));
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': whole.length, ...headers });
            return res.write(whole.subarray(0, whole.length >> 1));
          }
          default: return send(400, 'text/plain', `unknown fault ${kind}`);
        }
      }
    }
    if (path === '/api/rate' && req.method === 'POST') {
      if (api.down) return req.socket.destroy();
      let body = '';
      for await (const chunk of req) body += chunk;
      if (api.failNext > 0) {
        api.failNext -= 1;
        res.writeHead(api.failStatus, { 'content-type': 'text/plain', ...headers });
        return res.end('unavailable');
      }
      api.votes.push({ contentType: req.headers['content-type'], ...JSON.parse(body) });
      for (const w of waiters.splice(0)) {
        if (api.votes.length >= w.n) w.resolve(api.votes);
        else waiters.push(w);
      }
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      return res.end(JSON.stringify(api.reply));
    }
    // The rating service's figures, read at load by widgets whose endpoint ends in /votes (the demo).
    if (path.startsWith('/api/ratings/') && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      return res.end(JSON.stringify(api.reply));
    }
    if (path === '/api/archive' && req.method === 'GET') {
      const q = new URL(req.url, 'http://x').searchParams;
      const query = Object.fromEntries(q);
      archive.queries.push(query);
      const send = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (archive.failNext > 0) {
        archive.failNext -= 1;
        return send(500, '{"error":"unavailable"}');
      }
      const day = /^\d{4}-\d{2}-\d{2}$/;
      if (!day.test(query.from ?? '') || !day.test(query.to ?? '')) return send(400, { error: 'from and to are YYYY-MM-DD' });
      const dayOf = (published) => new Date(Date.parse(published) + 7 * 3600 * 1000).toISOString().slice(0, 10);
      const found = archive.entries
        .filter((e) => dayOf(e.published) >= query.from && dayOf(e.published) <= query.to)
        .sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      if (query.counts === 'day') {
        const days = {};
        for (const e of found) days[dayOf(e.published)] = (days[dayOf(e.published)] ?? 0) + 1;
        return send(200, { days });
      }
      const limit = Math.min(100, Math.max(1, Number(query.limit) || 20));
      const offset = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) : 0;
      const next = offset + limit < found.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
      return send(200, { total: found.length, articles: found.slice(offset, offset + limit), next });
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers);
      return res.end();
    }
    const file = fileFor(path, roots);
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', ...headers });
      res.end('not found');
    }
  });
  server.keepAliveTimeout = 1; // a "down" API must not leave sockets half-open across tests
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    api,
    archive,
    faults,
    close: () => new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections(); // stalled answers included
    }),
  };
}

/** Launches headless Debian Chromium with the flags it needs as root in a container. */
export async function launch() {
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * Records uncaught exceptions and console errors of a page (a wasm panic shows up as both).
 * Chromium's "Failed to load resource" names no URL in its text, so the URL is appended: a test
 * that expects one failed load can then let exactly that one through.
 */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.text().startsWith('Failed to load resource') ? m.location()?.url : '';
    errors.push(url ? `console: ${m.text()} ${url}` : `console: ${m.text()}`);
  });
  return errors;
}

/**
 * The demo page (`index.html` + `query`) for a reader in New York, once its article is shown;
 * its uncaught errors and console errors are recorded in `errors`.
 */
export async function openDemo({ browser, server }, query = '') {
  const context = await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/index.html${query}`);
  await page.locator('#demo-widget article h1').waitFor();
  return { context, page, errors };
}

/** Records the console warnings of a page (bad values, typos, votes kept for a retry). */
export function watchWarnings(page) {
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  return warnings;
}

/**
 * Registers the suite's shared server and browser (started before the tests, closed after);
 * the returned object's `server` and `browser` are set once the suite runs.
 */
export function suite(serverOptions = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(serverOptions);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
