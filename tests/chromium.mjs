// Headless Debian Chromium through playwright-core, launched the same way by every browser
// test and the benchmark: `const context = await launchChromium(userDataDir, { viewport })`,
// then `await context.close()`. Pass a fresh user-data dir; `options` go to
// playwright's launchPersistentContext over the defaults below.
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    ...options,
  });
}
