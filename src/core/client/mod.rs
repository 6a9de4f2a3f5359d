//! One participant's client: the main meeting call, the breakout call, and what the
//! SDK's `BreakoutRoomsCallFeature` shows (SPEC section 6).
//!
//! Commands return an [`OpId`] at once; the outcome comes later as
//! [`Event::Completed`]. Messages for the host come out of [`Client::poll_transmit`],
//! events out of [`Client::poll_event`].

mod call;
mod event;
mod participants;
mod room_book;
mod workshop;

use std::collections::VecDeque;
use std::sync::Arc;

pub use call::{Call, CallId, CallState};
pub use event::{Completion, Event, OpId};
use participants::RemoteParticipants;
use room_book::RoomBook;

use super::command::Command;
use super::error::Error;
use super::hand::{HandChange, RaisedHand};
use super::host::RECONNECT_GRACE_MS;
use super::identity::{Identifier, Member, Role};
use super::protocol::{decode, ClientMessage, HostMessage, MeetingKind, Place, Reply};
use super::room::RoomView;
use super::roster::SharedRosters;
use super::settings::Settings;
use super::small_map::SmallMap;
use super::workshop::{HelpRequest, Round, RoundStart};

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub identifier: Identifier,
    pub display_name: String,
    pub role: Role,
    /// What the locator names: `{ groupId }` is a group call, the rest are meetings.
    pub kind: MeetingKind,
    /// Seeds the call ids.
    pub seed: u64,
}

/// Why a breakout call is being left, and who waits for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leaving {
    /// `breakoutCall.hangUp()`: the main call stays on hold until `resume()`.
    HangUp,
    /// `returnToMainMeeting()` or `mainCall.resume()`: the main call resumes.
    ReturnToMain,
}

#[derive(Debug)]
pub struct Client {
    me: Identifier,
    display_name: String,
    role: Role,
    kind: MeetingKind,
    breakout_rooms_enabled: bool,
    rng: fastrand::Rng,
    main: Call,
    /// The latest breakout call; kept after it ends so its final state stays readable.
    breakout: Option<Call>,
    settings: Option<Settings>,
    assigned: Option<Arc<RoomView>>,
    /// Every room, for managers; `None` for attendees.
    rooms: Option<RoomBook>,
    revision: u64,
    /// Whether `remoteParticipantsUpdated` is reported (see [`Client::watch_remote_participants`]).
    watched: bool,
    /// The in-process host's rosters, when this client reads presence from them.
    rosters: Option<SharedRosters>,
    /// Operations waiting for the breakout call to connect.
    joining: Vec<OpId>,
    /// Operations waiting for the host to confirm the return to the main meeting.
    returning: Vec<(OpId, Leaving)>,
    /// Management requests waiting for the host's reply.
    managing: Vec<u32>,
    /// When rooms close, as told: the room this participant is in; every room for managers.
    closings: SmallMap<String, u64>,
    /// Calls for help heard of: every room's for managers, their own room's for askers.
    help: SmallMap<String, Arc<HelpRequest>>,
    /// Managers: the rounds that ended, oldest first, and the one running.
    rounds: Vec<Arc<Round>>,
    round: Option<RoundStart>,
    /// The room a manager's breakout call is visiting without being assigned to it.
    visiting: Option<String>,
    next_op: u32,
    outbox: VecDeque<ClientMessage>,
    /// Sent and not answered yet, in order: resent after a reconnect (the host answers a
    /// request it already ran again instead of running it twice).
    unanswered: Vec<ClientMessage>,
    /// While the transport is down: when the calls end if it has not come back.
    reconnecting: Option<u64>,
    reconnect_grace_ms: u64,
    /// The signed token a meeting server reads identity and role from, sent with each join.
    token: Option<String>,
    events: VecDeque<Event>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Self {
        let mut rng = fastrand::Rng::with_seed(config.seed);
        let main = Call::new(call_id(&mut rng), None, RemoteParticipants::new(true));
        Client {
            me: config.identifier,
            display_name: config.display_name,
            role: config.role,
            kind: config.kind,
            breakout_rooms_enabled: true,
            rng,
            main,
            breakout: None,
            settings: None,
            assigned: None,
            rooms: None,
            revision: 0,
            watched: true,
            rosters: None,
            joining: Vec::new(),
            returning: Vec::new(),
            managing: Vec::new(),
            closings: SmallMap::default(),
            help: SmallMap::default(),
            rounds: Vec::new(),
            round: None,
            visiting: None,
            next_op: 1,
            outbox: VecDeque::new(),
            unanswered: Vec::new(),
            reconnecting: None,
            reconnect_grace_ms: RECONNECT_GRACE_MS,
            token: None,
            events: VecDeque::new(),
        }
    }

    /// Joins carry `token`, for a host that checks who is joining (the meeting server).
    pub fn with_token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    /// How long the calls outlive a dropped transport (default 30 s, SPEC 9).
    pub fn with_reconnect_grace(mut self, ms: u64) -> Self {
        self.reconnect_grace_ms = ms;
        self
    }

