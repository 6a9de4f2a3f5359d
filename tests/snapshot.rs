//! Host snapshots (SPEC 9): a host restored from a snapshot taken at any step behaves
//! exactly as the host it was taken from. Both are given the same later inputs, and every
//! message, timer and answer they give must be equal.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use breakout_rooms::core::host::SNAPSHOT_VERSION;
use breakout_rooms::core::{
    ClientMessage, Command, HandChange, Host, Limits, MeetingConfig, PeerId, Place, Role, RoomSpec,
    SettingsPatch, Transmit,
};
use common::{id, T0};
use proptest::prelude::*;

/// One input to a host. Rooms and people are named by index into what exists at the time,
/// so every step means something whatever came before.
#[derive(Clone, Debug)]
enum Step {
    Join(usize, Role, bool),
    Leave(usize),
    TransportLost(usize),
    Create(u32),
    Delete(usize),
    Assign(usize, Vec<usize>),
    Auto(u64),
    Open,
    /// `closeRooms` of one room: `None` warns for the meeting's default (60 s), so a pending
    /// close is often in the snapshot; `Some(0)` closes at once.
    Close(usize, Option<u32>),
    EndIn(u64),
    NoReturn(bool),
    Grant(usize, bool),
    Enter(usize),
    Return(usize),
    Raise(usize),
    LowerAll(usize),
    /// The same request again, as a client resends after reconnecting.
    Resend,
    Advance(u64),
}

const PEOPLE: usize = 5;

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..PEOPLE;
    prop_oneof![
        3 => (who.clone(), role(), any::<bool>()).prop_map(|(w, r, resume)| Step::Join(w, r, resume)),
        1 => who.clone().prop_map(Step::Leave),
        1 => who.clone().prop_map(Step::TransportLost),
        2 => (1..4u32).prop_map(Step::Create),
        1 => (0..4usize).prop_map(Step::Delete),
        2 => (0..4usize, prop::collection::vec(who.clone(), 1..3)).prop_map(|(r, w)| Step::Assign(r, w)),
        1 => any::<u64>().prop_map(Step::Auto),
        2 => Just(Step::Open),
        2 => (0..4usize, prop_oneof![Just(None), Just(Some(0)), (1..90u32).prop_map(Some)])
            .prop_map(|(r, grace)| Step::Close(r, grace)),
        1 => (1..90_000u64).prop_map(Step::EndIn),
        1 => any::<bool>().prop_map(Step::NoReturn),
        1 => (who.clone(), any::<bool>()).prop_map(|(w, on)| Step::Grant(w, on)),
        2 => who.clone().prop_map(Step::Enter),
        1 => who.clone().prop_map(Step::Return),
        1 => who.clone().prop_map(Step::Raise),
        1 => who.clone().prop_map(Step::LowerAll),
        3 => Just(Step::Resend),
        2 => (0..40_000u64).prop_map(Step::Advance),
    ]
}

/// Drives a host, numbering requests per peer as clients do.
struct Driver {
    now: u64,
    /// Each person's current connection; a new one after a transport loss.
    peer: [PeerId; PEOPLE],
    next_peer: u64,
    request: u32,
    /// The last management request, to resend as it was.
    last_manage: Option<ClientMessage>,
}

impl Driver {
    fn new() -> Self {
        Driver {
            now: T0,
            peer: std::array::from_fn(|i| PeerId(i as u64 + 1)),
            next_peer: PEOPLE as u64 + 1,
            request: 0,
            last_manage: None,
        }
    }

