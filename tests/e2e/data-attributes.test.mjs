// The one-tag embedding reads its switches from data attributes as HTML writes booleans: a bare
// attribute (`data-new-tab`) is on, `="false"` is off, no attribute is the default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, watchErrors } from './harness.mjs';
import { createOrder, chooseMethod, payButton, payInNewTab } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** A shop page with only the widget's script tag: `attributes` written into it as they are. */
async function mountByTag(page, orderRef, attributes) {
  await page.goto(`${server.url}/shop/`);
  await page.evaluate(({ orderRef, attributes }) => {
    document.querySelector('main').innerHTML = '<div id="checkout"></div>';
    const s = document.createElement('script');
    s.src = '/widget/checkout.js';
    s.dataset.target = '#checkout';
    s.dataset.order = orderRef;
    for (const [name, value] of Object.entries(attributes)) s.setAttribute(name, value);
    document.head.append(s);
  }, { orderRef, attributes });
  await page.waitForSelector('.acw-methods');
}

const boostRow = (page) => page.locator('.acw-method[data-method="BOOST"]');

test('data-hide-unavailable: bare hides the methods that cannot pay, "false" and none show them', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  // In MYR the sandbox offers Boost switched off.
  const cases = [
    [{ 'data-hide-unavailable': '' }, 0],
    [{ 'data-hide-unavailable': 'false' }, 1],
    [{}, 1],
  ];
  for (const [attributes, expected] of cases) {
    const order = await createOrder(server, 'songket');
    await mountByTag(page, order.orderRef, attributes);
    // Folded categories still hold their rows in the page: count rows, visible or not.
    assert.equal(await boostRow(page).count(), expected, JSON.stringify(attributes));
    if (expected) assert.ok(await boostRow(page).locator('input[type=radio]').isDisabled(), 'shown, but it cannot be chosen');
    assert.ok(await page.locator('.acw-method').count() > 1, 'the other methods are there');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('data-new-tab: bare opens the payment page in a new tab and keeps the shop page', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const order = await createOrder(server, 'chocolate');
  await mountByTag(page, order.orderRef, { 'data-new-tab': '' });
  await chooseMethod(page, 'SOFORT');
  await payInNewTab(page); // resolves once the new tab shows the payment page
  assert.equal(page.url(), `${server.url}/shop/`, 'the shop page stayed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('data-new-tab="false": the payment page opens in the same tab', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const order = await createOrder(server, 'chocolate');
  await mountByTag(page, order.orderRef, { 'data-new-tab': 'false' });
  await chooseMethod(page, 'SOFORT');
  let popups = 0;
  page.on('popup', () => { popups += 1; });
  await payButton(page).click();
  await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
  assert.equal(popups, 0, 'no new tab');
  await context.close();
});
