// The communication-react compat app: one page, one meeting, two people.
//
// - Olivia, the organizer, uses the package under test directly (CallClient, createDevToken,
//   createCallAgent, join, and call.feature(Features.BreakoutRoomsManagement), SPEC 5/5a).
// - Adam, the attendee, is run by @azure/communication-react 1.34.0 as an app would run it:
//   createStatefulCallClient -> statefulClient.createCallAgent ->
//   createAzureCommunicationCallAdapterFromClient(client, agent, { meetingLink }) -> <CallComposite>.
//
// Nothing here knows which package stands behind '@azure/communication-calling' (build.mjs
// aliases it). The test drives the organizer and reads state through window.__compat.
import { CallClient, Features, createDevToken } from '@azure/communication-calling';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import {
  CallComposite,
  createAzureCommunicationCallAdapterFromClient,
  createStatefulCallClient,
  toFlatCommunicationIdentifier,
} from '@azure/communication-react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const MEETING_LINK = params.get('meetingLink') ?? 'https://example.test/meet/compat';
const ATTENDEE = { userId: 'att', displayName: 'Adam' };
const ORGANIZER = { userId: 'org', displayName: 'Olivia', role: 'organizer' };

const phase = (name) => { globalThis.__fakePhase = name; };
const steps = [];
const step = (name) => { steps.push({ name, at: Math.round(performance.now()) }); console.debug(`[compat] ${name}`); };

window.addEventListener('unhandledrejection', (e) => {
  console.error('unhandledrejection:', e.reason?.stack ?? String(e.reason));
});

/** A JSON-safe summary of the stateful client's state: what the test asserts on. */
function summarize(state) {
  const room = (r) => r && { displayName: r.displayName, state: r.state, autoMoveParticipantToBreakoutRoom: r.autoMoveParticipantToBreakoutRoom, hasCall: !!r.call, hasJoin: typeof r.join === 'function' };
  const call = (c) => ({
    id: c.id,
    state: c.state,
    kind: c.kind,
    role: c.role,
    isMuted: c.isMuted,
    remoteParticipants: Object.values(c.remoteParticipants ?? {}).map((p) => p.displayName),
    breakoutRooms: c.breakoutRooms && {
      assignedBreakoutRoom: room(c.breakoutRooms.assignedBreakoutRoom),
      breakoutRoomSettings: c.breakoutRooms.breakoutRoomSettings && { ...c.breakoutRooms.breakoutRoomSettings },
      breakoutRoomDisplayName: c.breakoutRooms.breakoutRoomDisplayName,
    },
  });
  const notifications = {};
  for (const [k, v] of Object.entries(state.latestNotifications ?? {})) notifications[k] = { callId: v.callId ?? null, at: v.timestamp?.toISOString?.() };
  return {
    calls: Object.values(state.calls).map(call),
    callsEnded: Object.values(state.callsEnded ?? {}).map((c) => ({ id: c.id, state: c.state })),
    latestNotifications: notifications,
    latestErrors: Object.fromEntries(Object.entries(state.latestErrors ?? {}).map(([k, v]) => [k, String(v?.message ?? v)])),
    environmentInfo: state.environmentInfo ?? null,
    deviceManager: { cameras: state.deviceManager.cameras.length, microphones: state.deviceManager.microphones.length, deviceAccess: state.deviceManager.deviceAccess ?? null },
  };
}

