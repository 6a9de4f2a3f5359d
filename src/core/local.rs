//! A meeting whose host and clients live in one process, wired in memory: the engine of
//! the in-page host, and of the example. Still sans-IO: the caller passes `now` and
//! calls [`LocalMeeting::handle_timeout`] at [`LocalMeeting::poll_timeout`].

use indexmap::IndexMap;

use super::client::{Client, ClientConfig, Event};
use super::error::Error;
use super::host::{Host, MeetingConfig, PeerId};

#[derive(Debug)]
pub struct LocalMeeting {
    host: Host,
    /// In the order they joined; peers are never reused.
    clients: IndexMap<PeerId, Client>,
    next_peer: u64,
}

impl LocalMeeting {
    pub fn new(config: MeetingConfig) -> Self {
        LocalMeeting {
            host: Host::new(config),
            clients: IndexMap::new(),
            next_peer: 1,
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
        loop {
            let mut moved = false;
            for (&peer, client) in &mut self.clients {
                while let Some(message) = client.poll_transmit() {
                    self.host.handle_message(now, peer, message);
                    moved = true;
                }
            }
            while let Some(transmit) = self.host.poll_transmit() {
                moved = true;
                if let Some(client) = self.clients.get_mut(&transmit.to) {
                    client.handle_message(transmit.message);
                }
            }
            for (&peer, client) in &mut self.clients {
                while let Some(event) = client.poll_event() {
                    events.push((peer, event));
                    moved = true;
                }
            }
            if !moved {
                return events;
            }
        }
    }

    pub fn poll_timeout(&self) -> Option<u64> {
        self.host.poll_timeout()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        self.host.handle_timeout(now);
    }
}
