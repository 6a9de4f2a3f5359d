//! A virtual-clock world: one meeting host and several participants' clients, wired
//! together in memory. Every message crosses the wire format (encode then decode), so
//! every scenario also checks the protocol round-trips.
#![allow(dead_code)]

use breakout_rooms::core::protocol::{decode, encode};
use breakout_rooms::core::{
    CallId, CallState, Client, ClientConfig, ClientMessage, Command, Completion, Error, Event,
    Host, HostMessage, Identifier, MeetingConfig, MeetingKind, OpId, PeerId, Role, RoomView,
};
use std::sync::Arc;

pub const T0: u64 = 1_700_000_000_000;

pub struct Participant {
    pub name: String,
    pub peer: PeerId,
    pub client: Client,
    /// Every event this client raised, with the virtual time it was raised at.
    pub events: Vec<(u64, Event)>,
    /// Cleared by [`World::disconnect`]: the transport is gone.
    pub online: bool,
}

pub struct World {
    pub now: u64,
    pub host: Host,
    pub people: Vec<Participant>,
}

pub fn id(name: &str) -> Identifier {
    Identifier::communication_user(format!("8:acs:{name}"))
}

fn over_the_wire<
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
>(
    message: T,
) -> T {
    let text = encode(&message).expect("messages encode");
    let back: T = decode(&text).unwrap_or_else(|e| panic!("{text} does not decode: {e}"));
    assert_eq!(back, message, "round trip of {text}");
    back
}

impl World {
    pub fn new() -> Self {
        Self::with(MeetingConfig::default())
    }

    pub fn with(config: MeetingConfig) -> Self {
        World {
            now: T0,
            host: Host::new(config),
            people: Vec::new(),
        }
    }

    /// A participant starts joining; nothing is delivered until [`World::drive`].
    pub fn add(&mut self, name: &str, role: Role) -> usize {
        let kind = self.host.kind();
        let mut client = Client::new(ClientConfig {
            identifier: id(name),
            display_name: name.to_owned(),
            role,
            kind,
            seed: self.people.len() as u64 + 1,
        });
        client.connect().expect("a new client connects");
        self.people.push(Participant {
            name: name.to_owned(),
            peer: PeerId(self.people.len() as u64 + 1),
            client,
            events: Vec::new(),
            online: true,
        });
        self.people.len() - 1
    }

    /// A participant joins and everything settles.
    pub fn join(&mut self, name: &str, role: Role) -> usize {
        let i = self.add(name, role);
        self.drive();
        i
    }

    pub fn index(&self, name: &str) -> usize {
        self.people
            .iter()
            .position(|p| p.name == name)
            .unwrap_or_else(|| panic!("nobody called {name}"))
    }

    pub fn client(&self, name: &str) -> &Client {
        &self.people[self.index(name)].client
    }

    pub fn client_mut(&mut self, name: &str) -> &mut Client {
        let i = self.index(name);
        &mut self.people[i].client
    }

    /// Delivers one round of messages each way; false when nothing was pending.
    pub fn progress(&mut self) -> bool {
        let mut moved = false;
        for p in self.people.iter_mut().filter(|p| p.online) {
            while let Some(message) = p.client.poll_transmit() {
                self.host
                    .handle_message(self.now, p.peer, over_the_wire(message));
                moved = true;
            }
        }
        while let Some(t) = self.host.poll_transmit() {
            moved = true;
            let message: HostMessage = over_the_wire(t.message);
            if let Some(p) = self.people.iter_mut().find(|p| p.peer == t.to && p.online) {
                p.client.handle_message(message);
            }
        }
        for p in &mut self.people {
            while let Some(event) = p.client.poll_event() {
                p.events.push((self.now, event));
                moved = true;
            }
        }
        moved
    }

    /// Delivers until nothing is pending.
    pub fn drive(&mut self) {
        let mut rounds = 0;
        while self.progress() {
            rounds += 1;
            assert!(rounds < 10_000, "the world does not settle");
        }
    }

    /// Moves the virtual clock forward by `ms`, firing host timers on the way.
    pub fn advance(&mut self, ms: u64) {
        let target = self.now + ms;
        self.drive();
        while let Some(at) = self.host.poll_timeout().filter(|at| *at <= target) {
            self.now = self.now.max(at);
            self.host.handle_timeout(self.now);
            self.drive();
        }
        self.now = target;
        self.drive();
    }

    /// The transport of one participant drops.
    pub fn disconnect(&mut self, name: &str) {
        let i = self.index(name);
        self.people[i].online = false;
        self.host.handle_disconnect(self.now, self.people[i].peer);
        self.people[i].client.handle_host_lost();
        self.drive();
    }

    /// The transport of one participant drops without a goodbye (SPEC 9): what is in
    /// flight either way is lost, and both ends know the connection is gone.
    pub fn drop_transport(&mut self, name: &str) {
        let i = self.index(name);
        let p = &mut self.people[i];
        p.online = false;
        while p.client.poll_transmit().is_some() {} // sent into the void
        self.host.handle_transport_lost(self.now, p.peer);
        p.client.handle_transport_lost(self.now);
    }

