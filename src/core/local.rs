//! The participants of one process (a page, a tab) and, when it hosts, the meeting host,
//! wired in memory: the engine of the in-page host, of each tab of a cross-tab meeting, and
//! of the example. Still sans-IO: the caller passes `now`, calls
//! [`LocalMeeting::handle_timeout`] at [`LocalMeeting::poll_timeout`], and carries what
//! goes to or comes from other processes (SPEC 9): [`LocalMeeting::poll_to_host`] and
//! [`LocalMeeting::deliver`] on a tab whose host is elsewhere, [`LocalMeeting::handle_remote`]
//! and [`LocalMeeting::poll_remote`] on the tab that hosts.

use std::collections::VecDeque;

use crate::core::index_map::{IndexMap, IndexSet};

use super::client::{Client, ClientConfig, Event};
use super::error::Error;
use super::host::{Host, MeetingConfig, PeerId, Transmit};
use super::limits::Limits;
use super::protocol::ClientMessage;
use super::roster::{Board, SharedRosters};

/// Clients read their places' rosters from the host's shared board, so a move costs the
/// host and the board O(1) however many are in the place, and only the clients a pump
/// touches (plus those watching remote participants) are polled.
#[derive(Debug)]
pub struct LocalMeeting {
    /// The meeting host, when this process hosts; otherwise the host is elsewhere.
    host: Option<Host>,
    /// In the order they joined; peers are never reused.
    clients: IndexMap<PeerId, Client>,
    /// Clients with something to send or raise: those given messages or lent out.
    touched: IndexSet<PeerId>,
    /// Clients that report `RemoteParticipantsUpdated`: polled on every pump.
    watching: IndexSet<PeerId>,
    /// The host's rosters, which clients here read presence from; only while the host has
    /// been here from the start (a host taken over tells everyone by message).
    rosters: Option<SharedRosters>,
    next_peer: u64,
    /// Messages for clients here that already got one this round (or came from a host
    /// elsewhere), in order.
    held: VecDeque<Transmit>,
    /// From clients here, for a host elsewhere.
    to_host: VecDeque<(PeerId, ClientMessage)>,
    /// From the host here, for clients elsewhere.
    to_remote: VecDeque<Transmit>,
    /// Clients elsewhere the host here has heard from.
    remote_peers: IndexSet<PeerId>,
}

impl LocalMeeting {
    /// A meeting hosted here, its participants numbered from 1.
    pub fn new(config: MeetingConfig) -> Self {
        let mut host = Host::new(config);
        let rosters = host.shared_rosters();
        LocalMeeting {
            rosters: Some(rosters),
            host: Some(host),
            ..Self::remote(1)
        }
    }

    /// Participants of a meeting hosted elsewhere, numbered from `first_peer` (which the
    /// caller makes unique across the processes that share the meeting).
    pub fn remote(first_peer: u64) -> Self {
        LocalMeeting {
            host: None,
            clients: IndexMap::new(),
            touched: IndexSet::new(),
            watching: IndexSet::new(),
            rosters: None,
            next_peer: first_peer,
            held: VecDeque::new(),
            to_host: VecDeque::new(),
            to_remote: VecDeque::new(),
            remote_peers: IndexSet::new(),
        }
    }

    /// A meeting hosted here, its participants numbered from `first_peer`.
    pub fn hosting(config: MeetingConfig, first_peer: u64) -> Self {
        LocalMeeting {
            next_peer: first_peer,
            ..Self::new(config)
        }
    }

    /// The host, when this process hosts.
    pub fn host(&self) -> Option<&Host> {
        self.host.as_ref()
    }

    pub fn is_hosting(&self) -> bool {
        self.host.is_some()
    }

    /// The meeting's limits: the host's, or the defaults when it is elsewhere.
    pub fn limits(&self) -> Limits {
        self.host
            .as_ref()
            .map_or_else(Limits::default, Host::limits)
    }

    pub fn client(&self, peer: PeerId) -> Option<&Client> {
        self.clients.get(&peer)
    }

    /// The client, to run commands on; the next pump delivers what they cause.
    pub fn client_mut(&mut self, peer: PeerId) -> Option<&mut Client> {
        let client = self.clients.get_mut(&peer)?;
        self.touched.insert(peer);
        Some(client)
    }

