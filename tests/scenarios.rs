//! SPEC section 6, flow by flow, through the virtual-clock world: one host, several
//! clients, every message over the wire format. Assertions are on what each client saw.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::*;
use common::*;

/// The SDK-visible breakout events a client raised, as short strings, in order.
fn feature_events(w: &World, name: &str) -> Vec<String> {
    w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::BreakoutRooms(Some(rooms)) => Some(format!("breakoutRooms({})", rooms.len())),
            Event::BreakoutRooms(None) => Some("breakoutRooms(undefined)".into()),
            Event::AssignedBreakoutRooms(Some(r)) => Some(format!(
                "assignedBreakoutRooms({} {:?})",
                r.display_name, r.state
            )),
            Event::AssignedBreakoutRooms(None) => Some("assignedBreakoutRooms(undefined)".into()),
            Event::BreakoutRoomsSettings(_) => Some("breakoutRoomsSettings".into()),
            Event::Join { .. } => Some("join".into()),
            _ => None,
        })
        .collect()
}

/// Call state changes a client raised, as "main:State" / "breakout:State".
fn call_states(w: &World, name: &str) -> Vec<String> {
    let main = w.main_id(name);
    w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::StateChanged { call, state } => Some(format!(
                "{}:{state:?}",
                if call == main { "main" } else { "breakout" }
            )),
            _ => None,
        })
        .collect()
}

fn assign(w: &mut World, room: &str, people: &[&str]) {
    let thread_id = w.thread(room);
    w.manage(
        "org",
        Command::AssignParticipants {
            thread_id,
            participants: people.iter().map(|p| id(p)).collect(),
        },
    )
    .expect("assign");
}

fn open_all(w: &mut World) {
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .expect("open");
}

/// `closeRooms([room])`: with the meeting's default warning (SPEC 11), 60 s.
fn close(w: &mut World, room: &str) {
    let thread = w.thread(room);
    w.manage(
        "org",
        Command::CloseRooms {
            thread_ids: Some(vec![thread]),
            grace_seconds: None,
        },
    )
    .expect("close");
}

fn settings(w: &mut World, patch: SettingsPatch) {
    w.manage("org", Command::UpdateSettings { settings: patch })
        .expect("settings");
}

fn no_auto_move() -> SettingsPatch {
    SettingsPatch {
        auto_move_participant_to_breakout_room: Some(false),
        ..Default::default()
    }
}

/// Organizer, attendees a1..=a3, rooms "Room 1" and "Room 2".
fn two_rooms() -> World {
    let mut w = meeting_with(3);
    created(w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    ));
    w.clear_events();
    w
}

// ----- 6.1 joining the main meeting -----

#[test]
fn joining_gives_settings_and_managers_the_room_list() {
    let mut w = World::new();
    w.join("org", Role::Organizer);
    w.join("a1", Role::Attendee);
    assert_eq!(call_states(&w, "a1"), ["main:Connecting", "main:Connected"]);
    assert_eq!(feature_events(&w, "a1"), ["breakoutRoomsSettings"]);
    assert_eq!(
        feature_events(&w, "org"),
        ["breakoutRoomsSettings", "breakoutRooms(0)"]
    );
    assert_eq!(w.client("a1").breakout_rooms(), None);
    assert_eq!(w.client("org").breakout_rooms(), Some(vec![]));
    assert_eq!(w.client("a1").settings(), Some(Settings::default()));
}

#[test]
fn joining_with_an_assignment_delivers_it() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    w.disconnect("a1");
    w.join("a1", Role::Attendee); // same identity, new client
    let last = w.people.len() - 1;
    let events: Vec<String> = w.people[last]
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::AssignedBreakoutRooms(Some(r)) => Some(r.display_name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(events, ["Room 1"]);
}

// ----- 6.2 a room opens -----

