//! The management matrix (SPEC sections 4, 5, 7 and 8): every management command times
//! every role, and every way a command can be refused.
//!
//! - Every cell starts from a fresh meeting, so cells cannot leak into each other.
//! - Every cell runs two ways: straight into the host (`Host::execute`, as a server's admin
//!   API would) and from a participant's client over the wire (`Client::manage`, as the JS
//!   surface does).
//! - A refusal must be the exact `Error` with the documented `code`/`subCode`, must change
//!   nothing (revision, rooms, settings, roles, assignments, places, timer) and must send
//!   no update to anyone; a valid command must still succeed afterwards.
//! - A success must raise the revision by exactly one and do what the command says.
//!
//! A table keeps running after a failing cell and reports every failing cell at the end,
//! each named by path, operation and role.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use breakout_rooms::core::protocol::ManageOutcome;
use breakout_rooms::core::*;
use common::*;

// ---------------------------------------------------------------------------------------
// The contract, written out independently of the library
// ---------------------------------------------------------------------------------------

/// Who may run a command (SPEC 4 and 5).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Perm {
    /// Organizer, co-organizer and breakout room manager; attendees get 403/46900.
    Managers,
    /// The organizer alone; everyone else gets 403/46901.
    OrganizerOnly,
}

/// The JS method name and the permission of every command. The match has no wildcard on
/// purpose: a new `Command` variant does not compile until it is added to the matrix.
fn contract(command: &Command) -> (&'static str, Perm) {
    match command {
        Command::CreateRooms { .. } => ("createRooms", Perm::Managers),
        Command::RenameRoom { .. } => ("renameRoom", Perm::Managers),
        Command::DeleteRoom { .. } => ("deleteRoom", Perm::Managers),
        Command::RecreateRooms { .. } => ("recreateRooms", Perm::Managers),
        Command::AssignParticipants { .. } => ("assignParticipants", Perm::Managers),
        Command::UnassignParticipants { .. } => ("unassignParticipants", Perm::Managers),
        Command::AssignAutomatically { .. } => ("assignAutomatically", Perm::Managers),
        Command::OpenRooms { .. } => ("openRooms", Perm::Managers),
        Command::CloseRooms { .. } => ("closeRooms", Perm::Managers),
        Command::UpdateSettings { .. } => ("updateSettings", Perm::Managers),
        Command::SetBreakoutRoomManager { .. } => ("setBreakoutRoomManager", Perm::OrganizerOnly),
        Command::AssignByRules { .. } => ("assignAutomatically", Perm::Managers),
        Command::ExtendClosing { .. } => ("extendClosing", Perm::Managers),
        Command::CancelClosing { .. } => ("cancelClosing", Perm::Managers),
    }
}

const ALL_OPERATIONS: [&str; 13] = [
    "createRooms",
    "renameRoom",
    "deleteRoom",
    "recreateRooms",
    "assignParticipants",
    "unassignParticipants",
    "assignAutomatically",
    "openRooms",
    "closeRooms",
    "updateSettings",
    "setBreakoutRoomManager",
    "extendClosing",
    "cancelClosing",
];

/// How `role` is refused `command` when nothing else is wrong; `None` means it may run it.
fn refusal(command: &Command, role: Role) -> Option<Error> {
    let (operation, perm) = contract(command);
    let operation = operation.to_owned();
    match (perm, role) {
        (_, Role::Organizer) => None,
        (Perm::OrganizerOnly, _) => Some(Error::NotOrganizer { operation }),
        (Perm::Managers, Role::Attendee) => Some(Error::NotAManager { operation }),
        (Perm::Managers, _) => None,
    }
}

/// The `code`/`subCode` pairs of SPEC 7 (the SDK's) and of `core::error` (ours, 46900..).
fn documented_codes(error: &Error) -> (u16, u32) {
    match error {
        Error::NotAMeeting => (400, 46250),
        Error::BreakoutRoomsDisabled => (405, 46251),
        Error::NotAManager { .. } => (403, 46900),
        Error::NotOrganizer { .. } => (403, 46901),
        Error::UnknownRoom { .. } => (404, 46902),
        Error::UnknownParticipant { .. } => (404, 46903),
        Error::InvalidRoomName { .. } => (400, 46904),
        Error::LimitExceeded { .. } => (413, 46905),
        Error::StaleRevision { .. } => (409, 46906),
        Error::InvalidArgument { .. } => (400, 46908),
        Error::NoRooms => (409, 46911),
        Error::InvalidRoleChange { .. } => (400, 46912),
        Error::NoPendingClose { .. } => (409, 46930),
        Error::RateLimited { .. } => (429, 46931),
        Error::NotInARoom { .. } => (412, 46932),
        Error::NoHelpRequest { .. } => (404, 46933),
        Error::RoomClosed { .. } => (412, 46256),
        other => panic!("this test expects no {other:?}"),
    }
}

/// Human-readable reasons are free text: compare everything else exactly.
fn without_reason(error: &Error) -> Error {
    match error.clone() {
        Error::InvalidRoomName { name, .. } => Error::InvalidRoomName {
            name,
            reason: String::new(),
        },
        Error::InvalidArgument { field, .. } => Error::InvalidArgument {
            field,
            reason: String::new(),
        },
        Error::InvalidRoleChange { participant, .. } => Error::InvalidRoleChange {
            participant,
            reason: String::new(),
        },
        other => other,
    }
}

fn reason_of(error: &Error) -> Option<&str> {
    match error {
        Error::InvalidRoomName { reason, .. }
        | Error::InvalidArgument { reason, .. }
        | Error::InvalidRoleChange { reason, .. } => Some(reason),
        _ => None,
    }
}

fn js_role(role: Role) -> &'static str {
    match role {
        Role::Organizer => "organizer",
        Role::CoOrganizer => "coOrganizer",
        Role::BreakoutRoomManager => "breakoutRoomManager",
        Role::Attendee => "attendee",
    }
}

/// The participant who acts for each role.
fn actor(role: Role) -> &'static str {
    match role {
        Role::Organizer => "org",
        Role::CoOrganizer => "co",
        Role::BreakoutRoomManager => "brm",
        Role::Attendee => "att",
    }
}

const MANAGERS: [Role; 3] = [
    Role::Organizer,
    Role::CoOrganizer,
    Role::BreakoutRoomManager,
];

// ---------------------------------------------------------------------------------------
// The meeting every cell starts from
// ---------------------------------------------------------------------------------------

/// A thread id no room has.
const UNKNOWN_THREAD: &str = "19:unknown@thread.v2";

struct Fixture {
    w: World,
    red: String,
    blue: String,
}

#[derive(Clone, Copy, Debug)]
enum Setup {
    /// `Fixture::new`.
    Standard,
    /// `Fixture::new`, then Red and Blue deleted: no rooms, and two stale thread ids.
    NoRooms,
    /// `Fixture::new`, then Blue closing in 60 s (a pending close: `closeRooms([Blue])` with
    /// the default warning) and the rooms ending in 10 minutes.
    Closing,
    /// `Fixture::new`, then `updateSettings({ closingWarningSeconds })` with this many.
    Warning(u32),
}

impl Fixture {
    /// org, co, brm and att (one per role) and attendees a1, a2, a3 and cand, all joined;
    /// no rooms. Red and Blue are thread ids no room has.
    fn bare(config: MeetingConfig) -> Self {
        let mut w = World::with(config);
        for role in Role::ALL {
            w.join(actor(role), role);
        }
        for name in ["a1", "a2", "a3", "cand"] {
            w.join(name, Role::Attendee);
        }
        Fixture {
            w,
            red: "19:red@thread.v2".into(),
            blue: "19:blue@thread.v2".into(),
        }
    }

    /// The bare meeting plus Red (closed, a1 invited) and Blue (open, a2 invited and
    /// inside), so that every command in the table has something to change.
    fn new(config: MeetingConfig) -> Self {
        let mut f = Self::bare(config);
        let rooms = created(f.w.manage(
            "org",
            Command::CreateRooms {
                rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
            },
        ));
        f.red = rooms[0].thread_id.clone();
        f.blue = rooms[1].thread_id.clone();
        for (who, room) in [("a1", f.red.clone()), ("a2", f.blue.clone())] {
            f.w.manage(
                "org",
                Command::AssignParticipants {
                    thread_id: room,
                    participants: vec![id(who)],
                },
            )
            .expect("the fixture assigns");
        }
        f.w.manage(
            "org",
            Command::OpenRooms {
                thread_ids: Some(vec![f.blue.clone()]),
            },
        )
        .expect("the fixture opens Blue");
        assert_eq!(f.w.host.revision(), 4, "fixture revision");
        assert_eq!(
            f.place("a2"),
            Some(f.in_room(&f.blue)),
            "a2 moved into Blue"
        );
        assert_eq!(f.place("a1"), Some(Place::Main), "a1 waits for Red");
        f
    }

