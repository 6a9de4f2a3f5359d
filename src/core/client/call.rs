//! A call as a participant sees it: the main meeting call or a breakout room call.

use serde::{Deserialize, Serialize};

use super::participants::RemoteParticipants;
use crate::core::error::Error;

/// The SDK's `CallState` names (those this engine produces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallState {
    None,
    Connecting,
    Connected,
    LocalHold,
    Disconnecting,
    Disconnected,
}

impl CallState {
    /// Connecting or in the call: it holds or is about to hold a place.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            CallState::Connecting | CallState::Connected | CallState::LocalHold
        )
    }

    /// In the main meeting, on hold or not.
    pub fn is_live(self) -> bool {
        matches!(self, CallState::Connected | CallState::LocalHold)
    }
}

/// The SDK's `call.id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CallId(pub String);

impl std::fmt::Display for CallId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug)]
pub struct Call {
    pub id: CallId,
    pub state: CallState,
    /// The room of a breakout call; `None` for the main meeting.
    pub thread_id: Option<String>,
    /// Everyone else in the same place: read with [`super::Client::remote_participants`].
    pub(crate) participants: RemoteParticipants,
    /// Why the call ended, when it was not hung up or closed in the ordinary way
    /// (the SDK's `callEndReason`).
    pub end_reason: Option<Error>,
}

impl Call {
    pub(crate) fn new(
        id: CallId,
        thread_id: Option<String>,
        participants: RemoteParticipants,
    ) -> Self {
        Call {
            id,
            state: CallState::None,
            thread_id,
            participants,
            end_reason: None,
        }
    }
}
