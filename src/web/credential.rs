//! `AzureCommunicationTokenCredential` and `createDevToken` (SPEC 5a).

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, JsResult};
use super::error::to_js;
use super::values::set;
use crate::core::token::DevToken;
use crate::core::Role;

/// A credential holding one token, with the SDK's `getToken()` shape.
#[wasm_bindgen(skip_typescript)]
pub struct AzureCommunicationTokenCredential {
    token: String,
}

#[wasm_bindgen]
impl AzureCommunicationTokenCredential {
    /// `new AzureCommunicationTokenCredential(token)` or `({ token })`.
    #[wasm_bindgen(constructor)]
    pub fn new(token: JsValue) -> JsResult<AzureCommunicationTokenCredential> {
        let token = if token.is_object() {
            args::string(&args::field(&token, "token"), "options.token")?
        } else {
            args::string(&token, "token")?
        };
        Ok(AzureCommunicationTokenCredential { token })
    }

    /// Resolves with `{ token, expiresOnTimestamp }`.
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&self, _options: JsValue) -> Promise {
        let access = Object::new();
        set(&access, "token", self.token.as_str());
        // A token we cannot read has no known expiry; createCallAgent reports why.
        let expires = DevToken::decode(&self.token, 0).map_or(0, |t| t.expires_on());
        set(&access, "expiresOnTimestamp", expires as f64);
        Promise::resolve(&JsValue::from(access))
    }

    pub fn dispose(&self) {}
}

/// `createDevToken({ userId, displayName, role, expiresInSeconds })`: a token for a
/// meeting without a cloud. `role` is `'organizer' | 'coOrganizer' |
/// 'breakoutRoomManager' | 'attendee'` (default attendee); it expires in a day unless told.
#[wasm_bindgen(js_name = createDevToken, skip_typescript)]
pub fn create_dev_token(options: JsValue) -> JsResult<String> {
    let options = args::options(&options, "options")?.ok_or_else(|| {
        super::error::invalid("options", "expected { userId, displayName, role }")
    })?;
    args::only_keys(
        &options,
        "options",
        &["userId", "displayName", "role", "expiresInSeconds"],
    )?;
    let user_id = args::string(&args::field(&options, "userId"), "options.userId")?;
    let display_name = args::field(&options, "displayName");
    let display_name = if args::is_absent(&display_name) {
        None
    } else {
        Some(args::string(&display_name, "options.displayName")?)
    };
    let role = args::field(&options, "role");
    let role = if args::is_absent(&role) {
        Role::Attendee
    } else {
        serde_wasm_bindgen::from_value(role.clone()).map_err(|_| {
            super::error::invalid(
                "options.role",
                format!(
                    "expected 'organizer', 'coOrganizer', 'breakoutRoomManager' or 'attendee', got {role:?}"
                ),
            )
        })?
    };
    let lifetime = args::field(&options, "expiresInSeconds");
    let lifetime = if args::is_absent(&lifetime) {
        24 * 3600
    } else {
        args::whole(&lifetime, "options.expiresInSeconds")?
    };
    let token = DevToken {
        user_id,
        display_name,
        role,
        exp: super::now() / 1000 + lifetime,
    };
    if let Some(problem) = token.identifier().problem() {
        return Err(super::error::invalid("options.userId", problem));
    }
    token.encode().map_err(|e| to_js(&e))
}
