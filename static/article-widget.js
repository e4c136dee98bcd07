// article-widget loader: the one file a portal includes.
//
//   <div data-article-widget data-article-src="/articles/bai-viet.json"></div>
//   <script type="module" src="https://static.example.vn/article-widget/article-widget.js"></script>
//
// Every file it needs (the wasm, its glue, the stylesheet) is resolved next to this file, so the
// folder can live under any path or CDN. Nothing inline is injected: it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
const here = (file) => new URL(file, import.meta.url).href;
const stylesheet = here('article-widget.css');

// The first article paint waits on a chain: this file, the glue, the wasm, then the article. The
// downloads that do not depend on each other start now, side by side: the wasm, the glue (a
// dynamic import, so it is not fetched before this line runs) and each article already on the
// page (a preload the widget's own request picks up).
//
// Two builds of the widget sit side by side: one uses wasm SIMD128 (Chrome and Edge 91, Firefox 89,
// Safari 16.4 and later), the other (`-compat`) runs everywhere else. This smallest module with a
// SIMD instruction tells them apart. Without WebAssembly at all (a browser with JIT turned off),
// the compat build is asked for and its failure is reported through `ready`, like any other.
const simd = (() => {
  try {
    return WebAssembly.validate(new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
    ]));
  } catch {
    return false;
  }
})();
// Each build's two files; the glue by literal path, so that a bundler packing this loader can
// follow both.
const wasmOf = (core) => fetch(here(core ? 'article-widget-core_bg.wasm' : 'article-widget-compat_bg.wasm'));
const glueOf = (core) => (core ? import('./article-widget-core.js') : import('./article-widget-compat.js'));
const wasm = wasmOf(simd);
for (const host of document.querySelectorAll('[data-article-widget][data-article-src], article-widget[article-src]')) {
  const src = host.getAttribute('data-article-src') ?? host.getAttribute('article-src');
  let url = null;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    continue;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous'; // the same mode and credentials as the widget's fetch
  link.href = url.href;
  document.head.append(link);
}
const glue = glueOf(simd);

// Widgets in the page's own DOM need the stylesheet once; a page that links it already keeps its link.
if (![...document.querySelectorAll('link[rel~="stylesheet"]')].some((link) => link.href === stylesheet)) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = stylesheet;
  document.head.append(link);
}

/** Resolves once the widget is running (every `[data-article-widget]` element is mounted). */
let exports = null;
let core = null;
const instantiate = async ([module, bytes]) => {
  exports = await module.default({ module_or_path: bytes });
  return module;
};
// Should the SIMD build fail to load (a folder copied without it, a proxy that mangles it), the
// compat build runs everywhere: it is tried before giving up.
export const ready = Promise.all([glue, wasm]).then(instantiate).catch((error) => {
  if (!simd) throw error;
  console.warn('article-widget: the SIMD build did not load, using the compat build:', error);
  return Promise.all([glueOf(false), wasmOf(false)]).then(instantiate);
}).then((module) => {
  core = module;
  core.start(stylesheet);
  document.dispatchEvent(new CustomEvent('article-widget:ready'));
});

/**
 * Mounts a widget on `element`. `options` use the attribute names in camelCase without `data-`
 * (`{ articleSrc, indexSrc, glossarySrc, lang, timeZone, ratingEndpoint, abbrMode, isolation }`)
 * and win over the element's attributes. Returns a handle with `destroy()`. Mounting the same
 * element twice returns a handle to the same widget. Call after `ready`.
 */
export function mount(element, options = {}) {
  if (!core) throw new Error('article-widget: mount() called before `ready` resolved');
  return core.mount(element, options);
}

const OPTIONS = {
  'article-src': 'articleSrc',
  'index-src': 'indexSrc',
  'glossary-src': 'glossarySrc',
  lang: 'lang',
  'time-zone': 'timeZone',
  'rating-endpoint': 'ratingEndpoint',
  'abbr-mode': 'abbrMode',
  isolation: 'isolation',
};

/** `<article-widget article-src="…" lang="en">`: re-renders when its attributes change. */
class ArticleWidgetElement extends HTMLElement {
  static observedAttributes = Object.keys(OPTIONS);

  #handle = null;

  connectedCallback() {
    ready.then(() => this.#render());
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
    this.#handle = core.mount(this, options);
  }
}

if (!customElements.get('article-widget')) {
  customElements.define('article-widget', ArticleWidgetElement);
}

window.ArticleWidget = Object.freeze({
  ready,
  mount,
  /** Widgets currently mounted, and the wasm memory size: for diagnostics and leak checks. */
  mountedCount: () => core?.mountedCount() ?? 0,
  memoryBytes: () => exports?.memory.buffer.byteLength ?? 0,
});
