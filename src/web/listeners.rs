//! `on`/`off` listener lists, as the SDK has them.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::logger;

#[derive(Default)]
pub(crate) struct Listeners(RefCell<Vec<Function>>);

impl Listeners {
    /// Adds a listener once; adding the same function again does nothing.
    pub fn add(&self, listener: Function) {
        let mut list = self.0.borrow_mut();
        if !list.contains(&listener) {
            list.push(listener);
        }
    }

    /// Removes the listener that is the same function.
    pub fn remove(&self, listener: &Function) {
        self.0.borrow_mut().retain(|f| f != listener);
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// Calls every listener. The list is copied first, so a listener may call `on`/`off`;
    /// one that throws is logged and does not stop the others.
    pub fn emit(&self, event: &str, argument: Option<&JsValue>) {
        let snapshot = self.0.borrow().clone();
        for listener in snapshot {
            let outcome = match argument {
                Some(arg) => listener.call1(&JsValue::UNDEFINED, arg),
                None => listener.call0(&JsValue::UNDEFINED),
            };
            if let Err(thrown) = outcome {
                logger::warning(&format!("a '{event}' listener threw: {thrown:?}"));
            }
        }
    }
}
