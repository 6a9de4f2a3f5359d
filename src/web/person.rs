//! One participant of one meeting as the page sees it: the JS objects handed out for
//! their calls, the listeners attached to them, and the promises waiting on the core.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use js_sys::{Array, Function, Promise, WeakRef};
use wasm_bindgen::{JsCast, JsValue};

use super::agent::AgentState;
use super::call::Call;
use super::error::{rejected, to_js};
use super::feature::BreakoutRoom;
use super::listeners::Listeners;
use super::logger;
use super::meeting::Meeting;
use super::values;
use crate::core::{CallId, CallState, Client, Completion, Error, Event, OpId, PeerId, RoomView};

/// What a finished operation's promise resolves with.
#[derive(Clone, Copy)]
pub(crate) enum Resolves {
    Nothing,
    Call,
    Rooms,
}

/// How an operation starts on the participant's client.
pub(crate) type Start<'a> = Box<dyn FnOnce(&mut Client) -> Result<OpId, Error> + 'a>;

struct Pending {
    resolve: Function,
    reject: Function,
    resolves: Resolves,
}

#[derive(Default)]
pub(crate) struct CallListeners {
    pub state_changed: Listeners,
    pub remote_participants_updated: Listeners,
}

pub(crate) struct Person {
    pub meeting: Rc<Meeting>,
    pub peer: PeerId,
    agent: Weak<AgentState>,
    pub feature_listeners: Listeners,
    // A participant has a handful of calls and operations at a time: plain lists do.
    call_listeners: RefCell<Vec<(CallId, Rc<CallListeners>)>>,
    /// The JS object handed out for each call, held weakly so `===` holds while JS keeps
    /// it and nothing leaks once JS lets go.
    call_objects: RefCell<Vec<(CallId, WeakRef)>>,
    pending: RefCell<Vec<(OpId, Pending)>>,
    /// Each call's state as of its last `stateChanged`: events arrive after the core has
    /// moved on, and a listener reading `call.state` must see the state it is told of.
    shown_states: RefCell<Vec<(CallId, CallState)>>,
}

impl Person {
    pub fn new(meeting: Rc<Meeting>, peer: PeerId, agent: Weak<AgentState>) -> Rc<Person> {
        let person = Rc::new(Person {
            meeting,
            peer,
            agent,
            feature_listeners: Listeners::default(),
            call_listeners: RefCell::new(Vec::new()),
            call_objects: RefCell::new(Vec::new()),
            pending: RefCell::new(Vec::new()),
            shown_states: RefCell::new(Vec::new()),
        });
        person.meeting.register(peer, &person);
        person
    }

    /// Reads this participant's client; `None` once they have left the meeting.
    pub fn read<R>(&self, f: impl FnOnce(&Client) -> R) -> Option<R> {
        self.meeting.read(self.peer, f)
    }

    pub fn write<R>(&self, f: impl FnOnce(&mut Client) -> R) -> Option<R> {
        self.meeting.write(self.peer, f)
    }

    /// Starts an operation and returns the promise that settles when the core says so.
    /// (Boxed: one copy of this serves every API method.)
    pub fn operation(&self, resolves: Resolves, start: Start<'_>) -> Promise {
        let op = match self.write(start) {
            Some(Ok(op)) => op,
            Some(Err(error)) => return rejected(to_js(&error)),
            None => return rejected(to_js(&Error::NotConnected)),
        };
        let mut slot = None;
        let promise = Promise::new(&mut |resolve, reject| slot = Some((resolve, reject)));
        if let Some((resolve, reject)) = slot {
            self.pending.borrow_mut().push((
                op,
                Pending {
                    resolve,
                    reject,
                    resolves,
                },
            ));
        }
        promise
    }

    pub fn listeners(&self, call: &CallId) -> Rc<CallListeners> {
        let mut all = self.call_listeners.borrow_mut();
        if let Some((_, found)) = all.iter().find(|(id, _)| id == call) {
            return found.clone();
        }
        let made = Rc::new(CallListeners::default());
        all.push((call.clone(), made.clone()));
        made
    }

    /// A call's state as JS sees it: the last one announced, else the core's; a call
    /// of someone no longer in the meeting is over.
    pub fn call_state(&self, id: &CallId) -> CallState {
        let Some(Some(now)) = self.read(|c| c.call(id).map(|call| call.state)) else {
            return CallState::Disconnected;
        };
        self.shown_states
            .borrow()
            .iter()
            .find(|(known, _)| known == id)
            .map_or(now, |(_, state)| *state)
    }

    fn is_shown(&self, id: &CallId) -> bool {
        self.shown_states
            .borrow()
            .iter()
            .any(|(known, _)| known == id)
    }

    fn show_state(&self, id: &CallId, state: CallState) {
        let mut shown = self.shown_states.borrow_mut();
        match shown.iter_mut().find(|(known, _)| known == id) {
            Some((_, s)) => *s = state,
            None => shown.push((id.clone(), state)),
        }
    }

    /// The JS object for a call: the same object as long as JS still holds it.
    pub fn call_object(self: &Rc<Self>, id: &CallId) -> JsValue {
        let mut objects = self.call_objects.borrow_mut();
        objects.retain(|(_, weak)| weak.deref().is_some());
        if let Some(alive) = objects
            .iter()
            .find(|(known, _)| known == id)
            .and_then(|(_, weak)| weak.deref())
        {
            return alive.into();
        }
        let object = JsValue::from(Call::new(self.clone(), id.clone()));
        if let Some(obj) = object.dyn_ref::<js_sys::Object>() {
            objects.push((id.clone(), WeakRef::new(obj)));
        }
        object
    }

