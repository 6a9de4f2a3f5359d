//! Who a participant is: an identifier shaped like the SDK's `CommunicationIdentifier`,
//! and the role they hold in the meeting.

use serde::{Deserialize, Serialize};

/// A participant identifier, in the JSON shapes of `@azure/communication-common`.
///
/// Deserialization is untagged so that the objects JS code already has (which may carry
/// extra fields such as `kind` or `rawId`) are accepted as they are.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Identifier {
    CommunicationUser {
        #[serde(rename = "communicationUserId")]
        communication_user_id: String,
    },
    MicrosoftTeamsUser {
        #[serde(rename = "microsoftTeamsUserId")]
        microsoft_teams_user_id: String,
        #[serde(rename = "isAnonymous", default, skip_serializing_if = "is_false")]
        is_anonymous: bool,
    },
    PhoneNumber {
        #[serde(rename = "phoneNumber")]
        phone_number: String,
    },
    Unknown {
        id: String,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Longest identifier string accepted; real ACS and Teams ids are well under this.
pub const MAX_IDENTIFIER_LEN: usize = 256;

impl Identifier {
    pub fn communication_user(id: impl Into<String>) -> Self {
        Identifier::CommunicationUser {
            communication_user_id: id.into(),
        }
    }

    /// The raw id string, as `@azure/communication-common`'s `getIdentifierRawId` spells it.
    /// Two identifiers name the same person exactly when their raw ids are equal.
    pub fn raw_id(&self) -> String {
        match self {
            Identifier::CommunicationUser {
                communication_user_id,
            } => communication_user_id.clone(),
            Identifier::MicrosoftTeamsUser {
                microsoft_teams_user_id,
                is_anonymous: true,
            } => format!("8:teamsvisitor:{microsoft_teams_user_id}"),
            Identifier::MicrosoftTeamsUser {
                microsoft_teams_user_id,
                ..
            } => format!("8:orgid:{microsoft_teams_user_id}"),
            Identifier::PhoneNumber { phone_number } => format!("4:{phone_number}"),
            Identifier::Unknown { id } => id.clone(),
        }
    }

    fn id_part(&self) -> &str {
        match self {
            Identifier::CommunicationUser {
                communication_user_id: s,
            }
            | Identifier::MicrosoftTeamsUser {
                microsoft_teams_user_id: s,
                ..
            }
            | Identifier::PhoneNumber { phone_number: s }
            | Identifier::Unknown { id: s } => s,
        }
    }

    /// Why this identifier cannot name a participant, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        let id = self.id_part();
        if id.trim().is_empty() {
            Some("must not be empty")
        } else if id.len() > MAX_IDENTIFIER_LEN {
            Some("is longer than 256 bytes")
        } else {
            None
        }
    }
}

/// A participant's role. *Managers* are the first three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Organizer,
    CoOrganizer,
    BreakoutRoomManager,
    Attendee,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Organizer,
        Role::CoOrganizer,
        Role::BreakoutRoomManager,
        Role::Attendee,
    ];

    /// The name used in tokens and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::Organizer => "organizer",
            Role::CoOrganizer => "coOrganizer",
            Role::BreakoutRoomManager => "breakoutRoomManager",
            Role::Attendee => "attendee",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Managers see every room with its invitees and may manage rooms.
    pub fn is_manager(self) -> bool {
        !matches!(self, Role::Attendee)
    }
}

/// What everyone in a call sees of another participant (the SDK's `RemoteParticipant` basics).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub identifier: Identifier,
    pub display_name: String,
}
