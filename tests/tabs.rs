//! A meeting across processes (SPEC 9), as the cross-tab host runs it: each tab is a
//! [`LocalMeeting`]; one hosts, the others send to it over a bus (here, in memory; in the
//! browser, a BroadcastChannel). The host shares a snapshot after each change; when it
//! dies, another tab restores the last snapshot and takes over, and every call goes on.
#![cfg(not(target_arch = "wasm32"))]

use breakout_rooms::core::{
    CallState, ClientConfig, Command, Event, Host, Identifier, LocalMeeting, MeetingConfig,
    MeetingKind, PeerId, Place, Role, RoomSpec,
};

const T0: u64 = 1_700_000_000_000;

struct Tab {
    local: LocalMeeting,
    alive: bool,
    events: Vec<(PeerId, Event)>,
}

struct Browser {
    now: u64,
    tabs: Vec<Tab>,
    /// The host's last snapshot, as every tab keeps it (JSON, as a channel would carry it).
    snapshot: Option<String>,
}

fn id(name: &str) -> Identifier {
    Identifier::communication_user(format!("8:acs:{name}"))
}

/// Each tab numbers its participants in its own range, as the browser's tabs do.
fn first_peer(tab: usize) -> u64 {
    (tab as u64 + 1) << 16
}

fn tab_of(peer: PeerId) -> usize {
    (peer.0 >> 16) as usize - 1
}

impl Browser {
    fn new(tabs: usize) -> Self {
        let mut all = vec![Tab {
            local: LocalMeeting::hosting(MeetingConfig::default(), first_peer(0)),
            alive: true,
            events: Vec::new(),
        }];
        for i in 1..tabs {
            all.push(Tab {
                local: LocalMeeting::remote(first_peer(i)),
                alive: true,
                events: Vec::new(),
            });
        }
        Browser {
            now: T0,
            tabs: all,
            snapshot: None,
        }
    }

    fn join(&mut self, tab: usize, name: &str, role: Role) -> PeerId {
        let peer = self.tabs[tab]
            .local
            .add(ClientConfig {
                identifier: id(name),
                display_name: name.into(),
                role,
                kind: MeetingKind::Meeting,
                seed: tab as u64 * 100 + name.len() as u64,
            })
            .expect("joins");
        self.settle();
        peer
    }

    fn host_tab(&self) -> usize {
        self.tabs
            .iter()
            .position(|t| t.alive && t.local.is_hosting())
            .expect("a tab hosts")
    }

    /// Pumps every tab and carries messages over the bus until nothing moves.
    fn settle(&mut self) {
        for _ in 0..1_000 {
            let mut moved = false;
            for tab in self.tabs.iter_mut().filter(|t| t.alive) {
                while !tab.local.is_idle() {
                    tab.events.extend(tab.local.round(self.now));
                    moved = true;
                }
            }
            let host = self.host_tab();
            if moved {
                let snapshot = self.tabs[host]
                    .local
                    .host()
                    .map(|h| serde_json::to_string(&h.snapshot()).expect("a snapshot serializes"));
                self.snapshot = snapshot;
            }
            let mut to_host = Vec::new();
            for tab in self.tabs.iter_mut().filter(|t| t.alive) {
                while let Some(m) = tab.local.poll_to_host() {
                    to_host.push(m);
                }
            }
            let mut to_clients = Vec::new();
            while let Some(t) = self.tabs[host].local.poll_remote() {
                to_clients.push(t);
            }
            moved |= !to_host.is_empty() || !to_clients.is_empty();
            for (from, message) in to_host {
                self.tabs[host].local.handle_remote(self.now, from, message);
            }
            for t in to_clients {
                let tab = &mut self.tabs[tab_of(t.to)];
                if tab.alive {
                    tab.local.deliver(t);
                }
            }
            if !moved {
                return;
            }
        }
        panic!("the tabs do not settle");
    }

    /// The host tab closes: the next live tab restores the last snapshot and takes over,
    /// and the others resume with it.
    fn close_host(&mut self) {
        let old = self.host_tab();
        self.tabs[old].alive = false;
        let next = (0..self.tabs.len())
            .find(|i| self.tabs[*i].alive)
            .expect("a tab is left");
        let text = self.snapshot.clone().expect("a snapshot was shared");
        let host = Host::restore(&mut serde_json::Deserializer::from_str(&text))
            .expect("the snapshot restores");
        self.tabs[next].local.take_over(self.now, host);
        for (i, tab) in self.tabs.iter_mut().enumerate() {
            if tab.alive && i != next {
                tab.local.handle_host_reconnected();
            }
        }
        self.settle();
    }

    fn manage(&mut self, tab: usize, peer: PeerId, command: Command) {
        self.tabs[tab]
            .local
            .client_mut(peer)
            .expect("a client")
            .manage(command, None)
            .expect("starts");
        self.settle();
    }

    fn state(&self, tab: usize, peer: PeerId) -> (CallState, Option<CallState>) {
        let client = self.tabs[tab].local.client(peer).expect("a client");
        (
            client.main_call().state,
            client.breakout_call().map(|c| c.state),
        )
    }

    fn advance(&mut self, ms: u64) {
        let target = self.now + ms;
        loop {
            let due = self
                .tabs
                .iter()
                .filter(|t| t.alive)
                .filter_map(|t| t.local.poll_timeout())
                .min()
                .filter(|at| *at <= target);
            let Some(at) = due else { break };
            self.now = at;
            for tab in self.tabs.iter_mut().filter(|t| t.alive) {
                tab.local.handle_timeout(at);
            }
            self.settle();
        }
        self.now = target;
    }
}

