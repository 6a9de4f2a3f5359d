//! SPEC 11 flows through the virtual-clock world: broadcasts, calls for help, managers'
//! visits to rooms, and who hears of each.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::*;
use common::*;

/// Organizer "org", breakout room manager "brm", attendees a1..a4; Red (a1, a2) and Blue
/// (a3), open, everyone assigned inside; a4 in the main meeting.
fn workshop() -> World {
    let mut w = World::new();
    w.join("org", Role::Organizer);
    w.join("brm", Role::BreakoutRoomManager);
    for name in ["a1", "a2", "a3", "a4"] {
        w.join(name, Role::Attendee);
    }
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
        .unwrap();
    }
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    w.clear_events();
    w
}

fn broadcasts(w: &World, name: &str) -> Vec<String> {
    w.people[w.index(name)]
        .events
        .iter()
        .filter_map(|(at, e)| match e {
            Event::Broadcast(b) => Some(format!(
                "+{} {}: {} (sent +{})",
                (at - T0) / 1000,
                b.sender.display_name,
                b.text,
                (b.sent_at - T0) / 1000
            )),
            _ => None,
        })
        .collect()
}

fn say(
    w: &mut World,
    who: &str,
    text: &str,
    rooms: Option<Vec<String>>,
    main: bool,
) -> Result<(), Error> {
    w.run(who, |c| {
        c.workshop(WorkshopAction::Broadcast {
            text: text.into(),
            thread_ids: rooms,
            main_meeting: main,
        })
    })
    .map(|_| ())
}

/// Help events a participant heard, as "Red: a1, a2 (acknowledged by org)" or "Red: over".
fn help(w: &World, name: &str) -> Vec<String> {
    let room = |t: &str| {
        w.rooms()
            .into_iter()
            .find(|r| r.thread_id == t)
            .map_or("a room gone".into(), |r| r.display_name)
    };
    let short = |i: &Identifier| i.raw_id().trim_start_matches("8:acs:").to_owned();
    w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::HelpRequest {
                thread_id,
                request: Some(r),
            } => Some(format!(
                "{}: {}{}",
                room(&thread_id),
                r.askers.iter().map(short).collect::<Vec<_>>().join(", "),
                r.acknowledged_by
                    .as_ref()
                    .map_or(String::new(), |by| format!(
                        " (acknowledged by {})",
                        short(by)
                    ))
            )),
            Event::HelpRequest {
                thread_id,
                request: None,
            } => Some(format!("{}: over", room(&thread_id))),
            _ => None,
        })
        .collect()
}

#[test]
fn a_broadcast_reaches_the_rooms_it_is_sent_to_and_no_one_else() {
    let mut w = workshop();
    w.advance(3_000);
    say(&mut w, "org", "Five minutes left", None, false).expect("to every room");
    for name in ["a1", "a2", "a3"] {
        assert_eq!(
            broadcasts(&w, name),
            ["+3 org: Five minutes left (sent +3)"],
            "{name}"
        );
    }
    for name in ["org", "brm", "a4"] {
        assert!(
            broadcasts(&w, name).is_empty(),
            "{name} is in the main meeting"
        );
    }
    w.clear_events();
    let red = w.thread("Red");
    say(&mut w, "brm", "Wrap up, Red", Some(vec![red]), true).expect("Red and main");
    for name in ["a1", "a2", "org", "a4", "brm"] {
        assert_eq!(
            broadcasts(&w, name),
            ["+3 brm: Wrap up, Red (sent +3)"],
            "{name}"
        );
    }
    assert!(broadcasts(&w, "a3").is_empty(), "Blue was not asked");
}

#[test]
fn broadcasts_are_limited_per_manager_per_minute() {
    let mut w = workshop();
    for i in 0..10 {
        say(&mut w, "org", &format!("note {i}"), None, false).expect("within the limit");
        w.advance(1_000);
    }
    let error = say(&mut w, "org", "one too many", None, false).unwrap_err();
    assert_eq!(
        error,
        Error::RateLimited {
            operation: "broadcast".into(),
            limit: 10,
            retry_after_ms: 50_000,
        }
    );
    assert_eq!((error.code(), error.sub_code()), (429, 46931));
    assert_eq!(
        broadcasts(&w, "a1").len(),
        10,
        "the refused one reached no one"
    );
    // Another manager has a limit of their own; and a minute after the first, org may again.
    say(&mut w, "brm", "mine", None, false).expect("brm's own limit");
    w.advance(50_000);
    say(&mut w, "org", "again", None, false).expect("a minute later");
}

