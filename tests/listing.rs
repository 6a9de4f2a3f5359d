//! A place past the cap of listed people, over a wire (SPEC 6.8, 8): what the host sends,
//! message by message. A long listing goes in pieces of at most 50 people; a burst of
//! departures from a big place costs each who stays one update per refresh, where
//! publishing every host step would cost one per step.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use breakout_rooms::core::{
    Client, ClientConfig, ClientMessage, Command, Host, HostMessage, Identifier, Limits,
    MeetingConfig, MeetingKind, PeerId, Place, Role, RoomSpec,
};
use common::{id, T0};

fn person(k: usize) -> Identifier {
    id(&format!("p{k}"))
}

/// Peer `k + 1` is person `k`; person 0 is the organizer.
fn join(host: &mut Host, now: u64, k: usize) {
    host.handle_message(
        now,
        PeerId(k as u64 + 1),
        ClientMessage::Join {
            participant: person(k),
            display_name: format!("P{k}"),
            role: if k == 0 {
                Role::Organizer
            } else {
                Role::Attendee
            },
            resume: false,
            token: None,
        },
    );
}

fn drain(host: &mut Host) -> Vec<(PeerId, HostMessage)> {
    std::iter::from_fn(|| host.poll_transmit())
        .map(|t| (t.to, t.message))
        .collect()
}

/// Presence messages about the main meeting, by recipient.
fn main_presence(sent: &[(PeerId, HostMessage)]) -> BTreeMap<PeerId, usize> {
    let mut by = BTreeMap::new();
    for (to, message) in sent {
        if let HostMessage::Presence {
            place: Place::Main, ..
        } = message
        {
            *by.entry(*to).or_default() += 1;
        }
    }
    by
}

fn host_with(cap: u32, refresh: u32) -> Host {
    Host::new(MeetingConfig {
        limits: Limits {
            max_visible_participants: cap,
            visible_refresh_ms: refresh,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    })
}

#[test]
fn a_long_listing_goes_as_a_reset_and_additions_of_at_most_fifty() {
    let mut host = host_with(120, 1_000);
    for k in 0..130 {
        join(&mut host, T0, k);
        drain(&mut host);
    }
    let later = T0 + 1_000;
    assert_eq!(
        host.poll_timeout(),
        Some(later),
        "the listing waits for its refresh"
    );
    host.handle_timeout(later);
    drain(&mut host);

    // One more arrives: its client is told the 120 listed, in three pieces.
    let mut late = Client::new(ClientConfig {
        identifier: person(130),
        display_name: "P130".into(),
        role: Role::Attendee,
        kind: MeetingKind::Meeting,
        seed: 1,
    });
    late.connect().unwrap();
    while let Some(m) = late.poll_transmit() {
        host.handle_message(later, PeerId(131), m);
    }
    let pieces: Vec<(bool, usize, usize, Option<u32>)> = drain(&mut host)
        .into_iter()
        .filter(|(to, _)| *to == PeerId(131))
        .filter_map(|(_, m)| {
            late.handle_message(m.clone());
            match m {
                HostMessage::Presence {
                    reset,
                    joined,
                    left,
                    total,
                    ..
                } => Some((reset, joined.len(), left.len(), total)),
                _ => None,
            }
        })
        .collect();
    assert_eq!(
        pieces,
        [
            (true, 50, 0, Some(130)),
            (false, 50, 0, Some(130)),
            (false, 20, 0, Some(130))
        ]
    );
    while late.poll_event().is_some() {}
    let main = late.main_call().id.clone();
    let listed: Vec<Identifier> = late
        .remote_participants(&main)
        .into_iter()
        .map(|m| m.identifier)
        .collect();
    assert_eq!(listed, (0..120).map(person).collect::<Vec<_>>());
    assert_eq!(late.total_participant_count(&main), 130);
}

/// Everyone in the main meeting (past the cap) leaves for their rooms over eight host
/// steps, as their clients' `enterRoom` arrive. Returns the main meeting's presence
/// messages to each who was there, over the whole burst.
fn burst(refresh: u32) -> BTreeMap<PeerId, usize> {
    const ATTENDEES: usize = 400;
    let mut host = host_with(50, refresh);
    for k in 0..=ATTENDEES {
        join(&mut host, T0, k);
    }
    drain(&mut host);
    let mut now = T0 + 1_000;
    host.handle_timeout(now);
    drain(&mut host);
    let org = PeerId(1);
    for command in [
        Command::CreateRooms {
            rooms: RoomSpec::Count(40),
        },
        Command::AssignAutomatically { seed: Some(1) },
        Command::OpenRooms { thread_ids: None },
    ] {
        host.execute(now, org, &command, None).unwrap();
        drain(&mut host);
    }
    let mut told = BTreeMap::new();
    for step in (1..=ATTENDEES).collect::<Vec<_>>().chunks(50) {
        now += 20;
        for &k in step {
            let thread_id = host.assignment_of(&person(k)).expect("assigned");
            host.handle_message(
                now,
                PeerId(k as u64 + 1),
                ClientMessage::EnterRoom { thread_id },
            );
        }
        for (to, n) in main_presence(&drain(&mut host)) {
            *told.entry(to).or_default() += n;
        }
    }
    now += u64::from(refresh);
    host.handle_timeout(now);
    for (to, n) in main_presence(&drain(&mut host)) {
        *told.entry(to).or_default() += n;
    }
    told
}

#[test]
fn a_burst_of_departures_costs_each_who_stays_one_update_per_refresh() {
    // Published every step, each who is still there hears of 50 listed leaving and 50
    // more listed, step after step (in pieces of 50): 2 messages a step.
    let each_step = burst(0);
    let stayed_longest = PeerId(401);
    assert_eq!(each_step.get(&stayed_longest), Some(&(2 * 7 + 1)));
    let all_steps: usize = each_step.values().sum();
    // Gathered for the refresh time, the place is told once it is within the cap again:
    // the organizer, the only one left, hears of it; the 400 who left hear only that
    // their list of it is empty.
    let gathered = burst(1_000);
    let leavers_told: usize = gathered
        .iter()
        .filter(|(p, _)| **p != PeerId(1))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(leavers_told, 400, "one empty list each, for leaving");
    assert!(
        gathered.get(&PeerId(1)).is_some_and(|n| *n <= 2),
        "the organizer: {:?}",
        gathered.get(&PeerId(1))
    );
    let all_gathered: usize = gathered.values().sum();
    eprintln!("main-meeting presence messages in the burst: {all_steps} step by step, {all_gathered} gathered");
    assert!(
        all_steps > 3 * all_gathered,
        "{all_steps} messages step by step, {all_gathered} gathered"
    );
}
