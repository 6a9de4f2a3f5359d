//! Health, metrics, the static files, and a graceful stop.

use breakout_rooms::core::{Command, Role, RoomSpec};

use breakout_rooms::server::client::NativeClient;

use crate::harness::*;

#[tokio::test]
async fn healthz_metrics_and_the_demo_on_one_origin() {
    let server = Server::start(&[]);
    assert_eq!(get(&server, "/healthz"), (200, "ok\n".into()));
    let mut alice = join(&server, "meetingId:m", "alice", Role::Organizer).await;
    manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    )
    .await
    .unwrap();
    let (status, metrics) = get(&server, "/metrics");
    assert_eq!(status, 200);
    let value = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {metrics}"))
    };
    assert_eq!(value("breakout_rooms_connections"), 1.0);
    assert_eq!(value("breakout_rooms_meetings"), 1.0);
    assert!(value("breakout_rooms_messages_received_total") >= 2.0);
    assert!(value("breakout_rooms_messages_sent_total") >= 3.0);
    assert!(value("breakout_rooms_sent_bytes_total") >= 100.0);
    assert!(value("breakout_rooms_commits_total") >= 2.0);
    assert!(value("breakout_rooms_command_seconds_count") >= 2.0);
    assert!(metrics.contains("# TYPE breakout_rooms_command_seconds histogram"));
    // The page and the package, from the same origin as the sockets.
    let (status, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<html") || page.contains("<!doctype") || page.contains("<!DOCTYPE"));
    assert_eq!(get(&server, "/app.js").0, 200);
    assert_eq!(get(&server, "/no-such-file").0, 404);
    assert_eq!(get(&server, "/meeting?key=chat:x").0, 400);
}

#[tokio::test]
async fn sigterm_flushes_and_closes_every_socket_with_1012_and_keeps_the_meeting() {
    let mut server = Server::start(&[]);
    let key = "meetingId:term";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut bob = join(&server, key, "bob", Role::Attendee).await;
    let made = manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(3),
        },
    )
    .await
    .unwrap();
    let status = server.terminate();
    assert!(status.success(), "exit {status:?}: {}", server.stderr);
    assert_eq!(close_code(&mut alice).await, Some(1012));
    assert_eq!(close_code(&mut bob).await, Some(1012));
    // Back with everything it had.
    server.restart();
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    eventually(&mut alice, "the rooms list", |c| {
        c.breakout_rooms().is_some()
    })
    .await;
    let rooms = alice.client().breakout_rooms().unwrap();
    assert_eq!(rooms.len(), 3);
    assert_eq!(rooms[0].thread_id, made.rooms[0].thread_id);
    assert_eq!(alice.client().revision(), made.revision);
}

#[tokio::test]
async fn after_a_restart_a_participant_resumes_in_its_room_without_its_calls_ending() {
    let mut server = Server::start(&[]);
    let key = "meetingId:resume";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut bob = join(&server, key, "bob", Role::Attendee).await;
    let made = manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    )
    .await
    .unwrap();
    let room = made.rooms[0].thread_id.clone();
    let bob_id = bob.client().identifier().clone();
    manage(
        &mut alice,
        Command::AssignParticipants {
            thread_id: room.clone(),
            participants: vec![bob_id],
        },
    )
    .await
    .unwrap();
    manage(&mut alice, Command::OpenRooms { thread_ids: None })
        .await
        .unwrap();
    eventually(&mut bob, "bob in the room", |c| {
        in_room(c).as_ref() == Some(&room)
    })
    .await;
    let breakout = bob.client().breakout_call().unwrap().id.clone();
    server.terminate();
    assert_eq!(close_code(&mut bob).await, Some(1012));
    server.restart();
    bob.reconnect(&server.ws()).await.unwrap();
    let heard = bob.settle(std::time::Duration::from_millis(500)).await;
    assert!(
        bob.log
            .iter()
            .any(|m| matches!(m, breakout_rooms::core::HostMessage::Resynced { .. })),
        "bob was resynced"
    );
    // The same breakout call, still connected: nothing ended, nothing to announce.
    assert_eq!(in_room(bob.client()).as_ref(), Some(&room));
    assert_eq!(bob.client().breakout_call().unwrap().id, breakout);
    let call_events = heard.iter().filter(|r| {
        matches!(
            r,
            breakout_rooms::server::client::Received::Event(
                breakout_rooms::core::Event::StateChanged { .. }
            )
        )
    });
    assert_eq!(call_events.count(), 0, "{heard:?}");
}

/// One value from `/metrics`.
fn metric(server: &Server, name: &str) -> f64 {
    let (_, metrics) = get(server, "/metrics");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {metrics}"))
}

/// Polls `/metrics` until `name` reads `value`.
async fn metric_reaches(server: &Server, name: &str, value: f64) {
    let deadline = std::time::Instant::now() + WAIT;
    while metric(server, name) != value {
        assert!(
            std::time::Instant::now() < deadline,
            "{name} never reached {value}: {}",
            metric(server, name)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn create(rooms: u32) -> Command {
    Command::CreateRooms {
        rooms: RoomSpec::Count(rooms),
    }
}

/// A meeting nobody is connected to leaves memory after `--idle-meeting`; the next join
/// restores it from the database, whole, and its revision goes on.
#[tokio::test]
async fn an_idle_meeting_leaves_memory_and_comes_back_whole_on_the_next_join() {
    let server = Server::start(&["--idle-meeting", "1"]);
    let key = "meetingId:idle-then-back";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let revision = manage(&mut alice, create(2)).await.unwrap().revision;
    alice.close().await;
    metric_reaches(&server, "breakout_rooms_meetings_evicted_total", 1.0).await;
    assert_eq!(metric(&server, "breakout_rooms_meetings"), 0.0);

    let mut bob = join(&server, key, "bob", Role::Organizer).await;
    assert_eq!(metric(&server, "breakout_rooms_meetings"), 1.0);
    let outcome = manage(&mut bob, create(1)).await.unwrap();
    assert_eq!(outcome.revision, revision + 1, "the revision goes on");
    let rooms = bob
        .client()
        .breakout_rooms()
        .expect("a manager sees the rooms");
    assert_eq!(rooms.len(), 3, "the two rooms made before, and the new one");
}

/// `--max-meetings`: a join that would start one more meeting is refused with a typed
/// error; the meetings held are untouched, and once one leaves memory another may start.
#[tokio::test]
async fn a_join_that_would_hold_more_than_max_meetings_is_refused() {
    let server = Server::start(&["--max-meetings", "1", "--idle-meeting", "1"]);
    let mut alice = join(&server, "meetingId:first", "alice", Role::Organizer).await;
    let mut bob = NativeClient::connect(
        &server.ws(),
        "meetingId:second",
        Some(token("bob", Role::Organizer)),
        config("bob", Role::Organizer),
    )
    .await
    .unwrap();
    let error = rejected(&mut bob).await;
    assert_eq!((error.code(), error.sub_code()), (413, 46905));
    assert!(error.to_string().contains("meetings"), "{error}");
    assert_eq!(close_code(&mut bob).await, Some(1013));
    // The meeting held goes on, and more people may join it.
    let carol = join(&server, "meetingId:first", "carol", Role::Attendee).await;
    manage(&mut alice, create(1)).await.unwrap();
    alice.close().await;
    carol.close().await;
    metric_reaches(&server, "breakout_rooms_meetings", 0.0).await;
    let mut bob = join(&server, "meetingId:second", "bob", Role::Organizer).await;
    manage(&mut bob, create(1)).await.unwrap();
}
