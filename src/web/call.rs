//! `Call`: the main meeting call or a breakout room call, in the SDK's shape.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, JsResult};
use super::error::{invalid, to_js};
use super::feature::BreakoutRoomsCallFeature;
use super::management::BreakoutRoomsManagement;
use super::person::{Person, Resolves};
use super::values;
use crate::core::{CallId, CallState};

#[wasm_bindgen(skip_typescript)]
pub struct Call {
    person: Rc<Person>,
    id: CallId,
}

impl Call {
    pub(crate) fn new(person: Rc<Person>, id: CallId) -> Self {
        Call { person, id }
    }

    fn state_now(&self) -> CallState {
        self.person.call_state(&self.id)
    }
}

#[wasm_bindgen]
impl Call {
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.id.0.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        values::call_state(self.state_now()).to_owned()
    }

    /// Once the call is over, `{ code, subCode, message }`: 0/0 for an ordinary end, else
    /// the error that ended it (a refused join, an unreachable host).
    #[wasm_bindgen(getter, js_name = callEndReason)]
    pub fn call_end_reason(&self) -> JsValue {
        if self.state_now() != CallState::Disconnected {
            return JsValue::UNDEFINED;
        }
        let reason = self
            .person
            .read(|c| c.call(&self.id).and_then(|call| call.end_reason.clone()))
            .flatten();
        values::end_reason(reason.as_ref())
    }

    /// Everyone else in the same place: the main meeting, or this breakout room.
    #[wasm_bindgen(getter, js_name = remoteParticipants)]
    pub fn remote_participants(&self) -> Array {
        self.person
            .read(|c| values::remote_participants(&c.remote_participants(&self.id)))
            .unwrap_or_default()
    }

    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&self, _options: JsValue) -> Promise {
        let id = self.id.clone();
        self.person
            .operation(Resolves::Nothing, Box::new(move |c| c.hang_up(&id)))
    }

    pub fn hold(&self) -> Promise {
        let id = self.id.clone();
        self.person
            .operation(Resolves::Nothing, Box::new(move |c| c.hold(&id)))
    }

    pub fn resume(&self) -> Promise {
        let id = self.id.clone();
        self.person
            .operation(Resolves::Nothing, Box::new(move |c| c.resume(&id)))
    }

    /// `call.feature(Features.BreakoutRooms)` or `Features.BreakoutRoomsManagement`.
    pub fn feature(&self, feature: JsValue) -> JsResult<JsValue> {
        let name = feature
            .as_string()
            .or_else(|| args::field(&feature, "name").as_string())
            .unwrap_or_default();
        let check = self
            .person
            .read(|c| c.check_breakout_rooms())
            .unwrap_or(Ok(()));
        match name.as_str() {
            "BreakoutRooms" | "BreakoutRoomsManagement" => check.map_err(|e| to_js(&e))?,
            _ => {
                return Err(invalid(
                    "feature",
                    "expected Features.BreakoutRooms or Features.BreakoutRoomsManagement",
                ))
            }
        }
        Ok(if name == "BreakoutRooms" {
            BreakoutRoomsCallFeature::new(self.person.clone()).into()
        } else {
            BreakoutRoomsManagement::new(self.person.clone()).into()
        })
    }

    /// `'stateChanged'` or `'remoteParticipantsUpdated'`.
    pub fn on(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        let listener = args::function(&listener, "listener")?;
        let listeners = self.person.listeners(&self.id);
        match event.as_string().as_deref() {
            Some("stateChanged") => listeners.state_changed.add(listener),
            Some("remoteParticipantsUpdated") => {
                listeners.remote_participants_updated.add(listener);
                self.person.meeting.watch(self.person.peer);
            }
            _ => return Err(unknown_event(&event)),
        }
        Ok(())
    }

    pub fn off(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        let listener = args::function(&listener, "listener")?;
        let listeners = self.person.listeners(&self.id);
        match event.as_string().as_deref() {
            Some("stateChanged") => listeners.state_changed.remove(&listener),
            Some("remoteParticipantsUpdated") => {
                listeners.remote_participants_updated.remove(&listener)
            }
            _ => return Err(unknown_event(&event)),
        }
        Ok(())
    }
}

fn unknown_event(event: &JsValue) -> JsValue {
    invalid(
        "event",
        format!(
            "expected 'stateChanged' or 'remoteParticipantsUpdated', got {}",
            super::args::describe(event)
        ),
    )
}
