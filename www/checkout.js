/*! Alipay checkout widget loader. One <script> tag:
 *   <div id="checkout"></div>
 *   <script src="https://cdn.example/checkout/checkout.js" data-target="#checkout"
 *           data-order="ORDER_REF" data-api="https://shop.example/api/v1"></script>
 * Optional: data-mode="checkout|result", data-locale="zh-CN", data-timeout-ms="15000",
 * data-order-param="order" (read the order reference from that query parameter),
 * data-user-region="PL" (else the region of the first navigator.languages tag that has one,
 * nl-NL -> NL), data-allowed-psp-regions="PL,NL", data-preferred-methods="BLIK,IDEAL",
 * data-hide-unavailable, data-new-tab, data-theme="light|dark|auto" (auto, the default, follows
 * the OS's prefers-color-scheme; the element gets data-acw-theme, which the stylesheet reads),
 * data-shadow (the widget in an open shadow root of the element, with its own stylesheet).
 * JS API: AlipayCheckout.mount(elementOrSelector, options) -> Promise<{unmount()}>;
 *         AlipayCheckout.unmount(elementOrSelector); AlipayCheckout.resolveLocale(locale, languages).
 * Languages: the catalogue i18n/<tag>.json for data-locale, else navigator.languages (each
 * through its fallback chain, fr-CH -> fr, es-AR -> es-419 -> es), else the built-in English.
 * The wasm and CSS are loaded from next to this script, not next to the page, under the
 * content-hashed names scripts/build-widget writes into BUNDLE below (cacheable for a year).
 * Nothing waits in line: the moment this script runs it starts the JS glue, the wasm (compiled
 * while it streams) and the CSS, and asks the backend for the order's payment methods; the
 * widget takes that answer instead of asking again (options.prefetch).
 */
