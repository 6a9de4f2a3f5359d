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
    // JSON.stringify gives undefined for a Symbol, and may throw for hostile objects.
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "a value that is not JSON".into())
}

/// A property, or undefined when reading it fails (not an object, or a throwing getter).
pub(crate) fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() && !object.is_function() {
        return JsValue::UNDEFINED;
    }
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
    // Reflect.ownKeys reports a throwing proxy as an error instead of throwing through us.
    for key in Reflect::own_keys(object)?.iter() {
        if !key.is_string() {
            continue; // symbol keys are not settings
        }
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

/// The items of an array, read with Reflect so a throwing proxy is an error, not a throw.
pub(crate) fn array(value: &JsValue, name: &str) -> JsResult<Vec<JsValue>> {
    if !Array::is_array(value) {
        return Err(invalid(
            name,
            format!("expected an array, got {}", describe(value)),
        ));
    }
    let length = Reflect::get(value, &"length".into())?
        .as_f64()
        .unwrap_or(0.0) as u32;
    (0..length).map(|i| Reflect::get_u32(value, i)).collect()
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
        .map(|(i, v)| identifier(v, &format!("{name}[{i}]")))
        .collect()
}

/// `3` or `['Red', 'Blue']`.
pub(crate) fn room_spec(value: &JsValue, name: &str) -> JsResult<RoomSpec> {
    if Array::is_array(value) {
        let names = array(value, name)?
            .iter()
            .enumerate()
            .map(|(i, v)| string(v, &format!("{name}[{i}]")))
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
        .map(|(i, v)| string(v, &format!("{name}[{i}]")))
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
