//! A breakout room as participants see it.

use serde::{Deserialize, Serialize};

use super::identity::Identifier;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoomState {
    Open,
    Closed,
}

/// One room, in the SDK's `BreakoutRoom` shape. `invitees` is present only in what managers
/// receive: attendees see their own room without the list of who else is in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomView {
    pub thread_id: String,
    pub display_name: String,
    pub state: RoomState,
    pub auto_move_participant_to_breakout_room: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitees: Option<Vec<Identifier>>,
}

impl RoomView {
    pub fn is_open(&self) -> bool {
        self.state == RoomState::Open
    }
}

/// How many rooms to make, or which names to give them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RoomSpec {
    Count(u32),
    Names(Vec<String>),
}

impl RoomSpec {
    pub fn len(&self) -> u64 {
        match self {
            RoomSpec::Count(n) => u64::from(*n),
            RoomSpec::Names(names) => names.len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
