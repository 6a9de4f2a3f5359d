//! One call's remote participants, and the `remoteParticipantsUpdated` news about them.
//!
//! A call reads its roster either from the host's presence messages (a wire: the call
//! owns it) or from the in-process host's shared rosters of its place (nothing copied per
//! client). Either way it shows whom the place lists (everyone, or the first
//! `max_visible_participants` of a bigger place) but the participant, and the head count
//! the host published for a place that lists only some. While the call is *watched* it reports changes as events, each computed when
//! polled from what the list showed until then, and the list moves with the events; while
//! unwatched it raises none and the list is simply current. Nobody pays for a `removed`
//! list nobody reads.

use crate::core::identity::{Identifier, Member};
use crate::core::roster::{Roster, SharedRosters};

#[derive(Clone, Debug)]
enum Source {
    /// Built from presence messages; `tick` counts them.
    Own {
        roster: Roster,
        tick: u64,
        total: Option<u32>,
    },
    /// The in-process host's rosters of the main meeting (`room: None`) or of a room. The
    /// call shows them only while this participant is in it, as the host has published.
    Shared {
        rosters: SharedRosters,
        room: Option<String>,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct RemoteParticipants {
    source: Source,
    /// While watched: the tick the events have reported up to, which the list shows.
    reported: Option<u64>,
    /// While watched: the head count last reported.
    told_total: Option<u32>,
}

/// What a place's listing looks like to one participant at one tick.
struct View<'a> {
    listed: Option<&'a Roster>,
    /// Who is in the place, for shared rosters: the call shows the listing only while the
    /// participant is there.
    present: Option<&'a Roster>,
    at: u64,
    gated: bool,
}

impl View<'_> {
    fn visible(&self, me: &Identifier) -> bool {
        !self.gated || self.present.is_some_and(|r| r.contained_at(self.at, me))
    }

    fn list(&self, me: &Identifier) -> Vec<Member> {
        match self.listed.filter(|_| self.visible(me)) {
            Some(roster) => roster
                .members_at(self.at)
                .into_iter()
                .filter(|m| &m.identifier != me)
                .cloned()
                .collect(),
            None => Vec::new(),
        }
    }

    fn count(&self, me: &Identifier) -> usize {
        match self.listed.filter(|_| self.visible(me)) {
            Some(roster) => {
                let n = roster.len_at(self.at);
                n - usize::from(roster.contained_at(self.at, me))
            }
            None => 0,
        }
    }
}

impl RemoteParticipants {
    pub fn new(watched: bool) -> Self {
        let mut roster = Roster::default();
        roster.set_logging(watched);
        RemoteParticipants {
            source: Source::Own {
                roster,
                tick: 0,
                total: None,
            },
            reported: watched.then_some(0),
            told_total: None,
        }
    }

