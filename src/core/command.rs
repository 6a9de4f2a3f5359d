//! Management commands: what organizers, co-organizers and breakout room managers may ask.

use serde::{Deserialize, Serialize};

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
    CloseRooms {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ids: Option<Vec<String>>,
    },
    UpdateSettings {
        settings: SettingsPatch,
    },
    SetBreakoutRoomManager {
        participant: Identifier,
        enabled: bool,
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
        }
    }

    /// Granting the breakout-room-manager role is the organizer's alone.
    pub fn needs_organizer(&self) -> bool {
        matches!(self, Command::SetBreakoutRoomManager { .. })
    }
}
