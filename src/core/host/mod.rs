//! The meeting host: one meeting, many participants' clients.
//!
//! Inputs are `handle_*` calls with the current time; outputs are drained with
//! [`Host::poll_transmit`] until it returns `None`, and [`Host::poll_timeout`] tells when to
//! call [`Host::handle_timeout`] next. The host never reads a clock or does I/O.

mod answers;
mod change;
mod hands;
mod meeting;
mod presence;
mod snapshot;
mod visibility;

use std::collections::VecDeque;
use std::sync::Arc;

use crate::core::index_map::{IndexMap, IndexSet};
use serde::{Deserialize, Serialize};

use answers::{Answers, Seen};
use meeting::{Meeting, Slot};
pub use meeting::{MeetingConfig, RECONNECT_GRACE_MS};
pub use snapshot::{Snapshot, SNAPSHOT_VERSION};

use super::command::Command;
use super::error::Error;
use super::hand::RaisedHand;
use super::identity::{Identifier, Role};
use super::limits::Limits;
use super::protocol::{ClientMessage, HostMessage, ManageOutcome, MeetingKind, Place, Reply};
use super::room::RoomView;
use super::roster::SharedRosters;
use super::settings::Settings;
use super::workshop::{HelpRequest, Round, WorkshopAction};

/// The transport's name for one connected client, chosen by whoever drives the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PeerId(pub u64);

/// A message for one client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transmit {
    pub to: PeerId,
    pub message: HostMessage,
}

/// Everything a host is, so that a snapshot restores it exactly (`snapshot.rs`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Host {
    meeting: Meeting,
    #[serde(with = "crate::core::index_map::serde_seq")]
    slot_of_peer: IndexMap<PeerId, Slot>,
    /// Indexed by slot: the roster is dense, and publishing walks it in order.
    peer_of_slot: Vec<Option<PeerId>>,
    /// Peers in this process, which read presence from the shared rosters.
    #[serde(skip)]
    local_peers: IndexSet<PeerId>,
    /// Present participants whose transport dropped, and when they are given up (SPEC 9).
    #[serde(with = "crate::core::index_map::serde_seq")]
    away: IndexMap<Slot, u64>,
    #[serde(with = "crate::core::index_map::serde_seq")]
    answers: IndexMap<Slot, Answers>,
    outbox: VecDeque<Transmit>,
    last_now: u64,
    /// Inputs taken so far by this host object (not part of a snapshot): a snapshot taken
    /// at one count is current until the count moves.
    #[serde(skip)]
    inputs: u64,
}

impl Host {
    pub fn new(config: MeetingConfig) -> Self {
        Host {
            meeting: Meeting::new(config),
            slot_of_peer: IndexMap::new(),
            peer_of_slot: Vec::new(),
            local_peers: IndexSet::new(),
            away: IndexMap::new(),
            answers: IndexMap::new(),
            outbox: VecDeque::new(),
            last_now: 0,
            inputs: 0,
        }
    }

    // ----- getters -----

    pub fn kind(&self) -> MeetingKind {
        self.meeting.config().kind
    }

    pub fn revision(&self) -> u64 {
        self.meeting.revision()
    }

    pub fn limits(&self) -> Limits {
        self.meeting.config().limits
    }

    pub fn settings(&self) -> Settings {
        self.meeting.settings()
    }

    /// Every room as a manager sees it, in creation order.
    pub fn rooms(&self) -> Vec<RoomView> {
        self.meeting
            .room_ids()
            .filter_map(|id| self.meeting.room_view(id, true))
            .collect()
    }

    /// The thread id of the room a participant is assigned to.
    pub fn assignment_of(&self, participant: &Identifier) -> Option<String> {
        let slot = self.meeting.slot_of(participant)?;
        let room = self.meeting.participant(slot).assignment?;
        self.meeting.room(room).map(|r| r.thread_id.clone())
    }

    /// Where a present participant is, as the host sees it.
    pub fn place_of(&self, participant: &Identifier) -> Option<Place> {
        let slot = self.meeting.slot_of(participant)?;
        let location = self.meeting.participant(slot).location?;
        self.meeting.place(location)
    }

    pub fn role_of(&self, participant: &Identifier) -> Option<Role> {
        let slot = self.meeting.slot_of(participant)?;
        Some(self.meeting.participant(slot).role)
    }

