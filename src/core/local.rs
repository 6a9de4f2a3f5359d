//! A meeting whose host and clients live in one process, wired in memory: the engine of
//! the in-page host, and of the example. Still sans-IO: the caller passes `now` and
//! calls [`LocalMeeting::handle_timeout`] at [`LocalMeeting::poll_timeout`].

use std::collections::VecDeque;

use indexmap::{IndexMap, IndexSet};

use super::client::{Client, ClientConfig, Event};
use super::error::Error;
use super::host::{Host, MeetingConfig, PeerId, Transmit};

#[derive(Debug)]
pub struct LocalMeeting {
    host: Host,
    /// In the order they joined; peers are never reused.
    clients: IndexMap<PeerId, Client>,
    next_peer: u64,
    /// Messages for clients that already got one this round, in order.
    held: VecDeque<Transmit>,
}

impl LocalMeeting {
    pub fn new(config: MeetingConfig) -> Self {
        LocalMeeting {
            host: Host::new(config),
            clients: IndexMap::new(),
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

    pub fn client_mut(&mut self, peer: PeerId) -> Option<&mut Client> {
        self.clients.get_mut(&peer)
    }

    pub fn peers(&self) -> impl Iterator<Item = PeerId> + '_ {
        self.clients.keys().copied()
    }

    /// A new participant starts joining the main meeting; [`LocalMeeting::pump`] completes it.
    pub fn add(&mut self, config: ClientConfig) -> Result<PeerId, Error> {
        let mut client = Client::new(config);
        client.connect()?;
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        self.clients.insert(peer, client);
        Ok(peer)
    }

    /// A participant's page or tab went away without hanging up.
    pub fn remove(&mut self, now: u64, peer: PeerId) -> Option<Client> {
        self.host.handle_disconnect(now, peer);
        self.clients.shift_remove(&peer)
    }

    /// Delivers every message both ways until nothing is pending; returns the events the
    /// clients raised, in order.
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
        for (&peer, client) in &mut self.clients {
            while let Some(message) = client.poll_transmit() {
                self.host.handle_message(now, peer, message);
            }
        }
        let (host, clients) = (&mut self.host, &mut self.clients);
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
                }
            } else {
                held.push_back(transmit);
            }
        }
        self.held = held;
        let mut events = Vec::new();
        for (&peer, client) in &mut self.clients {
            while let Some(event) = client.poll_event() {
                events.push((peer, event));
            }
        }
        events
    }

    /// Nothing is waiting to be delivered or reported.
    pub fn is_idle(&self) -> bool {
        self.held.is_empty()
            && !self.host.has_pending()
            && self.clients.values().all(Client::is_quiet)
    }

    pub fn poll_timeout(&self) -> Option<u64> {
        self.host.poll_timeout()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        self.host.handle_timeout(now);
    }
}
