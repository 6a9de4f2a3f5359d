// The package as a consumer gets it: `npm install` of /work/main/pkg into a fresh app,
// served with an import map, and driven in headless Chromium with the SDK page's own
// sample code (only the import line changed). Run: `cd /work/main && node --test tests/browser/`.
//
// Binds 127.0.0.1 only, downloads nothing (npm runs --offline; the package has no
// dependencies), and closes its server, browser and temp dirs when done.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { launchChromium } from '../chromium.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(here, '../../pkg');

// ---------------------------------------------------------------------------------------
// The consumer app. This function is never called in node: its body becomes the page's
// module script, after the one import line below. It is written the way the SDK page's
// samples are, with only the import changed; what it observes goes to window.__results.
// ---------------------------------------------------------------------------------------
const IMPORT_LINE =
  "import { CallClient, Features, AzureCommunicationTokenCredential, AzureLogger, setLogLevel, createDevToken } from 'breakout-rooms';";

/* global window, performance, CallClient, Features, AzureCommunicationTokenCredential, AzureLogger, setLogLevel, createDevToken */
async function consumerApp() {
  const results = (window.__results = { done: false, error: null, logLines: [], checks: {} });
  // Everything the app holds stays reachable: a participant whose agent is collected leaves.
  const app = (window.__app = {});
  // A snapshot: later changes to the arrays and objects observed do not leak into it.
  const check = (name, value) => {
    results.checks[name] = value === undefined ? 'undefined' : JSON.parse(JSON.stringify(value));
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function waitFor(what, predicate, timeoutMs = 5000) {
    const started = performance.now();
    while (!predicate()) {
      if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await sleep(1);
    }
  }
  async function failure(action) {
    try {
      await action();
      return { ok: true };
    } catch (e) {
      return {
        ok: false,
        isError: e instanceof Error,
        name: e?.name,
        code: e?.code,
        subCode: e?.subCode,
        message: String(e?.message),
      };
    }
  }
  const names = (participants) => [...participants.values()].map((p) => p.displayName).sort();

  // The seed's event handler, verbatim; `console` is the participant's own log here.
  function seedListener(console) {
    const breakoutRoomsUpdatedListener = (event) => {
    switch(event.type) {
        case "breakoutRooms":
          const breakoutRooms = event.data;
          console.log(`Breakout rooms are created or updated. There are ${breakoutRooms.length} breakout rooms in total.`);
          breakoutRooms.forEach((room)=>{
          console.log(`- ${room.displayName}`);
          });
          break;
        case "assignedBreakoutRooms":
          const assignedRoom = event.data;
          console.log(`You are assigned to breakout room named: ${assignedRoom.displayName}`);
          console.log(`Assigned breakout room thread Id: ${assignedRoom.threadId}`);
          console.log(`Automatically move participants to breakout room: ${assignedRoom.autoMoveParticipantToBreakoutRoom}`);
          console.log(`Assigned breakout room state : ${assignedRoom.state }`);
          break;
        case "breakoutRoomsSettings":
          const breakoutRoomSettings = event.data;
          console.log(`Breakout room ends at: ${breakoutRoomSettings.roomEndTime}`);
          console.log(`Disable the user to return to main meeting from breakout room call : ${breakoutRoomSettings.disableReturnToMainMeeting}`);
          break;
        case "join":
          const breakoutRoomCall = event.data;
          console.log(`You have joined breakout room with call ID: ${breakoutRoomCall.id}`);
          break;
      }
    }
    return breakoutRoomsUpdatedListener;
  }

  // SPEC 5a: importing fetches nothing; the wasm loads on first need (at the latest in
  // createCallAgent). Give an eager fetch time to show, then note what was fetched so far.
  const wasmRequests = () => performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.endsWith('.wasm'))
    .map((e) => ({ path: new URL(e.name).pathname, startTime: e.startTime }));
  const importedAt = performance.now();
  await sleep(200);
  results.wasm = { importedAt, afterImport: wasmRequests(), clientAt: null, all: null };

  try {
    // ----- the seed: "Initialize required objects" -----
    // Set the logger's log level
    setLogLevel('verbose');

    // Redirect log output to console, file, buffer, REST API, or whatever location you want
    AzureLogger.log = (...args) => {
      results.logLines.push(args.join(' '));
      console.log(...args); // Redirect log output to console
    };

    const meetingLink = `https://example.test/meet/consumer-${Math.random().toString(36).slice(2)}`;

    async function joinMeeting(userId, displayName, role) {
      const userToken = createDevToken(role ? { userId, displayName, role } : { userId, displayName });
      const options = {};
      results.wasm.clientAt ??= performance.now();
      const callClient = new CallClient(options);
      const tokenCredential = new AzureCommunicationTokenCredential(userToken);
      const callAgent = await callClient.createCallAgent(tokenCredential, {displayName: displayName});
      const deviceManager = await callClient.getDeviceManager()

      const p = {
        name: displayName,
        callClient,
        callAgent,
        deviceManager,
        connectionState: callAgent.connectionState,
        connectionEvents: [],
        seedLog: [],
        events: [],
        joinCalls: [],
        breakoutEvents: [], // what the breakout calls' features raised (SPEC 6.1: the settings)
        breakoutFeatures: [],
      };
      const connectionStateCallback = (args) => {
        p.connectionEvents.push(args);
      };
      callAgent.on('connectionStateChanged', connectionStateCallback);

      const mainMeetingCall = callAgent.join({ meetingLink });
      const breakoutRoomsFeature = mainMeetingCall.feature(Features.BreakoutRooms);
      const breakoutRoomsUpdatedListener = seedListener({ log: (line) => p.seedLog.push(line) });
      breakoutRoomsFeature.on('breakoutRoomsUpdated', breakoutRoomsUpdatedListener);
      // A second listener, recording what arrived, in order.
      breakoutRoomsFeature.on('breakoutRoomsUpdated', (event) => {
        const data = event.data;
        let summary;
        if (event.type === 'join') {
          p.joinCalls.push(data);
          summary = { id: data.id };
          // SPEC 6.1: settings belong to the breakout call's feature. A real client (the SDK
          // page's own listener, or @azure/communication-react) subscribes to it on 'join'.
          const roomFeature = data.feature(Features.BreakoutRooms);
          p.breakoutFeatures.push(roomFeature);
          roomFeature.on('breakoutRoomsUpdated', p.breakoutRoomsUpdatedListener);
          roomFeature.on('breakoutRoomsUpdated', (e) => {
            p.breakoutEvents.push({ call: data.id, type: e.type, data: e.data === undefined ? 'undefined' : JSON.parse(JSON.stringify(e.data)) });
          });
        } else if (event.type === 'breakoutRooms') {
          summary = data && data.map((r) => ({ displayName: r.displayName, state: r.state }));
        } else if (event.type === 'assignedBreakoutRooms') {
          summary = data && { displayName: data.displayName, state: data.state, invitees: data.invitees };
        } else {
          summary = data && JSON.parse(JSON.stringify(data));
        }
        p.events.push({ type: event.type, data: summary === undefined ? 'undefined' : summary });
      });
      Object.assign(p, { mainMeetingCall, breakoutRoomsFeature, breakoutRoomsUpdatedListener });
      return p;
    }
    const eventTypes = (p, from = 0) => p.events.slice(from).map((e) => e.type);

    // ----- everyone joins the same meeting -----
    const org = await joinMeeting('olivia', 'Olivia', 'organizer');
    const alice = await joinMeeting('alice', 'Alice'); // default role: attendee
    const bob = await joinMeeting('bob', 'Bob', 'attendee');
    const carol = await joinMeeting('carol', 'Carol', 'attendee');
    const attendees = [alice, bob, carol];
    const everyone = [org, ...attendees];
    Object.assign(app, { org, alice, bob, carol });

    await waitFor('every main call Connected', () => everyone.every((p) => p.mainMeetingCall.state === 'Connected'));
    await waitFor('the organizer sees three others', () => org.mainMeetingCall.remoteParticipants.length === 3);
    // SPEC 6.1: the main call's feature raises no 'breakoutRoomsSettings'; with nothing
    // assigned yet, only managers hear anything (the room list).
    await waitFor('initial events', () => org.events.length >= 1);
    await sleep(20);
    check('connectionState', everyone.map((p) => p.connectionState));
    check('devices', {
      cameras: await org.deviceManager.getCameras(),
      microphones: await org.deviceManager.getMicrophones(),
      speakers: await org.deviceManager.getSpeakers(),
    });
    check('initialEvents', Object.fromEntries(everyone.map((p) => [p.name, eventTypes(p)])));
    check('initialSettings', {
      // SPEC 6.1: settings belong to the breakout call's feature, so undefined on the main call
      attendeeMainFeature: String(alice.breakoutRoomsFeature.breakoutRoomsSettings),
      organizerMainFeature: String(org.breakoutRoomsFeature.breakoutRoomsSettings),
      // SPEC 5: managers read the settings from the management feature
      mgmtSettings: org.mainMeetingCall.feature(Features.BreakoutRoomsManagement).settings,
    });
    check('sameFeatureObject', {
      breakoutRooms: org.mainMeetingCall.feature(Features.BreakoutRooms) === org.breakoutRoomsFeature,
      management: org.mainMeetingCall.feature(Features.BreakoutRoomsManagement) ===
        org.mainMeetingCall.feature(Features.BreakoutRoomsManagement),
    });
    check('organizerRemoteParticipants', org.mainMeetingCall.remoteParticipants.map((p) => ({
      displayName: p.displayName, identifier: p.identifier, state: p.state,
    })));
    check('attendeeRemoteParticipants', names(alice.mainMeetingCall.remoteParticipants));

    // ----- the organizer creates rooms, sets them up and assigns people (management API) -----
    const mgmt = org.mainMeetingCall.feature(Features.BreakoutRoomsManagement);
    const settingsChanged = [];
    mgmt.on('settingsChanged', (settings) => settingsChanged.push(JSON.parse(JSON.stringify(settings))));
    // identifiers come from call.remoteParticipants[i].identifier
    const identifier = (name) => org.mainMeetingCall.remoteParticipants.find((p) => p.displayName === name).identifier;
    const revisionBefore = mgmt.revision;
    const rooms = await mgmt.createRooms(['Red', 'Blue']);
    check('createdRooms', rooms.map((r) => ({
      displayName: r.displayName, state: r.state, autoMove: r.autoMoveParticipantToBreakoutRoom,
      invitees: r.invitees, threadIdIsString: typeof r.threadId === 'string' && r.threadId.length > 0,
    })));
    check('threadIdsDistinct', new Set(rooms.map((r) => r.threadId)).size === rooms.length);
    // SPEC 12: rooms are plain data
    check('roomAsJson', JSON.parse(JSON.stringify(rooms[0])));
    check('roomSpread', Object.keys({ ...rooms[0] }).sort());
    const [red, blue] = rooms;
    const roomEndTime = Date.now() + 600000;
    await mgmt.updateSettings({ disableReturnToMainMeeting: false, roomEndTime, autoMoveParticipantToBreakoutRoom: false });
    await mgmt.assignParticipants(red.threadId, [identifier('Alice'), identifier('Bob')]);
    await mgmt.assignParticipants(blue.threadId, [identifier('Carol')]);
    check('revisionGrew', mgmt.revision > revisionBefore);
    await waitFor('assignments arrive', () => attendees.every((p) => p.breakoutRoomsFeature.assignedBreakoutRoom !== undefined));
    // SPEC 5/6.1: the organizer reads the settings from mgmt.settings and 'settingsChanged'
    await waitFor('settings arrive', () => mgmt.settings?.roomEndTime !== undefined);
    check('organizerSettings', { settings: mgmt.settings, settingsChanged });

    // ----- the seed: "List available breakout rooms" and "List invitees" (the organizer) -----
    {
      const listing = [];
      const console = { log: (line) => listing.push(line) };
      const breakoutRoomsFeature = org.breakoutRoomsFeature;
      const breakoutRooms = breakoutRoomsFeature.breakoutRooms;
      breakoutRooms.forEach((room)=>{
            console.log(`- ${room.displayName}`);
             });
      breakoutRooms.forEach((room)=>{
            console.log(`${room.displayName}`);
            room.invitees.forEach((invitee) => {
                console.log(`- ${invitee.identifier.communicationUserId}`);
                })
            })
      check('organizerListing', listing);
      check('organizerInvitees', breakoutRooms.map((room) => ({
        displayName: room.displayName, invitees: room.invitees.map((invitee) => invitee.identifier),
      })));
    }
    check('attendeeView', {
      breakoutRooms: String(alice.breakoutRoomsFeature.breakoutRooms),
      assignedInvitees: String(alice.breakoutRoomsFeature.assignedBreakoutRoom.invitees),
      sawRoomList: attendees.some((p) => eventTypes(p).includes('breakoutRooms')),
      assigned: attendees.map((p) => {
        const room = p.breakoutRoomsFeature.assignedBreakoutRoom;
        return { name: p.name, displayName: room.displayName, state: room.state, autoMove: room.autoMoveParticipantToBreakoutRoom };
      }),
      sameAsAssignedBreakoutRooms: attendees.every((p) =>
        p.breakoutRoomsFeature.assignedBreakoutRooms?.threadId === p.breakoutRoomsFeature.assignedBreakoutRoom?.threadId),
    });
    // SPEC 6.1: an attendee in the main meeting has no settings on its feature
    check('attendeeSettingsInMain', String(carol.breakoutRoomsFeature.breakoutRoomsSettings));
    check('roomEndTime', roomEndTime);

    // ----- rooms open; autoMove is false, so nobody moves until they join -----
    const beforeOpen = attendees.map((p) => p.events.length);
    await mgmt.openRooms();
    await waitFor('rooms open for attendees', () => attendees.every((p) => p.breakoutRoomsFeature.assignedBreakoutRoom?.state === 'open'));
    await sleep(20);
    check('afterOpen', attendees.map((p, i) => ({
      name: p.name, events: eventTypes(p, beforeOpen[i]), main: p.mainMeetingCall.state, joins: p.joinCalls.length,
    })));

    // ----- the seed: "Join breakout room" -----
    for (const p of [alice, carol]) {
      const breakoutRoomsFeature = p.breakoutRoomsFeature;
      const breakoutRoom = breakoutRoomsFeature.assignedBreakoutRoom;
      if(breakoutRoom.state == 'open' && !breakoutRoom.autoMoveParticipantToBreakoutRoom) {
        const breakoutRoomCall = await breakoutRoom.join();
        p.breakoutRoom = breakoutRoom;
        p.breakoutRoomCall = breakoutRoomCall;
      }
    }
    // Alice watches her room's participants; then Bob joins too.
    const aliceRoomUpdates = [];
    alice.breakoutRoomCall.on('remoteParticipantsUpdated', (e) => aliceRoomUpdates.push({ added: names(e.added), removed: names(e.removed) }));
    const orgMainUpdates = [];
    org.mainMeetingCall.on('remoteParticipantsUpdated', (e) => orgMainUpdates.push({ added: names(e.added), removed: names(e.removed) }));
    {
      const breakoutRoomsFeature = bob.breakoutRoomsFeature;
      const breakoutRoom = breakoutRoomsFeature.assignedBreakoutRoom;
      if(breakoutRoom.state == 'open' && !breakoutRoom.autoMoveParticipantToBreakoutRoom) {
        const breakoutRoomCall = await breakoutRoom.join();
        bob.breakoutRoom = breakoutRoom;
        bob.breakoutRoomCall = breakoutRoomCall;
      }
    }
    await waitFor('Alice sees Bob in Red', () => alice.breakoutRoomCall.remoteParticipants.length === 1);
    await waitFor('the main meeting empties', () => org.mainMeetingCall.remoteParticipants.length === 0);
    check('joined', attendees.map((p) => ({
      name: p.name,
      joinedCall: Boolean(p.breakoutRoomCall),
      breakoutState: p.breakoutRoomCall?.state,
      mainState: p.mainMeetingCall.state,
      joinEvents: p.joinCalls.length,
      joinEventIsTheCall: p.joinCalls[0] === p.breakoutRoomCall,
      roomCallIsTheCall: p.breakoutRoomsFeature.assignedBreakoutRoom.call === p.breakoutRoomCall,
      newCallId: p.breakoutRoomCall?.id !== p.mainMeetingCall.id,
      agentCalls: p.callAgent.calls.length,
      seedSaidJoined: p.seedLog.includes(`You have joined breakout room with call ID: ${p.breakoutRoomCall?.id}`),
    })));
    // the seed: "Get participants of the breakout room" (its spread of `values()` fixed)
    check('roomParticipants', Object.fromEntries(attendees.map((p) => {
      const breakoutRoomCall = p.breakoutRoomCall;
      const breakoutRoomParticipants = [...breakoutRoomCall.remoteParticipants.values()].map((p) => p.displayName || p.identifier);
      return [p.name, breakoutRoomParticipants];
    })));
    check('organizerMainWhileRoomsOpen', names(org.mainMeetingCall.remoteParticipants));
    // SPEC 6.1: the breakout call's feature has the settings (property and event)
    check('attendeeSettings', carol.breakoutRoomCall.feature(Features.BreakoutRooms).breakoutRoomsSettings);
    check('breakoutFeatureSettingsEvents', Object.fromEntries(attendees.map((p) => [p.name,
      p.breakoutEvents.filter((e) => e.call === p.breakoutRoomCall.id).map((e) => e.type)])));
    check('breakoutFeatureIsTheJoinedOne', attendees.every((p) =>
      p.breakoutRoomCall.feature(Features.BreakoutRooms) === p.breakoutFeatures[0]));

    // ----- the seed: "Leave breakout room" (Bob, before the room closes) -----
    const bobBreakoutStates = [];
    bob.breakoutRoomCall.on('stateChanged', () => bobBreakoutStates.push(bob.breakoutRoomCall.state));
    {
      // SPEC 6.1: the settings are read from the breakout room call's feature
      const breakoutRoomsFeature = bob.breakoutRoomCall.feature(Features.BreakoutRooms);
      const breakoutRoomCall = bob.breakoutRoomCall;
      const mainMeetingCall = bob.mainMeetingCall;
      const breakoutRoomsSettings = breakoutRoomsFeature.breakoutRoomsSettings;
       if(breakoutRoomCall != null && !breakoutRoomsSettings.disableReturnToMainMeeting){
          breakoutRoomCall.hangUp();
          mainMeetingCall.resume();
       }
    }
    await waitFor('Bob back in the main meeting', () =>
      bob.breakoutRoomCall.state === 'Disconnected' && bob.mainMeetingCall.state === 'Connected');
    await waitFor('Alice sees Bob leave', () => alice.breakoutRoomCall.remoteParticipants.length === 0);
    await waitFor('the organizer sees Bob back', () => org.mainMeetingCall.remoteParticipants.length === 1);
    check('bobBreakoutStates', bobBreakoutStates);
    check('bobLeft', {
      breakoutState: bob.breakoutRoomCall.state,
      mainState: bob.mainMeetingCall.state,
      stillAssigned: bob.breakoutRoomsFeature.assignedBreakoutRoom?.displayName,
      agentCalls: bob.callAgent.calls.length,
      aliceRoomUpdates,
      organizerMain: names(org.mainMeetingCall.remoteParticipants),
      bobMain: names(bob.mainMeetingCall.remoteParticipants),
    });

    // ----- returning is disabled: the seed's guard holds, and the API refuses -----
    await mgmt.updateSettings({ disableReturnToMainMeeting: true });
    // SPEC 6.1: Alice learns it on her breakout call's feature
    const aliceRoomFeature = alice.breakoutRoomCall.feature(Features.BreakoutRooms);
    await waitFor('Alice learns returning is disabled', () => aliceRoomFeature.breakoutRoomsSettings?.disableReturnToMainMeeting === true);
    check('aliceDisabledEvent', alice.breakoutEvents.at(-1));
    check('aliceMainFeatureSettings', String(alice.breakoutRoomsFeature.breakoutRoomsSettings));
    {
      let left = false;
      const breakoutRoomsFeature = aliceRoomFeature;
      const breakoutRoomCall = alice.breakoutRoomCall;
      const breakoutRoomsSettings = breakoutRoomsFeature.breakoutRoomsSettings;
       if(breakoutRoomCall != null && !breakoutRoomsSettings.disableReturnToMainMeeting){
          left = true;
       }
      check('seedGuardWhenDisabled', left);
    }
    check('returnDisabled', {
      hangUp: await failure(() => alice.breakoutRoomCall.hangUp()),
      resume: await failure(() => alice.mainMeetingCall.resume()),
      returnToMainMeeting: await failure(() => alice.breakoutRoomsFeature.assignedBreakoutRoom.returnToMainMeeting()),
    });
    await sleep(20);
    check('afterRefusals', { breakout: alice.breakoutRoomCall.state, main: alice.mainMeetingCall.state });

    // ----- rooms close: the people inside are warned first (SPEC 11: for the meeting's
    // closingWarningSeconds, 1 s here), then the client itself brings everyone back -----
    await mgmt.updateSettings({ closingWarningSeconds: 1 });
    const warnings = [];
    for (const p of attendees) {
      p.breakoutRoomsFeature.on('roomClosing', (e) => warnings.push({ name: p.name, ...JSON.parse(JSON.stringify(e)) }));
    }
    const beforeClose = attendees.map((p) => p.seedLog.length);
    const closeAsked = Date.now();
    await mgmt.closeRooms();
    await sleep(20);
    const whileWarned = [alice, carol].map((p) => p.breakoutRoomCall.state);
    await waitFor('Alice and Carol back in the main meeting', () => [alice, carol].every((p) =>
      p.breakoutRoomCall.state === 'Disconnected' && p.mainMeetingCall.state === 'Connected'));
    check('closingWarning', {
      whileWarned,
      warned: warnings.map((w) => w.name),
      closesIn: warnings.map((w) => Date.parse(w.closesAt) - closeAsked),
      backAfter: Date.now() - closeAsked,
    });
    await waitFor('the organizer sees everyone back', () => org.mainMeetingCall.remoteParticipants.length === 3);
    check('closed', attendees.map((p, i) => ({
      name: p.name,
      assignedState: p.breakoutRoomsFeature.assignedBreakoutRoom.state,
      breakoutState: p.breakoutRoomCall.state,
      mainState: p.mainMeetingCall.state,
      seedSaidClosed: p.seedLog.slice(beforeClose[i]).includes('Assigned breakout room state : closed'),
      agentCalls: p.callAgent.calls.length,
    })));
    check('organizerMainUpdates', orgMainUpdates);

    // ----- off(): Bob stops his seed listener; auto-move moves Carol by herself -----
    bob.breakoutRoomsFeature.off('breakoutRoomsUpdated', bob.breakoutRoomsUpdatedListener);
    const bobSeedBefore = bob.seedLog.length;
    const bobEventsBefore = bob.events.length;
    const carolJoinsBefore = carol.joinCalls.length;
    await mgmt.updateSettings({ autoMoveParticipantToBreakoutRoom: true, disableReturnToMainMeeting: false });
    await mgmt.openRooms([blue.threadId]);
    await waitFor('Carol moved automatically', () => carol.joinCalls.length === carolJoinsBefore + 1 &&
      carol.joinCalls.at(-1).state === 'Connected');
    await mgmt.unassignParticipants([identifier('Bob')]);
    await waitFor('Bob learns he is unassigned', () => bob.breakoutRoomsFeature.assignedBreakoutRoom === undefined);
    await sleep(20);
    const carolCall = carol.joinCalls.at(-1);
    check('autoMove', {
      carolMain: carol.mainMeetingCall.state,
      carolBreakout: carolCall.state,
      carolRoom: carol.breakoutRoomsFeature.assignedBreakoutRoom.displayName,
      carolRoomCall: carol.breakoutRoomsFeature.assignedBreakoutRoom.call === carolCall,
      seedSaidAutoMove: carol.seedLog.includes('Automatically move participants to breakout room: true'),
      aliceMoved: alice.mainMeetingCall.state,
    });
    check('off', {
      seedLinesAfterOff: bob.seedLog.length - bobSeedBefore,
      recorderEventsAfterOff: eventTypes(bob, bobEventsBefore),
      lastBobEvent: bob.events.at(-1),
    });

    // ----- returnToMainMeeting() resolves with the main call -----
    const backCall = await carol.breakoutRoomsFeature.assignedBreakoutRoom.returnToMainMeeting();
    await sleep(20);
    check('returnToMainMeeting', {
      resolvedWithMain: backCall === carol.mainMeetingCall,
      main: carol.mainMeetingCall.state,
      breakout: carolCall.state,
    });

    // ----- the seed: "Stop receiving breakout rooms events" -----
    // (Before rooms are deleted: the seed's listener reads `event.data.displayName` of an
    // 'assignedBreakoutRooms' event, whose data is undefined once the room is gone.)
    for (const p of everyone) {
      const breakoutRoomsFeature = p.breakoutRoomsFeature;
      const breakoutRoomsUpdatedListener = p.breakoutRoomsUpdatedListener;
      breakoutRoomsFeature.off('breakoutRoomsUpdated', breakoutRoomsUpdatedListener);
    }
    check('seedLogs', Object.fromEntries(everyone.map((p) => [p.name, p.seedLog])));
    const seedLogLengths = everyone.map((p) => p.seedLog.length);

    // ----- errors the SDK documents, and ours -----
    const aliceMgmt = alice.mainMeetingCall.feature(Features.BreakoutRoomsManagement);
    const roomCount = org.breakoutRoomsFeature.breakoutRooms.length;
    const groupCall = org.callAgent.join({ groupId: `group-${Math.random().toString(36).slice(2)}` });
    check('errors', {
      attendeeManages: await failure(() => aliceMgmt.createRooms(1)),
      joinClosedRoom: await failure(() => alice.breakoutRoomsFeature.assignedBreakoutRoom.join()),
      joinUnassigned: await failure(() => bob.breakoutRoom.join()),
      staleRevision: await failure(() => mgmt.renameRoom(red.threadId, 'Crimson', { expectedRevision: mgmt.revision - 1 })),
      groupCallFeature: await failure(() => groupCall.feature(Features.BreakoutRooms)),
      groupCallManages: await failure(() => groupCall.feature(Features.BreakoutRoomsManagement).createRooms(1)),
      badArgument: await failure(() => mgmt.createRooms('three')),
    });
    await groupCall.hangUp();
    await sleep(20);
    check('unchangedByErrors', {
      roomCount: org.breakoutRoomsFeature.breakoutRooms.length === roomCount,
      redName: org.breakoutRoomsFeature.breakoutRooms.find((r) => r.threadId === red.threadId).displayName,
    });

    // ----- the rest of the management API -----
    await mgmt.renameRoom(red.threadId, 'Crimson', { expectedRevision: mgmt.revision });
    await mgmt.deleteRoom(blue.threadId);
    const recreated = await mgmt.recreateRooms(3);
    await mgmt.assignAutomatically({ seed: 7 });
    await waitFor('automatic assignment', () => attendees.every((p) =>
      recreated.some((r) => r.threadId === p.breakoutRoomsFeature.assignedBreakoutRoom?.threadId)));
    await mgmt.setBreakoutRoomManager(identifier('Alice'), true);
    await waitFor('Alice sees the room list', () => Array.isArray(alice.breakoutRoomsFeature.breakoutRooms));
    check('management', {
      renamedBeforeRecreate: org.events.some((e) => e.type === 'breakoutRooms' && e.data !== 'undefined' && e.data.some((r) => r.displayName === 'Crimson')),
      recreated: recreated.map((r) => r.displayName),
      rooms: org.breakoutRoomsFeature.breakoutRooms.map((r) => ({ displayName: r.displayName, invitees: r.invitees.length })),
      attendeesPerRoom: recreated.map((r) => attendees.filter((p) => p.breakoutRoomsFeature.assignedBreakoutRoom.threadId === r.threadId).length),
      aliceSeesRooms: alice.breakoutRoomsFeature.breakoutRooms.length,
      seedListenersSilent: everyone.every((p, i) => p.seedLog.length === seedLogLengths[i]),
    });

    // ----- roomEndTime as ms, Date, ISO string, null (SPEC 3: delivered as ISO 8601) -----
    {
      const at = Date.now() + 900000;
      const iso = new Date(at).toISOString();
      const seen = {};
      await mgmt.updateSettings({ roomEndTime: at });
      seen.ms = mgmt.settings.roomEndTime;
      await mgmt.updateSettings({ roomEndTime: new Date(at + 1000) });
      seen.date = mgmt.settings.roomEndTime;
      await mgmt.updateSettings({ roomEndTime: new Date(at + 2000).toISOString() });
      seen.isoString = mgmt.settings.roomEndTime;
      await mgmt.updateSettings({ roomEndTime: null });
      seen.cleared = 'roomEndTime' in mgmt.settings;
      check('endTimeForms', { seen, expected: [iso, new Date(at + 1000).toISOString(), new Date(at + 2000).toISOString()] });
    }
    check('mainFeaturesNeverHeardSettings', everyone.every((p) => !p.events.some((e) => e.type === 'breakoutRoomsSettings')));
    check('settingsChangedAll', settingsChanged);

    // ----- SPEC 5: a management call made while the main call is still Connecting waits -----
    {
      const token = createDevToken({ userId: 'quinn', displayName: 'Quinn', role: 'organizer' });
      const quickAgent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token));
      const quickCall = quickAgent.join({ meetingLink: `${meetingLink}-quick` });
      const stateWhenAsked = quickCall.state;
      const made = await failure(async () => {
        const created = await quickCall.feature(Features.BreakoutRoomsManagement).createRooms(3);
        check('whileConnectingRooms', created.map((r) => r.displayName));
      });
      check('whileConnecting', { stateWhenAsked, made, stateAfter: quickCall.state });
      await quickAgent.dispose();
    }

    // ----- leaving: dispose() disconnects the agent -----
    await alice.callAgent.dispose();
    await waitFor('the organizer sees Alice leave', () => org.mainMeetingCall.remoteParticipants.length === 2);
    check('dispose', {
      connectionState: alice.callAgent.connectionState,
      connectionEvents: alice.connectionEvents,
      main: alice.mainMeetingCall.state,
    });

    check('events', Object.fromEntries(everyone.map((p) => [p.name, p.events])));
    results.wasm.all = wasmRequests();
  } catch (e) {
    results.error = String(e?.stack ?? e);
  }
  results.done = true;
}