#[test]
fn auto_move_moves_an_assigned_participant_when_the_room_opens() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    assert_eq!(
        feature_events(&w, "a1"),
        [
            "assignedBreakoutRooms(Room 1 Closed)",
            "assignedBreakoutRooms(Room 1 Open)",
            "join"
        ]
    );
    assert_eq!(
        call_states(&w, "a1"),
        ["main:LocalHold", "breakout:Connected"]
    );
    assert_eq!(
        w.host.place_of(&id("a1")),
        Some(Place::Room {
            thread_id: w.thread("Room 1")
        })
    );
    // Unassigned people stay where they are.
    assert_eq!(w.main_state("a2"), CallState::Connected);
    assert_eq!(w.breakout_state("a2"), None);
}

#[test]
fn without_auto_move_join_moves_and_resolves_with_the_call() {
    let mut w = two_rooms();
    settings(&mut w, no_auto_move());
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    assert_eq!(w.breakout_state("a1"), None, "no automatic move");
    assert_eq!(w.main_state("a1"), CallState::Connected);
    let done = w.run("a1", |c| c.join_breakout_room());
    let call = w.breakout_id("a1");
    assert_eq!(done, Ok(Completion::Call(call)));
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    assert!(feature_events(&w, "a1").ends_with(&["join".to_string()]));
    // Joining again resolves with the same call and creates no other.
    let again = w.run("a1", |c| c.join_breakout_room());
    assert_eq!(again, Ok(Completion::Call(w.breakout_id("a1"))));
    assert_eq!(
        feature_events(&w, "a1")
            .iter()
            .filter(|e| *e == "join")
            .count(),
        1
    );
}

#[test]
fn join_refuses_without_an_open_assigned_room() {
    let mut w = two_rooms();
    let none = w.client_mut("a1").join_breakout_room();
    assert_eq!(none, Err(Error::NotAssigned));
    assert_eq!(
        (412, 46260),
        (Error::NotAssigned.code(), Error::NotAssigned.sub_code())
    );
    assign(&mut w, "Room 1", &["a1"]);
    let closed = w.client_mut("a1").join_breakout_room().unwrap_err();
    assert_eq!((closed.code(), closed.sub_code()), (412, 46256));
    assert_eq!(w.breakout_state("a1"), None, "nothing changed");
    assert_eq!(w.main_state("a1"), CallState::Connected);
}

// ----- 6.3 a room closes -----

#[test]
fn closing_a_room_brings_everyone_back_to_the_main_meeting() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1", "a2"]);
    open_all(&mut w);
    w.clear_events();
    close(&mut w, "Room 1");
    // SPEC 11: the people inside are warned first, and stay until the warning is over.
    let thread = w.thread("Room 1");
    assert_eq!(w.client("a1").closing(&thread), Some(w.now + 60_000));
    assert!(feature_events(&w, "a1").is_empty());
    assert!(call_states(&w, "a1").is_empty());
    w.advance(59_999);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    w.advance(1);
    assert_eq!(
        feature_events(&w, "a1"),
        ["assignedBreakoutRooms(Room 1 Closed)"]
    );
    assert_eq!(
        call_states(&w, "a1"),
        [
            "breakout:Disconnecting",
            "breakout:Disconnected",
            "main:Connected"
        ]
    );
    assert_eq!(w.host.place_of(&id("a1")), Some(Place::Main));
    assert_eq!(w.remote_names("a1", false), ["a2", "a3", "org"]);
}

// ----- 6.4 leaving early -----

