// Type-checked (never run) by types.test.mjs with `tsc --noEmit --strict`: the SDK page's
// samples written in TypeScript against 'breakout-rooms', plus the management API. Every
// `@ts-expect-error` line must be an error, or tsc fails: they prove the types narrow.
import {
  AzureCommunicationTokenCredential,
  AzureLogger,
  CallClient,
  Features,
  createDevToken,
  setLogLevel,
} from 'breakout-rooms';
import type {
  AssignedBreakoutRoomsEvent,
  BreakoutRoom,
  BreakoutRoomsCallFeature,
  BreakoutRoomsError,
  BreakoutRoomsEventData,
  BreakoutRoomsManagementFeature,
  BreakoutRoomsSettings,
  BreakoutRoomsUpdatedListener,
  BreakoutRoomState,
  Call,
  CallAgent,
  CommunicationIdentifier,
  CommunicationIdentifierKind,
  ConnectionState,
  ConnectionStateChangedEvent,
  DeviceManager,
  GroupingReport,
  HelpRequest,
  Invitee,
  OwnHelpRequest,
  RoomClosing,
  Round,
  RaisedHand,
  RaiseHandCallFeature,
  RemoteParticipant,
  VideoDeviceInfo,
} from 'breakout-rooms';

// ----- Initialize required objects -----

// Set the logger's log level
setLogLevel('verbose');
// @ts-expect-error not a log level
setLogLevel('loud');

// Redirect log output to console, file, buffer, REST API, or whatever location you want
AzureLogger.log = (...args) => {
  console.log(...args); // Redirect log output to console
};

const userToken: string = createDevToken({ userId: 'alice', displayName: 'Alice', role: 'organizer' });
// @ts-expect-error not a role
createDevToken({ userId: 'mallory', role: 'admin' });
const callClient = new CallClient();
const tokenCredential = new AzureCommunicationTokenCredential(userToken);
const callAgent: CallAgent = await callClient.createCallAgent(tokenCredential, { displayName: 'optional Azure Communication Services user name' });
const deviceManager: DeviceManager = await callClient.getDeviceManager();
// The SDK's type (no media here, so always empty); `never[]` would break SDK code such as `cameras[0].name`.
const cameras: VideoDeviceInfo[] = await deviceManager.getCameras();

// ----- How to best manage SDK connectivity -----

const connectionState = callAgent.connectionState;
console.log(connectionState); // it may return either of 'Connected' | 'Disconnected'
// @ts-expect-error only 'Connected' | 'Disconnected'
const connecting: typeof connectionState = 'Connecting';

// In the SDK's typings ConnectionStateChangedEvent is the listener type, and its argument has
// oldValue and newValue (the page's comment says oldState/newState); this package delivers those.
const connectionStateCallback: ConnectionStateChangedEvent = (args) => {
  console.log(args); // it will return an object with oldState and newState, each of having a value of either of 'Connected' | 'Disconnected'
  // it will also return reason, either of 'invalidToken' | 'connectionIssue'
  const oldValue: ConnectionState = args.oldValue;
  const newValue: 'Connected' | 'Disconnected' = args.newValue;
  // @ts-expect-error oldValue, not oldState (the SDK's ConnectionStateChangedEvent)
  console.log(args.oldState);
  const reason: 'invalidToken' | 'connectionIssue' | undefined = args.reason;
};
callAgent.on('connectionStateChanged', connectionStateCallback);

// ----- Implement breakout rooms -----

const mainMeetingCall: Call = callAgent.join({ meetingLink: 'https://example.test/meet/standup' });
callAgent.join({ meetingId: '123', passcode: 'abc' });
callAgent.join({ groupId: 'standup' }, { meetingPolicy: { breakoutRoomsEnabled: true } });

const breakoutRoomsFeature: BreakoutRoomsCallFeature = mainMeetingCall.feature(Features.BreakoutRooms);

let breakoutRoomCall: Call | undefined;

