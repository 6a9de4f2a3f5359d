// @azure/communication-react 1.34.0 on the package under test, in headless Chromium.
//
// build.mjs bundles app/composite.jsx with '@azure/communication-calling' aliased to BR_PKG
// (default ../../pkg). The attendee (Adam) is a CallComposite over
// createStatefulCallClient + createAzureCommunicationCallAdapterFromClient; the organizer
// (Olivia) uses the package directly and is driven through window.__compat.org. Every step
// goes through the composite's own UI (its real buttons and notifications, found by the
// en-US strings it renders) and checks the stateful client's state; no page error and no
// console error may happen anywhere.
//
//   node --test tests/compat/composite.test.mjs            (after npm ci in tests/compat)
//   BR_PKG=/path/to/pkg node --test tests/compat/composite.test.mjs
//   COMPAT_SHOTS=/tmp/shots ...   saves a screenshot per step
//   COMPAT_KEEP_GOING=1 ...       page errors become diagnostics, to see how far the flow gets
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../chromium.mjs';
import { buildApps, serve, PKG_DIR } from './build.mjs';

// Strings communication-react 1.34.0 renders (en-US), from
// react-composites/src/composites/localization/locales/en-US/strings.json and
// react-components/src/localization/locales/en-US/strings.json.
const S = {
  startCall: 'Start call', // call.startCallButtonLabel (ConfigurationPage's StartCallButton)
  joinBreakoutRoom: 'Join breakout room', // call.joinBreakoutRoomButtonLabel (CommonCallControlBar)
  promptJoinTitle: 'Join breakout room?', // notifications.assignedBreakoutRoomOpenedPromptJoin.title
  promptJoinButton: 'Join room', // ...PromptJoin.primaryButtonLabel
  autoMoveTitle: "We'll move you to your assigned room in 5 seconds.", // assignedBreakoutRoomOpened.title
  joinedTitle: "You've joined Breakout room 'Room 1'", // call.breakoutRoomJoinedNotificationTitle with {roomName}
  leaveRoom: 'Leave room', // call.returnFromBreakoutRoomButtonLabel (EndCall menu)
  leaveMeeting: 'Leave meeting', // call.leaveBreakoutRoomAndMeetingButtonLabel
  closingSoonTitle: 'Room time limit about to expire.', // breakoutRoomClosingSoon.title
  closedTitle: 'Your breakout room has closed', // assignedBreakoutRoomClosed.title
};
const HANGUP = '[data-ui-id="call-composite-hangup-button"]';
const STEP_TIMEOUT = Number(process.env.COMPAT_STEP_TIMEOUT ?? 15000);

// Console noise that is not about the package under test.
const BENIGN_CONSOLE = [
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/, // favicon
  // communication-react 1.34.0's NotificationStack renders an unkeyed <Fragment> for each
  // notification past maxNotificationsToShow (NotificationStack.js:62): a React development
  // warning about the library itself, whatever the calling package does.
  /^Warning: Each child in a list should have a unique "key" prop\.[^]*Check the render method of `NotificationStack`/,
];

let server;
let context;
let built;
const shots = process.env.COMPAT_SHOTS;

before(async () => {
  built = await buildApps({ apps: ['composite'] });
  if (!built.ok) return;
  server = await serve(built.outDir);
  context = await launchChromium(mkdtempSync(join(tmpdir(), 'compat-composite-')), { viewport: { width: 1280, height: 800 } });
  // Chromium's own permission state (navigator.permissions), read by the stateful client's
  // device manager: granted, so the composite's "Unable to access microphone/camera" notices
  // do not fill its notification stack (it shows at most a few).
  await context.grantPermissions(['microphone', 'camera']);
  // No request leaves the machine: anything not served by the harness gets an empty answer.
  await context.route((url) => !url.href.startsWith(server.url), (route) => route.fulfill({ status: 204, body: '' }));
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await context?.close();
  await server?.close();
});

