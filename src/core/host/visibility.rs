//! What each participant may see of a change (SPEC section 4): managers get every room
//! that changed and every assignment that moved; everyone else gets only their own
//! assignment and the settings. Work is proportional to the participants a change touches.

use std::sync::Arc;

use crate::core::index_map::IndexMap;

use super::change::Change;
use super::meeting::{Meeting, RoomId, Slot};
use crate::core::protocol::{HostMessage, Move};
use crate::core::room::RoomView;

/// Everything a manager sees: every room, and where everyone is assigned.
pub(crate) fn all_rooms(meeting: &Meeting) -> HostMessage {
    HostMessage::Rooms {
        revision: meeting.revision(),
        reset: true,
        upserted: meeting
            .room_ids()
            .filter_map(|id| meeting.room_view(id, false))
            .map(Arc::new)
            .collect(),
        removed: Vec::new(),
        // Room by room in invitee order, so the manager's lists come out in the same order.
        moves: meeting
            .room_ids()
            .filter_map(|id| meeting.room(id))
            .flat_map(|room| room.invitees.iter())
            .map(|slot| assignment_move(meeting, *slot))
            .collect(),
    }
}

fn assignment_move(meeting: &Meeting, slot: Slot) -> Move {
    let p = meeting.participant(slot);
    Move {
        participant: p.identifier.clone(),
        thread_id: p
            .assignment
            .and_then(|id| meeting.room(id))
            .map(|r| r.thread_id.clone()),
    }
}

/// A participant's own room, without the invitee list.
pub(crate) fn assignment(meeting: &Meeting, slot: Slot) -> HostMessage {
    HostMessage::Assignment {
        room: meeting
            .participant(slot)
            .assignment
            .and_then(|id| meeting.room_view(id, false))
            .map(Arc::new),
    }
}

/// The updates a change causes, in the order a client should apply them: settings,
/// roles, the managers' room list, then assignments.
pub(crate) fn updates(meeting: &Meeting, change: &Change, mut send: impl FnMut(Slot, HostMessage)) {
    if change.is_empty() {
        return;
    }
    let present = |slot: Slot| meeting.participant(slot).present;

    if change.settings {
        let settings = meeting.settings();
        for (slot, _) in meeting.participants().filter(|(_, p)| p.present) {
            send(slot, HostMessage::Settings { settings });
        }
    }

    for &slot in change.roles.iter().filter(|s| present(**s)) {
        let role = meeting.participant(slot).role;
        send(slot, HostMessage::RoleChanged { role });
        if role.is_manager() {
            send(slot, all_rooms(meeting));
        }
    }

    let upserted: Vec<Arc<RoomView>> = change
        .room_meta
        .iter()
        .filter_map(|id| meeting.room_view(*id, false))
        .map(Arc::new)
        .collect();
    let moves: Vec<Move> = change
        .assignments
        .iter()
        .map(|slot| assignment_move(meeting, *slot))
        .collect();
    for slot in meeting.present_managers() {
        if change.roles.contains(&slot) {
            continue; // just got everything above
        }
        send(
            slot,
            HostMessage::Rooms {
                revision: meeting.revision(),
                reset: false,
                upserted: upserted.clone(),
                removed: change.removed.clone(),
                moves: moves.clone(),
            },
        );
    }

    // One shared view per room: everyone assigned to it receives the same value.
    let mut views: IndexMap<RoomId, Arc<RoomView>> = IndexMap::new();
    let mut view = |id: RoomId| -> Option<Arc<RoomView>> {
        if let Some(v) = views.get(&id) {
            return Some(v.clone());
        }
        let v = Arc::new(meeting.room_view(id, false)?);
        views.insert(id, v.clone());
        Some(v)
    };
    for &id in &change.room_meta {
        let (Some(room), Some(v)) = (meeting.room(id), view(id)) else {
            continue;
        };
        for &slot in room.invitees.iter().filter(|s| present(**s)) {
            send(
                slot,
                HostMessage::Assignment {
                    room: Some(v.clone()),
                },
            );
        }
    }
    for &slot in change.assignments.iter().filter(|s| present(**s)) {
        let assigned = meeting.participant(slot).assignment;
        if assigned.is_some_and(|id| change.room_meta.contains(&id)) {
            continue; // told above with the room's news
        }
        send(
            slot,
            HostMessage::Assignment {
                room: assigned.and_then(&mut view),
            },
        );
    }
}
