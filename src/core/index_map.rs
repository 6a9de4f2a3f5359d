//! The insertion-ordered map and set the core keeps its state in (`IndexMap`, `IndexSet`).
//!
//! They behave as the `indexmap` crate's types of the same names for everything the core
//! uses (order, `swap_remove` and `shift_remove`, entries, equality as maps, serde), so a
//! meeting runs as it did with that crate. What differs is the code they make: the hash
//! index is one non-generic table of positions (`Slots`), not one per key and value type,
//! which in the wasm is a few kilobytes instead of some sixty. The tests at the end drive
//! them and `indexmap` through the same random operations.

use std::borrow::Borrow;
use std::collections::TryReserveError;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Natively (the meeting server), keys are hashed with the standard library's randomly keyed
/// hasher, so crafted identifiers cannot make lookups slow. In the wasm, whose meetings are
/// in one browser, a small fixed hasher keeps std's key setup and SipHash out of the file.
#[cfg(not(target_arch = "wasm32"))]
type Hashing = std::hash::RandomState;
#[cfg(target_arch = "wasm32")]
type Hashing = std::hash::BuildHasherDefault<SmallHasher>;

/// FxHash's mix, a byte at a time.
#[cfg(target_arch = "wasm32")]
#[derive(Default)]
pub(crate) struct SmallHasher(u64);

#[cfg(target_arch = "wasm32")]
impl std::hash::Hasher for SmallHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

// ----- the hash index: positions in a table, shared by every map type -----

/// The entries' hashes (32 bits each, in entry order) and an open-addressing table (linear
/// probing, at most half full) of their positions: `hash << 32 | position + 1`, 0 for empty.
/// Growing, removing and rebuilding need only what is stored here; comparing keys is the
/// caller's `eq`.
#[derive(Clone, Default)]
struct Slots {
    table: Vec<u64>,
    hashes: Vec<u32>,
}

const EMPTY: u64 = 0;

fn pack(hash: u32, position: usize) -> u64 {
    (u64::from(hash) << 32) | (position as u64 + 1)
}

fn hash_of(slot: u64) -> u32 {
    (slot >> 32) as u32
}

fn position_of(slot: u64) -> usize {
    (slot as u32 as usize) - 1
}

