// The demo page: a meeting with breakout rooms on the package's in-page host. Every person
// added here is a CallAgent in this page joined to the same meetingLink; the organizer
// console drives Features.BreakoutRoomsManagement of whoever it acts as.
import { init, setLogLevel } from 'breakout-rooms';
import { h, replaceChildren, setAttr, setText, show, syncList, uid } from './dom.js';
import { InputError, attempt, clearError } from './errors.js';
import { Participant, ROLES, clock, endTimeOf, isManagerRole, roleLabel } from './meeting.js';

// `?meeting=NAME` joins a meeting shared by this browser's tabs (SPEC 9): open the page in
// several tabs with the same name, one participant (or more) in each.
const SHARED = new URLSearchParams(location.search).get('meeting')?.trim() || null;
const MEETING_LINK = SHARED
  ? `https://example.test/meet/${encodeURIComponent(SHARED)}`
  : 'https://example.test/meet/breakout-demo';
// `?meeting=NAME&server`, as the meeting server serves this page (`make server`): the
// meeting is on that server, shared by every browser that opens the same URL.
const ON_SERVER = SHARED !== null && new URLSearchParams(location.search).has('server');
const SERVER_URL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
const TRANSPORT = ON_SERVER ? SERVER_URL : SHARED ? 'broadcastChannel' : 'inPage';
const SAMPLE = [
  ['Olivia', 'organizer'],
  ['Alice', 'attendee'],
  ['Bob', 'attendee'],
  ['Carol', 'attendee'],
  ['Dan', 'attendee'],
];

const level = new URLSearchParams(location.search).get('log');
if (['verbose', 'info', 'warning', 'error'].includes(level)) setLogLevel(level);

const $ = (id) => document.getElementById(id);

/** Everyone in this page, in the order they were added. */
const people = [];
let actorId = null;

const byUserId = (userId) => people.find((p) => p.userId === userId);
const nameOf = (identifier) => {
  const id = identifier?.communicationUserId ?? identifier?.microsoftTeamsUserId ?? identifier?.id;
  return byUserId(id)?.displayName ?? id ?? 'someone';
};

// ---------------------------------------------------------------------------------------
// Rendering: anything that changes schedules one render; the countdown ticks on its own.
// ---------------------------------------------------------------------------------------

let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    render();
  }, 0);
}

function render() {
  for (const person of people) person.track();
  renderActor();
  renderRooms();
  renderAssignments();
  renderSettings();
  renderWorkshop();
  renderBoard();
  renderPanes();
  renderCountdowns();
}

/** The person the console acts as. */
function actor() {
  let person = byUserId(actorId);
  if (!person) {
    person = people.find((p) => isManagerRole(p.role)) ?? people[0];
    actorId = person?.userId ?? null;
  }
  return person;
}

/** The freshest manager's view of every room, with invitees: the actor's, or anyone's. */
function managerRooms() {
  const me = actor();
  if (Array.isArray(me?.rooms)) return me.rooms;
  for (const person of people) {
    const rooms = person.rooms;
    if (Array.isArray(rooms)) return rooms;
  }
  return undefined;
}

/** The meeting's settings: a manager's `mgmt.settings` (the actor's, or any manager's); with
 *  no manager in the page, what someone inside a room has on their breakout call (SPEC 6.1). */
function currentSettings() {
  return (
    actor()?.managementSettings ??
    people.find((p) => p.managementSettings)?.managementSettings ??
    people.find((p) => p.roomSettings)?.roomSettings
  );
}

/** The room a person is assigned to: their own view while in the meeting; once they have
 *  left, the managers' (the host keeps the assignment), so the pane and the board agree. */
function assignmentOf(person, rooms = managerRooms()) {
  if (person.present) return person.assignedRoom;
  return rooms?.find((r) => r.invitees?.some((i) => i.identifier?.communicationUserId === person.userId));
}

// ----- the organizer console --------------------------------------------------------

const actorSelect = $('actor');
actorSelect.addEventListener('change', () => {
  actorId = actorSelect.value;
  render();
});

function renderActor() {
  const me = actor();
  syncList(
    actorSelect,
    people,
    (p) => p.userId,
    (p) => h('option', { value: p.userId }),
    (option, p) => setText(option, `${p.displayName} (${roleLabel(p.role).toLowerCase()})`),
  );
  actorSelect.disabled = people.length === 0;
  if (me && actorSelect.value !== me.userId) actorSelect.value = me.userId;
  let note;
  if (!me) note = 'Add an organizer to manage the rooms.';
  else if (!me.present) note = `${me.displayName} has left the meeting: what they try now is refused.`;
  else if (!Array.isArray(me.rooms)) {
    note = `${me.displayName} is an attendee: they see only their own room, and managing is refused.`;
  } else note = `${me.displayName} manages the rooms.`;
  setText($('actor-note'), note);
}

function management() {
  const me = actor();
  if (!me) throw new InputError('add an organizer to the meeting first');
  return me.management;
}
const who = () => actor()?.displayName ?? 'Nobody';

/** Disables a button while its action runs, so a double click is one request. */
async function busy(button, fn) {
  if (button) button.disabled = true;
  try {
    return await fn();
  } finally {
    if (button) button.disabled = false;
    render();
  }
}

function parseRooms(text) {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) throw new InputError('type room names separated by commas (Red, Blue) or a number (3)');
  return names;
}

