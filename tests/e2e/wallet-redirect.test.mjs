// One wallet payment end to end: shop -> widget -> sandbox hosted page -> result page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { chooseMethod, waitForUrl } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`a wallet payment completes end to end (${device})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The shop: placing an order leads to the checkout page with the widget.
    await page.goto(`${server.url}/shop/`);
    await page.click('button[data-product="tea"]');
    await page.waitForURL(/\/shop\/checkout\.html\?order=/);

    // Method list: obtained from the server, which consulted the sandbox.
    await page.waitForSelector('.acw-methods');
    const total = await page.textContent('.acw-summary-total');
    assert.match(total, /\$12\.50/, 'the amount is the server\'s, written by Intl for English');
    const payButton = page.locator('button.acw-pay');
    assert.equal(await payButton.isDisabled(), true, 'nothing to pay with until a method is chosen');
    await shot(page, `${device}-01-methods`);

    // Open the Alipay+ category and pay with Alipay.
    await chooseMethod(page, 'ALIPAY_CN');
    await shot(page, `${device}-01b-chosen`);
    assert.equal(await payButton.isDisabled(), false);
    await payButton.click();

    // The sandbox's hosted page: the normalUrl on desktop; on a phone the app link, after the
    // wallet app's scheme link found no app.
    await waitForUrl(page, /\/sandbox\/checkout\//);
    if (device === 'phone') assert.match(page.url(), /via=applink/);
    assert.match(await page.textContent('body'), /12\.50/, 'the sandbox shows the amount');
    await shot(page, `${device}-02-sandbox`);
    if (device === 'phone') {
      // Headless Chromium keeps an invisible "open external app?" prompt after the failed
      // scheme link, which swallows synthetic input: press the button from the page instead.
      await page.locator('#sandbox-pay').evaluate((b) => b.click());
    } else {
      await page.click('#sandbox-pay');
    }

    // Back on the shop's result page: the widget reads SUCCESS from the server.
    await page.waitForURL(/\/shop\/result\.html\?order=/);
    await page.waitForSelector('.acw-result[data-status="SUCCESS"]', { timeout: 15_000 });
    assert.match(await page.textContent('.acw-result-title'), /Payment successful/);
    await page.waitForFunction(() => document.getElementById('shop-status').textContent.includes('SUCCESS'));
    await shot(page, `${device}-03-result`);

    assert.deepEqual(errors, [], 'the page logged no errors');
    await context.close();
  });
}

test('the widget mounts into its element, not into <body>, and unmounts on request', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const order = await (await fetch(`${server.url}/api/v1/orders`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"product":"tea"}',
  })).json();
  // A page elsewhere on the site, with the loader referenced by absolute path.
  await page.goto(`${server.url}/shop/`);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<section id="host-a"></section>');
    const s = document.createElement('script');
    s.src = '/widget/checkout.js';
    document.head.appendChild(s);
    return new Promise((ok) => { s.onload = ok; });
  });
  await page.evaluate(async (orderRef) => {
    window.__handle = await window.AlipayCheckout.mount('#host-a', { order: orderRef });
  }, order.orderRef);
  await page.waitForSelector('#host-a .acw-methods');
  assert.equal(await page.locator('body > .acw').count(), 0, 'nothing is mounted on <body>');
  await page.evaluate(() => window.__handle.unmount());
  assert.equal(await page.locator('#host-a .acw').count(), 0, 'unmount removes the widget');

  // A bad configuration gives a readable message in the element, not a blank box.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<section id="host-b"></section>'));
  const failed = await page.evaluate(() => window.AlipayCheckout.mount('#host-b', {}).then(() => false, () => true));
  assert.equal(failed, true);
  assert.match(await page.textContent('#host-b'), /not set up correctly/);
  await context.close();
});
