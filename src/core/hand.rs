//! Raised hands (the SDK's `RaiseHand` feature): who has a hand up in a call, and in what
//! order they raised it. A hand belongs to the place it was raised in, the main meeting or
//! one room, so moving lowers it.

use serde::{Deserialize, Serialize};

use super::identity::Identifier;

/// What a participant asks of the hands in their current place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "change",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum HandChange {
    /// `raiseHand()`: one's own hand.
    Raise,
    /// `lowerHand()`: one's own hand.
    Lower,
    /// `lowerHands(identifiers)`: others' hands; managers only.
    LowerHands { participants: Vec<Identifier> },
    /// `lowerAllHands()`: everyone's in this place; managers only.
    LowerAll,
}

impl HandChange {
    /// The JS method name, used in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            HandChange::Raise => "raiseHand",
            HandChange::Lower => "lowerHand",
            HandChange::LowerHands { .. } => "lowerHands",
            HandChange::LowerAll => "lowerAllHands",
        }
    }

    /// Lowering other people's hands is for managers.
    pub fn needs_manager(&self) -> bool {
        matches!(self, HandChange::LowerHands { .. } | HandChange::LowerAll)
    }
}

/// A raised hand as everyone in the place sees it: `order` counts up from 1 in the order
/// hands went up in the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RaisedHand {
    pub identifier: Identifier,
    pub order: u32,
}
