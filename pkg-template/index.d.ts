/// <reference lib="es2015.collection" />
/// <reference lib="dom" />
// Typings for breakout-rooms.
//
// The calling surface has the names and shapes of @azure/communication-calling 1.46.1 (the
// version @azure/communication-react 1.34 builds on), so that code typed against that SDK
// type-checks with only its import changed, and so that our classes can be passed where the
// SDK's interfaces are expected (the repository's tests/compat/types checks both).
//
// How these declarations read:
// - What the package hands out is typed as widely as the SDK types it, so that any comparison
//   the SDK allows compiles here too; the comments say which values this package really
//   produces. What it takes is typed as what it accepts.
// - This package carries no audio or video (SPEC 12): device lists are empty, no stream ever
//   exists, and a feature that needs media is there, reports itself inactive, and rejects what
//   it cannot do with a BreakoutRoomsError. Types that only describe media objects are declared
//   so that SDK code compiles; no such object is ever produced.
// - Deliberate differences from the SDK's typings:
//   - `BreakoutRoomsSettings.roomEndTime` is an ISO 8601 string, which is what the SDK delivers
//     at run time (the SDK's typings say TimestampInfo);
//   - where the SDK says `Call | TeamsCall`, this package always gives a `Call`;
//   - some values the SDK types as optional are always present here: a room's displayName
//     and autoMoveParticipantToBreakoutRoom, the settings' disableReturnToMainMeeting, an
//     agent's displayName;
//   - arrays that are always empty (a call's local streams) are typed `never[]`.
// - Ours, not the SDK's: the management feature (`Features.BreakoutRoomsManagement`), dev
//   tokens, `BreakoutRoomsError`, `init`, `AzureLogger`/`setLogLevel`, the credential class,
//   `CallClientOptions.transport` and `JoinCallOptions.meetingPolicy`.

// =====================================================================================
// Identifiers (the shapes of @azure/communication-common's, which this package accepts)
// =====================================================================================

export interface CommunicationUserIdentifier {
  communicationUserId: string;
}

export interface PhoneNumberIdentifier {
  rawId?: string;
  phoneNumber: string;
  assertedId?: string;
  isAnonymous?: boolean;
}

export interface MicrosoftTeamsUserIdentifier {
  rawId?: string;
  microsoftTeamsUserId: string;
  isAnonymous?: boolean;
  cloud?: 'public' | 'dod' | 'gcch';
}

/** Not accepted by this package's methods: they reject it (400/46908). */
export interface MicrosoftTeamsAppIdentifier {
  rawId?: string;
  teamsAppId: string;
  cloud?: 'public' | 'dod' | 'gcch';
}

/** Not accepted by this package's methods: they reject it (400/46908). */
export interface TeamsExtensionUserIdentifier {
  rawId?: string;
  userId: string;
  tenantId: string;
  resourceId: string;
  cloud?: 'public' | 'dod' | 'gcch';
}

export interface UnknownIdentifier {
  id: string;
}

/** Who someone is. Methods here read the first of `communicationUserId`,
 *  `microsoftTeamsUserId` (with `isAnonymous`), `phoneNumber` and `id`; extra fields such as
 *  `kind` and `rawId` are ignored, so identifiers handed out can be passed back as they are. */
export type CommunicationIdentifier =
  | CommunicationUserIdentifier
  | PhoneNumberIdentifier
  | MicrosoftTeamsUserIdentifier
  | MicrosoftTeamsAppIdentifier
  | TeamsExtensionUserIdentifier
  | UnknownIdentifier;

export interface CommunicationUserKind extends CommunicationUserIdentifier {
  kind: 'communicationUser';
}
export interface PhoneNumberKind extends PhoneNumberIdentifier {
  kind: 'phoneNumber';
}
export interface MicrosoftTeamsUserKind extends MicrosoftTeamsUserIdentifier {
  kind: 'microsoftTeamsUser';
}
export interface MicrosoftTeamsAppKind extends MicrosoftTeamsAppIdentifier {
  kind: 'microsoftTeamsApp';
}
export interface TeamsExtensionUserKind extends TeamsExtensionUserIdentifier {
  kind: 'teamsExtensionUser';
}
export interface UnknownIdentifierKind extends UnknownIdentifier {
  kind: 'unknown';
}

/** An identifier as this package hands it out: tagged with `kind`. It produces the
 *  `communicationUser`, `microsoftTeamsUser` (with `rawId` and `cloud: 'public'`),
 *  `phoneNumber` and `unknown` kinds. */
export type CommunicationIdentifierKind =
  | CommunicationUserKind
  | PhoneNumberKind
  | MicrosoftTeamsUserKind
  | MicrosoftTeamsAppKind
  | TeamsExtensionUserKind
  | UnknownIdentifierKind;

// =====================================================================================
// Credentials and dev tokens
// =====================================================================================

export interface AccessToken {
  token: string;
  /** ms since the epoch. */
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
}

export interface CommunicationGetTokenOptions {
  abortSignal?: { readonly aborted: boolean };
}

/** Anything with this shape is accepted, including @azure/communication-common's
 *  AzureCommunicationTokenCredential. `createCallAgent` calls `getToken()` once. */
export interface CommunicationTokenCredential {
  getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken>;
  dispose(): void;
}

/** A credential over a fixed token string (no refreshing). */
export declare class AzureCommunicationTokenCredential implements CommunicationTokenCredential {
  /** Throws a BreakoutRoomsError (400/46908) unless given a string or `{ token: string }`. */
  constructor(token: string | { token: string });
  /** Resolves with the token and the expiry read from it (0 when it has none). */
  getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken>;
  /** Nothing to release. */
  dispose(): void;
}

/** A participant's role in a meeting; the first three are breakout-room managers. */
export type Role = 'organizer' | 'coOrganizer' | 'breakoutRoomManager' | 'attendee';

export interface DevTokenOptions {
  /** Becomes the participant's `communicationUserId`. Non-empty. */
  userId: string;
  /** Used when `createCallAgent` is given no `displayName`. */
  displayName?: string;
  /** Defaults to `'attendee'`. */
  role?: Role;
  /** A whole number above 0; defaults to one day. */
  expiresInSeconds?: number;
}

/** An unsigned, JWT-shaped token naming a user, a display name and a role, for meetings on
 *  this package's own hosts: no cloud checks it. Throws a BreakoutRoomsError (400/46908) for
 *  bad options. An expired token makes `createCallAgent` reject (401/46914), and an agent
 *  whose token expires is disconnected with reason `'invalidToken'`. */
export declare function createDevToken(options: DevTokenOptions): string;

// =====================================================================================
// Logging, loading, errors
// =====================================================================================

export type AzureLogLevel = 'verbose' | 'info' | 'warning' | 'error';

/** Logs at `level` and above; the default is `'warning'`. Throws a BreakoutRoomsError for
 *  anything else. */
export declare function setLogLevel(level: AzureLogLevel): void;

/** Where log lines go (`console.log` by default); assign `AzureLogger.log` to redirect them. */
export declare const AzureLogger: { log: (...args: unknown[]) => void };

/** What the WebAssembly engine can be loaded from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly engine. Optional: the package loads it itself on first need (at the
 *  latest in `createCallAgent`), and importing the package loads nothing. The first call
 *  decides where the engine comes from; later calls return the same promise. */
export declare function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<unknown>;

/** The SDK's error shape. */
export interface CommunicationServicesError {
  readonly name: string;
  readonly message: string;
  readonly code: number;
  readonly subCode: number;
}

/**
 * Every error this package throws or rejects with.
 *
 * `subCode` 46250-46260 are the SDK's breakout-room codes (e.g. 412/46256 joining a closed
 * room, 412/46260 joining with no room assigned). 46900-46949 are this package's:
 * 403/46900 not a manager, 403/46901 not the organizer, 404/46902 unknown room,
 * 404/46903 unknown participant, 400/46904 invalid room name, 413/46905 over a limit,
 * 409/46906 stale `expectedRevision`, 403/46907 returning to the main meeting is disabled,
 * 400/46908 invalid argument or unavailable without media, 412/46909 not connected,
 * 409/46910 already joined, 409/46911 no rooms, 400/46912 invalid role change,
 * 400/46913 protocol error, 401/46914 invalid or expired token, 409/46915 (a `callEndReason`)
 * the same identity joined again from another call, which took this one's place.
 */
export declare class BreakoutRoomsError extends Error implements CommunicationServicesError {
  constructor(code: number, subCode: number, message: string);
  readonly name: 'BreakoutRoomsError';
  /** HTTP-like, as the SDK's: 400, 401, 403, 404, 405, 409, 412, 413 or 500. */
  readonly code: number;
  readonly subCode: number;
}

// =====================================================================================
// Events and small shared types
// =====================================================================================

export type PropertyChangedEvent = () => void;

export type PropertyChangedEventWithArgs<TValue, TReason = void> = (args: {
  newValue?: TValue;
  oldValue?: TValue;
  reason?: TReason;
}) => void;

export type CollectionUpdatedEvent<T> = (args: { added: T[]; removed: T[] }) => void;

export interface Disposable {
  dispose(): void;
}

export declare enum CallKind {
  Call = 'Call',
  TeamsCall = 'TeamsCall',
}

export declare enum CallAgentKind {
  CallAgent = 'CallAgent',
  TeamsCallAgent = 'TeamsCallAgent',
}

export declare enum IncomingCallKind {
  IncomingCall = 'IncomingCall',
  TeamsIncomingCall = 'TeamsIncomingCall',
}

export declare enum DevicePermissionAccess {
  Granted = 'granted',
  Denied = 'denied',
  Prompt = 'prompt',
}

export declare enum DiagnosticQuality {
  Good = 1,
  Poor = 2,
  Bad = 3,
}

// =====================================================================================
// CallClient, CallAgent and their options
// =====================================================================================

export interface DiagnosticOptions {
  appName?: string;
  appVersion?: string;
  tags?: string[];
}

/** Where a meeting's host runs (SPEC 9). */
export type Transport =
  /** The default: every CallAgent in the page that joins the same locator is in the same
   *  meeting, hosted in the page. */
  | 'inPage'
  /** Every tab of this browser profile and origin that joins the same locator is in the same
   *  meeting: one tab hosts (elected with Web Locks), the others reach it over a
   *  BroadcastChannel; when the host tab closes, another takes over and no call ends. */
  | 'broadcastChannel'
  /** A meeting server (`breakout-rooms-server`): anyone who can reach it, each joining with a
   *  token the server signed. */
  | `ws://${string}`
  | `wss://${string}`;

export interface CallClientOptions {
  /** Which meeting host to reach; `'inPage'` by default. Anything else throws a
   *  BreakoutRoomsError (400/46908) naming the value. */
  transport?: Transport;
  /** Accepted and unused: this package logs through `setLogLevel` and `AzureLogger`. */
  logger?: unknown;
  /** Accepted and unused. */
  diagnostics?: DiagnosticOptions;
  /** Accepted and unused: there is no media to relay. */
  networkConfiguration?: unknown;
}

export interface EmergencyCallOptions {
  countryCode?: string;
}

export interface CallAgentOptions {
  /** The name others see; defaults to the token's display name, then its user id. */
  displayName?: string;
  /** Accepted and unused. */
  emergencyCallOptions?: EmergencyCallOptions;
}

/** The SDK's options for Teams identities; `createTeamsCallAgent` is not available here. */
export interface TeamsCallAgentOptions {}