#[test]
fn hang_up_then_resume_returns_to_the_main_meeting() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    w.clear_events();
    let breakout = w.breakout_id("a1");
    let main = w.main_id("a1");
    // As the seed writes it: hangUp() and resume() without waiting in between.
    let hang_up = w.client_mut("a1").hang_up(&breakout).unwrap();
    let resume = w.client_mut("a1").resume(&main).unwrap();
    w.drive();
    assert_eq!(w.completion("a1", hang_up), Some(Ok(Completion::Done)));
    assert_eq!(
        w.completion("a1", resume),
        Some(Ok(Completion::Call(main.clone())))
    );
    // resume() waits for the host to confirm the hang-up (it could still refuse it).
    assert_eq!(
        call_states(&w, "a1"),
        [
            "breakout:Disconnecting",
            "breakout:Disconnected",
            "main:Connected"
        ]
    );
    assert_eq!(w.host.place_of(&id("a1")), Some(Place::Main));
    // A later update of the same open room does not pull them back in.
    let thread = w.thread("Room 1");
    w.manage(
        "org",
        Command::RenameRoom {
            thread_id: thread,
            display_name: "Design".into(),
        },
    )
    .unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert_eq!(w.main_state("a1"), CallState::Connected);
}

#[test]
fn return_to_main_meeting_resolves_with_the_main_call() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let done = w.run("a1", |c| c.return_to_main_meeting());
    assert_eq!(done, Ok(Completion::Call(w.main_id("a1"))));
    assert_eq!(w.main_state("a1"), CallState::Connected);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    // They may go back in.
    w.run("a1", |c| c.join_breakout_room()).unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
}

#[test]
fn leaving_early_is_refused_when_return_to_main_is_disabled() {
    let mut w = two_rooms();
    settings(
        &mut w,
        SettingsPatch {
            disable_return_to_main_meeting: Some(true),
            ..Default::default()
        },
    );
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    w.clear_events();
    let breakout = w.breakout_id("a1");
    let main = w.main_id("a1");
    let c = w.client_mut("a1");
    assert_eq!(c.hang_up(&breakout), Err(Error::ReturnToMainDisabled));
    assert_eq!(c.resume(&main), Err(Error::ReturnToMainDisabled));
    assert_eq!(c.return_to_main_meeting(), Err(Error::ReturnToMainDisabled));
    w.drive();
    assert!(w.events("a1").is_empty(), "nothing changed");
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    // The host refuses it too, for a client that asks anyway.
    let peer = w.people[w.index("a1")].peer;
    w.host
        .handle_message(w.now, peer, ClientMessage::ReturnToMain);
    let refused = std::iter::from_fn(|| w.host.poll_transmit()).any(|t| {
        matches!(
            t.message,
            HostMessage::Refused {
                error: Error::ReturnToMainDisabled,
                ..
            }
        )
    });
    assert!(refused);
    assert!(matches!(
        w.host.place_of(&id("a1")),
        Some(Place::Room { .. })
    ));
}

// ----- 6.5 reassigned or unassigned while inside -----

#[test]
fn reassigned_to_an_open_room_moves_straight_there() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let first = w.breakout_id("a1");
    w.clear_events();
    assign(&mut w, "Room 2", &["a1"]);
    let second = w.breakout_id("a1");
    assert_ne!(first, second);
    assert_eq!(
        call_states(&w, "a1"),
        [
            "breakout:Disconnecting",
            "breakout:Disconnected",
            "breakout:Connected"
        ],
        "the main call stays on hold throughout"
    );
    assert_eq!(
        feature_events(&w, "a1"),
        ["assignedBreakoutRooms(Room 2 Open)", "join"]
    );
    assert_eq!(
        w.host.place_of(&id("a1")),
        Some(Place::Room {
            thread_id: w.thread("Room 2")
        })
    );
}

#[test]
fn reassigned_to_a_closed_room_goes_back_to_main() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    let room1 = w.thread("Room 1");
    w.manage(
        "org",
        Command::OpenRooms {
            thread_ids: Some(vec![room1]),
        },
    )
    .unwrap();
    w.clear_events();
    assign(&mut w, "Room 2", &["a1"]);
    assert_eq!(
        call_states(&w, "a1"),
        [
            "breakout:Disconnecting",
            "breakout:Disconnected",
            "main:Connected"
        ]
    );
    assert_eq!(w.host.place_of(&id("a1")), Some(Place::Main));
}

