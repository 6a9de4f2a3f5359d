//! What one step changed, so that updates go only to the participants it touches.

use crate::core::index_map::IndexSet;

use super::meeting::{RoomId, Slot};
use crate::core::grouping::GroupingReport;

#[derive(Debug, Default)]
pub(crate) struct Change {
    /// Rooms whose name, state or auto-move changed: every invitee must hear of it.
    pub room_meta: IndexSet<RoomId>,
    /// Thread ids of deleted rooms.
    pub removed: Vec<String>,
    /// Participants whose own assignment changed, in the order it changed.
    pub assignments: IndexSet<Slot>,
    pub settings: bool,
    /// Participants whose role changed.
    pub roles: Vec<Slot>,
    /// Rooms a create or recreate made, in order.
    pub created: Vec<RoomId>,
    /// A pending close was made, moved, called off or carried out (SPEC 11).
    pub workshop: bool,
    /// What an assignment with grouping rules could not do.
    pub grouping: Option<GroupingReport>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.room_meta.is_empty()
            && self.removed.is_empty()
            && self.assignments.is_empty()
            && !self.settings
            && self.roles.is_empty()
            && !self.workshop
    }
}