/** Features of the call client (`callClient.feature(Features.DebugInfo)`). */
export interface CallClientFeature extends BaseFeature {}

/** What `Features.DebugInfo` is: a key for `callClient.feature()` that fixes its type. */
export interface CallClientFeatureFactory<TFeature extends CallClientFeature> extends FeatureFactory {
  /** The SDK's way in: `new factory.callClientApiCtor({ callClient })` is
   *  `callClient.feature(factory)`, the same object. Throws a BreakoutRoomsError (400/46908)
   *  when `context.callClient` is not a CallClient of this package. */
  readonly callClientApiCtor: new (context: { callClient: object }) => TFeature;
}

export declare class CallClient {
  /** `new CallClient()` uses the in-page host. Also accepts the SDK's options (unused). In a
   *  browser it starts loading the engine at once. */
  constructor(options?: CallClientOptions);
  /** `Features.DebugInfo`; throws a BreakoutRoomsError (400/46908) for any other factory. */
  feature<TFeature extends CallClientFeature>(factory: CallClientFeatureFactory<TFeature>): TFeature;
  /** Reads the credential's token (a dev token) and loads the engine, then resolves with an
   *  agent for that user. Rejects with a BreakoutRoomsError: 400/46908 for bad arguments,
   *  401/46914 for a malformed or expired token. */
  createCallAgent(tokenCredential: CommunicationTokenCredential, options?: CallAgentOptions): Promise<CallAgent>;
  /** Always rejects (400/46908): Teams identities sign in with Microsoft's cloud. */
  createTeamsCallAgent(tokenCredential: CommunicationTokenCredential, options?: TeamsCallAgentOptions): Promise<TeamsCallAgent>;
  /** The same device manager every time (until `dispose()`); it lists no devices. */
  getDeviceManager(): Promise<DeviceManager>;
  /** Disposes every agent this client made (hanging up their calls) and its features, and
   *  forgets its device manager (its listeners are dropped; `getDeviceManager()` then makes a
   *  new one). Resolves once the agents are disposed. The client stays usable. */
  dispose(): Promise<void>;
}

export interface GroupCallLocator {
  groupId: string;
}
export type GroupLocator = GroupCallLocator;

export interface TeamsMeetingLinkLocator {
  meetingLink: string;
}

export interface TeamsMeetingIdLocator {
  meetingId: string;
  /** Accepted and unused: the meeting id alone names the meeting. */
  passcode?: string;
}

/** The SDK's locator for ACS Rooms calls. An ACS Rooms call is a scheduled meeting: here
 *  `join({ roomId })` is a meeting like `{ meetingLink }`, with breakout rooms. */
export interface RoomCallLocator {
  roomId: string;
}
export type RoomLocator = RoomCallLocator;

/** Ours: how a meeting is set up by its first joiner. */
export interface MeetingPolicy {
  /** Defaults to true. When false, the meeting has no breakout rooms:
   *  `call.feature(Features.BreakoutRooms)` and the management feature throw 405/46251. */
  breakoutRoomsEnabled?: boolean;
}

export interface AudioOptions {
  /** `true`: the call starts muted (`isMuted` is true from the start, with no
   *  'isMutedChanged' for it). Anything but a boolean throws a BreakoutRoomsError (400/46908). */
  muted?: boolean;
  /** Accepted and unused. */
  localAudioStreams?: LocalAudioStream[];
}

export interface VideoOptions {
  /** Accepted and unused: no video is sent. */
  localVideoStreams?: LocalVideoStream[];
  constraints?: VideoConstraints;
}

export interface JoinCallOptions {
  audioOptions?: AudioOptions;
  videoOptions?: VideoOptions;
  /** Ours: applies when this join creates the meeting in this page. */
  meetingPolicy?: MeetingPolicy;
}

export type xHeader = {
  key: string;
  value: string;
};

export interface CustomContextOptions {
  userToUser?: string;
  xHeaders?: xHeader[];
}

export interface CustomContext extends CustomContextOptions {
  sipHeaders?: xHeader[];
  voipHeaders?: xHeader[];
}

export interface StartCallOptions extends JoinCallOptions {
  alternateCallerId?: PhoneNumberIdentifier;
  customContext?: CustomContext;
}

export type ConnectionState = 'Connected' | 'Disconnected';

export type ConnectionStateChangedReason = 'invalidToken' | 'connectionIssue';

/** Ours: what `'connectionStateChanged'` listeners receive. */
export interface ConnectionStateChangedArgs {
  newValue: ConnectionState;
  oldValue: ConnectionState;
  /** `'invalidToken'` when the token expired. */
  reason?: ConnectionStateChangedReason;
}

/** A `'connectionStateChanged'` listener (the SDK's name for the listener type). */
export type ConnectionStateChangedEvent = (args: ConnectionStateChangedArgs) => void;

export type CallEndedEvent = (args: { callEndReason: CallEndReason }) => void;

export type IncomingCallEvent = (args: { incomingCall: IncomingCall }) => void;

export type HandleIncomingCallEvent = (args: { callId: string; participantId: string } & CallEndReason) => void;

export interface CallAgentCommon {
  readonly kind: CallAgentKind;
  /** `'Connected'` until the agent is disposed or its token expires. */
  readonly connectionState: ConnectionState;
  /** Hangs up every call and disconnects the agent. */
  dispose(): Promise<void>;
}

