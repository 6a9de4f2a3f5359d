//! Management commands: what organizers, co-organizers and breakout room managers may ask.

use serde::{Deserialize, Serialize};

use super::grouping::GroupingRules;
use super::identity::Identifier;
use super::room::RoomSpec;
use super::settings::SettingsPatch;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Command {
    CreateRooms {
        rooms: RoomSpec,
    },
    RenameRoom {
        thread_id: String,
        display_name: String,
    },
    DeleteRoom {
        thread_id: String,
    },
    RecreateRooms {
        rooms: RoomSpec,
    },
    AssignParticipants {
        thread_id: String,
        participants: Vec<Identifier>,
    },
    UnassignParticipants {
        participants: Vec<Identifier>,
    },
    AssignAutomatically {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
    },
    OpenRooms {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
    },
    /// `closeRooms(threadIds, { graceSeconds })` (SPEC 11): the people inside are warned and
    /// the rooms close when the grace is over; without `graceSeconds`, after the meeting's
    /// `closingWarningSeconds`; with 0, at once. Issue 13's `closeRoomsAfter` reads as this.
    #[serde(alias = "closeRoomsAfter")]
    CloseRooms {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        grace_seconds: Option<u32>,
    },
    UpdateSettings {
        settings: SettingsPatch,
    },
    SetBreakoutRoomManager {
        participant: Identifier,
        enabled: bool,
    },

    // ----- for workshops (SPEC 11) -----
    /// `assignAutomatically` with any grouping rule.
    AssignByRules {
        rules: GroupingRules,
    },
    /// `extendClosing(seconds, { threadIds })`: without rooms, the end time too.
    ExtendClosing {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
        seconds: u32,
    },
    /// `cancelClosing({ threadIds })`: without rooms, the end time too.
    CancelClosing {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
    },
}

impl Command {
    /// The JS method name, used in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            Command::CreateRooms { .. } => "createRooms",
            Command::RenameRoom { .. } => "renameRoom",
            Command::DeleteRoom { .. } => "deleteRoom",
            Command::RecreateRooms { .. } => "recreateRooms",
            Command::AssignParticipants { .. } => "assignParticipants",
            Command::UnassignParticipants { .. } => "unassignParticipants",
            Command::AssignAutomatically { .. } => "assignAutomatically",
            Command::OpenRooms { .. } => "openRooms",
            Command::CloseRooms { .. } => "closeRooms",
            Command::UpdateSettings { .. } => "updateSettings",
            Command::SetBreakoutRoomManager { .. } => "setBreakoutRoomManager",
            Command::AssignByRules { .. } => "assignAutomatically",
            Command::ExtendClosing { .. } => "extendClosing",
            Command::CancelClosing { .. } => "cancelClosing",
        }
    }

    /// Granting the breakout-room-manager role is the organizer's alone.
    pub fn needs_organizer(&self) -> bool {
        matches!(self, Command::SetBreakoutRoomManager { .. })
    }
}
