// The package's size anatomy (`make size`): what the bytes of each shipped engine are, by
// crate and by module. It optimizes each engine's name-keeping wasm (target/glue/, written by
// scripts/build-pkg.sh) with the shipped wasm-opt flags plus -g, which keeps the function
// names, then attributes every function body to the crate and module its name says.
// Gzip shares are estimates: each group's bodies gzipped alone, scaled so the groups add up
// to the shipped file's real gzip -9 size. Usage:
//   node scripts/size.mjs [--top N] [--json FILE] [glue dir]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const top = Number(option('--top', '25'));
const jsonOut = option('--json', undefined);
// One name-keeping wasm instead of the package's engines (for experiments): its shipped
// size is that of its own wasm-opt run.
const single = option('--wasm', undefined);
const extraFlags = option('--flags', '').split(/\s+/).filter(Boolean);
// Lists the functions (before wasm-opt) of the module groups whose name contains this.
const list = option('--list', undefined);
const glue = path.resolve(root, args[0] ?? 'target/glue');

const engines = single ? [['one', single, undefined]] : [
  ['in-page', 'release/breakout_rooms_bg.wasm', 'pkg/breakout_rooms_bg.wasm'],
  ['net', 'net/breakout_rooms_net_bg.wasm', 'pkg/breakout_rooms_net_bg.wasm'],
];
const flags = readFileSync(path.join(root, 'scripts/wasm-opt.flags'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join(' ')
  .split(/\s+/)
  .filter(Boolean);
const wasmOpt = path.join(root, 'tools/node_modules/.bin/wasm-opt');
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

// ----- reading a wasm module -----

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
      'elem', 'code', 'data', 'datacount'][id];
    if (id === 0) {
      const [len, s] = leb(bytes, start);
      name = `custom "${bytes.subarray(s, s + len).toString()}"`;
    }
    out.push({ id, name, start, end: start + size, size: start + size - at });
    at = start + size;
  }
  return out;
}

function importedFunctions(bytes, section) {
  let [count, at] = leb(bytes, section.start);
  let functions = 0;
  for (; count > 0; count--) {
    for (let k = 0; k < 2; k++) {
      const [len, s] = leb(bytes, at);
      at = s + len;
    }
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      at = leb(bytes, at)[1];
    } else if (kind === 1) {
      at += 1;
      const [limits, s] = leb(bytes, at);
      at = leb(bytes, s)[1];
      if (limits & 1) at = leb(bytes, at)[1];
    } else if (kind === 2) {
      const [limits, s] = leb(bytes, at);
      at = leb(bytes, s)[1];
      if (limits & 1) at = leb(bytes, at)[1];
    } else if (kind === 3) {
      at += 2;
    } else {
      at = leb(bytes, at)[1];
    }
  }
  return functions;
}

function functionNames(bytes, section) {
  const names = new Map();
  let at = leb(bytes, section.start)[1];
  at += 'name'.length;
  while (at < section.end) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (id === 1) {
      let [count, p] = leb(bytes, start);
      for (; count > 0; count--) {
        const [index, q] = leb(bytes, p);
        const [len, r] = leb(bytes, q);
        names.set(index, bytes.subarray(r, r + len).toString());
        p = r + len;
      }
    }
    at = start + size;
  }
  return names;
}

function bodies(bytes, section) {
  const out = [];
  let [count, at] = leb(bytes, section.start);
  for (; count > 0; count--) {
    const [size, start] = leb(bytes, at);
    out.push(bytes.subarray(at, start + size));
    at = start + size;
  }
  return out;
}

// ----- who a function belongs to -----

/** The text inside the `<...>` that opens `name`, and what follows it. */
function bracketed(name) {
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '<') depth++;
    else if (name[i] === '>' && name[i - 1] !== '-' && --depth === 0) return [name.slice(1, i), name.slice(i + 1)];
  }
  return [name.slice(1), ''];
}

/** `<Self as Trait>` split at its top-level ` as `. */
function selfAndTrait(inner) {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && inner[i - 1] !== '-') || c === ')' || c === ']') depth--;
    else if (depth === 0 && inner.startsWith(' as ', i)) return [inner.slice(0, i), inner.slice(i + 4)];
  }
  return [inner, undefined];
}

