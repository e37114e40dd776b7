// The loader's prefetch is what the widget uses: per page load exactly one request for the
// methods (checkout page; its answer carries the order) or for the order (result page) reaches
// the server. The widget ignores a prefetched request that is not exactly its own and asks again,
// so a second request here means the loader and the widget disagree on the URL or the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, watchErrors } from './harness.mjs';
import { createOrder, mountByApi } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** Counts the API requests the page sends, by "METHOD path". */
function countApi(page) {
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${r.method()} ${url.pathname}`);
  });
  return seen;
}

/** A moment after the list shows, for a late second request to show up. */
const settle = (page) => page.waitForTimeout(1500);

for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`checkout page (${device}): one methods request per load, taken from the prefetch`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const api = countApi(page);
    const order = await createOrder(server, 'kaya');
    await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}`);
    await page.waitForSelector('#checkout input[type=radio]:enabled');
    await settle(page);
    const ref = encodeURIComponent(order.orderRef);
    assert.deepEqual(api, [`POST /api/v1/orders/${ref}/payment-methods`]);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('JS API with regions: the prefetched body is the widget\'s own, arrays included', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const order = await createOrder(server, 'kaya');
  const api = countApi(page);
  await mountByApi(page, server, order.orderRef, { api: '/api/v1/', userRegion: 'SG', allowedPspRegions: ['SG', 'PL'] });
  await page.waitForSelector('#checkout input[type=radio]:enabled');
  await settle(page);
  assert.deepEqual(api, [`POST /api/v1/orders/${encodeURIComponent(order.orderRef)}/payment-methods`]);
  await context.close();
});

test('result page: one order request per load, taken from the prefetch', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const api = countApi(page);
  const order = await createOrder(server, 'kaya');
  await page.goto(`${server.url}/shop/result.html?order=${encodeURIComponent(order.orderRef)}`);
  await page.waitForSelector('.acw-result');
  await settle(page);
  assert.deepEqual(api, [`GET /api/v1/orders/${encodeURIComponent(order.orderRef)}`]);
  await context.close();
});