// SPEC 6.1: settings belong to the breakout room call's feature; a client listens to it on 'join'.
const breakoutRoomSettingsListener: BreakoutRoomsUpdatedListener = (event) => {
  if (event.type !== 'breakoutRoomsSettings') return;
  const settings: BreakoutRoomsSettings | undefined = event.data;
  // SPEC 3: roomEndTime is an ISO 8601 string
  const endsAt: Date | undefined = settings?.roomEndTime === undefined ? undefined : new Date(settings.roomEndTime);
  console.log(endsAt?.toLocaleTimeString());
};

const breakoutRoomsUpdatedListener: BreakoutRoomsUpdatedListener = (event) => {
  switch (event.type) {
    case 'breakoutRooms': {
      const breakoutRooms = event.data;
      // @ts-expect-error data may be undefined (no longer a manager)
      breakoutRooms.forEach((room) => console.log(room.displayName));
      if (!breakoutRooms) break;
      console.log(`Breakout rooms are created or updated. There are ${breakoutRooms.length} breakout rooms in total.`);
      breakoutRooms.forEach((room) => {
        console.log(`- ${room.displayName}`);
      });
      break;
    }
    case 'assignedBreakoutRooms': {
      const assignedRoom = event.data;
      // @ts-expect-error one room, not a list
      console.log(assignedRoom?.length);
      if (!assignedRoom) break;
      console.log(`You are assigned to breakout room named: ${assignedRoom.displayName}`);
      console.log(`Assigned breakout room thread Id: ${assignedRoom.threadId}`);
      console.log(`Automatically move participants to breakout room: ${assignedRoom.autoMoveParticipantToBreakoutRoom}`);
      console.log(`Assigned breakout room state : ${assignedRoom.state}`);
      // @ts-expect-error state is 'open' | 'closed'
      if (assignedRoom.state === 'opened') console.log('never');
      break;
    }
    case 'breakoutRoomsSettings': {
      // (raised by the breakout room call's feature, SPEC 6.1)
      const breakoutRoomSettings = event.data;
      // @ts-expect-error settings are not a room
      console.log(breakoutRoomSettings?.threadId);
      // @ts-expect-error SPEC 3: roomEndTime is an ISO 8601 string, not a TimestampInfo
      console.log(breakoutRoomSettings?.roomEndTime?.attemptTimestamp);
      console.log(`Breakout room ends at: ${breakoutRoomSettings?.roomEndTime}`);
      console.log(`Disable the user to return to main meeting from breakout room call : ${breakoutRoomSettings?.disableReturnToMainMeeting}`);
      break;
    }
    case 'join': {
      breakoutRoomCall = event.data;
      console.log(`You have joined breakout room with call ID: ${breakoutRoomCall.id}`);
      breakoutRoomCall.feature(Features.BreakoutRooms).on('breakoutRoomsUpdated', breakoutRoomSettingsListener);
      // @ts-expect-error a call, not a room
      console.log(event.data.threadId);
      break;
    }
    default: {
      // every event type is handled above
      const unreachable: never = event;
      console.log(unreachable);
    }
  }
};
// The seed's interface listings spell two types differently from its sample code and the
// SDK's runtime; only the runtime names are types.
const spelledAsListed = (event: BreakoutRoomsEventData) => {
  // @ts-expect-error 'assignedBreakoutRoom' is not an event type ('assignedBreakoutRooms' is)
  if (event.type === 'assignedBreakoutRoom') console.log(event);
  // @ts-expect-error 'breakoutRoomSettings' is not an event type ('breakoutRoomsSettings' is)
  if (event.type === 'breakoutRoomSettings') console.log(event);
};
breakoutRoomsFeature.on('breakoutRoomsUpdated', breakoutRoomsUpdatedListener);
// @ts-expect-error the feature raises only 'breakoutRoomsUpdated'
breakoutRoomsFeature.on('roomsUpdated', breakoutRoomsUpdatedListener);

// The event types, by name.
const onAssigned = (event: AssignedBreakoutRoomsEvent): BreakoutRoom | undefined => event.data;
const anyEvent = (event: BreakoutRoomsEventData): string => event.type;

// ----- List available breakout rooms -----

const breakoutRooms = breakoutRoomsFeature.breakoutRooms; // undefined for attendees
breakoutRooms?.forEach((room) => {
  console.log(`- ${room.displayName}`);
});

// ----- List invitees -----