async function startOrganizer() {
  const callClient = new CallClient();
  const token = createDevToken(ORGANIZER);
  const callAgent = await callClient.createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: ORGANIZER.displayName });
  const call = callAgent.join({ meetingLink: MEETING_LINK });
  const mgmt = call.feature(Features.BreakoutRoomsManagement);
  const idOf = (userId) => {
    const p = call.remoteParticipants.find((r) => r.identifier.communicationUserId === userId);
    return p ? p.identifier : { communicationUserId: userId };
  };
  return {
    call,
    mgmt,
    state: () => call.state,
    remote: () => call.remoteParticipants.map((p) => p.displayName),
    createRooms: async (n) => (await mgmt.createRooms(n)).map((r) => ({ threadId: r.threadId, displayName: r.displayName })),
    assign: (threadId, userIds) => mgmt.assignParticipants(threadId, userIds.map(idOf)),
    unassign: (userIds) => mgmt.unassignParticipants(userIds.map(idOf)),
    open: (threadIds) => mgmt.openRooms(threadIds),
    // closeRooms(threadIds, { graceSeconds }): without a grace, the people inside are warned
    // for the meeting's closingWarningSeconds first (SPEC 11).
    close: (threadIds, options) => mgmt.closeRooms(threadIds, options),
    updateSettings: (settings) => mgmt.updateSettings(settings),
    settings: () => JSON.parse(JSON.stringify(mgmt.settings ?? null)),
  };
}

async function startAttendee() {
  phase('createStatefulCallClient');
  const userId = { communicationUserId: ATTENDEE.userId };
  const statefulClient = createStatefulCallClient({ userId });
  step('createStatefulCallClient');
  phase('createCallAgent');
  const token = createDevToken({ userId: ATTENDEE.userId, displayName: ATTENDEE.displayName, role: 'attendee' });
  const callAgent = await statefulClient.createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: ATTENDEE.displayName });
  step('createCallAgent');
  phase('adapter');
  const adapter = await createAzureCommunicationCallAdapterFromClient(statefulClient, callAgent, { meetingLink: MEETING_LINK });
  step('adapter');
  const adapterEvents = [];
  for (const ev of ['callEnded', 'breakoutRoomsUpdated', 'error', 'callIdChanged']) {
    adapter.on(ev, (e) => adapterEvents.push({ ev, type: e?.type, at: Math.round(performance.now()) }));
  }
  // The package's own closing countdown (SPEC 11), which communication-react does not know:
  // an app listens for it on the calls the composite runs, beside it.
  const roomClosings = [];
  callAgent.on('callsUpdated', ({ added }) => {
    for (const call of added) {
      call.feature(Features.BreakoutRooms).on('roomClosing', (e) => roomClosings.push(JSON.parse(JSON.stringify(e))));
    }
  });
  return { statefulClient, callAgent, adapter, userId, adapterEvents, roomClosings };
}

async function main() {
  const root = createRoot(document.getElementById('root'));
  const att = await startAttendee();
  phase('render');
  const micCheck = params.get('micCheck') ?? 'skip';
  root.render(
    <CallComposite
      adapter={att.adapter}
      formFactor="desktop"
      options={{ joinCallOptions: { microphoneCheck: micCheck === 'default' ? 'requireMicrophoneAvailable' : micCheck } }}
    />,
  );
  step('render');
  // The organizer joins after the attendee's client exists, as in a meeting that is already set up.
  const org = params.get('noOrganizer') ? null : await startOrganizer();
  step('organizer');
  window.__compat = {
    ready: true,
    steps,
    phase,
    org,
    att,
    attendeeUserId: ATTENDEE.userId,
    flatAttendeeId: toFlatCommunicationIdentifier(att.userId),
    clientState: () => summarize(att.statefulClient.getState()),
    adapterState: () => {
      const s = att.adapter.getState();
      return { page: s.page, callState: s.call?.state ?? null, callId: s.call?.id ?? null, isTeamsMeeting: s.isTeamsMeeting, role: s.call?.role ?? null };
    },
    adapterEvents: () => att.adapterEvents,
    roomClosings: () => att.roomClosings,
    agentCalls: () => att.callAgent.calls.map((c) => ({ id: c.id, state: c.state })),
    fakeLog: () => (globalThis.__fakeCallingLog ? [...globalThis.__fakeCallingLog.keys()] : null),
  };
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  console.error('compat app failed to start:', e?.stack ?? String(e));
  window.__compat = { ready: false, error: String(e?.stack ?? e) };
  document.body.dataset.ready = 'error';
});
