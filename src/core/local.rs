//! A meeting whose host and clients live in one process, wired in memory: the engine of
//! the in-page host, and of the example. Still sans-IO: the caller passes `now` and
//! calls [`LocalMeeting::handle_timeout`] at [`LocalMeeting::poll_timeout`].

use std::collections::VecDeque;

use indexmap::{IndexMap, IndexSet};

use super::client::{Client, ClientConfig, Event};
use super::error::Error;
use super::host::{Host, MeetingConfig, PeerId, Transmit};
use super::roster::{Board, SharedRosters};

/// Clients read their places' rosters from the host's shared board, so a move costs the
/// host and the board O(1) however many are in the place, and only the clients a pump
/// touches (plus those watching remote participants) are polled.
#[derive(Debug)]
pub struct LocalMeeting {
    host: Host,
    /// In the order they joined; peers are never reused.
    clients: IndexMap<PeerId, Client>,
    /// Clients with something to send or raise: those given messages or lent out.
    touched: IndexSet<PeerId>,
    /// Clients that report `RemoteParticipantsUpdated`: polled on every pump.
    watching: IndexSet<PeerId>,
    rosters: SharedRosters,
    next_peer: u64,
    /// Messages for clients that already got one this round, in order.
    held: VecDeque<Transmit>,
}

impl LocalMeeting {
    pub fn new(config: MeetingConfig) -> Self {
        let mut host = Host::new(config);
        let rosters = host.shared_rosters();
        LocalMeeting {
            host,
            clients: IndexMap::new(),
            touched: IndexSet::new(),
            watching: IndexSet::new(),
            rosters,
            next_peer: 1,
            held: VecDeque::new(),
        }
    }

    pub fn host(&self) -> &Host {
        &self.host
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
        let mut client = Client::new(config);
        client.connect()?;
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        client.share_rosters(self.host.share_presence(peer));
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
        self.host.handle_disconnect(now, peer);
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
                self.host.handle_message(now, peer, message);
            }
        }
        let (host, clients, touched) = (&mut self.host, &mut self.clients, &mut self.touched);
        let mut served = IndexSet::new();
        let mut held = VecDeque::new();
        let waiting = std::mem::take(&mut self.held);
        for transmit in waiting
            .into_iter()
            .chain(std::iter::from_fn(|| host.poll_transmit()))
        {
            if served.insert(transmit.to) {
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
            && !self.host.has_pending()
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
        self.rosters.write(Board::trim);
    }

    pub fn poll_timeout(&self) -> Option<u64> {
        self.host.poll_timeout()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        self.host.handle_timeout(now);
    }
}
