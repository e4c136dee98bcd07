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
export const SEED_TITLE = 'Đảng bộ Bộ Xây dựng: Bồi dưỡng, nâng cao trách nhiệm công tác dân vận';

/**
 * Serves dist/ at `/` and tests/e2e/fixtures at `/fixtures/`.
 * `headers` are added to every response (e.g. a Content-Security-Policy).
 */
export async function startServer({ headers = {} } = {}) {
  const requests = [];
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
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push({ method: req.method, path });
    if (path === '/api/rate' && req.method === 'POST') {
      if (api.down) return req.socket.destroy();
      let body = '';
      for await (const chunk of req) body += chunk;
      if (api.failNext > 0) {
        api.failNext -= 1;
        res.writeHead(api.failStatus, { 'content-type': 'text/plain' });
        return res.end('unavailable');
      }
      api.votes.push({ contentType: req.headers['content-type'], ...JSON.parse(body) });
      for (const w of waiters.splice(0)) {
        if (api.votes.length >= w.n) w.resolve(api.votes);
        else waiters.push(w);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(api.reply));
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers);
      return res.end();
    }
    const [base, rel] = path.startsWith('/fixtures/')
      ? [FIXTURES, path.slice('/fixtures/'.length)]
      : [DIST, path.slice(1) || 'index.html'];
    const file = normalize(join(base, rel));
    try {
      if (!file.startsWith(base) || !(await stat(file)).isFile()) throw new Error('not a file');
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
    close: () => new Promise((ok) => server.close(ok)),
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

/** Records uncaught exceptions and console errors of a page (a wasm panic shows up as both). */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
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
