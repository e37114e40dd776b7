// axe-core 4 (WCAG 2.1 A/AA and best practice) on the widget's root, screen by screen, on
// desktop and phone, in the light and the dark theme (the OS colour scheme, which the default
// `auto` theme follows). Every screen must have 0 violations; the per-screen counts are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { withServerAndBrowser, DESKTOP, PHONE, shot } from './harness.mjs';
import { createOrder, openCheckout, chooseMethod, payButton } from './shop.mjs';
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

/** The screens, each reached from a fresh page: [name, async (page) => reach it]. */
const SCREENS = [
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

test('axe finds 0 violations on every screen, desktop and phone, light and dark', async () => {
  const counts = [];
  const found = [];
  for (const [device, options] of DEVICES) {
    for (const scheme of SCHEMES) {
      // Transitions off, so colours are read at rest, not halfway through a fade.
      // bypassCSP: axe-core is injected as an inline script, which the shop's strict CSP refuses.
      const context = await browser.newContext({ ...options, colorScheme: scheme, reducedMotion: 'reduce', bypassCSP: true });
      for (const [name, reach] of SCREENS) {
        const page = await context.newPage();
        await reach(page);
        const violations = await scan(page);
        counts.push({ screen: name, device, scheme, violations: violations.length });
        found.push(...violations.map((v) => `[${name}, ${device}, ${scheme}] ${v}`));
        if (violations.length) await shot(page, `a11y-${name.replace(/\W+/g, '-')}-${device}-${scheme}`);
        await page.close();
      }
      await context.close();
    }
  }
  console.table(counts);
  assert.equal(counts.length, SCREENS.length * DEVICES.length * SCHEMES.length, 'every screen was scanned');
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
