//! `CallClient` and `CallAgent`: who the user is, and joining meetings by locator.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::args::{self, JsResult};
use super::credential::read_token;
use super::error::{invalid, to_js};
use super::listeners::Listeners;
use super::meeting::Meeting;
use super::person::Person;
use super::values::{self, set};
use super::{logger, now};
use crate::core::token::DevToken;
use crate::core::{ClientConfig, Error, MeetingKind};

#[wasm_bindgen(skip_typescript)]
pub struct CallClient {}

#[wasm_bindgen]
impl CallClient {
    /// `new CallClient()` uses the in-page host. Other hosts (BroadcastChannel, WebSocket)
    /// are not built yet, so `transport` may only be `'inPage'`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> JsResult<CallClient> {
        if let Some(options) = args::options(&options, "options")? {
            let transport = args::field(&options, "transport");
            if !args::is_absent(&transport) && transport.as_string().as_deref() != Some("inPage") {
                return Err(invalid(
                    "options.transport",
                    "only 'inPage' is available in this version",
                ));
            }
        }
        Ok(CallClient {})
    }

    /// Reads the credential's token, then resolves with an agent for that user.
    #[wasm_bindgen(js_name = createCallAgent)]
    pub fn create_call_agent(&self, credential: JsValue, options: JsValue) -> Promise {
        future_to_promise(async move {
            let get_token =
                args::function(&args::field(&credential, "getToken"), "credential.getToken")?;
            let options = args::options(&options, "options")?;
            let display_name = match options.as_ref().map(|o| args::field(o, "displayName")) {
                Some(v) if !args::is_absent(&v) => Some(args::string(&v, "options.displayName")?),
                _ => None,
            };
            let access = get_token.call0(&credential)?;
            let access = JsFuture::from(Promise::resolve(&access)).await?;
            let token = args::string(
                &args::field(&access, "token"),
                "credential.getToken().token",
            )?;
            let token = read_token(&token, now()).map_err(|e| to_js(&e))?;
            let display_name = display_name
                .or_else(|| token.display_name.clone())
                .unwrap_or_else(|| token.user_id.clone());
            logger::info(&format!("call agent for {}", token.user_id));
            let state = Rc::new(AgentState {
                token,
                display_name,
                people: RefCell::new(Vec::new()),
                connected: Cell::new(true),
                connection_state_changed: Listeners::default(),
                calls_updated: Listeners::default(),
                expiry: RefCell::new(None),
            });
            AgentState::arm_expiry(&state);
            Ok(CallAgent { state }.into())
        })
    }

    /// This engine carries no media, so the device manager lists no devices.
    #[wasm_bindgen(js_name = getDeviceManager)]
    pub fn get_device_manager(&self) -> Promise {
        Promise::resolve(&JsValue::from(DeviceManager {}))
    }
}

/// The SDK's `DeviceManager` with no devices: meetings here carry no audio or video.
#[wasm_bindgen(skip_typescript)]
pub struct DeviceManager {}

#[wasm_bindgen]
impl DeviceManager {
    #[wasm_bindgen(js_name = getCameras)]
    pub fn get_cameras(&self) -> Promise {
        Promise::resolve(&JsValue::from(Array::new()))
    }

    #[wasm_bindgen(js_name = getMicrophones)]
    pub fn get_microphones(&self) -> Promise {
        Promise::resolve(&JsValue::from(Array::new()))
    }

    #[wasm_bindgen(js_name = getSpeakers)]
    pub fn get_speakers(&self) -> Promise {
        Promise::resolve(&JsValue::from(Array::new()))
    }

    #[wasm_bindgen(getter, js_name = isSpeakerSelectionAvailable)]
    pub fn is_speaker_selection_available(&self) -> bool {
        false
    }

    #[wasm_bindgen(js_name = askDevicePermission)]
    pub fn ask_device_permission(&self, _constraints: JsValue) -> Promise {
        let access = Object::new();
        set(&access, "audio", false);
        set(&access, "video", false);
        Promise::resolve(&JsValue::from(access))
    }
}

pub(crate) struct AgentState {
    token: DevToken,
    display_name: String,
    people: RefCell<Vec<Rc<Person>>>,
    connected: Cell<bool>,
    connection_state_changed: Listeners,
    calls_updated: Listeners,
    /// Fires when the token expires: the agent then disconnects with `'invalidToken'`.
    expiry: RefCell<Option<Timeout>>,
}

impl AgentState {
    fn arm_expiry(state: &Rc<AgentState>) {
        // setTimeout takes at most 2^31-1 ms; a later expiry re-arms when that fires.
        let delay = state
            .token
            .expires_on()
            .saturating_sub(now())
            .min(i32::MAX as u64) as u32;
        let agent = Rc::downgrade(state);
        let timer = Timeout::new(delay, move || {
            let Some(agent) = agent.upgrade() else { return };
            if now() < agent.token.expires_on() {
                AgentState::arm_expiry(&agent);
            } else {
                agent.disconnect(Some("invalidToken"));
            }
        });
        *state.expiry.borrow_mut() = Some(timer);
    }

    /// Hangs up every call and reports the agent disconnected (once).
    fn disconnect(&self, reason: Option<&str>) {
        self.expiry.borrow_mut().take();
        let people: Vec<Rc<Person>> = self.people.borrow_mut().drain(..).collect();
        for person in &people {
            if let Some(main) = person.read(|c| c.main_call().id.clone()) {
                let _ = person.write(|c| c.hang_up(&main));
            }
        }
        if self.connected.replace(false) {
            let event = Object::new();
            set(&event, "oldState", "Connected");
            set(&event, "newState", "Disconnected");
            if let Some(reason) = reason {
                set(&event, "reason", reason);
            }
            self.connection_state_changed
                .emit("connectionStateChanged", Some(&event.into()));
        }
    }

