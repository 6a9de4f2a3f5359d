//! How big a meeting may grow. Going over a limit is an error, never a truncation, with
//! one exception that is not about growing: how many of the people in a call each
//! participant is shown ([`Limits::max_visible_participants`]).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    /// Rooms that may exist at once (Teams allows 50, Zoom and Meet 100).
    pub max_rooms: u32,
    /// People the meeting knows, present or gone (Teams allows 300 in breakout rooms).
    pub max_participants: u32,
    /// Characters in a room's display name.
    pub max_room_name_chars: u32,
    /// Characters in a participant's display name.
    pub max_display_name_chars: u32,
    /// Characters in a broadcast's text.
    pub max_broadcast_chars: u32,
    /// Broadcasts one manager may send in any minute.
    pub broadcasts_per_minute: u32,
    /// Past rounds the meeting remembers; the oldest are forgotten first.
    pub max_rounds_kept: u32,
    /// People a place (the main meeting or a room) lists, at most: its calls'
    /// `remoteParticipants` are the listed people but the participant themselves. A place
    /// with more people lists the first this many, managers first and then by arrival, and
    /// tells its head count (`totalParticipantCount`); one with at most this many lists
    /// everyone. Telling everyone of everyone costs O(people²) in a big meeting; this
    /// keeps it O(people).
    pub max_visible_participants: u32,
    /// In a place past `max_visible_participants`, how long changes to who is listed and
    /// to the head count gather before everyone there is told, in ms: a burst (everyone
    /// leaving for their rooms) is one update each, not one per departure. A place within
    /// the cap tells every change at once.
    pub visible_refresh_ms: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rooms: 1_000,
            max_participants: 10_000,
            max_room_name_chars: 100,
            max_display_name_chars: 256,
            max_broadcast_chars: 500,
            broadcasts_per_minute: 10,
            max_rounds_kept: 100,
            max_visible_participants: 250,
            visible_refresh_ms: 1_000,
        }
    }
}

/// Which limit a request went over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Limit {
    Rooms,
    Participants,
    RoomNameChars,
    DisplayNameChars,
    /// Bytes in one message over a network transport.
    MessageBytes,
    /// Messages one connection may send per second.
    MessagesPerSecond,
    /// Connections a server holds at once, from everyone or from one address.
    Connections,
    ConnectionsPerAddress,
    BroadcastChars,
    /// Meetings a server holds in memory at once.
    Meetings,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Limit::Rooms => "rooms per meeting",
            Limit::Participants => "participants per meeting",
            Limit::RoomNameChars => "characters in a room name",
            Limit::DisplayNameChars => "characters in a display name",
            Limit::MessageBytes => "bytes per message",
            Limit::MessagesPerSecond => "messages per second on one connection",
            Limit::Connections => "connections to this server",
            Limit::ConnectionsPerAddress => "connections from one address",
            Limit::BroadcastChars => "characters in a broadcast",
            Limit::Meetings => "meetings held by this server at once",
        })
    }
}
