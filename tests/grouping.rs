//! SPEC 11, grouping rules: `assignAutomatically({ seed, rooms, perRoom, together, apart,
//! avoidRepeats })` through the host, as properties over random meetings and rules, and
//! the repeat-avoidance measured against a seeded random shuffle.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use breakout_rooms::core::*;
use common::{created, id, World};
use proptest::prelude::*;

fn name(k: usize) -> String {
    format!("p{k}")
}

/// An organizer and `n` attendees p0..p(n-1), all present.
fn meeting(n: usize) -> World {
    let mut w = World::with(MeetingConfig {
        limits: Limits {
            max_rooms: 1_000,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    });
    w.join("org", Role::Organizer);
    for k in 0..n {
        w.join(&name(k), Role::Attendee);
    }
    w
}

fn recreate(w: &mut World, rooms: u32) {
    created(w.manage(
        "org",
        Command::RecreateRooms {
            rooms: RoomSpec::Count(rooms),
        },
    ));
}

fn assign(w: &mut World, rules: GroupingRules) -> Result<GroupingReport, Error> {
    match w.manage("org", Command::AssignByRules { rules })? {
        Completion::Managed(outcome) => Ok(outcome.grouping.expect("a report")),
        other => panic!("completed with {other:?}"),
    }
}

/// Each attendee's room (thread id), as the host has it.
fn rooms_of(w: &World, n: usize) -> Vec<Option<String>> {
    (0..n)
        .map(|k| w.host.assignment_of(&id(&name(k))))
        .collect()
}

/// The rules broken by an assignment, worked out here from the rules themselves: `together`
/// groups over more than one room, and `apart` members sharing one.
fn broken(
    rooms: &[Option<String>],
    together: &[Vec<usize>],
    apart: &[Vec<usize>],
) -> (BTreeSet<Vec<String>>, BTreeSet<Vec<String>>) {
    let ids = |g: &[usize]| -> Vec<String> {
        let mut v: Vec<String> = g.iter().map(|k| id(&name(*k)).raw_id()).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut split = BTreeSet::new();
    for g in together {
        let places: BTreeSet<&Option<String>> = g.iter().map(|k| &rooms[*k]).collect();
        if ids(g).len() > 1 && places.len() > 1 {
            split.insert(ids(g));
        }
    }
    let mut shared = BTreeSet::new();
    for g in apart {
        let mut by_room: BTreeMap<&Option<String>, Vec<usize>> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for k in g {
            if seen.insert(*k) {
                by_room.entry(&rooms[*k]).or_default().push(*k);
            }
        }
        for same in by_room.values().filter(|v| v.len() > 1) {
            shared.insert(ids(same));
        }
    }
    (split, shared)
}

fn reported(report: &GroupingReport) -> (BTreeSet<Vec<String>>, BTreeSet<Vec<String>>) {
    let (mut split, mut shared) = (BTreeSet::new(), BTreeSet::new());
    for v in &report.violations {
        let ids = |p: &[Identifier]| {
            let mut v: Vec<String> = p.iter().map(Identifier::raw_id).collect();
            v.sort();
            v
        };
        match v {
            Violation::Together { participants, .. } => split.insert(ids(participants)),
            Violation::Apart { participants, .. } => shared.insert(ids(participants)),
        };
    }
    (split, shared)
}

fn whos(groups: &[Vec<usize>]) -> Vec<Vec<Identifier>> {
    groups
        .iter()
        .map(|g| g.iter().map(|k| id(&name(*k))).collect())
        .collect()
}

/// Random rules over `n` people: a few groups of one to four people each.
fn groups(n: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(prop::collection::vec(0..n, 2..5), 0..4)
}

/// Rules that can all be met, and that the heuristic is sure to meet: people are split in
/// advance into `rooms` hidden groups; `together` groups (of at most 3) come from one
/// hidden group, `apart` pairs from two, and nobody is in more than one pair. With four
/// rooms or more, a unit's partners never fill every room.
fn feasible() -> impl Strategy<Value = (usize, u32, Vec<Vec<usize>>, Vec<Vec<usize>>, u64)> {
    (8..40usize, 4..8u32, any::<u64>()).prop_flat_map(|(n, rooms, seed)| {
        let hidden: Vec<usize> = (0..n).map(|k| k % rooms as usize).collect();
        let together = prop::collection::vec((0..n, 1..3usize), 0..4).prop_map({
            let hidden = hidden.clone();
            move |picks| {
                picks
                    .into_iter()
                    .map(|(k, more)| {
                        // `k` and the next ones of the same hidden group.
                        (0..n)
                            .map(|j| (k + j) % n)
                            .filter(|j| hidden[*j] == hidden[k])
                            .take(more + 1)
                            .collect::<Vec<_>>()
                    })
                    .filter(|g| g.len() > 1)
                    .collect::<Vec<_>>()
            }
        });
        let apart = prop::collection::vec((0..n, 1..n), 0..6).prop_map({
            let hidden = hidden.clone();
            move |pairs| {
                let mut used = BTreeSet::new();
                let mut out = Vec::new();
                for (a, d) in pairs {
                    let b = (a + d) % n;
                    if hidden[a] != hidden[b] && !used.contains(&a) && !used.contains(&b) {
                        used.insert(a);
                        used.insert(b);
                        out.push(vec![a, b]);
                    }
                }
                out
            }
        });
        (Just(n), Just(rooms), together, apart, Just(seed))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Rules that can all be met are all met, with nothing reported, and every attendee
    /// gets a room of the ones asked for.
    #[test]
    fn feasible_rules_are_all_met((n, rooms, together, apart, seed) in feasible()) {
        let mut w = meeting(n);
        recreate(&mut w, 1);
        let report = assign(&mut w, GroupingRules {
            seed: Some(seed),
            rooms: Some(rooms),
            together: whos(&together),
            apart: whos(&apart),
            ..GroupingRules::default()
        }).expect("valid rules");
        let placed = rooms_of(&w, n);
        prop_assert!(placed.iter().all(Option::is_some), "everyone has a room");
        prop_assert_eq!(w.rooms().len(), rooms as usize, "the rooms asked for");
        let (split, shared) = broken(&placed, &together, &apart);
        prop_assert!(split.is_empty() && shared.is_empty(), "broken: {:?} {:?}", split, shared);
        prop_assert_eq!(report, GroupingReport::default());
    }

    /// Whatever the rules, the report lists exactly the rules the assignment breaks; a
    /// `perRoom` is never exceeded, and rooms are made only as needed.
    #[test]
    fn the_report_is_exactly_what_was_broken(
        n in 1..30usize,
        per_room in prop::option::of(1..6u32),
        together in groups(30),
        apart in groups(30),
        seed in any::<u64>(),
    ) {
        let together: Vec<Vec<usize>> = together.into_iter()
            .map(|g| g.into_iter().map(|k| k % n).collect::<Vec<_>>())
            .filter(|g| g.iter().collect::<BTreeSet<_>>().len() > 1)
            .collect();
        let apart: Vec<Vec<usize>> = apart.into_iter()
            .map(|g| g.into_iter().map(|k| k % n).collect::<Vec<_>>())
            .filter(|g| g.iter().collect::<BTreeSet<_>>().len() > 1)
            .collect();
        let mut w = meeting(n);
        recreate(&mut w, 2);
        let report = assign(&mut w, GroupingRules {
            seed: Some(seed),
            per_room,
            together: whos(&together),
            apart: whos(&apart),
            ..GroupingRules::default()
        }).expect("valid rules");
        let placed = rooms_of(&w, n);
        prop_assert!(placed.iter().all(Option::is_some), "everyone has a room");
        prop_assert_eq!(reported(&report), broken(&placed, &together, &apart));
        if let Some(k) = per_room {
            let k = k as usize;
            for r in w.rooms() {
                prop_assert!(r.invitees.unwrap().len() <= k, "{} over {}", r.display_name, k);
            }
            prop_assert_eq!(w.rooms().len(), 2.max(n.div_ceil(k)), "rooms made as needed");
        }
    }

    /// The same meeting, rules and seed give the same rooms.
    #[test]
    fn the_same_seed_gives_the_same_rooms(
        n in 2..30usize,
        rooms in 1..6u32,
        apart in groups(30),
        seed in any::<u64>(),
    ) {
        let apart: Vec<Vec<usize>> = apart.into_iter()
            .map(|g| g.into_iter().map(|k| k % n).collect::<Vec<_>>())
            .filter(|g| g.iter().collect::<BTreeSet<_>>().len() > 1)
            .collect();
        let run = || {
            let mut w = meeting(n);
            let mut all = Vec::new();
            for round in 0..3 {
                recreate(&mut w, rooms);
                let report = assign(&mut w, GroupingRules {
                    seed: Some(seed + round),
                    apart: whos(&apart),
                    avoid_repeats: true,
                    ..GroupingRules::default()
                }).expect("valid rules");
                all.push((rooms_of(&w, n), report));
            }
            all
        };
        prop_assert_eq!(run(), run());
    }
}

/// Repeated pairs over rounds 2..=5 of 30 people in rooms of `per_room`, each round a
/// recreate and an assignment with the seed `seed * 10 + round`.
fn repeats_over_five_rounds(per_room: u32, seed: u64, avoid_repeats: bool) -> u64 {
    let n = 30;
    let mut w = meeting(n);
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut repeats = 0;
    for round in 0..5 {
        recreate(&mut w, 1);
        let report = assign(
            &mut w,
            GroupingRules {
                seed: Some(seed * 10 + round),
                per_room: Some(per_room),
                avoid_repeats,
                ..GroupingRules::default()
            },
        )
        .expect("valid rules");
        let placed = rooms_of(&w, n);
        let mut this_round = 0;
        for a in 0..n {
            for b in a + 1..n {
                if placed[a] == placed[b] && !seen.insert((a, b)) {
                    this_round += 1;
                }
            }
        }
        // Shuffled or not, the report counts the pairs met before.
        assert_eq!(
            report.repeated_pairs, this_round,
            "the report counts repeats"
        );
        repeats += this_round;
    }
    repeats
}

/// The measure: over 5 rounds of 30 people in rooms of 3 to 5, `avoidRepeats`
/// repeats at most a quarter as many pairs as a seeded random shuffle, for every room size
/// and each of 10 seeds taken together.
#[test]
fn avoiding_repeats_beats_a_random_shuffle_by_four_times() {
    for per_room in 3..=5 {
        let (mut avoided, mut random) = (0, 0);
        for seed in 0..10 {
            avoided += repeats_over_five_rounds(per_room, seed, true);
            random += repeats_over_five_rounds(per_room, seed, false);
        }
        println!(
            "rooms of {per_room}: {avoided} repeated pairs avoiding repeats, {random} shuffled"
        );
        assert!(
            avoided * 4 <= random,
            "rooms of {per_room}: {avoided} repeated pairs, against {random} for a shuffle"
        );
    }
}

/// Rounds are history only managers read: round 1 starts with the first rooms, and a
/// recreate or an assignment that places anyone starts the next.
#[test]
fn rounds_record_who_was_with_whom() {
    let mut w = meeting(4);
    recreate(&mut w, 2);
    assert_eq!(w.host.rounds().len(), 1, "round 1 runs");
    assign(&mut w, GroupingRules::default()).unwrap();
    let rounds = w.host.rounds();
    assert_eq!(rounds.len(), 1, "nobody was in a room yet: round 1 goes on");
    assert_eq!(
        rounds[0].groups.len(),
        2,
        "its groups are the rooms as they are"
    );
    let first = rounds[0].clone();
    w.now += 60_000;
    recreate(&mut w, 2);
    let rounds = w.host.rounds();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0].number, 1);
    assert_eq!(rounds[0].ended_at, Some(w.now));
    assert_eq!(rounds[0].groups, first.groups, "kept as it ended");
    assert_eq!((rounds[1].number, rounds[1].ended_at), (2, None));
    assert!(rounds[1].groups.is_empty(), "new rooms, nobody in them yet");
    // The organizer's client holds the same history; attendees hold none.
    assert_eq!(w.client("org").rounds(), rounds);
    assert!(w.client("p0").rounds().is_empty());
    assert!(w.events("p0").iter().all(|e| !matches!(e, Event::Rounds)));
}
