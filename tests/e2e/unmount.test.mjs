// Unmounting while work is still scheduled: the widget's timers and tasks must not call into a
// widget that is gone. One late call would trap the whole WebAssembly instance, and every widget
// the page mounts afterwards would be dead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, watchErrors } from './harness.mjs';
import { eventually, recordAppAttempts, watchNavigation } from './payment.mjs';
import { chooseMethod, createOrder, mountByApi, payButton, sandboxRequests } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** Starts a PayNow payment for a new order through the merchant API; nobody pays it. */
async function pendingOrder() {
  const order = await createOrder(server, 'kaya');
  const res = await fetch(`${server.url}/api/v1/orders/${order.orderRef}/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ paymentMethodType: 'PAYNOW', terminalType: 'WEB' }),
  });
  assert.ok(res.ok, `start payment: HTTP ${res.status} ${await res.clone().text()}`);
  return order.orderRef;
}

test('a result page unmounted while it waits for its next poll leaves the bundle working', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const orderRef = await pendingOrder();
  await mountByApi(page, server, orderRef, { mode: 'result' }, '<div id="checkout"></div><div id="next"></div>');
  const status = await page.locator('#checkout .acw-result').getAttribute('data-status');
  assert.ok(['PENDING', 'PROCESSING'].includes(status), `still open (${status}): the page keeps polling`);
  let polls = 0;
  page.on('request', (req) => { if (req.url().includes(`/orders/${orderRef}`)) polls += 1; });

  await page.evaluate(() => window.AlipayCheckout.unmount('#checkout'));
  // The first poll would come 2 s after the answer: wait past it.
  await page.waitForTimeout(3_500);
  assert.equal(polls, 0, 'no poll after unmounting');

  // The next widget on the page still mounts and runs.
  const next = await createOrder(server, 'tea');
  await page.evaluate((ref) => window.AlipayCheckout.mount('#next', { order: ref }), next.orderRef);
  await page.waitForSelector('#next .acw-methods input[type="radio"]:not([disabled])');
  assert.equal(await page.locator('#checkout .acw').count(), 0, 'the first widget is gone');
  assert.deepEqual(errors, [], 'no error, no trap');
  await context.close();
});

test('unmounted between two app-launch attempts, the widget opens nothing more (phone)', async () => {
  const context = await browser.newContext(PHONE);
  const attempts = await recordAppAttempts(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const order = await createOrder(server, 'adobo');
  await mountByApi(page, server, order.orderRef);
  await chooseMethod(page, 'GCASH');
  await payButton(page).click();
  // The scheme link first; the app link would follow about 1.5 s later.
  await eventually(() => attempts.length === 1, 10_000, 'the first app attempt');
  const at = page.url();
  await page.evaluate(() => window.AlipayCheckout.unmount('#checkout'));
  await page.waitForTimeout(3_000);
  assert.deepEqual(attempts.map((a) => a.kind), ['scheme'], 'no attempt after unmounting');
  assert.equal(page.url(), at, 'the page stayed where it was');
  // The browser reports the scheme link it could not open; nothing else may be logged.
  const others = errors.filter((e) => !/Failed to launch 'gcash:/i.test(e));
  assert.deepEqual(others, [], 'no error, no trap');
  await context.close();
});

const listShown = (page) => page.waitForSelector('#checkout .acw-methods input[type="radio"]:not([disabled])');

/** Holds the page's requests that `matches` picks until `release()`; `seen` counts them. */
async function holdRequests(page, pattern, matches) {
  const held = { seen: 0 };
  const gate = new Promise((ok) => { held.release = ok; });
  await page.route(pattern, async (route) => {
    if (!matches(route.request())) return route.continue();
    held.seen += 1;
    await gate;
    await route.continue().catch(() => {}); // an aborted request has nobody to answer
  });
  return held;
}

/** A desktop page with a new order mounted through the API and Alipay chosen (a redirect on desktop). */
async function alipayChosen() {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const order = await createOrder(server, 'tea');
  await mountByApi(page, server, order.orderRef);
  await listShown(page);
  await chooseMethod(page, 'ALIPAY_CN');
  return { context, page, errors, order };
}

/** Presses pay, unmounts once `held` has caught its request, then lets that request go on. */
async function payAndUnmountWhileHeld(page, held, what) {
  await payButton(page).click();
  await eventually(() => held.seen === 1, 10_000, what);
  await page.evaluate(() => window.AlipayCheckout.unmount('#checkout'));
  held.release();
  await page.waitForTimeout(1_500);
}

test('unmounted while its pay request is in flight, the widget sends the browser nowhere', async () => {
  const { context, page, errors } = await alipayChosen();
  const pay = await holdRequests(page, '**/api/v1/orders/*/payments', (r) => r.method() === 'POST');
  const at = page.url();
  const navigation = watchNavigation(page);
  await payAndUnmountWhileHeld(page, pay, 'the pay request');
  assert.equal(page.url(), at, 'still on the shop page, not on the payment page');
  assert.deepEqual(navigation.navigations, [], 'no navigation at all');
  assert.deepEqual(errors, [], 'no error, no trap');
  await context.close();
});

test('unmounted while the order is checked before paying, no payment is started', async () => {
  const { context, page, errors, order } = await alipayChosen();
  const check = await holdRequests(page, `**/api/v1/orders/${order.orderRef}`, (r) => r.method() === 'GET');
  let started = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && /\/payments$/.test(r.url())) started += 1; });
  await payAndUnmountWhileHeld(page, check, 'the order check');
  assert.equal(started, 0, 'the widget sent no pay request');
  assert.deepEqual(await sandboxRequests(server, order.orderRef), [], 'and the sandbox received none');
  assert.deepEqual(errors, [], 'no error, no trap');
  await context.close();
});
