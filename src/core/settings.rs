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
    /// How long before the room end time the people inside are warned (SPEC 11); 0: no warning.
    #[serde(default = "default_warning")]
    pub closing_warning_seconds: u32,
    /// When set, opening rooms sets the end time this far ahead, and closing them clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_duration_seconds: Option<u32>,
}

/// Teams warns 60 seconds before its rooms close.
pub const DEFAULT_CLOSING_WARNING_SECONDS: u32 = 60;

fn default_warning() -> u32 {
    DEFAULT_CLOSING_WARNING_SECONDS
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            disable_return_to_main_meeting: false,
            room_end_time: None,
            auto_move_participant_to_breakout_room: true,
            closing_warning_seconds: DEFAULT_CLOSING_WARNING_SECONDS,
            room_duration_seconds: None,
        }
    }
}

/// A partial update: absent fields stay as they are; `roomEndTime: null` clears the end time
/// and `roomDurationSeconds: null` the duration.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_warning_seconds: Option<u32>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_duration_seconds: Option<Option<u32>>,
}

/// Tells a field that is present but `null` (`Some(None)`) from one that is absent (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
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
            closing_warning_seconds: patch
                .closing_warning_seconds
                .unwrap_or(self.closing_warning_seconds),
            room_duration_seconds: patch
                .room_duration_seconds
                .unwrap_or(self.room_duration_seconds),
        };
        (next != *self).then_some(next)
    }
}
