//! A set kept as a sorted vector: the presence listing's order in the wasm. Inserting and
//! removing shift the elements after the place (O(n) moves of small elements), which for a
//! page's meeting costs less than BTreeSet's code does: the B-tree is 3.4 KB of the in-page
//! engine's gzip. Natively, where a server place holds thousands, the order stays a BTreeSet.

/// Unique elements in ascending order, with the part of BTreeSet's API the listing uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SortedVec<T>(Vec<T>);

impl<T> Default for SortedVec<T> {
    fn default() -> Self {
        SortedVec(Vec::new())
    }
}

impl<T: Ord> SortedVec<T> {
    /// Adds `value`; false if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }

    /// Takes `value` out; false if it was not there.
    pub fn remove(&mut self, value: &T) -> bool {
        match self.0.binary_search(value) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut items: Vec<T> = items.into_iter().collect();
        items.sort_unstable();
        items.dedup();
        SortedVec(items)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::SortedVec;

    proptest! {
        /// Every answer and the order are BTreeSet's, through inserts and removes of
        /// repeated values, and when built from a list with duplicates.
        #[test]
        fn behaves_as_a_btree_set(
            start in proptest::collection::vec(0u8..40, 0..30),
            steps in proptest::collection::vec((any::<bool>(), 0u8..40), 0..200),
        ) {
            let mut ours: SortedVec<u8> = start.iter().copied().collect();
            let mut theirs: BTreeSet<u8> = start.iter().copied().collect();
            for (add, value) in steps {
                if add {
                    prop_assert_eq!(ours.insert(value), theirs.insert(value));
                } else {
                    prop_assert_eq!(ours.remove(&value), theirs.remove(&value));
                }
                prop_assert!(ours.iter().eq(theirs.iter()));
            }
        }
    }
}
