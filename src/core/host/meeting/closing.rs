//! The closing countdown and room durations (SPEC 11): rooms warn the people inside before
//! they close, and a duration set in the settings starts when the rooms open.
//!
//! A room closes at the room end time or at a pending close a manager asked for with
//! `closeRooms` (after `closingWarningSeconds` unless the manager gives a grace; 0 closes at
//! once), whichever comes first. A pending close is told at once; the end time is told
//! `closingWarningSeconds` before it. What each room's people (and every manager) were last
//! told is kept, so that only changes are sent, and newcomers in a room hear it on arrival.

use serde::{Deserialize, Serialize};

use super::{Change, Location, Meeting, RoomId, Slot};
use crate::core::error::Error;
use crate::core::protocol::HostMessage;
use crate::core::room::RoomState;
use crate::core::small_map::SmallMap;
use crate::core::workshop::RoomClosing;

/// Longest grace period, extension or duration a manager may ask for: a day.
pub(crate) const MAX_SECONDS: u32 = 86_400;
/// Longest warning before the end time: an hour.
pub(crate) const MAX_WARNING_SECONDS: u32 = 3_600;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Closings {
    /// Rooms being closed with a grace period, and when each closes.
    pending: SmallMap<RoomId, u64>,
    /// The room end time whose warning is due (and so told): a new end time is warned anew.
    end_warned: Option<u64>,
    /// What the people inside each room and the managers were last told: when it closes,
    /// with the room's thread id, so that managers hear of it even once the room is gone.
    told: SmallMap<RoomId, (String, u64)>,
}

impl Closings {
    pub fn is_pending(&self, room: RoomId) -> bool {
        self.pending.contains_key(&room)
    }

    pub fn forget(&mut self, room: RoomId) {
        self.pending.remove(&room);
    }
}

fn ms(seconds: u32) -> u64 {
    u64::from(seconds) * 1_000
}

/// `seconds` must be 1 or more and at most a day.
pub(crate) fn check_seconds(field: &str, seconds: u32) -> Result<(), Error> {
    if seconds == 0 || seconds > MAX_SECONDS {
        return Err(Error::invalid(
            field,
            format!("expected 1 to {MAX_SECONDS} seconds, got {seconds}"),
        ));
    }
    Ok(())
}

impl Meeting {
    /// `closeRooms(ids, { graceSeconds })`: the people inside are warned now and the rooms
    /// close when the grace period is over (the caller resolves an absent grace to the
    /// meeting's `closingWarningSeconds`). Closed rooms are left alone; asking again moves
    /// the close to `now + grace`, earlier or later. A grace of 0 closes at once.
    pub(super) fn close_after(
        &mut self,
        now: u64,
        rooms: &[RoomId],
        grace_seconds: u32,
        change: &mut Change,
    ) -> Result<(), Error> {
        if grace_seconds > MAX_SECONDS {
            check_seconds("graceSeconds", grace_seconds)?;
        }
        for &id in rooms {
            if grace_seconds == 0 {
                self.set_state(id, RoomState::Closed, change);
                continue;
            }
            let open = self
                .rooms
                .get(&id)
                .is_some_and(|r| r.state == RoomState::Open);
            let at = now + ms(grace_seconds);
            if open && self.workshop.closings.pending.insert(id, at) != Some(at) {
                change.workshop = true;
            }
        }
        Ok(())
    }

    /// `openRooms` on a room with a pending close calls the close off: the manager's latest
    /// word is that the room stays open (so `closeRooms()` then `openRooms()` still ends with
    /// the rooms open). The room end time is the meeting's and stays.
    pub(super) fn keep_open(&mut self, room: RoomId, change: &mut Change) {
        if self.workshop.closings.pending.remove(&room).is_some() {
            change.workshop = true;
        }
    }

    /// `extendClosing(seconds, { threadIds })`: pushes back the named rooms' pending closes,
    /// or without names the room end time and every pending close.
    pub(super) fn extend_closing(
        &mut self,
        rooms: Option<&[RoomId]>,
        seconds: u32,
        change: &mut Change,
    ) -> Result<(), Error> {
        check_seconds("seconds", seconds)?;
        let rooms = self.closing_rooms(rooms)?;
        let by = ms(seconds);
        for id in rooms.pending {
            if let Some(at) = self.workshop.closings.pending.get_mut(&id) {
                *at += by;
                change.workshop = true;
            }
        }
        if rooms.end_time {
            if let Some(end) = self.settings.room_end_time.as_mut() {
                *end += by;
                change.settings = true;
            }
        }
        Ok(())
    }

