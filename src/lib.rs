//! breakout-rooms: breakout rooms for online meetings, with the JavaScript surface of the
//! Azure Communication Services Calling SDK's `BreakoutRooms` feature.
//!
//! [`core`] is the deterministic meeting engine every host and binding drives.

pub mod core;

/// The JavaScript surface (wasm32 only).
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The web layer's JSON writer, built natively as well so that its tests run with the others.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "web/json.rs"]
mod web_json;

/// The meeting server and its native client (cargo feature `server`, native only).
#[cfg(all(feature = "server", not(target_arch = "wasm32")))]
pub mod server;
