//! Crash safety: `kill -9` at seeded random points of a scripted meeting loses no change
//! whose reply reached a client; the revision stays continuous; SQLite is never left
//! corrupt; a room end time that passed while the server was down fires at once on start.

use std::time::Duration;

use breakout_rooms::core::{Command, Identifier, Role, RoomSpec, SettingsPatch};
use breakout_rooms::server::client::{NativeClient, Received};

use crate::harness::*;

const KEY: &str = "meetingId:crash";

/// What the organizer believes: rooms in creation order, a setting, bob's room.
#[derive(Clone, Debug, PartialEq)]
struct Model {
    /// (threadId if known, name, open)
    rooms: Vec<(Option<String>, String, bool)>,
    disable_return: bool,
    /// Index into `rooms`.
    bob_in: Option<usize>,
    revision: u64,
}

/// A command and what it does to the model.
#[derive(Clone, Debug)]
enum Step {
    Create(String),
    Rename(usize, String),
    Toggle(usize),
    Setting,
    Assign(Option<usize>),
}

impl Step {
    fn pick(rng: &mut fastrand::Rng, model: &Model, n: usize) -> Step {
        let known: Vec<usize> = (0..model.rooms.len())
            .filter(|i| model.rooms[*i].0.is_some())
            .collect();
        if known.is_empty() || model.rooms.len() < 2 && rng.bool() {
            return Step::Create(format!("r{n}"));
        }
        let room = known[rng.usize(..known.len())];
        match rng.u8(..5) {
            0 if model.rooms.len() < 30 => Step::Create(format!("r{n}")),
            0 | 1 => Step::Rename(room, format!("n{n}")),
            2 => Step::Toggle(room),
            3 => Step::Setting,
            _ => Step::Assign(if model.bob_in == Some(room) {
                None
            } else {
                Some(room)
            }),
        }
    }

    fn command(&self, model: &Model, bob: &Identifier) -> Command {
        let thread = |i: usize| model.rooms[i].0.clone().expect("a known room");
        match self {
            Step::Create(name) => Command::CreateRooms {
                rooms: RoomSpec::Names(vec![name.clone()]),
            },
            Step::Rename(i, name) => Command::RenameRoom {
                thread_id: thread(*i),
                display_name: name.clone(),
            },
            Step::Toggle(i) if model.rooms[*i].2 => Command::CloseRooms {
                thread_ids: Some(vec![thread(*i)]),
                grace_seconds: Some(0),
            },
            Step::Toggle(i) => Command::OpenRooms {
                thread_ids: Some(vec![thread(*i)]),
            },
            Step::Setting => Command::UpdateSettings {
                settings: SettingsPatch {
                    disable_return_to_main_meeting: Some(!model.disable_return),
                    ..SettingsPatch::default()
                },
            },
            Step::Assign(Some(i)) => Command::AssignParticipants {
                thread_id: thread(*i),
                participants: vec![bob.clone()],
            },
            Step::Assign(None) => Command::UnassignParticipants {
                participants: vec![bob.clone()],
            },
        }
    }

    fn apply(&self, model: &Model, created: Option<String>) -> Model {
        let mut next = model.clone();
        match self {
            Step::Create(name) => next.rooms.push((created, name.clone(), false)),
            Step::Rename(i, name) => next.rooms[*i].1 = name.clone(),
            Step::Toggle(i) => next.rooms[*i].2 = !next.rooms[*i].2,
            Step::Setting => next.disable_return = !next.disable_return,
            Step::Assign(room) => next.bob_in = *room,
        }
        next.revision += 1;
        next
    }
}

/// The meeting as the server has it, read by a manager who just joined.
async fn observed(server: &Server, bob: &Identifier) -> (Model, NativeClient) {
    let mut alice = join(server, KEY, "alice", Role::Organizer).await;
    eventually(&mut alice, "rooms and settings", |c| {
        c.breakout_rooms().is_some() && c.settings().is_some()
    })
    .await;
    let client = alice.client();
    let rooms = client.breakout_rooms().unwrap_or_default();
    let bob_in = rooms
        .iter()
        .position(|r| r.invitees.as_ref().is_some_and(|i| i.contains(bob)));
    let model = Model {
        rooms: rooms
            .iter()
            .map(|r| {
                (
                    Some(r.thread_id.clone()),
                    r.display_name.clone(),
                    r.is_open(),
                )
            })
            .collect(),
        disable_return: client
            .settings()
            .is_some_and(|s| s.disable_return_to_main_meeting),
        bob_in,
        revision: client.revision(),
    };
    (model, alice)
}

/// Names, states, setting, assignment and revision: the thread ids the model may not know.
fn same(a: &Model, b: &Model) -> bool {
    let strip = |m: &Model| {
        (
            m.rooms
                .iter()
                .map(|r| (r.1.clone(), r.2))
                .collect::<Vec<_>>(),
            m.disable_return,
            m.bob_in,
            m.revision,
        )
    };
    strip(a) == strip(b)
}