    /// `cancelClosing({ threadIds })`: the named rooms stay open, or without names every
    /// pending close and the room end time are called off.
    pub(super) fn cancel_closing(
        &mut self,
        rooms: Option<&[RoomId]>,
        change: &mut Change,
    ) -> Result<(), Error> {
        let rooms = self.closing_rooms(rooms)?;
        for id in rooms.pending {
            self.workshop.closings.pending.remove(&id);
            change.workshop = true;
        }
        if rooms.end_time && self.settings.room_end_time.take().is_some() {
            change.settings = true;
        }
        Ok(())
    }

    /// What an extend or cancel applies to; an error when it names nothing that is closing.
    fn closing_rooms(&self, rooms: Option<&[RoomId]>) -> Result<ClosingRooms, Error> {
        let closings = &self.workshop.closings;
        match rooms {
            Some(rooms) => {
                for &id in rooms {
                    if !closings.is_pending(id) {
                        return Err(Error::NoPendingClose {
                            thread_id: self.rooms.get(&id).map(|r| r.thread_id.clone()),
                        });
                    }
                }
                Ok(ClosingRooms {
                    pending: rooms.to_vec(),
                    end_time: false,
                })
            }
            None if closings.pending.is_empty() && self.settings.room_end_time.is_none() => {
                Err(Error::NoPendingClose { thread_id: None })
            }
            None => Ok(ClosingRooms {
                pending: closings.pending.keys().copied().collect(),
                end_time: true,
            }),
        }
    }

    /// Validates the countdown fields of a settings patch, before anything changes.
    pub(super) fn check_countdown_settings(
        &self,
        warning: Option<u32>,
        duration: Option<Option<u32>>,
        end_time_given: bool,
    ) -> Result<(), Error> {
        if let Some(w) = warning.filter(|w| *w > MAX_WARNING_SECONDS) {
            return Err(Error::invalid(
                "closingWarningSeconds",
                format!("expected 0 to {MAX_WARNING_SECONDS} seconds, got {w}"),
            ));
        }
        if let Some(Some(d)) = duration {
            check_seconds("roomDurationSeconds", d)?;
            if end_time_given {
                return Err(Error::invalid(
                    "roomDurationSeconds",
                    "give roomEndTime or roomDurationSeconds, not both",
                ));
            }
        }
        Ok(())
    }

    pub(super) fn open_room_count(&self) -> usize {
        self.rooms
            .values()
            .filter(|r| r.state == RoomState::Open)
            .count()
    }

    /// With a duration set, the end time follows the rooms: set `duration` ahead when they
    /// open (unless an end time runs already), cleared when the last one closes. A duration
    /// given while rooms are open starts again from now.
    pub(super) fn follow_duration(
        &mut self,
        now: u64,
        open_before: usize,
        duration_given: bool,
        change: &mut Change,
    ) {
        let Some(duration) = self.settings.room_duration_seconds else {
            return;
        };
        let open_now = self.open_room_count();
        let end = &mut self.settings.room_end_time;
        if open_now == 0 {
            if open_before > 0 && end.take().is_some() {
                change.settings = true;
            }
        } else if (open_before == 0 && end.is_none()) || duration_given {
            *end = Some(now + ms(duration));
            change.settings = true;
        }
    }

    /// When a closing timer next fires: a pending close, or the end time's warning.
    pub(super) fn closing_deadline(&self) -> Option<u64> {
        let closings = &self.workshop.closings;
        let warning = match self.settings.room_end_time {
            Some(end) if self.warning_ms() > 0 && closings.end_warned != Some(end) => {
                Some(end.saturating_sub(self.warning_ms()))
            }
            _ => None,
        };
        closings.pending.values().copied().chain(warning).min()
    }

    /// Closes the rooms whose pending close has come.
    pub(super) fn close_due(&mut self, now: u64, change: &mut Change) {
        let due: Vec<RoomId> = self
            .workshop
            .closings
            .pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in due {
            self.workshop.closings.pending.remove(&id);
            self.set_state(id, RoomState::Closed, change);
            change.workshop = true;
        }
    }

