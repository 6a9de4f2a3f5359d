//! Reading arguments from JS: every wrong type or missing field becomes an error that
//! names the field, never a panic.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::error::invalid;
use crate::core::{Identifier, RoomSpec};

pub(crate) type JsResult<T> = Result<T, JsValue>;

/// What a wrong value was, for error messages (JSON text, without formatting floats in Rust).
pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_function() {
        return "a function".into();
    }
    js_sys::JSON::stringify(value)
        .ok()
        .map(String::from)
        .unwrap_or_else(|| "a value".into())
}

pub(crate) fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

pub(crate) fn string(value: &JsValue, name: &str) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| invalid(name, format!("expected a string, got {}", describe(value))))
}

pub(crate) fn boolean(value: &JsValue, name: &str) -> JsResult<bool> {
    value.as_bool().ok_or_else(|| {
        invalid(
            name,
            format!("expected true or false, got {}", describe(value)),
        )
    })
}

/// A whole number in 0..=2^53 (what a JS number holds exactly).
pub(crate) fn whole(value: &JsValue, name: &str) -> JsResult<u64> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&n) => Ok(n as u64),
        _ => Err(invalid(
            name,
            format!(
                "expected a whole number of 0 or more, got {}",
                describe(value)
            ),
        )),
    }
}

pub(crate) fn function(value: &JsValue, name: &str) -> JsResult<Function> {
    value.dyn_ref::<Function>().cloned().ok_or_else(|| {
        invalid(
            name,
            format!("expected a function, got {}", describe(value)),
        )
    })
}

/// An options object, or `None` when absent; anything else is an error.
pub(crate) fn options(value: &JsValue, name: &str) -> JsResult<Option<Object>> {
    if is_absent(value) {
        return Ok(None);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(invalid(
            name,
            format!("expected an object, got {}", describe(value)),
        ));
    }
    Ok(Some(value.clone().unchecked_into()))
}

/// Rejects keys the caller did not mean (a typo would otherwise be silently ignored).
pub(crate) fn only_keys(object: &Object, name: &str, allowed: &[&str]) -> JsResult<()> {
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(invalid(
                &format!("{name}.{key}"),
                format!("unknown field; expected one of {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

pub(crate) fn array(value: &JsValue, name: &str) -> JsResult<Array> {
    if Array::is_array(value) {
        Ok(value.clone().unchecked_into())
    } else {
        Err(invalid(
            name,
            format!("expected an array, got {}", describe(value)),
        ))
    }
}

/// A `CommunicationIdentifier`: `{ communicationUserId }`, `{ microsoftTeamsUserId,
/// isAnonymous? }`, `{ phoneNumber }` or `{ id }`; extra fields (`kind`, `rawId`) are fine.
pub(crate) fn identifier(value: &JsValue, name: &str) -> JsResult<Identifier> {
    let text = |key: &str| {
        if value.is_object() {
            field(value, key).as_string()
        } else {
            None
        }
    };
    let parsed = if let Some(id) = text("communicationUserId") {
        Identifier::CommunicationUser {
            communication_user_id: id,
        }
    } else if let Some(id) = text("microsoftTeamsUserId") {
        Identifier::MicrosoftTeamsUser {
            microsoft_teams_user_id: id,
            is_anonymous: field(value, "isAnonymous").as_bool().unwrap_or(false),
        }
    } else if let Some(phone_number) = text("phoneNumber") {
        Identifier::PhoneNumber { phone_number }
    } else if let Some(id) = text("id") {
        Identifier::Unknown { id }
    } else {
        return Err(invalid(
            name,
            format!(
                "expected an identifier such as {{ communicationUserId: '...' }}, got {}",
                describe(value)
            ),
        ));
    };
    if let Some(problem) = parsed.problem() {
        return Err(invalid(name, format!("the identifier {problem}")));
    }
    Ok(parsed)
}

pub(crate) fn identifiers(value: &JsValue, name: &str) -> JsResult<Vec<Identifier>> {
    array(value, name)?
        .iter()
        .enumerate()
        .map(|(i, v)| identifier(&v, &format!("{name}[{i}]")))
        .collect()
}

/// `3` or `['Red', 'Blue']`.
pub(crate) fn room_spec(value: &JsValue, name: &str) -> JsResult<RoomSpec> {
    if Array::is_array(value) {
        let names = array(value, name)?
            .iter()
            .enumerate()
            .map(|(i, v)| string(&v, &format!("{name}[{i}]")))
            .collect::<JsResult<Vec<_>>>()?;
        return Ok(RoomSpec::Names(names));
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= f64::from(u32::MAX) => {
            Ok(RoomSpec::Count(n as u32))
        }
        _ => Err(invalid(
            name,
            format!(
                "expected a number of rooms (1 or more) or an array of room names, got {}",
                describe(value)
            ),
        )),
    }
}

pub(crate) fn thread_ids(value: &JsValue, name: &str) -> JsResult<Vec<String>> {
    array(value, name)?
        .iter()
        .enumerate()
        .map(|(i, v)| string(&v, &format!("{name}[{i}]")))
        .collect()
}

/// `{ expectedRevision }` from a method's options.
pub(crate) fn expected_revision(options: Option<&Object>, name: &str) -> JsResult<Option<u64>> {
    let Some(options) = options else {
        return Ok(None);
    };
    let value = field(options, "expectedRevision");
    if is_absent(&value) {
        Ok(None)
    } else {
        whole(&value, &format!("{name}.expectedRevision")).map(Some)
    }
}
