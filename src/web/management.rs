//! `Features.BreakoutRoomsManagement` (SPEC 5): the API the SDK lacks. Every method
//! returns a Promise; bad arguments reject it with an error naming the field, and change
//! nothing.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, JsResult};
use super::error::rejected;
use super::person::{Person, Resolves};
use crate::core::{Command, SettingsPatch};

#[wasm_bindgen(skip_typescript)]
pub struct BreakoutRoomsManagement {
    person: Rc<Person>,
}

impl BreakoutRoomsManagement {
    pub(crate) fn new(person: Rc<Person>) -> Self {
        BreakoutRoomsManagement { person }
    }

    /// Sends a parsed command; a parse error rejects. (Takes the parsed value, not a
    /// closure, so one copy of this serves every method.)
    fn run(&self, resolves: Resolves, parsed: JsResult<(Command, Option<u64>)>) -> Promise {
        match parsed {
            Ok((command, expected)) => self
                .person
                .operation(resolves, Box::new(move |c| c.manage(command, expected))),
            Err(error) => rejected(error),
        }
    }
}

/// The trailing `{ expectedRevision }` argument.
fn revision(options: &JsValue) -> JsResult<Option<u64>> {
    let options = args::options(options, "options")?;
    if let Some(o) = &options {
        args::only_keys(o, "options", &["expectedRevision"])?;
    }
    args::expected_revision(options.as_ref(), "options")
}

/// `openRooms()`, `openRooms([threadId])`, `openRooms(options)` or `openRooms([threadId], options)`.
fn some_rooms(first: &JsValue, second: &JsValue) -> JsResult<(Option<Vec<String>>, Option<u64>)> {
    if js_sys::Array::is_array(first) {
        Ok((
            Some(args::thread_ids(first, "threadIds")?),
            revision(second)?,
        ))
    } else if args::is_absent(first) {
        Ok((None, revision(second)?))
    } else if first.is_object() {
        Ok((None, revision(first)?))
    } else {
        Err(super::error::invalid(
            "threadIds",
            format!(
                "expected an array of threadIds or an options object, got {}",
                args::describe(first)
            ),
        ))
    }
}

