//! Who a socket is: HS256 JWTs signed by the app's backend (SPEC 10), or, only on a server
//! started with `--dev`, the unsigned dev tokens of `createDevToken`.
//!
//! Claims: `sub` (the user id: it becomes `{ communicationUserId: sub }`), `name` (display
//! name; `sub` if absent), `role` (`organizer`, `coOrganizer`, `breakoutRoomManager` or
//! `attendee`; `attendee` if absent), optional `mtg` (the only meeting the token admits to:
//! the part of the meeting key after its first ':'), and `exp` (seconds since the epoch).
//! Every refusal is 401/46914 with a reason that says which check failed.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::key::MeetingKey;
use crate::core::error::Error;
use crate::core::identity::{Identifier, Role};
use crate::core::token::DevToken;

/// The environment variable the secret may come from (the other way is `--secret-file`).
pub const SECRET_ENV: &str = "BREAKOUT_ROOMS_SECRET";

/// HS256 wants a key at least as long as its hash (RFC 7518 3.2): 256 bits.
pub const MIN_SECRET_BYTES: usize = 32;

/// Longest token read; an app's tokens are a few hundred bytes.
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// Clock skew tolerated between the app's backend and this server.
const LEEWAY_SECONDS: u64 = 5;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "attendee")]
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtg: Option<String>,
    pub exp: u64,
}

fn attendee() -> Role {
    Role::Attendee
}

/// What a checked token says about the person on a socket: the server's word, not theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub participant: Identifier,
    pub display_name: String,
    pub role: Role,
}

/// The shared secret, read from a file or the environment and never from argv.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Result<Secret, String> {
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the secret is {} bytes; HS256 needs at least {MIN_SECRET_BYTES} (e.g. `openssl rand -hex 32`)",
                bytes.len()
            ));
        }
        Ok(Secret(bytes))
    }

    /// From `--secret-file` if given, else `$BREAKOUT_ROOMS_SECRET`, else none. Surrounding
    /// whitespace (a file's final newline) is not part of the secret.
    pub fn load(file: Option<&Path>) -> Result<Option<Secret>, String> {
        let text = match file {
            Some(path) => std::fs::read(path)
                .map_err(|e| format!("cannot read the secret file {}: {e}", path.display()))?,
            None => match std::env::var_os(SECRET_ENV) {
                Some(value) => value.into_encoded_bytes(),
                None => return Ok(None),
            },
        };
        let trimmed = text.trim_ascii().to_vec();
        Secret::new(trimmed).map(Some)
    }
}

/// Mints an HS256 token for `claims` (the `token` subcommand, tests, the load generator).
pub fn mint(secret: &Secret, claims: &Claims) -> Result<String, String> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(&secret.0),
    )
    .map_err(|e| e.to_string())
}

/// Checks the tokens of joins.
pub struct Verifier {
    key: Option<DecodingKey>,
    validation: Validation,
    dev: bool,
}

impl Verifier {
    /// `secret` checks signed tokens; `dev` admits unsigned dev tokens too.
    pub fn new(secret: Option<&Secret>, dev: bool) -> Verifier {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Verifier {
            key: secret.map(|s| DecodingKey::from_secret(&s.0)),
            validation,
            dev,
        }
    }

    /// The identity a join's token proves for `meeting`, at `now` (ms since the epoch).
    pub fn verify(
        &self,
        token: Option<&str>,
        meeting: &MeetingKey,
        now: u64,
    ) -> Result<Identity, Error> {
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| invalid("missing: this server admits a join only with a token"))?;
        if token.len() > MAX_TOKEN_LEN {
            return Err(invalid("longer than 8 KB"));
        }
        match algorithm(token)?.as_str() {
            "HS256" => self.verify_signed(token, meeting),
            "none" if self.dev => {
                let dev = DevToken::decode(token, now)?;
                Ok(Identity {
                    participant: dev.identifier(),
                    display_name: dev.display_name.clone().unwrap_or(dev.user_id),
                    role: dev.role,
                })
            }
            "none" => Err(invalid(
                "unsigned dev tokens are refused: this server was not started with --dev",
            )),
            other => Err(invalid(&format!(
                "algorithm {other} is not accepted; tokens are signed with HS256"
            ))),
        }
    }

    fn verify_signed(&self, token: &str, meeting: &MeetingKey) -> Result<Identity, Error> {
        let key = self.key.as_ref().ok_or_else(|| {
            invalid("this server has no secret to check signed tokens with (it runs --dev only)")
        })?;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
            .map_err(|e| {
                use jsonwebtoken::errors::ErrorKind;
                invalid(match e.kind() {
                    ErrorKind::InvalidSignature => "the signature does not match",
                    ErrorKind::ExpiredSignature => "it has expired",
                    ErrorKind::MissingRequiredClaim(_) => "a required claim (sub, exp) is missing",
                    ErrorKind::ImmatureSignature => "it is not valid yet",
                    _ => "it could not be read as a signed token with sub, role and exp",
                })
            })?
            .claims;
        if let Some(mtg) = &claims.mtg {
            if mtg != meeting.name() {
                return Err(invalid(&format!(
                    "it admits to meeting '{mtg}' only, not '{}'",
                    meeting.name()
                )));
            }
        }
        let participant = Identifier::communication_user(claims.sub.clone());
        if let Some(problem) = participant.problem() {
            return Err(invalid(&format!("the sub claim {problem}")));
        }
        Ok(Identity {
            participant,
            display_name: claims.name.unwrap_or(claims.sub),
            role: claims.role,
        })
    }
}