    fn with(config: MeetingConfig, setup: Setup) -> Self {
        let mut f = Self::new(config);
        match setup {
            Setup::Standard => {}
            Setup::NoRooms => {
                for thread_id in [f.red.clone(), f.blue.clone()] {
                    f.w.manage("org", Command::DeleteRoom { thread_id })
                        .expect("the fixture deletes its rooms");
                }
                assert!(f.w.rooms().is_empty());
            }
            Setup::Closing => {
                let close = Command::CloseRooms {
                    thread_ids: Some(vec![f.blue.clone()]),
                    grace_seconds: None,
                };
                f.w.manage("org", close)
                    .expect("the fixture closes Blue in 60 s");
                let end = f.w.now + 600_000;
                f.w.manage("org", end_time(end))
                    .expect("the fixture ends the rooms in 10 minutes");
                assert_eq!(f.w.host.closings(), [(f.blue.clone(), f.w.now + 60_000)]);
            }
            Setup::Warning(seconds) => {
                let warning = Command::UpdateSettings {
                    settings: SettingsPatch {
                        closing_warning_seconds: Some(seconds),
                        ..SettingsPatch::default()
                    },
                };
                f.w.manage("org", warning)
                    .expect("the fixture sets the closing warning");
            }
        }
        f
    }

    fn room(&self, thread_id: &str) -> Option<RoomView> {
        self.w
            .rooms()
            .into_iter()
            .find(|r| r.thread_id == thread_id)
    }

    fn assignment(&self, name: &str) -> Option<String> {
        self.w.host.assignment_of(&id(name))
    }

    fn place(&self, name: &str) -> Option<Place> {
        self.w.host.place_of(&id(name))
    }

    fn in_room(&self, thread_id: &str) -> Place {
        Place::Room {
            thread_id: thread_id.to_owned(),
        }
    }
}

/// Small limits, so that going over them takes a few calls. The standard fixture has
/// 8 participants (the meeting is full) and 2 rooms.
fn small_limits() -> MeetingConfig {
    MeetingConfig {
        limits: Limits {
            max_rooms: 4,
            max_participants: 8,
            max_room_name_chars: 10,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Running one command and checking what it did
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Path {
    /// `Host::execute`.
    Host,
    /// `Client::manage`, over the wire.
    Client,
}

const PATHS: [Path; 2] = [Path::Host, Path::Client];

/// Everything a refused command must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    revision: u64,
    rooms: Vec<RoomView>,
    settings: Settings,
    timer: Option<u64>,
    people: Vec<Person>,
    closings: Vec<(String, u64)>,
    help: Vec<HelpRequest>,
    rounds: Vec<Round>,
}

/// One participant as the host has them: name, role, assigned thread, place.
type Person = (String, Option<Role>, Option<String>, Option<Place>);

fn snapshot(w: &World) -> Snapshot {
    Snapshot {
        revision: w.host.revision(),
        rooms: w.host.rooms(),
        settings: w.host.settings(),
        timer: w.host.poll_timeout(),
        people: w
            .people
            .iter()
            .map(|p| {
                let who = id(&p.name);
                (
                    p.name.clone(),
                    w.host.role_of(&who),
                    w.host.assignment_of(&who),
                    w.host.place_of(&who),
                )
            })
            .collect(),
        closings: w.host.closings(),
        help: w.host.help_requests(),
        rounds: w.host.rounds(),
    }
}

/// Runs `command` as `actor` and lets everything settle. For a refusal, also checks that
/// no participant heard of anything but the refusal itself.
fn run(
    w: &mut World,
    path: Path,
    actor: &str,
    command: Command,
    expected_revision: Option<u64>,
    what: &str,
) -> Result<ManageOutcome, Error> {
    w.drive();
    w.clear_events();
    let result = match path {
        Path::Host => {
            let peer = w.people[w.index(actor)].peer;
            let now = w.now;
            let result = w.host.execute(now, peer, &command, expected_revision);
            if result.is_err() {
                let sent = w.host.poll_transmit();
                assert!(sent.is_none(), "{what}: the refusal sent {sent:?}");
            }
            w.drive();
            result
        }
        Path::Client => w
            .run(actor, |c| c.manage(command, expected_revision))
            .map(|completion| match completion {
                Completion::Managed(outcome) => outcome,
                other => panic!("{what}: a management command completed with {other:?}"),
            }),
    };
    if result.is_err() {
        for p in &w.people {
            let heard: Vec<&Event> = p
                .events
                .iter()
                .map(|(_, e)| e)
                .filter(|e| !(p.name == actor && matches!(e, Event::Completed { .. })))
                .collect();
            assert!(
                heard.is_empty(),
                "{what}: after the refusal {} heard {heard:?}",
                p.name
            );
        }
    }
    result
}

fn assert_error(actual: &Error, expected: &Error, what: &str) {
    assert_eq!(
        without_reason(actual),
        without_reason(expected),
        "{what}: wrong error ({actual})"
    );
    assert_eq!(
        (actual.code(), actual.sub_code()),
        documented_codes(expected),
        "{what}: wrong code/subCode for {actual:?}"
    );
    if let Some(reason) = reason_of(actual) {
        assert!(
            !reason.trim().is_empty(),
            "{what}: {actual:?} gives no reason"
        );
    }
}

/// The command is refused with `expected` and changes nothing.
fn expect_refusal(
    w: &mut World,
    path: Path,
    actor: &str,
    command: Command,
    expected_revision: Option<u64>,
    expected: &Error,
    what: &str,
) {
    let before = snapshot(w);
    match run(w, path, actor, command, expected_revision, what) {
        Ok(outcome) => panic!("{what}: expected {expected:?}, but it succeeded with {outcome:?}"),
        Err(error) => assert_error(&error, expected, what),
    }
    assert_eq!(
        snapshot(w),
        before,
        "{what}: the refused command changed the meeting"
    );
}

/// The command succeeds and raises the revision by exactly one.
fn expect_success(
    w: &mut World,
    path: Path,
    actor: &str,
    command: Command,
    expected_revision: Option<u64>,
    what: &str,
) -> ManageOutcome {
    let before = w.host.revision();
    let outcome = run(w, path, actor, command, expected_revision, what)
        .unwrap_or_else(|e| panic!("{what}: expected success, got {e:?} ({e})"));
    assert_eq!(w.host.revision(), before + 1, "{what}: revision after");
    assert_eq!(
        outcome.revision,
        before + 1,
        "{what}: revision in the outcome"
    );
    if let (Path::Client, true) = (path, w.client(actor).role().is_manager()) {
        assert_eq!(
            w.client(actor).revision(),
            before + 1,
            "{what}: mgmt.revision after"
        );
    }
    outcome
}

/// After a refusal the API still works: the organizer can still change something.
fn assert_still_works(w: &mut World, what: &str) {
    let disabled = w.host.settings().disable_return_to_main_meeting;
    let command = Command::UpdateSettings {
        settings: SettingsPatch {
            disable_return_to_main_meeting: Some(!disabled),
            ..SettingsPatch::default()
        },
    };
    let what = format!("{what}, then a valid updateSettings");
    expect_success(w, Path::Client, "org", command, None, &what);
    assert_eq!(
        w.host.settings().disable_return_to_main_meeting,
        !disabled,
        "{what}"
    );
}

/// Runs every cell of a table, catching failures so that all failing cells are reported.
struct Table {
    name: &'static str,
    cells: usize,
    failures: Vec<String>,
}

impl Table {
    fn new(name: &'static str) -> Self {
        Table {
            name,
            cells: 0,
            failures: Vec::new(),
        }
    }

    fn cell(&mut self, label: String, f: impl FnOnce()) {
        self.cells += 1;
        if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".into());
            // Cell assertions name the cell already; a panic elsewhere gets it added.
            self.failures.push(if message.contains(&label) {
                message
            } else {
                format!("{label}: {message}")
            });
        }
    }

    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cells of the {} table failed:\n  {}",
            self.failures.len(),
            self.cells,
            self.name,
            self.failures.join("\n  ")
        );
        println!("{}: {} cells passed", self.name, self.cells);
    }
}

fn label(path: Path, op: &str, role: Role) -> String {
    format!("[{path:?}] {op} as {}", js_role(role))
}

// ---------------------------------------------------------------------------------------
// The operations: one row per command shape, each changing something in the fixture
// ---------------------------------------------------------------------------------------

struct Op {
    /// The JS call, for failure messages; starts with the method name.
    label: &'static str,
    /// The meeting the row starts from.
    setup: Setup,
    command: fn(&Fixture) -> Command,
    /// Whether the command did what it says, looked at after it succeeded.
    done: fn(&Fixture, &ManageOutcome) -> bool,
}

fn ten_minutes_from_now(f: &Fixture) -> u64 {
    f.w.now + 600_000
}

/// Blue (the one open room) is closing in `seconds`, and only Blue: still open, a2 still
/// inside and told, the managers told, the host awake for it, a1 (not inside) told nothing.
fn closing_in(f: &Fixture, seconds: u64) -> bool {
    let at = f.w.now + seconds * 1_000;
    f.room(&f.blue).is_some_and(|r| r.state == RoomState::Open)
        && f.place("a2") == Some(f.in_room(&f.blue))
        && f.w.host.closings() == [(f.blue.clone(), at)]
        && f.w.host.poll_timeout() == Some(at)
        && f.w.client("a2").closing(&f.blue) == Some(at)
        && f.w.client("org").closing(&f.blue) == Some(at)
        && f.w.client("a1").closing(&f.blue).is_none()
}

