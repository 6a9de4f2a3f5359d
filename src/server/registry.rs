//! Every meeting this server holds: a channel to each meeting's task, started on first use
//! or restored at startup.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::key::MeetingKey;
use super::meeting::{Event, Meeting};
use super::metrics::Metrics;
use super::store::{StoredConfig, Writer};
use super::Listing;

/// Events waiting for a meeting before connections wait to hand it theirs.
const QUEUE: usize = 8192;

pub struct Registry {
    meetings: Mutex<HashMap<MeetingKey, mpsc::Sender<Event>>>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    writer: Writer,
    metrics: Arc<Metrics>,
    compact_every: u64,
    listing: Listing,
}

impl Registry {
    pub fn new(
        writer: Writer,
        metrics: Arc<Metrics>,
        compact_every: u64,
        listing: Listing,
    ) -> Registry {
        Registry {
            compact_every,
            listing,
            meetings: Mutex::new(HashMap::new()),
            tasks: Mutex::new(Vec::new()),
            writer,
            metrics,
        }
    }

    /// Starts the task of a restored meeting.
    pub fn start(&self, meeting: Meeting) {
        let key = meeting.key().clone();
        let sender = self.spawn(meeting);
        lock(&self.meetings).insert(key, sender);
    }

    /// The channel to a meeting, which is created if it is new.
    pub fn get(&self, key: &MeetingKey) -> mpsc::Sender<Event> {
        let mut meetings = lock(&self.meetings);
        if let Some(sender) = meetings.get(key) {
            return sender.clone();
        }
        let config = StoredConfig {
            kind: key.kind(),
            // Thread ids and automatic assignment differ between meetings.
            seed: std::collections::hash_map::RandomState::new().hash_one(key),
            breakout_rooms_enabled: true,
        };
        let meeting = Meeting::create(
            key.clone(),
            config,
            self.compact_every,
            self.listing,
            self.writer.clone(),
            self.metrics.clone(),
        );
        let sender = self.spawn(meeting);
        meetings.insert(key.clone(), sender.clone());
        sender
    }

    fn spawn(&self, meeting: Meeting) -> mpsc::Sender<Event> {
        let (sender, receiver) = mpsc::channel(QUEUE);
        self.metrics.meetings.fetch_add(1, Relaxed);
        let metrics = self.metrics.clone();
        let task = tokio::spawn(async move {
            meeting.run(receiver).await;
            metrics.meetings.fetch_sub(1, Relaxed);
        });
        lock(&self.tasks).push(task);
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
