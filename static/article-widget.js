// article-widget 0.1.0 — the loader, the one file a portal includes.
//
//   <div data-article-widget data-article-src="/articles/bai-viet.json"></div>
//   <script type="module" src="https://static.example.vn/article-widget/0.1.0/article-widget.js"></script>
//
// It works as a module and as a classic <script> (without type="module", as tag managers and
// some CMS templates insert it), so it uses neither `import.meta` nor `export`; its API is
// `window.ArticleWidget`, and `article-widget.mjs` re-exports it for `import { mount } from …`.
// Every file it needs (the wasm, its glue, the stylesheet) is resolved next to this file, so the
// folder can live under any path or CDN. Nothing inline is injected: it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
(() => {
  const VERSION = '0.1.0';

  /**
   * This file's URL. A classic script has `document.currentScript`; a module has not, and
   * `import.meta` would not parse as a classic script. The page's one `<script>` of this name is
   * then the answer. Failing that (a renamed or bundled loader, or two copies of it), an error's
   * stack names the file it was made in, in every engine (`at https://…/article-widget.js:40:3`,
   * `@https://…:40:3`); it comes second because building the stack text takes 2–4 ms, and every
   * download waits for this.
   */
  const loaderUrl = () => {
    if (document.currentScript?.src) return document.currentScript.src;
    const scripts = [...document.scripts].filter((s) => /\/article-widget\.js([?#]|$)/.test(s.src));
    if (scripts.length === 1) return scripts[0].src;
    const frame = /((?:https?|file):\/\/[^\s()@]+?):\d+:\d+/.exec(new Error().stack ?? '');
    return frame?.[1] ?? scripts[0]?.src ?? document.baseURI;
  };
  const src = loaderUrl();

  // Loaded twice (two templates, or `?v=2` after an upgrade): one wasm instance serves the page.
  if (window.ArticleWidget) {
    if (window.ArticleWidget.src !== src) {
      console.warn(`article-widget: the loader is included twice (${window.ArticleWidget.src} and ${src}); the second one does nothing. Include it once per page.`);
    }
    return;
  }

  const here = (file) => new URL(file, src).href;
  const stylesheet = here('article-widget.css');
  const HOSTS = '[data-article-widget], article-widget';

  // The first article paint waits on a chain: this file, the glue, the wasm, then the article.
  // The downloads that do not depend on each other start now, side by side: the wasm (compiled
  // as it arrives, see `compile`), the glue (a dynamic import, so it is not fetched before this
  // line runs) and each article already on the page, which this file fetches and reads itself
  // (see `articles` below).
  //
  // Two builds of the widget sit side by side: one uses wasm SIMD128 (Chrome and Edge 91,
  // Firefox 89, Safari 16.4 and later), the other (`-compat`) runs everywhere else. This smallest
  // module with a SIMD instruction tells them apart. Without WebAssembly at all (a browser with
  // JIT turned off), the compat build is asked for and its failure is reported through `ready`.
  const simd = (() => {
    try {
      return WebAssembly.validate(new Uint8Array([
        0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
      ]));
    } catch {
      return false;
    }
  })();

  /** A file of the widget that did not arrive; `cause` says why, for the console. */
  class FileError extends Error {
    constructor(file, cause) {
      super(`article-widget: ${file} did not load (${cause})`);
      this.file = file;
      this.cause = cause;
    }
  }

  /**
   * Why a request without an HTTP answer failed. Browsers report CORS and network failures
   * alike; a server that answers a `no-cors` request (whose answer the page cannot read) is
   * reachable, so then it was CORS. Only other origins are asked.
   */
  const whyUnreachable = async (url) => {
    if (new URL(url).origin === location.origin) return 'network error';
    try {
      await fetch(url, { mode: 'no-cors' });
      return `CORS: ${new URL(url).origin} must send Access-Control-Allow-Origin for ${location.origin}`;
    } catch {
      return 'network error';
    }
  };

  /**
   * Compiles the wasm as its bytes arrive. Left to the glue, compilation would start only once
   * the glue itself has arrived and run, which on a cold load is after the wasm's last byte.
   * Streaming needs the server to say `application/wasm`; any other type is compiled whole.
   */
  const compile = (response, file) => {
    const type = response.headers.get('content-type') ?? '';
    if (typeof WebAssembly.compileStreaming === 'function') {
      if (/^application\/wasm\b/i.test(type)) return WebAssembly.compileStreaming(response);
      console.warn(`article-widget: ${file} is served as ${type || 'no type'}; served as application/wasm, it would compile while it downloads.`);
    }
    return response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
  };
  /**
   * The widget's first render reads the reader's preferences (text size, marks). Chromium loads
   * a site's storage from the browser process on first use, synchronously: 2–9 ms measured in
   * fresh pages. Opened when the wasm's answer begins, that happens while its bytes are still
   * arriving instead of in that render, and, on a page whose article is rendered on the server,
   * usually after the page's first paint rather than before it (as it would at this file's start).
   */
  const openStorage = () => {
    try {
      void window.localStorage?.length;
    } catch {
      // Storage disabled (privacy settings, a sandboxed frame): the widget copes on its own.
    }
  };

  // Three builds, each two files: `core` (SIMD, every tool), `lite` (SIMD, without the date
  // search: about 29 KB of brotli less, for pages whose widgets have no date source, most article
  // pages) and `compat` (no SIMD, every tool). A date search that appears on a `lite` page later
  // (a widget added by script) brings `core`, which takes the page over (`upgrade` below).
  // The glue by literal path, so that a bundler packing this loader can follow each.
  const wasmOf = (build) => {
    const file = `article-widget-${build}_bg.wasm`;
    const url = here(file);
    return fetch(url).then(
      (response) => {
        if (!response.ok) throw new FileError(file, `HTTP ${response.status}`);
        openStorage();
        return compile(response, file);
      },
      async () => {
        throw new FileError(file, await whyUnreachable(url));
      },
    );
  };
  const glueOf = (build) => {
    const file = `article-widget-${build}.js`;
    const glue = build === 'core' ? import('./article-widget-core.js')
      : build === 'lite' ? import('./article-widget-lite.js') : import('./article-widget-compat.js');
    return glue.catch(async (error) => {
      const answer = await fetch(here(file), { method: 'HEAD' }).catch(() => null);
      throw new FileError(file, answer && !answer.ok ? `HTTP ${answer.status}`
        : answer ? error.message : await whyUnreachable(here(file)));
    });
  };
  // The date search's attributes (`ATTRIBUTES` in src/config.rs; a test checks they match), on a
  // host or, without `data-`, on an `<article-widget>`. Widgets mounted later are the wasm's to
  // judge (`upgrade` below).
  const SEARCH_ATTRIBUTES = ['data-index-src', 'data-archive-src', 'data-archive-api'];
  const needsSearch = (host) => SEARCH_ATTRIBUTES.some((a) => host.hasAttribute(a) || host.hasAttribute(a.slice(5)));
  const build = !simd ? 'compat' : [...document.querySelectorAll(HOSTS)].some(needsSearch) ? 'core' : 'lite';
  const wasm = wasmOf(build);

  // Each article already on the page is fetched and read here, beside the wasm, with the same
  // mode and credentials as the widget's own request. The widget takes the outcome (handed over
  // by `start`) when it mounts: read by then, the article is in the widget's first render, with
  // no loading state painted and laid out before it; still on its way, the widget waits for this
  // request rather than sending another. A failure is the widget's to tell in its own words
  // (HTTP status, too large, timeout, CORS or network): it never asks a failing server twice.
  const ARTICLE_LIMIT = 4 * 1024 * 1024; // Limit::Document in src/services/fetch.rs
  const TIMEOUT_MS = 10_000; // TIMEOUT_SECONDS there
  const ARTICLE_WAIT_MS = 150; // a loading state shown for less would only flash
  const articles = new Map();
  for (const host of document.querySelectorAll('[data-article-widget][data-article-src], article-widget[article-src]')) {
    const articleSrc = host.getAttribute('data-article-src') ?? host.getAttribute('article-src');
    let url = null;
    try {
      url = new URL(articleSrc, document.baseURI);
    } catch {
      continue;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || articles.has(url.href)) continue;
    // Once `done`: `text`, or else what failed — `status` (not a 2xx), `tooLarge` (declared
    // length), `timedOut`, or neither (no answer: the widget tells CORS from the network).
    const entry = { done: false, promise: null };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    entry.promise = fetch(url.href, { signal: controller.signal })
      .then((response) => {
        if (!response.ok) entry.status = response.status;
        else if (Number(response.headers.get('content-length')) > ARTICLE_LIMIT) entry.tooLarge = true;
        else return response.text().then((text) => { entry.text = text; });
        return undefined;
      })
      .catch(() => { entry.timedOut = controller.signal.aborted; })
      .finally(() => {
        clearTimeout(timer);
        entry.done = true;
      });
    articles.set(url.href, entry);
  }
  const glue = glueOf(build);

  // Widgets in the page's own DOM need the stylesheet once; a page that links it keeps its link.
  if (![...document.querySelectorAll('link[rel~="stylesheet"]')].some((link) => link.href === stylesheet)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheet;
    document.head.append(link);
  }

  /**
   * When the widget cannot run at all, each box says so instead of staying empty: to readers
   * when their browser lacks WebAssembly, to the portal's developers when files are missing or
   * refused. In the box's language (`data-lang`, else the page's), built with DOM calls only.
   */
  const showFailure = (error) => {
    const reader = typeof WebAssembly !== 'object';
    const box = (host) => {
      const lang = host.getAttribute('data-lang') ?? host.getAttribute('lang') ?? document.documentElement.lang;
      const en = /^en\b/i.test(lang ?? '');
      const title = reader
        ? (en ? 'The article cannot be shown' : 'Không hiển thị được bài viết')
        : (en ? 'The article widget did not load' : 'Tiện ích bài viết chưa tải được');
      const text = reader
        ? (en ? 'This browser does not run WebAssembly, which the article needs. Please open the page in an up-to-date browser.'
          : 'Trình duyệt này không chạy WebAssembly, thứ bài viết cần để hiển thị. Hãy mở trang bằng một trình duyệt đã cập nhật.')
        : (en ? `The file ${error.file ?? 'of the widget'} did not load (${error.cause ?? error.message}). Copy every file of the widget's folder next to article-widget.js. This notice is for the site's developers; the browser console has the details.`
          : `Không tải được tệp ${error.file ?? 'của tiện ích'} (${error.cause ?? error.message}). Hãy chép đủ các tệp của thư mục tiện ích bên cạnh article-widget.js. Thông báo này dành cho người quản trị trang; chi tiết có trong bảng điều khiển (console) của trình duyệt.`);
      const widget = document.createElement('div');
      widget.className = 'aw-widget';
      widget.lang = en ? 'en' : 'vi';
      const notice = document.createElement('div');
      notice.className = reader ? 'aw-error' : 'aw-error aw-error--config';
      notice.setAttribute(reader ? 'role' : 'data-aw-config', reader ? 'alert' : '');
      for (const [className, content] of [['aw-error__title', title], ['aw-error__message', text]]) {
        const p = document.createElement('p');
        p.className = className;
        p.textContent = content;
        notice.append(p);
      }
      widget.append(notice);
      return widget;
    };
    // A host that already holds its article (rendered on the server, or the portal's own markup
    // with data-enhance) keeps it: the article reads without the widget, only its tools are
    // missing, and the console says why.
    const holdsArticle = (host) => host.hasAttribute('data-enhance')
      || host.querySelector(':scope > .aw-widget[data-aw-prerendered]') !== null;
    const fill = () => {
      for (const host of document.querySelectorAll(HOSTS)) {
        if (!host.hasAttribute('data-aw-mounted') && !holdsArticle(host)) host.replaceChildren(box(host));
      }
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill, { once: true });
    else fill();
  };

  let exports = null;
  let core = null;
  const instantiate = async ([module, compiled]) => {
    const instance = await module.default({ module_or_path: compiled });
    return { module, instance };
  };
  /**
   * Makes an instantiated build the page's and starts it: it mounts the page's widgets, takes
   * the `articles` the loader fetched, and calls `onSearch` when it has no date search to show.
   */
  const run = ({ module, instance }, articles, onSearch) => {
    if (module.version() !== VERSION) {
      console.error(`article-widget: the loader is ${VERSION} but the wasm is ${module.version()}: deploy one release's folder as a whole, in a versioned path, so a cached old file never meets a new one.`);
    }
    core = module;
    exports = instance;
    core.start(stylesheet, articles, onSearch);
  };

  /**
   * Widgets mounted through `mount()`, each as the handle handed out: when the full build takes
   * the page over, each is mounted again there, and its handle keeps working.
   */
  const handles = new Set();
  /** Forgets the handles of widgets whose element left the page (the widget went with it). */
  const forgetDetached = () => {
    for (const handle of handles) if (!handle.element?.isConnected) handles.delete(handle);
  };
  let upgrading = null;
  /** While one build hands over to the other, `mount()` only records its handle. */
  let switching = false;
  /**
   * The `lite` build met a widget with a date search: load `core`, stop `lite` (its widgets, its
   * document observer, its vote queue), then start `core`, which mounts the page's widgets anew,
   * and mount the handles' widgets there. Once: later calls share the first.
   */
  const upgrade = () => {
    upgrading ??= Promise.all([glueOf('core'), wasmOf('core')]).then(instantiate).then(async (full) => {
      switching = true;
      try {
        await core.stop();
        run(full, null, null);
      } finally {
        // Should either throw, `mount()` must not go on only recording handles.
        switching = false;
      }
      forgetDetached();
      for (const handle of handles) handle.inner = core.mount(handle.element, handle.options);
      document.dispatchEvent(new CustomEvent('article-widget:upgraded'));
    }).catch((error) => {
      // The page's widgets stay with the light build; the box that asked for the date search
      // says why it is empty, as at load.
      console.error(`article-widget: the date search needs ${error.file ?? 'the full build'}, which did not load (${error.cause ?? error.message}).`);
      showFailure(error);
    });
    return upgrading;
  };
  // Should the SIMD build fail to load (a folder copied without it, a proxy that mangles it), the
  // compat build runs everywhere: it is tried before giving up.
  /** Resolves once the widget is running (every `[data-article-widget]` element is mounted). */
  const ready = Promise.all([glue, wasm]).then(instantiate).catch((error) => {
    if (!simd) throw error;
    console.warn('article-widget: the SIMD build did not load, using the compat build:', error.message);
    return Promise.all([glueOf('compat'), wasmOf('compat')]).then(instantiate);
  }).then(async ({ module, instance }) => {
    // The articles have usually arrived with the wasm, but their text may still be on its way
    // to this thread. Mounting now would paint a loading state that lasts a few milliseconds
    // and lay the page out twice; a short wait lets the first render show the article. A slow
    // article gets its loading state after at most this long.
    await Promise.race([
      Promise.all([...articles.values()].map((entry) => entry.promise)),
      new Promise((resolve) => setTimeout(resolve, ARTICLE_WAIT_MS)),
    ]);
    run({ module, instance }, articles, upgrade);
    document.dispatchEvent(new CustomEvent('article-widget:ready'));
  }, (error) => {
    console.error(typeof WebAssembly !== 'object'
      ? 'article-widget: this browser has no WebAssembly; readers see a notice in each widget.'
      : `${error.message}. Copy the whole folder of the widget (article-widget.js, .css and both builds) to where the loader is served from, with CORS headers if that is another origin; see the README's "Deploying" section.`);
    showFailure(error);
    throw error;
  });

  /**
   * Mounts a widget on `element`. `options` use the attribute names in camelCase without `data-`
   * (`{ articleSrc, indexSrc, archiveSrc, archiveApi, glossarySrc, lang, timeZone, ratingEndpoint, abbrMode, isolation,
   * headingLevel }`) and win over the element's attributes. Returns a handle with `destroy()`.
   * Mounting the same element again with the same options returns the same widget; with other
   * options it renders the widget anew with them. Call after `ready`.
   */
  const mount = (element, options = {}) => {
    if (!core) throw new Error('article-widget: mount() called before `ready` resolved; `await ArticleWidget.ready` first');
    forgetDetached();
    const handle = {
      element,
      options,
      inner: switching ? null : core.mount(element, options),
      destroy() {
        handles.delete(handle);
        return handle.inner?.destroy() ?? Promise.resolve();
      },
    };
    handles.add(handle);
    return handle;
  };

  const OPTIONS = {
    'article-src': 'articleSrc',
    enhance: 'enhance',
    'article-id': 'articleId',
    'index-src': 'indexSrc',
    'archive-src': 'archiveSrc',
    'archive-api': 'archiveApi',
    'glossary-src': 'glossarySrc',
    lang: 'lang',
    'time-zone': 'timeZone',
    'rating-endpoint': 'ratingEndpoint',
    'abbr-mode': 'abbrMode',
    isolation: 'isolation',
    'heading-level': 'headingLevel',
  };

  /** `<article-widget article-src="…" lang="en">`: re-renders when its attributes change. */
  class ArticleWidgetElement extends HTMLElement {
    static observedAttributes = Object.keys(OPTIONS);

    #handle = null;

    connectedCallback() {
      ready.then(() => this.#render(), () => {});
    }

    disconnectedCallback() {
      this.#handle?.destroy();
      this.#handle = null;
    }

    attributeChangedCallback() {
      if (this.#handle) this.#render();
    }

    #render() {
      if (!this.isConnected) return;
      this.#handle?.destroy();
      const options = {};
      for (const [attribute, option] of Object.entries(OPTIONS)) {
        const value = this.getAttribute(attribute);
        if (value !== null) options[option] = value;
      }
      this.#handle = mount(this, options);
    }
  }

  if (!customElements.get('article-widget')) {
    customElements.define('article-widget', ArticleWidgetElement);
  }

  window.ArticleWidget = Object.freeze({
    version: VERSION,
    /** Where this loader was loaded from (a second copy compares itself with it). */
    src,
    ready,
    mount,
    /** Widgets currently mounted, and the wasm memory size: for diagnostics and leak checks. */
    mountedCount: () => core?.mountedCount() ?? 0,
    memoryBytes: () => exports?.memory.buffer.byteLength ?? 0,
  });
})();
