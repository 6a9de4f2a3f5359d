//! A host as a versioned serde value (SPEC 9): what a cross-tab host shares after each
//! change and the meeting server persists. Restored, it behaves exactly as the host it was
//! taken from: rooms, assignments, settings, roles, revision, timers, who is away and which
//! requests were answered, and messages not yet sent.
//!
//! In-process rosters are not part of it: a restored host's clients are all on a wire.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::Host;

/// Bumped whenever a snapshot's shape changes; a snapshot of another version is refused
/// rather than misread. Version 2 added where each member stands in a place's listing
/// (`Limits::max_visible_participants`); a version-1 snapshot is still read, its members
/// standing by role and in the order it kept them.
pub const SNAPSHOT_VERSION: u32 = 2;

/// The oldest version [`Host::restore`] reads.
const OLDEST_READ: u32 = 1;

/// `{ "version": 1, "host": { ... } }`, borrowed from a live host.
#[derive(Serialize)]
pub struct Snapshot<'a> {
    version: u32,
    host: &'a Host,
}

#[derive(Deserialize)]
struct Restored {
    version: u32,
    host: Host,
}

impl Host {
    /// The host as it is now, to serialize with any serde format.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            version: SNAPSHOT_VERSION,
            host: self,
        }
    }

    /// The host a [`Host::snapshot`] was taken of. A snapshot of a version this build does
    /// not read is an error that names both versions.
    pub fn restore<'de, D: Deserializer<'de>>(snapshot: D) -> Result<Host, D::Error> {
        let Restored { version, mut host } = Restored::deserialize(snapshot)?;
        if !(OLDEST_READ..=SNAPSHOT_VERSION).contains(&version) {
            return Err(D::Error::custom(format!(
                "a version {version} host snapshot; this build reads versions {OLDEST_READ} to {SNAPSHOT_VERSION}"
            )));
        }
        host.restored();
        Ok(host)
    }
}
