//! Host-only benchmarks of the meeting engine at scale.
//!
//! No clients are simulated: draining [`Host::poll_transmit`] until it returns `None`
//! stands for producing every participant's update. Every transmit is counted and passed
//! through `black_box`, so the work of building the messages cannot be optimised away.
//!
//! * `assign_open_all/n=N/rooms=R`: a meeting of one organizer and `N` attendees (all
//!   joined, the host drained) with `R` closed rooms. Measured: `AssignAutomatically`,
//!   then `OpenRooms` for all rooms, then draining every transmit. The setup is rebuilt
//!   for every iteration (`iter_batched`, `BatchSize::LargeInput`) and not measured; the
//!   routine hands the host back so that dropping it is not measured either.
//! * `reassign_one/n=10000/rooms=100`: everyone assigned, every room open, everything
//!   drained. Measured: one `AssignParticipants` moving a single attendee to another
//!   room, then draining. Iterations alternate the attendee between its original room
//!   and a second one, so after every two iterations the meeting is exactly as it was
//!   (apart from the revision counter), and every iteration does the same work.
//!
//! * `local_joins/n=N`: `N` attendees join one [`LocalMeeting`] one by one, with a pump
//!   after each, as a page does (each client unwatched, as the web layer leaves a
//!   participant without a `remoteParticipantsUpdated` listener). Measured: every join.
//! * `local_open/n=N/rooms=R`: a [`LocalMeeting`] with an organizer, `N` attendees and `R`
//!   closed rooms. Measured: `AssignAutomatically` and `OpenRooms` from the organizer's
//!   client, then pumping until every attendee's breakout call is connected.
//!
//! * `assign_avoiding_repeats/n=10000/rooms=1000/rounds=10`: one organizer and 10,000
//!   attendees, and ten rounds behind them (each a `RecreateRooms(1000)` and an
//!   `assignAutomatically({ avoidRepeats: true })`; the meeting keeps ten rounds). Each
//!   iteration recreates the rooms and drains (not measured), then measures one more such
//!   assignment: `Host::execute`, which also queues every participant's update (SPEC 11's
//!   budget is 50 ms).
//!
//! Message counts and setup times are printed on stderr before each case.

use std::hint::black_box;
use std::time::{Duration, Instant};

use breakout_rooms::core::{
    CallState, ClientConfig, ClientMessage, Command, GroupingRules, Host, Identifier, Limits,
    LocalMeeting, MeetingConfig, MeetingKind, PeerId, Role, RoomSpec,
};
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput,
};

const NOW: u64 = 1_700_000_000_000;
const ORGANIZER: PeerId = PeerId(1);

fn attendee(i: usize) -> Identifier {
    Identifier::communication_user(format!("8:acs:a{i}"))
}

fn attendee_peer(i: usize) -> PeerId {
    PeerId(i as u64 + 1)
}

/// Drains every transmit, counting them and passing each through `black_box`.
fn drain(host: &mut Host) -> usize {
    let mut count = 0;
    while let Some(transmit) = host.poll_transmit() {
        black_box(transmit);
        count += 1;
    }
    count
}

fn run(host: &mut Host, command: &Command) {
    host.execute(NOW, ORGANIZER, command, None)
        .unwrap_or_else(|e| panic!("{} failed: {e}", command.name()));
}

/// Setup timings, to show that building the meeting is linear too.
#[derive(Default)]
struct SetupStats {
    join: Duration,
    join_drain: Duration,
    join_messages: usize,
    rooms: Duration,
    room_messages: usize,
}

