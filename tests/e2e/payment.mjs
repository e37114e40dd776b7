// Steps after confirm shared by the after-confirm end-to-end tests: the payment panel, the
// sandbox's side of a payment, QR codes read from pixels and app-launch attempts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { sandboxRequests, mountByApi } from './shop.mjs';

/** The panel that replaces the method list while a payment stays on the page. */
export const panel = (page) => page.locator('section.acw-payment');

/** Waits for the panel to show `status`; returns its paymentRef. */
export async function waitForPanel(page, status, timeout = 15_000) {
  const el = await page.waitForSelector(`section.acw-payment[data-status="${status}"]`, { timeout });
  const ref = await el.getAttribute('data-payment-ref');
  assert.match(ref || '', /\S/, 'the panel names its payment');
  return ref;
}

/** The sandbox's record of the pay request for one payment attempt (paymentRequestId = paymentRef). */
export async function sandboxPayment(server, orderRef, paymentRef) {
  const requests = await sandboxRequests(server, orderRef);
  const found = requests.find((r) => r.paymentRequestId === paymentRef);
  assert.ok(found, `the sandbox received a pay request for ${paymentRef}: ${JSON.stringify(requests.map((r) => r.paymentRequestId))}`);
  return found;
}

/** What the hosted page's buttons do, without a browser: pay, fail, confirm or reject. */
export async function sandboxAction(server, paymentId, action) {
  const res = await fetch(`${server.url}/sandbox/checkout/${encodeURIComponent(paymentId)}/${action}`, {
    method: 'POST', redirect: 'manual',
  });
  assert.equal(res.status, 303, `sandbox ${action} of ${paymentId}`);
}

/** The sandbox payment id in a hosted page address. */
export function paymentIdOf(url) {
  const m = String(url).match(/\/sandbox\/checkout\/(sbx_[0-9a-f]+)/);
  assert.ok(m, `a sandbox hosted page address: ${url}`);
  return m[1];
}

/** The merchant API's view of one payment. */
export async function merchantPayment(server, paymentRef) {
  const res = await fetch(`${server.url}/api/v1/payments/${encodeURIComponent(paymentRef)}`);
  assert.equal(res.status, 200);
  return res.json();
}

/** Reads the QR code drawn in `locator` from a screenshot of it (pixels, not attributes). */
export async function decodeQr(locator) {
  const png = PNG.sync.read(await locator.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  assert.ok(found, `a readable QR code in a ${png.width}x${png.height} screenshot`);
  return found.data;
}

/**
 * Records the widget's `alipay-checkout:app-attempt` events in this context, across
 * navigations: [{kind, url, t}] with t the Node-side arrival time in ms.
 */
export async function recordAppAttempts(context) {
  const attempts = [];
  await context.exposeBinding('__acwAppAttempt', (_source, detail) => {
    attempts.push({ ...detail, t: Date.now() });
  });
  await context.addInitScript(() => {
    document.addEventListener('alipay-checkout:app-attempt', (e) => {
      const d = e.detail || {};
      window.__acwAppAttempt({ kind: String(d.kind), url: String(d.url) });
    }, true);
  });
  return attempts;
}

/**
 * Rewrites the continuation of the next payment the page starts (the POST's answer), as a
 * hostile or broken backend might send it. `edit` changes the continuation object in place.
 */
export async function rewriteContinuation(page, edit) {
  await page.route('**/api/v1/orders/*/payments', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    if (body && body.continuation) edit(body.continuation);
    await route.fulfill({ response, json: body });
  });
}

/** Main-frame navigations and dialogs of a page, to show that nothing was opened. */
export function watchNavigation(page) {
  const seen = { navigations: [], dialogs: [] };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.navigations.push(frame.url());
  });
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return seen;
}

/**
 * GETs of the payment status the page makes, with their times in ms; `started` is when the
 * answer to the last POST starting a payment arrived.
 */
export function watchPolls(page) {
  const polls = [];
  polls.started = null;
  page.on('request', (req) => {
    if (req.method() === 'GET' && /\/api\/v1\/payments\/[^/?]+/.test(req.url())) polls.push({ url: req.url(), t: Date.now() });
  });
  page.on('response', (res) => {
    if (res.request().method() === 'POST' && /\/api\/v1\/orders\/[^/]+\/payments$/.test(res.url())) polls.started = Date.now();
  });
  return polls;
}

/**
 * The notifications the merchant received for a payment, read from its SQLite file with the
 * sqlite3 command-line tool (scripts/setup installs it).
 */
export function merchantNotifications(server, paymentRef) {
  const db = join(server.dataDir, 'merchant.db');
  const sql = 'SELECT notify_type, result_status, verified, outcome FROM notifications ' +
    `WHERE payment_request_id = '${paymentRef.replace(/'/g, "''")}' ORDER BY received_at_ms`;
  const out = execFileSync('sqlite3', ['-readonly', '-json', db, sql], { encoding: 'utf8', timeout: 10_000 });
  return out.trim() ? JSON.parse(out) : [];
}

/** Polls `check` (async, truthy when done) every 250 ms for up to `timeout` ms. */
export async function eventually(check, timeout, what) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`not within ${timeout} ms: ${what}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

/** Mounts the widget through the JS API on a shop page, with extra options (e.g. newTab). */
export async function mountWithOptions(page, server, orderRef, options) {
  await mountByApi(page, server, orderRef, options);
  await page.waitForSelector('.acw-methods');
}
