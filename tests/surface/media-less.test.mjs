// SPEC 12, media-less, not missing: the SDK members that code written for the SDK (and
// communication-react) reaches exist and hold the SDK's values, `on`/`off` of every SDK event
// name never throws, and bad calls of them are BreakoutRoomsErrors after which the API still
// works (SPEC 7). The gaps of /work/notes/dts-missing-members.md, closed in the JS and the d.ts.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// `callClient.dispose()` (the SDK: "disposes of the associated device manager and call agent").
test('callClient.dispose() disposes its agents and forgets its device manager', async () => {
  const meetingLink = newMeeting();
  const callClient = new CallClient();
  const token = createDevToken({ userId: 'leaver', displayName: 'Leaver' });
  const callAgent = await callClient.createCallAgent(new AzureCommunicationTokenCredential(token));
  const deviceManager = await callClient.getDeviceManager();
  const stayer = await join(meetingLink, 'stayer', 'organizer');
  const call = callAgent.join({ meetingLink });
  await settle();
  eq(call.state, 'Connected', 'the call before dispose');
  eq(ids(stayer.call.remoteParticipants), ['leaver'], 'the other participant sees them');
  const states = [];
  callAgent.on('connectionStateChanged', (e) => states.push(e.newValue));

  const disposed = callClient.dispose();
  ok(disposed instanceof Promise, 'dispose() returns a Promise');
  eq(await disposed, undefined, 'dispose() resolves with nothing');
  eq(callAgent.connectionState, 'Disconnected', 'its agent is disposed');
  eq(states, ['Disconnected'], "the agent's 'connectionStateChanged'");
  eq(call.state, 'Disconnected', "the agent's call hung up");
  eq(callAgent.calls.length, 0, 'the agent has no calls');
  await settle();
  eq(ids(stayer.call.remoteParticipants), [], 'the other participant saw them leave');
  ok((await callClient.getDeviceManager()) !== deviceManager, 'a new device manager after dispose');
  eq(await callClient.dispose(), undefined, 'a second dispose() resolves too');
});

// Features.X as the SDK shapes its factories: `new factory.callApiCtor({ call, callAgent })` is
// how the SDK builds a feature; here it is the very object `call.feature(factory)` gives.
test('every call feature factory constructs the SDK way', async () => {
  const [org] = await meeting('org');
  const { call, agent: callAgent } = org;
  const names = Object.keys(Features).filter((name) => typeof Features[name].callApiCtor === 'function');
  const expected = [
    'BreakoutRooms', 'BreakoutRoomsManagement', 'RaiseHand', 'Capabilities', 'DominantSpeakers',
    'OptimalVideoCount', 'Recording', 'LocalRecording', 'Transcription', 'Captions', 'Transfer',
    'Spotlight', 'Reaction', 'PPTLive', 'MediaAccess', 'TogetherMode', 'UserFacingDiagnostics',
    'RealTimeText', 'CallSurvey', 'MediaStats', 'DataChannel', 'TeamsMeetingAudioConferencing',
  ];
  eq([...names].sort(), [...expected].sort(), 'the call feature factories');
  await eachCase(names, (name) => {
    const factory = Features[name];
    eq(factory.name, name, `Features.${name}.name`);
    const made = new factory.callApiCtor({ call, callAgent });
    ok(made === call.feature(factory), `new Features.${name}.callApiCtor({ call, callAgent }) is call.feature(Features.${name})`);
    eq(made.name, name, `the ${name} feature's name`);
    ok(new factory.callApiCtor({ call }) === made, `Features.${name}: callAgent may be left out`);
  });

  // The same errors as call.feature: a group call has no breakout rooms (400/46250).
  const groupAgent = await agentFor('grouper');
  const groupCall = groupAgent.join({ groupId: `group-${Math.random()}` });
  await settle();
  expectThrows(() => groupCall.feature(Features.BreakoutRooms), 400, 46250, 'call.feature on a group call');
  expectThrows(() => new Features.BreakoutRooms.callApiCtor({ call: groupCall, callAgent: groupAgent }), 400, 46250,
               'callApiCtor on a group call');
  ok(new Features.RaiseHand.callApiCtor({ call: groupCall }) === groupCall.feature(Features.RaiseHand),
     "a group call's RaiseHand");
});

