// A number the widget need not have exact (the payment's expiresAtMs) outside the range it can
// use is an unknown expiry: the pay answer is still read and the QR code still shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, watchErrors } from './harness.mjs';
import { createOrder, openCheckout, chooseMethod, payButton } from './shop.mjs';
import { panel, waitForPanel, decodeQr } from './payment.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** Answers `url` with the server's answer, its expiresAtMs fields replaced by `value` (JSON text). */
async function rewriteExpiry(page, url, value) {
  const seen = [];
  await page.route(url, async (route) => {
    const res = await route.fetch();
    const text = await res.text();
    const body = text.replace(/"expiresAtMs":(-?[0-9.e+]+|null)/g, `"expiresAtMs":${value}`);
    seen.push(body.includes(`"expiresAtMs":${value}`));
    await route.fulfill({ response: res, body });
  });
  return seen;
}

for (const [value, device] of [['1e300', DESKTOP], ['-1', PHONE], ['1.5e16', DESKTOP]]) {
  test(`a pay answer with expiresAtMs ${value} still shows its QR code`, async () => {
    const context = await browser.newContext(device);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const order = await createOrder(server, 'kaya');
    await openCheckout(page, server, order.orderRef);
    const pay = await rewriteExpiry(page, '**/api/v1/orders/*/payments', value);
    const polls = await rewriteExpiry(page, '**/api/v1/payments/*', value);
    await chooseMethod(page, 'PAYNOW');
    await payButton(page).click();
    await waitForPanel(page, 'PROCESSING');
    const qr = panel(page).locator('figure.acw-qr');
    await qr.locator('svg').waitFor();
    assert.match(await decodeQr(qr), /\S/, 'a readable QR code');
    assert.deepEqual(pay, [true], 'the pay answer carried the out-of-range number');
    assert.equal(await page.locator('.acw-notice-error').count(), 0, 'no "could not read" notice');
    // Polls answer the same way: the panel stays.
    await page.waitForTimeout(2500);
    assert.ok(polls.length === 0 || polls.every(Boolean));
    assert.equal(await panel(page).getAttribute('data-status'), 'PROCESSING');
    assert.equal(await page.locator('.acw-notice-error').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