/// Every room is closed at once, without a countdown: a2 is back in the main meeting.
fn closed_at_once(f: &Fixture) -> bool {
    f.w.rooms().iter().all(|r| r.state == RoomState::Closed)
        && f.place("a2") == Some(Place::Main)
        && f.w.host.closings().is_empty()
        && f.w.client("org").closing(&f.blue).is_none()
}

fn ops() -> Vec<Op> {
    vec![
        Op {
            label: "createRooms(2)",
            setup: Setup::Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Count(2),
            },
            done: |f, out| {
                let rooms = f.w.rooms();
                rooms.len() == 4
                    && out.rooms.len() == 2
                    && out
                        .rooms
                        .iter()
                        .map(|r| (**r).clone())
                        .eq(rooms[2..].to_vec())
            },
        },
        Op {
            label: "createRooms(['Green'])",
            setup: Setup::Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Names(vec!["Green".into()]),
            },
            done: |f, out| {
                f.w.rooms().len() == 3
                    && out.rooms.len() == 1
                    && out.rooms[0].display_name == "Green"
                    && out.rooms[0].state == RoomState::Closed
            },
        },
        Op {
            label: "renameRoom(Red, 'Design')",
            setup: Setup::Standard,
            command: |f| Command::RenameRoom {
                thread_id: f.red.clone(),
                display_name: "Design".into(),
            },
            done: |f, _| f.room(&f.red).is_some_and(|r| r.display_name == "Design"),
        },
        Op {
            label: "deleteRoom(Blue)",
            setup: Setup::Standard,
            // a2 was inside: back to main, unassigned
            command: |f| Command::DeleteRoom {
                thread_id: f.blue.clone(),
            },
            done: |f, _| {
                f.room(&f.blue).is_none()
                    && f.w.rooms().len() == 1
                    && f.assignment("a2").is_none()
                    && f.place("a2") == Some(Place::Main)
            },
        },
        Op {
            label: "recreateRooms(3)",
            setup: Setup::Standard,
            command: |_| Command::RecreateRooms {
                rooms: RoomSpec::Count(3),
            },
            done: |f, out| {
                f.w.rooms().len() == 3
                    && out.rooms.len() == 3
                    && f.room(&f.red).is_none()
                    && f.room(&f.blue).is_none()
                    && f.assignment("a1").is_none()
                    && f.assignment("a2").is_none()
                    && f.place("a2") == Some(Place::Main)
            },
        },
        Op {
            label: "assignParticipants(Blue, [a3])",
            setup: Setup::Standard,
            // Blue is open and auto-move is on: a3 moves in
            command: |f| Command::AssignParticipants {
                thread_id: f.blue.clone(),
                participants: vec![id("a3")],
            },
            done: |f, _| {
                f.assignment("a3") == Some(f.blue.clone())
                    && f.place("a3") == Some(f.in_room(&f.blue))
            },
        },
        Op {
            label: "unassignParticipants([a2])",
            setup: Setup::Standard,
            command: |_| Command::UnassignParticipants {
                participants: vec![id("a2")],
            },
            done: |f, _| f.assignment("a2").is_none() && f.place("a2") == Some(Place::Main),
        },
        Op {
            label: "assignAutomatically({ seed: 7 })",
            setup: Setup::Standard,
            // every unassigned attendee gets a room; the assigned keep theirs; managers none
            command: |_| Command::AssignAutomatically { seed: Some(7) },
            done: |f, _| {
                ["att", "a3", "cand"]
                    .iter()
                    .all(|n| f.assignment(n).is_some())
                    && f.assignment("a1") == Some(f.red.clone())
                    && f.assignment("a2") == Some(f.blue.clone())
                    && ["org", "co", "brm"]
                        .iter()
                        .all(|n| f.assignment(n).is_none())
            },
        },
        Op {
            label: "openRooms()",
            setup: Setup::Standard,
            // Red opens: a1 moves in
            command: |_| Command::OpenRooms { thread_ids: None },
            done: |f, _| {
                f.w.rooms().iter().all(|r| r.state == RoomState::Open)
                    && f.place("a1") == Some(f.in_room(&f.red))
            },
        },
        Op {
            label: "openRooms([Red])",
            setup: Setup::Standard,
            command: |f| Command::OpenRooms {
                thread_ids: Some(vec![f.red.clone()]),
            },
            done: |f, _| f.room(&f.red).is_some_and(|r| r.state == RoomState::Open),
        },
        Op {
            label: "closeRooms()",
            setup: Setup::Standard,
            // SPEC 11: a warning first, for the default 60 s; a2 stays in Blue meanwhile
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: None,
            },
            done: |f, _| closing_in(f, 60),
        },
        Op {
            label: "closeRooms([Blue])",
            setup: Setup::Standard,
            command: |f| Command::CloseRooms {
                thread_ids: Some(vec![f.blue.clone()]),
                grace_seconds: None,
            },
            done: |f, _| closing_in(f, 60),
        },
        Op {
            label: "closeRooms() with closingWarningSeconds: 15",
            setup: Setup::Warning(15),
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: None,
            },
            done: |f, _| closing_in(f, 15),
        },
        Op {
            label: "closeRooms() with closingWarningSeconds: 0",
            setup: Setup::Warning(0),
            // no warning: Blue closes at once, a2 goes back to main
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: None,
            },
            done: |f, _| closed_at_once(f),
        },
        Op {
            label: "closeRooms([Blue], { graceSeconds: 0 })",
            setup: Setup::Standard,
            command: |f| Command::CloseRooms {
                thread_ids: Some(vec![f.blue.clone()]),
                grace_seconds: Some(0),
            },
            done: |f, _| closed_at_once(f),
        },
        Op {
            label: "closeRooms({ graceSeconds: 40 }) with closingWarningSeconds: 15",
            setup: Setup::Warning(15),
            // the grace given beats the meeting's setting
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: Some(40),
            },
            done: |f, _| closing_in(f, 40),
        },
        Op {
            label: "closeRooms([Blue], { graceSeconds: 10 }) while Blue is closing",
            setup: Setup::Closing,
            // asking again moves the pending close, here sooner; the end time stays
            command: |f| Command::CloseRooms {
                thread_ids: Some(vec![f.blue.clone()]),
                grace_seconds: Some(10),
            },
            done: |f, _| {
                closing_in(f, 10) && f.w.host.settings().room_end_time == Some(f.w.now + 600_000)
            },
        },
        Op {
            label: "openRooms([Blue]) while Blue is closing",
            setup: Setup::Closing,
            // opening calls the pending close off; the meeting's end time stays
            command: |f| Command::OpenRooms {
                thread_ids: Some(vec![f.blue.clone()]),
            },
            done: |f, _| {
                f.w.host.closings().is_empty()
                    && f.room(&f.blue).is_some_and(|r| r.state == RoomState::Open)
                    && f.w.client("a2").closing(&f.blue).is_none()
                    && f.w.client("org").closing(&f.blue).is_none()
                    && f.w.host.settings().room_end_time == Some(f.w.now + 600_000)
                    && f.w.host.poll_timeout() == Some(f.w.now + 540_000)
            },
        },
        Op {
            label: "updateSettings({ disableReturnToMainMeeting: true })",
            setup: Setup::Standard,
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    disable_return_to_main_meeting: Some(true),
                    ..SettingsPatch::default()
                },
            },
            done: |f, _| f.w.host.settings().disable_return_to_main_meeting,
        },
        Op {
            label: "updateSettings({ roomEndTime: now + 10 min })",
            setup: Setup::Standard,
            command: |f| Command::UpdateSettings {
                settings: SettingsPatch {
                    room_end_time: Some(Some(ten_minutes_from_now(f))),
                    ..SettingsPatch::default()
                },
            },
            // the host wakes first to warn the people inside, a minute before (SPEC 11)
            done: |f, _| {
                let end = ten_minutes_from_now(f);
                f.w.host.settings().room_end_time == Some(end)
                    && f.w.host.poll_timeout() == Some(end - 60_000)
            },
        },
        Op {
            label: "updateSettings({ autoMoveParticipantToBreakoutRoom: false })",
            setup: Setup::Standard,
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    auto_move_participant_to_breakout_room: Some(false),
                    ..SettingsPatch::default()
                },
            },
            done: |f, _| {
                !f.w.host.settings().auto_move_participant_to_breakout_room
                    && f.w
                        .rooms()
                        .iter()
                        .all(|r| !r.auto_move_participant_to_breakout_room)
            },
        },
        Op {
            label: "closeRooms([Blue], { graceSeconds: 30 })",
            setup: Setup::Standard,
            command: |f| Command::CloseRooms {
                thread_ids: Some(vec![f.blue.clone()]),
                grace_seconds: Some(30),
            },
            done: |f, _| closing_in(f, 30),
        },
        Op {
            label: "closeRooms({ graceSeconds: 0 })",
            setup: Setup::Standard,
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: Some(0),
            },
            done: |f, _| closed_at_once(f),
        },
        Op {
            label: "extendClosing(60)",
            setup: Setup::Closing,
            // both the pending close and the end time move a minute
            command: |_| Command::ExtendClosing {
                thread_ids: None,
                seconds: 60,
            },
            done: |f, _| {
                f.w.host.closings() == [(f.blue.clone(), f.w.now + 120_000)]
                    && f.w.host.settings().room_end_time == Some(f.w.now + 660_000)
                    && f.w.client("a2").closing(&f.blue) == Some(f.w.now + 120_000)
            },
        },
        Op {
            label: "extendClosing(60, { threadIds: [Blue] })",
            setup: Setup::Closing,
            command: |f| Command::ExtendClosing {
                thread_ids: Some(vec![f.blue.clone()]),
                seconds: 60,
            },
            done: |f, _| {
                f.w.host.closings() == [(f.blue.clone(), f.w.now + 120_000)]
                    && f.w.host.settings().room_end_time == Some(f.w.now + 600_000)
            },
        },
        Op {
            label: "cancelClosing()",
            setup: Setup::Closing,
            command: |_| Command::CancelClosing { thread_ids: None },
            done: |f, _| {
                f.w.host.closings().is_empty()
                    && f.w.host.settings().room_end_time.is_none()
                    && f.w.host.poll_timeout().is_none()
                    && f.w.client("a2").closing(&f.blue).is_none()
            },
        },
        Op {
            label: "cancelClosing({ threadIds: [Blue] })",
            setup: Setup::Closing,
            command: |f| Command::CancelClosing {
                thread_ids: Some(vec![f.blue.clone()]),
            },
            done: |f, _| {
                f.w.host.closings().is_empty()
                    && f.w.host.settings().room_end_time == Some(f.w.now + 600_000)
                    && f.w.client("a2").closing(&f.blue).is_none()
            },
        },
        Op {
            label: "assignAutomatically({ seed: 7, perRoom: 2 })",
            setup: Setup::Standard,
            // att, a3 and cand wait; Red and Blue have one free place each: one room more
            command: |_| Command::AssignByRules {
                rules: GroupingRules {
                    seed: Some(7),
                    per_room: Some(2),
                    ..GroupingRules::default()
                },
            },
            done: |f, out| {
                let rooms = f.w.rooms();
                rooms.len() == 3
                    && out.rooms.len() == 1
                    && out.grouping == Some(GroupingReport::default())
                    && rooms
                        .iter()
                        .all(|r| r.invitees.as_ref().is_some_and(|i| i.len() <= 2))
                    && ["att", "a3", "cand"]
                        .iter()
                        .all(|n| f.assignment(n).is_some())
            },
        },
        Op {
            label: "assignAutomatically({ seed: 7, rooms: 3, apart: [[att, a3]] })",
            setup: Setup::Standard,
            command: |_| Command::AssignByRules {
                rules: GroupingRules {
                    seed: Some(7),
                    rooms: Some(3),
                    apart: vec![vec![id("att"), id("a3")]],
                    ..GroupingRules::default()
                },
            },
            done: |f, out| {
                f.w.rooms().len() == 3
                    && out.grouping == Some(GroupingReport::default())
                    && f.assignment("att").is_some()
                    && f.assignment("a3").is_some()
                    && f.assignment("att") != f.assignment("a3")
                    && f.w.host.rounds().len() == 2
            },
        },
        Op {
            label: "updateSettings({ closingWarningSeconds: 30 })",
            setup: Setup::Standard,
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    closing_warning_seconds: Some(30),
                    ..SettingsPatch::default()
                },
            },
            done: |f, _| f.w.host.settings().closing_warning_seconds == 30,
        },
        Op {
            label: "updateSettings({ roomDurationSeconds: 600 })",
            setup: Setup::Standard,
            // Blue is open: the duration starts now
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    room_duration_seconds: Some(Some(600)),
                    ..SettingsPatch::default()
                },
            },
            done: |f, _| {
                let settings = f.w.host.settings();
                settings.room_duration_seconds == Some(600)
                    && settings.room_end_time == Some(f.w.now + 600_000)
            },
        },
        Op {
            label: "setBreakoutRoomManager(cand, true)",
            setup: Setup::Standard,
            command: |_| Command::SetBreakoutRoomManager {
                participant: id("cand"),
                enabled: true,
            },
            done: |f, _| {
                f.w.host.role_of(&id("cand")) == Some(Role::BreakoutRoomManager)
                    && f.w.client("cand").role() == Role::BreakoutRoomManager
                    && f.w.client("cand").breakout_rooms().is_some()
            },
        },
        Op {
            label: "setBreakoutRoomManager(brm, false)",
            setup: Setup::Standard,
            command: |_| Command::SetBreakoutRoomManager {
                participant: id("brm"),
                enabled: false,
            },
            done: |f, _| {
                f.w.host.role_of(&id("brm")) == Some(Role::Attendee)
                    && f.w.client("brm").role() == Role::Attendee
                    && f.w.client("brm").breakout_rooms().is_none()
            },
        },
    ]
}