    pub fn peers(&self) -> impl Iterator<Item = PeerId> + '_ {
        self.clients.keys().copied()
    }

    /// A new participant starts joining the main meeting; [`LocalMeeting::pump`] completes it.
    /// It reports `RemoteParticipantsUpdated` unless [`LocalMeeting::watch`] says otherwise.
    pub fn add(&mut self, config: ClientConfig) -> Result<PeerId, Error> {
        self.admit(Client::new(config))
    }

    /// [`LocalMeeting::add`] for a client made here (with a token, or its own grace period).
    pub fn admit(&mut self, mut client: Client) -> Result<PeerId, Error> {
        client.connect()?;
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        if let (Some(host), Some(_)) = (self.host.as_mut(), &self.rosters) {
            client.share_rosters(host.share_presence(peer));
        }
        self.clients.insert(peer, client);
        self.touched.insert(peer);
        self.watching.insert(peer);
        Ok(peer)
    }

    /// Whether a participant's calls raise `RemoteParticipantsUpdated`: a page watches only
    /// those it has listeners for, so a join costs the others nothing.
    pub fn watch(&mut self, peer: PeerId, on: bool) {
        if let Some(client) = self.client_mut(peer) {
            client.watch_remote_participants(on);
        }
    }

    /// A participant's page or tab went away without hanging up.
    pub fn remove(&mut self, now: u64, peer: PeerId) -> Option<Client> {
        match self.host.as_mut() {
            Some(host) => host.handle_disconnect(now, peer),
            None if self.clients.contains_key(&peer) => {
                self.to_host.push_back((peer, ClientMessage::Leave));
            }
            None => {}
        }
        self.touched.swap_remove(&peer);
        self.watching.swap_remove(&peer);
        let mut client = self.clients.shift_remove(&peer)?;
        client.detach_rosters();
        Some(client)
    }

    /// Delivers every message both ways until nothing is pending; returns the events the
    /// clients raised, in order of joining within each round.
    pub fn pump(&mut self, now: u64) -> Vec<(PeerId, Event)> {
        let mut events = Vec::new();
        while !self.is_idle() {
            events.extend(self.round(now));
        }
        events
    }

    /// One round: the clients' messages go to the host, and each client gets at most one
    /// message from it. Whoever delivers the returned events before the next round shows
    /// every participant's events while that participant's client is exactly as they say:
    /// a listener that reads a call's participants reads what its events have told.
    pub fn round(&mut self, now: u64) -> Vec<(PeerId, Event)> {
        // In the order they joined, whatever order they acted in, so a run is reproducible.
        let mut senders: Vec<PeerId> = self.touched.iter().copied().collect();
        senders.sort_unstable();
        for peer in senders {
            let Some(client) = self.clients.get_mut(&peer) else {
                continue;
            };
            while let Some(message) = client.poll_transmit() {
                match self.host.as_mut() {
                    Some(host) => host.handle_message(now, peer, message),
                    None => self.to_host.push_back((peer, message)),
                }
            }
        }
        let (host, clients, touched) = (&mut self.host, &mut self.clients, &mut self.touched);
        let mut served = IndexSet::new();
        let mut held = VecDeque::new();
        let waiting = std::mem::take(&mut self.held);
        let hosted = std::iter::from_fn(|| host.as_mut()?.poll_transmit());
        for transmit in waiting.into_iter().chain(hosted) {
            if !clients.contains_key(&transmit.to) {
                // For a client elsewhere, or for one here that has gone since.
                if self.remote_peers.contains(&transmit.to) {
                    self.to_remote.push_back(transmit);
                }
            } else if served.insert(transmit.to) {
                if let Some(client) = clients.get_mut(&transmit.to) {
                    client.handle_message(transmit.message);
                    touched.insert(transmit.to);
                }
            } else {
                held.push_back(transmit);
            }
        }
        self.held = held;
        let mut events = Vec::new();
        let mut polled: Vec<PeerId> = self.touched.union(&self.watching).copied().collect();
        polled.sort_unstable();
        for peer in polled {
            let Some(client) = self.clients.get_mut(&peer) else {
                continue;
            };
            while let Some(event) = client.poll_event() {
                events.push((peer, event));
            }
        }
        if self.is_idle() {
            self.settle();
        }
        events
    }

    /// Nothing is waiting to be delivered or reported.
    pub fn is_idle(&self) -> bool {
        self.held.is_empty()
            && !self.host.as_ref().is_some_and(Host::has_pending)
            && self
                .touched
                .iter()
                .all(|peer| self.clients.get(peer).map_or(true, Client::is_quiet))
    }

    /// Every watching client has now reported up to the board's tick: the logs can go, and
    /// the touched clients are quiet again.
    fn settle(&mut self) {
        for peer in std::mem::take(&mut self.touched) {
            let watched = self
                .clients
                .get(&peer)
                .is_some_and(Client::is_watching_remote_participants);
            if watched {
                self.watching.insert(peer);
            } else {
                self.watching.swap_remove(&peer);
            }
        }
        if let Some(rosters) = &self.rosters {
            rosters.write(Board::trim);
        }
    }

    /// The next timer: the host's, or a client's reconnect grace.
    pub fn poll_timeout(&self) -> Option<u64> {
        let clients = self.clients.values().filter_map(Client::poll_timeout);
        self.host
            .as_ref()
            .and_then(Host::poll_timeout)
            .into_iter()
            .chain(clients)
            .min()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        if let Some(host) = self.host.as_mut() {
            host.handle_timeout(now);
        }
        for (peer, client) in &mut self.clients {
            if client.poll_timeout().is_some_and(|at| at <= now) {
                client.handle_timeout(now);
                self.touched.insert(*peer);
            }
        }
    }

    // ----- other processes (SPEC 9) -----

    /// Hosting: a message from a client in another process.
    pub fn handle_remote(&mut self, now: u64, from: PeerId, message: ClientMessage) {
        if self.clients.contains_key(&from) {
            return; // a peer of this process cannot be on another's transport
        }
        if let Some(host) = self.host.as_mut() {
            self.remote_peers.insert(from);
            host.handle_message(now, from, message);
        }
    }

    /// Hosting: the transport to a client in another process dropped.
    pub fn handle_remote_lost(&mut self, now: u64, peer: PeerId) {
        if let Some(host) = self.host.as_mut() {
            host.handle_transport_lost(now, peer);
        }
        self.remote_peers.swap_remove(&peer);
    }

    /// Hosting: whether messages wait for clients in other processes.
    pub fn has_remote_output(&self) -> bool {
        !self.to_remote.is_empty()
    }

    /// Hosting: the next message for a client in another process (after a round).
    pub fn poll_remote(&mut self) -> Option<Transmit> {
        self.to_remote.pop_front()
    }

    /// Not hosting: the next message for the host elsewhere, as `(from, message)`.
    pub fn poll_to_host(&mut self) -> Option<(PeerId, ClientMessage)> {
        self.to_host.pop_front()
    }

    /// Not hosting: a message from the host elsewhere for a client here (`to` names it);
    /// the next round delivers it. One for nobody here is dropped.
    pub fn deliver(&mut self, transmit: Transmit) {
        if self.clients.contains_key(&transmit.to) {
            self.held.push_back(transmit);
        }
    }

    /// Not hosting: the transport to the host dropped; the calls stay up for the grace period.
    pub fn handle_host_transport_lost(&mut self, now: u64) {
        for (peer, client) in &mut self.clients {
            client.handle_transport_lost(now);
            self.touched.insert(*peer);
        }
    }

    /// The transport to the host is back, or another process took over as host: every
    /// client here resumes and resends what was not answered.
    pub fn handle_host_reconnected(&mut self) {
        for (peer, client) in &mut self.clients {
            client.handle_reconnected();
            self.touched.insert(*peer);
        }
    }

    /// Not hosting, one transport per client: `peer`'s dropped.
    pub fn handle_peer_transport_lost(&mut self, now: u64, peer: PeerId) {
        if let Some(client) = self.clients.get_mut(&peer) {
            client.handle_transport_lost(now);
            self.touched.insert(peer);
        }
    }

    /// Not hosting, one transport per client: `peer`'s is back.
    pub fn handle_peer_reconnected(&mut self, peer: PeerId) {
        if let Some(client) = self.clients.get_mut(&peer) {
            client.handle_reconnected();
            self.touched.insert(peer);
        }
    }

    /// This process takes over as host with `host` (restored from the last snapshot, or
    /// new): every connection it knows is treated as dropped until its client resumes,
    /// and the clients here resume at once.
    pub fn take_over(&mut self, now: u64, mut host: Host) {
        let peers: Vec<PeerId> = host.peers().collect();
        for peer in peers {
            host.handle_transport_lost(now, peer);
        }
        self.remote_peers.clear();
        self.host = Some(host);
        self.rosters = None;
        // What was waiting for the old host goes to the new one when the clients resume.
        self.to_host.clear();
        self.handle_host_reconnected();
    }
}
