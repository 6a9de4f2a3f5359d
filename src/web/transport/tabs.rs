//! Meetings across the tabs of one browser profile (SPEC 9): one tab hosts, elected with a
//! Web Lock named after the meeting; the others reach it over a `BroadcastChannel` of the
//! same name. The host shares a snapshot after each change, and every tab keeps the latest;
//! when the host tab closes or crashes, the lock passes to another tab, which restores that
//! snapshot, takes over, and says so, and every tab's clients resume with it.
//!
//! Each tab holds a second lock while it lives, so the host learns when a tab is gone and
//! its participants get the grace period to come back (they will not: they leave).
//!
//! Messages are plain objects (structured clone), converted with serde-wasm-bindgen.

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::index_map::{IndexMap, IndexSet};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

use super::locks::{self, HeldLock};
use super::{from_js, snapshot_to_js, Wake};
use crate::core::protocol::PROTOCOL_VERSION;
use crate::core::{
    ClientMessage, Error, Host, HostMessage, LocalMeeting, MeetingConfig, PeerId, Transmit,
};

/// Peers are numbered `tab << PEER_BITS | n`, so a peer names its tab.
const PEER_BITS: u32 = 16;

pub(crate) fn first_peer(tab: u64) -> u64 {
    tab << PEER_BITS
}

fn tab_of(peer: PeerId) -> u64 {
    peer.0 >> PEER_BITS
}

#[derive(Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
enum Wire {
    /// A client's message for the host.
    ToHost {
        v: u64,
        from: u64,
        message: ClientMessage,
    },
    /// The host's message for one client.
    ToClient {
        v: u64,
        to: u64,
        message: HostMessage,
    },
    /// A tab took over as host: every client resumes.
    HostIs { tab: u64 },
}

/// What arrived since the last pump.
#[derive(Default)]
struct Inbox {
    messages: Vec<JsValue>,
    elected: bool,
    /// This tab's own liveness lock is held.
    alive: bool,
    gone: Vec<u64>,
}

pub(crate) struct Tabs {
    tab: u64,
    channel: BroadcastChannel,
    inbox: Rc<RefCell<Inbox>>,
    wake: Wake,
    /// The meeting a new host starts with, when there is no snapshot to restore.
    config: MeetingConfig,
    /// The latest snapshot the host shared, kept as it came (read only to take over).
    snapshot: Option<JsValue>,
    /// Hosting: the host's input count at the last snapshot shared ([`Host::inputs`]).
    shared_at: Option<u64>,
    /// Hosting: the peer each participant joined from, so no other tab can speak for them.
    claimed: IndexMap<String, PeerId>,
    /// Hosting: tabs whose passing the host waits for, and which are gone.
    known_tabs: IndexSet<u64>,
    gone_tabs: IndexSet<u64>,
    /// Whether this tab holds its liveness lock. Until it does, nothing is sent to the host:
    /// a host that heard from this tab earlier could see the lock free and take it for gone.
    alive: bool,
    /// For the host, waiting for that.
    unsent: Vec<(PeerId, ClientMessage)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _host_lock: HeldLock,
    _alive: HeldLock,
}