// ---------------------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------------------

/// The table covers every command, and the library names each as the contract does.
#[test]
fn every_command_is_in_the_matrix() {
    let f = Fixture::new(MeetingConfig::default());
    let mut covered: Vec<&str> = Vec::new();
    for op in ops() {
        let command = (op.command)(&f);
        let (name, _) = contract(&command);
        assert_eq!(command.name(), name, "{}: Command::name()", op.label);
        assert!(
            op.label.starts_with(name),
            "{} is labelled as {name}",
            op.label
        );
        covered.push(name);
    }
    covered.sort_unstable();
    covered.dedup();
    let mut all = ALL_OPERATIONS.to_vec();
    all.sort_unstable();
    assert_eq!(covered, all, "operations in the matrix");
}

/// Every operation times every role: managers may run everything but
/// setBreakoutRoomManager, which is the organizer's alone; attendees may run nothing.
#[test]
fn every_operation_for_every_role() {
    let mut table = Table::new("operation x role");
    for op in ops() {
        for role in Role::ALL {
            for path in PATHS {
                table.cell(label(path, op.label, role), || {
                    let what = label(path, op.label, role);
                    let mut f = Fixture::with(MeetingConfig::default(), op.setup);
                    let command = (op.command)(&f);
                    match refusal(&command, role) {
                        None => {
                            let out =
                                expect_success(&mut f.w, path, actor(role), command, None, &what);
                            assert!((op.done)(&f, &out), "{what}: the change did not happen");
                        }
                        Some(expected) => {
                            expect_refusal(
                                &mut f.w,
                                path,
                                actor(role),
                                command,
                                None,
                                &expected,
                                &what,
                            );
                            assert_still_works(&mut f.w, &what);
                        }
                    }
                });
            }
        }
    }
    table.finish();
}

/// In a meeting that cannot have breakout rooms, every operation is refused with `error`
/// for every role, and keeps being refused the same way. The meeting itself still works:
/// a newcomer can join.
fn refuses_everything(config: MeetingConfig, table_name: &'static str, error: Error) {
    let mut table = Table::new(table_name);
    for op in ops() {
        for role in Role::ALL {
            for path in PATHS {
                table.cell(label(path, op.label, role), || {
                    let what = label(path, op.label, role);
                    let mut f = Fixture::bare(config.clone());
                    let command = (op.command)(&f);
                    for attempt in ["first", "second"] {
                        let what = format!("{what} ({attempt} attempt)");
                        let who = actor(role);
                        let cmd = command.clone();
                        expect_refusal(&mut f.w, path, who, cmd, None, &error, &what);
                    }
                    assert!(f.w.rooms().is_empty(), "{what}: rooms appeared");
                    assert_eq!(f.w.host.revision(), 0, "{what}: revision");
                    assert_eq!(f.w.host.settings(), Settings::default(), "{what}");
                    f.w.join("newcomer", Role::Attendee);
                    assert_eq!(
                        f.w.main_state("newcomer"),
                        CallState::Connected,
                        "{what}: a newcomer cannot join any more"
                    );
                });
            }
        }
    }
    table.finish();
}

/// (a) A group call has no breakout rooms: 400/46250 for everyone.
#[test]
fn group_call_refuses_every_operation_for_every_role() {
    refuses_everything(group_call(), "group call", Error::NotAMeeting);
}

/// (b) The meeting policy turns breakout rooms off: 405/46251 for everyone.
#[test]
fn disabled_meeting_refuses_every_operation_for_every_role() {
    let config = MeetingConfig {
        breakout_rooms_enabled: false,
        ..MeetingConfig::default()
    };
    refuses_everything(
        config,
        "breakout rooms disabled",
        Error::BreakoutRoomsDisabled,
    );
}

