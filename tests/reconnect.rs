//! Reconnect and resync (SPEC 9) through the virtual-clock world: a participant's transport
//! drops, what is in flight is lost, the meeting goes on, and the participant comes back on
//! a new connection. Their calls stay up through the grace period; the resync raises events
//! only for what changed; past the grace period every call ends.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::*;
use common::*;

const GRACE: u64 = RECONNECT_GRACE;
use breakout_rooms::core::host::RECONNECT_GRACE_MS as RECONNECT_GRACE;

/// Organizer, attendees a1 and a2, rooms "Room 1" (a1) and "Room 2" (a2), closed.
fn assigned() -> World {
    let mut w = World::new();
    w.join("org", Role::Organizer);
    w.join("a1", Role::Attendee);
    w.join("a2", Role::Attendee);
    w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    )
    .expect("create");
    for (room, who) in [("Room 1", "a1"), ("Room 2", "a2")] {
        let thread_id = w.thread(room);
        w.manage(
            "org",
            Command::AssignParticipants {
                thread_id,
                participants: vec![id(who)],
            },
        )
        .expect("assign");
    }
    w.clear_events();
    w
}

fn open_all(w: &mut World) {
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .expect("open");
}

fn in_room(w: &World, name: &str) -> Option<String> {
    w.client(name)
        .breakout_call()
        .filter(|c| c.state == CallState::Connected)
        .and_then(|c| c.thread_id.clone())
}

/// Events other than completions and remote participant news.
fn visible(w: &World, name: &str) -> Vec<Event> {
    w.events(name)
        .into_iter()
        .filter(|e| !matches!(e, Event::Completed { .. }))
        .collect()
}

#[test]
fn a_drop_and_a_quick_return_change_nothing_and_raise_nothing() {
    let mut w = assigned();
    open_all(&mut w);
    let thread = w.thread("Room 1");
    assert_eq!(in_room(&w, "a1"), Some(thread.clone()));
    w.clear_events();
    w.drop_transport("a1");
    w.advance_all(5_000);
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    assert_eq!(
        in_room(&w, "a1"),
        Some(thread.clone()),
        "the call outlives the drop"
    );
    assert_eq!(
        w.host.place_of(&id("a1")),
        Some(Place::Room {
            thread_id: thread.clone()
        }),
        "the host keeps the place while a1 is away"
    );
    w.reconnect("a1");
    assert_eq!(in_room(&w, "a1"), Some(thread));
    assert_eq!(
        visible(&w, "a1"),
        vec![],
        "nothing changed, so nothing is raised"
    );
    assert_eq!(visible(&w, "org"), vec![], "the others saw nothing either");
}

#[test]
fn dropped_during_open_the_resync_moves_the_participant_in() {
    let mut w = assigned();
    w.drop_transport("a1");
    open_all(&mut w);
    assert_eq!(in_room(&w, "a2"), Some(w.thread("Room 2")));
    assert_eq!(in_room(&w, "a1"), None, "a1 heard nothing while away");
    w.reconnect("a1");
    let thread = w.thread("Room 1");
    assert_eq!(
        in_room(&w, "a1"),
        Some(thread.clone()),
        "auto-move after resync"
    );
    let events = visible(&w, "a1");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::AssignedBreakoutRooms(Some(r)) if r.is_open())),
        "the room's opening is raised: {events:?}"
    );
    assert!(events.iter().any(|e| matches!(e, Event::Join { .. })));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::BreakoutRoomsSettings(_))),
        "settings did not change, so no settings event: {events:?}"
    );
}

#[test]
fn dropped_during_a_reassignment_the_resync_moves_rooms() {
    let mut w = assigned();
    open_all(&mut w);
    w.clear_events();
    w.drop_transport("a1");
    let room2 = w.thread("Room 2");
    w.manage(
        "org",
        Command::AssignParticipants {
            thread_id: room2.clone(),
            participants: vec![id("a1")],
        },
    )
    .expect("reassign");
    assert_eq!(
        w.host.place_of(&id("a1")),
        Some(Place::Main),
        "the host moved a1 out of Room 1"
    );
    w.reconnect("a1");
    assert_eq!(in_room(&w, "a1"), Some(room2));
    let mut others: Vec<String> = w
        .client("a1")
        .remote_participants(&w.breakout_id("a1"))
        .into_iter()
        .map(|m| m.display_name)
        .collect();
    others.sort();
    assert_eq!(others, vec!["a2"], "a1 sees who is in Room 2");
}

