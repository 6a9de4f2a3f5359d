//! One meeting: a task that owns its core [`Host`] and is fed by a channel. Connection
//! tasks only decode, authenticate and forward; this task gives the host its inputs, logs
//! them, waits for the log to be committed, and only then hands the host's messages to
//! the connections.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::{mpsc, oneshot};

use super::input::Input;
use super::key::MeetingKey;
use super::metrics::Metrics;
use super::store::{StoreError, StoredConfig, StoredMeeting, StoredSnapshot, Write, Writer};
use super::Listing;
use crate::core::host::{Host, PeerId};
use crate::core::protocol::{ClientMessage, HostMessage};

/// Events taken into one batch (one commit) at most.
const MAX_BATCH: usize = 512;

/// Under load (more than one event waiting), a batch gathers for up to this long: fewer,
/// bigger batches mean fewer presence messages to everyone (one per batch, not per join)
/// and fewer commits. A lone command goes at once.
const GATHER: Duration = Duration::from_millis(5);

/// Inputs logged between two snapshots, by default: a restart replays at most this many,
/// and the snapshot of a big meeting (a few MB for 10,000 people) is not taken too often.
pub const COMPACT_EVERY: u64 = 1_000;

/// Why [`Meeting::run`] returned.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Every sender is gone: the server is shutting down.
    Closed,
    /// Nobody has been connected for the idle time.
    Idle,
}

/// A message on its way to a connection. Boxed: a channel allocates room for 32 of its
/// items up front, and an idle connection should not hold 32 whole messages' worth.
pub type Outgoing = Box<HostMessage>;

/// What connection tasks tell their meeting.
#[derive(Debug)]
pub enum Event {
    /// A new connection: the meeting names it and will send it the host's messages.
    Attach {
        outbox: mpsc::Sender<Outgoing>,
        /// Whether it is sent presence (who comes and goes).
        presence: bool,
        reply: oneshot::Sender<PeerId>,
    },
    /// A message from the client, as received at `received`.
    Message {
        peer: PeerId,
        message: ClientMessage,
        received: Instant,
    },
    /// The connection closed or dropped.
    Closed { peer: PeerId },
    /// Answered once everything sent before it is committed and handed out (shutdown).
    Flush { done: oneshot::Sender<()> },
}

/// Milliseconds since the Unix epoch: the `now` of the core.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

struct Peer {
    /// `None` once dropped for not keeping up; the connection then closes.
    outbox: Option<mpsc::Sender<Outgoing>>,
    /// Whether the host has heard from it (only then does its loss go in the log).
    spoke: bool,
    presence: bool,
}

pub struct Meeting {
    key: MeetingKey,
    host: Host,
    next_seq: u64,
    /// The seq of the last input the latest snapshot holds.
    snapshot_seq: u64,
    compact_every: u64,
    next_peer: u64,
    peers: HashMap<PeerId, Peer>,
    /// Written by the next commit.
    pending: Vec<Write>,
    writer: Writer,
    metrics: Arc<Metrics>,
}

impl Meeting {
    /// A meeting nobody has joined yet; it is stored with its first commit.
    pub fn create(
        key: MeetingKey,
        config: StoredConfig,
        compact_every: u64,
        listing: Listing,
        writer: Writer,
        metrics: Arc<Metrics>,
    ) -> Meeting {
        let create = Write::Create {
            key: key.clone(),
            config,
            created: now_ms(),
        };
        let mut host = Host::new(config.meeting_config());
        host.set_listing(listing.max_visible_participants, listing.visible_refresh_ms);
        Meeting {
            host,
            key,
            next_seq: 1,
            snapshot_seq: 0,
            compact_every,
            next_peer: 1,
            peers: HashMap::new(),
            pending: vec![create],
            writer,
            metrics,
        }
    }