// `Features.DebugInfo` is a call-client feature: `callClientApiCtor`, and the feature's name.
test('Features.DebugInfo is a call client feature factory', async () => {
  const callClient = new CallClient();
  const factory = Features.DebugInfo;
  eq(factory.name, 'DebugInfo', 'Features.DebugInfo.name');
  eq(typeof factory.callClientApiCtor, 'function', 'Features.DebugInfo.callClientApiCtor');
  ok(!('callApiCtor' in factory), 'DebugInfo is not a call feature');
  const debugInfo = callClient.feature(factory);
  ok(new factory.callClientApiCtor({ callClient }) === debugInfo, 'new callClientApiCtor({ callClient }) is callClient.feature(Features.DebugInfo)');
  eq(debugInfo.name, 'DebugInfo', "the feature's name");
  eq(debugInfo.isCallClientActiveInAnotherTab, false, 'isCallClientActiveInAnotherTab');
  const info = await debugInfo.getEnvironmentInfo();
  eq(info.isSupportedEnvironment, true, 'getEnvironmentInfo()');
});

// ACS Rooms calls are scheduled meetings: `{ roomId }` is a meeting with breakout rooms.
test('callAgent.join({ roomId }) joins a meeting', async () => {
  const roomId = `99${Math.floor(Math.random() * 1e12)}`;
  const org = await agentFor('org', 'organizer');
  const att = await agentFor('att');
  const orgCall = org.join({ roomId });
  const attCall = att.join({ roomId });
  const other = (await agentFor('elsewhere')).join({ meetingLink: roomId });
  await settle();
  eq([orgCall.state, attCall.state], ['Connected', 'Connected'], 'both in the room call');
  eq(ids(orgCall.remoteParticipants), ['att'], 'the same meeting for the same roomId');
  eq(ids(other.remoteParticipants), [], 'a meetingLink with the same text is another meeting');
  eq(orgCall.info.groupId, undefined, 'not a group call');

  // A meeting: breakout rooms work.
  const events = [];
  attCall.feature(Features.BreakoutRooms).on('breakoutRoomsUpdated', (e) => events.push(e));
  const mgmt = orgCall.feature(Features.BreakoutRoomsManagement);
  const [red] = await mgmt.createRooms(['Red']);
  await mgmt.assignParticipants(red.threadId, [{ communicationUserId: 'att' }]);
  await mgmt.openRooms();
  await settle();
  const joined = events.find((e) => e.type === 'join');
  ok(joined, `the attendee was moved into the room: ${JSON.stringify(events.map((e) => e.type))}`);
  eq(joined.data.state, 'Connected', 'the breakout call');
});

test('capabilities include blurBackground', async () => {
  const [org, a] = await meeting('org', 'a');
  for (const who of [org, a]) {
    const { capabilities } = who.call.feature(Features.Capabilities);
    eq(capabilities.blurBackground, { isPresent: false, reason: 'FeatureNotSupported' }, `${who.userId}: blurBackground`);
  }
});

test("OptimalVideoCount's lastOvcChangeReason is the SDK's 'unknown'", async () => {
  const [org] = await meeting('org');
  const ovc = org.call.feature(Features.OptimalVideoCount);
  eq(ovc.lastOvcChangeReason, 'unknown', 'lastOvcChangeReason');
  eq(ovc.optimalVideoCount, 0, 'optimalVideoCount');
});

test('PPTLive.target is an HTMLElement', async () => {
  const [org] = await meeting('org');
  const ppt = org.call.feature(Features.PPTLive);
  const { target } = ppt;
  ok(target instanceof HTMLElement, `target: ${String(target)}`);
  ok(ppt.target === target, 'the same element every read');
  ok(!target.isConnected && target.childNodes.length === 0, 'empty, and in no document');
  eq(ppt.isActive, false, 'isActive');
  eq(ppt.activePresenterId, undefined, 'activePresenterId');
});