const roomsError = $('rooms-error');
const newRooms = $('new-rooms');

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? event.target.querySelector('button[type=submit]');
  busy(button, async () => {
    const ok = await attempt(roomsError, `${who()} couldn’t create rooms`, () =>
      management().createRooms(parseRooms(newRooms.value)),
    );
    if (ok) newRooms.value = '';
  });
});

$('recreate-rooms').addEventListener('click', (event) =>
  busy(event.currentTarget, async () => {
    const ok = await attempt(roomsError, `${who()} couldn’t replace the rooms`, () =>
      management().recreateRooms(parseRooms(newRooms.value)),
    );
    if (ok) newRooms.value = '';
  }),
);

$('open-all').addEventListener('click', (event) =>
  busy(event.currentTarget, () => attempt(roomsError, `${who()} couldn’t open the rooms`, () => management().openRooms())),
);
// SPEC 11: closing warns the people inside with a countdown (the meeting's
// closingWarningSeconds), which a manager can extend, cancel, or cut short.
$('close-all').addEventListener('click', (event) =>
  busy(event.currentTarget, () => attempt(roomsError, `${who()} couldn’t close the rooms`, () => management().closeRooms())),
);
$('close-now').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(roomsError, `${who()} couldn’t close the rooms`, () => management().closeRooms({ graceSeconds: 0 })),
  ),
);
$('extend-closing').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(roomsError, `${who()} couldn’t give the rooms more time`, () => management().extendClosing(60)),
  ),
);
$('cancel-closing').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(roomsError, `${who()} couldn’t cancel the closing`, () => management().cancelClosing()),
  ),
);

function createRoomRow() {
  const inputId = uid('rename');
  const row = h('li', { class: 'room-row' });
  row.nameEl = h('span', { class: 'room-name' });
  row.badge = h('span', { class: 'badge' });
  row.countEl = h('span', { class: 'muted' });
  row.renameLabel = h('label', { class: 'sr-only', for: inputId });
  row.renameInput = h('input', { id: inputId, type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '100' });
  row.renameButton = h('button', { type: 'submit' }, 'Rename');
  row.toggle = h('button', { type: 'button' });
  row.deleteButton = h('button', { type: 'button' }, 'Delete');
  row.error = h('p', { class: 'error', role: 'alert' });
  const threadId = () => row.dataset.key;
  const name = () => row.dataset.name;
  const form = h(
    'form',
    {
      class: 'rename-form',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        busy(row.renameButton, () =>
          attempt(row.error, `${who()} couldn’t rename ${name()}`, () =>
            management().renameRoom(threadId(), row.renameInput.value.trim()),
          ),
        );
      },
    },
    row.renameLabel,
    row.renameInput,
    row.renameButton,
  );
  // Open, Close (with the warning countdown), or, while that countdown runs, Keep open
  // (openRooms calls a pending close off).
  row.toggle.addEventListener('click', () => {
    const opening = row.dataset.state !== 'open' || row.dataset.closing === 'true';
    busy(row.toggle, () =>
      attempt(row.error, `${who()} couldn’t ${opening ? 'open' : 'close'} ${name()}`, () =>
        opening ? management().openRooms([threadId()]) : management().closeRooms([threadId()]),
      ),
    );
  });
  row.deleteButton.addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    busy(row.deleteButton, async () => {
      const ok = await attempt(row.error, `${who()} couldn’t delete ${name()}`, () => management().deleteRoom(threadId()));
      // The row is gone: keep keyboard focus nearby rather than losing it to the page.
      if (ok) render();
      if (ok && !row.isConnected) (next?.isConnected ? next.renameInput : newRooms).focus();
    });
  });
  row.append(
    h('div', { class: 'room-head' }, row.nameEl, row.badge, row.countEl),
    h('div', { class: 'room-controls' }, form, h('div', { class: 'buttons' }, row.toggle, row.deleteButton)),
    row.error,
  );
  return row;
}

function updateRoomRow(row, room, closing) {
  const name = room.displayName;
  if (row.dataset.name !== name) {
    const input = row.renameInput;
    if (document.activeElement !== input || input.value === (row.dataset.name ?? '')) input.value = name;
    row.dataset.name = name;
  }
  row.dataset.state = room.state;
  setText(row.nameEl, name);
  setText(row.badge, room.state === 'open' ? 'Open' : 'Closed');
  row.badge.className = `badge ${room.state}`;
  const count = room.invitees?.length ?? 0;
  setText(row.countEl, `${count} assigned`);
  setText(row.renameLabel, `New name for ${name}`);
  setAttr(row.renameButton, 'aria-label', `Rename ${name}`);
  row.dataset.closing = String(closing);
  const action = room.state !== 'open' ? 'Open' : closing ? 'Keep open' : 'Close';
  setText(row.toggle, action);
  setAttr(row.toggle, 'aria-label', `${action} ${name}`);
  setAttr(row.deleteButton, 'aria-label', `Delete ${name}`);
}

function renderRooms() {
  const rooms = actor()?.rooms ?? [];
  const pending = pendingCloses(actor());
  syncList($('room-list'), rooms, (r) => r.threadId, createRoomRow, (row, r) => updateRoomRow(row, r, pending.has(r.threadId)));
  show($('rooms-empty'), rooms.length === 0);
  const note = $('rooms-empty');
  const me = actor();
  setText(
    note,
    me && me.present && !Array.isArray(me.rooms) ? `${me.displayName} cannot see the room list.` : 'No rooms yet.',
  );
}