    /// A stored meeting, rebuilt from its snapshot and the inputs logged since, at `now`.
    /// Whoever was connected when the server stopped has lost their connection (and has
    /// the grace period to resume), and a room end time that passed meanwhile fires now;
    /// both are logged by the first commit. The listing is this server's from then on.
    pub fn restore(
        key: MeetingKey,
        stored: StoredMeeting,
        now: u64,
        compact_every: u64,
        listing: Listing,
        writer: Writer,
        metrics: Arc<Metrics>,
    ) -> Result<Meeting, StoreError> {
        let (mut host, snapshot_seq, mut next_peer) = match &stored.snapshot {
            Some(snapshot) => {
                let mut json = serde_json::Deserializer::from_str(&snapshot.host);
                let host = Host::restore(&mut json)
                    .map_err(|e| StoreError::Record(format!("snapshot of {key}: {e}")))?;
                (host, snapshot.seq, snapshot.next_peer)
            }
            None => (Host::new(stored.config.meeting_config()), 0, 1),
        };
        let mut last_seq = snapshot_seq;
        for (seq, input) in &stored.inputs {
            input.apply(&mut host);
            next_peer = next_peer.max(input.peer().map_or(0, |p| p.0 + 1));
            last_seq = *seq;
        }
        // Replayed as it was logged; this server's listing applies from here on.
        host.set_listing(listing.max_visible_participants, listing.visible_refresh_ms);
        let connected: Vec<PeerId> = host.peers().collect();
        let mut meeting = Meeting {
            key,
            host,
            next_seq: last_seq + 1,
            snapshot_seq,
            compact_every,
            next_peer,
            peers: HashMap::new(),
            pending: Vec::new(),
            writer,
            metrics,
        };
        for peer in connected {
            meeting.input(Input::Lost { now, peer });
        }
        meeting.fire_timer(now);
        // Nobody is connected to hear what the replay said.
        while meeting.host.poll_transmit().is_some() {}
        meeting.compact();
        Ok(meeting)
    }

    pub fn key(&self) -> &MeetingKey {
        &self.key
    }

    /// Commits what making or restoring the meeting wrote.
    pub async fn start(&mut self) {
        self.commit().await;
    }

    /// Runs until every sender of `events` is gone, or until nobody has been connected
    /// for `idle` (the registry then takes the meeting out of memory; all of it is in the
    /// database, as every step commits before its effects go out).
    pub async fn run(&mut self, events: &mut mpsc::Receiver<Event>, idle: Duration) -> Stopped {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        loop {
            let timer = self.host.poll_timeout();
            let alone = self.peers.is_empty();
            tokio::select! {
                got = events.recv_many(&mut batch, MAX_BATCH) => {
                    if got == 0 {
                        return Stopped::Closed;
                    }
                    if got > 1 {
                        gather(events, &mut batch).await;
                    }
                },
                _ = sleep_until_ms(timer), if timer.is_some() => {}
                _ = tokio::time::sleep(idle), if alone => return Stopped::Idle,
            }
            self.step(std::mem::take(&mut batch)).await;
        }
    }

    /// One batch: inputs to the host and the log, one commit, then the effects go out.
    async fn step(&mut self, batch: Vec<Event>) {
        let now = now_ms();
        let mut received = Vec::new();
        let mut flushed = Vec::new();
        for event in batch {
            match event {
                Event::Attach {
                    outbox,
                    presence,
                    reply,
                } => {
                    let peer = PeerId(self.next_peer);
                    self.next_peer += 1;
                    self.peers.insert(
                        peer,
                        Peer {
                            outbox: Some(outbox),
                            spoke: false,
                            presence,
                        },
                    );
                    let _ = reply.send(peer);
                }
                Event::Message {
                    peer,
                    message,
                    received: at,
                } => {
                    let Some(known) = self.peers.get_mut(&peer) else {
                        continue;
                    };
                    known.spoke = true;
                    self.input(Input::Message { now, peer, message });
                    received.push(at);
                }
                Event::Closed { peer } => {
                    if self.peers.remove(&peer).is_some_and(|p| p.spoke) {
                        self.input(Input::Lost { now, peer });
                    }
                }
                Event::Flush { done } => flushed.push(done),
            }
        }
        self.fire_timer(now);
        self.compact();
        self.commit().await;
        self.dispatch();
        for at in received {
            self.metrics.observe_command(at.elapsed());
        }
        for done in flushed {
            let _ = done.send(());
        }
    }

