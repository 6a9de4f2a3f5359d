//! What workshops need beyond the SDK (SPEC 11), as participants see it: broadcasts, calls
//! for help and the history of rounds. Closing countdowns are only a time per room, and the
//! grouping rules live in [`super::grouping`].

use serde::{Deserialize, Serialize};

use super::identity::{Identifier, Member};

/// What a participant asks of the meeting that is no management command: it changes no
/// room or setting, so it takes no `expectedRevision` and leaves the revision alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "action",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum WorkshopAction {
    /// `mgmt.broadcast(text, { threadIds, mainMeeting })`: to the people inside those rooms
    /// (every room when absent), and in the main meeting if asked. Managers only.
    Broadcast {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        main_meeting: bool,
    },
    /// `feature.requestHelp()`: from inside a room, for the managers.
    RequestHelp,
    /// `mgmt.acknowledgeHelp(threadId)`: the askers hear that help is coming. Managers only.
    AcknowledgeHelp { thread_id: String },
}

impl WorkshopAction {
    /// The JS method name, used in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            WorkshopAction::Broadcast { .. } => "broadcast",
            WorkshopAction::RequestHelp => "requestHelp",
            WorkshopAction::AcknowledgeHelp { .. } => "acknowledgeHelp",
        }
    }

    /// Asking for help is anyone's; the rest is for managers.
    pub fn needs_manager(&self) -> bool {
        !matches!(self, WorkshopAction::RequestHelp)
    }
}

/// When a room closes (`None`: it is not closing any more).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomClosing {
    pub thread_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<u64>,
}

/// A manager's message to some rooms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Broadcast {
    pub sender: Member,
    pub text: String,
    /// When the host accepted it, in ms since the Unix epoch.
    pub sent_at: u64,
}

/// A room's call for help. Asking again while it is open changes nothing; everyone who
/// asks in the same room joins the one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelpRequest {
    pub thread_id: String,
    /// In the order they asked.
    pub askers: Vec<Identifier>,
    /// When the first of them asked, in ms since the Unix epoch.
    pub requested_at: u64,
    /// The manager who acknowledged it, once one has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<Identifier>,
}

/// Who was together in one room during a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundGroup {
    pub thread_id: String,
    pub display_name: String,
    pub members: Vec<Identifier>,
}

/// One round of groups: `recreateRooms` and `assignAutomatically` start one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    /// Counts up from 1.
    pub number: u32,
    pub started_at: u64,
    /// Absent for the round still running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<u64>,
    /// The rooms that had anyone in them, as they were when the round ended (or are now).
    pub groups: Vec<RoundGroup>,
}

/// The round still running: its groups are the rooms as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundStart {
    pub number: u32,
    pub started_at: u64,
}