#[wasm_bindgen]
impl BreakoutRoomsManagement {
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        "BreakoutRoomsManagement".into()
    }

    /// The meeting revision this participant has seen; pass it as `expectedRevision`.
    #[wasm_bindgen(getter)]
    pub fn revision(&self) -> f64 {
        self.person.read(|c| c.revision()).unwrap_or(0) as f64
    }

    #[wasm_bindgen(js_name = createRooms)]
    pub fn create_rooms(&self, rooms: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Rooms,
            (|| {
                let rooms = args::room_spec(&rooms, "rooms")?;
                Ok((Command::CreateRooms { rooms }, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = recreateRooms)]
    pub fn recreate_rooms(&self, rooms: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Rooms,
            (|| {
                let rooms = args::room_spec(&rooms, "rooms")?;
                Ok((Command::RecreateRooms { rooms }, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = renameRoom)]
    pub fn rename_room(
        &self,
        thread_id: JsValue,
        display_name: JsValue,
        options: JsValue,
    ) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let command = Command::RenameRoom {
                    thread_id: args::string(&thread_id, "threadId")?,
                    display_name: args::string(&display_name, "displayName")?,
                };
                Ok((command, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = deleteRoom)]
    pub fn delete_room(&self, thread_id: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let thread_id = args::string(&thread_id, "threadId")?;
                Ok((Command::DeleteRoom { thread_id }, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = assignParticipants)]
    pub fn assign_participants(
        &self,
        thread_id: JsValue,
        participants: JsValue,
        options: JsValue,
    ) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let command = Command::AssignParticipants {
                    thread_id: args::string(&thread_id, "threadId")?,
                    participants: args::identifiers(&participants, "participants")?,
                };
                Ok((command, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = unassignParticipants)]
    pub fn unassign_participants(&self, participants: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let participants = args::identifiers(&participants, "participants")?;
                Ok((
                    Command::UnassignParticipants { participants },
                    revision(&options)?,
                ))
            })(),
        )
    }

    /// `assignAutomatically({ seed, expectedRevision })`.
    #[wasm_bindgen(js_name = assignAutomatically)]
    pub fn assign_automatically(&self, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let options = args::options(&options, "options")?;
                let mut seed = None;
                if let Some(o) = &options {
                    args::only_keys(o, "options", &["seed", "expectedRevision"])?;
                    let value = args::field(o, "seed");
                    if !args::is_absent(&value) {
                        seed = Some(args::whole(&value, "options.seed")?);
                    }
                }
                let expected = args::expected_revision(options.as_ref(), "options")?;
                Ok((Command::AssignAutomatically { seed }, expected))
            })(),
        )
    }

    #[wasm_bindgen(js_name = openRooms)]
    pub fn open_rooms(&self, thread_ids: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let (thread_ids, expected) = some_rooms(&thread_ids, &options)?;
                Ok((Command::OpenRooms { thread_ids }, expected))
            })(),
        )
    }

    #[wasm_bindgen(js_name = closeRooms)]
    pub fn close_rooms(&self, thread_ids: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let (thread_ids, expected) = some_rooms(&thread_ids, &options)?;
                Ok((Command::CloseRooms { thread_ids }, expected))
            })(),
        )
    }

    /// `updateSettings({ disableReturnToMainMeeting, roomEndTime, autoMoveParticipantToBreakoutRoom })`;
    /// `roomEndTime` is ms since the epoch, a `Date`, a `TimestampInfo`, or `null` to clear it.
    #[wasm_bindgen(js_name = updateSettings)]
    pub fn update_settings(&self, settings: JsValue, options: JsValue) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let settings = settings_patch(&settings)?;
                Ok((Command::UpdateSettings { settings }, revision(&options)?))
            })(),
        )
    }

    #[wasm_bindgen(js_name = setBreakoutRoomManager)]
    pub fn set_breakout_room_manager(
        &self,
        participant: JsValue,
        enabled: JsValue,
        options: JsValue,
    ) -> Promise {
        self.run(
            Resolves::Nothing,
            (|| {
                let command = Command::SetBreakoutRoomManager {
                    participant: args::identifier(&participant, "participant")?,
                    enabled: args::boolean(&enabled, "enabled")?,
                };
                Ok((command, revision(&options)?))
            })(),
        )
    }
}

fn settings_patch(value: &JsValue) -> JsResult<SettingsPatch> {
    const KEYS: [&str; 3] = [
        "disableReturnToMainMeeting",
        "roomEndTime",
        "autoMoveParticipantToBreakoutRoom",
    ];
    let object: Object = args::options(value, "settings")?
        .ok_or_else(|| super::error::invalid("settings", "expected an object of settings"))?;
    args::only_keys(&object, "settings", &KEYS)?;
    let flag = |key: &str| -> JsResult<Option<bool>> {
        let v = args::field(&object, key);
        if v.is_undefined() {
            Ok(None)
        } else {
            args::boolean(&v, &format!("settings.{key}")).map(Some)
        }
    };
    let end = args::field(&object, "roomEndTime");
    let room_end_time = if end.is_undefined() {
        None
    } else if end.is_null() {
        Some(None)
    } else {
        Some(Some(end_time(&end)?))
    };
    Ok(SettingsPatch {
        disable_return_to_main_meeting: flag(KEYS[0])?,
        room_end_time,
        auto_move_participant_to_breakout_room: flag(KEYS[2])?,
    })
}

fn end_time(value: &JsValue) -> JsResult<u64> {
    const NAME: &str = "settings.roomEndTime";
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return args::whole(&date.get_time().into(), NAME);
    }
    if value.is_object() {
        let stamp = args::field(value, "attemptTimestamp");
        if !stamp.is_undefined() {
            return args::whole(&stamp, &format!("{NAME}.attemptTimestamp"));
        }
        let delta = args::field(value, "deltaTimeInMs");
        if !delta.is_undefined() {
            let delta = args::whole(&delta, &format!("{NAME}.deltaTimeInMs"))?;
            return Ok(super::now().saturating_add(delta));
        }
    }
    args::whole(value, NAME)
}
