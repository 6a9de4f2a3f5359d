//! A participant's side of the workshop features (SPEC 11): closing countdowns, broadcasts,
//! calls for help, rounds, and managers' visits to rooms.

use std::sync::Arc;

use super::{Call, CallState, Client, Completion, Event, OpId};
use crate::core::error::Error;
use crate::core::protocol::ClientMessage;
use crate::core::workshop::{
    HelpRequest, RoomClosing, Round, RoundGroup, RoundStart, WorkshopAction,
};

impl Client {
    // ----- getters -----

    /// When a room closes, as this client was told: its own room, or any room for managers.
    pub fn closing(&self, thread_id: &str) -> Option<u64> {
        self.closings.get(thread_id).copied()
    }

    /// Every room closing, by thread id, as this client was told.
    pub fn closings(&self) -> impl Iterator<Item = (&str, u64)> {
        self.closings.iter().map(|(t, at)| (t.as_str(), *at))
    }

    /// Calls for help: every room's for managers, their own for those who asked.
    pub fn help_requests(&self) -> Vec<Arc<HelpRequest>> {
        self.help.values().cloned().collect()
    }

    /// Managers: every round kept, oldest first; the one running has no end, and its groups
    /// are the rooms as they are.
    pub fn rounds(&self) -> Vec<Round> {
        let mut all: Vec<Round> = self.rounds.iter().map(|r| Round::clone(r)).collect();
        if let (Some(current), Some(book)) = (self.round, &self.rooms) {
            all.push(Round {
                number: current.number,
                started_at: current.started_at,
                ended_at: None,
                groups: book
                    .rooms()
                    .iter()
                    .filter_map(|room| {
                        let members = room.invitees.clone().unwrap_or_default();
                        (!members.is_empty()).then(|| RoundGroup {
                            thread_id: room.thread_id.clone(),
                            display_name: room.display_name.clone(),
                            members,
                        })
                    })
                    .collect(),
            });
        }
        all
    }

    /// The room a manager is visiting, if they are.
    pub fn visiting(&self) -> Option<&str> {
        self.visiting.as_deref()
    }

    // ----- commands -----

    /// `mgmt.visitRoom(threadId)`: a manager's breakout call goes into any open room,
    /// assigned or not; resolves with the call. `returnToMainMeeting()` comes back.
    pub fn visit_room(&mut self, thread_id: &str) -> Result<OpId, Error> {
        self.check_breakout_rooms()?;
        if !self.role.is_manager() {
            return Err(Error::NotAManager {
                operation: "visitRoom".into(),
            });
        }
        if !self.main.state.is_live() {
            return Err(Error::HoldFailed {
                reason: format!("the main meeting call is {}", self.main.state.name()),
            });
        }
        match self.rooms.as_ref().and_then(|book| book.get(thread_id)) {
            None => {
                return Err(Error::UnknownRoom {
                    thread_id: thread_id.to_owned(),
                })
            }
            Some(room) if !room.is_open() => {
                return Err(Error::RoomClosed {
                    thread_id: thread_id.to_owned(),
                })
            }
            Some(_) => {}
        }
        let op = self.op();
        match self.active_breakout() {
            Some(call) if call.thread_id.as_deref() == Some(thread_id) => {
                if call.state == CallState::Connecting {
                    self.joining.push(op);
                } else {
                    let id = call.id.clone();
                    self.complete(op, Ok(Completion::Call(id)));
                }
            }
            _ => {
                self.start_breakout(thread_id, true);
                self.joining.push(op);
            }
        }
        Ok(op)
    }

    /// `feature.requestHelp()`: only from inside a room.
    pub fn request_help(&mut self) -> Result<OpId, Error> {
        self.check_breakout_rooms()?;
        let inside = self
            .active_breakout()
            .is_some_and(|b| b.state == CallState::Connected);
        if !inside {
            return Err(Error::NotInARoom {
                operation: "requestHelp".into(),
            });
        }
        self.workshop(WorkshopAction::RequestHelp)
    }

    /// A workshop action; the host decides whether this participant may.
    pub fn workshop(&mut self, action: WorkshopAction) -> Result<OpId, Error> {
        self.request(|request| ClientMessage::Workshop { request, action })
    }

    // ----- reactions to the host -----

