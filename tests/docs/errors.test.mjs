// The error tables people read (docs/errors.md, the package README) list exactly the codes the
// engine has (src/core/error.rs: Error::code and Error::sub_code), each with its code.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file) => readFile(path.join(ROOT, file), 'utf8');

/** `Variant => value` for each arm of the named method's match (arms may list `A | B`). */
function arms(rust, method) {
  const body = new RegExp(`pub fn ${method}\\(&self\\)[^{]*\\{[^{]*match self \\{([\\s\\S]*?)\\n        \\}`).exec(rust);
  assert.ok(body, `Error::${method} in src/core/error.rs`);
  const values = new Map();
  for (const [, variants, value] of body[1].matchAll(/([\w\s|{}.]+?)=>\s*(\d+),/g)) {
    for (const variant of variants.split('|')) values.set(variant.replace(/\{\s*\.\.\s*\}/, '').trim(), Number(value));
  }
  return values;
}

/** Rows of the Markdown tables whose first two cells are numbers: [code, subCode, ...rest]. */
function tableRows(markdown) {
  return markdown
    .split('\n')
    .map((line) => /^\|\s*(\d{3})\s*\|\s*(\d{5})\s*\|(.*)\|\s*$/.exec(line))
    .filter(Boolean)
    .map(([, code, subCode, rest]) => [Number(code), Number(subCode), ...rest.split('|').map((c) => c.trim())]);
}

const pairs = (rows) => rows.map(([code, subCode]) => `${code}/${subCode}`).sort();

it("docs/errors.md and the package README list the engine's codes, and docs/errors.md its names", async () => {
  const rust = await read('src/core/error.rs');
  const codes = arms(rust, 'code');
  const subCodes = arms(rust, 'sub_code');
  assert.deepEqual([...codes.keys()].sort(), [...subCodes.keys()].sort(), 'every variant has both');
  assert.ok(subCodes.size >= 24, `variants read: ${subCodes.size}`);
  const engine = [...subCodes].map(([variant, subCode]) => [codes.get(variant), subCode, variant]);

  const docs = tableRows(await read('docs/errors.md'));
  assert.deepEqual(pairs(docs), pairs(engine), 'docs/errors.md');
  // Ours are named after the engine's variants: `Name` in the third column.
  for (const [code, subCode, name] of docs.filter(([, subCode]) => subCode >= 46900)) {
    const variant = name.replace(/`/g, '');
    assert.deepEqual([codes.get(variant), subCodes.get(variant)], [code, subCode], `docs/errors.md: ${name}`);
  }
  assert.deepEqual(pairs(tableRows(await read('pkg-template/README.md'))), pairs(engine), 'the package README');
});