function appSource() {
  const source = consumerApp.toString();
  const body = source.slice(source.indexOf('{') + 1, source.lastIndexOf('}'));
  return `${IMPORT_LINE}\n${body}\n`;
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>breakout-rooms consumer</title>
<link rel="icon" href="data:,">
<script type="importmap">{"imports": {"breakout-rooms": "/node_modules/breakout-rooms/index.js"}}</script>
<script type="module" src="/app.js"></script>
</head>
<body></body>
</html>
`;

// ---------------------------------------------------------------------------------------

const run = promisify(execFile);

describe('breakout-rooms in a fresh consumer app (headless Chromium)', () => {
  let tmp;
  let app;
  let server;
  let context;
  let results;
  const pageErrors = [];
  const consoleMessages = [];
  const badResponses = [];
  const failedRequests = [];
  const contentTypes = {};

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-consumer-'));
    app = path.join(tmp, 'app');
    await mkdir(app);
    await writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'consumer-app', version: '0.0.0', private: true, type: 'module' }, null, 2),
    );
    // Exactly how an app installs it: npm packs the folder (honouring "files") and copies it.
    await run(
      'npm',
      [
        'install', PKG, '--prefix', app, '--install-links',
        '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '--no-update-notifier',
        '--cache', path.join(tmp, 'npm-cache'),
      ],
      { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    await writeFile(path.join(app, 'index.html'), INDEX_HTML);
    await writeFile(path.join(app, 'app.js'), appSource());

    server = await start(app);
    context = await launchChromium(path.join(tmp, 'user-data'), {
      // Chromium's own scratch dirs go in our temp dir too, and are removed with it.
      env: { ...process.env, TMPDIR: tmp },
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error?.stack ?? error)));
    page.on('console', (message) => consoleMessages.push({ type: message.type(), text: message.text() }));
    page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      const url = new URL(response.url());
      contentTypes[url.pathname] = response.headers()['content-type'];
      if (response.status() >= 400) badResponses.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__results?.done === true, null, { timeout: 60_000 });
    results = await page.evaluate(() => window.__results);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const checks = () => results.checks;

  it('npm installs a real copy of exactly the package files', async () => {
    const installed = path.join(app, 'node_modules', 'breakout-rooms');
    const info = await lstat(installed);
    assert.ok(info.isDirectory() && !info.isSymbolicLink(), 'node_modules/breakout-rooms is a copied directory');
    const manifest = JSON.parse(await readFile(path.join(PKG, 'package.json'), 'utf8'));
    const files = (await readdir(installed)).sort();
    assert.deepEqual(files, [...manifest.files, 'package.json'].sort());
    const appManifest = JSON.parse(await readFile(path.join(app, 'package.json'), 'utf8'));
    assert.ok(appManifest.dependencies?.['breakout-rooms'], 'the app depends on breakout-rooms');
  });

  it('serves the package with the right MIME types', () => {
    assert.match(contentTypes['/node_modules/breakout-rooms/index.js'] ?? '', /^text\/javascript/);
    assert.equal(contentTypes['/node_modules/breakout-rooms/breakout_rooms_bg.wasm'], 'application/wasm');
    assert.match(contentTypes['/'] ?? '', /^text\/html/);
  });

  it('the browser entry is one bundled file: no separate glue module is fetched', () => {
    // SPEC 5a / issue 7: the glue is bundled into index.js; the app fetches the entry and the wasm.
    const fromPackage = Object.keys(contentTypes).filter((p) => p.startsWith('/node_modules/breakout-rooms/')).sort();
    assert.deepEqual(fromPackage, ['/node_modules/breakout-rooms/breakout_rooms_bg.wasm', '/node_modules/breakout-rooms/index.js']);
  });

  it('importing fetches nothing: the wasm is requested once, after new CallClient() (SPEC 5a)', () => {
    const { wasm } = results;
    assert.deepEqual(wasm.afterImport, [], 'no .wasm request in the 200 ms after the import');
    assert.equal(typeof wasm.clientAt, 'number');
    assert.equal(wasm.all.length, 1, `one .wasm request for four agents: ${JSON.stringify(wasm.all)}`);
    assert.equal(wasm.all[0].path, '/node_modules/breakout-rooms/breakout_rooms_bg.wasm', 'the release engine, not the debug one');
    assert.ok(wasm.all[0].startTime >= wasm.clientAt,
      `the .wasm fetch started at ${wasm.all[0].startTime} ms, not before new CallClient() at ${wasm.clientAt} ms`);
  });

  it('the app script runs to the end (importing is enough: no init() call)', () => {
    assert.equal(results.error, null, results.error ?? '');
    assert.equal(results.done, true);
  });

  it('no uncaught page errors, console errors or warnings, failed or 4xx requests', () => {
    assert.deepEqual(pageErrors, []);
    const bad = consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning');
    assert.deepEqual(bad, []);
    assert.deepEqual(failedRequests, []);
    assert.deepEqual(badResponses, []);
  });

  it('setLogLevel + AzureLogger.log redirect receives the package log lines', () => {
    const lines = results.logLines;
    assert.ok(lines.length > 0, 'log lines arrived at AzureLogger.log');
    assert.ok(lines.every((l) => l.startsWith('azure:breakout-rooms:')), 'every line is ours');
    assert.ok(lines.some((l) => l.startsWith('azure:breakout-rooms:info call agent for olivia')), 'info lines');
    assert.ok(lines.some((l) => l.includes('breakoutRoomsUpdated: join')), 'verbose lines');
    assert.ok(!lines.some((l) => /listener threw/.test(l)), `no listener threw: ${lines.filter((l) => /threw/.test(l))}`);
    const consoleLines = consoleMessages.filter((m) => m.type === 'log' && m.text.startsWith('azure:breakout-rooms:'));
    assert.equal(consoleLines.length, lines.length, 'the seed redirect forwards them to console.log');
  });

  it('agents connect, devices are empty, and joining gives managers the room list; settings are not on the main call', () => {
    const c = checks();
    assert.deepEqual(c.connectionState, ['Connected', 'Connected', 'Connected', 'Connected']);
    assert.deepEqual(c.devices, { cameras: [], microphones: [], speakers: [] });
    // SPEC 6.1: settings belong to the breakout call's feature, so the main call's feature
    // raises no 'breakoutRoomsSettings'; attendees with nothing assigned hear nothing yet.
    assert.deepEqual(c.initialEvents, {
      Olivia: ['breakoutRooms'],
      Alice: [],
      Bob: [],
      Carol: [],
    });
    // SPEC 6.1: undefined on the main call's feature; SPEC 5: managers read mgmt.settings.
    assert.deepEqual(c.initialSettings, {
      attendeeMainFeature: 'undefined',
      organizerMainFeature: 'undefined',
      // SPEC 11: and the closing warning, 60 s by default.
      mgmtSettings: { disableReturnToMainMeeting: false, autoMoveParticipantToBreakoutRoom: true, closingWarningSeconds: 60 },
    });
    assert.deepEqual(c.sameFeatureObject, { breakoutRooms: true, management: true });
    // Identifiers handed out carry `kind`, as the SDK's CommunicationIdentifierKind does.
    assert.deepEqual(c.organizerRemoteParticipants, [
      { displayName: 'Alice', identifier: { kind: 'communicationUser', communicationUserId: 'alice' }, state: 'Connected' },
      { displayName: 'Bob', identifier: { kind: 'communicationUser', communicationUserId: 'bob' }, state: 'Connected' },
      { displayName: 'Carol', identifier: { kind: 'communicationUser', communicationUserId: 'carol' }, state: 'Connected' },
    ]);
    assert.deepEqual(c.attendeeRemoteParticipants, ['Bob', 'Carol', 'Olivia']);
  });

  it('management: createRooms, updateSettings, assignParticipants; managers list rooms and invitees', () => {
    const c = checks();
    assert.deepEqual(c.createdRooms, [
      { displayName: 'Red', state: 'closed', autoMove: true, invitees: [], threadIdIsString: true },
      { displayName: 'Blue', state: 'closed', autoMove: true, invitees: [], threadIdIsString: true },
    ]);
    assert.equal(c.threadIdsDistinct, true);
    // SPEC 12: rooms are plain data to JSON.stringify and spread
    assert.deepEqual(c.roomAsJson, {
      threadId: c.roomAsJson.threadId, displayName: 'Red', state: 'closed', autoMoveParticipantToBreakoutRoom: true, invitees: [],
    });
    assert.deepEqual(c.roomSpread, ['autoMoveParticipantToBreakoutRoom', 'displayName', 'invitees', 'state', 'threadId']);
    assert.equal(c.revisionGrew, true);
    // SPEC 5 and 3: mgmt.settings and 'settingsChanged' carry the settings, roomEndTime as ISO 8601
    const settings = {
      disableReturnToMainMeeting: false,
      autoMoveParticipantToBreakoutRoom: false,
      closingWarningSeconds: 60,
      roomEndTime: new Date(c.roomEndTime).toISOString(),
    };
    assert.deepEqual(c.organizerSettings.settings, settings);
    assert.deepEqual(c.organizerSettings.settingsChanged, [settings]);
    assert.deepEqual(c.organizerListing, ['- Red', '- Blue', 'Red', '- alice', '- bob', 'Blue', '- carol']);
    const user = (communicationUserId) => ({ kind: 'communicationUser', communicationUserId });
    assert.deepEqual(c.organizerInvitees, [
      { displayName: 'Red', invitees: [user('alice'), user('bob')] },
      { displayName: 'Blue', invitees: [user('carol')] },
    ]);
  });

  it('attendees see only their own room, without invitees, and the settings once in their room', () => {
    const c = checks();
    assert.deepEqual(c.attendeeView, {
      breakoutRooms: 'undefined',
      assignedInvitees: 'undefined',
      sawRoomList: false,
      assigned: [
        { name: 'Alice', displayName: 'Red', state: 'closed', autoMove: false },
        { name: 'Bob', displayName: 'Red', state: 'closed', autoMove: false },
        { name: 'Carol', displayName: 'Blue', state: 'closed', autoMove: false },
      ],
      sameAsAssignedBreakoutRooms: true,
    });
    // SPEC 6.1: not on the main call's feature...
    assert.equal(c.attendeeSettingsInMain, 'undefined');
    // ...but on the breakout call's, with roomEndTime an ISO 8601 string (SPEC 3)
    // (the SDK's BreakoutRoomsSettings fields; auto-move is a room property, and in mgmt.settings)
    assert.deepEqual(c.attendeeSettings, {
      disableReturnToMainMeeting: false,
      roomEndTime: new Date(c.roomEndTime).toISOString(),
    });
  });

  it("the breakout call's feature raises 'breakoutRoomsSettings' to a listener added on 'join' (SPEC 6.1)", () => {
    const c = checks();
    assert.deepEqual(c.breakoutFeatureSettingsEvents, {
      Alice: ['breakoutRoomsSettings'],
      Bob: ['breakoutRoomsSettings'],
      Carol: ['breakoutRoomsSettings'],
    });
    assert.equal(c.breakoutFeatureIsTheJoinedOne, true, 'call.feature(X) returns the same object each time');
    assert.deepEqual(c.aliceDisabledEvent.data, {
      disableReturnToMainMeeting: true,
      roomEndTime: new Date(c.roomEndTime).toISOString(),
    });
    assert.equal(c.aliceDisabledEvent.type, 'breakoutRoomsSettings');
    assert.equal(c.aliceMainFeatureSettings, 'undefined');
    assert.equal(c.mainFeaturesNeverHeardSettings, true, "no main call's feature raised 'breakoutRoomsSettings'");
  });

  it('updateSettings takes roomEndTime as ms, Date, ISO string or null; it reads back as ISO 8601 (SPEC 3, 5)', () => {
    const { endTimeForms, settingsChangedAll } = checks();
    assert.deepEqual([endTimeForms.seen.ms, endTimeForms.seen.date, endTimeForms.seen.isoString], endTimeForms.expected);
    assert.equal(endTimeForms.seen.cleared, false, 'null clears roomEndTime');
    for (const s of settingsChangedAll) {
      if ('roomEndTime' in s) assert.match(s.roomEndTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    assert.deepEqual(settingsChangedAll.slice(-4).map((s) => s.roomEndTime), [...endTimeForms.expected, undefined]);
  });

  it('openRooms with autoMove false: an assignment event, and nobody moves by themselves', () => {
    for (const entry of checks().afterOpen) {
      assert.deepEqual(entry.events, ['assignedBreakoutRooms'], `${entry.name}'s events after openRooms`);
      assert.equal(entry.main, 'Connected', `${entry.name} stays in the main meeting`);
      assert.equal(entry.joins, 0);
    }
  });

  it("the seed's join(): a 'join' event carries the breakout call; the main call is on hold", () => {
    for (const entry of checks().joined) {
      assert.deepEqual(entry, {
        name: entry.name,
        joinedCall: true,
        breakoutState: 'Connected',
        mainState: 'LocalHold',
        joinEvents: 1,
        joinEventIsTheCall: true,
        roomCallIsTheCall: true,
        newCallId: true,
        agentCalls: 2,
        seedSaidJoined: true,
      });
    }
  });

  it('remote participants: the room lists its members; the main meeting those still in it', () => {
    const c = checks();
    assert.deepEqual(c.roomParticipants, { Alice: ['Bob'], Bob: ['Alice'], Carol: [] });
    assert.deepEqual(c.organizerMainWhileRoomsOpen, []);
  });

  it("the seed's leave: breakoutRoomCall.hangUp(); mainMeetingCall.resume()", () => {
    assert.deepEqual(checks().bobLeft, {
      breakoutState: 'Disconnected',
      mainState: 'Connected',
      stillAssigned: 'Red',
      agentCalls: 1,
      aliceRoomUpdates: [{ added: ['Bob'], removed: [] }, { added: [], removed: ['Bob'] }],
      organizerMain: ['Bob'],
      bobMain: ['Olivia'],
    });
  });

  it("stateChanged: a listener reading call.state sees each state in turn (SPEC 6.9)", () => {
    // The SDK's stateChanged carries no argument: the listener reads `call.state`.
    assert.deepEqual(checks().bobBreakoutStates, ['Disconnecting', 'Disconnected']);
  });

  it('disableReturnToMainMeeting: the seed guard holds and hangUp/resume/returnToMainMeeting refuse (403/46907)', () => {
    const c = checks();
    assert.equal(c.seedGuardWhenDisabled, false);
    for (const [what, outcome] of Object.entries(c.returnDisabled)) {
      assert.equal(outcome.ok, false, `${what} must refuse`);
      assert.equal(outcome.isError, true, `${what} rejects with an Error`);
      assert.equal(outcome.name, 'BreakoutRoomsError', what);
      assert.deepEqual([outcome.code, outcome.subCode], [403, 46907], `${what}: ${outcome.message}`);
    }
    assert.deepEqual(c.afterRefusals, { breakout: 'Connected', main: 'LocalHold' });
  });

  it("closeRooms warns the people inside with 'roomClosing' for closingWarningSeconds first (SPEC 11)", () => {
    const { closingWarning } = checks();
    assert.deepEqual(closingWarning.whileWarned, ['Connected', 'Connected'], 'still in their rooms once it resolves');
    assert.deepEqual(closingWarning.warned.sort(), ['Alice', 'Carol'], 'the two inside; Bob had left');
    for (const ms of closingWarning.closesIn) {
      assert.ok(ms >= 1000 && ms <= 1500, `closesAt is a second after closeRooms(): ${ms} ms`);
    }
    assert.ok(closingWarning.backAfter >= 1000, `back only once the warning is over: ${closingWarning.backAfter} ms`);
  });

  it('closeRooms brings everyone back to the main meeting by itself', () => {
    const c = checks();
    for (const entry of c.closed) {
      assert.equal(entry.assignedState, 'closed', entry.name);
      assert.equal(entry.breakoutState, 'Disconnected', entry.name);
      assert.equal(entry.mainState, 'Connected', entry.name);
      assert.equal(entry.seedSaidClosed, true, `${entry.name}'s seed listener logged the closed state`);
      assert.equal(entry.agentCalls, 1, entry.name);
    }
    const added = c.organizerMainUpdates.flatMap((u) => u.added).sort();
    const removed = c.organizerMainUpdates.flatMap((u) => u.removed).sort();
    assert.deepEqual(added, ['Alice', 'Bob', 'Carol'], 'the organizer saw each come back');
    assert.deepEqual(removed, ['Bob'], 'and Bob leave the main meeting after subscribing');
  });

  it('autoMove true: opening a room moves its assignee without join()', () => {
    assert.deepEqual(checks().autoMove, {
      carolMain: 'LocalHold',
      carolBreakout: 'Connected',
      carolRoom: 'Blue',
      carolRoomCall: true,
      seedSaidAutoMove: true,
      aliceMoved: 'Connected',
    });
  });

  it('off() with the same function removes only that listener', () => {
    const { off } = checks();
    assert.equal(off.seedLinesAfterOff, 0, 'the removed seed listener heard nothing');
    // Red's autoMove flag following the settings change, then the unassignment (SPEC 6.1:
    // the settings change itself is not raised on the main call's feature)
    assert.ok(off.recorderEventsAfterOff.length >= 1, 'the other listener still hears');
    assert.ok(off.recorderEventsAfterOff.every((t) => t === 'assignedBreakoutRooms'), String(off.recorderEventsAfterOff));
    assert.deepEqual(off.lastBobEvent, { type: 'assignedBreakoutRooms', data: 'undefined' });
  });

  it('returnToMainMeeting() resolves with the main call', () => {
    assert.deepEqual(checks().returnToMainMeeting, { resolvedWithMain: true, main: 'Connected', breakout: 'Disconnected' });
  });

  it('errors carry code and subCode and change nothing', () => {
    const { errors, unchangedByErrors } = checks();
    const expected = {
      attendeeManages: [403, 46900],
      joinClosedRoom: [412, 46256],
      joinUnassigned: [412, 46260],
      staleRevision: [409, 46906],
      groupCallFeature: [400, 46250],
      groupCallManages: [400, 46250],
      badArgument: [400, 46908],
    };
    for (const [what, [code, subCode]] of Object.entries(expected)) {
      const outcome = errors[what];
      assert.equal(outcome.ok, false, `${what} must fail`);
      assert.equal(outcome.isError, true, `${what} fails with an Error`);
      assert.deepEqual([outcome.code, outcome.subCode], [code, subCode], `${what}: ${outcome.message}`);
    }
    assert.match(errors.badArgument.message, /rooms/, 'the message names the field');
    assert.deepEqual(unchangedByErrors, { roomCount: true, redName: 'Red' });
  });

  it('renameRoom, deleteRoom, recreateRooms, assignAutomatically, setBreakoutRoomManager', () => {
    assert.deepEqual(checks().management, {
      renamedBeforeRecreate: true,
      recreated: ['Room 1', 'Room 2', 'Room 3'],
      rooms: [
        { displayName: 'Room 1', invitees: 1 },
        { displayName: 'Room 2', invitees: 1 },
        { displayName: 'Room 3', invitees: 1 },
      ],
      attendeesPerRoom: [1, 1, 1],
      aliceSeesRooms: 3,
      seedListenersSilent: true,
    });
  });

  it('join() then at once mgmt.createRooms(3) works as written: it waits for Connected (SPEC 5)', () => {
    const c = checks();
    assert.deepEqual(c.whileConnecting, { stateWhenAsked: 'Connecting', made: { ok: true }, stateAfter: 'Connected' });
    assert.deepEqual(c.whileConnectingRooms, ['Room 1', 'Room 2', 'Room 3']);
  });

  it('dispose() disconnects the agent and raises connectionStateChanged', () => {
    const { dispose } = checks();
    assert.equal(dispose.connectionState, 'Disconnected');
    // The SDK's typings: ConnectionStateChangedEvent is { oldValue, newValue, reason? }
    assert.deepEqual(dispose.connectionEvents, [{ oldValue: 'Connected', newValue: 'Disconnected' }]);
    assert.equal(dispose.main, 'Disconnected');
  });

  it("the seed's listener logged what the SDK page says it logs", () => {
    const { seedLogs } = checks();
    assert.ok(seedLogs.Olivia.includes('Breakout rooms are created or updated. There are 2 breakout rooms in total.'));
    assert.ok(seedLogs.Olivia.includes('- Red') && seedLogs.Olivia.includes('- Blue'));
    assert.ok(seedLogs.Alice.includes('You are assigned to breakout room named: Red'));
    assert.ok(seedLogs.Alice.some((l) => /^Assigned breakout room thread Id: \S+/.test(l)));
    assert.ok(seedLogs.Alice.includes('Automatically move participants to breakout room: false'));
    assert.ok(seedLogs.Alice.includes('Assigned breakout room state : open'));
    // The seed's listener, added to the breakout call's feature on 'join', logs the settings (SPEC 6.1)
    assert.ok(seedLogs.Carol.includes('Disable the user to return to main meeting from breakout room call : true'));
    assert.ok(seedLogs.Carol.includes('Disable the user to return to main meeting from breakout room call : false'));
    // SPEC 3: roomEndTime is an ISO 8601 string
    const endsAt = `Breakout room ends at: ${new Date(checks().roomEndTime).toISOString()}`;
    assert.ok(seedLogs.Carol.includes(endsAt), `${endsAt} in ${JSON.stringify(seedLogs.Carol)}`);
  });
});