fn integrity(server: &Server) {
    let db = rusqlite::Connection::open(server.database()).expect("the database opens");
    let verdict: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check runs");
    assert_eq!(verdict, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_20_seeded_points_loses_no_acknowledged_change() {
    // Snapshots every 25 inputs, so kills also land around compactions.
    let mut server = Server::start(&["--compact-every", "25"]);
    let mut rng = fastrand::Rng::with_seed(12);
    let bob_id = Identifier::communication_user("bob");
    let mut alice = join(&server, KEY, "alice", Role::Organizer).await;
    let _bob = join(&server, KEY, "bob", Role::Attendee).await;
    let mut model = Model {
        rooms: Vec::new(),
        disable_return: false,
        bob_in: None,
        revision: 0,
    };
    let mut n = 0;
    let (mut lost_in_flight, mut kept_in_flight) = (0, 0);
    for point in 0..20 {
        // The kill lands somewhere in the next few commands: before a commit, between the
        // commit and the reply, or while the reply is on its way.
        let pid = server.pid();
        let delay = Duration::from_micros(rng.u64(0..40_000));
        let killer = std::thread::spawn(move || {
            std::thread::sleep(delay);
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
        });
        let in_flight = loop {
            n += 1;
            let step = Step::pick(&mut rng, &model, n);
            let command = step.command(&model, &bob_id);
            let Ok(op) = alice.client_mut().manage(command, None) else {
                break Some(step);
            };
            if alice.flush().await.is_err() {
                break Some(step);
            }
            let reply = alice
                .until(WAIT, |r| match r {
                    Received::Event(breakout_rooms::core::Event::Completed {
                        op: done,
                        result,
                    }) if *done == op => Some(result.clone()),
                    _ => None,
                })
                .await;
            match reply {
                Ok(Ok(breakout_rooms::core::Completion::Managed(outcome))) => {
                    let created = outcome.rooms.first().map(|r| r.thread_id.clone());
                    model = step.apply(&model, created);
                    assert_eq!(
                        outcome.revision, model.revision,
                        "point {point}: the revision is continuous"
                    );
                }
                // The socket dropped with the command unanswered: it may or may not be in.
                Ok(Err(_)) | Err(_) => break Some(step),
                Ok(Ok(other)) => panic!("unexpected completion {other:?}"),
            }
        };
        killer.join().expect("the killer thread");
        server.kill9();
        integrity(&server);
        server.restart();
        let (seen, fresh) = observed(&server, &bob_id).await;
        let with_it = in_flight.as_ref().map(|s| s.apply(&model, None));
        if same(&seen, &model) {
            // The last command was not committed: nobody heard of it, and it is not there.
            lost_in_flight += 1;
        } else if let Some(applied) = with_it.filter(|m| same(&seen, m)) {
            // Committed, but the reply did not make it out: it is there.
            kept_in_flight += 1;
            model = applied;
        } else {
            panic!("point {point}: after the restart the meeting is\n{seen:?}\nbut the acknowledged state is\n{model:?}\n(in flight: {in_flight:?})");
        }
        // Learn the thread ids of rooms made by a command whose reply was lost.
        for (mine, theirs) in model.rooms.iter_mut().zip(&seen.rooms) {
            mine.0 = theirs.0.clone();
        }
        alice = fresh;
        // Bob comes back too and is told his room (resync).
        let mut bob = join(&server, KEY, "bob", Role::Attendee).await;
        let expected = model.bob_in.map(|i| model.rooms[i].0.clone().unwrap());
        eventually(&mut bob, "bob's assignment", |c| {
            c.assigned_breakout_room().map(|r| r.thread_id.clone()) == expected
        })
        .await;
    }
    assert!(
        model.revision >= 20,
        "the script made progress: revision {}",
        model.revision
    );
    // Compacted: the log holds what came after the latest snapshot, not the whole story.
    let db = rusqlite::Connection::open(server.database()).unwrap();
    let (logged, snapshot_seq): (i64, i64) = db
        .query_row(
            "SELECT (SELECT count(*) FROM inputs), snapshot_seq FROM meetings",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        snapshot_seq > 0 && logged < 25 + 512,
        "{logged} inputs logged after seq {snapshot_seq}"
    );
    eprintln!(
        "20 kills at revision {}: in-flight command absent after {lost_in_flight}, present after {kept_in_flight}",
        model.revision
    );
}

#[tokio::test]
async fn a_room_end_time_that_passed_while_down_fires_at_once_on_start() {
    let mut server = Server::start(&[]);
    let mut alice = join(&server, KEY, "alice", Role::Organizer).await;
    let mut bob = join(&server, KEY, "bob", Role::Attendee).await;
    let made = manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    )
    .await
    .unwrap();
    let room = made.rooms[0].thread_id.clone();
    manage(
        &mut alice,
        Command::AssignParticipants {
            thread_id: room.clone(),
            participants: vec![bob.client().identifier().clone()],
        },
    )
    .await
    .unwrap();
    manage(&mut alice, Command::OpenRooms { thread_ids: None })
        .await
        .unwrap();
    eventually(&mut bob, "bob in his room", |c| {
        in_room(c).as_ref() == Some(&room)
    })
    .await;
    let end = now_ms() + 800;
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
    server.kill9();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert!(now_ms() > end);
    server.restart();
    let mut alice = join(&server, KEY, "alice", Role::Organizer).await;
    eventually(&mut alice, "the rooms list", |c| {
        c.breakout_rooms().is_some() && c.settings().is_some()
    })
    .await;
    // Closed by the time anyone can ask, and the end time is spent.
    let rooms = alice.client().breakout_rooms().unwrap();
    assert!(rooms.iter().all(|r| !r.is_open()), "{rooms:?}");
    assert_eq!(alice.client().settings().unwrap().room_end_time, None);
    let mut bob = join(&server, KEY, "bob", Role::Attendee).await;
    eventually(&mut bob, "bob's room, closed", |c| {
        c.assigned_breakout_room().is_some_and(|r| !r.is_open())
    })
    .await;
    assert_eq!(in_room(bob.client()), None);
}
