// Types for breakout-rooms. Names and shapes follow @azure/communication-calling's
// BreakoutRooms feature, so code written for it type-checks with only the import changed;
// the management API and dev tokens are ours.

// ----- identities and credentials -----

export interface CommunicationUserIdentifier {
  communicationUserId: string;
}
export interface MicrosoftTeamsUserIdentifier {
  microsoftTeamsUserId: string;
  isAnonymous?: boolean;
}
export interface PhoneNumberIdentifier {
  phoneNumber: string;
}
export interface UnknownIdentifier {
  id: string;
}
export type CommunicationIdentifier =
  | CommunicationUserIdentifier
  | MicrosoftTeamsUserIdentifier
  | PhoneNumberIdentifier
  | UnknownIdentifier;

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/** Anything with the SDK's `getToken()` shape, including @azure/communication-common's. */
export interface CommunicationTokenCredential {
  getToken(options?: unknown): Promise<AccessToken>;
  dispose(): void;
}

export declare class AzureCommunicationTokenCredential implements CommunicationTokenCredential {
  constructor(token: string | { token: string });
  getToken(options?: unknown): Promise<AccessToken>;
  dispose(): void;
}

export type Role = 'organizer' | 'coOrganizer' | 'breakoutRoomManager' | 'attendee';

export interface DevTokenOptions {
  /** Becomes the participant's `communicationUserId`. */
  userId: string;
  displayName?: string;
  /** Defaults to `'attendee'`. */
  role?: Role;
  /** Defaults to one day. */
  expiresInSeconds?: number;
}

/** A token for meetings on this engine's hosts: no cloud checks it. */
export declare function createDevToken(options: DevTokenOptions): string;

// ----- logging -----

export type AzureLogLevel = 'verbose' | 'info' | 'warning' | 'error';
export declare function setLogLevel(level: AzureLogLevel): void;
export declare const AzureLogger: { log: (...args: any[]) => void };

/** Loads the WebAssembly; importing the package already did. */
export declare function init(moduleOrPath?: unknown): Promise<unknown>;

// ----- errors -----

/** Every error this package throws or rejects with. */
export interface BreakoutRoomsError extends Error {
  name: 'BreakoutRoomsError';
  /** HTTP-like, as the SDK's: 400, 401, 403, 404, 405, 409, 412, 413, 500. */
  code: number;
  /** 46250-46260 as the SDK's; 46900-46949 for failures the SDK has no code for. */
  subCode: number;
}

// ----- clients and calls -----

export interface CallClientOptions {
  /** Which meeting host to use; only the in-page host exists in this version. */
  transport?: 'inPage';
}

export interface CallAgentOptions {
  displayName?: string;
}

export declare class CallClient {
  constructor(options?: CallClientOptions);
  createCallAgent(credential: CommunicationTokenCredential, options?: CallAgentOptions): Promise<CallAgent>;
  getDeviceManager(): Promise<DeviceManager>;
}

/** This engine carries no media: the device lists are empty. */
export interface DeviceManager {
  getCameras(): Promise<never[]>;
  getMicrophones(): Promise<never[]>;
  getSpeakers(): Promise<never[]>;
  readonly isSpeakerSelectionAvailable: boolean;
  askDevicePermission(constraints: { audio: boolean; video: boolean }): Promise<{ audio: boolean; video: boolean }>;
}

export interface TeamsMeetingLinkLocator {
  meetingLink: string;
}
export interface MeetingLocator {
  meetingId: string;
  passcode?: string;
}
export interface GroupLocator {
  groupId: string;
}

export interface JoinCallOptions {
  /** Applies when this join creates the in-page meeting (the first joiner's choice). */
  meetingPolicy?: { breakoutRoomsEnabled?: boolean };
}

export type ConnectionState = 'Connected' | 'Disconnected';

export interface ConnectionStateChangedEvent {
  oldState: ConnectionState;
  newState: ConnectionState;
  reason?: 'invalidToken' | 'connectionIssue';
}

export type PropertyChangedEvent = () => void;
export type CollectionUpdatedEvent<T> = (args: { added: T[]; removed: T[] }) => void;