impl Tabs {
    pub fn open(key: &str, tab: u64, config: MeetingConfig, wake: Wake) -> Result<Tabs, JsValue> {
        let name = format!("breakout-rooms:{key}");
        let channel = BroadcastChannel::new(&name)?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = {
            let (inbox, wake) = (inbox.clone(), wake.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                inbox.borrow_mut().messages.push(event.data());
                wake.call();
            })
        };
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let alive = {
            let (inbox, wake) = (inbox.clone(), wake.clone());
            locks::hold(&format!("{name}:tab:{tab}"), move || {
                inbox.borrow_mut().alive = true;
                wake.call();
            })?
        };
        let host_lock = {
            let (inbox, wake) = (inbox.clone(), wake.clone());
            locks::hold(&format!("{name}:host"), move || {
                inbox.borrow_mut().elected = true;
                wake.call();
            })?
        };
        Ok(Tabs {
            tab,
            channel,
            inbox,
            wake,
            config,
            snapshot: None,
            shared_at: None,
            claimed: IndexMap::new(),
            known_tabs: IndexSet::new(),
            gone_tabs: IndexSet::new(),
            alive: false,
            unsent: Vec::new(),
            _on_message: on_message,
            _host_lock: host_lock,
            _alive: alive,
        })
    }

    /// Applies what arrived: messages from the channel, this tab's election, tabs gone.
    pub fn receive(&mut self, local: &mut LocalMeeting, now: u64) {
        let Inbox {
            messages,
            elected,
            alive,
            gone,
        } = std::mem::take(&mut *self.inbox.borrow_mut());
        self.alive |= alive;
        for tab in gone {
            self.gone_tabs.insert(tab);
            let peers: Vec<PeerId> = self
                .claimed
                .values()
                .copied()
                .filter(|p| tab_of(*p) == tab)
                .collect();
            for peer in peers {
                local.handle_remote_lost(now, peer);
            }
        }
        if elected && !local.is_hosting() {
            self.take_over(local, now);
        }
        for data in messages {
            self.on_message(local, now, data);
        }
    }

    fn take_over(&mut self, local: &mut LocalMeeting, now: u64) {
        let restored = self.snapshot.take().and_then(|snapshot| {
            Host::restore(serde_wasm_bindgen::Deserializer::from(snapshot)).ok()
        });
        let host = restored.unwrap_or_else(|| Host::new(self.config.clone()));
        local.take_over(now, host);
        self.shared_at = None;
        self.post(&Wire::HostIs { tab: self.tab });
    }

    fn on_message(&mut self, local: &mut LocalMeeting, now: u64, data: JsValue) {
        let kind = js_sys::Reflect::get(&data, &JsValue::from_str("kind"))
            .ok()
            .and_then(|k| k.as_string());
        if kind.as_deref() == Some("snapshot") {
            if !local.is_hosting() {
                self.snapshot = js_sys::Reflect::get(&data, &JsValue::from_str("snapshot")).ok();
            }
            return;
        }
        match from_js::<Wire>(data.clone()) {
            Ok(Wire::ToHost { v, from, message }) if local.is_hosting() => {
                let from = PeerId(from);
                if v != PROTOCOL_VERSION {
                    return self.reject(from, format!("unsupported protocol version {v} (this build speaks version {PROTOCOL_VERSION})"));
                }
                if let Err(reason) = self.check_claim(from, &message) {
                    return self.reject(from, reason);
                }
                self.watch_tab(tab_of(from));
                local.handle_remote(now, from, message);
            }
            Ok(Wire::ToClient { v, to, message })
                if !local.is_hosting() && v == PROTOCOL_VERSION =>
            {
                local.deliver(Transmit {
                    to: PeerId(to),
                    message,
                });
            }
            Ok(Wire::HostIs { tab }) if tab != self.tab => {
                // Whatever this tab kept of the old host's snapshots is stale now.
                self.snapshot = None;
                local.handle_host_reconnected();
            }
            Ok(_) => {}
            Err(reason) if local.is_hosting() => {
                // Unreadable: answered to its sender, if it says who that is.
                let from = js_sys::Reflect::get(&data, &JsValue::from_str("from"))
                    .ok()
                    .and_then(|f| f.as_f64());
                if let Some(from) = from.filter(|f| f.fract() == 0.0 && *f >= 0.0) {
                    self.reject(PeerId(from as u64), format!("malformed message: {reason}"));
                }
            }
            Err(_) => {}
        }
    }

    /// A participant speaks from the peer they joined on: another tab cannot resume them.
    /// A fresh join from another tab is the host's to take (the newest join of an identity
    /// takes its place, and the old one is told).
    fn check_claim(&mut self, from: PeerId, message: &ClientMessage) -> Result<(), String> {
        let ClientMessage::Join {
            participant,
            resume,
            ..
        } = message
        else {
            return Ok(());
        };
        let raw = participant.raw_id();
        match self.claimed.get(&raw) {
            Some(peer) if *resume && *peer != from && !self.gone_tabs.contains(&tab_of(*peer)) => {
                Err(format!(
                    "participant '{raw}' is in this meeting from another tab"
                ))
            }
            _ => {
                self.claimed.insert(raw, from);
                Ok(())
            }
        }
    }

    /// Hosting: learn when `tab` is gone, once.
    fn watch_tab(&mut self, tab: u64) {
        if tab == self.tab || !self.known_tabs.insert(tab) {
            return;
        }
        let (inbox, wake) = (self.inbox.clone(), self.wake.clone());
        let name = format!("{}:tab:{tab}", self.channel.name());
        let watched = locks::when_free(&name, move || {
            inbox.borrow_mut().gone.push(tab);
            wake.call();
        });
        if watched.is_err() {
            self.known_tabs.swap_remove(&tab);
        }
    }

    fn reject(&self, to: PeerId, reason: String) {
        self.post(&Wire::ToClient {
            v: PROTOCOL_VERSION,
            to: to.0,
            message: HostMessage::Rejected {
                error: Error::Protocol { reason },
            },
        });
    }

    /// Sends what the pump produced: hosting, a snapshot if the host took an input since
    /// the last one, and then the clients' messages (so a change is shared before anyone
    /// hears of it); otherwise the messages for the host.
    pub fn send(&mut self, local: &mut LocalMeeting) {
        let settled = local.has_remote_output() || local.is_idle();
        let inputs = local.host().map(Host::inputs);
        if let (true, Some(host), true) = (settled, local.host(), inputs != self.shared_at) {
            self.shared_at = inputs;
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"kind".into(), &"snapshot".into());
            let _ = js_sys::Reflect::set(&message, &"snapshot".into(), &snapshot_to_js(host));
            let _ = self.channel.post_message(&message);
        }
        while let Some(t) = local.poll_remote() {
            self.post(&Wire::ToClient {
                v: PROTOCOL_VERSION,
                to: t.to.0,
                message: t.message,
            });
        }
        self.unsent
            .extend(std::iter::from_fn(|| local.poll_to_host()));
        if self.alive {
            for (from, message) in std::mem::take(&mut self.unsent) {
                self.post(&Wire::ToHost {
                    v: PROTOCOL_VERSION,
                    from: from.0,
                    message,
                });
            }
        }
    }

    fn post(&self, wire: &Wire) {
        let _ = self.channel.post_message(&super::to_wire_js(wire));
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
