//! `assignAutomatically` with grouping rules: which rooms to use (and make), who to place,
//! which rules matter, then [`grouping::place`] and its report in the meeting's terms.

use super::{Change, Meeting, RoomId, Slot};
use crate::core::error::Error;
use crate::core::grouping::{self, GroupingReport, GroupingRules, Problem, Violation};
use crate::core::identity::{Identifier, Role};
use crate::core::limits::Limit;
use crate::core::room::RoomSpec;

impl Meeting {
    /// Places every present, unassigned attendee by `rules`, making rooms as needed. All of
    /// the rules are checked before anything changes.
    pub(super) fn assign_by_rules(
        &mut self,
        now: u64,
        rules: &GroupingRules,
        change: &mut Change,
    ) -> Result<GroupingReport, Error> {
        if rules.rooms.is_some() && rules.per_room.is_some() {
            return Err(Error::invalid("perRoom", "give rooms or perRoom, not both"));
        }
        if rules.rooms == Some(0) {
            return Err(Error::invalid("rooms", "ask for at least one room"));
        }
        if rules.per_room == Some(0) {
            return Err(Error::invalid(
                "perRoom",
                "a room needs room for one at least",
            ));
        }
        let together = self.rule_groups("together", &rules.together)?;
        let apart = self.rule_groups("apart", &rules.apart)?;
        let waiting = self.waiting();
        let existing: Vec<RoomId> = self.rooms.keys().copied().collect();
        let (mut used, to_make) = match (rules.rooms, rules.per_room) {
            (Some(n), _) => {
                let n = n as usize;
                let used = existing[..n.min(existing.len())].to_vec();
                (used, n.saturating_sub(existing.len()) as u64)
            }
            (None, Some(k)) => {
                let k = k as usize;
                let free: usize = existing
                    .iter()
                    .filter_map(|id| self.rooms.get(id))
                    .map(|r| k.saturating_sub(r.invitees.len()))
                    .sum();
                let short = waiting.len().saturating_sub(free);
                (existing.clone(), short.div_ceil(k) as u64)
            }
            (None, None) if existing.is_empty() => return Err(Error::NoRooms),
            (None, None) => (existing.clone(), 0),
        };
        let names = if to_make > 0 {
            let max = u64::from(self.config.limits.max_rooms);
            let requested = existing.len() as u64 + to_make;
            if requested > max {
                return Err(Error::LimitExceeded {
                    what: Limit::Rooms,
                    limit: max,
                    requested,
                });
            }
            self.room_names(&RoomSpec::Count(to_make as u32), existing.len() as u64)?
        } else {
            Vec::new()
        };
        let seed = rules.seed.unwrap_or_else(|| self.rng.u64(..));

        // Everything is valid: from here on, only changes.
        if !waiting.is_empty() {
            self.next_round(now);
        }
        for name in names {
            used.push(self.create_room(name, change));
        }
        let in_play = |m: &Meeting, s: Slot| {
            let p = m.participant(s);
            match p.assignment {
                Some(room) => used.contains(&room),
                None => waiting.binary_search(&s).is_ok(),
            }
        };
        let relevant = |m: &Meeting, groups: &[Vec<Slot>]| -> Vec<Vec<Slot>> {
            groups
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|s| in_play(m, *s))
                        .collect::<Vec<_>>()
                })
                .filter(|g| g.len() > 1)
                .collect()
        };
        let problem = Problem {
            seed,
            roster: self.participants.len(),
            fixed: used
                .iter()
                .map(|id| {
                    self.rooms
                        .get(id)
                        .map(|r| r.invitees.iter().copied().collect())
                        .unwrap_or_default()
                })
                .collect(),
            cap: rules.per_room.map(|k| k as usize),
            together: relevant(self, &together),
            apart: relevant(self, &apart),
            past: self.past_groups(),
            avoid_repeats: rules.avoid_repeats,
            people: waiting,
        };
        let placement = grouping::place(&problem);
        for &(slot, r) in &placement.placed {
            self.assign(slot, used.get(r).copied(), change);
        }
        let thread = |r: usize| {
            used.get(r)
                .and_then(|id| self.rooms.get(id))
                .map(|room| room.thread_id.clone())
                .unwrap_or_default()
        };
        let ids = |slots: &[Slot]| -> Vec<Identifier> {
            slots
                .iter()
                .map(|s| self.participant(*s).identifier.clone())
                .collect()
        };
        let mut violations: Vec<Violation> = placement
            .split
            .iter()
            .map(|(group, rooms)| Violation::Together {
                participants: ids(group),
                thread_ids: rooms.iter().map(|r| thread(*r)).collect(),
            })
            .collect();
        violations.extend(placement.shared.iter().map(|(group, r)| Violation::Apart {
            participants: ids(group),
            thread_id: thread(*r),
        }));
        Ok(GroupingReport {
            violations,
            repeated_pairs: placement.repeated_pairs,
        })
    }

    /// Present attendees without a room, in roster order: who automatic assignment places.
    pub(super) fn waiting(&self) -> Vec<Slot> {
        self.participants()
            .filter(|(_, p)| p.present && p.role == Role::Attendee && p.assignment.is_none())
            .map(|(slot, _)| slot)
            .collect()
    }

    /// A rule's groups as slots, each of two people or more.
    fn rule_groups(
        &self,
        field: &str,
        groups: &[Vec<Identifier>],
    ) -> Result<Vec<Vec<Slot>>, Error> {
        groups
            .iter()
            .enumerate()
            .map(|(i, group)| {
                let mut slots = self.slots(group)?;
                slots.sort_unstable();
                slots.dedup();
                if slots.len() < 2 {
                    return Err(Error::invalid(
                        &format!("{field}[{i}]"),
                        "a group needs two different people at least",
                    ));
                }
                Ok(slots)
            })
            .collect()
    }
}
