//! Messages between a participant's client and the meeting host: tagged JSON with a
//! version field, `{"v":1,"type":"...",...}`.
//!
//! Hosts that live in the same page pass these as values; transports across tabs or
//! the network send [`encode`]d text and [`decode`] what arrives. Decoding never panics:
//! garbage, a wrong version or an out-of-range number is a [`DecodeError`].

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::command::Command;
use super::error::Error;
use super::grouping::GroupingReport;
use super::hand::{HandChange, RaisedHand};
use super::identity::{Identifier, Member, Role};
use super::room::RoomView;
use super::settings::Settings;
use super::workshop::{Broadcast, HelpRequest, RoomClosing, Round, RoundStart, WorkshopAction};

pub const PROTOCOL_VERSION: u64 = 1;

/// The kind of call a meeting locator names: only meetings have breakout rooms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MeetingKind {
    Meeting,
    GroupCall,
}

/// Where a participant is: the main meeting or one breakout room.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "place",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Place {
    Main,
    Room { thread_id: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum ClientMessage {
    /// Join the main meeting; with `resume`, take this participant's place again after the
    /// transport dropped, and be resynced (SPEC 9).
    Join {
        participant: Identifier,
        display_name: String,
        role: Role,
        #[serde(default, skip_serializing_if = "is_false")]
        resume: bool,
        /// Over a network transport, the signed token the server reads identity and role
        /// from; the in-page and cross-tab hosts take the claims as given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// Leave the meeting altogether.
    Leave,
    /// Connect the breakout call to the assigned room.
    EnterRoom { thread_id: String },
    /// Leave the breakout room for the main meeting.
    ReturnToMain,
    /// Raise or lower hands in the participant's current place; the host answers with
    /// [`HostMessage::Reply`].
    Hand { request: u32, hand: HandChange },
    /// A management command; the host answers with [`HostMessage::Reply`].
    Manage {
        request: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_revision: Option<u64>,
        command: Command,
    },

    // ----- for workshops (SPEC 11) -----
    /// Broadcast or ask for help, or acknowledge a call for help; answered with
    /// [`HostMessage::Reply`].
    Workshop {
        request: u32,
        action: WorkshopAction,
    },
    /// A manager's breakout call goes into any open room (`mgmt.visitRoom`); answered like
    /// `EnterRoom`.
    VisitRoom { thread_id: String },
}

/// A participant's assignment, as managers are told of it: `threadId` absent means
/// unassigned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    pub participant: Identifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
}

/// What a successful management command gives back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManageOutcome {
    pub revision: u64,
    /// The rooms a create or recreate made, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<Arc<RoomView>>,
    /// What `assignAutomatically` with grouping rules could not do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grouping: Option<GroupingReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum Reply {
    Ok(ManageOutcome),
    Err(Error),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum HostMessage {
    /// The join was accepted. After a `resume` join, what follows up to [`HostMessage::Resynced`]
    /// is everything this participant may see, and the client raises events only for what
    /// changed.
    Welcome {
        kind: MeetingKind,
        breakout_rooms_enabled: bool,
        role: Role,
        #[serde(default, skip_serializing_if = "is_false")]
        resumed: bool,
    },
    /// The end of a resync: where the host has this participant now.
    Resynced {
        place: Place,
    },
    /// A message from this peer was refused outright (unreadable, a wrong version, not
    /// allowed on this transport, too many); nobody else is affected.
    Rejected {
        error: Error,
    },
    /// The join was refused; the main call ends.
    JoinRefused {
        error: Error,
    },
    /// This participant's calls end: another client joined as the same identity and took
    /// its place.
    Ended {
        error: Error,
    },
    /// The organizer changed this participant's role.
    RoleChanged {
        role: Role,
    },
    Settings {
        settings: Settings,
    },
    /// This participant's own room, or none. Never another participant's.
    Assignment {
        room: Option<Arc<RoomView>>,
    },
    /// Managers only: rooms whose name, state or auto-move changed (without invitees),
    /// rooms deleted, and who moved between rooms. `reset` means `upserted` is every room
    /// and `moves` every assignment. Moves rather than invitee lists keep a reassignment
    /// O(1), however big the rooms.
    Rooms {
        revision: u64,
        reset: bool,
        upserted: Vec<Arc<RoomView>>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        removed: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        moves: Vec<Move>,
    },
    /// Who else is in a place, as it lists them. `reset` means `joined` is everyone it
    /// lists. A place with more people than `maxVisibleParticipants` lists only the first
    /// that many and says how many it holds in `total`; a message without `total` means
    /// the place lists everyone (again).
    Presence {
        place: Place,
        reset: bool,
        joined: Arc<[Member]>,
        left: Arc<[Identifier]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<u32>,
    },
    /// Whose hands are up in a place. `reset` means `raised` is every hand up there.
    Hands {
        place: Place,
        reset: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        raised: Vec<RaisedHand>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lowered: Vec<Identifier>,
    },
    /// The breakout call is connected to this room.
    Entered {
        thread_id: String,
    },
    /// The participant is back in the main meeting.
    Returned,
    /// `EnterRoom` (with its thread) or `ReturnToMain` (without) was refused.
    Refused {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_id: Option<String>,
        error: Error,
    },
    Reply {
        request: u32,
        reply: Reply,
    },

    // ----- for workshops (SPEC 11) -----
    /// When rooms close, or that they no longer are closing. The people inside hear of their
    /// own room; managers of every room. `reset` means `rooms` is every room closing.
    Closing {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        reset: bool,
        rooms: Vec<RoomClosing>,
    },
    /// A manager's broadcast, to the people in the places it was sent to.
    Broadcast {
        broadcast: Arc<Broadcast>,
    },
    /// Calls for help as they are now, and those that are over (by thread id), to managers
    /// and to the askers. `reset` means `requests` is every call this participant may see.
    Help {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        reset: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        requests: Vec<Arc<HelpRequest>>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cleared: Vec<String>,
    },
    /// Managers only: rounds that ended (`reset`: every round kept), and the one running.
    Rounds {
        reset: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ended: Vec<Arc<Round>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        current: Option<RoundStart>,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("not a JSON object: {0}")]
    Json(String),
    #[error("missing version field \"v\", or not a whole number")]
    NoVersion,
    #[error("unsupported protocol version {0} (this build speaks version 1)")]
    Version(u64),
    #[error("malformed message: {0}")]
    Shape(String),
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Protocol {
            reason: e.to_string(),
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a, T> {
    v: u64,
    #[serde(flatten)]
    body: &'a T,
}

/// The wire form of a message.
pub fn encode<T: Serialize>(message: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Envelope {
        v: PROTOCOL_VERSION,
        body: message,
    })
}

/// Reads a message, checking the version first so that a newer peer gets a clear error.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::Json(e.to_string()))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| DecodeError::Json("expected an object".into()))?;
    match object.remove("v").and_then(|v| v.as_u64()) {
        Some(PROTOCOL_VERSION) => {}
        Some(other) => return Err(DecodeError::Version(other)),
        None => return Err(DecodeError::NoVersion),
    }
    serde_json::from_value(value).map_err(|e| DecodeError::Shape(e.to_string()))
}
