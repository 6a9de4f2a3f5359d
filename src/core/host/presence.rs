//! Who is in which place (the main meeting or a room), and the remote-participant
//! updates that follow from it.
//!
//! Moves are recorded as they happen and published in one batch per flush, so a burst
//! of moves (everyone entering their rooms) costs one update per member of each place,
//! and the lists everyone in a place receives are built once and shared.

use std::sync::Arc;

use crate::core::index_map::{IndexMap, IndexSet};
use serde::{Deserialize, Serialize};

use super::meeting::{Meeting, Slot};
use crate::core::identity::{Identifier, Member};
use crate::core::protocol::Place;
use crate::core::roster::{Board, SharedRosters};

/// A place inside the meeting, by the host's own room ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Location {
    Main,
    Room(u32),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct PlaceState {
    members: IndexSet<Slot>,
    /// Members as of the last flush: what everyone there has been told.
    published: IndexSet<Slot>,
    /// Published members who hear of it by message; in-process ones read the shared roster.
    wire: IndexSet<Slot>,
    /// Slots that came or went since the last flush, in the order they first did.
    touched: IndexSet<Slot>,
    /// The place's name, kept from its first publication so a deleted room can still be
    /// emptied on the shared board.
    place: Option<Place>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Presence {
    #[serde(with = "crate::core::index_map::serde_seq")]
    places: IndexMap<Location, PlaceState>,
    dirty: Vec<Location>,
    /// Members being resynced, to be sent everyone in their place at the next flush.
    resyncs: Vec<(Slot, Location)>,
    /// Where in-process clients read presence, once any asked for it. Not part of a
    /// snapshot: a restored host's clients are all on a wire.
    #[serde(skip)]
    shared: Option<SharedRosters>,
}

/// One place's news for one recipient.
pub(crate) struct PresenceUpdate {
    pub to: Slot,
    pub place: Place,
    pub reset: bool,
    pub joined: Arc<[Member]>,
    pub left: Arc<[Identifier]>,
}

impl Presence {
    pub fn moved(&mut self, slot: Slot, from: Option<Location>, to: Option<Location>) {
        if from == to {
            return;
        }
        if let Some(from) = from {
            self.place(from).members.swap_remove(&slot);
            self.touch(from, slot);
        }
        if let Some(to) = to {
            self.place(to).members.insert(slot);
            self.touch(to, slot);
        }
    }

    pub fn members(&self, location: Location) -> impl Iterator<Item = Slot> + '_ {
        self.places
            .get(&location)
            .into_iter()
            .flat_map(|p| p.members.iter().copied())
    }

    /// The rosters in-process clients read; published from the next flush on.
    pub fn shared(&mut self) -> SharedRosters {
        self.shared
            .get_or_insert_with(SharedRosters::default)
            .clone()
    }

    fn place(&mut self, location: Location) -> &mut PlaceState {
        self.places.entry(location).or_default()
    }

    fn touch(&mut self, location: Location, slot: Slot) {
        let place = self.place(location);
        if place.touched.is_empty() {
            self.dirty.push(location);
        }
        self.place(location).touched.insert(slot);
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.resyncs.is_empty()
    }

    /// `slot`, on a wire, will be sent everyone in its place at the next flush.
    pub fn resync(&mut self, slot: Slot, at: Location) {
        self.resyncs.push((slot, at));
    }

    /// Publishes every move since the last flush: onto the shared board, and as messages
    /// for the members on a `wire`. Newcomers there get everyone; those already there get
    /// who came and who went; those who left get an empty list (if they are still in the
    /// meeting to hear it). The work is the moves plus the wire members of each place
    /// touched: in-process members cost nothing.
    pub fn flush(&mut self, meeting: &Meeting, wire: impl Fn(Slot) -> bool) -> Vec<PresenceUpdate> {
        let mut updates = Vec::new();
        let tick = self.shared.as_ref().map(|s| s.write(Board::next_tick));
        for location in std::mem::take(&mut self.dirty) {
            let Some(state) = self.places.get_mut(&location) else {
                continue;
            };
            let (mut added, mut removed) = (IndexSet::new(), Vec::new());
            for slot in std::mem::take(&mut state.touched) {
                match (
                    state.members.contains(&slot),
                    state.published.contains(&slot),
                ) {
                    (true, false) => {
                        added.insert(slot);
                    }
                    (false, true) => removed.push(slot),
                    _ => {}
                }
            }
            // Leavers on a wire are told their list is now empty.
            let mut wire_leavers = Vec::new();
            for slot in &removed {
                state.published.swap_remove(slot);
                if state.wire.swap_remove(slot) {
                    wire_leavers.push(*slot);
                }
            }
            let wire_before = state.wire.len();
            for &slot in &added {
                state.published.insert(slot);
                if wire(slot) {
                    state.wire.insert(slot);
                }
            }
            if state.place.is_none() {
                state.place = meeting.place(location);
            }
            if let (Some(shared), Some(tick), Some(place)) = (&self.shared, tick, &state.place) {
                shared.write(|board| {
                    let roster = board.roster_mut(room_of(place));
                    for slot in &removed {
                        roster.leave(tick, &meeting.participant(*slot).identifier);
                    }
                    for slot in &added {
                        roster.join(tick, meeting.member(*slot));
                    }
                });
            }
            let told = state.wire.len() + wire_leavers.len();
            // A deleted room has no name on the wire: its leavers hear of it by assignment.
            let live = meeting.place(location);
            let news = !added.is_empty() || !removed.is_empty();
            if let (Some(place), true) = (live, news && told > 0) {
                let empty_members: Arc<[Member]> = Arc::from(Vec::new());
                let empty_ids: Arc<[Identifier]> = Arc::from(Vec::new());
                let joined: Arc<[Member]> = added.iter().map(|s| meeting.member(*s)).collect();
                let left: Arc<[Identifier]> = removed
                    .iter()
                    .map(|s| meeting.participant(*s).identifier.clone())
                    .collect();
                // Wire newcomers were appended after everyone already there.
                let everyone: Arc<[Member]> = if state.wire.len() > wire_before {
                    state.published.iter().map(|s| meeting.member(*s)).collect()
                } else {
                    empty_members.clone()
                };
                for (i, &to) in state.wire.iter().enumerate() {
                    let newcomer = i >= wire_before;
                    if !newcomer && joined.is_empty() && left.is_empty() {
                        continue;
                    }
                    updates.push(PresenceUpdate {
                        to,
                        place: place.clone(),
                        reset: newcomer,
                        joined: if newcomer {
                            everyone.clone()
                        } else {
                            joined.clone()
                        },
                        left: if newcomer {
                            empty_ids.clone()
                        } else {
                            left.clone()
                        },
                    });
                }
                for to in wire_leavers {
                    updates.push(PresenceUpdate {
                        to,
                        place: place.clone(),
                        reset: true,
                        joined: empty_members.clone(),
                        left: empty_ids.clone(),
                    });
                }
            }
            if state.members.is_empty() && state.published.is_empty() {
                self.places.swap_remove(&location);
            }
        }
        // After the moves, so a resynced member's list is what the others were just told.
        for (slot, location) in std::mem::take(&mut self.resyncs) {
            let (Some(state), Some(place)) =
                (self.places.get_mut(&location), meeting.place(location))
            else {
                continue;
            };
            if !state.published.contains(&slot) || !wire(slot) {
                continue; // moved on since (its new place's flush tells it), or in-process
            }
            state.wire.insert(slot);
            updates.push(PresenceUpdate {
                to: slot,
                place,
                reset: true,
                joined: state.published.iter().map(|s| meeting.member(*s)).collect(),
                left: Arc::from(Vec::new()),
            });
        }
        updates
    }
}

fn room_of(place: &Place) -> Option<&str> {
    match place {
        Place::Main => None,
        Place::Room { thread_id } => Some(thread_id),
    }
}
