// article-widget as an ES module, for `import { ready, mount } from '…/article-widget.mjs'`: it
// runs the loader (article-widget.js, which also works as a classic script) once and re-exports
// its API, `window.ArticleWidget`.
import './article-widget.js';

export const { version, ready, mount } = window.ArticleWidget;
