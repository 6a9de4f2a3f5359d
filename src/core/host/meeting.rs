//! The meeting's state and the rules of every management command.
//!
//! Each command validates everything first and only then changes state, so a rejected
//! command changes nothing and leaves the revision as it was.

mod broadcast;
mod closing;
mod grouping;
mod help;
mod rounds;
mod workshop;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::core::index_map::{IndexMap, IndexSet};
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::hands::Hands;
use super::presence::{Location, Presence};
use crate::core::command::Command;
use crate::core::error::Error;
use crate::core::hand::HandChange;
use crate::core::identity::{Identifier, Member, Role};
use crate::core::limits::{Limit, Limits};
use crate::core::protocol::{MeetingKind, Place};
use crate::core::room::{RoomSpec, RoomState, RoomView};
use crate::core::settings::{Settings, SettingsPatch};
pub(crate) use workshop::Workshop;

/// A participant's index in the roster; stable for the meeting's life.
pub(crate) type Slot = u32;
/// A room's index; never reused, so it also orders rooms by creation.
pub(crate) type RoomId = u32;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingConfig {
    pub kind: MeetingKind,
    /// The policy switch: when false, every breakout-room request fails with 405/46251.
    pub breakout_rooms_enabled: bool,
    pub limits: Limits,
    /// Seeds thread ids and automatic assignment when a command gives no seed.
    pub seed: u64,
    /// How long a participant whose transport dropped stays in the meeting, waiting to
    /// resume (SPEC 9).
    #[serde(default = "default_grace")]
    pub reconnect_grace_ms: u64,
}

/// SPEC 9's default grace period.
pub const RECONNECT_GRACE_MS: u64 = 30_000;

fn default_grace() -> u64 {
    RECONNECT_GRACE_MS
}

