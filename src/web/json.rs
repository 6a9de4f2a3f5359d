//! The engine's outputs as JSON text, written by a serde serializer of our own (serde_json
//! stays out of the wasm), for the JavaScript to `JSON.parse`.
//!
//! It writes what the outputs are made of: objects (structs and enum variants), arrays,
//! strings, booleans, integers and `null`. Maps, bytes and floating-point numbers are not
//! among them (ids, counts and times are integers), so they are errors rather than code in
//! the wasm. Integers are written exactly, as serde_json writes them: one beyond 2^53 reads
//! in JavaScript as the nearest double, the number JavaScript's own arithmetic would give.

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

fn integer(out: &mut String, negative: bool, mut n: u64) {
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
        integer(self.0, v < 0, v.unsigned_abs());
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
        integer(self.0, false, v);
        Ok(())
    }

    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        Err(Unsupported)
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
    //! read back (as `JSON.parse` reads it) as what serde_json makes of the same values.

    use proptest::collection::vec;
    use proptest::prelude::*;
    use serde::Serialize;

    use super::to_string;
    use crate::core::room::{RoomState, RoomView};
    use crate::core::{
        CallState, GroupingReport, HelpRequest, Identifier, Limits, Member, Role, Round,
        RoundGroup, Settings, Violation,
    };

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
            delta: i64,
            members: Vec<Member>,
            report: GroupingReport,
            settings: Settings,
            nothing: Option<u8>,
            unit: (),
            pair: (u8, &'a str),
        },
        Workshop {
            request: HelpRequest,
            rounds: Vec<Round>,
            limits: Limits,
            state: CallState,
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

    /// As `JSON.parse` reads it: every number a double (serde_json keeps integers exact).
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

    /// Ours reads back as serde_json's value of the same thing, and is the same text
    /// wherever no control character needs escaping (serde_json has short escapes for some).
    fn check<T: Serialize>(value: &T) -> Result<(), TestCaseError> {
        let ours = to_string(value).expect("writes");
        let theirs = serde_json::to_string(value).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&ours)
            .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {ours}")))?;
        prop_assert_eq!(
            as_js(parsed),
            as_js(serde_json::from_str(&theirs).unwrap()),
            "{}",
            ours
        );
        if !ours.contains("\\u00") {
            prop_assert_eq!(ours, theirs);
        }
        Ok(())
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let alice = Identifier::CommunicationUser {
            communication_user_id: "alice \"the\" \\ first".to_owned(),
        };
        let rooms = [
            room("Room 1", None),
            room("Raum ü 🙂 \u{2028}", Some(vec![alice.clone()])),
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
                delta: -42,
                members: vec![Member {
                    identifier: Identifier::MicrosoftTeamsUser {
                        microsoft_teams_user_id: "t".to_owned(),
                        is_anonymous: true,
                    },
                    display_name: "Tab\there\nnewline\u{0}\u{1f}\u{7f}".to_owned(),
                }],
                report: GroupingReport {
                    violations: vec![
                        Violation::Apart {
                            participants: vec![alice.clone()],
                            thread_id: "19:x".to_owned(),
                        },
                        Violation::Together {
                            participants: vec![Identifier::PhoneNumber {
                                phone_number: "+1".to_owned(),
                            }],
                            thread_ids: vec!["a".to_owned(), "b".to_owned()],
                        },
                    ],
                    repeated_pairs: 3,
                },
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
            Shape::Workshop {
                request: HelpRequest {
                    thread_id: "19:r".to_owned(),
                    askers: vec![alice.clone(), Identifier::Unknown { id: "u".to_owned() }],
                    requested_at: 1_767_225_600_000,
                    acknowledged_by: Some(alice),
                },
                rounds: vec![Round {
                    number: 1,
                    started_at: 2,
                    ended_at: Some(3),
                    groups: vec![RoundGroup {
                        thread_id: "19:r".to_owned(),
                        display_name: "R".to_owned(),
                        members: vec![],
                    }],
                }],
                limits: Limits::default(),
                state: CallState::LocalHold,
            },
            Shape::Lost,
        ];
        for value in &values {
            check(value).unwrap();
        }
    }

    /// Bytes cross as serde would hand them to a writer that took them.
    struct Bytes;

    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b"ab")
        }
    }

    #[test]
    fn what_outputs_do_not_carry_is_an_error() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("a", 1);
        assert!(to_string(&map).is_err());
        assert!(to_string(&Bytes).is_err());
        for float in [1.5, 3.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(to_string(&float).is_err(), "{float}");
        }
        assert!(to_string(&1.0f32).is_err());
        // Anywhere in a value: the whole value is refused, not written in part.
        assert!(to_string(&(1, vec![Some(2.5)])).is_err());
        assert_eq!(to_string(&i64::MIN).unwrap(), i64::MIN.to_string());
        assert_eq!(to_string(&u64::MAX).unwrap(), u64::MAX.to_string());
    }

    /// Values of every shape the writer writes, nested.
    #[derive(Clone, Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Tree {
        Integer(i64),
        Count(u64),
        Small(i8, u16, u32),
        Text(String),
        Letter(char),
        Flag(bool),
        Nothing,
        Maybe(Option<Box<Tree>>),
        List(Vec<Tree>),
        Node {
            name: String,
            kids: Vec<Tree>,
            #[serde(skip_serializing_if = "Option::is_none")]
            extra: Option<u32>,
        },
        Tagged(Tagged),
        Id(Id),
        Unit(()),
    }

    #[derive(Clone, Debug, Serialize)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Tagged {
        Leaf { text: String },
        Wrap(Inner),
        Empty,
    }

    #[derive(Clone, Debug, Serialize)]
    struct Inner {
        first: Box<Tree>,
        n: u8,
    }

    #[derive(Clone, Debug, Serialize)]
    struct Id(u64);

    /// Any text, heavy in what needs escaping.
    fn text() -> impl Strategy<Value = String> {
        let char = prop_oneof![
            3 => any::<char>(),
            2 => (0u8..0x20).prop_map(char::from),
            1 => prop::sample::select(vec!['"', '\\', '/', '\u{7f}', '\u{2028}', '\u{2029}', '\u{fffd}']),
        ];
        vec(char, 0..12).prop_map(String::from_iter)
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(Tree::Integer),
            any::<u64>().prop_map(Tree::Count),
            any::<(i8, u16, u32)>().prop_map(|(a, b, c)| Tree::Small(a, b, c)),
            text().prop_map(Tree::Text),
            any::<char>().prop_map(Tree::Letter),
            any::<bool>().prop_map(Tree::Flag),
            Just(Tree::Nothing),
            Just(Tree::Unit(())),
            any::<u64>().prop_map(|n| Tree::Id(Id(n))),
            text().prop_map(|text| Tree::Tagged(Tagged::Leaf { text })),
            Just(Tree::Tagged(Tagged::Empty)),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::option::of(inner.clone()).prop_map(|t| Tree::Maybe(t.map(Box::new))),
                vec(inner.clone(), 0..6).prop_map(Tree::List),
                (text(), vec(inner.clone(), 0..4), any::<Option<u32>>())
                    .prop_map(|(name, kids, extra)| Tree::Node { name, kids, extra }),
                (inner, any::<u8>()).prop_map(|(first, n)| {
                    Tree::Tagged(Tagged::Wrap(Inner {
                        first: Box::new(first),
                        n,
                    }))
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_reads_back_as_serde_json_writes_it(value in tree()) {
            check(&value)?;
        }

        #[test]
        fn any_text_reads_back_the_same(text in text(), other in any::<String>()) {
            for text in [text, other] {
                let back: String = serde_json::from_str(&to_string(&text).unwrap()).unwrap();
                prop_assert_eq!(back, text);
            }
        }

        #[test]
        fn any_integer_is_written_as_serde_json_writes_it(n in any::<i64>(), m in any::<u64>()) {
            prop_assert_eq!(to_string(&n).unwrap(), serde_json::to_string(&n).unwrap());
            prop_assert_eq!(to_string(&m).unwrap(), serde_json::to_string(&m).unwrap());
        }
    }
}
