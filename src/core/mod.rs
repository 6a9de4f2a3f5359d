//! The sans-IO meeting core: no clock, no I/O, no JS types, no global state.
//!
//! Time is a `now` argument (ms since the Unix epoch), timers come out of `poll_timeout()`,
//! and randomness comes from seeds. The [`host`] runs a meeting; a [`client`] is one
//! participant's view of it; the [`protocol`] is what passes between them.

pub mod client;
pub mod command;
pub mod error;
pub mod grouping;
pub mod hand;
pub mod host;
pub mod identity;
pub(crate) mod index_map;
pub mod limits;
pub mod local;
pub mod protocol;
pub mod room;
mod roster;
pub mod settings;
mod small_map;
#[cfg(any(test, target_arch = "wasm32"))]
mod sorted_vec;
pub mod token;
pub mod workshop;

pub use client::{CallId, CallState, Client, ClientConfig, Completion, Event, OpId};
pub use command::Command;
pub use error::Error;
pub use grouping::{GroupingReport, GroupingRules, Violation};
pub use hand::{HandChange, RaisedHand};
pub use host::{Host, MeetingConfig, PeerId, Transmit};
pub use identity::{Identifier, Member, Role};
pub use limits::{Limit, Limits};
pub use local::LocalMeeting;
pub use protocol::{ClientMessage, HostMessage, MeetingKind, Move, Place};
pub use room::{RoomSpec, RoomState, RoomView};
pub use settings::{Settings, SettingsPatch};
pub use workshop::{
    Broadcast, HelpRequest, RoomClosing, Round, RoundGroup, RoundStart, WorkshopAction,
};
