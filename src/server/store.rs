//! Durability on SQLite (WAL): each meeting's config, its latest host snapshot, and the log
//! of its host's inputs since that snapshot (older inputs are deleted with the snapshot that
//! replaces them, in the same transaction).
//!
//! Startup reads every meeting synchronously ([`Store::meetings`], [`Store::load`]); then
//! the connection moves to one writer thread ([`Store::into_writer`]) that all meeting
//! tasks send their batches to. It commits whatever has queued up in one transaction
//! (group commit) and only then answers, so a meeting hands out effects only after they
//! are on disk.

use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use super::input::Input;
use super::key::MeetingKey;
use crate::core::host::MeetingConfig;
use crate::core::protocol::MeetingKind;

/// The schema's version, in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// Batches taken into one transaction at most.
const MAX_BATCHES_PER_COMMIT: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored record could not be read: {0}")]
    Record(String),
    #[error(
        "the database at {path} has schema version {found}; this build knows {SCHEMA_VERSION}"
    )]
    Schema { path: PathBuf, found: i64 },
    #[error("the store's writer thread has stopped")]
    Stopped,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// How hard each commit is pushed to disk. `Normal` (in WAL mode) survives the process
/// being killed but may lose the last commits on power loss; `Full` survives both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sync {
    Normal,
    Full,
}

/// What a meeting is made with: kept so that a restart makes the same host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredConfig {
    pub kind: MeetingKind,
    pub seed: u64,
    pub breakout_rooms_enabled: bool,
}

impl StoredConfig {
    pub fn meeting_config(&self) -> MeetingConfig {
        MeetingConfig {
            kind: self.kind,
            breakout_rooms_enabled: self.breakout_rooms_enabled,
            seed: self.seed,
            ..MeetingConfig::default()
        }
    }
}

/// A meeting as stored: its config, its latest snapshot, and its log since, oldest first.
#[derive(Debug)]
pub struct StoredMeeting {
    pub config: StoredConfig,
    pub snapshot: Option<StoredSnapshot>,
    /// `(seq, input)`, after the snapshot's seq; seqs count from 1 and have no gaps.
    pub inputs: Vec<(u64, Input)>,
}

/// A host snapshot (`Host::snapshot`, as JSON) taken after input `seq`.
#[derive(Debug)]
pub struct StoredSnapshot {
    pub seq: u64,
    /// The next peer id the meeting would have given: peers in the snapshot are below it.
    pub next_peer: u64,
    pub host: String,
}

