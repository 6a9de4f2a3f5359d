//! Automatic assignment with grouping rules (SPEC 11): by a number of rooms or of people per
//! room, keeping chosen people together or apart, and avoiding pairs that met in earlier
//! rounds (a greedy social-golfer heuristic). Seeded, so the same meeting and seed give the
//! same rooms. Rules that cannot all be met give the best assignment found and a report of
//! what was broken, never a silently wrong one.
//!
//! [`place`] works on roster slots and room indexes only; the meeting turns the rules into a
//! [`Problem`] and the [`Placement`] back into assignments and a [`GroupingReport`].

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::identity::Identifier;

/// `assignAutomatically({ seed, rooms, perRoom, together, apart, avoidRepeats })`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupingRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Spread people over this many rooms: the first ones, made up to this number if fewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rooms: Option<u32>,
    /// At most this many people per room; rooms are created as needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_room: Option<u32>,
    /// Each group in one room.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub together: Vec<Vec<Identifier>>,
    /// No two of a group in the same room.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apart: Vec<Vec<Identifier>>,
    /// Keep pairs who were together in earlier rounds apart where possible.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub avoid_repeats: bool,
}

/// What an assignment with rules could not do, and how many old pairs it repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupingReport {
    pub violations: Vec<Violation>,
    /// Pairs now sharing a room who shared one in an earlier round.
    pub repeated_pairs: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "rule",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Violation {
    /// A `together` group ended up in more than one room.
    Together {
        participants: Vec<Identifier>,
        thread_ids: Vec<String>,
    },
    /// Some of an `apart` group share a room.
    Apart {
        participants: Vec<Identifier>,
        thread_id: String,
    },
}

/// Slots as the roster numbers them.
pub(crate) type Slot = u32;

/// One assignment to make.
#[derive(Debug, Default)]
pub(crate) struct Problem {
    pub seed: u64,
    /// The roster's size: slots are below it.
    pub roster: usize,
    /// Who to place, in roster order.
    pub people: Vec<Slot>,
    /// Per room that may be used, who is in it already (and stays).
    pub fixed: Vec<Vec<Slot>>,
    /// At most this many per room; without it, the even share is only preferred.
    pub cap: Option<usize>,
    pub together: Vec<Vec<Slot>>,
    pub apart: Vec<Vec<Slot>>,
    /// Earlier rounds' groups: counted in the report, and avoided when asked.
    pub past: Vec<Vec<Slot>>,
    pub avoid_repeats: bool,
}

/// What [`place`] decided, in slot and room-index terms.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Each placed person's room, in roster order.
    pub placed: Vec<(Slot, usize)>,
    /// `together` groups split over rooms: the group, and the rooms it is in.
    pub split: Vec<(Vec<Slot>, Vec<usize>)>,
    /// `apart` members sharing a room: who, and where.
    pub shared: Vec<(Vec<Slot>, usize)>,
    pub repeated_pairs: u64,
}

const NOWHERE: u32 = u32::MAX;
/// The cost of one `apart` pair in a room: more than any number of repeats or crowding.
const APART: u64 = 1 << 40;
/// The cost of each person over the even share, when there is no hard cap: more than any
/// number of repeated pairs, so rooms stay even and repeats are avoided within that.
const CROWD: u64 = 1 << 24;

