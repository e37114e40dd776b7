// The demo shop under a strict Content-Security-Policy, sent by the reference server itself:
// shop page, checkout with the widget, a QR code on screen, the payment page and the shop's
// result page, on desktop and phone, without a single violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { chooseMethod, payButton, waitForUrl } from './shop.mjs';
import { panel, waitForPanel } from './payment.mjs';
import { STRICT_CSP, recordViolations } from './csp.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** The page's own policy header, as the server sent it. */
function policyOf(response) {
  assert.ok(response, 'a navigation response');
  return response.headers()['content-security-policy'];
}

for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`strict CSP (${device}): order, methods, QR code, payment and result page with no violation`, async () => {
    const context = await browser.newContext(options);
    const violations = await recordViolations(context);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The shop: its "Buy now" script is a file the policy allows.
    assert.equal(policyOf(await page.goto(`${server.url}/shop/`)), STRICT_CSP, 'the shop page sends the strict policy');
    const checkout = page.waitForResponse((r) => r.url().includes('/shop/checkout.html'));
    await page.click('button[data-product="kaya"]');
    assert.equal(policyOf(await checkout), STRICT_CSP, 'the checkout page sends the strict policy');
    await page.waitForSelector('.acw-methods');
    await page.waitForSelector('.acw-method-logo');

    await chooseMethod(page, 'PAYNOW');
    await payButton(page).click();
    const ref = await waitForPanel(page, 'PROCESSING');
    const figure = panel(page).locator('figure.acw-qr');
    await figure.locator('svg').waitFor();
    // Drawn at its size without a style attribute: 300 px for BIGIMAGE (less on a narrow phone).
    const look = await figure.evaluate((f) => ({
      style: f.getAttribute('style'),
      svg: f.querySelector('svg').getBoundingClientRect().width,
      panel: f.closest('section').getBoundingClientRect().width,
    }));
    assert.equal(look.style, null, 'no inline style on the QR figure');
    const fits = device === 'desktop' ? look.svg === 300 : look.svg >= 150 && look.svg <= 300;
    assert.ok(fits, `the QR code is ${look.svg} px wide in a ${look.panel} px panel`);
    await shot(page, `csp-qr-${device}`);

    // "The phone" pays on the sandbox page it scanned; it lands on the shop's result page.
    const value = await figure.getAttribute('data-value');
    const scanner = await context.newPage();
    await scanner.goto(value);
    await scanner.click('#sandbox-pay');
    await waitForUrl(scanner, /\/shop\/result\.html\?order=/);
    await scanner.waitForSelector('.acw-result[data-status="SUCCESS"]');
    // The result page's own script (a file) heard the widget's status event.
    await scanner.waitForFunction(() => /SUCCESS/.test(document.getElementById('shop-status').textContent));
    const reload = await scanner.reload();
    assert.equal(policyOf(reload), STRICT_CSP, 'the result page sends the strict policy');
    await scanner.waitForSelector('.acw-result[data-status="SUCCESS"]');

    // The checkout page learns it by polling.
    await page.waitForSelector(`section.acw-payment[data-payment-ref="${ref}"][data-status="SUCCESS"]`, { timeout: 20_000 });
    await shot(page, `csp-success-${device}`);

    assert.deepEqual(violations, [], 'no Content-Security-Policy violation on any page');
    assert.deepEqual(errors, []);

    // The watch is not deaf: an inline style attribute on this page is reported.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await page.waitForTimeout(300);
    assert.ok(violations.some((v) => v.directive === 'style-src-attr'), `a style attribute is a violation: ${JSON.stringify(violations)}`);
    await context.close();
  });
}