/** Made by `callClient.createCallAgent`. */
export declare class CallAgent {
  private constructor();
}
export interface CallAgent extends CallAgentCommon {
  /** `CallAgentKind.CallAgent`. */
  readonly kind: CallAgentKind;
  /** Every call of this agent that is not over: main meeting calls and breakout room calls. */
  readonly calls: ReadonlyArray<Call>;
  /** The name given to `createCallAgent`, else the token's display name, else its user id. */
  readonly displayName: string;
  /** Throws a BreakoutRoomsError (400/46908): there are no outgoing calls, only meetings to
   *  join by locator. */
  startCall(participants: CommunicationIdentifier[], options?: StartCallOptions): Call;
  /** Joins the meeting the locator names; the call starts `'Connecting'`. `{ meetingLink }`,
   *  `{ meetingId }` and `{ roomId }` are meetings (with breakout rooms); `{ groupId }` is a
   *  group call, which has none (`call.feature(Features.BreakoutRooms)` throws 400/46250).
   *  Throws a BreakoutRoomsError: 400/46908 for a bad locator or options, 412/46909 once the
   *  agent is disconnected. */
  join(locator: TeamsMeetingLinkLocator | TeamsMeetingIdLocator | RoomCallLocator | GroupCallLocator, options?: JoinCallOptions): Call;
  /** `'incomingCall'` and `'handleIncomingCall'` never fire: nobody calls in here. */
  on(event: 'handleIncomingCall', listener: HandleIncomingCallEvent): void;
  on(event: 'incomingCall', listener: IncomingCallEvent): void;
  on(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'handleIncomingCall', listener: HandleIncomingCallEvent): void;
  off(event: 'incomingCall', listener: IncomingCallEvent): void;
  off(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
}

// =====================================================================================
// Calls
// =====================================================================================

export type CallState =
  | 'None'
  | 'Connecting'
  | 'Ringing'
  | 'Connected'
  | 'LocalHold'
  | 'RemoteHold'
  | 'InLobby'
  | 'Disconnecting'
  | 'Disconnected'
  | 'EarlyMedia';

export type CallDirection = 'Incoming' | 'Outgoing';

export type ParticipantRole =
  | 'Unknown'
  | 'Attendee'
  | 'Presenter'
  | 'Organizer'
  | 'Co-organizer'
  | 'Consumer'
  | 'Collaborator';

export type DtmfTone =
  | 'A' | 'B' | 'C' | 'D' | 'Flash'
  | 'Num0' | 'Num1' | 'Num2' | 'Num3' | 'Num4' | 'Num5' | 'Num6' | 'Num7' | 'Num8' | 'Num9'
  | 'Pound' | 'Star';

/** Why a call (or a participant's presence) ended: 0/0 for an ordinary end, else the code and
 *  subCode of the BreakoutRoomsError that ended it. */
export interface CallEndReason {
  readonly code: number;
  readonly subCode?: number;
}

export interface CallerInfo {
  readonly identifier: CommunicationIdentifierKind | undefined;
  readonly displayName?: string;
}

export interface HangUpOptions {
  /** Accepted; hanging up never ends the meeting for the others. */
  forEveryone: boolean;
}

export interface MediaConstraintRange {
  max?: number;
}

export type VideoSendConstraints = {
  frameHeight?: MediaConstraintRange;
  frameRate?: MediaConstraintRange;
  bitrate?: MediaConstraintRange;
};

export interface VideoConstraints {
  send?: VideoSendConstraints;
}

export interface CallConstraints {
  video?: VideoConstraints;
}

export interface AddPhoneNumberOptions {
  alternateCallerId?: PhoneNumberIdentifier;
}

export interface CallInfoCommon {
  /** The locator's meeting key for the main call; the room's threadId for a breakout call. */
  getServerCallId(): Promise<string>;
  /** The room's threadId for a breakout call; undefined for the main call. */
  readonly threadId: string | undefined;
  /** This participant's raw id. */
  readonly participantId: string;
  /** Never fires: a call's info does not change. */
  onCallInfoChanged(event: 'callInfoChanged', listener: PropertyChangedEvent): void;
  offCallInfoChanged(event: 'callInfoChanged', listener: PropertyChangedEvent): void;
}

export interface CallInfo extends CallInfoCommon {
  /** The group id of a group call (`join({ groupId })`); undefined for meetings. */
  readonly groupId: string | undefined;
}

export interface TeamsCallInfo extends CallInfoCommon {}

export interface AdmitAllOperationResult {
  readonly successCount: number;
  readonly failureCount: number;
}

export interface AdmitLobbyParticipantOptions {}
export interface RejectLobbyParticipantOptions {}

/** Meetings here have no lobby: it is always empty. */
export interface Lobby {
  readonly participants: ReadonlyArray<RemoteParticipant>;
  on(event: 'lobbyParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  off(event: 'lobbyParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  /** Rejects (400/46908). */
  admit(participant: CommunicationIdentifier, options?: AdmitLobbyParticipantOptions): Promise<void>;
  /** Rejects (400/46908). */
  reject(participant: CommunicationIdentifier, options?: RejectLobbyParticipantOptions): Promise<void>;
  /** Resolves with 0 admitted, 0 failed. */
  admitAll(options?: AdmitLobbyParticipantOptions): Promise<AdmitAllOperationResult>;
}

/** What every call of this package is (see `Call`). Media-less: no streams, `mute()` changes
 *  `isMuted` and raises `'isMutedChanged'`, and what needs media rejects (400/46908). Methods
 *  that change a call reject with 412/46909 once it is `'Disconnected'`. */
export interface CallCommon extends Disposable {
  /** `CallKind.Call`. */
  readonly kind: CallKind;
  readonly id: string;
  /** `{ identifier: undefined }`: nobody called; everyone joined. */
  readonly callerInfo: CallerInfo;
  /** Always undefined. */
  readonly transferorInfo?: CallerInfo;
  /** `'Connecting'`, `'Connected'`, `'LocalHold'`, `'Disconnecting'`, `'Disconnected'`. */
  readonly state: CallState;
  /** Set once the call is `'Disconnected'`. */
  readonly callEndReason?: CallEndReason;
  /** `'Outgoing'`. */
  readonly direction: CallDirection;
  readonly isMuted: boolean;
  readonly isIncomingAudioMuted: boolean;
  /** false. */
  readonly isScreenSharingOn: boolean;
  /** false. */
  readonly isLocalVideoStarted: boolean;
  /** Always empty, hence `never`: no stream is ever sent. (The SDK's element types are its
   *  stream classes, which no other class can stand in for; an empty array can.) */
  readonly localVideoStreams: ReadonlyArray<never>;
  /** Always empty, hence `never`, as `localVideoStreams`. */
  readonly localAudioStreams: ReadonlyArray<never>;
  /** Empty. */
  readonly remoteAudioStreams: ReadonlyArray<RemoteAudioStream>;
  /** Everyone else in the same place: the main meeting, or the same breakout room. Ours: a
   *  place with more people than the meeting's cap (`maxVisibleParticipants`, 250 unless
   *  the server says otherwise) lists only the first that many, managers first and then
   *  by arrival, as Teams and ACS show a bounded roster in large meetings; when a listed
   *  participant leaves, the next one is listed. `totalParticipantCount` counts everyone. */
  readonly remoteParticipants: ReadonlyArray<RemoteParticipant>;
  /** This participant's role: 'Organizer', 'Co-organizer', 'Presenter' (a breakout room
   *  manager) or 'Attendee'. */
  readonly role: ParticipantRole;
  readonly lobby: Lobby;
  /** Ours (later SDKs have it): everyone in this call's place, this participant included,
   *  also past the listed `remoteParticipants` of a big place (whose count is refreshed
   *  about once a second while it changes, raising 'totalParticipantCountChanged'); 0 once
   *  over. */
  readonly totalParticipantCount: number;
  /** Ours (later SDKs have it): false. */
  readonly isOutgoingAudioMediaAccessDisabled: boolean;
  /** One object per feature and call. Throws a BreakoutRoomsError: 400/46908 for a factory
   *  that is not one of `Features`' call features; for the two breakout-room features,
   *  400/46250 in a group call and 405/46251 where the meeting's policy disables them. */
  feature<TFeature extends CallFeature>(factory: CallFeatureFactory<TFeature>): TFeature;
  /** Of the main call: leaves the meeting. Of a breakout call: leaves the room (if the
   *  settings allow it, else 403/46907), and the main call stays on hold until `resume()`. */
  hangUp(options?: HangUpOptions): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  /** Resolves: nobody here has a microphone to mute. */
  muteAllRemoteParticipants(): Promise<void>;
  muteIncomingAudio(): Promise<void>;
  unmuteIncomingAudio(): Promise<void>;
  /** Rejects (400/46908). */
  sendDtmf(dtmfTone: DtmfTone): Promise<void>;
  /** Rejects (400/46908). */
  startVideo(localVideoStream: LocalVideoStream): Promise<void>;
  /** Rejects (400/46908). */
  stopVideo(localVideoStream: LocalVideoStream): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  /** Rejects (400/46908). */
  startScreenSharing(localVideoStream?: LocalVideoStream): Promise<void>;
  /** Resolves: nothing is shared. */
  stopScreenSharing(): Promise<void>;
  /** Rejects (400/46908). */
  startAudio(localAudioStream: LocalAudioStream): Promise<void>;
  stopAudio(): void;
  /** Resolves: there is no video to constrain. */
  setConstraints(constraints: CallConstraints): Promise<void>;
  // Events about media never fire; 'stateChanged', 'isMutedChanged',
  // 'isIncomingAudioMutedChanged', 'remoteParticipantsUpdated', 'totalParticipantCountChanged'
  // and 'roleChanged' do. The local streams' events are typed with `never`, as the streams are.
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'idChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'isIncomingAudioMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  on(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  on(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  on(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<never>): void;
  on(event: 'localAudioStreamsUpdated', listener: CollectionUpdatedEvent<never>): void;
  on(event: 'remoteAudioStreamsUpdated', listener: CollectionUpdatedEvent<RemoteAudioStream>): void;
  on(event: 'roleChanged', listener: PropertyChangedEvent): void;
  on(event: 'mutedByOthers', listener: PropertyChangedEvent): void;
  on(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  on(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
  on(event: 'totalParticipantCountChanged', listener: PropertyChangedEvent): void;
  on(event: 'isOutgoingAudioMediaAccessDisabledChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'idChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'isIncomingAudioMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  off(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  off(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<never>): void;
  off(event: 'localAudioStreamsUpdated', listener: CollectionUpdatedEvent<never>): void;
  off(event: 'remoteAudioStreamsUpdated', listener: CollectionUpdatedEvent<RemoteAudioStream>): void;
  off(event: 'roleChanged', listener: PropertyChangedEvent): void;
  off(event: 'mutedByOthers', listener: PropertyChangedEvent): void;
  off(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'totalParticipantCountChanged', listener: PropertyChangedEvent): void;
  off(event: 'isOutgoingAudioMediaAccessDisabledChanged', listener: PropertyChangedEvent): void;
}

/** A main meeting call (from `callAgent.join`) or a breakout room call (from a `'join'`
 *  event or `room.join()`). */
export declare class Call {
  private constructor();
}
export interface Call extends CallCommon {
  readonly info: CallInfo;
  /** Throws a BreakoutRoomsError (400/46908): people join a meeting with its locator. */
  addParticipant(identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier): RemoteParticipant;
  addParticipant(identifier: PhoneNumberIdentifier, options?: AddPhoneNumberOptions): RemoteParticipant;
  /** Rejects (400/46908). */
  removeParticipant(identifier: CommunicationIdentifier): Promise<void>;
}

export interface AddTeamsParticipantOptions {
  threadId?: string;
}

/** The SDK's call for Teams identities. This package never creates one. */
export interface TeamsCall extends CallCommon {
  readonly info: TeamsCallInfo;
  readonly isEmergencyCall?: boolean | undefined;
  addParticipant(
    participant: MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | MicrosoftTeamsAppIdentifier | TeamsExtensionUserIdentifier | UnknownIdentifier,
    options?: AddTeamsParticipantOptions,
  ): RemoteParticipant;
  removeParticipant(participant: MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | TeamsExtensionUserIdentifier | UnknownIdentifier): Promise<void>;
}

export interface StartTeamsCallOptions extends JoinCallOptions {
  customContext?: CustomContext;
}

export interface StartTeamsGroupCallOptions extends StartTeamsCallOptions {
  threadId?: string;
}

/** The SDK's agent for Teams identities. This package never creates one. */
export interface TeamsCallAgent extends CallAgentCommon {
  readonly calls: ReadonlyArray<TeamsCall>;
  startCall(participant: MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | MicrosoftTeamsAppIdentifier | UnknownIdentifier, options?: StartTeamsCallOptions): TeamsCall;
  startCall(participants: (MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | MicrosoftTeamsAppIdentifier | UnknownIdentifier)[], options?: StartTeamsGroupCallOptions): TeamsCall;
  join(meetingLocator: TeamsMeetingLinkLocator | TeamsMeetingIdLocator, options?: JoinCallOptions): TeamsCall;
  on(event: 'incomingCall', listener: TeamsIncomingCallEvent): void;
  on(event: 'callsUpdated', listener: CollectionUpdatedEvent<TeamsCall>): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'incomingCall', listener: TeamsIncomingCallEvent): void;
  off(event: 'callsUpdated', listener: CollectionUpdatedEvent<TeamsCall>): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
}

export interface AcceptCallOptions {
  videoOptions?: VideoOptions;
  audioOptions?: AudioOptions;
}

/** The SDK's incoming calls. This package never creates one: nobody calls in. */
export interface IncomingCallCommon {
  readonly kind: IncomingCallKind;
  readonly id: string;
  readonly callerInfo: CallerInfo;
  readonly transferorInfo?: CallerInfo;
  readonly callEndReason?: CallEndReason;
  readonly customContext?: CustomContext;
  reject(): Promise<void>;
  on(event: 'callEnded', listener: CallEndedEvent): void;
  off(event: 'callEnded', listener: CallEndedEvent): void;
  on(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  on(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
}

export interface IncomingCall extends IncomingCallCommon {
  readonly info: CallInfo;
  accept(options?: AcceptCallOptions): Promise<Call>;
}

export interface TeamsIncomingCall extends IncomingCallCommon {
  readonly info: TeamsCallInfo;
  accept(options?: AcceptCallOptions): Promise<TeamsCall>;
}

export type TeamsIncomingCallEvent = (args: { incomingCall: TeamsIncomingCall }) => void;

// =====================================================================================
// Remote participants
// =====================================================================================

export type RemoteParticipantState =
  | 'Idle'
  | 'Connecting'
  | 'Ringing'
  | 'Connected'
  | 'Hold'
  | 'InLobby'
  | 'EarlyMedia'
  | 'Disconnected';

export type DisplayNameChangedReason = 'editedDisplayName';

export interface EndpointDetails {
  participantId: string;
}

export interface ParticipantInfo {
  /** Tagged with `kind`; pass it to the management methods as it is. */
  readonly identifier: CommunicationIdentifierKind;
  readonly displayName?: string;
  readonly hasDisplayNameChanged?: boolean;
  /** Empty. */
  readonly endpointDetails: EndpointDetails[];
}

/** Someone else in the same call. Media-less: no video, never muted, never speaking. */
export declare class RemoteParticipant {
  private constructor();
}
export interface RemoteParticipant extends ParticipantInfo {
  /** `'Connected'` while in the call, `'Disconnected'` once gone (then `callEndReason` 0/0). */
  readonly state: RemoteParticipantState;
  readonly callEndReason?: CallEndReason;
  /** Empty. */
  readonly videoStreams: ReadonlyArray<RemoteVideoStream>;
  /** false. */
  readonly isMuted: boolean;
  /** false. */
  readonly isSpeaking: boolean;
  /** `'Unknown'`: other people's roles are not shared with participants. */
  readonly role: ParticipantRole;
  /** Resolves: there is no microphone to mute. */
  mute(): Promise<void>;
  /** 'stateChanged' fires when they leave; the others never fire. */
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  on(event: 'roleChanged', listener: PropertyChangedEvent): void;
  on(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  on(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<RemoteVideoStream>): void;
  on(event: 'endpointDetailsChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  off(event: 'roleChanged', listener: PropertyChangedEvent): void;
  off(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  off(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<RemoteVideoStream>): void;
  off(event: 'endpointDetailsChanged', listener: PropertyChangedEvent): void;
}

// =====================================================================================
// Devices, streams and rendering (media-less: none of these ever carries media)
// =====================================================================================

export type AudioDeviceType = 'Microphone' | 'Speaker' | 'CompositeAudioDevice' | 'Virtual';

export interface AudioDeviceInfo {
  readonly name: string;
  readonly id: string;
  readonly isSystemDefault: boolean;
  readonly deviceType: AudioDeviceType;
}

export type VideoDeviceType = 'Unknown' | 'UsbCamera' | 'CaptureAdapter' | 'Virtual' | 'ScreenSharing';

export interface VideoDeviceInfo {
  readonly name: string;
  readonly id: string;
  readonly deviceType: VideoDeviceType;
}

export interface PermissionConstraints {
  audio: boolean;
  video: boolean;
}

export interface DeviceAccess {
  audio: boolean;
  video: boolean;
}

export interface StartPreheatDeviceParameters {
  audio?: { preheat: boolean; timeoutInSec?: number };
  video?: { preheat: boolean; timeoutInSec?: number };
}

export interface StopPreheatDeviceParameters {
  audio?: boolean;
  video?: boolean;
}

/** From `callClient.getDeviceManager()`. There are no devices: every list is empty, nothing
 *  is selected, and no event ever fires. */
export declare class DeviceManager {
  private constructor();
  /** false. */
  readonly isSpeakerSelectionAvailable: boolean;
  /** Always undefined. */
  readonly selectedMicrophone?: AudioDeviceInfo;
  /** Always undefined. */
  readonly selectedSpeaker?: AudioDeviceInfo;
  /** Resolves with []. */
  getCameras(): Promise<VideoDeviceInfo[]>;
  /** Resolves with []. */
  getMicrophones(): Promise<AudioDeviceInfo[]>;
  /** Resolves with []. */
  getSpeakers(): Promise<AudioDeviceInfo[]>;
  /** Rejects (400/46908). */
  selectMicrophone(microphoneDevice: AudioDeviceInfo): Promise<void>;
  /** Rejects (400/46908). */
  selectSpeaker(speakerDevice: AudioDeviceInfo): Promise<void>;
  /** Asks the browser nothing; resolves with `{ audio: false, video: false }`. */
  askDevicePermission(permissionConstraints: PermissionConstraints): Promise<DeviceAccess>;
  /** Resolves; nothing is opened. */
  startPreheatDevices(parameters: StartPreheatDeviceParameters): Promise<void>;
  stopPreheatDevices(parameters: StopPreheatDeviceParameters): void;
  on(event: 'videoDevicesUpdated', listener: CollectionUpdatedEvent<VideoDeviceInfo>): void;
  on(event: 'audioDevicesUpdated', listener: CollectionUpdatedEvent<AudioDeviceInfo>): void;
  on(event: 'selectedMicrophoneChanged', listener: PropertyChangedEvent): void;
  on(event: 'selectedSpeakerChanged', listener: PropertyChangedEvent): void;
  off(event: 'videoDevicesUpdated', listener: CollectionUpdatedEvent<VideoDeviceInfo>): void;
  off(event: 'audioDevicesUpdated', listener: CollectionUpdatedEvent<AudioDeviceInfo>): void;
  off(event: 'selectedMicrophoneChanged', listener: PropertyChangedEvent): void;
  off(event: 'selectedSpeakerChanged', listener: PropertyChangedEvent): void;
}

export type MediaStreamType = 'Video' | 'ScreenSharing' | 'RawMedia' | 'LiveStream' | 'Audio';

export interface StreamSize {
  width: number;
  height: number;
}

export type ScalingMode = 'Stretch' | 'Crop' | 'Fit';

export interface CreateViewOptions {
  isMirrored?: boolean;
  scalingMode?: ScalingMode;
}

export interface LocalVideoStreamOptions {
  autoDisposeOnCallEnd?: boolean;
}

export interface LocalAudioStreamOptions {
  autoDisposeOnCallEnd?: boolean;
}

export type VideoSourceChangedEvent = (args: { source: LocalVideoStream }) => void;
export type AudioSourceChangedEvent = (args: { source: LocalAudioStream }) => void;

/** A camera stream that can be made and passed around, and never carries video. */
export declare class LocalVideoStream {
  constructor(source: VideoDeviceInfo, options?: LocalVideoStreamOptions);
  /** The device it was made with (or last switched to). */
  get source(): VideoDeviceInfo;
  /** `'Video'`. */
  get mediaStreamType(): MediaStreamType;
  /** Resolves; raises 'videoSourceChanged'. */
  switchSource(source: VideoDeviceInfo): Promise<void>;
  dispose(): void;
  /** Rejects (400/46908). */
  getMediaStream(): Promise<MediaStream>;
  /** Rejects (400/46908). */
  setMediaStream(source: MediaStream): Promise<void>;
  /** Throws a BreakoutRoomsError (400/46908): video effects need video. */
  feature(factory: unknown): never;
  /** After `switchSource`; the listener receives `{ source: this stream }`. */
  on(event: 'videoSourceChanged', listener: VideoSourceChangedEvent): void;
  off(event: 'videoSourceChanged', listener: VideoSourceChangedEvent): void;
}

/** A microphone stream that can be made and passed around, and never carries audio. */
export declare class LocalAudioStream {
  constructor(source: AudioDeviceInfo, options?: LocalAudioStreamOptions);
  /** The device it was made with (or last switched to). */
  get source(): AudioDeviceInfo;
  /** `'Audio'`. */
  get mediaStreamType(): MediaStreamType;
  /** Resolves; raises 'audioSourceChanged'. */
  switchSource(source: AudioDeviceInfo): Promise<void>;
  dispose(): void;
  /** Rejects (400/46908). */
  getMediaStream(): Promise<MediaStream>;
  /** Rejects (400/46908). */
  setMediaStream(source: MediaStream): Promise<void>;
  /** Rejects (400/46908). */
  getVolume(): Promise<Volume>;
  /** Throws a BreakoutRoomsError (400/46908): audio effects need audio. */
  feature(factory: unknown): never;
  /** After `switchSource`; the listener receives `{ source: this stream }`. */
  on(event: 'audioSourceChanged', listener: AudioSourceChangedEvent): void;
  off(event: 'audioSourceChanged', listener: AudioSourceChangedEvent): void;
}

export interface Volume {
  readonly level: number;
  on(event: 'levelChanged', listener: PropertyChangedEvent): void;
  off(event: 'levelChanged', listener: PropertyChangedEvent): void;
}

export interface RemoteVideoStreamCommon {
  readonly id: number;
  readonly mediaStreamType: MediaStreamType;
  readonly isReceiving: boolean;
  readonly size: StreamSize;
}

/** The SDK's remote video. This package never has one (`videoStreams` is empty). */
export interface RemoteVideoStream extends RemoteVideoStreamCommon {
  readonly isAvailable: boolean;
  on(event: 'isAvailableChanged' | 'sizeChanged' | 'isReceivingChanged', listener: PropertyChangedEvent): void;
  off(event: 'isAvailableChanged' | 'sizeChanged' | 'isReceivingChanged', listener: PropertyChangedEvent): void;
  getMediaStream(): Promise<MediaStream>;
}

/** The SDK's remote audio. This package never has one. */
export interface RemoteAudioStream {
  getMediaStream(): Promise<MediaStream>;
  getVolume(): Promise<Volume>;
}

/** The SDK's rendered view. This package never makes one (`createView` rejects). */
export interface VideoStreamRendererView extends Disposable {
  readonly scalingMode: ScalingMode;
  readonly isMirrored: boolean;
  readonly target: HTMLElement;
  updateScalingMode(scalingMode: ScalingMode): Promise<void>;
}

/** Renders a video stream; there is never video to render. */
export declare class VideoStreamRenderer {
  constructor(videoStream: LocalVideoStream | RemoteVideoStreamCommon);
  /** `{ width: 0, height: 0 }`. */
  readonly size: StreamSize;
  /** Rejects (400/46908). */
  createView(options?: CreateViewOptions): Promise<VideoStreamRendererView>;
  dispose(): void;
}

// Effects: the types communication-react passes around. No effect ever runs here
// (`localVideoStream.feature(...)` throws).

export type VideoEffectName = 'BackgroundBlur' | 'BackgroundReplacement';

export interface VideoEffectConfig {
  effectInitTimeThresholdInMs?: number;
  fpsWarningThreshold?: number;
}

export type BackgroundBlurConfig = VideoEffectConfig;

export interface BackgroundReplacementConfig extends VideoEffectConfig {
  backgroundImageUrl: string;
}

export interface VideoEffect {
  readonly name: VideoEffectName;
  isSupported(): Promise<boolean>;
}

export interface BackgroundBlurEffect extends VideoEffect {
  configure(config: BackgroundBlurConfig): Promise<void>;
}

export interface BackgroundReplacementEffect extends VideoEffect {
  configure(config: BackgroundReplacementConfig): Promise<void>;
}

export interface AudioEffect {
  isSupported(): Promise<boolean>;
}

export type EchoCancellationEffectName = 'BrowserEchoCancellation' | 'EchoCancellation';
export type NoiseSuppressionEffectName = 'BrowserNoiseSuppression' | 'DeepNoiseSuppression';

export interface EchoCancellationEffect extends AudioEffect {
  readonly name: EchoCancellationEffectName;
}

export interface DeepNoiseSuppressionEffect extends AudioEffect {
  readonly name: NoiseSuppressionEffectName;
}

export interface AudioEffectsStartConfig {
  echoCancellation?: 'BrowserEchoCancellation' | EchoCancellationEffect;
  noiseSuppression?: 'BrowserNoiseSuppression' | DeepNoiseSuppressionEffect;
}

// =====================================================================================
// Features
// =====================================================================================

export interface FeatureFactory {}

export interface BaseFeature extends Disposable {
  readonly name: string;
}

/** A call feature: `call.feature(Features.X)`. `dispose()` drops its listeners. */
export interface CallFeature extends BaseFeature {}

/** What `Features.X` is for a call feature: a key for `call.feature()` that fixes its type. */
export interface CallFeatureFactory<TFeature extends CallFeature> extends FeatureFactory {
  /** The SDK's way in: `new factory.callApiCtor({ call, callAgent })` is
   *  `call.feature(factory)`, the same object (and the same errors). Throws a
   *  BreakoutRoomsError (400/46908) when `context.call` is not a call of this package. Loose
   *  on purpose: the SDK's own context (its `CallCommon`) must fit. */
  readonly callApiCtor: new (context: { call: object; callAgent?: object }) => TFeature;
}

/** Every entry of `Features` also names its feature. */
export interface NamedFeatureFactory<TName extends string> {
  readonly name: TName;
}

// ----- the SDK's BreakoutRooms feature -----

export type BreakoutRoomState = 'open' | 'closed';

/** One of a room's invitees (managers only). */
export interface Invitee {
  readonly identifier: CommunicationIdentifierKind;
}

/** A room as it was when handed out: plain data (`JSON.stringify`, spread and devtools show
 *  its fields), with `call`, `join` and `returnToMainMeeting` on its prototype. The assigned
 *  room is one object, updated in place as it changes and raised again with each change. */
export declare class BreakoutRoom {
  private constructor();
  /** The room's stable key. */
  readonly threadId: string;
  readonly displayName: string;
  readonly state: BreakoutRoomState;
  readonly autoMoveParticipantToBreakoutRoom: boolean;
  /** Managers only; undefined for attendees. */
  readonly invitees?: Invitee[];
  /** The breakout call in this room while this participant is in it. */
  get call(): Call | undefined;
  /** Joins this room if it is the one assigned and open; resolves with the breakout call.
   *  Rejects 412/46260 (not assigned) or 412/46256 (closed). */
  join(): Promise<Call>;
  /** Leaves the room for the main meeting; resolves with the main call. Rejects 403/46907
   *  when the settings disable returning. */
  returnToMainMeeting(): Promise<Call>;
}

/** The settings of a breakout room, on the breakout room call's feature. */
export interface BreakoutRoomsSettings {
  disableReturnToMainMeeting: boolean;
  /** When the rooms close, as an ISO 8601 string (`new Date(roomEndTime)` reads it). The
   *  SDK's typings say TimestampInfo; an ISO string is what it delivers at run time. */
  roomEndTime?: string;
}

export interface BreakoutRoomsEvent {
  type: 'breakoutRooms';
  /** Every room (managers only); undefined once no longer a manager. */
  data: BreakoutRoom[] | undefined;
}

export interface AssignedBreakoutRoomsEvent {
  type: 'assignedBreakoutRooms';
  /** The assigned room (the same object each time), or undefined once unassigned. */
  data: BreakoutRoom | undefined;
}

export interface BreakoutRoomsSettingsEvent {
  type: 'breakoutRoomsSettings';
  /** Raised by the breakout room call's feature when it connects and on each change. */
  data: BreakoutRoomsSettings | undefined;
}

export interface JoinBreakoutRoomsEvent {
  type: 'join';
  /** The new breakout call; it is already in `callAgent.calls`. */
  data: Call;
}

export type BreakoutRoomsEventData =
  | BreakoutRoomsEvent
  | AssignedBreakoutRoomsEvent
  | BreakoutRoomsSettingsEvent
  | JoinBreakoutRoomsEvent;

export type BreakoutRoomsUpdated = 'breakoutRoomsUpdated';

export type BreakoutRoomsUpdatedListener = (eventData: BreakoutRoomsEventData) => void;

/** `call.feature(Features.BreakoutRooms)`, as the SDK has it. */
export declare class BreakoutRoomsCallFeature implements CallFeature {
  private constructor();
  readonly name: 'BreakoutRooms';
  /** This participant's room, or undefined. */
  readonly assignedBreakoutRooms?: BreakoutRoom;
  /** The same as `assignedBreakoutRooms` (the spelling of the SDK's documentation). */
  readonly assignedBreakoutRoom?: BreakoutRoom;
  /** Defined on a breakout room call's feature only; undefined on the main call's. */
  readonly breakoutRoomsSettings?: BreakoutRoomsSettings;
  /** Every room, for managers; undefined for attendees. */
  readonly breakoutRooms?: BreakoutRoom[];
  /** Ours (SPEC 11): when the room this participant is in closes, once they were warned. */
  readonly roomClosing?: RoomClosing;
  /** Ours (SPEC 11): this participant's call for help from the room they are in. */
  readonly helpRequest?: OwnHelpRequest;
  /** Ours (SPEC 11): asks the managers for help from inside a room; rejects 412/46932
   *  elsewhere. Asking again while the request waits changes nothing. */
  requestHelp(): Promise<void>;
  on(event: BreakoutRoomsUpdated, listener: BreakoutRoomsUpdatedListener): void;
  off(event: BreakoutRoomsUpdated, listener: BreakoutRoomsUpdatedListener): void;
  /** Ours: the room this participant is in will close at `closesAt` (after `closeRooms`'
   *  grace, by default the meeting's `closingWarningSeconds`, or that long before the end
   *  time), or no longer closes (`closesAt` absent). Raised on the main call's feature. */
  on(event: 'roomClosing', listener: (closing: RoomClosing) => void): void;
  off(event: 'roomClosing', listener: (closing: RoomClosing) => void): void;
  /** Ours: a manager's broadcast to the place this participant is in. */
  on(event: 'broadcastReceived', listener: (broadcast: BroadcastMessage) => void): void;
  off(event: 'broadcastReceived', listener: (broadcast: BroadcastMessage) => void): void;
  /** Ours: this participant's call for help was acknowledged, or is over. */
  on(event: 'helpRequestUpdated', listener: (request: OwnHelpRequest) => void): void;
  off(event: 'helpRequestUpdated', listener: (request: OwnHelpRequest) => void): void;
  dispose(): void;
}

// ----- workshops (ours, SPEC 11): countdowns, broadcasts, help, grouping rules, rounds -----

/** When a room closes; `closesAt` (ISO 8601) is absent once it no longer is closing. */
export interface RoomClosing {
  threadId: string;
  closesAt?: string;
}

export interface BroadcastMessage {
  sender: { identifier: CommunicationIdentifierKind; displayName: string };
  text: string;
  /** ISO 8601. */
  sentAt: string;
}

/** An asker's own call for help: they never learn who else asked. */
export interface OwnHelpRequest {
  threadId: string;
  state: 'pending' | 'acknowledged' | 'cleared';
  acknowledgedBy?: CommunicationIdentifierKind;
}

/** A room's call for help, as managers see it. */
export interface HelpRequest {
  threadId: string;
  /** In the order they asked; asking again, or a second person asking, joins the request. */
  askers: CommunicationIdentifierKind[];
  /** ISO 8601. */
  requestedAt: string;
  acknowledgedBy?: CommunicationIdentifierKind;
}

export interface RoundGroup {
  threadId: string;
  displayName: string;
  members: CommunicationIdentifierKind[];
}

/** A round of groups: the first rooms start round 1; `recreateRooms` and an
 *  `assignAutomatically` that places anyone start the next. */
export interface Round {
  number: number;
  /** ISO 8601. */
  startedAt: string;
  /** Absent for the round running, whose groups are the rooms as they are. */
  endedAt?: string;
  groups: RoundGroup[];
}

export type GroupingViolation =
  | { rule: 'together'; participants: CommunicationIdentifierKind[]; threadIds: string[] }
  | { rule: 'apart'; participants: CommunicationIdentifierKind[]; threadId: string };

/** What `assignAutomatically` with grouping rules could not do. */
export interface GroupingReport {
  /** Empty when every rule was met. */
  violations: GroupingViolation[];
  /** Pairs now sharing a room who shared one in an earlier round. */
  repeatedPairs: number;
  /** The rooms `rooms` or `perRoom` made. */
  rooms: BreakoutRoom[];
}

// ----- management (ours: `call.feature(Features.BreakoutRoomsManagement)`) -----

export interface ManagementOptions {
  /** Refuse (409/46906) unless the meeting is still at this revision. */
  expectedRevision?: number;
}

export interface AssignAutomaticallyOptions extends ManagementOptions {
  /** Seeds the shuffle: the same seed gives the same rooms. */
  seed?: number;
}

/** Grouping rules (SPEC 11): any of them makes `assignAutomatically` resolve with a report. */
export interface GroupingRules extends AssignAutomaticallyOptions {
  /** Spread people over this many rooms: the first ones, made up to this number if fewer. */
  rooms?: number;
  /** At most this many people per room; rooms are made as needed. Not with `rooms`. */
  perRoom?: number;
  /** Each group in one room. */
  together?: CommunicationIdentifier[][];
  /** No two of a group in one room. */
  apart?: CommunicationIdentifier[][];
  /** Avoid pairs that met in earlier rounds. */
  avoidRepeats?: boolean;
}

export interface CloseRoomsOptions extends ManagementOptions {
  /** Warn the people inside and close after this many seconds (at most a day); 0 closes
   *  at once. Without it, the meeting's `closingWarningSeconds` (60 unless changed). */
  graceSeconds?: number;
}

export interface ClosingOptions extends ManagementOptions {
  /** These rooms' pending closes only; without, the end time and every pending close. */
  threadIds?: string[];
}

export interface BroadcastOptions {
  /** These rooms only; every room without. */
  threadIds?: string[];
  /** The people in the main meeting too. */
  mainMeeting?: boolean;
}

/** `updateSettings`' `roomEndTime` as the SDK's typings spell a time. */
export type TimestampInfo = { attemptTimestamp: number } | { deltaTimeInMs: number };

export interface BreakoutRoomsSettingsUpdate {
  disableReturnToMainMeeting?: boolean;
  /** ms since the epoch, a Date, an ISO 8601 string, `{ attemptTimestamp }` (ms since the
   *  epoch), `{ deltaTimeInMs }` (from now), or null to clear it. */
  roomEndTime?: number | Date | string | TimestampInfo | null;
  /** The default for rooms: move people in as soon as their room opens. */
  autoMoveParticipantToBreakoutRoom?: boolean;
  /** Warn the people inside this long before the end time, and before `closeRooms` closes
   *  their room when it is given no `graceSeconds` (0 to 3600; 0 is no warning: closing
   *  is at once). */
  closingWarningSeconds?: number;
  /** The end time is set this far ahead when rooms open, and cleared when they all close;
   *  null clears it. Not with `roomEndTime`. */
  roomDurationSeconds?: number | null;
}

/** The meeting's breakout-room settings, as managers see them. */
export interface BreakoutRoomsManagementSettings extends BreakoutRoomsSettings {
  autoMoveParticipantToBreakoutRoom: boolean;
  /** How long the people inside are warned before the end time and before `closeRooms`
   *  without `graceSeconds` closes their room; default 60. */
  closingWarningSeconds: number;
  roomDurationSeconds?: number;
}

export type BreakoutRoomsManagementSettingsListener = (settings: BreakoutRoomsManagementSettings) => void;

/**
 * Managing rooms (the SDK has no API for it). Rooms are addressed by `threadId`. Every method
 * returns a Promise that rejects with a BreakoutRoomsError and changes nothing when it
 * rejects: 403/46900 for attendees, 400/46908 for bad arguments (the message names the
 * field), 409/46906 for a stale `expectedRevision`. Called while the call is still
 * `'Connecting'`, a method waits for it to connect.
 */
export declare class BreakoutRoomsManagement implements CallFeature {
  private constructor();
  readonly name: 'BreakoutRoomsManagement';
  /** The meeting revision this participant has seen; pass it as `expectedRevision`. */
  readonly revision: number;
  /** The meeting's breakout settings, in any call; undefined until the call has connected. */
  readonly settings: BreakoutRoomsManagementSettings | undefined;
  /** Resolves with the new rooms: "Room 1".."Room n", or the names given. */
  createRooms(rooms: number | string[], options?: ManagementOptions): Promise<BreakoutRoom[]>;
  renameRoom(threadId: string, displayName: string, options?: ManagementOptions): Promise<void>;
  /** People inside go back to the main meeting. */
  deleteRoom(threadId: string, options?: ManagementOptions): Promise<void>;
  /** Deletes every room and creates these; resolves with them. */
  recreateRooms(rooms: number | string[], options?: ManagementOptions): Promise<BreakoutRoom[]>;
  assignParticipants(threadId: string, participants: CommunicationIdentifier[], options?: ManagementOptions): Promise<void>;
  unassignParticipants(participants: CommunicationIdentifier[], options?: ManagementOptions): Promise<void>;
  /** Every present, unassigned attendee, evenly, in a seeded shuffle. */
  assignAutomatically(options?: AssignAutomaticallyOptions): Promise<void>;
  /** With grouping rules: resolves with what could not be done (409/46911 without rooms,
   *  400/46908 for `rooms` with `perRoom`, 413/46905 past the room limit). */
  assignAutomatically(options: GroupingRules): Promise<GroupingReport>;
  /** All rooms, or those named. A room that is closing (`closeRooms`) stays open: its
   *  close is called off (the room end time is not). */
  openRooms(threadIds?: string[], options?: ManagementOptions): Promise<void>;
  openRooms(options: ManagementOptions): Promise<void>;
  /**
   * All rooms, or those named. The people inside are warned first (`'roomClosing'`, and
   * `'closingsUpdated'` for managers) and the rooms close after `graceSeconds`, by default
   * the meeting's `closingWarningSeconds` (60 s); then the people inside go back to the main
   * meeting. `graceSeconds: 0` (or a setting of 0) closes at once. Resolves once the close is
   * scheduled; closing a closing room again moves its close to the new grace from now.
   */
  closeRooms(threadIds?: string[], options?: CloseRoomsOptions): Promise<void>;
  closeRooms(options: CloseRoomsOptions): Promise<void>;
  /** Pushes back pending closes (and without `threadIds` the end time); 409/46930 when
   *  nothing named is closing. */
  extendClosing(seconds: number, options?: ClosingOptions): Promise<void>;
  /** Calls off pending closes (and without `threadIds` the end time); 409/46930 when
   *  nothing named is closing. */
  cancelClosing(options?: ClosingOptions): Promise<void>;
  /** Every room closing, as the people inside were told. */
  readonly closings: RoomClosing[];
  /** A short text (at most 500 characters) to the people in some rooms; at most 10 a
   *  minute per manager (429/46931). */
  broadcast(text: string, options?: BroadcastOptions): Promise<void>;
  /** Every open call for help, oldest first. */
  readonly helpRequests: HelpRequest[];
  /** The askers hear that help is coming; 404/46933 when nobody there asked. */
  acknowledgeHelp(threadId: string): Promise<void>;
  /** Goes into any open room without being assigned; resolves with the breakout call. */
  visitRoom(threadId: string): Promise<Call>;
  /** The rounds kept, oldest first, the one running last. */
  readonly rounds: Round[];
  /** Absent fields stay as they are. */
  updateSettings(settings: BreakoutRoomsSettingsUpdate, options?: ManagementOptions): Promise<void>;
  /** Organizer only (403/46901 otherwise). */
  setBreakoutRoomManager(participant: CommunicationIdentifier, enabled: boolean, options?: ManagementOptions): Promise<void>;
  /** 'settingsChanged': `settings` changed; the listener receives the new value. */
  on(event: 'settingsChanged', listener: BreakoutRoomsManagementSettingsListener): void;
  off(event: 'settingsChanged', listener: BreakoutRoomsManagementSettingsListener): void;
  on(event: 'closingsUpdated', listener: (closings: RoomClosing[]) => void): void;
  off(event: 'closingsUpdated', listener: (closings: RoomClosing[]) => void): void;
  on(event: 'helpRequestsUpdated', listener: (requests: HelpRequest[]) => void): void;
  off(event: 'helpRequestsUpdated', listener: (requests: HelpRequest[]) => void): void;
  on(event: 'roundsUpdated', listener: (rounds: Round[]) => void): void;
  off(event: 'roundsUpdated', listener: (rounds: Round[]) => void): void;
  dispose(): void;
}

/** The management feature's type, by the name of the SDK's feature types. */
export type BreakoutRoomsManagementFeature = BreakoutRoomsManagement;

// ----- RaiseHand (real: raised hands are meeting state, seen by everyone in the same call) -----

export interface RaisedHandChangedEvent {
  identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier;
}

export interface RaisedHand {
  identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier;
  /** Raised hands are ordered by this: the first raised has the lowest. */
  order: number;
}

export type RaisedHandEventType = 'raisedHandEvent';
export type LoweredHandEventType = 'loweredHandEvent';
/** 'raisedHandEvent' listeners also receive the hand's `order`. */
export type RaisedHandListener = (data: RaisedHand) => void;
export type LoweredHandListener = (data: RaisedHandChangedEvent) => void;

/** Raising and lowering hands in this call (the main meeting, or one breakout room). */
export interface RaiseHandCallFeature extends CallFeature {
  raiseHand(): Promise<void>;
  lowerHand(): Promise<void>;
  /** Managers lower others' hands (403/46900 for attendees). */
  lowerHands(identifiers: CommunicationIdentifier[]): Promise<void>;
  /** Managers lower every hand in this call. */
  lowerAllHands(): Promise<void>;
  /** Everyone whose hand is up in this call, in the order they raised it. */
  getRaisedHands(): RaisedHand[];
  on(event: RaisedHandEventType, listener: RaisedHandListener): void;
  off(event: RaisedHandEventType, listener: RaisedHandListener): void;
  on(event: LoweredHandEventType, listener: LoweredHandListener): void;
  off(event: LoweredHandEventType, listener: LoweredHandListener): void;
}

// ----- Capabilities (what this participant's role may do here) -----

export type ParticipantCapabilityName =
  | 'turnVideoOn'
  | 'unmuteMic'
  | 'shareScreen'
  | 'removeParticipant'
  | 'hangUpForEveryOne'
  | 'addCommunicationUser'
  | 'addTeamsUser'
  | 'addPhoneNumber'
  | 'manageLobby'
  | 'spotlightParticipant'
  | 'removeParticipantsSpotlight'
  | 'blurBackground'
  | 'startLiveMeetingCaptions'
  | 'startLiveCallingCaptions'
  | 'setCaptionLanguage'
  | 'raiseHand'
  | 'pstnDialOut'
  | 'muteOthers'
  | 'useReactions'
  | 'viewAttendeeNames'
  | 'startTogetherMode'
  | 'joinBreakoutRooms'
  | 'forbidOthersAudio'
  | 'forbidOthersVideo'
  | 'realTimeText';

export type CapabilityResolutionReason =
  | 'Capable'
  | 'CapabilityNotApplicableForTheCallType'
  | 'ClientRestricted'
  | 'UserPolicyRestricted'
  | 'RoleRestricted'
  | 'FeatureNotSupported'
  | 'MeetingRestricted'
  | 'NotInitialized'
  | 'NotCapable'
  | 'TeamsPremiumLicenseRestricted'
  | 'IpModeUserPolicyRestricted'
  | 'ExplicitConsentRequired';

export type ParticipantCapabilities = Record<
  ParticipantCapabilityName,
  { isPresent: boolean; reason: CapabilityResolutionReason }
>;

export type ChangedParticipantCapabilities = Partial<ParticipantCapabilities>;

export type CapabilitiesChangedReason =
  | 'RoleChanged'
  | 'UserPolicyChanged'
  | 'MeetingOptionOrOrganizerPolicyChanged'
  | 'TeamsPremiumLicenseChanged';

export interface CapabilitiesChangeInfo {
  oldValue: ChangedParticipantCapabilities;
  newValue: ChangedParticipantCapabilities;
  reason: CapabilitiesChangedReason;
}

export type CapabilitiesChangedEventType = 'capabilitiesChanged';
export type CapabilitiesChangeHandler = (data: CapabilitiesChangeInfo) => void;

/** Real: follows this participant's role. Media capabilities are absent
 *  ('FeatureNotSupported'), managing ones are the managers' ('RoleRestricted' for attendees),
 *  and 'capabilitiesChanged' fires with reason 'RoleChanged' when the role changes. */
export interface CapabilitiesFeature extends CallFeature {
  /** Every capability ('blurBackground' and the other media ones: 'FeatureNotSupported'). */
  readonly capabilities: ParticipantCapabilities;
  on(event: CapabilitiesChangedEventType, listener: CapabilitiesChangeHandler): void;
  off(event: CapabilitiesChangedEventType, listener: CapabilitiesChangeHandler): void;
}

// ----- features that need media, or a cloud: present, inactive -----

export interface DominantSpeakersInfo {
  speakersList: ReadonlyArray<CommunicationIdentifierKind>;
  timestamp: Date;
}

/** Inactive: nobody speaks (an empty list, at the epoch). */
export interface DominantSpeakersCallFeature extends CallFeature {
  readonly dominantSpeakers: DominantSpeakersInfo;
  on(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void;
  off(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void;
}

export type OvcChangeReason = 'bandwidth' | 'performance' | 'externalLimit' | 'unknown';

/** Inactive: no video to show (0). */
export interface OptimalVideoCountCallFeature extends CallFeature {
  readonly optimalVideoCount: number;
  /** `'unknown'`. */
  readonly lastOvcChangeReason: OvcChangeReason;
  on(event: 'optimalVideoCountChanged', listener: PropertyChangedEvent): void;
  off(event: 'optimalVideoCountChanged', listener: PropertyChangedEvent): void;
}

export interface RecordingInfo {
  /** 0 None, 1 Started, 2 Paused, 3 Ended (the SDK's RecordingState). */
  state: 0 | 1 | 2 | 3;
  on(event: 'recordingStateChanged', listener: PropertyChangedEvent): void;
  off(event: 'recordingStateChanged', listener: PropertyChangedEvent): void;
}

/** Inactive: never recording, no consent needed. */
export interface RecordingCallFeature extends CallFeature {
  readonly isRecordingActive: boolean;
  readonly recordings: RecordingInfo[];
  readonly isTeamsConsentRequired: boolean;
  /** Resolves. */
  grantTeamsConsent(): Promise<void>;
  on(event: 'isRecordingActiveChanged', listener: PropertyChangedEvent): void;
  off(event: 'isRecordingActiveChanged', listener: PropertyChangedEvent): void;
  on(event: 'recordingsUpdated', listener: CollectionUpdatedEvent<RecordingInfo>): void;
  off(event: 'recordingsUpdated', listener: CollectionUpdatedEvent<RecordingInfo>): void;
}

/** Ours (later SDKs have it). Inactive: starting rejects (400/46908). */
export interface LocalRecordingCallFeature extends CallFeature {
  readonly isLocalRecordingActive: boolean;
  /** Empty. */
  readonly recordings: ReadonlyArray<unknown>;
  startLocalRecording(): Promise<void>;
  stopLocalRecording(): Promise<void>;
  on(event: 'isLocalRecordingActiveChanged' | 'localRecordingsUpdated', listener: PropertyChangedEvent): void;
  off(event: 'isLocalRecordingActiveChanged' | 'localRecordingsUpdated', listener: PropertyChangedEvent): void;
}

export type TranscriptionPropertyChangedEventType = 'isTranscriptionActiveChanged';

/** Inactive: never transcribing, no consent needed. */
export interface TranscriptionCallFeature extends CallFeature {
  readonly isTranscriptionActive: boolean;
  readonly isTeamsConsentRequired: boolean;
  /** Resolves. */
  grantTeamsConsent(): Promise<void>;
  on(event: TranscriptionPropertyChangedEventType, listener: PropertyChangedEvent): void;
  off(event: TranscriptionPropertyChangedEventType, listener: PropertyChangedEvent): void;
}

export type CaptionsKind = 'TeamsCaptions' | 'Captions';
export type CaptionsResultType = 'Partial' | 'Final';
export type CaptionsKindChangedEventType = 'CaptionsKindChanged';
export type CaptionsPropertyChangedEventType = 'CaptionsActiveChanged';
export type CaptionsReceivedEventType = 'CaptionsReceived';
export type SpokenLanguageChangedEventType = 'SpokenLanguageChanged';
export type CaptionLanguageChangedEventType = 'CaptionLanguageChanged';

export interface StartCaptionsOptions {
  spokenLanguage: string;
}

export interface CaptionsInfo {
  resultType: CaptionsResultType;
  speaker: ParticipantInfo;
  spokenLanguage: string;
  spokenText: string;
  timestamp: Date;
}

export type CaptionsHandler = (data: CaptionsInfo) => void;

export interface CaptionsCommon {
  /** Rejects (400/46908): there is no speech to caption. */
  startCaptions(startCaptionsOptions?: StartCaptionsOptions): Promise<void>;
  /** Resolves. */
  stopCaptions(): Promise<void>;
  /** Rejects (400/46908). */
  setSpokenLanguage(language: string): Promise<void>;
  /** Empty. */
  readonly supportedSpokenLanguages: string[];
  /** false. */
  readonly isCaptionsFeatureActive: boolean;
  /** ''. */
  readonly activeSpokenLanguage: string;
  /** `'Captions'`. */
  readonly kind: CaptionsKind;
}

export interface Captions extends CaptionsCommon {
  on(event: CaptionsReceivedEventType, listener: CaptionsHandler): void;
  off(event: CaptionsReceivedEventType, listener: CaptionsHandler): void;
  on(event: CaptionsPropertyChangedEventType, listener: PropertyChangedEvent): void;
  off(event: CaptionsPropertyChangedEventType, listener: PropertyChangedEvent): void;
  on(event: SpokenLanguageChangedEventType, listener: PropertyChangedEvent): void;
  off(event: SpokenLanguageChangedEventType, listener: PropertyChangedEvent): void;
}

/** Inactive: no captions. */
export interface CaptionsCallFeature extends CallFeature {
  readonly captions: Captions;
  on(event: CaptionsKindChangedEventType, listener: PropertyChangedEvent): void;
  off(event: CaptionsKindChangedEventType, listener: PropertyChangedEvent): void;
}

export type TransferState = 'None' | 'Transferring' | 'Transferred' | 'Failed';

export interface TransferErrorCode {
  readonly code: number;
  readonly subCode?: number;
}

export interface Transfer {
  readonly state: TransferState;
  readonly error?: TransferErrorCode;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
}

export interface TransferToParticipantLocator {
  targetParticipant: CommunicationIdentifier;
}

export interface TransferToCallLocator {
  targetCallId: string;
}

export interface TransferToVoicemailLocator {
  targetParticipantVoicemail: MicrosoftTeamsUserIdentifier;
}

export interface TransferEventArgs {
  targetCall: CallCommon;
}

export type TransferAcceptedEventType = 'transferAccepted';
export type TransferAcceptedEvent = (args: TransferEventArgs) => void;

/** Inactive: nothing is transferred. */
export interface TransferCallFeature extends CallFeature {
  /** Throws a BreakoutRoomsError (400/46908). */
  transfer(target: TransferToParticipantLocator | TransferToCallLocator | TransferToVoicemailLocator, options?: unknown): Transfer;
  on(event: TransferAcceptedEventType, listener: TransferAcceptedEvent): void;
  off(event: TransferAcceptedEventType, listener: TransferAcceptedEvent): void;
}

export interface SpotlightedParticipant {
  identifier: CommunicationIdentifier;
  order?: number;
}

export type SpotlightChangedEventType = 'spotlightChanged';

/** Inactive: nobody can be spotlighted (at most 0); starting and stopping reject
 *  (400/46908). */
export interface SpotlightCallFeature extends CallFeature {
  readonly maxParticipantsToSpotlight: number;
  startSpotlight(participants?: CommunicationIdentifier[]): Promise<void>;
  stopSpotlight(participants?: CommunicationIdentifier[]): Promise<void>;
  stopAllSpotlight(): Promise<void>;
  /** Empty. */
  getSpotlightedParticipants(): SpotlightedParticipant[];
  on(event: SpotlightChangedEventType, listener: CollectionUpdatedEvent<SpotlightedParticipant>): void;
  off(event: SpotlightChangedEventType, listener: CollectionUpdatedEvent<SpotlightedParticipant>): void;
}

export type Reaction = 'like' | 'heart' | 'laugh' | 'surprised' | 'applause';

export interface ReactionMessage {
  reactionType: Reaction;
}

export interface ReactionEventPayload {
  identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier;
  reactionMessage: ReactionMessage;
}

export type ReactionListener = (data: ReactionEventPayload) => void;

/** Inactive: sending rejects (400/46908). */
export interface ReactionCallFeature extends CallFeature {
  sendReaction(reactionMessage: ReactionMessage): Promise<void>;
  on(event: 'reaction', listener: ReactionListener): void;
  off(event: 'reaction', listener: ReactionListener): void;
}

/** Inactive: no presentation (`isActive` false, `activePresenterId` undefined). */
export interface PPTLiveCallFeature extends CallFeature {
  readonly isActive: boolean;
  /** An empty element attached nowhere (made on first read, the same one after). Outside a
   *  browser (no `document`, e.g. Node) there is no HTMLElement to give: it is `undefined` there,
   *  though typed as the SDK types it. */
  readonly target: HTMLElement;
  readonly activePresenterId?: CommunicationIdentifier;
  on(event: 'isActiveChanged', listener: PropertyChangedEvent): void;
  off(event: 'isActiveChanged', listener: PropertyChangedEvent): void;
}

export interface BaseMediaAccess {
  isAudioPermitted: boolean;
  isVideoPermitted: boolean;
}

export interface MediaAccess extends BaseMediaAccess {
  participant: CommunicationIdentifier;
}

export interface MeetingMediaAccess extends BaseMediaAccess {}

export interface MediaAccessChangedEvent {
  mediaAccesses: MediaAccess[];
}

export interface MeetingMediaAccessChangedEvent {
  meetingMediaAccess: MeetingMediaAccess;
}

export type MediaAccessChangedListener = (data: MediaAccessChangedEvent) => void;
export type MeetingMediaAccessChangedListener = (data: MeetingMediaAccessChangedEvent) => void;

/** Inactive: audio permitted, video not (there is none); every change rejects (400/46908). */
export interface MediaAccessCallFeature extends CallFeature {
  permitAudio(participants: CommunicationIdentifier[]): Promise<void>;
  forbidAudio(participants: CommunicationIdentifier[]): Promise<void>;
  permitOthersAudio(): Promise<void>;
  forbidOthersAudio(): Promise<void>;
  permitVideo(participants: CommunicationIdentifier[]): Promise<void>;
  forbidVideo(participants: CommunicationIdentifier[]): Promise<void>;
  permitOthersVideo(): Promise<void>;
  forbidOthersVideo(): Promise<void>;
  /** Empty. */
  getAllOthersMediaAccess(): MediaAccess[];
  getMeetingMediaAccess(): MeetingMediaAccess;
  on(event: 'mediaAccessChanged', listener: MediaAccessChangedListener): void;
  off(event: 'mediaAccessChanged', listener: MediaAccessChangedListener): void;
  on(event: 'meetingMediaAccessChanged', listener: MeetingMediaAccessChangedListener): void;
  off(event: 'meetingMediaAccessChanged', listener: MeetingMediaAccessChangedListener): void;
}

export interface TogetherModeSeatingPosition {
  top: number;
  left: number;
  width: number;
  height: number;
}

export type TogetherModeSeatingMap = Map<string, TogetherModeSeatingPosition>;

export interface TogetherModeSceneSize extends StreamSize {}

export interface TogetherModeVideoStream extends RemoteVideoStreamCommon {
  readonly isAvailable: boolean;
  on(event: 'isAvailableChanged' | 'sizeChanged' | 'isReceivingChanged', listener: PropertyChangedEvent): void;
  off(event: 'isAvailableChanged' | 'sizeChanged' | 'isReceivingChanged', listener: PropertyChangedEvent): void;
}

export type TogetherModeSceneUpdatedListener = (data: TogetherModeSeatingMap) => void;
export type TogetherModeSeatingUpdatedListener = (data: TogetherModeSeatingMap) => void;

/** Inactive: no stream, an empty seating map, a 0×0 scene; `start()` rejects (400/46908). */
export interface TogetherModeCallFeature extends CallFeature {
  readonly togetherModeStream: ReadonlyArray<TogetherModeVideoStream>;
  readonly togetherModeSeatingMap: TogetherModeSeatingMap;
  sceneSize: TogetherModeSceneSize;
  start(): Promise<void>;
  on(event: 'togetherModeStreamsUpdated', listener: CollectionUpdatedEvent<TogetherModeVideoStream>): void;
  on(event: 'togetherModeSceneUpdated', listener: TogetherModeSceneUpdatedListener): void;
  on(event: 'togetherModeSeatingUpdated', listener: TogetherModeSeatingUpdatedListener): void;
  off(event: 'togetherModeStreamsUpdated', listener: CollectionUpdatedEvent<TogetherModeVideoStream>): void;
  off(event: 'togetherModeSceneUpdated', listener: TogetherModeSceneUpdatedListener): void;
  off(event: 'togetherModeSeatingUpdated', listener: TogetherModeSeatingUpdatedListener): void;
}

export type DiagnosticFlag = boolean;
export type DiagnosticValueType = 'DiagnosticQuality' | 'DiagnosticFlag';

export type LatestDiagnosticValue = {
  value: DiagnosticQuality | DiagnosticFlag;
  valueType: DiagnosticValueType;
};

export type DiagnosticChangedEventArgs = {
  value: DiagnosticQuality | DiagnosticFlag;
  valueType: DiagnosticValueType;
};

export interface LatestMediaDiagnostics {
  speakingWhileMicrophoneIsMuted?: LatestDiagnosticValue;
  noSpeakerDevicesEnumerated?: LatestDiagnosticValue;
  noMicrophoneDevicesEnumerated?: LatestDiagnosticValue;
  cameraFreeze?: LatestDiagnosticValue;
  cameraStartFailed?: LatestDiagnosticValue;
  cameraStartTimedOut?: LatestDiagnosticValue;
  capturerStartFailed?: LatestDiagnosticValue;
  microphoneNotFunctioning?: LatestDiagnosticValue;
  microphoneMuteUnexpectedly?: LatestDiagnosticValue;
  cameraStoppedUnexpectedly?: LatestDiagnosticValue;
  capturerStoppedUnexpectedly?: LatestDiagnosticValue;
  screenshareRecordingDisabled?: LatestDiagnosticValue;
  microphonePermissionDenied?: LatestDiagnosticValue;
  cameraPermissionDenied?: LatestDiagnosticValue;
}

export interface LatestNetworkDiagnostics {
  networkReconnect?: LatestDiagnosticValue;
  networkReceiveQuality?: LatestDiagnosticValue;
  networkSendQuality?: LatestDiagnosticValue;
  noNetwork?: LatestDiagnosticValue;
  networkRelaysNotReachable?: LatestDiagnosticValue;
}

export type MediaDiagnosticType = keyof LatestMediaDiagnostics;
export type NetworkDiagnosticType = keyof LatestNetworkDiagnostics;
export type ServerDiagnosticType = 'serverConnection';

export type MediaDiagnosticChangedEventArgs = DiagnosticChangedEventArgs & { diagnostic: MediaDiagnosticType };
export type NetworkDiagnosticChangedEventArgs = DiagnosticChangedEventArgs & { diagnostic: NetworkDiagnosticType };

/** Never reports a problem: `getLatest()` is `{}` and 'diagnosticChanged' never fires. */
export interface MediaDiagnostics {
  getLatest(): LatestMediaDiagnostics;
  on(event: 'diagnosticChanged', listener: (args: MediaDiagnosticChangedEventArgs) => void): void;
  off(event: 'diagnosticChanged', listener: (args: MediaDiagnosticChangedEventArgs) => void): void;
}

/** Never reports a problem: `getLatest()` is `{}` and 'diagnosticChanged' never fires. */
export interface NetworkDiagnostics {
  getLatest(): LatestNetworkDiagnostics;
  on(event: 'diagnosticChanged', listener: (args: NetworkDiagnosticChangedEventArgs) => void): void;
  off(event: 'diagnosticChanged', listener: (args: NetworkDiagnosticChangedEventArgs) => void): void;
}

export type RemoteDiagnostic = {
  readonly participantId: string;
  readonly rawId: string;
  readonly remoteParticipant?: RemoteParticipant;
  readonly diagnostic: NetworkDiagnosticType | MediaDiagnosticType | ServerDiagnosticType;
  readonly value: DiagnosticQuality | DiagnosticFlag;
  readonly valueType: DiagnosticValueType;
};

export interface RemoteParticipantDiagnosticsData {
  diagnostics: RemoteDiagnostic[];
}

/** Others' diagnostics: none are ever reported (`getLatest()` is `{ diagnostics: [] }`,
 *  'diagnosticChanged' never fires), and there are none of ours to send. */
export interface RemoteDiagnostics {
  /** false: this participant has no media diagnostics to send; `startSendingDiagnostics()`
   *  does not change that. */
  readonly isSendingDiagnosticsEnabled: boolean;
  /** Does nothing: there is nothing to send. */
  startSendingDiagnostics(): void;
  /** Does nothing. */
  stopSendingDiagnostics(): void;
  getLatest(): RemoteParticipantDiagnosticsData;
  on(event: 'diagnosticChanged', listener: (args: RemoteParticipantDiagnosticsData) => void): void;
  off(event: 'diagnosticChanged', listener: (args: RemoteParticipantDiagnosticsData) => void): void;
}

/** Inactive: nothing is ever wrong with media that does not exist. */
export interface UserFacingDiagnosticsFeature extends CallFeature {
  readonly network: NetworkDiagnostics;
  readonly media: MediaDiagnostics;
  readonly remote: RemoteDiagnostics;
}

export type RealTimeTextResultType = 'Partial' | 'Final';

export interface RealTimeTextInfo {
  sequenceId: number;
  sender: ParticipantInfo;
  text: string;
  resultType: RealTimeTextResultType;
  receivedTimestamp: Date;
  updatedTimestamp: Date;
  isLocal: boolean;
}

export type RealTimeTextReceivedEventType = 'realTimeTextReceived';
export type RealTimeTextReceivedEventHandler = (data: RealTimeTextInfo) => void;

/** Inactive: sending rejects (400/46908); nothing is received. */
export interface RealTimeTextFeature extends CallFeature {
  sendRealTimeText(text: string, finalized?: boolean): Promise<void>;
  on(event: RealTimeTextReceivedEventType, listener: RealTimeTextReceivedEventHandler): void;
  off(event: RealTimeTextReceivedEventType, listener: RealTimeTextReceivedEventHandler): void;
}

export type AudioIssue =
  | 'NoLocalAudio' | 'NoRemoteAudio' | 'Echo' | 'AudioNoise' | 'LowVolume'
  | 'AudioStoppedUnexpectedly' | 'DistortedSpeech' | 'AudioInterruption' | 'OtherIssues';
export type OverallIssue = 'CallCannotJoin' | 'CallCannotInvite' | 'HadToRejoin' | 'CallEndedUnexpectedly' | 'OtherIssues';
export type ScreenshareIssue =
  | 'NoContentLocal' | 'NoContentRemote' | 'CannotPresent' | 'LowQuality' | 'Freezes'
  | 'StoppedUnexpectedly' | 'LargeDelay' | 'OtherIssues';
export type VideoIssue =
  | 'NoVideoReceived' | 'NoVideoSent' | 'LowQuality' | 'Freezes' | 'StoppedUnexpectedly'
  | 'DarkVideoReceived' | 'AudioVideoOutOfSync' | 'OtherIssues';

export interface RatingScale {
  lowerBound: number;
  upperBound: number;
  lowScoreThreshold: number;
}

export interface CallRating<TIssue extends AudioIssue | OverallIssue | ScreenshareIssue | VideoIssue> {
  score: number;
  issues?: TIssue[];
  scale?: RatingScale;
}

export interface CallSurvey {
  overallRating?: CallRating<OverallIssue>;
  audioRating?: CallRating<AudioIssue>;
  videoRating?: CallRating<VideoIssue>;
  screenshareRating?: CallRating<ScreenshareIssue>;
}

export interface CallSurveyResponse extends CallSurvey {
  readonly id: string;
  readonly callId: string;
  readonly localParticipantId: string;
}

/** Inactive: surveys go to Microsoft's cloud, so submitting rejects (400/46908). */
export interface CallSurveyFeature extends CallFeature {
  submitSurvey(survey: CallSurvey, options?: unknown): Promise<CallSurveyResponse>;
}

/** Inactive: there is no media to measure. */
export interface MediaStatsCallFeature extends CallFeature {
  /** Throws a BreakoutRoomsError (400/46908). */
  createCollector(options?: unknown): never;
}

/** The SDK's data channel sender. This package never makes one. */
export interface DataChannelSender {
  channelId: number;
  maxMessageSize: number;
  setParticipants(participants: CommunicationIdentifier[]): void;
  sendMessage(data: Uint8Array): Promise<void>;
  close(): void;
}

export interface DataChannelMessage {
  sequenceNumber: number;
  data: Uint8Array;
}

/** The SDK's data channel receiver. This package never makes one. */
export interface DataChannelReceiver {
  channelId: number;
  senderParticipantIdentifier: CommunicationIdentifierKind;
  on(event: 'messageReady' | 'close', listener: () => void): void;
  off(event: 'messageReady' | 'close', listener: () => void): void;
  readMessage(): DataChannelMessage | undefined;
}

/** Inactive: `createDataChannelSender` throws a BreakoutRoomsError (400/46908). */
export interface DataChannelCallFeature extends CallFeature {
  createDataChannelSender(options: unknown): DataChannelSender;
  on(event: 'dataChannelReceiverCreated', listener: (args: DataChannelReceiver) => void): void;
  off(event: 'dataChannelReceiverCreated', listener: (args: DataChannelReceiver) => void): void;
}

export interface TeamsMeetingAudioConferencingPhoneNumber {
  readonly tollPhoneNumber?: PhoneNumberIdentifier;
  readonly tollFreePhoneNumber?: PhoneNumberIdentifier;
  readonly countryName?: string;
  readonly cityName?: string;
}

export interface TeamsMeetingAudioConferencingDetails {
  readonly phoneConferenceId: string;
  readonly phoneNumbers: TeamsMeetingAudioConferencingPhoneNumber[];
}

/** No dial-in here: resolves with `{ phoneConferenceId: '', phoneNumbers: [] }`. */
export interface TeamsMeetingAudioConferencingCallFeature extends CallFeature {
  getTeamsMeetingAudioConferencingDetails(): Promise<TeamsMeetingAudioConferencingDetails>;
}

// ----- the call client's DebugInfo -----

export type Environment = {
  platform: string;
  browser: string;
  browserVersion: string;
};

export type EnvironmentInfo = {
  environment: Environment;
  isSupportedPlatform: boolean;
  isSupportedBrowser: boolean;
  isSupportedBrowserVersion: boolean;
  isSupportedEnvironment: boolean;
};

/** `callClient.feature(Features.DebugInfo)`. */
export interface DebugInfoCallClientFeature extends CallClientFeature {
  /** Resolves with `navigator`'s platform and user agent (`'node'` outside a browser); every
   *  environment is supported. */
  getEnvironmentInfo(): Promise<EnvironmentInfo>;
  /** false. */
  readonly isCallClientActiveInAnotherTab: boolean;
  on(event: 'isCallClientActiveInAnotherTabChanged', listener: PropertyChangedEvent): void;
  off(event: 'isCallClientActiveInAnotherTabChanged', listener: PropertyChangedEvent): void;
}

/** The feature factories, compared by identity: pass these objects themselves. */
export declare const Features: {
  readonly BreakoutRooms: CallFeatureFactory<BreakoutRoomsCallFeature> & NamedFeatureFactory<'BreakoutRooms'>;
  /** Ours: managing rooms. */
  readonly BreakoutRoomsManagement: CallFeatureFactory<BreakoutRoomsManagement> & NamedFeatureFactory<'BreakoutRoomsManagement'>;
  readonly RaiseHand: CallFeatureFactory<RaiseHandCallFeature> & NamedFeatureFactory<'RaiseHand'>;
  readonly Capabilities: CallFeatureFactory<CapabilitiesFeature> & NamedFeatureFactory<'Capabilities'>;
  readonly DominantSpeakers: CallFeatureFactory<DominantSpeakersCallFeature> & NamedFeatureFactory<'DominantSpeakers'>;
  readonly OptimalVideoCount: CallFeatureFactory<OptimalVideoCountCallFeature> & NamedFeatureFactory<'OptimalVideoCount'>;
  readonly Recording: CallFeatureFactory<RecordingCallFeature> & NamedFeatureFactory<'Recording'>;
  /** Ours (later SDKs have it). */
  readonly LocalRecording: CallFeatureFactory<LocalRecordingCallFeature> & NamedFeatureFactory<'LocalRecording'>;
  readonly Transcription: CallFeatureFactory<TranscriptionCallFeature> & NamedFeatureFactory<'Transcription'>;
  readonly Captions: CallFeatureFactory<CaptionsCallFeature> & NamedFeatureFactory<'Captions'>;
  readonly Transfer: CallFeatureFactory<TransferCallFeature> & NamedFeatureFactory<'Transfer'>;
  readonly Spotlight: CallFeatureFactory<SpotlightCallFeature> & NamedFeatureFactory<'Spotlight'>;
  readonly Reaction: CallFeatureFactory<ReactionCallFeature> & NamedFeatureFactory<'Reaction'>;
  readonly PPTLive: CallFeatureFactory<PPTLiveCallFeature> & NamedFeatureFactory<'PPTLive'>;
  readonly MediaAccess: CallFeatureFactory<MediaAccessCallFeature> & NamedFeatureFactory<'MediaAccess'>;
  readonly TogetherMode: CallFeatureFactory<TogetherModeCallFeature> & NamedFeatureFactory<'TogetherMode'>;
  readonly UserFacingDiagnostics: CallFeatureFactory<UserFacingDiagnosticsFeature> & NamedFeatureFactory<'UserFacingDiagnostics'>;
  readonly RealTimeText: CallFeatureFactory<RealTimeTextFeature> & NamedFeatureFactory<'RealTimeText'>;
  readonly CallSurvey: CallFeatureFactory<CallSurveyFeature> & NamedFeatureFactory<'CallSurvey'>;
  readonly MediaStats: CallFeatureFactory<MediaStatsCallFeature> & NamedFeatureFactory<'MediaStats'>;
  readonly DataChannel: CallFeatureFactory<DataChannelCallFeature> & NamedFeatureFactory<'DataChannel'>;
  readonly TeamsMeetingAudioConferencing: CallFeatureFactory<TeamsMeetingAudioConferencingCallFeature> & NamedFeatureFactory<'TeamsMeetingAudioConferencing'>;
  /** For `callClient.feature()`. */
  readonly DebugInfo: CallClientFeatureFactory<DebugInfoCallClientFeature> & NamedFeatureFactory<'DebugInfo'>;
  /** A name only: `localVideoStream.feature()` throws here (no video). */
  readonly VideoEffects: NamedFeatureFactory<'VideoEffects'>;
  /** A name only: `localAudioStream.feature()` throws here (no audio). */
  readonly AudioEffects: NamedFeatureFactory<'AudioEffects'>;
};
