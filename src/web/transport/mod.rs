//! How a page's participants reach a meeting hosted elsewhere (SPEC 9): the other tabs of
//! the browser (`tabs`), or a meeting server (`socket`). The in-page host needs none.
//!
//! Browser events (a message, a lock granted, a socket closing) land in an inbox and wake
//! the JavaScript, which pumps the engine: the pump applies the inbox to the core, runs a
//! round, and sends what came out. So the core only ever runs inside a pump.

mod locks;
pub(crate) mod socket;
pub(crate) mod tabs;

use js_sys::Function;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::protocol::PROTOCOL_VERSION;
use crate::core::Host;

/// The JavaScript's "pump me soon".
#[derive(Clone)]
pub(crate) struct Wake(pub Function);

impl Wake {
    pub fn call(&self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

/// A value from a message, or why it cannot be read.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Messages carry plain numbers (peers, revisions and times are all below 2^53).
pub(crate) fn to_wire_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A snapshot holds full 64-bit seeds, which travel as BigInts.
pub(crate) fn snapshot_to_js(host: &Host) -> JsValue {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    host.snapshot()
        .serialize(&serializer)
        .unwrap_or(JsValue::UNDEFINED)
}

/// A protocol message as the text a socket carries: `{"v":1,...}`, stringified by the
/// browser's `JSON`.
pub(crate) fn to_text<T: Serialize>(message: &T) -> Option<String> {
    let value = to_wire_js(message);
    js_sys::Reflect::set(&value, &"v".into(), &JsValue::from(PROTOCOL_VERSION as f64)).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// A protocol message from socket text, parsed by the browser's `JSON`: the version is
/// checked first, so a newer peer gets a clear error.
pub(crate) fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    let v = js_sys::Reflect::get(&value, &"v".into())
        .ok()
        .and_then(|v| v.as_f64());
    match v {
        Some(v) if v == PROTOCOL_VERSION as f64 => {}
        Some(v) => return Err(format!("unsupported protocol version {v}")),
        None => return Err("missing version field \"v\"".into()),
    }
    let _ = js_sys::Reflect::delete_property(&value.clone().into(), &"v".into());
    from_js(value)
}
