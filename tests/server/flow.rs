//! The whole breakout flow over real sockets: join, manage, open, move, close, return,
//! and the room end time, with an organizer and attendees on native clients.

use breakout_rooms::core::protocol::HostMessage;
use breakout_rooms::core::{CallState, Command, Role, RoomSpec, SettingsPatch};

use crate::harness::*;

#[tokio::test]
async fn join_manage_open_move_close_return_and_room_end_time() {
    let server = Server::start(&[]);
    let key = "meetingLink:https://example.test/meet/workshop";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut bob = join(&server, key, "bob", Role::Attendee).await;
    let mut carol = join(&server, key, "carol", Role::Attendee).await;
    let (bob_id, carol_id) = (
        bob.client().identifier().clone(),
        carol.client().identifier().clone(),
    );

    let made = manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
        },
    )
    .await
    .unwrap();
    let (red, blue) = (
        made.rooms[0].thread_id.clone(),
        made.rooms[1].thread_id.clone(),
    );
    manage(
        &mut alice,
        Command::AssignParticipants {
            thread_id: red.clone(),
            participants: vec![bob_id.clone()],
        },
    )
    .await
    .unwrap();
    manage(
        &mut alice,
        Command::AssignParticipants {
            thread_id: blue.clone(),
            participants: vec![carol_id.clone()],
        },
    )
    .await
    .unwrap();
    manage(&mut alice, Command::OpenRooms { thread_ids: None })
        .await
        .unwrap();

    // Auto-move: each attendee's client moves into its room by itself.
    eventually(&mut bob, "bob in Red", |c| {
        in_room(c).as_ref() == Some(&red)
    })
    .await;
    eventually(&mut carol, "carol in Blue", |c| {
        in_room(c).as_ref() == Some(&blue)
    })
    .await;
    assert_eq!(main_state(bob.client()), CallState::LocalHold);

    // Reassigned while inside: bob moves to Blue.
    manage(
        &mut alice,
        Command::AssignParticipants {
            thread_id: blue.clone(),
            participants: vec![bob_id.clone()],
        },
    )
    .await
    .unwrap();
    eventually(&mut bob, "bob moved to Blue", |c| {
        in_room(c).as_ref() == Some(&blue)
    })
    .await;

    // Carol returns early by herself.
    let op = carol.client_mut().return_to_main_meeting().unwrap();
    carol.flush().await.unwrap();
    eventually(&mut carol, "carol back in main", |c| {
        c.breakout_call()
            .is_some_and(|b| b.state == CallState::Disconnected)
            && main_state(c) == CallState::Connected
    })
    .await;
    let _ = op;

    // Closing the rooms warns the people inside first (SPEC 11), for the meeting's
    // closingWarningSeconds (1 s here); then the server's timer brings bob back.
    manage(
        &mut alice,
        Command::UpdateSettings {
            settings: SettingsPatch {
                closing_warning_seconds: Some(1),
                ..SettingsPatch::default()
            },
        },
    )
    .await
    .unwrap();
    let asked = now_ms();
    manage(
        &mut alice,
        Command::CloseRooms {
            thread_ids: None,
            grace_seconds: None,
        },
    )
    .await
    .unwrap();
    eventually(&mut bob, "bob is told when Blue closes", |c| {
        c.closing(&blue).is_some()
    })
    .await;
    let closes_at = bob.client().closing(&blue).expect("told");
    assert!(
        (asked + 1_000..=now_ms() + 1_000).contains(&closes_at),
        "closes a second after it was asked: {closes_at} (asked at {asked})"
    );
    eventually(&mut bob, "bob back after close", |c| {
        in_room(c).is_none() && main_state(c) == CallState::Connected
    })
    .await;
    assert!(now_ms() >= closes_at, "not before the warning is over");

    // The room end time closes them again, host-side.
    manage(&mut alice, Command::OpenRooms { thread_ids: None })
        .await
        .unwrap();
    eventually(&mut bob, "bob in Blue again", |c| {
        in_room(c).as_ref() == Some(&blue)
    })
    .await;
    let end = now_ms() + 1_500;
    manage(
        &mut alice,
        Command::UpdateSettings {
            settings: SettingsPatch {
                room_end_time: Some(Some(end)),
                ..SettingsPatch::default()
            },
        },
    )
    .await
    .unwrap();
    eventually(&mut bob, "the end time sends bob back", |c| {
        in_room(c).is_none() && main_state(c) == CallState::Connected
    })
    .await;
    assert!(now_ms() >= end, "not before the end time");
    eventually(&mut alice, "alice sees every room closed", |c| {
        c.breakout_rooms()
            .is_some_and(|rooms| rooms.iter().all(|r| !r.is_open()))
    })
    .await;

    // Attendees never heard of the rooms list or anyone else's room.
    for attendee in [&bob, &carol] {
        assert!(!attendee
            .log
            .iter()
            .any(|m| matches!(m, HostMessage::Rooms { .. })));
    }
}

