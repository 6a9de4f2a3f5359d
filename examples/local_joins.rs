//! `N` attendees join one in-process meeting, one pump per join, as a page does: a small
//! binary to count instructions with `valgrind --tool=callgrind`.
//!
//! Run with `cargo run --release --example local_joins -- 10000`.

use breakout_rooms::core::*;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let now = 1_700_000_000_000;
    let mut meeting = LocalMeeting::new(MeetingConfig {
        limits: Limits {
            max_participants: n as u32 + 1,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    });
    let mut events = 0;
    for i in 0..=n {
        let peer = meeting
            .add(ClientConfig {
                identifier: Identifier::communication_user(format!("8:acs:a{i}")),
                display_name: format!("a{i}"),
                role: if i == 0 {
                    Role::Organizer
                } else {
                    Role::Attendee
                },
                kind: MeetingKind::Meeting,
                seed: i as u64,
            })
            .expect("a new client connects");
        if i > 0 {
            meeting.watch(peer, false);
        }
        events += meeting.pump(now).len();
    }
    println!("{n} joined, {events} events");
}
