// The payment method page through the demo shop: extra fields for BLIK, Przelewy24, iDEAL and
// Mercado Pago, exactly what reaches the sandbox, one pay request per confirm, and error paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, sandboxRequests, openCheckout, chooseMethod, payButton, mountByApi } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

async function newPage(options = DESKTOP) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Types into the chosen method's field, leaves it, and returns the field's error text. */
async function fill(row, value) {
  const input = row.locator('.acw-field input').first();
  const look = await input.evaluate((e) => ({ opacity: getComputedStyle(e).opacity, width: e.getBoundingClientRect().width }));
  assert.equal(look.opacity, '1', 'the field can be seen');
  assert.ok(look.width > 150, 'the field is wide enough to type into');
  await input.fill(value);
  await input.blur();
  return (await row.locator('.acw-field-error').first().textContent()).trim();
}

// Each method: what the user types wrong, then right, and what the sandbox must receive.
const CASES = [
  { product: 'pierogi', method: 'BLIK', bad: '12345', good: '123 456', key: 'blikCode', sent: '123456' },
  { product: 'pierogi', method: 'P24', bad: 'jan@', good: ' jan.kowalski@example.pl ', key: 'payerEmail', sent: 'jan.kowalski@example.pl' },
  { product: 'acai', method: 'MERCADOPAGO_BR', bad: '529.982.247-26', good: '52998224725', key: 'cpf', sent: '52998224725' },
  { product: 'salsa', method: 'MERCADOPAGO_MX', bad: 'maria@ejemplo', good: 'maria@ejemplo.mx', key: 'payerEmail', sent: 'maria@ejemplo.mx' },
];