    /// As [`World::drop_transport`], but what was in flight from the client is not lost: it
    /// reaches the host later, on the old connection (returned, to give to
    /// [`World::deliver_late`]), as a server may read a dead socket's last frames after the
    /// new socket's first.
    pub fn drop_transport_late(&mut self, name: &str) -> (PeerId, Vec<ClientMessage>) {
        let i = self.index(name);
        let p = &mut self.people[i];
        let late: Vec<ClientMessage> = std::iter::from_fn(|| p.client.poll_transmit()).collect();
        let old = p.peer;
        p.online = false;
        self.host.handle_transport_lost(self.now, old);
        p.client.handle_transport_lost(self.now);
        (old, late)
    }

    /// Messages from a dead connection reach the host at last.
    pub fn deliver_late(&mut self, (peer, messages): (PeerId, Vec<ClientMessage>)) {
        for message in messages {
            self.host
                .handle_message(self.now, peer, over_the_wire(message));
        }
        self.drive();
    }

    /// The participant's transport is back, as a new connection; the client resumes.
    pub fn reconnect(&mut self, name: &str) {
        let i = self.index(name);
        let fresh = PeerId(1_000 + self.people.iter().map(|p| p.peer.0).max().unwrap_or(0));
        let p = &mut self.people[i];
        p.online = true;
        p.peer = fresh;
        p.client.handle_reconnected();
        self.drive();
    }

    /// Moves the clock forward, firing host and client timers on the way.
    pub fn advance_all(&mut self, ms: u64) {
        let target = self.now + ms;
        loop {
            self.drive();
            let host = self.host.poll_timeout();
            let clients = self
                .people
                .iter()
                .filter_map(|p| p.client.poll_timeout())
                .min();
            let Some(at) = [host, clients]
                .into_iter()
                .flatten()
                .min()
                .filter(|at| *at <= target)
            else {
                break;
            };
            self.now = self.now.max(at);
            self.host.handle_timeout(self.now);
            for p in &mut self.people {
                p.client.handle_timeout(self.now);
            }
        }
        self.now = target;
        self.drive();
    }

    /// Runs an operation and drives until it completes; returns how it completed.
    pub fn run(
        &mut self,
        name: &str,
        op: impl FnOnce(&mut Client) -> Result<OpId, Error>,
    ) -> Result<Completion, Error> {
        let i = self.index(name);
        let op = op(&mut self.people[i].client)?;
        self.drive();
        self.completion(name, op)
            .unwrap_or_else(|| panic!("operation {op:?} of {name} never completed"))
    }

    pub fn completion(&self, name: &str, op: OpId) -> Option<Result<Completion, Error>> {
        self.people[self.index(name)]
            .events
            .iter()
            .find_map(|(_, e)| match e {
                Event::Completed { op: done, result } if *done == op => Some(result.clone()),
                _ => None,
            })
    }

    pub fn manage(&mut self, name: &str, command: Command) -> Result<Completion, Error> {
        self.run(name, |c| c.manage(command, None))
    }

    /// Rooms as the host has them.
    pub fn rooms(&self) -> Vec<RoomView> {
        self.host.rooms()
    }

    pub fn thread(&self, room_name: &str) -> String {
        self.rooms()
            .into_iter()
            .find(|r| r.display_name == room_name)
            .unwrap_or_else(|| panic!("no room {room_name}"))
            .thread_id
    }

    pub fn events(&self, name: &str) -> Vec<Event> {
        self.people[self.index(name)]
            .events
            .iter()
            .map(|(_, e)| e.clone())
            .collect()
    }

    /// Forgets the events recorded so far, so a test can look at what comes next.
    pub fn clear_events(&mut self) {
        for p in &mut self.people {
            p.events.clear();
        }
    }

    pub fn main_state(&self, name: &str) -> CallState {
        self.client(name).main_call().state
    }

    pub fn breakout_state(&self, name: &str) -> Option<CallState> {
        self.client(name).breakout_call().map(|c| c.state)
    }

    pub fn breakout_id(&self, name: &str) -> CallId {
        self.client(name)
            .breakout_call()
            .expect("a breakout call")
            .id
            .clone()
    }

    pub fn main_id(&self, name: &str) -> CallId {
        self.client(name).main_call().id.clone()
    }

    pub fn assigned(&self, name: &str) -> Option<Arc<RoomView>> {
        self.client(name).assigned_breakout_room()
    }

    /// Names of the others a call shows, sorted.
    pub fn remote_names(&self, name: &str, breakout: bool) -> Vec<String> {
        let client = self.client(name);
        let call = if breakout {
            client.breakout_call().expect("a breakout call")
        } else {
            client.main_call()
        };
        let mut names: Vec<String> = client
            .remote_participants(&call.id)
            .iter()
            .map(|m| m.display_name.clone())
            .collect();
        names.sort();
        names
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

pub fn group_call() -> MeetingConfig {
    MeetingConfig {
        kind: MeetingKind::GroupCall,
        ..MeetingConfig::default()
    }
}

/// The rooms a create or recreate resolved with.
pub fn created(completion: Result<Completion, Error>) -> Vec<Arc<RoomView>> {
    match completion {
        Ok(Completion::Managed(outcome)) => outcome.rooms,
        other => panic!("expected created rooms, got {other:?}"),
    }
}

/// Organizer "org" and attendees a1..=aN, all joined.
pub fn meeting_with(attendees: usize) -> World {
    let mut w = World::new();
    w.join("org", Role::Organizer);
    for i in 1..=attendees {
        w.join(&format!("a{i}"), Role::Attendee);
    }
    w
}