/// (c) A stale expectedRevision (behind or ahead) is a conflict for every operation; the
/// current one succeeds. Who may act is checked first: a participant who may not run the
/// command is refused for that, whatever revision they name.
#[test]
fn stale_revision_is_refused_and_current_revision_succeeds() {
    let mut table = Table::new("expectedRevision");
    for op in ops() {
        for role in Role::ALL {
            for path in PATHS {
                table.cell(label(path, op.label, role), || {
                    let what = label(path, op.label, role);
                    let mut f = Fixture::with(MeetingConfig::default(), op.setup);
                    let command = (op.command)(&f);
                    let current = f.w.host.revision();
                    let permission = refusal(&command, role);
                    for stale in [0, current - 1, current + 1, u64::MAX] {
                        let what = format!("{what} with expectedRevision {stale} of {current}");
                        let expected = permission.clone().unwrap_or(Error::StaleRevision {
                            expected: stale,
                            actual: current,
                        });
                        let who = actor(role);
                        let cmd = command.clone();
                        expect_refusal(&mut f.w, path, who, cmd, Some(stale), &expected, &what);
                    }
                    let what = format!("{what} with the current expectedRevision {current}");
                    match permission {
                        None => {
                            let out = expect_success(
                                &mut f.w,
                                path,
                                actor(role),
                                command,
                                Some(current),
                                &what,
                            );
                            assert!((op.done)(&f, &out), "{what}: the change did not happen");
                        }
                        Some(expected) => {
                            let who = actor(role);
                            let rev = Some(current);
                            expect_refusal(&mut f.w, path, who, command, rev, &expected, &what);
                            assert_still_works(&mut f.w, &what);
                        }
                    }
                });
            }
        }
    }
    table.finish();
}

/// One way a command's input can be wrong.
struct Invalid {
    label: &'static str,
    setup: Setup,
    command: fn(&Fixture) -> Command,
    error: fn(&Fixture) -> Error,
}

fn unknown_room(thread_id: &str) -> Error {
    Error::UnknownRoom {
        thread_id: thread_id.to_owned(),
    }
}

fn unknown_participant(name: &str) -> Error {
    Error::UnknownParticipant {
        participant: id(name).raw_id(),
    }
}

fn invalid_name(name: &str) -> Error {
    Error::InvalidRoomName {
        name: name.to_owned(),
        reason: String::new(),
    }
}

fn invalid(field: &str) -> Error {
    Error::InvalidArgument {
        field: field.to_owned(),
        reason: String::new(),
    }
}

fn too_many(what: Limit, limit: u64, requested: u64) -> Error {
    Error::LimitExceeded {
        what,
        limit,
        requested,
    }
}

fn invalid_role_change(name: &str) -> Error {
    Error::InvalidRoleChange {
        participant: id(name).raw_id(),
        reason: String::new(),
    }
}

fn rename(thread_id: &str, name: &str) -> Command {
    Command::RenameRoom {
        thread_id: thread_id.to_owned(),
        display_name: name.to_owned(),
    }
}

fn names(names: &[&str]) -> RoomSpec {
    RoomSpec::Names(names.iter().map(|n| n.to_string()).collect())
}

fn end_time(at: u64) -> Command {
    Command::UpdateSettings {
        settings: SettingsPatch {
            room_end_time: Some(Some(at)),
            ..SettingsPatch::default()
        },
    }
}

fn rules(rules: GroupingRules) -> Command {
    Command::AssignByRules { rules }
}

fn grant(name: &str, enabled: bool) -> Command {
    Command::SetBreakoutRoomManager {
        participant: id(name),
        enabled,
    }
}

