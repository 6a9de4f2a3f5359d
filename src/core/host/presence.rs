//! Who is in which place (the main meeting or a room), whom each place lists, and the
//! remote-participant updates that follow from it.
//!
//! Moves are recorded as they happen and published in one batch per flush, so a burst
//! of moves (everyone entering their rooms) costs one update per member of each place,
//! and the lists everyone in a place receives are built once and shared.
//!
//! A place lists everyone while it holds at most `max_visible_participants`. Past that
//! it lists the first that many, managers first and then by arrival, with its head
//! count: at once when it goes past the cap, then changes at most once per
//! `visible_refresh_ms`: when a
//! big place empties in a burst, each of thousands who stay would otherwise be told of
//! hundreds of replacements step after step, which is O(people²) again.

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

/// A place's listing order: natively a BTreeSet (a server's place may hold thousands); in
/// the wasm a sorted vector, which drops the B-tree's code (sorted_vec.rs).
#[cfg(not(target_arch = "wasm32"))]
type Order = std::collections::BTreeSet<(Standing, Slot)>;
#[cfg(target_arch = "wasm32")]
type Order = crate::core::sorted_vec::SortedVec<(Standing, Slot)>;

/// Where a member stands in a place's listing order: whether they are an attendee
/// (managers come first), then when they arrived there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Standing(bool, u64);

#[derive(Debug, Default, Serialize, Deserialize)]
struct PlaceState {
    /// Everyone here, and where they stand.
    #[serde(default, with = "crate::core::index_map::serde_seq")]
    standing: IndexMap<Slot, Standing>,
    /// The same, in listing order (rebuilt from `standing` on restore).
    #[serde(skip)]
    order: Order,
    /// A version-1 snapshot's members (who stood nowhere), moved into `standing` on restore.
    #[serde(default, rename = "members", skip_serializing)]
    unranked: IndexSet<Slot>,
    /// Members as of the last flush: who has been told they are here.
    published: IndexSet<Slot>,
    /// Published members who hear of it by message; in-process ones read the shared roster.
    wire: IndexSet<Slot>,
    /// Slots that came, went or changed standing since the last flush, in the order they
    /// first did.
    touched: IndexSet<Slot>,
    /// Whom everyone here was last told is here: all of `published` unless `partial`.
    #[serde(default)]
    listed: IndexSet<Slot>,
    /// `listed` is the first few by standing, as of its last publication, not everyone.
    #[serde(default)]
    partial: bool,
    /// The head count published with a partial listing.
    #[serde(default)]
    total: Option<u32>,
    /// When a partial listing that changed since is published next.
    #[serde(default)]
    due: Option<u64>,
    /// The place's name, kept from its first publication so a deleted room can still be
    /// emptied on the shared board.
    place: Option<Place>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Presence {
    #[serde(with = "crate::core::index_map::serde_seq")]
    places: IndexMap<Location, PlaceState>,
    dirty: IndexSet<Location>,
    /// Members being resynced, to be sent everyone listed in their place at the next flush.
    resyncs: Vec<(Slot, Location)>,
    /// Places whose listing waits for its `due` time.
    #[serde(default, with = "crate::core::index_map::serde_seq")]
    waiting: IndexMap<Location, u64>,
    /// Arrivals into places so far: the next one stands after all of them.
    #[serde(default)]
    arrivals: u64,
    /// Where in-process clients read presence, once any asked for it. Not part of a
    /// snapshot: a restored host's clients are all on a wire.
    #[serde(skip)]
    shared: Option<SharedRosters>,
}

/// People named in one presence message, at most. A longer listing goes as several
/// messages (a reset, then additions), so no message is much over a few KB: a socket keeps
/// a buffer as big as the biggest message it sent, for as long as it is open.
pub(crate) const PEOPLE_PER_MESSAGE: usize = 50;

/// One place's news for one recipient, or a piece of it.
pub(crate) struct PresenceUpdate {
    pub to: Slot,
    pub place: Place,
    pub piece: Piece,
    /// The head count of a place that lists only some.
    pub total: Option<u32>,
}

/// One message's worth of a place's news, shared by everyone it goes to.
#[derive(Clone)]
pub(crate) struct Piece {
    pub reset: bool,
    pub joined: Arc<[Member]>,
    pub left: Arc<[Identifier]>,
}

impl Piece {
    /// Who left, then who joined, at most [`PEOPLE_PER_MESSAGE`] a piece; the first resets
    /// if `reset`. Always at least one piece.
    fn cut(reset: bool, joined: Vec<Member>, left: Vec<Identifier>) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut left = left.into_iter().peekable();
        let mut joined = joined.into_iter().peekable();
        loop {
            let gone: Vec<Identifier> = left.by_ref().take(PEOPLE_PER_MESSAGE).collect();
            let came: Vec<Member> = joined
                .by_ref()
                .take(PEOPLE_PER_MESSAGE - gone.len())
                .collect();
            pieces.push(Piece {
                reset: reset && pieces.is_empty(),
                joined: came.into(),
                left: gone.into(),
            });
            if left.peek().is_none() && joined.peek().is_none() {
                return pieces;
            }
        }
    }

