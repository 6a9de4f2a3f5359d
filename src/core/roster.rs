//! Who is in one place, and who came and went lately: what a call's remote participants
//! are read from.
//!
//! Over a wire each client builds its own [`Roster`] per call from the host's presence
//! deltas. In one process ([`crate::core::LocalMeeting`]) the host publishes two rosters per
//! place into [`SharedRosters`], who is there and whom the place lists, and every client
//! there reads them, so the meeting holds each member once (twice if listed) however many
//! clients it has.
//!
//! Changes are logged with a tick, so a client that reports `remoteParticipantsUpdated`
//! can tell exactly what changed since it last reported without a copy of its own. Logs are
//! kept only while someone reads them, and cleared once every reader has caught up.

use std::sync::{Arc, PoisonError, RwLock};

use crate::core::index_map::{IndexMap, IndexSet};

use super::identity::{Identifier, Member};

#[derive(Clone, Debug)]
enum Entry {
    Joined(Identifier),
    /// The member as they were, for the `removed` list.
    Left(Member),
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Roster {
    members: IndexMap<Identifier, Member>,
    /// Changes since the last trim, in tick order.
    log: Vec<(u64, Entry)>,
    logging: bool,
}

impl Roster {
    pub fn logged() -> Self {
        Roster {
            logging: true,
            ..Roster::default()
        }
    }

    /// Starts or stops logging; either way the log starts empty.
    pub fn set_logging(&mut self, on: bool) {
        self.logging = on;
        self.log.clear();
    }

    pub fn trim(&mut self) {
        self.log.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.log.is_empty()
    }

    pub fn join(&mut self, tick: u64, member: Member) {
        let id = member.identifier.clone();
        if self.members.insert(id.clone(), member).is_none() && self.logging {
            self.log.push((tick, Entry::Joined(id)));
        }
    }

    /// Order is not kept: a swap keeps a departure O(1) in a place of any size.
    pub fn leave(&mut self, tick: u64, id: &Identifier) {
        if let Some(member) = self.members.swap_remove(id) {
            if self.logging {
                self.log.push((tick, Entry::Left(member)));
            }
        }
    }

    /// Makes `members` the whole roster. Unlogged, the old roster is dropped, not copied.
    pub fn reset(&mut self, tick: u64, members: &[Member]) {
        if self.logging {
            let keep: IndexMap<&Identifier, ()> =
                members.iter().map(|m| (&m.identifier, ())).collect();
            let gone: Vec<Identifier> = self
                .members
                .keys()
                .filter(|id| !keep.contains_key(id))
                .cloned()
                .collect();
            for id in &gone {
                self.leave(tick, id);
            }
        } else {
            self.members.clear();
        }
        for member in members {
            self.join(tick, member.clone());
        }
    }

    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn contains(&self, id: &Identifier) -> bool {
        self.members.contains_key(id)
    }

    /// Changes after `seen`.
    fn tail(&self, seen: u64) -> &[(u64, Entry)] {
        let start = self.log.partition_point(|(tick, _)| *tick <= seen);
        self.log.get(start..).unwrap_or_default()
    }

    /// For everyone who came or went after `seen`: whether they were here then (and as
    /// whom), from their first change.
    fn then(&self, seen: u64) -> IndexMap<&Identifier, Option<&Member>> {
        let mut then = IndexMap::new();
        for (_, entry) in self.tail(seen) {
            match entry {
                Entry::Joined(id) => then.entry(id).or_insert(None),
                Entry::Left(m) => then.entry(&m.identifier).or_insert(Some(m)),
            };
        }
        then
    }

    pub fn contained_at(&self, seen: u64, id: &Identifier) -> bool {
        for (_, entry) in self.tail(seen) {
            match entry {
                Entry::Joined(j) if j == id => return false,
                Entry::Left(m) if &m.identifier == id => return true,
                _ => {}
            }
        }
        self.contains(id)
    }

    /// The roster as it was at `seen`.
    pub fn members_at(&self, seen: u64) -> Vec<&Member> {
        let then = self.then(seen);
        if then.is_empty() {
            return self.members().collect();
        }
        let stayed = self
            .members()
            .filter(|m| !matches!(then.get(&m.identifier), Some(None)));
        let gone = then
            .iter()
            .filter_map(|(id, m)| m.filter(|_| !self.contains(id)));
        stayed.chain(gone).collect()
    }

    pub fn len_at(&self, seen: u64) -> usize {
        let then = self.then(seen);
        let came = then
            .iter()
            .filter(|(id, m)| m.is_none() && self.contains(id))
            .count();
        let went = then
            .iter()
            .filter(|(id, m)| m.is_some() && !self.contains(id))
            .count();
        self.len() - came + went
    }