#[test]
fn unassigned_goes_back_to_main() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    w.clear_events();
    w.manage(
        "org",
        Command::UnassignParticipants {
            participants: vec![id("a1")],
        },
    )
    .unwrap();
    assert_eq!(
        feature_events(&w, "a1"),
        ["assignedBreakoutRooms(undefined)"]
    );
    assert_eq!(w.main_state("a1"), CallState::Connected);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
}

#[test]
fn deleting_a_room_with_people_inside_brings_them_back() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let thread = w.thread("Room 1");
    w.manage("org", Command::DeleteRoom { thread_id: thread })
        .unwrap();
    assert_eq!(w.main_state("a1"), CallState::Connected);
    assert_eq!(w.assigned("a1"), None);
    assert_eq!(w.client("org").breakout_rooms().unwrap().len(), 1);
}

// ----- 6.6 late joiner -----

#[test]
fn a_late_joiner_assigned_while_rooms_are_open_moves_in() {
    let mut w = two_rooms();
    open_all(&mut w);
    w.join("late", Role::Attendee);
    assign(&mut w, "Room 2", &["late"]);
    assert_eq!(w.breakout_state("late"), Some(CallState::Connected));
    assert_eq!(w.main_state("late"), CallState::LocalHold);
}

#[test]
fn a_participant_who_rejoins_goes_back_into_their_open_room() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    w.disconnect("a1");
    assert_eq!(w.host.place_of(&id("a1")), None);
    w.join("a1", Role::Attendee);
    let last = w.people.len() - 1;
    assert_eq!(
        w.people[last].client.breakout_call().map(|c| c.state),
        Some(CallState::Connected)
    );
}

// ----- 6.7 the room end time -----

#[test]
fn the_room_end_time_closes_every_room_on_time() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    assign(&mut w, "Room 2", &["a2"]);
    open_all(&mut w);
    let end = w.now + 60_000;
    settings(
        &mut w,
        SettingsPatch {
            room_end_time: Some(Some(end)),
            ..Default::default()
        },
    );
    assert_eq!(w.client("a1").settings().unwrap().room_end_time, Some(end));
    assert_eq!(w.host.poll_timeout(), Some(end));
    w.advance(59_999);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    w.clear_events();
    w.advance(10_000);
    for name in ["a1", "a2"] {
        assert_eq!(w.main_state(name), CallState::Connected, "{name}");
        assert_eq!(w.breakout_state(name), Some(CallState::Disconnected));
        // It happened at the end time, not when the clock stopped.
        let at = w.people[w.index(name)].events[0].0;
        assert_eq!(at, end);
    }
    assert!(w.rooms().iter().all(|r| r.state == RoomState::Closed));
    assert_eq!(w.host.settings().room_end_time, None);
    assert_eq!(w.host.poll_timeout(), None);
}

// ----- 6.8 remote participants -----

#[test]
fn each_call_lists_the_others_in_the_same_place() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1", "a2"]);
    assign(&mut w, "Room 2", &["a3"]);
    assert_eq!(w.remote_names("a1", false), ["a2", "a3", "org"]);
    open_all(&mut w);
    assert_eq!(w.remote_names("a1", true), ["a2"]);
    assert_eq!(w.remote_names("a2", true), ["a1"]);
    assert!(w.remote_names("a3", true).is_empty());
    assert!(w.remote_names("org", false).is_empty());
    // Someone coming back shows up in the main call and leaves the room's list.
    w.clear_events();
    w.run("a2", |c| c.return_to_main_meeting()).unwrap();
    assert_eq!(w.remote_names("org", false), ["a2"]);
    assert!(w.remote_names("a1", true).is_empty());
    let removed: Vec<String> = w
        .events("a1")
        .into_iter()
        .filter_map(|e| match e {
            Event::RemoteParticipantsUpdated { removed, .. } => Some(
                removed
                    .iter()
                    .map(|m| m.display_name.clone())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => None,
        })
        .collect();
    assert_eq!(removed, ["a2"]);
}