#[test]
fn dropped_during_close_the_breakout_call_ends_on_resync() {
    let mut w = assigned();
    open_all(&mut w);
    w.clear_events();
    w.drop_transport("a1");
    let close = Command::CloseRooms {
        thread_ids: None,
        grace_seconds: Some(0),
    };
    w.manage("org", close).expect("close");
    assert_eq!(
        w.breakout_state("a1"),
        Some(CallState::Connected),
        "a1 has not heard yet"
    );
    w.reconnect("a1");
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert_eq!(
        w.main_state("a1"),
        CallState::Connected,
        "back in the main meeting"
    );
    let states: Vec<CallState> = w
        .events("a1")
        .into_iter()
        .filter_map(|e| match e {
            Event::StateChanged { state, .. } => Some(state),
            _ => None,
        })
        .collect();
    assert_eq!(
        states,
        vec![
            CallState::Disconnecting,
            CallState::Disconnected,
            CallState::Connected
        ]
    );
}

#[test]
fn past_the_grace_period_every_call_ends_and_the_host_lets_go() {
    let mut w = assigned();
    open_all(&mut w);
    w.clear_events();
    w.drop_transport("a1");
    w.advance_all(GRACE - 1);
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    assert!(w.host.present().any(|p| *p == id("a1")));
    w.advance_all(1);
    assert_eq!(w.main_state("a1"), CallState::Disconnected);
    assert_eq!(w.breakout_state("a1"), Some(CallState::Disconnected));
    assert!(
        w.client("a1").main_call().end_reason.is_some(),
        "a callEndReason says why"
    );
    assert!(w.events("a1").contains(&Event::ConnectionLost));
    assert!(
        !w.host.present().any(|p| *p == id("a1")),
        "the host gave up on a1"
    );
    assert_eq!(
        w.host.assignment_of(&id("a1")),
        Some(w.thread("Room 1")),
        "the assignment stays for when a1 comes back"
    );
}

#[test]
fn a_request_lost_in_flight_is_resent_and_runs_once() {
    let mut w = assigned();
    let op = w
        .client_mut("org")
        .manage(
            Command::CreateRooms {
                rooms: RoomSpec::Count(1),
            },
            None,
        )
        .expect("starts");
    // Delivered to the host, but the answer is lost with the transport.
    let peer = w.people[w.index("org")].peer;
    let message = w.client_mut("org").poll_transmit().expect("the request");
    w.host.handle_message(w.now, peer, message);
    w.drop_transport("org");
    assert_eq!(w.rooms().len(), 3);
    w.reconnect("org");
    assert_eq!(w.rooms().len(), 3, "the resent request did not run twice");
    match w.completion("org", op) {
        Some(Ok(Completion::Managed(outcome))) => assert_eq!(outcome.rooms.len(), 1),
        other => panic!("the operation completes with its first answer: {other:?}"),
    }
}

#[test]
fn a_request_that_never_arrived_is_resent_and_runs() {
    let mut w = assigned();
    w.drop_transport("org");
    let op = w
        .client_mut("org")
        .manage(Command::OpenRooms { thread_ids: None }, None)
        .expect("starts while reconnecting");
    w.reconnect("org");
    assert!(matches!(
        w.completion("org", op),
        Some(Ok(Completion::Managed(_)))
    ));
    assert_eq!(in_room(&w, "a1"), Some(w.thread("Room 1")));
}

#[test]
fn duplicated_messages_across_a_reconnect_change_nothing() {
    let mut w = assigned();
    open_all(&mut w);
    // a1 asks to go back; the host runs it, the answer is lost, and a1 resends it.
    let op = w.client_mut("a1").return_to_main_meeting().expect("starts");
    let peer = w.people[w.index("a1")].peer;
    let message = w.client_mut("a1").poll_transmit().expect("returnToMain");
    w.host.handle_message(w.now, peer, message.clone());
    w.drop_transport("a1");
    w.reconnect("a1");
    assert!(matches!(w.completion("a1", op), Some(Ok(_))));
    assert_eq!(w.main_state("a1"), CallState::Connected);
    // The same message arrives once more, late: nothing moves.
    let peer = w.people[w.index("a1")].peer;
    let before = w.host.revision();
    w.host.handle_message(w.now, peer, message);
    w.drive();
    assert_eq!(w.host.place_of(&id("a1")), Some(Place::Main));
    assert_eq!(w.host.revision(), before);
    // And a host message delivered twice raises nothing the second time.
    let assignment = HostMessage::Assignment {
        room: w.client("a1").assigned_breakout_room(),
    };
    w.clear_events();
    w.client_mut("a1").handle_message(assignment);
    w.drive();
    assert_eq!(visible(&w, "a1"), vec![]);
}

