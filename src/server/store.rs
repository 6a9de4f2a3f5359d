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

/// The schema's version, in `PRAGMA user_version`. 2: a logged `closeRooms` without
/// `graceSeconds` means the meeting's warning (issue 13); version 1 logs are migrated.
const SCHEMA_VERSION: i64 = 2;

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
        let mut conn = Connection::open(&path)?;
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
        if found != 0 && found != 1 && found != SCHEMA_VERSION {
            return Err(StoreError::Schema { path, found });
        }
        if found == 1 {
            immediate_closes(&mut conn)?;
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

/// Version 1 to 2: a `closeRooms` logged before issue 13 closed at once; since, one without
/// `graceSeconds` warns for the meeting's `closingWarningSeconds`. So that a replay rebuilds
/// what happened, the old ones are given `graceSeconds: 0`, in one transaction with the
/// version.
fn immediate_closes(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let rows = {
        let mut statement = tx.prepare("SELECT key, seq, input FROM inputs")?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    for (key, seq, text) in rows {
        let mut input: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| StoreError::Record(format!("input {seq} of {key}: {e}")))?;
        let command = input
            .pointer_mut("/message/command")
            .and_then(|c| c.as_object_mut());
        let Some(command) = command else { continue };
        if command.get("op").and_then(|op| op.as_str()) != Some("closeRooms")
            || command.contains_key("graceSeconds")
        {
            continue;
        }
        command.insert("graceSeconds".into(), 0.into());
        tx.execute(
            "UPDATE inputs SET input = ?1 WHERE key = ?2 AND seq = ?3",
            params![input.to_string(), key, seq],
        )?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::protocol::ClientMessage;
    use crate::core::Command;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "br-store-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        dir
    }

    fn close_logged(input: &Input) -> Option<&Command> {
        match input {
            Input::Message {
                message: ClientMessage::Manage { command, .. },
                ..
            } => Some(command),
            _ => None,
        }
    }

    /// A version 1 log replays as it ran: its closeRooms closed at once.
    #[test]
    fn a_version_1_log_keeps_closing_at_once() {
        let dir = temp_dir("v1");
        let old = |op: &str, extra: &str| {
            format!(
                r#"{{"in":"message","now":1,"peer":1,"message":{{"type":"manage","request":1,"command":{{"op":"{op}"{extra}}}}}}}"#
            )
        };
        {
            let conn = Connection::open(dir.join("meetings.sqlite3")).expect("opens");
            conn.execute_batch(
                "CREATE TABLE meetings (key TEXT PRIMARY KEY, config TEXT NOT NULL,
                     created_ms INTEGER NOT NULL, snapshot TEXT,
                     snapshot_seq INTEGER NOT NULL DEFAULT 0,
                     next_peer INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;
                 CREATE TABLE inputs (key TEXT NOT NULL, seq INTEGER NOT NULL,
                     input TEXT NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
                 PRAGMA user_version = 1;",
            )
            .expect("a version 1 schema");
            conn.execute(
                "INSERT INTO meetings (key, config, created_ms) VALUES ('meetingId:old', ?1, 0)",
                [r#"{"kind":"meeting","seed":1,"breakoutRoomsEnabled":true}"#],
            )
            .expect("a meeting");
            let rows = [
                old("closeRooms", ""),
                old("closeRooms", r#","threadIds":["t"]"#),
                old("closeRoomsAfter", r#","graceSeconds":30"#),
                old("openRooms", ""),
                r#"{"in":"timeout","now":2}"#.to_owned(),
            ];
            for (seq, input) in rows.iter().enumerate() {
                conn.execute(
                    "INSERT INTO inputs (key, seq, input) VALUES ('meetingId:old', ?1, ?2)",
                    params![seq as i64 + 1, input],
                )
                .expect("an input");
            }
        }
        let store = Store::open(&dir, Sync::Normal).expect("migrates");
        let key = MeetingKey::parse("meetingId:old").expect("a key");
        let meeting = store.load(&key).expect("loads").expect("the meeting");
        let commands: Vec<Option<&Command>> = meeting
            .inputs
            .iter()
            .map(|(_, i)| close_logged(i))
            .collect();
        let close = |thread_ids: Option<Vec<String>>, grace_seconds| Command::CloseRooms {
            thread_ids,
            grace_seconds,
        };
        assert_eq!(
            commands,
            [
                Some(&close(None, Some(0))),
                Some(&close(Some(vec!["t".into()]), Some(0))),
                Some(&close(None, Some(30))),
                Some(&Command::OpenRooms { thread_ids: None }),
                None,
            ]
        );
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("a version");
        assert_eq!(version, SCHEMA_VERSION);
        drop(store);
        // Opened again, a version 2 log is left as it is: closeRooms() now warns first.
        let conn = Connection::open(dir.join("meetings.sqlite3")).expect("opens");
        conn.execute(
            "INSERT INTO inputs (key, seq, input) VALUES ('meetingId:old', 6, ?1)",
            [old("closeRooms", "")],
        )
        .expect("a new input");
        drop(conn);
        let store = Store::open(&dir, Sync::Normal).expect("opens");
        let meeting = store.load(&key).expect("loads").expect("the meeting");
        assert_eq!(close_logged(&meeting.inputs[5].1), Some(&close(None, None)));
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = temp_dir("v3");
        {
            let conn = Connection::open(dir.join("meetings.sqlite3")).expect("opens");
            conn.pragma_update(None, "user_version", 3)
                .expect("a version");
        }
        match Store::open(&dir, Sync::Normal) {
            Err(StoreError::Schema { found: 3, .. }) => {}
            other => panic!("expected a schema error, got {:?}", other.map(|_| ())),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
