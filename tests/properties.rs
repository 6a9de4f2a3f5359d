//! Property tests: random meetings driven through the virtual-clock [`World`], with the
//! meeting's invariants (SPEC sections 3-7) checked after every step.
//!
//! A scenario is a roster (one organizer first, the rest with random roles), who is in the
//! meeting at the start, and up to 40 steps: management commands from anyone (valid or
//! not, sometimes with a stale `expectedRevision`), participants' own moves, late joins,
//! rejoins, transport loss and clock jumps (past `roomEndTime` too).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use breakout_rooms::core::{
    CallId, CallState, Command, Completion, Error, Event, GroupingRules, Identifier, Limits,
    MeetingConfig, OpId, Place, Role, RoomSpec, RoomState, RoomView, SettingsPatch, WorkshopAction,
};
use common::{id, World};
use proptest::prelude::*;

// ----- what a scenario is made of -----

/// A participant named in a command: someone on the roster, someone who never came, or
/// an identifier that cannot name anyone.
#[derive(Clone, Debug)]
enum Who {
    Roster(usize),
    Ghost,
    Invalid,
}

/// A room named in a command: one that exists now, one that existed once, or none ever.
#[derive(Clone, Debug)]
enum Thread {
    Live(usize),
    Past(usize),
    Bogus,
}

#[derive(Clone, Debug)]
enum Spec {
    Count(u32),
    Names(Vec<String>),
}

#[derive(Clone, Debug)]
enum EndTime {
    Keep,
    Clear,
    /// Milliseconds from now; zero or less is not in the future.
    In(i64),
}

#[derive(Clone, Debug)]
enum Cmd {
    Create(Spec),
    Rename(Thread, String),
    Delete(Thread),
    Recreate(Spec),
    Assign(Thread, Vec<Who>),
    Unassign(Vec<Who>),
    Auto(Option<u64>),
    Open(Option<Vec<Thread>>),
    /// `closeRooms(ts, { graceSeconds })`; `None` is the meeting's `closingWarningSeconds`.
    Close(Option<Vec<Thread>>, Option<u32>),
    Settings {
        disable_return: Option<bool>,
        end: EndTime,
        auto_move: Option<bool>,
        warning: Option<u32>,
        duration: Option<Option<u32>>,
    },
    Grant(Who, bool),
    // SPEC 11
    Extend(Option<Vec<Thread>>, u32),
    Cancel(Option<Vec<Thread>>),
    Rules {
        seed: u64,
        rooms: Option<u32>,
        per_room: Option<u32>,
        together: Vec<Vec<Who>>,
        apart: Vec<Vec<Who>>,
        avoid_repeats: bool,
    },
}

#[derive(Clone, Debug)]
enum Rev {
    None,
    Current,
    /// A revision that is not the current one.
    Stale(u64),
}

#[derive(Clone, Debug)]
enum Step {
    Manage {
        by: usize,
        cmd: Cmd,
        rev: Rev,
    },
    JoinRoom(usize),
    ReturnToMain(usize),
    HangUpMain(usize),
    HangUpBreakout(usize),
    Hold(usize),
    Resume(usize),
    /// Join (late, again after leaving, or a second time while present), with the roster
    /// role or another one.
    Join {
        who: usize,
        role: Option<Role>,
    },
    Disconnect(usize),
    Advance(u64),
    /// Advance to the room end time (if one is set) plus this much.
    PastEnd(u64),
    /// Advance to one millisecond before the room end time, if one is set.
    JustBeforeEnd,
    /// The organizer's usual start: create rooms, assign everyone automatically, open them.
    Setup(u32),
    /// SPEC 11: a broadcast, to some rooms (all when `None`) and maybe the main meeting.
    Broadcast {
        by: usize,
        text: String,
        threads: Option<Vec<Thread>>,
        main: bool,
    },
    AskHelp(usize),
    AckHelp(usize, Thread),
    Visit(usize, Thread),
}

#[derive(Clone, Debug)]
struct Scenario {
    seed: u64,
    small_limits: bool,
    /// A small cap of listed people and its refresh time, or the defaults.
    listing: Option<(u32, u32)>,
    /// Roles of the roster; the first is the organizer. With whether each is there at the start.
    roster: Vec<(Role, bool)>,
    steps: Vec<Step>,
}

// ----- strategies -----

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        8 => (0..10usize).prop_map(Who::Roster),
        1 => Just(Who::Ghost),
        1 => Just(Who::Invalid),
    ]
}

fn thread() -> impl Strategy<Value = Thread> {
    prop_oneof![
        6 => (0..8usize).prop_map(Thread::Live),
        2 => (0..8usize).prop_map(Thread::Past),
        1 => Just(Thread::Bogus),
    ]
}

fn room_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["Red", "Blue", "Green", " Design ", "Ünïcødé 🎉"])
            .prop_map(str::to_owned),
        1 => prop::sample::select(vec!["", "   ", "a\u{7}b", "tab\there"]).prop_map(str::to_owned),
        1 => prop::sample::select(vec![12usize, 13, 100, 101]).prop_map(|n| "x".repeat(n)),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        4 => (0..5u32).prop_map(Spec::Count),
        1 => prop::sample::select(vec![1_001u32, u32::MAX]).prop_map(Spec::Count),
        3 => prop::collection::vec(room_name(), 0..4).prop_map(Spec::Names),
    ]
}

fn threads() -> impl Strategy<Value = Option<Vec<Thread>>> {
    prop::option::of(prop::collection::vec(thread(), 0..3))
}

fn end_time() -> impl Strategy<Value = EndTime> {
    prop_oneof![
        2 => Just(EndTime::Keep),
        1 => Just(EndTime::Clear),
        1 => (-2_000i64..=0).prop_map(EndTime::In),
        3 => (1i64..600_000).prop_map(EndTime::In),
    ]
}

