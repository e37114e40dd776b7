// scripts/wasm-interface.mjs rewrites only names: a module built here with imports and exports
// of every common kind keeps its meaning, as the browser's own WebAssembly API sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { readInterface, rewriteInterface, withoutCustomSections } from '../../scripts/wasm-interface.mjs';

function sampleModule() {
  const m = new binaryen.Module();
  const { i32 } = binaryen;
  m.addFunctionImport('log', './glue_bg.js', '__wbg_log_0123456789abcdef', i32, binaryen.none);
  m.addFunctionImport('now', './glue_bg.js', '__wbg_now_fedcba9876543210', binaryen.none, i32);
  m.addGlobalImport('base', './glue_bg.js', '__wbg_base', i32, false);
  m.setMemory(1, 2, 'memory');
  m.addFunction('twice', i32, i32, [], m.i32.add(m.local.get(0, i32), m.local.get(0, i32)));
  m.addFunction('tick', binaryen.none, binaryen.none, [], m.call('log', [m.call('now', [], i32)], binaryen.none));
  m.addFunctionExport('twice', 'a_long_export_name_with_a_hash_0011223344556677');
  m.addFunctionExport('tick', 'tick');
  const bytes = m.emitBinary();
  m.dispose();
  return Buffer.from(bytes);
}

test('imports and exports are read with their modules and kinds', () => {
  const { imports, exports } = readInterface(sampleModule());
  // Binaryen writes the global import first: compared by name.
  assert.deepEqual(imports.map((i) => [i.module, i.name, i.kind]).sort(), [
    ['./glue_bg.js', '__wbg_base', 3],
    ['./glue_bg.js', '__wbg_log_0123456789abcdef', 0],
    ['./glue_bg.js', '__wbg_now_fedcba9876543210', 0],
  ]);
  assert.deepEqual(exports.map((e) => e.name).sort(), ['a_long_export_name_with_a_hash_0011223344556677', 'memory', 'tick']);
});

test('renamed and removed names are what WebAssembly sees; the code still runs', async () => {
  const renamed = rewriteInterface(sampleModule(), {
    module: { './glue_bg.js': 'a' },
    imports: { __wbg_log_0123456789abcdef: 'l', __wbg_now_fedcba9876543210: 'n', __wbg_base: 'b' },
    exports: { a_long_export_name_with_a_hash_0011223344556677: 't', memory: null },
  });
  assert.ok(WebAssembly.validate(renamed));
  const module = new WebAssembly.Module(renamed);
  assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`).sort(),
    ['a.b:global', 'a.l:function', 'a.n:function']);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name).sort(), ['t', 'tick']);
  const logged = [];
  const { exports } = await WebAssembly.instantiate(module, {
    a: { l: (v) => logged.push(v), n: () => 41, b: new WebAssembly.Global({ value: 'i32' }, 0) },
  });
  assert.equal(exports.t(21), 42);
  exports.tick();
  assert.deepEqual(logged, [41]);
});

test('a rewrite with nothing to rename gives the same bytes', () => {
  const bytes = sampleModule();
  assert.deepEqual(rewriteInterface(bytes, {}), bytes);
});

test('custom sections are dropped and nothing else changes', async () => {
  // A custom section ("producers"-like) appended after the module's own sections.
  const name = Buffer.from('producers');
  const payload = Buffer.from([1, 2, 3, 4]);
  const custom = Buffer.concat([Buffer.from([0, 1 + name.length + payload.length, name.length]), name, payload]);
  const plain = sampleModule();
  const stripped = withoutCustomSections(Buffer.concat([plain, custom]));
  assert.deepEqual(stripped, plain, 'the custom section is gone, every other byte kept');
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(stripped), 'producers').length, 0);
});
