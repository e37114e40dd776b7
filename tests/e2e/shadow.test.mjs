// The shadow-DOM option (data-shadow / shadow: true) and two widgets on one page, under the
// demo shop's strict CSP: each widget keeps its own order and state, the shop's hostile CSS does
// not reach a shadow widget, the widget's CSS does not reach the shop, theming still applies,
// and unmounting one leaves the other working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, shot, watchErrors } from './harness.mjs';
import { createOrder } from './shop.mjs';
import { STRICT_CSP, recordViolations } from './csp.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/**
 * Serves a test page at /shop/two.html from the server's origin (strict CSP included) with the
 * given body, the loader's tag mounting #a (`tag` its data attributes), and /shop/two.js (`js`)
 * after it; /shop/hostile.css is `css`.
 */
async function twoWidgetPage({ tag, js, css = '', body }) {
  const context = await browser.newContext(DESKTOP);
  const violations = await recordViolations(context);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two widgets</title>
    <link rel="icon" href="data:,"><link rel="stylesheet" href="shop.css"><link rel="stylesheet" href="hostile.css"></head>
    <body><main>${body}</main>
    <script src="/widget/checkout.js" data-target="#a" data-api="/api/v1" ${tag}></script>
    <script src="two.js"></script></body></html>`;
  const files = {
    'two.html': ['text/html', html], 'two.js': ['text/javascript', js], 'hostile.css': ['text/css', css],
  };
  await context.route(`${server.url}/shop/*`, (route) => {
    const file = files[new URL(route.request().url()).pathname.slice('/shop/'.length)];
    if (!file) return route.continue();
    return route.fulfill({ contentType: file[0], body: file[1], headers: { 'Content-Security-Policy': STRICT_CSP } });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/shop/two.html`);
  return { context, page, errors, violations };
}

/** Listens on both hosts for the widgets' status events (they must leave the shadow root). */
const STATUS_LOG = `window.statuses = [];
['a', 'b'].forEach(function (id) {
  document.getElementById(id).addEventListener('alipay-checkout:status', function (e) {
    window.statuses.push({ host: id, target: e.target.id, order: e.detail.orderRef, status: e.detail.status });
  });
});`;

/** Chooses a method inside one widget (`scope` a locator of its host), unfolding its category. */
async function choose(scope, method) {
  const row = scope.locator(`.acw-method[data-method="${method}"]`);
  if (!(await row.isVisible())) await scope.locator('.acw-group', { has: row }).locator('.acw-group-toggle').click();
  await row.locator(':scope > label').click();
  return row;
}

const checked = (scope) => scope.locator('input[type="radio"]:checked').evaluateAll((l) => l.map((i) => i.value));

/** BLIK in `scope`: pay with the code empty, wait until `focused()` (run in the page) sees the
 * focus moved to the code field, type a code and pay: the sandbox's page opens. */
async function payBlikAfterTheFieldTakesFocus(page, scope, focused) {
  const row = await choose(scope, 'BLIK');
  await scope.locator('button.acw-pay').click();
  await page.waitForFunction(focused, null, { timeout: 5000 });
  await row.locator('.acw-field input').first().fill('777123');
  await scope.locator('button.acw-pay').click();
  await page.waitForURL(/\/sandbox\/checkout\//);
}

test('two widgets, one in a shadow root and one not: separate orders and state; unmounting one keeps the other', async () => {
  const [sgd, pln] = [await createOrder(server, 'kaya'), await createOrder(server, 'pierogi')];
  const { context, page, errors, violations } = await twoWidgetPage({
    tag: `data-shadow data-order="${sgd.orderRef}"`,
    js: `${STATUS_LOG}\nAlipayCheckout.mount('#b', { order: ${JSON.stringify(pln.orderRef)}, api: '/api/v1' });`,
    body: '<div id="a"></div><div id="b"></div>',
  });
  const [a, b] = [page.locator('#a'), page.locator('#b')];
  await a.locator('.acw-methods').waitFor();
  await b.locator('.acw-methods').waitFor();
  const where = await page.evaluate(() => ({
    aShadow: !!document.getElementById('a').shadowRoot?.querySelector('.acw-shadow > .acw'),
    aLight: document.querySelectorAll('#a .acw').length,
    bShadow: !!document.getElementById('b').shadowRoot,
    bLight: document.querySelectorAll('#b > .acw').length,
  }));
  assert.deepEqual(where, { aShadow: true, aLight: 0, bShadow: false, bLight: 1 }, 'A in its shadow root, B in the page');

  // Each shows its own order's amount.
  assert.match(await a.locator('.acw-summary .acw-amount').textContent(), /8[.,]50/);
  assert.match(await b.locator('.acw-summary .acw-amount').textContent(), /39[.,]00/);
  assert.equal(await a.locator('.acw-method[data-method="BLIK"]').count(), 0, 'A lists its order\'s methods');
  assert.equal(await b.locator('.acw-method[data-method="BLIK"]').count(), 1, 'B lists its order\'s methods');

  // Choosing in one does not change the other.
  const bBefore = await checked(b);
  await choose(a, 'PAYNOW');
  assert.deepEqual(await checked(a), ['PAYNOW']);
  assert.deepEqual(await checked(b), bBefore, 'B\'s choice is untouched');

  // Paying in A brings its QR code; B stays on its list.
  await a.locator('button.acw-pay').click();
  await a.locator('section.acw-payment[data-status="PROCESSING"] figure.acw-qr svg').waitFor();
  assert.equal(await b.locator('.acw-payment').count(), 0, 'B shows no payment');
  assert.ok(await b.locator('.acw-methods').isVisible(), 'B is still on its list');
  assert.equal(await b.locator('button.acw-pay').isDisabled(), !bBefore.length, 'B\'s pay button as it was');
  await shot(page, 'shadow-two-widgets');
  // A's status events left its shadow root: heard on its host, with the host as the target.
  const statuses = await page.evaluate(() => window.statuses);
  assert.ok(statuses.some((s) => s.host === 'a' && s.target === 'a' && s.order === sgd.orderRef && s.status === 'PROCESSING'),
    `A's PROCESSING heard on #a: ${JSON.stringify(statuses)}`);
  assert.ok(statuses.every((s) => (s.host === 'a') === (s.order === sgd.orderRef)), `each host hears its own widget only: ${JSON.stringify(statuses)}`);

  // Unmount A: its root is emptied; B goes on, field focus included.
  assert.equal(await page.evaluate(() => AlipayCheckout.unmount('#a')), true);
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.querySelectorAll('.acw').length), 0, 'A is gone');
  await payBlikAfterTheFieldTakesFocus(page, b, () => document.activeElement?.closest('#b .acw-field') != null);

  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(errors, []);
  await context.close();
});