    /// Rooms whose people were told when they close (SPEC 11): thread id and time.
    pub fn closings(&self) -> Vec<(String, u64)> {
        self.meeting.closings()
    }

    /// Open calls for help, oldest first.
    pub fn help_requests(&self) -> Vec<HelpRequest> {
        self.meeting.help_requests()
    }

    /// The history of rounds, oldest first, the one running last.
    pub fn rounds(&self) -> Vec<Round> {
        self.meeting.rounds()
    }

    /// The peers connected now, in the order they were bound.
    pub fn peers(&self) -> impl Iterator<Item = PeerId> + '_ {
        self.slot_of_peer.keys().copied()
    }

    /// Whom a place lists, as everyone there was last told (SPEC 6.8): everyone there, or
    /// for a place with more than `max_visible_participants`, the first that many (managers
    /// first, then by arrival) as of the last publication, with the head count then.
    /// `None` for a room that does not exist.
    pub fn listed(&self, place: &Place) -> Option<(Vec<Identifier>, Option<u32>)> {
        let location = match place {
            Place::Main => presence::Location::Main,
            Place::Room { thread_id } => {
                presence::Location::Room(self.meeting.room_id(thread_id).ok()?)
            }
        };
        let (slots, total) = self.meeting.presence.listed(location);
        let listed = slots
            .into_iter()
            .map(|slot| self.meeting.participant(slot).identifier.clone())
            .collect();
        Some((listed, total))
    }

    /// Participants present now.
    pub fn present(&self) -> impl Iterator<Item = &Identifier> {
        self.meeting
            .participants()
            .filter(|(_, p)| p.present)
            .map(|(_, p)| &p.identifier)
    }

    // ----- input -----

    pub fn handle_message(&mut self, now: u64, from: PeerId, message: ClientMessage) {
        let now = self.input(now);
        let slot = self.slot_of_peer.get(&from).copied();
        match (message, slot) {
            (
                ClientMessage::Join {
                    participant,
                    display_name,
                    role,
                    resume,
                    ..
                },
                None,
            ) => self.join(from, &participant, &display_name, role, resume),
            // A resume sent twice (resent after another drop) resyncs again.
            (
                ClientMessage::Join {
                    participant,
                    resume: true,
                    ..
                },
                Some(slot),
            ) if self.meeting.slot_of(&participant) == Some(slot) => self.resync(from, slot),
            (ClientMessage::Join { participant, .. }, Some(_)) => self.send(
                from,
                HostMessage::JoinRefused {
                    error: Error::AlreadyJoined {
                        participant: participant.raw_id(),
                    },
                },
            ),
            (ClientMessage::Leave, Some(slot)) => self.leave(slot),
            (ClientMessage::Leave, None) => {}
            (ClientMessage::EnterRoom { thread_id }, slot) => {
                self.enter(from, slot, thread_id, Meeting::enter_room)
            }
            (ClientMessage::ReturnToMain, slot) => {
                let result = match slot {
                    Some(slot) => self.meeting.return_to_main(slot),
                    None => Err(Error::NotConnected),
                };
                self.send(
                    from,
                    match result {
                        Ok(()) => HostMessage::Returned,
                        Err(error) => HostMessage::Refused {
                            thread_id: None,
                            error,
                        },
                    },
                );
            }
            (ClientMessage::Hand { request, hand }, slot) => {
                if self.answered_before(from, slot, request) {
                    return;
                }
                let reply = match slot {
                    Some(slot) => match self.meeting.change_hands(slot, &hand) {
                        Ok(()) => Reply::Ok(self.outcome()),
                        Err(error) => Reply::Err(error),
                    },
                    None => Reply::Err(Error::NotConnected),
                };
                self.answer(from, slot, request, reply);
            }
            (
                ClientMessage::Manage {
                    request,
                    expected_revision,
                    command,
                },
                slot,
            ) => {
                if self.answered_before(from, slot, request) {
                    return;
                }
                let reply = match slot {
                    Some(slot) => match self.manage(now, slot, &command, expected_revision) {
                        Ok(outcome) => Reply::Ok(outcome),
                        Err(error) => Reply::Err(error),
                    },
                    None => Reply::Err(Error::NotConnected),
                };
                self.answer(from, slot, request, reply);
            }
            (ClientMessage::Workshop { request, action }, slot) => {
                if self.answered_before(from, slot, request) {
                    return;
                }
                let reply = match slot {
                    Some(slot) => match self.meeting.act(now, slot, &action) {
                        Ok(()) => Reply::Ok(self.outcome()),
                        Err(error) => Reply::Err(error),
                    },
                    None => Reply::Err(Error::NotConnected),
                };
                self.flush_workshop();
                self.answer(from, slot, request, reply);
            }
            (ClientMessage::VisitRoom { thread_id }, slot) => {
                self.enter(from, slot, thread_id, Meeting::visit_room)
            }
        }
        // What the workshop features have to say comes after the step's own answer.
        self.flush_workshop();
    }

    /// The transport to `peer` dropped without a goodbye: the participant stays in the
    /// meeting, in their place, for the grace period, and a `Join { resume }` takes the
    /// place again (SPEC 9). Past the grace period they leave.
    pub fn handle_transport_lost(&mut self, now: u64, peer: PeerId) {
        let now = self.input(now);
        self.local_peers.swap_remove(&peer);
        let Some(slot) = self.slot_of_peer.swap_remove(&peer) else {
            return;
        };
        if let Some(bound) = self.peer_of_slot.get_mut(slot as usize) {
            *bound = None;
        }
        let grace = self.meeting.config().reconnect_grace_ms;
        if grace == 0 {
            self.leave(slot);
        } else {
            self.away.insert(slot, now.saturating_add(grace));
        }
    }

    /// `peer` is a client in this process: it reads presence from the returned rosters, and
    /// no presence message is sent to it. Call before its join arrives.
    pub(crate) fn share_presence(&mut self, peer: PeerId) -> SharedRosters {
        self.local_peers.insert(peer);
        self.shared_rosters()
    }

    /// Every place's roster as last published, for clients in this process. Published from
    /// the first call on, so ask before anyone joins.
    pub(crate) fn shared_rosters(&mut self) -> SharedRosters {
        self.meeting.presence.shared()
    }

    /// Changes how many people each place lists and how often a bigger place's listing is
    /// refreshed (`Limits::max_visible_participants`, `visible_refresh_ms`): every place is
    /// listed anew by the next flush (a place now past the cap, once its refresh is due).
    pub fn set_listing(&mut self, max_visible_participants: u32, visible_refresh_ms: u32) {
        self.meeting
            .set_listing(max_visible_participants, visible_refresh_ms);
    }

    /// The transport to `peer` closed: the same as leaving.
    pub fn handle_disconnect(&mut self, now: u64, peer: PeerId) {
        self.input(now);
        self.local_peers.swap_remove(&peer);
        if let Some(&slot) = self.slot_of_peer.get(&peer) {
            self.leave(slot);
        }
    }

    /// Gives up on participants away past their grace period, and fires the room end timer,
    /// its warning and pending closes, whichever are due; extra calls do nothing.
    pub fn handle_timeout(&mut self, now: u64) {
        if self.poll_timeout().is_some_and(|due| due <= now) {
            self.inputs += 1;
        }
        let now = self.advance(now);
        let gone: Vec<Slot> = self
            .away
            .iter()
            .filter(|(_, until)| **until <= now)
            .map(|(slot, _)| *slot)
            .collect();
        for slot in gone {
            self.leave(slot);
        }
        let change = self.meeting.handle_timeout(now);
        self.publish(&change);
        self.flush_workshop();
        self.meeting.presence.wake(now);
    }

    /// Runs a management command as the participant on `peer`, as a `Manage` message would,
    /// but returns the outcome directly (for servers with an admin API, and tests).
    pub fn execute(
        &mut self,
        now: u64,
        peer: PeerId,
        command: &Command,
        expected_revision: Option<u64>,
    ) -> Result<ManageOutcome, Error> {
        let now = self.input(now);
        let slot = *self.slot_of_peer.get(&peer).ok_or(Error::NotConnected)?;
        self.manage(now, slot, command, expected_revision)
    }

    /// Runs a workshop action as the participant on `peer`, as a `Workshop` message would,
    /// but returns the outcome directly.
    pub fn act(&mut self, now: u64, peer: PeerId, action: &WorkshopAction) -> Result<(), Error> {
        let now = self.input(now);
        let slot = *self.slot_of_peer.get(&peer).ok_or(Error::NotConnected)?;
        let result = self.meeting.act(now, slot, action);
        self.flush_workshop();
        result
    }

    // ----- output -----

    /// The next message to send. Presence news is batched: it is published once the
    /// queue of everything else is empty.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        if self.outbox.is_empty() && self.meeting.presence.is_dirty() {
            self.flush_presence();
        }
        if self.outbox.is_empty() && self.meeting.hands.has_news() {
            self.flush_hands();
        }
        self.outbox.pop_front()
    }

    /// Whether [`Host::poll_transmit`] has anything to give.
    pub fn has_pending(&self) -> bool {
        !self.outbox.is_empty() || self.meeting.presence.is_dirty() || self.meeting.hands.has_news()
    }

    /// When [`Host::handle_timeout`] should next be called.
    pub fn poll_timeout(&self) -> Option<u64> {
        let away = self.away.values().copied().min();
        [
            self.meeting.deadline(),
            away,
            self.meeting.presence.next_due(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    // ----- internals -----

    /// How many inputs (messages, lost transports, timers that fired, direct commands) this
    /// host has taken. A snapshot shared at one count stays current until it moves, so a
    /// transport shares one only after a change.
    pub fn inputs(&self) -> u64 {
        self.inputs
    }

    fn input(&mut self, now: u64) -> u64 {
        self.inputs += 1;
        self.advance(now)
    }

    /// A `now` earlier than one already seen is taken as the one already seen.
    fn advance(&mut self, now: u64) -> u64 {
        self.last_now = self.last_now.max(now);
        self.last_now
    }

    fn send(&mut self, to: PeerId, message: HostMessage) {
        self.outbox.push_back(Transmit { to, message });
    }

    fn join(
        &mut self,
        peer: PeerId,
        participant: &Identifier,
        display_name: &str,
        role: Role,
        resume: bool,
    ) {
        let present = self
            .meeting
            .slot_of(participant)
            .filter(|slot| self.meeting.participant(*slot).present);
        if let Some(slot) = present {
            if resume {
                // The same client, back: its place, its requests, and everything it may see.
                // A client still connected in that place joined after this one left (a
                // second device): the newest connection has the place, as for any join, and
                // that client's calls end and say why.
                if self.away.swap_remove(&slot).is_none() {
                    self.tell_joined_elsewhere(slot, participant);
                }
                self.unbind(slot);
                self.bind(peer, slot);
                return self.resync(peer, slot);
            }
            // A new client of someone already here takes their place: a reloaded page, a
            // second device, or an app that joins twice. The old client's calls end and say
            // why; the new one starts afresh in the main meeting.
            self.tell_joined_elsewhere(slot, participant);
        }
        let was = present.and_then(|slot| self.meeting.participant(slot).location);
        if let Some(slot) = present {
            self.leave(slot);
        }
        let slot = match self.meeting.join(participant, display_name, role) {
            Ok(slot) => slot,
            Err(error) => return self.send(peer, HostMessage::JoinRefused { error }),
        };
        self.answers.swap_remove(&slot);
        self.bind(peer, slot);
        self.welcome(peer, slot, resume);
        if resume {
            // The client was in calls this host no longer had it in: it is told where it is.
            self.resync_place(peer, slot);
        }
        // Left and back in the same place within one step: the others' lists do not change,
        // so the new client is sent the whole of its place.
        if let Some(at) = was.filter(|at| Some(*at) == self.meeting.participant(slot).location) {
            self.meeting.presence.resync(slot, at);
            self.meeting.hands.resync(slot, at);
        }
    }

    /// Tells the client reached for `slot`, if any, that a newer join has its place.
    fn tell_joined_elsewhere(&mut self, slot: Slot, participant: &Identifier) {
        if let Some(old) = self.peer_of_slot.get(slot as usize).copied().flatten() {
            let error = Error::JoinedElsewhere {
                participant: participant.raw_id(),
            };
            self.send(old, HostMessage::Ended { error });
        }
    }

    /// Into a room's call, as assigned (`enter_room`) or as a visiting manager
    /// (`visit_room`): `Entered`, or `Refused` with the room named.
    fn enter(
        &mut self,
        from: PeerId,
        slot: Option<Slot>,
        thread_id: String,
        go: fn(&mut Meeting, Slot, &str) -> Result<(), Error>,
    ) {
        let result = match slot {
            Some(slot) => go(&mut self.meeting, slot, &thread_id),
            None => Err(Error::NotConnected),
        };
        let message = match result {
            Ok(()) => HostMessage::Entered { thread_id },
            Err(error) => HostMessage::Refused {
                thread_id: Some(thread_id),
                error,
            },
        };
        self.send(from, message);
    }

    fn bind(&mut self, peer: PeerId, slot: Slot) {
        self.slot_of_peer.insert(peer, slot);
        let index = slot as usize;
        if self.peer_of_slot.len() <= index {
            self.peer_of_slot.resize(index + 1, None);
        }
        self.peer_of_slot[index] = Some(peer);
    }

    /// Forgets the peer `slot` was reached on, if any (a connection superseded by a resume).
    fn unbind(&mut self, slot: Slot) {
        if let Some(old) = self
            .peer_of_slot
            .get_mut(slot as usize)
            .and_then(Option::take)
        {
            self.slot_of_peer.swap_remove(&old);
            self.local_peers.swap_remove(&old);
        }
    }

    /// What a participant is told on joining; after a resume, everything they may see.
    fn welcome(&mut self, peer: PeerId, slot: Slot, resumed: bool) {
        let config = self.meeting.config();
        let role = self.meeting.participant(slot).role;
        self.send(
            peer,
            HostMessage::Welcome {
                kind: config.kind,
                breakout_rooms_enabled: config.breakout_rooms_enabled,
                role,
                resumed,
            },
        );
        if self.meeting.check_breakout_rooms().is_ok() {
            let settings = self.meeting.settings();
            self.send(peer, HostMessage::Settings { settings });
            if role.is_manager() {
                self.send(peer, visibility::all_rooms(&self.meeting));
            }
            self.meeting.welcome_workshop(slot, resumed);
            if resumed || self.meeting.participant(slot).assignment.is_some() {
                self.send(peer, visibility::assignment(&self.meeting, slot));
            }
        }
    }

    /// A resumed participant: everything they may see, then where they are, who is there
    /// and whose hands are up.
    fn resync(&mut self, peer: PeerId, slot: Slot) {
        self.welcome(peer, slot, true);
        self.resync_place(peer, slot);
        if let Some(at) = self.meeting.participant(slot).location {
            self.meeting.presence.resync(slot, at);
        }
    }

    fn resync_place(&mut self, peer: PeerId, slot: Slot) {
        let Some(at) = self.meeting.participant(slot).location else {
            return;
        };
        if let Some(place) = self.meeting.place(at) {
            self.send(peer, HostMessage::Resynced { place });
        }
        self.meeting.hands.resync(slot, at);
    }

    /// Whether `request` was answered before; if so, the answer goes out again.
    fn answered_before(&mut self, from: PeerId, slot: Option<Slot>, request: u32) -> bool {
        let Some(answers) = slot.and_then(|slot| self.answers.get(&slot)) else {
            return false;
        };
        let reply = match answers.seen(request) {
            Seen::New => return false,
            Seen::Forgotten => Reply::Err(Error::Protocol {
                reason: format!(
                    "request {request} was answered too long ago to answer again; number requests in increasing order"
                ),
            }),
            Seen::Answered(reply) => reply.clone(),
        };
        self.send(from, HostMessage::Reply { request, reply });
        true
    }

    fn answer(&mut self, to: PeerId, slot: Option<Slot>, request: u32, reply: Reply) {
        if let Some(slot) = slot {
            self.answers
                .entry(slot)
                .or_default()
                .record(request, &reply);
        }
        self.send(to, HostMessage::Reply { request, reply });
    }

    fn leave(&mut self, slot: Slot) {
        self.meeting.leave(slot);
        self.away.swap_remove(&slot);
        self.answers.swap_remove(&slot);
        if let Some(peer) = self
            .peer_of_slot
            .get_mut(slot as usize)
            .and_then(Option::take)
        {
            self.slot_of_peer.swap_remove(&peer);
        }
    }

    fn manage(
        &mut self,
        now: u64,
        slot: Slot,
        command: &Command,
        expected_revision: Option<u64>,
    ) -> Result<ManageOutcome, Error> {
        let mut change = self
            .meeting
            .execute(now, slot, command, expected_revision)?;
        self.publish(&change);
        self.flush_workshop();
        Ok(ManageOutcome {
            revision: self.meeting.revision(),
            rooms: change
                .created
                .iter()
                .filter_map(|id| self.meeting.room_view(*id, true))
                .map(Arc::new)
                .collect(),
            grouping: change.grouping.take(),
        })
    }

    /// A reply's outcome for what created nothing.
    fn outcome(&self) -> ManageOutcome {
        ManageOutcome {
            revision: self.meeting.revision(),
            rooms: Vec::new(),
            grouping: None,
        }
    }

    /// Hands the workshop features' messages to their recipients' peers.
    fn flush_workshop(&mut self) {
        if !self.meeting.workshop.has_news() {
            return;
        }
        for (slot, message) in self.meeting.workshop.take_news() {
            if let Some(&Some(to)) = self.peer_of_slot.get(slot as usize) {
                self.outbox.push_back(Transmit { to, message });
            }
        }
    }

    fn publish(&mut self, change: &change::Change) {
        let Host {
            meeting,
            peer_of_slot,
            outbox,
            ..
        } = self;
        visibility::updates(meeting, change, |slot, message| {
            if let Some(&Some(to)) = peer_of_slot.get(slot as usize) {
                outbox.push_back(Transmit { to, message });
            }
        });
    }

    /// What a snapshot leaves out, rebuilt after a restore.
    fn restored(&mut self) {
        let mut presence = std::mem::take(&mut self.meeting.presence);
        presence.restored(|slot| self.meeting.participant(slot).role.is_manager());
        self.meeting.presence = presence;
    }

    fn flush_presence(&mut self) {
        // `flush` needs the presence mutably and the meeting to name people: take it out meanwhile.
        let mut presence = std::mem::take(&mut self.meeting.presence);
        let (peer_of_slot, local_peers) = (&self.peer_of_slot, &self.local_peers);
        let peer = |slot: Slot| peer_of_slot.get(slot as usize).copied().flatten();
        let updates = presence.flush(&self.meeting, self.last_now, |slot| {
            peer(slot).is_some_and(|p| !local_peers.contains(&p))
        });
        self.meeting.presence = presence;
        for update in updates {
            let Some(to) = peer(update.to) else {
                continue;
            };
            self.outbox.push_back(Transmit {
                to,
                message: HostMessage::Presence {
                    place: update.place,
                    reset: update.piece.reset,
                    joined: update.piece.joined,
                    left: update.piece.left,
                    total: update.total,
                },
            });
        }
    }

    fn raised_hands(&self, location: presence::Location) -> Vec<RaisedHand> {
        self.meeting
            .hands
            .raised_at(location)
            .into_iter()
            .map(|(slot, order)| RaisedHand {
                identifier: self.meeting.participant(slot).identifier.clone(),
                order,
            })
            .collect()
    }

    /// Tells everyone in each place whose hands went up or down there, and whoever arrived
    /// in a place with hands up every hand up there.
    fn flush_hands(&mut self) {
        let (news, arrivals) = self.meeting.hands.take_news();
        for (slot, location) in arrivals {
            let here = self.meeting.participant(slot).location == Some(location);
            let (Some(&Some(to)), Some(place), true) = (
                self.peer_of_slot.get(slot as usize),
                self.meeting.place(location),
                here,
            ) else {
                continue;
            };
            let raised = self.raised_hands(location);
            self.outbox.push_back(Transmit {
                to,
                message: HostMessage::Hands {
                    place,
                    reset: true,
                    raised,
                    lowered: Vec::new(),
                },
            });
        }
        for (location, news) in news {
            let Some(place) = self.meeting.place(location) else {
                continue;
            };
            let identifier = |slot: u32| self.meeting.participant(slot).identifier.clone();
            let raised: Vec<RaisedHand> = news
                .raised
                .iter()
                .map(|&(slot, order)| RaisedHand {
                    identifier: identifier(slot),
                    order,
                })
                .collect();
            let lowered: Vec<Identifier> = news.lowered.iter().map(|&s| identifier(s)).collect();
            if raised.is_empty() && lowered.is_empty() {
                continue;
            }
            for slot in self.meeting.presence.members(location) {
                if let Some(&Some(to)) = self.peer_of_slot.get(slot as usize) {
                    self.outbox.push_back(Transmit {
                        to,
                        message: HostMessage::Hands {
                            place: place.clone(),
                            reset: false,
                            raised: raised.clone(),
                            lowered: lowered.clone(),
                        },
                    });
                }
            }
        }
    }
}