/// Decides a room for everyone in `problem.people`. Units (people to keep together) are
/// placed largest first, each into the room where it costs least: an `apart` partner there
/// costs [`APART`], each earlier meeting with someone there costs 1, being over the even
/// share costs [`CROWD`] a person. Among equal costs the emptiest room wins, then a seeded
/// order. Rooms come off a heap by size, so each placement looks only at the rooms that
/// cost something plus one, not at every room.
pub(crate) fn place(problem: &Problem) -> Placement {
    let rooms = problem.fixed.len();
    if rooms == 0 {
        return Placement::default();
    }
    let mut rng = fastrand::Rng::with_seed(problem.seed);
    let mut room_of = vec![NOWHERE; problem.roster];
    let mut size = vec![0usize; rooms];
    for (r, members) in problem.fixed.iter().enumerate() {
        for &s in members {
            if let Some(at) = room_of.get_mut(s as usize) {
                *at = r as u32;
                size[r] += 1;
            }
        }
    }
    let total = size.iter().sum::<usize>() + problem.people.len();
    let (cap, hard) = match problem.cap {
        Some(k) => (k.max(1), true),
        None => (total.div_ceil(rooms).max(1), false),
    };
    let apart_of = partners(problem.roster, &problem.apart);
    let past_of = partners(problem.roster, &problem.past);
    // Earlier pairs cost something only when they are to be avoided.
    let avoided: &[Vec<Slot>] = if problem.avoid_repeats { &past_of } else { &[] };

    let units = units(problem, &room_of);
    let mut order: Vec<usize> = (0..units.len()).collect();
    rng.shuffle(&mut order);
    // Anchored units first (their room is decided), then the biggest: they fit worst; the
    // shuffle decides among equals.
    let mut keyed: Vec<(bool, Reverse<usize>, usize)> = order
        .iter()
        .enumerate()
        .map(|(at, &u)| {
            (
                units[u].anchor.is_none(),
                Reverse(units[u].members.len()),
                at,
            )
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.iter().map(|(_, _, at)| order[*at]).collect();
    let mut rank: Vec<u32> = (0..rooms as u32).collect();
    rng.shuffle(&mut rank);

    let mut board = Board {
        room_of,
        size,
        rank,
        heap: BinaryHeap::new(),
        cost: vec![0; rooms],
        touched: Vec::new(),
        cap,
        hard,
    };
    for r in 0..rooms {
        board.push(r);
    }
    // People placed alone (no `together` group): the ones later swaps may move.
    let mut single = vec![false; problem.roster];
    for u in order {
        let unit = &units[u];
        let whole = match unit.anchor {
            Some(a) if !hard || board.size[a] + unit.members.len() <= cap => Some(a),
            Some(_) => None,
            None => board.choose(&unit.members, &apart_of, avoided),
        };
        match whole {
            Some(r) => {
                for &m in &unit.members {
                    board.put(m, r);
                }
                if let [only] = unit.members[..] {
                    single[only as usize] = unit.anchor.is_none();
                }
            }
            // Too big for any room: its members go one by one (the report says so).
            None => {
                for &m in &unit.members {
                    let r = board
                        .choose(&[m], &apart_of, avoided)
                        .unwrap_or_else(|| board.emptiest());
                    board.put(m, r);
                }
            }
        }
    }
    let mut room_of = board.room_of;
    improve(
        &mut room_of,
        &problem.people,
        &single,
        &apart_of,
        avoided,
        rooms,
    );
    // In roster order (the people are), so that assigning walks the roster once.
    let placed: Vec<(Slot, usize)> = problem
        .people
        .iter()
        .map(|&s| (s, room_of[s as usize] as usize))
        .collect();
    Placement {
        split: split_groups(&problem.together, &room_of),
        shared: shared_rooms(&problem.apart, &room_of),
        repeated_pairs: repeated_pairs(&problem.fixed, &placed, &room_of, &past_of),
        placed,
    }
}

/// People to place as one: a `together` group's placeable members, or one person alone.
struct Unit {
    members: Vec<Slot>,
    /// The room someone of the group is in already.
    anchor: Option<usize>,
}

fn units(problem: &Problem, room_of: &[u32]) -> Vec<Unit> {
    let mut leader: Vec<Slot> = (0..problem.roster as Slot).collect();
    fn find(leader: &mut [Slot], mut s: Slot) -> Slot {
        while leader[s as usize] != s {
            let up = leader[leader[s as usize] as usize];
            leader[s as usize] = up;
            s = up;
        }
        s
    }
    for group in &problem.together {
        for pair in group.windows(2) {
            let (a, b) = (find(&mut leader, pair[0]), find(&mut leader, pair[1]));
            leader[a.max(b) as usize] = a.min(b);
        }
    }
    let mut anchor_of = vec![NOWHERE; problem.roster];
    for group in &problem.together {
        for &s in group {
            let r = room_of[s as usize];
            let root = find(&mut leader, s) as usize;
            if r != NOWHERE && anchor_of[root] == NOWHERE {
                anchor_of[root] = r;
            }
        }
    }
    let mut unit_of = vec![NOWHERE; problem.roster];
    let mut units: Vec<Unit> = Vec::new();
    for &s in &problem.people {
        let root = find(&mut leader, s) as usize;
        match unit_of[root] {
            NOWHERE => {
                unit_of[root] = units.len() as u32;
                let anchor = anchor_of[root];
                units.push(Unit {
                    members: vec![s],
                    anchor: (anchor != NOWHERE).then_some(anchor as usize),
                });
            }
            u => units[u as usize].members.push(s),
        }
    }
    units
}

/// For each slot, everyone it shares a group with, once per group.
fn partners(roster: usize, groups: &[Vec<Slot>]) -> Vec<Vec<Slot>> {
    let mut of = vec![Vec::new(); if groups.is_empty() { 0 } else { roster }];
    for group in groups {
        for &a in group {
            for &b in group {
                if a != b && (a as usize) < roster && (b as usize) < roster {
                    of[a as usize].push(b);
                }
            }
        }
    }
    of
}

struct Board {
    room_of: Vec<u32>,
    size: Vec<usize>,
    /// A seeded order among rooms of equal size.
    rank: Vec<u32>,
    /// Rooms by (size, rank); an entry whose size is out of date is skipped.
    heap: BinaryHeap<Reverse<(usize, u32, usize)>>,
    /// Scratch: what the unit being placed costs per room, for the rooms in `touched`.
    cost: Vec<u64>,
    touched: Vec<usize>,
    cap: usize,
    hard: bool,
}

impl Board {
    fn push(&mut self, r: usize) {
        self.heap.push(Reverse((self.size[r], self.rank[r], r)));
    }

    fn put(&mut self, s: Slot, r: usize) {
        self.room_of[s as usize] = r as u32;
        self.size[r] += 1;
        self.push(r);
    }

    fn emptiest(&self) -> usize {
        (0..self.size.len())
            .min_by_key(|&r| (self.size[r], self.rank[r]))
            .unwrap_or(0)
    }

    fn charge(&mut self, partners: &[Vec<Slot>], members: &[Slot], weight: u64) {
        for &m in members {
            for &q in partners.get(m as usize).map_or(&[][..], Vec::as_slice) {
                let r = self.room_of[q as usize];
                if r == NOWHERE {
                    continue;
                }
                let r = r as usize;
                if self.cost[r] == 0 {
                    self.touched.push(r);
                }
                self.cost[r] += weight;
            }
        }
    }

    /// The cheapest room for `members` as one, or `None` when a hard cap leaves no room
    /// with space for all of them.
    fn choose(
        &mut self,
        members: &[Slot],
        apart: &[Vec<Slot>],
        past: &[Vec<Slot>],
    ) -> Option<usize> {
        self.charge(apart, members, APART);
        self.charge(past, members, 1);
        let k = members.len();
        let mut popped = Vec::new();
        let mut best: Option<(u64, usize, u32, usize)> = None;
        while let Some(Reverse((s, rank, r))) = self.heap.pop() {
            if s != self.size[r] {
                continue; // out of date: a newer entry holds its size
            }
            popped.push(r);
            let over = (s + k).saturating_sub(self.cap);
            if self.hard && over > 0 {
                break; // the emptiest room is too full, so every room is
            }
            let cost = self.cost[r] + CROWD * over as u64;
            let candidate = (cost, s, rank, r);
            if best.map_or(true, |b| candidate < b) {
                best = Some(candidate);
            }
            if cost == 0 {
                break; // nothing later in size order can beat it
            }
        }
        for r in popped {
            self.push(r);
        }
        for r in self.touched.drain(..) {
            self.cost[r] = 0;
        }
        best.map(|(_, _, _, r)| r)
    }
}

/// Partner visits the swaps may make in all: enough to settle a workshop, and a bound on
/// the time a meeting of thousands spends here.
const SWAP_WORK: usize = 2_000_000;

/// Swaps two people placed alone whenever that lowers the cost (the same costs as the
/// greedy placement's, sizes unchanged), until no swap helps or the work is spent. The
/// greedy pass decides well for those placed first; this mends the last ones' lot.
fn improve(
    room_of: &mut [u32],
    people: &[Slot],
    single: &[bool],
    apart: &[Vec<Slot>],
    past: &[Vec<Slot>],
    rooms: usize,
) {
    if apart.is_empty() && past.is_empty() {
        return;
    }
    let mut members: Vec<Vec<Slot>> = vec![Vec::new(); rooms];
    for &s in people {
        if single[s as usize] {
            members[room_of[s as usize] as usize].push(s);
        }
    }
    // What `s` costs in room `r`, leaving out `except`.
    let cost = |room_of: &[u32], s: Slot, r: usize, except: Slot, work: &mut usize| {
        let mut c = 0;
        for (lists, w) in [(apart, APART), (past, 1)] {
            for &q in lists.get(s as usize).map_or(&[][..], Vec::as_slice) {
                *work += 1;
                if q != except && room_of[q as usize] == r as u32 {
                    c += w;
                }
            }
        }
        c
    };
    let mut work = 0;
    for _pass in 0..4 {
        let mut swapped = false;
        for &p in people {
            if !single[p as usize] {
                continue;
            }
            let from = room_of[p as usize] as usize;
            let here = cost(room_of, p, from, NOWHERE, &mut work);
            if here == 0 {
                continue;
            }
            'rooms: for to in (0..rooms).filter(|r| *r != from) {
                for k in 0..members[to].len() {
                    if work > SWAP_WORK {
                        return;
                    }
                    let q = members[to][k];
                    let before = here + cost(room_of, q, to, NOWHERE, &mut work);
                    let after =
                        cost(room_of, p, to, q, &mut work) + cost(room_of, q, from, p, &mut work);
                    if after < before {
                        room_of[p as usize] = to as u32;
                        room_of[q as usize] = from as u32;
                        members[to][k] = p;
                        if let Some(at) = members[from].iter().position(|m| *m == p) {
                            members[from][at] = q;
                        }
                        swapped = true;
                        break 'rooms;
                    }
                }
            }
        }
        if !swapped {
            break;
        }
    }
}

fn split_groups(together: &[Vec<Slot>], room_of: &[u32]) -> Vec<(Vec<Slot>, Vec<usize>)> {
    let mut split = Vec::new();
    for group in together {
        let mut rooms: Vec<usize> = Vec::new();
        for &s in group {
            let r = room_of[s as usize];
            if r != NOWHERE && !rooms.contains(&(r as usize)) {
                rooms.push(r as usize);
            }
        }
        if rooms.len() > 1 {
            split.push((group.clone(), rooms));
        }
    }
    split
}

fn shared_rooms(apart: &[Vec<Slot>], room_of: &[u32]) -> Vec<(Vec<Slot>, usize)> {
    let mut shared = Vec::new();
    for group in apart {
        // Groups are short: a room at a time is quicker than sorting.
        let mut seen: Vec<u32> = Vec::new();
        for &s in group {
            let r = room_of[s as usize];
            if r == NOWHERE || seen.contains(&r) {
                continue;
            }
            seen.push(r);
            let same: Vec<Slot> = group
                .iter()
                .copied()
                .filter(|q| room_of[*q as usize] == r)
                .collect();
            if same.len() > 1 {
                shared.push((same, r as usize));
            }
        }
    }
    shared
}

/// Pairs in one room now who shared a room before, each pair once.
fn repeated_pairs(
    fixed: &[Vec<Slot>],
    placed: &[(Slot, usize)],
    room_of: &[u32],
    past_of: &[Vec<Slot>],
) -> u64 {
    if past_of.is_empty() {
        return 0;
    }
    // `counted[q] == p + 1`: the pair (p, q) is counted already.
    let mut counted = vec![0u32; room_of.len()];
    let everyone = fixed
        .iter()
        .flatten()
        .copied()
        .chain(placed.iter().map(|(s, _)| *s));
    let mut pairs = 0;
    for p in everyone {
        let here = room_of[p as usize];
        for &q in &past_of[p as usize] {
            if q > p && room_of[q as usize] == here && counted[q as usize] != p + 1 {
                counted[q as usize] = p + 1;
                pairs += 1;
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(people: u32, rooms: usize) -> Problem {
        Problem {
            seed: 1,
            roster: people as usize,
            people: (0..people).collect(),
            fixed: vec![Vec::new(); rooms],
            ..Problem::default()
        }
    }

    fn sizes(p: &Placement, rooms: usize) -> Vec<usize> {
        let mut sizes = vec![0; rooms];
        for (_, r) in &p.placed {
            sizes[*r] += 1;
        }
        sizes
    }

    #[test]
    fn without_rules_rooms_end_up_even() {
        let p = place(&problem(10, 3));
        let mut s = sizes(&p, 3);
        s.sort_unstable();
        assert_eq!(s, [3, 3, 4]);
        assert_eq!(p.placed.len(), 10);
    }

    #[test]
    fn a_hard_cap_holds_and_a_group_too_big_is_split_and_reported() {
        let mut pr = problem(6, 3);
        pr.cap = Some(2);
        pr.together = vec![vec![0, 1, 2]];
        let p = place(&pr);
        assert!(sizes(&p, 3).iter().all(|s| *s <= 2));
        assert_eq!(p.split.len(), 1);
        assert_eq!(p.split[0].0, [0, 1, 2]);
    }

    #[test]
    fn apart_and_together_are_kept_when_they_can_be() {
        let mut pr = problem(8, 2);
        pr.together = vec![vec![0, 5], vec![1, 6]];
        pr.apart = vec![vec![0, 1]];
        let p = place(&pr);
        let room = |s: Slot| p.placed.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!(room(0), room(5));
        assert_eq!(room(1), room(6));
        assert_ne!(room(0), room(1));
        assert!(p.split.is_empty() && p.shared.is_empty());
    }

    #[test]
    fn contradicting_rules_are_reported() {
        let mut pr = problem(4, 2);
        pr.together = vec![vec![0, 1]];
        pr.apart = vec![vec![0, 1]];
        let p = place(&pr);
        assert_eq!(p.split.len() + p.shared.len(), 1);
    }

    #[test]
    fn the_same_seed_gives_the_same_rooms() {
        let a = place(&problem(50, 7));
        let b = place(&problem(50, 7));
        assert_eq!(a, b);
        let mut other = problem(50, 7);
        other.seed = 2;
        assert_ne!(place(&other).placed, a.placed);
    }
}
