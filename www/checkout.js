/*! Alipay checkout widget loader. One <script> tag:
 *   <div id="checkout"></div>
 *   <script src="https://cdn.example/checkout/checkout.js" data-target="#checkout"
 *           data-order="ORDER_REF" data-api="https://shop.example/api/v1"></script>
 * Optional: data-mode="checkout|result", data-locale="zh-CN", data-timeout-ms="15000",
 * data-order-param="order" (read the order reference from that query parameter),
 * data-user-region="PL", data-allowed-psp-regions="PL,NL", data-preferred-methods="BLIK,IDEAL",
 * data-hide-unavailable, data-new-tab, data-theme="light|dark|auto" (auto, the default, follows
 * the OS's prefers-color-scheme; the element gets data-acw-theme, which the stylesheet reads).
 * JS API: AlipayCheckout.mount(elementOrSelector, options) -> Promise<{unmount()}>;
 *         AlipayCheckout.unmount(elementOrSelector).
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

  function ensureStylesheet() {
    var href = asset(FILES.css);
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === href) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.crossOrigin = 'anonymous'; // CORS, like the page's preload hint for it
    link.href = href;
    document.head.appendChild(link);
  }

  // Loads the wasm module once, however many widgets are mounted.
  function load() {
    if (!loading) {
      ensureStylesheet();
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

  // The checkout page's first request is its methods (their answer carries the order); the result
  // page's is the order. The order check just before pay is not prefetched: it must be fresh.
  function prefetch(options) {
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
    el.replaceChildren(box);
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
    return load().then(function (bindings) {
      unmount(el); // mounting again into the same element replaces the widget
      var handle = bindings.mount(el, options);
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
    if (data.hideUnavailable) options.hideUnavailable = data.hideUnavailable !== 'false';
    if (data.newTab) options.newTab = data.newTab !== 'false';
    if (data.visibleMethods) options.visibleMethods = parseInt(data.visibleMethods, 10);
    if (data.theme) options.theme = data.theme;
    return options;
  }

  window.AlipayCheckout = { mount: mount, unmount: unmount, load: load, baseUrl: base.href };

  if (script && script.dataset.target) {
    // Start the downloads and the backend requests now; only mounting waits for the element.
    var initial = optionsFromDataset(script.dataset);
    initial.prefetch = prefetch(initial) || undefined;
    load().catch(function () {}); // mount reports a failure
    var start = function () {
      mount(script.dataset.target, initial).catch(function () {});
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})();
