// The demo page across tabs (SPEC 9): three tabs of one browser open `/?meeting=NAME`, one
// person is added in each, and the organizer's tab runs the breakout flow from its console
// while the attendees' tabs show them moving; then the organizer's tab (the host) closes and
// the others carry on. Driven as a person would, in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';

import { serveDemo } from '../../scripts/serve.mjs';
import { launchChromium } from '../chromium.mjs';

let server;
let context;
let userData;
const problems = [];

before(async () => {
  server = await serveDemo({ port: 0 });
  userData = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-e2e-tabs-'));
  context = await launchChromium(userData, { viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
});

async function tab(meeting, name, role) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${name}'s tab: ${error?.stack ?? error}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}'s tab console: ${m.text()}`);
  });
  await page.goto(`${server.url}?meeting=${meeting}`);
  await page.getByRole('status').filter({ hasText: 'Ready.' }).waitFor();
  const nameField = page.getByLabel('Name', { exact: true });
  await nameField.fill(name);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await nameField.press('Enter');
  await where(page, name, 'In the main meeting.');
  return page;
}

const pane = (page, name) => page.getByRole('region', { name, exact: true });
const where = (page, name, text) => pane(page, name).locator('.where').filter({ hasText: text }).waitFor();

it('runs one meeting across three tabs, and survives the host tab closing', async () => {
  const meeting = `workshop-${Date.now()}`;
  const olivia = await tab(meeting, 'Olivia', 'Organizer');
  const alice = await tab(meeting, 'Alice', 'Attendee');
  const bob = await tab(meeting, 'Bob', 'Attendee');
  // The page says the meeting is shared.
  assert.match(await olivia.locator('#scope').innerText(), /shared by every tab/);

  await olivia.getByLabel('Room names, or how many').fill('Red, Blue');
  await olivia.getByRole('button', { name: 'Create rooms' }).click();
  await olivia.getByRole('button', { name: 'Assign automatically' }).click();
  await olivia.getByRole('button', { name: 'Open all rooms' }).click();
  await where(alice, 'Alice', /^In breakout room (Red|Blue)\.$/);
  await where(bob, 'Bob', /^In breakout room (Red|Blue)\.$/);

  // The organizer's tab hosted the meeting; it closes. Alice's tab carries on: she leaves her
  // room and is back in the main meeting, and Bob is still in his.
  await olivia.close();
  await alice.getByRole('button', { name: 'Return to main meeting as Alice' }).click();
  await where(alice, 'Alice', 'In the main meeting.');
  await where(bob, 'Bob', /^In breakout room (Red|Blue)\.$/);
  assert.deepEqual(problems, []);
});
