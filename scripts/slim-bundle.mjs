// Takes out of the wasm and its JS glue what wasm-bindgen keeps but the widget never uses, and
// gives the wasm's imports and exports short names. Called by scripts/widget-assets.mjs on
// Trunk's output, before the glue is minified.
//  - Leptos always builds server_fn's browser client, whose wasm-streams crate exports three JS
//    classes (stream sources and a sink). The widget never creates one. scripts/link-widget
//    already keeps their exports (and all they reach) out of the wasm; wasm-bindgen still writes
//    the classes into the glue, and they are taken out here.
//  - custom sections (producers, target features) only tools read: they go last.
//  - wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`, spelt in the wasm and in
//    the glue: random digits that gzip cannot compress.
// Every step is checked: a name that is not found where it should be stops the build.
import binaryen from 'binaryen';
import { readInterface, rewriteInterface, withoutCustomSections } from './wasm-interface.mjs';

// The JS classes the widget never constructs (exported by wasm-streams through server_fn).
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function removeOnce(source, pattern, what) {
  const matches = source.match(new RegExp(pattern.source, `${pattern.flags}g`)) || [];
  if (matches.length !== 1) throw new Error(`slim-bundle: expected ${what} once in the glue, found ${matches.length}`);
  return source.replace(pattern, '');
}

// wasm-bindgen 0.2.130 writes a class as `export class X {` ... `}` at column 0, then one
// `Symbol.dispose` line, and its finalization registry as a three-line `const`.
function removeClass(glue, name) {
  const n = escape(name);
  glue = removeOnce(glue, new RegExp(`^export class ${n} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'), `class ${name}`);
  glue = removeOnce(glue, new RegExp(`^if \\(Symbol\\.dispose\\) ${n}\\.prototype.*\\n`, 'm'), `${name}'s dispose`);
  return removeOnce(glue, new RegExp(`^const ${n}Finalization = [\\s\\S]*?\\);\\n`, 'm'), `${name}'s registry`);
}

// Short JS identifiers: a..z, A..Z, then two letters.
function* shortNames() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) yield a;
  for (const a of letters) for (const b of letters) yield a + b;
}

const exportUses = (glue) => new Set([...glue.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));

// Binaryen drops what only the removed exports reached, and imports nothing calls any more.
function deadCodeElimination(bytes) {
  // No setFeatures: binaryen keeps the features the build declared (its target_features
  // section); with all of them it would write newer encodings (compact imports) browsers lack.
  const module = binaryen.readBinary(bytes);
  module.runPasses(['remove-unused-module-elements']);
  const out = module.emitBinary();
  module.dispose();
  return out;
}

// An import's key in the glue's import object (`        NAME: function(`), and its whole entry
// (to its closing `        },`).
const importKey = (name) => new RegExp(`^        ${escape(name)}: function`, 'm');
const importEntry = (name) => new RegExp(`${importKey(name).source}\\([\\s\\S]*?^        \\},\\n`, 'm');

export function slimBundle(wasmBytes, glueSource) {
  let glue = glueSource;
  for (const name of UNUSED_CLASSES) glue = removeClass(glue, name);

  // Exports the glue no longer reads (the classes' methods, markers nobody reads) go.
  const used = exportUses(glue);
  const before = readInterface(wasmBytes);
  const drop = Object.fromEntries(before.exports.filter((e) => !used.has(e.name)).map((e) => [e.name, null]));
  const missing = [...used].filter((name) => !before.exports.some((e) => e.name === name));
  if (missing.length) throw new Error(`slim-bundle: the glue reads exports the wasm lacks: ${missing.join(', ')}`);
  let wasm = deadCodeElimination(rewriteInterface(wasmBytes, { exports: drop }));

  const after = readInterface(wasm);
  const modules = [...new Set(after.imports.map((i) => i.module))];
  if (modules.length !== 1) throw new Error(`slim-bundle: expected one import module, found ${modules.join(', ')}`);
  const moduleKey = `        ${JSON.stringify(modules[0])}: import0,\n`;
  if (!glue.includes(moduleKey)) throw new Error(`slim-bundle: the glue does not hand over ${modules[0]}`);

  const imported = new Set(after.imports.map((i) => i.name));
  const dropped = before.imports.filter((i) => !imported.has(i.name));
  for (const { name } of dropped) glue = removeOnce(glue, importEntry(name), `import ${name}`);

  const importNames = shortNames();
  const imports = {};
  for (const { name } of after.imports) {
    imports[name] = importNames.next().value;
    glue = glue.replace(importKey(name), `        ${imports[name]}: function`);
  }
  const exportNames = shortNames();
  const exports = {};
  for (const { name } of after.exports) {
    exports[name] = exportNames.next().value;
    glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), `wasm.${exports[name]}`);
  }
  glue = glue.replace(moduleKey, '        a: import0,\n');
  wasm = withoutCustomSections(rewriteInterface(wasm, { module: { [modules[0]]: 'a' }, imports, exports }));

  // Every name the glue reads or hands over must now be the wasm's.
  const final = readInterface(wasm);
  const finalExports = new Set(final.exports.map((e) => e.name));
  const stale = [...exportUses(glue)].filter((name) => !finalExports.has(name));
  if (stale.length) throw new Error(`slim-bundle: the glue still reads ${stale.join(', ')}`);
  for (const { name } of final.imports) {
    if (!importKey(name).test(glue)) {
      throw new Error(`slim-bundle: the glue does not provide import ${name}`);
    }
  }
  return {
    wasm,
    glue,
    summary: `${Object.keys(drop).length} exports and ${dropped.length} imports dropped, ` +
      `${final.imports.length} imports and ${final.exports.length} exports renamed`,
  };
}
