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
/// The organizer closes `thread_ids` (all rooms: `None`) with `grace_seconds` (the meeting's
/// warning: `None`).
fn close(w: &mut World, thread_ids: Option<Vec<String>>, grace_seconds: Option<u32>) {
    w.manage(
        "org",
        Command::CloseRooms {
            thread_ids,
            grace_seconds,
        },
    )
    .unwrap();
}

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
        Command::CloseRooms {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: Some(30),
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
    close(&mut w, Some(vec![red]), Some(60));
    assert!(countdowns(&w, "a1").is_empty(), "not inside: not told");
    w.advance(10_000);
    w.run("a1", |c| c.join_breakout_room()).expect("back in");
    assert_eq!(countdowns(&w, "a1"), ["+10: Red closes at +60"]);
}

#[test]
fn a_manager_extends_or_cancels_a_pending_close() {
    let mut w = open_rooms();
    let (red, blue) = (w.thread("Red"), w.thread("Blue"));
    close(&mut w, None, Some(60));
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
    let at_once = Command::CloseRooms {
        thread_ids: None,
        grace_seconds: Some(0),
    };
    w.manage("org", at_once).unwrap();
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
    close(&mut w, Some(vec![red.clone()]), Some(60));
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
    close(&mut w, Some(vec![red.clone()]), Some(30));
    let json = serde_json::to_string(&w.host.snapshot()).expect("a snapshot");
    let restored = Host::restore(&mut serde_json::Deserializer::from_str(&json)).expect("restores");
    assert_eq!(restored.closings(), w.host.closings());
    assert_eq!(restored.poll_timeout(), Some(T0 + 35_000));
    assert_eq!(restored.rounds(), w.host.rounds());
}

/// One row of `closeRooms()`'s default: the meeting's `closingWarningSeconds` (if set), the
/// `graceSeconds` given (if any), and how long the rooms stay open after the call (0: they
/// close at once, without a countdown).
struct DefaultRow {
    label: &'static str,
    warning: Option<u32>,
    grace: Option<u32>,
    closes_after: u64,
}

#[test]
fn close_rooms_warns_for_closing_warning_seconds_unless_a_grace_is_given() {
    let rows = [
        DefaultRow {
            label: "closeRooms(): the default 60 s",
            warning: None,
            grace: None,
            closes_after: 60,
        },
        DefaultRow {
            label: "closeRooms() with closingWarningSeconds: 15",
            warning: Some(15),
            grace: None,
            closes_after: 15,
        },
        DefaultRow {
            label: "closeRooms() with closingWarningSeconds: 3600",
            warning: Some(3_600),
            grace: None,
            closes_after: 3_600,
        },
        DefaultRow {
            label: "closeRooms() with closingWarningSeconds: 0: at once",
            warning: Some(0),
            grace: None,
            closes_after: 0,
        },
        DefaultRow {
            label: "closeRooms({ graceSeconds: 0 }): at once",
            warning: None,
            grace: Some(0),
            closes_after: 0,
        },
        DefaultRow {
            label: "closeRooms({ graceSeconds: 40 }) beats closingWarningSeconds: 15",
            warning: Some(15),
            grace: Some(40),
            closes_after: 40,
        },
        DefaultRow {
            label: "closeRooms({ graceSeconds: 5 }) beats the default",
            warning: None,
            grace: Some(5),
            closes_after: 5,
        },
        DefaultRow {
            label: "closeRooms({ graceSeconds: 20 }) beats closingWarningSeconds: 0",
            warning: Some(0),
            grace: Some(20),
            closes_after: 20,
        },
        DefaultRow {
            label: "closeRooms({ graceSeconds: 0 }) beats closingWarningSeconds: 15",
            warning: Some(15),
            grace: Some(0),
            closes_after: 0,
        },
    ];
    for row in rows {
        let label = row.label;
        let mut w = open_rooms();
        if let Some(seconds) = row.warning {
            settings(
                &mut w,
                SettingsPatch {
                    closing_warning_seconds: Some(seconds),
                    ..SettingsPatch::default()
                },
            )
            .expect(label);
        }
        w.advance(2_000);
        let revision = w.host.revision();
        let close = Command::CloseRooms {
            thread_ids: None,
            grace_seconds: row.grace,
        };
        // It resolves once the close is scheduled (or done), one change either way.
        let done = w.manage("org", close);
        assert!(
            matches!(done, Ok(Completion::Managed(_))),
            "{label}: {done:?}"
        );
        assert_eq!(w.host.revision(), revision + 1, "{label}: revision");
        if row.closes_after == 0 {
            assert!(
                w.rooms().iter().all(|r| r.state == RoomState::Closed),
                "{label}: closed at once"
            );
            assert_eq!(w.main_state("a1"), CallState::Connected, "{label}");
            for name in ["org", "a1", "a3"] {
                assert!(countdowns(&w, name).is_empty(), "{label}: {name} warned");
            }
            assert_eq!(w.host.poll_timeout(), None, "{label}");
            continue;
        }
        let at = 2 + row.closes_after;
        assert_eq!(
            countdowns(&w, "a1"),
            [format!("+2: Red closes at +{at}")],
            "{label}"
        );
        assert_eq!(
            countdowns(&w, "a3"),
            [format!("+2: Blue closes at +{at}")],
            "{label}"
        );
        assert_eq!(
            countdowns(&w, "org"),
            [
                format!("+2: Red closes at +{at}"),
                format!("+2: Blue closes at +{at}")
            ],
            "{label}: managers hear of every room"
        );
        w.advance(row.closes_after * 1_000 - 1);
        assert_eq!(state(&w, "Red"), RoomState::Open, "{label}: not yet");
        assert_eq!(
            w.breakout_state("a1"),
            Some(CallState::Connected),
            "{label}"
        );
        w.advance(1);
        assert!(
            w.rooms().iter().all(|r| r.state == RoomState::Closed),
            "{label}: closed at +{at}"
        );
        assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
        assert_eq!(w.main_state("a3"), CallState::Connected, "{label}");
        assert_eq!(
            w.host.revision(),
            revision + 2,
            "{label}: closing is a change"
        );
        assert_eq!(w.host.poll_timeout(), None, "{label}");
    }
}