#[tokio::test]
async fn a_connection_with_presence_0_is_never_sent_who_comes_and_goes() {
    let server = Server::start(&[]);
    let key = "meetingId:quiet";
    let mut watcher = join(&server, key, "alice", Role::Organizer).await;
    let options = breakout_rooms::server::client::Options {
        no_presence: true,
        ..Default::default()
    };
    let mut quiet = breakout_rooms::server::client::NativeClient::connect_with(
        &server.ws(),
        key,
        &options,
        Some(token("bob", Role::Attendee)),
        config("bob", Role::Attendee),
    )
    .await
    .unwrap();
    connected(&mut quiet).await;
    let _carol = join(&server, key, "carol", Role::Attendee).await;
    eventually(&mut watcher, "alice sees both", |c| {
        c.remote_participant_count(&c.main_call().id) == 2
    })
    .await;
    quiet.settle(std::time::Duration::from_millis(300)).await;
    assert!(!quiet
        .log
        .iter()
        .any(|m| matches!(m, HostMessage::Presence { .. })));
    assert!(watcher
        .log
        .iter()
        .any(|m| matches!(m, HostMessage::Presence { .. })));
}

/// Whom a client's main call lists, by user, and its head count.
fn main_listing(c: &breakout_rooms::core::Client) -> (Vec<String>, usize) {
    let call = c.main_call().id.clone();
    let mut listed: Vec<String> = c
        .remote_participants(&call)
        .iter()
        .map(|m| m.identifier.raw_id())
        .collect();
    listed.sort();
    (listed, c.total_participant_count(&call))
}

fn users(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// SPEC 8 with the server's `--max-visible-participants`: past the cap a place lists the
/// first few (the organizer first, then by arrival) and counts everyone; when a listed
/// participant leaves, the next one is listed; a restart with a bigger cap lists
/// everyone to the clients that resume.
#[tokio::test]
async fn past_the_servers_cap_a_place_lists_the_first_few_and_counts_everyone() {
    let mut server = Server::start(&[
        "--max-visible-participants",
        "3",
        "--visible-refresh-ms",
        "100",
    ]);
    let key = "meetingId:big";
    let mut bob = join(&server, key, "bob", Role::Attendee).await;
    let mut carol = join(&server, key, "carol", Role::Attendee).await;
    let mut dave = join(&server, key, "dave", Role::Attendee).await;
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut erin = join(&server, key, "erin", Role::Attendee).await;
    // The organizer stands first though she came fourth; then bob and carol, who came first.
    eventually(&mut erin, "erin lists three, counts five", |c| {
        main_listing(c) == (users(&["alice", "bob", "carol"]), 5)
    })
    .await;
    eventually(&mut alice, "alice lists two, counts five", |c| {
        main_listing(c) == (users(&["bob", "carol"]), 5)
    })
    .await;
    eventually(&mut dave, "dave lists three, counts five", |c| {
        main_listing(c) == (users(&["alice", "bob", "carol"]), 5)
    })
    .await;

    // Bob hangs up: dave, next by arrival, is listed in his place.
    let main = bob.client().main_call().id.clone();
    bob.client_mut().hang_up(&main).unwrap();
    bob.flush().await.unwrap();
    eventually(&mut erin, "erin lists dave after bob", |c| {
        main_listing(c) == (users(&["alice", "carol", "dave"]), 4)
    })
    .await;
    eventually(&mut carol, "carol lists dave after bob", |c| {
        main_listing(c) == (users(&["alice", "dave"]), 4)
    })
    .await;

    // The restored meeting takes the restarted server's cap: everyone is listed again.
    server.terminate();
    server.restart_with(&["--max-visible-participants", "10"]);
    for (client, want) in [
        (&mut alice, users(&["carol", "dave", "erin"])),
        (&mut carol, users(&["alice", "dave", "erin"])),
        (&mut erin, users(&["alice", "carol", "dave"])),
    ] {
        client.reconnect(&server.ws()).await.unwrap();
        eventually(client, "everyone listed after the restart", |c| {
            main_listing(c) == (want.clone(), 4)
        })
        .await;
    }
}

#[tokio::test]
async fn messages_of_every_frame_length_arrive_whole() {
    let server = Server::start(&[]);
    let key = "meetingId:big-rooms";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    // Answers of under 126 bytes, under 64 KiB and over it: the three lengths a frame's
    // header can carry. Names with two- and four-byte characters.
    for (count, at_least) in [(1, 0), (60, 126), (700, 65_536)] {
        let names: Vec<String> = (0..count)
            .map(|i| format!("Salle é {i} 😀 Raum{}", "x".repeat(count / 10)))
            .collect();
        alice.log.clear();
        let made = manage(
            &mut alice,
            // Each time in place of the rooms before: at most 1,000 rooms per meeting.
            Command::RecreateRooms {
                rooms: RoomSpec::Names(names.clone()),
            },
        )
        .await
        .unwrap();
        let got: Vec<&str> = made.rooms.iter().map(|r| r.display_name.as_str()).collect();
        assert_eq!(got, names);
        let answer = alice
            .log
            .iter()
            .find(|m| matches!(m, HostMessage::Reply { .. }))
            .expect("the answer is in the log");
        let size = breakout_rooms::core::protocol::encode(answer)
            .unwrap()
            .len();
        assert!(size >= at_least, "{count} rooms: {size} bytes");
    }
}