// ----- people and rooms: assignment and the manager role -----------------------------

const assignError = $('assign-error');

/** The room a person is assigned to, as the console sees it. */
function consoleAssignment(person, rooms) {
  if (Array.isArray(rooms)) {
    const room = rooms.find((r) => r.invitees?.some((i) => i.identifier?.communicationUserId === person.userId));
    return room?.threadId ?? '';
  }
  return person.assignedRoom?.threadId ?? '';
}

function createAssignRow(person) {
  const selectId = uid('assign');
  const row = h('li', { class: 'assign-row' });
  row.person = person;
  row.nameEl = h('span', { class: 'person-name' });
  row.roleEl = h('span', { class: 'muted' });
  row.selectLabel = h('label', { for: selectId, class: 'sr-only' });
  row.select = h('select', { id: selectId });
  row.manager = h('input', { type: 'checkbox' });
  row.managerLabel = h('label', { class: 'check' }, row.manager, ' Manager');
  // SPEC 11: everyone ticked here is kept apart by the next automatic assignment.
  row.apart = h('input', { type: 'checkbox', class: 'apart' });
  row.apartLabel = h('label', { class: 'check' }, row.apart, ' Apart');
  row.select.addEventListener('change', () => {
    const threadId = row.select.value;
    const room = row.select.selectedOptions[0]?.textContent ?? '';
    row.pending = true;
    busy(null, async () => {
      await attempt(
        assignError,
        threadId
          ? `${who()} couldn’t assign ${person.displayName} to ${room}`
          : `${who()} couldn’t take ${person.displayName} out of their room`,
        () =>
          threadId
            ? management().assignParticipants(threadId, [person.identifier])
            : management().unassignParticipants([person.identifier]),
      );
      row.pending = false;
    });
  });
  row.manager.addEventListener('change', () => {
    const enabled = row.manager.checked;
    row.pending = true;
    busy(null, async () => {
      const ok = await attempt(
        assignError,
        `${who()} couldn’t ${enabled ? 'make' : 'unmake'} ${person.displayName} a breakout room manager`,
        () => management().setBreakoutRoomManager(person.identifier, enabled),
      );
      if (ok) person.role = enabled ? 'breakoutRoomManager' : 'attendee';
      row.pending = false;
    });
  });
  row.append(
    h('span', { class: 'who' }, row.nameEl, ' ', row.roleEl),
    h('span', { class: 'assign-controls' }, row.selectLabel, row.select, row.managerLabel, row.apartLabel),
  );
  return row;
}

function updateAssignRow(row, person, rooms, roomOptions) {
  setText(row.nameEl, person.displayName);
  setText(row.roleEl, roleLabel(person.role));
  setText(row.selectLabel, `Room for ${person.displayName}`);
  const signature = JSON.stringify(roomOptions);
  if (row.select.dataset.options !== signature) {
    row.select.dataset.options = signature;
    replaceChildren(
      row.select,
      h('option', { value: '' }, 'No room'),
      roomOptions.map(([threadId, name]) => h('option', { value: threadId }, name)),
    );
    row.select.value = '';
  }
  const fixedRole = person.role === 'organizer' || person.role === 'coOrganizer';
  setAttr(row.manager, 'aria-label', `Breakout room manager: ${person.displayName}`);
  setAttr(row.apart, 'aria-label', `Keep apart: ${person.displayName}`);
  row.manager.disabled = fixedRole;
  setAttr(row.managerLabel, 'title', fixedRole ? `${roleLabel(person.role)}s keep their role` : null);
  if (row.pending) return;
  const assigned = consoleAssignment(person, rooms);
  if (row.select.value !== assigned) row.select.value = assigned;
  row.manager.checked = isManagerRole(person.role);
}

function renderAssignments() {
  const present = people.filter((p) => p.present);
  const rooms = managerRooms();
  const known = new Map();
  for (const room of rooms ?? []) known.set(room.threadId, room.displayName);
  if (!rooms) for (const p of present) if (p.assignedRoom) known.set(p.assignedRoom.threadId, p.assignedRoom.displayName);
  const roomOptions = [...known];
  syncList($('assign-list'), present, (p) => p.userId, createAssignRow, (row, p) =>
    updateAssignRow(row, p, rooms, roomOptions),
  );
  show($('assign-empty'), present.length === 0);
}

// SPEC 11: grouping rules. "People per room" and the people ticked "Apart" shape the next
// automatic assignment; a new round recreates the rooms and avoids the pairs of earlier rounds.
function groupingRules() {
  const rules = { seed: Math.floor(Math.random() * 2 ** 31) };
  const text = $('per-room').value.trim();
  if (text) {
    const perRoom = Number(text);
    if (!Number.isInteger(perRoom) || perRoom < 1) throw new InputError('people per room is a whole number, 1 or more');
    rules.perRoom = perRoom;
  }
  const apart = [...$('assign-list').children].filter((row) => row.apart.checked).map((row) => row.person.identifier);
  if (apart.length > 1) rules.apart = [apart];
  return rules;
}

function reportText(report) {
  if (!report) return '';
  const names = (ids) => ids.map(nameOf).join(', ');
  const broken = report.violations.map((v) =>
    v.rule === 'apart' ? `${names(v.participants)} had to share a room` : `${names(v.participants)} could not all be together`,
  );
  const repeats = `${report.repeatedPairs} pair${report.repeatedPairs === 1 ? '' : 's'} met before`;
  return broken.length ? `Not every rule could be met: ${broken.join('; ')}. ${repeats}.` : `Every rule met; ${repeats}.`;
}

