//! Participants on a meeting server (SPEC 9, 10): one WebSocket per participant, whose
//! first message is the join with the participant's token. A socket that drops is opened
//! again with backoff while the participant's calls last (the grace period); once open,
//! the client resumes and the server resyncs it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::index_map::IndexMap;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::{from_text, to_text, Wake};
use crate::core::{HostMessage, LocalMeeting, PeerId, Transmit};

enum Happened {
    Open,
    Text(String),
    Closed,
}

struct Connection {
    socket: WebSocket,
    open: bool,
    /// Whether it was ever open: a later open is a reconnect.
    opened_before: bool,
    /// Sent before the socket opened.
    waiting: Vec<String>,
    attempts: u32,
    _handlers: [Closure<dyn FnMut(JsValue)>; 3],
    _retry: Option<Timeout>,
}

pub(crate) struct Sockets {
    url: String,
    inbox: Rc<RefCell<Vec<(PeerId, Happened)>>>,
    /// Peers whose reconnect timer fired.
    due: Rc<RefCell<Vec<PeerId>>>,
    wake: Wake,
    connections: IndexMap<PeerId, Connection>,
}

/// The wait before reconnect attempt `n`: 250 ms doubling to 8 s, with jitter so that a
/// server restart is not met by every client at once.
fn backoff(attempt: u32) -> u32 {
    let base = 250u32.saturating_mul(1 << attempt.min(5));
    base / 2 + (js_sys::Math::random() * f64::from(base / 2)) as u32
}

impl Sockets {
    pub fn new(url: String, wake: Wake) -> Sockets {
        Sockets {
            url,
            inbox: Rc::default(),
            due: Rc::default(),
            wake,
            connections: IndexMap::new(),
        }
    }

    fn connect(&mut self, peer: PeerId, attempts: u32, opened_before: bool) -> Result<(), JsValue> {
        let socket = WebSocket::new(&self.url)?;
        let handler = |happened: fn(JsValue) -> Option<Happened>| {
            let (inbox, wake) = (self.inbox.clone(), self.wake.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(h) = happened(event) {
                    inbox.borrow_mut().push((peer, h));
                    wake.call();
                }
            })
        };
        let on_open = handler(|_| Some(Happened::Open));
        let on_message = handler(|event| {
            let text = event.dyn_into::<MessageEvent>().ok()?.data().as_string()?;
            Some(Happened::Text(text))
        });
        let on_close = handler(|event| {
            let _ = event.dyn_into::<CloseEvent>().ok()?;
            Some(Happened::Closed)
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.connections.insert(
            peer,
            Connection {
                socket,
                open: false,
                opened_before,
                waiting: Vec::new(),
                attempts,
                _handlers: [on_open, on_message, on_close],
                _retry: None,
            },
        );
        Ok(())
    }

    /// Applies what the sockets did since the last pump.
    pub fn receive(&mut self, local: &mut LocalMeeting, now: u64) {
        let due: Vec<PeerId> = std::mem::take(&mut *self.due.borrow_mut());
        for peer in due {
            let (attempts, wanted) = match self.connections.get(&peer) {
                Some(c) => (c.attempts, wanted(local, peer)),
                None => continue,
            };
            if wanted && self.connect(peer, attempts, true).is_err() {
                self.retry(peer);
            }
        }
        let happened: Vec<(PeerId, Happened)> = std::mem::take(&mut *self.inbox.borrow_mut());
        for (peer, happened) in happened {
            match happened {
                Happened::Open => {
                    let Some(c) = self.connections.get_mut(&peer) else {
                        continue;
                    };
                    c.open = true;
                    c.attempts = 0;
                    if c.opened_before {
                        // The join and whatever waited go again, resumed.
                        c.waiting.clear();
                        local.handle_peer_reconnected(peer);
                    } else {
                        c.opened_before = true;
                        for text in std::mem::take(&mut c.waiting) {
                            let _ = c.socket.send_with_str(&text);
                        }
                    }
                }
                Happened::Text(text) => {
                    if let Ok(message) = from_text::<HostMessage>(&text) {
                        local.deliver(Transmit { to: peer, message });
                    }
                }
                Happened::Closed => {
                    let Some(c) = self.connections.get_mut(&peer) else {
                        continue;
                    };
                    c.open = false;
                    if wanted(local, peer) {
                        local.handle_peer_transport_lost(now, peer);
                        self.retry(peer);
                    } else {
                        self.connections.swap_remove(&peer);
                    }
                }
            }
        }
    }

    fn retry(&mut self, peer: PeerId) {
        let Some(c) = self.connections.get_mut(&peer) else {
            return;
        };
        c.attempts += 1;
        let (due, wake) = (self.due.clone(), self.wake.clone());
        c._retry = Some(Timeout::new(backoff(c.attempts), move || {
            due.borrow_mut().push(peer);
            wake.call();
        }));
    }

    /// Sends the clients' messages, each on its participant's socket (opening it first).
    pub fn send(&mut self, local: &mut LocalMeeting) {
        while let Some((from, message)) = local.poll_to_host() {
            if !self.connections.contains_key(&from) && self.connect(from, 0, false).is_err() {
                continue;
            }
            let (Some(c), Some(text)) = (self.connections.get_mut(&from), to_text(&message)) else {
                continue;
            };
            if c.open {
                let _ = c.socket.send_with_str(&text);
            } else {
                c.waiting.push(text);
            }
        }
        // Participants gone from the page: their sockets close.
        let gone: Vec<PeerId> = self
            .connections
            .keys()
            .copied()
            .filter(|p| local.client(*p).is_none())
            .collect();
        for peer in gone {
            if let Some(c) = self.connections.swap_remove(&peer) {
                let _ = c.socket.close();
            }
        }
    }
}

fn wanted(local: &LocalMeeting, peer: PeerId) -> bool {
    local.client(peer).is_some_and(|c| c.is_in_meeting())
}

impl Drop for Sockets {
    fn drop(&mut self) {
        for (_, c) in self.connections.drain(..) {
            c.socket.set_onclose(None);
            let _ = c.socket.close();
        }
    }
}
