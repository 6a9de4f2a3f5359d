//! A meeting whose host and clients live in one process, wired in memory: the engine of
//! the in-page host, and of the example. Still sans-IO: the caller passes `now` and
//! calls [`LocalMeeting::handle_timeout`] at [`LocalMeeting::poll_timeout`].

use indexmap::{IndexMap, IndexSet};

use super::client::{Client, ClientConfig, Event};
use super::error::Error;
use super::host::{Host, MeetingConfig, PeerId};
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
        loop {
            let mut moved = false;
            for &peer in &self.touched {
                let Some(client) = self.clients.get_mut(&peer) else {
                    continue;
                };
                while let Some(message) = client.poll_transmit() {
                    self.host.handle_message(now, peer, message);
                    moved = true;
                }
            }
            while let Some(transmit) = self.host.poll_transmit() {
                moved = true;
                if let Some(client) = self.clients.get_mut(&transmit.to) {
                    client.handle_message(transmit.message);
                    self.touched.insert(transmit.to);
                }
            }
            let mut polled: Vec<PeerId> = self.touched.union(&self.watching).copied().collect();
            polled.sort_unstable();
            for peer in polled {
                let Some(client) = self.clients.get_mut(&peer) else {
                    continue;
                };
                while let Some(event) = client.poll_event() {
                    events.push((peer, event));
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        // Every watching client has now reported up to the board's tick: the logs can go.
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
        events
    }
    pub fn poll_timeout(&self) -> Option<u64> {
        self.host.poll_timeout()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        self.host.handle_timeout(now);
    }
}