/// One write, part of a meeting's batch.
#[derive(Debug)]
pub enum Write {
    Create {
        key: MeetingKey,
        config: StoredConfig,
        created: u64,
    },
    Append {
        key: MeetingKey,
        seq: u64,
        input: String,
    },
    /// Compaction: the snapshot replaces every input up to its seq.
    Snapshot {
        key: MeetingKey,
        snapshot: StoredSnapshot,
    },
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) `dir/meetings.sqlite3`.
    pub fn open(dir: &Path, sync: Sync) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("meetings.sqlite3");
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(
            None,
            "synchronous",
            match sync {
                Sync::Normal => "NORMAL",
                Sync::Full => "FULL",
            },
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found != 0 && found != SCHEMA_VERSION {
            return Err(StoreError::Schema { path, found });
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS meetings (
                 key TEXT PRIMARY KEY,
                 config TEXT NOT NULL,
                 created_ms INTEGER NOT NULL,
                 snapshot TEXT,
                 snapshot_seq INTEGER NOT NULL DEFAULT 0,
                 next_peer INTEGER NOT NULL DEFAULT 1
             ) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS inputs (
                 key TEXT NOT NULL,
                 seq INTEGER NOT NULL,
                 input TEXT NOT NULL,
                 PRIMARY KEY (key, seq)
             ) WITHOUT ROWID;",
        )?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Store { conn })
    }

    /// Every stored meeting's key.
    pub fn meetings(&self) -> Result<Vec<MeetingKey>, StoreError> {
        let mut statement = self.conn.prepare("SELECT key FROM meetings ORDER BY key")?;
        let keys = statement
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        keys.iter()
            .map(|k| {
                MeetingKey::parse(k).map_err(|e| StoreError::Record(format!("key {k:?}: {e}")))
            })
            .collect()
    }

    pub fn load(&self, key: &MeetingKey) -> Result<Option<StoredMeeting>, StoreError> {
        type Row = (String, Option<String>, i64, i64);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT config, snapshot, snapshot_seq, next_peer FROM meetings WHERE key = ?1",
                [key.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((config, snapshot, snapshot_seq, next_peer)) = row else {
            return Ok(None);
        };
        let snapshot = snapshot.map(|host| StoredSnapshot {
            seq: snapshot_seq as u64,
            next_peer: next_peer as u64,
            host,
        });
        let config: StoredConfig = serde_json::from_str(&config)
            .map_err(|e| StoreError::Record(format!("config of {key}: {e}")))?;
        let mut statement = self
            .conn
            .prepare("SELECT seq, input FROM inputs WHERE key = ?1 AND seq > ?2 ORDER BY seq")?;
        let rows = statement
            .query_map(params![key.as_str(), snapshot_seq], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut inputs = Vec::with_capacity(rows.len());
        for (seq, text) in rows {
            let input = serde_json::from_str(&text)
                .map_err(|e| StoreError::Record(format!("input {seq} of {key}: {e}")))?;
            inputs.push((seq as u64, input));
        }
        Ok(Some(StoredMeeting {
            config,
            snapshot,
            inputs,
        }))
    }

    /// Hands the connection to a writer thread, which ends once every [`Writer`] is dropped.
    pub fn into_writer(self) -> Result<Writer, StoreError> {
        let (tx, rx) = std_mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || write_loop(self.conn, rx))?;
        Ok(Writer { tx })
    }
}

struct Job {
    writes: Vec<Write>,
    done: oneshot::Sender<Result<(), String>>,
}

/// Where meeting tasks send their batches. Cloning shares the one writer thread.
#[derive(Clone)]
pub struct Writer {
    tx: std_mpsc::Sender<Job>,
}

impl Writer {
    /// Resolves once `writes` are committed.
    pub async fn write(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(());
        }
        let (done, result) = oneshot::channel();
        self.tx
            .send(Job { writes, done })
            .map_err(|_| StoreError::Stopped)?;
        match result.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(reason)) => Err(StoreError::Record(reason)),
            Err(_) => Err(StoreError::Stopped),
        }
    }
}

fn write_loop(mut conn: Connection, rx: std_mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCHES_PER_COMMIT {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let result = commit(&mut conn, &jobs).map_err(|e| e.to_string());
        for job in jobs {
            let _ = job.done.send(result.clone());
        }
    }
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> Result<(), rusqlite::Error> {
    let tx = conn.transaction()?;
    {
        let mut create = tx.prepare_cached(
            "INSERT OR IGNORE INTO meetings (key, config, created_ms) VALUES (?1, ?2, ?3)",
        )?;
        let mut append =
            tx.prepare_cached("INSERT INTO inputs (key, seq, input) VALUES (?1, ?2, ?3)")?;
        let mut snapshot = tx.prepare_cached(
            "UPDATE meetings SET snapshot = ?2, snapshot_seq = ?3, next_peer = ?4 WHERE key = ?1",
        )?;
        let mut compact = tx.prepare_cached("DELETE FROM inputs WHERE key = ?1 AND seq <= ?2")?;
        for write in jobs.iter().flat_map(|j| &j.writes) {
            match write {
                Write::Create {
                    key,
                    config,
                    created,
                } => {
                    let config = serde_json::to_string(config)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    create.execute(params![key.as_str(), config, *created as i64])?;
                }
                Write::Append { key, seq, input } => {
                    append.execute(params![key.as_str(), *seq as i64, input])?;
                }
                Write::Snapshot { key, snapshot: s } => {
                    let (seq, next_peer) = (s.seq as i64, s.next_peer as i64);
                    snapshot.execute(params![key.as_str(), s.host, seq, next_peer])?;
                    compact.execute(params![key.as_str(), seq])?;
                }
            }
        }
    }
    tx.commit()
}