export interface CallAgent {
  readonly calls: ReadonlyArray<Call>;
  readonly displayName?: string;
  readonly connectionState: ConnectionState;
  /** `{ groupId }` gives a group call, which has no breakout rooms. */
  join(locator: TeamsMeetingLinkLocator | MeetingLocator | GroupLocator, options?: JoinCallOptions): Call;
  on(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  on(event: 'connectionStateChanged', listener: (args: ConnectionStateChangedEvent) => void): void;
  off(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  off(event: 'connectionStateChanged', listener: (args: ConnectionStateChangedEvent) => void): void;
  dispose(): Promise<void>;
}

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

export interface RemoteParticipant {
  readonly identifier: CommunicationIdentifier;
  readonly displayName?: string;
  readonly state: 'Connected';
}

export interface CallFeature {
  readonly name: string;
  dispose(): void;
}

/** What `Features.X` is: a key for `call.feature()` that also fixes its return type. */
export interface CallFeatureFactory<T extends CallFeature> {
  readonly name: string;
  /** Type-level only. */
  readonly __feature?: T;
}

/** The SDK's call type for Teams identities; here every call is a `Call`. */
export type TeamsCall = Call;

/** Why a call ended: 0/0 for an ordinary end, else the error's code/subCode and message. */
export interface CallEndReason {
  code: number;
  subCode?: number;
  message?: string;
}

export interface Call {
  readonly id: string;
  readonly state: CallState;
  /** Set once the call is `'Disconnected'`. */
  readonly callEndReason?: CallEndReason;
  readonly remoteParticipants: ReadonlyArray<RemoteParticipant>;
  hangUp(options?: { forEveryone?: boolean }): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  feature<T extends CallFeature>(factory: CallFeatureFactory<T>): T;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
}

// ----- the SDK's BreakoutRooms feature -----

export type BreakoutRoomState = 'open' | 'closed';

export type TimestampInfo = { attemptTimestamp: number | '' } | { deltaTimeInMs: number | '' };

export interface Invitee {
  readonly identifier: CommunicationIdentifier;
}

export interface BreakoutRoom {
  readonly threadId: string;
  readonly displayName?: string;
  readonly state: BreakoutRoomState;
  readonly autoMoveParticipantToBreakoutRoom?: boolean;
  /** Managers only; `undefined` for attendees. */
  readonly invitees?: Invitee[];
  /** The breakout call while this participant is in (or entering) the room. */
  readonly call?: Call | TeamsCall;
  join(): Promise<Call | TeamsCall>;
  returnToMainMeeting(): Promise<Call | TeamsCall>;
}

export interface BreakoutRoomsSettings {
  disableReturnToMainMeeting?: boolean;
  /** `{ attemptTimestamp }` in ms since the epoch. */
  roomEndTime?: TimestampInfo;
  autoMoveParticipantToBreakoutRoom?: boolean;
}

export interface BreakoutRoomsEvent {
  type: 'breakoutRooms';
  data: BreakoutRoom[] | undefined;
}
export interface AssignedBreakoutRoomsEvent {
  type: 'assignedBreakoutRooms';
  data: BreakoutRoom | undefined;
}
export interface BreakoutRoomsSettingsEvent {
  type: 'breakoutRoomsSettings';
  data: BreakoutRoomsSettings | undefined;
}
export interface JoinBreakoutRoomsEvent {
  type: 'join';
  data: Call | TeamsCall;
}
export type BreakoutRoomsEventData =
  | BreakoutRoomsEvent
  | AssignedBreakoutRoomsEvent
  | BreakoutRoomsSettingsEvent
  | JoinBreakoutRoomsEvent;
export type BreakoutRoomsUpdated = 'breakoutRoomsUpdated';
export type BreakoutRoomsUpdatedListener = (eventData: BreakoutRoomsEventData) => void;

export interface BreakoutRoomsCallFeature extends CallFeature {
  readonly assignedBreakoutRooms?: BreakoutRoom;
  /** The documentation's spelling of `assignedBreakoutRooms`. */
  readonly assignedBreakoutRoom?: BreakoutRoom;
  readonly breakoutRoomsSettings?: BreakoutRoomsSettings;
  /** Managers only; `undefined` for attendees. */
  readonly breakoutRooms?: BreakoutRoom[];
  on(event: BreakoutRoomsUpdated, listener: BreakoutRoomsUpdatedListener): void;
  off(event: BreakoutRoomsUpdated, listener: BreakoutRoomsUpdatedListener): void;
}

// ----- management (ours) -----

export interface ManagementOptions {
  /** Refuse (409/46906) unless the meeting is still at this revision. */
  expectedRevision?: number;
}

export interface AssignAutomaticallyOptions extends ManagementOptions {
  /** Seeds the shuffle; the same seed gives the same rooms. */
  seed?: number;
}

export interface BreakoutRoomsSettingsUpdate {
  disableReturnToMainMeeting?: boolean;
  /** ms since the epoch, a Date, a TimestampInfo, or null to clear. */
  roomEndTime?: number | Date | TimestampInfo | null;
  autoMoveParticipantToBreakoutRoom?: boolean;
}

export interface BreakoutRoomsManagementFeature extends CallFeature {
  /** The meeting revision this participant has seen. */
  readonly revision: number;
  /** Resolves with the new rooms, "Room 1".."Room n" or the names given. */
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
  openRooms(threadIds?: string[], options?: ManagementOptions): Promise<void>;
  openRooms(options: ManagementOptions): Promise<void>;
  closeRooms(threadIds?: string[], options?: ManagementOptions): Promise<void>;
  closeRooms(options: ManagementOptions): Promise<void>;
  updateSettings(settings: BreakoutRoomsSettingsUpdate, options?: ManagementOptions): Promise<void>;
  /** Organizer only. */
  setBreakoutRoomManager(participant: CommunicationIdentifier, enabled: boolean, options?: ManagementOptions): Promise<void>;
}

export declare const Features: {
  readonly BreakoutRooms: CallFeatureFactory<BreakoutRoomsCallFeature>;
  readonly BreakoutRoomsManagement: CallFeatureFactory<BreakoutRoomsManagementFeature>;
};
