//! Asking for help (SPEC 11): someone in a room asks, the managers see who and which room,
//! one of them acknowledges, and the askers hear it. One request per room: asking again,
//! or a second person asking, joins it. A request lives until its room closes. An asker
//! hears of their request wherever they are, but never who else asked.

use std::sync::Arc;

use crate::core::index_map::IndexSet;
use serde::{Deserialize, Serialize};

use super::{Location, Meeting, RoomId, Slot};
use crate::core::error::Error;
use crate::core::protocol::HostMessage;
use crate::core::small_map::SmallMap;
use crate::core::workshop::HelpRequest;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct HelpDesk {
    requests: SmallMap<RoomId, Request>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Request {
    askers: IndexSet<Slot>,
    requested_at: u64,
    acknowledged_by: Option<Slot>,
}

impl Meeting {
    /// `requestHelp()` from inside a room. Asking while the room's request waits changes
    /// nothing; asking after it was acknowledged asks again.
    pub(super) fn request_help(&mut self, now: u64, slot: Slot) -> Result<(), Error> {
        let Some(Location::Room(room)) = self.participant(slot).location else {
            return Err(Error::NotInARoom {
                operation: "requestHelp".into(),
            });
        };
        let requests = &mut self.workshop.help.requests;
        let changed = match requests.get_mut(&room) {
            None => {
                requests.insert(
                    room,
                    Request {
                        askers: IndexSet::from([slot]),
                        requested_at: now,
                        acknowledged_by: None,
                    },
                );
                true
            }
            Some(request) => {
                let new_asker = request.askers.insert(slot);
                let asked_again = request.acknowledged_by.take().is_some();
                new_asker || asked_again
            }
        };
        if changed {
            self.tell_help(room);
        }
        Ok(())
    }

    /// `mgmt.acknowledgeHelp(threadId)`.
    pub(super) fn acknowledge_help(&mut self, slot: Slot, thread_id: &str) -> Result<(), Error> {
        let room = self.room_id(thread_id)?;
        let request =
            self.workshop
                .help
                .requests
                .get_mut(&room)
                .ok_or_else(|| Error::NoHelpRequest {
                    thread_id: thread_id.to_owned(),
                })?;
        if request.acknowledged_by.replace(slot) != Some(slot) {
            self.tell_help(room);
        }
        Ok(())
    }

    /// The room is closing or going: its request is over, and those who knew of it hear
    /// so. Called before the people inside are sent back to the main meeting.
    pub(super) fn clear_help(&mut self, room: RoomId) {
        let Some(thread_id) = self.rooms.get(&room).map(|r| r.thread_id.clone()) else {
            return;
        };
        if !self.workshop.help.requests.contains_key(&room) {
            return;
        }
        let to = self.help_audience(room);
        self.workshop.help.requests.remove(&room);
        for slot in to {
            let message = HostMessage::Help {
                reset: false,
                requests: Vec::new(),
                cleared: vec![thread_id.clone()],
            };
            self.workshop.tell(slot, message);
        }
    }

    fn help_view(&self, room: RoomId) -> Option<HelpRequest> {
        let request = self.workshop.help.requests.get(&room)?;
        let identifier = |s: &Slot| self.participant(*s).identifier.clone();
        Some(HelpRequest {
            thread_id: self.rooms.get(&room)?.thread_id.clone(),
            askers: request.askers.iter().map(identifier).collect(),
            requested_at: request.requested_at,
            acknowledged_by: request.acknowledged_by.as_ref().map(identifier),
        })
    }

    /// Who hears of a room's request: every manager present, and every asker present.
    fn help_audience(&self, room: RoomId) -> IndexSet<Slot> {
        let mut to: IndexSet<Slot> = self.managers.iter().copied().collect();
        if let Some(request) = self.workshop.help.requests.get(&room) {
            let present = |s: &&Slot| self.participant(**s).present;
            to.extend(request.askers.iter().filter(present));
        }
        to
    }

    /// A request as `slot` may see it: whole for managers; for an asker, with themselves as
    /// the only asker, since they may be in another room by now and must not learn who is
    /// in this one.
    fn help_view_for(&self, room: RoomId, slot: Slot) -> Option<HelpRequest> {
        let mut view = self.help_view(room)?;
        if !self.participant(slot).role.is_manager() {
            view.askers = vec![self.participant(slot).identifier.clone()];
        }
        Some(view)
    }

    /// Sends a room's request as it is now to its audience.
    fn tell_help(&mut self, room: RoomId) {
        let Some(whole) = self.help_view(room).map(Arc::new) else {
            return;
        };
        for slot in self.help_audience(room) {
            let view = match self.participant(slot).role.is_manager() {
                true => Some(whole.clone()),
                false => self.help_view_for(room, slot).map(Arc::new),
            };
            let message = HostMessage::Help {
                reset: false,
                requests: view.into_iter().collect(),
                cleared: Vec::new(),
            };
            self.workshop.tell(slot, message);
        }
    }

    /// Every open call for help, oldest first.
    pub fn help_requests(&self) -> Vec<HelpRequest> {
        let rooms = self.workshop.help.requests.keys();
        rooms.filter_map(|room| self.help_view(*room)).collect()
    }

    /// Every call for help `slot` may know of: every one for a manager, those they asked
    /// for otherwise.
    pub(super) fn help_for(&self, slot: Slot) -> Vec<Arc<HelpRequest>> {
        let manager = self.participant(slot).role.is_manager();
        let requests = &self.workshop.help.requests;
        requests
            .iter()
            .filter(|(_, r)| manager || r.askers.contains(&slot))
            .filter_map(|(room, _)| self.help_view_for(*room, slot).map(Arc::new))
            .collect()
    }
}