    /// Reads the in-process host's roster of a place from now on.
    pub fn shared(rosters: SharedRosters, room: Option<String>, watched: bool) -> Self {
        let tick = rosters.read(|b| b.tick());
        RemoteParticipants {
            source: Source::Shared { rosters, room },
            reported: watched.then_some(tick),
            told_total: None,
        }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self.source, Source::Shared { .. })
    }

    fn with_view<R>(&self, f: impl FnOnce(View) -> R) -> R {
        match &self.source {
            Source::Own { roster, tick, .. } => f(View {
                listed: Some(roster),
                present: None,
                at: self.reported.unwrap_or(*tick),
                gated: false,
            }),
            Source::Shared { rosters, room } => rosters.read(|board| {
                let place = board.place(room.as_deref());
                f(View {
                    listed: place.map(|p| &p.listed),
                    present: place.map(|p| &p.present),
                    at: self.reported.unwrap_or(board.tick()),
                    gated: true,
                })
            }),
        }
    }

    /// What the call shows: as of the last event while watched, else as of now.
    pub fn list(&self, me: &Identifier) -> Vec<Member> {
        self.with_view(|v| v.list(me))
    }

    pub fn count(&self, me: &Identifier) -> usize {
        self.with_view(|v| v.count(me))
    }

    /// The place's head count as the host last published it, when the place lists only
    /// some of its people; `None` when the list is everyone.
    pub fn total(&self, me: &Identifier) -> Option<u32> {
        match &self.source {
            Source::Own { total, .. } => *total,
            Source::Shared { rosters, room } => rosters.read(|board| {
                let place = board.place(room.as_deref())?;
                place.present.contains(me).then_some(place.total).flatten()
            }),
        }
    }

    /// Applies a presence message; a shared roster ignores them (the host sends none).
    pub fn apply(
        &mut self,
        reset: bool,
        joined: &[Member],
        left: &[Identifier],
        head_count: Option<u32>,
    ) {
        let Source::Own {
            roster,
            tick,
            total,
        } = &mut self.source
        else {
            return;
        };
        *tick += 1;
        *total = head_count;
        if reset {
            roster.reset(*tick, joined);
        } else {
            for id in left {
                roster.leave(*tick, id);
            }
            for member in joined {
                roster.join(*tick, member.clone());
            }
        }
    }

    pub fn watch(&mut self, on: bool) {
        if on == self.reported.is_some() {
            return;
        }
        self.told_total = None;
        self.reported = match &mut self.source {
            Source::Own { roster, tick, .. } => {
                roster.set_logging(on);
                on.then_some(*tick)
            }
            Source::Shared { rosters, .. } => on.then(|| rosters.read(|b| b.tick())),
        };
    }

    /// While watched: who came and who went since the last report, which becomes now.
    pub fn take_update(&mut self, me: &Identifier) -> Option<(Vec<Member>, Vec<Member>)> {
        let seen = self.reported?;
        let (update, now) = match &mut self.source {
            Source::Own { roster, tick, .. } => {
                let update = (seen != *tick).then(|| {
                    let (added, removed) = roster.changes_since(seen);
                    (others(added, me), others(removed, me))
                });
                roster.trim();
                (update, *tick)
            }
            Source::Shared { rosters, room } => rosters.read(|board| {
                let now = board.tick();
                // A reader behind the trimmed logs cannot be told exactly what changed;
                // the local meeting polls every watched client before trimming, so this
                // only guards against misuse.
                if seen == now || seen < board.floor() {
                    return (None, now);
                }
                let Some(place) = board.place(room.as_deref()) else {
                    return (None, now);
                };
                let (listed, present) = (&place.listed, &place.present);
                let update = match (present.contained_at(seen, me), present.contains(me)) {
                    (true, true) => {
                        let (added, removed) = listed.changes_since(seen);
                        (others(added, me), others(removed, me))
                    }
                    (false, true) => (others(listed.members().collect(), me), Vec::new()),
                    (true, false) => (Vec::new(), others(listed.members_at(seen), me)),
                    (false, false) => (Vec::new(), Vec::new()),
                };
                (Some(update), now)
            }),
        };
        self.reported = Some(now);
        update.filter(|(added, removed)| !added.is_empty() || !removed.is_empty())
    }

    /// While watched: whether the head count changed since last asked.
    pub fn take_head_count_change(&mut self, me: &Identifier) -> bool {
        if self.reported.is_none() {
            return false;
        }
        let total = self.total(me);
        std::mem::replace(&mut self.told_total, total) != total
    }

    /// The call ended: it shows nobody from now on. Returns who it showed, while watched.
    pub fn end(&mut self, me: &Identifier) -> Option<Vec<Member>> {
        let watched = self.reported.is_some();
        let shown = watched.then(|| self.list(me));
        *self = RemoteParticipants::new(watched);
        shown.filter(|s| !s.is_empty())
    }

    /// Copies what the call shows into a roster of its own, to outlive the host's.
    pub fn detach(&mut self, me: &Identifier) {
        if self.is_shared() {
            let watched = self.reported.is_some();
            let shown = self.list(me);
            let total = self.total(me);
            *self = RemoteParticipants::new(watched);
            self.apply(true, &shown, &[], total);
            if let Source::Own { roster, tick, .. } = &mut self.source {
                roster.trim();
                self.reported = watched.then_some(*tick);
            }
        }
    }
}

fn others(members: Vec<&Member>, me: &Identifier) -> Vec<Member> {
    members
        .into_iter()
        .filter(|m| &m.identifier != me)
        .cloned()
        .collect()
}