impl Default for MeetingConfig {
    fn default() -> Self {
        MeetingConfig {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            limits: Limits::default(),
            seed: 0,
            reconnect_grace_ms: RECONNECT_GRACE_MS,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Participant {
    pub identifier: Identifier,
    pub display_name: String,
    pub role: Role,
    pub present: bool,
    pub assignment: Option<RoomId>,
    pub location: Option<Location>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Room {
    pub thread_id: String,
    pub display_name: String,
    pub state: RoomState,
    /// In the order they were assigned; managers' clients replay the same operations, so
    /// they list invitees in the same order.
    pub invitees: IndexSet<Slot>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Meeting {
    config: MeetingConfig,
    participants: Vec<Participant>,
    by_raw_id: IndexMap<String, Slot>,
    /// Managers who are present: they receive every room change.
    managers: IndexSet<Slot>,
    /// In creation order.
    rooms: IndexMap<RoomId, Room>,
    by_thread: IndexMap<String, RoomId>,
    next_room: RoomId,
    thread_tag: u32,
    settings: Settings,
    revision: u64,
    #[serde(with = "seeded")]
    rng: fastrand::Rng,
    pub presence: Presence,
    pub hands: Hands,
    /// Countdowns, help requests, broadcasts and rounds (SPEC 11).
    pub workshop: Workshop,
}

impl Meeting {
    pub fn new(config: MeetingConfig) -> Self {
        let mut rng = fastrand::Rng::with_seed(config.seed);
        Meeting {
            thread_tag: rng.u32(..),
            rng,
            config,
            participants: Vec::new(),
            by_raw_id: IndexMap::new(),
            managers: IndexSet::new(),
            rooms: IndexMap::new(),
            by_thread: IndexMap::new(),
            next_room: 1,
            settings: Settings::default(),
            revision: 0,
            presence: Presence::default(),
            hands: Hands::default(),
            workshop: Workshop::default(),
        }
    }

    // ----- getters -----

    pub fn config(&self) -> &MeetingConfig {
        &self.config
    }

    pub fn set_listing(&mut self, max_visible_participants: u32, visible_refresh_ms: u32) {
        let limits = &mut self.config.limits;
        if (limits.max_visible_participants, limits.visible_refresh_ms)
            != (max_visible_participants, visible_refresh_ms)
        {
            limits.max_visible_participants = max_visible_participants;
            limits.visible_refresh_ms = visible_refresh_ms;
            self.presence.relist_all();
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    pub fn participant(&self, slot: Slot) -> &Participant {
        &self.participants[slot as usize]
    }

    pub fn participants(&self) -> impl Iterator<Item = (Slot, &Participant)> {
        (0..).zip(self.participants.iter())
    }

    pub fn slot_of(&self, identifier: &Identifier) -> Option<Slot> {
        self.by_raw_id.get(&identifier.raw_id()).copied()
    }

    pub fn present_managers(&self) -> impl Iterator<Item = Slot> + '_ {
        self.managers.iter().copied()
    }

    pub fn room(&self, id: RoomId) -> Option<&Room> {
        self.rooms.get(&id)
    }

    pub fn room_ids(&self) -> impl Iterator<Item = RoomId> + '_ {
        self.rooms.keys().copied()
    }

    pub fn member(&self, slot: Slot) -> Member {
        let p = self.participant(slot);
        Member {
            identifier: p.identifier.clone(),
            display_name: p.display_name.clone(),
        }
    }

    /// The protocol's name for a place; `None` for a room deleted since.
    pub fn place(&self, location: Location) -> Option<Place> {
        match location {
            Location::Main => Some(Place::Main),
            Location::Room(id) => self.rooms.get(&id).map(|r| Place::Room {
                thread_id: r.thread_id.clone(),
            }),
        }
    }

    /// A room as participants see it; `with_invitees` only for managers.
    pub fn room_view(&self, id: RoomId, with_invitees: bool) -> Option<RoomView> {
        let room = self.rooms.get(&id)?;
        Some(RoomView {
            thread_id: room.thread_id.clone(),
            display_name: room.display_name.clone(),
            state: room.state,
            auto_move_participant_to_breakout_room: self
                .settings
                .auto_move_participant_to_breakout_room,
            invitees: with_invitees.then(|| {
                room.invitees
                    .iter()
                    .map(|s| self.participant(*s).identifier.clone())
                    .collect()
            }),
        })
    }

    /// The host's next wake-up: the room end time, its warning, or a pending close.
    pub fn deadline(&self) -> Option<u64> {
        self.settings
            .room_end_time
            .into_iter()
            .chain(self.closing_deadline())
            .min()
    }

    // ----- roster -----

    /// Admits a participant to the main meeting (again, if they were here before).
    pub fn join(
        &mut self,
        identifier: &Identifier,
        display_name: &str,
        role: Role,
    ) -> Result<Slot, Error> {
        if let Some(problem) = identifier.problem() {
            return Err(Error::invalid(
                "participant",
                format!("identifier {problem}"),
            ));
        }
        let limit = self.config.limits.max_display_name_chars;
        let chars = display_name.chars().count() as u64;
        if chars > u64::from(limit) {
            return Err(Error::LimitExceeded {
                what: Limit::DisplayNameChars,
                limit: limit.into(),
                requested: chars,
            });
        }
        let raw_id = identifier.raw_id();
        let slot = match self.by_raw_id.get(&raw_id) {
            Some(&slot) if self.participant(slot).present => {
                return Err(Error::AlreadyJoined {
                    participant: raw_id,
                })
            }
            Some(&slot) => {
                let p = &mut self.participants[slot as usize];
                // A grant by the organizer outlives a rejoin with an attendee token.
                if !(role == Role::Attendee && p.role == Role::BreakoutRoomManager) {
                    p.role = role;
                }
                p.display_name = display_name.to_owned();
                slot
            }
            None => {
                let max = self.config.limits.max_participants;
                let known = self.participants.len() as u64;
                let full = |limit: u64| Error::LimitExceeded {
                    what: Limit::Participants,
                    limit,
                    requested: known + 1,
                };
                if known >= u64::from(max) {
                    return Err(full(max.into()));
                }
                // Out of memory is the same answer, with the limit the meeting really has,
                // rather than an abort (a trap that poisons a wasm instance).
                if self.participants.try_reserve(1).is_err()
                    || self.by_raw_id.try_reserve(1).is_err()
                {
                    return Err(full(known));
                }
                let slot = self.participants.len() as Slot;
                self.participants.push(Participant {
                    identifier: identifier.clone(),
                    display_name: display_name.to_owned(),
                    role,
                    present: false,
                    assignment: None,
                    location: None,
                });
                self.by_raw_id.insert(raw_id, slot);
                slot
            }
        };
        self.participants[slot as usize].present = true;
        if self.participant(slot).role.is_manager() {
            self.managers.insert(slot);
        }
        self.move_to(slot, Some(Location::Main));
        Ok(slot)
    }

    /// The participant left; their assignment stays for when they come back.
    pub fn leave(&mut self, slot: Slot) {
        self.participants[slot as usize].present = false;
        self.managers.swap_remove(&slot);
        self.move_to(slot, None);
    }

    fn move_to(&mut self, slot: Slot, to: Option<Location>) {
        let p = &mut self.participants[slot as usize];
        let from = std::mem::replace(&mut p.location, to);
        let manager = p.role.is_manager();
        self.presence.moved(slot, from, to, manager);
        if from != to {
            self.hands.follow(slot, to);
        }
    }

    /// Raises or lowers hands in the place `slot` is in (everyone may raise and lower their
    /// own; lowering others' is for managers). Validates everything before changing anything.
    pub fn change_hands(&mut self, slot: Slot, change: &HandChange) -> Result<(), Error> {
        let participant = self.participant(slot);
        let at = participant.location.ok_or(Error::NotConnected)?;
        if change.needs_manager() && !participant.role.is_manager() {
            return Err(Error::NotAManager {
                operation: change.name().into(),
            });
        }
        match change {
            HandChange::Raise => self.hands.raise(slot, at),
            HandChange::Lower => {
                self.hands.lower(slot);
            }
            HandChange::LowerHands { participants } => {
                let slots = participants
                    .iter()
                    .map(|id| {
                        self.slot_of(id).ok_or_else(|| Error::UnknownParticipant {
                            participant: id.raw_id(),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                for target in slots {
                    if self.hands.is_raised_at(target, at) {
                        self.hands.lower(target);
                    }
                }
            }
            HandChange::LowerAll => {
                for (target, _) in self.hands.raised_at(at) {
                    self.hands.lower(target);
                }
            }
        }
        Ok(())
    }

    // ----- a participant's own moves -----

    pub fn check_breakout_rooms(&self) -> Result<(), Error> {
        if self.config.kind != MeetingKind::Meeting {
            Err(Error::NotAMeeting)
        } else if !self.config.breakout_rooms_enabled {
            Err(Error::BreakoutRoomsDisabled)
        } else {
            Ok(())
        }
    }

    pub fn enter_room(&mut self, slot: Slot, thread_id: &str) -> Result<(), Error> {
        self.check_breakout_rooms()?;
        let room = self.room_id(thread_id)?;
        if self.participant(slot).assignment != Some(room) {
            return Err(Error::NotAssigned);
        }
        self.go_into(slot, room, thread_id)
    }

    /// `mgmt.visitRoom(threadId)`: a manager goes into any open room without being assigned.
    pub fn visit_room(&mut self, slot: Slot, thread_id: &str) -> Result<(), Error> {
        self.check_breakout_rooms()?;
        if !self.participant(slot).role.is_manager() {
            return Err(Error::NotAManager {
                operation: "visitRoom".into(),
            });
        }
        let room = self.room_id(thread_id)?;
        self.go_into(slot, room, thread_id)
    }

    fn go_into(&mut self, slot: Slot, room: RoomId, thread_id: &str) -> Result<(), Error> {
        if self.rooms.get(&room).map(|r| r.state) != Some(RoomState::Open) {
            return Err(Error::RoomClosed {
                thread_id: thread_id.to_owned(),
            });
        }
        self.move_to(slot, Some(Location::Room(room)));
        self.tell_closing_on_arrival(slot, room);
        Ok(())
    }

    pub fn return_to_main(&mut self, slot: Slot) -> Result<(), Error> {
        if let Some(Location::Room(room)) = self.participant(slot).location {
            // A visiting manager is not held by the setting: it is for the room's own people.
            let visiting = self.participant(slot).assignment != Some(room);
            if self.settings.disable_return_to_main_meeting && !visiting {
                return Err(Error::ReturnToMainDisabled);
            }
            self.move_to(slot, Some(Location::Main));
        }
        Ok(())
    }

    // ----- management -----

    /// Runs one management command from `actor`, all or nothing.
    pub fn execute(
        &mut self,
        now: u64,
        actor: Slot,
        command: &Command,
        expected_revision: Option<u64>,
    ) -> Result<Change, Error> {
        self.check_breakout_rooms()?;
        let role = self.participant(actor).role;
        if command.needs_organizer() && role != Role::Organizer {
            return Err(Error::NotOrganizer {
                operation: command.name().to_owned(),
            });
        }
        if !role.is_manager() {
            return Err(Error::NotAManager {
                operation: command.name().to_owned(),
            });
        }
        if let Some(expected) = expected_revision.filter(|e| *e != self.revision) {
            return Err(Error::StaleRevision {
                expected,
                actual: self.revision,
            });
        }
        let mut change = Change::default();
        let open_before = self.open_room_count();
        let mut duration_given = false;
        match command {
            Command::CreateRooms { rooms } => {
                let names = self.room_names(rooms, self.rooms.len() as u64)?;
                self.first_round(now);
                for name in names {
                    self.create_room(name, &mut change);
                }
            }
            Command::RecreateRooms { rooms } => {
                let names = self.room_names(rooms, 0)?;
                self.next_round(now);
                let all: Vec<RoomId> = self.rooms.keys().copied().collect();
                for id in all {
                    self.delete_room(id, &mut change);
                }
                for name in names {
                    self.create_room(name, &mut change);
                }
            }
            Command::RenameRoom {
                thread_id,
                display_name,
            } => {
                let id = self.room_id(thread_id)?;
                let name = self.room_name(display_name)?;
                if let Some(room) = self.rooms.get_mut(&id) {
                    if room.display_name != name {
                        room.display_name = name;
                        change.room_meta.insert(id);
                    }
                }
            }
            Command::DeleteRoom { thread_id } => {
                let id = self.room_id(thread_id)?;
                self.delete_room(id, &mut change);
            }
            Command::AssignParticipants {
                thread_id,
                participants,
            } => {
                let id = self.room_id(thread_id)?;
                let slots = self.slots(participants)?;
                for slot in slots {
                    self.assign(slot, Some(id), &mut change);
                }
            }
            Command::UnassignParticipants { participants } => {
                let slots = self.slots(participants)?;
                for slot in slots {
                    self.assign(slot, None, &mut change);
                }
            }
            Command::AssignAutomatically { seed } => {
                if self.rooms.is_empty() {
                    return Err(Error::NoRooms);
                }
                let seed = seed.unwrap_or_else(|| self.rng.u64(..));
                self.assign_automatically(now, seed, &mut change);
            }
            Command::AssignByRules { rules } => {
                change.grouping = Some(self.assign_by_rules(now, rules, &mut change)?);
            }
            Command::OpenRooms { thread_ids } => {
                let ids = self.room_ids_or_all(thread_ids.as_deref())?;
                for id in ids {
                    self.keep_open(id, &mut change);
                    self.set_state(id, RoomState::Open, &mut change);
                }
            }
            Command::CloseRooms {
                thread_ids,
                grace_seconds,
            } => {
                let ids = self.room_ids_or_all(thread_ids.as_deref())?;
                // SPEC 11: without a grace, the meeting's warning (60 s unless changed).
                let grace = grace_seconds.unwrap_or(self.settings.closing_warning_seconds);
                self.close_after(now, &ids, grace, &mut change)?;
            }
            Command::ExtendClosing {
                thread_ids,
                seconds,
            } => {
                let ids = self.some_room_ids(thread_ids.as_deref())?;
                self.extend_closing(ids.as_deref(), *seconds, &mut change)?;
            }
            Command::CancelClosing { thread_ids } => {
                let ids = self.some_room_ids(thread_ids.as_deref())?;
                self.cancel_closing(ids.as_deref(), &mut change)?;
            }
            Command::UpdateSettings { settings } => {
                duration_given = matches!(settings.room_duration_seconds, Some(Some(_)));
                self.update_settings(now, settings, &mut change)?;
            }
            Command::SetBreakoutRoomManager {
                participant,
                enabled,
            } => {
                let slot = self.slots(std::slice::from_ref(participant))?[0];
                self.grant(slot, *enabled, &mut change)?;
            }
        }
        self.follow_duration(now, open_before, duration_given, &mut change);
        if !change.is_empty() {
            self.revision += 1;
        }
        self.announce_closings(now);
        Ok(change)
    }

    /// Closes rooms whose pending close has come, and every room once the end time has.
    pub fn handle_timeout(&mut self, now: u64) -> Change {
        let mut change = Change::default();
        let open_before = self.open_room_count();
        self.close_due(now, &mut change);
        if self.settings.room_end_time.is_some_and(|end| end <= now) {
            self.settings.room_end_time = None;
            change.settings = true;
            let all: Vec<RoomId> = self.rooms.keys().copied().collect();
            for id in all {
                self.set_state(id, RoomState::Closed, &mut change);
            }
        }
        self.follow_duration(now, open_before, false, &mut change);
        if !change.is_empty() {
            self.revision += 1;
        }
        self.announce_closings(now);
        change
    }

    // ----- validation: reads only -----

    pub fn room_id(&self, thread_id: &str) -> Result<RoomId, Error> {
        self.by_thread
            .get(thread_id)
            .copied()
            .ok_or_else(|| Error::UnknownRoom {
                thread_id: thread_id.to_owned(),
            })
    }

    fn room_ids_or_all(&self, thread_ids: Option<&[String]>) -> Result<Vec<RoomId>, Error> {
        Ok(self
            .some_room_ids(thread_ids)?
            .unwrap_or_else(|| self.rooms.keys().copied().collect()))
    }

    fn some_room_ids(&self, thread_ids: Option<&[String]>) -> Result<Option<Vec<RoomId>>, Error> {
        thread_ids
            .map(|ids| ids.iter().map(|t| self.room_id(t)).collect())
            .transpose()
    }

    fn slots(&self, identifiers: &[Identifier]) -> Result<Vec<Slot>, Error> {
        identifiers
            .iter()
            .map(|id| {
                self.slot_of(id).ok_or_else(|| Error::UnknownParticipant {
                    participant: id.raw_id(),
                })
            })
            .collect()
    }

    fn room_name(&self, name: &str) -> Result<String, Error> {
        let trimmed = name.trim();
        let invalid = |reason: String| Error::InvalidRoomName {
            name: name.to_owned(),
            reason,
        };
        if trimmed.is_empty() {
            return Err(invalid("a room name must not be empty".into()));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(invalid(
                "a room name must not hold control characters".into(),
            ));
        }
        let max = self.config.limits.max_room_name_chars;
        let chars = trimmed.chars().count() as u64;
        if chars > u64::from(max) {
            return Err(Error::LimitExceeded {
                what: Limit::RoomNameChars,
                limit: max.into(),
                requested: chars,
            });
        }
        Ok(trimmed.to_owned())
    }

    /// The names for new rooms, checked against the limits given `existing` rooms.
    fn room_names(&self, spec: &RoomSpec, existing: u64) -> Result<Vec<String>, Error> {
        if spec.is_empty() {
            return Err(Error::invalid("rooms", "ask for at least one room"));
        }
        let max = u64::from(self.config.limits.max_rooms);
        if existing + spec.len() > max {
            return Err(Error::LimitExceeded {
                what: Limit::Rooms,
                limit: max,
                requested: existing + spec.len(),
            });
        }
        match spec {
            // Generated names obey the name limit too, like names a manager types.
            RoomSpec::Count(n) => (1..=u64::from(*n))
                .map(|i| self.room_name(&format!("Room {}", existing + i)))
                .collect(),
            RoomSpec::Names(names) => names.iter().map(|n| self.room_name(n)).collect(),
        }
    }

    // ----- changes: infallible, each records what it touched -----

    fn create_room(&mut self, display_name: String, change: &mut Change) -> RoomId {
        let id = self.next_room;
        self.next_room += 1;
        let thread_id = format!("19:breakout_{:08x}_{id}@thread.v2", self.thread_tag);
        self.by_thread.insert(thread_id.clone(), id);
        self.rooms.insert(
            id,
            Room {
                thread_id,
                display_name,
                state: RoomState::Closed,
                invitees: IndexSet::new(),
            },
        );
        change.room_meta.insert(id);
        change.created.push(id);
        id
    }

    // Helpers below take ids their callers validated; an unknown one does nothing, so no
    // input can panic the host.

    fn delete_room(&mut self, id: RoomId, change: &mut Change) {
        self.forget_workshop(id);
        self.evict(id);
        let invitees: Vec<Slot> = self
            .rooms
            .get(&id)
            .map(|r| r.invitees.iter().copied().collect())
            .unwrap_or_default();
        for slot in invitees {
            self.assign(slot, None, change);
        }
        let Some(room) = self.rooms.shift_remove(&id) else {
            return;
        };
        self.by_thread.swap_remove(&room.thread_id);
        change.room_meta.shift_remove(&id);
        change.created.retain(|c| *c != id);
        change.removed.push(room.thread_id);
    }

    fn assign(&mut self, slot: Slot, to: Option<RoomId>, change: &mut Change) {
        let p = &mut self.participants[slot as usize];
        let from = std::mem::replace(&mut p.assignment, to);
        if from == to {
            return;
        }
        let inside = p.location;
        if let Some(old) = from {
            if let Some(room) = self.rooms.get_mut(&old) {
                room.invitees.swap_remove(&slot);
            }
            if inside == Some(Location::Room(old)) {
                self.move_to(slot, Some(Location::Main));
            }
        }
        if let Some(new) = to {
            if let Some(room) = self.rooms.get_mut(&new) {
                room.invitees.insert(slot);
            }
        }
        change.assignments.insert(slot);
    }

    /// Every present, unassigned attendee, shuffled by `seed`, each to the room with the
    /// fewest invitees so far (ties to the older room), so sizes end up within one.
    fn assign_automatically(&mut self, now: u64, seed: u64, change: &mut Change) {
        let mut waiting = self.waiting();
        if !waiting.is_empty() {
            self.next_round(now);
        }
        fastrand::Rng::with_seed(seed).shuffle(&mut waiting);
        let mut smallest: BinaryHeap<Reverse<(usize, RoomId)>> = self
            .rooms
            .iter()
            .map(|(id, room)| Reverse((room.invitees.len(), *id)))
            .collect();
        // The shuffle decides who goes where; applying in roster order keeps memory access
        // sequential, which is most of the cost in a big meeting. Slots index the roster,
        // so putting them in order is a pass, not a sort.
        let mut room_of: Vec<Option<RoomId>> = vec![None; self.participants.len()];
        for slot in waiting {
            let Some(Reverse((size, id))) = smallest.pop() else {
                break;
            };
            if let Some(room) = room_of.get_mut(slot as usize) {
                *room = Some(id);
            }
            smallest.push(Reverse((size + 1, id)));
        }
        for (slot, id) in (0..).zip(room_of) {
            if let Some(id) = id {
                self.assign(slot, Some(id), change);
            }
        }
    }

    fn set_state(&mut self, id: RoomId, state: RoomState, change: &mut Change) {
        let Some(room) = self.rooms.get_mut(&id) else {
            return;
        };
        if room.state == state {
            return;
        }
        room.state = state;
        change.room_meta.insert(id);
        if state == RoomState::Closed {
            self.forget_workshop(id);
            self.evict(id);
        }
    }

    /// A room closing or going ends its pending close and its call for help.
    fn forget_workshop(&mut self, id: RoomId) {
        self.workshop.closings.forget(id);
        self.clear_help(id);
    }

    /// Sends everyone inside a room back to the main meeting.
    fn evict(&mut self, id: RoomId) {
        let inside: Vec<Slot> = self.presence.members(Location::Room(id)).collect();
        for slot in inside {
            self.move_to(slot, Some(Location::Main));
        }
    }

    fn update_settings(
        &mut self,
        now: u64,
        patch: &SettingsPatch,
        change: &mut Change,
    ) -> Result<(), Error> {
        if let Some(Some(end)) = patch.room_end_time {
            if end <= now {
                return Err(Error::invalid(
                    "roomEndTime",
                    format!("{end} is not in the future (now is {now})"),
                ));
            }
        }
        self.check_countdown_settings(
            patch.closing_warning_seconds,
            patch.room_duration_seconds,
            matches!(patch.room_end_time, Some(Some(_))),
        )?;
        let Some(next) = self.settings.patched(patch) else {
            return Ok(());
        };
        if next.auto_move_participant_to_breakout_room
            != self.settings.auto_move_participant_to_breakout_room
        {
            change.room_meta.extend(self.rooms.keys().copied());
        }
        self.settings = next;
        change.settings = true;
        Ok(())
    }

    fn grant(&mut self, slot: Slot, enabled: bool, change: &mut Change) -> Result<(), Error> {
        let p = &self.participants[slot as usize];
        let role = match (p.role, enabled) {
            (Role::Organizer | Role::CoOrganizer, _) => {
                return Err(Error::InvalidRoleChange {
                    participant: p.identifier.raw_id(),
                    reason: "organizers and co-organizers already manage rooms".into(),
                })
            }
            (_, true) => Role::BreakoutRoomManager,
            (_, false) => Role::Attendee,
        };
        if p.role != role {
            self.participants[slot as usize].role = role;
            if let Some(at) = self.participant(slot).location {
                self.presence.reranked(slot, at, role.is_manager());
            }
            if self.participant(slot).present && role.is_manager() {
                self.managers.insert(slot);
                self.welcome_workshop(slot, false);
            } else {
                self.managers.swap_remove(&slot);
                // A visit was a manager's: someone who is no longer one leaves a room that
                // is not theirs.
                let p = self.participant(slot);
                if let Some(Location::Room(room)) = p.location {
                    if p.assignment != Some(room) {
                        self.move_to(slot, Some(Location::Main));
                    }
                }
            }
            change.roles.push(slot);
        }
        Ok(())
    }
}

/// A generator is its seed: saved and restored, it goes on with the same numbers.
mod seeded {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(rng: &fastrand::Rng, s: S) -> Result<S::Ok, S::Error> {
        rng.get_seed().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<fastrand::Rng, D::Error> {
        u64::deserialize(d).map(fastrand::Rng::with_seed)
    }
}
