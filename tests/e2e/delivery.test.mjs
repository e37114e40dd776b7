// How the shop page gets the widget: the loader's tag with its SRI hash, preload hints for the
// content-hashed glue, wasm and CSS, each file compressed and cached as a CDN would send it, the
// methods request started by the loader beside the wasm download, and a second visit that takes
// the bundle from the browser's cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServerAndBrowser, DESKTOP, PHONE, ROOT, watchErrors } from './harness.mjs';
import { createOrder } from './shop.mjs';
import { mountWithOptions } from './payment.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

const manifest = () => JSON.parse(readFileSync(join(ROOT, 'dist', 'manifest.json'), 'utf8'));
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Every request of a page through CDP: url, method, start/end, response headers, cache use. */
async function recordNetwork(page, { phoneNetwork = false } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map();
  cdp.on('Network.requestWillBeSent', (e) => byId.set(e.requestId, {
    url: e.request.url, method: e.request.method, start: e.timestamp,
  }));
  // The headers the network stack really sent (Accept-Encoding is added there); this event may
  // come before or after requestWillBeSent.
  const accepted = new Map();
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => accepted.set(e.requestId, lower(e.headers)['accept-encoding'] || ''));
  cdp.on('Network.responseReceived', (e) => Object.assign(byId.get(e.requestId) || {}, {
    status: e.response.status, headers: lower(e.response.headers), fromCache: e.response.fromDiskCache || e.response.fromMemoryCache,
  }));
  cdp.on('Network.requestServedFromCache', (e) => Object.assign(byId.get(e.requestId) || {}, { fromCache: true }));
  cdp.on('Network.loadingFinished', (e) => Object.assign(byId.get(e.requestId) || {}, { end: e.timestamp }));
  await cdp.send('Network.enable');
  // A phone network (150 ms, 1.6 Mbit/s down): the wasm then takes over a second to arrive.
  if (phoneNetwork) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 93750 });
  return () => [...byId].map(([id, r]) => ({ ...r, accept: accepted.get(id) || '' }));
}

const lower = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

