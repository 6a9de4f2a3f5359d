//! What a manager's client knows of every room: built from the host's room changes and
//! assignment moves, so the host never resends whole invitee lists.

use std::sync::Arc;

use crate::core::index_map::{IndexMap, IndexSet};

use crate::core::identity::Identifier;
use crate::core::protocol::Move;
use crate::core::room::RoomView;

#[derive(Debug, Default)]
pub(crate) struct RoomBook {
    /// Every room with its invitees, in creation order; rebuilt only where something changed.
    rooms: IndexMap<String, Arc<RoomView>>,
    invitees: IndexMap<String, IndexSet<Identifier>>,
    assigned: IndexMap<Identifier, String>,
}

impl RoomBook {
    /// Applies one update from the host; true when any room changed.
    pub fn apply(
        &mut self,
        reset: bool,
        upserted: Vec<Arc<RoomView>>,
        removed: &[String],
        moves: Vec<Move>,
    ) -> bool {
        if reset {
            *self = RoomBook::default();
        }
        let mut dirty: IndexSet<String> = IndexSet::new();
        for thread_id in removed {
            self.rooms.shift_remove(thread_id);
            for id in self.invitees.swap_remove(thread_id).unwrap_or_default() {
                self.assigned.swap_remove(&id);
            }
        }
        for room in upserted {
            dirty.insert(room.thread_id.clone());
            self.rooms.insert(room.thread_id.clone(), room);
        }
        for Move {
            participant,
            thread_id,
        } in moves
        {
            if let Some(old) = self.assigned.swap_remove(&participant) {
                if let Some(set) = self.invitees.get_mut(&old) {
                    set.swap_remove(&participant); // as the host does
                }
                dirty.insert(old);
            }
            if let Some(new) = thread_id {
                self.invitees
                    .entry(new.clone())
                    .or_default()
                    .insert(participant.clone());
                self.assigned.insert(participant, new.clone());
                dirty.insert(new);
            }
        }
        for thread_id in &dirty {
            if let Some(view) = self.rooms.get_mut(thread_id) {
                let invitees = self
                    .invitees
                    .get(thread_id)
                    .map(|set| set.iter().cloned().collect())
                    .unwrap_or_default();
                *view = Arc::new(RoomView {
                    invitees: Some(invitees),
                    ..RoomView::clone(view)
                });
            }
        }
        reset || !dirty.is_empty() || !removed.is_empty()
    }

    pub fn rooms(&self) -> Vec<Arc<RoomView>> {
        self.rooms.values().cloned().collect()
    }

    pub fn get(&self, thread_id: &str) -> Option<&Arc<RoomView>> {
        self.rooms.get(thread_id)
    }
}
