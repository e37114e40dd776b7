// Without a region from the shop the loader takes the shopper's from the browser's languages
// (the region subtag of the first tag that has one), so a Dutch shopper on an EUR order (the demo
// shop sends no region for EUR) sees iDEAL first; a region the shop gives always wins, and a
// language without a region sends none, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, DESKTOP, watchErrors } from './harness.mjs';
import { createOrder, mountByApi } from './shop.mjs';

let server, browser;
withServerAndBrowser({}, (env) => ({ server, browser } = env));

const topMethods = (page) => page.$$eval('[data-group="top"] > .acw-method', (rows) => rows.map((r) => r.dataset.method));
/** The open top methods without a promotion: promoted ones rank above the region's
 *  (checkout_core::methods::sort_entries), and the sandbox promotes Alipay for EUR. */
const topUnpromoted = (page) => page.$$eval('[data-group="top"] > .acw-method',
  (rows) => rows.filter((r) => !r.querySelector('.acw-promo')).map((r) => r.dataset.method));
const methodsRequest = (page) => page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/payment-methods'));

/** Mounts an EUR order (`mount` = 'api' with `options`, or the demo shop's checkout page, whose
 *  tag reads the region from ?region=, absent for EUR) in a context with `context` options;
 *  returns the open top methods, the first methods request's body, and the page's errors. */
async function checkout(context, { mount = 'api', options = {}, query = '', languages, orderRegion } = {}) {
  const ctx = await browser.newContext({ ...DESKTOP, ...context });
  const page = await ctx.newPage();
  // navigator.languages as a browser with several languages has them (Playwright sets one).
  if (languages) {
    await page.addInitScript((l) => Object.defineProperty(Navigator.prototype, 'languages', { get: () => l }), languages);
  }
  const errors = watchErrors(page);
  // One methods request per load: the widget took the loader's prefetch, so both sent the same body.
  let requests = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/payment-methods')) requests += 1; });
  const order = await createOrder(server, 'chocolate', orderRegion);
  const request = methodsRequest(page);
  if (mount === 'api') await mountByApi(page, server, order.orderRef, options);
  else await page.goto(`${server.url}/shop/checkout.html?order=${encodeURIComponent(order.orderRef)}${query}`);
  const body = JSON.parse((await request).postData());
  await page.waitForSelector('.acw-methods');
  const top = await topMethods(page);
  const plain = await topUnpromoted(page);
  const idealOpen = await page.locator('.acw-method[data-method="IDEAL"]').first().isVisible();
  await page.waitForTimeout(1000); // for a late second request to show up
  assert.equal(requests, 1, 'one methods request: the widget took the prefetched one');
  await ctx.close();
  return { top, plain, body, idealOpen, errors };
}

test('nl-NL, EUR order, no region from the shop (JS API): NL is sent and iDEAL leads, open', async () => {
  const { top, plain, body, idealOpen, errors } = await checkout({ locale: 'nl-NL' });
  assert.equal(body.userRegion, 'NL', JSON.stringify(body));
  assert.ok(top.includes('IDEAL'), `iDEAL among the open methods: ${top}`);
  assert.equal(plain[0], 'IDEAL', `iDEAL first after the promoted ones: ${top}`);
  assert.ok(idealOpen, 'iDEAL is open, not folded');
  assert.deepEqual(errors, []);
});

test('nl-NL on the demo shop\'s checkout page (data attributes, EUR sends no region): iDEAL leads', async () => {
  const { top, plain, body, errors } = await checkout({ locale: 'nl-NL' }, { mount: 'page' });
  assert.equal(body.userRegion, 'NL', JSON.stringify(body));
  assert.equal(plain[0], 'IDEAL', `${top}`);
  assert.deepEqual(errors, []);
});

test('a region from the shop\'s tag wins (data-user-region-param, ?region=DE): DE is sent', async () => {
  const { top, plain, body, errors } = await checkout({ locale: 'nl-NL' }, { mount: 'page', query: '&region=DE' });
  assert.equal(body.userRegion, 'DE', JSON.stringify(body));
  assert.equal(plain[0], 'SOFORT', `${top}`);
  assert.deepEqual(errors, []);
});

test('an explicit userRegion wins over the languages: DE is sent and SOFORT leads', async () => {
  const { top, plain, body, errors } = await checkout({ locale: 'nl-NL' }, { options: { userRegion: 'DE' } });
  assert.equal(body.userRegion, 'DE', JSON.stringify(body));
  assert.equal(plain[0], 'SOFORT', `${top}`);
  assert.ok(!top.includes('IDEAL'), `iDEAL is not pulled up by the languages: ${top}`);
  assert.deepEqual(errors, []);
});

test('the first language with a letter region counts: nl, es-419, de_at gives AT (EPS, SOFORT)', async () => {
  const { top, plain, body, errors } = await checkout({ locale: 'nl' }, { languages: ['nl', 'es-419', 'de_at', 'fr-FR'] });
  assert.equal(body.userRegion, 'AT', JSON.stringify(body));
  assert.deepEqual([...plain.slice(0, 2)].sort(), ['EPS', 'SOFORT'], `Austria's methods lead: ${top}`);
  assert.deepEqual(errors, []);
});

test('a script subtag before the region is skipped: zh-Hant-TW gives TW', async () => {
  const { body, errors } = await checkout({ locale: 'zh-TW' }, { languages: ['zh-Hant-TW', 'en-US'] });
  assert.equal(body.userRegion, 'TW', JSON.stringify(body));
  assert.deepEqual(errors, []);
});

test('an order the shop\'s backend placed in BE stays Belgian under an nl-NL browser: Bancontact leads', async () => {
  const { top, plain, body, errors } = await checkout({ locale: 'nl-NL' }, { orderRegion: 'BE' });
  // The page still sends its guess; the server chose for the order's region and said so.
  assert.equal(body.userRegion, 'NL', JSON.stringify(body));
  assert.equal(plain[0], 'BANCONTACT', `${top}`);
  assert.ok(!top.includes('IDEAL'), `iDEAL is not pulled up by the guess: ${top}`);
  assert.deepEqual(errors, []);
});

test('nl without a region: no userRegion is sent and the order is as without one', async () => {
  const { top, body, idealOpen, errors } = await checkout({ locale: 'nl' });
  assert.equal(body.userRegion, null, JSON.stringify(body));
  // The backend's order, no region ranked up: the Alipay+ wallets open, iDEAL folded.
  assert.deepEqual(top, ['ALIPAY_CN', 'ALIPAY_HK', 'WECHATPAY']);
  assert.ok(!idealOpen, 'iDEAL stays folded');
  assert.deepEqual(errors, []);
});
