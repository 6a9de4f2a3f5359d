//! Who has a hand up where, and the news of it not yet published. Few hands are up at a
//! time, so following a move costs a lookup, and publishing walks only the places that
//! changed.

use crate::core::index_map::IndexMap;
use serde::{Deserialize, Serialize};

use super::meeting::Slot;
use super::presence::Location;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Hands {
    /// Slot -> where the hand went up, and its order.
    raised: IndexMap<Slot, (Location, u32)>,
    next_order: u32,
    /// Per place, hands raised (with their order) and lowered since the last publish.
    #[serde(with = "crate::core::index_map::serde_seq")]
    news: IndexMap<Location, News>,
    /// Who arrived in a place with hands up, to be told which.
    arrivals: Vec<(Slot, Location)>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct News {
    pub raised: Vec<(Slot, u32)>,
    pub lowered: Vec<Slot>,
}

impl Hands {
    /// Raises `slot`'s hand where they are; a hand already up stays as it was.
    pub fn raise(&mut self, slot: Slot, at: Location) {
        if self
            .raised
            .get(&slot)
            .is_some_and(|(place, _)| *place == at)
        {
            return;
        }
        self.lower(slot);
        self.next_order += 1;
        let order = self.next_order;
        self.raised.insert(slot, (at, order));
        self.news.entry(at).or_default().raised.push((slot, order));
    }

    /// Lowers `slot`'s hand if it is up; says whether it was.
    pub fn lower(&mut self, slot: Slot) -> bool {
        let Some((at, _)) = self.raised.swap_remove(&slot) else {
            return false;
        };
        let news = self.news.entry(at).or_default();
        news.raised.retain(|(s, _)| *s != slot);
        news.lowered.push(slot);
        true
    }

    /// `slot` moved (or left): a hand raised somewhere else comes down, and arriving where
    /// hands are up, they will be told whose.
    pub fn follow(&mut self, slot: Slot, now_at: Option<Location>) {
        if self
            .raised
            .get(&slot)
            .is_some_and(|(place, _)| Some(*place) != now_at)
        {
            self.lower(slot);
        }
        if let Some(at) = now_at {
            if self.raised.values().any(|(place, _)| *place == at) {
                self.arrivals.push((slot, at));
            }
        }
    }

    /// `slot` is being resynced where it is: it will be told every hand up there, even none.
    pub fn resync(&mut self, slot: Slot, at: Location) {
        self.arrivals.push((slot, at));
    }

    pub fn is_raised_at(&self, slot: Slot, at: Location) -> bool {
        self.raised
            .get(&slot)
            .is_some_and(|(place, _)| *place == at)
    }

    /// Every hand up in a place, in the order they went up.
    pub fn raised_at(&self, at: Location) -> Vec<(Slot, u32)> {
        let mut hands: Vec<(Slot, u32)> = self
            .raised
            .iter()
            .filter(|(_, (place, _))| *place == at)
            .map(|(slot, (_, order))| (*slot, *order))
            .collect();
        hands.sort_unstable_by_key(|(_, order)| *order);
        hands
    }

    pub fn take_news(&mut self) -> (IndexMap<Location, News>, Vec<(Slot, Location)>) {
        (
            std::mem::take(&mut self.news),
            std::mem::take(&mut self.arrivals),
        )
    }

    pub fn has_news(&self) -> bool {
        !self.news.is_empty() || !self.arrivals.is_empty()
    }
}