(function () {
  'use strict';
  if (window.AlipayCheckout && window.AlipayCheckout.mount) return; // loaded twice: keep the first

  // The bundle's hashed file names: scripts/build-widget replaces this string (quotes included)
  // with an object. Unbuilt (trunk serve) the stable names Trunk writes are used.
  var BUNDLE = '@@WIDGET_BUNDLE@@';
  var FILES = typeof BUNDLE === 'object' ? BUNDLE
    : { glue: 'checkout-widget.js', wasm: 'checkout-widget_bg.wasm', css: 'checkout.css' };

  var script = document.currentScript;
  var base = new URL('.', (script && script.src) || window.location.href);
  var loading = null;
  // Live widgets by element. Holding the handles here matters: a wasm handle that JS drops is
  // freed by the garbage collector, which would unmount the widget behind the shop's back.
  var mounted = new Map();

  function asset(name) {
    return new URL(name, base).href;
  }

  // The stylesheet as a <link> (a file: strict-CSP safe), once in the document or a shadow root.
  function ensureStylesheet(root) {
    var href = asset(FILES.css);
    var links = (root || document).querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === href) return links[i];
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.crossOrigin = 'anonymous'; // CORS, like the page's preload hint for it
    link.href = href;
    return (root || document.head).appendChild(link);
  }

  // Where the wasm mounts: the element, or (shadow option) a box in its open shadow root beside
  // a <link> to the stylesheet; no CSS crosses that root but the inherited --acw-* properties.
  // The box repeats data-acw-theme. A shadow root stays, so a later mount uses it too.
  function mountPoint(el, shadow) {
    if (!shadow && !el.shadowRoot) return ensureStylesheet(), Promise.resolve(el);
    var root = el.shadowRoot || el.attachShadow({ mode: 'open' });
    var link = ensureStylesheet(root);
    var box = shadowBox(el) || root.appendChild(document.createElement('div'));
    box.className = 'acw-shadow';
    box.setAttribute('data-acw-theme', el.getAttribute('data-acw-theme'));
    // Mounted once the stylesheet has loaded (or failed): never unstyled for a moment.
    link.acwReady = link.acwReady || (link.sheet ? Promise.resolve() : new Promise(function (done) {
      link.onload = link.onerror = done;
    }));
    return link.acwReady.then(function () { return box; });
  }

  function shadowBox(el) {
    return el.shadowRoot && el.shadowRoot.querySelector('.acw-shadow');
  }

  // Loads the wasm module once, however many widgets are mounted.
  function load() {
    if (!loading) {
      // The wasm download starts now, beside the glue's; the glue hands the Response to
      // WebAssembly.instantiateStreaming (served as application/wasm), which compiles as it arrives.
      var wasm = fetch(asset(FILES.wasm), { credentials: 'same-origin' });
      wasm.catch(function () {}); // reported through the glue's rejection below
      loading = import(asset(FILES.glue)).then(function (bindings) {
        return bindings.default({ module_or_path: wasm }).then(function () {
          return bindings;
        });
      });
      loading.catch(function () { loading = null; }); // a later mount may try again
    }
    return loading;
  }

  // --- Prefetch: the backend requests the widget makes first, started before the wasm is here.
  // They must be exactly the widget's own (src/api.rs, src/components/method_page): same method,
  // absolute URL and JSON body, or the widget ignores them and asks again.

  // WEB on desktop, WAP with the OS in a phone browser: checkout_core::terminal::detect_terminal.
  function terminal() {
    var ua = (navigator.userAgent || '').toLowerCase();
    var touch = navigator.maxTouchPoints > 0;
    var os = ua.indexOf('android') >= 0 ? 'ANDROID'
      : /iphone|ipad|ipod/.test(ua) || (ua.indexOf('macintosh') >= 0 && touch) ? 'IOS' : null;
    return os ? { terminalType: 'WAP', osType: os } : { terminalType: 'WEB', osType: null };
  }

  function prefetchRequest(method, url, body, timeoutMs) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, timeoutMs);
    var headers = { Accept: 'application/json' };
    if (body !== null) headers['Content-Type'] = 'application/json';
    var response = fetch(url, { method: method, headers: headers, body: body, signal: controller && controller.signal })
      .then(function (r) { return r.text().then(function (text) { return { status: r.status, body: text }; }); })
      .finally(function () { clearTimeout(timer); });
    response.catch(function () {}); // a failure is the widget's to report, when it asks
    return { method: method, url: url, body: body, response: response };
  }

  // Without a region from the shop, the shopper's country as the browser knows it: the region
  // subtag of the first language that has one ("nl-NL", "zh-Hant-TW"; not "nl" nor "es-419").
  function guessRegion() {
    var tags = navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i++) {
      var m = /^[a-z]{2,8}(-[a-z]{4})?-([a-z]{2})(-|$)/i.exec(String(tags[i]).replace(/_/g, '-'));
      if (m) return m[2].toUpperCase();
    }
    return null;
  }

  // The checkout page's first request is its methods (their answer carries the order); the result
  // page's is the order. The order check just before pay is not prefetched: it must be fresh.
  // Also where a missing userRegion is guessed, so the prefetch and the widget send the same.
  function prefetch(options) {
    if (options.userRegion == null) options.userRegion = guessRegion();
    if (!options.order || typeof options.order !== 'string') return null;
    var api = (options.api || '/api/v1').replace(/\/+$/, '');
    var order = api + '/orders/' + encodeURIComponent(options.order);
    var timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : 15000;
    var absolute = function (path) { return new URL(path, document.baseURI).href; };
    var request;
    if (options.mode === 'result') {
      request = prefetchRequest('GET', absolute(order), null, timeoutMs);
    } else {
      var device = terminal();
      // Field order and nulls as the widget's MethodsQuery serialises them.
      var body = JSON.stringify({
        terminalType: device.terminalType,
        osType: device.osType,
        userRegion: options.userRegion == null ? null : options.userRegion,
        allowedPspRegions: options.allowedPspRegions == null ? null : options.allowedPspRegions,
      });
      request = prefetchRequest('POST', absolute(order + '/payment-methods'), body, timeoutMs);
    }
    return { requests: [request] };
  }

  // --- Languages: only the shopper's catalogue is downloaded (i18n/<tag>.json beside this
  // script), beside the wasm; English is built in. This is the one implementation of the
  // choice: tests/e2e/locale-resolve.test.mjs holds it to crates/checkout-core/tests/
  // locale_cases.json and to its own table of chains, old codes and junk.
  var LOCALES = 'en zh-CN zh-TW ja ko th id vi ms fil hi ar he pl nl de fr es es-419 pt-BR pt it tr ru'.split(' ');
  var LATIN_AMERICA = '419 ar bo br bz cl co cr cu do ec gt hn mx ni pa pe pr py sv us uy ve'.split(' ');
  var OLD_CODES = { iw: 'he', 'in': 'id', tl: 'fil' };

  // The catalogues that would serve `tag`, best first ("es-AR" gives es-419 then es).
  function fallbackChain(tag) {
    var parts = String(tag).trim().replace(/_/g, '-').replace(/[A-Z]/g, function (c) { return c.toLowerCase(); })
      .split('-').filter(Boolean);
    var lang = parts.shift();
    if (!/^[a-z]{2,8}$/.test(lang || '')) return [];
    var script, region;
    parts.forEach(function (p) {
      if (!script && !region && /^[a-z]{4}$/.test(p)) script = p;
      else if (!region && /^([a-z]{2}|[0-9]{3})$/.test(p)) region = p;
    });
    lang = OLD_CODES[lang] || lang;
    if (lang === 'zh') {
      return [script === 'hant' || (script !== 'hans' && /^(tw|hk|mo)$/.test(region)) ? 'zh-TW' : 'zh-CN'];
    }
    if (lang === 'yue') return ['zh-TW'];
    if (lang === 'es') return LATIN_AMERICA.indexOf(region) >= 0 ? ['es-419', 'es'] : ['es'];
    if (lang === 'pt') return [region === 'br' ? 'pt-BR' : 'pt'];
    return [lang];
  }

  // The `locale` option, then the browser's languages in order, each through its chain; else
  // English. `from` is the tag that chose it ("fr-CH" for "fr"), for number formats.
  function pickLocale(option, languages) {
    var wanted = [option].concat(Array.prototype.slice.call(languages || []));
    for (var i = 0; i < wanted.length; i++) {
      if (typeof wanted[i] !== 'string') continue;
      // The chain is spelled as LOCALES is ("zh-TW", "de").
      var found = fallbackChain(wanted[i]).filter(function (t) { return LOCALES.indexOf(t) >= 0; })[0];
      if (found) return { tag: found, from: wanted[i] };
    }
    return { tag: 'en', from: null };
  }

  function resolveLocale(option, languages) {
    return pickLocale(option, languages).tag;
  }

  var catalogues = {}; // tag -> Promise of its texts, shared by every widget on the page

  // An object of strings (a catalogue's texts), else null.
  function texts(object) {
    return object && typeof object === 'object' && !Array.isArray(object)
      && Object.keys(object).every(function (k) { return typeof object[k] === 'string'; }) ? object : null;
  }

  function fetchCatalogue(tag) {
    if (!catalogues[tag]) {
      catalogues[tag] = fetch(asset('i18n/' + tag + '.json'), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(texts);
      catalogues[tag].then(function (t) { if (!t) delete catalogues[tag]; }, function () { delete catalogues[tag]; });
    }
    return catalogues[tag];
  }

  // The shop's texts for `tag` in `translations` ({ "fr": { ... } }): the whole tag, then
  // shorter prefixes ("fr-CA" uses "fr"), any case.
  function shopTexts(translations, tag) {
    for (var want = tag.toLowerCase(); want; want = want.slice(0, Math.max(0, want.lastIndexOf('-')))) {
      for (var key in translations) if (key.replace(/_/g, '-').toLowerCase() === want) return translations[key];
    }
    return null;
  }

  // Promise of the mount option `catalogue`, { tag, locale, texts }: the shop's `translations`
  // over the downloaded file over (in the widget) English; null for English alone. A file that
  // fails, is late (timeoutMs) or is not an object of texts leaves English, with a warning.
  function catalogueFor(options) {
    var picked = pickLocale(options.locale, navigator.languages || [navigator.language]);
    var file = picked.tag === 'en' ? Promise.resolve({}) : Promise.race([
      fetchCatalogue(picked.tag),
      new Promise(function (ok) { setTimeout(ok, options.timeoutMs > 0 ? options.timeoutMs : 15000, null); }),
    ]).catch(function () { return null; });
    return file.then(function (got) {
      var tag = got ? picked.tag : 'en';
      if (!got) console.warn('alipay-checkout: the ' + picked.tag + ' catalogue could not be loaded; English is shown');
      var wanted = String(options.locale || (picked.tag !== 'en' ? picked.tag : navigator.language) || '').trim().replace(/_/g, '-');
      var shop = options.translations && wanted ? shopTexts(options.translations, wanted) : null;
      if (shop && !texts(shop)) shop = console.warn('alipay-checkout: translations ignored: not an object of texts');
      // A shop may bring a language that has no file (over English it becomes the widget's).
      if (shop && tag === 'en') tag = wanted;
      // The shopper's own tag formats numbers ("fr-CH" for "fr"), when Intl can take it.
      var locale = tag === picked.tag && /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(picked.from || '') ? picked.from : null;
      return tag === 'en' && !shop ? null : { tag: tag, locale: locale, texts: Object.assign({}, got, shop) };
    });
  }

  function resolveElement(target) {
    var el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el || el.nodeType !== 1) throw new Error('alipay-checkout: target element not found: ' + target);
    return el;
  }

  function showFailure(el, error) {
    var box = document.createElement('div');
    box.className = 'acw acw-load-error';
    box.setAttribute('role', 'alert');
    var misconfigured = /^alipay-checkout:/.test(String(error && error.message));
    box.textContent = misconfigured
      ? 'The checkout is not set up correctly on this page.'
      : 'The payment form could not be loaded. Please reload the page.';
    (shadowBox(el) || el).replaceChildren(box);
    el.dispatchEvent(new CustomEvent('alipay-checkout:error', { bubbles: true, detail: { message: String(error && error.message || error) } }));
    console.error(error);
  }

  var THEMES = ['light', 'dark', 'auto'];

  function mount(target, options) {
    var el;
    try {
      el = resolveElement(target);
    } catch (e) {
      return Promise.reject(e);
    }
    el.setAttribute('aria-busy', 'true');
    options = Object.assign({}, options);
    // The theme is CSS only: an attribute on the element, set before the first paint (the
    // loading failure box is themed too). Anything unknown falls back to following the OS.
    el.setAttribute('data-acw-theme', THEMES.indexOf(options.theme) >= 0 ? options.theme : 'auto');
    if (!options.prefetch) {
      var early = prefetch(options);
      if (early) options.prefetch = early;
    }
    var point;
    try {
      point = mountPoint(el, !!options.shadow);
    } catch (e) { // attachShadow refuses some elements (<a>, <ul>, <li> and the like)
      point = Promise.reject(new Error('alipay-checkout: no shadow root on ' + el.tagName));
    }
    var catalogue = options.catalogue || catalogueFor(options); // started beside the wasm
    return Promise.all([load(), point, catalogue]).then(function (ready) {
      var bindings = ready[0];
      options.catalogue = ready[2] || undefined;
      unmount(el); // mounting again into the same element replaces the widget
      var handle = bindings.mount(ready[1], options);
      mounted.set(el, handle);
      el.removeAttribute('aria-busy');
      el.dispatchEvent(new CustomEvent('alipay-checkout:ready', { bubbles: true }));
      return { element: el, unmount: function () { if (mounted.get(el) === handle) unmount(el); } };
    }).catch(function (error) {
      el.removeAttribute('aria-busy');
      showFailure(el, error);
      throw error;
    });
  }

  function unmount(target) {
    var el = typeof target === 'string' ? document.querySelector(target) : target;
    var handle = el && mounted.get(el);
    if (!handle) return false;
    mounted.delete(el);
    handle.unmount();
    handle.free();
    return true;
  }

  function list(text) {
    return text.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function optionsFromDataset(data) {
    var order = data.order;
    if (!order && data.orderParam) order = new URLSearchParams(window.location.search).get(data.orderParam) || '';
    var options = { order: order || '' };
    if (data.api) options.api = data.api;
    if (data.mode) options.mode = data.mode;
    if (data.locale) options.locale = data.locale;
    if (data.timeoutMs) options.timeoutMs = parseInt(data.timeoutMs, 10);
    var region = data.userRegion || (data.userRegionParam && new URLSearchParams(window.location.search).get(data.userRegionParam));
    if (region) options.userRegion = region;
    if (data.allowedPspRegions) options.allowedPspRegions = list(data.allowedPspRegions);
    if (data.preferredMethods) options.preferredMethods = list(data.preferredMethods);
    if (data.hideUnavailable != null) options.hideUnavailable = data.hideUnavailable !== 'false';
    if (data.newTab != null) options.newTab = data.newTab !== 'false';
    if (data.visibleMethods) options.visibleMethods = parseInt(data.visibleMethods, 10);
    if (data.theme) options.theme = data.theme;
    if (data.shadow != null) options.shadow = data.shadow !== 'false';
    return options;
  }

  window.AlipayCheckout = { mount: mount, unmount: unmount, load: load, baseUrl: base.href, resolveLocale: resolveLocale };

  if (script && script.dataset.target) {
    // Start the downloads and the backend requests now; only mounting waits for the element.
    var initial = optionsFromDataset(script.dataset);
    initial.prefetch = prefetch(initial) || undefined;
    if (!initial.shadow) ensureStylesheet();
    initial.catalogue = catalogueFor(initial);
    load().catch(function () {}); // mount reports a failure
    var start = function () {
      mount(script.dataset.target, initial).catch(function () {});
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})();
