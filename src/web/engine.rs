//! `Engine`: one page's part of a meeting (a core [`LocalMeeting`]) as the package's
//! JavaScript drives it: the whole meeting in the page, or the page's participants of a
//! meeting hosted by a tab or a server, reached through a transport (`transport/`). Participants are admitted with their token's claims, act through one method
//! per SDK operation, and the JavaScript pumps the engine from a microtask and arms its timer.
//!
//! Arguments come in as wasm-bindgen's own types (numbers, strings, arrays of strings), which
//! the JavaScript has already checked; identifiers travel as tagged strings (`ids.rs`). Nothing
//! is deserialized here, which keeps serde's generic decoding out of the wasm.

use crate::core::index_map::IndexSet;
use wasm_bindgen::prelude::*;

use super::boundary::{error, to_js};
use super::ids::{identifier, identifiers};
use super::output::{self, Output};
#[cfg(feature = "net")]
use super::transport::{
    socket::Sockets,
    tabs::{self, Tabs},
    Wake,
};
use crate::core::token::DevToken;
use crate::core::{
    CallId, Client, ClientConfig, Command, Error, HandChange, LocalMeeting, MeetingConfig,
    MeetingKind, OpId, PeerId, Role, RoomSpec, SettingsPatch,
};

mod workshop;

type Started = Result<u32, JsValue>;

#[wasm_bindgen]
pub struct Engine {
    local: LocalMeeting,
    /// Calls whose remote participants the JavaScript keeps a list of: only these get
    /// `remotes` outputs, so a page of many participants builds no lists nobody reads.
    watched: IndexSet<(PeerId, CallId)>,
    link: Link,
}

/// How this page reaches the meeting's host (SPEC 9).
enum Link {
    /// The host is in the page.
    InPage,
    /// Boxed: the meeting config it keeps for a takeover makes it the biggest by far.
    #[cfg(feature = "net")]
    Tabs(Box<Tabs>),
    #[cfg(feature = "net")]
    Server(Sockets),
}

fn kind(group_call: bool) -> MeetingKind {
    if group_call {
        MeetingKind::GroupCall
    } else {
        MeetingKind::Meeting
    }
}

/// A whole number from JS (which sent a safe integer).
fn whole(n: f64) -> u64 {
    n as u64
}

#[wasm_bindgen]
impl Engine {
    /// A meeting (`groupCall` false) or a group call, as the first joiner's locator says,
    /// with the first joiner's policy.
    #[wasm_bindgen(constructor)]
    pub fn new(group_call: bool, breakout_rooms_enabled: bool, seed: f64) -> Engine {
        Engine {
            local: LocalMeeting::new(config(group_call, breakout_rooms_enabled, seed)),
            watched: IndexSet::new(),
            link: Link::InPage,
        }
    }

    #[cfg(feature = "net")]
    /// This tab's part of a meeting shared by the tabs of the browser (`key` names it):
    /// hosted by whichever tab the Web Lock elects, reached over a BroadcastChannel. `tab`
    /// is this tab's random id (below 2^36); `wake` is called when something arrives.
    pub fn tabs(
        key: &str,
        group_call: bool,
        breakout_rooms_enabled: bool,
        seed: f64,
        tab: f64,
        wake: js_sys::Function,
    ) -> Result<Engine, JsValue> {
        let tab = whole(tab);
        let config = config(group_call, breakout_rooms_enabled, seed);
        Ok(Engine {
            local: LocalMeeting::remote(tabs::first_peer(tab) + 1),
            watched: IndexSet::new(),
            link: Link::Tabs(Box::new(Tabs::open(key, tab, config, Wake(wake)).map_err(
                |e| {
                    let why = e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .or_else(|| e.as_string())
                        .unwrap_or_default();
                    error(&Error::JoinFailed {
                        reason: format!("tabs cannot share this meeting: {why}"),
                    })
                },
            )?)),
        })
    }

    #[cfg(feature = "net")]
    /// This page's participants of a meeting on a server, at `url` (the meeting's WebSocket
    /// endpoint); `wake` is called when something arrives.
    pub fn server(url: String, wake: js_sys::Function) -> Engine {
        Engine {
            local: LocalMeeting::remote(1),
            watched: IndexSet::new(),
            link: Link::Server(Sockets::new(url, Wake(wake))),
        }
    }

