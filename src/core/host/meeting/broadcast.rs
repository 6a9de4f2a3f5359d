//! Broadcast (SPEC 11): a manager's short text to the people inside some rooms (every room
//! when none are named), and in the main meeting if asked. Only the targeted places hear it.
//! Each manager may send so many a minute, so one cannot flood every room.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::core::index_map::IndexSet;
use serde::{Deserialize, Serialize};

use super::{Location, Meeting, RoomId, Slot};
use crate::core::error::Error;
use crate::core::limits::Limit;
use crate::core::protocol::HostMessage;
use crate::core::small_map::SmallMap;
use crate::core::workshop::Broadcast;

/// The rate limit's window.
const MINUTE_MS: u64 = 60_000;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Broadcasts {
    /// Per manager, when they sent in the last minute, oldest first.
    sent: SmallMap<Slot, VecDeque<u64>>,
}

impl Meeting {
    /// Sends `text` from `slot` to the people in `rooms` (and the main meeting if `main`).
    /// Checks the text and the sender's rate before anything is sent.
    pub(super) fn broadcast(
        &mut self,
        now: u64,
        slot: Slot,
        text: &str,
        rooms: &[RoomId],
        main: bool,
    ) -> Result<(), Error> {
        let text = self.broadcast_text(text)?;
        let per_minute = self.config.limits.broadcasts_per_minute;
        let sent = self.workshop.broadcasts.sent.entry_or(slot, VecDeque::new);
        while sent.front().is_some_and(|t| t + MINUTE_MS <= now) {
            sent.pop_front();
        }
        if sent.len() >= per_minute as usize {
            let oldest = sent.front().copied().unwrap_or(now);
            return Err(Error::RateLimited {
                operation: "broadcast".into(),
                limit: per_minute,
                retry_after_ms: (oldest + MINUTE_MS).saturating_sub(now),
            });
        }
        sent.push_back(now);
        let broadcast = Arc::new(Broadcast {
            sender: self.member(slot),
            text,
            sent_at: now,
        });
        // A room named twice is still one place: its people hear it once.
        let places: IndexSet<Location> = rooms
            .iter()
            .map(|id| Location::Room(*id))
            .chain(main.then_some(Location::Main))
            .collect();
        let mut to: Vec<Slot> = Vec::new();
        for place in places {
            to.extend(self.presence.members(place));
        }
        for slot in to {
            let message = HostMessage::Broadcast {
                broadcast: broadcast.clone(),
            };
            self.workshop.tell(slot, message);
        }
        Ok(())
    }

    /// The text as sent: trimmed, not empty, within the limit, no control characters but
    /// line breaks and tabs.
    fn broadcast_text(&self, text: &str) -> Result<String, Error> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid("text", "a broadcast needs some text"));
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Error::invalid(
                "text",
                "a broadcast must not hold control characters other than line breaks and tabs",
            ));
        }
        let max = self.config.limits.max_broadcast_chars;
        let chars = trimmed.chars().count() as u64;
        if chars > u64::from(max) {
            return Err(Error::LimitExceeded {
                what: Limit::BroadcastChars,
                limit: max.into(),
                requested: chars,
            });
        }
        Ok(trimmed.to_owned())
    }
}
