// tsc check: @azure/communication-react 1.34.0's own .d.ts (and uses.ts) with
// '@azure/communication-calling' mapped to the package under test's index.d.ts, and
// assignable.ts: the package's classes where the real SDK's types (@azure/communication-calling
// 1.46.1, a devDependency here, imported as '@sdk/communication-calling') are expected.
//
//   node tests/compat/types/check.mjs            (BR_PKG=/path/to/pkg to check another build)
//
// Prints the errors grouped by file and "N passed, N failed" per checked file; exits 1 when
// communication-react.d.ts, uses.ts, assignable.ts or the package's index.d.ts has an error. Errors inside
// other libraries' declarations (React, Fluent UI) are listed but not counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const compat = resolve(here, '..');
const pkgDir = resolve(compat, process.env.BR_PKG ?? '../../pkg');
const tsc = resolve(compat, '../../tools/node_modules/typescript/bin/tsc');
const reactDts = join(compat, 'node_modules/@azure/communication-react/dist/communication-react.d.ts');
const sdkDts = join(compat, 'node_modules/@azure/communication-calling/types/communication-calling.d.ts');
const pkgDts = join(pkgDir, 'index.d.ts');
for (const [what, file] of [['tsc (bash scripts/setup.sh)', tsc], ['communication-react (npm ci in tests/compat)', reactDts], ['the SDK typings (npm ci in tests/compat)', sdkDts], ['the package typings', pkgDts]]) {
  if (!existsSync(file)) { console.error(`missing ${what}: ${file}`); process.exit(2); }
}

// The committed tsconfig.json with absolute paths for this package and this machine.
const base = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
base.compilerOptions.baseUrl = here;
base.compilerOptions.typeRoots = [join(compat, 'node_modules/@types')];
base.compilerOptions.paths['@azure/communication-calling'] = [pkgDts];
base.compilerOptions.paths['breakout-rooms'] = [pkgDts];
base.compilerOptions.paths['@sdk/communication-calling'] = [sdkDts];
base.compilerOptions.paths['@azure/communication-chat'] = [join(here, 'stubs/communication-chat.d.ts')];
base.files = [join(here, 'uses.ts'), join(here, 'assignable.ts'), reactDts];
const config = join(mkdtempSync(join(tmpdir(), 'compat-tsc-')), 'tsconfig.json');
writeFileSync(config, JSON.stringify(base, null, 2));

const run = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: here, encoding: 'utf8', maxBuffer: 64 << 20 });
const lines = `${run.stdout}${run.stderr}`.split('\n');
const errors = [];
for (const line of lines) {
  const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
  if (m) errors.push({ file: resolve(here, m[1]), line: +m[2], code: m[4], text: m[5] });
  else if (line.trim() && errors.length) errors[errors.length - 1].text += `\n${line}`;
  else if (/error TS/.test(line)) errors.push({ file: '(global)', line: 0, code: '', text: line });
}
const checked = { 'communication-react.d.ts': reactDts, 'uses.ts': join(here, 'uses.ts'), 'assignable.ts': join(here, 'assignable.ts'), [`${relative(compat, pkgDir) || pkgDir}/index.d.ts`]: pkgDts };
let counted = 0;
const byFile = new Map();
for (const e of errors) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
console.log(`package under test: ${pkgDir}`);
for (const [file, list] of byFile) {
  const name = relative(compat, file);
  console.log(`\n${name}: ${list.length} error(s)`);
  for (const e of list) console.log(`  ${e.line}: ${e.code} ${e.text.split('\n').join('\n      ')}`);
}
console.log('');
for (const [name, file] of Object.entries(checked)) {
  const n = byFile.get(file)?.length ?? 0;
  counted += n;
  console.log(`${name}: ${n === 0 ? 'ok' : `${n} error(s)`}`);
}
const others = errors.length - counted;
if (others) console.log(`(${others} error(s) in other files, not counted)`);
const failed = Object.values(checked).filter((f) => byFile.has(f)).length;
console.log(`tsc: ${Object.keys(checked).length - failed} passed, ${failed} failed`);
process.exitCode = counted ? 1 : 0;