fn groups() -> impl Strategy<Value = Vec<Vec<Who>>> {
    prop::collection::vec(prop::collection::vec(who(), 0..4), 0..3)
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        3 => (
            threads(),
            prop_oneof![
                2 => Just(None),
                1 => Just(Some(0u32)),
                1 => (1..120u32).prop_map(Some),
                1 => Just(Some(90_000)),
            ],
        )
            .prop_map(|(t, g)| Cmd::Close(t, g)),
        1 => (threads(), prop_oneof![Just(0u32), 1..120u32]).prop_map(|(t, s)| Cmd::Extend(t, s)),
        1 => threads().prop_map(Cmd::Cancel),
        2 => (
            any::<u64>(),
            prop::option::of(0..5u32),
            prop::option::of(0..4u32),
            groups(),
            groups(),
            any::<bool>(),
        )
            .prop_map(|(seed, rooms, per_room, together, apart, avoid_repeats)| Cmd::Rules {
                seed,
                rooms,
                per_room,
                together,
                apart,
                avoid_repeats,
            }),
        3 => spec().prop_map(Cmd::Create),
        1 => (thread(), room_name()).prop_map(|(t, n)| Cmd::Rename(t, n)),
        1 => thread().prop_map(Cmd::Delete),
        1 => spec().prop_map(Cmd::Recreate),
        3 => (thread(), prop::collection::vec(who(), 0..4)).prop_map(|(t, w)| Cmd::Assign(t, w)),
        1 => prop::collection::vec(who(), 0..3).prop_map(Cmd::Unassign),
        2 => prop::option::of(any::<u64>()).prop_map(Cmd::Auto),
        3 => threads().prop_map(Cmd::Open),
        3 => (
            prop::option::of(any::<bool>()),
            end_time(),
            prop::option::of(any::<bool>()),
            prop::option::weighted(0.2, prop_oneof![Just(0u32), 1..120u32, Just(3_601)]),
            prop::option::weighted(0.2, prop::option::of(prop_oneof![Just(0u32), 1..600u32])),
        )
            .prop_map(|(disable_return, end, auto_move, warning, duration)| Cmd::Settings {
                disable_return,
                end,
                auto_move,
                warning,
                duration,
            }),
        1 => (who(), any::<bool>()).prop_map(|(w, on)| Cmd::Grant(w, on)),
    ]
}