breakoutRooms?.forEach((room) => {
  console.log(`${room.displayName}`);
  room.invitees?.forEach((invitee: Invitee) => {
    const who: CommunicationIdentifier = invitee.identifier;
    console.log(`- ${JSON.stringify(who)}`);
    // Identifiers handed out carry `kind`, as the SDK's CommunicationIdentifierKind
    const kind: CommunicationIdentifierKind = invitee.identifier;
    if (kind.kind === 'communicationUser') console.log(kind.communicationUserId);
  });
});

// ----- Join breakout room -----

const breakoutRoom = breakoutRoomsFeature.assignedBreakoutRoom;
if (breakoutRoom && breakoutRoom.state == 'open' && !breakoutRoom.autoMoveParticipantToBreakoutRoom) {
  breakoutRoomCall = await breakoutRoom.join();
}
const sameRoom: BreakoutRoom | undefined = breakoutRoomsFeature.assignedBreakoutRooms;

// ----- Leave breakout room -----

// SPEC 6.1: the settings are on the breakout room call's feature (undefined on the main call's).
const breakoutRoomsSettings = breakoutRoomCall?.feature(Features.BreakoutRooms).breakoutRoomsSettings;
const onTheMainCall: BreakoutRoomsSettings | undefined = breakoutRoomsFeature.breakoutRoomsSettings;
if (breakoutRoomCall != null && !breakoutRoomsSettings?.disableReturnToMainMeeting) {
  breakoutRoomCall.hangUp();
  mainMeetingCall.resume();
}
const backInMain: Call | undefined = await breakoutRoom?.returnToMainMeeting();

// ----- Get participants of the breakout room -----

if (breakoutRoomCall) {
  const breakoutRoomParticipants = [...breakoutRoomCall.remoteParticipants.values()].map(
    (p: RemoteParticipant) => p.displayName || p.identifier,
  );
  console.log(`Participants of the breakoutRoom : <br/>${breakoutRoomParticipants.join('<br/>')}`);
  breakoutRoomCall.on('remoteParticipantsUpdated', ({ added, removed }) => console.log(added.length, removed.length));
  breakoutRoomCall.on('stateChanged', () => console.log(breakoutRoomCall?.state));
}

// ----- Stop receiving breakout rooms events -----

breakoutRoomsFeature.off('breakoutRoomsUpdated', breakoutRoomsUpdatedListener);

// ----- Breakout room properties (optional where the value may be absent) -----

if (breakoutRoom) {
  const displayName: string | undefined = breakoutRoom.displayName;
  const threadId: string = breakoutRoom.threadId;
  const state: BreakoutRoomState = breakoutRoom.state;
  const autoMoveParticipantToBreakoutRoom: boolean | undefined = breakoutRoom.autoMoveParticipantToBreakoutRoom;
  const call: Call | undefined = breakoutRoom.call;
  const invitees: Invitee[] | undefined = breakoutRoom.invitees;
  // @ts-expect-error read-only
  breakoutRoom.state = 'open';
}

// ----- Breakout room settings -----

if (breakoutRoomsSettings) {
  const disableReturnToMainMeeting: boolean | undefined = breakoutRoomsSettings.disableReturnToMainMeeting;
  // SPEC 3: an ISO 8601 string (what the SDK delivers at run time), not the typings' TimestampInfo
  const roomEndTime: string | undefined = breakoutRoomsSettings.roomEndTime;
  const settingsCopy: BreakoutRoomsSettings = { ...breakoutRoomsSettings };
}

// ----- Management (ours) -----

