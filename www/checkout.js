/*! Alipay checkout widget loader. One <script> tag:
 *   <div id="checkout"></div>
 *   <script src="https://cdn.example/checkout/checkout.js" data-target="#checkout"
 *           data-order="ORDER_REF" data-api="https://shop.example/api/v1"></script>
 * Optional: data-mode="checkout|result", data-locale="zh-CN", data-timeout-ms="15000",
 * data-order-param="order" (read the order reference from that query parameter),
 * data-user-region="PL", data-allowed-psp-regions="PL,NL", data-preferred-methods="BLIK,IDEAL",
 * data-hide-unavailable, data-new-tab.
 * JS API: AlipayCheckout.mount(elementOrSelector, options) -> Promise<{unmount()}>;
 *         AlipayCheckout.unmount(elementOrSelector).
 * The wasm and CSS are loaded from next to this script, not next to the page.
 */
(function () {
  'use strict';
  if (window.AlipayCheckout && window.AlipayCheckout.mount) return; // loaded twice: keep the first

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
    var href = asset('checkout.css');
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === href) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
  }

  // Loads the wasm module once, however many widgets are mounted.
  function load() {
    if (!loading) {
      ensureStylesheet();
      loading = import(asset('checkout-widget.js')).then(function (bindings) {
        return bindings.default({ module_or_path: asset('checkout-widget_bg.wasm') }).then(function () {
          return bindings;
        });
      });
      loading.catch(function () { loading = null; }); // a later mount may try again
    }
    return loading;
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

  function mount(target, options) {
    var el;
    try {
      el = resolveElement(target);
    } catch (e) {
      return Promise.reject(e);
    }
    el.setAttribute('aria-busy', 'true');
    return load().then(function (bindings) {
      unmount(el); // mounting again into the same element replaces the widget
      var handle = bindings.mount(el, options || {});
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
    if (data.userRegion) options.userRegion = data.userRegion;
    if (data.allowedPspRegions) options.allowedPspRegions = list(data.allowedPspRegions);
    if (data.preferredMethods) options.preferredMethods = list(data.preferredMethods);
    if (data.hideUnavailable) options.hideUnavailable = data.hideUnavailable !== 'false';
    if (data.newTab) options.newTab = data.newTab !== 'false';
    return options;
  }

  window.AlipayCheckout = { mount: mount, unmount: unmount, load: load, baseUrl: base.href };

  if (script && script.dataset.target) {
    var start = function () {
      mount(script.dataset.target, optionsFromDataset(script.dataset)).catch(function () {});
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})();