    // ----- getters -----

    pub fn identifier(&self) -> &Identifier {
        &self.me
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn kind(&self) -> MeetingKind {
        self.kind
    }

    pub fn main_call(&self) -> &Call {
        &self.main
    }

    pub fn breakout_call(&self) -> Option<&Call> {
        self.breakout.as_ref()
    }

    pub fn call(&self, id: &CallId) -> Option<&Call> {
        std::iter::once(&self.main)
            .chain(self.breakout.as_ref())
            .find(|c| &c.id == id)
    }

    /// `call.remoteParticipants`: everyone else in the call's place. While watched, as the
    /// `RemoteParticipantsUpdated` events polled so far tell; otherwise as of now.
    pub fn remote_participants(&self, call: &CallId) -> Vec<Member> {
        self.call(call)
            .map(|c| c.participants.list(&self.me))
            .unwrap_or_default()
    }

    /// `call.remoteParticipants.length`, without building the list.
    pub fn remote_participant_count(&self, call: &CallId) -> usize {
        self.call(call)
            .map_or(0, |c| c.participants.count(&self.me))
    }

    /// `call.totalParticipantCount` while the call is live: the people in the call's place,
    /// this participant included. For a place that lists everyone that is the remote
    /// participants and this one; for a bigger place, the head count its host last
    /// published (`Limits::max_visible_participants`).
    pub fn total_participant_count(&self, call: &CallId) -> usize {
        self.call(call).map_or(0, |c| {
            c.participants.total(&self.me).map_or_else(
                || c.participants.count(&self.me) + 1,
                |total| total as usize,
            )
        })
    }

    pub fn is_watching_remote_participants(&self) -> bool {
        self.watched
    }

    /// `assignedBreakoutRooms`: managers see its invitees too.
    pub fn assigned_breakout_room(&self) -> Option<Arc<RoomView>> {
        let assigned = self.assigned.as_ref()?;
        let full = self.rooms.as_ref().and_then(|r| r.get(&assigned.thread_id));
        Some(match full {
            Some(full) => Arc::new(RoomView {
                invitees: full.invitees.clone(),
                ..RoomView::clone(assigned)
            }),
            None => assigned.clone(),
        })
    }

    /// `breakoutRooms`: every room for managers; `None` for attendees.
    pub fn breakout_rooms(&self) -> Option<Vec<Arc<RoomView>>> {
        self.rooms.as_ref().map(RoomBook::rooms)
    }

    /// `breakoutRoomsSettings`, once the host has sent them.
    pub fn settings(&self) -> Option<Settings> {
        self.settings
    }

    /// The meeting revision as last seen by a manager (`mgmt.revision`).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether breakout rooms can be asked of this call at all.
    pub fn check_breakout_rooms(&self) -> Result<(), Error> {
        if self.kind != MeetingKind::Meeting {
            Err(Error::NotAMeeting)
        } else if !self.breakout_rooms_enabled {
            Err(Error::BreakoutRoomsDisabled)
        } else {
            Ok(())
        }
    }

    // ----- commands -----

    /// Whether both calls raise `RemoteParticipantsUpdated` (the default). Unwatched, they
    /// raise none and their lists are always current, so a participant whose page has no
    /// listener costs nothing when others come and go. Watching again starts from the list
    /// as it is now.
    pub fn watch_remote_participants(&mut self, on: bool) {
        self.watched = on;
        for call in std::iter::once(&mut self.main).chain(self.breakout.as_mut()) {
            call.participants.watch(on);
        }
    }

    /// Reads presence from the in-process host's rosters instead of presence messages.
    pub(crate) fn share_rosters(&mut self, rosters: SharedRosters) {
        self.main.participants = RemoteParticipants::shared(rosters.clone(), None, self.watched);
        self.rosters = Some(rosters);
    }

    /// Stops reading the in-process host's rosters, keeping what the calls show.
    pub(crate) fn detach_rosters(&mut self) {
        self.rosters = None;
        for call in std::iter::once(&mut self.main).chain(self.breakout.as_mut()) {
            call.participants.detach(&self.me);
        }
    }

    /// Starts joining the main meeting.
    pub fn connect(&mut self) -> Result<(), Error> {
        if self.main.state != CallState::None {
            return Err(Error::AlreadyJoined {
                participant: self.me.raw_id(),
            });
        }
        self.set_main(CallState::Connecting);
        self.outbox.push_back(self.join_message(false));
        Ok(())
    }

    fn join_message(&self, resume: bool) -> ClientMessage {
        ClientMessage::Join {
            participant: self.me.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            resume,
            token: self.token.clone(),
        }
    }

    /// Whether this client is in (or joining) the meeting.
    pub fn is_in_meeting(&self) -> bool {
        self.main.state.is_live() || self.main.state == CallState::Connecting
    }

    /// The transport to the host dropped. The calls stay as they are while it reconnects;
    /// if it is not back by `now` + the grace period, [`Client::handle_timeout`] ends them.
    pub fn handle_transport_lost(&mut self, now: u64) {
        if self.is_in_meeting() && self.reconnecting.is_none() {
            self.reconnecting = Some(now.saturating_add(self.reconnect_grace_ms));
        }
    }

    /// The transport is back (or a new host took over): take this participant's place
    /// again, and resend every request not answered yet. The host resyncs, and only what
    /// really changed raises events.
    pub fn handle_reconnected(&mut self) {
        if !self.is_in_meeting() {
            return;
        }
        let mut outbox = VecDeque::with_capacity(self.unanswered.len() + self.outbox.len() + 1);
        outbox.push_back(self.join_message(true));
        outbox.extend(
            std::mem::take(&mut self.unanswered)
                .into_iter()
                .filter(|m| !matches!(m, ClientMessage::Join { .. })),
        );
        outbox.extend(self.outbox.drain(..));
        self.outbox = outbox;
    }

    /// When [`Client::handle_timeout`] should be called: the end of a reconnect's grace.
    pub fn poll_timeout(&self) -> Option<u64> {
        self.reconnecting
    }

    /// Past the grace period without the host: every call ends (SPEC 9).
    pub fn handle_timeout(&mut self, now: u64) {
        if self.reconnecting.is_some_and(|until| until <= now) {
            self.reconnecting = None;
            self.unanswered.clear();
            self.end_all(Error::JoinFailed {
                reason: "the connection to the meeting was lost and did not come back in time"
                    .into(),
            });
            self.emit(Event::ConnectionLost);
        }
    }

    /// `room.join()` on a particular room's object: only the assigned room can be joined.
    pub fn join_room(&mut self, thread_id: &str) -> Result<OpId, Error> {
        if self.assigned.as_ref().map(|r| r.thread_id.as_str()) != Some(thread_id) {
            return Err(Error::NotAssigned);
        }
        self.join_breakout_room()
    }

    /// `assignedBreakoutRoom.join()`: resolves with the breakout call once connected.
    pub fn join_breakout_room(&mut self) -> Result<OpId, Error> {
        self.check_breakout_rooms()?;
        if !self.main.state.is_live() {
            return Err(Error::HoldFailed {
                reason: format!("the main meeting call is {}", self.main.state.name()),
            });
        }
        let room = self.assigned.clone().ok_or(Error::NotAssigned)?;
        if !room.is_open() {
            return Err(Error::RoomClosed {
                thread_id: room.thread_id.clone(),
            });
        }
        let op = self.op();
        match self.active_breakout() {
            Some(call) if call.thread_id.as_deref() == Some(&room.thread_id) => {
                if call.state == CallState::Connecting {
                    self.joining.push(op);
                } else {
                    let id = call.id.clone();
                    self.complete(op, Ok(Completion::Call(id)));
                }
            }
            _ => {
                self.start_breakout(&room.thread_id, false);
                self.joining.push(op);
            }
        }
        Ok(op)
    }

    /// `assignedBreakoutRoom.returnToMainMeeting()`: resolves with the main call.
    pub fn return_to_main_meeting(&mut self) -> Result<OpId, Error> {
        self.check_breakout_rooms()?;
        self.leave_to_main(Leaving::ReturnToMain)
    }

    /// `call.hangUp()`: of the main call, leaves the meeting; of the breakout call, leaves
    /// the room and keeps the main call on hold (SPEC 6.4).
    pub fn hang_up(&mut self, call: &CallId) -> Result<OpId, Error> {
        if *call == self.main.id {
            let op = self.op();
            if self.main.state != CallState::Disconnected {
                self.end_breakout(Error::JoinFailed {
                    reason: "the meeting was left".into(),
                });
                if self.main.state != CallState::None {
                    self.outbox.push_back(ClientMessage::Leave);
                }
                self.end_main(Error::JoinFailed {
                    reason: "the meeting was left".into(),
                });
            }
            self.complete(op, Ok(Completion::Done));
            return Ok(op);
        }
        match &self.breakout {
            Some(b) if b.id == *call => {
                if b.state == CallState::Disconnected {
                    let op = self.op();
                    self.complete(op, Ok(Completion::Done));
                    Ok(op)
                } else {
                    self.leave_to_main(Leaving::HangUp)
                }
            }
            _ => Err(unknown_call(call)),
        }
    }

    /// `call.hold()`.
    pub fn hold(&mut self, call: &CallId) -> Result<OpId, Error> {
        let target = self.call_mut(call)?;
        match target.state {
            CallState::Connected => {
                target.state = CallState::LocalHold;
                let id = target.id.clone();
                self.emit(Event::StateChanged {
                    call: id,
                    state: CallState::LocalHold,
                });
            }
            CallState::LocalHold => {}
            other => {
                return Err(Error::HoldFailed {
                    reason: format!("the call is {}", other.name()),
                })
            }
        }
        let op = self.op();
        self.complete(op, Ok(Completion::Done));
        Ok(op)
    }

    /// `call.resume()`. Resuming the main call while in a breakout room returns to the
    /// main meeting, where that is allowed; while a hang-up is on its way, it waits for the
    /// host, so a refused hang-up leaves the main call on hold.
    pub fn resume(&mut self, call: &CallId) -> Result<OpId, Error> {
        let leaving = self
            .breakout
            .as_ref()
            .is_some_and(|b| b.state.is_active() || b.state == CallState::Disconnecting);
        if *call == self.main.id && leaving {
            return self.leave_to_main(Leaving::ReturnToMain);
        }
        let target = self.call_mut(call)?;
        match target.state {
            CallState::LocalHold => {
                target.state = CallState::Connected;
                let id = target.id.clone();
                self.emit(Event::StateChanged {
                    call: id,
                    state: CallState::Connected,
                });
            }
            CallState::Connected => {}
            other => {
                return Err(Error::ResumeFailed {
                    reason: format!("the call is {}", other.name()),
                })
            }
        }
        let op = self.op();
        self.complete(op, Ok(Completion::Done));
        Ok(op)
    }

    /// `call.feature(Features.RaiseHand)`: hands go up and down in the place this call is
    /// connected to, so it must be the call the participant is in right now.
    pub fn hand(&mut self, call: &CallId, hand: HandChange) -> Result<OpId, Error> {
        let here = self.call(call).ok_or_else(|| unknown_call(call))?;
        if here.state != CallState::Connected {
            return Err(Error::NotConnected);
        }
        let op = self.op();
        self.managing.push(op.0);
        self.outbox.push_back(ClientMessage::Hand {
            request: op.0,
            hand,
        });
        Ok(op)
    }

    /// Whose hands are up in a call, in the order they went up.
    pub fn raised_hands(&self, call: &CallId) -> &[RaisedHand] {
        self.call(call).map_or(&[], |c| &c.raised_hands)
    }

    /// A management command; the host decides whether this participant may run it.
    /// While the main call is still connecting it is sent all the same: the host reads it
    /// after the join, so it runs once connected, or fails as not connected if the join
    /// is refused (SPEC 5).
    pub fn manage(
        &mut self,
        command: Command,
        expected_revision: Option<u64>,
    ) -> Result<OpId, Error> {
        self.request(|request| ClientMessage::Manage {
            request,
            expected_revision,
            command,
        })
    }

    /// Sends a request the host answers with a reply (management, workshop actions); while
    /// the main call is still connecting it is sent all the same and waits (SPEC 5).
    pub(crate) fn request(
        &mut self,
        message: impl FnOnce(u32) -> ClientMessage,
    ) -> Result<OpId, Error> {
        self.check_breakout_rooms()?;
        if !self.is_in_meeting() {
            return Err(Error::NotConnected);
        }
        let op = self.op();
        self.managing.push(op.0);
        self.outbox.push_back(message(op.0));
        Ok(op)
    }

    // ----- input -----

    pub fn handle_message(&mut self, message: HostMessage) {
        match message {
            HostMessage::Welcome {
                kind,
                breakout_rooms_enabled,
                role,
                resumed,
            } => {
                self.answered(|m| matches!(m, ClientMessage::Join { .. }));
                self.reconnecting = None;
                if self.main.state.is_live() && !resumed {
                    return; // a stray welcome: this client joined already
                }
                self.kind = kind;
                self.breakout_rooms_enabled = breakout_rooms_enabled;
                if self.main.state == CallState::Connecting {
                    // The host's word on the role wins over the one joined with (a granted
                    // breakout room manager rejoining with an attendee token stays one):
                    // told as a change, so that whoever shows the role follows it.
                    let changed = role != self.role;
                    self.role = role;
                    if !role.is_manager() {
                        self.rooms = None; // whatever arrived out of order is not ours to see
                    }
                    if changed {
                        self.emit(Event::RoleChanged(role));
                    }
                    self.set_main(CallState::Connected);
                } else if self.main.state.is_live() {
                    self.on_role(role);
                }
            }
            HostMessage::JoinRefused { error } => {
                self.answered(|m| matches!(m, ClientMessage::Join { .. }));
                self.main.end_reason = Some(error.clone());
                self.end_main(error);
            }
            HostMessage::Ended { error } => {
                self.unanswered.clear();
                self.end_all(error);
            }
            HostMessage::RoleChanged { role } => self.on_role(role),
            HostMessage::Settings { settings } => {
                if self.settings != Some(settings) {
                    self.settings = Some(settings);
                    self.emit(Event::BreakoutRoomsSettings(settings));
                }
            }
            HostMessage::Resynced { place } => self.on_resynced(place),
            // A message of ours the host could not take: whatever waited on it stays
            // unanswered, and the calls go on.
            HostMessage::Rejected { .. } => {}
            HostMessage::Assignment { room } => self.on_assignment(room),
            HostMessage::Rooms {
                revision,
                reset,
                upserted,
                removed,
                moves,
            } => self.on_rooms(revision, reset, upserted, removed, moves),
            HostMessage::Presence {
                place,
                reset,
                joined,
                left,
                total,
            } => self.on_presence(place, reset, &joined, &left, total),
            HostMessage::Hands {
                place,
                reset,
                raised,
                lowered,
            } => self.on_hands(place, reset, raised, &lowered),
            HostMessage::Entered { thread_id } => {
                self.answered(|m| is_enter(m, &thread_id));
                self.on_entered(&thread_id);
            }
            HostMessage::Returned => {
                self.answered(|m| matches!(m, ClientMessage::ReturnToMain));
                self.on_returned();
            }
            HostMessage::Refused {
                thread_id: Some(thread_id),
                error,
            } => {
                self.answered(|m| is_enter(m, &thread_id));
                self.on_enter_refused(&thread_id, error);
            }
            HostMessage::Refused {
                thread_id: None,
                error,
            } => {
                self.answered(|m| matches!(m, ClientMessage::ReturnToMain));
                self.on_return_refused(error);
            }
            HostMessage::Reply { request, reply } => {
                self.answered(|m| {
                    matches!(m, ClientMessage::Manage { request: r, .. } | ClientMessage::Hand { request: r, .. } | ClientMessage::Workshop { request: r, .. } if *r == request)
                });
                if let Some(i) = self.managing.iter().position(|r| *r == request) {
                    self.managing.swap_remove(i);
                    let result = match reply {
                        Reply::Ok(outcome) => {
                            self.revision = self.revision.max(outcome.revision);
                            Ok(Completion::Managed(outcome))
                        }
                        Reply::Err(error) => Err(error),
                    };
                    self.complete(OpId(request), result);
                }
            }
            HostMessage::Closing { reset, rooms } => self.on_closing(reset, rooms),
            HostMessage::Broadcast { broadcast } => self.emit(Event::Broadcast(broadcast)),
            HostMessage::Help {
                reset,
                requests,
                cleared,
            } => self.on_help(reset, requests, cleared),
            HostMessage::Rounds {
                reset,
                ended,
                current,
            } => self.on_rounds(reset, ended, current),
        }
    }

    /// A message as text, from a transport that carries the wire format. One that cannot
    /// be read changes nothing and is reported as 412/46258.
    pub fn handle_text(&mut self, text: &str) -> Result<(), Error> {
        let message = decode::<HostMessage>(text).map_err(|e| Error::MalformedUpdate {
            reason: e.to_string(),
        })?;
        self.handle_message(message);
        Ok(())
    }

    /// The transport to the host is gone: every call ends and every waiting operation fails.
    pub fn handle_host_lost(&mut self) {
        self.end_all(Error::JoinFailed {
            reason: "the meeting host is unreachable".into(),
        });
    }

    fn end_all(&mut self, why: Error) {
        self.reconnecting = None;
        for call in std::iter::once(&mut self.main).chain(self.breakout.as_mut()) {
            if call.state != CallState::Disconnected {
                call.end_reason = Some(why.clone());
            }
        }
        self.end_breakout(why.clone());
        self.end_main(why);
        for request in std::mem::take(&mut self.managing) {
            self.complete(OpId(request), Err(Error::NotConnected));
        }
    }

    // ----- output -----

    pub fn poll_transmit(&mut self) -> Option<ClientMessage> {
        let message = self.outbox.pop_front()?;
        let answered_later = matches!(
            message,
            ClientMessage::Join { .. }
                | ClientMessage::EnterRoom { .. }
                | ClientMessage::ReturnToMain
                | ClientMessage::Hand { .. }
                | ClientMessage::Manage { .. }
                | ClientMessage::Workshop { .. }
                | ClientMessage::VisitRoom { .. }
        );
        if answered_later {
            self.unanswered.push(message.clone());
        }
        Some(message)
    }

    /// The first sent message `is` matches has its answer.
    fn answered(&mut self, is: impl Fn(&ClientMessage) -> bool) {
        if let Some(i) = self.unanswered.iter().position(is) {
            self.unanswered.remove(i);
        }
    }

    /// The next event. Presence news is computed here, once everything else is out, so
    /// each `RemoteParticipantsUpdated` tells what changed since the list last moved.
    pub fn poll_event(&mut self) -> Option<Event> {
        if self.events.is_empty() && self.watched {
            self.report_presence();
        }
        self.events.pop_front()
    }

    /// Nothing to send and nothing to report (presence news of a watched client is worked
    /// out when polled, so a client that was polled is quiet).
    pub fn is_quiet(&self) -> bool {
        self.outbox.is_empty() && self.events.is_empty()
    }

    fn report_presence(&mut self) {
        for call in std::iter::once(&mut self.main).chain(self.breakout.as_mut()) {
            if let Some((added, removed)) = call.participants.take_update(&self.me) {
                self.events.push_back(Event::RemoteParticipantsUpdated {
                    call: call.id.clone(),
                    added,
                    removed,
                });
            }
            if call.participants.take_head_count_change(&self.me) {
                self.events.push_back(Event::HeadCountChanged {
                    call: call.id.clone(),
                });
            }
        }
    }

    // ----- reactions to the host -----

    fn on_role(&mut self, role: Role) {
        if role == self.role {
            return;
        }
        self.role = role;
        self.emit(Event::RoleChanged(role));
        if !role.is_manager() && self.rooms.take().is_some() {
            self.emit(Event::BreakoutRooms(None));
        }
        if !role.is_manager() {
            self.no_longer_manager();
        }
    }

    /// The end of a resync: the host says where this participant is. A move still in
    /// flight was resent and will be answered; otherwise the calls follow the host.
    fn on_resynced(&mut self, place: Place) {
        let pending = |c: &Client, m: &dyn Fn(&ClientMessage) -> bool| {
            c.unanswered.iter().chain(c.outbox.iter()).any(m)
        };
        if pending(self, &|m| {
            matches!(
                m,
                ClientMessage::EnterRoom { .. }
                    | ClientMessage::VisitRoom { .. }
                    | ClientMessage::ReturnToMain
            )
        }) {
            return;
        }
        let inside = self.active_breakout().and_then(|b| b.thread_id.clone());
        match place {
            Place::Main => {
                if inside.is_some() {
                    self.end_breakout(Error::JoinFailed {
                        reason: "the meeting has this participant in the main meeting".into(),
                    });
                    self.resume_main();
                }
            }
            Place::Room { thread_id } => {
                if inside.as_deref() != Some(&thread_id) && self.main.state.is_live() {
                    // In a room not assigned: a manager's visit.
                    let assigned = self.assigned.as_ref().map(|r| r.thread_id.as_str());
                    let visiting = assigned != Some(thread_id.as_str());
                    self.start_breakout(&thread_id, visiting);
                }
            }
        }
    }

    fn on_assignment(&mut self, room: Option<Arc<RoomView>>) {
        let before = std::mem::replace(&mut self.assigned, room.clone());
        if before != room {
            self.emit(Event::AssignedBreakoutRooms(self.assigned_breakout_room()));
        }
        if !self.main.state.is_live() {
            return;
        }
        // Leave a room this participant may no longer be in (SPEC 6.3, 6.5, 6.7).
        let mut resume_main = false;
        if let Some(call) = self.active_breakout() {
            let allowed = room
                .as_ref()
                .is_some_and(|r| r.is_open() && call.thread_id.as_deref() == Some(&r.thread_id))
                || self.is_visiting(call);
            if !allowed {
                let error = match &room {
                    Some(r) if !r.is_open() => Error::RoomClosed {
                        thread_id: r.thread_id.clone(),
                    },
                    _ => Error::NotAssigned,
                };
                self.end_breakout(error);
                resume_main = true;
            }
        }
        // Auto-move when the room becomes ready, not on every update of a ready room, so
        // someone who left early is not pulled back in by a rename (SPEC 6.2, 6.6).
        let ready = |r: &Option<Arc<RoomView>>| {
            r.as_ref()
                .filter(|r| r.is_open() && r.auto_move_participant_to_breakout_room)
                .map(|r| r.thread_id.clone())
        };
        if let Some(thread_id) = ready(&room).filter(|t| ready(&before).as_ref() != Some(t)) {
            if self.active_breakout().is_none() {
                self.start_breakout(&thread_id, false);
                resume_main = false;
            }
        }
        if resume_main {
            self.resume_main();
        }
    }

    fn on_rooms(
        &mut self,
        revision: u64,
        reset: bool,
        upserted: Vec<Arc<RoomView>>,
        removed: Vec<String>,
        moves: Vec<super::protocol::Move>,
    ) {
        if !self.role.is_manager() {
            return; // not ours to see; the host only sends this to managers
        }
        self.revision = self.revision.max(revision);
        // A reset (on joining, or resyncing) raises an event only if the rooms changed.
        let before = reset.then(|| self.breakout_rooms()).flatten();
        let book = self.rooms.get_or_insert_with(RoomBook::default);
        if book.apply(reset, upserted, &removed, moves) {
            let rooms = self.breakout_rooms();
            if before.is_none() || before != rooms {
                self.emit(Event::BreakoutRooms(rooms));
            }
        }
        self.end_visit_if_closed();
    }

    fn on_presence(
        &mut self,
        place: Place,
        reset: bool,
        joined: &[Member],
        left: &[Identifier],
        total: Option<u32>,
    ) {
        let Some(call) = self.call_in(place) else {
            return; // news of a room this client has already left
        };
        call.participants.apply(reset, joined, left, total);
    }

    fn on_hands(
        &mut self,
        place: Place,
        reset: bool,
        raised: Vec<RaisedHand>,
        lowered: &[Identifier],
    ) {
        let Some(call) = self.call_in(place) else {
            return;
        };
        let id = call.id.clone();
        let changes = call.apply_hands(reset, raised, lowered);
        for (participant, order) in changes {
            self.emit(match order {
                Some(order) => Event::HandRaised {
                    call: id.clone(),
                    participant,
                    order,
                },
                None => Event::HandLowered {
                    call: id.clone(),
                    participant,
                },
            });
        }
    }

    /// The call connected to `place`, if this client is still there.
    fn call_in(&mut self, place: Place) -> Option<&mut Call> {
        match place {
            Place::Main => Some(&mut self.main),
            Place::Room { thread_id } => self
                .breakout
                .as_mut()
                .filter(|b| b.state.is_active() && b.thread_id.as_ref() == Some(&thread_id)),
        }
    }

    fn on_entered(&mut self, thread_id: &str) {
        let Some(call) = self.breakout.as_mut() else {
            return;
        };
        if call.state != CallState::Connecting || call.thread_id.as_deref() != Some(thread_id) {
            return; // a room this client has since left
        }
        call.state = CallState::Connected;
        let id = call.id.clone();
        self.emit(Event::StateChanged {
            call: id.clone(),
            state: CallState::Connected,
        });
        for op in std::mem::take(&mut self.joining) {
            self.complete(op, Ok(Completion::Call(id.clone())));
        }
    }

    fn on_enter_refused(&mut self, thread_id: &str, error: Error) {
        let refused = self.breakout.as_ref().is_some_and(|b| {
            b.state == CallState::Connecting && b.thread_id.as_deref() == Some(thread_id)
        });
        if refused {
            if let Some(call) = self.breakout.as_mut() {
                call.end_reason = Some(error.clone());
            }
            self.end_breakout(error);
            self.resume_main();
        }
    }

    fn on_returned(&mut self) {
        if let Some(call) = self.breakout.as_ref() {
            if call.state == CallState::Disconnecting {
                self.end_breakout(Error::JoinFailed {
                    reason: "left the breakout room".into(),
                });
            }
        }
        let waiting = std::mem::take(&mut self.returning);
        if waiting.iter().any(|(_, why)| *why == Leaving::ReturnToMain)
            && self.active_breakout().is_none()
        {
            self.resume_main();
        }
        for (op, why) in waiting {
            let result = match why {
                Leaving::HangUp => Completion::Done,
                Leaving::ReturnToMain => Completion::Call(self.main.id.clone()),
            };
            self.complete(op, Ok(result));
        }
    }

    fn on_return_refused(&mut self, error: Error) {
        if self
            .breakout
            .as_ref()
            .is_some_and(|b| b.state == CallState::Disconnecting)
        {
            self.set_breakout(CallState::Connected);
        }
        for (op, why) in std::mem::take(&mut self.returning) {
            let error = match why {
                Leaving::HangUp => Error::HangUpFailed {
                    reason: error.to_string(),
                },
                Leaving::ReturnToMain => error.clone(),
            };
            self.complete(op, Err(error));
        }
    }

    // ----- moves -----

    fn active_breakout(&self) -> Option<&Call> {
        self.breakout.as_ref().filter(|b| b.state.is_active())
    }

    /// Puts the main call on hold and connects a new breakout call to `thread_id`: the
    /// assigned room, or a room a manager is `visiting`.
    fn start_breakout(&mut self, thread_id: &str, visiting: bool) {
        if self.main.state == CallState::Connected {
            self.set_main(CallState::LocalHold);
        }
        // Hands belong to the place: away from the main meeting its hands are not seen; on
        // return the host tells which are up.
        let main = self.main.id.clone();
        for hand in std::mem::take(&mut self.main.raised_hands) {
            self.emit(Event::HandLowered {
                call: main.clone(),
                participant: hand.identifier,
            });
        }
        // A return still in flight must not resume the main call over the new room.
        for (_, why) in &mut self.returning {
            *why = Leaving::HangUp;
        }
        self.end_breakout(Error::JoinFailed {
            reason: "moved to another breakout room".into(),
        });
        let participants = match &self.rosters {
            Some(rosters) => RemoteParticipants::shared(
                rosters.clone(),
                Some(thread_id.to_owned()),
                self.watched,
            ),
            None => RemoteParticipants::new(self.watched),
        };
        let mut call = Call::new(
            call_id(&mut self.rng),
            Some(thread_id.to_owned()),
            participants,
        );
        call.state = CallState::Connecting;
        let id = call.id.clone();
        self.breakout = Some(call);
        self.emit(Event::Join { call: id });
        let thread_id = thread_id.to_owned();
        self.outbox.push_back(if visiting {
            self.visiting = Some(thread_id.clone());
            ClientMessage::VisitRoom { thread_id }
        } else {
            ClientMessage::EnterRoom { thread_id }
        });
    }

    /// Asks the host to go back to the main meeting, if the settings allow it.
    fn leave_to_main(&mut self, why: Leaving) -> Result<OpId, Error> {
        let breakout_state = self.breakout.as_ref().map(|b| b.state);
        if breakout_state.is_some_and(CallState::is_active)
            && self.visiting.is_none()
            && self
                .settings
                .is_some_and(|s| s.disable_return_to_main_meeting)
        {
            return Err(Error::ReturnToMainDisabled);
        }
        if !breakout_state.is_some_and(|s| s.is_active() || s == CallState::Disconnecting)
            && !self.main.state.is_live()
        {
            return Err(Error::ResumeFailed {
                reason: format!("the main meeting call is {}", self.main.state.name()),
            });
        }
        let op = self.op();
        match breakout_state {
            Some(state) if state.is_active() => {
                self.set_breakout(CallState::Disconnecting);
                for op in std::mem::take(&mut self.joining) {
                    self.complete(
                        op,
                        Err(Error::JoinFailed {
                            reason: "the breakout room was left before it connected".into(),
                        }),
                    );
                }
                self.outbox.push_back(ClientMessage::ReturnToMain);
                self.returning.push((op, why));
            }
            // Already leaving: wait for the same confirmation.
            Some(CallState::Disconnecting) => self.returning.push((op, why)),
            _ => {
                let result = match why {
                    Leaving::HangUp => Completion::Done,
                    Leaving::ReturnToMain => {
                        self.resume_main();
                        Completion::Call(self.main.id.clone())
                    }
                };
                self.complete(op, Ok(result));
            }
        }
        Ok(op)
    }

    /// Ends the breakout call here and now; operations waiting on it fail with `error`.
    fn end_breakout(&mut self, error: Error) {
        let Some(call) = self.breakout.as_mut() else {
            return;
        };
        if call.state == CallState::Disconnected {
            return;
        }
        let id = call.id.clone();
        let was = std::mem::replace(&mut call.state, CallState::Disconnected);
        let removed = call.participants.end(&self.me).unwrap_or_default();
        call.raised_hands.clear();
        let left = call.thread_id.clone();
        self.left_room(left.as_deref());
        if was != CallState::Disconnecting {
            self.emit(Event::StateChanged {
                call: id.clone(),
                state: CallState::Disconnecting,
            });
        }
        self.emit(Event::StateChanged {
            call: id.clone(),
            state: CallState::Disconnected,
        });
        if !removed.is_empty() {
            self.emit(Event::RemoteParticipantsUpdated {
                call: id,
                added: Vec::new(),
                removed,
            });
        }
        for op in std::mem::take(&mut self.joining) {
            self.complete(op, Err(error.clone()));
        }
    }

    fn end_main(&mut self, error: Error) {
        if self.main.state == CallState::Disconnected {
            return;
        }
        if self.main.state != CallState::None {
            self.set_main(CallState::Disconnecting);
        }
        self.set_main(CallState::Disconnected);
        let removed = self.main.participants.end(&self.me).unwrap_or_default();
        self.main.raised_hands.clear();
        if !removed.is_empty() {
            let call = self.main.id.clone();
            self.emit(Event::RemoteParticipantsUpdated {
                call,
                added: Vec::new(),
                removed,
            });
        }
        for op in std::mem::take(&mut self.joining) {
            self.complete(op, Err(error.clone()));
        }
        for (op, _) in std::mem::take(&mut self.returning) {
            self.complete(op, Err(error.clone()));
        }
    }

    fn resume_main(&mut self) {
        if self.main.state == CallState::LocalHold {
            self.set_main(CallState::Connected);
        }
    }

    // ----- small helpers -----

    fn set_main(&mut self, state: CallState) {
        self.main.state = state;
        let call = self.main.id.clone();
        self.emit(Event::StateChanged { call, state });
    }

    fn set_breakout(&mut self, state: CallState) {
        if let Some(call) = self.breakout.as_mut() {
            call.state = state;
            let call = call.id.clone();
            self.emit(Event::StateChanged { call, state });
        }
    }

    fn call_mut(&mut self, id: &CallId) -> Result<&mut Call, Error> {
        std::iter::once(&mut self.main)
            .chain(self.breakout.as_mut())
            .find(|c| &c.id == id)
            .ok_or_else(|| unknown_call(id))
    }

    fn op(&mut self) -> OpId {
        let op = OpId(self.next_op);
        self.next_op = self.next_op.wrapping_add(1);
        op
    }

    fn complete(&mut self, op: OpId, result: Result<Completion, Error>) {
        self.emit(Event::Completed { op, result });
    }

    fn emit(&mut self, event: Event) {
        self.events.push_back(event);
    }
}

fn is_enter(message: &ClientMessage, room: &str) -> bool {
    matches!(message, ClientMessage::EnterRoom { thread_id } | ClientMessage::VisitRoom { thread_id } if thread_id == room)
}

fn unknown_call(id: &CallId) -> Error {
    Error::invalid("call", format!("no call {id} belongs to this participant"))
}

/// A GUID-shaped call id, like the SDK's.
fn call_id(rng: &mut fastrand::Rng) -> CallId {
    let (a, b) = (rng.u64(..), rng.u64(..));
    CallId(format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    ))
}
