//! Every meeting this server holds in memory: a channel to each meeting's task, started on
//! first use, restored at startup, or restored from the database when someone comes back
//! to a meeting that left memory for being idle.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::key::MeetingKey;
use super::limits::too_many;
use super::meeting::{now_ms, Event, Meeting, Stopped};
use super::metrics::Metrics;
use super::store::{Store, StoreError, StoredConfig, Writer};
use super::Listing;
use crate::core::error::Error;
use crate::core::limits::Limit;

/// Events waiting for a meeting before connections wait to hand it theirs.
const QUEUE: usize = 8192;

type Meetings = Arc<Mutex<HashMap<MeetingKey, mpsc::Sender<Event>>>>;

pub struct Registry {
    meetings: Meetings,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    /// Reads a meeting back that left memory (WAL: beside the writer, never blocking it).
    reader: Mutex<Store>,
    writer: Writer,
    metrics: Arc<Metrics>,
    compact_every: u64,
    listing: Listing,
    max_meetings: usize,
    idle_meeting: Duration,
}

/// Why a connection cannot have its meeting.
#[derive(Debug)]
pub enum Unavailable {
    /// Over `--max-meetings`: the connection is told, with the limit.
    Full(Error),
    /// The stored meeting could not be read back.
    Store(StoreError),
}

impl Registry {
    pub fn new(
        reader: Store,
        writer: Writer,
        metrics: Arc<Metrics>,
        compact_every: u64,
        max_meetings: usize,
        idle_meeting: Duration,
        listing: Listing,
    ) -> Registry {
        Registry {
            compact_every,
            listing,
            meetings: Arc::new(Mutex::new(HashMap::new())),
            tasks: Mutex::new(Vec::new()),
            reader: Mutex::new(reader),
            writer,
            metrics,
            max_meetings,
            idle_meeting,
        }
    }

    /// Starts the task of a restored meeting.
    pub fn start(&self, meeting: Meeting) {
        let mut meetings = lock(&self.meetings);
        let key = meeting.key().clone();
        let sender = self.spawn(meeting);
        meetings.insert(key, sender);
    }

    /// The channel to a meeting: the one in memory, else the stored one restored, else a
    /// new one, unless that would hold more than `--max-meetings`.
    pub fn get(&self, key: &MeetingKey) -> Result<mpsc::Sender<Event>, Unavailable> {
        let mut meetings = lock(&self.meetings);
        if let Some(sender) = meetings.get(key) {
            return Ok(sender.clone());
        }
        if meetings.len() >= self.max_meetings {
            let full = too_many(Limit::Meetings, self.max_meetings, meetings.len() + 1);
            return Err(Unavailable::Full(full));
        }
        // Read under the lock, so two connections cannot restore the same meeting twice.
        let stored = lock(&self.reader).load(key).map_err(Unavailable::Store)?;
        let meeting = match stored {
            Some(stored) => Meeting::restore(
                key.clone(),
                stored,
                now_ms(),
                self.compact_every,
                self.listing,
                self.writer.clone(),
                self.metrics.clone(),
            )
            .map_err(Unavailable::Store)?,
            None => {
                let config = StoredConfig {
                    kind: key.kind(),
                    // Thread ids and automatic assignment differ between meetings.
                    seed: std::collections::hash_map::RandomState::new().hash_one(key),
                    breakout_rooms_enabled: true,
                };
                Meeting::create(
                    key.clone(),
                    config,
                    self.compact_every,
                    self.listing,
                    self.writer.clone(),
                    self.metrics.clone(),
                )
            }
        };
        let sender = self.spawn(meeting);
        meetings.insert(key.clone(), sender.clone());
        Ok(sender)
    }

    /// Runs a meeting until every sender is gone (shutdown) or it has been idle long
    /// enough to leave memory. Leaving happens under the registry's lock and only with
    /// nothing queued, so no connection is handed a channel that is about to close; one
    /// that got it just before finds it closed and asks again ([`Registry::get`]).
    fn spawn(&self, meeting: Meeting) -> mpsc::Sender<Event> {
        let (sender, mut receiver) = mpsc::channel(QUEUE);
        self.metrics.meetings.fetch_add(1, Relaxed);
        let (metrics, meetings, idle) = (
            self.metrics.clone(),
            self.meetings.clone(),
            self.idle_meeting,
        );
        let task = tokio::spawn(async move {
            let mut meeting = meeting;
            let key = meeting.key().clone();
            meeting.start().await;
            while let Stopped::Idle = meeting.run(&mut receiver, idle).await {
                let mut held = lock(&meetings);
                if !receiver.is_empty() {
                    continue;
                }
                held.remove(&key);
                receiver.close();
                metrics.meetings_evicted.fetch_add(1, Relaxed);
                break;
            }
            metrics.meetings.fetch_sub(1, Relaxed);
        });
        let mut tasks = lock(&self.tasks);
        tasks.retain(|t| !t.is_finished());
        tasks.push(task);
        sender
    }

    /// Lets every meeting finish what it was given, commit, and stop.
    pub async fn stop(&self) {
        lock(&self.meetings).clear();
        let tasks = std::mem::take(&mut *lock(&self.tasks));
        for task in tasks {
            let _ = task.await;
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