    /// A participant starts joining with the claims of their token, which [`read_token`]
    /// checked. Returns `{ peer, identifier, role, mainCall }`; the join completes in a
    /// later pump.
    #[allow(clippy::too_many_arguments)]
    pub fn admit(
        &mut self,
        user_id: String,
        token_name: Option<String>,
        role: &str,
        expires: f64,
        display_name: Option<String>,
        group_call: bool,
        now: f64,
        seed: f64,
        signed: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let token = claims(user_id, token_name, role, expires, now)?;
        let identifier = token.identifier();
        let config = ClientConfig {
            identifier: identifier.clone(),
            display_name: display_name
                .or(token.display_name)
                .unwrap_or_else(|| token.user_id.clone()),
            role: token.role,
            kind: kind(group_call),
            seed: whole(seed),
        };
        let mut client = Client::new(config);
        if let Some(signed) = signed {
            client = client.with_token(signed);
        }
        let peer = self.local.admit(client).map_err(|e| error(&e))?;
        // Nobody reads this participant's lists until the page asks (`watch`).
        self.local.watch(peer, false);
        let main = self
            .local
            .client(peer)
            .map(|c| c.main_call().id.clone())
            .ok_or_else(|| error(&Error::NotConnected))?;
        Ok(to_js(&output::Admitted {
            peer: peer.0,
            identifier: &identifier,
            role: token.role,
            main_call: &main.0,
        }))
    }

    /// The participant's page object went away: they leave the meeting.
    pub fn remove(&mut self, peer: f64, now: f64) {
        let peer = PeerId(whole(peer));
        self.watched.retain(|(p, _)| *p != peer);
        self.local.remove(whole(now), peer);
    }

    // ----- the participant's own moves -----

    /// `room.join()` of that room, or `assignedBreakoutRoom.join()` without one.
    #[wasm_bindgen(js_name = joinRoom)]
    pub fn join_room(&mut self, peer: f64, thread_id: Option<String>) -> Started {
        self.start(peer, |c| match &thread_id {
            Some(thread_id) => c.join_room(thread_id),
            None => c.join_breakout_room(),
        })
    }

