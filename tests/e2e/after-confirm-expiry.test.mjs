// After confirm, with payments that expire after 8 seconds (the server's
// --payment-expiry-secs): the countdown runs out, the widget checks at once, the sandbox has
// closed the payment as FAIL, and "Pay again" starts a new attempt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, sandboxRequests, openCheckout, chooseMethod, payButton } from './shop.mjs';
import { panel, waitForPanel, sandboxPayment, merchantPayment, eventually } from './payment.mjs';

let server, browser;
withServerAndBrowser({ extraArgs: ['--payment-expiry-secs', '8'] }, (env) => ({ server, browser } = env));

/** "m:ss" in seconds. */
function seconds(text) {
  const m = text.trim().match(/^(\d+):([0-5]\d)$/);
  assert.ok(m, `a countdown like 7:59: ${JSON.stringify(text)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`an expiring QR payment (${device}): countdown to 0:00, FAIL, then a new attempt`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const order = await createOrder(server, 'kaya');
    await openCheckout(page, server, order.orderRef);
    await chooseMethod(page, 'PAYNOW');
    await payButton(page).click();
    const ref = await waitForPanel(page, 'PROCESSING');
    await page.evaluate(() => {
      window.__expiredCountdown = [];
      const look = () => {
        const c = document.querySelector('p.acw-countdown[data-expired="true"] .acw-countdown-time');
        if (c) window.__expiredCountdown.push(c.textContent);
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const sent = await sandboxPayment(server, order.orderRef, ref);
    assert.ok(sent.request.paymentExpiryTime, 'the merchant asks for its own expiry');
    const askedMs = Date.parse(sent.request.paymentExpiryTime) - Date.now();
    assert.ok(askedMs <= 9_000, `an expiry about 8 s away (${askedMs} ms)`);

    // The countdown starts at 8 s (9 s, rounded up to a whole second, at most) and goes down.
    const countdown = panel(page).locator('p.acw-countdown');
    const time = countdown.locator('.acw-countdown-time');
    assert.equal(await countdown.getAttribute('data-expired'), 'false');
    const first = seconds(await time.textContent());
    assert.ok(first <= 9, `at most 0:09 left (${first} s)`);
    await shot(page, `after-countdown-${device}`);
    await page.waitForTimeout(2000);
    const later = seconds(await time.textContent());
    assert.ok(later < first, `the countdown goes down (${first} s, then ${later} s)`);

    // Time is up: the check made when the countdown ends finds the payment closed, well before
    // the next scheduled check (12 s after the start) would have.
    const expiresAt = Date.parse(sent.request.paymentExpiryTime);
    await page.waitForSelector('section.acw-payment[data-status="FAIL"] .acw-result[data-status="FAIL"]', { timeout: 15_000 });
    const late = Date.now() - expiresAt;
    assert.ok(late < 2000, `checked when the countdown ended (FAIL ${late} ms after the expiry)`);
    // The expired countdown may show only for an instant before FAIL replaces it; when it was
    // seen, it read 0:00.
    const expiredSeen = await page.evaluate(() => window.__expiredCountdown);
    for (const text of expiredSeen) assert.equal(text.trim(), '0:00', 'an expired countdown reads 0:00');
    assert.match(await panel(page).locator('.acw-result-title').textContent(), /Payment failed/);
    assert.equal(await panel(page).locator('.acw-codes').count(), 0, 'no code left to pay an expired payment with');
    assert.equal((await merchantPayment(server, ref)).status, 'FAIL');
    await shot(page, `after-expired-${device}`);

    // Pay again: a new attempt, a new pay request, a fresh countdown.
    await panel(page).locator('button.acw-pay-again').click();
    const again = await eventually(async () => {
      const r = await page.locator('section.acw-payment[data-status="PROCESSING"]').getAttribute('data-payment-ref', { timeout: 500 }).catch(() => null);
      return r && r !== ref && r;
    }, 15_000, 'a new attempt in the panel');
    const requests = await sandboxRequests(server, order.orderRef);
    assert.deepEqual(requests.map((r) => r.paymentRequestId), [ref, again], 'a second pay request for the new attempt');
    assert.equal(requests[0].status, 'FAIL', 'the first one was closed by the sandbox');
    assert.equal(await panel(page).locator('p.acw-countdown').getAttribute('data-expired'), 'false');
    assert.ok(seconds(await panel(page).locator('.acw-countdown-time').textContent()) > 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
