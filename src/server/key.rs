//! Which meeting a socket joins: the key the JavaScript makes of a call locator
//! (`js/client.js` `readLocator`): `meetingLink:<link>`, `meetingId:<id>`, `roomId:<id>` or
//! `groupId:<id>`. A `groupId` is a group call, which has no breakout rooms.

use std::fmt;

use crate::core::error::Error;
use crate::core::protocol::MeetingKind;

/// Longest key accepted: a meeting link is a URL, and URLs past this are not links people share.
pub const MAX_KEY_LEN: usize = 1024;

const KINDS: [&str; 4] = ["meetingLink", "meetingId", "roomId", "groupId"];

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingKey(String);

impl MeetingKey {
    pub fn parse(key: &str) -> Result<MeetingKey, Error> {
        let bad = |reason: &str| Error::InvalidArgument {
            field: "key".into(),
            reason: reason.into(),
        };
        if key.len() > MAX_KEY_LEN {
            return Err(bad("longer than 1024 bytes"));
        }
        let Some((kind, name)) = key.split_once(':') else {
            return Err(bad(
                "expected meetingLink:<link>, meetingId:<id>, roomId:<id> or groupId:<id>",
            ));
        };
        if !KINDS.contains(&kind) {
            return Err(bad(
                "expected a meetingLink:, meetingId:, roomId: or groupId: prefix",
            ));
        }
        if name.trim().is_empty() {
            return Err(bad("the meeting name after the prefix is empty"));
        }
        if name.chars().any(char::is_control) {
            return Err(bad("control characters are not allowed"));
        }
        Ok(MeetingKey(key.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn kind(&self) -> MeetingKind {
        if self.0.starts_with("groupId:") {
            MeetingKind::GroupCall
        } else {
            MeetingKind::Meeting
        }
    }

    /// What a token's `mtg` claim names: the part after the first ':'.
    pub fn name(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, name)| name)
    }
}

impl fmt::Display for MeetingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_kind_and_meeting() {
        let key = MeetingKey::parse("meetingLink:https://example.test/m/a:b").unwrap();
        assert_eq!(key.kind(), MeetingKind::Meeting);
        assert_eq!(key.name(), "https://example.test/m/a:b");
        let group = MeetingKey::parse("groupId:g1").unwrap();
        assert_eq!(group.kind(), MeetingKind::GroupCall);
        for bad in [
            "",
            "standup",
            "chat:x",
            "meetingId:",
            "meetingId:  ",
            "roomId:a\nb",
        ] {
            let error = MeetingKey::parse(bad).unwrap_err();
            assert_eq!(error.sub_code(), 46908, "{bad:?}");
        }
        assert!(MeetingKey::parse(&format!("meetingId:{}", "x".repeat(MAX_KEY_LEN))).is_err());
    }
}