const mgmt: BreakoutRoomsManagementFeature = mainMeetingCall.feature(Features.BreakoutRoomsManagement);
// @ts-expect-error the management feature is not the SDK feature
const notTheSdkFeature: BreakoutRoomsCallFeature = mgmt;
// identifiers come from call.remoteParticipants[i].identifier
const someone: CommunicationIdentifier = mainMeetingCall.remoteParticipants[0].identifier;
const someoneKind: CommunicationIdentifierKind = mainMeetingCall.remoteParticipants[0].identifier;
const revision: number = mgmt.revision;
// SPEC 5: managers read the settings here, in any call, and hear 'settingsChanged'
// (undefined until the main call has connected)
const meetingSettings: BreakoutRoomsSettings | undefined = mgmt.settings;
// @ts-expect-error undefined while the call is still Connecting
console.log(mgmt.settings.disableReturnToMainMeeting);
const meetingAutoMove: boolean | undefined = mgmt.settings?.autoMoveParticipantToBreakoutRoom;
if (mgmt.settings) {
  const autoMoveDefault: boolean = mgmt.settings.autoMoveParticipantToBreakoutRoom;
  const meetingEndTime: string | undefined = mgmt.settings.roomEndTime;
}
const onSettingsChanged = (settings: BreakoutRoomsSettings) => console.log(settings.roomEndTime);
mgmt.on('settingsChanged', onSettingsChanged);
mgmt.off('settingsChanged', onSettingsChanged);
// @ts-expect-error the management feature raises 'settingsChanged', not 'breakoutRoomsUpdated'
mgmt.on('breakoutRoomsUpdated', breakoutRoomsUpdatedListener);

const created: BreakoutRoom[] = await mgmt.createRooms(3);
await mgmt.createRooms(['Red', 'Blue'], { expectedRevision: revision });
// @ts-expect-error a count or names
await mgmt.createRooms(true);
await mgmt.renameRoom(created[0].threadId, 'Design');
await mgmt.renameRoom(created[0].threadId, 'Design', { expectedRevision: mgmt.revision });
await mgmt.deleteRoom(created[1].threadId);
await mgmt.deleteRoom(created[1].threadId, { expectedRevision: mgmt.revision });
const recreated: BreakoutRoom[] = await mgmt.recreateRooms(4);
await mgmt.recreateRooms(['A', 'B'], { expectedRevision: mgmt.revision });
await mgmt.assignParticipants(recreated[0].threadId, [someone, { communicationUserId: 'bob' }]);
await mgmt.assignParticipants(recreated[0].threadId, [{ microsoftTeamsUserId: 'c' }], { expectedRevision: 1 });
// @ts-expect-error identifiers, not names
await mgmt.assignParticipants(recreated[0].threadId, ['bob']);
await mgmt.unassignParticipants([someone]);
await mgmt.unassignParticipants([someone], { expectedRevision: mgmt.revision });
await mgmt.assignAutomatically();
await mgmt.assignAutomatically({ seed: 7 });
await mgmt.assignAutomatically({ seed: 7, expectedRevision: mgmt.revision });
// @ts-expect-error the seed is a number
await mgmt.assignAutomatically({ seed: 'seven' });
await mgmt.openRooms();
await mgmt.openRooms([recreated[0].threadId]);
await mgmt.openRooms({ expectedRevision: mgmt.revision });
await mgmt.openRooms([recreated[0].threadId], { expectedRevision: mgmt.revision });
await mgmt.closeRooms();
await mgmt.closeRooms([recreated[0].threadId]);
await mgmt.closeRooms({ expectedRevision: mgmt.revision });
await mgmt.closeRooms([recreated[0].threadId], { expectedRevision: mgmt.revision });
await mgmt.updateSettings({
  disableReturnToMainMeeting: true,
  roomEndTime: Date.now() + 600000,
  autoMoveParticipantToBreakoutRoom: false,
});
await mgmt.updateSettings({ roomEndTime: new Date() });
await mgmt.updateSettings({ roomEndTime: new Date(Date.now() + 600000).toISOString() });
await mgmt.updateSettings({ roomEndTime: { attemptTimestamp: Date.now() } });
await mgmt.updateSettings({ roomEndTime: { deltaTimeInMs: 60000 } });
await mgmt.updateSettings({ roomEndTime: null }, { expectedRevision: mgmt.revision });
// @ts-expect-error not a setting
await mgmt.updateSettings({ roomCount: 3 });
await mgmt.setBreakoutRoomManager(someone, true);
await mgmt.setBreakoutRoomManager(someone, false, { expectedRevision: mgmt.revision });
// @ts-expect-error a stale revision option is a number
await mgmt.openRooms({ expectedRevision: 'latest' });

// ----- Workshops (SPEC 11): countdowns, durations, broadcast, help, grouping, rounds -----