impl Slots {
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The table index holding the entry with this hash that `eq` accepts.
    #[inline(never)]
    fn find(&self, hash: u32, eq: &mut dyn FnMut(usize) -> bool) -> Option<usize> {
        if self.table.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut at = hash as usize & mask;
        loop {
            let slot = self.table[at];
            if slot == EMPTY {
                return None;
            }
            if hash_of(slot) == hash && eq(position_of(slot)) {
                return Some(at);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds a new last entry (whose key is not in the table); returns its position.
    #[inline(never)]
    fn push(&mut self, hash: u32) -> usize {
        if self.try_room_for(1).is_err() {
            std::alloc::handle_alloc_error(std::alloc::Layout::new::<u64>());
        }
        let position = self.hashes.len();
        self.place(pack(hash, position));
        self.hashes.push(hash);
        position
    }

    /// Grows the table (doubling) until `more` entries fit, or says that memory ran out.
    #[inline(never)]
    fn try_room_for(&mut self, more: usize) -> Result<(), TryReserveError> {
        self.hashes.try_reserve(more)?;
        let mut size = self.table.len().max(8);
        while (self.hashes.len() + more) * 2 > size {
            size *= 2;
        }
        if size == self.table.len() {
            return Ok(());
        }
        let mut table = Vec::new();
        table.try_reserve_exact(size)?;
        table.resize(size, EMPTY);
        let old = std::mem::replace(&mut self.table, table);
        for slot in old.into_iter().filter(|s| *s != EMPTY) {
            self.place(slot);
        }
        Ok(())
    }

    fn place(&mut self, slot: u64) {
        let mask = self.mask();
        let mut at = hash_of(slot) as usize & mask;
        while self.table[at] != EMPTY {
            at = (at + 1) & mask;
        }
        self.table[at] = slot;
    }

    /// Empties the table slot `at`, moving later ones of its run back so that every entry
    /// stays reachable from its home without tombstones.
    fn erase(&mut self, mut at: usize) {
        let mask = self.mask();
        self.table[at] = EMPTY;
        let mut next = (at + 1) & mask;
        while self.table[next] != EMPTY {
            let home = hash_of(self.table[next]) as usize & mask;
            // `next` may fill the hole when its home is not inside (at, next].
            if (next.wrapping_sub(home) & mask) >= (next.wrapping_sub(at) & mask) {
                self.table[at] = self.table[next];
                self.table[next] = EMPTY;
                at = next;
            }
            next = (next + 1) & mask;
        }
    }

    /// The entry at `position` (in table slot `at`) goes; the last entry takes its place.
    #[inline(never)]
    fn swap_remove(&mut self, at: usize, position: usize) {
        self.erase(at);
        let last = self.hashes.len() - 1;
        if position != last {
            let moved = self.hashes[last];
            if let Some(from) = self.find(moved, &mut |p| p == last) {
                self.table[from] = pack(moved, position);
            }
        }
        self.hashes.swap_remove(position);
    }

    /// The entry at `position` (in table slot `at`) goes; the later ones move one place down.
    #[inline(never)]
    fn shift_remove(&mut self, at: usize, position: usize) {
        self.erase(at);
        for slot in self.table.iter_mut().filter(|s| **s != EMPTY) {
            let p = position_of(*slot);
            if p > position {
                *slot = pack(hash_of(*slot), p - 1);
            }
        }
        self.hashes.remove(position);
    }

    /// Keeps the entries whose `kept` is true, in order.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // for `retain`
    #[inline(never)]
    fn keep(&mut self, kept: &[bool]) {
        let hashes = std::mem::take(&mut self.hashes);
        self.clear();
        for (hash, _) in hashes.into_iter().zip(kept).filter(|(_, k)| **k) {
            self.push(hash);
        }
    }

    fn clear(&mut self) {
        self.table.clear();
        self.hashes.clear();
    }
}

// ----- the map -----

/// A hash map that keeps insertion order (see the module's comment).
#[derive(Clone)]
pub(crate) struct IndexMap<K, V> {
    entries: Vec<(K, V)>,
    slots: Slots,
    hashing: Hashing,
}

impl<K, V> Default for IndexMap<K, V> {
    fn default() -> Self {
        IndexMap {
            entries: Vec::new(),
            slots: Slots::default(),
            hashing: Hashing::default(),
        }
    }
}

impl<K, V> IndexMap<K, V> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        IndexMap {
            entries: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Makes room for `additional` more entries, or says that memory ran out.
    pub(crate) fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.entries.try_reserve(additional)?;
        self.slots.try_room_for(additional)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.slots.clear();
    }

    pub(crate) fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub(crate) fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Hash + Eq, V> IndexMap<K, V> {
    /// Not inlined: one copy per key type, whichever method asks.
    #[inline(never)]
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u32 {
        (self.hashing.hash_one(key) >> 32) as u32
    }

    /// The table index and the position of `key`'s entry.
    fn find<Q>(&self, hash: u32, key: &Q) -> Option<(usize, usize)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let entries = &self.entries;
        let at = self
            .slots
            .find(hash, &mut |p| entries[p].0.borrow() == key)?;
        Some((at, position_of(self.slots.table[at])))
    }

    pub(crate) fn get_index_of<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(self.hash(key), key).map(|(_, p)| p)
    }

    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_index_of(key).is_some()
    }

    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let p = self.get_index_of(key)?;
        Some(&self.entries[p].1)
    }

    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let p = self.get_index_of(key)?;
        Some(&mut self.entries[p].1)
    }

    /// Sets `key` to `value`: an existing key keeps its place. Returns the old value.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.insert_full(key, value).1
    }

    /// As [`IndexMap::insert`], with the entry's position.
    pub(crate) fn insert_full(&mut self, key: K, value: V) -> (usize, Option<V>) {
        let hash = self.hash(&key);
        match self.find(hash, &key) {
            Some((_, p)) => (p, Some(std::mem::replace(&mut self.entries[p].1, value))),
            None => (self.push(hash, key, value), None),
        }
    }

    fn push(&mut self, hash: u32, key: K, value: V) -> usize {
        self.entries.push((key, value));
        self.slots.push(hash)
    }

    pub(crate) fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = self.hash(&key);
        match self.find(hash, &key) {
            Some((_, position)) => Entry::Occupied(OccupiedEntry {
                map: self,
                position,
            }),
            None => Entry::Vacant(VacantEntry {
                map: self,
                hash,
                key,
            }),
        }
    }

    /// Removes `key`'s entry; the last entry takes its place.
    pub(crate) fn swap_remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.swap_remove_full(key).map(|(_, _, v)| v)
    }

    pub(crate) fn swap_remove_full<Q>(&mut self, key: &Q) -> Option<(usize, K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (at, p) = self.find(self.hash(key), key)?;
        self.slots.swap_remove(at, p);
        let (k, v) = self.entries.swap_remove(p);
        Some((p, k, v))
    }

    /// Removes `key`'s entry; the later ones move up, keeping their order.
    pub(crate) fn shift_remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shift_remove_full(key).map(|(_, _, v)| v)
    }

    pub(crate) fn shift_remove_full<Q>(&mut self, key: &Q) -> Option<(usize, K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (at, p) = self.find(self.hash(key), key)?;
        self.slots.shift_remove(at, p);
        let (k, v) = self.entries.remove(p);
        Some((p, k, v))
    }

    /// Keeps the entries `keep` accepts, in order.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the web layer's
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let before = self.entries.len();
        let mut kept = Vec::with_capacity(before);
        self.entries.retain_mut(|(k, v)| {
            let keeps = keep(k, v);
            kept.push(keeps);
            keeps
        });
        if self.entries.len() != before {
            self.slots.keep(&kept);
        }
    }

    /// Removes every entry, in order (`drain(..)`: the whole map is all this one drains).
    #[cfg_attr(not(all(target_arch = "wasm32", feature = "net")), allow(dead_code))] // transports'
    pub(crate) fn drain(&mut self, _all: std::ops::RangeFull) -> std::vec::Drain<'_, (K, V)> {
        self.slots.clear();
        self.entries.drain(..)
    }
}