    /// Everyone listed, as a reset and then additions.
    fn everyone(members: impl Iterator<Item = Member>) -> Vec<Piece> {
        Piece::cut(true, members.collect(), Vec::new())
    }
}

/// Who a flush lists in one place, when that changed: slots that became listed and that
/// stopped being listed.
struct Relisted {
    joined: Vec<Slot>,
    left: Vec<Slot>,
    total_changed: bool,
}

impl PlaceState {
    fn arrive(&mut self, slot: Slot, standing: Standing) {
        if let Some(old) = self.standing.insert(slot, standing) {
            self.order.remove(&(old, slot));
        }
        self.order.insert((standing, slot));
    }

    fn depart(&mut self, slot: Slot) {
        if let Some(old) = self.standing.swap_remove(&slot) {
            self.order.remove(&(old, slot));
        }
    }

    /// Lists the first `cap` by standing (everyone, if there are no more), as of now.
    fn relist(&mut self, cap: usize) -> Relisted {
        let target: IndexSet<Slot> = self.order.iter().take(cap).map(|(_, s)| *s).collect();
        let left = self
            .listed
            .iter()
            .filter(|s| !target.contains(*s))
            .copied()
            .collect();
        let joined = target
            .iter()
            .filter(|s| !self.listed.contains(*s))
            .copied()
            .collect();
        let count = self.standing.len();
        self.partial = count > cap;
        let total = self
            .partial
            .then(|| u32::try_from(count).unwrap_or(u32::MAX));
        let total_changed = total != self.total;
        self.total = total;
        self.listed = target;
        self.due = None;
        Relisted {
            joined,
            left,
            total_changed,
        }
    }
}

impl Presence {
    /// `slot` left `from` and arrived in `to`, where it stands by its role.
    pub fn moved(
        &mut self,
        slot: Slot,
        from: Option<Location>,
        to: Option<Location>,
        manager: bool,
    ) {
        if from == to {
            return;
        }
        if let Some(from) = from {
            self.place(from).depart(slot);
            self.touch(from, slot);
        }
        if let Some(to) = to {
            self.arrivals += 1;
            let standing = Standing(!manager, self.arrivals);
            self.place(to).arrive(slot, standing);
            self.touch(to, slot);
        }
    }

    /// `slot`'s role changed where it is: managers are listed first.
    pub fn reranked(&mut self, slot: Slot, at: Location, manager: bool) {
        let Some(state) = self.places.get_mut(&at) else {
            return;
        };
        match state.standing.get(&slot) {
            Some(&Standing(attendee, arrival)) if attendee == manager => {
                state.arrive(slot, Standing(!manager, arrival));
                self.touch(at, slot);
            }
            _ => {}
        }
    }