/// The `alg` of a JWT's header, read by hand: the JWT crate rightly knows no `none`.
fn algorithm(token: &str) -> Result<String, Error> {
    let header = token
        .split('.')
        .next()
        .ok_or_else(|| invalid("expected a JWT"))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .map_err(|_| invalid("expected a JWT: the header is not base64url"))?;
    #[derive(Deserialize)]
    struct Head {
        alg: String,
    }
    serde_json::from_slice::<Head>(&bytes)
        .map(|h| h.alg)
        .map_err(|_| invalid("expected a JWT: the header has no alg"))
}

fn invalid(reason: &str) -> Error {
    Error::InvalidToken {
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()
    }

    fn now_s() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    fn claims() -> Claims {
        Claims {
            sub: "alice".into(),
            name: Some("Alice".into()),
            role: Role::Organizer,
            mtg: Some("standup".into()),
            exp: now_s() + 3600,
        }
    }

    fn key(k: &str) -> MeetingKey {
        MeetingKey::parse(k).unwrap()
    }

    #[test]
    fn a_minted_token_admits_to_its_meeting_only() {
        let verifier = Verifier::new(Some(&secret()), false);
        let token = mint(&secret(), &claims()).unwrap();
        let now = now_s() * 1000;
        let identity = verifier
            .verify(Some(&token), &key("meetingId:standup"), now)
            .unwrap();
        assert_eq!(
            identity.participant,
            Identifier::communication_user("alice")
        );
        assert_eq!(
            (identity.display_name.as_str(), identity.role),
            ("Alice", Role::Organizer)
        );
        let error = verifier
            .verify(Some(&token), &key("meetingId:retro"), now)
            .unwrap_err();
        assert!(error.to_string().contains("'standup' only"), "{error}");
    }

    #[test]
    fn every_bad_token_is_401_46914_and_says_why() {
        let verifier = Verifier::new(Some(&secret()), false);
        let other = Secret::new(vec![b'x'; 32]).unwrap();
        let forged = mint(&other, &claims()).unwrap();
        let expired = mint(
            &secret(),
            &Claims {
                exp: now_s() - 120,
                ..claims()
            },
        )
        .unwrap();
        let dev = DevToken {
            user_id: "mallory".into(),
            display_name: None,
            role: Role::Organizer,
            exp: now_s() + 60,
        }
        .encode()
        .unwrap();
        let hs384 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS384),
            &claims(),
            &EncodingKey::from_secret(&secret().0),
        )
        .unwrap();
        let cases = [
            (None, "missing"),
            (Some(""), "missing"),
            (Some("garbage"), "JWT"),
            (Some(forged.as_str()), "signature"),
            (Some(expired.as_str()), "expired"),
            (Some(dev.as_str()), "--dev"),
            (Some(hs384.as_str()), "HS384"),
        ];
        let now = now_s() * 1000;
        for (token, why) in cases {
            let error = verifier
                .verify(token, &key("meetingId:standup"), now)
                .unwrap_err();
            assert_eq!((error.code(), error.sub_code()), (401, 46914));
            assert!(error.to_string().contains(why), "{token:?}: {error}");
        }
        let dev_server = Verifier::new(None, true);
        let mallory = dev_server
            .verify(Some(&dev), &key("meetingId:standup"), now)
            .unwrap();
        assert_eq!(mallory.display_name, "mallory");
        let signed = mint(&secret(), &claims()).unwrap();
        assert!(dev_server
            .verify(Some(&signed), &key("meetingId:standup"), now)
            .is_err());
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(Secret::new(b"short".to_vec()).is_err());
    }
}