#[test]
fn a_manager_resynced_sees_rooms_made_while_away() {
    let mut w = assigned();
    w.join("co", Role::CoOrganizer);
    w.clear_events();
    w.drop_transport("co");
    w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Late".into()]),
        },
    )
    .expect("create");
    w.reconnect("co");
    let rooms = w
        .client("co")
        .breakout_rooms()
        .expect("a manager sees rooms");
    assert_eq!(rooms.len(), 3);
    let raised: Vec<Event> = visible(&w, "co")
        .into_iter()
        .filter(|e| matches!(e, Event::BreakoutRooms(_)))
        .collect();
    assert_eq!(raised.len(), 1, "one breakoutRooms event for the change");
}

#[test]
fn a_new_page_of_someone_away_joins_as_a_newcomer() {
    let mut w = assigned();
    open_all(&mut w);
    w.drop_transport("a1");
    // A reloaded page: a new client for the same person joins (not resuming).
    let twin = w.add("a1", Role::Attendee);
    w.people[twin].name = "a1 again".into();
    w.drive();
    assert!(w.client("a1 again").main_call().state.is_live());
    // As any newcomer with an open assigned room: auto-moved in.
    assert_eq!(in_room(&w, "a1 again"), Some(w.thread("Room 1")));
    assert_eq!(w.host.poll_timeout(), None, "no grace is pending any more");
}

#[test]
fn coming_back_after_the_host_let_go_rejoins_and_resyncs() {
    let mut w = assigned();
    open_all(&mut w);
    w.drop_transport("a1");
    // The host's grace ends before the client's (its clock ran ahead).
    w.now += GRACE;
    w.host.handle_timeout(w.now);
    w.drive();
    assert!(!w.host.present().any(|p| *p == id("a1")));
    w.reconnect("a1");
    assert!(w.host.present().any(|p| *p == id("a1")));
    assert!(w.main_state("a1").is_live(), "the main call never ended");
    // The host has a1 in the main meeting, and the room is open: auto-move does not pull
    // back someone the host put in main, so the breakout call follows the host.
    assert_eq!(
        w.host.place_of(&id("a1")),
        w.client("a1")
            .breakout_call()
            .filter(|c| c.state == CallState::Connected)
            .map_or(Some(Place::Main), |c| Some(Place::Room {
                thread_id: c.thread_id.clone().unwrap()
            }))
    );
}

// ----- properties: loss, duplicates and late messages across reconnects -----

mod random {
    use super::*;
    use proptest::prelude::*;

    const ATTENDEES: [&str; 3] = ["a1", "a2", "a3"];

    #[derive(Clone, Debug)]
    pub enum Step {
        Create(u32),
        Auto(u64),
        Open,
        /// `closeRooms()`: at once (`graceSeconds: 0`), or with the default warning (60 s,
        /// longer than any run here, so it stays pending through drops and resumes).
        Close {
            at_once: bool,
        },
        Return(usize),
        Join(usize),
        /// A participant's transport drops (0 is the organizer); `late` keeps what was in flight.
        Drop(usize, bool),
        Reconnect(usize),
        Advance(u64),
    }