impl<K: Hash + Eq, V> Extend<(K, V)> for IndexMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for IndexMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = IndexMap::new();
        map.extend(items);
        map
    }
}

impl<K, V> IntoIterator for IndexMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

fn pair<K, V>((k, v): &(K, V)) -> (&K, &V) {
    (k, v)
}

fn pair_mut<K, V>((k, v): &mut (K, V)) -> (&K, &mut V) {
    (k, v)
}

fn key<K, V>((k, _): &(K, V)) -> &K {
    k
}

fn owned_key<K, V>((k, _): (K, V)) -> K {
    k
}

impl<'a, K, V> IntoIterator for &'a IndexMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(pair)
    }
}

impl<'a, K, V> IntoIterator for &'a mut IndexMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, (K, V)>, fn(&'a mut (K, V)) -> (&'a K, &'a mut V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter_mut().map(pair_mut)
    }
}

/// Equal as maps: the same keys with equal values, in any order (as `indexmap`).
impl<K: Hash + Eq, V: PartialEq> PartialEq for IndexMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq> Eq for IndexMap<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for IndexMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

// ----- entries -----

pub(crate) enum Entry<'a, K, V> {
    Occupied(OccupiedEntry<'a, K, V>),
    Vacant(VacantEntry<'a, K, V>),
}

pub(crate) struct OccupiedEntry<'a, K, V> {
    map: &'a mut IndexMap<K, V>,
    position: usize,
}

pub(crate) struct VacantEntry<'a, K, V> {
    map: &'a mut IndexMap<K, V>,
    hash: u32,
    key: K,
}

impl<'a, K: Hash + Eq, V> Entry<'a, K, V> {
    pub(crate) fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub(crate) fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(make()),
        }
    }

    pub(crate) fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<'a, K: Hash + Eq, V> OccupiedEntry<'a, K, V> {
    pub(crate) fn into_mut(self) -> &'a mut V {
        &mut self.map.entries[self.position].1
    }
}

