//! Every failure the meeting can report, with the SDK's `code`/`subCode` pairs.
//!
//! Codes 46250..=46260 are the calling SDK's documented breakout-room errors. Failures
//! the SDK has no code for (it has no management API) use our own range,
//! **46900..=46949**, which the SDK does not use; the workshop features (SPEC 11) take
//! theirs from 46930 up.

use serde::{Deserialize, Serialize};

use super::limits::Limit;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(
    tag = "error",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Error {
    // --- the SDK's documented errors ---
    #[error("breakout rooms are only available in meetings, not in a group call")]
    NotAMeeting,
    #[error("breakout rooms are disabled for this meeting")]
    BreakoutRoomsDisabled,
    #[error("joining the breakout room failed: {reason}")]
    JoinFailed { reason: String },
    #[error("the main meeting could not be put on hold: {reason}")]
    HoldFailed { reason: String },
    #[error("cannot join breakout room {thread_id}: the room is closed")]
    RoomClosed { thread_id: String },
    #[error("the main meeting could not be resumed: {reason}")]
    ResumeFailed { reason: String },
    #[error("breakout room details could not be read: {reason}")]
    MalformedUpdate { reason: String },
    #[error("the breakout room call could not be hung up: {reason}")]
    HangUpFailed { reason: String },
    #[error("cannot join a breakout room: no room is assigned to this participant")]
    NotAssigned,

    // --- ours: 46900..=46949 ---
    #[error("{operation} needs an organizer, co-organizer or breakout room manager; this participant is an attendee")]
    NotAManager { operation: String },
    #[error("{operation} needs the organizer")]
    NotOrganizer { operation: String },
    #[error("no breakout room has threadId '{thread_id}'")]
    UnknownRoom { thread_id: String },
    #[error("no participant '{participant}' is in this meeting")]
    UnknownParticipant { participant: String },
    #[error("invalid room name '{name}': {reason}")]
    InvalidRoomName { name: String, reason: String },
    #[error("limit exceeded: at most {limit} {what}, but {requested} were asked for")]
    LimitExceeded {
        what: Limit,
        limit: u64,
        requested: u64,
    },
    #[error("the meeting changed: expectedRevision was {expected} but the revision is {actual}")]
    StaleRevision { expected: u64, actual: u64 },
    #[error("returning to the main meeting is disabled for this meeting's breakout rooms")]
    ReturnToMainDisabled,
    #[error("invalid {field}: {reason}")]
    InvalidArgument { field: String, reason: String },
    #[error("the call is not connected to the meeting")]
    NotConnected,
    #[error("participant '{participant}' is already in this meeting")]
    AlreadyJoined { participant: String },
    #[error("there are no breakout rooms to assign participants to")]
    NoRooms,
    #[error("the role of '{participant}' cannot change: {reason}")]
    InvalidRoleChange { participant: String, reason: String },
    #[error("the message could not be understood: {reason}")]
    Protocol { reason: String },
    #[error("invalid token: {reason}")]
    InvalidToken { reason: String },
    #[error(
        "'{participant}' joined this meeting again from another call, which took this one's place"
    )]
    JoinedElsewhere { participant: String },

    // --- ours, for workshops (SPEC 11): 46930..=46939 ---
    #[error("{}", no_pending_close(thread_id.as_deref()))]
    NoPendingClose { thread_id: Option<String> },
    #[error(
        "{operation} is limited to {limit} a minute per manager; try again in {retry_after_ms} ms"
    )]
    RateLimited {
        operation: String,
        limit: u32,
        retry_after_ms: u64,
    },
    #[error("{operation} needs the participant to be in a breakout room")]
    NotInARoom { operation: String },
    #[error("nobody in breakout room '{thread_id}' has asked for help")]
    NoHelpRequest { thread_id: String },
}

fn no_pending_close(thread_id: Option<&str>) -> String {
    match thread_id {
        Some(t) => format!(
            "breakout room '{t}' has no pending close (closeRooms with graceSeconds makes one)"
        ),
        None => "nothing is closing: no room end time and no pending close".into(),
    }
}

impl Error {
    /// The SDK-style HTTP-like `code`.
    pub fn code(&self) -> u16 {
        use Error::*;
        match self {
            NotAMeeting => 400,
            BreakoutRoomsDisabled => 405,
            JoinFailed { .. } | HoldFailed { .. } | HangUpFailed { .. } => 500,
            RoomClosed { .. }
            | ResumeFailed { .. }
            | MalformedUpdate { .. }
            | NotAssigned
            | NotConnected => 412,
            NotAManager { .. } | NotOrganizer { .. } | ReturnToMainDisabled => 403,
            UnknownRoom { .. } | UnknownParticipant { .. } => 404,
            InvalidRoomName { .. } | InvalidArgument { .. } | InvalidRoleChange { .. } => 400,
            Protocol { .. } => 400,
            InvalidToken { .. } => 401,
            LimitExceeded { .. } => 413,
            StaleRevision { .. }
            | AlreadyJoined { .. }
            | JoinedElsewhere { .. }
            | NoRooms
            | NoPendingClose { .. } => 409,
            RateLimited { .. } => 429,
            NotInARoom { .. } => 412,
            NoHelpRequest { .. } => 404,
        }
    }

    /// The SDK-style `subCode`: 46250..=46260 are the SDK's, 46900..=46949 ours.
    pub fn sub_code(&self) -> u32 {
        use Error::*;
        match self {
            NotAMeeting => 46250,
            BreakoutRoomsDisabled => 46251,
            JoinFailed { .. } => 46254,
            HoldFailed { .. } => 46255,
            RoomClosed { .. } => 46256,
            ResumeFailed { .. } => 46257,
            MalformedUpdate { .. } => 46258,
            HangUpFailed { .. } => 46259,
            NotAssigned => 46260,
            NotAManager { .. } => 46900,
            NotOrganizer { .. } => 46901,
            UnknownRoom { .. } => 46902,
            UnknownParticipant { .. } => 46903,
            InvalidRoomName { .. } => 46904,
            LimitExceeded { .. } => 46905,
            StaleRevision { .. } => 46906,
            ReturnToMainDisabled => 46907,
            InvalidArgument { .. } => 46908,
            NotConnected => 46909,
            AlreadyJoined { .. } => 46910,
            NoRooms => 46911,
            InvalidRoleChange { .. } => 46912,
            Protocol { .. } => 46913,
            InvalidToken { .. } => 46914,
            JoinedElsewhere { .. } => 46915,
            NoPendingClose { .. } => 46930,
            RateLimited { .. } => 46931,
            NotInARoom { .. } => 46932,
            NoHelpRequest { .. } => 46933,
        }
    }

    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}