/** Opens the app; returns { page, problems, snap(name), state(), adapter(), org(fn, ...args) }. */
async function openApp(t, query = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (!BENIGN_CONSOLE.some((re) => re.test(text))) problems.push(`console.error: ${text}`);
  });
  t.after(() => page.close());
  await page.goto(`${server.url}/composite/${query}`);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: STEP_TIMEOUT });
  const startError = await page.evaluate(() => (window.__compat.ready ? null : window.__compat.error));
  assert.equal(startError, null, `the app did not start:\n${startError}\n${problems.join('\n')}`);
  let n = 0;
  const app = {
    page,
    problems,
    state: () => page.evaluate(() => window.__compat.clientState()),
    adapter: () => page.evaluate(() => window.__compat.adapterState()),
    org: (fn, ...args) => page.evaluate(([f, a]) => window.__compat.org[f](...a), [fn, args]),
    // Labels what the package under test is asked from here on (read by the recording fake).
    phase: (name) => page.evaluate((n) => window.__compat.phase(n), name),
    snap: async (name) => { if (shots) await page.screenshot({ path: join(shots, `${String(++n).padStart(2, '0')}-${name}.png`) }); },
    // COMPAT_KEEP_GOING=1: report page errors and go on, to see how far the flow gets.
    noProblems: (where) => {
      if (process.env.COMPAT_KEEP_GOING && problems.length) {
        t.diagnostic(`page errors ${where}:\n${problems.splice(0).join('\n')}`);
        return;
      }
      assert.deepEqual(problems, [], `page errors ${where}`);
    },
    /** Polls the stateful client's state until pred(state) holds. */
    until: async (what, pred) => {
      const deadline = Date.now() + STEP_TIMEOUT;
      let last;
      while (Date.now() < deadline) {
        last = { client: await app.state(), adapter: await app.adapter() };
        if (pred(last)) return last;
        await page.waitForTimeout(50);
      }
      assert.fail(`timed out waiting for ${what}; last state:\n${JSON.stringify(last, null, 1)}\n${problems.join('\n')}`);
    },
    visible: (locator, what) => locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(async (e) => {
      await app.snap('FAILED');
      throw new Error(`${what} not visible: ${e.message.split('\n')[0]}\n${problems.join('\n')}`);
    }),
  };
  return app;
}

