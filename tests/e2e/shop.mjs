// Steps through the demo shop shared by the end-to-end tests.
import assert from 'node:assert/strict';

/** Creates an order through the merchant API, as the shop's "Buy now" does (`userRegion`: the
 * region the shop's backend gives the order, if any). */
export async function createOrder(server, product, userRegion) {
  const res = await fetch(`${server.url}/api/v1/orders`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ product, userRegion }),
  });
  assert.ok(res.ok, `order for ${product}: HTTP ${res.status}`);
  return res.json();
}

/** What the sandbox received for an order: the pay requests, oldest first. */
export async function sandboxRequests(server, orderRef) {
  const res = await fetch(`${server.url}/sandbox/requests?referenceOrderId=${encodeURIComponent(orderRef)}`);
  assert.equal(res.status, 200);
  return (await res.json()).requests;
}

export async function openCheckout(page, server, orderRef) {
  await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(orderRef)}`);
  await page.waitForSelector('.acw-methods');
}

/** Chooses a method, opening its category first when it is folded. */
export async function chooseMethod(page, method) {
  const row = page.locator(`.acw-method[data-method="${method}"]`);
  if (!(await row.isVisible())) {
    const group = page.locator('.acw-group', { has: row });
    await group.locator('.acw-group-toggle').click();
  }
  await row.locator(':scope > label').click();
  return row;
}

export const payButton = (page) => page.locator('button.acw-pay');

/** Presses pay where the payment page opens in a new tab; resolves with that tab once it shows
 *  the sandbox's payment page. */
export async function payInNewTab(page) {
  const popupOpened = page.waitForEvent('popup', { timeout: 15_000 });
  await payButton(page).click();
  const popup = await popupOpened;
  await popup.waitForURL(/\/sandbox\/checkout\//);
  return popup;
}

/** Waits until the page's URL matches, riding over aborted navigations (an app link that did
 *  not open aborts a navigation before the widget falls back to the next link). */
export async function waitForUrl(page, pattern, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (pattern.test(page.url())) {
      await page.waitForLoadState('load').catch(() => {});
      return;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`the page never reached ${pattern}; it is at ${page.url()}`);
}

/** Mounts the widget through the JS API, as a shop's own page would: the loader added by a
 * script element, then `AlipayCheckout.mount('#checkout', { order, ...options })`, in place of the
 * demo page's content (`markup` holds the #checkout element). Resolves once mount has resolved. */
export async function mountByApi(page, server, orderRef, options = {}, markup = '<div id="checkout"></div>') {
  await page.goto(`${server.url}/shop/`);
  await page.evaluate(async ({ orderRef, options, markup }) => {
    document.querySelector('main').innerHTML = markup;
    const s = document.createElement('script');
    s.src = '/widget/checkout.js';
    await new Promise((ok) => { s.onload = ok; document.head.append(s); });
    await window.AlipayCheckout.mount('#checkout', { order: orderRef, ...options });
  }, { orderRef, options, markup });
}