await mgmt.closeRooms([recreated[0].threadId], { graceSeconds: 60 });
await mgmt.closeRooms({ graceSeconds: 30, expectedRevision: mgmt.revision });
await mgmt.closeRooms({ graceSeconds: 0 });
await mgmt.extendClosing(60);
await mgmt.extendClosing(60, { threadIds: [recreated[0].threadId], expectedRevision: mgmt.revision });
await mgmt.cancelClosing();
await mgmt.cancelClosing({ threadIds: [recreated[0].threadId] });
const closings: RoomClosing[] = mgmt.closings;
const closesAt: string | undefined = closings[0]?.closesAt;
mgmt.on('closingsUpdated', (list: RoomClosing[]) => console.log(list.length));
await mgmt.updateSettings({ closingWarningSeconds: 30, roomDurationSeconds: 600 });
await mgmt.updateSettings({ roomDurationSeconds: null });
if (mgmt.settings) {
  const warning: number = mgmt.settings.closingWarningSeconds;
  const duration: number | undefined = mgmt.settings.roomDurationSeconds;
}
await mgmt.broadcast('Five minutes left');
await mgmt.broadcast('Wrap up', { threadIds: [recreated[0].threadId], mainMeeting: true });
// @ts-expect-error broadcasts take no expectedRevision
await mgmt.broadcast('Hi', { expectedRevision: 1 });
const queue: HelpRequest[] = mgmt.helpRequests;
mgmt.on('helpRequestsUpdated', (requests: HelpRequest[]) => console.log(requests[0]?.askers));
await mgmt.acknowledgeHelp(recreated[0].threadId);
const visiting: Call = await mgmt.visitRoom(recreated[0].threadId);
const report: GroupingReport = await mgmt.assignAutomatically({
  seed: 7,
  perRoom: 4,
  together: [[someone, { communicationUserId: 'bob' }]],
  apart: [[{ communicationUserId: 'carol' }, { communicationUserId: 'dan' }]],
  avoidRepeats: true,
});
for (const v of report.violations) {
  if (v.rule === 'together') console.log(v.threadIds);
  else console.log(v.threadId);
}
const repeated: number = report.repeatedPairs;
const rounds: Round[] = mgmt.rounds;
const roundEnded: string | undefined = rounds[0]?.endedAt;
mgmt.on('roundsUpdated', (all: Round[]) => console.log(all.length));
const workshopFeature: BreakoutRoomsCallFeature = mainMeetingCall.feature(Features.BreakoutRooms);
await workshopFeature.requestHelp();
const myHelp: OwnHelpRequest | undefined = workshopFeature.helpRequest;
const closingNow: RoomClosing | undefined = workshopFeature.roomClosing;
workshopFeature.on('roomClosing', (closing) => console.log(closing.closesAt));
workshopFeature.on('broadcastReceived', (b) => console.log(b.sender.displayName, b.text, b.sentAt));
workshopFeature.on('helpRequestUpdated', (r) => console.log(r.state, r.acknowledgedBy));
// @ts-expect-error the SDK's union is unchanged: 'roomClosing' is no breakoutRoomsUpdated type
workshopFeature.on('breakoutRoomsUpdated', (e) => e.type === 'roomClosing');

// ----- Raise hand (SPEC 12: real, meeting state) -----

const raiseHand: RaiseHandCallFeature = mainMeetingCall.feature(Features.RaiseHand);
await raiseHand.raiseHand();
await raiseHand.lowerHand();
await raiseHand.lowerHands([someone]);
await raiseHand.lowerAllHands();
const raised: RaisedHand[] = raiseHand.getRaisedHands();
const firstOrder: number | undefined = raised[0]?.order;
raiseHand.on('raisedHandEvent', (event) => console.log(event.identifier, event.order));
raiseHand.on('loweredHandEvent', (event) => console.log(event.identifier));
// @ts-expect-error not a RaiseHand event
raiseHand.on('handWaved', () => {});
// `Features` entries are objects with the feature's name (as the SDK's factories)
const featureName: string = Features.RaiseHand.name;

// ----- Errors -----

try {
  await mgmt.openRooms();
} catch (e) {
  const error = e as BreakoutRoomsError;
  const code: number = error.code;
  const subCode: number = error.subCode;
  const name: 'BreakoutRoomsError' = error.name;
}

export {};
