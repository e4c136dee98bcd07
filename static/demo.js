// Demo page only: lets the sample list pick the article (?article=<id>) and the interface
// language (?lang=vi|en). Runs before the widget module, which reads the attributes on start.
(function () {
  var params = new URLSearchParams(location.search);
  var host = document.getElementById('demo-widget');
  var id = params.get('article');
  if (host && id && /^[a-z0-9-]+$/.test(id)) {
    // The self-contained page (opened from disk) carries its articles inline.
    var standalone = document.documentElement.hasAttribute('data-standalone');
    host.setAttribute('data-article-src', standalone ? '#aw-data-' + id : 'articles/' + id + '.json');
  }
  var lang = params.get('lang');
  if (host && lang) {
    host.setAttribute('data-lang', lang);
    document.documentElement.lang = lang;
  }
  var links = document.querySelectorAll('.demo-list a, .demo-langs a');
  for (var i = 0; i < links.length; i++) {
    var target = new URLSearchParams(links[i].getAttribute('href').slice(1));
    var merged = new URLSearchParams(location.search);
    target.forEach(function (value, key) { merged.set(key, value); });
    links[i].setAttribute('href', '?' + merged.toString());
  }
})();
