//! Core values as the plain JS objects the SDK hands out.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::core::{CallState, Error, Identifier, Member, Settings};

pub(crate) fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &key.into(), &value.into());
}

/// A `CommunicationIdentifier` object.
pub(crate) fn identifier(id: &Identifier) -> JsValue {
    let object = Object::new();
    match id {
        Identifier::CommunicationUser {
            communication_user_id,
        } => set(
            &object,
            "communicationUserId",
            communication_user_id.as_str(),
        ),
        Identifier::MicrosoftTeamsUser {
            microsoft_teams_user_id,
            is_anonymous,
        } => {
            set(
                &object,
                "microsoftTeamsUserId",
                microsoft_teams_user_id.as_str(),
            );
            if *is_anonymous {
                set(&object, "isAnonymous", true);
            }
        }
        Identifier::PhoneNumber { phone_number } => {
            set(&object, "phoneNumber", phone_number.as_str())
        }
        Identifier::Unknown { id } => set(&object, "id", id.as_str()),
    }
    object.into()
}

/// An `Invitee`: `{ identifier }`.
pub(crate) fn invitee(id: &Identifier) -> JsValue {
    let object = Object::new();
    set(&object, "identifier", identifier(id));
    object.into()
}

/// A `RemoteParticipant`'s readable basics.
pub(crate) fn remote_participant(member: &Member) -> JsValue {
    let object = Object::new();
    set(&object, "identifier", identifier(&member.identifier));
    set(&object, "displayName", member.display_name.as_str());
    set(&object, "state", "Connected");
    object.into()
}

pub(crate) fn remote_participants(members: &[Member]) -> Array {
    members.iter().map(remote_participant).collect()
}

/// `BreakoutRoomsSettings`, with `roomEndTime` in the SDK's `TimestampInfo` shape.
pub(crate) fn settings(settings: &Settings) -> JsValue {
    let object = Object::new();
    set(
        &object,
        "disableReturnToMainMeeting",
        settings.disable_return_to_main_meeting,
    );
    if let Some(end) = settings.room_end_time {
        let stamp = Object::new();
        set(&stamp, "attemptTimestamp", end as f64);
        set(&object, "roomEndTime", stamp);
    }
    set(
        &object,
        "autoMoveParticipantToBreakoutRoom",
        settings.auto_move_participant_to_breakout_room,
    );
    object.into()
}

pub(crate) fn call_state(state: CallState) -> &'static str {
    match state {
        CallState::None => "None",
        CallState::Connecting => "Connecting",
        CallState::Connected => "Connected",
        CallState::LocalHold => "LocalHold",
        CallState::Disconnecting => "Disconnecting",
        CallState::Disconnected => "Disconnected",
    }
}

/// The SDK's `CallEndReason`, with our message when an error ended the call.
pub(crate) fn end_reason(error: Option<&Error>) -> JsValue {
    let object = Object::new();
    set(&object, "code", error.map_or(0, Error::code));
    set(&object, "subCode", error.map_or(0, Error::sub_code));
    if let Some(error) = error {
        set(&object, "message", error.to_string());
    }
    object.into()
}

/// `{ type, data }` for `breakoutRoomsUpdated`.
pub(crate) fn event(kind: &str, data: JsValue) -> JsValue {
    let object = Object::new();
    set(&object, "type", kind);
    set(&object, "data", data);
    object.into()
}

/// `{ added, removed }` for `remoteParticipantsUpdated` and `callsUpdated`.
pub(crate) fn added_removed(added: Array, removed: Array) -> JsValue {
    let object = Object::new();
    set(&object, "added", added);
    set(&object, "removed", removed);
    object.into()
}
