//! Core errors as JS `Error`s with the SDK's `code` and `subCode`.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsValue;

use crate::core::Error;

pub(crate) fn to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("BreakoutRoomsError");
    let set = |key: &str, value: JsValue| {
        // Setting a data property on a fresh Error object cannot fail.
        let _ = Reflect::set(&js, &key.into(), &value);
    };
    set("code", error.code().into());
    set("subCode", error.sub_code().into());
    js.into()
}

/// A field from JS that is missing or has the wrong type.
pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> JsValue {
    to_js(&Error::InvalidArgument {
        field: field.to_owned(),
        reason: reason.into(),
    })
}

pub(crate) fn rejected(error: JsValue) -> Promise {
    Promise::reject(&error)
}
