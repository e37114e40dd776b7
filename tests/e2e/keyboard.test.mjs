// A keyboard-only journey, from page load to a QR code on screen, on desktop and a 360 px
// phone: only Tab, Shift+Tab, arrows, Space and Enter (and typing into a field). After every key
// the focus is inside the widget or on one of the shop's own controls, never lost on <body>;
// arrows move between the radio options; Tab leaves the widget; after the pay answer the
// focus is on the payment panel that replaced the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, PHONE, shot, watchErrors } from './harness.mjs';
import { createOrder, openCheckout } from './shop.mjs';
import { panel, waitForPanel } from './payment.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

/** Where the focus is: in the widget (which method, which control) or on the shop's page. */
const focusOf = (page) => page.evaluate(() => {
  const a = document.activeElement;
  const row = a?.closest('.acw-method');
  return {
    tag: a ? a.tagName : null,
    inWidget: !!a?.closest('.acw'),
    shopControl: !!a && !a.closest('.acw') && a.matches('a[href], button, input, select, textarea'),
    inPanel: !!a?.closest('section.acw-payment'),
    method: row ? row.dataset.method : null,
    radio: !!row && a === row.querySelector(':scope > input[type=radio]'),
    checked: !!a?.checked,
    cls: a ? String(a.className) : '',
    group: a?.closest('.acw-group')?.dataset.group || null,
  };
});

/** Presses `key` and checks the focus was not lost; returns where it is. `leaving`: the key
 *  may take the focus out of the page (Tab after the page's last control). */
async function press(page, key, log, leaving = false) {
  await page.keyboard.press(key);
  const at = await focusOf(page);
  log.push(`${key} → ${at.method || at.cls || at.tag}`);
  if (!leaving) assert.ok(at.inWidget || at.shopControl, `focus lost after ${key}: ${JSON.stringify(at)}\n${log.join('\n')}`);
  return at;
}

/** Presses `key` until `done(focus)`, at most `max` times. */
async function pressUntil(page, key, done, log, max = 40) {
  for (let i = 0; i < max; i++) {
    const at = await press(page, key, log);
    if (done(at)) return at;
  }
  throw new Error(`${key} never reached the target\n${log.join('\n')}`);
}

/** The visible method radios in page order. */
const radioOrder = (page) => page.$$eval('.acw-method > input[type=radio]', (rs) =>
  rs.filter((r) => r.getClientRects().length && !r.disabled).map((r) => r.closest('.acw-method').dataset.method));

/** Chooses `method` with the keyboard from a focused method radio: opens its category with
 *  Enter when folded, then walks the radio group with the arrows. */
async function chooseByKeys(page, method, log) {
  const row = page.locator(`.acw-method[data-method="${method}"]`);
  if (!(await row.isVisible())) {
    const group = await row.evaluate((r) => r.closest('.acw-group').dataset.group);
    await pressUntil(page, 'Tab', (at) => at.cls.includes('acw-group-toggle') && at.group === group, log);
    await press(page, 'Enter', log);
    assert.equal(await page.locator(`.acw-group[data-group="${group}"] .acw-group-toggle`).getAttribute('aria-expanded'), 'true');
    await pressUntil(page, 'Shift+Tab', (at) => at.radio, log);
  }
  for (let i = 0; i < 40; i++) {
    const at = await focusOf(page);
    assert.ok(at.radio, `on a method radio: ${JSON.stringify(at)}`);
    if (at.method === method) break;
    const order = await radioOrder(page);
    const before = at.method;
    const next = await press(page, order.indexOf(method) > order.indexOf(before) ? 'ArrowDown' : 'ArrowUp', log);
    assert.ok(next.radio && next.method !== before && next.checked, `an arrow moves to the next option and chooses it: ${JSON.stringify(next)}`);
  }
  assert.equal((await focusOf(page)).method, method);
  assert.equal(await row.locator(':scope > input').isChecked(), true);
}

for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`keyboard only, ${device}: from page load through a field and the bank picker to a QR code`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const log = [];
    const order = await createOrder(server, 'chocolate');
    await openCheckout(page, server, order.orderRef);

    // From the top of the page into the widget: the shop's link first, then the first method.
    const first = await pressUntil(page, 'Tab', (at) => at.radio, log);
    assert.equal(first.method, (await radioOrder(page))[0], 'Tab reaches the first method');
    // The arrows walk the options, each one chosen as it is reached.
    const down = await press(page, 'ArrowDown', log);
    assert.ok(down.radio && down.checked && down.method !== first.method, JSON.stringify(down));
    const up = await press(page, 'ArrowUp', log);
    assert.equal(up.method, first.method, 'ArrowUp goes back');

    // Not trapped: Shift+Tab goes back out to the shop's own link, Tab comes back in.
    const out = await pressUntil(page, 'Shift+Tab', (at) => !at.inWidget, log);
    assert.ok(out.shopControl, JSON.stringify(out));
    await pressUntil(page, 'Tab', (at) => at.radio, log);

    // A method with a field: choose it, Tab into the field, type.
    await chooseByKeys(page, 'P24', log);
    const field = await press(page, 'Tab', log);
    assert.equal(field.tag, 'INPUT', `Tab goes into the chosen method's field: ${JSON.stringify(field)}`);
    assert.equal(field.method, 'P24');
    await page.keyboard.type('jan.kowalski@example.pl');
    assert.equal(await page.locator('.acw-method[data-method="P24"] .acw-field input').inputValue(), 'jan.kowalski@example.pl');
    await press(page, 'Shift+Tab', log);

    // iDEAL: its bank picker opens; Tab reaches the common banks and Space chooses one.
    await chooseByKeys(page, 'IDEAL', log);
    const ideal = page.locator('.acw-method[data-method="IDEAL"]');
    await ideal.locator('.acw-bank-picker').waitFor();
    const chip = await press(page, 'Tab', log);
    assert.ok(chip.cls.includes('acw-bank-chip'), JSON.stringify(chip));
    await press(page, 'Space', log);
    assert.equal(await ideal.locator('.acw-bank-chip[aria-pressed="true"]').count(), 1, 'Space chooses the bank');
    await pressUntil(page, 'Shift+Tab', (at) => at.radio, log);

    // A QR method, then the pay button with Enter.
    await chooseByKeys(page, 'WECHATPAY', log);
    await pressUntil(page, 'Tab', (at) => at.cls.includes('acw-pay'), log);
    await press(page, 'Enter', log);
    await waitForPanel(page, 'PROCESSING');
    await panel(page).locator('figure.acw-qr svg').waitFor();
    await page.waitForTimeout(100); // one frame: the panel takes the focus
    const after = await focusOf(page);
    assert.ok(after.inPanel, `the focus is on the payment panel after the pay answer: ${JSON.stringify(after)}`);

    // The panel's controls are reachable and Tab is not trapped there either.
    const control = await pressUntil(page, 'Tab', (at) => at.tag === 'BUTTON' && at.inPanel, log);
    assert.ok(control.cls.includes('acw-button'));
    const back = await pressUntil(page, 'Shift+Tab', (at) => !at.inWidget, log);
    assert.ok(back.shopControl);
    // Forward, Tab leaves the widget past its last control (to the page's end: nothing after it).
    await pressUntil(page, 'Tab', (at) => at.inWidget, log);
    let left = false;
    for (let i = 0; i < 20 && !left; i++) left = !(await press(page, 'Tab', log, true)).inWidget;
    assert.ok(left, `Tab leaves the widget\n${log.join('\n')}`);
    await shot(page, `keyboard-qr-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