#[test]
fn a_call_for_help_goes_to_the_managers_and_back_to_the_askers() {
    let mut w = workshop();
    w.run("a1", |c| c.request_help()).expect("a1 asks");
    w.run("a1", |c| c.request_help())
        .expect("asking twice is one request");
    for name in ["org", "brm"] {
        assert_eq!(help(&w, name), ["Red: a1"], "{name} heard once");
    }
    assert_eq!(help(&w, "a1"), ["Red: a1"], "the asker sees their request");
    for name in ["a2", "a3", "a4"] {
        assert!(help(&w, name).is_empty(), "{name} hears nothing of it");
    }
    // A second asker in the same room joins the request.
    w.run("a2", |c| c.request_help()).expect("a2 asks too");
    assert_eq!(help(&w, "org"), ["Red: a1", "Red: a1, a2"]);
    assert_eq!(w.host.help_requests().len(), 1, "one request per room");
    let red = w.thread("Red");
    w.run("brm", |c| {
        c.workshop(WorkshopAction::AcknowledgeHelp {
            thread_id: red.clone(),
        })
    })
    .expect("brm acknowledges");
    // Each asker sees their own part in it: never who else asked.
    let last = |w: &World, name: &str| help(w, name).last().cloned().unwrap_or_default();
    assert_eq!(last(&w, "a1"), "Red: a1 (acknowledged by brm)");
    assert_eq!(last(&w, "a2"), "Red: a2 (acknowledged by brm)");
    assert_eq!(last(&w, "org"), "Red: a1, a2 (acknowledged by brm)");
    assert!(help(&w, "a3").is_empty());
    // Asking again after the acknowledgement asks again.
    w.run("a1", |c| c.request_help()).unwrap();
    assert_eq!(last(&w, "org"), "Red: a1, a2");
    // An asker who went back to the main meeting still follows their request.
    w.run("a2", |c| c.return_to_main_meeting()).unwrap();
    assert_eq!(last(&w, "a2"), "Red: a2");
    // The room closes: the request is over, for everyone who knew of it.
    w.manage(
        "org",
        Command::CloseRooms {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: Some(0),
        },
    )
    .unwrap();
    for name in ["org", "brm", "a1", "a2"] {
        assert_eq!(
            help(&w, name).last().map(String::as_str),
            Some("Red: over"),
            "{name}"
        );
    }
    assert!(w.host.help_requests().is_empty());
    assert!(w.client("org").help_requests().is_empty());
    // From the main meeting there is no room to ask from.
    let error = w.client_mut("a1").request_help().unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (412, 46932));
}

#[test]
fn a_manager_who_joins_later_sees_every_open_request() {
    let mut w = workshop();
    w.run("a3", |c| c.request_help()).unwrap();
    w.join("late", Role::CoOrganizer);
    assert_eq!(help(&w, "late"), ["Blue: a3"]);
    // Granted the role, a breakout room manager-to-be hears of it then.
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("a4"),
            enabled: true,
        },
    )
    .unwrap();
    assert_eq!(help(&w, "a4"), ["Blue: a3"]);
    // And forgets it with the role.
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("a4"),
            enabled: false,
        },
    )
    .unwrap();
    assert!(w.client("a4").help_requests().is_empty());
}

#[test]
fn a_manager_visits_a_room_and_comes_back() {
    let mut w = workshop();
    let blue = w.thread("Blue");
    w.manage(
        "org",
        Command::UpdateSettings {
            settings: SettingsPatch {
                disable_return_to_main_meeting: Some(true),
                ..SettingsPatch::default()
            },
        },
    )
    .unwrap();
    let done = w
        .run("brm", |c| c.visit_room(&blue))
        .expect("brm visits Blue");
    assert_eq!(done, Completion::Call(w.breakout_id("brm")));
    assert_eq!(w.client("brm").visiting(), Some(blue.as_str()));
    assert_eq!(
        w.host.place_of(&id("brm")),
        Some(Place::Room {
            thread_id: blue.clone()
        })
    );
    assert_eq!(
        w.host.assignment_of(&id("brm")),
        None,
        "a visit is no assignment"
    );
    assert_eq!(w.remote_names("a3", true), ["brm"]);
    assert_eq!(w.remote_names("brm", true), ["a3"]);
    assert_eq!(w.main_state("brm"), CallState::LocalHold);
    // Returning early is off for the room's people, not for a visitor.
    let error = w.client_mut("a3").return_to_main_meeting().unwrap_err();
    assert_eq!(error, Error::ReturnToMainDisabled);
    w.run("brm", |c| c.return_to_main_meeting())
        .expect("back to main");
    assert_eq!(w.host.place_of(&id("brm")), Some(Place::Main));
    assert_eq!(w.main_state("brm"), CallState::Connected);
    assert_eq!(w.client("brm").visiting(), None);
    assert!(w.remote_names("a3", true).is_empty());
}

#[test]
fn a_visit_ends_when_the_room_closes_or_the_role_goes() {
    let mut w = workshop();
    let (red, blue) = (w.thread("Red"), w.thread("Blue"));
    w.run("org", |c| c.visit_room(&red)).unwrap();
    w.manage(
        "org",
        Command::CloseRooms {
            thread_ids: Some(vec![red.clone()]),
            grace_seconds: Some(0),
        },
    )
    .unwrap();
    assert_eq!(w.host.place_of(&id("org")), Some(Place::Main));
    assert_eq!(w.breakout_state("org"), Some(CallState::Disconnected));
    assert_eq!(w.main_state("org"), CallState::Connected);

    w.run("brm", |c| c.visit_room(&blue)).unwrap();
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("brm"),
            enabled: false,
        },
    )
    .unwrap();
    assert_eq!(
        w.host.place_of(&id("brm")),
        Some(Place::Main),
        "an attendee may not stay"
    );
    assert_eq!(w.breakout_state("brm"), Some(CallState::Disconnected));
    assert_eq!(w.main_state("brm"), CallState::Connected);
    // Attendees cannot visit; closed rooms cannot be visited.
    let error = w.client_mut("a4").visit_room(&blue).unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (403, 46900));
    let error = w.client_mut("org").visit_room(&red).unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (412, 46256));
}

#[test]
fn a_visiting_manager_who_reconnects_is_still_visiting() {
    let mut w = workshop();
    let blue = w.thread("Blue");
    w.run("brm", |c| c.visit_room(&blue)).unwrap();
    w.drop_transport("brm");
    w.advance_all(2_000);
    w.reconnect("brm");
    assert_eq!(
        w.host.place_of(&id("brm")),
        Some(Place::Room {
            thread_id: blue.clone()
        })
    );
    assert_eq!(w.breakout_state("brm"), Some(CallState::Connected));
    assert_eq!(w.client("brm").visiting(), Some(blue.as_str()));
}