/// One organizer and `attendees` attendees joined, then one drain; then `rooms` rooms
/// created and drained. Joins are all handled before the first drain, so presence in
/// the main meeting is published once, as one batch.
fn meeting(attendees: usize, rooms: u32, stats: &mut SetupStats) -> Host {
    let mut host = Host::new(MeetingConfig {
        limits: Limits {
            max_participants: attendees as u32 + 10,
            max_rooms: rooms,
            // Ten rounds of history, however many the grouping bench runs.
            max_rounds_kept: 10,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    });
    let start = Instant::now();
    host.handle_message(
        NOW,
        ORGANIZER,
        ClientMessage::Join {
            participant: Identifier::communication_user("8:acs:org"),
            display_name: "org".into(),
            role: Role::Organizer,
            resume: false,
            token: None,
        },
    );
    for i in 1..=attendees {
        host.handle_message(
            NOW,
            attendee_peer(i),
            ClientMessage::Join {
                participant: attendee(i),
                display_name: format!("a{i}"),
                role: Role::Attendee,
                resume: false,
                token: None,
            },
        );
    }
    let joined = Instant::now();
    stats.join_messages = drain(&mut host);
    let drained = Instant::now();
    run(
        &mut host,
        &Command::CreateRooms {
            rooms: RoomSpec::Count(rooms),
        },
    );
    stats.room_messages = drain(&mut host);
    stats.join = joined - start;
    stats.join_drain = drained - joined;
    stats.rooms = drained.elapsed();
    assert_eq!(host.present().count(), attendees + 1, "everyone joined");
    host
}

const ASSIGN: Command = Command::AssignAutomatically { seed: Some(7) };
const OPEN: Command = Command::OpenRooms { thread_ids: None };

/// The measured part of `assign_open_all`.
fn assign_open(host: &mut Host) -> usize {
    run(host, &ASSIGN);
    run(host, &OPEN);
    drain(host)
}

fn assign_open_all(c: &mut Criterion) {
    let mut group = c.benchmark_group("assign_open_all");
    // Each iteration needs a freshly built meeting: keep the iteration count small.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));
    for n in [1_000, 10_000, 100_000] {
        for rooms in [100, 1_000] {
            // One unmeasured run, to report the setup cost and the message count.
            let mut stats = SetupStats::default();
            let mut host = meeting(n, rooms, &mut stats);
            let start = Instant::now();
            let messages = assign_open(&mut host);
            let once = start.elapsed();
            eprintln!(
                "assign_open_all n={n} rooms={rooms}: setup join {:.1?} + drain {:.1?} \
                 ({} msgs) + create rooms {:.1?} ({} msgs); one measured run {:.1?}, \
                 {messages} msgs",
                stats.join,
                stats.join_drain,
                stats.join_messages,
                stats.rooms,
                stats.room_messages,
                once,
            );
            drop(host);

            group
                .measurement_time(Duration::from_secs(if n >= 100_000 { 3 } else { 2 }))
                .throughput(Throughput::Elements(messages as u64));
            group.bench_function(
                BenchmarkId::new(format!("n={n}"), format!("rooms={rooms}")),
                |b| {
                    b.iter_batched(
                        || meeting(n, rooms, &mut SetupStats::default()),
                        |mut host| {
                            let sent = assign_open(&mut host);
                            assert_eq!(sent, messages, "every run sends the same messages");
                            // Hand the host back: criterion drops it outside the measurement.
                            (host, sent)
                        },
                        BatchSize::LargeInput,
                    );
                },
            );
        }
    }
    group.finish();
}

fn reassign_one(c: &mut Criterion) {
    const N: usize = 10_000;
    const ROOMS: u32 = 100;
    let mut host = meeting(N, ROOMS, &mut SetupStats::default());
    assign_open(&mut host);

    // Attendee a1 moves between its own room and the next one, back and forth.
    let who = attendee(1);
    let home = host.assignment_of(&who).expect("a1 was assigned");
    let rooms = host.rooms();
    let index = rooms
        .iter()
        .position(|r| r.thread_id == home)
        .expect("a1's room exists");
    let away = rooms[(index + 1) % rooms.len()].thread_id.clone();
    let to = |thread_id: &str| Command::AssignParticipants {
        thread_id: thread_id.to_owned(),
        participants: vec![who.clone()],
    };
    let moves = [to(&away), to(&home)];

    // Check the round trip restores who is where (invitees list in assignment order, so
    // a1 comes back last: compare membership), and count the messages of one move.
    let membership = |host: &Host| -> Vec<(String, Vec<String>)> {
        host.rooms()
            .into_iter()
            .map(|r| {
                let mut ids: Vec<String> = r
                    .invitees
                    .unwrap_or_default()
                    .iter()
                    .map(|i| i.raw_id())
                    .collect();
                ids.sort();
                (r.thread_id, ids)
            })
            .collect()
    };
    let before = (membership(&host), host.revision());
    run(&mut host, &moves[0]);
    let messages = drain(&mut host);
    assert_eq!(host.assignment_of(&who).as_deref(), Some(away.as_str()));
    run(&mut host, &moves[1]);
    assert_eq!(drain(&mut host), messages, "both directions cost the same");
    assert!(
        membership(&host) == before.0,
        "moving back restores every room"
    );
    assert_eq!(host.revision(), before.1 + 2);
    eprintln!("reassign_one n={N} rooms={ROOMS}: {messages} msgs per reassignment");

    let mut group = c.benchmark_group("reassign_one");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(messages as u64));
    group.bench_function(
        BenchmarkId::new(format!("n={N}"), format!("rooms={ROOMS}")),
        |b| {
            // Even iterations move a1 away, odd ones move it home again.
            let mut next = 0;
            b.iter(|| {
                run(&mut host, &moves[next]);
                next ^= 1;
                drain(&mut host)
            });
        },
    );
    group.finish();
}

fn local_config(i: usize, role: Role) -> ClientConfig {
    ClientConfig {
        identifier: if role == Role::Organizer {
            Identifier::communication_user("8:acs:org")
        } else {
            attendee(i)
        },
        display_name: format!("a{i}"),
        role,
        kind: MeetingKind::Meeting,
        seed: i as u64,
    }
}

/// An organizer and `attendees` attendees, each joined with its own pump; returns the
/// meeting, the organizer's peer and the number of events the pumps returned.
fn local_joins(attendees: usize, rooms: u32) -> (LocalMeeting, PeerId, usize) {
    let mut meeting = LocalMeeting::new(MeetingConfig {
        limits: Limits {
            max_participants: attendees as u32 + 10,
            max_rooms: rooms.max(1),
            ..Limits::default()
        },
        ..MeetingConfig::default()
    });
    let mut events = 0;
    let org = meeting
        .add(local_config(0, Role::Organizer))
        .expect("connects");
    events += meeting.pump(NOW).len();
    for i in 1..=attendees {
        let peer = meeting
            .add(local_config(i, Role::Attendee))
            .expect("connects");
        meeting.watch(peer, false);
        events += meeting.pump(NOW).len();
    }
    (meeting, org, events)
}

