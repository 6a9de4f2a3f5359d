//! SPEC 11, closing countdowns and durations, on the virtual clock: what each participant is
//! told and when, as recorded `(time, event)` lists.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::*;
use common::*;

/// Organizer "org", attendees a1..a3; Red (a1, a2) and Blue (a3), open, everyone inside.
fn open_rooms() -> World {
    let mut w = meeting_with(3);
    created(w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
        },
    ));
    for (room, people) in [("Red", vec!["a1", "a2"]), ("Blue", vec!["a3"])] {
        let thread_id = w.thread(room);
        let participants = people.iter().map(|p| id(p)).collect();
        w.manage(
            "org",
            Command::AssignParticipants {
                thread_id,
                participants,
            },
        )
        .expect("assign");
    }
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .expect("open");
    for name in ["a1", "a2", "a3"] {
        assert_eq!(w.breakout_state(name), Some(CallState::Connected), "{name}");
    }
    w.clear_events();
    w
}

fn settings(w: &mut World, patch: SettingsPatch) -> Result<Completion, Error> {
    w.manage("org", Command::UpdateSettings { settings: patch })
}

/// What a participant was told of countdowns, as "+seconds: Room closes at +seconds" (or
/// "not closing"), seconds since the world began.
fn countdowns(w: &World, name: &str) -> Vec<String> {
    let room_name = |t: &str| {
        w.rooms()
            .into_iter()
            .find(|r| r.thread_id == t)
            .map_or_else(|| t.to_owned(), |r| r.display_name)
    };
    w.people[w.index(name)]
        .events
        .iter()
        .filter_map(|(at, e)| match e {
            Event::RoomClosing {
                thread_id,
                closes_at,
            } => Some(format!(
                "+{}: {} {}",
                (at - T0) / 1000,
                room_name(thread_id),
                closes_at.map_or("not closing".into(), |c| format!(
                    "closes at +{}",
                    (c - T0) / 1000
                ))
            )),
            _ => None,
        })
        .collect()
}

fn state(w: &World, room: &str) -> RoomState {
    let thread_id = w.thread(room);
    w.rooms()
        .into_iter()
        .find(|r| r.thread_id == thread_id)
        .expect("the room")
        .state
}

#[test]
fn the_end_time_warns_the_people_inside_a_minute_before() {
    let mut w = open_rooms();
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 300_000)),
            ..SettingsPatch::default()
        },
    )
    .expect("an end time in 5 minutes");
    assert_eq!(
        w.host.poll_timeout(),
        Some(T0 + 240_000),
        "wakes for the warning"
    );
    w.advance(239_999);
    assert!(
        countdowns(&w, "a1").is_empty(),
        "nothing yet: {:?}",
        countdowns(&w, "a1")
    );
    w.advance(1);
    for name in ["a1", "a2"] {
        assert_eq!(countdowns(&w, name), ["+240: Red closes at +300"], "{name}");
    }
    assert_eq!(countdowns(&w, "a3"), ["+240: Blue closes at +300"]);
    // Managers hear of every room, in one message.
    assert_eq!(
        countdowns(&w, "org"),
        ["+240: Red closes at +300", "+240: Blue closes at +300"]
    );
    assert_eq!(
        w.host.poll_timeout(),
        Some(T0 + 300_000),
        "then wakes to close"
    );
    w.advance(60_000);
    assert_eq!(state(&w, "Red"), RoomState::Closed);
    assert_eq!(state(&w, "Blue"), RoomState::Closed);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert_eq!(w.main_state("a1"), CallState::Connected);
    // The closing clears the managers' countdowns; the people inside have left.
    assert_eq!(
        countdowns(&w, "org")[2..],
        ["+300: Red not closing", "+300: Blue not closing"]
    );
    assert_eq!(countdowns(&w, "a1"), ["+240: Red closes at +300"]);
    assert_eq!(
        w.client("a1").closing(&w.thread("Red")),
        None,
        "forgotten on leaving"
    );
    assert_eq!(w.host.poll_timeout(), None);
}