    pub fn members(&self, location: Location) -> impl Iterator<Item = Slot> + '_ {
        self.places
            .get(&location)
            .into_iter()
            .flat_map(|p| p.standing.keys().copied())
    }

    /// Whom a place lists now (as its people were last told), with the head count when
    /// that is not everyone.
    pub fn listed(&self, location: Location) -> (Vec<Slot>, Option<u32>) {
        match self.places.get(&location) {
            Some(state) => (state.listed.iter().copied().collect(), state.total),
            None => (Vec::new(), None),
        }
    }

    /// The rosters in-process clients read; published from the next flush on.
    pub fn shared(&mut self) -> SharedRosters {
        self.shared
            .get_or_insert_with(SharedRosters::default)
            .clone()
    }

    /// After a restore: the listing order again, and the members of a version-1 snapshot
    /// given standings (by role, in the order they were kept) and a listing of everyone,
    /// which the next flush cuts to the cap.
    pub fn restored(&mut self, manager: impl Fn(Slot) -> bool) {
        for (location, state) in &mut self.places {
            if !state.unranked.is_empty() {
                state.listed = state.published.clone();
                self.dirty.insert(*location);
            }
            for slot in std::mem::take(&mut state.unranked) {
                self.arrivals += 1;
                state
                    .standing
                    .insert(slot, Standing(!manager(slot), self.arrivals));
            }
            state.order = state.standing.iter().map(|(s, st)| (*st, *s)).collect();
        }
    }

    /// The cap or refresh time changed: every place is listed anew at the next flush (one
    /// past the cap when its refresh is due), the waiting ones included.
    pub fn relist_all(&mut self) {
        for (location, state) in &mut self.places {
            state.partial = true;
            state.due = None;
            self.dirty.insert(*location);
        }
        self.waiting.clear();
    }

    fn place(&mut self, location: Location) -> &mut PlaceState {
        self.places.entry(location).or_default()
    }

    fn touch(&mut self, location: Location, slot: Slot) {
        self.dirty.insert(location);
        self.place(location).touched.insert(slot);
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.resyncs.is_empty()
    }

    /// When a waiting listing is due.
    pub fn next_due(&self) -> Option<u64> {
        self.waiting.values().copied().min()
    }

    /// Listings due by `now` go out at the next flush.
    pub fn wake(&mut self, now: u64) {
        for (location, due) in &self.waiting {
            if *due <= now {
                self.dirty.insert(*location);
            }
        }
    }

    /// `slot`, on a wire, will be sent everyone listed in its place at the next flush.
    pub fn resync(&mut self, slot: Slot, at: Location) {
        self.resyncs.push((slot, at));
    }

    /// Publishes every move since the last flush: onto the shared board, and as messages
    /// for the members on a `wire`. Newcomers there get everyone listed; those already
    /// there get who came and who went from the listing; those who left get an empty list
    /// (if they are still in the meeting to hear it). The work is the moves, plus the
    /// listing of a place past the cap when it is published, plus the wire members told:
    /// in-process members cost nothing.
    pub fn flush(
        &mut self,
        meeting: &Meeting,
        now: u64,
        wire: impl Fn(Slot) -> bool,
    ) -> Vec<PresenceUpdate> {
        let limits = meeting.config().limits;
        let cap = limits.max_visible_participants as usize;
        let refresh = u64::from(limits.visible_refresh_ms);
        let mut updates = Vec::new();
        let tick = self.shared.as_ref().map(|s| s.write(Board::next_tick));
        for location in std::mem::take(&mut self.dirty) {
            let Some(state) = self.places.get_mut(&location) else {
                self.waiting.swap_remove(&location);
                continue;
            };
            let (mut added, mut removed) = (IndexSet::new(), Vec::new());
            for slot in std::mem::take(&mut state.touched) {
                match (
                    state.standing.contains_key(&slot),
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

            // Who is listed: within the cap, everyone at once; past it, the first few when due.
            let within = state.standing.len() <= cap;
            let relisted = if within && !state.partial && state.due.is_none() {
                // Everyone was listed and still is: the listing moves with the members.
                for slot in &removed {
                    state.listed.swap_remove(slot);
                }
                for &slot in &added {
                    state.listed.insert(slot);
                }
                Some(Relisted {
                    joined: added.iter().copied().collect(),
                    left: removed.clone(),
                    total_changed: false,
                })
            } else {
                // A place that goes past the cap is listed at once (everyone coming back
                // from the rooms sees the first few, not an old list); after that, changes
                // gather for the refresh time.
                let wait = if state.partial { refresh } else { 0 };
                let due = *state.due.get_or_insert(now.saturating_add(wait));
                (within || due <= now).then(|| state.relist(cap))
            };
            match (&relisted, state.due) {
                (None, Some(due)) => {
                    self.waiting.insert(location, due);
                }
                _ => {
                    self.waiting.swap_remove(&location);
                }
            }

            if let (Some(shared), Some(tick), Some(place)) = (&self.shared, tick, &state.place) {
                shared.write(|board| {
                    let roster = board.place_mut(room_of(place));
                    for slot in &removed {
                        roster
                            .present
                            .leave(tick, &meeting.participant(*slot).identifier);
                    }
                    for slot in &added {
                        roster.present.join(tick, meeting.member(*slot));
                    }
                    if let Some(r) = &relisted {
                        for slot in &r.left {
                            roster
                                .listed
                                .leave(tick, &meeting.participant(*slot).identifier);
                        }
                        for slot in &r.joined {
                            roster.listed.join(tick, meeting.member(*slot));
                        }
                        roster.total = state.total;
                    }
                });
            }

            // A deleted room has no name on the wire: its leavers hear of it by assignment.
            if let Some(place) = meeting.place(location) {
                let total = state.total;
                let mut tell = |to: Slot, pieces: &[Piece], total: Option<u32>| {
                    for piece in pieces {
                        updates.push(PresenceUpdate {
                            to,
                            place: place.clone(),
                            piece: piece.clone(),
                            total,
                        });
                    }
                };
                let news = relisted
                    .filter(|r| !r.joined.is_empty() || !r.left.is_empty() || r.total_changed);
                if let Some(news) = news {
                    let pieces = Piece::cut(
                        false,
                        news.joined.iter().map(|s| meeting.member(*s)).collect(),
                        news.left
                            .iter()
                            .map(|s| meeting.participant(*s).identifier.clone())
                            .collect(),
                    );
                    for &to in state.wire.iter().take(wire_before) {
                        tell(to, &pieces, total);
                    }
                }
                // Wire newcomers were appended after everyone already there.
                if state.wire.len() > wire_before {
                    let everyone = Piece::everyone(state.listed.iter().map(|s| meeting.member(*s)));
                    for &to in state.wire.iter_from(wire_before) {
                        tell(to, &everyone, total);
                    }
                }
                let nobody = Piece::everyone(std::iter::empty());
                for to in wire_leavers {
                    tell(to, &nobody, None);
                }
            }
            if state.standing.is_empty() && state.published.is_empty() {
                self.places.swap_remove(&location);
                self.waiting.swap_remove(&location);
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
            for piece in Piece::everyone(state.listed.iter().map(|s| meeting.member(*s))) {
                updates.push(PresenceUpdate {
                    to: slot,
                    place: place.clone(),
                    piece,
                    total: state.total,
                });
            }
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