fn local_manage(meeting: &mut LocalMeeting, org: PeerId, command: Command) -> usize {
    let client = meeting.client_mut(org).expect("the organizer is here");
    client.manage(command, None).expect("accepted");
    meeting.pump(NOW).len()
}

fn local_joins_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("local_joins");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in [1_000, 3_000, 10_000] {
        let start = Instant::now();
        let (mut meeting, org, events) = local_joins(n, 0);
        // The main meeting's head count goes out once its refresh time has passed.
        let refresh = u64::from(Limits::default().visible_refresh_ms);
        meeting.handle_timeout(NOW + refresh);
        meeting.pump(NOW + refresh);
        let client = meeting.client(org).expect("here");
        let call = client.main_call().id.clone();
        let listed = Limits::default().max_visible_participants as usize - 1;
        assert_eq!(
            client.remote_participant_count(&call),
            listed.min(n),
            "the organizer sees the first of everyone"
        );
        assert_eq!(
            client.total_participant_count(&call),
            n + 1,
            "and counts everyone"
        );
        eprintln!(
            "local_joins n={n}: one run {:.1?}, {events} events",
            start.elapsed()
        );
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::from_parameter(format!("n={n}")), |b| {
            b.iter_batched(
                || (),
                // Hand the meeting back: criterion drops it outside the measurement.
                |()| local_joins(n, 0),
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

/// Everyone joined and `rooms` rooms created; the measured part is [`local_open`].
fn local_rooms(n: usize, rooms: u32) -> (LocalMeeting, PeerId) {
    let (mut meeting, org, _) = local_joins(n, rooms);
    local_manage(
        &mut meeting,
        org,
        Command::CreateRooms {
            rooms: RoomSpec::Count(rooms),
        },
    );
    (meeting, org)
}

fn local_open(meeting: &mut LocalMeeting, org: PeerId) -> usize {
    local_manage(meeting, org, ASSIGN) + local_manage(meeting, org, OPEN)
}

fn local_open_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("local_open");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (n, rooms) in [(1_000, 100), (10_000, 100), (10_000, 1_000)] {
        let (mut meeting, org) = local_rooms(n, rooms);
        let start = Instant::now();
        let events = local_open(&mut meeting, org);
        let once = start.elapsed();
        let connected = meeting
            .peers()
            .filter(|p| *p != org)
            .filter(|p| {
                meeting
                    .client(*p)
                    .and_then(|c| c.breakout_call())
                    .map(|b| b.state)
                    == Some(CallState::Connected)
            })
            .count();
        assert_eq!(connected, n, "every attendee's breakout call is connected");
        eprintln!("local_open n={n} rooms={rooms}: one run {once:.1?}, {events} events");
        drop(meeting);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(
            BenchmarkId::new(format!("n={n}"), format!("rooms={rooms}")),
            |b| {
                b.iter_batched(
                    || local_rooms(n, rooms),
                    |(mut meeting, org)| {
                        let events = local_open(&mut meeting, org);
                        (meeting, events)
                    },
                    BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

/// One more round, avoiding the pairs of the ten before it.
fn avoiding_repeats(seed: u64) -> Command {
    Command::AssignByRules {
        rules: GroupingRules {
            seed: Some(seed),
            avoid_repeats: true,
            ..GroupingRules::default()
        },
    }
}

fn assign_avoiding_repeats(c: &mut Criterion) {
    let (n, rooms) = (10_000, 1_000);
    let recreate = Command::RecreateRooms {
        rooms: RoomSpec::Count(rooms),
    };
    let mut stats = SetupStats::default();
    let mut host = meeting(n, rooms, &mut stats);
    let start = Instant::now();
    for round in 0..10 {
        run(&mut host, &recreate);
        run(&mut host, &avoiding_repeats(round));
        drain(&mut host);
    }
    eprintln!(
        "assign_avoiding_repeats: 10 rounds in {:?} ({} ended, one running: each measured run follows 10 ended rounds)",
        start.elapsed(),
        host.rounds().len() - 1
    );
    let mut seed = 10;
    let mut group = c.benchmark_group("assign_avoiding_repeats");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(
        BenchmarkId::from_parameter(format!("n={n}/rooms={rooms}/rounds=10")),
        |b| {
            b.iter_custom(|iters| {
                let mut measured = Duration::ZERO;
                for _ in 0..iters {
                    run(&mut host, &recreate);
                    drain(&mut host);
                    seed += 1;
                    let command = avoiding_repeats(seed);
                    let start = Instant::now();
                    run(&mut host, &command);
                    measured += start.elapsed();
                    drain(&mut host);
                }
                measured
            })
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    assign_avoiding_repeats,
    assign_open_all,
    reassign_one,
    local_joins_bench,
    local_open_bench
);
criterion_main!(benches);
