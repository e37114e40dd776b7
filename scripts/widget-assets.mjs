// After `trunk build`: takes out of the wasm and the glue what the widget never uses and shortens
// their interface names (scripts/slim-bundle.mjs), minifies the JS glue (esbuild), gives the glue, the wasm and the CSS
// content-hashed names, writes those names into the loader (minified with esbuild: Trunk copies
// it as it is), precompresses what the browser downloads (.br and .gz beside each file,
// served by the reference server by Accept-Encoding) and prints the loader's SRI hash.
// Usage: node scripts/widget-assets.mjs DIST
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';
import { slimBundle } from './slim-bundle.mjs';

const dist = process.argv[2] || 'dist';
const LOADER = 'checkout.js';
// What Trunk writes under stable names (Trunk.toml keeps filehash off) -> [stem, extension].
const PARTS = {
  glue: ['checkout-widget', 'js'],
  wasm: ['checkout-widget_bg', 'wasm'],
  css: ['checkout', 'css'],
};
// The string literal in www/checkout.js this script replaces (a literal survives minifiers).
const MARKER = /(['"])@@WIDGET_BUNDLE@@\1/g;

const digest = (algorithm, bytes, encoding) => createHash(algorithm).update(bytes).digest(encoding);
const integrity = (bytes) => `sha384-${digest('sha384', bytes, 'base64')}`;

function precompress(name) {
  const bytes = readFileSync(join(dist, name));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
}

// The JS glue minified with esbuild (Trunk's minifier cannot parse wasm-bindgen's output); an ES
// module keeps its export names and the wasm's import names are property keys, so both survive.
const gluePath = join(dist, `${PARTS.glue[0]}.${PARTS.glue[1]}`);
const wasmPath = join(dist, `${PARTS.wasm[0]}.${PARTS.wasm[1]}`);
const slim = slimBundle(readFileSync(wasmPath), readFileSync(gluePath, 'utf8'));
writeFileSync(wasmPath, slim.wasm);
const glue = transformSync(slim.glue, { minify: true, format: 'esm', legalComments: 'none' });
writeFileSync(gluePath, glue.code);
console.log(`[build-widget] ${slim.summary}`);

const files = {};
for (const [part, [stem, ext]] of Object.entries(PARTS)) {
  const bytes = readFileSync(join(dist, `${stem}.${ext}`));
  // 16 hex digits of SHA-256: a name changes exactly when the content does.
  const hashed = `${stem}.${digest('sha256', bytes, 'hex').slice(0, 16)}.${ext}`;
  // Renamed: a page can only load this build by the names in its loader.
  renameSync(join(dist, `${stem}.${ext}`), join(dist, hashed));
  files[part] = hashed;
}

const loaderPath = join(dist, LOADER);
const source = readFileSync(loaderPath, 'utf8');
if ((source.match(MARKER) || []).length !== 1) {
  throw new Error(`${loaderPath}: expected the string '@@WIDGET_BUNDLE@@' exactly once`);
}
// The header comment is documentation for whoever reads www/checkout.js, not a licence.
const { code } = transformSync(source.replace(MARKER, JSON.stringify(files)), { minify: true, legalComments: 'none' });
const loader = code;
writeFileSync(loaderPath, loader);

// Every text or wasm file a browser may fetch (a later file, say a message catalogue, too).
for (const name of readdirSync(dist)) {
  if (/\.(js|wasm|css|json|svg)$/.test(name) && name !== 'manifest.json') precompress(name);
}
// The message catalogues the loader downloads, one per language (dist/i18n/<tag>.json).
for (const name of readdirSync(join(dist, 'i18n'))) {
  if (name.endsWith('.json')) precompress(join('i18n', name));
}

// The reference server reads this to fill the demo shop's tag and preload hints.
const manifest = { loader: { file: LOADER, integrity: integrity(Buffer.from(loader)) }, ...files };
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

console.log(`[build-widget] ${Object.values(files).join(', ')}`);
console.log(`[build-widget] checkout.js integrity: ${manifest.loader.integrity}`);