/// Per-operation validation, in a meeting with small limits (4 rooms, 8 people, 10
/// characters per room name) that holds 2 rooms and 8 people.
fn invalid_inputs() -> Vec<Invalid> {
    use Setup::*;
    vec![
        // --- unknown threadId: 404/46902 ---
        Invalid {
            label: "renameRoom(unknown, 'Design')",
            setup: Standard,
            command: |_| rename(UNKNOWN_THREAD, "Design"),
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            label: "renameRoom(deleted Red, 'Design')",
            setup: NoRooms,
            command: |f| rename(&f.red, "Design"),
            error: |f| unknown_room(&f.red),
        },
        Invalid {
            label: "deleteRoom(unknown)",
            setup: Standard,
            command: |_| Command::DeleteRoom {
                thread_id: UNKNOWN_THREAD.into(),
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            label: "deleteRoom(already deleted Blue)",
            setup: NoRooms,
            command: |f| Command::DeleteRoom {
                thread_id: f.blue.clone(),
            },
            error: |f| unknown_room(&f.blue),
        },
        Invalid {
            label: "assignParticipants(unknown, [a3])",
            setup: Standard,
            command: |_| Command::AssignParticipants {
                thread_id: UNKNOWN_THREAD.into(),
                participants: vec![id("a3")],
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            // Red must not open although it comes first
            label: "openRooms([Red, unknown])",
            setup: Standard,
            command: |f| Command::OpenRooms {
                thread_ids: Some(vec![f.red.clone(), UNKNOWN_THREAD.into()]),
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            // Blue must not close although it comes first
            label: "closeRooms([Blue, unknown])",
            setup: Standard,
            command: |f| Command::CloseRooms {
                thread_ids: Some(vec![f.blue.clone(), UNKNOWN_THREAD.into()]),
                grace_seconds: None,
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        // --- unknown participant: 404/46903 ---
        Invalid {
            // a3 must not be assigned although they come first
            label: "assignParticipants(Blue, [a3, ghost])",
            setup: Standard,
            command: |f| Command::AssignParticipants {
                thread_id: f.blue.clone(),
                participants: vec![id("a3"), id("ghost")],
            },
            error: |_| unknown_participant("ghost"),
        },
        Invalid {
            // a2 must stay assigned although they come first
            label: "unassignParticipants([a2, ghost])",
            setup: Standard,
            command: |_| Command::UnassignParticipants {
                participants: vec![id("a2"), id("ghost")],
            },
            error: |_| unknown_participant("ghost"),
        },
        Invalid {
            label: "setBreakoutRoomManager(ghost, true)",
            setup: Standard,
            command: |_| grant("ghost", true),
            error: |_| unknown_participant("ghost"),
        },
        // --- room names: 400/46904, or 413/46905 when too long ---
        Invalid {
            label: "renameRoom(Red, '')",
            setup: Standard,
            command: |f| rename(&f.red, ""),
            error: |_| invalid_name(""),
        },
        Invalid {
            label: "renameRoom(Red, '   ')",
            setup: Standard,
            command: |f| rename(&f.red, "   "),
            error: |_| invalid_name("   "),
        },
        Invalid {
            label: "renameRoom(Red, 'Red\\nRoom')",
            setup: Standard,
            command: |f| rename(&f.red, "Red\nRoom"),
            error: |_| invalid_name("Red\nRoom"),
        },
        Invalid {
            label: "renameRoom(Red, 11 characters)",
            setup: Standard,
            command: |f| rename(&f.red, "Elevenchars"),
            error: |_| too_many(Limit::RoomNameChars, 10, 11),
        },
        Invalid {
            // characters, not bytes: 11 two-byte characters
            label: "renameRoom(Red, 11 non-ASCII characters)",
            setup: Standard,
            command: |f| rename(&f.red, "ééééééééééé"),
            error: |_| too_many(Limit::RoomNameChars, 10, 11),
        },
        Invalid {
            // Green must not be created either
            label: "createRooms(['Green', ' '])",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: names(&["Green", " "]),
            },
            error: |_| invalid_name(" "),
        },
        Invalid {
            label: "createRooms(['Green', 12 characters])",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: names(&["Green", "Twelve chars"]),
            },
            error: |_| too_many(Limit::RoomNameChars, 10, 12),
        },
        Invalid {
            // the old rooms must survive
            label: "recreateRooms(['\\t'])",
            setup: Standard,
            command: |_| Command::RecreateRooms {
                rooms: names(&["\t"]),
            },
            error: |_| invalid_name("\t"),
        },
        // --- no rooms asked for: 400/46908 on "rooms" ---
        Invalid {
            label: "createRooms(0)",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Count(0),
            },
            error: |_| invalid("rooms"),
        },
        Invalid {
            label: "createRooms([])",
            setup: Standard,
            command: |_| Command::CreateRooms { rooms: names(&[]) },
            error: |_| invalid("rooms"),
        },
        Invalid {
            label: "recreateRooms(0)",
            setup: Standard,
            command: |_| Command::RecreateRooms {
                rooms: RoomSpec::Count(0),
            },
            error: |_| invalid("rooms"),
        },
        Invalid {
            label: "recreateRooms([])",
            setup: Standard,
            command: |_| Command::RecreateRooms { rooms: names(&[]) },
            error: |_| invalid("rooms"),
        },
        // --- over the room limit (4, with 2 already): 413/46905 ---
        Invalid {
            label: "createRooms(3)",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Count(3),
            },
            error: |_| too_many(Limit::Rooms, 4, 5),
        },
        Invalid {
            label: "createRooms(['A', 'B', 'C'])",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: names(&["A", "B", "C"]),
            },
            error: |_| too_many(Limit::Rooms, 4, 5),
        },
        Invalid {
            // refused up front, not by running out of memory
            label: "createRooms(u32::MAX)",
            setup: Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Count(u32::MAX),
            },
            error: |_| too_many(Limit::Rooms, 4, 2 + u64::from(u32::MAX)),
        },
        Invalid {
            // recreate counts from zero: 5 alone is over 4
            label: "recreateRooms(5)",
            setup: Standard,
            command: |_| Command::RecreateRooms {
                rooms: RoomSpec::Count(5),
            },
            error: |_| too_many(Limit::Rooms, 4, 5),
        },
        // --- roomEndTime not in the future: 400/46908 on "roomEndTime" ---
        Invalid {
            label: "updateSettings({ roomEndTime: now - 1 })",
            setup: Standard,
            command: |f| end_time(f.w.now - 1),
            error: |_| invalid("roomEndTime"),
        },
        Invalid {
            label: "updateSettings({ roomEndTime: now })",
            setup: Standard,
            command: |f| end_time(f.w.now),
            error: |_| invalid("roomEndTime"),
        },
        Invalid {
            label: "updateSettings({ roomEndTime: 0 })",
            setup: Standard,
            command: |_| end_time(0),
            error: |_| invalid("roomEndTime"),
        },
        Invalid {
            // the valid half of the patch must not be applied either
            label: "updateSettings({ disableReturnToMainMeeting: true, roomEndTime: an hour ago })",
            setup: Standard,
            command: |f| Command::UpdateSettings {
                settings: SettingsPatch {
                    disable_return_to_main_meeting: Some(true),
                    room_end_time: Some(Some(f.w.now - 3_600_000)),
                    auto_move_participant_to_breakout_room: Some(false),
                    ..SettingsPatch::default()
                },
            },
            error: |_| invalid("roomEndTime"),
        },
        // --- closing countdowns (SPEC 11) ---
        Invalid {
            label: "closeRooms([unknown], { graceSeconds: 30 })",
            setup: Standard,
            command: |_| Command::CloseRooms {
                thread_ids: Some(vec![UNKNOWN_THREAD.into()]),
                grace_seconds: Some(30),
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            label: "closeRooms({ graceSeconds: a day and a second })",
            setup: Standard,
            command: |_| Command::CloseRooms {
                thread_ids: None,
                grace_seconds: Some(86_401),
            },
            error: |_| invalid("graceSeconds"),
        },
        Invalid {
            label: "extendClosing(60) with nothing closing",
            setup: Standard,
            command: |_| Command::ExtendClosing {
                thread_ids: None,
                seconds: 60,
            },
            error: |_| Error::NoPendingClose { thread_id: None },
        },
        Invalid {
            label: "extendClosing(60, [Red]) when only Blue is closing",
            setup: Closing,
            command: |f| Command::ExtendClosing {
                thread_ids: Some(vec![f.blue.clone(), f.red.clone()]),
                seconds: 60,
            },
            error: |f| Error::NoPendingClose {
                thread_id: Some(f.red.clone()),
            },
        },
        Invalid {
            label: "extendClosing(0)",
            setup: Closing,
            command: |_| Command::ExtendClosing {
                thread_ids: None,
                seconds: 0,
            },
            error: |_| invalid("seconds"),
        },
        Invalid {
            label: "extendClosing(60, [unknown])",
            setup: Closing,
            command: |_| Command::ExtendClosing {
                thread_ids: Some(vec![UNKNOWN_THREAD.into()]),
                seconds: 60,
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        Invalid {
            label: "cancelClosing() with nothing closing",
            setup: Standard,
            command: |_| Command::CancelClosing { thread_ids: None },
            error: |_| Error::NoPendingClose { thread_id: None },
        },
        Invalid {
            label: "cancelClosing([Blue, Red]) when only Blue is closing",
            setup: Closing,
            command: |f| Command::CancelClosing {
                thread_ids: Some(vec![f.blue.clone(), f.red.clone()]),
            },
            error: |f| Error::NoPendingClose {
                thread_id: Some(f.red.clone()),
            },
        },
        Invalid {
            label: "updateSettings({ closingWarningSeconds: 3601 })",
            setup: Standard,
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    closing_warning_seconds: Some(3_601),
                    ..SettingsPatch::default()
                },
            },
            error: |_| invalid("closingWarningSeconds"),
        },
        Invalid {
            label: "updateSettings({ roomDurationSeconds: 0 })",
            setup: Standard,
            command: |_| Command::UpdateSettings {
                settings: SettingsPatch {
                    room_duration_seconds: Some(Some(0)),
                    ..SettingsPatch::default()
                },
            },
            error: |_| invalid("roomDurationSeconds"),
        },
        Invalid {
            // either the end time or a duration, not both at once
            label: "updateSettings({ roomEndTime: in a minute, roomDurationSeconds: 60 })",
            setup: Standard,
            command: |f| Command::UpdateSettings {
                settings: SettingsPatch {
                    room_end_time: Some(Some(f.w.now + 60_000)),
                    room_duration_seconds: Some(Some(60)),
                    ..SettingsPatch::default()
                },
            },
            error: |_| invalid("roomDurationSeconds"),
        },
        // --- grouping rules (SPEC 11) ---
        Invalid {
            label: "assignAutomatically({ rooms: 2, perRoom: 2 })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    rooms: Some(2),
                    per_room: Some(2),
                    ..GroupingRules::default()
                })
            },
            error: |_| invalid("perRoom"),
        },
        Invalid {
            label: "assignAutomatically({ rooms: 0 })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    rooms: Some(0),
                    ..GroupingRules::default()
                })
            },
            error: |_| invalid("rooms"),
        },
        Invalid {
            label: "assignAutomatically({ perRoom: 0 })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    per_room: Some(0),
                    ..GroupingRules::default()
                })
            },
            error: |_| invalid("perRoom"),
        },
        Invalid {
            label: "assignAutomatically({ together: [[att, att]] })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    together: vec![vec![id("a3"), id("cand")], vec![id("att"), id("att")]],
                    ..GroupingRules::default()
                })
            },
            error: |_| invalid("together[1]"),
        },
        Invalid {
            label: "assignAutomatically({ apart: [[att, ghost]] })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    apart: vec![vec![id("att"), id("ghost")]],
                    ..GroupingRules::default()
                })
            },
            error: |_| unknown_participant("ghost"),
        },
        Invalid {
            // the meeting allows 4 rooms
            label: "assignAutomatically({ rooms: 5 })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    rooms: Some(5),
                    ..GroupingRules::default()
                })
            },
            error: |_| too_many(Limit::Rooms, 4, 5),
        },
        Invalid {
            // att, a3 and cand need three rooms more than Red and Blue: 5 of 4
            label: "assignAutomatically({ perRoom: 1 })",
            setup: Standard,
            command: |_| {
                rules(GroupingRules {
                    per_room: Some(1),
                    ..GroupingRules::default()
                })
            },
            error: |_| too_many(Limit::Rooms, 4, 5),
        },
        Invalid {
            label: "assignAutomatically({ avoidRepeats: true }) with no rooms",
            setup: NoRooms,
            command: |_| {
                rules(GroupingRules {
                    avoid_repeats: true,
                    ..GroupingRules::default()
                })
            },
            error: |_| Error::NoRooms,
        },
        // --- organizers and co-organizers manage by their role: 400/46912 ---
        Invalid {
            label: "setBreakoutRoomManager(org, true)",
            setup: Standard,
            command: |_| grant("org", true),
            error: |_| invalid_role_change("org"),
        },
        Invalid {
            label: "setBreakoutRoomManager(org, false)",
            setup: Standard,
            command: |_| grant("org", false),
            error: |_| invalid_role_change("org"),
        },
        Invalid {
            label: "setBreakoutRoomManager(co, true)",
            setup: Standard,
            command: |_| grant("co", true),
            error: |_| invalid_role_change("co"),
        },
        Invalid {
            label: "setBreakoutRoomManager(co, false)",
            setup: Standard,
            command: |_| grant("co", false),
            error: |_| invalid_role_change("co"),
        },
        // --- nowhere to assign to: 409/46911 ---
        Invalid {
            label: "assignAutomatically({ seed: 7 }) with no rooms",
            setup: NoRooms,
            command: |_| Command::AssignAutomatically { seed: Some(7) },
            error: |_| Error::NoRooms,
        },
        Invalid {
            label: "assignAutomatically() with no rooms",
            setup: NoRooms,
            command: |_| Command::AssignAutomatically { seed: None },
            error: |_| Error::NoRooms,
        },
    ]
}

/// (d) Bad input to each operation is refused with its own error, whichever role that may
/// run the operation sends it, and changes nothing.
#[test]
fn invalid_input_is_refused_and_changes_nothing() {
    let mut table = Table::new("invalid input");
    for row in invalid_inputs() {
        for role in MANAGERS {
            for path in PATHS {
                table.cell(label(path, row.label, role), || {
                    let what = label(path, row.label, role);
                    let mut f = Fixture::with(small_limits(), row.setup);
                    let command = (row.command)(&f);
                    let expected = refusal(&command, role).unwrap_or_else(|| (row.error)(&f));
                    let who = actor(role);
                    expect_refusal(&mut f.w, path, who, command, None, &expected, &what);
                    assert_still_works(&mut f.w, &what);
                });
            }
        }
    }
    table.finish();
}

