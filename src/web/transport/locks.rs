//! Web Locks (`navigator.locks`), which elect the tab that hosts a meeting and tell the host
//! when a tab is gone. web-sys has them only behind `--cfg=web_sys_unstable_apis`, so the
//! one call used is bound here.

use futures::channel::oneshot;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[derive(Clone)]
    type LockManager;

    #[wasm_bindgen(thread_local_v2, js_namespace = navigator, js_name = locks)]
    static LOCKS: Option<LockManager>;

    #[wasm_bindgen(method, catch)]
    fn request(this: &LockManager, name: &str, callback: &Function) -> Result<Promise, JsValue>;
}

/// A lock requested and, once granted, held until this is dropped.
pub(crate) struct HeldLock {
    _release: oneshot::Sender<()>,
    _granted: Closure<dyn FnMut(JsValue) -> Promise>,
}

/// Requests the exclusive lock `name`; `on_granted` runs when it is granted (at once, or
/// when its holder lets go or dies). It is held until the returned value is dropped.
pub(crate) fn hold(
    name: &str,
    mut on_granted: impl FnMut() + 'static,
) -> Result<HeldLock, JsValue> {
    let (release, released) = oneshot::channel::<()>();
    let mut released = Some(released);
    let granted = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |_lock: JsValue| {
        on_granted();
        let released = released.take();
        // The lock is held until this promise settles: when `release` is dropped.
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(released) = released {
                let _ = released.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let _settled = request(name, granted.as_ref().unchecked_ref())?;
    Ok(HeldLock {
        _release: release,
        _granted: granted,
    })
}

/// Waits for the lock `name` without keeping it: `on_free` runs once whoever holds it (a
/// tab) lets go, which is how a host learns that tab is gone.
pub(crate) fn when_free(name: &str, on_free: impl FnOnce() + 'static) -> Result<(), JsValue> {
    let granted = Closure::once_into_js(move |_lock: JsValue| {
        on_free();
    });
    request(name, granted.unchecked_ref()).map(|_| ())
}

fn request(name: &str, callback: &Function) -> Result<Promise, JsValue> {
    let locks = LOCKS.with(Option::clone).ok_or_else(|| {
        JsValue::from_str(
            "this browser has no Web Locks (navigator.locks), which cross-tab meetings need",
        )
    })?;
    locks.request(name, callback)
}