    /// The main call, as `join()` hands it out: in its first state, which is then no news.
    pub fn main_call(self: &Rc<Self>) -> Option<JsValue> {
        let (id, state) = self.read(|c| (c.main_call().id.clone(), c.main_call().state))?;
        self.show_state(&id, state);
        Some(self.call_object(&id))
    }

    /// The calls of this participant that are not over, main first.
    pub fn live_calls(self: &Rc<Self>) -> Vec<JsValue> {
        let ids = self
            .read(|c| {
                std::iter::once(c.main_call())
                    .chain(c.breakout_call())
                    .filter(|call| call.state != CallState::Disconnected)
                    .map(|call| call.id.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        ids.iter().map(|id| self.call_object(id)).collect()
    }

    pub fn room(self: &Rc<Self>, view: Arc<RoomView>) -> JsValue {
        BreakoutRoom::new(self.clone(), view).into()
    }

    fn rooms(self: &Rc<Self>, views: &[Arc<RoomView>]) -> JsValue {
        views
            .iter()
            .map(|v| self.room(v.clone()))
            .collect::<Array>()
            .into()
    }

    /// Delivers one core event to the listeners and promises waiting for it.
    pub fn dispatch(self: &Rc<Self>, event: Event) {
        match event {
            Event::StateChanged { call, state } => {
                if self.is_shown(&call) && self.call_state(&call) == state {
                    return; // JS already sees this state (e.g. 'Connecting' from join())
                }
                logger::verbose(&format!("call {call} is {}", values::call_state(state)));
                self.show_state(&call, state);
                self.listeners(&call)
                    .state_changed
                    .emit("stateChanged", None);
                if state == CallState::Disconnected {
                    let reason = self
                        .read(|c| c.call(&call).and_then(|x| x.end_reason.clone()))
                        .flatten();
                    if let Some(reason) = reason {
                        logger::warning(&format!("call {call} ended: {reason}"));
                    }
                    let object = self.call_object(&call);
                    self.calls_updated(Array::new(), Array::of1(&object));
                }
            }
            Event::RemoteParticipantsUpdated {
                call,
                added,
                removed,
            } => {
                let listeners = self.listeners(&call);
                if listeners.remote_participants_updated.is_empty() {
                    return; // a page of many participants need not build lists nobody reads
                }
                let data = values::added_removed(
                    values::remote_participants(&added),
                    values::remote_participants(&removed),
                );
                listeners
                    .remote_participants_updated
                    .emit("remoteParticipantsUpdated", Some(&data));
            }
            Event::BreakoutRooms(rooms) => {
                let data = rooms.map_or(JsValue::UNDEFINED, |r| self.rooms(&r));
                self.feature_event("breakoutRooms", data);
            }
            Event::AssignedBreakoutRooms(room) => {
                let data = room.map_or(JsValue::UNDEFINED, |r| self.room(r));
                self.feature_event("assignedBreakoutRooms", data);
            }
            Event::BreakoutRoomsSettings(settings) => {
                self.feature_event("breakoutRoomsSettings", values::settings(&settings));
            }
            Event::Join { call } => {
                self.show_state(&call, CallState::Connecting); // as the core created it
                let object = self.call_object(&call);
                self.calls_updated(Array::of1(&object), Array::new());
                self.feature_event("join", object);
            }
            Event::RoleChanged(role) => logger::info(&format!("role changed to {role:?}")),
            Event::Completed { op, result } => self.settle(op, result),
        }
    }

    fn feature_event(&self, kind: &str, data: JsValue) {
        logger::verbose(&format!("breakoutRoomsUpdated: {kind}"));
        let event = values::event(kind, data);
        self.feature_listeners
            .emit("breakoutRoomsUpdated", Some(&event));
    }

    fn calls_updated(&self, added: Array, removed: Array) {
        if let Some(agent) = self.agent.upgrade() {
            agent.calls_updated(added, removed);
        }
    }

    fn settle(self: &Rc<Self>, op: OpId, result: Result<Completion, Error>) {
        let pending = {
            let mut all = self.pending.borrow_mut();
            match all.iter().position(|(waiting, _)| *waiting == op) {
                Some(i) => all.swap_remove(i).1,
                None => return,
            }
        };
        let outcome = match (result, pending.resolves) {
            (Err(error), _) => Err(to_js(&error)),
            (Ok(Completion::Call(id)), Resolves::Call) => Ok(self.call_object(&id)),
            (Ok(Completion::Managed(outcome)), Resolves::Rooms) => Ok(self.rooms(&outcome.rooms)),
            (Ok(_), _) => Ok(JsValue::UNDEFINED),
        };
        let call = match &outcome {
            Ok(value) => pending.resolve.call1(&JsValue::UNDEFINED, value),
            Err(error) => pending.reject.call1(&JsValue::UNDEFINED, error),
        };
        if let Err(thrown) = call {
            logger::warning(&format!("settling a promise threw: {thrown:?}"));
        }
    }
}

impl Drop for Person {
    fn drop(&mut self) {
        self.meeting.forget(self.peer);
    }
}