const byText = (page, text) => page.getByText(text, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const menuItem = (page, name) => page.getByRole('menuitem', { name });
const connected = (s) => s.client.calls.filter((c) => c.state === 'Connected');
const mainCall = (s) => s.client.calls.find((c) => !c.breakoutRooms?.breakoutRoomSettings && c.breakoutRooms?.assignedBreakoutRoom !== undefined) ?? s.client.calls[0];
const breakoutCall = (s) => s.client.calls.find((c) => c.breakoutRooms?.breakoutRoomSettings && c.state === 'Connected');

/** Configuration page -> Start call -> in the main meeting (page 'call'), Olivia present. */
async function joinMain(app) {
  const { page } = app;
  await app.visible(button(page, S.startCall), `the configuration page's "${S.startCall}" button`);
  await app.snap('configuration');
  await app.phase('join');
  await button(page, S.startCall).click();
  const s = await app.until('the adapter on page "call" with a Connected call', (x) => x.adapter.page === 'call' && x.adapter.callState === 'Connected');
  await app.visible(page.locator(HANGUP), 'the hang-up button');
  assert.equal(s.client.calls.length, 1, 'one call in the stateful state after joining');
  await app.until('Olivia among the remote participants', (x) => x.client.calls[0]?.remoteParticipants.includes('Olivia'));
  await app.snap('in-main');
  app.noProblems('after joining the main meeting');
  return s;
}

async function setUpRoom(app, { autoMove }) {
  await app.phase('breakout');
  const [room] = await app.org('createRooms', 1);
  assert.equal(room.displayName, 'Room 1');
  await app.org('assign', room.threadId, ['att']);
  await app.org('updateSettings', { autoMoveParticipantToBreakoutRoom: autoMove });
  const s = await app.until('the assignment in the main call state', (x) => x.client.calls[0]?.breakoutRooms?.assignedBreakoutRoom?.displayName === 'Room 1');
  assert.equal(s.client.calls[0].breakoutRooms.assignedBreakoutRoom.state, 'closed');
  assert.equal(s.client.calls[0].breakoutRooms.breakoutRoomSettings, undefined, 'the main call has no breakout settings (SPEC 6.1)');
  return room;
}

/** In the breakout call: the adapter's call is the room call, the main call is on hold. */
async function expectInRoom(app, what) {
  const s = await app.until(`${what}: the adapter on the Connected breakout call`, (x) => {
    const b = breakoutCall(x);
    return b && x.adapter.callId === b.id && x.adapter.page === 'call';
  });
  const b = breakoutCall(s);
  assert.equal(b.breakoutRooms.breakoutRoomDisplayName, 'Room 1', 'breakoutRoomDisplayName set on the breakout call (from the "join" event)');
  assert.equal(b.breakoutRooms.breakoutRoomSettings.disableReturnToMainMeeting, false);
  const main = s.client.calls.find((c) => c.id !== b.id);
  assert.ok(main, 'the main call stays in the state while in the room');
  assert.equal(main.state, 'LocalHold', 'the main call is on hold while in the room');
  assert.ok(s.client.latestNotifications.breakoutRoomJoined, 'breakoutRoomJoined notification');
  return s;
}

async function leaveRoomViaMenu(app) {
  const { page } = app;
  await page.locator(HANGUP).first().click();
  await app.visible(menuItem(page, S.leaveRoom), `the "${S.leaveRoom}" menu item`);
  await app.visible(menuItem(page, S.leaveMeeting), `the "${S.leaveMeeting}" menu item`);
  await app.snap('leave-menu');
  await menuItem(page, S.leaveRoom).click();
}

async function expectBackInMain(app, what) {
  const s = await app.until(`${what}: the adapter back on the Connected main call`, (x) => {
    const main = x.client.calls.find((c) => c.id === x.adapter.callId);
    return main && x.adapter.page === 'call' && main.state === 'Connected' && !main.breakoutRooms?.breakoutRoomSettings
      && x.client.calls.every((c) => !c.breakoutRooms?.breakoutRoomSettings || c.state !== 'Connected');
  });
  return s;
}

describe('CallComposite over the package under test', { concurrency: false }, () => {
  test('bundles with @azure/communication-calling aliased to the package (strict esbuild)', () => {
    assert.ok(built.ok, `esbuild failed against ${PKG_DIR}:\n${built.errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('\n')}`);
  });

  test('stateful client, adapter and configuration page', async (t) => {
    if (!built.ok) return t.skip('no bundle');
    const app = await openApp(t);
    const s = await app.state();
    assert.ok(s.environmentInfo?.environment, 'environmentInfo from callClient.feature(Features.DebugInfo).getEnvironmentInfo()');
    assert.equal(typeof s.environmentInfo.isSupportedBrowser, 'boolean');
    assert.equal((await app.adapter()).page, 'configuration');
    await app.visible(button(app.page, S.startCall), 'Start call');
    app.noProblems('on the configuration page');
  });

  test('breakout flow with autoMove off: prompt, join, Leave room, rejoin, closing soon, close', async (t) => {
    if (!built.ok) return t.skip('no bundle');
    const app = await openApp(t);
    const { page } = app;
    await joinMain(app);
    await setUpRoom(app, { autoMove: false });

    // Open: the composite prompts ("Join breakout room?" / "Join room") and offers the control-bar button.
    await app.org('open');
    let s = await app.until('the open assignment', (x) => x.client.calls[0]?.breakoutRooms?.assignedBreakoutRoom?.state === 'open');
    assert.equal(s.client.calls.length, 1, 'no move with autoMove off');
    assert.equal(s.client.calls[0].breakoutRooms.assignedBreakoutRoom.autoMoveParticipantToBreakoutRoom, false);
    assert.ok(s.client.latestNotifications.assignedBreakoutRoomOpenedPromptJoin, 'assignedBreakoutRoomOpenedPromptJoin notification');
    await app.visible(byText(page, S.promptJoinTitle), `the "${S.promptJoinTitle}" notification`);
    await app.visible(button(page, S.joinBreakoutRoom), `the "${S.joinBreakoutRoom}" control-bar button`);
    await app.snap('prompt');
    app.noProblems('after the room opened');

    // Join through the notification's own button.
    await button(page, S.promptJoinButton).first().click();
    await expectInRoom(app, 'after "Join room"');
    await app.visible(byText(page, S.joinedTitle), `the "${S.joinedTitle}" notification`);
    assert.equal(await button(page, S.joinBreakoutRoom).count(), 0, 'no "Join breakout room" button inside the room');
    await app.snap('in-room');
    app.noProblems('in the breakout room');

    // Leave room (hang-up menu) -> back in main, the room still open and offered again.
    await leaveRoomViaMenu(app);
    s = await expectBackInMain(app, 'after "Leave room"');
    assert.equal(s.client.calls.find((c) => c.id === s.adapter.callId).breakoutRooms.assignedBreakoutRoom.state, 'open');
    await app.visible(button(page, S.joinBreakoutRoom), `the "${S.joinBreakoutRoom}" button after leaving`);
    await app.snap('left-room');
    app.noProblems('after leaving the room');

    // Rejoin through the control-bar button.
    await button(page, S.joinBreakoutRoom).click();
    await expectInRoom(app, 'after rejoining');
    app.noProblems('after rejoining');

    // Room end time 20 s ahead (< 30 s): the closing-soon notice at once, and the timer.
    const end = new Date(Date.now() + 20000);
    await app.org('updateSettings', { roomEndTime: end.getTime() });
    s = await app.until('roomEndTime in the breakout call state', (x) => breakoutCall(x)?.breakoutRooms.breakoutRoomSettings.roomEndTime);
    const roomEndTime = breakoutCall(s).breakoutRooms.breakoutRoomSettings.roomEndTime;
    assert.equal(typeof roomEndTime, 'string', 'roomEndTime is a string (communication-react parses it with Date.parse)');
    assert.ok(Math.abs(Date.parse(roomEndTime) - end.getTime()) < 1000, `roomEndTime ${roomEndTime} is the time set`);
    await app.until('the breakoutRoomClosingSoon notification', (x) => x.client.latestNotifications.breakoutRoomClosingSoon);
    await app.visible(byText(page, S.closingSoonTitle), `the "${S.closingSoonTitle}" notification`);
    await app.snap('closing-soon');
    app.noProblems('after the room end time was set');

    // Close: closeRooms() warns the people inside first, for the meeting's
    // closingWarningSeconds (1 s here, SPEC 11); then the composite shows "Your breakout room
    // has closed" and goes back to the main call.
    // (The package's own 'roomClosing' said the end time first: 20 s is inside the default
    // 60 s warning; a 1 s warning calls that off, as the end time is outside it again.)
    await app.org('updateSettings', { closingWarningSeconds: 1 });
    const roomClosings = () => page.evaluate(() => window.__compat.roomClosings());
    const told = (await roomClosings()).length;
    const asked = Date.now();
    await app.org('close');
    let closing;
    for (const deadline = Date.now() + STEP_TIMEOUT; !closing && Date.now() < deadline;) {
      closing = (await roomClosings()).slice(told).find((c) => c.closesAt);
      if (!closing) await page.waitForTimeout(20);
    }
    assert.ok(closing, `the attendee was warned: ${JSON.stringify(await roomClosings())}`);
    const closesIn = Date.parse(closing.closesAt) - asked;
    assert.ok(closesIn >= 1000 && closesIn <= 2000, `closing a second after closeRooms(): ${closesIn} ms`);
    s = await expectBackInMain(app, 'after the rooms closed');
    assert.ok(Date.now() >= Date.parse(closing.closesAt), 'back only after the warning');
    assert.equal(s.client.calls.find((c) => c.id === s.adapter.callId).breakoutRooms.assignedBreakoutRoom.state, 'closed');
    assert.ok(s.client.latestNotifications.assignedBreakoutRoomClosed, 'assignedBreakoutRoomClosed notification');
    await app.visible(byText(page, S.closedTitle), `the "${S.closedTitle}" notification`);
    assert.equal(await button(page, S.joinBreakoutRoom).count(), 0, 'no join button once the room is closed');
    await app.snap('closed');
    await page.waitForTimeout(500);
    app.noProblems('after the rooms closed');
    // With the recording fake (COMPAT_RECORD=file), save what communication-react touched.
    if (process.env.COMPAT_RECORD) {
      const log = await page.evaluate(() => window.__compat.fakeLog());
      if (log) writeFileSync(process.env.COMPAT_RECORD, `${log.join('\n')}\n`);
    }
  });

  test('breakout flow with autoMove on: opening moves the attendee, closing brings them back', async (t) => {
    if (!built.ok) return t.skip('no bundle');
    const app = await openApp(t, '?meetingLink=https%3A%2F%2Fexample.test%2Fmeet%2Fcompat-automove');
    const { page } = app;
    await joinMain(app);
    await setUpRoom(app, { autoMove: true });
    await app.org('open');
    await expectInRoom(app, 'after the room opened with autoMove');
    assert.equal(await button(page, S.joinBreakoutRoom).count(), 0);
    await app.snap('auto-moved');
    app.noProblems('after the automatic move');
    await app.org('close', null, { graceSeconds: 0 });
    await expectBackInMain(app, 'after the rooms closed');
    await page.waitForTimeout(500);
    app.noProblems('after the rooms closed (autoMove)');
  });
});