#[test]
fn the_warning_follows_the_setting_and_zero_turns_it_off() {
    let mut w = open_rooms();
    settings(
        &mut w,
        SettingsPatch {
            closing_warning_seconds: Some(10),
            room_end_time: Some(Some(T0 + 300_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    w.advance(289_999);
    assert!(countdowns(&w, "a1").is_empty());
    w.advance(1);
    assert_eq!(countdowns(&w, "a1"), ["+290: Red closes at +300"]);

    let mut w = open_rooms();
    settings(
        &mut w,
        SettingsPatch {
            closing_warning_seconds: Some(0),
            room_end_time: Some(Some(T0 + 300_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(
        w.host.poll_timeout(),
        Some(T0 + 300_000),
        "no wake-up to warn"
    );
    w.advance(300_000);
    assert!(countdowns(&w, "a1").is_empty(), "no warning at all");
    assert_eq!(state(&w, "Red"), RoomState::Closed, "but the rooms close");
}

#[test]
fn an_end_time_inside_the_warning_window_warns_at_once() {
    let mut w = open_rooms();
    w.advance(5_000);
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 35_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(countdowns(&w, "a3"), ["+5: Blue closes at +35"]);
}

#[test]
fn closing_with_grace_warns_now_and_closes_later() {
    let mut w = open_rooms();
    let red = w.thread("Red");
    w.manage(
        "org",
        Command::CloseRoomsAfter {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: 30,
        },
    )
    .expect("close Red in 30 s");
    assert_eq!(countdowns(&w, "a1"), ["+0: Red closes at +30"]);
    assert_eq!(countdowns(&w, "a2"), ["+0: Red closes at +30"]);
    assert!(
        countdowns(&w, "a3").is_empty(),
        "Blue's people hear nothing of Red"
    );
    assert_eq!(countdowns(&w, "org"), ["+0: Red closes at +30"]);
    assert_eq!(state(&w, "Red"), RoomState::Open, "still open meanwhile");
    w.advance(29_999);
    assert_eq!(state(&w, "Red"), RoomState::Open);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    w.advance(1);
    assert_eq!(state(&w, "Red"), RoomState::Closed);
    assert_eq!(state(&w, "Blue"), RoomState::Open, "only Red");
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert_eq!(w.breakout_state("a3"), Some(CallState::Connected));
    assert_eq!(
        w.host.revision(),
        4 + 2,
        "scheduling and closing were two changes"
    );
}

#[test]
fn someone_who_arrives_in_a_closing_room_is_told() {
    let mut w = open_rooms();
    w.run("a1", |c| c.return_to_main_meeting())
        .expect("a1 leaves early");
    let red = w.thread("Red");
    w.manage(
        "org",
        Command::CloseRoomsAfter {
            thread_ids: Some(vec![red]),
            grace_seconds: 60,
        },
    )
    .unwrap();
    assert!(countdowns(&w, "a1").is_empty(), "not inside: not told");
    w.advance(10_000);
    w.run("a1", |c| c.join_breakout_room()).expect("back in");
    assert_eq!(countdowns(&w, "a1"), ["+10: Red closes at +60"]);
}

#[test]
fn a_manager_extends_or_cancels_a_pending_close() {
    let mut w = open_rooms();
    let (red, blue) = (w.thread("Red"), w.thread("Blue"));
    w.manage(
        "org",
        Command::CloseRoomsAfter {
            thread_ids: None,
            grace_seconds: 60,
        },
    )
    .unwrap();
    w.advance(20_000);
    w.manage(
        "org",
        Command::ExtendClosing {
            thread_ids: Some(vec![red.clone()]),
            seconds: 120,
        },
    )
    .expect("Red gets two minutes more");
    assert_eq!(
        countdowns(&w, "a1"),
        ["+0: Red closes at +60", "+20: Red closes at +180"]
    );
    assert_eq!(
        countdowns(&w, "a3"),
        ["+0: Blue closes at +60"],
        "Blue unchanged"
    );
    w.manage(
        "org",
        Command::CancelClosing {
            thread_ids: Some(vec![blue.clone()]),
        },
    )
    .expect("Blue stays open");
    assert_eq!(
        countdowns(&w, "a3"),
        ["+0: Blue closes at +60", "+20: Blue not closing"]
    );
    w.advance(60_000);
    assert_eq!(state(&w, "Blue"), RoomState::Open, "cancelled");
    assert_eq!(state(&w, "Red"), RoomState::Open, "extended");
    w.advance(100_000);
    assert_eq!(state(&w, "Red"), RoomState::Closed, "at +180");
    assert_eq!(state(&w, "Blue"), RoomState::Open);
    // Nothing is closing now: extending or cancelling is an error that names no room.
    let error = w
        .manage(
            "org",
            Command::ExtendClosing {
                thread_ids: None,
                seconds: 60,
            },
        )
        .unwrap_err();
    assert_eq!(error, Error::NoPendingClose { thread_id: None });
    assert_eq!((error.code(), error.sub_code()), (409, 46930));
}

#[test]
fn extending_everything_moves_the_end_time_and_the_warning() {
    let mut w = open_rooms();
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 90_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    w.advance(40_000);
    assert_eq!(countdowns(&w, "a1"), ["+30: Red closes at +90"]);
    w.manage(
        "org",
        Command::ExtendClosing {
            thread_ids: None,
            seconds: 300,
        },
    )
    .expect("five minutes more");
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 390_000));
    // Past the warning window again: the countdown is called off, and comes back a minute
    // before the new end.
    assert_eq!(
        countdowns(&w, "a1"),
        ["+30: Red closes at +90", "+40: Red not closing"]
    );
    assert_eq!(w.host.poll_timeout(), Some(T0 + 330_000));
    w.advance(290_000);
    assert_eq!(countdowns(&w, "a1")[2..], ["+330: Red closes at +390"]);
    w.advance(60_000);
    assert_eq!(state(&w, "Red"), RoomState::Closed);
}

#[test]
fn cancelling_everything_clears_the_end_time() {
    let mut w = open_rooms();
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 30_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(countdowns(&w, "a2"), ["+0: Red closes at +30"]);
    w.manage("org", Command::CancelClosing { thread_ids: None })
        .expect("cancel");
    assert_eq!(w.host.settings().room_end_time, None);
    assert_eq!(countdowns(&w, "a2")[1..], ["+0: Red not closing"]);
    w.advance(600_000);
    assert_eq!(state(&w, "Red"), RoomState::Open);
    assert_eq!(w.host.poll_timeout(), None);
}

#[test]
fn a_duration_starts_when_rooms_open_and_ends_when_they_close() {
    let mut w = meeting_with(2);
    created(w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    ));
    w.manage("org", Command::AssignAutomatically { seed: Some(1) })
        .unwrap();
    settings(
        &mut w,
        SettingsPatch {
            room_duration_seconds: Some(Some(600)),
            ..SettingsPatch::default()
        },
    )
    .expect("ten-minute rooms");
    assert_eq!(w.host.settings().room_end_time, None, "nothing is open yet");
    w.advance(5_000);
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(
        w.host.settings().room_end_time,
        Some(T0 + 605_000),
        "from the opening"
    );
    // The people inside see it on their breakout call's settings (SPEC 6.1).
    assert_eq!(
        w.client("a1").settings().and_then(|s| s.room_end_time),
        Some(T0 + 605_000)
    );
    // Opening more does not restart it.
    w.advance(5_000);
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 605_000));
    // Closing every room early clears it.
    w.advance(100_000);
    w.manage("org", Command::CloseRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.host.settings().room_end_time, None);
    assert_eq!(w.host.poll_timeout(), None);
    // Reopening starts a new duration.
    w.advance(50_000);
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 760_000));
    w.advance(600_000);
    assert!(w.rooms().iter().all(|r| r.state == RoomState::Closed));
    assert_eq!(w.host.settings().room_end_time, None);
    // And again.
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 1_360_000));
}