/// A host tab with one attendee, an organizer's tab and another attendee's tab, with a
/// room each for the attendees, open.
fn workshop() -> (Browser, [PeerId; 3]) {
    let mut b = Browser::new(3);
    let a0 = b.join(0, "a0", Role::Attendee);
    let org = b.join(1, "org", Role::Organizer);
    let a2 = b.join(2, "a2", Role::Attendee);
    b.manage(
        1,
        org,
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    );
    let host = b.tabs[b.host_tab()].local.host().expect("hosts");
    let threads: Vec<String> = host.rooms().into_iter().map(|r| r.thread_id).collect();
    for (thread, who) in threads.iter().zip(["a0", "a2"]) {
        b.manage(
            1,
            org,
            Command::AssignParticipants {
                thread_id: thread.clone(),
                participants: vec![id(who)],
            },
        );
    }
    b.manage(1, org, Command::OpenRooms { thread_ids: None });
    (b, [a0, org, a2])
}

#[test]
fn tabs_share_one_meeting() {
    let (b, [a0, org, a2]) = workshop();
    assert_eq!(
        b.state(0, a0),
        (CallState::LocalHold, Some(CallState::Connected))
    );
    assert_eq!(
        b.state(2, a2),
        (CallState::LocalHold, Some(CallState::Connected))
    );
    assert_eq!(b.state(1, org).0, CallState::Connected);
    let rooms = b.tabs[1]
        .local
        .client(org)
        .and_then(|c| c.breakout_rooms())
        .expect("the organizer sees the rooms");
    assert_eq!(rooms.len(), 2);
    assert!(rooms
        .iter()
        .all(|r| r.invitees.as_ref().is_some_and(|i| i.len() == 1)));
}

#[test]
fn when_the_host_tab_closes_another_takes_over_and_every_call_goes_on() {
    let (mut b, [a0, org, a2]) = workshop();
    let before = b.tabs[0].local.host().expect("tab 0 hosts").rooms();
    for tab in &mut b.tabs {
        tab.events.clear();
    }
    b.close_host();
    assert_eq!(b.host_tab(), 1, "the organizer's tab took over");
    let host = b.tabs[1].local.host().expect("tab 1 hosts");
    assert_eq!(host.rooms(), before, "rooms and assignments survive");
    assert_eq!(b.state(1, org).0, CallState::Connected);
    assert_eq!(
        b.state(2, a2),
        (CallState::LocalHold, Some(CallState::Connected))
    );
    assert!(
        b.tabs[2]
            .events
            .iter()
            .all(|(_, e)| matches!(e, Event::RemoteParticipantsUpdated { .. })),
        "a2's tab raised nothing but news of who left: {:?}",
        b.tabs[2].events
    );
    // The new host works: a manager's command runs and reaches the other tab, and its
    // timers run: closeRooms() warns a2 now and closes after the default 60 s.
    b.manage(
        1,
        org,
        Command::CloseRooms {
            thread_ids: None,
            grace_seconds: None,
        },
    );
    let a2_room = b.tabs[2]
        .local
        .client(a2)
        .and_then(|c| c.breakout_call())
        .and_then(|c| c.thread_id.clone())
        .expect("a2 is in a room");
    let told = b.tabs[2].local.client(a2).and_then(|c| c.closing(&a2_room));
    assert_eq!(
        told,
        Some(b.now + 60_000),
        "a2 is told when the room closes"
    );
    assert_eq!(
        b.state(2, a2),
        (CallState::LocalHold, Some(CallState::Connected))
    );
    // a0's tab is gone: after the grace period, the host lets a0 go.
    let host = b.tabs[1].local.host().expect("hosts");
    assert!(host.present().any(|p| *p == id("a0")));
    b.advance(30_000);
    let host = b.tabs[1].local.host().expect("hosts");
    assert!(!host.present().any(|p| *p == id("a0")));
    b.advance(30_000);
    assert_eq!(
        b.state(2, a2),
        (CallState::Connected, Some(CallState::Disconnected))
    );
    let _ = a0;
}

#[test]
fn a_request_in_flight_to_a_dying_host_runs_once_on_the_next() {
    let (mut b, [_, org, _]) = workshop();
    // The request reaches the old host, which runs it and dies before answering.
    let op = b.tabs[1]
        .local
        .client_mut(org)
        .expect("a client")
        .manage(
            Command::CreateRooms {
                rooms: RoomSpec::Count(1),
            },
            None,
        )
        .expect("starts");
    let raised = b.tabs[1].local.round(b.now);
    b.tabs[1].events.extend(raised);
    let (from, message) = b.tabs[1].local.poll_to_host().expect("sent");
    b.tabs[0].local.handle_remote(b.now, from, message);
    while !b.tabs[0].local.is_idle() {
        b.tabs[0].local.round(b.now);
    }
    let host = b.tabs[0].local.host().expect("hosts");
    b.snapshot = Some(serde_json::to_string(&host.snapshot()).unwrap());
    b.close_host();
    let rooms = b.tabs[1].local.host().expect("hosts").rooms();
    assert_eq!(rooms.len(), 3, "the create ran once");
    let answered = b.tabs[1].events.iter().any(|(p, e)| {
        *p == org && matches!(e, Event::Completed { op: done, result: Ok(_) } if *done == op)
    });
    assert!(answered, "the organizer's operation completed");
    let place = b.tabs[1].local.host().unwrap().place_of(&id("a2"));
    assert!(matches!(place, Some(Place::Room { .. })));
}