for (const c of CASES) {
  test(`${c.method}: the field is validated on the page and the sandbox receives exactly ${c.key}`, async () => {
    const { context, page, errors } = await newPage();
    const order = await createOrder(server, c.product);
    await openCheckout(page, server, order.orderRef);
    const row = await chooseMethod(page, c.method);

    assert.notEqual(await fill(row, c.bad), '', 'a wrong value shows an error at the field');
    assert.equal(await row.locator('.acw-field input').first().getAttribute('aria-invalid'), 'true');
    await payButton(page).click();
    await page.waitForTimeout(300);
    assert.equal((await sandboxRequests(server, order.orderRef)).length, 0, 'confirm is blocked until the field is fixed');
    const focused = await page.evaluate(() => document.activeElement?.closest('.acw-field') !== null);
    assert.ok(focused, 'focus moves to the field to fix');
    if (c.method === 'MERCADOPAGO_BR') {
      await row.locator('.acw-field input').first().fill('');
      await row.locator('.acw-field input').first().type('52998224725');
      assert.equal(await row.locator('.acw-field input').first().inputValue(), '529.982.247-25', 'the CPF is masked while typing');
    }
    assert.equal(await fill(row, c.good), '', 'the error clears once the value is right');
    await shot(page, `method-${c.method.toLowerCase()}-filled`);

    await payButton(page).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    const requests = await sandboxRequests(server, order.orderRef);
    assert.equal(requests.length, 1, 'one confirm, one pay request');
    const sent = requests[0].request;
    assert.deepEqual(sent.paymentMethod, { paymentMethodType: c.method, paymentMethodMetaData: { [c.key]: c.sent } });
    assert.equal(sent.paymentAmount.value, order.amount.value, 'the amount is the server\'s');
    if (c.method === 'BLIK') {
      assert.ok(sent.env.clientIp, 'BLIK carries the client IP, added by the server');
      assert.match(sent.env.userAgent, /Chrome/, 'and the browser\'s user agent');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('iDEAL: a common bank is one tap away and its BIC reaches the sandbox', async () => {
  const { context, page, errors } = await newPage();
  const order = await createOrder(server, 'chocolate');
  await openCheckout(page, server, order.orderRef);
  const toggle = page.locator('.acw-group[data-group="online-banking"] .acw-group-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'categories start folded');
  assert.match(await toggle.textContent(), /\d+ methods/, 'a category says how many methods it holds');
  const row = await chooseMethod(page, 'IDEAL');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');

  await payButton(page).click();
  assert.notEqual((await row.locator('.acw-field-error').textContent()).trim(), '', 'a bank must be chosen');
  const chips = row.locator('.acw-bank-chip');
  assert.ok(await chips.count() >= 3, 'common banks as chips');
  await row.locator('.acw-bank-search').fill('ing');
  assert.ok(await row.locator('.acw-bank-list li').count() >= 1, 'the list is searchable');
  await chips.filter({ hasText: 'ING' }).click();
  assert.equal(await chips.filter({ hasText: 'ING' }).getAttribute('aria-pressed'), 'true');
  await shot(page, 'method-ideal-bank');

  await payButton(page).click();
  await page.waitForURL(/\/sandbox\/checkout\//);
  const requests = await sandboxRequests(server, order.orderRef);
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0].request.paymentMethod.paymentMethodMetaData, { bankIdentifierCode: 'INGBNL2A' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a double click and Enter presses send exactly one pay request', async () => {
  const { context, page } = await newPage();
  const order = await createOrder(server, 'tea');
  await openCheckout(page, server, order.orderRef);
  await chooseMethod(page, 'ALIPAY_CN');
  // Hold the answer back so the clicks land while the request is in flight.
  await page.route('**/api/v1/orders/*/payments', async (route) => {
    await new Promise((ok) => setTimeout(ok, 800));
    await route.continue();
  });
  await payButton(page).dblclick();
  await payButton(page).press('Enter').catch(() => {});
  assert.equal(await payButton(page).isDisabled(), true, 'disabled from click until the answer');
  assert.equal(await payButton(page).getAttribute('aria-busy'), 'true');
  await page.waitForURL(/\/sandbox\/checkout\//);
  assert.equal((await sandboxRequests(server, order.orderRef)).length, 1);
  await context.close();
});

test('server down, slow server and a refused payment each end in a usable page', async () => {
  const { context, page } = await newPage(PHONE);
  const order = await createOrder(server, 'pierogi');
  // Mounted through the JS API with a short deadline, as a shop might configure it.
  await mountByApi(page, server, order.orderRef, { timeoutMs: 1500 });
  await page.waitForSelector('.acw-methods');
  const row = await chooseMethod(page, 'BLIK');
  await fill(row, '777777');

  // 1. The backend is unreachable.
  await page.route('**/api/v1/orders/*/payments', (route) => route.abort('connectionrefused'));
  await payButton(page).click();
  await page.waitForSelector('.acw-error [role=alert]');
  assert.match(await page.textContent('.acw-error'), /could not reach the shop/);
  assert.equal(await payButton(page).isDisabled(), false, 'the user can try again');
  await shot(page, 'phone-error-server-down');

  // 2. The backend is too slow: the deadline ends the wait.
  await page.unroute('**/api/v1/orders/*/payments');
  await page.route('**/api/v1/orders/*/payments', async (route) => {
    await new Promise((ok) => setTimeout(ok, 4000));
    await route.abort().catch(() => {});
  });
  await page.locator('.acw-retry').click();
  await page.waitForFunction(() => /took too long/.test(document.querySelector('.acw-error')?.textContent || ''), null, { timeout: 5000 });

  // 3. The sandbox refuses the payment (the code is tampered with on the way).
  await page.unroute('**/api/v1/orders/*/payments');
  await page.route('**/api/v1/orders/*/payments', (route) => {
    const body = JSON.parse(route.request().postData());
    body.paymentMethodMetaData.blikCode = '12';
    route.continue({ postData: JSON.stringify(body) });
  });
  await page.locator('.acw-retry').click().catch(() => payButton(page).click());
  await page.waitForFunction(() => /could not be started/.test(document.querySelector('.acw-error')?.textContent || ''));
  assert.match(await page.textContent('.acw-error'), /blikCode/, 'the provider\'s reason is shown');
  await shot(page, 'phone-error-refused');

  // And the page still works: an honest retry goes through.
  await page.unroute('**/api/v1/orders/*/payments');
  await payButton(page).click();
  await page.waitForURL(/\/sandbox\/checkout\//);
  const requests = await sandboxRequests(server, order.orderRef);
  assert.equal(requests.length, 1, 'only the successful attempt reached the sandbox');
  assert.equal(requests[0].request.paymentMethod.paymentMethodMetaData.blikCode, '777777');
  await context.close();
});

test('an answer the widget cannot read offers a retry that recovers, without a reload', async () => {
  const { context, page } = await newPage(PHONE);
  const order = await createOrder(server, 'pierogi');
  // Each kind of unreadable methods answer once, then the real one.
  const garbled = [
    { status: 200, contentType: 'application/json', body: '{"order": ' },
    { status: 200, contentType: 'application/json', body: '' },
    { status: 200, contentType: 'application/json', body: '{"order": {"orderRef": "x"}, "paymentOptions": "none"}' },
  ];
  let served = 0;
  await page.route('**/api/v1/orders/*/payment-methods', (route) => {
    const answer = garbled[served++];
    return answer ? route.fulfill(answer) : route.continue();
  });
  await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}`);
  const until = async (ok) => {
    for (let t = 0; t < 200 && !ok(); t++) await new Promise((r) => setTimeout(r, 50));
  };
  for (let i = 0; i < garbled.length; i++) {
    await until(() => served > i);
    const retry = page.locator('.acw-error .acw-retry');
    await retry.waitFor({ timeout: 10_000 });
    assert.match(await page.textContent('.acw-error'), /could not read/i, `garbled answer ${i + 1} is told`);
    assert.equal(await page.locator('.acw-methods').count(), 0, `garbled answer ${i + 1}: no list`);
    await retry.click();
    await until(() => served > i + 1);
  }
  await page.waitForSelector('.acw-methods input[type=radio]');
  assert.equal(served, garbled.length + 1, 'each retry asked the backend again');
  await context.close();
});

test('the page speaks Simplified Chinese, and a shop can add a language without code', async () => {
  const { context, page } = await newPage();
  const order = await createOrder(server, 'tea');
  await page.goto(`${server.url}/shop/`);
  await page.evaluate(async (orderRef) => {
    document.querySelector('main').innerHTML = '<div id="zh"></div><div id="fr"></div>';
    const s = document.createElement('script');
    s.src = '/widget/checkout.js';
    document.head.appendChild(s);
    await new Promise((ok) => { s.onload = ok; });
    await window.AlipayCheckout.mount('#zh', { order: orderRef, locale: 'zh-CN' });
    await window.AlipayCheckout.mount('#fr', { order: orderRef, locale: 'fr', translations: { fr: { choose_method: 'Choisissez un moyen de paiement' } } });
  }, order.orderRef);
  await page.waitForSelector('#zh .acw-methods');
  await page.waitForSelector('#fr .acw-methods');
  assert.match(await page.textContent('#zh .acw-legend'), /请选择支付方式/);
  assert.match(await page.textContent('#fr .acw-legend'), /Choisissez un moyen de paiement/);
  assert.match(await page.textContent('#fr .acw-pay'), /Pay/, 'missing keys fall back to English');
  await context.close();
});

test('the keyboard opens a category and walks the radio group', async () => {
  const { context, page } = await newPage();
  const order = await createOrder(server, 'chocolate');
  await openCheckout(page, server, order.orderRef);
  const toggle = page.locator('.acw-group[data-group="online-banking"] .acw-group-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'Enter opens the category');

  // Tab reaches the group's chosen-or-first radio; arrows move the choice like any radio group.
  const ideal = page.locator('.acw-method[data-method="IDEAL"] > input');
  await ideal.focus();
  await page.keyboard.press('Space');
  assert.equal(await ideal.isChecked(), true);
  await page.keyboard.press('ArrowDown');
  const next = page.locator('.acw-method[data-method="P24"] > input');
  assert.equal(await next.isChecked(), true, 'ArrowDown chooses the next method');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.acw-method')?.dataset.method), 'P24');
  assert.equal(await page.locator('.acw-method[data-method="P24"] .acw-field input').count(), 1, 'its field appears');
  await page.keyboard.press('ArrowUp');
  assert.equal(await ideal.isChecked(), true, 'ArrowUp goes back');
  assert.equal(await payButton(page).isDisabled(), false);
  await context.close();
});
