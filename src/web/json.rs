//! The engine's outputs as JSON text, written by a serde serializer of our own (serde_json
//! stays out of the wasm), for the JavaScript to `JSON.parse`.
//!
//! It writes what the outputs are made of: objects (structs and enum variants), arrays,
//! strings, booleans, whole numbers and `null`. Maps, bytes and fractional numbers are not
//! among them, so they are errors rather than code in the wasm.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// A value the writer does not write (see the module's comment).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value JSON output does not carry")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// `value` as JSON text.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    let mut out = String::new();
    value.serialize(Writer(&mut out))?;
    Ok(out)
}

struct Writer<'a>(&'a mut String);

fn string(out: &mut String, text: &str) {
    out.push('"');
    // Runs that need no escape are copied whole.
    let mut run = 0;
    for (at, b) in text.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.push_str(&text[run..at]);
            run = at + 1;
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
        }
    }
    out.push_str(&text[run..]);
    out.push('"');
}

fn whole(out: &mut String, negative: bool, mut n: u64) {
    if negative {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// An array or object being written: a comma goes before every item but the first.
pub(crate) struct Items<'a> {
    out: &'a mut String,
    first: bool,
    close: &'static str,
}

impl Items<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Unsupported> {
        self.comma();
        string(self.out, key);
        self.out.push(':');
        value.serialize(Writer(self.out))
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.comma();
        value.serialize(Writer(self.out))
    }

    fn finish(self) -> Result<(), Unsupported> {
        self.out.push_str(self.close);
        Ok(())
    }
}

impl<'a> Writer<'a> {
    fn open(self, open: &str, close: &'static str) -> Items<'a> {
        self.0.push_str(open);
        Items {
            out: self.0,
            first: true,
            close,
        }
    }

    /// `{"variant":` opened, to be closed by one more `}` after the value.
    fn variant(self, variant: &str, open: &str) -> Items<'a> {
        self.0.push('{');
        string(self.0, variant);
        self.0.push(':');
        self.open(open, if open == "[" { "]}" } else { "}}" })
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Items<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        whole(self.0, v < 0, v.unsigned_abs());
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        whole(self.0, false, v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(v.into())
    }

    /// Whole numbers only (the outputs' numbers are ids, counts and times).
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        if v.fract() != 0.0 || v.abs() > 9_007_199_254_740_991.0 {
            return Err(Unsupported);
        }
        whole(self.0, v < 0.0, v.abs() as u64);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        string(self.0, v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.0.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let mut items = self.open("{", "}");
        items.field(variant, value)?;
        items.finish()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Unsupported> {
        Ok(self.open("[", "]"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Items<'a>, Unsupported> {
        Ok(self.open("[", "]"))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Unsupported> {
        Ok(self.open("[", "]"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Unsupported> {
        Ok(self.variant(variant, "["))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Unsupported> {
        Ok(self.open("{", "}"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Unsupported> {
        Ok(self.variant(variant, "{"))
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    //! Built natively (lib.rs includes this file in test builds): what the writer makes must
    //! be what serde_json makes of the same values, or parse to the same strings.

    use proptest::prelude::*;
    use serde::Serialize;

    use super::to_string;
    use crate::core::room::{RoomState, RoomView};
    use crate::core::{Identifier, Member, Role, Settings, Violation};

    /// An output-shaped value: a tagged enum with optional fields, as web/output.rs's.
    #[derive(Serialize)]
    #[serde(
        tag = "type",
        rename_all = "camelCase",
        rename_all_fields = "camelCase"
    )]
    enum Shape<'a> {
        Rooms {
            peer: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            rooms: Option<&'a [RoomView]>,
            role: Role,
        },
        Done {
            op: u32,
            at: f64,
            delta: i64,
            members: Vec<Member>,
            violations: Vec<Violation>,
            settings: Settings,
            nothing: Option<u8>,
            unit: (),
            pair: (u8, &'a str),
        },
        Lost,
    }

    fn room(name: &str, invitees: Option<Vec<Identifier>>) -> RoomView {
        RoomView {
            thread_id: format!("19:{name}"),
            display_name: name.to_owned(),
            state: RoomState::Open,
            auto_move_participant_to_breakout_room: true,
            invitees,
        }
    }

    /// As `JSON.parse` reads it: every number a double (serde_json writes `1.0` for an f64).
    fn as_js(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Number(n) => Value::from(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.into_iter().map(as_js).collect()),
            Value::Object(fields) => {
                Value::Object(fields.into_iter().map(|(k, v)| (k, as_js(v))).collect())
            }
            other => other,
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let alice = Identifier::CommunicationUser {
            communication_user_id: "alice \"the\" \\ first".to_owned(),
        };
        let rooms = [
            room("Room 1", None),
            room("Raum ü 🙂", Some(vec![alice.clone()])),
        ];
        let values = [
            Shape::Rooms {
                peer: u64::MAX,
                rooms: Some(&rooms),
                role: Role::BreakoutRoomManager,
            },
            Shape::Rooms {
                peer: 0,
                rooms: None,
                role: Role::Attendee,
            },
            Shape::Done {
                op: 7,
                at: 1_767_225_600_000.0,
                delta: -42,
                members: vec![Member {
                    identifier: Identifier::MicrosoftTeamsUser {
                        microsoft_teams_user_id: "t".to_owned(),
                        is_anonymous: true,
                    },
                    display_name: "Tab\there\nnewline".to_owned(),
                }],
                violations: vec![Violation::Apart {
                    participants: vec![alice.clone()],
                    thread_id: "19:x".to_owned(),
                }],
                settings: Settings {
                    disable_return_to_main_meeting: false,
                    room_end_time: Some(1),
                    auto_move_participant_to_breakout_room: true,
                    closing_warning_seconds: 60,
                    room_duration_seconds: None,
                },
                nothing: None,
                unit: (),
                pair: (1, "b"),
            },
            Shape::Lost,
        ];
        for value in &values {
            let ours = to_string(value).expect("writes");
            let theirs = as_js(serde_json::to_value(value).unwrap());
            let parsed = as_js(serde_json::from_str(&ours).expect("valid JSON"));
            assert_eq!(parsed, theirs, "{ours}");
        }
        // Byte for byte too where no control character needs escaping.
        assert_eq!(
            to_string(&values[0]).unwrap(),
            serde_json::to_string(&values[0]).unwrap()
        );
    }

    #[test]
    fn what_outputs_do_not_carry_is_an_error() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("a", 1);
        assert!(to_string(&map).is_err());
        assert!(to_string(&1.5f64).is_err());
        assert!(to_string(&f64::NAN).is_err());
        assert!(to_string(&9_007_199_254_740_992.0f64).is_err());
        assert_eq!(to_string(&-3.0f64).unwrap(), "-3");
        assert_eq!(to_string(&i64::MIN).unwrap(), i64::MIN.to_string());
    }

    proptest! {
        #[test]
        fn any_string_reads_back_the_same(text in any::<String>()) {
            let ours = to_string(&text).unwrap();
            let back: String = serde_json::from_str(&ours).unwrap();
            prop_assert_eq!(back, text);
        }

        #[test]
        fn any_whole_number_is_written_as_serde_json_writes_it(n in any::<i64>(), m in any::<u64>()) {
            prop_assert_eq!(to_string(&n).unwrap(), serde_json::to_string(&n).unwrap());
            prop_assert_eq!(to_string(&m).unwrap(), serde_json::to_string(&m).unwrap());
        }
    }
}
