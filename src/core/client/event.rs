//! What a client reports to whoever drives it: the SDK's events and finished operations.

use std::sync::Arc;

use super::call::{CallId, CallState};
use crate::core::error::Error;
use crate::core::identity::{Identifier, Member, Role};
use crate::core::protocol::ManageOutcome;
use crate::core::room::RoomView;
use crate::core::settings::Settings;
use crate::core::workshop::{Broadcast, HelpRequest};

/// A handle for an operation that finishes later, reported by [`Event::Completed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub enum Completion {
    /// The call the operation resolves with (`join()`, `returnToMainMeeting()`).
    Call(CallId),
    /// A management command's outcome.
    Managed(ManageOutcome),
    Done,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A call's `stateChanged`.
    StateChanged { call: CallId, state: CallState },
    /// A call's `remoteParticipantsUpdated`, while the client watches (the default): who
    /// came and who went relative to what `Client::remote_participants` showed just before
    /// this event was polled.
    RemoteParticipantsUpdated {
        call: CallId,
        added: Vec<Member>,
        removed: Vec<Member>,
    },
    /// A watched call's place published a new head count (`totalParticipantCount`): it
    /// lists only some of its people (`Limits::max_visible_participants`), or it lists
    /// everyone again. Changes of a place that lists everyone come as
    /// [`Event::RemoteParticipantsUpdated`] alone.
    HeadCountChanged { call: CallId },
    /// `'breakoutRooms'`: every room (managers only); `None` once no longer a manager.
    BreakoutRooms(Option<Vec<Arc<RoomView>>>),
    /// `'assignedBreakoutRooms'`: this participant's room, or none.
    AssignedBreakoutRooms(Option<Arc<RoomView>>),
    /// `'breakoutRoomsSettings'`.
    BreakoutRoomsSettings(Settings),
    /// `'join'`: a breakout call was created and is connecting.
    Join { call: CallId },
    /// The organizer changed this participant's role.
    RoleChanged(Role),
    /// `'raisedHandEvent'`: someone's hand went up in a call's place.
    HandRaised {
        call: CallId,
        participant: Identifier,
        order: u32,
    },
    /// `'loweredHandEvent'`.
    HandLowered {
        call: CallId,
        participant: Identifier,
    },
    /// The transport stayed down past the grace period: every call has ended, and the
    /// agent's `connectionStateChanged` reports `'Disconnected'` (SPEC 9).
    ConnectionLost,
    /// When a room closes changed (`None`: it no longer is closing): the room this
    /// participant is in, or any room for managers (SPEC 11).
    RoomClosing {
        thread_id: String,
        closes_at: Option<u64>,
    },
    /// A manager's broadcast reached this participant.
    Broadcast(Arc<Broadcast>),
    /// A call for help changed (`None`: it is over): any room's for managers, their own
    /// for the askers.
    HelpRequest {
        thread_id: String,
        request: Option<Arc<HelpRequest>>,
    },
    /// Managers: the history of rounds changed (read it with `Client::rounds`).
    Rounds,
    /// An operation finished.
    Completed {
        op: OpId,
        result: Result<Completion, Error>,
    },
}