/// Limits are inclusive: exactly at the limit is fine (the other side of (d)).
#[test]
fn exactly_at_the_limits_succeeds() {
    let rows: Vec<Op> = vec![
        Op {
            label: "createRooms(2) up to the limit of 4",
            setup: Setup::Standard,
            command: |_| Command::CreateRooms {
                rooms: RoomSpec::Count(2),
            },
            done: |f, out| f.w.rooms().len() == 4 && out.rooms.len() == 2,
        },
        Op {
            label: "recreateRooms(4) up to the limit of 4",
            setup: Setup::Standard,
            command: |_| Command::RecreateRooms {
                rooms: RoomSpec::Count(4),
            },
            done: |f, out| f.w.rooms().len() == 4 && out.rooms.len() == 4,
        },
        Op {
            label: "renameRoom(Red, 10 characters)",
            setup: Setup::Standard,
            command: |f| rename(&f.red, "Tenchars!!"),
            done: |f, _| {
                f.room(&f.red)
                    .is_some_and(|r| r.display_name == "Tenchars!!")
            },
        },
        Op {
            label: "renameRoom(Red, 10 characters between spaces), stored trimmed",
            setup: Setup::Standard,
            command: |f| rename(&f.red, "  Tenchars!!  "),
            done: |f, _| {
                f.room(&f.red)
                    .is_some_and(|r| r.display_name == "Tenchars!!")
            },
        },
        Op {
            label: "createRooms([10 non-ASCII characters])",
            setup: Setup::Standard,
            command: |_| Command::CreateRooms {
                rooms: names(&["éééééééééé"]),
            },
            done: |f, out| f.w.rooms().len() == 3 && out.rooms[0].display_name == "éééééééééé",
        },
        Op {
            label: "updateSettings({ roomEndTime: now + 1 })",
            setup: Setup::Standard,
            command: |f| end_time(f.w.now + 1),
            done: |f, _| f.w.host.settings().room_end_time == Some(f.w.now + 1),
        },
    ];
    let mut table = Table::new("at the limits");
    for row in rows {
        for path in PATHS {
            table.cell(label(path, row.label, Role::Organizer), || {
                let what = label(path, row.label, Role::Organizer);
                let mut f = Fixture::with(small_limits(), row.setup);
                let command = (row.command)(&f);
                let out = expect_success(&mut f.w, path, "org", command, None, &what);
                assert!((row.done)(&f, &out), "{what}: the change did not happen");
            });
        }
    }
    table.finish();
}

/// (d) Going over the participant limit refuses the join: the newcomer's main call ends
/// Disconnected and the meeting does not change. People the meeting already knows may
/// still come back, and management keeps working.
#[test]
fn joining_over_the_participant_limit_is_refused() {
    let mut f = Fixture::new(small_limits()); // 8 of 8
    let before = snapshot(&f.w);

    f.w.add("late", Role::Attendee);
    f.w.drive();
    assert_eq!(f.w.main_state("late"), CallState::Disconnected);
    assert!(!f.w.host.present().any(|p| *p == id("late")));
    assert!(
        f.w.events("late")
            .iter()
            .all(|e| matches!(e, Event::StateChanged { .. })),
        "the refused newcomer heard {:?}",
        f.w.events("late")
    );
    let mut expected = before;
    expected.people.push(("late".into(), None, None, None));
    assert_eq!(
        snapshot(&f.w),
        expected,
        "the refused join changed the meeting"
    );
    assert_eq!(
        f.w.run("late", |c| c
            .manage(Command::OpenRooms { thread_ids: None }, None)),
        Err(Error::NotConnected),
        "a refused participant cannot manage"
    );

    // The exact refusal, straight from the host.
    let join = |name: &str| ClientMessage::Join {
        participant: id(name),
        display_name: name.to_owned(),
        role: Role::Attendee,
        resume: false,
        token: None,
    };
    let stranger = PeerId(1_000);
    f.w.host.handle_message(f.w.now, stranger, join("late2"));
    let reply = f.w.host.poll_transmit().expect("a reply to the join");
    assert_eq!(reply.to, stranger);
    let HostMessage::JoinRefused { error } = reply.message else {
        panic!("expected JoinRefused, got {:?}", reply.message);
    };
    assert_error(
        &error,
        &too_many(Limit::Participants, 8, 9),
        "join over the limit",
    );
    assert_eq!(f.w.host.poll_transmit(), None);

    // Someone who was here before comes back: still 8 known people.
    f.w.disconnect("a3");
    f.w.host.handle_message(f.w.now, PeerId(1_001), join("a3"));
    let reply = f.w.host.poll_transmit().expect("a reply to the rejoin");
    assert!(
        matches!(reply.message, HostMessage::Welcome { .. }),
        "a known participant could not rejoin a full meeting: {:?}",
        reply.message
    );
    while f.w.host.poll_transmit().is_some() {}

    assert_still_works(&mut f.w, "after a refused join");
}

// ---------------------------------------------------------------------------------------
// Workshop actions (SPEC 11): broadcast, ask for help, acknowledge, visit a room. They
// change no room or setting, so they leave the revision alone; refusals change nothing.
// ---------------------------------------------------------------------------------------

/// A workshop action or a visit, as the host takes it and as a client sends it.
#[derive(Clone, Debug)]
enum Act {
    Do(WorkshopAction),
    Visit(String),
}

impl Act {
    fn name(&self) -> &'static str {
        match self {
            Act::Do(action) => action.name(),
            Act::Visit(_) => "visitRoom",
        }
    }
}

/// Who may act (SPEC 11): managers, or anyone inside a room.
fn act_refusal(act: &Act, role: Role) -> Option<Error> {
    let for_managers = match act {
        Act::Do(action) => action.needs_manager(),
        Act::Visit(_) => true,
    };
    (for_managers && !role.is_manager()).then(|| Error::NotAManager {
        operation: act.name().to_owned(),
    })
}

/// Runs `act` as `actor` and lets everything settle; a refusal must reach no one else.
fn run_act(w: &mut World, path: Path, actor: &str, act: Act, what: &str) -> Result<(), Error> {
    w.drive();
    w.clear_events();
    let result = match (path, act) {
        (Path::Host, Act::Do(action)) => {
            let (peer, now) = (w.people[w.index(actor)].peer, w.now);
            let result = w.host.act(now, peer, &action);
            if result.is_err() {
                let sent = w.host.poll_transmit();
                assert!(sent.is_none(), "{what}: the refusal sent {sent:?}");
            }
            w.drive();
            result
        }
        (Path::Host, Act::Visit(thread_id)) => {
            let (peer, now) = (w.people[w.index(actor)].peer, w.now);
            let message = ClientMessage::VisitRoom { thread_id };
            w.host.handle_message(now, peer, message);
            let answer = w.host.poll_transmit().expect("an answer to the visit");
            assert_eq!(answer.to, peer, "{what}: answered to the visitor");
            let after = w.host.poll_transmit();
            let result = match answer.message {
                HostMessage::Entered { .. } => Ok(()),
                HostMessage::Refused { error, .. } => {
                    assert!(after.is_none(), "{what}: the refusal sent {after:?}");
                    Err(error)
                }
                other => panic!("{what}: a visit answered with {other:?}"),
            };
            // The visitor's client did not ask: it hears no more of it than the host says.
            w.drive();
            result
        }
        (Path::Client, Act::Do(WorkshopAction::RequestHelp)) => {
            w.run(actor, |c| c.request_help()).map(|_| ())
        }
        (Path::Client, Act::Do(action)) => w.run(actor, |c| c.workshop(action)).map(|_| ()),
        (Path::Client, Act::Visit(thread_id)) => {
            w.run(actor, |c| c.visit_room(&thread_id)).map(|_| ())
        }
    };
    if result.is_err() {
        for p in &w.people {
            let heard: Vec<&Event> = p
                .events
                .iter()
                .map(|(_, e)| e)
                .filter(|e| !(p.name == actor && matches!(e, Event::Completed { .. })))
                .collect();
            assert!(
                heard.is_empty(),
                "{what}: after the refusal {} heard {heard:?}",
                p.name
            );
        }
    }
    result
}

struct ActRow {
    label: &'static str,
    /// Readies the fixture for `actor` (not counted as the action).
    setup: fn(&mut Fixture, &str),
    act: fn(&Fixture) -> Act,
    /// Whether the action did what it says, looked at after it succeeded.
    done: fn(&Fixture, &str) -> bool,
}

fn broadcasts_heard(f: &Fixture, name: &str) -> Vec<String> {
    f.w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::Broadcast(b) => Some(format!("{}: {}", b.sender.display_name, b.text)),
            _ => None,
        })
        .collect()
}

fn help_heard(f: &Fixture, name: &str) -> Vec<Option<HelpRequest>> {
    f.w.events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::HelpRequest { request, .. } => Some(request.map(|r| HelpRequest::clone(&r))),
            _ => None,
        })
        .collect()
}

fn no_setup(_: &mut Fixture, _: &str) {}

/// `name` is assigned to Blue, which is open: they move in.
fn into_blue(f: &mut Fixture, name: &str) {
    let assign = Command::AssignParticipants {
        thread_id: f.blue.clone(),
        participants: vec![id(name)],
    };
    f.w.manage("org", assign).expect("into Blue");
    assert_eq!(f.place(name), Some(f.in_room(&f.blue)), "{name} in Blue");
}

/// a2, in Blue, asks for help.
fn a2_asks(f: &mut Fixture, _: &str) {
    f.w.run("a2", |c| c.request_help())
        .expect("a2 asks for help");
}