    #[wasm_bindgen(js_name = returnToMain)]
    pub fn return_to_main(&mut self, peer: f64) -> Started {
        self.start(peer, |c| c.return_to_main_meeting())
    }

    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&mut self, peer: f64, call: String) -> Started {
        self.start(peer, |c| c.hang_up(&CallId(call)))
    }

    pub fn hold(&mut self, peer: f64, call: String) -> Started {
        self.start(peer, |c| c.hold(&CallId(call)))
    }

    pub fn resume(&mut self, peer: f64, call: String) -> Started {
        self.start(peer, |c| c.resume(&CallId(call)))
    }

    /// `raiseHand` (`up`), `lowerHand`, or with `others`: `lowerHands(others)`, or
    /// `lowerAllHands()` when `others` is empty.
    pub fn hand(
        &mut self,
        peer: f64,
        call: String,
        up: bool,
        others: Option<Vec<String>>,
    ) -> Started {
        let change = match (up, others) {
            (true, _) => HandChange::Raise,
            (false, None) => HandChange::Lower,
            (false, Some(others)) if others.is_empty() => HandChange::LowerAll,
            (false, Some(others)) => HandChange::LowerHands {
                participants: identifiers(&others)?,
            },
        };
        self.start(peer, |c| c.hand(&CallId(call), change))
    }

    // ----- management (SPEC 5); each takes the caller's `expectedRevision` last -----

    /// `createRooms` / `recreateRooms`: `count` rooms, or the `names` given.
    #[wasm_bindgen(js_name = createRooms)]
    pub fn create_rooms(
        &mut self,
        peer: f64,
        recreate: bool,
        count: u32,
        names: Option<Vec<String>>,
        revision: Option<f64>,
    ) -> Started {
        let rooms = match names {
            Some(names) => RoomSpec::Names(names),
            None => RoomSpec::Count(count),
        };
        let command = if recreate {
            Command::RecreateRooms { rooms }
        } else {
            Command::CreateRooms { rooms }
        };
        self.manage(peer, command, revision)
    }

    #[wasm_bindgen(js_name = renameRoom)]
    pub fn rename_room(
        &mut self,
        peer: f64,
        thread_id: String,
        display_name: String,
        revision: Option<f64>,
    ) -> Started {
        let command = Command::RenameRoom {
            thread_id,
            display_name,
        };
        self.manage(peer, command, revision)
    }

    #[wasm_bindgen(js_name = deleteRoom)]
    pub fn delete_room(&mut self, peer: f64, thread_id: String, revision: Option<f64>) -> Started {
        self.manage(peer, Command::DeleteRoom { thread_id }, revision)
    }

    /// `assignParticipants(threadId, participants)`, or without a room
    /// `unassignParticipants(participants)`.
    pub fn assign(
        &mut self,
        peer: f64,
        thread_id: Option<String>,
        participants: Vec<String>,
        revision: Option<f64>,
    ) -> Started {
        let participants = identifiers(&participants)?;
        let command = match thread_id {
            Some(thread_id) => Command::AssignParticipants {
                thread_id,
                participants,
            },
            None => Command::UnassignParticipants { participants },
        };
        self.manage(peer, command, revision)
    }

    #[wasm_bindgen(js_name = assignAutomatically)]
    pub fn assign_automatically(
        &mut self,
        peer: f64,
        seed: Option<f64>,
        revision: Option<f64>,
    ) -> Started {
        let seed = seed.map(whole);
        self.manage(peer, Command::AssignAutomatically { seed }, revision)
    }

    /// `openRooms`, of every room or of `threadIds`.
    #[wasm_bindgen(js_name = openRooms)]
    pub fn open_rooms(
        &mut self,
        peer: f64,
        thread_ids: Option<Vec<String>>,
        revision: Option<f64>,
    ) -> Started {
        self.manage(peer, Command::OpenRooms { thread_ids }, revision)
    }

    /// `closeRooms(threadIds, { graceSeconds })`: the people inside are warned, and the rooms
    /// close when the grace is over; without a grace the host takes the meeting's
    /// `closingWarningSeconds` (SPEC 11), 0 closes at once.
    #[wasm_bindgen(js_name = closeRooms)]
    pub fn close_rooms(
        &mut self,
        peer: f64,
        thread_ids: Option<Vec<String>>,
        grace_seconds: Option<u32>,
        revision: Option<f64>,
    ) -> Started {
        let command = Command::CloseRooms {
            thread_ids,
            grace_seconds,
        };
        self.manage(peer, command, revision)
    }

    /// `updateSettings`: absent fields stay; `clearEndTime` removes the end time,
    /// `clearDuration` the room duration.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = updateSettings)]
    pub fn update_settings(
        &mut self,
        peer: f64,
        disable_return_to_main_meeting: Option<bool>,
        room_end_time: Option<f64>,
        clear_end_time: bool,
        auto_move: Option<bool>,
        closing_warning_seconds: Option<u32>,
        room_duration_seconds: Option<u32>,
        clear_duration: bool,
        revision: Option<f64>,
    ) -> Started {
        let room_end_time = if clear_end_time {
            Some(None)
        } else {
            room_end_time.map(|t| Some(whole(t)))
        };
        let room_duration_seconds = if clear_duration {
            Some(None)
        } else {
            room_duration_seconds.map(Some)
        };
        let settings = SettingsPatch {
            disable_return_to_main_meeting,
            room_end_time,
            auto_move_participant_to_breakout_room: auto_move,
            closing_warning_seconds,
            room_duration_seconds,
        };
        self.manage(peer, Command::UpdateSettings { settings }, revision)
    }

    #[wasm_bindgen(js_name = setBreakoutRoomManager)]
    pub fn set_breakout_room_manager(
        &mut self,
        peer: f64,
        participant: String,
        enabled: bool,
        revision: Option<f64>,
    ) -> Started {
        let participant = identifier(&participant)?;
        let command = Command::SetBreakoutRoomManager {
            participant,
            enabled,
        };
        self.manage(peer, command, revision)
    }

    // ----- output and time -----

    /// One round of delivery ([`LocalMeeting::round`]): returns what the participants saw,
    /// in order, as plain outputs each with the `peer` it is for. The JavaScript delivers
    /// them, then pumps again until [`Engine::idle`].
    pub fn pump(&mut self, now: f64) -> JsValue {
        let now = whole(now);
        match &mut self.link {
            #[cfg(feature = "net")]
            Link::Tabs(tabs) => tabs.receive(&mut self.local, now),
            #[cfg(feature = "net")]
            Link::Server(sockets) => sockets.receive(&mut self.local, now),
            Link::InPage => {}
        }
        let events = self.local.round(now);
        match &mut self.link {
            #[cfg(feature = "net")]
            Link::Tabs(tabs) => tabs.send(&mut self.local),
            #[cfg(feature = "net")]
            Link::Server(sockets) => sockets.send(&mut self.local),
            Link::InPage => {}
        }
        let outputs: Vec<Output> = events
            .iter()
            .filter_map(|(peer, event)| output::of(*peer, event, &self.watched, &self.local))
            .collect();
        // A call that ended has nobody left to list.
        for (peer, event) in &events {
            if let Some(call) = output::ended(event) {
                self.watched.swap_remove(&(*peer, call.clone()));
            }
        }
        to_js(&outputs)
    }

    /// From now on the call's `remotes` outputs come out of `pump`; returns who is there
    /// now, which with those outputs is the whole story.
    pub fn watch(&mut self, peer: f64, call: String) -> JsValue {
        let peer = PeerId(whole(peer));
        let call = CallId(call);
        self.local.watch(peer, true);
        let Some(client) = self.local.client(peer) else {
            return to_js(&[] as &[u8]);
        };
        let members = client.remote_participants(&call);
        if client
            .call(&call)
            .is_some_and(|c| c.state != crate::core::CallState::Disconnected)
        {
            self.watched.insert((peer, call));
        }
        to_js(&members)
    }

    /// `call.totalParticipantCount` while the call is live: the people in its place, this
    /// participant included; past the cap of listed people, the head count the host
    /// last published.
    #[wasm_bindgen(js_name = totalParticipantCount)]
    pub fn total_participant_count(&self, peer: f64, call: String) -> f64 {
        self.local
            .client(PeerId(whole(peer)))
            .map_or(0.0, |c| c.total_participant_count(&CallId(call)) as f64)
    }

    /// Whether breakout rooms can be asked of this participant's calls: throws 400/46250 in
    /// a group call, 405/46251 when the meeting's policy disables them.
    pub fn check(&self, peer: f64) -> Result<(), JsValue> {
        match self.local.client(PeerId(whole(peer))) {
            Some(client) => client.check_breakout_rooms().map_err(|e| error(&e)),
            None => Ok(()),
        }
    }

    /// The participant's latest breakout call as the engine has it now, `{ call, threadId,
    /// state }`, or undefined: `room.call` right after `join()`, before any event.
    #[wasm_bindgen(js_name = breakoutCall)]
    pub fn breakout_call(&self, peer: f64) -> JsValue {
        let call = self
            .local
            .client(PeerId(whole(peer)))
            .and_then(|c| c.breakout_call());
        match call {
            Some(call) => to_js(&output::CallNow {
                call: &call.id.0,
                thread_id: call.thread_id.as_deref(),
                state: call.state,
            }),
            None => JsValue::UNDEFINED,
        }
    }

    /// The meeting revision this participant has seen (`mgmt.revision`): every change a
    /// manager hears of moves it, including those that raise no event (settings alone).
    pub fn revision(&self, peer: f64) -> f64 {
        self.local
            .client(PeerId(whole(peer)))
            .map_or(0.0, |c| c.revision() as f64)
    }

    /// Nothing is left to deliver.
    pub fn idle(&self) -> bool {
        self.local.is_idle()
    }

    /// When `fire` should next be called, in ms since the epoch.
    pub fn deadline(&self) -> Option<f64> {
        self.local.poll_timeout().map(|at| at as f64)
    }

    /// Fires the meeting's timers that are due (the room end time).
    pub fn fire(&mut self, now: f64) {
        self.local.handle_timeout(whole(now));
    }

    /// The meeting's limits, so argument arrays are checked by length before being copied.
    pub fn limits(&self) -> JsValue {
        to_js(&self.local.limits())
    }
}