    /// The inputs one step gives a host: messages, a transport loss, or a clock move.
    fn inputs(&mut self, host: &Host, step: &Step) -> Vec<Input> {
        let threads: Vec<String> = host.rooms().into_iter().map(|r| r.thread_id).collect();
        let thread = |i: usize| threads.get(i % threads.len().max(1)).cloned();
        let manage = |d: &mut Driver, who: usize, command: Command| {
            d.request += 1;
            let message = ClientMessage::Manage {
                request: d.request,
                expected_revision: None,
                command,
            };
            d.last_manage = Some(message.clone());
            vec![Input::Message(d.peer[who], message)]
        };
        match step.clone() {
            Step::Join(w, role, resume) => vec![Input::Message(
                self.peer[w],
                ClientMessage::Join {
                    participant: id(&format!("p{w}")),
                    display_name: format!("P{w}"),
                    role,
                    resume,
                    token: None,
                },
            )],
            Step::Leave(w) => vec![Input::Message(self.peer[w], ClientMessage::Leave)],
            Step::TransportLost(w) => {
                let lost = self.peer[w];
                self.peer[w] = PeerId(self.next_peer);
                self.next_peer += 1;
                vec![Input::Lost(lost)]
            }
            Step::Create(n) => manage(
                self,
                0,
                Command::CreateRooms {
                    rooms: RoomSpec::Count(n),
                },
            ),
            Step::Delete(r) => match thread(r) {
                Some(thread_id) => manage(self, 0, Command::DeleteRoom { thread_id }),
                None => Vec::new(),
            },
            Step::Assign(r, who) => match thread(r) {
                Some(thread_id) => manage(
                    self,
                    0,
                    Command::AssignParticipants {
                        thread_id,
                        participants: who.iter().map(|w| id(&format!("p{w}"))).collect(),
                    },
                ),
                None => Vec::new(),
            },
            Step::Auto(seed) => manage(self, 0, Command::AssignAutomatically { seed: Some(seed) }),
            Step::Open => manage(self, 0, Command::OpenRooms { thread_ids: None }),
            Step::Close(r, grace_seconds) => manage(
                self,
                0,
                Command::CloseRooms {
                    thread_ids: thread(r).map(|t| vec![t]),
                    grace_seconds,
                },
            ),
            Step::EndIn(ms) => {
                let end = self.now + ms;
                manage(
                    self,
                    0,
                    Command::UpdateSettings {
                        settings: SettingsPatch {
                            room_end_time: Some(Some(end)),
                            ..SettingsPatch::default()
                        },
                    },
                )
            }
            Step::NoReturn(on) => manage(
                self,
                0,
                Command::UpdateSettings {
                    settings: SettingsPatch {
                        disable_return_to_main_meeting: Some(on),
                        ..SettingsPatch::default()
                    },
                },
            ),
            Step::Grant(w, enabled) => manage(
                self,
                0,
                Command::SetBreakoutRoomManager {
                    participant: id(&format!("p{w}")),
                    enabled,
                },
            ),
            Step::Enter(w) => match host.assignment_of(&id(&format!("p{w}"))) {
                Some(thread_id) => vec![Input::Message(
                    self.peer[w],
                    ClientMessage::EnterRoom { thread_id },
                )],
                None => Vec::new(),
            },
            Step::Return(w) => vec![Input::Message(self.peer[w], ClientMessage::ReturnToMain)],
            Step::Raise(w) | Step::LowerAll(w) => {
                self.request += 1;
                let hand = if matches!(step, Step::Raise(_)) {
                    HandChange::Raise
                } else {
                    HandChange::LowerAll
                };
                vec![Input::Message(
                    self.peer[w],
                    ClientMessage::Hand {
                        request: self.request,
                        hand,
                    },
                )]
            }
            // Management steps all come from p0 (organizer); its resend goes on p0's
            // connection of now, as a reconnected client's would.
            Step::Resend => match &self.last_manage {
                Some(message) => vec![Input::Message(self.peer[0], message.clone())],
                None => Vec::new(),
            },
            Step::Advance(ms) => {
                self.now += ms;
                vec![Input::Time(self.now)]
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Input {
    Message(PeerId, ClientMessage),
    Lost(PeerId),
    /// The clock moved: due timers fire.
    Time(u64),
}

/// Gives one input to a host; returns everything it sends, and when it next wants waking.
fn apply(host: &mut Host, now: u64, input: &Input) -> (Vec<Transmit>, Option<u64>) {
    match input {
        Input::Message(peer, message) => host.handle_message(now, *peer, message.clone()),
        Input::Lost(peer) => host.handle_transport_lost(now, *peer),
        Input::Time(at) => {
            if host.poll_timeout().is_some_and(|due| due <= *at) {
                host.handle_timeout(*at);
            }
        }
    }
    let mut out = Vec::new();
    while let Some(t) = host.poll_transmit() {
        out.push(t);
    }
    (out, host.poll_timeout())
}

fn restored(host: &Host) -> Host {
    let text = serde_json::to_string(&host.snapshot()).expect("a snapshot serializes");
    let mut reader = serde_json::Deserializer::from_str(&text);
    Host::restore(&mut reader).expect("a snapshot restores")
}

/// Organizer p0 is in the meeting first, so management steps have someone to run them.
fn seeded_host(driver: &mut Driver) -> Host {
    seeded_host_with(driver, Limits::default())
}

fn seeded_host_with(driver: &mut Driver, limits: Limits) -> Host {
    let mut host = Host::new(MeetingConfig {
        seed: 7,
        limits,
        ..MeetingConfig::default()
    });
    let join = driver.inputs(&host, &Step::Join(0, Role::Organizer, false));
    for input in &join {
        apply(&mut host, driver.now, input);
    }
    host
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Snapshot and restore at step `at` of a random sequence: every later output is the
    /// same as the original host's.
    #[test]
    fn restore_changes_no_later_output(
        steps in prop::collection::vec(step(), 1..60),
        at in any::<prop::sample::Index>(),
        // Whether the snapshot is taken before the host's output of that step is sent.
        mid_step in any::<bool>(),
        // Places past a cap of two listed people, their listings waiting for a refresh.
        small_cap in any::<bool>(),
    ) {
        let mut driver = Driver::new();
        let limits = if small_cap {
            Limits { max_visible_participants: 2, ..Limits::default() }
        } else {
            Limits::default()
        };
        let mut original = seeded_host_with(&mut driver, limits);
        let at = at.index(steps.len());
        let mut copy: Option<Host> = None;
        for (i, step) in steps.iter().enumerate() {
            let inputs = driver.inputs(&original, step);
            let now = driver.now;
            for input in &inputs {
                if i == at && mid_step {
                    // Handled but not yet polled: the snapshot carries the unsent messages.
                    match input {
                        Input::Message(peer, message) => original.handle_message(now, *peer, message.clone()),
                        Input::Lost(peer) => original.handle_transport_lost(now, *peer),
                        Input::Time(_) => {}
                    }
                    let mut twin = restored(&original);
                    let (a, b) = (apply(&mut original, now, &Input::Time(0)), apply(&mut twin, now, &Input::Time(0)));
                    prop_assert_eq!(a, b, "unsent output differs after restoring mid-step {}", i);
                    copy = Some(twin);
                    continue;
                }
                let a = apply(&mut original, now, input);
                if let Some(twin) = copy.as_mut() {
                    let b = apply(twin, now, input);
                    prop_assert_eq!(a, b, "step {} ({:?}) differs after restoring at {}", i, step, at);
                }
            }
            if i == at && copy.is_none() {
                copy = Some(restored(&original));
            }
        }
        if let Some(twin) = copy {
            prop_assert_eq!(original.revision(), twin.revision());
            prop_assert_eq!(original.rooms(), twin.rooms());
            prop_assert_eq!(original.settings(), twin.settings());
            prop_assert_eq!(
                serde_json::to_value(original.snapshot()).unwrap(),
                serde_json::to_value(twin.snapshot()).unwrap()
            );
        }
    }
}

#[test]
fn a_snapshot_carries_its_version() {
    let mut driver = Driver::new();
    let host = seeded_host(&mut driver);
    let value = serde_json::to_value(host.snapshot()).unwrap();
    assert_eq!(value["version"], SNAPSHOT_VERSION);
}

/// A snapshot as the first version wrote it: each place's members as a plain list, no
/// standings, listings, refresh times or listing limits.
fn as_version_1(mut value: serde_json::Value) -> serde_json::Value {
    value["version"] = 1.into();
    let meeting = &mut value["host"]["meeting"];
    let limits = meeting["config"]["limits"].as_object_mut().unwrap();
    limits.remove("maxVisibleParticipants");
    limits.remove("visibleRefreshMs");
    let presence = meeting["presence"].as_object_mut().unwrap();
    presence.remove("waiting");
    presence.remove("arrivals");
    for entry in presence["places"].as_array_mut().unwrap() {
        let state = entry[1].as_object_mut().unwrap();
        let members: Vec<serde_json::Value> = state["standing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| pair[0].clone())
            .collect();
        state.insert("members".into(), members.into());
        for gone in ["standing", "listed", "partial", "total", "due"] {
            state.remove(gone);
        }
    }
    value
}

/// A version-1 snapshot (written before places had a cap of listed people) still restores,
/// everyone listed, and the host goes on exactly as the one it was taken from.
#[test]
fn a_version_1_snapshot_restores_and_goes_on_alike() {
    let mut driver = Driver::new();
    let mut original = seeded_host(&mut driver);
    let before = [
        Step::Join(1, Role::Attendee, false),
        Step::Join(2, Role::Attendee, false),
        Step::Join(3, Role::BreakoutRoomManager, false),
        Step::Create(2),
        Step::Assign(0, vec![1, 2]),
        Step::Open,
        Step::Enter(1),
    ];
    for step in &before {
        for input in driver.inputs(&original, step) {
            apply(&mut original, driver.now, &input);
        }
    }
    let value = serde_json::to_value(original.snapshot()).unwrap();
    let mut old = Host::restore(as_version_1(value)).expect("a version-1 snapshot restores");
    for place in [
        Place::Main,
        Place::Room {
            thread_id: original.rooms()[0].thread_id.clone(),
        },
    ] {
        assert_eq!(old.listed(&place), original.listed(&place), "{place:?}");
    }
    let after = [
        Step::Enter(2),
        Step::Join(4, Role::Attendee, false),
        Step::Raise(4),
        Step::TransportLost(3),
        Step::Join(3, Role::BreakoutRoomManager, true),
        Step::Return(1),
        Step::Leave(2),
        Step::Close(0, None),
    ];
    for step in &after {
        for input in driver.inputs(&original, step) {
            let now = driver.now;
            assert_eq!(
                apply(&mut original, now, &input),
                apply(&mut old, now, &input),
                "{step:?}"
            );
        }
    }
}

#[test]
fn another_version_is_refused_by_name() {
    let mut driver = Driver::new();
    let host = seeded_host(&mut driver);
    let mut value = serde_json::to_value(host.snapshot()).unwrap();
    value["version"] = 99.into();
    let error = Host::restore(value).expect_err("version 99 is refused");
    assert!(
        error.to_string().contains("version 99"),
        "the error names the version: {error}"
    );
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for text in [
        "{}",
        "[]",
        "null",
        r#"{"version":1}"#,
        r#"{"version":1,"host":{}}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(Host::restore(value).is_err(), "{text} restores");
    }
}

/// What a restored host answered before, it answers again without running it twice.
#[test]
fn a_request_answered_before_the_snapshot_is_not_run_again() {
    let mut driver = Driver::new();
    let mut host = seeded_host(&mut driver);
    for input in driver.inputs(&host, &Step::Create(2)) {
        apply(&mut host, driver.now, &input);
    }
    let mut twin = restored(&host);
    let resend = driver.inputs(&twin, &Step::Resend);
    assert_eq!(resend.len(), 1);
    let (out, _) = apply(&mut twin, driver.now, &resend[0]);
    assert_eq!(twin.rooms().len(), 2, "the resent create ran again");
    assert!(
        matches!(&out[..], [t] if matches!(t.message, breakout_rooms::core::HostMessage::Reply { .. })),
        "the resend is answered once: {out:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// The cross-tab host shares a snapshot only when [`Host::inputs`] moved since the last
    /// one (`src/web/transport/tabs.rs`): so whatever changes a drained host's snapshot must
    /// move the count, and a wake-up with nothing due must not.
    #[test]
    fn a_snapshot_changes_only_when_the_input_count_moves(
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let mut driver = Driver::new();
        let mut host = seeded_host(&mut driver);
        // The clock alone is not a change worth sharing: a restored host catches up on it.
        let state = |host: &Host| {
            let mut value = serde_json::to_value(host.snapshot()).unwrap();
            let clock = value["host"].as_object_mut().and_then(|h| h.remove("last_now"));
            assert!(clock.is_some(), "the snapshot keeps the host's clock as last_now");
            value
        };
        for step in &steps {
            for input in driver.inputs(&host, step) {
                let (before, count) = (state(&host), host.inputs());
                apply(&mut host, driver.now, &input);
                if host.inputs() == count {
                    prop_assert_eq!(state(&host), before, "{:?} changed the host without an input", input);
                }
                let (before, count) = (state(&host), host.inputs());
                if !host.poll_timeout().is_some_and(|due| due <= driver.now) {
                    host.handle_timeout(driver.now);
                    prop_assert_eq!(host.inputs(), count, "a wake-up with nothing due counts");
                    prop_assert_eq!(state(&host), before, "a wake-up with nothing due changed the host");
                }
            }
        }
    }
}
