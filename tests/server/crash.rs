//! Crash safety: `kill -9` at seeded random points of a scripted meeting loses no change
//! whose reply reached a client; the room end timer that passed while down fires at once.