    fn input(&mut self, input: Input) {
        input.apply(&mut self.host);
        match serde_json::to_string(&input) {
            Ok(text) => {
                self.pending.push(Write::Append {
                    key: self.key.clone(),
                    seq: self.next_seq,
                    input: text,
                });
                self.next_seq += 1;
            }
            // Inputs are plain data and always encode; if one ever did not, the state it
            // made could not be restored, so nothing of it may go out.
            Err(e) => fail_stop(&self.key, &StoreError::Record(e.to_string())),
        }
    }

    /// Every `compact_every` inputs, a snapshot replaces the log so far, in the same
    /// commit as the inputs it holds.
    fn compact(&mut self) {
        let last = self.next_seq - 1;
        if last - self.snapshot_seq < self.compact_every.max(1) {
            return;
        }
        match serde_json::to_string(&self.host.snapshot()) {
            Ok(host) => {
                self.pending.push(Write::Snapshot {
                    key: self.key.clone(),
                    snapshot: StoredSnapshot {
                        seq: last,
                        next_peer: self.next_peer,
                        host,
                    },
                });
                self.snapshot_seq = last;
            }
            // The log still holds everything: no loss, only a longer replay.
            Err(e) => super::log(format_args!("meeting {}: no snapshot: {e}", self.key)),
        }
    }

    fn fire_timer(&mut self, now: u64) {
        if self.host.poll_timeout().is_some_and(|due| due <= now) {
            self.input(Input::Timeout { now });
        }
    }

    async fn commit(&mut self) {
        let writes = std::mem::take(&mut self.pending);
        if writes.is_empty() {
            return;
        }
        match self.writer.write(writes).await {
            Ok(()) => {
                self.metrics
                    .commits
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Err(e) => fail_stop(&self.key, &e),
        }
    }

    /// Hands each message to its connection; one that cannot keep up is dropped, alone.
    fn dispatch(&mut self) {
        while let Some(transmit) = self.host.poll_transmit() {
            let Some(peer) = self.peers.get_mut(&transmit.to) else {
                continue;
            };
            let Some(outbox) = &peer.outbox else {
                continue;
            };
            if !peer.presence && matches!(transmit.message, HostMessage::Presence { .. }) {
                continue;
            }
            if let Err(mpsc::error::TrySendError::Full(_)) =
                outbox.try_send(Box::new(transmit.message))
            {
                peer.outbox = None;
            }
        }
    }
}

/// A change that cannot be made durable must not go out, and the memory that made it is
/// ahead of the disk: the process stops, and a restart restores what was committed.
fn fail_stop(key: &MeetingKey, error: &StoreError) -> ! {
    super::log(format_args!(
        "meeting {key}: cannot write to the store ({error}); stopping so that a restart restores what was committed"
    ));
    std::process::exit(70)
}

async fn gather(events: &mut mpsc::Receiver<Event>, batch: &mut Vec<Event>) {
    let until = tokio::time::Instant::now() + GATHER;
    while batch.len() < MAX_BATCH {
        match tokio::time::timeout_at(until, events.recv()).await {
            Ok(Some(event)) => batch.push(event),
            Ok(None) | Err(_) => return,
        }
    }
}

async fn sleep_until_ms(at: Option<u64>) {
    let wait = at.map_or(0, |at| at.saturating_sub(now_ms()));
    tokio::time::sleep(Duration::from_millis(wait)).await;
}
