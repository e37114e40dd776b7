// Reads and rewrites the import and export sections of a wasm binary: the names only, every
// other byte is copied. Used by scripts/slim-bundle.mjs to give the wasm's imports and exports
// short names (wasm-bindgen's carry a 16-hex-digit hash each, which gzip cannot shrink).
const IMPORT_SECTION = 2;
const EXPORT_SECTION = 7;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return [value >>> 0, at];
    shift += 7;
  }
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [decoder.decode(bytes.subarray(start, start + length)), start + length];
}

const writeName = (name) => {
  const utf8 = encoder.encode(name);
  return [...writeU32(utf8.length), ...utf8];
};

function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = readU32(bytes, at);
  if (flags & 1) [, at] = readU32(bytes, at);
  return at;
}

// Where an import's description ends (function, table, memory, global or tag).
function skipImportDesc(bytes, at) {
  const kind = bytes[at++];
  switch (kind) {
    case 0: return readU32(bytes, at)[1];
    case 1: return skipLimits(bytes, at + 1);
    case 2: return skipLimits(bytes, at);
    case 3: return at + 2;
    case 4: return readU32(bytes, at + 1)[1];
    default: throw new Error(`wasm import of unknown kind ${kind} at ${at - 1}`);
  }
}

function* sections(bytes) {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    yield { id, start: at, body: start, end: start + size };
    at = start + size;
  }
}

// The entries of an import or export section: { module (imports only), name, kind, desc }, where
// `desc` is the entry's bytes after its names, copied as they are.
function entries(bytes, section) {
  let [count, at] = readU32(bytes, section.body);
  const out = [];
  for (; count > 0; count--) {
    let module, name;
    if (section.id === IMPORT_SECTION) [module, at] = readName(bytes, at);
    [name, at] = readName(bytes, at);
    const descStart = at;
    at = section.id === IMPORT_SECTION ? skipImportDesc(bytes, at) : readU32(bytes, at + 1)[1];
    out.push({ module, name, kind: bytes[descStart], desc: bytes.subarray(descStart, at) });
  }
  return out;
}

const isInterface = (section) => section.id === IMPORT_SECTION || section.id === EXPORT_SECTION;

// [{ module, name, kind }] and [{ name, kind }], in section order.
export function readInterface(bytes) {
  const found = { imports: [], exports: [] };
  for (const s of sections(bytes)) {
    if (!isInterface(s)) continue;
    for (const { module, name, kind } of entries(bytes, s)) {
      if (s.id === IMPORT_SECTION) found.imports.push({ module, name, kind });
      else found.exports.push({ name, kind });
    }
  }
  return found;
}

// A copy of `bytes` with imports renamed by `rename.module`/`rename.imports` (name -> name) and
// exports renamed by `rename.exports`; an export mapped to null is removed.
export function rewriteInterface(bytes, rename) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (!isInterface(s)) {
      parts.push(bytes.subarray(s.start, s.end));
      continue;
    }
    const written = [];
    for (const { module, name, desc } of entries(bytes, s)) {
      if (s.id === IMPORT_SECTION) {
        const newModule = rename.module?.[module] ?? module;
        written.push([...writeName(newModule), ...writeName(rename.imports?.[name] ?? name), ...desc]);
      } else {
        const renamed = rename.exports && name in rename.exports ? rename.exports[name] : name;
        if (renamed !== null) written.push([...writeName(renamed), ...desc]);
      }
    }
    const body = [...writeU32(written.length), ...written.flat()];
    parts.push(Uint8Array.of(s.id, ...writeU32(body.length), ...body));
  }
  return Buffer.concat(parts);
}

// A copy of `bytes` without its custom sections (`producers`, `target_features` and the like):
// the browser ignores them, and every tool that reads them has run by then.
export function withoutCustomSections(bytes) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (s.id !== 0) parts.push(bytes.subarray(s.start, s.end));
  }
  return Buffer.concat(parts);
}