async function assignWithRules(newRound) {
  const rules = groupingRules();
  const mgmt = management();
  if (newRound) {
    // Everyone starts afresh: as many rooms as now (or one, when people per room makes more).
    const rooms = rules.perRoom ? 1 : Math.max(1, managerRooms()?.length ?? 1);
    await mgmt.recreateRooms(rooms);
    rules.avoidRepeats = true;
  }
  const hasRule = rules.perRoom !== undefined || rules.apart || rules.avoidRepeats;
  const report = await mgmt.assignAutomatically(rules);
  setText($('group-report'), hasRule ? reportText(report) : '');
}

$('assign-auto').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(assignError, `${who()} couldn’t assign people automatically`, () => assignWithRules(false)),
  ),
);
$('new-round').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(assignError, `${who()} couldn’t start a new round`, () => assignWithRules(true)),
  ),
);

// ----- the workshop: broadcast, the help queue, closing rooms, rounds (SPEC 11) ----------

const broadcastError = $('broadcast-error');

$('broadcast-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? event.target.querySelector('button[type=submit]');
  busy(button, async () => {
    const text = $('broadcast-text').value;
    const to = $('broadcast-to').value;
    const ok = await attempt(broadcastError, `${who()} couldn’t send the message`, () => {
      if (!text.trim()) throw new InputError('type a message first');
      return management().broadcast(text, {
        threadIds: to ? [to] : undefined,
        mainMeeting: $('broadcast-main').checked,
      });
    });
    if (ok) $('broadcast-text').value = '';
  });
});

const helpError = $('help-error');

function createHelpRow() {
  const row = h('li', { class: 'help-row' });
  row.text = h('span', { class: 'help-text' });
  row.ack = h('button', { type: 'button' }, 'Acknowledge');
  row.visit = h('button', { type: 'button' }, 'Visit');
  row.ack.addEventListener('click', () =>
    busy(row.ack, () =>
      attempt(helpError, `${who()} couldn’t acknowledge ${row.dataset.name}`, () =>
        management().acknowledgeHelp(row.dataset.key),
      ),
    ),
  );
  row.visit.addEventListener('click', () =>
    busy(row.visit, () =>
      attempt(helpError, `${who()} couldn’t visit ${row.dataset.name}`, () => {
        const me = actor();
        if (!me) throw new InputError('add an organizer to the meeting first');
        return me.visit(row.dataset.key);
      }),
    ),
  );
  row.append(row.text, h('span', { class: 'buttons' }, row.ack, row.visit));
  return row;
}

function updateHelpRow(row, request, rooms) {
  const name = rooms?.find((r) => r.threadId === request.threadId)?.displayName ?? 'a room';
  row.dataset.name = name;
  const askers = request.askers.map(nameOf).join(', ');
  const acknowledged = request.acknowledgedBy ? `; ${nameOf(request.acknowledgedBy)} is on the way` : '';
  setText(row.text, `${name}: ${askers} asked at ${clock(Date.parse(request.requestedAt))}${acknowledged}.`);
  setAttr(row.ack, 'aria-label', `Acknowledge help in ${name}`);
  setAttr(row.visit, 'aria-label', `Visit ${name}`);
}

/** Rooms closing because a manager closed them (not at the time limit): `closeRooms` set a
 *  close before the end time, so those are the closings that are not the end time. */
function pendingCloses(person) {
  const mgmt = person?.present && Array.isArray(person.rooms) ? person.management : undefined;
  const end = mgmt?.settings?.roomEndTime;
  return new Set((mgmt?.closings ?? []).filter((c) => c.closesAt && c.closesAt !== end).map((c) => c.threadId));
}

function createClosingRow() {
  const row = h('li', { class: 'closing-row' });
  row.name = h('span');
  row.left = h('span', { class: 'countdown active' });
  row.now = h('button', { type: 'button' }, 'Close now');
  row.now.addEventListener('click', () =>
    busy(row.now, () =>
      attempt(roomsError, `${who()} couldn’t close ${row.dataset.name}`, () =>
        management().closeRooms([row.dataset.key], { graceSeconds: 0 }),
      ),
    ),
  );
  row.append(h('span', null, row.name, ' closes in ', row.left), row.now);
  return row;
}

function roundsText(round) {
  const started = clock(Date.parse(round.startedAt));
  const span = round.endedAt ? `${started}–${clock(Date.parse(round.endedAt))}` : `since ${started}`;
  const groups = round.groups.map((g) => `${g.displayName}: ${g.members.map(nameOf).join(', ')}`);
  return `Round ${round.number} (${span})${groups.length ? `: ${groups.join('; ')}` : ': nobody in a room yet'}.`;
}

