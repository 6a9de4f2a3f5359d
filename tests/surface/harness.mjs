// Runs the surface tests against the built package, as a user's app imports it: a static
// server (tests/browser/server.mjs) serves the package directory ($BR_PKG, else the repo's
// pkg/) at /node_modules/breakout-rooms/, the helpers (prelude.js) and a page whose import
// map resolves 'breakout-rooms' to the package's browser entry; headless Chromium
// (tests/chromium.mjs) loads it.
//
// Run: `node --test --test-concurrency=1 tests/surface/` (BR_PKG=/path/to/pkg to test another build).
//
// In a test file: `const test = surfaceTests(import.meta.url);` then
// `test('what it shows', async () => { ...SDK code... });`. The body runs in the page, not in
// Node: it may only name the page's globals (the package's exports and the prelude's helpers).
// One browser per file; every test gets a fresh page, so a fresh in-page host and meetings.
// A failure shows the page's error with its stack, mapped to the files on disk (the body's
// own frames name the test file and line).
import { after, before, test } from 'node:test';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../chromium.mjs';
import { start } from '../browser/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PKG = path.resolve(process.env.BR_PKG || path.join(here, '../../pkg'));

/** Per test: enough for the slowest (1,000 rooms, real end-time timers), not for a hang. */
const TIMEOUT_MS = 30_000;

/** The module a browser app gets for `import ... from 'breakout-rooms'`: the package's exports. */
export function browserEntry(manifest) {
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (!target || typeof target !== 'object' || Array.isArray(target)) return undefined;
    if ('.' in target) return pick(target['.']);
    return pick(target.browser) ?? pick(target.import) ?? pick(target.default);
  };
  return (pick(manifest.exports) ?? manifest.module ?? manifest.main ?? 'index.js').replace(/^\.\//, '');
}

/** Registers the file's browser and server hooks; returns `test(name, body)`. */
export function surfaceTests(testFileUrl) {
  const testFile = fileURLToPath(testFileUrl);
  let source;
  let context;
  let server;
  let tmp;

  before(async () => {
    source = await readFile(testFile, 'utf8');
    const manifest = JSON.parse(
      await readFile(path.join(PKG, 'package.json'), 'utf8').catch(() => {
        throw new Error(`no package at ${PKG}: build it (bash scripts/build-pkg.sh) or set BR_PKG`);
      }),
    );
    const entry = browserEntry(manifest);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'br-surface-'));
    const root = path.join(tmp, 'www');
    await mkdir(path.join(root, 'node_modules'), { recursive: true });
    await symlink(PKG, path.join(root, 'node_modules', 'breakout-rooms'));
    await symlink(path.join(here, 'prelude.js'), path.join(root, 'prelude.js'));
    await writeFile(
      path.join(root, 'index.html'),
      `<!doctype html>
<meta charset="utf-8">
<title>breakout-rooms surface tests</title>
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { 'breakout-rooms': `/node_modules/breakout-rooms/${entry}` } })}</script>
<script type="module">
  // The prelude imports the package; a failed load rejects here, with the browser's reason.
  window.prelude = import('/prelude.js');
</script>
`,
    );
    server = await start(root);
    context = await launchChromium(path.join(tmp, 'profile'));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Where `body` starts in the test file (1-based line, 0-based column), so page stacks point there. */
  function locate(body) {
    const at = source.indexOf(body);
    if (at < 0) return { line: 1, column: 0 };
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - (before.lastIndexOf('\n') + 1) };
  }

  /** Page URLs in a stack, mapped back to files on disk; the runner's own frames dropped. */
  function mapStack(text) {
    return text
      .split('\n')
      .filter((frame) => !/^\s*at (async )?(eval \(eval at evaluate|<anonymous>)/.test(frame))
      .join('\n')
      .replaceAll(`${server.url.replace(/\/$/, '')}/prelude.js`, path.join(here, 'prelude.js'))
      .replaceAll(`${server.url.replace(/\/$/, '')}/node_modules/breakout-rooms/`, `${PKG}/`);
  }

  async function runInPage(body) {
    const text = body.toString();
    const { line, column } = locate(text);
    // The body, placed at its own line and column, named after the test file.
    const code = `${'\n'.repeat(Math.max(line - 2, 0))}(\n${' '.repeat(column)}${text}\n)\n//# sourceURL=${testFile}`;
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    try {
      await page.goto(server.url);
      const result = await page.evaluate(async (code) => {
        try {
          await window.prelude;
        } catch (e) {
          return { ok: false, message: `the package did not load: ${e && e.message}`, stack: e && e.stack };
        }
        try {
          await (0, eval)(code)();
          return { ok: true };
        } catch (e) {
          if (e instanceof Error) return { ok: false, message: e.message, stack: e.stack };
          return { ok: false, message: `threw a non-Error: ${String(e)}` };
        }
      }, code);
      if (!result.ok) {
        const error = new Error(result.message);
        const uncaught = pageErrors.map((e) => `\nuncaught in the page: ${mapStack(e.stack || e.message)}`);
        error.stack = mapStack(result.stack || `Error: ${result.message}`) + uncaught.join('');
        throw error;
      }
    } finally {
      await page.close();
    }
  }

  return (name, body) => test(name, { timeout: TIMEOUT_MS }, () => runInPage(body));
}