#[test]
fn a_duration_set_while_rooms_are_open_starts_now_and_an_absolute_time_still_works() {
    let mut w = open_rooms();
    w.advance(1_000);
    settings(
        &mut w,
        SettingsPatch {
            room_duration_seconds: Some(Some(120)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 121_000));
    // An absolute end time replaces it, and the duration setting stays for next time.
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 400_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 400_000));
    assert_eq!(w.host.settings().room_duration_seconds, Some(120));
    w.advance(399_000);
    assert_eq!(state(&w, "Red"), RoomState::Closed);
    // Clearing the duration leaves rooms opened later without an end time.
    settings(
        &mut w,
        SettingsPatch {
            room_duration_seconds: Some(None),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.host.settings().room_end_time, None);
}

#[test]
fn a_closing_countdown_survives_a_reconnect_and_a_snapshot() {
    let mut w = open_rooms();
    let red = w.thread("Red");
    w.manage(
        "org",
        Command::CloseRoomsAfter {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: 60,
        },
    )
    .unwrap();
    // a1 drops; meanwhile the close is called off. Back, a1 is told, with one event.
    w.drop_transport("a1");
    w.manage(
        "org",
        Command::CancelClosing {
            thread_ids: Some(vec![red.clone()]),
        },
    )
    .unwrap();
    w.advance_all(5_000);
    w.reconnect("a1");
    assert_eq!(
        countdowns(&w, "a1"),
        ["+0: Red closes at +60", "+5: Red not closing"]
    );
    // A host restored from a snapshot keeps the countdown and its timer.
    w.manage(
        "org",
        Command::CloseRoomsAfter {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: 30,
        },
    )
    .unwrap();
    let json = serde_json::to_string(&w.host.snapshot()).expect("a snapshot");
    let restored = Host::restore(&mut serde_json::Deserializer::from_str(&json)).expect("restores");
    assert_eq!(restored.closings(), w.host.closings());
    assert_eq!(restored.poll_timeout(), Some(T0 + 35_000));
    assert_eq!(restored.rounds(), w.host.rounds());
}