test('UserFacingDiagnostics has nothing to report', async () => {
  const [org] = await meeting('org');
  const { network, media, remote } = org.call.feature(Features.UserFacingDiagnostics);
  eq(network.getLatest(), {}, 'network.getLatest()');
  eq(media.getLatest(), {}, 'media.getLatest()');
  eq(remote.getLatest(), { diagnostics: [] }, 'remote.getLatest()');
  eq(remote.isSendingDiagnosticsEnabled, false, 'remote.isSendingDiagnosticsEnabled');
  eq(remote.startSendingDiagnostics(), undefined, 'remote.startSendingDiagnostics()');
  eq(remote.isSendingDiagnosticsEnabled, false, 'no diagnostics of ours to send after start');
  eq(remote.stopSendingDiagnostics(), undefined, 'remote.stopSendingDiagnostics()');
  eq(remote.isSendingDiagnosticsEnabled, false, 'after stop');
});

test("'videoSourceChanged' and 'audioSourceChanged' listeners receive { source: stream }", async () => {
  const camera = (id) => ({ id, name: id, deviceType: 'UsbCamera', cameraFacing: 'Unknown' });
  const microphone = (id) => ({ id, name: id, deviceType: 'Microphone', isSystemDefault: false });
  for (const [Stream, device, event] of [
    [api.LocalVideoStream, camera, 'videoSourceChanged'],
    [api.LocalAudioStream, microphone, 'audioSourceChanged'],
  ]) {
    const stream = new Stream(device('first'));
    const got = [];
    const listener = (args) => got.push(args);
    stream.on(event, listener);
    const next = device('second');
    await stream.switchSource(next);
    eq(got.length, 1, `one '${event}'`);
    ok(got[0] && got[0].source === stream, `'${event}' gives { source: the stream }`);
    ok(stream.source === next, `${event}: the stream's source is the new device`);
    stream.off(event, listener);
    await stream.switchSource(device('third'));
    eq(got.length, 1, `no '${event}' after off`);
  }
});

// communication-react passes `audioOptions.muted` from its own mute state.
test('join with audioOptions.muted starts the call muted', async () => {
  const meetingLink = newMeeting();
  const agent = await agentFor('quiet');
  const call = agent.join({ meetingLink }, { audioOptions: { muted: true } });
  const changes = [];
  call.on('isMutedChanged', () => changes.push(call.isMuted));
  eq(call.isMuted, true, 'muted from the start');
  await settle();
  eq([call.state, call.isMuted], ['Connected', true], 'still muted once connected');
  eq(changes, [], "no 'isMutedChanged' for the initial state");
  await call.unmute();
  eq([call.isMuted, changes], [false, [false]], 'unmute() raises it');

  const loud = (await agentFor('loud')).join({ meetingLink }, { audioOptions: { muted: false } });
  eq(loud.isMuted, false, 'muted: false');
  const plain = (await agentFor('plain')).join({ meetingLink }, { audioOptions: {} });
  eq(plain.isMuted, false, 'no muted');
});

