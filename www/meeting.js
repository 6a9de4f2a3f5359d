// The people in this page's meeting: one CallAgent each, all joined to the same meetingLink,
// so the package's in-page host puts them in the same meeting. Each keeps its own log of
// `breakoutRoomsUpdated` events; anything that changes calls `onChange`.
import {
  AzureCommunicationTokenCredential,
  CallClient,
  Features,
  createDevToken,
} from 'breakout-rooms';

export const ROLES = [
  ['organizer', 'Organizer'],
  ['coOrganizer', 'Co-organizer'],
  ['breakoutRoomManager', 'Breakout room manager'],
  ['attendee', 'Attendee'],
];
export const roleLabel = (role) => ROLES.find(([r]) => r === role)?.[1] ?? role;
export const isManagerRole = (role) => role !== 'attendee';

const LOG_LIMIT = 100;

export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** `roomEndTime` in ms since the epoch, or null. The package delivers it as an ISO 8601
 *  string, as the SDK does at run time (SPEC section 3). */
export function endTimeOf(settings) {
  const t = typeof settings?.roomEndTime === 'string' ? Date.parse(settings.roomEndTime) : NaN;
  return Number.isFinite(t) ? t : null;
}

/** A settings object in a few words (auto-move only where it is given: `mgmt.settings`). */
function settingsSummary(data) {
  if (!data) return 'no settings';
  const end = endTimeOf(data);
  return [
    data.disableReturnToMainMeeting ? 'returning early off' : 'returning early allowed',
    data.autoMoveParticipantToBreakoutRoom === undefined
      ? null
      : data.autoMoveParticipantToBreakoutRoom === false
        ? 'auto-move off'
        : 'auto-move on',
    end ? `rooms end ${clock(end)}` : 'no time limit',
  ]
    .filter(Boolean)
    .join(', ');
}

