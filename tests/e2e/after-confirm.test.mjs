// After confirm, end to end through the demo shop: on-page QR and payment codes with polling,
// the WAP app launch with its fallbacks, a PENDING payment settled by a notification, the
// result page after a closed tab, resuming on reload, the new-tab option, and continuation
// URLs the widget must refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, sandboxRequests, openCheckout, chooseMethod, payButton, payInNewTab, waitForUrl } from './shop.mjs';
import {
  panel, waitForPanel, sandboxPayment, sandboxAction, paymentIdOf, merchantPayment, decodeQr,
  recordAppAttempts, rewriteContinuation, watchNavigation, watchPolls, merchantNotifications,
  eventually, mountWithOptions,
} from './payment.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

const DEVICES = [['desktop', DESKTOP], ['phone', PHONE]];

async function newPage(options = DESKTOP) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Chromium's own note when a deep link has no app to open it is not the page's error. */
const pageErrorsOnly = (errors) => errors.filter((e) => !/Failed to launch '[a-z0-9+.-]+:/i.test(e));

/** Confirms `method` for a new order of `product` on the shop's checkout page. */
async function startPayment(page, product, method) {
  const order = await createOrder(server, product);
  await openCheckout(page, server, order.orderRef);
  await chooseMethod(page, method);
  // The amount the page showed before paying: the one amount every later screen must show.
  order.shownAmount = (await page.locator('.acw-summary .acw-amount').textContent()).trim();
  await payButton(page).click();
  return order;
}

/** The SUCCESS screen inside the panel. */
async function expectPanelSuccess(page, timeout = 20_000) {
  await page.waitForSelector('section.acw-payment[data-status="SUCCESS"] .acw-result[data-status="SUCCESS"]', { timeout });
  assert.match(await page.textContent('section.acw-payment .acw-result-title'), /Payment successful/);
}

/** The shop's result page shows `status`, read from the server, and tells the shop page. */
async function expectResultPage(page, status, timeout = 20_000) {
  await page.waitForURL(/\/shop\/result\.html\?order=/, { timeout });
  await page.waitForSelector(`.acw-result[data-status="${status}"]`, { timeout });
  await page.waitForFunction((s) => document.getElementById('shop-status').textContent.includes(s), status, { timeout });
}

for (const [device, options] of DEVICES) {
  test(`QR code (${device}): scanned on "the phone", paid on the sandbox page, the widget polls to SUCCESS`, async () => {
    const { context, page, errors } = await newPage(options);
    const polls = watchPolls(page);
    const order = await startPayment(page, 'kaya', 'PAYNOW');

    // The codes stay on the page: no redirect for a QR method, on desktop or phone.
    const ref = await waitForPanel(page, 'PROCESSING');
    assert.match(page.url(), /\/shop\/checkout\.html\?order=/, 'the page did not go anywhere');
    assert.equal(await page.locator('.acw-methods').count(), 0, 'the method list is replaced');
    const figure = panel(page).locator('.acw-codes figure.acw-qr');
    assert.equal(await figure.count(), 1, 'one QR code');
    assert.equal(await figure.getAttribute('data-size'), '300', 'BIGIMAGE is drawn at 300 px');
    assert.equal(await figure.locator('svg').count(), 1, 'drawn as an inline SVG');
    const box = await figure.locator('svg').boundingBox();
    assert.ok(box && box.width >= 150, `the QR code is large enough to scan (${box?.width} px wide)`);
    assert.equal(await panel(page).locator('.acw-text-code').count(), 0, 'PayNow has no text code');
    assert.match(await panel(page).locator('p.acw-code-instruction').textContent(), /scan/i);
    // What is being paid stays in view: the method's name and the amount the page showed.
    assert.equal((await panel(page).locator('.acw-paying-method').textContent()).trim(), 'PayNow');
    assert.equal((await panel(page).locator('.acw-paying .acw-amount').textContent()).trim(), order.shownAmount);

    // The QR code, read from pixels, is what the data says and the sandbox's page for this payment.
    const value = await figure.getAttribute('data-value');
    const decoded = await decodeQr(figure);
    assert.equal(decoded, value, 'the drawn QR code encodes data-value');
    const sent = await sandboxPayment(server, order.orderRef, ref);
    assert.equal(sent.request.paymentMethod.paymentMethodType, 'PAYNOW');
    assert.equal(decoded, `${server.url}/sandbox/checkout/${sent.paymentId}`, 'the QR code opens the sandbox page of this payment');
    assert.equal(await panel(page).locator('a.acw-open-page').getAttribute('href'), decoded, 'the page is offered as a secondary link');
    assert.equal((await merchantPayment(server, ref)).status, 'PROCESSING');

    // A countdown to the payment's expiry.
    const countdown = panel(page).locator('p.acw-countdown');
    assert.equal(await countdown.getAttribute('data-expired'), 'false');
    // PayNow payments last 14 min by default: "13:59" or the like; "7:59" when short.
    assert.match((await countdown.locator('.acw-countdown-time').textContent()).trim(), /^(\d+d )?\d+(:[0-5]\d){1,2}$/);
    await shot(page, `after-qr-${device}`);

    // "The phone" opens the scanned address and pays; the checkout page learns it by polling.
    const phone = await browser.newContext(PHONE);
    const scanner = await phone.newPage();
    await scanner.goto(decoded);
    assert.equal((await scanner.textContent('#sandbox-status')).trim(), 'PROCESSING');
    await scanner.click('#sandbox-pay');
    await expectResultPage(scanner, 'SUCCESS');
    await phone.close();

    await expectPanelSuccess(page);
    await shot(page, `after-success-${device}`);
    assert.equal((await panel(page).locator('.acw-result-amount').textContent()).trim(), order.shownAmount, 'one amount everywhere');
    assert.equal(await panel(page).locator('.acw-codes').count(), 0, 'the codes are gone once paid');
    assert.equal(await panel(page).locator('button.acw-pay-again').count(), 0, 'nothing to pay again');

    // Polling: on the backoff schedule from 2 s, never hammering the backend.
    assert.ok(polls.length >= 1, 'the widget asked the backend');
    // One check as the panel comes up (the same as after a reload), then the schedule: the
    // first scheduled check about 2 s later, the next ones further apart.
    const times = polls.map((p) => p.t - polls.started);
    if (times[0] < 500) times.shift();
    assert.ok(times.length >= 1 && times[0] >= 1500, `the first scheduled check comes about 2 s after the start (checks at ${times.join(', ')} ms)`);
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i] - times[i - 1] >= 1500, `checks are at least ~2 s apart (at ${times.join(', ')} ms)`);
    }
    assert.ok(polls.every((p) => p.url.includes(encodeURIComponent(ref))), 'it asks about this payment');
    assert.equal((await sandboxRequests(server, order.orderRef)).length, 1, 'one payment attempt');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`bank transfer (${device}): QR and reference code, copy, "I have paid" checks at once`, async () => {
    const { context, page, errors } = await newPage(options);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const order = await startPayment(page, 'coffee', 'BANKTRANSFER_BCA');
    const ref = await waitForPanel(page, 'PROCESSING');
    const sent = await sandboxPayment(server, order.orderRef, ref);
    assert.equal(sent.request.paymentMethod.paymentMethodType, 'BANKTRANSFER_BCA');

    // Both codes: the small QR and the 16-digit reference to type into the banking app.
    const figure = panel(page).locator('figure.acw-qr');
    assert.equal(await figure.count(), 1);
    assert.equal(await figure.getAttribute('data-size'), '160', 'SMALLIMAGE is drawn at 160 px');
    assert.equal(await decodeQr(figure), `${server.url}/sandbox/checkout/${sent.paymentId}`);
    const textCode = panel(page).locator('div.acw-text-code');
    assert.equal(await textCode.count(), 1);
    const code = (await textCode.locator('code.acw-code-value').textContent()).trim();
    assert.match(code, /^\d{16}$/, 'a 16-digit reference code');
    const hosted = await context.newPage();
    await hosted.goto(`${server.url}/sandbox/checkout/${sent.paymentId}`);
    assert.equal((await hosted.textContent('.sandbox-code')).trim(), code, 'the same code the provider shows');
    await hosted.close();
    assert.match(await panel(page).locator('p.acw-code-instruction').textContent(), /code/i);

    // Copy puts the code on the clipboard and says so.
    await textCode.locator('button.acw-copy').click();
    await page.waitForFunction(() => /Copied/.test(document.querySelector('.acw-copy-status')?.textContent || ''), null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    await shot(page, `after-codes-${device}`);

    // Right after a scheduled check, the user pays at the bank and says so: the widget asks at
    // once, well before its next scheduled check (3 s after the second one).
    for (let i = 0; i < 2; i++) {
      await page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes(`/api/v1/payments/${ref}`), { timeout: 10_000 });
    }
    await sandboxAction(server, sent.paymentId, 'pay');
    const clicked = Date.now();
    await panel(page).locator('button.acw-paid').click();
    await expectPanelSuccess(page, 10_000);
    const took = Date.now() - clicked;
    assert.ok(took < 2500, `"I have paid" checks immediately (SUCCESS after ${took} ms)`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('WAP: the app link is tried after the deep link, and the page after the app link (phone)', async () => {
  const context = await browser.newContext(PHONE);
  const attempts = await recordAppAttempts(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const order = await startPayment(page, 'adobo', 'GCASH');

  // Headless Chromium has no GCash app: the scheme does nothing, the app link loads as a page.
  await waitForUrl(page, /\/sandbox\/checkout\/sbx_[0-9a-f]+\?via=applink/, 15_000);
  const [sent] = await sandboxRequests(server, order.orderRef);
  assert.equal(sent.request.env.terminalType, 'WAP', 'a mobile browser is a WAP terminal');
  assert.equal(sent.request.env.osType, 'ANDROID');
  assert.deepEqual(attempts.map((a) => a.kind), ['scheme', 'applink'], 'scheme first, then the app link, and no further');
  assert.equal(attempts[0].url, `gcash://sandbox/pay?paymentId=${sent.paymentId}`);
  assert.equal(attempts[1].url, `${server.url}/sandbox/checkout/${sent.paymentId}?via=applink`);
  const waited = attempts[1].t - attempts[0].t;
  assert.ok(waited >= 1300 && waited < 6000, `about 1.5 s for the app to take the deep link (${waited} ms)`);
  assert.equal(paymentIdOf(page.url()), sent.paymentId);
  await shot(page, 'after-applink-phone');

  // Headless Chromium leaves a tab that tried an unknown scheme unable to submit forms (seen
  // without the widget too), so the page is paid in a second tab of the same browser.
  const tab = await context.newPage();
  await tab.goto(page.url());
  await tab.click('#sandbox-pay');
  await expectResultPage(tab, 'SUCCESS');
  assert.match(await tab.textContent('.acw-result-title'), /Payment successful/);
  await shot(tab, 'after-success-result-phone');
  assert.deepEqual(pageErrorsOnly(errors), []);
  await context.close();
});

test('PENDING in the panel (desktop, new tab): settled by the provider, known through a notification', async (t) => {
  const { context, page, errors } = await newPage(DESKTOP);
  const order = await createOrder(server, 'chocolate');
  await mountWithOptions(page, server, order.orderRef, { newTab: true });
  await chooseMethod(page, 'SOFORT');
  const popup = await payInNewTab(page);
  const ref = await waitForPanel(page, 'PROCESSING');
  const paymentId = paymentIdOf(popup.url());
  assert.equal((await sandboxPayment(server, order.orderRef, ref)).paymentId, paymentId);

  // The user pays with Sofort; the bank has yet to confirm.
  await popup.click('#sandbox-pay');
  await expectResultPage(popup, 'PENDING');
  await waitForPanel(page, 'PENDING', 30_000);
  assert.match(await panel(page).locator('p.acw-status-line').textContent(), /waiting for the provider/i);
  assert.equal(await panel(page).locator('button.acw-pay-again').count(), 0, 'paid already: no second payment offered');
  await shot(page, 'after-pending-desktop');
  // The tab with the result page is closed, so that nothing asks the sandbox in the meantime.
  await popup.close();

  // The provider confirms: the sandbox notifies the merchant, and the panel follows.
  await sandboxAction(server, paymentId, 'confirm');
  const notes = await eventually(() => {
    const n = merchantNotifications(server, ref);
    return n.some((x) => x.notify_type === 'PAYMENT_RESULT') && n;
  }, 10_000, 'the merchant receives the PAYMENT_RESULT notification');
  assert.deepEqual(notes.map((x) => x.notify_type), ['PAYMENT_PENDING', 'PAYMENT_RESULT'], 'notified of PENDING, then of the result');
  const result = notes[1];
  assert.equal(result.result_status, 'S');
  assert.equal(Boolean(result.verified), true, 'signed by the sandbox, verified by the merchant');
  assert.equal(result.outcome, 'APPLIED', 'the notification settled the payment');
  await expectPanelSuccess(page, 30_000);
  await shot(page, 'after-pending-settled-desktop');
  assert.equal(page.url(), `${server.url}/shop/`, 'the first page stayed where it was');
  assert.deepEqual(errors, []);
  await context.close();
});

test('PENDING on the result page (phone): updates itself once the provider confirms', async () => {
  const { context, page, errors } = await newPage(PHONE);
  await startPayment(page, 'chocolate', 'SOFORT');
  await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
  const paymentId = paymentIdOf(page.url());
  await page.click('#sandbox-pay');
  await expectResultPage(page, 'PENDING');
  await shot(page, 'after-pending-phone');
  await sandboxAction(server, paymentId, 'confirm');
  await expectResultPage(page, 'SUCCESS', 30_000);
  await shot(page, 'after-pending-settled-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tab closed mid-payment: the result page shows the open payment, then the paid one', async () => {
  const first = await newPage(DESKTOP);
  const order = await startPayment(first.page, 'kaya', 'PAYNOW');
  const ref = await waitForPanel(first.page, 'PROCESSING');
  const pageUrl = await panel(first.page).locator('figure.acw-qr').getAttribute('data-value');
  await first.context.close();

  // Later, in a new tab (no session storage), the user opens the shop's result page.
  const { context, page, errors } = await newPage(DESKTOP);
  await page.goto(`${server.url}/shop/result.html?order=${encodeURIComponent(order.orderRef)}`);
  await page.waitForSelector('.acw-result[data-status="PROCESSING"]', { timeout: 15_000 });
  await page.waitForFunction(() => document.getElementById('shop-status').textContent.includes('PROCESSING'));
  await shot(page, 'after-processing-result-desktop');

  // Meanwhile the payment is made on the phone; the result page follows by itself.
  const phone = await browser.newContext(PHONE);
  const scanner = await phone.newPage();
  await scanner.goto(pageUrl);
  await scanner.click('#sandbox-pay');
  await phone.close();
  await page.waitForSelector('.acw-result[data-status="SUCCESS"]', { timeout: 20_000 });
  assert.match(await page.textContent('.acw-result-title'), /Payment successful/);
  assert.equal((await merchantPayment(server, ref)).status, 'SUCCESS');
  await shot(page, 'after-success-result-desktop');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reloading mid-payment resumes the same payment, which then completes', async () => {
  const { context, page, errors } = await newPage(DESKTOP);
  const order = await startPayment(page, 'kaya', 'PAYNOW');
  const ref = await waitForPanel(page, 'PROCESSING');
  const value = await panel(page).locator('figure.acw-qr').getAttribute('data-value');

  await page.reload();
  const resumed = await waitForPanel(page, 'PROCESSING');
  assert.equal(resumed, ref, 'the same payment after a reload');
  assert.equal(await panel(page).locator('figure.acw-qr').getAttribute('data-value'), value, 'with the same QR code');
  assert.equal(await page.locator('.acw-methods').count(), 0, 'not the method list');
  assert.equal((await sandboxRequests(server, order.orderRef)).length, 1, 'no new pay request');
  await shot(page, 'after-resumed-desktop');

  // The resumed panel keeps watching: paid on the phone, it shows SUCCESS.
  await sandboxAction(server, paymentIdOf(value), 'pay');
  await expectPanelSuccess(page);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Fails the panel's payment at the sandbox, then clicks "Pay again"; returns the new paymentRef. */
async function failAndPayAgain(page, orderRef, ref, shotName) {
  const sent = await sandboxPayment(server, orderRef, ref);
  await sandboxAction(server, sent.paymentId, 'fail');
  // "I have paid" asks at once; a scheduled poll may learn of the failure first and replace the
  // button with the result card, which is what the click waits for anyway.
  const failed = 'section.acw-payment[data-status="FAIL"] .acw-result[data-status="FAIL"]';
  await panel(page).locator('button.acw-paid').click({ timeout: 5_000 }).catch(async (e) => {
    if ((await page.locator(failed).count()) === 0) throw e;
  });
  await page.waitForSelector(failed, { timeout: 15_000 });
  assert.match(await panel(page).locator('.acw-result-title').textContent(), /Payment failed/);
  if (shotName) await shot(page, shotName);
  const before = (await sandboxRequests(server, orderRef)).length;
  await panel(page).locator('button.acw-pay-again').click();
  const again = await eventually(async () => {
    const r = await page.locator('section.acw-payment[data-status="PROCESSING"]').getAttribute('data-payment-ref', { timeout: 500 }).catch(() => null);
    return r && r !== ref && r;
  }, 15_000, '"Pay again" shows a new attempt in the panel');
  const requests = await sandboxRequests(server, orderRef);
  assert.equal(requests.length, before + 1, 'one more pay request');
  assert.equal(requests.at(-1).paymentRequestId, again);
  assert.equal(requests.at(-1).request.paymentMethod.paymentMethodType, 'PAYNOW', 'with the same method');
  assert.notEqual(await panel(page).locator('figure.acw-qr').getAttribute('data-value'),
    `${server.url}/sandbox/checkout/${sent.paymentId}`, 'and a new code');
  return again;
}

test('a failed payment is paid again as a new attempt, or another method is chosen', async () => {
  const { context, page, errors } = await newPage(DESKTOP);
  const order = await startPayment(page, 'kaya', 'PAYNOW');
  const first = await waitForPanel(page, 'PROCESSING');
  const second = await failAndPayAgain(page, order.orderRef, first, 'after-fail-desktop');
  await shot(page, 'after-pay-again-desktop');

  // Reloading now resumes the new attempt, not the failed one.
  await page.reload();
  assert.equal(await waitForPanel(page, 'PROCESSING'), second);

  // Another method instead: back to the list.
  await panel(page).locator('button.acw-change-method').click();
  await page.waitForSelector('.acw-methods', { timeout: 10_000 });
  assert.equal(await panel(page).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after a reload, "Pay again" on a failed payment also starts a new attempt', async () => {
  const { context, page, errors } = await newPage(DESKTOP);
  const order = await startPayment(page, 'kaya', 'PAYNOW');
  const first = await waitForPanel(page, 'PROCESSING');
  await page.reload();
  assert.equal(await waitForPanel(page, 'PROCESSING'), first);
  // PayNow has no fields to fill in again: the same method, a new attempt.
  await failAndPayAgain(page, order.orderRef, first);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the new-tab option: the hosted page opens in a popup, this page keeps polling to SUCCESS', async () => {
  const { context, page, errors } = await newPage(DESKTOP);
  const order = await createOrder(server, 'tea');
  await mountWithOptions(page, server, order.orderRef, { newTab: true });
  await chooseMethod(page, 'ALIPAY_CN');
  const popup = await payInNewTab(page);
  const ref = await waitForPanel(page, 'PROCESSING');
  assert.equal((await sandboxPayment(server, order.orderRef, ref)).paymentId, paymentIdOf(popup.url()));
  assert.equal(page.url(), `${server.url}/shop/`, 'this page stays');
  await shot(page, 'after-newtab-desktop');

  await popup.click('#sandbox-pay');
  await expectResultPage(popup, 'SUCCESS');
  await expectPanelSuccess(page);
  assert.equal(page.url(), `${server.url}/shop/`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile continuation (desktop): a javascript: normalUrl is refused with an error, nothing opens', async () => {
  const { context, page } = await newPage(DESKTOP);
  const seen = watchNavigation(page);
  await rewriteContinuation(page, (c) => { c.normalUrl = 'javascript:alert(1)'; c.applinkUrl = null; });
  await startPayment(page, 'tea', 'ALIPAY_CN');
  const alert = page.locator('#checkout [role="alert"]').filter({ hasText: /\S/ });
  await alert.first().waitFor({ timeout: 15_000 });
  assert.match(await alert.first().textContent(), /unsafe/i, 'the user is told why');
  await page.waitForTimeout(1500);
  assert.equal(seen.navigations.length, 1, `only the checkout page was loaded: ${seen.navigations}`);
  assert.match(page.url(), /\/shop\/checkout\.html\?order=/);
  assert.deepEqual(seen.dialogs, [], 'no script ran');
  await shot(page, 'after-refused-desktop');
  await context.close();
});

test('hostile continuation (phone): data: and javascript: addresses are never opened', async () => {
  // Nothing safe at all: an error, no attempt, no navigation.
  {
    const context = await browser.newContext(PHONE);
    const attempts = await recordAppAttempts(context);
    const page = await context.newPage();
    const seen = watchNavigation(page);
    await rewriteContinuation(page, (c) => {
      c.schemeUrl = 'data:text/html,x'; c.applinkUrl = null; c.normalUrl = 'javascript:alert(1)';
    });
    await startPayment(page, 'adobo', 'GCASH');
    const alert = page.locator('#checkout [role="alert"]').filter({ hasText: /\S/ }).first();
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await alert.textContent(), /unsafe/i, 'the user is told why');
    await page.waitForTimeout(2000);
    assert.deepEqual(attempts, [], 'nothing was attempted');
    assert.equal(seen.navigations.length, 1, `only the checkout page was loaded: ${seen.navigations}`);
    assert.deepEqual(seen.dialogs, []);
    await shot(page, 'after-refused-phone');
    await context.close();
  }
  // Only the deep link is hostile: it is skipped and the app link is used.
  {
    const context = await browser.newContext(PHONE);
    const attempts = await recordAppAttempts(context);
    const page = await context.newPage();
    const seen = watchNavigation(page);
    await rewriteContinuation(page, (c) => { c.schemeUrl = 'data:text/html,x'; });
    await startPayment(page, 'adobo', 'GCASH');
    await waitForUrl(page, /\/sandbox\/checkout\/sbx_[0-9a-f]+\?via=applink/, 15_000);
    assert.deepEqual(attempts.map((a) => a.kind), ['applink']);
    assert.ok(seen.navigations.every((u) => /^http:/.test(u)), `only web pages were loaded: ${seen.navigations}`);
    await context.close();
  }
});
