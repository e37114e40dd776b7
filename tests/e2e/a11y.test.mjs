// axe-core 4 (WCAG 2.1 A/AA and best practice) on the widget's root, screen by screen, on
// desktop and phone, in the light and the dark theme (the OS colour scheme, which the default
// `auto` theme follows), in English and in Arabic (right to left; the browser's language picks
// the catalogue). Every screen must have 0 violations; the per-screen counts are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { withServerAndBrowser, DESKTOP, PHONE, shot } from './harness.mjs';
import { createOrder, openCheckout, chooseMethod, payButton, mountByApi } from './shop.mjs';
import { panel, waitForPanel, sandboxPayment, sandboxAction } from './payment.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** Runs axe on `.acw` and returns its violations, one line per failing node. */
async function scan(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run('.acw', { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
  }, TAGS);
}

/** Opens a new order of `product`, chooses `method` and presses pay. */
async function pay(page, product, method) {
  const order = await createOrder(server, product);
  await openCheckout(page, server, order.orderRef);
  await chooseMethod(page, method);
  await payButton(page).click();
  return order;
}

/** Answers `url` with the server's answer changed by `edit(json)`. */
async function rewrite(page, url, edit) {
  await page.route(url, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    edit(json);
    await route.fulfill({ response: res, json });
  });
}

/** A method's extra field, empty (`value` null) or filled with a wrong value and checked. */
function fieldScreen(product, method, wrong) {
  return async (page) => {
    await openCheckout(page, server, (await createOrder(server, product)).orderRef);
    const row = await chooseMethod(page, method);
    const input = row.locator('.acw-field input').first();
    await input.waitFor();
    if (wrong === null) return;
    await input.fill(wrong);
    await payButton(page).click();
    await row.locator('.acw-field-error:not(:empty)').waitFor();
  };
}