// SPEC 12: never a throw on on()/off() of an SDK event name (SDK 1.46.1's names, by object).
test('on/off of every SDK event name never throws', async () => {
  const [org, a] = await meeting('org', 'a');
  const { call, agent } = org;
  const callClient = new CallClient();
  const deviceManager = await callClient.getDeviceManager();
  const [remote] = call.remoteParticipants;
  ok(remote, 'a remote participant');
  const feature = (name) => call.feature(Features[name]);
  const diagnostics = feature('UserFacingDiagnostics');
  const camera = { id: 'c', name: 'c', deviceType: 'UsbCamera', cameraFacing: 'Unknown' };
  const microphone = { id: 'm', name: 'm', deviceType: 'Microphone', isSystemDefault: false };
  const table = [
    ['CallAgent', agent, ['callsUpdated', 'incomingCall', 'handleIncomingCall', 'connectionStateChanged']],
    ['Call', call, [
      'stateChanged', 'idChanged', 'isMutedChanged', 'isIncomingAudioMutedChanged', 'isScreenSharingOnChanged',
      'isLocalVideoStartedChanged', 'remoteParticipantsUpdated', 'localVideoStreamsUpdated',
      'localAudioStreamsUpdated', 'remoteAudioStreamsUpdated', 'roleChanged', 'mutedByOthers',
      'callerInfoChanged', 'transferorInfoChanged',
    ]],
    ['call.lobby', call.lobby, ['lobbyParticipantsUpdated']],
    ['RemoteParticipant', remote, [
      'stateChanged', 'isMutedChanged', 'displayNameChanged', 'isSpeakingChanged', 'videoStreamsUpdated', 'roleChanged',
    ]],
    ['DeviceManager', deviceManager, ['videoDevicesUpdated', 'audioDevicesUpdated', 'selectedMicrophoneChanged', 'selectedSpeakerChanged']],
    ['LocalVideoStream', new api.LocalVideoStream(camera), ['videoSourceChanged']],
    ['LocalAudioStream', new api.LocalAudioStream(microphone), ['audioSourceChanged']],
    ['BreakoutRooms', feature('BreakoutRooms'), ['breakoutRoomsUpdated']],
    ['Capabilities', feature('Capabilities'), ['capabilitiesChanged']],
    ['Captions', feature('Captions'), ['CaptionsKindChanged']],
    ['Captions.captions', feature('Captions').captions, ['CaptionsReceived', 'CaptionsActiveChanged', 'SpokenLanguageChanged', 'CaptionLanguageChanged']],
    ['DataChannel', feature('DataChannel'), ['dataChannelReceiverCreated']],
    ['DominantSpeakers', feature('DominantSpeakers'), ['dominantSpeakersChanged']],
    ['MediaAccess', feature('MediaAccess'), ['mediaAccessChanged', 'meetingMediaAccessChanged']],
    ['OptimalVideoCount', feature('OptimalVideoCount'), ['optimalVideoCountChanged']],
    ['PPTLive', feature('PPTLive'), ['isActiveChanged']],
    ['RaiseHand', feature('RaiseHand'), ['raisedHandEvent', 'loweredHandEvent']],
    ['Reaction', feature('Reaction'), ['reaction']],
    ['RealTimeText', feature('RealTimeText'), ['realTimeTextReceived']],
    ['Recording', feature('Recording'), ['isRecordingActiveChanged', 'recordingsUpdated']],
    ['Spotlight', feature('Spotlight'), ['spotlightChanged']],
    ['TogetherMode', feature('TogetherMode'), ['togetherModeStreamsUpdated', 'togetherModeSceneUpdated', 'togetherModeSeatingUpdated']],
    ['Transcription', feature('Transcription'), ['isTranscriptionActiveChanged']],
    ['Transfer', feature('Transfer'), ['transferAccepted']],
    ['UserFacingDiagnostics.network', diagnostics.network, ['diagnosticChanged']],
    ['UserFacingDiagnostics.media', diagnostics.media, ['diagnosticChanged']],
    ['UserFacingDiagnostics.remote', diagnostics.remote, ['diagnosticChanged']],
    ['DebugInfo', callClient.feature(Features.DebugInfo), ['isCallClientActiveInAnotherTabChanged']],
  ];
  const cases = table.flatMap(([what, target, events]) => events.map((event) => [what, target, event]));
  await eachCase(cases, ([what, target, event]) => {
    const listener = () => {};
    try {
      target.on(event, listener);
      target.off(event, listener);
      target.off(event, listener);
    } catch (e) {
      fail(`${what}: on/off('${event}') threw: ${e && e.message}`);
    }
  });
  // And the objects still work: the attendee still sees the organizer's hand.
  const hands = [];
  a.call.feature(Features.RaiseHand).on('raisedHandEvent', (e) => hands.push(e.identifier.communicationUserId));
  await feature('RaiseHand').raiseHand();
  await settle();
  eq(hands, ['org'], "the attendee saw the organizer's hand");
});

