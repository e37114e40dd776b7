// The widget in the shopper's language, through the demo shop: a full payment in pl, pt-BR, ja
// and ar with the texts of www/i18n/<tag>.json, amounts written by the browser's Intl for that
// language, only that one catalogue downloaded; Arabic laid out right to left (from element
// boxes) with 0 axe violations; screenshots of list, field form and QR panel in ar (dark, phone)
// and ja (light, desktop) under test-results/screens/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { withServerAndBrowser, DESKTOP, PHONE, ROOT, watchErrors } from './harness.mjs';
import { createOrder, openCheckout, chooseMethod, payButton, waitForUrl, mountByApi } from './shop.mjs';
import { panel, waitForPanel, sandboxPayment, sandboxAction } from './payment.mjs';

const SCREENS = join(ROOT, 'test-results', 'screens');
mkdirSync(SCREENS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FSI = '\u2068';
const PDI = '\u2069';
const texts = (tag) => JSON.parse(readFileSync(join(ROOT, 'www', 'i18n', `${tag}.json`), 'utf8'));

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** A shopper whose browser speaks `locale`; records every catalogue file the pages ask for. */
async function shopper(locale, device = DESKTOP, colorScheme = 'light') {
  const context = await browser.newContext({ ...device, locale, colorScheme, reducedMotion: 'reduce', bypassCSP: true }); // axe is injected inline
  const page = await context.newPage();
  const catalogues = [];
  context.on('request', (r) => { if (/\/i18n\//.test(r.url())) catalogues.push(new URL(r.url()).pathname); });
  return { context, page, catalogues, errors: watchErrors(page) };
}

/** The order's amount as Intl writes it in this page for the widget's locales. */
async function intlAmount(page, locales, amount) {
  return page.evaluate(({ locales, amount }) => {
    const digits = { JPY: 0, KRW: 0, VND: 0 }[amount.currency] ?? 2;
    const major = (Number(amount.value) / 10 ** digits).toFixed(digits);
    return new Intl.NumberFormat(locales, {
      style: 'currency', currency: amount.currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(major);
  }, { locales, amount });
}

/** Asserts the method page speaks `tag` and shows the order's amount as Intl writes it. */
async function expectMethodPage(page, tag, locale, order, rtl = false) {
  const t = texts(tag);
  const root = page.locator('.acw');
  assert.equal(await root.getAttribute('lang'), tag);
  assert.equal(await root.getAttribute('dir'), rtl ? 'rtl' : 'ltr');
  assert.equal((await page.textContent('.acw-legend')).trim(), t.choose_method);
  assert.equal((await page.textContent('.acw-summary-label')).trim(), t.order_total);
  const amount = await intlAmount(page, [locale, tag], order.amount);
  const shown = rtl ? `${FSI}${amount}${PDI}` : amount;
  assert.equal((await page.textContent('.acw-summary .acw-amount')).trim(), shown, 'the amount is written by Intl');
  return shown;
}

async function scan(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run('.acw', { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
  }, TAGS);
}

const screen = (page, name) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

/** Pays on the sandbox's hosted page and waits for the shop's result page. */
async function payOnHostedPage(page) {
  await waitForUrl(page, /\/sandbox\/checkout\//);
  await page.click('#sandbox-pay');
  await page.waitForURL(/\/shop\/result\.html\?order=/);
  await page.waitForSelector('.acw-result[data-status="SUCCESS"]', { timeout: 15_000 });
}

for (const c of [
  { tag: 'pl', locale: 'pl-PL', product: 'pierogi', method: 'BLIK', value: '777 123' },
  { tag: 'pt-BR', locale: 'pt-BR', product: 'acai', method: 'MERCADOPAGO_BR', value: '52998224725' },
]) {
  test(`${c.tag}: a ${c.method} payment in ${c.tag}, from the list to the result page`, async () => {
    const { context, page, catalogues, errors } = await shopper(c.locale);
    const t = texts(c.tag);
    const order = await createOrder(server, c.product);
    await openCheckout(page, server, order.orderRef);
    const amount = await expectMethodPage(page, c.tag, c.locale, order);
    const row = await chooseMethod(page, c.method);
    await row.locator('.acw-field input').first().fill(c.value);
    assert.equal((await payButton(page).textContent()).trim(), `${t.pay_button} ${amount}`);
    await payButton(page).click();
    await payOnHostedPage(page);
    assert.equal(await page.getAttribute('.acw', 'lang'), c.tag);
    assert.equal((await page.textContent('.acw-result-title')).trim(), t.status_success);
    assert.equal((await page.textContent('.acw-result-amount')).trim(), amount, 'the same amount on the result page');
    assert.deepEqual([...new Set(catalogues)], [`/widget/i18n/${c.tag}.json`], 'only this language was downloaded');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('ja: a WeChat Pay QR payment in Japanese, paid on the phone, SUCCESS in the panel', async () => {
  const { context, page, catalogues, errors } = await shopper('ja-JP');
  const t = texts('ja');
  const order = await createOrder(server, 'matcha');
  await openCheckout(page, server, order.orderRef);
  const amount = await expectMethodPage(page, 'ja', 'ja-JP', order);
  assert.match(amount, /[￥¥]/, 'yen with its sign');
  await screen(page, 'ja-light-desktop-list');
  await chooseMethod(page, 'WECHATPAY');
  await payButton(page).click();
  const ref = await waitForPanel(page, 'PROCESSING');
  await panel(page).locator('figure.acw-qr svg').waitFor();
  assert.equal((await panel(page).locator('.acw-paying .acw-amount').textContent()).trim(), amount);
  assert.match(await panel(page).textContent(), new RegExp(t.scan_qr_or_enter_code.slice(0, 6) + '|' + t.scan_qr.slice(0, 6)));
  await screen(page, 'ja-light-desktop-qr');
  await sandboxAction(server, (await sandboxPayment(server, order.orderRef, ref)).paymentId, 'pay');
  await page.waitForSelector('section.acw-payment .acw-result[data-status="SUCCESS"]', { timeout: 20_000 });
  assert.equal((await panel(page).locator('.acw-result-title').textContent()).trim(), t.status_success);
  assert.deepEqual(catalogues, ['/widget/i18n/ja.json'], 'one catalogue, once');
  assert.deepEqual(errors, []);

  // The field form, on desktop in Japanese.
  await openCheckout(page, server, (await createOrder(server, 'pierogi')).orderRef);
  const row = await chooseMethod(page, 'BLIK');
  assert.equal((await row.locator('.acw-field-label').first().textContent()).trim(), t.field_blik_code);
  await screen(page, 'ja-light-desktop-blik');
  await context.close();
});

/** Box checks that the Arabic list reads right to left. */
async function expectRightToLeft(page) {
  const box = (sel) => page.locator(sel).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width };
  });
  const list = await box('.acw-methods');
  const legend = await box('.acw-legend');
  assert.ok(Math.abs(list.right - legend.right) < 2 && legend.left > list.left + 20, `the legend starts at the right: ${JSON.stringify({ list, legend })}`);
  const radio = await box('.acw-method:visible > input');
  const name = await box('.acw-method:visible .acw-method-name');
  assert.ok(radio.left > name.right, `the radio is right of the method's name: ${JSON.stringify({ radio, name })}`);
  const desc = await box('.acw-summary-desc');
  const total = await box('.acw-summary-total');
  assert.ok(desc.left > total.right - 1, `the order's description is right of its total: ${JSON.stringify({ desc, total })}`);
  const align = await page.locator('.acw-legend').evaluate((e) => getComputedStyle(e).direction);
  assert.equal(align, 'rtl');
}

test('ar: right to left, 0 axe violations, a PayNow QR payment in Arabic (dark, phone)', async () => {
  const { context, page, catalogues, errors } = await shopper('ar', PHONE, 'dark');
  const t = texts('ar');
  const found = [];

  // The field form: BLIK, its code typed left to right.
  await openCheckout(page, server, (await createOrder(server, 'pierogi')).orderRef);
  await expectRightToLeft(page);
  found.push(...(await scan(page)).map((v) => `[list] ${v}`));
  await screen(page, 'ar-dark-phone-list');
  const row = await chooseMethod(page, 'BLIK');
  assert.equal((await row.locator('.acw-field-label').first().textContent()).trim(), t.field_blik_code);
  const input = row.locator('.acw-field input').first();
  assert.equal(await input.evaluate((e) => getComputedStyle(e).direction), 'ltr', 'the code is typed left to right');
  const [radio, label] = await Promise.all([row.locator(':scope > input'), row.locator(':scope > label')]
    .map((l) => l.evaluate((e) => e.getBoundingClientRect().toJSON())));
  assert.ok(radio.right > label.right - 30 && radio.left > label.left + label.width / 2, 'the radio sits at the right of its row');
  found.push(...(await scan(page)).map((v) => `[BLIK] ${v}`));
  await screen(page, 'ar-dark-phone-blik');

  // The payment: PayNow's QR in the panel, paid from "the phone".
  const order = await createOrder(server, 'kaya');
  await openCheckout(page, server, order.orderRef);
  const amount = await expectMethodPage(page, 'ar', 'ar', order, true);
  await chooseMethod(page, 'PAYNOW');
  const pay = payButton(page);
  assert.equal((await pay.textContent()).trim(), `${t.pay_button} ${amount}`);
  await pay.click();
  const ref = await waitForPanel(page, 'PROCESSING');
  await panel(page).locator('figure.acw-qr svg').waitFor();
  assert.equal((await panel(page).locator('.acw-paying .acw-amount').textContent()).trim(), amount);
  const [method, shown] = await Promise.all(['.acw-paying-method', '.acw-paying .acw-amount']
    .map((s) => panel(page).locator(s).evaluate((e) => e.getBoundingClientRect().toJSON())));
  assert.ok(method.left > shown.right - 1, 'the method name is right of the amount');
  found.push(...(await scan(page)).map((v) => `[QR] ${v}`));
  await screen(page, 'ar-dark-phone-qr');
  await sandboxAction(server, (await sandboxPayment(server, order.orderRef, ref)).paymentId, 'pay');
  await page.waitForSelector('section.acw-payment .acw-result[data-status="SUCCESS"]', { timeout: 20_000 });
  assert.equal((await panel(page).locator('.acw-result-title').textContent()).trim(), t.status_success);
  assert.equal((await panel(page).locator('.acw-result-amount').textContent()).trim(), amount);

  assert.deepEqual(found, [], 'no axe violations in Arabic');
  assert.deepEqual([...new Set(catalogues)], ['/widget/i18n/ar.json'], 'only Arabic was downloaded');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a catalogue that cannot be loaded or read leaves English, with a warning, never a failure', async () => {
  for (const [what, fulfil] of [
    ['a 404', { status: 404, body: 'no' }],
    ['invalid JSON', { status: 200, contentType: 'application/json', body: '{"pay_button": ' }],
    ['a wrong shape', { status: 200, contentType: 'application/json', body: '{"pay_button": 3}' }],
  ]) {
    const { context, page } = await shopper('pl-PL');
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.route('**/i18n/pl.json', (route) => route.fulfill(fulfil));
    const order = await createOrder(server, 'pierogi');
    await openCheckout(page, server, order.orderRef);
    assert.equal(await page.getAttribute('.acw', 'lang'), 'en', what);
    assert.equal((await page.textContent('.acw-legend')).trim(), texts('en').choose_method, what);
    assert.ok(warnings.some((w) => /alipay-checkout: the pl catalogue/.test(w)), `${what}: warned: ${warnings}`);
    await context.close();
  }
});

test('shop translations layer over the downloaded catalogue, which layers over English', async () => {
  const { context, page, catalogues } = await shopper('pl-PL');
  const order = await createOrder(server, 'pierogi');
  await mountByApi(page, server, order.orderRef, { translations: { pl: { choose_method: 'Jak płacisz?' } } });
  await page.waitForSelector('.acw-methods');
  assert.equal((await page.textContent('.acw-legend')).trim(), 'Jak płacisz?', 'the shop\'s text wins');
  assert.equal((await page.textContent('.acw-summary-label')).trim(), texts('pl').order_total, 'the file fills the rest');
  assert.deepEqual(catalogues, ['/widget/i18n/pl.json']);
  // The resolver is the loader's, exposed for shops and tests.
  assert.equal(await page.evaluate(() => window.AlipayCheckout.resolveLocale(null, ['es-AR'])), 'es-419');
  await context.close();
});

test('catalogues are served precompressed, with an ETag and a five-minute cache', async () => {
  const url = `${server.url}/widget/i18n/pt-BR.json`;
  const res = await fetch(url, { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), 'br');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
  assert.match(res.headers.get('content-type'), /json/);
  assert.equal((await res.json()).pay_button, texts('pt-BR').pay_button);
  const etag = res.headers.get('etag');
  assert.match(etag || '', /^"/);
  const again = await fetch(url, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});
