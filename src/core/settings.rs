//! Settings shared by every breakout room of a meeting.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub disable_return_to_main_meeting: bool,
    /// When every room closes, in ms since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_end_time: Option<u64>,
    pub auto_move_participant_to_breakout_room: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            disable_return_to_main_meeting: false,
            room_end_time: None,
            auto_move_participant_to_breakout_room: true,
        }
    }
}

/// A partial update: absent fields stay as they are; `roomEndTime: null` clears the end time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_return_to_main_meeting: Option<bool>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_end_time: Option<Option<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_move_participant_to_breakout_room: Option<bool>,
}

/// Tells a field that is present but `null` (`Some(None)`) from one that is absent (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u64>>, D::Error> {
    Option::<u64>::deserialize(d).map(Some)
}

impl Settings {
    /// The settings after `patch`, or `None` when the patch changes nothing.
    pub fn patched(&self, patch: &SettingsPatch) -> Option<Settings> {
        let next = Settings {
            disable_return_to_main_meeting: patch
                .disable_return_to_main_meeting
                .unwrap_or(self.disable_return_to_main_meeting),
            room_end_time: patch.room_end_time.unwrap_or(self.room_end_time),
            auto_move_participant_to_breakout_room: patch
                .auto_move_participant_to_breakout_room
                .unwrap_or(self.auto_move_participant_to_breakout_room),
        };
        (next != *self).then_some(next)
    }
}