// The shop's styles at their worst, a theming variable on A's host, and decoys: the shop's own
// elements that happen to carry the widget's class names.
const HOSTILE = `* { color: rgb(255, 0, 0) !important; font-size: 40px !important; letter-spacing: 9px !important; }
.acw, .acw-methods, .acw-method { display: none !important; }
button { background: rgb(0, 255, 0) !important; }
#a { --acw-accent: rgb(10, 125, 79); }`;

test('shadow widgets: the shop\'s CSS does not reach them, theirs does not reach the shop, theming still applies', async () => {
  const [sgd, pln] = [await createOrder(server, 'kaya'), await createOrder(server, 'pierogi')];
  const { context, page, errors, violations } = await twoWidgetPage({
    tag: `data-shadow data-order="${sgd.orderRef}"`,
    js: `${STATUS_LOG}\nAlipayCheckout.mount('#b', { order: ${JSON.stringify(pln.orderRef)}, shadow: true, theme: 'dark' });`,
    css: HOSTILE,
    body: '<div id="a"></div><div id="b"></div><p><span class="acw-amount" id="decoy-amount">1.00</span></p>' +
      '<figure class="acw-qr" id="decoy-qr">QR</figure><button class="acw-pay" id="decoy-pay">Shop button</button>',
  });
  const [a, b] = [page.locator('#a'), page.locator('#b')];
  await a.locator('.acw-methods').waitFor();
  await b.locator('.acw-methods').waitFor();
  const bBefore = await checked(b);
  await choose(a, 'PAYNOW');

  const look = (scope) => scope.evaluate((host) => {
    const root = host.shadowRoot.querySelector('.acw');
    const s = getComputedStyle(root);
    const name = getComputedStyle(host.shadowRoot.querySelector('.acw-method-name'));
    const pay = getComputedStyle(host.shadowRoot.querySelector('.acw-pay'));
    return {
      display: s.display, color: s.color, fontSize: s.fontSize, letterSpacing: s.letterSpacing, scheme: s.colorScheme,
      nameColor: name.color, nameSize: name.fontSize, payBackground: pay.backgroundColor,
      methodsShown: host.shadowRoot.querySelector('.acw-methods').getBoundingClientRect().height > 0,
    };
  });
  const [la, lb] = [await look(a), await look(b)];
  for (const [id, l] of [['A', la], ['B', lb]]) {
    assert.equal(l.display, 'block', `${id}: the shop's .acw { display: none } does not hide it`);
    assert.ok(l.methodsShown, `${id}: its method list shows`);
    assert.notEqual(l.color, 'rgb(255, 0, 0)', `${id}: not the shop's red`);
    assert.notEqual(l.nameColor, 'rgb(255, 0, 0)', `${id}: its method names are not the shop's red`);
    assert.equal(l.fontSize, '15px', `${id}: its own font size, not inherited from the host`);
    assert.equal(l.letterSpacing, 'normal', `${id}: no letter spacing inherited from the host`);
    assert.notEqual(l.payBackground, 'rgb(0, 255, 0)', `${id}: the shop's button rule does not reach it`);
  }
  // Theming through the shadow boundary: the host's --acw-accent, and B's dark theme.
  assert.equal(la.payBackground, 'rgb(10, 125, 79)', 'A\'s pay button takes --acw-accent set on its host');
  assert.equal(lb.scheme, 'dark', 'B follows its theme option (data-acw-theme inside its root)');
  assert.equal(lb.payBackground, 'rgb(122, 176, 255)', 'B\'s pay button has the dark default accent');
  assert.equal(la.scheme, 'light dark', 'A follows the OS (auto)');

  // The widget's CSS stays in the shadow roots: the shop's decoys keep the shop's styles only.
  const decoys = await page.evaluate(() => {
    const qr = getComputedStyle(document.getElementById('decoy-qr'));
    const amount = getComputedStyle(document.getElementById('decoy-amount'));
    const pay = getComputedStyle(document.getElementById('decoy-pay'));
    return {
      qrPadding: qr.paddingTop, qrBackground: qr.backgroundColor, qrRadius: qr.borderTopLeftRadius,
      amountWeight: amount.fontWeight, amountWhiteSpace: amount.whiteSpace, payWidth: pay.width,
      pageSheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname),
    };
  });
  assert.deepEqual(decoys.pageSheets, ['/shop/shop.css', '/shop/hostile.css'], 'no widget stylesheet in the page');
  assert.equal(decoys.qrPadding, '0px', 'the widget\'s .acw-qr padding is not on the shop\'s figure');
  assert.equal(decoys.qrBackground, 'rgba(0, 0, 0, 0)', 'nor its white background');
  assert.equal(decoys.qrRadius, '0px');
  assert.equal(decoys.amountWeight, '400', 'the widget\'s .acw-amount weight is not on the shop\'s span');
  assert.equal(decoys.amountWhiteSpace, 'normal');
  assert.notEqual(decoys.payWidth, `${await page.evaluate(() => document.querySelector('main').clientWidth)}px`,
    'the widget\'s full-width .acw-pay is not on the shop\'s button');
  await shot(page, 'shadow-hostile-css');

  // Still a working widget inside its shadow root: B's choice is its own, a missing BLIK code
  // moves focus to its field (found from the widget's root, not the document), and B pays.
  assert.deepEqual(await checked(b), bBefore, 'B: untouched by A\'s choice');
  await payBlikAfterTheFieldTakesFocus(page, b, () => document.getElementById('b').shadowRoot.activeElement?.closest('.acw-field') != null);

  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(errors, []);
  await context.close();
});
