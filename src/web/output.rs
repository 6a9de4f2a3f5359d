//! What the engine hands the JavaScript: the core's events as plain data, one object per
//! event with the `peer` it is for and a `type` naming it.

use std::sync::Arc;

use crate::core::index_map::IndexSet;
use serde::Serialize;

use super::boundary::ErrorData;
use crate::core::{
    CallId, CallState, Completion, Event, GroupingReport, HelpRequest, Identifier, LocalMeeting,
    Member, PeerId, Role, RoomView, Round, Settings,
};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Admitted<'a> {
    pub peer: u64,
    pub identifier: &'a Identifier,
    pub role: Role,
    pub main_call: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Token<'a> {
    pub user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<&'a str>,
    pub role: Role,
    pub expires_on: u64,
}

/// A call as the engine has it at this moment.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CallNow<'a> {
    pub call: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<&'a str>,
    pub state: CallState,
}

#[derive(Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub(crate) enum Output<'a> {
    /// A call's `stateChanged`; a call that ended says why, when it was not the ordinary way.
    State {
        peer: u64,
        call: &'a str,
        state: CallState,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<ErrorData>,
    },
    /// A watched call's `remoteParticipantsUpdated`.
    Remotes {
        peer: u64,
        call: &'a str,
        added: &'a [Member],
        removed: Vec<&'a Identifier>,
    },
    /// A watched call's place published a new head count (`totalParticipantCount`).
    HeadCount {
        peer: u64,
        call: &'a str,
    },
    /// Every room, for managers; absent once no longer a manager.
    Rooms {
        peer: u64,
        revision: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        rooms: Option<&'a [Arc<RoomView>]>,
        /// The assigned room as it reads now: managers see its invitees.
        #[serde(skip_serializing_if = "Option::is_none")]
        assigned: Option<Arc<RoomView>>,
    },
    /// This participant's room, or none.
    Assigned {
        peer: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        room: Option<&'a RoomView>,
    },
    Settings {
        peer: u64,
        settings: &'a Settings,
    },
    /// A breakout call was created and is connecting.
    Join {
        peer: u64,
        call: &'a str,
    },
    Role {
        peer: u64,
        role: Role,
    },
    /// Someone's hand went up (with its order) or came down in a call's place.
    Hand {
        peer: u64,
        call: &'a str,
        identifier: &'a Identifier,
        #[serde(skip_serializing_if = "Option::is_none")]
        order: Option<u32>,
    },
    /// The transport stayed down past the grace period: every call has ended.
    Lost {
        peer: u64,
    },
    /// When a room closes, or that it no longer is closing (SPEC 11).
    Closing {
        peer: u64,
        thread_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        closes_at: Option<u64>,
    },
    /// A manager's broadcast reached this participant.
    Broadcast {
        peer: u64,
        sender: &'a Member,
        text: &'a str,
        sent_at: u64,
    },
    /// A call for help as it is now, or over.
    Help {
        peer: u64,
        thread_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        request: Option<&'a HelpRequest>,
    },
    /// Managers: every round kept, the one running last.
    Rounds {
        peer: u64,
        rounds: Vec<Round>,
    },
    /// An operation finished: with a call, new rooms and a revision, or an error.
    Done {
        peer: u64,
        op: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        call: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rooms: Option<&'a [Arc<RoomView>]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        revision: Option<u64>,
        /// What `assignAutomatically` with grouping rules could not do.
        #[serde(skip_serializing_if = "Option::is_none")]
        report: Option<&'a GroupingReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<ErrorData>,
    },
}

/// The output for one event, if the JavaScript needs it.
pub(crate) fn of<'a>(
    peer: PeerId,
    event: &'a Event,
    watched: &IndexSet<(PeerId, CallId)>,
    local: &LocalMeeting,
) -> Option<Output<'a>> {
    let p = peer.0;
    Some(match event {
        Event::StateChanged { call, state } => Output::State {
            peer: p,
            call: &call.0,
            state: *state,
            reason: (*state == CallState::Disconnected)
                .then(|| local.client(peer)?.call(call)?.end_reason.as_ref())
                .flatten()
                .map(ErrorData::from),
        },
        Event::RemoteParticipantsUpdated {
            call,
            added,
            removed,
        } => {
            if !watched.contains(&(peer, call.clone())) {
                return None;
            }
            Output::Remotes {
                peer: p,
                call: &call.0,
                added,
                removed: removed.iter().map(|m| &m.identifier).collect(),
            }
        }
        Event::HeadCountChanged { call } => {
            if !watched.contains(&(peer, call.clone())) {
                return None;
            }
            Output::HeadCount {
                peer: p,
                call: &call.0,
            }
        }
        Event::BreakoutRooms(rooms) => Output::Rooms {
            peer: p,
            revision: local.client(peer).map_or(0, |c| c.revision()),
            assigned: local.client(peer).and_then(|c| c.assigned_breakout_room()),
            rooms: rooms.as_deref(),
        },
        Event::AssignedBreakoutRooms(room) => Output::Assigned {
            peer: p,
            room: room.as_deref(),
        },
        Event::BreakoutRoomsSettings(settings) => Output::Settings { peer: p, settings },
        Event::Join { call } => Output::Join {
            peer: p,
            call: &call.0,
        },
        Event::RoleChanged(role) => Output::Role {
            peer: p,
            role: *role,
        },
        Event::HandRaised {
            call,
            participant,
            order,
        } => Output::Hand {
            peer: p,
            call: &call.0,
            identifier: participant,
            order: Some(*order),
        },
        Event::HandLowered { call, participant } => Output::Hand {
            peer: p,
            call: &call.0,
            identifier: participant,
            order: None,
        },
        Event::ConnectionLost => Output::Lost { peer: p },
        Event::RoomClosing {
            thread_id,
            closes_at,
        } => Output::Closing {
            peer: p,
            thread_id,
            closes_at: *closes_at,
        },
        Event::Broadcast(b) => Output::Broadcast {
            peer: p,
            sender: &b.sender,
            text: &b.text,
            sent_at: b.sent_at,
        },
        Event::HelpRequest { thread_id, request } => Output::Help {
            peer: p,
            thread_id,
            request: request.as_deref(),
        },
        Event::Rounds => Output::Rounds {
            peer: p,
            rounds: local.client(peer).map(|c| c.rounds()).unwrap_or_default(),
        },
        Event::Completed { op, result } => {
            let (mut call, mut rooms, mut revision, mut error) = (None, None, None, None);
            let mut report = None;
            match result {
                Ok(Completion::Call(id)) => call = Some(id.0.as_str()),
                Ok(Completion::Managed(outcome)) => {
                    rooms = Some(outcome.rooms.as_slice());
                    revision = Some(outcome.revision);
                    report = outcome.grouping.as_ref();
                }
                Ok(Completion::Done) => {}
                Err(e) => error = Some(ErrorData::from(e)),
            }
            Output::Done {
                peer: p,
                op: op.0,
                call,
                rooms,
                revision,
                report,
                error,
            }
        }
    })
}

/// The call an event ends, if it ends one.
pub(crate) fn ended(event: &Event) -> Option<&CallId> {
    match event {
        Event::StateChanged {
            call,
            state: CallState::Disconnected,
        } => Some(call),
        _ => None,
    }
}