/** The screens, each reached from a fresh page: [name, async (page) => reach it, devices]. */
const SCREENS = [
  ['list with open top methods (PHP, region PH)', async (page) => {
    const order = await createOrder(server, 'adobo');
    await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}&region=PH`);
    await page.waitForSelector('.acw-methods [data-group="top"] .acw-method');
  }],
  ['list all folded (visibleMethods 0)', async (page) => {
    const order = await createOrder(server, 'chocolate');
    await mountByApi(page, server, order.orderRef, { visibleMethods: 0 }, '<h1>Checkout</h1><div id="checkout"></div>');
    await page.waitForSelector('.acw-methods .acw-group-toggle');
  }],
  ['list folded', async (page) => openCheckout(page, server, (await createOrder(server, 'chocolate')).orderRef)],
  ['list unfolded', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'chocolate')).orderRef);
    await page.locator('.acw-group-toggle').first().click();
    await page.waitForSelector('.acw-group-open');
  }],
  ['BLIK field', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'pierogi')).orderRef);
    await chooseMethod(page, 'BLIK');
    await page.waitForSelector('.acw-method[data-method="BLIK"] .acw-field input');
  }],
  ['BLIK field with error', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'pierogi')).orderRef);
    const row = await chooseMethod(page, 'BLIK');
    await row.locator('.acw-field input').fill('12');
    await payButton(page).click();
    await row.locator('.acw-field-error:not(:empty)').waitFor();
  }],
  ['iDEAL bank picker', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'chocolate')).orderRef);
    await chooseMethod(page, 'IDEAL');
    await page.waitForSelector('.acw-bank-list li');
  }],
  ['iDEAL bank picker with error', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'chocolate')).orderRef);
    const row = await chooseMethod(page, 'IDEAL');
    await payButton(page).click();
    await row.locator('.acw-field-error:not(:empty)').waitFor();
  }],
  ['P24 email field', fieldScreen('pierogi', 'P24', null)],
  ['P24 email field with error', fieldScreen('pierogi', 'P24', 'jan@')],
  ['Mercado Pago CPF field', fieldScreen('acai', 'MERCADOPAGO_BR', null)],
  ['Mercado Pago CPF field with error', fieldScreen('acai', 'MERCADOPAGO_BR', '529.982.247-26')],
  ['Mercado Pago email field (MX)', fieldScreen('salsa', 'MERCADOPAGO_MX', null)],
  ['Mercado Pago email field (MX) with error', fieldScreen('salsa', 'MERCADOPAGO_MX', 'maria@ejemplo')],
  ['pay button busy', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'kaya')).orderRef);
    await chooseMethod(page, 'PAYNOW');
    // The pay answer is held back until the page closes.
    await page.route('**/api/v1/orders/*/payments', () => new Promise(() => {}));
    await payButton(page).click();
    await page.waitForSelector('button.acw-pay[aria-busy="true"]');
  }],
  ['QR panel', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'kaya')).orderRef);
    await chooseMethod(page, 'PAYNOW');
    await payButton(page).click();
    await waitForPanel(page, 'PROCESSING');
    await panel(page).locator('figure.acw-qr svg').waitFor();
  }],
  ['text code panel', async (page) => {
    await openCheckout(page, server, (await createOrder(server, 'coffee')).orderRef);
    await chooseMethod(page, 'BANKTRANSFER_BCA');
    await payButton(page).click();
    await waitForPanel(page, 'PROCESSING');
    await panel(page).locator('.acw-text-code .acw-code-value').waitFor();
  }],
  ['app launch panel', async (page) => {
    // Only the deep link, which headless Chromium cannot open: the panel stays, offering the app again.
    await rewrite(page, '**/api/v1/orders/*/payments', (p) => {
      p.continuation = { schemeUrl: p.continuation.schemeUrl, appIdentifier: p.continuation.appIdentifier };
    });
    await pay(page, 'adobo', 'GCASH');
    await page.waitForSelector('section.acw-payment .acw-app-launch[data-state="not-opened"]', { timeout: 15_000 });
  }, ['phone']],
  ['PENDING panel', async (page) => {
    await rewrite(page, '**/api/v1/payments/*', (p) => { p.status = 'PENDING'; });
    await pay(page, 'kaya', 'PAYNOW');
    await waitForPanel(page, 'PENDING', 20_000);
  }],
  ['FAIL result', async (page) => {
    const order = await pay(page, 'kaya', 'PAYNOW');
    const ref = await waitForPanel(page, 'PROCESSING');
    await sandboxAction(server, (await sandboxPayment(server, order.orderRef, ref)).paymentId, 'fail');
    await page.waitForSelector('section.acw-payment .acw-result[data-status="FAIL"]', { timeout: 20_000 });
  }],
  ['CANCELLED result', async (page) => {
    await rewrite(page, '**/api/v1/payments/*', (p) => { p.status = 'CANCELLED'; });
    await pay(page, 'kaya', 'PAYNOW');
    await page.waitForSelector('section.acw-payment .acw-result[data-status="CANCELLED"]', { timeout: 20_000 });
  }],
  ['SUCCESS result', async (page) => {
    const order = await createOrder(server, 'kaya');
    await openCheckout(page, server, order.orderRef);
    await chooseMethod(page, 'PAYNOW');
    await payButton(page).click();
    const ref = await waitForPanel(page, 'PROCESSING');
    await sandboxAction(server, (await sandboxPayment(server, order.orderRef, ref)).paymentId, 'pay');
    await page.waitForSelector('section.acw-payment .acw-result[data-status="SUCCESS"]', { timeout: 20_000 });
  }],
];

const DEVICES = [['desktop', DESKTOP], ['phone', PHONE]];
const SCHEMES = ['light', 'dark'];
const LANGUAGES = ['en', 'ar'];

test('axe finds 0 violations on every screen, desktop and phone, light and dark, en and ar', async () => {
  const counts = [];
  const found = [];
  for (const locale of LANGUAGES) {
    for (const [device, options] of DEVICES) {
      for (const scheme of SCHEMES) {
        // Transitions off, so colours are read at rest, not halfway through a fade.
        // bypassCSP: axe-core is injected as an inline script, which the shop's strict CSP refuses.
        const context = await browser.newContext({ ...options, locale, colorScheme: scheme, reducedMotion: 'reduce', bypassCSP: true });
        for (const [name, reach, only = ['desktop', 'phone']] of SCREENS) {
          if (!only.includes(device)) continue;
          const page = await context.newPage();
          await reach(page);
          const lang = await page.getAttribute('.acw', 'lang');
          assert.equal(lang, locale, `[${name}, ${device}, ${scheme}] the widget speaks ${locale}`);
          const violations = await scan(page);
          counts.push({ screen: name, device, scheme, locale, violations: violations.length });
          found.push(...violations.map((v) => `[${name}, ${device}, ${scheme}, ${locale}] ${v}`));
          if (violations.length) await shot(page, `a11y-${name.replace(/\W+/g, '-')}-${device}-${scheme}-${locale}`);
          await page.close();
        }
        await context.close();
      }
    }
  }
  console.table(counts);
  const expected =
    SCREENS.reduce((n, [, , only]) => n + (only ? only.length : DEVICES.length), 0) * SCHEMES.length * LANGUAGES.length;
  assert.equal(counts.length, expected, 'every screen was scanned');
  assert.deepEqual(found, [], 'no axe violations');
});

test('the scan sees the widget: the old 4.1:1 link colour is reported', async () => {
  const context = await browser.newContext({ ...DESKTOP, colorScheme: 'light', reducedMotion: 'reduce', bypassCSP: true });
  const page = await context.newPage();
  await SCREENS.find(([name]) => name === 'QR panel')[1](page);
  await page.addStyleTag({ content: '.acw .acw-open-page { color: #1677ff; }' });
  const violations = await scan(page);
  assert.ok(violations.some((v) => v.startsWith('color-contrast') && v.includes('acw-open-page')), violations.join('\n'));
  await context.close();
});
