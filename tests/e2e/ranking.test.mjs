// The best-ranked methods open above the folded categories: through the demo shop a PHP order
// passes the shopper's region (PH) and GCash leads, open, on a phone; no method is shown twice;
// `visibleMethods: 0` folds everything as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, openCheckout, mountByApi } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** The method types in page order: the open ones, then each category's. */
const shownMethods = (page) => page.$$eval('.acw-method', (rows) => rows.map((r) => r.dataset.method));
const topMethods = (page) => page.$$eval('[data-group="top"] > .acw-method', (rows) => rows.map((r) => r.dataset.method));

test('a PHP order from the shop shows GCash first and open on a phone', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/shop/`);
  await page.locator('button[data-product="adobo"]').tap();
  await page.waitForURL(/checkout\.html\?order=.+&region=PH$/);
  await page.waitForSelector('.acw-methods');

  const top = await topMethods(page);
  assert.equal(top.length, 3, `three methods open by default: ${top}`);
  assert.equal(top[0], 'GCASH', `GCash leads: ${top}`);
  const gcash = page.locator('.acw-method[data-method="GCASH"]');
  assert.equal(await gcash.count(), 1, 'GCash is shown once');
  assert.ok(await gcash.isVisible(), 'GCash is open, not inside a folded category');
  // First on screen too: no other method or category above it.
  const boxes = await page.$$eval('.acw-method, .acw-group-toggle', (els) =>
    els.filter((e) => e.getClientRects().length).map((e) => ({ m: e.dataset.method || 'category', y: e.getBoundingClientRect().top })));
  const first = boxes.reduce((a, b) => (b.y < a.y ? b : a));
  assert.equal(first.m, 'GCASH', JSON.stringify(boxes));

  const all = await shownMethods(page);
  assert.equal(new Set(all).size, all.length, `no method twice: ${all}`);
  for (const m of top) {
    assert.equal(await page.locator(`.acw-group .acw-method[data-method="${m}"]`).count(), 0, `${m} is not also folded`);
  }
  assert.ok(all.length > top.length, `the rest follows the open methods: ${all}`);
  assert.deepEqual(all.slice(0, top.length), top, 'the open methods come first');
  await shot(page, 'ranking-php-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every offered method is shown exactly once, the top ones taken from the ranked list', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const order = await createOrder(server, 'adobo');
  const answer = page.waitForResponse((r) => r.url().endsWith('/payment-methods') && r.request().method() === 'POST');
  await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}&region=PH`);
  const offered = (await (await answer).json()).paymentOptions.map((o) => o.paymentMethodType);
  await page.waitForSelector('.acw-methods');
  const shown = await shownMethods(page);
  assert.deepEqual([...shown].sort(), [...offered].sort(), 'the page shows what the backend offered, each once');
  assert.equal((await topMethods(page))[0], 'GCASH');
  await context.close();
});

test('visibleMethods 0 folds every category, as before', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const order = await createOrder(server, 'adobo');
  await mountByApi(page, server, order.orderRef, { userRegion: 'PH', visibleMethods: 0 });
  await page.waitForSelector('.acw-methods');
  assert.equal(await page.locator('[data-group="top"]').count(), 0, 'nothing open above the categories');
  const gcash = page.locator('.acw-method[data-method="GCASH"]');
  assert.equal(await gcash.isVisible(), false, 'GCash is inside its folded category');
  await context.close();
});