#[test]
fn a_pending_close_keeps_its_time_when_the_setting_changes() {
    let mut w = open_rooms();
    close(&mut w, None, None);
    w.advance(10_000);
    settings(
        &mut w,
        SettingsPatch {
            closing_warning_seconds: Some(5),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(countdowns(&w, "a1"), ["+0: Red closes at +60"]);
    w.advance(49_999);
    assert_eq!(state(&w, "Red"), RoomState::Open);
    w.advance(1);
    assert_eq!(state(&w, "Red"), RoomState::Closed);
    // The next close takes the new setting.
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    close(&mut w, None, None);
    assert_eq!(countdowns(&w, "a3")[1..], ["+60: Blue closes at +65"]);
}

#[test]
fn closing_a_closing_room_again_moves_its_close() {
    let mut w = open_rooms();
    let red = w.thread("Red");
    let close = |thread_ids: Option<Vec<String>>, grace_seconds| Command::CloseRooms {
        thread_ids,
        grace_seconds,
    };
    w.manage("org", close(None, None)).unwrap();
    // Asked again: the close moves to now + the (default) grace, later here...
    w.advance(20_000);
    w.manage("org", close(Some(vec![red.clone()]), None))
        .unwrap();
    // ...or sooner with a shorter grace.
    w.advance(10_000);
    w.manage("org", close(None, Some(5))).unwrap();
    assert_eq!(
        countdowns(&w, "a1"),
        [
            "+0: Red closes at +60",
            "+20: Red closes at +80",
            "+30: Red closes at +35"
        ]
    );
    assert_eq!(
        countdowns(&w, "a3"),
        ["+0: Blue closes at +60", "+30: Blue closes at +35"]
    );
    // The same time again changes nothing: no message, no new revision.
    let revision = w.host.revision();
    w.manage("org", close(None, Some(5))).unwrap();
    assert_eq!(w.host.revision(), revision);
    assert_eq!(countdowns(&w, "a1").len(), 3);
    // graceSeconds: 0 closes a closing room at once.
    w.manage("org", close(Some(vec![red]), Some(0))).unwrap();
    assert_eq!(state(&w, "Red"), RoomState::Closed);
    assert_eq!(state(&w, "Blue"), RoomState::Open);
    w.advance(5_000);
    assert_eq!(state(&w, "Blue"), RoomState::Closed);
}

#[test]
fn opening_a_closing_room_calls_its_close_off() {
    let mut w = open_rooms();
    let (red, blue) = (w.thread("Red"), w.thread("Blue"));
    close(&mut w, None, None);
    w.advance(10_000);
    let revision = w.host.revision();
    w.manage(
        "org",
        Command::OpenRooms {
            thread_ids: Some(vec![red.clone()]),
        },
    )
    .expect("Red stays open");
    assert_eq!(
        w.host.revision(),
        revision + 1,
        "calling it off is a change"
    );
    assert_eq!(
        countdowns(&w, "a1"),
        ["+0: Red closes at +60", "+10: Red not closing"]
    );
    assert_eq!(w.host.closings(), [(blue.clone(), T0 + 60_000)]);
    w.advance(50_000);
    assert_eq!(state(&w, "Red"), RoomState::Open, "called off");
    assert_eq!(state(&w, "Blue"), RoomState::Closed, "not named: closed");
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    // So closeRooms() then openRooms() ends, as it always did, with the rooms open; and
    // a room end time is the meeting's: opening leaves it running.
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(T0 + 90_000)),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    close(&mut w, None, None);
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert!(w.host.closings().iter().all(|(_, at)| *at == T0 + 90_000));
    assert_eq!(state(&w, "Red"), RoomState::Open);
    assert_eq!(state(&w, "Blue"), RoomState::Open);
    assert_eq!(w.host.settings().room_end_time, Some(T0 + 90_000));
    w.advance(30_000);
    assert_eq!(state(&w, "Red"), RoomState::Closed, "at the end time");
}