function renderWorkshop() {
  const me = actor();
  const mgmt = me?.present && Array.isArray(me.rooms) ? me.management : undefined;
  const rooms = managerRooms();
  // Broadcast targets: every room, or one.
  const to = $('broadcast-to');
  const options = [['', 'Every room'], ...(rooms ?? []).map((r) => [r.threadId, r.displayName])];
  const signature = JSON.stringify(options);
  if (to.dataset.options !== signature) {
    const chosen = to.value;
    to.dataset.options = signature;
    replaceChildren(to, options.map(([value, label]) => h('option', { value }, label)));
    to.value = options.some(([value]) => value === chosen) ? chosen : '';
  }
  const requests = mgmt?.helpRequests ?? [];
  syncList($('help-list'), requests, (r) => r.threadId, createHelpRow, (row, r) => updateHelpRow(row, r, rooms));
  show($('help-empty'), requests.length === 0);
  const closings = (mgmt?.closings ?? []).filter((c) => c.closesAt);
  syncList($('closing-list'), closings, (c) => c.threadId, createClosingRow, (row, c) => {
    const name = rooms?.find((r) => r.threadId === c.threadId)?.displayName ?? 'A room';
    row.dataset.name = name;
    setText(row.name, name);
    setAttr(row.now, 'aria-label', `Close now ${name}`);
    row.closesAt = Date.parse(c.closesAt);
    setText(row.left, remaining(row.closesAt));
  });
  const rounds = mgmt?.rounds ?? [];
  const list = $('round-list');
  const lines = rounds.map(roundsText);
  if (list.dataset.lines !== JSON.stringify(lines)) {
    list.dataset.lines = JSON.stringify(lines);
    replaceChildren(list, lines.map((line) => h('li', null, line)));
  }
  show($('rounds-empty'), rounds.length === 0);
}

// ----- settings ------------------------------------------------------------------------

const settingsError = $('settings-error');
const allowReturn = $('allow-return');
const autoMove = $('auto-move');
let settingsPending = false;

$('limit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? event.target.querySelector('button[type=submit]');
  busy(button, () =>
    attempt(settingsError, `${who()} couldn’t set the time limit`, () => {
      const minutes = Number($('limit-minutes').value || 0);
      const seconds = Number($('limit-seconds').value || 0);
      if (!Number.isFinite(minutes) || !Number.isFinite(seconds) || minutes < 0 || seconds < 0) {
        throw new InputError('minutes and seconds must be numbers, zero or more');
      }
      const total = Math.round(minutes * 60 + seconds);
      if (total <= 0) throw new InputError('set a time limit longer than zero');
      // SPEC 11: the meeting's own duration, which starts when the rooms open (at once if
      // they are open) and ends with them.
      return management().updateSettings({ roomDurationSeconds: total });
    }),
  );
});

$('clear-limit').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(settingsError, `${who()} couldn’t clear the time limit`, () =>
      management().updateSettings({ roomDurationSeconds: null, roomEndTime: null }),
    ),
  ),
);

function settingToggle(input, describe, update) {
  input.addEventListener('change', () => {
    settingsPending = true;
    busy(null, async () => {
      await attempt(settingsError, `${who()} couldn’t ${describe(input.checked)}`, () =>
        management().updateSettings(update(input.checked)),
      );
      settingsPending = false;
    });
  });
}
settingToggle(
  allowReturn,
  (on) => (on ? 'allow returning early' : 'turn off returning early'),
  (on) => ({ disableReturnToMainMeeting: !on }),
);
settingToggle(
  autoMove,
  (on) => (on ? 'turn on auto-move' : 'turn off auto-move'),
  (on) => ({ autoMoveParticipantToBreakoutRoom: on }),
);

$('warning-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? event.target.querySelector('button[type=submit]');
  busy(button, () =>
    attempt(settingsError, `${who()} couldn’t set the closing warning`, () => {
      const seconds = Number($('warning-seconds').value);
      if (!Number.isInteger(seconds) || seconds < 0) throw new InputError('the warning is a whole number of seconds, 0 or more');
      return management().updateSettings({ closingWarningSeconds: seconds });
    }),
  );
});

function renderSettings() {
  if (settingsPending) return;
  const settings = currentSettings();
  allowReturn.checked = !settings?.disableReturnToMainMeeting;
  autoMove.checked = settings?.autoMoveParticipantToBreakoutRoom !== false;
  const warning = $('warning-seconds');
  if (settings?.closingWarningSeconds !== undefined && document.activeElement !== warning) {
    warning.value = String(settings.closingWarningSeconds);
  }
}

// ----- the countdown -------------------------------------------------------------------

