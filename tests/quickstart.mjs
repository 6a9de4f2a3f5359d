// The quick start in a browser: open a page that runs it, collect its console, and check
// what it must show. Used by the bundler matrix (one page per bundler) and by the README
// tests (the code block as written, with an import map).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { launchChromium } from './chromium.mjs';

/** Polls until `ready()` is truthy, or fails saying what it waited for. */
async function until(ready, what, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    if (ready()) return;
    if (Date.now() - started > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Opens `url` in headless Chromium and waits for a console line starting with `done`.
 * Resolves with the page's console.log lines and every problem seen: page errors, console
 * errors and warnings, failed requests and HTTP errors.
 */
export async function pageConsole(url, { done }) {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-quickstart-profile-'));
  const context = await launchChromium(userData);
  const lines = [];
  const problems = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'log') lines.push(message.text());
      else if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error?.stack ?? error}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(url);
    await until(
      () => problems.length > 0 || lines.some((line) => line.startsWith(done)),
      `the quick start's events at ${url} (seen: ${JSON.stringify(lines)})`,
    );
    // A moment for anything that would go wrong after the last event.
    await page.waitForTimeout(100);
    return { lines, problems };
  } finally {
    await context.close();
    await rm(userData, { recursive: true, force: true });
  }
}

/** The quick start's page, until its last event ('Bob: join'). */
export const quickStartInBrowser = (url) => pageConsole(url, { done: 'Bob: join' });

/**
 * What the quick start must show: Alice (organizer) gets the room list, Bob (attendee) his
 * assignment and then the breakout call; neither hears what is not theirs (SPEC 4).
 */
export function assertQuickStartEvents({ lines, problems }) {
  assert.deepEqual(problems, [], 'no errors, warnings or failed requests');
  const events = lines.map((line) => /^(\w+): (\w+)/.exec(line)).filter(Boolean).map((m) => `${m[1]}: ${m[2]}`);
  assert.ok(events.includes('Alice: breakoutRooms'), `Alice hears the room list: ${events}`);
  const assigned = events.indexOf('Bob: assignedBreakoutRooms');
  const joined = events.indexOf('Bob: join');
  assert.ok(assigned >= 0, `Bob hears his assignment: ${events}`);
  assert.ok(joined > assigned, `then Bob's breakout call: ${events}`);
  assert.ok(!events.includes('Bob: breakoutRooms'), 'an attendee never gets the room list');
  assert.ok(!events.includes('Alice: join'), 'Alice, assigned nowhere, stays in the main meeting');
}