fn act_rows() -> Vec<ActRow> {
    vec![
        ActRow {
            label: "broadcast('Five minutes left')",
            setup: no_setup,
            // every room: a2 in Blue hears it; nobody in the main meeting does
            act: |_| {
                Act::Do(WorkshopAction::Broadcast {
                    text: "  Five minutes left ".into(),
                    thread_ids: None,
                    main_meeting: false,
                })
            },
            done: |f, actor| {
                let heard = [format!("{actor}: Five minutes left")];
                broadcasts_heard(f, "a2") == heard
                    && ["org", "a1", "a3", "att", "cand"]
                        .iter()
                        .all(|n| broadcasts_heard(f, n).is_empty())
            },
        },
        ActRow {
            label: "broadcast('Back soon', { threadIds: [Red], mainMeeting: true })",
            setup: no_setup,
            // Red is empty; the main meeting hears it, Blue does not
            act: |f| {
                Act::Do(WorkshopAction::Broadcast {
                    text: "Back soon".into(),
                    thread_ids: Some(vec![f.red.clone()]),
                    main_meeting: true,
                })
            },
            done: |f, actor| {
                let heard = [format!("{actor}: Back soon")];
                broadcasts_heard(f, "a1") == heard
                    && broadcasts_heard(f, "cand") == heard
                    && broadcasts_heard(f, "a2").is_empty()
            },
        },
        ActRow {
            label: "requestHelp() from Blue",
            setup: into_blue,
            act: |_| Act::Do(WorkshopAction::RequestHelp),
            done: |f, actor| {
                let requests = f.w.host.help_requests();
                let asked = requests.len() == 1
                    && requests[0].thread_id == f.blue
                    && requests[0].askers == [id(actor)];
                // managers hear who and where; the asker hears their own request; a2 in
                // Blue who did not ask, and everyone else, hear nothing
                let org = help_heard(f, "org");
                asked
                    && org.len() == 1
                    && org[0].as_ref() == requests.first()
                    && !help_heard(f, actor).is_empty()
                    && help_heard(f, "a2").is_empty()
                    && help_heard(f, "a1").is_empty()
            },
        },
        ActRow {
            label: "acknowledgeHelp(Blue)",
            setup: a2_asks,
            act: |f| {
                Act::Do(WorkshopAction::AcknowledgeHelp {
                    thread_id: f.blue.clone(),
                })
            },
            done: |f, actor| {
                let requests = f.w.host.help_requests();
                let acknowledged = requests.len() == 1
                    && requests[0].acknowledged_by == Some(id(actor))
                    && requests[0].askers == [id("a2")];
                let a2 = help_heard(f, "a2");
                acknowledged
                    && a2.len() == 1
                    && a2[0].as_ref().and_then(|r| r.acknowledged_by.clone()) == Some(id(actor))
                    && help_heard(f, "a1").is_empty()
            },
        },
        ActRow {
            label: "visitRoom(Blue)",
            setup: no_setup,
            // in Blue without being assigned; a2 there sees the visitor
            act: |f| Act::Visit(f.blue.clone()),
            done: |f, actor| {
                f.place(actor) == Some(f.in_room(&f.blue))
                    && f.assignment(actor).is_none()
                    && f.w.remote_names("a2", true).contains(&actor.to_owned())
                    && f.w
                        .host
                        .rooms()
                        .iter()
                        .all(|r| r.invitees.as_ref().is_some_and(|i| !i.contains(&id(actor))))
            },
        },
    ]
}

/// Every workshop action times every role, both ways: managers may do all of them;
/// attendees may only ask for help. No success moves the revision.
#[test]
fn every_workshop_action_for_every_role() {
    let mut table = Table::new("workshop action x role");
    for row in act_rows() {
        for role in Role::ALL {
            for path in PATHS {
                table.cell(label(path, row.label, role), || {
                    let what = label(path, row.label, role);
                    let who = actor(role);
                    let mut f = Fixture::new(MeetingConfig::default());
                    (row.setup)(&mut f, who);
                    let act = (row.act)(&f);
                    match act_refusal(&act, role) {
                        None => {
                            let before = f.w.host.revision();
                            run_act(&mut f.w, path, who, act, &what)
                                .unwrap_or_else(|e| panic!("{what}: refused with {e}"));
                            assert_eq!(f.w.host.revision(), before, "{what}: revision");
                            assert!((row.done)(&f, who), "{what}: it did not happen");
                        }
                        Some(expected) => {
                            let before = snapshot(&f.w);
                            let error = run_act(&mut f.w, path, who, act, &what)
                                .expect_err("an attendee is refused");
                            assert_error(&error, &expected, &what);
                            assert_eq!(snapshot(&f.w), before, "{what}: changed the meeting");
                            assert_still_works(&mut f.w, &what);
                        }
                    }
                });
            }
        }
    }
    table.finish();
}

struct InvalidAct {
    label: &'static str,
    setup: fn(&mut Fixture, &str),
    act: fn(&Fixture) -> Act,
    error: fn(&Fixture) -> Error,
}

fn broadcast(text: &str) -> Act {
    Act::Do(WorkshopAction::Broadcast {
        text: text.to_owned(),
        thread_ids: None,
        main_meeting: false,
    })
}

/// Ten broadcasts a minute are allowed: the fixture's actor has sent them all.
fn ten_broadcasts(f: &mut Fixture, actor: &str) {
    for i in 0..10 {
        let act = broadcast(&format!("number {i}"));
        run_act(
            &mut f.w,
            Path::Host,
            actor,
            act,
            "a broadcast within the limit",
        )
        .expect("within the rate limit");
    }
}

fn invalid_acts() -> Vec<InvalidAct> {
    vec![
        InvalidAct {
            label: "broadcast('')",
            setup: no_setup,
            act: |_| broadcast(""),
            error: |_| invalid("text"),
        },
        InvalidAct {
            label: "broadcast('  \\n ')",
            setup: no_setup,
            act: |_| broadcast("  \n "),
            error: |_| invalid("text"),
        },
        InvalidAct {
            label: "broadcast('ring\\u{7}')",
            setup: no_setup,
            act: |_| broadcast("ring\u{7}"),
            error: |_| invalid("text"),
        },
        InvalidAct {
            label: "broadcast(501 characters)",
            setup: no_setup,
            act: |_| broadcast(&"é".repeat(501)),
            error: |_| too_many(Limit::BroadcastChars, 500, 501),
        },
        InvalidAct {
            label: "broadcast('Hi', { threadIds: [Blue, unknown] })",
            setup: no_setup,
            act: |f| {
                Act::Do(WorkshopAction::Broadcast {
                    text: "Hi".into(),
                    thread_ids: Some(vec![f.blue.clone(), UNKNOWN_THREAD.into()]),
                    main_meeting: false,
                })
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        InvalidAct {
            label: "broadcast('Hi') as the eleventh in a minute",
            setup: ten_broadcasts,
            act: |_| broadcast("Hi"),
            error: |_| Error::RateLimited {
                operation: "broadcast".into(),
                limit: 10,
                retry_after_ms: 60_000,
            },
        },
        InvalidAct {
            label: "acknowledgeHelp(Blue) when nobody asked",
            setup: no_setup,
            act: |f| {
                Act::Do(WorkshopAction::AcknowledgeHelp {
                    thread_id: f.blue.clone(),
                })
            },
            error: |f| Error::NoHelpRequest {
                thread_id: f.blue.clone(),
            },
        },
        InvalidAct {
            label: "acknowledgeHelp(unknown)",
            setup: a2_asks,
            act: |_| {
                Act::Do(WorkshopAction::AcknowledgeHelp {
                    thread_id: UNKNOWN_THREAD.into(),
                })
            },
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
        InvalidAct {
            label: "requestHelp() from the main meeting",
            setup: no_setup,
            act: |_| Act::Do(WorkshopAction::RequestHelp),
            error: |_| Error::NotInARoom {
                operation: "requestHelp".into(),
            },
        },
        InvalidAct {
            label: "visitRoom(Red), which is closed",
            setup: no_setup,
            act: |f| Act::Visit(f.red.clone()),
            error: |f| Error::RoomClosed {
                thread_id: f.red.clone(),
            },
        },
        InvalidAct {
            label: "visitRoom(unknown)",
            setup: no_setup,
            act: |_| Act::Visit(UNKNOWN_THREAD.into()),
            error: |_| unknown_room(UNKNOWN_THREAD),
        },
    ]
}

/// Bad input to each workshop action is refused with its own error, from every role that
/// may act, both ways, and changes nothing; the meeting still works afterwards.
#[test]
fn invalid_workshop_input_is_refused_and_changes_nothing() {
    let mut table = Table::new("invalid workshop input");
    for row in invalid_acts() {
        for role in MANAGERS {
            for path in PATHS {
                table.cell(label(path, row.label, role), || {
                    let what = label(path, row.label, role);
                    let who = actor(role);
                    let mut f = Fixture::new(MeetingConfig::default());
                    (row.setup)(&mut f, who);
                    let act = (row.act)(&f);
                    let expected = (row.error)(&f);
                    let before = snapshot(&f.w);
                    let error =
                        run_act(&mut f.w, path, who, act, &what).expect_err("the input is refused");
                    assert_error(&error, &expected, &what);
                    assert_eq!(snapshot(&f.w), before, "{what}: changed the meeting");
                    assert_still_works(&mut f.w, &what);
                });
            }
        }
    }
    table.finish();
}
