// The loader's locale resolution (www/checkout.js, AlipayCheckout.resolveLocale), the only one:
// the wasm receives the chosen catalogue. Its cases are crates/checkout-core/tests/locale_cases.json
// (whose `direction` map is the Rust side's, for text_direction) and the table below.
// Run in a bare VM context, without a browser: node --test tests/e2e/locale-resolve.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ROOT } from './harness.mjs';

/** The loader evaluated as a page would run it, with only what it touches at load time. */
function loader(file = join(ROOT, 'www', 'checkout.js')) {
  const window = { location: { href: 'https://shop.example/checkout' } };
  const context = vm.createContext({ window, document: { currentScript: null }, URL, Intl, navigator: { languages: [] } });
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return window.AlipayCheckout;
}

const CASES = JSON.parse(readFileSync(join(ROOT, 'crates', 'checkout-core', 'tests', 'locale_cases.json'), 'utf8'));

test('every resolve case of locale_cases.json holds in the loader', () => {
  const { resolveLocale } = loader();
  assert.ok(CASES.resolve.length >= 20);
  for (const c of CASES.resolve) {
    assert.equal(resolveLocale(c.option, c.browser), c.expect, `option ${JSON.stringify(c.option)}, browser ${JSON.stringify(c.browser)}`);
  }
});

test('the loader offers exactly the catalogue files in www/i18n', () => {
  const { resolveLocale } = loader();
  const files = readdirSync(join(ROOT, 'www', 'i18n')).map((f) => f.replace(/\.json$/, '')).sort();
  assert.equal(files.length, 24);
  for (const tag of files) {
    assert.equal(resolveLocale(tag, []), tag, `${tag} picks its own file`);
    for (const spelling of [tag.toUpperCase(), tag.toUpperCase().replace('-', '_'), tag.toLowerCase().replace('-', '_')]) {
      assert.equal(resolveLocale(spelling, []), tag, `${tag} in any case and separator (${spelling})`);
    }
  }
});

test('chains, old codes and junk', () => {
  const { resolveLocale: r } = loader();
  const cases = {
    'fr-CH': 'fr', 'es-AR': 'es-419', 'es-419': 'es-419', es_mx: 'es-419', 'es-ES': 'es', 'zh-HK': 'zh-TW',
    'zh-Hant-CN': 'zh-TW', 'zh-Hans-HK': 'zh-CN', 'yue-HK': 'zh-TW', 'pt-PT': 'pt', 'pt-AO': 'pt', 'pt_br': 'pt-BR',
    'tl-PH': 'fil', 'iw-IL': 'he', in: 'id', 'sr-Latn-RS': 'en', 'en-GB': 'en', '': 'en', '*': 'en', '123': 'en',
    'français': 'en', 'en US!': 'en', 'ar-EG': 'ar', 'ZH_cn': 'zh-CN', 'zh-SG': 'zh-CN',
    'fr-CA': 'fr', 'de-AT': 'de', 'nl-BE': 'nl', 'ms-MY': 'ms', es: 'es', 'es-CL': 'es-419', 'es-PE': 'es-419',
    'es-CO': 'es-419', 'es-US': 'es-419', 'es-MX': 'es-419', 'zh-TW': 'zh-TW', 'zh-MO': 'zh-TW', 'zh-Hant': 'zh-TW',
    'zh-Hant-HK': 'zh-TW', zh: 'zh-CN', 'zh-CN': 'zh-CN', 'zh-Hans': 'zh-CN', 'zh-hans-sg': 'zh-CN', 'pt-BR': 'pt-BR',
    pt: 'pt', tl: 'fil', 'fil-PH': 'fil', iw: 'he', 'in-ID': 'id', x: 'en', '-': 'en', ' ': 'en', 'sv-SE': 'en',
    zz: 'en', nb: 'en',
  };
  for (const [tag, expect] of Object.entries(cases)) assert.equal(r(tag, []), expect, tag);
  assert.equal(r('ja', ['de-DE', 'en']), 'ja', 'the option comes first');
  assert.equal(r(undefined, ['nb-NO', 'es-AR', 'de']), 'es-419', 'browser languages in order');
  assert.equal(r('', ['', '*', 'sv']), 'en', 'nothing usable is English');
  assert.equal(r(null, ['ko-KR']), 'ko');
  assert.equal(r('xx', ['nb-NO', 'de-DE', 'fr']), 'de', 'an unknown option gives way to the browser');
  assert.equal(r(null, ['en-US', 'pl']), 'en', 'English is a language like the others');
  assert.equal(r(42, ['ko-KR']), 'ko', 'a non-string option is no option');
  assert.equal(r(undefined, undefined), 'en');
});
