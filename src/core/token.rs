//! Development tokens: JWT-shaped so that `@azure/communication-common`'s credential accepts
//! them, unsigned because no cloud checks them. A token names the user, their display name
//! and their role in the meeting.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::error::Error;
use super::identity::{Identifier, Role};

/// `{"alg":"none","typ":"JWT"}`
const HEADER: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";

/// Longest token accepted; real ACS tokens are under 2 KB.
const MAX_TOKEN_LEN: usize = 8 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevToken {
    /// The user id: it becomes the participant's `communicationUserId`.
    #[serde(rename = "skypeid")]
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default = "attendee")]
    pub role: Role,
    /// Expiry in seconds since the Unix epoch, as JWTs have it.
    pub exp: u64,
}

fn attendee() -> Role {
    Role::Attendee
}

impl DevToken {
    pub fn identifier(&self) -> Identifier {
        Identifier::communication_user(self.user_id.clone())
    }

    /// Expiry in ms since the Unix epoch.
    pub fn expires_on(&self) -> u64 {
        self.exp.saturating_mul(1000)
    }

    pub fn encode(&self) -> Result<String, Error> {
        let payload = serde_json::to_vec(self).map_err(|e| invalid(e.to_string()))?;
        Ok(Self::from_payload(&payload))
    }

    /// Reads a token and checks it has not expired at `now` (ms since the epoch).
    pub fn decode(token: &str, now: u64) -> Result<DevToken, Error> {
        let json = Self::payload(token)?;
        let token: DevToken = serde_json::from_slice(&json)
            .map_err(|e| invalid(format!("the payload is not a dev token: {e}")))?;
        token.validate(now)
    }

    /// A token around a JSON payload. (Hosts with their own JSON parser, such as a
    /// browser's, use this and [`DevToken::payload`] and skip serde_json.)
    pub fn from_payload(json: &[u8]) -> String {
        format!("{HEADER}.{}.", URL_SAFE_NO_PAD.encode(json))
    }

    /// The JSON payload of a JWT-shaped token.
    pub fn payload(token: &str) -> Result<Vec<u8>, Error> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(invalid("the token is longer than 8 KB".into()));
        }
        let mut parts = token.trim().split('.');
        let (Some(_header), Some(payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid(
                "expected a JWT: three dot-separated base64url parts".into(),
            ));
        };
        URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|e| invalid(format!("the payload is not base64url: {e}")))
    }

    /// Checks a token read from a payload: a usable user id, not expired at `now`.
    pub fn validate(self, now: u64) -> Result<DevToken, Error> {
        if let Some(problem) = self.identifier().problem() {
            return Err(invalid(format!("the user id {problem}")));
        }
        if self.expires_on() <= now {
            return Err(invalid(format!(
                "it expired at {} (now is {now})",
                self.expires_on()
            )));
        }
        Ok(self)
    }

    /// An error for a payload that is not a dev token, naming what is wrong.
    pub fn not_a_dev_token(reason: &str) -> Error {
        invalid(format!("the payload is not a dev token: {reason}"))
    }
}

fn invalid(reason: String) -> Error {
    Error::InvalidToken { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000_000;

    fn alice() -> DevToken {
        DevToken {
            user_id: "alice".into(),
            display_name: Some("Alice".into()),
            role: Role::Organizer,
            exp: NOW / 1000 + 3600,
        }
    }

    #[test]
    fn a_token_round_trips() {
        let text = alice().encode().unwrap();
        assert!(text.starts_with(HEADER));
        assert_eq!(DevToken::decode(&text, NOW), Ok(alice()));
    }

    #[test]
    fn bad_tokens_are_errors_that_say_why() {
        let expired = DevToken {
            exp: NOW / 1000 - 1,
            ..alice()
        }
        .encode()
        .unwrap();
        let no_user = DevToken {
            user_id: " ".into(),
            ..alice()
        }
        .encode()
        .unwrap();
        let cases = [
            ("", "three dot-separated"),
            ("a.b", "three dot-separated"),
            ("a.b.c.d", "three dot-separated"),
            ("a.!!!.c", "not base64url"),
            ("a.e30.c", "not a dev token"), // {}
            (expired.as_str(), "expired"),
            (no_user.as_str(), "must not be empty"),
        ];
        for (token, why) in cases {
            let err = DevToken::decode(token, NOW).unwrap_err();
            assert_eq!((err.code(), err.sub_code()), (401, 46914));
            assert!(err.to_string().contains(why), "{token:?}: {err}");
        }
        let long = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(DevToken::decode(&long, NOW).is_err());
    }

    #[test]
    fn the_role_defaults_to_attendee() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"skypeid":"bob","exp":9999999999}"#);
        let token = DevToken::decode(&format!("{HEADER}.{payload}."), NOW).unwrap();
        assert_eq!(token.role, Role::Attendee);
        assert_eq!(token.display_name, None);
    }
}