// SPEC 7: bad calls of the new members throw or reject a BreakoutRoomsError (400/46908) naming
// the argument, and the API keeps working after each.
test('bad calls of the new members are BreakoutRoomsErrors, and the API still works', async () => {
  const [org] = await meeting('org');
  const { call, agent } = org;
  const callClient = new CallClient();
  const otherClient = { createCallAgent() {}, feature() {} };
  const throwing = { get call() { throw new Error('boom'); } };
  const notOurs = {
    on() {}, off() {}, feature() {}, state: 'Connected', id: 'x', remoteParticipants: [],
  };
  const cases = [
    ['callApiCtor()', () => new Features.RaiseHand.callApiCtor(), 'context'],
    ['callApiCtor(null)', () => new Features.RaiseHand.callApiCtor(null), 'context'],
    ['callApiCtor(call)', () => new Features.RaiseHand.callApiCtor(call), 'context.call'],
    ['callApiCtor({})', () => new Features.BreakoutRooms.callApiCtor({}), 'context.call'],
    ['callApiCtor({ callAgent })', () => new Features.Capabilities.callApiCtor({ callAgent: agent }), 'context.call'],
    ['callApiCtor(an SDK-shaped call)', () => new Features.Capabilities.callApiCtor({ call: notOurs, callAgent: agent }), 'context.call'],
    ['callApiCtor({ call: agent })', () => new Features.Captions.callApiCtor({ call: agent }), 'context.call'],
    ['callApiCtor(a throwing getter)', () => new Features.PPTLive.callApiCtor(throwing), 'context.call'],
    ['callClientApiCtor()', () => new Features.DebugInfo.callClientApiCtor(), 'context'],
    ['callClientApiCtor({})', () => new Features.DebugInfo.callClientApiCtor({}), 'context.callClient'],
    ['callClientApiCtor(callClient)', () => new Features.DebugInfo.callClientApiCtor(callClient), 'context.callClient'],
    ['callClientApiCtor({ callClient: another })', () => new Features.DebugInfo.callClientApiCtor({ callClient: otherClient }), 'context.callClient'],
    ['join({ roomId: 5 })', () => agent.join({ roomId: 5 }), 'locator.roomId'],
    ["join({ roomId: '' })", () => agent.join({ roomId: '' }), 'locator.roomId'],
    ['join({ roomId, meetingLink })', () => agent.join({ roomId: 'r', meetingLink: newMeeting() }), 'locator'],
    ["join({ roomid: 'r' })", () => agent.join({ roomid: 'r' }), 'locator'],
    ["audioOptions.muted: 'yes'", () => agent.join({ meetingLink: newMeeting() }, { audioOptions: { muted: 'yes' } }), 'options.audioOptions.muted'],
    ['audioOptions.muted: 1', () => agent.join({ roomId: 'r2' }, { audioOptions: { muted: 1 } }), 'options.audioOptions.muted'],
    ['audioOptions: true', () => agent.join({ meetingLink: newMeeting() }, { audioOptions: true }), 'options.audioOptions'],
    ["remote.on('nope')", () => call.feature(Features.UserFacingDiagnostics).remote.on('nope', () => {}), 'event'],
    ["network.on('diagnosticChanged', 5)", () => call.feature(Features.UserFacingDiagnostics).network.on('diagnosticChanged', 5), 'listener'],
  ];
  await eachCase(cases, async ([what, action, field]) => {
    expectThrows(action, 400, 46908, what, `invalid ${field}`);
    alive(what);
    // A valid call that reaches the engine: the organizer's rooms.
    await call.feature(Features.BreakoutRoomsManagement).createRooms(1);
  });
  eq(agent.calls.length, 1, 'no call was made by a bad join');
  eq(call.state, 'Connected', 'the call is untouched');
  eq(call.isMuted, false, 'and not muted');

  // dispose() has no arguments to get wrong: extra ones are ignored, and the client still works.
  eq(await callClient.dispose('extra'), undefined, 'dispose(extra)');
  alive('dispose');
  const again = await callClient.createCallAgent(new AzureCommunicationTokenCredential(createDevToken({ userId: 'again' })));
  const joined = again.join({ roomId: 'after-dispose' });
  await settle();
  eq(joined.state, 'Connected', 'the disposed client makes agents that join');
  eq(await callClient.dispose(), undefined, 'dispose again');
  eq(joined.state, 'Disconnected', 'and disposes them');
});