    pub fn calls_updated(&self, added: Array, removed: Array) {
        let event = values::added_removed(added, removed);
        self.calls_updated.emit("callsUpdated", Some(&event));
    }
}

#[wasm_bindgen(skip_typescript)]
pub struct CallAgent {
    state: Rc<AgentState>,
}

/// A locator's meeting key and kind: `{ meetingLink }`, `{ meetingId }` or `{ groupId }`.
fn locator(value: &JsValue) -> JsResult<(String, MeetingKind)> {
    let options = args::options(value, "locator")?.ok_or_else(|| {
        invalid(
            "locator",
            "expected { meetingLink }, { meetingId } or { groupId }",
        )
    })?;
    let mut found = Vec::new();
    for (key, kind) in [
        ("meetingLink", MeetingKind::Meeting),
        ("meetingId", MeetingKind::Meeting),
        ("groupId", MeetingKind::GroupCall),
    ] {
        let v = args::field(&options, key);
        if !args::is_absent(&v) {
            let name = args::string(&v, &format!("locator.{key}"))?;
            if name.trim().is_empty() {
                return Err(invalid(&format!("locator.{key}"), "must not be empty"));
            }
            found.push((format!("{key}:{name}"), kind));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(invalid(
            "locator",
            "expected one of meetingLink, meetingId or groupId",
        )),
        _ => Err(invalid(
            "locator",
            "give only one of meetingLink, meetingId or groupId",
        )),
    }
}

/// `options.meetingPolicy.breakoutRoomsEnabled`, default true.
fn breakout_rooms_enabled(options: &JsValue) -> JsResult<bool> {
    let Some(options) = args::options(options, "options")? else {
        return Ok(true);
    };
    let Some(policy) = args::options(
        &args::field(&options, "meetingPolicy"),
        "options.meetingPolicy",
    )?
    else {
        return Ok(true);
    };
    args::only_keys(&policy, "options.meetingPolicy", &["breakoutRoomsEnabled"])?;
    let enabled = args::field(&policy, "breakoutRoomsEnabled");
    if args::is_absent(&enabled) {
        Ok(true)
    } else {
        args::boolean(&enabled, "options.meetingPolicy.breakoutRoomsEnabled")
    }
}

#[wasm_bindgen]
impl CallAgent {
    /// Joins the meeting the locator names; the call starts `Connecting`. The first
    /// joiner of an in-page meeting may set its policy:
    /// `join(locator, { meetingPolicy: { breakoutRoomsEnabled: false } })`.
    pub fn join(&self, locator_value: JsValue, options: JsValue) -> JsResult<JsValue> {
        if !self.state.connected.get() {
            return Err(to_js(&Error::NotConnected));
        }
        let (key, kind) = locator(&locator_value)?;
        let enabled = breakout_rooms_enabled(&options)?;
        let meeting = Meeting::for_locator(&key, kind, enabled);
        let token = &self.state.token;
        let peer = meeting
            .admit(ClientConfig {
                identifier: token.identifier(),
                display_name: self.state.display_name.clone(),
                role: token.role,
                kind,
                seed: (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64,
            })
            .map_err(|e| to_js(&e))?;
        let person = Person::new(meeting.clone(), peer, Rc::downgrade(&self.state));
        meeting.schedule();
        self.state.people.borrow_mut().push(person.clone());
        let call = person
            .main_call()
            .ok_or_else(|| to_js(&Error::NotConnected))?;
        self.state.calls_updated(Array::of1(&call), Array::new());
        Ok(call)
    }

    /// Every call of this agent that is not over: main meeting calls and breakout calls.
    #[wasm_bindgen(getter)]
    pub fn calls(&self) -> Array {
        self.state
            .people
            .borrow()
            .iter()
            .flat_map(|p| p.live_calls())
            .collect()
    }

    #[wasm_bindgen(getter, js_name = displayName)]
    pub fn display_name(&self) -> String {
        self.state.display_name.clone()
    }

    #[wasm_bindgen(getter, js_name = connectionState)]
    pub fn connection_state(&self) -> String {
        if self.state.connected.get() {
            "Connected"
        } else {
            "Disconnected"
        }
        .into()
    }

    /// `'connectionStateChanged'` or `'callsUpdated'`.
    pub fn on(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        let listener = args::function(&listener, "listener")?;
        self.listeners(&event)?.add(listener);
        Ok(())
    }

    pub fn off(&self, event: JsValue, listener: JsValue) -> JsResult<()> {
        let listener = args::function(&listener, "listener")?;
        self.listeners(&event)?.remove(&listener);
        Ok(())
    }

    /// Hangs up every call and disconnects the agent.
    pub fn dispose(&self) -> Promise {
        self.state.disconnect(None);
        Promise::resolve(&JsValue::UNDEFINED)
    }
}

impl CallAgent {
    fn listeners(&self, event: &JsValue) -> JsResult<&Listeners> {
        match event.as_string().as_deref() {
            Some("connectionStateChanged") => Ok(&self.state.connection_state_changed),
            Some("callsUpdated") => Ok(&self.state.calls_updated),
            _ => Err(invalid(
                "event",
                format!(
                    "expected 'connectionStateChanged' or 'callsUpdated', got {}",
                    super::args::describe(event)
                ),
            )),
        }
    }
}