impl<'a, K: Hash + Eq, V> VacantEntry<'a, K, V> {
    pub(crate) fn insert(self, value: V) -> &'a mut V {
        let p = self.map.push(self.hash, self.key, value);
        &mut self.map.entries[p].1
    }
}

// ----- the set -----

/// A hash set that keeps insertion order: an [`IndexMap`] of keys to nothing.
#[derive(Clone)]
pub(crate) struct IndexSet<T> {
    map: IndexMap<T, ()>,
}

impl<T> Default for IndexSet<T> {
    fn default() -> Self {
        IndexSet {
            map: IndexMap::default(),
        }
    }
}

impl<T> IndexSet<T> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        IndexSet {
            map: IndexMap::with_capacity(capacity),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub(crate) fn clear(&mut self) {
        self.map.clear();
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.map.keys()
    }

    /// The values from position `from` on, in order, reached at once (not by walking past
    /// the first `from`).
    pub(crate) fn iter_from(&self, from: usize) -> impl Iterator<Item = &T> {
        let entries = &self.map.entries;
        entries[from.min(entries.len())..].iter().map(|(k, _)| k)
    }
}

impl<T: Hash + Eq> IndexSet<T> {
    /// Adds `value` at the end; says whether it was new (an existing one keeps its place).
    pub(crate) fn insert(&mut self, value: T) -> bool {
        self.insert_full(value).1
    }

    pub(crate) fn insert_full(&mut self, value: T) -> (usize, bool) {
        let hash = self.map.hash(&value);
        match self.map.find(hash, &value) {
            Some((_, p)) => (p, false),
            None => (self.map.push(hash, value, ()), true),
        }
    }

    pub(crate) fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(value)
    }

    pub(crate) fn swap_remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.swap_remove(value).is_some()
    }

    pub(crate) fn shift_remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.shift_remove(value).is_some()
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the web layer's
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|k, _| keep(k));
    }

    /// This set's values, then `other`'s that are not in it.
    pub(crate) fn union<'a>(&'a self, other: &'a IndexSet<T>) -> impl Iterator<Item = &'a T> + 'a {
        self.iter()
            .chain(other.iter().filter(move |v| !self.contains(*v)))
    }
}

impl<T: Hash + Eq> Extend<T> for IndexSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for v in items {
            self.insert(v);
        }
    }
}

impl<'a, T: Hash + Eq + Copy + 'a> Extend<&'a T> for IndexSet<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, items: I) {
        self.extend(items.into_iter().copied());
    }
}

impl<T: Hash + Eq> FromIterator<T> for IndexSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = IndexSet::new();
        set.extend(items);
        set
    }
}

impl<T: Hash + Eq, const N: usize> From<[T; N]> for IndexSet<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T> IntoIterator for IndexSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.into_iter().map(owned_key)
    }
}

impl<'a, T> IntoIterator for &'a IndexSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.iter().map(key)
    }
}

impl<T: Hash + Eq> PartialEq for IndexSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<T: Hash + Eq> Eq for IndexSet<T> {}

impl<T: fmt::Debug> fmt::Debug for IndexSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

// ----- serde: a map as a map, a set as a sequence (as `indexmap`) -----

impl<K: Serialize, V: Serialize> Serialize for IndexMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Deserialize<'de> + Hash + Eq, V: Deserialize<'de>> Deserialize<'de>
    for IndexMap<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de> + Hash + Eq, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = IndexMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = IndexMap::with_capacity(access.size_hint().unwrap_or(0));
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for IndexSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for v in self.iter() {
            seq.serialize_element(v)?;
        }
        seq.end()
    }
}

impl<'de, T: Deserialize<'de> + Hash + Eq> Deserialize<'de> for IndexSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de> + Hash + Eq> Visitor<'de> for SetVisitor<T> {
            type Value = IndexSet<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut set = IndexSet::with_capacity(access.size_hint().unwrap_or(0));
                while let Some(v) = access.next_element()? {
                    set.insert(v);
                }
                Ok(set)
            }
        }

        deserializer.deserialize_seq(SetVisitor(PhantomData))
    }
}