// ----- 6.9 call states; 6.10 is the JS layer's (listeners) -----

#[test]
fn hanging_up_the_main_call_leaves_the_meeting() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    w.clear_events();
    let main = w.main_id("a1");
    w.run("a1", |c| c.hang_up(&main)).unwrap();
    assert_eq!(
        call_states(&w, "a1"),
        [
            "breakout:Disconnecting",
            "breakout:Disconnected",
            "main:Disconnecting",
            "main:Disconnected"
        ]
    );
    assert_eq!(w.host.place_of(&id("a1")), None);
    assert_eq!(w.host.assignment_of(&id("a1")), Some(w.thread("Room 1")));
}

#[test]
fn losing_the_host_mid_join_fails_the_join_with_46254() {
    let mut w = two_rooms();
    settings(&mut w, no_auto_move());
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let op = w.client_mut("a1").join_breakout_room().unwrap();
    w.disconnect("a1");
    let error = w.completion("a1", op).unwrap().unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (500, 46254));
    assert_eq!(w.main_state("a1"), CallState::Disconnected);
}

#[test]
fn hold_and_resume_the_main_call() {
    let mut w = meeting_with(1);
    let main = w.main_id("a1");
    w.run("a1", |c| c.hold(&main)).unwrap();
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    w.run("a1", |c| c.resume(&main)).unwrap();
    assert_eq!(w.main_state("a1"), CallState::Connected);
    let bogus = CallId("nope".into());
    let err = w.client_mut("a1").hold(&bogus).unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

// ----- SPEC 4: who sees what -----

#[test]
fn attendees_see_only_their_own_room_and_managers_see_all() {
    let mut w = two_rooms();
    w.join("brm", Role::BreakoutRoomManager);
    assign(&mut w, "Room 1", &["a1", "brm"]);
    assign(&mut w, "Room 2", &["a2"]);
    let mine = w.assigned("a1").unwrap();
    assert_eq!(mine.display_name, "Room 1");
    assert_eq!(mine.invitees, None, "attendees do not get the invitee list");
    assert!(w
        .events("a1")
        .iter()
        .all(|e| !matches!(e, Event::BreakoutRooms(_))));
    let rooms = w.client("brm").breakout_rooms().unwrap();
    assert_eq!(rooms.len(), 2);
    assert_eq!(rooms[0].invitees, Some(vec![id("a1"), id("brm")]));
    assert_eq!(rooms[1].invitees, Some(vec![id("a2")]));
    assert_eq!(
        w.assigned("brm").unwrap().invitees,
        Some(vec![id("a1"), id("brm")])
    );
}

#[test]
fn a_granted_manager_gets_every_room_and_loses_them_when_revoked() {
    let mut w = two_rooms();
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("a3"),
            enabled: true,
        },
    )
    .unwrap();
    assert_eq!(w.client("a3").role(), Role::BreakoutRoomManager);
    assert_eq!(w.client("a3").breakout_rooms().unwrap().len(), 2);
    // Now a manager: may create rooms, and sees the revision.
    w.manage(
        "a3",
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Red".into()]),
        },
    )
    .unwrap();
    assert_eq!(w.client("a3").revision(), w.host.revision());
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("a3"),
            enabled: false,
        },
    )
    .unwrap();
    assert_eq!(w.client("a3").breakout_rooms(), None);
    assert!(matches!(
        w.events("a3").last(),
        Some(Event::BreakoutRooms(None))
    ));
    let denied = w.manage(
        "a3",
        Command::DeleteRoom {
            thread_id: w.thread("Red"),
        },
    );
    assert!(matches!(denied, Err(Error::NotAManager { .. })));
}

