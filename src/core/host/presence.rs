//! Who is in which place (the main meeting or a room), and the remote-participant
//! updates that follow from it.
//!
//! Moves are recorded as they happen and published in one batch per flush, so a burst
//! of moves (everyone entering their rooms) costs one update per member of each place,
//! and the lists everyone in a place receives are built once and shared.

use std::sync::Arc;

use indexmap::{IndexMap, IndexSet};

use super::meeting::Slot;
use crate::core::identity::{Identifier, Member};

/// A place inside the meeting, by the host's own room ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Location {
    Main,
    Room(u32),
}

#[derive(Debug, Default)]
struct PlaceState {
    members: IndexSet<Slot>,
    /// Members as of the last flush: what everyone there has been told.
    published: IndexSet<Slot>,
    /// Slots that came or went since the last flush.
    touched: Vec<Slot>,
}

#[derive(Debug, Default)]
pub(crate) struct Presence {
    places: IndexMap<Location, PlaceState>,
    dirty: Vec<Location>,
}

/// One place's news for one recipient.
pub(crate) struct PresenceUpdate {
    pub to: Slot,
    pub location: Location,
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

    fn place(&mut self, location: Location) -> &mut PlaceState {
        self.places.entry(location).or_default()
    }

    fn touch(&mut self, location: Location, slot: Slot) {
        let place = self.place(location);
        if place.touched.is_empty() {
            self.dirty.push(location);
        }
        self.place(location).touched.push(slot);
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Publishes every move since the last flush. Newcomers to a place get everyone
    /// there; those already there get who came and who went; those who left get an
    /// empty list (if they are still in the meeting to hear it).
    pub fn flush(
        &mut self,
        member: impl Fn(Slot) -> Member,
        identifier: impl Fn(Slot) -> Identifier,
    ) -> Vec<PresenceUpdate> {
        let mut updates = Vec::new();
        for location in std::mem::take(&mut self.dirty) {
            let Some(place) = self.places.get_mut(&location) else {
                continue;
            };
            let mut touched = std::mem::take(&mut place.touched);
            touched.sort_unstable();
            touched.dedup();
            let (mut added, mut removed) = (Vec::new(), Vec::new());
            for &slot in &touched {
                match (
                    place.members.contains(&slot),
                    place.published.contains(&slot),
                ) {
                    (true, false) => added.push(slot),
                    (false, true) => removed.push(slot),
                    _ => {}
                }
            }
            for slot in &added {
                place.published.insert(*slot);
            }
            for slot in &removed {
                place.published.swap_remove(slot);
            }
            if !added.is_empty() || !removed.is_empty() {
                let empty_members: Arc<[Member]> = Arc::from(Vec::new());
                let empty_ids: Arc<[Identifier]> = Arc::from(Vec::new());
                let joined: Arc<[Member]> = added.iter().map(|s| member(*s)).collect();
                let left: Arc<[Identifier]> = removed.iter().map(|s| identifier(*s)).collect();
                let everyone: Arc<[Member]> = if added.is_empty() {
                    empty_members.clone()
                } else {
                    place.members.iter().map(|s| member(*s)).collect()
                };
                for &to in &place.members {
                    let newcomer = added.binary_search(&to).is_ok();
                    updates.push(PresenceUpdate {
                        to,
                        location,
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
                for &to in &removed {
                    updates.push(PresenceUpdate {
                        to,
                        location,
                        reset: true,
                        joined: empty_members.clone(),
                        left: empty_ids.clone(),
                    });
                }
            }
            if place.members.is_empty() && place.published.is_empty() {
                self.places.swap_remove(&location);
            }
        }
        updates
    }
}
