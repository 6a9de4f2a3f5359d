//! The benchmarks' workloads as one small binary, to count instructions with
//! `valgrind --tool=callgrind --toggle-collect='*measure_*'` where wall-clock time is too
//! noisy to compare sizes:
//!
//! * `joins N`: `N` attendees join one in-process meeting, one pump per join, unwatched
//!   (as the web layer leaves a participant without a listener).
//! * `local-open N R`: then `R` rooms are auto-assigned and opened, pumped until every
//!   breakout call is connected.
//! * `host-open N R`: the host alone (no clients): auto-assign, open all, drain.
//!
//! Run with `cargo run --release --example scale -- joins 10000`.

use std::hint::black_box;

use breakout_rooms::core::*;

const NOW: u64 = 1_700_000_000_000;

fn attendee(i: usize) -> Identifier {
    Identifier::communication_user(format!("8:acs:a{i}"))
}

fn config(n: usize, rooms: u32) -> MeetingConfig {
    MeetingConfig {
        limits: Limits {
            max_participants: n as u32 + 1,
            max_rooms: rooms.max(1),
            ..Limits::default()
        },
        ..MeetingConfig::default()
    }
}

fn client(i: usize) -> ClientConfig {
    ClientConfig {
        identifier: attendee(i),
        display_name: format!("a{i}"),
        role: if i == 0 {
            Role::Organizer
        } else {
            Role::Attendee
        },
        kind: MeetingKind::Meeting,
        seed: i as u64,
    }
}

#[inline(never)]
fn measure_joins(n: usize, rooms: u32) -> (LocalMeeting, usize) {
    let mut meeting = LocalMeeting::new(config(n, rooms));
    let mut events = 0;
    for i in 0..=n {
        let peer = meeting.add(client(i)).expect("a new client connects");
        if i > 0 {
            meeting.watch(peer, false);
        }
        events += meeting.pump(NOW).len();
    }
    (meeting, events)
}

fn manage(meeting: &mut LocalMeeting, command: Command) -> usize {
    let org = meeting.peers().next().expect("the organizer");
    let client = meeting.client_mut(org).expect("here");
    client.manage(command, None).expect("accepted");
    meeting.pump(NOW).len()
}

#[inline(never)]
fn measure_local_open(meeting: &mut LocalMeeting) -> usize {
    manage(meeting, Command::AssignAutomatically { seed: Some(7) })
        + manage(meeting, Command::OpenRooms { thread_ids: None })
}

fn drain(host: &mut Host) -> usize {
    std::iter::from_fn(|| host.poll_transmit())
        .map(black_box)
        .count()
}

#[inline(never)]
fn measure_host_open(host: &mut Host) -> usize {
    for command in [
        Command::AssignAutomatically { seed: Some(7) },
        Command::OpenRooms { thread_ids: None },
    ] {
        host.execute(NOW, PeerId(0), &command, None)
            .expect("accepted");
    }
    drain(host)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let rooms: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100);
    match args.first().map(String::as_str) {
        Some("local-open") => {
            let (mut meeting, _) = measure_joins(n, rooms);
            manage(
                &mut meeting,
                Command::CreateRooms {
                    rooms: RoomSpec::Count(rooms),
                },
            );
            let events = measure_local_open(&mut meeting);
            println!("{n} attendees into {rooms} rooms: {events} events");
        }
        Some("host-open") => {
            let mut host = Host::new(config(n, rooms));
            for i in 0..=n {
                let c = client(i);
                host.handle_message(
                    NOW,
                    PeerId(i as u64),
                    ClientMessage::Join {
                        participant: c.identifier,
                        display_name: c.display_name,
                        role: c.role,
                        resume: false,
                        token: None,
                    },
                );
            }
            drain(&mut host);
            host.execute(
                NOW,
                PeerId(0),
                &Command::CreateRooms {
                    rooms: RoomSpec::Count(rooms),
                },
                None,
            )
            .expect("accepted");
            drain(&mut host);
            let sent = measure_host_open(&mut host);
            println!("{n} attendees into {rooms} rooms: {sent} messages");
        }
        _ => {
            let (_, events) = measure_joins(n, 0);
            println!("{n} joined, {events} events");
        }
    }
}