#[test]
fn two_managers_cannot_silently_overwrite_each_other() {
    let mut w = two_rooms();
    w.join("co", Role::CoOrganizer);
    let seen = w.client("co").revision();
    assert_eq!(seen, w.host.revision());
    let thread = w.thread("Room 1");
    w.manage(
        "org",
        Command::RenameRoom {
            thread_id: thread.clone(),
            display_name: "Org's name".into(),
        },
    )
    .unwrap();
    let stale = w.run("co", |c| {
        c.manage(
            Command::RenameRoom {
                thread_id: thread,
                display_name: "Co's name".into(),
            },
            Some(seen),
        )
    });
    assert_eq!(
        stale,
        Err(Error::StaleRevision {
            expected: seen,
            actual: seen + 1
        })
    );
    assert_eq!(w.rooms()[0].display_name, "Org's name");
    assert_eq!(w.client("co").revision(), seen + 1, "co now knows the news");
}

#[test]
fn automatic_assignment_splits_present_attendees_evenly_and_reproducibly() {
    let run = |seed| {
        let mut w = meeting_with(10);
        w.join("brm", Role::BreakoutRoomManager);
        created(w.manage(
            "org",
            Command::CreateRooms {
                rooms: RoomSpec::Count(3),
            },
        ));
        w.manage("org", Command::AssignAutomatically { seed: Some(seed) })
            .unwrap();
        w.rooms()
    };
    let rooms = run(7);
    let mut sizes: Vec<usize> = rooms
        .iter()
        .map(|r| r.invitees.as_ref().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, [3, 3, 4]);
    let everyone: Vec<&Identifier> = rooms
        .iter()
        .flat_map(|r| r.invitees.as_ref().unwrap())
        .collect();
    assert!(
        !everyone.contains(&&id("brm")),
        "managers are not auto-assigned"
    );
    assert!(!everyone.contains(&&id("org")));
    assert_eq!(run(7), rooms, "the same seed gives the same rooms");
    assert_ne!(run(8), rooms, "another seed shuffles differently");
}

#[test]
fn breakout_rooms_are_not_offered_in_a_group_call() {
    let mut w = World::with(group_call());
    w.join("a", Role::Attendee);
    let c = w.client_mut("a");
    assert_eq!(c.join_breakout_room(), Err(Error::NotAMeeting));
    assert_eq!(c.check_breakout_rooms(), Err(Error::NotAMeeting));
    assert_eq!(
        c.manage(
            Command::CreateRooms {
                rooms: RoomSpec::Count(1)
            },
            None
        ),
        Err(Error::NotAMeeting)
    );
    assert!(
        feature_events(&w, "a").is_empty(),
        "no settings in a group call"
    );
    assert_eq!(w.main_state("a"), CallState::Connected);
}

#[test]
fn a_malformed_update_from_the_host_is_46258_and_changes_nothing() {
    let mut w = two_rooms();
    let before = w.assigned("a1");
    for text in [
        "not json",
        r#"{"v":2,"type":"returned"}"#,
        r#"{"v":1,"type":"assignment","room":{"threadId":7}}"#,
    ] {
        let err = w.client_mut("a1").handle_text(text).unwrap_err();
        assert_eq!((err.code(), err.sub_code()), (412, 46258), "{text}");
    }
    assert_eq!(w.assigned("a1"), before);
    let ok = r#"{"v":1,"type":"settings","settings":{"disableReturnToMainMeeting":true,"autoMoveParticipantToBreakoutRoom":true}}"#;
    w.client_mut("a1").handle_text(ok).unwrap();
    assert!(
        w.client("a1")
            .settings()
            .unwrap()
            .disable_return_to_main_meeting
    );
}