impl Engine {
    fn start(
        &mut self,
        peer: f64,
        act: impl FnOnce(&mut crate::core::Client) -> Result<OpId, Error>,
    ) -> Started {
        let client = self
            .local
            .client_mut(PeerId(whole(peer)))
            .ok_or_else(|| error(&Error::NotConnected))?;
        act(client).map(|OpId(op)| op).map_err(|e| error(&e))
    }

    fn manage(&mut self, peer: f64, command: Command, revision: Option<f64>) -> Started {
        self.start(peer, |c| c.manage(command, revision.map(whole)))
    }
}

fn config(group_call: bool, breakout_rooms_enabled: bool, seed: f64) -> MeetingConfig {
    MeetingConfig {
        kind: kind(group_call),
        breakout_rooms_enabled,
        seed: whole(seed),
        ..MeetingConfig::default()
    }
}

/// A dev token's claims as the JavaScript read them from its payload, checked at `now`.
fn claims(
    user_id: String,
    display_name: Option<String>,
    role: &str,
    expires: f64,
    now: f64,
) -> Result<DevToken, JsValue> {
    let role = Role::from_name(role).ok_or_else(|| {
        error(&DevToken::not_a_dev_token(
            "the role must be organizer, coOrganizer, breakoutRoomManager or attendee",
        ))
    })?;
    let token = DevToken {
        user_id,
        display_name,
        role,
        exp: whole(expires),
    };
    token.validate(whole(now)).map_err(|e| error(&e))
}

/// Checks a dev token's claims (as the JavaScript read them from its payload) at `now`:
/// returns `{ userId, displayName, role, expiresOn }` or throws 401/46914.
#[wasm_bindgen(js_name = readToken)]
pub fn read_token(
    user_id: String,
    display_name: Option<String>,
    role: &str,
    expires: f64,
    now: f64,
) -> Result<JsValue, JsValue> {
    let token = claims(user_id, display_name, role, expires, now)?;
    Ok(to_js(&output::Token {
        user_id: &token.user_id,
        display_name: token.display_name.as_deref(),
        role: token.role,
        expires_on: token.expires_on(),
    }))
}