    pub(super) fn on_closing(&mut self, reset: bool, rooms: Vec<RoomClosing>) {
        if reset {
            let stale: Vec<String> = self
                .closings
                .keys()
                .filter(|t| !rooms.iter().any(|r| &r.thread_id == *t))
                .cloned()
                .collect();
            for thread_id in stale {
                self.set_closing(thread_id, None);
            }
        }
        for RoomClosing {
            thread_id,
            closes_at,
        } in rooms
        {
            // Others' rooms are not ours to know, whatever arrives.
            let mine = self.role.is_manager()
                || self
                    .active_breakout()
                    .is_some_and(|b| b.thread_id.as_deref() == Some(&thread_id));
            if mine {
                self.set_closing(thread_id, closes_at);
            }
        }
    }

    fn set_closing(&mut self, thread_id: String, closes_at: Option<u64>) {
        if self.closings.get(&thread_id).copied() == closes_at {
            return;
        }
        match closes_at {
            Some(at) => self.closings.insert(thread_id.clone(), at),
            None => self.closings.remove(&thread_id),
        };
        self.emit(Event::RoomClosing {
            thread_id,
            closes_at,
        });
    }

    pub(super) fn on_help(
        &mut self,
        reset: bool,
        requests: Vec<Arc<HelpRequest>>,
        cleared: Vec<String>,
    ) {
        if reset {
            let stale: Vec<String> = self
                .help
                .keys()
                .filter(|t| !requests.iter().any(|r| &r.thread_id == *t))
                .cloned()
                .collect();
            for thread_id in stale {
                self.set_help(thread_id, None);
            }
        }
        for request in requests {
            if self.role.is_manager() {
                self.set_help(request.thread_id.clone(), Some(request));
            } else if request.askers.contains(&self.me) {
                // Only managers hear of calls they did not make, or who else asked.
                let own = Arc::new(HelpRequest {
                    askers: vec![self.me.clone()],
                    ..HelpRequest::clone(&request)
                });
                self.set_help(request.thread_id.clone(), Some(own));
            }
        }
        for thread_id in cleared {
            self.set_help(thread_id, None);
        }
    }

    fn set_help(&mut self, thread_id: String, request: Option<Arc<HelpRequest>>) {
        if self.help.get(&thread_id) == request.as_ref() {
            return;
        }
        match &request {
            Some(r) => self.help.insert(thread_id.clone(), r.clone()),
            None => self.help.remove(&thread_id),
        };
        self.emit(Event::HelpRequest { thread_id, request });
    }

    pub(super) fn on_rounds(
        &mut self,
        reset: bool,
        ended: Vec<Arc<Round>>,
        current: Option<RoundStart>,
    ) {
        if !self.role.is_manager() {
            return;
        }
        if reset {
            self.rounds.clear();
        }
        self.rounds.extend(ended);
        self.round = current;
        self.emit(Event::Rounds);
    }

    /// The breakout call left `thread_id`: a visit is over, and that room's countdown is no
    /// longer a participant's to follow (a call for help is: it stays open until the room
    /// closes, and the host tells the asker).
    pub(super) fn left_room(&mut self, thread_id: Option<&str>) {
        self.visiting = None;
        if let (Some(t), false) = (thread_id, self.role.is_manager()) {
            self.closings.remove(t);
        }
    }

    /// The role went: so does everything managers see of other rooms, and any visit.
    pub(super) fn no_longer_manager(&mut self) {
        let here = self
            .active_breakout()
            .and_then(|b| b.thread_id.clone())
            .filter(|_| self.visiting.is_none());
        self.closings.retain(|t, _| Some(t) == here.as_ref());
        // What stays of a call for help is this participant's own part in it.
        let me = self.me.clone();
        self.help.retain(|_, r| r.askers.contains(&me));
        for request in self.help.values_mut() {
            if request.askers.len() > 1 {
                *request = Arc::new(HelpRequest {
                    askers: vec![me.clone()],
                    ..HelpRequest::clone(request)
                });
            }
        }
        self.rounds.clear();
        self.round = None;
        if self.visiting.is_some() {
            self.end_breakout(Error::NotAManager {
                operation: "visitRoom".into(),
            });
            self.resume_main();
        }
    }

    pub(super) fn is_visiting(&self, call: &Call) -> bool {
        let (Some(visiting), Some(book)) = (self.visiting.as_deref(), self.rooms.as_ref()) else {
            return false;
        };
        call.thread_id.as_deref() == Some(visiting)
            && book.get(visiting).is_some_and(|r| r.is_open())
    }

    /// A visited room closed or went: the host has sent the visitor back already.
    pub(super) fn end_visit_if_closed(&mut self) {
        let Some(call) = self.active_breakout() else {
            return;
        };
        if self.visiting.is_none() || self.is_visiting(call) {
            return;
        }
        let thread_id = call.thread_id.clone().unwrap_or_default();
        self.end_breakout(Error::RoomClosed { thread_id });
        self.resume_main();
    }
}
