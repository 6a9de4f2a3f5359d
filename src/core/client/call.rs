//! A call as a participant sees it: the main meeting call or a breakout room call.

use serde::{Deserialize, Serialize};

use super::participants::RemoteParticipants;
use crate::core::error::Error;
use crate::core::hand::RaisedHand;
use crate::core::identity::Identifier;

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

    /// The SDK's name for the state, as messages show it.
    pub fn name(self) -> &'static str {
        match self {
            CallState::None => "None",
            CallState::Connecting => "Connecting",
            CallState::Connected => "Connected",
            CallState::LocalHold => "LocalHold",
            CallState::Disconnecting => "Disconnecting",
            CallState::Disconnected => "Disconnected",
        }
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
    /// Hands up in this call's place, in the order they went up.
    pub raised_hands: Vec<RaisedHand>,
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
            raised_hands: Vec::new(),
        }
    }

    /// Applies news of hands; returns what changed, as `(who, Some(order))` for a hand
    /// that went up and `(who, None)` for one that came down.
    pub(crate) fn apply_hands(
        &mut self,
        reset: bool,
        raised: Vec<RaisedHand>,
        lowered: &[Identifier],
    ) -> Vec<(Identifier, Option<u32>)> {
        let mut changes = Vec::new();
        let before = if reset {
            std::mem::take(&mut self.raised_hands)
        } else {
            Vec::new()
        };
        for hand in &before {
            if !raised.iter().any(|r| r == hand) {
                changes.push((hand.identifier.clone(), None));
            }
        }
        if reset {
            self.raised_hands = before.into_iter().filter(|h| raised.contains(h)).collect();
        }
        for id in lowered {
            if let Some(at) = self.raised_hands.iter().position(|h| &h.identifier == id) {
                self.raised_hands.remove(at);
                changes.push((id.clone(), None));
            }
        }
        for hand in raised {
            if self.raised_hands.contains(&hand) {
                continue;
            }
            self.raised_hands
                .retain(|h| h.identifier != hand.identifier);
            changes.push((hand.identifier.clone(), Some(hand.order)));
            self.raised_hands.push(hand);
        }
        self.raised_hands.sort_by_key(|h| h.order);
        changes
    }
}
