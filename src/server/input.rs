//! What a meeting's log holds: every input its host was given, with the time it was given.
//! The core host is deterministic in its inputs, so replaying them rebuilds it exactly.

use serde::{Deserialize, Serialize};

use crate::core::host::{Host, PeerId};
use crate::core::protocol::ClientMessage;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "in", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Input {
    /// A message from the client on `peer` (a join's token is never logged).
    Message {
        now: u64,
        peer: PeerId,
        message: ClientMessage,
    },
    /// The connection of `peer` closed or dropped: the participant has the grace period
    /// to come back with a `resume` join (SPEC 9).
    Lost { now: u64, peer: PeerId },
    /// The host's timer was due.
    Timeout { now: u64 },
}

impl Input {
    pub fn apply(&self, host: &mut Host) {
        match self {
            Input::Message { now, peer, message } => {
                host.handle_message(*now, *peer, message.clone())
            }
            Input::Lost { now, peer } => host.handle_transport_lost(*now, *peer),
            Input::Timeout { now } => host.handle_timeout(*now),
        }
    }

    pub fn peer(&self) -> Option<PeerId> {
        match self {
            Input::Message { peer, .. } | Input::Lost { peer, .. } => Some(*peer),
            Input::Timeout { .. } => None,
        }
    }
}
