//! Raised hands (the SDK's `RaiseHand` feature, SPEC 12): meeting state that everyone in the
//! same call sees, in the order hands went up, through the virtual-clock world.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::*;
use common::*;

/// The hand events a client raised on a call, as "raised a1 #1" / "lowered a1".
fn hand_events(w: &World, name: &str, call: &CallId) -> Vec<String> {
    w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::HandRaised {
                call: c,
                participant,
                order,
            } if &c == call => Some(format!("raised {} #{order}", short(&participant))),
            Event::HandLowered {
                call: c,
                participant,
            } if &c == call => Some(format!("lowered {}", short(&participant))),
            _ => None,
        })
        .collect()
}

/// "8:acs:a1" as "a1".
fn short(who: &Identifier) -> String {
    who.raw_id().trim_start_matches("8:acs:").to_owned()
}

fn raised(w: &World, name: &str, call: &CallId) -> Vec<String> {
    w.client(name)
        .raised_hands(call)
        .iter()
        .map(|h| format!("{} #{}", short(&h.identifier), h.order))
        .collect()
}

fn hand(w: &mut World, name: &str, change: HandChange) -> Result<Completion, Error> {
    let call = w.main_id(name);
    w.run(name, |c| c.hand(&call, change))
}

#[test]
fn everyone_in_the_call_sees_hands_go_up_in_order() {
    let mut w = meeting_with(2);
    hand(&mut w, "a1", HandChange::Raise).expect("a1 raises");
    hand(&mut w, "a2", HandChange::Raise).expect("a2 raises");
    hand(&mut w, "a1", HandChange::Raise).expect("raising again changes nothing");
    for name in ["org", "a1", "a2"] {
        let main = w.main_id(name);
        assert_eq!(raised(&w, name, &main), ["a1 #1", "a2 #2"], "{name}");
        assert_eq!(
            hand_events(&w, name, &main),
            ["raised a1 #1", "raised a2 #2"],
            "{name}"
        );
    }
    hand(&mut w, "a1", HandChange::Lower).expect("a1 lowers");
    let main = w.main_id("org");
    assert_eq!(raised(&w, "org", &main), ["a2 #2"]);
    assert_eq!(hand_events(&w, "org", &main).last().unwrap(), "lowered a1");
}

#[test]
fn only_managers_lower_other_peoples_hands() {
    let mut w = meeting_with(2);
    hand(&mut w, "a1", HandChange::Raise).unwrap();
    hand(&mut w, "a2", HandChange::Raise).unwrap();
    for change in [
        HandChange::LowerAll,
        HandChange::LowerHands {
            participants: vec![id("a1")],
        },
    ] {
        let error = hand(&mut w, "a2", change.clone()).unwrap_err();
        assert_eq!((error.code(), error.sub_code()), (403, 46900), "{change:?}");
        assert!(error.to_string().contains(change.name()), "{error}");
    }
    let error = hand(
        &mut w,
        "org",
        HandChange::LowerHands {
            participants: vec![id("a1"), id("nobody")],
        },
    )
    .unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (404, 46903));
    let main = w.main_id("org");
    assert_eq!(
        raised(&w, "org", &main),
        ["a1 #1", "a2 #2"],
        "refused changes change nothing"
    );

    hand(
        &mut w,
        "org",
        HandChange::LowerHands {
            participants: vec![id("a1")],
        },
    )
    .unwrap();
    assert_eq!(raised(&w, "a2", &w.main_id("a2")), ["a2 #2"]);
    hand(&mut w, "org", HandChange::LowerAll).unwrap();
    for name in ["org", "a1", "a2"] {
        assert!(raised(&w, name, &w.main_id(name)).is_empty(), "{name}");
    }
}

#[test]
fn a_hand_belongs_to_its_call_and_comes_down_when_its_owner_moves() {
    let mut w = meeting_with(3);
    w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    )
    .unwrap();
    let room = w.thread("Room 1");
    w.manage(
        "org",
        Command::AssignParticipants {
            thread_id: room,
            participants: vec![id("a1"), id("a2")],
        },
    )
    .unwrap();
    hand(&mut w, "a1", HandChange::Raise).unwrap();
    hand(&mut w, "a3", HandChange::Raise).unwrap();
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));

    // In main, a1's hand came down when a1 left for the room; a3's stays.
    let org_main = w.main_id("org");
    assert_eq!(raised(&w, "org", &org_main), ["a3 #2"]);
    assert!(hand_events(&w, "org", &org_main).contains(&"lowered a1".to_owned()));

    // In the room, hands are the room's own: nobody's is up, and raising one is seen only there.
    let a2_room = w.breakout_id("a2");
    assert!(raised(&w, "a2", &a2_room).is_empty());
    let a1_room = w.breakout_id("a1");
    w.run("a1", |c| c.hand(&a1_room, HandChange::Raise))
        .unwrap();
    assert_eq!(raised(&w, "a2", &a2_room), ["a1 #3"]);
    assert_eq!(raised(&w, "org", &org_main), ["a3 #2"]);

    // The main call is on hold while in a room: it is not where hands go up.
    let a1_main = w.main_id("a1");
    let error = w
        .client_mut("a1")
        .hand(&a1_main, HandChange::Raise)
        .unwrap_err();
    assert_eq!((error.code(), error.sub_code()), (412, 46909));

    // Back in main, a1 sees the hands up there now, and theirs in the room came down.
    // (closeRooms() warns first: the rooms close after the default 60 s.)
    let close = Command::CloseRooms {
        thread_ids: None,
        grace_seconds: None,
    };
    w.manage("org", close).unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    w.advance(60_000);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert_eq!(w.main_state("a1"), CallState::Connected);
    assert_eq!(raised(&w, "a1", &a1_main), ["a3 #2"]);
    assert!(raised(&w, "a2", &w.main_id("a2")) == ["a3 #2"]);
}

#[test]
fn a_newcomer_sees_the_hands_already_up() {
    let mut w = meeting_with(1);
    hand(&mut w, "a1", HandChange::Raise).unwrap();
    w.join("late", Role::Attendee);
    let main = w.main_id("late");
    assert_eq!(raised(&w, "late", &main), ["a1 #1"]);
    assert_eq!(hand_events(&w, "late", &main), ["raised a1 #1"]);
}

#[test]
fn leaving_the_meeting_lowers_the_hand() {
    let mut w = meeting_with(2);
    hand(&mut w, "a1", HandChange::Raise).unwrap();
    let main = w.main_id("a1");
    w.run("a1", |c| c.hang_up(&main)).unwrap();
    assert!(raised(&w, "a2", &w.main_id("a2")).is_empty());
    assert_eq!(
        hand_events(&w, "a2", &w.main_id("a2")),
        ["raised a1 #1", "lowered a1"]
    );
}
