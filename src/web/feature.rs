//! `BreakoutRoomsCallFeature` and `BreakoutRoom`, exactly as the SDK has them.

use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, JsResult};
use super::error::invalid;
use super::person::{Person, Resolves};
use super::values;
use crate::core::{RoomState, RoomView};

#[wasm_bindgen(skip_typescript)]
pub struct BreakoutRoomsCallFeature {
    person: Rc<Person>,
}

impl BreakoutRoomsCallFeature {
    pub(crate) fn new(person: Rc<Person>) -> Self {
        BreakoutRoomsCallFeature { person }
    }
}

#[wasm_bindgen]
impl BreakoutRoomsCallFeature {
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        "BreakoutRooms".into()
    }

    /// Every room, for managers; `undefined` for attendees.
    #[wasm_bindgen(getter, js_name = breakoutRooms)]
    pub fn breakout_rooms(&self) -> JsValue {
        match self.person.read(|c| c.breakout_rooms()).flatten() {
            Some(rooms) => rooms
                .into_iter()
                .map(|r| self.person.room(r))
                .collect::<Array>()
                .into(),
            None => JsValue::UNDEFINED,
        }
    }

    #[wasm_bindgen(getter, js_name = assignedBreakoutRooms)]
    pub fn assigned_breakout_rooms(&self) -> JsValue {
        self.person
            .read(|c| c.assigned_breakout_room())
            .flatten()
            .map_or(JsValue::UNDEFINED, |r| self.person.room(r))
    }

    /// The seed's spelling of `assignedBreakoutRooms`.
    #[wasm_bindgen(getter, js_name = assignedBreakoutRoom)]
    pub fn assigned_breakout_room(&self) -> JsValue {
        self.assigned_breakout_rooms()
    }

    #[wasm_bindgen(getter, js_name = breakoutRoomsSettings)]
    pub fn breakout_rooms_settings(&self) -> JsValue {
        self.person
            .read(|c| c.settings())
            .flatten()
            .map_or(JsValue::UNDEFINED, |s| values::settings(&s))
    }

    pub fn on(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        check_event(&event)?;
        self.person
            .feature_listeners
            .add(args::function(&listener, "listener")?);
        Ok(())
    }

    pub fn off(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        check_event(&event)?;
        self.person
            .feature_listeners
            .remove(&args::function(&listener, "listener")?);
        Ok(())
    }

    /// Features share the participant's state; there is nothing to release.
    pub fn dispose(&self) {}
}

fn check_event(event: &JsValue) -> JsResult<()> {
    if event.as_string().as_deref() == Some("breakoutRoomsUpdated") {
        Ok(())
    } else {
        Err(invalid(
            "event",
            format!(
                "expected 'breakoutRoomsUpdated', got {}",
                args::describe(event)
            ),
        ))
    }
}

/// One room as of the event or read that produced it.
#[wasm_bindgen(skip_typescript)]
pub struct BreakoutRoom {
    person: Rc<Person>,
    view: Arc<RoomView>,
}

impl BreakoutRoom {
    pub(crate) fn new(person: Rc<Person>, view: Arc<RoomView>) -> Self {
        BreakoutRoom { person, view }
    }
}

#[wasm_bindgen]
impl BreakoutRoom {
    #[wasm_bindgen(getter, js_name = threadId)]
    pub fn thread_id(&self) -> String {
        self.view.thread_id.clone()
    }

    #[wasm_bindgen(getter, js_name = displayName)]
    pub fn display_name(&self) -> String {
        self.view.display_name.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        match self.view.state {
            RoomState::Open => "open".into(),
            RoomState::Closed => "closed".into(),
        }
    }

    #[wasm_bindgen(getter, js_name = autoMoveParticipantToBreakoutRoom)]
    pub fn auto_move_participant_to_breakout_room(&self) -> bool {
        self.view.auto_move_participant_to_breakout_room
    }

    /// `Invitee[]` for managers; `undefined` for attendees.
    #[wasm_bindgen(getter)]
    pub fn invitees(&self) -> JsValue {
        match &self.view.invitees {
            Some(ids) => ids.iter().map(values::invitee).collect::<Array>().into(),
            None => JsValue::UNDEFINED,
        }
    }

    /// The breakout call, while this participant is in (or entering) this room.
    #[wasm_bindgen(getter)]
    pub fn call(&self) -> JsValue {
        let id = self
            .person
            .read(|c| {
                c.breakout_call()
                    .filter(|b| b.state.is_active())
                    .filter(|b| b.thread_id.as_deref() == Some(&self.view.thread_id))
                    .map(|b| b.id.clone())
            })
            .flatten();
        id.map_or(JsValue::UNDEFINED, |id| self.person.call_object(&id))
    }

    pub fn join(&self) -> Promise {
        let thread_id = self.view.thread_id.clone();
        self.person
            .operation(Resolves::Call, Box::new(move |c| c.join_room(&thread_id)))
    }

    #[wasm_bindgen(js_name = returnToMainMeeting)]
    pub fn return_to_main_meeting(&self) -> Promise {
        self.person
            .operation(Resolves::Call, Box::new(|c| c.return_to_main_meeting()))
    }
}