    /// Who is here now but was not at `seen`, and who was here then but is not now.
    pub fn changes_since(&self, seen: u64) -> (Vec<&Member>, Vec<&Member>) {
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        for (id, was) in self.then(seen) {
            match (was, self.members.get(id)) {
                (None, Some(now)) => added.push(now),
                (Some(then), None) => removed.push(then),
                _ => {}
            }
        }
        (added, removed)
    }
}

/// One place as the in-process host last published it.
#[derive(Debug)]
pub(crate) struct PlaceRoster {
    /// Everyone there: whether a participant is in the place at all.
    pub present: Roster,
    /// Whom the place lists: everyone, or the first `max_visible_participants`.
    pub listed: Roster,
    /// The head count, when `listed` is not everyone.
    pub total: Option<u32>,
}

impl PlaceRoster {
    fn logged() -> Self {
        PlaceRoster {
            present: Roster::logged(),
            listed: Roster::logged(),
            total: None,
        }
    }

    fn trim(&mut self) {
        self.present.trim();
        self.listed.trim();
    }

    fn is_empty(&self) -> bool {
        self.present.is_empty() && self.listed.is_empty()
    }
}

/// Every place's roster as the in-process host last published it.
#[derive(Debug)]
pub(crate) struct Board {
    /// Bumped once per publication; a reader remembers the tick it has reported up to.
    tick: u64,
    /// Logs hold nothing at or before this tick.
    floor: u64,
    main: PlaceRoster,
    /// By thread id.
    rooms: IndexMap<String, PlaceRoster>,
    /// Rooms written since the last trim: trimming costs what changed, not every room.
    written: IndexSet<String>,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            tick: 0,
            floor: 0,
            main: PlaceRoster::logged(),
            rooms: IndexMap::new(),
            written: IndexSet::new(),
        }
    }
}

impl Board {
    pub fn tick(&self) -> u64 {
        self.tick
    }

    pub fn floor(&self) -> u64 {
        self.floor
    }

    pub fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    /// `None` is the main meeting.
    pub fn place(&self, room: Option<&str>) -> Option<&PlaceRoster> {
        match room {
            None => Some(&self.main),
            Some(thread_id) => self.rooms.get(thread_id),
        }
    }

    pub fn place_mut(&mut self, room: Option<&str>) -> &mut PlaceRoster {
        match room {
            None => &mut self.main,
            Some(thread_id) => {
                if !self.written.contains(thread_id) {
                    self.written.insert(thread_id.to_owned());
                }
                self.rooms
                    .entry(thread_id.to_owned())
                    .or_insert_with(PlaceRoster::logged)
            }
        }
    }

    /// Forgets the logs: only once every reader has reported up to the current tick.
    pub fn trim(&mut self) {
        self.floor = self.tick;
        self.main.trim();
        for thread_id in std::mem::take(&mut self.written) {
            if let Some(roster) = self.rooms.get_mut(&thread_id) {
                roster.trim();
                if roster.is_empty() {
                    self.rooms.swap_remove(&thread_id);
                }
            }
        }
    }
}

/// The host's [`Board`], shared with the clients of the same process. Everything runs on
/// one thread; the lock only makes the sharing safe to express (and the host `Send`).
#[derive(Clone, Debug, Default)]
pub(crate) struct SharedRosters(Arc<RwLock<Board>>);

impl SharedRosters {
    pub fn read<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        f(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn write<R>(&self, f: impl FnOnce(&mut Board) -> R) -> R {
        f(&mut self.0.write().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str) -> Member {
        Member {
            identifier: Identifier::communication_user(name),
            display_name: name.to_owned(),
        }
    }

    fn names(members: Vec<&Member>) -> Vec<&str> {
        let mut names: Vec<&str> = members.iter().map(|m| m.display_name.as_str()).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn a_roster_remembers_how_it_was_at_a_tick() {
        let mut r = Roster::logged();
        r.join(1, member("a"));
        r.join(1, member("b"));
        // After tick 1: b leaves and comes back, a leaves, c comes and goes, d comes.
        r.leave(2, &member("b").identifier);
        r.join(3, member("b"));
        r.leave(3, &member("a").identifier);
        r.join(3, member("c"));
        r.leave(4, &member("c").identifier);
        r.join(4, member("d"));

        assert_eq!(names(r.members_at(1)), ["a", "b"]);
        assert_eq!(r.len_at(1), 2);
        assert_eq!(names(r.members_at(3)), ["b", "c"]);
        assert_eq!(names(r.members_at(4)), ["b", "d"]);
        assert!(r.contained_at(1, &member("a").identifier));
        assert!(!r.contained_at(1, &member("d").identifier));
        assert!(r.contained_at(2, &member("a").identifier));
        assert!(!r.contained_at(2, &member("b").identifier));

        let (added, removed) = r.changes_since(1);
        assert_eq!((names(added), names(removed)), (vec!["d"], vec!["a"]));
        let (added, removed) = r.changes_since(2);
        assert_eq!((names(added), names(removed)), (vec!["b", "d"], vec!["a"]));
        r.trim();
        assert_eq!(r.changes_since(1), (Vec::new(), Vec::new()));
    }

    #[test]
    fn an_unlogged_reset_drops_the_old_roster() {
        let mut r = Roster::default();
        r.reset(1, &[member("a"), member("b")]);
        r.reset(2, &[member("c")]);
        assert_eq!(names(r.members().collect()), ["c"]);
        assert_eq!(r.changes_since(0), (Vec::new(), Vec::new()));
    }
}
