//! `AzureCommunicationTokenCredential` and `createDevToken` (SPEC 5a).

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, JsResult};
use super::error::invalid;
use super::values::set;
use crate::core::token::DevToken;
use crate::core::{Error, Identifier, Role};

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
        let expires = read_token(&self.token, 0).map_or(0, |t| t.expires_on());
        set(&access, "expiresOnTimestamp", expires as f64);
        Promise::resolve(&JsValue::from(access))
    }

    pub fn dispose(&self) {}
}

/// Reads a token with the browser's JSON parser (keeping serde_json out of the wasm).
pub(crate) fn read_token(token: &str, now: u64) -> Result<DevToken, Error> {
    let payload = DevToken::payload(token)?;
    let text = String::from_utf8(payload)
        .map_err(|_| DevToken::not_a_dev_token("the payload is not UTF-8"))?;
    let claims = js_sys::JSON::parse(&text)
        .map_err(|_| DevToken::not_a_dev_token("the payload is not JSON"))?;
    if !claims.is_object() {
        return Err(DevToken::not_a_dev_token("the payload is not an object"));
    }
    let user_id = args::field(&claims, "skypeid")
        .as_string()
        .ok_or_else(|| DevToken::not_a_dev_token("no skypeid"))?;
    let display_name = args::field(&claims, "displayName").as_string();
    let role = match args::field(&claims, "role").as_string() {
        None => Role::Attendee,
        Some(name) => {
            Role::from_name(&name).ok_or_else(|| DevToken::not_a_dev_token("unknown role"))?
        }
    };
    let exp = args::field(&claims, "exp")
        .as_f64()
        .filter(|e| e.fract() == 0.0 && *e >= 0.0)
        .ok_or_else(|| DevToken::not_a_dev_token("no exp"))? as u64;
    DevToken {
        user_id,
        display_name,
        role,
        exp,
    }
    .validate(now)
}

/// `createDevToken({ userId, displayName, role, expiresInSeconds })`: a token for a
/// meeting without a cloud. `role` is `'organizer' | 'coOrganizer' |
/// 'breakoutRoomManager' | 'attendee'` (default attendee); it expires in a day unless told.
#[wasm_bindgen(js_name = createDevToken, skip_typescript)]
pub fn create_dev_token(options: JsValue) -> JsResult<String> {
    let options = args::options(&options, "options")?
        .ok_or_else(|| invalid("options", "expected { userId, displayName, role }"))?;
    args::only_keys(
        &options,
        "options",
        &["userId", "displayName", "role", "expiresInSeconds"],
    )?;
    let user_id = args::string(&args::field(&options, "userId"), "options.userId")?;
    if let Some(problem) = Identifier::communication_user(user_id.as_str()).problem() {
        return Err(invalid("options.userId", problem));
    }
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
        role.as_string()
            .as_deref()
            .and_then(Role::from_name)
            .ok_or_else(|| {
                invalid(
                    "options.role",
                    "expected 'organizer', 'coOrganizer', 'breakoutRoomManager' or 'attendee'",
                )
            })?
    };
    let lifetime = args::field(&options, "expiresInSeconds");
    let lifetime = if args::is_absent(&lifetime) {
        24 * 3600
    } else {
        args::whole(&lifetime, "options.expiresInSeconds")?
    };
    let claims = Object::new();
    set(&claims, "skypeid", user_id.as_str());
    if let Some(name) = &display_name {
        set(&claims, "displayName", name.as_str());
    }
    set(&claims, "role", role.name());
    set(&claims, "exp", (super::now() / 1000 + lifetime) as f64);
    let json: String = js_sys::JSON::stringify(&claims)
        .map(String::from)
        .map_err(|_| invalid("options", "could not be written as JSON"))?;
    Ok(DevToken::from_payload(json.as_bytes()))
}
