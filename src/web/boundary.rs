//! Values out to the JavaScript: JSON text that it parses into plain data, errors as
//! `{ code, subCode, message }` that it turns into `BreakoutRoomsError`s.

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

/// The value as JSON text (`json.rs`), which the JavaScript parses (`data()` in js/engine.js):
/// 4 KB (gzip) smaller than objects built by serde-wasm-bindgen, and as fast within noise
/// (scripts/boundary-bench.mjs compares two builds). Our outputs are objects, arrays,
/// strings, booleans and integers (json.rs's tests write each type they are made of), so
/// writing cannot fail; `undefined` stands in should a future type break that.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    super::json::to_string(value)
        .map(|text| JsValue::from_str(&text))
        .unwrap_or(JsValue::UNDEFINED)
}