    fn warning_ms(&self) -> u64 {
        ms(self.settings.closing_warning_seconds)
    }

    /// When `room` closes as its people should know it now, if they should know.
    fn closing_of(&self, room: RoomId) -> Option<u64> {
        if self.rooms.get(&room)?.state != RoomState::Open {
            return None;
        }
        let closings = &self.workshop.closings;
        let end = self
            .settings
            .room_end_time
            .filter(|end| closings.end_warned == Some(*end));
        closings
            .pending
            .get(&room)
            .copied()
            .into_iter()
            .chain(end)
            .min()
    }

    /// Tells everyone whose countdown changed: the people inside each room whose closing
    /// time changed, and every manager, in one message.
    pub(super) fn announce_closings(&mut self, now: u64) {
        let end = self.settings.room_end_time;
        let due = end.filter(|e| self.warning_ms() > 0 && now + self.warning_ms() >= *e);
        self.workshop.closings.end_warned = due;
        let mut news: Vec<(RoomId, RoomClosing)> = Vec::new();
        for (&id, room) in &self.rooms {
            let closes_at = self.closing_of(id);
            let told = self.workshop.closings.told.get(&id).map(|(_, at)| *at);
            if told != closes_at {
                let thread_id = room.thread_id.clone();
                news.push((
                    id,
                    RoomClosing {
                        thread_id,
                        closes_at,
                    },
                ));
            }
        }
        for (id, (thread_id, _)) in self.workshop.closings.told.iter() {
            if !self.rooms.contains_key(id) {
                let thread_id = thread_id.clone();
                news.push((
                    *id,
                    RoomClosing {
                        thread_id,
                        closes_at: None,
                    },
                ));
            }
        }
        if news.is_empty() {
            return;
        }
        for (id, closing) in &news {
            let told = &mut self.workshop.closings.told;
            match closing.closes_at {
                Some(at) => told.insert(*id, (closing.thread_id.clone(), at)),
                None => told.remove(id),
            };
            // A room deleted or closed has nobody inside: its people went back with it.
            let inside: Vec<Slot> = self
                .presence
                .members(Location::Room(*id))
                .filter(|s| !self.managers.contains(s))
                .collect();
            for slot in inside {
                let message = HostMessage::Closing {
                    reset: false,
                    rooms: vec![closing.clone()],
                };
                self.workshop.tell(slot, message);
            }
        }
        let rooms: Vec<RoomClosing> = news.into_iter().map(|(_, c)| c).collect();
        let managers: Vec<Slot> = self.managers.iter().copied().collect();
        for slot in managers {
            let message = HostMessage::Closing {
                reset: false,
                rooms: rooms.clone(),
            };
            self.workshop.tell(slot, message);
        }
    }

    /// Every room whose people were told when it closes, in creation order.
    pub fn closings(&self) -> Vec<(String, u64)> {
        self.rooms
            .keys()
            .filter_map(|id| self.workshop.closings.told.get(id).cloned())
            .collect()
    }

    /// The countdown of `room` as its people were told, if it is closing.
    fn told(&self, room: RoomId) -> Option<RoomClosing> {
        let (thread_id, at) = self.workshop.closings.told.get(&room)?;
        Some(RoomClosing {
            thread_id: thread_id.clone(),
            closes_at: Some(*at),
        })
    }

    /// Someone entered a room that is closing: they hear when (managers know already).
    pub(super) fn tell_closing_on_arrival(&mut self, slot: Slot, room: RoomId) {
        if self.managers.contains(&slot) {
            return;
        }
        if let Some(closing) = self.told(room) {
            let message = HostMessage::Closing {
                reset: false,
                rooms: vec![closing],
            };
            self.workshop.tell(slot, message);
        }
    }

    /// Every countdown `slot` may know of: every room's for a manager, the room they are in
    /// for anyone else.
    pub(super) fn closings_for(&self, slot: Slot) -> Vec<RoomClosing> {
        if self.participant(slot).role.is_manager() {
            return self
                .workshop
                .closings
                .told
                .keys()
                .filter_map(|id| self.told(*id))
                .collect();
        }
        match self.participant(slot).location {
            Some(Location::Room(room)) => self.told(room).into_iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// The pending closes (by room) and whether the end time is meant too.
struct ClosingRooms {
    pending: Vec<RoomId>,
    end_time: bool,
}
