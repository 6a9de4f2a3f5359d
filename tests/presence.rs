//! Remote participants in one process ([`LocalMeeting`], shared rosters): under random
//! joins, departures, moves, role changes and clock ticks, with any cap of listed people,
//! every client's list is whom the host lists in its place (everyone there, when they are
//! no more than the cap; else the first by role and arrival, never more than the cap), and
//! a watched client's `RemoteParticipantsUpdated` events replay to that list. Then the work
//! a join or a room opening causes, counted (not timed) at two sizes within and past the
//! cap, and the participant limit.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use breakout_rooms::core::{
    CallId, CallState, Client, ClientConfig, Command, Error, Event, Identifier, Limit, Limits,
    LocalMeeting, MeetingConfig, MeetingKind, PeerId, Place, Role, RoomSpec, SettingsPatch,
};
use proptest::prelude::*;

const T0: u64 = 1_700_000_000_000;
/// Participant 0 is the organizer; the others are attendees.
const PEOPLE: usize = 7;

fn ident(k: usize) -> Identifier {
    Identifier::communication_user(format!("8:acs:p{k}"))
}

fn config(k: usize, seed: u64) -> ClientConfig {
    ClientConfig {
        identifier: ident(k),
        display_name: format!("p{k}"),
        role: if k == 0 {
            Role::Organizer
        } else {
            Role::Attendee
        },
        kind: MeetingKind::Meeting,
        seed,
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Joins (again) if not in the meeting, watched or not.
    Join(usize, bool),
    /// Hangs up the main call.
    HangUp(usize),
    /// The page goes away: [`LocalMeeting::remove`].
    Remove(usize),
    Watch(usize, bool),
    Create(u32),
    Assign(usize, usize),
    Unassign(usize),
    Open(Option<usize>),
    Close(Option<usize>),
    Delete(usize),
    AutoMove(bool),
    EnterRoom(usize),
    Return(usize),
    /// The organizer makes someone a breakout room manager, or not.
    Grant(usize, bool),
    /// The clock moves on, firing what is due.
    Tick(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 1..PEOPLE;
    prop_oneof![
        4 => (who.clone(), any::<bool>()).prop_map(|(k, w)| Op::Join(k, w)),
        1 => who.clone().prop_map(Op::HangUp),
        1 => who.clone().prop_map(Op::Remove),
        1 => (0..PEOPLE, any::<bool>()).prop_map(|(k, w)| Op::Watch(k, w)),
        1 => (1..3u32).prop_map(Op::Create),
        3 => (who.clone(), 0..4usize).prop_map(|(k, r)| Op::Assign(k, r)),
        1 => who.clone().prop_map(Op::Unassign),
        2 => proptest::option::of(0..4usize).prop_map(Op::Open),
        1 => proptest::option::of(0..4usize).prop_map(Op::Close),
        1 => (0..4usize).prop_map(Op::Delete),
        1 => any::<bool>().prop_map(Op::AutoMove),
        2 => who.clone().prop_map(Op::EnterRoom),
        1 => who.clone().prop_map(Op::Return),
        1 => (who, any::<bool>()).prop_map(|(k, on)| Op::Grant(k, on)),
        2 => (100..700u64).prop_map(Op::Tick),
    ]
}

/// The lists a watched client's events have built, per call.
type Replayed = BTreeMap<CallId, BTreeSet<Identifier>>;

struct Sim {
    m: LocalMeeting,
    /// Each participant's current client.
    peer: BTreeMap<usize, PeerId>,
    /// Clients that watch, with what their events have told.
    replayed: BTreeMap<PeerId, Replayed>,
    seed: u64,
    now: u64,
    cap: usize,
    /// Where each participant is as the host has it, and the step they arrived there.
    arrived: BTreeMap<usize, (Place, u64)>,
    step: u64,
}

impl Sim {
    fn new(cap: u32, refresh: u32) -> Self {
        let limits = Limits {
            max_visible_participants: cap,
            visible_refresh_ms: refresh,
            ..Limits::default()
        };
        let mut sim = Sim {
            m: LocalMeeting::new(MeetingConfig {
                limits,
                ..MeetingConfig::default()
            }),
            peer: BTreeMap::new(),
            replayed: BTreeMap::new(),
            seed: 0,
            now: T0,
            cap: cap as usize,
            arrived: BTreeMap::new(),
            step: 0,
        };
        sim.join(0, true);
        sim
    }

    fn client(&mut self, k: usize) -> Option<&mut Client> {
        let peer = *self.peer.get(&k)?;
        self.m.client_mut(peer)
    }

    fn in_meeting(&self, k: usize) -> bool {
        self.peer
            .get(&k)
            .and_then(|p| self.m.client(*p))
            .is_some_and(|c| c.main_call().state != CallState::Disconnected)
    }

    fn join(&mut self, k: usize, watched: bool) {
        if self.in_meeting(k) {
            return;
        }
        self.seed += 1;
        let peer = self.m.add(config(k, self.seed)).expect("a new client");
        self.m.watch(peer, watched);
        self.peer.insert(k, peer);
        if watched {
            self.replayed.insert(peer, Replayed::new());
        }
    }

    fn manage(&mut self, command: Command) {
        if let Some(org) = self.client(0) {
            let _ = org.manage(command, None);
        }
    }

    fn thread(&self, r: usize) -> Option<String> {
        let rooms = self.m.host().expect("hosted here").rooms();
        (!rooms.is_empty()).then(|| rooms[r % rooms.len()].thread_id.clone())
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Join(k, watched) => self.join(k, watched),
            Op::HangUp(k) => {
                if let Some(c) = self.client(k) {
                    let main = c.main_call().id.clone();
                    let _ = c.hang_up(&main);
                }
            }
            Op::Remove(k) => {
                if let Some(peer) = self.peer.remove(&k) {
                    self.m.remove(self.now, peer);
                    self.replayed.remove(&peer);
                }
            }
            Op::Watch(k, on) => {
                let Some(&peer) = self.peer.get(&k) else {
                    return;
                };
                self.m.watch(peer, on);
                if !on {
                    self.replayed.remove(&peer);
                } else if !self.replayed.contains_key(&peer) {
                    // Watching starts from the list as it is now.
                    let c = self.m.client(peer).expect("present");
                    let lists = calls(c)
                        .into_iter()
                        .map(|id| (id.clone(), shown(c, &id)))
                        .collect();
                    self.replayed.insert(peer, lists);
                }
            }
            Op::Create(n) => self.manage(Command::CreateRooms {
                rooms: RoomSpec::Count(n),
            }),
            Op::Assign(k, r) => {
                if let Some(thread_id) = self.thread(r) {
                    self.manage(Command::AssignParticipants {
                        thread_id,
                        participants: vec![ident(k)],
                    });
                }
            }
            Op::Unassign(k) => self.manage(Command::UnassignParticipants {
                participants: vec![ident(k)],
            }),
            Op::Open(r) | Op::Close(r) => {
                let thread_ids = match r {
                    Some(r) => match self.thread(r) {
                        Some(t) => Some(vec![t]),
                        None => return,
                    },
                    None => None,
                };
                self.manage(if matches!(op, Op::Open(_)) {
                    Command::OpenRooms { thread_ids }
                } else {
                    // At once: this property is about who sees whom as rooms empty.
                    Command::CloseRooms {
                        thread_ids,
                        grace_seconds: Some(0),
                    }
                });
            }
            Op::Delete(r) => {
                if let Some(thread_id) = self.thread(r) {
                    self.manage(Command::DeleteRoom { thread_id });
                }
            }
            Op::AutoMove(on) => self.manage(Command::UpdateSettings {
                settings: SettingsPatch {
                    auto_move_participant_to_breakout_room: Some(on),
                    ..SettingsPatch::default()
                },
            }),
            Op::EnterRoom(k) => {
                if let Some(c) = self.client(k) {
                    let _ = c.join_breakout_room();
                }
            }
            Op::Return(k) => {
                if let Some(c) = self.client(k) {
                    let _ = c.return_to_main_meeting();
                }
            }
            Op::Grant(k, enabled) => self.manage(Command::SetBreakoutRoomManager {
                participant: ident(k),
                enabled,
            }),
            Op::Tick(ms) => {
                self.now += ms;
                self.m.handle_timeout(self.now);
            }
        }
    }

    /// Pumps, replaying every `RemoteParticipantsUpdated` onto the watcher's lists.
    fn pump(&mut self) -> Result<(), TestCaseError> {
        for (peer, event) in self.m.pump(self.now) {
            let Event::RemoteParticipantsUpdated {
                call,
                added,
                removed,
            } = event
            else {
                continue;
            };
            let lists = self.replayed.get_mut(&peer);
            prop_assert!(lists.is_some(), "{peer:?} does not watch, yet was told");
            let list = lists.expect("checked").entry(call).or_default();
            prop_assert!(!added.is_empty() || !removed.is_empty(), "an empty update");
            for m in removed {
                prop_assert!(list.remove(&m.identifier), "{peer:?}: {m:?} removed twice");
            }
            for m in added {
                prop_assert!(
                    list.insert(m.identifier.clone()),
                    "{peer:?}: {m:?} added twice"
                );
            }
        }
        Ok(())
    }

    /// Notes who arrived where in the step just taken.
    fn track(&mut self) {
        let host = self.m.host().expect("hosted here");
        for k in 0..PEOPLE {
            match host.place_of(&ident(k)) {
                Some(at) if self.arrived.get(&k).is_some_and(|(was, _)| *was == at) => {}
                Some(at) => {
                    self.arrived.insert(k, (at, self.step));
                }
                None => {
                    self.arrived.remove(&k);
                }
            }
        }
        self.step += 1;
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let host = self.m.host().expect("hosted here");
        let place_of = |k: usize| host.place_of(&ident(k));
        let members = |at: &Place| -> BTreeSet<usize> {
            (0..PEOPLE)
                .filter(|j| place_of(*j).as_ref() == Some(at))
                .collect()
        };
        let others_in = |k: usize, at: &Place| -> BTreeSet<Identifier> {
            members(at)
                .into_iter()
                .filter(|j| *j != k)
                .map(ident)
                .collect()
        };
        let listed = |at: &Place| host.listed(at).expect("a place that exists");
        for (&k, &peer) in &self.peer {
            let c = self.m.client(peer).expect("a client of the meeting");
            let main = c.main_call();
            let breakout = c.breakout_call().filter(|b| b.state.is_active());
            // Whom the host lists where the participant is, but the participant.
            let want = |at: &Place| -> BTreeSet<Identifier> {
                let mut want: BTreeSet<Identifier> = listed(at).0.into_iter().collect();
                want.remove(&ident(k));
                want
            };
            let (want_main, want_room) = match place_of(k) {
                Some(at @ Place::Main) if main.state.is_active() => (want(&at), None),
                Some(at @ Place::Room { .. }) => {
                    let b = breakout.expect("someone in a room has a breakout call");
                    prop_assert_eq!(
                        b.thread_id.as_deref(),
                        match &at {
                            Place::Room { thread_id } => Some(thread_id.as_str()),
                            Place::Main => None,
                        }
                    );
                    (BTreeSet::new(), Some(want(&at)))
                }
                _ => (BTreeSet::new(), None),
            };
            prop_assert_eq!(shown(c, &main.id), want_main, "p{} main", k);
            if let Some(b) = c.breakout_call() {
                let want = want_room.clone().unwrap_or_default();
                prop_assert_eq!(shown(c, &b.id), want, "p{} room", k);
            }
            // Never more than the cap; everyone else there while they are within it; the
            // head count the host published.
            if let Some(at) = place_of(k) {
                let call = match (&at, c.breakout_call()) {
                    (Place::Room { .. }, Some(b)) => b.id.clone(),
                    _ => main.id.clone(),
                };
                let list = shown(c, &call);
                prop_assert!(
                    list.len() <= self.cap,
                    "p{} lists {} past the cap",
                    k,
                    list.len()
                );
                if members(&at).len() <= self.cap
                    && c.call(&call).is_some_and(|x| x.state.is_active())
                {
                    prop_assert_eq!(&list, &others_in(k, &at), "p{} within the cap", k);
                }
                if c.call(&call).is_some_and(|x| x.state.is_active()) {
                    let total = listed(&at).1.map_or(list.len() + 1, |t| t as usize);
                    prop_assert_eq!(
                        c.total_participant_count(&call),
                        total,
                        "p{}'s head count",
                        k
                    );
                }
            }
            if let Some(lists) = self.replayed.get(&peer) {
                for id in calls(c) {
                    let replayed = lists.get(&id).cloned().unwrap_or_default();
                    prop_assert_eq!(replayed, shown(c, &id), "p{}'s events replayed", k);
                }
            }
        }
        // What waits is ahead (what was due went out); once nothing waits, each place
        // lists the first `cap` by role, then arrival.
        if let Some(at) = host.poll_timeout() {
            prop_assert!(at > self.now, "{} is due, it is {} now", at, self.now);
            return Ok(());
        }
        let places =
            std::iter::once(Place::Main).chain(host.rooms().into_iter().map(|r| Place::Room {
                thread_id: r.thread_id,
            }));
        for at in places {
            let here = members(&at);
            let (list, total) = listed(&at);
            let list: BTreeSet<usize> = list
                .iter()
                .map(|id| (0..PEOPLE).find(|j| ident(*j) == *id).expect("one of us"))
                .collect();
            prop_assert_eq!(
                list.len(),
                here.len().min(self.cap),
                "how many {:?} lists",
                at
            );
            prop_assert!(
                list.is_subset(&here),
                "{:?} lists {:?}, holds {:?}",
                at,
                list,
                here
            );
            prop_assert_eq!(total, (here.len() > self.cap).then_some(here.len() as u32));
            let key = |j: usize| {
                let manager = host.role_of(&ident(j)).is_some_and(Role::is_manager);
                (!manager, self.arrived.get(&j).map(|(_, step)| *step))
            };
            for &v in &list {
                for &u in here.difference(&list) {
                    prop_assert!(
                        key(v) <= key(u),
                        "{:?} lists p{} ({:?}) before p{} ({:?})",
                        at,
                        v,
                        key(v),
                        u,
                        key(u)
                    );
                }
            }
        }
        Ok(())
    }
}

fn calls(c: &Client) -> Vec<CallId> {
    std::iter::once(c.main_call())
        .chain(c.breakout_call())
        .map(|call| call.id.clone())
        .collect()
}

/// A call's list as a set, checking it has no duplicates and matches its count.
fn shown(c: &Client, call: &CallId) -> BTreeSet<Identifier> {
    let list = c.remote_participants(call);
    let set: BTreeSet<Identifier> = list.iter().map(|m| m.identifier.clone()).collect();
    assert_eq!(set.len(), list.len(), "no one is listed twice");
    assert_eq!(c.remote_participant_count(call), list.len(), "the count");
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn lists_match_the_host_and_events_replay_to_them(
        ops in proptest::collection::vec(op(), 1..60),
        cap in prop_oneof![2 => Just(250u32), 3 => 0..8u32],
        refresh in prop_oneof![Just(0u32), Just(500)],
    ) {
        let mut sim = Sim::new(cap, refresh);
        sim.pump()?;
        sim.track();
        for op in &ops {
            sim.apply(op);
            sim.pump()?;
            sim.track();
            sim.check()?;
        }
    }
}

// ----- work counted, not timed -----

/// What the pumps returned while something happened.
#[derive(Default, Debug, PartialEq)]
struct Work {
    events: usize,
    /// Members named in `RemoteParticipantsUpdated` lists.
    listed: usize,
}

impl Work {
    fn add(&mut self, events: Vec<(PeerId, Event)>) {
        self.events += events.len();
        for (_, e) in events {
            if let Event::RemoteParticipantsUpdated { added, removed, .. } = e {
                self.listed += added.len() + removed.len();
            }
        }
    }
}

/// An organizer (watching, as a host's console does) and `n` unwatched attendees joined
/// one by one, then `rooms` rooms auto-assigned and opened. With `refresh`, the clock moves
/// past the refresh time after the joins (and pumps), before the rooms open.
fn work(n: usize, rooms: u32, limits: Limits, refresh: bool) -> (Work, Work, LocalMeeting) {
    let mut m = LocalMeeting::new(MeetingConfig {
        limits,
        ..MeetingConfig::default()
    });
    let mut joins = Work::default();
    let org = m.add(config(0, 0)).expect("a new client");
    joins.add(m.pump(T0));
    for k in 1..=n {
        let peer = m.add(config(k, k as u64)).expect("a new client");
        m.watch(peer, false);
        joins.add(m.pump(T0));
    }
    let now = if refresh {
        let later = T0 + u64::from(limits.visible_refresh_ms);
        m.handle_timeout(later);
        joins.add(m.pump(later));
        later
    } else {
        T0
    };
    let manage = |m: &mut LocalMeeting, command| {
        let c = m.client_mut(org).expect("here");
        c.manage(command, None).expect("accepted");
        m.pump(now)
    };
    manage(
        &mut m,
        Command::CreateRooms {
            rooms: RoomSpec::Count(rooms),
        },
    );
    let mut open = Work::default();
    open.add(manage(
        &mut m,
        Command::AssignAutomatically { seed: Some(1) },
    ));
    open.add(manage(&mut m, Command::OpenRooms { thread_ids: None }));
    let inside = m
        .peers()
        .filter_map(|p| m.client(p)?.breakout_call())
        .filter(|b| b.state == CallState::Connected)
        .count();
    assert_eq!(inside, n, "everyone is in a room");
    (joins, open, m)
}

#[test]
fn joins_and_opening_rooms_cost_work_linear_in_the_participants() {
    // Everyone listed, however many: the cost of telling everyone of everyone in-process.
    let everyone_listed = Limits {
        max_visible_participants: 2_000,
        ..Limits::default()
    };
    let (small_joins, small_open, _) = work(100, 10, everyone_listed, false);
    let (big_joins, big_open, _) = work(1_000, 10, everyone_listed, false);
    for (n, joins, open) in [(100, small_joins, small_open), (1_000, big_joins, big_open)] {
        // Per participant, a join raises the same four events whatever the meeting's size
        // (the attendee's three, and one for the watching organizer naming them alone).
        let everyone = n + 1;
        assert_eq!(
            joins,
            Work {
                events: 4 * everyone,
                listed: n
            },
            "joins of {n}"
        );
        // Opening rooms: five events each, and the organizer's one update naming everyone
        // who left the main meeting, once.
        assert_eq!(
            open,
            Work {
                events: 5 * everyone,
                listed: n
            },
            "opening rooms for {n}"
        );
    }
}

/// Past the cap of listed people, a join costs the others nothing: only the first
/// `max_visible_participants` are listed, and a newcomer stands after them. The watching
/// organizer hears of the first arrivals one by one; of the rest only their head count,
/// once the refresh time has passed. Opening the rooms empties the main meeting in one
/// pump: one update for the organizer, naming those who were listed.
#[test]
fn past_the_cap_joins_and_opening_rooms_cost_work_bounded_by_the_cap() {
    let limits = Limits {
        max_visible_participants: 50,
        ..Limits::default()
    };
    let cap = limits.max_visible_participants as usize;
    for n in [500, 2_000] {
        let (joins, open, m) = work(n, 10, limits, true);
        let everyone = n + 1;
        // Three events each, the organizer's room list, one update for each attendee
        // listed with the organizer, and the head count's changes: when the place went
        // past the cap, and at the refresh.
        assert_eq!(
            joins,
            Work {
                events: 3 * everyone + 1 + (cap - 1) + 2,
                listed: cap - 1
            },
            "joins of {n}"
        );
        // Five events each, and the organizer's head count: the main meeting lists
        // everyone again (the organizer alone).
        assert_eq!(
            open,
            Work {
                events: 5 * everyone + 1,
                listed: cap - 1
            },
            "opening rooms for {n}"
        );
        let org = m.client(PeerId(1)).expect("the organizer");
        let main = org.main_call().id.clone();
        assert_eq!(org.remote_participant_count(&main), 0);
        assert_eq!(
            org.total_participant_count(&main),
            1,
            "alone in the main meeting"
        );
    }
}

/// A place that goes past the cap is listed at once; what changes after that waits for
/// the refresh, and then everyone is counted.
#[test]
fn past_the_cap_a_place_is_listed_at_once_and_recounted_at_the_refresh() {
    let limits = Limits {
        max_visible_participants: 5,
        ..Limits::default()
    };
    let mut m = LocalMeeting::new(MeetingConfig {
        limits,
        ..MeetingConfig::default()
    });
    let mut peers: Vec<PeerId> = (0..12)
        .map(|k| m.add(config(k, k as u64)).expect("a new client"))
        .collect();
    m.pump(T0);
    let main = |m: &LocalMeeting, peer: PeerId| {
        let c = m.client(peer).expect("here");
        let call = c.main_call().id.clone();
        (
            shown(c, &call),
            c.remote_participant_count(&call),
            c.total_participant_count(&call),
        )
    };
    // All joined in one pump: listed at once, the organizer first, then by arrival; a
    // listed participant sees the other four.
    let first_five: BTreeSet<Identifier> = (0..5).map(ident).collect();
    assert_eq!(main(&m, peers[11]), (first_five.clone(), 5, 12));
    let mut others = first_five.clone();
    others.remove(&ident(2));
    assert_eq!(main(&m, peers[2]), (others, 4, 12));
    assert_eq!(m.poll_timeout(), None, "nothing waits");

    // One more: the newcomer gets the listing; the count moves at the refresh.
    peers.push(m.add(config(12, 12)).expect("a new client"));
    m.pump(T0 + 10);
    assert_eq!(main(&m, peers[12]), (first_five.clone(), 5, 12));
    let later = T0 + 10 + u64::from(limits.visible_refresh_ms);
    assert_eq!(m.poll_timeout(), Some(later), "the count is due then");
    m.handle_timeout(later);
    m.pump(later);
    assert_eq!(main(&m, peers[12]), (first_five, 5, 13));
    assert_eq!(m.poll_timeout(), None, "nothing waits");
}

// ----- limits -----

#[test]
fn joining_past_the_participant_limit_is_refused_and_the_meeting_goes_on() {
    let mut m = LocalMeeting::new(MeetingConfig {
        limits: Limits {
            max_participants: 3,
            ..Limits::default()
        },
        ..MeetingConfig::default()
    });
    let peers: Vec<PeerId> = (0..4)
        .map(|k| m.add(config(k, k as u64)).expect("a new client"))
        .collect();
    m.pump(T0);
    let refused = m.client(peers[3]).expect("still a client");
    assert_eq!(refused.main_call().state, CallState::Disconnected);
    let reason = refused.main_call().end_reason.clone().expect("a reason");
    assert_eq!((reason.code(), reason.sub_code()), (413, 46905));
    assert_eq!(
        reason,
        Error::LimitExceeded {
            what: Limit::Participants,
            limit: 3,
            requested: 4
        }
    );
    assert_eq!(m.host().expect("hosted here").present().count(), 3);

    // The three inside carry on: rooms open and everyone moves.
    let org = m.client_mut(peers[0]).expect("here");
    org.manage(
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
        None,
    )
    .expect("sent");
    m.pump(T0);
    for command in [
        Command::AssignAutomatically { seed: None },
        Command::OpenRooms { thread_ids: None },
    ] {
        m.client_mut(peers[0])
            .expect("here")
            .manage(command, None)
            .expect("sent");
        m.pump(T0);
    }
    for &peer in &peers[1..3] {
        let c = m.client(peer).expect("here");
        let room = c.breakout_call().expect("moved to the room");
        assert_eq!(room.state, CallState::Connected);
        assert_eq!(c.remote_participant_count(&room.id), 1);
    }
    let org = m.client(peers[0]).expect("here");
    assert_eq!(org.remote_participant_count(&org.main_call().id), 0);
}