function remaining(end) {
  const seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function countdownText(settings = currentSettings()) {
  const end = endTimeOf(settings);
  const waiting = settings?.roomDurationSeconds;
  if (end === null && waiting !== undefined) {
    return { text: `Time limit ${duration(waiting * 1000)}: it starts when the rooms open.`, left: null, active: false };
  }
  if (end === null) return { text: 'No time limit.', left: null, active: false };
  if (end <= Date.now()) return { text: 'Time is up: closing the rooms…', left: '0:00', active: true };
  return { text: `Rooms close in ${remaining(end)} (at ${clock(end)}).`, left: remaining(end), active: true };
}

function renderCountdowns() {
  const { text, active } = countdownText();
  for (const el of [$('console-countdown'), $('board-countdown')]) {
    setText(el, text);
    el.classList.toggle('active', active);
  }
  // Each pane shows what that person knows: managers the meeting's settings, the others
  // their breakout call's (SPEC 6.1), so only while in a room.
  for (const pane of $('panes').children) {
    const own = pane.person.settings ? countdownText(pane.person.settings).left : null;
    show(pane.timeRow, own !== null && pane.person.present);
    if (own !== null) setText(pane.timeLeft, own);
    // SPEC 11: the closing countdown everyone inside a closing room sees.
    const closing = pane.person.roomClosing?.closesAt;
    show(pane.closingRow, Boolean(closing));
    if (closing) setText(pane.closingLeft, remaining(Date.parse(closing)));
  }
  for (const item of $('closing-list').children) {
    setText(item.left, remaining(item.closesAt));
  }
}
setInterval(renderCountdowns, 250);

// ----- the board: who is where ---------------------------------------------------------

function boardModel() {
  const rooms = managerRooms();
  const list = rooms
    ? rooms.map((r) => ({
        threadId: r.threadId,
        name: r.displayName,
        state: r.state,
        invitees: (r.invitees ?? []).map((i) => i.identifier?.communicationUserId),
      }))
    : [];
  if (!rooms) {
    // No manager in the page: what each person knows of their own room.
    for (const p of people) {
      const room = p.assignedRoom;
      if (!room) continue;
      let entry = list.find((r) => r.threadId === room.threadId);
      if (!entry) list.push((entry = { threadId: room.threadId, name: room.displayName, state: room.state, invitees: [] }));
      entry.invitees.push(p.userId);
    }
  }
  const where = new Map(people.map((p) => [p.userId, p.whereabouts]));
  const main = [];
  const left = [];
  const inRoom = new Map(list.map((r) => [r.threadId, []]));
  for (const p of people) {
    const w = where.get(p.userId);
    if (w.kind === 'left') left.push(p.displayName);
    else if (w.kind === 'main') main.push(p.displayName);
    else if (w.kind === 'connecting') main.push(`${p.displayName} (connecting)`);
    else {
      const label = w.kind === 'joining' ? `${p.displayName} (joining)` : p.displayName;
      if (!inRoom.has(w.room.threadId)) {
        list.push({ threadId: w.room.threadId, name: w.room.displayName, state: w.room.state, invitees: [] });
        inRoom.set(w.room.threadId, []);
      }
      inRoom.get(w.room.threadId).push(label);
    }
  }
  const cards = list.map((r) => {
    const here = inRoom.get(r.threadId);
    const elsewhere = r.invitees
      .filter((id) => {
        const w = where.get(id);
        return !(w && (w.kind === 'room' || w.kind === 'joining') && w.room.threadId === r.threadId);
      })
      .map((id) => {
        const w = where.get(id);
        const name = nameOf({ communicationUserId: id });
        if (!w) return name;
        if (w.kind === 'left') return `${name} (left)`;
        if (w.kind === 'room' || w.kind === 'joining') return `${name} (in ${w.room.displayName})`;
        return `${name} (main meeting)`;
      });
    return { name: r.name, state: r.state, here, elsewhere };
  });
  return { main, left, cards };
}

function boardCard(title, { state, here, elsewhere, emptyText, extraClass }) {
  const headingId = uid('board');
  const badge = state ? h('span', { class: `badge ${state}` }, state === 'open' ? 'Open' : 'Closed') : null;
  return h(
    'section',
    { class: `board-card ${extraClass ?? ''}`, 'aria-labelledby': headingId },
    h('div', { class: 'board-card-head' }, h('h3', { id: headingId }, title), badge),
    here.length
      ? h('ul', { class: 'names' }, here.map((n) => h('li', null, n)))
      : h('p', { class: 'empty' }, emptyText),
    elsewhere?.length ? h('p', { class: 'muted small' }, `Assigned, not here: ${elsewhere.join(', ')}`) : null,
  );
}

let lastBoard = '';
function renderBoard() {
  const model = boardModel();
  const signature = JSON.stringify(model);
  if (signature === lastBoard) return;
  lastBoard = signature;
  const cards = [
    boardCard('Main meeting', { here: model.main, emptyText: 'Nobody.', extraClass: 'main-card' }),
    ...model.cards.map((c) => boardCard(c.name, { ...c, emptyText: 'Nobody in the room.' })),
  ];
  if (model.left.length) cards.push(boardCard('Left the meeting', { here: model.left, emptyText: '', extraClass: 'left-card' }));
  replaceChildren($('board'), cards);
}

// ----- participant panes ---------------------------------------------------------------

function whereText(person) {
  const w = person.whereabouts;
  switch (w.kind) {
    case 'left':
      return person.joinError ? `Not in the meeting: ${person.joinError}.` : 'Left the meeting.';
    case 'connecting':
      return 'Connecting to the meeting…';
    case 'joining':
      return `Joining ${w.room.displayName}…`;
    case 'room':
      return w.visiting ? `Visiting breakout room ${w.room.displayName}.` : `In breakout room ${w.room.displayName}.`;
    default:
      return 'In the main meeting.';
  }
}

function fact(term) {
  const dd = h('dd');
  const row = h('div', null, h('dt', null, term), dd);
  return [row, dd];
}

function createPane(person) {
  const headingId = uid('pane');
  const logId = uid('log');
  const pane = h('section', { class: 'pane', 'aria-labelledby': headingId });
  pane.person = person;
  pane.roleEl = h('span', { class: 'badge role' });
  pane.whereEl = h('p', { class: 'where' });
  const [mainRow, mainState] = fact('Main call');
  const [breakoutRow, breakoutState] = fact('Breakout call');
  const [roomRow, roomEl] = fact('Assigned room');
  const [timeRow, timeLeft] = fact('Time left');
  const [closingRow, closingLeft] = fact('Room closes in');
  const [helpRow, helpEl] = fact('Help');
  const [messageRow, messageEl] = fact('Message');
  Object.assign(pane, { mainState, breakoutState, roomEl, timeRow, timeLeft, closingRow, closingLeft, helpRow, helpEl, messageRow, messageEl });
  closingRow.hidden = true;
  closingLeft.classList.add('countdown', 'active');
  helpRow.hidden = true;
  messageRow.hidden = true;
  timeRow.hidden = true;
  timeLeft.classList.add('countdown');
  pane.error = h('p', { class: 'error', role: 'alert' });
  // Why Join or Return is not available right now, in words (the buttons point at it).
  pane.reason = h('p', { class: 'hint reason', id: uid('reason') });
  const name = person.displayName;

  const act = (button, action, fn) =>
    busy(button, async () => {
      const hadFocus = pane.contains(document.activeElement);
      await attempt(pane.error, action(), fn);
      render();
      // The button pressed may have gone (Join becomes Return): keep focus in the pane.
      if (hadFocus && (button.hidden || !pane.contains(document.activeElement))) {
        pane.querySelector('.actions button:not([hidden])')?.focus();
      }
    });
  pane.joinButton = h('button', { type: 'button', class: 'primary' });
  pane.joinButton.addEventListener('click', () =>
    act(pane.joinButton, () => `${name} couldn’t join ${person.assignedRoom?.displayName ?? 'the room'}`, () =>
      person.joinRoom(),
    ),
  );
  // The accessible name starts with the visible text (WCAG 2.5.3, axe's label-content-name-mismatch).
  pane.returnButton = h('button', { type: 'button', 'aria-label': `Return to main meeting as ${name}` }, 'Return to main');
  pane.returnButton.addEventListener('click', () =>
    act(pane.returnButton, () => `${name} couldn’t return to the main meeting`, () => person.returnToMain()),
  );
  // SPEC 11: someone in a room asks the managers for help.
  pane.helpButton = h('button', { type: 'button', 'aria-label': `Ask for help as ${name}` }, 'Ask for help');
  pane.helpButton.addEventListener('click', () =>
    act(pane.helpButton, () => `${name} couldn’t ask for help`, () => person.askForHelp()),
  );
  pane.leaveButton = h('button', { type: 'button', class: 'danger', 'aria-label': `Leave the meeting as ${name}` }, 'Leave');
  pane.leaveButton.addEventListener('click', () =>
    act(pane.leaveButton, () => `${name} couldn’t leave`, () => person.leave()),
  );
  pane.rejoinButton = h('button', { type: 'button', class: 'primary', 'aria-label': `Rejoin the meeting as ${name}` }, 'Rejoin');
  pane.rejoinButton.addEventListener('click', () =>
    act(pane.rejoinButton, () => `${name} couldn’t rejoin`, () => person.joinMain()),
  );
  pane.removeButton = h('button', { type: 'button', 'aria-label': `Remove ${name} from this page` }, 'Remove');
  pane.removeButton.addEventListener('click', () =>
    act(pane.removeButton, () => `${name} couldn’t be removed`, async () => {
      await person.dispose();
      people.splice(people.indexOf(person), 1);
      if (actorId === person.userId) actorId = null;
      $('participants-heading').focus();
    }),
  );

  const log = h('ol', { class: 'log', id: logId, 'aria-live': 'polite', 'aria-label': `${name}’s events`, tabindex: '0' });
  const addEntry = (entry) => {
    log.append(
      h(
        'li',
        null,
        h('time', { datetime: new Date(entry.at).toISOString() }, clock(entry.at)),
        ' ',
        h('span', { class: 'event-type' }, entry.type),
        ' ',
        h('span', { class: 'event-summary' }, entry.summary),
      ),
    );
    while (log.children.length > 100) log.firstElementChild.remove();
    log.scrollTop = log.scrollHeight;
  };
  for (const entry of person.log) addEntry(entry);
  person.logListeners.add(addEntry);

  pane.append(
    h('div', { class: 'pane-head' }, h('h3', { id: headingId }, name), pane.roleEl),
    pane.whereEl,
    h('dl', { class: 'facts' }, mainRow, breakoutRow, roomRow, timeRow, closingRow, helpRow, messageRow),
    h(
      'div',
      { class: 'actions' },
      pane.joinButton,
      pane.returnButton,
      pane.helpButton,
      pane.leaveButton,
      pane.rejoinButton,
      pane.removeButton,
    ),
    pane.reason,
    pane.error,
    h('h4', { class: 'log-heading' }, 'Events'),
    log,
  );
  return pane;
}

function updatePane(pane, person) {
  const w = person.whereabouts;
  const name = person.displayName;
  // An error is about what was tried from where the person was: once they are somewhere
  // else, it no longer applies.
  const place = `${w.kind} ${w.room?.threadId ?? ''}`;
  if (pane.place !== undefined && pane.place !== place) clearError(pane.error);
  pane.place = place;
  setText(pane.roleEl, roleLabel(person.role));
  setText(pane.whereEl, whereText(person));
  pane.whereEl.dataset.kind = w.kind;
  pane.classList.toggle('away', w.kind === 'left');
  setText(pane.mainState, person.call?.state ?? 'None');
  setText(pane.breakoutState, person.breakoutCall?.state ?? 'none');
  // The same truth as the board: once someone has left, the host keeps their assignment.
  const room = assignmentOf(person);
  setText(pane.roomEl, room ? `${room.displayName} (${room.state})` : 'none');
  const reasons = [];
  const offerJoin = Boolean(room) && w.kind === 'main' && person.call?.state === 'Connected';
  show(pane.joinButton, offerJoin);
  if (room) {
    setText(pane.joinButton, `Join ${room.displayName}`);
    setAttr(pane.joinButton, 'aria-label', `Join ${room.displayName} as ${name}`);
  }
  // Joining a closed room is refused (412/46256): offered only once the room is open.
  const joinClosed = offerJoin && room.state !== 'open';
  pane.joinButton.disabled = joinClosed;
  if (joinClosed) reasons.push(`${room.displayName} is closed: ${name} can join once it opens.`);
  const offerReturn = w.kind === 'room' || w.kind === 'joining';
  show(pane.returnButton, offerReturn);
  // Leaving early while it is turned off is refused (403/46907): say so instead.
  // A visiting manager may always leave: the setting holds a room's own people.
  const returnOff = offerReturn && !w.visiting && person.returnDisabled;
  pane.returnButton.disabled = returnOff;
  if (returnOff) reasons.push('Returning to the main meeting early is turned off.');
  setText(pane.reason, reasons.join(' '));
  show(pane.reason, reasons.length > 0);
  setAttr(pane.joinButton, 'aria-describedby', joinClosed ? pane.reason.id : null);
  setAttr(pane.returnButton, 'aria-describedby', returnOff ? pane.reason.id : null);
  show(pane.helpButton, w.kind === 'room' && !w.visiting);
  const help = person.helpRequest;
  show(pane.helpRow, Boolean(help) && w.kind === 'room');
  if (help) {
    setText(
      pane.helpEl,
      help.state === 'acknowledged' ? `${nameOf(help.acknowledgedBy)} is on the way` : 'asked, waiting for a manager',
    );
  }
  const message = person.lastBroadcast;
  show(pane.messageRow, Boolean(message) && w.kind !== 'left');
  if (message) setText(pane.messageEl, `${message.sender.displayName}: ${message.text}`);
  show(pane.leaveButton, w.kind !== 'left');
  show(pane.rejoinButton, w.kind === 'left');
  show(pane.removeButton, w.kind === 'left');
}

function renderPanes() {
  syncList($('panes'), people, (p) => p.userId, createPane, updatePane);
  show($('panes-empty'), people.length === 0);
}

// ----- adding people -------------------------------------------------------------------

function userIdFor(displayName) {
  const base =
    displayName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'guest';
  // Across tabs, two people may type the same name: each tab's ids are its own.
  let id = SHARED ? `${base}-${TAB_SUFFIX}` : base;
  for (let n = 2; byUserId(id); n += 1) id = `${SHARED ? `${base}-${TAB_SUFFIX}` : base}-${n}`;
  return id;
}

const TAB_SUFFIX = Math.random().toString(36).slice(2, 6);

async function addPerson(displayName, role) {
  const userId = userIdFor(displayName);
  const person = await Participant.join({
    userId,
    displayName,
    role,
    meetingLink: MEETING_LINK,
    transport: TRANSPORT,
    onChange: schedule,
  });
  person.nameOf = nameOf; // its log names people as the page does
  people.push(person);
  if (!actor() || (!isManagerRole(actor().role) && isManagerRole(role))) actorId = userId;
  render();
  return person;
}

const addForm = $('add-form');
const addName = $('add-name');
const addRole = $('add-role');
const addError = $('add-error');

addForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = addName.value.trim();
  const button = event.submitter ?? addForm.querySelector('button[type=submit]');
  busy(button, async () => {
    const ok = await attempt(addError, `Couldn’t add ${name || 'that person'}`, () => {
      if (!name) throw new InputError('enter a name first');
      return addPerson(name, addRole.value);
    });
    if (ok) {
      addName.value = '';
      // Back to the default role, so the next person typed is not an organizer by accident.
      addRole.value = 'attendee';
      addName.focus();
    }
  });
});