    pub fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            1 => (1..3u32).prop_map(Step::Create),
            1 => any::<u64>().prop_map(Step::Auto),
            2 => Just(Step::Open),
            1 => any::<bool>().prop_map(|at_once| Step::Close { at_once }),
            1 => (0..3usize).prop_map(Step::Return),
            1 => (0..3usize).prop_map(Step::Join),
            2 => (0..4usize, any::<bool>()).prop_map(|(w, late)| Step::Drop(w, late)),
            2 => (0..4usize).prop_map(Step::Reconnect),
            1 => (0..20_000u64).prop_map(Step::Advance),
        ]
    }

    fn name(who: usize) -> &'static str {
        if who == 0 {
            "org"
        } else {
            ATTENDEES[who - 1]
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Whatever was lost, duplicated or delivered late, once everyone is back and the
        /// world settles, every client agrees with the host; every operation completed once;
        /// and no management request ran twice.
        #[test]
        fn clients_converge_with_the_host(steps in prop::collection::vec(step(), 1..40)) {
            let mut w = World::new();
            w.join("org", Role::Organizer);
            for a in ATTENDEES {
                w.join(a, Role::Attendee);
            }
            let mut ops: Vec<(&'static str, OpId)> = Vec::new();
            let mut late = Vec::new();
            let mut managed = 0u64;
            let mut elapsed = 0;
            for step in steps {
                let online = |w: &World, who: &str| w.people[w.index(who)].online;
                match step {
                    Step::Create(n) => {
                        let op = w.client_mut("org").manage(Command::CreateRooms { rooms: RoomSpec::Count(n) }, None);
                        if let Ok(op) = op { ops.push(("org", op)); managed += 1; }
                    }
                    Step::Auto(seed) => {
                        let op = w.client_mut("org").manage(Command::AssignAutomatically { seed: Some(seed) }, None);
                        if let Ok(op) = op { ops.push(("org", op)); managed += 1; }
                    }
                    Step::Open | Step::Close { .. } => {
                        let command = match step {
                            Step::Close { at_once } => Command::CloseRooms {
                                thread_ids: None,
                                grace_seconds: at_once.then_some(0),
                            },
                            _ => Command::OpenRooms { thread_ids: None },
                        };
                        if let Ok(op) = w.client_mut("org").manage(command, None) { ops.push(("org", op)); managed += 1; }
                    }
                    Step::Return(a) => {
                        if let Ok(op) = w.client_mut(ATTENDEES[a]).return_to_main_meeting() { ops.push((ATTENDEES[a], op)); }
                    }
                    Step::Join(a) => {
                        if let Ok(op) = w.client_mut(ATTENDEES[a]).join_breakout_room() { ops.push((ATTENDEES[a], op)); }
                    }
                    Step::Drop(who, keep) if online(&w, name(who)) => {
                        if keep {
                            late.push(w.drop_transport_late(name(who)));
                        } else {
                            w.drop_transport(name(who));
                        }
                    }
                    Step::Reconnect(who) if !online(&w, name(who)) => {
                        w.reconnect(name(who));
                        // What the dead connection still carried arrives after the resume.
                        for batch in std::mem::take(&mut late) {
                            w.deliver_late(batch);
                        }
                    }
                    // Within the grace period overall: the properties are about coming back.
                    Step::Advance(ms) if elapsed + ms < GRACE => {
                        elapsed += ms;
                        w.advance_all(ms);
                    }
                    Step::Advance(_) => {}
                    Step::Drop(..) | Step::Reconnect(_) => {}
                }
                w.drive();
            }
            for who in 0..4 {
                if !w.people[w.index(name(who))].online {
                    w.reconnect(name(who));
                }
            }
            for batch in late {
                w.deliver_late(batch);
            }
            w.drive();
            // Nobody was away past the grace period, so every call is still up...
            for who in 0..4 {
                let n = name(who);
                prop_assert!(w.main_state(n).is_live(), "{}'s main call is {:?}", n, w.main_state(n));
            }
            // ...and each client agrees with the host.
            let host_rooms: Vec<RoomView> = w.rooms();
            let org_rooms: Vec<RoomView> = w.client("org").breakout_rooms().unwrap_or_default().iter().map(|r| RoomView::clone(r)).collect();
            prop_assert_eq!(org_rooms, host_rooms.clone());
            for a in ATTENDEES {
                let client = w.client(a);
                prop_assert_eq!(
                    client.assigned_breakout_room().map(|r| r.thread_id.clone()),
                    w.host.assignment_of(&id(a)),
                    "{}'s assignment", a
                );
                let inside = client.breakout_call().filter(|c| c.state.is_active()).and_then(|c| c.thread_id.clone());
                let place = match w.host.place_of(&id(a)) {
                    Some(Place::Room { thread_id }) => Some(thread_id),
                    _ => None,
                };
                prop_assert_eq!(inside, place, "where {} is", a);
            }
            // Every operation completed exactly once.
            for (who, op) in &ops {
                let done = w.events(who).iter().filter(|e| matches!(e, Event::Completed { op: o, .. } if o == op)).count();
                prop_assert_eq!(done, 1, "{}'s {:?} completed {} times", who, op, done);
            }
            // No request ran twice: the revision moved at most once per request.
            prop_assert!(w.host.revision() <= managed, "revision {} after {} requests", w.host.revision(), managed);
        }
    }
}

#[test]
fn a_resume_after_a_newer_join_takes_the_place_and_the_newer_client_is_told() {
    let mut w = assigned();
    open_all(&mut w);
    w.drop_transport("a1");
    // While a1's phone is away, a1 joins from a laptop: the laptop has the place.
    let laptop = w.add("a1", Role::Attendee);
    w.people[laptop].name = "a1 laptop".into();
    w.drive();
    assert!(w.client("a1 laptop").main_call().state.is_live());
    // The phone comes back and resumes: the newest connection has the place, as for any
    // join, and the laptop is told its calls ended and why (it was not told before).
    w.reconnect("a1");
    assert!(w.main_state("a1").is_live());
    assert_eq!(in_room(&w, "a1"), Some(w.thread("Room 1")));
    let laptop = w.client("a1 laptop");
    assert_eq!(laptop.main_call().state, CallState::Disconnected);
    let reason = laptop.main_call().end_reason.clone().expect("a reason");
    assert_eq!((reason.code(), reason.sub_code()), (409, 46915));
    assert_eq!(w.host.present().filter(|p| **p == id("a1")).count(), 1);
}
