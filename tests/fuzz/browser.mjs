// The fuzzer's browser: headless Chromium (tests/chromium.mjs) on a page that imports the
// package through an import map, served by tests/browser/server.mjs from a temp folder
// holding a copy of the package (env BR_PKG, default the repo's pkg/) and tests/fuzz/page/.
//
//   const browser = await openBrowser();
//   const page = await browser.freshPage();   // a new page: new wasm instance, new meeting
//   ...; await browser.close();
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM_ARGS, launchChromium } from '../chromium.mjs';
import { start } from '../browser/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PKG = path.resolve(process.env.BR_PKG || path.join(here, '../../pkg'));

/** Page errors that are ours on purpose: listeners that throw. */
export const LISTENER_MARK = 'fuzz-listener-throw';

export async function openBrowser({ pkg = PKG, extraFiles = {}, extraArgs = [] } = {}) {
  if (!(await stat(path.join(pkg, 'index.js')).catch(() => null))) {
    throw new Error(`no package at ${pkg} (set BR_PKG, or build it with scripts/build-pkg.sh)`);
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-fuzz-'));
  const root = path.join(tmp, 'site');
  await cp(path.join(here, 'page'), root, { recursive: true });
  // A copy, so a rebuild of the package during a run cannot mix two versions.
  await cp(pkg, path.join(root, 'pkg'), { recursive: true, dereference: true });
  for (const [name, text] of Object.entries(extraFiles)) await writeFile(path.join(root, name), text);
  const server = await start(root);
  const context = await launchChromium(path.join(tmp, 'user-data'), {
    env: { ...process.env, TMPDIR: tmp },
    ...(extraArgs.length ? { args: [...CHROMIUM_ARGS, ...extraArgs] } : {}),
  });
  let page = null;
  const browser = {
    pkg,
    url: server.url,
    context,
    /** Errors the page threw that were not ours (uncaught exceptions, unhandled rejections). */
    pageErrors: [],
    async freshPage(file = 'index.html') {
      if (page) await page.close().catch(() => {});
      page = await context.newPage();
      browser.pageErrors = [];
      page.on('pageerror', (error) => {
        const text = String(error?.stack ?? error);
        if (!text.includes(LISTENER_MARK)) browser.pageErrors.push(text.slice(0, 500));
      });
      page.on('crash', () => browser.pageErrors.push('the page crashed'));
      await page.goto(new URL(file, server.url).href);
      await page.waitForFunction(() => window.H?.ready === true || window.M?.ready === true, null, { timeout: 30_000 });
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      await server.close().catch(() => {});
      await rm(tmp, { recursive: true, force: true }).catch(() => {});
    },
  };
  return browser;
}
