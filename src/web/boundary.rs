//! Values across the JS boundary: serde-wasm-bindgen both ways, errors as plain
//! `{ code, subCode, message }` objects that the JavaScript turns into `BreakoutRoomsError`s.

use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::Error;

/// A core error as the JavaScript reads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorData {
    code: u16,
    sub_code: u32,
    message: String,
}

impl From<&Error> for ErrorData {
    fn from(error: &Error) -> Self {
        ErrorData {
            code: error.code(),
            sub_code: error.sub_code(),
            message: error.to_string(),
        }
    }
}

/// A core error as the plain object the JavaScript expects.
pub(crate) fn error(error: &Error) -> JsValue {
    to_js(&ErrorData::from(error))
}

/// Plain JS data: structs become objects, `None` becomes `undefined`.
#[cfg(not(feature = "json-boundary"))]
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Our types serialize into plain objects, arrays, strings and safe integers only, so
    // this cannot fail; `undefined` stands in should a future type break that.
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .unwrap_or(JsValue::UNDEFINED)
}

/// The same value as JSON text, which the JavaScript parses (`data()` in js/engine.js). Only
/// to measure this boundary against serde-wasm-bindgen's; the package ships the other.
#[cfg(feature = "json-boundary")]
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .map(|text| JsValue::from_str(&text))
        .unwrap_or(JsValue::UNDEFINED)
}