fn rev() -> impl Strategy<Value = Rev> {
    prop_oneof![
        6 => Just(Rev::None),
        3 => Just(Rev::Current),
        1 => (0..3u64).prop_map(Rev::Stale),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let person = || 0..10usize;
    prop_oneof![
        12 => (prop_oneof![Just(0usize), person()], cmd(), rev())
            .prop_map(|(by, cmd, rev)| Step::Manage { by, cmd, rev }),
        2 => person().prop_map(Step::JoinRoom),
        2 => person().prop_map(Step::ReturnToMain),
        1 => person().prop_map(Step::HangUpMain),
        2 => person().prop_map(Step::HangUpBreakout),
        1 => person().prop_map(Step::Hold),
        1 => person().prop_map(Step::Resume),
        3 => (person(), prop::option::weighted(0.2, role()))
            .prop_map(|(who, role)| Step::Join { who, role }),
        1 => person().prop_map(Step::Disconnect),
        2 => prop_oneof![Just(0u64), 1..1_000u64, Just(60_000), Just(600_000), 1_000_000..10_000_000u64]
            .prop_map(Step::Advance),
        2 => prop_oneof![Just(0u64), Just(1), 2..10_000u64].prop_map(Step::PastEnd),
        1 => Just(Step::JustBeforeEnd),
        1 => (1..4u32).prop_map(Step::Setup),
        2 => (
            person(),
            prop_oneof![Just("Five minutes left".to_owned()), Just(String::new())],
            threads(),
            any::<bool>(),
        )
            .prop_map(|(by, text, threads, main)| Step::Broadcast { by, text, threads, main }),
        2 => person().prop_map(Step::AskHelp),
        1 => (person(), thread()).prop_map(|(k, t)| Step::AckHelp(k, t)),
        1 => (person(), thread()).prop_map(|(k, t)| Step::Visit(k, t)),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec((role(), any::<bool>()), 5..10),
        prop::collection::vec(step(), 0..40),
        prop::option::of(1..4u32),
        prop::option::of((0..6u32, prop_oneof![Just(0u32), Just(800)])),
    )
        .prop_map(
            |(seed, small_limits, mut roster, mut steps, setup, listing)| {
                roster.insert(0, (Role::Organizer, true));
                if let Some(rooms) = setup {
                    steps.insert(0, Step::Setup(rooms));
                }
                Scenario {
                    seed,
                    small_limits,
                    listing,
                    roster,
                    steps,
                }
            },
        )
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

// ----- the simulation -----

const BOGUS_THREAD: &str = "19:no_such_room@thread.v2";

fn name(k: usize) -> String {
    format!("p{k}")
}

fn ghost() -> Identifier {
    id("ghost")
}

/// Where each identity is as the host sees it, before a step.
type Assignments = Vec<Option<String>>;

struct Sim {
    w: World,
    roles: Vec<Role>,
    /// The index in `w.people` of each roster member's latest client, once they came.
    current: Vec<Option<usize>>,
    /// Every thread id a room ever had.
    history: Vec<String>,
    /// Per client: events already checked, and the role it held after them.
    scanned: Vec<usize>,
    role_seen: Vec<Option<Role>>,
    /// Operations started and not yet seen completing: (client index, op).
    pending: Vec<(usize, OpId)>,
    log: Vec<String>,
}

type Checked = Result<(), TestCaseError>;

impl Sim {
    fn new(s: &Scenario) -> Result<Self, TestCaseError> {
        let limits = if s.small_limits {
            Limits {
                max_rooms: 5,
                max_participants: 8,
                max_room_name_chars: 12,
                ..Limits::default()
            }
        } else {
            Limits::default()
        };
        let limits = match s.listing {
            Some((cap, refresh)) => Limits {
                max_visible_participants: cap,
                visible_refresh_ms: refresh,
                ..limits
            },
            None => limits,
        };
        let w = World::with(MeetingConfig {
            seed: s.seed,
            limits,
            ..MeetingConfig::default()
        });
        let mut sim = Sim {
            w,
            roles: s.roster.iter().map(|(r, _)| *r).collect(),
            current: vec![None; s.roster.len()],
            history: Vec::new(),
            scanned: Vec::new(),
            role_seen: Vec::new(),
            pending: Vec::new(),
            log: Vec::new(),
        };
        for (k, (role, there)) in s.roster.iter().enumerate() {
            if *there {
                let before = sim.assignments();
                sim.join(k, *role);
                sim.check(&before)?;
            }
        }
        Ok(sim)
    }

    fn n(&self) -> usize {
        self.roles.len()
    }

    fn ident(&self, k: usize) -> Identifier {
        id(&name(k))
    }

    fn assignments(&self) -> Assignments {
        (0..self.n())
            .map(|k| self.w.host.assignment_of(&self.ident(k)))
            .collect()
    }

    fn join(&mut self, k: usize, role: Role) {
        let i = self.w.join(&name(k), role);
        self.scanned.push(0);
        self.role_seen.push(None);
        let live = |sim: &Sim, i: usize| sim.w.people[i].client.main_call().state.is_live();
        match self.current[k] {
            Some(old) if live(self, old) && !live(self, i) => {} // a second join, refused
            _ => self.current[k] = Some(i),
        }
    }

    fn disconnect(&mut self, i: usize) {
        let name = self.w.people[i].name.clone();
        if self.w.index(&name) == i {
            self.w.disconnect(&name);
        } else {
            // `World::disconnect` finds people by name; a rejoined participant is a later entry.
            let w = &mut self.w;
            w.people[i].online = false;
            w.host.handle_disconnect(w.now, w.people[i].peer);
            w.people[i].client.handle_host_lost();
            w.drive();
        }
    }

    fn resolve_who(&self, who: &Who) -> Identifier {
        match who {
            Who::Roster(k) => self.ident(k % self.n()),
            Who::Ghost => ghost(),
            Who::Invalid => Identifier::communication_user(""),
        }
    }

    fn resolve_thread(&self, t: &Thread) -> String {
        let rooms = self.w.host.rooms();
        match t {
            Thread::Live(i) if !rooms.is_empty() => rooms[i % rooms.len()].thread_id.clone(),
            Thread::Past(i) if !self.history.is_empty() => {
                self.history[i % self.history.len()].clone()
            }
            _ => BOGUS_THREAD.to_owned(),
        }
    }

    fn resolve_spec(spec: &Spec) -> RoomSpec {
        match spec {
            Spec::Count(n) => RoomSpec::Count(*n),
            Spec::Names(names) => RoomSpec::Names(names.clone()),
        }
    }

    fn resolve(&self, cmd: &Cmd) -> Command {
        let threads = |ts: &Option<Vec<Thread>>| {
            ts.as_ref()
                .map(|ts| ts.iter().map(|t| self.resolve_thread(t)).collect())
        };
        let whos = |ws: &[Who]| ws.iter().map(|w| self.resolve_who(w)).collect();
        match cmd {
            Cmd::Create(spec) => Command::CreateRooms {
                rooms: Self::resolve_spec(spec),
            },
            Cmd::Rename(t, n) => Command::RenameRoom {
                thread_id: self.resolve_thread(t),
                display_name: n.clone(),
            },
            Cmd::Delete(t) => Command::DeleteRoom {
                thread_id: self.resolve_thread(t),
            },
            Cmd::Recreate(spec) => Command::RecreateRooms {
                rooms: Self::resolve_spec(spec),
            },
            Cmd::Assign(t, ws) => Command::AssignParticipants {
                thread_id: self.resolve_thread(t),
                participants: whos(ws),
            },
            Cmd::Unassign(ws) => Command::UnassignParticipants {
                participants: whos(ws),
            },
            Cmd::Auto(seed) => Command::AssignAutomatically { seed: *seed },
            Cmd::Open(ts) => Command::OpenRooms {
                thread_ids: threads(ts),
            },
            Cmd::Close(ts, grace) => Command::CloseRooms {
                thread_ids: threads(ts),
                grace_seconds: *grace,
            },
            Cmd::Settings {
                disable_return,
                end,
                auto_move,
                warning,
                duration,
            } => Command::UpdateSettings {
                settings: SettingsPatch {
                    disable_return_to_main_meeting: *disable_return,
                    room_end_time: match end {
                        EndTime::Keep => None,
                        EndTime::Clear => Some(None),
                        EndTime::In(ms) => Some(Some(self.w.now.saturating_add_signed(*ms))),
                    },
                    auto_move_participant_to_breakout_room: *auto_move,
                    closing_warning_seconds: *warning,
                    room_duration_seconds: *duration,
                },
            },
            Cmd::Grant(w, on) => Command::SetBreakoutRoomManager {
                participant: self.resolve_who(w),
                enabled: *on,
            },
            Cmd::Extend(ts, seconds) => Command::ExtendClosing {
                thread_ids: threads(ts),
                seconds: *seconds,
            },
            Cmd::Cancel(ts) => Command::CancelClosing {
                thread_ids: threads(ts),
            },
            Cmd::Rules {
                seed,
                rooms,
                per_room,
                together,
                apart,
                avoid_repeats,
            } => Command::AssignByRules {
                rules: GroupingRules {
                    seed: Some(*seed),
                    rooms: *rooms,
                    per_room: *per_room,
                    together: together.iter().map(|g| whos(g)).collect(),
                    apart: apart.iter().map(|g| whos(g)).collect(),
                    avoid_repeats: *avoid_repeats,
                },
            },
        }
    }

    /// Runs one participant operation on `k`'s latest client, if they ever came.
    fn op(
        &mut self,
        k: usize,
        f: impl FnOnce(&mut breakout_rooms::core::Client) -> Result<OpId, Error>,
    ) {
        let Some(i) = self.current[k % self.n()] else {
            return;
        };
        if let Ok(op) = f(&mut self.w.people[i].client) {
            self.pending.push((i, op));
        }
        self.w.drive();
    }

    fn run(&mut self, step: &Step) -> Checked {
        let before = self.assignments();
        let (rev0, rooms0, settings0) = (
            self.w.host.revision(),
            self.w.host.rooms(),
            self.w.host.settings(),
        );
        let n = self.n();
        // SPEC 6.4: with return to main disabled, leaving a room by any road is refused
        // and nothing changes.
        let held_in = match step {
            Step::ReturnToMain(k) | Step::HangUpBreakout(k) | Step::Resume(k)
                if settings0.disable_return_to_main_meeting =>
            {
                let who = self.ident(k % n);
                // A visiting manager is not held: the setting is for the room's own people.
                match self.w.host.place_of(&who) {
                    Some(Place::Room { thread_id })
                        if self.w.host.assignment_of(&who).as_ref() == Some(&thread_id) =>
                    {
                        Some((who, Place::Room { thread_id }))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match step {
            Step::Manage { by, cmd, rev } => self.manage(by % n, cmd, rev)?,
            Step::JoinRoom(k) => self.op(*k, |c| c.join_breakout_room()),
            Step::ReturnToMain(k) => self.op(*k, |c| c.return_to_main_meeting()),
            Step::HangUpMain(k) => self.op(*k, |c| {
                let main = c.main_call().id.clone();
                c.hang_up(&main)
            }),
            Step::HangUpBreakout(k) => self.op(*k, |c| {
                let call = c
                    .breakout_call()
                    .map(|b| b.id.clone())
                    .unwrap_or_else(|| CallId("not-a-call".into()));
                c.hang_up(&call)
            }),
            Step::Hold(k) => self.op(*k, |c| {
                let main = c.main_call().id.clone();
                c.hold(&main)
            }),
            Step::Resume(k) => self.op(*k, |c| {
                let main = c.main_call().id.clone();
                c.resume(&main)
            }),
            Step::Join { who, role } => {
                let k = who % n;
                self.join(k, role.unwrap_or(self.roles[k]));
            }
            Step::Disconnect(k) => {
                if let Some(i) = self.current[k % n] {
                    self.disconnect(i);
                }
            }
            Step::Advance(ms) => self.w.advance(*ms),
            Step::Setup(rooms) => {
                let commands = [
                    Cmd::Create(Spec::Count(*rooms)),
                    Cmd::Auto(None),
                    Cmd::Open(None),
                ];
                for cmd in &commands {
                    self.manage(0, cmd, &Rev::None)?;
                }
            }
            Step::PastEnd(extra) => match self.w.host.settings().room_end_time {
                Some(end) => {
                    self.w.advance(end.saturating_sub(self.w.now) + extra);
                    let settings = self.w.host.settings();
                    prop_assert_eq!(settings.room_end_time, None, "the end time passed");
                    for room in self.w.host.rooms() {
                        prop_assert_eq!(
                            room.state,
                            RoomState::Closed,
                            "every room closes at roomEndTime (SPEC 6.7)"
                        );
                    }
                }
                None => self.w.advance(*extra),
            },
            Step::Broadcast {
                by,
                text,
                threads,
                main,
            } => self.broadcast(by % n, text, threads.as_ref(), *main)?,
            Step::AskHelp(k) => self.op(*k, |c| c.request_help()),
            Step::AckHelp(k, t) => {
                let thread_id = self.resolve_thread(t);
                self.op(*k, |c| {
                    c.workshop(WorkshopAction::AcknowledgeHelp { thread_id })
                });
            }
            Step::Visit(k, t) => {
                let thread_id = self.resolve_thread(t);
                self.op(*k, |c| c.visit_room(&thread_id));
            }
            Step::JustBeforeEnd => {
                if let Some(end) = self.w.host.settings().room_end_time {
                    // SPEC 11: a room closing with a grace period may close first.
                    let pending = self.w.host.closings().iter().any(|(_, at)| *at < end);
                    if end > self.w.now + 1 {
                        let open = self.w.host.rooms();
                        self.w.advance(end - self.w.now - 1);
                        // A pending close may close every room first, and a duration's end
                        // time goes with the last room (SPEC 11).
                        if !pending {
                            prop_assert_eq!(self.w.host.settings().room_end_time, Some(end));
                            prop_assert_eq!(self.w.host.rooms(), open, "nothing closes early");
                        }
                    }
                }
            }
        }
        if let Some((who, place)) = held_in {
            prop_assert_eq!(
                self.w.host.place_of(&who),
                Some(place),
                "{:?} left a room with return to main disabled",
                who
            );
        }
        // Revisions only go up, and every change of rooms or settings bumps it (SPEC 3).
        let rev1 = self.w.host.revision();
        prop_assert!(rev1 >= rev0, "revision went back: {rev0} -> {rev1}");
        if self.w.host.rooms() != rooms0 || self.w.host.settings() != settings0 {
            prop_assert!(
                rev1 > rev0,
                "rooms or settings changed but the revision stayed"
            );
        }
        self.check(&before)
    }

    fn manage(&mut self, k: usize, cmd: &Cmd, rev: &Rev) -> Checked {
        let Some(i) = self.current[k] else {
            return Ok(());
        };
        let command = self.resolve(cmd);
        let host = &self.w.host;
        let (rev0, rooms0, settings0) = (host.revision(), host.rooms(), host.settings());
        let actor_role = host.role_of(&self.ident(k));
        let present = host.present().any(|p| *p == self.ident(k));
        let expected = match rev {
            Rev::None => None,
            Rev::Current => Some(rev0),
            Rev::Stale(d) => Some(rev0.checked_sub(1 + d).unwrap_or(rev0 + 1 + d)),
        };
        self.log.push(format!("{command:?} expected={expected:?}"));
        let started = self.w.people[i].client.manage(command.clone(), expected);
        self.w.drive();
        let result = match started {
            Err(e) => Err(e),
            Ok(op) => {
                let done: Vec<_> = self.w.people[i]
                    .events
                    .iter()
                    .filter_map(|(_, e)| match e {
                        Event::Completed { op: o, result } if *o == op => Some(result.clone()),
                        _ => None,
                    })
                    .collect();
                prop_assert_eq!(done.len(), 1, "{:?} completes once", command);
                done[0].clone()
            }
        };
        let host = &self.w.host;
        match &result {
            Err(e) => {
                // (e) a rejected command changes nothing.
                prop_assert_eq!(host.revision(), rev0, "{:?} failed with {:?}", command, e);
                prop_assert_eq!(host.rooms(), rooms0, "{:?} failed with {:?}", command, e);
                prop_assert_eq!(host.settings(), settings0, "{:?} failed: {:?}", command, e);
            }
            Ok(done) => {
                prop_assert!(present, "an absent participant's {command:?} succeeded");
                let rev1 = host.revision();
                prop_assert!(
                    rev1 == rev0 || rev1 == rev0 + 1,
                    "{command:?} moved the revision {rev0} -> {rev1}"
                );
                if let Completion::Managed(outcome) = done {
                    prop_assert_eq!(outcome.revision, rev1);
                } else {
                    prop_assert!(false, "{command:?} completed with {done:?}");
                }
                prop_assert!(
                    actor_role.is_some_and(Role::is_manager),
                    "{command:?} by a {actor_role:?} succeeded"
                );
                if command.needs_organizer() {
                    prop_assert_eq!(actor_role, Some(Role::Organizer));
                }
                prop_assert!(
                    !matches!(expected, Some(e) if e != rev0),
                    "{command:?} with stale expectedRevision {expected:?} (revision {rev0}) succeeded"
                );
            }
        }
        Ok(())
    }

    /// SPEC 11: a broadcast reaches exactly the people in the places it was sent to.
    fn broadcast(
        &mut self,
        k: usize,
        text: &str,
        threads: Option<&Vec<Thread>>,
        main: bool,
    ) -> Checked {
        let Some(i) = self.current[k] else {
            return Ok(());
        };
        let targets: Option<Vec<String>> =
            threads.map(|ts| ts.iter().map(|t| self.resolve_thread(t)).collect());
        let host = &self.w.host;
        let rooms: Vec<String> = host.rooms().into_iter().map(|r| r.thread_id).collect();
        let targeted = |place: &Place| match place {
            Place::Main => main,
            Place::Room { thread_id } => targets.as_ref().unwrap_or(&rooms).contains(thread_id),
        };
        let expected: BTreeSet<usize> = (0..self.n())
            .filter(|j| host.place_of(&self.ident(*j)).is_some_and(|p| targeted(&p)))
            .collect();
        let action = WorkshopAction::Broadcast {
            text: text.to_owned(),
            thread_ids: targets.clone(),
            main_meeting: main,
        };
        let started = self.w.people[i].client.workshop(action);
        self.w.drive();
        let succeeded = match started {
            Err(_) => false,
            Ok(op) => {
                self.pending.push((i, op));
                self.w.people[i].events.iter().any(
                    |(_, e)| matches!(e, Event::Completed { op: o, result: Ok(_) } if *o == op),
                )
            }
        };
        for j in 0..self.n() {
            let Some(c) = self.current[j] else { continue };
            let heard = self.w.people[c].events[self.scanned[c]..]
                .iter()
                .filter(|(_, e)| matches!(e, Event::Broadcast(_)))
                .count();
            let live =
                self.w.people[c].online && self.w.people[c].client.main_call().state.is_live();
            let should = succeeded && live && expected.contains(&j);
            prop_assert_eq!(
                heard,
                usize::from(should),
                "p{} heard the broadcast {} times (sent: {}, in a targeted place: {})",
                j,
                heard,
                succeeded,
                expected.contains(&j)
            );
        }
        Ok(())
    }

    /// The invariants, after a step has settled.
    fn check(&mut self, before: &Assignments) -> Checked {
        let host = &self.w.host;
        let rooms = host.rooms();
        for r in &rooms {
            if !self.history.contains(&r.thread_id) {
                self.history.push(r.thread_id.clone());
            }
        }
        let threads: BTreeSet<&str> = rooms.iter().map(|r| r.thread_id.as_str()).collect();
        prop_assert_eq!(threads.len(), rooms.len(), "thread ids are unique");
        let room = |t: &str| rooms.iter().find(|r| r.thread_id == t);
        let roster: Vec<Identifier> = (0..self.n()).map(|k| self.ident(k)).collect();

        // (a) at most one room each, (b) invitees are exactly the assignments.
        for r in &rooms {
            let invitees = r.invitees.as_ref();
            prop_assert!(invitees.is_some(), "host.rooms() has invitees");
            for who in invitees.into_iter().flatten() {
                prop_assert!(
                    roster.contains(who),
                    "{who:?} invited but not on the roster"
                );
            }
        }
        for who in roster.iter().chain([&ghost()]) {
            let holding: Vec<&str> = rooms
                .iter()
                .filter(|r| r.invitees.as_ref().is_some_and(|i| i.contains(who)))
                .map(|r| r.thread_id.as_str())
                .collect();
            prop_assert!(holding.len() <= 1, "{who:?} is invited to {holding:?}");
            prop_assert_eq!(
                host.assignment_of(who),
                holding.first().map(|t| t.to_string()),
                "assignment of {:?}",
                who
            );
        }

        // (c) nobody inside a closed room or a room they are not assigned to.
        let present: Vec<Identifier> = host.present().cloned().collect();
        let mut place: BTreeMap<usize, Option<Place>> = BTreeMap::new();
        for (k, who) in roster.iter().enumerate() {
            let p = host.place_of(who);
            prop_assert_eq!(p.is_some(), present.contains(who), "place of {:?}", who);
            if let Some(Place::Room { thread_id }) = &p {
                let r = room(thread_id);
                prop_assert!(
                    r.is_some_and(RoomView::is_open),
                    "{who:?} is in {thread_id}, which is {:?}",
                    r.map(|r| r.state)
                );
                // SPEC 11: managers may visit any open room.
                let visiting = host.role_of(who).is_some_and(Role::is_manager);
                prop_assert!(
                    visiting || host.assignment_of(who).as_ref() == Some(thread_id),
                    "{:?} is in a room they are not assigned to",
                    who
                );
            }
            place.insert(k, p);
        }

        // A client out of the meeting (gone, hung up, refused, replaced) is in no room.
        for p in &self.w.people {
            let c = &p.client;
            if !p.online || !c.main_call().state.is_live() {
                prop_assert!(
                    !c.breakout_call().is_some_and(|b| b.state.is_active()),
                    "{} is out of the meeting with a breakout call {:?}",
                    p.name,
                    c.breakout_call()
                );
            }
        }

        // The clients that are in the meeting agree with the host.
        for (k, who) in roster.iter().enumerate() {
            let Some(i) = self.current[k] else { continue };
            let p = &self.w.people[i];
            let c = &p.client;
            if !p.online || !c.main_call().state.is_live() {
                continue;
            }
            prop_assert!(
                present.contains(who),
                "{who:?}'s client is live, the host has them gone"
            );
            prop_assert_eq!(Some(c.role()), host.role_of(who), "role of {:?}", who);
            prop_assert_eq!(c.settings(), Some(host.settings()), "settings of {:?}", who);
            let assigned = c.assigned_breakout_room();
            prop_assert_eq!(
                assigned.as_ref().map(|r| (r.thread_id.clone(), r.state)),
                host.assignment_of(who)
                    .map(|t| (t.clone(), room(&t).map(|r| r.state).unwrap())),
                "the assignment {:?}'s client shows",
                who
            );
            let breakout = c
                .breakout_call()
                .filter(|b| b.state != CallState::Disconnected);
            if let Some(b) = breakout {
                prop_assert_eq!(
                    b.state,
                    CallState::Connected,
                    "{:?}'s breakout call settles",
                    who
                );
                let t = b.thread_id.clone().unwrap_or_default();
                prop_assert!(
                    assigned
                        .as_ref()
                        .is_some_and(|r| r.thread_id == t && r.is_open())
                        || c.visiting() == Some(t.as_str()),
                    "{who:?}'s breakout call is connected to {t}, assignment {assigned:?}"
                );
                prop_assert_eq!(
                    place[&k].clone(),
                    Some(Place::Room { thread_id: t }),
                    "{:?}: host place vs the connected breakout call",
                    who
                );
            } else {
                prop_assert_eq!(
                    place[&k].clone(),
                    Some(Place::Main),
                    "{:?} has no breakout call",
                    who
                );
            }
            if c.role().is_manager() {
                let mut mine: Vec<RoomView> = c
                    .breakout_rooms()
                    .unwrap_or_default()
                    .iter()
                    .map(|r| RoomView::clone(r))
                    .collect();
                let mut theirs = rooms.clone();
                mine.sort_by(|a, b| a.thread_id.cmp(&b.thread_id));
                theirs.sort_by(|a, b| a.thread_id.cmp(&b.thread_id));
                prop_assert_eq!(mine, theirs, "the rooms manager {:?} sees", who);
            }
            // SPEC 6.8: a call's remote participants are the others in the same place, as
            // the host lists them: everyone there while they are no more than the cap,
            // else the first few, never more than the cap; with the head count.
            let others_in = |at: &Place| -> BTreeSet<String> {
                roster
                    .iter()
                    .enumerate()
                    .filter(|(j, o)| *o != who && place[j].as_ref() == Some(at))
                    .map(|(_, o)| o.raw_id())
                    .collect()
            };
            let listed = |at: &Place| -> (BTreeSet<String>, Option<u32>) {
                let (listed, total) = host.listed(at).expect("a place that exists");
                let others = listed
                    .iter()
                    .filter(|o| *o != who)
                    .map(Identifier::raw_id)
                    .collect();
                (others, total)
            };
            let shown = |call: &breakout_rooms::core::client::Call| -> BTreeSet<String> {
                c.remote_participants(&call.id)
                    .iter()
                    .map(|m| m.identifier.raw_id())
                    .collect()
            };
            let cap = host.limits().max_visible_participants as usize;
            let call = match &place[&k] {
                Some(Place::Main) => Some(c.main_call()),
                Some(Place::Room { .. }) => breakout,
                None => None,
            };
            if let (Some(at), Some(call)) = (&place[&k], call) {
                let list = shown(call);
                let (want, total) = listed(at);
                prop_assert_eq!(&list, &want, "{:?} in {:?}: whom the host lists", who, at);
                prop_assert!(
                    list.len() <= cap,
                    "{:?} lists {} past the cap",
                    who,
                    list.len()
                );
                let others = others_in(at);
                if others.len() < cap {
                    prop_assert_eq!(&list, &others, "{:?} in {:?}", who, at);
                }
                prop_assert_eq!(
                    c.total_participant_count(&call.id),
                    total.map_or(list.len() + 1, |t| t as usize),
                    "{:?}'s head count in {:?}",
                    who,
                    at
                );
            }
        }

        // (d) attendees never see other rooms or invitees; every client's events.
        let after = self.assignments();
        for i in 0..self.w.people.len() {
            let p = &self.w.people[i];
            let k: usize = p.name[1..].parse().expect("names are p<k>");
            let mut role = self.role_seen[i].unwrap_or(p.client.role());
            for (_, event) in &p.events[self.scanned[i]..] {
                match event {
                    Event::RoleChanged(r) => role = *r,
                    Event::BreakoutRooms(Some(_)) if role == Role::Attendee => {
                        prop_assert!(false, "attendee {} got {event:?}", p.name);
                    }
                    // SPEC 11: an attendee hears only of their own room's countdown and
                    // call for help, and nothing of rounds.
                    Event::RoomClosing { thread_id, .. } if role == Role::Attendee => {
                        let t = Some(thread_id.clone());
                        prop_assert!(
                            t == before[k] || t == after[k],
                            "attendee {} was told {:?} closes, assigned {:?} then {:?}",
                            p.name,
                            thread_id,
                            before[k],
                            after[k]
                        );
                    }
                    // ... and of a call for help only as one who asked, never learning
                    // who else did.
                    Event::HelpRequest {
                        request: Some(r), ..
                    } if role == Role::Attendee => {
                        prop_assert_eq!(
                            &r.askers,
                            &vec![p.client.identifier().clone()],
                            "attendee {} heard of {:?}",
                            p.name,
                            r
                        );
                    }
                    Event::Rounds if role == Role::Attendee => {
                        prop_assert!(false, "attendee {} heard of the rounds", p.name);
                    }
                    Event::AssignedBreakoutRooms(Some(r)) if role == Role::Attendee => {
                        prop_assert_eq!(&r.invitees, &None, "attendee {} saw invitees", p.name);
                        let t = Some(r.thread_id.clone());
                        prop_assert!(
                            t == before[k] || t == after[k],
                            "attendee {} was told of {:?}, assigned {:?} then {:?}",
                            p.name,
                            r.thread_id,
                            before[k],
                            after[k]
                        );
                    }
                    _ => {}
                }
            }
            prop_assert_eq!(
                role,
                p.client.role(),
                "roles of {} as its events tell",
                p.name
            );
            if p.client.role() == Role::Attendee {
                prop_assert!(
                    p.client.breakout_rooms().is_none(),
                    "attendee {} has rooms",
                    p.name
                );
                if let Some(r) = p.client.assigned_breakout_room() {
                    prop_assert_eq!(&r.invitees, &None, "attendee {} sees invitees", p.name);
                }
            }
            // Every call's updates, replayed from nobody, give the list it shows: nobody
            // added twice, nobody removed who was not there.
            let mut replayed: BTreeMap<&CallId, BTreeSet<String>> = BTreeMap::new();
            for (_, event) in &p.events {
                if let Event::RemoteParticipantsUpdated {
                    call,
                    added,
                    removed,
                } = event
                {
                    let list = replayed.entry(call).or_default();
                    for m in removed {
                        prop_assert!(
                            list.remove(&m.identifier.raw_id()),
                            "{} removed {:?}, absent",
                            p.name,
                            m
                        );
                    }
                    for m in added {
                        prop_assert!(
                            list.insert(m.identifier.raw_id()),
                            "{} added {:?} twice",
                            p.name,
                            m
                        );
                    }
                }
            }
            for call in std::iter::once(p.client.main_call()).chain(p.client.breakout_call()) {
                let shown: BTreeSet<String> = p
                    .client
                    .remote_participants(&call.id)
                    .iter()
                    .map(|m| m.identifier.raw_id())
                    .collect();
                let told = replayed.remove(&call.id).unwrap_or_default();
                prop_assert_eq!(told, shown, "{}'s updates replayed", p.name);
            }
            self.scanned[i] = p.events.len();
            self.role_seen[i] = Some(p.client.role());
        }

        // SPEC 11: countdowns and calls for help are about open rooms, and the host's next
        // wake-up is always ahead. Managers in the meeting see every countdown and request;
        // anyone else only their own room's countdown.
        let closings = host.closings();
        for (thread_id, _) in &closings {
            prop_assert!(
                room(thread_id).is_some_and(RoomView::is_open),
                "{thread_id} closes but is not open"
            );
        }
        let requests = host.help_requests();
        for r in &requests {
            prop_assert!(
                room(&r.thread_id).is_some_and(RoomView::is_open),
                "help in {}",
                r.thread_id
            );
            prop_assert!(!r.askers.is_empty(), "a request without askers");
        }
        if let Some(at) = host.poll_timeout() {
            prop_assert!(
                at > self.w.now,
                "a deadline {at} not ahead of {}",
                self.w.now
            );
        }
        for (k, who) in roster.iter().enumerate() {
            let Some(i) = self.current[k] else { continue };
            let p = &self.w.people[i];
            if !p.online || !p.client.main_call().state.is_live() {
                continue;
            }
            let c = &p.client;
            let mut seen: Vec<(String, u64)> =
                c.closings().map(|(t, at)| (t.to_owned(), at)).collect();
            seen.sort();
            if c.role().is_manager() {
                let mut all = closings.clone();
                all.sort();
                prop_assert_eq!(&seen, &all, "the countdowns manager {:?} sees", who);
                let mut theirs: Vec<String> =
                    c.help_requests().iter().map(|r| format!("{r:?}")).collect();
                let mut host_view: Vec<String> =
                    requests.iter().map(|r| format!("{r:?}")).collect();
                theirs.sort();
                host_view.sort();
                prop_assert_eq!(
                    theirs,
                    host_view,
                    "the calls for help manager {:?} sees",
                    who
                );
            } else {
                let here = match &place[&k] {
                    Some(Place::Room { thread_id }) => closings
                        .iter()
                        .filter(|(t, _)| t == thread_id)
                        .cloned()
                        .collect(),
                    _ => Vec::new(),
                };
                prop_assert_eq!(seen, here, "the countdown {:?} sees", who);
                prop_assert!(c.rounds().is_empty(), "{:?} holds rounds", who);
            }
        }

        // Every operation started has completed, exactly once.
        for (i, op) in std::mem::take(&mut self.pending) {
            let n = self.w.people[i]
                .events
                .iter()
                .filter(|(_, e)| matches!(e, Event::Completed { op: o, .. } if *o == op))
                .count();
            prop_assert_eq!(
                n,
                1,
                "operation {:?} of client {} completed {} times",
                op,
                i,
                n
            );
        }
        Ok(())
    }

    /// Everything observable, for comparing two runs.
    fn snapshot(&self) -> String {
        let host = &self.w.host;
        let ids: Vec<Identifier> = (0..self.n()).map(|k| self.ident(k)).collect();
        let per_id: Vec<_> = ids
            .iter()
            .map(|i| (host.assignment_of(i), host.place_of(i), host.role_of(i)))
            .collect();
        let people: Vec<_> = self
            .w
            .people
            .iter()
            .map(|p| {
                (
                    &p.name,
                    p.peer,
                    p.online,
                    &p.events,
                    format!("{:?}", p.client),
                )
            })
            .collect();
        let present: Vec<&Identifier> = host.present().collect();
        format!(
            "{:?}",
            (
                self.w.now,
                host.revision(),
                host.rooms(),
                host.settings(),
                host.poll_timeout(),
                per_id,
                present,
                people
            )
        )
    }
}

fn simulate(s: &Scenario) -> Result<Sim, TestCaseError> {
    let mut sim = Sim::new(s)?;
    for (n, step) in s.steps.iter().enumerate() {
        sim.run(step).map_err(|e| {
            TestCaseError::fail(format!(
                "step {n} {step:?}: {e}\nmanagement so far: {:#?}",
                sim.log
            ))
        })?;
    }
    Ok(sim)
}

proptest! {
    #![proptest_config(config(128))]

    /// (a)-(f): the invariants hold after every step of any scenario.
    #[test]
    fn invariants_hold(s in scenario()) {
        simulate(&s)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// The same scenario (seed and steps) gives the same meeting, event for event.
    #[test]
    fn deterministic(s in scenario()) {
        let a = simulate(&s)?.snapshot();
        let b = simulate(&s)?.snapshot();
        prop_assert!(a == b, "two runs of one scenario differ");
    }
}

/// A hand-made scenario through the same checks: an end time set, then passed.
#[test]
fn room_end_time_scenario() {
    let s = Scenario {
        seed: 7,
        small_limits: false,
        listing: None,
        roster: vec![
            (Role::Organizer, true),
            (Role::Attendee, true),
            (Role::Attendee, true),
            (Role::BreakoutRoomManager, true),
            (Role::Attendee, false),
        ],
        steps: vec![
            Step::Manage {
                by: 0,
                cmd: Cmd::Create(Spec::Count(2)),
                rev: Rev::Current,
            },
            Step::Manage {
                by: 3,
                cmd: Cmd::Auto(Some(1)),
                rev: Rev::None,
            },
            Step::Manage {
                by: 0,
                cmd: Cmd::Open(None),
                rev: Rev::None,
            },
            Step::Manage {
                by: 0,
                cmd: Cmd::Settings {
                    disable_return: Some(true),
                    end: EndTime::In(60_000),
                    auto_move: None,
                    warning: None,
                    duration: None,
                },
                rev: Rev::None,
            },
            Step::ReturnToMain(1),
            Step::Join { who: 4, role: None },
            Step::Manage {
                by: 0,
                cmd: Cmd::Assign(Thread::Live(1), vec![Who::Roster(4)]),
                rev: Rev::Stale(0),
            },
            Step::Manage {
                by: 1,
                cmd: Cmd::Delete(Thread::Live(0)),
                rev: Rev::None,
            },
            Step::JustBeforeEnd,
            Step::PastEnd(1),
            Step::Disconnect(2),
            Step::Join { who: 2, role: None },
        ],
    };
    let sim = simulate(&s).unwrap_or_else(|e| panic!("{e}"));
    let host = &sim.w.host;
    assert_eq!(host.rooms().len(), 2);
    assert!(host.rooms().iter().all(|r| r.state == RoomState::Closed));
    assert_eq!(host.settings().room_end_time, None);
}
