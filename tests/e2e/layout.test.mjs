// What the shopper sees, asserted from element boxes and computed styles: long codes wrap
// inside a phone's width, a method's radio sits in its own row (not beside its fields), RTL
// mirrors the row, and the theming API (host custom properties, forced and OS dark theme,
// reduced motion) takes effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, openCheckout, chooseMethod, payButton } from './shop.mjs';
import { panel, waitForPanel, rewriteContinuation, mountWithOptions } from './payment.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

const DEVICES = [['desktop', DESKTOP], ['phone', PHONE]];
const LONG = 'x'.repeat(6000); // beyond what a QR code can hold (2,953 bytes)

async function newPage(options = DESKTOP) {
  // bypassCSP: the theme test adds a <style> to the shop's page, which its strict CSP refuses.
  const context = await browser.newContext({ ...options, bypassCSP: true });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** The page scrolls sideways? And the panel's width, in CSS px. */
async function widths(page) {
  return page.evaluate(() => ({
    viewport: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
    panel: document.querySelector('section.acw-payment').getBoundingClientRect().width,
    code: document.querySelector('section.acw-payment code').getBoundingClientRect().width,
  }));
}

for (const [product, method, what] of [['kaya', 'PAYNOW', 'QR value too long to encode'], ['coffee', 'BANKTRANSFER_BCA', 'text code']]) {
  test(`a ${what} of 6,000 characters wraps inside a 360 px phone`, async () => {
    const { context, page, errors } = await newPage(PHONE);
    await rewriteContinuation(page, (c) => {
      for (const d of c.orderCodeForm.codeDetails) d.codeValue += `?pad=${LONG}`;
    });
    const order = await createOrder(server, product);
    await openCheckout(page, server, order.orderRef);
    await chooseMethod(page, method);
    await payButton(page).click();
    await waitForPanel(page, 'PROCESSING');
    const code = panel(page).locator(method === 'PAYNOW' ? '.acw-qr-fallback code' : '.acw-code-value');
    await code.waitFor();
    assert.ok((await code.textContent()).length > 6000, 'the whole value is shown');
    const w = await widths(page);
    assert.equal(w.viewport, 360);
    assert.ok(w.panel <= w.viewport, `the panel fits the phone: ${w.panel} px`);
    assert.ok(w.code <= w.viewport, `the code fits the phone: ${w.code} px`);
    assert.ok(w.scroll <= w.viewport, `the page does not scroll sideways: ${w.scroll} px`);
    await shot(page, `layout-long-${method.toLowerCase()}-phone`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** The radio's and the label's boxes of a method row. */
async function radioAndLabel(row) {
  return row.evaluate((li) => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
    return { radio: box(li.querySelector(':scope > input')), label: box(li.querySelector(':scope > label')), row: box(li) };
  });
}

const FIELD_METHODS = [['pierogi', 'BLIK'], ['pierogi', 'P24'], ['chocolate', 'IDEAL'], ['acai', 'MERCADOPAGO_BR'], ['salsa', 'MERCADOPAGO_MX']];

for (const [device, options] of DEVICES) {
  test(`the radio of a method with fields sits on its label's line, not beside the fields (${device})`, async () => {
    const { context, page, errors } = await newPage(options);
    for (const [product, method] of FIELD_METHODS) {
      await openCheckout(page, server, (await createOrder(server, product)).orderRef);
      const row = await chooseMethod(page, method);
      await row.locator('.acw-fields').waitFor();
      const { radio, label, row: li } = await radioAndLabel(row);
      const centre = radio.top + radio.height / 2;
      assert.ok(li.height > label.height + 30, `${method}: the fields make the row taller (${li.height} vs ${label.height})`);
      assert.ok(radio.width >= 16 && radio.height >= 16, `${method}: the radio is drawn by the input itself (${radio.width}x${radio.height})`);
      assert.ok(centre > label.top && centre < label.bottom, `${method}: radio centre ${centre} within the label ${label.top}..${label.bottom}`);
      assert.ok(Math.abs(centre - (label.top + label.height / 2)) <= 1, `${method}: centred on the label`);
      assert.ok(radio.left >= label.left && radio.right <= label.left + 46, `${method}: at the label's start`);
    }
    await shot(page, `layout-radio-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('RTL mirrors a method row: the radio at the right, inside the label', async () => {
  const { context, page } = await newPage();
  const order = await createOrder(server, 'pierogi');
  // The widget's language decides its direction (dir="rtl" on its root for Arabic).
  await mountWithOptions(page, server, order.orderRef, { locale: 'ar' });
  const row = await chooseMethod(page, 'BLIK');
  const { radio, label } = await radioAndLabel(row);
  assert.ok(radio.right <= label.right && radio.left >= label.right - 46, `radio ${radio.left}..${radio.right} at the label's right end ${label.right}`);
  const fields = await row.locator('.acw-fields').evaluate((e) => getComputedStyle(e).paddingRight);
  assert.equal(fields, '46px', 'the fields are indented from the right');
  await shot(page, 'layout-rtl-desktop');
  await context.close();
});

/** Computed colours as [r, g, b], and the WCAG contrast of two of them. */
const styleOf = (locator, prop) => locator.evaluate((e, p) => getComputedStyle(e)[p], prop);
function rgb(text) {
  const m = text.match(/rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/);
  assert.ok(m, `an rgb colour: ${text}`);
  return m.slice(1, 4).map(Number);
}
function contrast(a, b) {
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('themes: OS dark, forced dark and light, host custom properties, 4.5:1 on the pay button', async () => {
  const surfaces = {};
  for (const [scheme, theme, want] of [['light', undefined, 'light'], ['dark', undefined, 'dark'], ['light', 'dark', 'dark'], ['dark', 'light', 'light']]) {
    const { context, page, errors } = await newPage({ ...DESKTOP, colorScheme: scheme, reducedMotion: 'reduce' });
    const order = await createOrder(server, 'tea');
    await mountWithOptions(page, server, order.orderRef, theme ? { theme } : {});
    assert.equal(await page.getAttribute('#checkout', 'data-acw-theme'), theme || 'auto');
    await chooseMethod(page, 'ALIPAY_CN');
    const root = page.locator('.acw');
    const surface = rgb(await styleOf(root, 'backgroundColor'));
    const ink = rgb(await styleOf(root, 'color'));
    (surfaces[want] ||= []).push(surface.join(','));
    const pay = payButton(page);
    const payRatio = contrast(rgb(await styleOf(pay, 'color')), rgb(await styleOf(pay, 'backgroundColor')));
    assert.ok(payRatio >= 4.5, `OS ${scheme}, theme ${theme}: pay button text ${payRatio.toFixed(2)}:1`);
    assert.ok(contrast(ink, surface) >= 4.5, `OS ${scheme}, theme ${theme}: body text`);
    const dark = surface.reduce((a, b) => a + b) < 3 * 128;
    assert.equal(dark, want === 'dark', `OS ${scheme}, theme ${theme}: a ${want} surface, got rgb(${surface})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.equal(new Set(surfaces.dark).size, 1, 'OS dark and forced dark look the same');
  assert.equal(new Set(surfaces.light).size, 1, 'light and forced light look the same');

  // The shop themes from the host element or any ancestor; reduced motion stops transitions.
  const { context, page } = await newPage({ ...DESKTOP, reducedMotion: 'reduce' });
  const order = await createOrder(server, 'tea');
  await mountWithOptions(page, server, order.orderRef, {});
  await page.addStyleTag({ content: '#checkout { --acw-accent: #0a7d4f; } body { --acw-radius: 3px; }' });
  await chooseMethod(page, 'ALIPAY_CN');
  assert.equal(await styleOf(payButton(page), 'backgroundColor'), 'rgb(10, 125, 79)', 'the host\'s accent');
  assert.equal(await styleOf(page.locator('.acw'), 'borderTopLeftRadius'), '3px', 'an ancestor\'s radius');
  const label = page.locator('.acw-method[data-method="ALIPAY_CN"] > label');
  assert.equal(await styleOf(label, 'borderTopColor'), 'rgb(10, 125, 79)', 'the chosen row takes the accent too');
  assert.equal(await styleOf(label, 'transitionDuration'), '0s', 'no transitions under prefers-reduced-motion');
  await context.close();
});