/** A line for the log: what an event carried, in a few words. */
export function summarize(event, nameOf) {
  const data = event.data;
  switch (event.type) {
    case 'breakoutRooms': {
      if (!data) return 'no room list';
      if (data.length === 0) return 'no rooms';
      const shown = data.slice(0, 3).map((room) => {
        const invited = room.invitees ? `, ${room.invitees.length} assigned` : '';
        return `${room.displayName} (${room.state}${invited})`;
      });
      const more = data.length > 3 ? `, and ${data.length - 3} more` : '';
      return `${data.length} room${data.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
    }
    case 'assignedBreakoutRooms':
      if (!data) return 'no room assigned';
      return `assigned to ${data.displayName} (${data.state})${data.autoMoveParticipantToBreakoutRoom === false ? ', joins by hand' : ''}`;
    case 'breakoutRoomsSettings':
    case 'settingsChanged':
      return settingsSummary(data);
    case 'join':
      return `moved into ${nameOf?.(data) ?? 'the breakout room'} (breakout call ${data?.state ?? 'unknown'})`;
    default:
      return '';
  }
}

export class Participant {
  /**
   * Creates the agent and joins. `userId` must be unique in the meeting; `onChange` is
   * called (without arguments) whenever anything visible about this person may differ.
   */
  static async join({ userId, displayName, role, meetingLink, transport = 'inPage', onChange }) {
    const token = createDevToken({ userId, displayName, role });
    const agent = await new CallClient({ transport }).createCallAgent(new AzureCommunicationTokenCredential(token), {
      displayName,
    });
    const person = new Participant({ userId, displayName, role, agent, meetingLink, onChange });
    person.joinMain();
    return person;
  }

  constructor({ userId, displayName, role, agent, meetingLink, onChange }) {
    Object.assign(this, { userId, displayName, role, agent, meetingLink, onChange });
    this.identifier = { communicationUserId: userId };
    this.log = []; // { at, type, summary }
    this.logListeners = new Set();
    this.call = null; // the main meeting call
    this.feature = null; // Features.BreakoutRooms on it
    this.management = null; // Features.BreakoutRoomsManagement on it
    this.breakoutCall = null; // the latest breakout room call
    this.breakoutFeature = null; // Features.BreakoutRooms on it: the settings live there (SPEC 6.1)
    this.joinError = null; // set when joining the main meeting failed
    this.leaving = false;
    this.changed = () => this.onChange();
    this.listener = (event) => this.onEvent(event);
    // The breakout call's own feature: what it raises is the settings (SPEC 6.1).
    this.roomListener = (event) => {
      this.addLog(event.type, summarize(event));
      this.onChange();
    };
    // The management feature's settings, for managers (SPEC 5: `mgmt.settings`).
    this.settingsListener = (settings) => {
      if (isManagerRole(this.role)) this.addLog('settingsChanged', summarize({ type: 'settingsChanged', data: settings }));
      this.onChange();
    };
    this.watched = new WeakSet();
    agent.on('callsUpdated', this.changed);
  }

  /** Listens to a call's changes, once. */
  watchCall(call) {
    if (!call || this.watched.has(call)) return;
    this.watched.add(call);
    call.on('stateChanged', this.changed);
    call.on('remoteParticipantsUpdated', this.changed);
    if (call !== this.call) {
      // A breakout call: listen to its feature, as a real client does on 'join'.
      this.breakoutFeature = call.feature(Features.BreakoutRooms);
      this.breakoutFeature.on('breakoutRoomsUpdated', this.roomListener);
    }
  }

  /** Picks up a breakout call that appeared (auto-move creates one before its 'join' event). */
  track() {
    const call = this.present ? this.feature?.assignedBreakoutRoom?.call : undefined;
    if (call && call !== this.call) this.breakoutCall = call;
    this.watchCall(this.breakoutCall);
  }

  /** Joins (or rejoins) the main meeting. */
  joinMain() {
    if (this.feature) this.feature.off('breakoutRoomsUpdated', this.listener);
    if (this.management) this.management.off('settingsChanged', this.settingsListener);
    this.leaving = false;
    this.joinError = null;
    const call = this.agent.join({ meetingLink: this.meetingLink });
    this.call = call;
    this.watchCall(call);
    call.on('stateChanged', () => {
      // Ending without our own hang-up means the meeting refused the join.
      if (call === this.call && call.state === 'Disconnected' && !this.leaving) {
        this.joinError ??= 'the meeting ended the call';
      }
    });
    this.feature = call.feature(Features.BreakoutRooms);
    this.management = call.feature(Features.BreakoutRoomsManagement);
    this.feature.on('breakoutRoomsUpdated', this.listener);
    this.management.on('settingsChanged', this.settingsListener);
    this.onChange();
  }

  onEvent(event) {
    if (event.type === 'join' && event.data) {
      this.breakoutCall = event.data;
      this.watchCall(event.data);
    }
    const nameOf = () => this.feature?.assignedBreakoutRoom?.displayName;
    this.addLog(event.type, summarize(event, nameOf));
    this.onChange();
  }

  addLog(type, summary) {
    const entry = { at: Date.now(), type, summary };
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log.shift();
    for (const listener of this.logListeners) listener(entry);
  }

  /** Main call states that count as being in the meeting. */
  get present() {
    const state = this.call?.state;
    return state !== undefined && state !== 'Disconnected' && state !== 'Disconnecting' && state !== 'None';
  }

  /** The assigned room as this person sees it (a snapshot), or undefined. */
  get assignedRoom() {
    return this.present ? this.feature?.assignedBreakoutRoom : undefined;
  }

  /** Every room with invitees, if this person is a manager; else undefined. */
  get rooms() {
    return this.present ? this.feature?.breakoutRooms : undefined;
  }

  /** The breakout room settings as this person's breakout call has them (SPEC 6.1), or
   *  undefined outside a room. */
  get roomSettings() {
    const call = this.breakoutCall;
    if (!this.present || !call || call.state === 'Disconnected') return undefined;
    return this.breakoutFeature?.breakoutRoomsSettings;
  }

  /** The meeting's settings as a manager reads them (`mgmt.settings`), else undefined. */
  get managementSettings() {
    return this.present && isManagerRole(this.role) ? this.management?.settings : undefined;
  }

  /** What this person knows of the settings: as a manager, or from inside a room. */
  get settings() {
    return this.managementSettings ?? this.roomSettings;
  }

  /** Whether leaving the room early would be refused (403/46907), as this person knows it. */
  get returnDisabled() {
    return this.settings?.disableReturnToMainMeeting === true;
  }

  /**
   * Where this person is: `{ kind: 'main' | 'room' | 'joining' | 'connecting' | 'left',
   * room?: { threadId, displayName, state } }`.
   */
  get whereabouts() {
    if (!this.present) return { kind: 'left' };
    if (this.call.state === 'Connecting') return { kind: 'connecting' };
    const assigned = this.feature?.assignedBreakoutRoom;
    const call = assigned?.call;
    if (assigned && call) {
      const room = { threadId: assigned.threadId, displayName: assigned.displayName, state: assigned.state };
      return { kind: call.state === 'Connected' ? 'room' : 'joining', room };
    }
    return { kind: 'main' };
  }

  async joinRoom() {
    const room = this.feature?.assignedBreakoutRoom;
    if (!room) throw new Error('no room is assigned to this person yet');
    await room.join();
  }

  async returnToMain() {
    const room = this.feature?.assignedBreakoutRoom;
    if (room) {
      await room.returnToMainMeeting();
    } else {
      await this.breakoutCall?.hangUp();
      await this.call.resume();
    }
  }

  async leave() {
    this.leaving = true;
    try {
      await this.call.hangUp();
    } catch (error) {
      this.leaving = false;
      throw error;
    }
  }

  async dispose() {
    this.leaving = true;
    this.feature?.off('breakoutRoomsUpdated', this.listener);
    this.management?.off('settingsChanged', this.settingsListener);
    await this.agent.dispose();
  }
}