/** The module path that owns a (demangled, hash-free) path: `a::b::Type<..>::f` gives `a::b`. */
function modulePath(p, isFunction) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if ((c === '>' && p[i - 1] !== '-') || c === ')' || c === ']' || c === '}') depth--;
    if (depth === 0 && p.startsWith('::', i)) {
      parts.push(current);
      current = '';
      i++;
    } else current += c;
  }
  parts.push(current);
  const modules = [];
  for (const part of parts) {
    if (!/^[a-z_][a-z0-9_]*$/.test(part)) break;
    modules.push(part);
  }
  // A free function's own name is the last lowercase segment.
  if (isFunction && modules.length === parts.length && modules.length > 1) modules.pop();
  else if (isFunction && modules.length > 1 && !/^[a-z_]/.test(parts[modules.length] ?? 'A') && modules.length === parts.length - 1) {
    // `module::function::{closure#0}`: the closure belongs to the function's module.
    modules.pop();
  }
  return modules.join('::');
}

const primitive = /^(&|\*const |\*mut |mut |dyn |\[|\(|fn\b|u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str)/;

/** The module a function's code belongs to: its self type's, else its trait's, else its path's. */
function owner(raw) {
  let name = raw.replace(/\[[0-9a-f]{1,16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
  for (let guard = 0; guard < 8 && name.startsWith('<'); guard++) {
    const [inner] = bracketed(name);
    let [self, trait] = selfAndTrait(inner);
    while (/^(&mut |&|\*const |\*mut |mut |dyn )/.test(self)) self = self.replace(/^(&mut |&|\*const |\*mut |mut |dyn )/, '');
    if (self.startsWith('<')) {
      name = self;
      continue;
    }
    if (!primitive.test(self) && self.includes('::')) return modulePath(self, false);
    if (self.startsWith('[') || self === 'str') return trait ? modulePath(trait, false) : self.startsWith('[') ? 'core::slice' : 'core::str';
    if (trait) return modulePath(trait, false);
    return 'core';
  }
  if (!name.includes('::')) {
    // wasm-bindgen's export of a method (`engine_pump`, `readToken`), with what wasm-opt
    // inlined into it: its method's own module.
    if (/^(engine_|readToken|__wbg_engine_free)/.test(name)) return 'breakout_rooms::web::engine (exports)';
    if (/^__wbg|^__wbindgen|^__externref/.test(name)) return '(no crate) wasm-bindgen glue';
    return `(no crate) ${/^mem|^__rust|^rust_/.test(name) ? 'runtime' : 'other'}`;
  }
  return modulePath(name, true);
}

function crateOf(module) {
  return module.startsWith('(no crate)') ? module : module.split('::')[0].split(' ')[0];
}

/** Our modules in full; std's to three levels (core::slice::sort), other crates' to two. */
function moduleGroup(module) {
  if (module.startsWith('(no crate)')) return module;
  const parts = module.split('::');
  if (parts[0].startsWith('breakout_rooms')) return module;
  const depth = ['core', 'alloc', 'std'].includes(parts[0]) ? 3 : 2;
  return parts.slice(0, depth).join('::');
}

// ----- one engine -----

/** A module's bytes grouped by `key` of each function's owner; gz scaled to `gzTotal`. */
function grouped(bytes, gzTotal) {
  const all = sections(bytes);
  const code = all.find((s) => s.name === 'code');
  const imports = all.find((s) => s.name === 'import');
  const nameSection = all.find((s) => s.name === 'custom "name"');
  const offset = imports ? importedFunctions(bytes, imports) : 0;
  const names = nameSection ? functionNames(bytes, nameSection) : new Map();
  const functions = bodies(bytes, code).map((body, i) => {
    const name = names.get(i + offset) ?? `func[${i + offset}]`;
    return { name, body, module: owner(name) };
  });
  const other = all
    .filter((s) => s.name !== 'code' && s.name !== 'custom "name"')
    .map((s) => ({ name: s.name === 'data' ? 'data (static strings and tables)' : `section ${s.name}`, bytes: bytes.subarray(s.start, s.end) }));
  const group = (key) => {
    const groups = new Map();
    for (const f of functions) {
      const k = key(f.module);
      const g = groups.get(k) ?? { key: k, raw: 0, count: 0, parts: [] };
      g.raw += f.body.length;
      g.count++;
      g.parts.push(f.body);
      groups.set(k, g);
    }
    for (const s of other) groups.set(s.name, { key: s.name, raw: s.bytes.length, count: 0, parts: [s.bytes] });
    const list = [...groups.values()];
    for (const g of list) g.alone = gz(Buffer.concat(g.parts));
    const total = list.reduce((n, g) => n + g.alone, 0);
    for (const g of list) {
      g.gz = (g.alone / total) * gzTotal;
      delete g.parts;
      delete g.alone;
    }
    return list.sort((a, b) => b.raw - a.raw);
  };
  if (list !== undefined) {
    for (const f of functions.filter((f) => moduleGroup(f.module).includes(list)).sort((a, b) => b.body.length - a.body.length)) {
      console.log(`${String(f.body.length).padStart(7)}  ${f.name.replace(/\[[0-9a-f]{1,16}\]/g, '')}`);
    }
  }
  return {
    raw: bytes.length - (nameSection ? nameSection.size : 0),
    functions: functions.length,
    byCrate: group(crateOf),
    byModule: group(moduleGroup),
    biggest: [...functions].sort((a, b) => b.body.length - a.body.length).slice(0, 12)
      .map((f) => ({ raw: f.body.length, name: f.name.replace(/\[[0-9a-f]{1,16}\]/g, '') })),
  };
}

/** The module without its name section: what it would ship as. */
function withoutNames(bytes) {
  const names = sections(bytes).find((s) => s.name === 'custom "name"');
  if (!names) return bytes;
  return Buffer.concat([bytes.subarray(0, names.end - names.size), bytes.subarray(names.end)]);
}

function anatomy(label, namedPath, shippedPath) {
  const optimized = path.join(root, 'target/size', path.basename(namedPath).replace('.wasm', '.named.wasm'));
  mkdirSync(path.dirname(optimized), { recursive: true });
  execFileSync(wasmOpt, [...flags, ...extraFlags, '-g', namedPath, '-o', optimized]);
  const shipped = shippedPath ? readFileSync(shippedPath) : withoutNames(readFileSync(optimized));
  const shippedGz = gz(shipped);
  return {
    label,
    shipped: { raw: shipped.length, gz: shippedGz },
    // What ships: wasm-opt inlines every function with one caller into it, so the
    // exports and `pump` hold much of the core here.
    optimized: grouped(readFileSync(optimized), shippedGz),
    // LLVM's output before wasm-opt: fewer functions merged, so modules say more.
    linked: grouped(readFileSync(namedPath), shippedGz),
  };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7);
function table(title, rows, limit) {
  const total = rows.reduce((n, r) => n + r.raw, 0);
  console.log(`\n${title}`);
  console.log(`${'raw KB'.padStart(7)} ${'gz KB'.padStart(7)}  ${'share'.padStart(5)}  fns  what`);
  for (const r of rows.slice(0, limit)) {
    console.log(`${kb(r.raw)} ${kb(r.gz)}  ${((100 * r.raw) / total).toFixed(1).padStart(5)}% ${String(r.count || '').padStart(4)}  ${r.key}`);
  }
  const rest = rows.slice(limit);
  if (rest.length > 0) {
    const raw = rest.reduce((n, r) => n + r.raw, 0);
    const gzRest = rest.reduce((n, r) => n + r.gz, 0);
    console.log(`${kb(raw)} ${kb(gzRest)}  ${((100 * raw) / total).toFixed(1).padStart(5)}%       ${rest.length} more`);
  }
}

const results = [];
for (const [label, named, shipped] of engines) {
  const r = anatomy(label, single ? path.resolve(named) : path.join(glue, named), shipped && path.join(root, shipped));
  results.push(r);
  console.log(`\n=== ${label} engine: ${shipped ?? named}: ${r.shipped.raw} B raw, ${r.shipped.gz} B gzip -9`);
  console.log(`shipped (wasm-opt with names kept: ${r.optimized.raw} B without them, ${r.optimized.functions} functions);`);
  console.log(`gz KB: each group gzipped alone, scaled to the shipped gzip size`);
  table('by crate, as shipped', r.optimized.byCrate, top);
  console.log(`\nbefore wasm-opt (LLVM's output: ${r.linked.raw} B, ${r.linked.functions} functions; gz scaled to the shipped size)`);
  table('by crate, before wasm-opt', r.linked.byCrate, top);
  table('by module, before wasm-opt (ours in full, std to 3 levels, other crates to 2)', r.linked.byModule, top * 2);
  console.log('\nbiggest functions, as shipped');
  for (const f of r.optimized.biggest) console.log(`${kb(f.raw)}  ${f.name.slice(0, 150)}`);
}
if (single) process.exit(0);
const js = readFileSync(path.join(root, 'pkg/index.js'));
const inPage = readFileSync(path.join(root, 'pkg/breakout_rooms_bg.wasm'));
console.log(`\nbudget (issue 7): in-page wasm + pkg/index.js gzip -9 = ${gz(Buffer.concat([inPage, js]))} B (60 KB = 61440 B)`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
