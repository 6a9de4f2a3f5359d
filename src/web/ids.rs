//! Identifiers from the JavaScript, as tagged strings: `c:<communicationUserId>`,
//! `t:<microsoftTeamsUserId>`, `a:<anonymous Teams user id>`, `p:<phoneNumber>`, `u:<id>`.
//! A string per identifier crosses the boundary as cheaply as anything can, and reading it
//! needs no decoder.

use wasm_bindgen::JsValue;

use super::boundary::error;
use crate::core::{Error, Identifier};

pub(crate) fn identifier(tagged: &str) -> Result<Identifier, JsValue> {
    let (tag, id) = tagged.split_at(tagged.find(':').map_or(0, |i| i + 1));
    let id = id.to_owned();
    let parsed = match tag {
        "c:" => Identifier::CommunicationUser {
            communication_user_id: id,
        },
        "t:" | "a:" => Identifier::MicrosoftTeamsUser {
            microsoft_teams_user_id: id,
            is_anonymous: tag == "a:",
        },
        "p:" => Identifier::PhoneNumber { phone_number: id },
        "u:" => Identifier::Unknown { id },
        _ => {
            return Err(error(&Error::invalid(
                "identifier",
                "expected a tagged identifier such as 'c:alice'",
            )))
        }
    };
    Ok(parsed)
}

pub(crate) fn identifiers(tagged: &[String]) -> Result<Vec<Identifier>, JsValue> {
    tagged.iter().map(|t| identifier(t)).collect()
}