#[test]
fn a_hang_up_the_host_refuses_keeps_the_main_call_on_hold() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let breakout = w.breakout_id("a1");
    let main = w.main_id("a1");
    // The organizer disables returning; the attendee hangs up before hearing of it.
    let org = w.client_mut("org");
    org.manage(
        Command::UpdateSettings {
            settings: SettingsPatch {
                disable_return_to_main_meeting: Some(true),
                ..Default::default()
            },
        },
        None,
    )
    .unwrap();
    let hang_up = w.client_mut("a1").hang_up(&breakout).unwrap();
    let resume = w.client_mut("a1").resume(&main).unwrap();
    w.drive();
    let refused = w.completion("a1", hang_up).unwrap().unwrap_err();
    assert_eq!((refused.code(), refused.sub_code()), (500, 46259));
    assert_eq!(
        w.completion("a1", resume),
        Some(Err(Error::ReturnToMainDisabled))
    );
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    assert!(matches!(
        w.host.place_of(&id("a1")),
        Some(Place::Room { .. })
    ));
}

#[test]
fn a_second_join_of_the_same_identity_takes_the_place_of_the_first() {
    let mut w = two_rooms();
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    // The same identity again, from a second client (a reloaded page, a second device, an
    // app that joins twice).
    let second = w.join("a1", Role::Attendee);
    let first = w.index("a1");
    let old = &w.people[first].client;
    assert_eq!(old.main_call().state, CallState::Disconnected);
    assert_eq!(
        old.breakout_call().map(|c| c.state),
        Some(CallState::Disconnected)
    );
    let reason = old.main_call().end_reason.clone().expect("a reason");
    assert_eq!((reason.code(), reason.sub_code()), (409, 46915));
    // The new client starts in the main meeting, keeps the assignment, and auto-moves.
    let new = &w.people[second].client;
    assert_eq!(new.main_call().state, CallState::LocalHold);
    assert_eq!(
        new.breakout_call().map(|c| c.state),
        Some(CallState::Connected)
    );
    assert_eq!(w.host.present().filter(|p| **p == id("a1")).count(), 1);
    // An ordinary hang-up has no reason.
    let main = new.main_call().id.clone();
    let breakout = new.breakout_call().unwrap().id.clone();
    w.people[second].client.hang_up(&breakout).unwrap();
    w.drive();
    w.people[second].client.hang_up(&main).unwrap();
    w.drive();
    assert_eq!(w.people[second].client.main_call().end_reason, None);
}

#[test]
fn only_the_assigned_room_can_be_joined_by_its_thread() {
    let mut w = two_rooms();
    settings(&mut w, no_auto_move());
    assign(&mut w, "Room 1", &["a1"]);
    open_all(&mut w);
    let other = w.thread("Room 2");
    assert_eq!(
        w.client_mut("a1").join_room(&other),
        Err(Error::NotAssigned)
    );
    assert_eq!(w.breakout_state("a1"), None, "nothing changed");
    let mine = w.thread("Room 1");
    w.run("a1", |c| c.join_room(&mine)).unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
}

// ----- roles -----

#[test]
fn a_granted_manager_who_rejoins_with_an_attendee_token_is_told_the_role() {
    let mut w = two_rooms();
    w.manage(
        "org",
        Command::SetBreakoutRoomManager {
            participant: id("a1"),
            enabled: true,
        },
    )
    .expect("grant");
    w.disconnect("a1");
    let again = w.join("a1", Role::Attendee); // same identity, new client, the token's role
    let client = &w.people[again].client;
    assert_eq!(w.host.role_of(&id("a1")), Some(Role::BreakoutRoomManager));
    assert_eq!(client.role(), Role::BreakoutRoomManager);
    // Told as a change, before the main call connects, so that what shows the role (the
    // JS call.role, who may see the room list) follows it.
    let told: Vec<String> = w.people[again]
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::RoleChanged(role) => Some(format!("role {role:?}")),
            Event::StateChanged { state, .. } => Some(format!("{state:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        told,
        ["Connecting", "role BreakoutRoomManager", "Connected"]
    );
    assert_eq!(client.breakout_rooms().map(|r| r.len()), Some(2));
}