$('add-sample').addEventListener('click', (event) =>
  busy(event.currentTarget, () =>
    attempt(addError, 'Couldn’t add the sample group', async () => {
      for (const [name, role] of SAMPLE) {
        if (!people.some((p) => p.displayName === name && p.present)) await addPerson(name, role);
      }
    }),
  ),
);

// ----- ready ---------------------------------------------------------------------------

if (ROLES.length !== addRole.options.length) throw new Error('role list out of step');
setText($('meeting-link'), MEETING_LINK);
if (ON_SERVER) {
  setText(
    $('scope'),
    `on the meeting server at ${location.host}, shared by every browser that opens this page with ?meeting=${SHARED}&server: add one person here, another on the next device.`,
  );
} else if (SHARED) {
  setText(
    $('scope'),
    `shared by every tab of this browser that opens this page with ?meeting=${SHARED}: add one person here, another in the next tab.`,
  );
}
$('share-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('share-name').value.trim();
  if (name) location.search = `?meeting=${encodeURIComponent(name)}${ON_SERVER ? '&server' : ''}`;
});
render();
// Importing the package loads nothing (SPEC 5a); the page loads the engine now, so the first
// person joins at once and a failure to load is shown here rather than on first use.
init().then(
  () => {
    $('add-fields').disabled = false;
    setText($('status'), 'Ready.');
    document.documentElement.dataset.ready = 'true';
    clearError(addError);
    render();
  },
  (error) => {
    setText($('status'), `The meeting engine could not be loaded: ${error?.message ?? error}`);
  },
);