async function visitCheckout(page) {
  const order = await createOrder(server, 'kaya');
  await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}`);
  await page.waitForSelector('#checkout input[type=radio]:enabled');
  return order;
}

test('the shop page loads the hashed, compressed, cached bundle once each, and a second visit takes it from cache', async () => {
  const files = manifest();
  for (const name of [files.glue, files.wasm, files.css]) assert.match(name, /\.[0-9a-f]{16}\.(js|wasm|css)$/);
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  // wasm-bindgen's glue warns when it has to fall back from WebAssembly.instantiateStreaming.
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const network = await recordNetwork(page, { phoneNetwork: true });
  const order = await visitCheckout(page);

  // The page names this build: the loader's SRI hash on its tag, hints for the hashed files.
  const tag = page.locator('script[src^="/widget/checkout.js"]');
  assert.equal(await tag.getAttribute('integrity'), files.loader.integrity);
  // Versioned by its hash: a new build's page never meets the old loader in the cache.
  const loaderSrc = await tag.getAttribute('src');
  assert.match(loaderSrc, /^\/widget\/checkout\.js\?v=[A-Za-z0-9]{16}$/);
  assert.equal(await tag.getAttribute('crossorigin'), 'anonymous');
  assert.equal(await page.locator(`link[rel=modulepreload][href="/widget/${files.glue}"]`).count(), 1);
  assert.equal(await page.locator(`link[rel=preload][as=fetch][href="/widget/${files.wasm}"]`).count(), 1);
  assert.equal(await page.locator(`link[rel=preload][as=style][href="/widget/${files.css}"]`).count(), 1);

  const widget = network().filter((r) => new URL(r.url).pathname.startsWith('/widget/'));
  const expected = { [loaderSrc.slice('/widget/'.length)]: 'public, max-age=300', [files.glue]: IMMUTABLE, [files.wasm]: IMMUTABLE, [files.css]: IMMUTABLE };
  for (const [name, cacheControl] of Object.entries(expected)) {
    const seen = widget.filter((r) => r.url === `${server.url}/widget/${name}`);
    // One request each: the loader's own requests reuse the page's preloads.
    assert.equal(seen.length, 1, `${name} requested once, got ${seen.length}`);
    const [r] = seen;
    assert.equal(r.status, 200, name);
    const wanted = /\bbr\b/.test(r.accept) ? 'br' : 'gzip';
    assert.equal(r.headers['content-encoding'], wanted, `${name} compressed (asked: ${r.accept})`);
    assert.equal(r.headers['cache-control'], cacheControl, name);
    assert.match(r.headers.etag || '', /^"[^"]+"$/, `${name} has an ETag`);
    assert.match(r.headers.vary || '', /accept-encoding/i, name);
  }
  assert.equal(widget.length, 4, `only the loader and the hashed files: ${widget.map((r) => r.url).join(', ')}`);
  const wasm = widget.find((r) => r.url.endsWith(files.wasm));
  assert.equal(wasm.headers['content-type'], 'application/wasm', 'instantiateStreaming needs application/wasm');
  assert.deepEqual(warnings.filter((w) => /instantiateStreaming/.test(w)), [], 'the wasm was compiled while streaming');

  // No waiting in line: the loader asked for the methods while the wasm was still downloading.
  const methods = network().find((r) => r.method === 'POST' && r.url.endsWith(`/orders/${order.orderRef}/payment-methods`));
  assert.ok(methods, 'a methods request');
  assert.ok(methods.start < wasm.end, 'the methods request started before the wasm had arrived');

  // Second visit, same browser profile: the bundle comes from the cache, nothing is downloaded.
  const again = await context.newPage();
  const secondNetwork = await recordNetwork(again);
  await visitCheckout(again);
  const secondWasm = secondNetwork().filter((r) => r.url === `${server.url}/widget/${files.wasm}`);
  assert.equal(secondWasm.length, 1);
  assert.equal(secondWasm[0].fromCache, true, 'the wasm came from the browser cache');
  for (const name of [files.glue, files.css]) {
    const r = secondNetwork().find((x) => x.url === `${server.url}/widget/${name}`);
    assert.ok(!r || r.fromCache, `${name} from cache`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the result page loads through the same tag and hints', async () => {
  const files = manifest();
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const order = await createOrder(server, 'kaya');
  await page.goto(`${server.url}/shop/result.html?order=${encodeURIComponent(order.orderRef)}`);
  await page.waitForSelector('.acw-result');
  assert.equal(await page.locator('script[src^="/widget/checkout.js?v="]').getAttribute('integrity'), files.loader.integrity);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The first methods request of a page load: the loader's prefetch (it starts long before the
 *  widget could ask). */
function firstMethodsRequest(page) {
  return new Promise((ok) => {
    const onRequest = (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/payment-methods')) {
        page.off('request', onRequest);
        ok(r);
      }
    };
    page.on('request', onRequest);
  });
}

// The widget's MethodsQuery as serde serialises it (src/components/method_page, src/browser.rs):
// the widget takes the prefetched answer only for exactly this request. Without a region from
// the shop the loader takes it from the browser's languages, so each case sets its locale.
const cases = [
  ['desktop', { ...DESKTOP, locale: 'en-US' }, {}, { terminalType: 'WEB', osType: null, userRegion: 'US', allowedPspRegions: null }],
  ['phone', { ...PHONE, locale: 'en' }, {}, { terminalType: 'WAP', osType: 'ANDROID', userRegion: null, allowedPspRegions: null }],
  ['desktop, JS API with regions', DESKTOP, { api: '/api/v1/', userRegion: 'SG', allowedPspRegions: ['SG', 'PL'] },
    { terminalType: 'WEB', osType: null, userRegion: 'SG', allowedPspRegions: ['SG', 'PL'] }],
];
for (const [name, device, options, body] of cases) {
  test(`the loader asks for the methods exactly as the widget would (${name})`, async () => {
    const context = await browser.newContext(device);
    const page = await context.newPage();
    const first = firstMethodsRequest(page);
    let orderRef;
    if (Object.keys(options).length === 0) {
      orderRef = (await visitCheckout(page)).orderRef;
    } else {
      orderRef = (await createOrder(server, 'kaya')).orderRef;
      await mountWithOptions(page, server, orderRef, options);
    }
    const request = await first;
    assert.equal(request.url(), `${server.url}/api/v1/orders/${encodeURIComponent(orderRef)}/payment-methods`);
    assert.equal(request.headers()['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.postData()), body);
    await context.close();
  });
}
