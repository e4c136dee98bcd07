// A thin front for the harness's test server that adds scripts to the head of every HTML page.
//
// Why: the cross-engine checks need code to run before the page's own scripts (record errors and
// CSP violations, make `WebAssembly.validate` answer false), and WebKitWebDriver, unlike Playwright
// and Puppeteer, has no way to add a script to a new document. Doing it on the server side works
// the same in every engine, so the check bodies need not know which one they drive. Every other
// request, and every byte of every answer, passes through unchanged (answers are marked
// `cache-control: no-store`): the harness still logs each request and records each vote.
import { createServer, request as forward } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const INIT = join(import.meta.dirname, 'init');
/** Scripts that may be named in a page URL's `aw-init` parameter; `errors` is always added. */
export const INIT_SCRIPTS = ['errors', 'violations', 'compat'];
const PREFIX = '/__engines/init/';

/**
 * Starts the front for `server` (a `startServer` result). `url` is the front's; a page URL with
 * `?aw-init=compat,violations` gets those scripts, in that order, after the error recorder.
 */
export async function startFront(server) {
  const back = new URL(server.url);
  const front = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith(PREFIX)) {
      const name = url.pathname.slice(PREFIX.length).replace(/\.js$/, '');
      if (!INIT_SCRIPTS.includes(name)) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return res.end(await readFile(join(INIT, `${name}.js`)));
    }
    const upstream = forward({
      host: back.hostname, port: back.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: back.host, 'accept-encoding': 'identity' },
    }, async (answer) => {
      // Nothing is kept in a cache shared by the pages of a run (WebKit's is shared across
      // sessions): every check sees each of its requests in the harness's log.
      const headers = { ...answer.headers, 'cache-control': 'no-store' };
      if (!/^text\/html/.test(headers['content-type'] ?? '')) {
        res.writeHead(answer.statusCode, headers);
        return answer.pipe(res);
      }
      let html = '';
      for await (const chunk of answer) html += chunk;
      const names = ['errors', ...(url.searchParams.get('aw-init')?.split(',') ?? [])];
      const tags = names.map((n) => `<script src="${PREFIX}${n}.js"></script>`).join('');
      // First thing in <head>: before the page's own scripts, the loader included.
      html = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + tags) : tags + html;
      delete headers['content-length'];
      res.writeHead(answer.statusCode, headers);
      return res.end(html);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((ok) => front.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${front.address().port}`,
    close: () => new Promise((ok) => {
      front.close(ok);
      front.closeAllConnections();
    }),
  };
}