/// A map as a sequence of `[key, value]` pairs, for keys that are not strings in JSON
/// (`#[serde(with = "crate::core::index_map::serde_seq")]`, as `crate::core::index_map::serde_seq`).
pub(crate) mod serde_seq {
    use super::*;

    pub(crate) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &IndexMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(map.len()))?;
        for pair in &map.entries {
            seq.serialize_element(&(&pair.0, &pair.1))?;
        }
        seq.end()
    }

    pub(crate) fn deserialize<'de, K, V, D>(deserializer: D) -> Result<IndexMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Hash + Eq,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        let pairs: IndexSeq<K, V> = Deserialize::deserialize(deserializer)?;
        Ok(pairs.0)
    }

    struct IndexSeq<K, V>(IndexMap<K, V>);

    impl<'de, K: Deserialize<'de> + Hash + Eq, V: Deserialize<'de>> Deserialize<'de>
        for IndexSeq<K, V>
    {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct SeqVisitor<K, V>(PhantomData<(K, V)>);

            impl<'de, K: Deserialize<'de> + Hash + Eq, V: Deserialize<'de>> Visitor<'de> for SeqVisitor<K, V> {
                type Value = IndexSeq<K, V>;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a sequence of key-value pairs")
                }

                fn visit_seq<A: SeqAccess<'de>>(
                    self,
                    mut access: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut map = IndexMap::with_capacity(access.size_hint().unwrap_or(0));
                    while let Some((k, v)) = access.next_element()? {
                        map.insert(k, v);
                    }
                    Ok(IndexSeq(map))
                }
            }

            deserializer.deserialize_seq(SeqVisitor(PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    //! The same random operations on these types and on the `indexmap` crate's: every
    //! answer, the order, equality and the serde forms must agree.

    use proptest::prelude::*;

    use super::{IndexMap, IndexSet};

    #[test]
    fn iter_from_starts_at_a_position() {
        let set: IndexSet<u32> = (0..10).collect();
        assert_eq!(set.iter_from(7).copied().collect::<Vec<_>>(), [7, 8, 9]);
        assert_eq!(set.iter_from(0).count(), 10);
        assert_eq!(set.iter_from(10).count(), 0);
        assert_eq!(
            set.iter_from(99).count(),
            0,
            "past the end is empty, not a panic"
        );
    }

    #[derive(Clone, Debug)]
    enum Op {
        Insert(u8, u32),
        Entry(u8, u32),
        SwapRemove(u8),
        ShiftRemove(u8),
        Retain(u8),
        Clear,
    }

    fn op() -> impl Strategy<Value = Op> {
        // A small key space, so keys come back and removals hit.
        let key = 0u8..24;
        prop_oneof![
            8 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
            4 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Entry(k, v)),
            4 => key.clone().prop_map(Op::SwapRemove),
            4 => key.prop_map(Op::ShiftRemove),
            2 => (1u8..5).prop_map(Op::Retain),
            1 => Just(Op::Clear),
        ]
    }

    fn name(k: u8) -> String {
        format!("key-{k}")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn map_agrees_with_indexmap(ops in prop::collection::vec(op(), 0..200)) {
            let mut ours: IndexMap<String, u32> = IndexMap::new();
            let mut theirs: indexmap::IndexMap<String, u32> = indexmap::IndexMap::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => {
                        prop_assert_eq!(ours.insert_full(name(k), v), theirs.insert_full(name(k), v));
                    }
                    Op::Entry(k, v) => {
                        let a = ours.entry(name(k)).or_insert(v);
                        *a ^= 1;
                        let b = theirs.entry(name(k)).or_insert(v);
                        *b ^= 1;
                    }
                    Op::SwapRemove(k) => {
                        prop_assert_eq!(ours.swap_remove(name(k).as_str()), theirs.swap_remove(name(k).as_str()));
                    }
                    Op::ShiftRemove(k) => {
                        prop_assert_eq!(ours.shift_remove(name(k).as_str()), theirs.shift_remove(name(k).as_str()));
                    }
                    Op::Retain(m) => {
                        ours.retain(|_, v| *v % u32::from(m) == 0);
                        theirs.retain(|_, v| *v % u32::from(m) == 0);
                    }
                    Op::Clear => {
                        ours.clear();
                        theirs.clear();
                    }
                }
                prop_assert!(ours.iter().eq(theirs.iter()));
                prop_assert_eq!(ours.len(), theirs.len());
                for k in 0..24 {
                    let k = name(k);
                    prop_assert_eq!(ours.get(k.as_str()), theirs.get(k.as_str()));
                    prop_assert_eq!(ours.get_index_of(k.as_str()), theirs.get_index_of(k.as_str()));
                }
            }
            let text = serde_json::to_string(&theirs).unwrap();
            prop_assert_eq!(serde_json::to_string(&ours).unwrap(), text.clone());
            let back: IndexMap<String, u32> = serde_json::from_str(&text).unwrap();
            prop_assert!(back.iter().eq(theirs.iter()));
            prop_assert!(back == ours);
        }

        #[test]
        fn set_agrees_with_indexmap(ops in prop::collection::vec((0u8..5, 0u16..40), 0..200)) {
            let mut ours: IndexSet<u16> = IndexSet::new();
            let mut theirs: indexmap::IndexSet<u16> = indexmap::IndexSet::new();
            let mut other: IndexSet<u16> = IndexSet::new();
            let mut other_theirs: indexmap::IndexSet<u16> = indexmap::IndexSet::new();
            for (what, v) in ops {
                match what {
                    0 => prop_assert_eq!(ours.insert_full(v), theirs.insert_full(v)),
                    1 => prop_assert_eq!(ours.swap_remove(&v), theirs.swap_remove(&v)),
                    2 => prop_assert_eq!(ours.shift_remove(&v), theirs.shift_remove(&v)),
                    3 => {
                        ours.retain(|x| x % (v + 1) != 0);
                        theirs.retain(|x| x % (v + 1) != 0);
                    }
                    _ => {
                        other.insert(v);
                        other_theirs.insert(v);
                    }
                }
                prop_assert!(ours.iter().eq(theirs.iter()));
                prop_assert!(ours.union(&other).eq(theirs.union(&other_theirs)));
                prop_assert_eq!(ours.contains(&v), theirs.contains(&v));
                prop_assert_eq!(ours == other, theirs == other_theirs);
            }
            prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap());
        }
    }

    #[test]
    fn equal_as_maps_whatever_the_order() {
        let a: IndexMap<u8, u8> = [(1, 10), (2, 20)].into_iter().collect();
        let b: IndexMap<u8, u8> = [(2, 20), (1, 10)].into_iter().collect();
        let c: IndexMap<u8, u8> = [(2, 20), (1, 11)].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn pairs_serialize_as_indexmaps_serde_seq() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Ours(#[serde(with = "super::serde_seq")] IndexMap<(u8, u8), String>);
        #[derive(serde::Serialize)]
        struct Theirs(
            #[serde(with = "indexmap::map::serde_seq")] indexmap::IndexMap<(u8, u8), String>,
        );
        let pairs = [((1, 2), "a".to_owned()), ((0, 9), "b".to_owned())];
        let ours = serde_json::to_string(&Ours(pairs.clone().into_iter().collect())).unwrap();
        let theirs =
            serde_json::to_string(&Theirs(indexmap::IndexMap::from(pairs.clone()))).unwrap();
        assert_eq!(ours, theirs);
        let back: Ours = serde_json::from_str(&theirs).unwrap();
        assert!(back.0.iter().eq(pairs.iter().map(|(k, v)| (k, v))));
    }

    #[test]
    fn many_keys_grow_and_shrink_the_index() {
        let mut map: IndexMap<u32, u32> = IndexMap::new();
        for i in 0..5000 {
            map.insert(i * 7919, i);
        }
        for i in (0..5000).step_by(2) {
            assert_eq!(map.swap_remove(&(i * 7919)), Some(i));
        }
        for i in 0..5000 {
            assert_eq!(map.get(&(i * 7919)).is_some(), i % 2 == 1, "key {i}");
        }
        assert_eq!(map.len(), 2500);
    }
}
