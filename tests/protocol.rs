//! The wire protocol: decoding never panics, versions are checked first, every message
//! round-trips, and nonsense that decodes fine cannot break a host or a client.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use breakout_rooms::core::protocol::{
    decode, encode, DecodeError, ManageOutcome, Reply, PROTOCOL_VERSION,
};
use breakout_rooms::core::{
    Broadcast, CallState, Client, ClientConfig, ClientMessage, Command, Error, Event,
    GroupingReport, GroupingRules, HandChange, HelpRequest, Host, HostMessage, Identifier, Limit,
    MeetingConfig, MeetingKind, Member, Move, PeerId, Place, RaisedHand, Role, RoomClosing,
    RoomSpec, RoomState, RoomView, Round, RoundGroup, RoundStart, Settings, SettingsPatch,
    Violation, WorkshopAction,
};
use common::{id, World, T0};
use proptest::prelude::*;
use serde_json::{json, Value};

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    }
}

// ----- what decode must say, whatever it is given -----

/// The outcome class `decode` must give for `text`: the version is read before the shape.
#[derive(Debug, PartialEq)]
enum Class {
    Json,
    NoVersion,
    Version(u64),
    /// Version 1: the message is either well-formed or a `Shape` error.
    Body,
}

fn class_of(text: &str) -> Class {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => match map.get("v").and_then(Value::as_u64) {
            Some(PROTOCOL_VERSION) => Class::Body,
            Some(n) => Class::Version(n),
            None => Class::NoVersion,
        },
        _ => Class::Json,
    }
}

/// Decodes `text` as both message kinds and checks each result against its class; a
/// message that decodes must survive another round trip unchanged.
fn decode_checked(text: &str) -> Result<(), TestCaseError> {
    let class = class_of(text);
    check_one::<ClientMessage>(text, &class)?;
    check_one::<HostMessage>(text, &class)
}

fn check_one<T>(text: &str, class: &Class) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let result = decode::<T>(text);
    match (&result, class) {
        (Err(DecodeError::Json(_)), Class::Json)
        | (Err(DecodeError::NoVersion), Class::NoVersion)
        | (Err(DecodeError::Shape(_)), Class::Body) => {}
        (Err(DecodeError::Version(n)), Class::Version(m)) if n == m => {}
        (Ok(message), Class::Body) => {
            let again = encode(message).expect("a decoded message encodes");
            let back = decode::<T>(&again);
            prop_assert_eq!(back.as_ref(), Ok(message), "re-encoded as {}", again);
        }
        _ => prop_assert!(false, "{text:?} ({class:?}) decoded to {result:?}"),
    }
    Ok(())
}

// ----- strategies: random JSON -----

const KEYS: &[&str] = &[
    "v",
    "type",
    "participant",
    "displayName",
    "role",
    "threadId",
    "request",
    "expectedRevision",
    "command",
    "op",
    "rooms",
    "participants",
    "seed",
    "threadIds",
    "settings",
    "disableReturnToMainMeeting",
    "roomEndTime",
    "autoMoveParticipantToBreakoutRoom",
    "enabled",
    "communicationUserId",
    "microsoftTeamsUserId",
    "isAnonymous",
    "phoneNumber",
    "id",
    "kind",
    "breakoutRoomsEnabled",
    "error",
    "room",
    "state",
    "invitees",
    "revision",
    "reset",
    "upserted",
    "removed",
    "place",
    "joined",
    "left",
    "reply",
    "outcome",
    "identifier",
    "reason",
    "operation",
    "what",
    "limit",
    "requested",
    "expected",
    "actual",
    "field",
];

const WORDS: &[&str] = &[
    "join",
    "leave",
    "enterRoom",
    "returnToMain",
    "manage",
    "welcome",
    "joinRefused",
    "roleChanged",
    "settings",
    "assignment",
    "rooms",
    "presence",
    "entered",
    "returned",
    "refused",
    "reply",
    "createRooms",
    "renameRoom",
    "deleteRoom",
    "recreateRooms",
    "assignParticipants",
    "unassignParticipants",
    "assignAutomatically",
    "openRooms",
    "closeRooms",
    "updateSettings",
    "setBreakoutRoomManager",
    "organizer",
    "coOrganizer",
    "breakoutRoomManager",
    "attendee",
    "open",
    "closed",
    "meeting",
    "groupCall",
    "main",
    "room",
    "ok",
    "err",
    "notAMeeting",
    "staleRevision",
    "limitExceeded",
    "unknownRoom",
    "x",
    "",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            0u64,
            1,
            2,
            3,
            1 << 31,
            1 << 32,
            1 << 40,
            1 << 53,
            u64::MAX
        ])
        .prop_map(Value::from),
        prop::num::f64::NORMAL.prop_map(Value::from),
        prop::sample::select(vec![-1.0f64, 0.5, 1.5, -0.0, 1e300, 1.0]).prop_map(Value::from),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        prop::sample::select(WORDS.to_vec()).prop_map(|w| Value::String(w.into())),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_owned),
                        1 => "[a-zA-Z]{0,6}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// An object that looks like a message of version 1: a known `type` and random fields.
fn message_like() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(WORDS.to_vec()),
        prop::collection::vec((prop::sample::select(KEYS.to_vec()), json_value()), 0..5),
    )
        .prop_map(|(ty, fields)| {
            let mut map: serde_json::Map<String, Value> =
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            map.insert("v".into(), json!(1));
            map.insert("type".into(), json!(ty));
            Value::Object(map)
        })
}

// ----- strategies: valid messages -----

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 :@._-]{0,16}",
        1 => ".{0,8}",
        1 => Just(String::new()),
    ]
    .boxed()
}

fn identifier() -> BoxedStrategy<Identifier> {
    prop_oneof![
        4 => text().prop_map(|communication_user_id| Identifier::CommunicationUser {
            communication_user_id
        }),
        1 => (text(), any::<bool>()).prop_map(|(microsoft_teams_user_id, is_anonymous)| {
            Identifier::MicrosoftTeamsUser {
                microsoft_teams_user_id,
                is_anonymous,
            }
        }),
        1 => text().prop_map(|phone_number| Identifier::PhoneNumber { phone_number }),
        1 => text().prop_map(|id| Identifier::Unknown { id }),
    ]
    .boxed()
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn room_spec() -> impl Strategy<Value = RoomSpec> {
    prop_oneof![
        any::<u32>().prop_map(RoomSpec::Count),
        prop::collection::vec(text(), 0..4).prop_map(RoomSpec::Names),
    ]
}

fn settings_patch() -> impl Strategy<Value = SettingsPatch> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::option::of(any::<u64>())),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<u32>()),
        prop::option::of(prop::option::of(any::<u32>())),
    )
        .prop_map(|(d, e, a, w, r)| SettingsPatch {
            disable_return_to_main_meeting: d,
            room_end_time: e,
            auto_move_participant_to_breakout_room: a,
            closing_warning_seconds: w,
            room_duration_seconds: r,
        })
}

fn grouping_rules(who: BoxedStrategy<Identifier>) -> impl Strategy<Value = GroupingRules> {
    let groups = || prop::collection::vec(prop::collection::vec(who.clone(), 0..3), 0..3);
    (
        prop::option::of(any::<u64>()),
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u32>()),
        groups(),
        groups(),
        any::<bool>(),
    )
        .prop_map(
            |(seed, rooms, per_room, together, apart, avoid_repeats)| GroupingRules {
                seed,
                rooms,
                per_room,
                together,
                apart,
                avoid_repeats,
            },
        )
}

fn workshop_action(thread: BoxedStrategy<String>) -> impl Strategy<Value = WorkshopAction> {
    prop_oneof![
        (
            text(),
            prop::option::of(prop::collection::vec(thread.clone(), 0..3)),
            any::<bool>()
        )
            .prop_map(
                |(text, thread_ids, main_meeting)| WorkshopAction::Broadcast {
                    text,
                    thread_ids,
                    main_meeting
                }
            ),
        Just(WorkshopAction::RequestHelp),
        thread.prop_map(|thread_id| WorkshopAction::AcknowledgeHelp { thread_id }),
    ]
}

fn command_with(
    thread: BoxedStrategy<String>,
    who: BoxedStrategy<Identifier>,
) -> impl Strategy<Value = Command> {
    let threads = prop::option::of(prop::collection::vec(thread.clone(), 0..3));
    prop_oneof![
        room_spec().prop_map(|rooms| Command::CreateRooms { rooms }),
        (thread.clone(), text()).prop_map(|(thread_id, display_name)| Command::RenameRoom {
            thread_id,
            display_name
        }),
        thread
            .clone()
            .prop_map(|thread_id| Command::DeleteRoom { thread_id }),
        room_spec().prop_map(|rooms| Command::RecreateRooms { rooms }),
        (thread, prop::collection::vec(who.clone(), 0..3)).prop_map(|(thread_id, participants)| {
            Command::AssignParticipants {
                thread_id,
                participants,
            }
        }),
        prop::collection::vec(who.clone(), 0..3)
            .prop_map(|participants| Command::UnassignParticipants { participants }),
        prop::option::of(any::<u64>()).prop_map(|seed| Command::AssignAutomatically { seed }),
        threads
            .clone()
            .prop_map(|thread_ids| Command::OpenRooms { thread_ids }),
        (threads.clone(), prop::option::of(0..100_000u32)).prop_map(
            |(thread_ids, grace_seconds)| Command::CloseRooms {
                thread_ids,
                grace_seconds,
            }
        ),
        settings_patch().prop_map(|settings| Command::UpdateSettings { settings }),
        (who.clone(), any::<bool>()).prop_map(|(participant, enabled)| {
            Command::SetBreakoutRoomManager {
                participant,
                enabled,
            }
        }),
        grouping_rules(who).prop_map(|rules| Command::AssignByRules { rules }),
        (threads.clone(), 0..100_000u32).prop_map(|(thread_ids, seconds)| Command::ExtendClosing {
            thread_ids,
            seconds
        }),
        threads.prop_map(|thread_ids| Command::CancelClosing { thread_ids }),
    ]
}

fn client_message_with(
    thread: BoxedStrategy<String>,
    who: BoxedStrategy<Identifier>,
) -> impl Strategy<Value = ClientMessage> {
    prop_oneof![
        (who.clone(), text(), role()).prop_map(|(participant, display_name, role)| {
            ClientMessage::Join {
                participant,
                display_name,
                role,
                resume: false,
                token: None,
            }
        }),
        Just(ClientMessage::Leave),
        thread
            .clone()
            .prop_map(|thread_id| ClientMessage::EnterRoom { thread_id }),
        Just(ClientMessage::ReturnToMain),
        (any::<u32>(), hand_change_with(who.clone()))
            .prop_map(|(request, hand)| ClientMessage::Hand { request, hand }),
        (
            any::<u32>(),
            prop::option::of(any::<u64>()),
            command_with(thread.clone(), who)
        )
            .prop_map(
                |(request, expected_revision, command)| ClientMessage::Manage {
                    request,
                    expected_revision,
                    command,
                }
            ),
        (any::<u32>(), workshop_action(thread.clone()))
            .prop_map(|(request, action)| ClientMessage::Workshop { request, action }),
        thread.prop_map(|thread_id| ClientMessage::VisitRoom { thread_id }),
    ]
}

fn hand_change_with(who: BoxedStrategy<Identifier>) -> impl Strategy<Value = HandChange> {
    prop_oneof![
        Just(HandChange::Raise),
        Just(HandChange::Lower),
        prop::collection::vec(who, 0..3)
            .prop_map(|participants| HandChange::LowerHands { participants }),
        Just(HandChange::LowerAll),
    ]
}

fn raised_hand() -> impl Strategy<Value = RaisedHand> {
    (identifier(), any::<u32>()).prop_map(|(identifier, order)| RaisedHand { identifier, order })
}

fn client_message() -> impl Strategy<Value = ClientMessage> {
    client_message_with(text(), identifier())
}

fn room_view() -> impl Strategy<Value = Arc<RoomView>> {
    (
        text(),
        text(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::collection::vec(identifier(), 0..3)),
    )
        .prop_map(|(thread_id, display_name, open, auto, invitees)| {
            Arc::new(RoomView {
                thread_id,
                display_name,
                state: if open {
                    RoomState::Open
                } else {
                    RoomState::Closed
                },
                auto_move_participant_to_breakout_room: auto,
                invitees,
            })
        })
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        any::<bool>(),
        prop::option::of(any::<u64>()),
        any::<bool>(),
        any::<u32>(),
        prop::option::of(any::<u32>()),
    )
        .prop_map(|(d, e, a, w, r)| Settings {
            disable_return_to_main_meeting: d,
            room_end_time: e,
            auto_move_participant_to_breakout_room: a,
            closing_warning_seconds: w,
            room_duration_seconds: r,
        })
}

fn grouping_report() -> impl Strategy<Value = GroupingReport> {
    let violation = prop_oneof![
        (
            prop::collection::vec(identifier(), 0..3),
            prop::collection::vec(text(), 0..3)
        )
            .prop_map(|(participants, thread_ids)| Violation::Together {
                participants,
                thread_ids
            }),
        (prop::collection::vec(identifier(), 0..3), text()).prop_map(
            |(participants, thread_id)| Violation::Apart {
                participants,
                thread_id
            }
        ),
    ];
    (prop::collection::vec(violation, 0..3), any::<u64>()).prop_map(
        |(violations, repeated_pairs)| GroupingReport {
            violations,
            repeated_pairs,
        },
    )
}

fn round() -> impl Strategy<Value = Arc<Round>> {
    let group = (text(), text(), prop::collection::vec(identifier(), 0..3)).prop_map(
        |(thread_id, display_name, members)| RoundGroup {
            thread_id,
            display_name,
            members,
        },
    );
    (
        any::<u32>(),
        any::<u64>(),
        prop::option::of(any::<u64>()),
        prop::collection::vec(group, 0..3),
    )
        .prop_map(|(number, started_at, ended_at, groups)| {
            Arc::new(Round {
                number,
                started_at,
                ended_at,
                groups,
            })
        })
}

fn error() -> impl Strategy<Value = Error> {
    (text(), any::<u64>(), any::<u64>(), 0..all_errors().len())
        .prop_map(|(s, a, b, i)| vary_error(all_errors()[i].clone(), s, a, b))
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Main),
        text().prop_map(|thread_id| Place::Room { thread_id }),
    ]
}

fn member() -> impl Strategy<Value = Member> {
    (identifier(), text()).prop_map(|(identifier, display_name)| Member {
        identifier,
        display_name,
    })
}

fn host_message() -> impl Strategy<Value = HostMessage> {
    let kind = prop::sample::select(vec![MeetingKind::Meeting, MeetingKind::GroupCall]);
    prop_oneof![
        (kind, any::<bool>(), role()).prop_map(|(kind, breakout_rooms_enabled, role)| {
            HostMessage::Welcome {
                kind,
                breakout_rooms_enabled,
                role,
                resumed: false,
            }
        }),
        error().prop_map(|error| HostMessage::JoinRefused { error }),
        error().prop_map(|error| HostMessage::Ended { error }),
        role().prop_map(|role| HostMessage::RoleChanged { role }),
        settings().prop_map(|settings| HostMessage::Settings { settings }),
        prop::option::of(room_view()).prop_map(|room| HostMessage::Assignment { room }),
        (
            any::<u64>(),
            any::<bool>(),
            prop::collection::vec(room_view(), 0..3),
            prop::collection::vec(text(), 0..3),
            prop::collection::vec((identifier(), prop::option::of(text())), 0..3)
        )
            .prop_map(
                |(revision, reset, upserted, removed, moves)| HostMessage::Rooms {
                    revision,
                    reset,
                    upserted,
                    removed,
                    moves: moves
                        .into_iter()
                        .map(|(participant, thread_id)| Move {
                            participant,
                            thread_id
                        })
                        .collect(),
                }
            ),
        (
            place(),
            any::<bool>(),
            prop::collection::vec(member(), 0..3),
            prop::collection::vec(identifier(), 0..3),
            prop::option::of(any::<u32>())
        )
            .prop_map(
                |(place, reset, joined, left, total)| HostMessage::Presence {
                    place,
                    reset,
                    joined: joined.into(),
                    left: left.into(),
                    total,
                }
            ),
        (
            place(),
            any::<bool>(),
            prop::collection::vec(raised_hand(), 0..3),
            prop::collection::vec(identifier(), 0..3)
        )
            .prop_map(|(place, reset, raised, lowered)| HostMessage::Hands {
                place,
                reset,
                raised,
                lowered,
            }),
        text().prop_map(|thread_id| HostMessage::Entered { thread_id }),
        Just(HostMessage::Returned),
        (prop::option::of(text()), error())
            .prop_map(|(thread_id, error)| HostMessage::Refused { thread_id, error }),
        (
            any::<u32>(),
            any::<u64>(),
            prop::collection::vec(room_view(), 0..2),
            prop::option::of(error()),
            prop::option::of(grouping_report())
        )
            .prop_map(
                |(request, revision, rooms, error, grouping)| HostMessage::Reply {
                    request,
                    reply: match error {
                        Some(e) => Reply::Err(e),
                        None => Reply::Ok(ManageOutcome {
                            revision,
                            rooms,
                            grouping,
                        }),
                    },
                }
            ),
        (
            any::<bool>(),
            prop::collection::vec((text(), prop::option::of(any::<u64>())), 0..3)
        )
            .prop_map(|(reset, rooms)| HostMessage::Closing {
                reset,
                rooms: rooms
                    .into_iter()
                    .map(|(thread_id, closes_at)| RoomClosing {
                        thread_id,
                        closes_at
                    })
                    .collect(),
            }),
        (member(), text(), any::<u64>()).prop_map(|(sender, text, sent_at)| {
            HostMessage::Broadcast {
                broadcast: Arc::new(Broadcast {
                    sender,
                    text,
                    sent_at,
                }),
            }
        }),
        (
            any::<bool>(),
            prop::collection::vec(
                (
                    text(),
                    prop::collection::vec(identifier(), 0..3),
                    any::<u64>(),
                    prop::option::of(identifier())
                ),
                0..3
            ),
            prop::collection::vec(text(), 0..2)
        )
            .prop_map(|(reset, requests, cleared)| HostMessage::Help {
                reset,
                requests: requests
                    .into_iter()
                    .map(|(thread_id, askers, requested_at, acknowledged_by)| {
                        Arc::new(HelpRequest {
                            thread_id,
                            askers,
                            requested_at,
                            acknowledged_by,
                        })
                    })
                    .collect(),
                cleared,
            }),
        (
            any::<bool>(),
            prop::collection::vec(round(), 0..3),
            prop::option::of((any::<u32>(), any::<u64>()))
        )
            .prop_map(|(reset, ended, current)| HostMessage::Rounds {
                reset,
                ended,
                current: current.map(|(number, started_at)| RoundStart { number, started_at }),
            }),
    ]
}

// ----- every variant, by hand -----

fn all_errors() -> Vec<Error> {
    let s = || "s".to_string();
    vec![
        Error::NotAMeeting,
        Error::BreakoutRoomsDisabled,
        Error::JoinFailed { reason: s() },
        Error::HoldFailed { reason: s() },
        Error::RoomClosed { thread_id: s() },
        Error::ResumeFailed { reason: s() },
        Error::MalformedUpdate { reason: s() },
        Error::HangUpFailed { reason: s() },
        Error::NotAssigned,
        Error::NotAManager { operation: s() },
        Error::NotOrganizer { operation: s() },
        Error::UnknownRoom { thread_id: s() },
        Error::UnknownParticipant { participant: s() },
        Error::InvalidRoomName {
            name: s(),
            reason: s(),
        },
        Error::LimitExceeded {
            what: Limit::Rooms,
            limit: 1,
            requested: 2,
        },
        Error::LimitExceeded {
            what: Limit::Participants,
            limit: 1,
            requested: 2,
        },
        Error::LimitExceeded {
            what: Limit::RoomNameChars,
            limit: 1,
            requested: 2,
        },
        Error::LimitExceeded {
            what: Limit::DisplayNameChars,
            limit: 1,
            requested: 2,
        },
        Error::StaleRevision {
            expected: 1,
            actual: 2,
        },
        Error::ReturnToMainDisabled,
        Error::InvalidArgument {
            field: s(),
            reason: s(),
        },
        Error::NotConnected,
        Error::AlreadyJoined { participant: s() },
        Error::NoRooms,
        Error::InvalidRoleChange {
            participant: s(),
            reason: s(),
        },
        Error::Protocol { reason: s() },
        Error::InvalidToken { reason: s() },
        Error::JoinedElsewhere { participant: s() },
        Error::LimitExceeded {
            what: Limit::BroadcastChars,
            limit: 1,
            requested: 2,
        },
        Error::NoPendingClose { thread_id: None },
        Error::NoPendingClose {
            thread_id: Some(s()),
        },
        Error::RateLimited {
            operation: s(),
            limit: 1,
            retry_after_ms: 2,
        },
        Error::NotInARoom { operation: s() },
        Error::NoHelpRequest { thread_id: s() },
    ]
}

/// The same error with other field values.
fn vary_error(e: Error, s: String, a: u64, b: u64) -> Error {
    match e {
        Error::JoinFailed { .. } => Error::JoinFailed { reason: s },
        Error::RoomClosed { .. } => Error::RoomClosed { thread_id: s },
        Error::UnknownParticipant { .. } => Error::UnknownParticipant { participant: s },
        Error::LimitExceeded { what, .. } => Error::LimitExceeded {
            what,
            limit: a,
            requested: b,
        },
        Error::StaleRevision { .. } => Error::StaleRevision {
            expected: a,
            actual: b,
        },
        Error::InvalidArgument { reason, .. } => Error::InvalidArgument { field: s, reason },
        other => other,
    }
}

fn all_commands() -> Vec<Command> {
    let t = || "19:room@thread.v2".to_string();
    vec![
        Command::CreateRooms {
            rooms: RoomSpec::Count(3),
        },
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
        },
        Command::RenameRoom {
            thread_id: t(),
            display_name: "Design".into(),
        },
        Command::DeleteRoom { thread_id: t() },
        Command::RecreateRooms {
            rooms: RoomSpec::Count(4),
        },
        Command::AssignParticipants {
            thread_id: t(),
            participants: vec![id("a"), Identifier::Unknown { id: "u".into() }],
        },
        Command::UnassignParticipants {
            participants: vec![Identifier::PhoneNumber {
                phone_number: "+1555".into(),
            }],
        },
        Command::AssignAutomatically { seed: Some(7) },
        Command::AssignAutomatically { seed: None },
        Command::OpenRooms { thread_ids: None },
        Command::OpenRooms {
            thread_ids: Some(vec![t()]),
        },
        Command::CloseRooms {
            thread_ids: None,
            grace_seconds: None,
        },
        Command::CloseRooms {
            thread_ids: Some(vec![]),
            grace_seconds: None,
        },
        Command::UpdateSettings {
            settings: SettingsPatch {
                disable_return_to_main_meeting: Some(true),
                room_end_time: Some(Some(T0 + 600_000)),
                auto_move_participant_to_breakout_room: Some(false),
                ..SettingsPatch::default()
            },
        },
        Command::UpdateSettings {
            settings: SettingsPatch {
                room_end_time: Some(None),
                ..SettingsPatch::default()
            },
        },
        Command::UpdateSettings {
            settings: SettingsPatch::default(),
        },
        Command::SetBreakoutRoomManager {
            participant: Identifier::MicrosoftTeamsUser {
                microsoft_teams_user_id: "t".into(),
                is_anonymous: true,
            },
            enabled: true,
        },
        Command::AssignByRules {
            rules: GroupingRules::default(),
        },
        Command::AssignByRules {
            rules: GroupingRules {
                seed: Some(1),
                rooms: Some(2),
                per_room: Some(3),
                together: vec![vec![id("a"), id("b")]],
                apart: vec![vec![id("c"), id("d")]],
                avoid_repeats: true,
            },
        },
        Command::CloseRooms {
            thread_ids: None,
            grace_seconds: Some(60),
        },
        Command::CloseRooms {
            thread_ids: Some(vec![t()]),
            grace_seconds: Some(0),
        },
        Command::ExtendClosing {
            thread_ids: None,
            seconds: 30,
        },
        Command::ExtendClosing {
            thread_ids: Some(vec![t()]),
            seconds: 30,
        },
        Command::CancelClosing { thread_ids: None },
        Command::CancelClosing {
            thread_ids: Some(vec![t()]),
        },
        Command::UpdateSettings {
            settings: SettingsPatch {
                closing_warning_seconds: Some(30),
                room_duration_seconds: Some(Some(600)),
                ..SettingsPatch::default()
            },
        },
        Command::UpdateSettings {
            settings: SettingsPatch {
                room_duration_seconds: Some(None),
                ..SettingsPatch::default()
            },
        },
    ]
}

fn all_client_messages() -> Vec<ClientMessage> {
    let mut all = vec![
        ClientMessage::Join {
            participant: id("alice"),
            display_name: "Alice".into(),
            role: Role::Organizer,
            resume: false,
            token: None,
        },
        ClientMessage::Leave,
        ClientMessage::EnterRoom {
            thread_id: "x".into(),
        },
        ClientMessage::ReturnToMain,
        ClientMessage::Hand {
            request: 1,
            hand: HandChange::Raise,
        },
        ClientMessage::Hand {
            request: 2,
            hand: HandChange::Lower,
        },
        ClientMessage::Hand {
            request: 3,
            hand: HandChange::LowerHands {
                participants: vec![id("a")],
            },
        },
        ClientMessage::Hand {
            request: 4,
            hand: HandChange::LowerAll,
        },
    ];
    for (request, action) in [
        WorkshopAction::Broadcast {
            text: "Five minutes left".into(),
            thread_ids: None,
            main_meeting: false,
        },
        WorkshopAction::Broadcast {
            text: "Back soon".into(),
            thread_ids: Some(vec!["t1".into()]),
            main_meeting: true,
        },
        WorkshopAction::RequestHelp,
        WorkshopAction::AcknowledgeHelp {
            thread_id: "t1".into(),
        },
    ]
    .into_iter()
    .enumerate()
    {
        all.push(ClientMessage::Workshop {
            request: request as u32,
            action,
        });
    }
    all.push(ClientMessage::VisitRoom {
        thread_id: "t1".into(),
    });
    for (i, command) in all_commands().into_iter().enumerate() {
        all.push(ClientMessage::Manage {
            request: i as u32,
            expected_revision: (i % 2 == 0).then_some(i as u64),
            command,
        });
    }
    all
}

fn room(thread: &str, invitees: Option<Vec<Identifier>>) -> Arc<RoomView> {
    Arc::new(RoomView {
        thread_id: thread.into(),
        display_name: "Room 1".into(),
        state: RoomState::Open,
        auto_move_participant_to_breakout_room: true,
        invitees,
    })
}

fn all_host_messages() -> Vec<HostMessage> {
    let mut all = vec![
        HostMessage::Welcome {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            role: Role::Attendee,
            resumed: false,
        },
        HostMessage::Welcome {
            kind: MeetingKind::GroupCall,
            breakout_rooms_enabled: false,
            role: Role::CoOrganizer,
            resumed: false,
        },
        HostMessage::RoleChanged {
            role: Role::BreakoutRoomManager,
        },
        HostMessage::Settings {
            settings: Settings::default(),
        },
        HostMessage::Settings {
            settings: Settings {
                disable_return_to_main_meeting: true,
                room_end_time: Some(T0),
                auto_move_participant_to_breakout_room: false,
                closing_warning_seconds: 0,
                room_duration_seconds: Some(600),
            },
        },
        HostMessage::Assignment { room: None },
        HostMessage::Assignment {
            room: Some(room("t1", None)),
        },
        HostMessage::Rooms {
            revision: 9,
            reset: true,
            upserted: vec![room("t1", Some(vec![id("a")])), room("t2", Some(vec![]))],
            removed: vec!["t0".into()],
            moves: vec![],
        },
        HostMessage::Hands {
            place: Place::Main,
            reset: true,
            raised: vec![RaisedHand {
                identifier: id("a"),
                order: 1,
            }],
            lowered: vec![],
        },
        HostMessage::Hands {
            place: Place::Room {
                thread_id: "t1".into(),
            },
            reset: false,
            raised: vec![],
            lowered: vec![id("b")],
        },
        HostMessage::Presence {
            place: Place::Main,
            reset: true,
            joined: vec![Member {
                identifier: id("a"),
                display_name: "A".into(),
            }]
            .into(),
            left: vec![].into(),
            total: None,
        },
        HostMessage::Presence {
            place: Place::Room {
                thread_id: "t1".into(),
            },
            reset: false,
            joined: vec![].into(),
            left: vec![id("b")].into(),
            total: None,
        },
        // A place past the cap of listed people says how many it holds.
        HostMessage::Presence {
            place: Place::Main,
            reset: false,
            joined: vec![].into(),
            left: vec![id("b")].into(),
            total: Some(10_000),
        },
        HostMessage::Entered {
            thread_id: "t1".into(),
        },
        HostMessage::Welcome {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            role: Role::Attendee,
            resumed: true,
        },
        HostMessage::Resynced {
            place: Place::Room {
                thread_id: "t1".into(),
            },
        },
        HostMessage::Resynced { place: Place::Main },
        HostMessage::Rejected {
            error: Error::Protocol {
                reason: "not JSON".into(),
            },
        },
        HostMessage::Returned,
        HostMessage::Refused {
            thread_id: None,
            error: Error::ReturnToMainDisabled,
        },
        HostMessage::Reply {
            request: 1,
            reply: Reply::Ok(ManageOutcome {
                revision: 3,
                rooms: vec![room("t1", Some(vec![]))],
                grouping: None,
            }),
        },
        HostMessage::Reply {
            request: 5,
            reply: Reply::Ok(ManageOutcome {
                revision: 6,
                rooms: vec![room("t3", Some(vec![]))],
                grouping: Some(GroupingReport {
                    violations: vec![
                        Violation::Together {
                            participants: vec![id("a"), id("b")],
                            thread_ids: vec!["t1".into(), "t3".into()],
                        },
                        Violation::Apart {
                            participants: vec![id("c"), id("d")],
                            thread_id: "t1".into(),
                        },
                    ],
                    repeated_pairs: 2,
                }),
            }),
        },
        HostMessage::Closing {
            reset: false,
            rooms: vec![
                RoomClosing {
                    thread_id: "t1".into(),
                    closes_at: Some(T0),
                },
                RoomClosing {
                    thread_id: "t2".into(),
                    closes_at: None,
                },
            ],
        },
        HostMessage::Closing {
            reset: true,
            rooms: vec![],
        },
        HostMessage::Broadcast {
            broadcast: Arc::new(Broadcast {
                sender: Member {
                    identifier: id("org"),
                    display_name: "Org".into(),
                },
                text: "Five minutes left".into(),
                sent_at: T0,
            }),
        },
        HostMessage::Help {
            reset: true,
            requests: vec![Arc::new(HelpRequest {
                thread_id: "t1".into(),
                askers: vec![id("a")],
                requested_at: T0,
                acknowledged_by: Some(id("org")),
            })],
            cleared: vec![],
        },
        HostMessage::Help {
            reset: false,
            requests: vec![],
            cleared: vec!["t1".into()],
        },
        HostMessage::Rounds {
            reset: true,
            ended: vec![Arc::new(Round {
                number: 1,
                started_at: T0,
                ended_at: Some(T0 + 1),
                groups: vec![RoundGroup {
                    thread_id: "t1".into(),
                    display_name: "Room 1".into(),
                    members: vec![id("a"), id("b")],
                }],
            })],
            current: Some(RoundStart {
                number: 2,
                started_at: T0 + 1,
            }),
        },
        HostMessage::Reply {
            request: 2,
            reply: Reply::Ok(ManageOutcome {
                revision: 4,
                rooms: vec![],
                grouping: None,
            }),
        },
    ];
    for error in all_errors() {
        all.push(HostMessage::JoinRefused {
            error: error.clone(),
        });
        all.push(HostMessage::Ended {
            error: error.clone(),
        });
        all.push(HostMessage::Refused {
            thread_id: Some("t1".into()),
            error: error.clone(),
        });
        all.push(HostMessage::Reply {
            request: u32::MAX,
            reply: Reply::Err(error),
        });
    }
    all
}

/// Exhaustive, so that a new message kind fails to compile here until it is covered.
fn client_kind(m: &ClientMessage) -> &'static str {
    match m {
        ClientMessage::Join { .. } => "join",
        ClientMessage::Leave => "leave",
        ClientMessage::EnterRoom { .. } => "enterRoom",
        ClientMessage::ReturnToMain => "returnToMain",
        ClientMessage::VisitRoom { .. } => "visitRoom",
        ClientMessage::Workshop { action, .. } => match action {
            WorkshopAction::Broadcast { .. }
            | WorkshopAction::RequestHelp
            | WorkshopAction::AcknowledgeHelp { .. } => action.name(),
        },
        ClientMessage::Hand { hand, .. } => match hand {
            HandChange::Raise
            | HandChange::Lower
            | HandChange::LowerHands { .. }
            | HandChange::LowerAll => hand.name(),
        },
        ClientMessage::Manage { command, .. } => match command {
            Command::CreateRooms { .. }
            | Command::RenameRoom { .. }
            | Command::DeleteRoom { .. }
            | Command::RecreateRooms { .. }
            | Command::AssignParticipants { .. }
            | Command::UnassignParticipants { .. }
            | Command::AssignAutomatically { .. }
            | Command::OpenRooms { .. }
            | Command::CloseRooms { .. }
            | Command::UpdateSettings { .. }
            | Command::SetBreakoutRoomManager { .. }
            | Command::AssignByRules { .. }
            | Command::ExtendClosing { .. }
            | Command::CancelClosing { .. } => command.name(),
        },
    }
}

fn host_kind(m: &HostMessage) -> &'static str {
    match m {
        HostMessage::Welcome { .. } => "welcome",
        HostMessage::JoinRefused { .. } => "joinRefused",
        HostMessage::Ended { .. } => "ended",
        HostMessage::RoleChanged { .. } => "roleChanged",
        HostMessage::Settings { .. } => "settings",
        HostMessage::Assignment { .. } => "assignment",
        HostMessage::Rooms { .. } => "rooms",
        HostMessage::Presence { .. } => "presence",
        HostMessage::Hands { .. } => "hands",
        HostMessage::Entered { .. } => "entered",
        HostMessage::Returned => "returned",
        HostMessage::Refused { .. } => "refused",
        HostMessage::Reply { .. } => "reply",
        HostMessage::Resynced { .. } => "resynced",
        HostMessage::Rejected { .. } => "rejected",
        HostMessage::Closing { .. } => "closing",
        HostMessage::Broadcast { .. } => "broadcast",
        HostMessage::Help { .. } => "help",
        HostMessage::Rounds { .. } => "rounds",
    }
}

fn round_trip<T>(message: &T) -> String
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = encode(message).expect("messages encode");
    let value: Value = serde_json::from_str(&text).expect("encode gives JSON");
    assert_eq!(value["v"], json!(1), "{text} carries the version");
    assert!(value["type"].is_string(), "{text} carries its type");
    let back: T = decode(&text).unwrap_or_else(|e| panic!("{text} does not decode: {e}"));
    assert_eq!(&back, message, "round trip of {text}");
    value["type"].as_str().unwrap().to_owned()
}

#[test]
fn every_client_message_round_trips() {
    let mut kinds = BTreeSet::new();
    for m in all_client_messages() {
        let ty = round_trip(&m);
        match m {
            ClientMessage::Manage { .. } => assert_eq!(ty, "manage"),
            ClientMessage::Hand { .. } => assert_eq!(ty, "hand"),
            ClientMessage::Workshop { .. } => assert_eq!(ty, "workshop"),
            _ => assert_eq!(ty, client_kind(&m)),
        }
        kinds.insert(client_kind(&m));
    }
    // 5 plain kinds, 4 hand changes, 3 workshop actions and 13 command names (closeRooms
    // and assignAutomatically have two commands each).
    assert_eq!(kinds.len(), 25, "{kinds:?}");
}

#[test]
fn every_host_message_round_trips() {
    let kinds: BTreeSet<&str> = all_host_messages()
        .iter()
        .map(|m| {
            assert_eq!(round_trip(m), host_kind(m));
            host_kind(m)
        })
        .collect();
    assert_eq!(kinds.len(), 19, "{kinds:?}");
}

// ----- table tests -----

#[test]
fn hand_written_client_messages_decode() {
    let table: Vec<(&str, ClientMessage)> = vec![
        (
            r#"{"v":1,"type":"manage","request":3,"command":{"op":"createRooms","rooms":["Red","Blue"]}}"#,
            ClientMessage::Manage {
                request: 3,
                expected_revision: None,
                command: Command::CreateRooms {
                    rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
                },
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":4,"expectedRevision":12,"command":{"op":"createRooms","rooms":3}}"#,
            ClientMessage::Manage {
                request: 4,
                expected_revision: Some(12),
                command: Command::CreateRooms {
                    rooms: RoomSpec::Count(3),
                },
            },
        ),
        (
            r#"{"v":1,"type":"enterRoom","threadId":"x"}"#,
            ClientMessage::EnterRoom {
                thread_id: "x".into(),
            },
        ),
        (r#"{"type":"leave","v":1}"#, ClientMessage::Leave),
        (
            r#"  {"v":1,"type":"returnToMain"}  "#,
            ClientMessage::ReturnToMain,
        ),
        (
            r#"{"v":1,"type":"join","participant":{"communicationUserId":"8:acs:a"},"displayName":"A","role":"coOrganizer"}"#,
            ClientMessage::Join {
                participant: id("a"),
                display_name: "A".into(),
                role: Role::CoOrganizer,
                resume: false,
                token: None,
            },
        ),
        (
            // Identifiers from @azure/communication-common carry `kind` and `rawId` too.
            r#"{"v":1,"type":"join","participant":{"kind":"microsoftTeamsUser","microsoftTeamsUserId":"abc","isAnonymous":true,"rawId":"8:teamsvisitor:abc"},"displayName":"T","role":"attendee"}"#,
            ClientMessage::Join {
                participant: Identifier::MicrosoftTeamsUser {
                    microsoft_teams_user_id: "abc".into(),
                    is_anonymous: true,
                },
                display_name: "T".into(),
                role: Role::Attendee,
                resume: false,
                token: None,
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":5,"command":{"op":"openRooms"}}"#,
            ClientMessage::Manage {
                request: 5,
                expected_revision: None,
                command: Command::OpenRooms { thread_ids: None },
            },
        ),
        (
            // Without graceSeconds: the host takes the meeting's closingWarningSeconds.
            r#"{"v":1,"type":"manage","request":5,"command":{"op":"closeRooms","threadIds":["x"]}}"#,
            ClientMessage::Manage {
                request: 5,
                expected_revision: None,
                command: Command::CloseRooms {
                    thread_ids: Some(vec!["x".into()]),
                    grace_seconds: None,
                },
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":5,"command":{"op":"closeRooms","graceSeconds":0}}"#,
            ClientMessage::Manage {
                request: 5,
                expected_revision: None,
                command: Command::CloseRooms {
                    thread_ids: None,
                    grace_seconds: Some(0),
                },
            },
        ),
        (
            // What issue 13's first clients sent for a grace period still reads.
            r#"{"v":1,"type":"manage","request":5,"command":{"op":"closeRoomsAfter","graceSeconds":30}}"#,
            ClientMessage::Manage {
                request: 5,
                expected_revision: None,
                command: Command::CloseRooms {
                    thread_ids: None,
                    grace_seconds: Some(30),
                },
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":6,"command":{"op":"updateSettings","settings":{"roomEndTime":null}}}"#,
            ClientMessage::Manage {
                request: 6,
                expected_revision: None,
                command: Command::UpdateSettings {
                    settings: SettingsPatch {
                        room_end_time: Some(None),
                        ..SettingsPatch::default()
                    },
                },
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":7,"command":{"op":"updateSettings","settings":{"disableReturnToMainMeeting":true}}}"#,
            ClientMessage::Manage {
                request: 7,
                expected_revision: None,
                command: Command::UpdateSettings {
                    settings: SettingsPatch {
                        disable_return_to_main_meeting: Some(true),
                        ..SettingsPatch::default()
                    },
                },
            },
        ),
        (
            r#"{"v":1,"type":"manage","request":8,"command":{"op":"setBreakoutRoomManager","participant":{"phoneNumber":"+15550100"},"enabled":false}}"#,
            ClientMessage::Manage {
                request: 8,
                expected_revision: None,
                command: Command::SetBreakoutRoomManager {
                    participant: Identifier::PhoneNumber {
                        phone_number: "+15550100".into(),
                    },
                    enabled: false,
                },
            },
        ),
    ];
    for (text, expected) in table {
        assert_eq!(decode::<ClientMessage>(text), Ok(expected), "{text}");
    }
}

#[test]
fn hand_written_host_messages_decode() {
    let table: Vec<(&str, HostMessage)> = vec![
        (r#"{"v":1,"type":"returned"}"#, HostMessage::Returned),
        (
            r#"{"v":1,"type":"welcome","kind":"meeting","breakoutRoomsEnabled":true,"role":"attendee"}"#,
            HostMessage::Welcome {
                kind: MeetingKind::Meeting,
                breakout_rooms_enabled: true,
                role: Role::Attendee,
                resumed: false,
            },
        ),
        (
            r#"{"v":1,"type":"assignment","room":null}"#,
            HostMessage::Assignment { room: None },
        ),
        (
            r#"{"v":1,"type":"reply","request":2,"reply":{"outcome":"ok","revision":5}}"#,
            HostMessage::Reply {
                request: 2,
                reply: Reply::Ok(ManageOutcome {
                    revision: 5,
                    rooms: vec![],
                    grouping: None,
                }),
            },
        ),
        (
            r#"{"v":1,"type":"reply","request":2,"reply":{"outcome":"err","error":"staleRevision","expected":1,"actual":2}}"#,
            HostMessage::Reply {
                request: 2,
                reply: Reply::Err(Error::StaleRevision {
                    expected: 1,
                    actual: 2,
                }),
            },
        ),
        (
            r#"{"v":1,"type":"presence","place":{"place":"main"},"reset":false,"joined":[],"left":[],"total":300}"#,
            HostMessage::Presence {
                place: Place::Main,
                reset: false,
                joined: vec![].into(),
                left: vec![].into(),
                total: Some(300),
            },
        ),
        (
            r#"{"v":1,"type":"presence","place":{"place":"room","threadId":"t"},"reset":true,"joined":[],"left":[]}"#,
            HostMessage::Presence {
                place: Place::Room {
                    thread_id: "t".into(),
                },
                reset: true,
                joined: vec![].into(),
                left: vec![].into(),
                total: None,
            },
        ),
    ];
    for (text, expected) in table {
        assert_eq!(decode::<HostMessage>(text), Ok(expected), "{text}");
    }
}

fn is_shape<T: std::fmt::Debug>(r: Result<T, DecodeError>) -> bool {
    matches!(r, Err(DecodeError::Shape(_)))
}

#[test]
fn out_of_range_and_wrong_types_are_shape_errors() {
    let manage =
        |command: &str| format!(r#"{{"v":1,"type":"manage","request":1,"command":{command}}}"#);
    let bad = [
        manage(r#"{"op":"createRooms","rooms":1099511627776}"#), // 2^40
        manage(r#"{"op":"createRooms","rooms":4294967296}"#),    // 2^32
        manage(r#"{"op":"createRooms","rooms":-1}"#),
        manage(r#"{"op":"createRooms","rooms":1.5}"#),
        manage(r#"{"op":"createRooms","rooms":null}"#),
        manage(r#"{"op":"createRooms","rooms":[[["Red"]]]}"#),
        manage(r#"{"op":"createRooms","rooms":[1,2]}"#),
        manage(r#"{"op":"createRooms"}"#),
        manage(r#"{"op":"createRooms","rooms":1,"extra":true}"#),
        manage(r#"{"op":"dance"}"#),
        manage(r#"{"op":"assignAutomatically","seed":-7}"#),
        manage(r#"{"op":"assignAutomatically","seed":18446744073709551616}"#),
        manage(r#"{"op":"updateSettings","settings":{"roomEndTime":-5}}"#),
        manage(r#"{"op":"updateSettings","settings":{"roomEndTime":1e300}}"#),
        manage(r#"{"op":"updateSettings","settings":{"unknown":1}}"#),
        manage(r#"{"op":"openRooms","threadIds":"x"}"#),
        manage(r#"{"op":"assignParticipants","threadId":"x","participants":[{"nobody":"y"}]}"#),
        manage(r#"{"op":"setBreakoutRoomManager","participant":{"id":"x"},"enabled":"yes"}"#),
        r#"{"v":1,"type":"manage","request":4294967296,"command":{"op":"openRooms"}}"#.into(),
        r#"{"v":1,"type":"manage","request":-1,"command":{"op":"openRooms"}}"#.into(),
        r#"{"v":1,"type":"manage","request":1,"expectedRevision":-1,"command":{"op":"openRooms"}}"#
            .into(),
        r#"{"v":1,"type":"manage","request":1,"expectedRevision":18446744073709551616,"command":{"op":"openRooms"}}"#
            .into(),
        r#"{"v":1,"type":"enterRoom"}"#.into(),
        r#"{"v":1,"type":"enterRoom","threadId":7}"#.into(),
        r#"{"v":1,"type":"enterRoom","threadId":"x","extra":1}"#.into(),
        r#"{"v":1,"type":"join","participant":{"communicationUserId":"a"},"displayName":"A","role":"king"}"#
            .into(),
        r#"{"v":1,"type":"dance"}"#.into(),
        r#"{"v":1}"#.into(),
        r#"{"v":1,"type":null}"#.into(),
    ];
    for text in &bad {
        let r = decode::<ClientMessage>(text);
        assert!(is_shape(r.clone()), "{text} gave {r:?}");
    }
    let host_bad = [
        r#"{"v":1,"type":"reply","request":1,"reply":{"outcome":"ok","revision":-1}}"#,
        r#"{"v":1,"type":"reply","request":1,"reply":{"outcome":"maybe"}}"#,
        r#"{"v":1,"type":"rooms","revision":1,"reset":true,"upserted":[{"threadId":"t"}],"removed":[]}"#,
        r#"{"v":1,"type":"welcome","kind":"webinar","breakoutRoomsEnabled":true,"role":"attendee"}"#,
        r#"{"v":1,"type":"settings","settings":{"disableReturnToMainMeeting":1,"autoMoveParticipantToBreakoutRoom":true}}"#,
        r#"{"v":1,"type":"presence","place":{"place":"hall"},"reset":true,"joined":[],"left":[]}"#,
    ];
    for text in &host_bad {
        let r = decode::<HostMessage>(text);
        assert!(is_shape(r.clone()), "{text} gave {r:?}");
    }
}

#[test]
fn versions_and_garbage() {
    let leave = |v: &str| format!(r#"{{"v":{v},"type":"leave"}}"#);
    for (v, n) in [
        ("0", 0u64),
        ("2", 2),
        ("3", 3),
        ("18446744073709551615", u64::MAX),
    ] {
        assert_eq!(
            decode::<ClientMessage>(&leave(v)),
            Err(DecodeError::Version(n))
        );
        assert_eq!(
            decode::<HostMessage>(&leave(v)),
            Err(DecodeError::Version(n))
        );
    }
    // A newer peer's message is a version error even when its body means nothing here.
    assert_eq!(
        decode::<ClientMessage>(r#"{"v":2,"type":"teleport","to":"mars"}"#),
        Err(DecodeError::Version(2))
    );
    for v in [r#""1""#, "null", "-1", "1.5", "true", "[]", "{}", "[1]"] {
        assert_eq!(
            decode::<ClientMessage>(&leave(v)),
            Err(DecodeError::NoVersion),
            "v = {v}"
        );
    }
    assert_eq!(
        decode::<ClientMessage>(r#"{"type":"leave"}"#),
        Err(DecodeError::NoVersion)
    );
    assert_eq!(decode::<HostMessage>("{}"), Err(DecodeError::NoVersion));
    for text in [
        "",
        " ",
        "null",
        "1",
        "\"leave\"",
        "[]",
        r#"[{"v":1,"type":"leave"}]"#,
        "{",
        r#"{"v":1,"type":"leave""#,
        r#"{"v":1,"type":"leave"} trailing"#,
        "\u{feff}{\"v\":1,\"type\":\"leave\"}",
        "{\"v\":1,\"type\":\"leave\"\u{0}}",
    ] {
        assert!(
            matches!(decode::<ClientMessage>(text), Err(DecodeError::Json(_))),
            "{text:?} gave {:?}",
            decode::<ClientMessage>(text)
        );
        assert!(matches!(
            decode::<HostMessage>(text),
            Err(DecodeError::Json(_))
        ));
    }
    // Deep nesting is refused by the parser, without overflowing the stack.
    for depth in [200, 100_000] {
        let deep = format!(
            r#"{{"v":1,"type":"enterRoom","threadId":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(decode::<ClientMessage>(&deep).is_err());
        assert!(decode::<HostMessage>(&deep).is_err());
    }
    let wide = format!(
        r#"{{"v":1,"type":"leave","x":[{}1]}}"#,
        "1,".repeat(100_000)
    );
    decode_checked(&wide).unwrap();
    // The errors convert to the protocol error hosts and clients report.
    let e: Error = DecodeError::Version(2).into();
    assert!(matches!(e, Error::Protocol { .. }));
    assert_eq!((e.code(), e.sub_code()), (400, 46913));
}

// ----- mutations -----

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    Swap(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let c = prop_oneof![
        prop::sample::select(vec![
            '"', '{', '}', '[', ']', ',', ':', '-', '.', '0', '9', 'e', '\\', ' '
        ]),
        any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), c.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<usize>(), c).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<usize>().prop_map(Edit::Swap),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len();
        match *e {
            Edit::Delete(i) if len > 0 => {
                chars.remove(i % len);
            }
            Edit::Insert(i, c) => chars.insert(i % (len + 1), c),
            Edit::Replace(i, c) if len > 0 => chars[i % len] = c,
            Edit::Swap(i) if len > 1 => chars.swap(i % len, (i + 1) % len),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Values that are out of range or of the wrong type almost everywhere.
fn nasty() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(u64::MAX),
            json!(1u64 << 40),
            json!(1u64 << 32),
            json!((1u64 << 53) + 1),
            json!(-1),
            json!(i64::MIN),
            json!(1.5),
            json!(1e300),
            json!(-0.0),
            json!(0),
            json!(null),
            json!([[[]]]),
            json!([]),
            json!({}),
            json!(""),
            json!("1"),
            json!(true),
            json!({"v": 1, "type": "leave"}),
        ]),
        json_value(),
    ]
}

/// Every node of a JSON value, as a JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum ValueEdit {
    Set(usize, Value),
    Remove(usize),
    AddField(usize, String, Value),
}

fn value_edit() -> impl Strategy<Value = ValueEdit> {
    prop_oneof![
        4 => (any::<usize>(), nasty()).prop_map(|(i, v)| ValueEdit::Set(i, v)),
        1 => any::<usize>().prop_map(ValueEdit::Remove),
        1 => (any::<usize>(), prop::sample::select(KEYS.to_vec()), nasty())
            .prop_map(|(i, k, v)| ValueEdit::AddField(i, k.to_owned(), v)),
    ]
}

fn apply_value(mut value: Value, edits: &[ValueEdit]) -> Value {
    for e in edits {
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        if all.is_empty() {
            continue;
        }
        let pick = |i: usize| all[i % all.len()].clone();
        match e {
            ValueEdit::Set(i, v) => {
                if let Some(slot) = value.pointer_mut(&pick(*i)) {
                    *slot = v.clone();
                }
            }
            ValueEdit::Remove(i) => {
                let p = pick(*i);
                let (parent, key) = p.rsplit_once('/').expect("pointers start with /");
                match value.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
            ValueEdit::AddField(i, k, v) => {
                let target = if i % 2 == 0 { String::new() } else { pick(*i) };
                if let Some(Value::Object(map)) = value.pointer_mut(&target) {
                    map.insert(k.clone(), v.clone());
                }
            }
        }
    }
    value
}

fn any_valid_text() -> impl Strategy<Value = String> {
    prop_oneof![
        client_message().prop_map(|m| encode(&m).unwrap()),
        host_message().prop_map(|m| encode(&m).unwrap()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_checked(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn random_text_never_panics(text in ".{0,64}") {
        decode_checked(&text)?;
    }

    #[test]
    fn random_json_never_panics(value in json_value()) {
        decode_checked(&value.to_string())?;
    }

    #[test]
    fn message_like_json_never_panics(value in message_like()) {
        decode_checked(&value.to_string())?;
    }

    #[test]
    fn client_messages_round_trip(m in client_message()) {
        let text = encode(&m).unwrap();
        prop_assert_eq!(decode::<ClientMessage>(&text), Ok(m), "{}", text);
    }

    #[test]
    fn host_messages_round_trip(m in host_message()) {
        let text = encode(&m).unwrap();
        prop_assert_eq!(decode::<HostMessage>(&text), Ok(m), "{}", text);
    }

    #[test]
    fn edited_text_never_panics(
        text in any_valid_text(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        decode_checked(&apply(&text, &edits))?;
    }

    #[test]
    fn edited_values_never_panic(
        text in any_valid_text(),
        edits in prop::collection::vec(value_edit(), 1..4),
    ) {
        let value: Value = serde_json::from_str(&text).unwrap();
        decode_checked(&apply_value(value, &edits).to_string())?;
    }

    #[test]
    fn wrong_versions_are_reported(
        text in any_valid_text(),
        v in prop_oneof![
            any::<u64>().prop_filter("not 1", |v| *v != 1).prop_map(Some),
            Just(None),
        ],
    ) {
        let mut value: Value = serde_json::from_str(&text).unwrap();
        let map = value.as_object_mut().unwrap();
        match v {
            Some(v) => { map.insert("v".into(), json!(v)); }
            None => { map.remove("v"); }
        }
        let text = value.to_string();
        let expected = v.map_or(DecodeError::NoVersion, DecodeError::Version);
        prop_assert_eq!(decode::<ClientMessage>(&text).err(), Some(expected.clone()));
        prop_assert_eq!(decode::<HostMessage>(&text).err(), Some(expected));
    }

    #[test]
    fn non_numeric_versions_are_no_version(
        text in any_valid_text(),
        v in prop_oneof![
            json_value().prop_filter("not a u64", |v| v.as_u64().is_none()),
            Just(json!("1")),
            Just(json!(-1)),
            Just(json!(1.5)),
        ],
    ) {
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value.as_object_mut().unwrap().insert("v".into(), v);
        let text = value.to_string();
        prop_assert_eq!(decode::<ClientMessage>(&text).err(), Some(DecodeError::NoVersion));
        prop_assert_eq!(decode::<HostMessage>(&text).err(), Some(DecodeError::NoVersion));
    }
}

// ----- nonsense that decodes: straight into a host and a client -----

fn drain(host: &mut Host) -> Vec<(PeerId, HostMessage)> {
    std::iter::from_fn(|| host.poll_transmit())
        .map(|t| (t.to, t.message))
        .collect()
}

fn join_as(who: &str, role: Role) -> ClientMessage {
    ClientMessage::Join {
        participant: id(who),
        display_name: who.to_owned(),
        role,
        resume: false,
        token: None,
    }
}

fn manage(request: u32, command: Command) -> ClientMessage {
    ClientMessage::Manage {
        request,
        expected_revision: None,
        command,
    }
}

fn reply_to(out: &[(PeerId, HostMessage)], peer: PeerId, request: u32) -> Option<Reply> {
    out.iter().find_map(|(to, m)| match m {
        HostMessage::Reply { request: r, reply } if *to == peer && *r == request => {
            Some(reply.clone())
        }
        _ => None,
    })
}

/// After whatever came before, the host still admits a new participant and runs the
/// usual flow with real clients.
fn host_still_serves(host: Host, now: u64) {
    let mut w = World {
        now,
        host,
        people: Vec::new(),
    };
    w.join("fresh-org", Role::Organizer);
    w.join("fresh-att", Role::Attendee);
    assert_eq!(w.main_state("fresh-org"), CallState::Connected);
    assert_eq!(w.main_state("fresh-att"), CallState::Connected);
    // Whatever settings came before, the usual ones.
    w.manage(
        "fresh-org",
        Command::UpdateSettings {
            settings: SettingsPatch {
                disable_return_to_main_meeting: Some(false),
                room_end_time: Some(None),
                auto_move_participant_to_breakout_room: Some(true),
                ..SettingsPatch::default()
            },
        },
    )
    .unwrap();
    let rooms = common::created(w.manage(
        "fresh-org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    ));
    let thread = rooms[0].thread_id.clone();
    w.manage(
        "fresh-org",
        Command::AssignParticipants {
            thread_id: thread.clone(),
            participants: vec![id("fresh-att")],
        },
    )
    .unwrap();
    w.manage(
        "fresh-org",
        Command::OpenRooms {
            thread_ids: Some(vec![thread.clone()]),
        },
    )
    .unwrap();
    assert_eq!(w.breakout_state("fresh-att"), Some(CallState::Connected));
    assert_eq!(
        w.host.place_of(&id("fresh-att")),
        Some(Place::Room { thread_id: thread })
    );
    assert!(w.client("fresh-att").breakout_rooms().is_none());
}

#[test]
fn host_survives_out_of_order_messages() {
    let mut host = Host::new(MeetingConfig::default());
    // Transports far from the ones `World` numbers from 1 in `host_still_serves`.
    let (a, b, c) = (PeerId(1001), PeerId(1002), PeerId(1003));
    let now = T0;

    // Before any join: everything is refused or ignored, nothing is created.
    host.handle_message(now, a, ClientMessage::Leave);
    host.handle_message(
        now,
        a,
        ClientMessage::EnterRoom {
            thread_id: "nowhere".into(),
        },
    );
    host.handle_message(now, a, ClientMessage::ReturnToMain);
    host.handle_message(
        now,
        a,
        manage(
            1,
            Command::CreateRooms {
                rooms: RoomSpec::Count(2),
            },
        ),
    );
    let out = drain(&mut host);
    assert_eq!(
        reply_to(&out, a, 1),
        Some(Reply::Err(Error::NotConnected)),
        "{out:?}"
    );
    assert!(out.iter().all(|(to, _)| *to == a));
    assert!(host.rooms().is_empty());
    assert_eq!(host.revision(), 0);
    assert_eq!(host.present().count(), 0);

    // A join, then a second join on the same transport: refused.
    host.handle_message(now, a, join_as("org", Role::Organizer));
    host.handle_message(now, a, join_as("org", Role::Organizer));
    host.handle_message(now, a, join_as("someone-else", Role::Attendee));
    let out = drain(&mut host);
    let refused = |out: &[(PeerId, HostMessage)], peer: PeerId| {
        out.iter()
            .filter(|(to, m)| *to == peer && matches!(m, HostMessage::JoinRefused { .. }))
            .count()
    };
    assert_eq!(refused(&out, a), 2, "{out:?}");
    assert_eq!(host.present().count(), 1);
    assert_eq!(host.role_of(&id("org")), Some(Role::Organizer));
    // The same person on another transport takes the place (a reload, a second device):
    // the first is told its calls ended, and the role is the new join's.
    host.handle_message(now, b, join_as("org", Role::Attendee));
    let out = drain(&mut host);
    assert_eq!(refused(&out, b), 0, "{out:?}");
    assert!(
        out.iter().any(|(to, m)| *to == a
            && matches!(
                m,
                HostMessage::Ended {
                    error: Error::JoinedElsewhere { .. }
                }
            )),
        "{out:?}"
    );
    assert_eq!(host.present().count(), 1);
    assert_eq!(host.role_of(&id("org")), Some(Role::Attendee));
    host.handle_message(now, b, join_as("org", Role::Organizer));
    drain(&mut host);
    host.handle_message(now, a, join_as("org", Role::Organizer));
    drain(&mut host);
    assert_eq!(host.role_of(&id("org")), Some(Role::Organizer));

    // Nonsense from the joined organizer: unknown rooms, a return from main, bad commands.
    host.handle_message(
        now,
        a,
        ClientMessage::EnterRoom {
            thread_id: "nowhere".into(),
        },
    );
    host.handle_message(now, a, ClientMessage::ReturnToMain);
    host.handle_message(
        now,
        a,
        manage(
            2,
            Command::CreateRooms {
                rooms: RoomSpec::Count(u32::MAX),
            },
        ),
    );
    host.handle_message(
        now,
        a,
        manage(
            3,
            Command::DeleteRoom {
                thread_id: "nowhere".into(),
            },
        ),
    );
    host.handle_message(
        now,
        a,
        manage(
            u32::MAX,
            Command::UpdateSettings {
                settings: SettingsPatch {
                    room_end_time: Some(Some(0)),
                    ..SettingsPatch::default()
                },
            },
        ),
    );
    host.handle_message(now, b, manage(4, Command::OpenRooms { thread_ids: None }));
    let out = drain(&mut host);
    assert!(matches!(
        out.iter().find(|(to, _)| *to == a).map(|(_, m)| m),
        Some(HostMessage::Refused {
            thread_id: Some(_),
            error: Error::UnknownRoom { .. }
        })
    ));
    assert!(out
        .iter()
        .any(|(to, m)| *to == a && *m == HostMessage::Returned));
    assert!(matches!(
        reply_to(&out, a, 2),
        Some(Reply::Err(Error::LimitExceeded { .. }))
    ));
    assert!(matches!(
        reply_to(&out, a, 3),
        Some(Reply::Err(Error::UnknownRoom { .. }))
    ));
    assert!(matches!(
        reply_to(&out, a, u32::MAX),
        Some(Reply::Err(Error::InvalidArgument { .. }))
    ));
    assert_eq!(reply_to(&out, b, 4), Some(Reply::Err(Error::NotConnected)));
    assert_eq!(host.revision(), 0);
    assert!(host.rooms().is_empty());

    // Leaving twice, a disconnect of a transport that never joined, timers from the past.
    host.handle_message(now, c, join_as("att", Role::Attendee));
    host.handle_message(now, c, ClientMessage::Leave);
    host.handle_message(now, c, ClientMessage::Leave);
    host.handle_disconnect(now, c);
    host.handle_disconnect(now, PeerId(1099));
    host.handle_timeout(0);
    host.handle_message(0, a, ClientMessage::ReturnToMain);
    drain(&mut host);
    assert_eq!(host.place_of(&id("att")), None);
    assert_eq!(host.place_of(&id("org")), Some(Place::Main));

    // The attendee's peer can join again after leaving.
    host.handle_message(now, c, join_as("att", Role::Attendee));
    let out = drain(&mut host);
    assert!(out
        .iter()
        .any(|(to, m)| *to == c && matches!(m, HostMessage::Welcome { .. })));
    assert_eq!(host.place_of(&id("att")), Some(Place::Main));
    host.handle_disconnect(now, a);
    host.handle_disconnect(now, c);
    drain(&mut host);

    host_still_serves(host, now);
}

#[test]
fn invalid_joins_are_refused() {
    let mut host = Host::new(MeetingConfig::default());
    let now = T0;
    let joins = [
        ClientMessage::Join {
            participant: id(""),
            display_name: "x".into(),
            role: Role::Attendee,
            resume: false,
            token: None,
        },
        ClientMessage::Join {
            participant: Identifier::communication_user(""),
            display_name: "x".into(),
            role: Role::Attendee,
            resume: false,
            token: None,
        },
        ClientMessage::Join {
            participant: Identifier::communication_user("   "),
            display_name: "x".into(),
            role: Role::Attendee,
            resume: false,
            token: None,
        },
        ClientMessage::Join {
            participant: Identifier::communication_user("y".repeat(300)),
            display_name: "x".into(),
            role: Role::Attendee,
            resume: false,
            token: None,
        },
        ClientMessage::Join {
            participant: id("long-name"),
            display_name: "n".repeat(10_000),
            role: Role::Attendee,
            resume: false,
            token: None,
        },
    ];
    for (n, join) in joins.into_iter().enumerate() {
        let peer = PeerId(n as u64 + 1001);
        host.handle_message(now, peer, join.clone());
        let out = drain(&mut host);
        let refused =
            matches!(out.as_slice(), [(to, HostMessage::JoinRefused { .. })] if *to == peer);
        // `id("")` is "8:acs:", a valid id; every other one here is not.
        assert_eq!(refused, n != 0, "{join:?} gave {out:?}");
    }
    host_still_serves(host, now);
}

#[test]
fn client_survives_unexpected_messages() {
    let mut client = Client::new(ClientConfig {
        identifier: id("c"),
        display_name: "C".into(),
        role: Role::Attendee,
        kind: MeetingKind::Meeting,
        seed: 1,
    });
    let open = room("t1", Some(vec![id("c"), id("d")]));
    let before_connect = vec![
        HostMessage::Entered {
            thread_id: "t1".into(),
        },
        HostMessage::Returned,
        HostMessage::Refused {
            thread_id: Some("t1".into()),
            error: Error::NotAssigned,
        },
        HostMessage::Refused {
            thread_id: None,
            error: Error::ReturnToMainDisabled,
        },
        HostMessage::Reply {
            request: 99,
            reply: Reply::Err(Error::NoRooms),
        },
        HostMessage::Rooms {
            revision: 5,
            reset: true,
            upserted: vec![open.clone()],
            removed: vec![],
            moves: vec![],
        },
        HostMessage::Assignment {
            room: Some(open.clone()),
        },
        HostMessage::Presence {
            place: Place::Room {
                thread_id: "t1".into(),
            },
            reset: true,
            joined: vec![Member {
                identifier: id("d"),
                display_name: "D".into(),
            }]
            .into(),
            left: vec![].into(),
            total: None,
        },
    ];
    for m in before_connect {
        client.handle_message(m);
    }
    assert!(
        client.breakout_rooms().is_none(),
        "an attendee keeps no room list"
    );
    assert!(
        client.breakout_call().is_none(),
        "no auto-move outside the meeting"
    );
    assert!(client.poll_transmit().is_none());

    client.connect().unwrap();
    assert!(client.connect().is_err(), "a second connect is refused");
    let after_connect = vec![
        HostMessage::Welcome {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            role: Role::Attendee,
            resumed: false,
        },
        HostMessage::Welcome {
            kind: MeetingKind::GroupCall,
            breakout_rooms_enabled: false,
            role: Role::Attendee,
            resumed: false,
        },
        HostMessage::Welcome {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            role: Role::Attendee,
            resumed: false,
        },
        HostMessage::Assignment {
            room: Some(open.clone()),
        },
        HostMessage::Entered {
            thread_id: "other".into(),
        },
        HostMessage::Entered {
            thread_id: "t1".into(),
        },
        HostMessage::Entered {
            thread_id: "t1".into(),
        },
        HostMessage::Presence {
            place: Place::Room {
                thread_id: "elsewhere".into(),
            },
            reset: false,
            joined: vec![].into(),
            left: vec![id("zzz")].into(),
            total: None,
        },
        HostMessage::Rooms {
            revision: u64::MAX,
            reset: false,
            upserted: vec![open.clone()],
            removed: vec!["t1".into(), "t1".into()],
            moves: vec![],
        },
        HostMessage::Returned,
        HostMessage::Refused {
            thread_id: None,
            error: Error::ReturnToMainDisabled,
        },
        HostMessage::RoleChanged {
            role: Role::BreakoutRoomManager,
        },
        HostMessage::Rooms {
            revision: 3,
            reset: false,
            upserted: vec![],
            removed: vec!["never-there".into()],
            moves: vec![],
        },
        HostMessage::RoleChanged {
            role: Role::Attendee,
        },
        HostMessage::Rooms {
            revision: 4,
            reset: true,
            upserted: vec![open.clone()],
            removed: vec![],
            moves: vec![],
        },
        HostMessage::Assignment { room: None },
        HostMessage::Assignment { room: None },
        HostMessage::JoinRefused {
            error: Error::AlreadyJoined {
                participant: "c".into(),
            },
        },
        HostMessage::JoinRefused {
            error: Error::NotConnected,
        },
        HostMessage::Assignment {
            room: Some(open.clone()),
        },
        HostMessage::Entered {
            thread_id: "t1".into(),
        },
    ];
    for m in after_connect {
        client.handle_message(m);
        if client.role() == Role::Attendee {
            assert!(client.breakout_rooms().is_none());
        }
    }
    let events: Vec<Event> = std::iter::from_fn(|| client.poll_event()).collect();
    assert!(!events.is_empty());
    assert_eq!(client.main_call().state, CallState::Disconnected);
    assert!(!client.breakout_call().is_some_and(|b| b.state.is_active()));
    // Operations on a call that has ended fail cleanly.
    let main = client.main_call().id.clone();
    assert!(client.join_breakout_room().is_err());
    assert!(client.hold(&main).is_err());
    assert!(client.resume(&main).is_err());
    assert!(client.hang_up(&main).is_ok());
    assert!(client
        .manage(Command::OpenRooms { thread_ids: None }, None)
        .is_err());
    client.handle_host_lost();
    client.handle_host_lost();
}

/// Replaces the thread ids `@0`, `@1` by the host's real rooms.
fn real_thread(t: &str, threads: &[String]) -> String {
    match t.strip_prefix('@').and_then(|i| i.parse::<usize>().ok()) {
        Some(i) if !threads.is_empty() => threads[i % threads.len()].clone(),
        _ => t.to_owned(),
    }
}

fn with_real_threads(m: ClientMessage, threads: &[String]) -> ClientMessage {
    let fix = |t: String| real_thread(&t, threads);
    let fix_all = |ts: Option<Vec<String>>| ts.map(|ts| ts.into_iter().map(fix).collect());
    match m {
        ClientMessage::EnterRoom { thread_id } => ClientMessage::EnterRoom {
            thread_id: fix(thread_id),
        },
        ClientMessage::Manage {
            request,
            expected_revision,
            command,
        } => ClientMessage::Manage {
            request,
            expected_revision,
            command: match command {
                Command::RenameRoom {
                    thread_id,
                    display_name,
                } => Command::RenameRoom {
                    thread_id: fix(thread_id),
                    display_name,
                },
                Command::DeleteRoom { thread_id } => Command::DeleteRoom {
                    thread_id: fix(thread_id),
                },
                Command::AssignParticipants {
                    thread_id,
                    participants,
                } => Command::AssignParticipants {
                    thread_id: fix(thread_id),
                    participants,
                },
                Command::OpenRooms { thread_ids } => Command::OpenRooms {
                    thread_ids: fix_all(thread_ids),
                },
                Command::CloseRooms {
                    thread_ids,
                    grace_seconds,
                } => Command::CloseRooms {
                    thread_ids: fix_all(thread_ids),
                    grace_seconds,
                },
                Command::ExtendClosing {
                    thread_ids,
                    seconds,
                } => Command::ExtendClosing {
                    thread_ids: fix_all(thread_ids),
                    seconds,
                },
                Command::CancelClosing { thread_ids } => Command::CancelClosing {
                    thread_ids: fix_all(thread_ids),
                },
                other => other,
            },
        },
        ClientMessage::VisitRoom { thread_id } => ClientMessage::VisitRoom {
            thread_id: fix(thread_id),
        },
        ClientMessage::Workshop { request, action } => ClientMessage::Workshop {
            request,
            action: match action {
                WorkshopAction::Broadcast {
                    text,
                    thread_ids,
                    main_meeting,
                } => WorkshopAction::Broadcast {
                    text,
                    thread_ids: fix_all(thread_ids),
                    main_meeting,
                },
                WorkshopAction::AcknowledgeHelp { thread_id } => WorkshopAction::AcknowledgeHelp {
                    thread_id: fix(thread_id),
                },
                other => other,
            },
        },
        other => other,
    }
}

fn fuzz_thread() -> BoxedStrategy<String> {
    prop::sample::select(vec!["@0", "@1", "@2", "nowhere", ""])
        .prop_map(str::to_owned)
        .boxed()
}

fn fuzz_who() -> BoxedStrategy<Identifier> {
    prop_oneof![
        4 => prop::sample::select(vec!["org", "att1", "att2", "mgr"]).prop_map(id),
        1 => Just(Identifier::communication_user("")),
        1 => identifier(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// Any sequence of well-formed messages from a few transports leaves a host that keeps
    /// its invariants and still serves newcomers.
    #[test]
    fn host_survives_any_message_sequence(
        messages in prop::collection::vec(
            (
                1001..1005u64,
                client_message_with(fuzz_thread(), fuzz_who()),
                prop::option::weighted(0.1, 0..120_000u64),
            ),
            0..40,
        ),
    ) {
        let mut host = Host::new(MeetingConfig::default());
        let mut now = T0;
        // Who each transport is, as far as the host's answers tell.
        let mut peers: HashMap<PeerId, Identifier> = HashMap::new();
        // Some rooms to aim at, made by a manager on a transport of its own.
        host.handle_message(now, PeerId(100), join_as("boss", Role::Organizer));
        host.handle_message(now, PeerId(100), manage(1, Command::CreateRooms { rooms: RoomSpec::Count(2) }));
        drain(&mut host);
        peers.insert(PeerId(100), id("boss"));
        for (peer, message, tick) in messages {
            let threads: Vec<String> = host.rooms().into_iter().map(|r| r.thread_id).collect();
            let message = with_real_threads(message, &threads);
            let (rev0, rooms0, settings0) = (host.revision(), host.rooms(), host.settings());
            let request = match &message {
                ClientMessage::Manage { request, .. } => Some(*request),
                _ => None,
            };
            let joining = match &message {
                ClientMessage::Join { participant, .. } => Some(participant.clone()),
                _ => None,
            };
            let leaving = message == ClientMessage::Leave;
            let mut roles: HashMap<PeerId, Role> = peers
                .iter()
                .filter_map(|(peer, who)| Some((*peer, host.role_of(who)?)))
                .collect();
            host.handle_message(now, PeerId(peer), message);
            let out = drain(&mut host);
            if let Some(request) = request {
                match reply_to(&out, PeerId(peer), request) {
                    Some(Reply::Err(_)) => {
                        prop_assert_eq!(host.revision(), rev0);
                        prop_assert_eq!(host.rooms(), rooms0);
                        prop_assert_eq!(host.settings(), settings0);
                    }
                    Some(Reply::Ok(outcome)) => {
                        prop_assert!(host.revision() <= rev0 + 1);
                        prop_assert_eq!(outcome.revision, host.revision());
                    }
                    None => prop_assert!(false, "no reply to request {}", request),
                }
            }
            if leaving {
                peers.remove(&PeerId(peer));
            }
            // What an attendee's transport receives never lists invitees.
            for (to, m) in &out {
                match m {
                    HostMessage::Welcome { role, .. } => {
                        let who = joining.clone().expect("a welcome answers a join");
                        peers.insert(*to, who);
                        roles.insert(*to, *role);
                    }
                    HostMessage::RoleChanged { role } => {
                        roles.insert(*to, *role);
                    }
                    _ => {}
                }
                if roles.get(to) == Some(&Role::Attendee) {
                    prop_assert!(!matches!(m, HostMessage::Rooms { .. }), "{m:?} to {to:?}");
                    if let HostMessage::Assignment { room: Some(r) } = m {
                        prop_assert!(r.invitees.is_none());
                    }
                }
            }
            for p in host.present().cloned().collect::<Vec<_>>() {
                match host.place_of(&p) {
                    Some(Place::Main) => {}
                    Some(Place::Room { thread_id }) => {
                        // SPEC 11: a manager may be visiting a room not assigned to them.
                        let visiting = host.role_of(&p).is_some_and(Role::is_manager);
                        prop_assert!(visiting || host.assignment_of(&p) == Some(thread_id.clone()));
                        prop_assert!(host.rooms().iter().any(|r| r.thread_id == thread_id && r.is_open()));
                    }
                    None => prop_assert!(false, "{p:?} is present but nowhere"),
                }
            }
            if let Some(tick) = tick {
                now += tick;
                host.handle_timeout(now);
                drain(&mut host);
            }
        }
        for peer in 1001..1005 {
            host.handle_disconnect(now, PeerId(peer));
        }
        drain(&mut host);
        host_still_serves(host, now);
    }

    /// Any sequence of well-formed host messages, in any order, leaves a client that does
    /// not panic and that ends every call when the host is lost.
    #[test]
    fn client_survives_any_message_sequence(
        connect in any::<bool>(),
        messages in prop::collection::vec(host_message(), 0..30),
        pokes in prop::collection::vec(0..9u8, 0..6),
    ) {
        let mut client = fuzz_client(connect);
        for (n, m) in messages.into_iter().enumerate() {
            client.handle_message(m);
            poke(&mut client, pokes.get(n).copied());
        }
        client.handle_host_lost();
        prop_assert!(!client.main_call().state.is_live());
        prop_assert!(!client.breakout_call().is_some_and(|b| b.state.is_active()));
    }

    /// After the welcome a host always sends first, whatever else arrives, an attendee
    /// holds no room list (SPEC 4).
    #[test]
    fn attendee_client_never_holds_rooms(
        role in role(),
        messages in prop::collection::vec(
            host_message().prop_filter("one welcome", |m| !matches!(m, HostMessage::Welcome { .. })),
            0..30,
        ),
        pokes in prop::collection::vec(0..9u8, 0..6),
    ) {
        let mut client = fuzz_client(true);
        client.handle_message(HostMessage::Welcome {
            kind: MeetingKind::Meeting,
            breakout_rooms_enabled: true,
            role, resumed: false,
});
        for (n, m) in messages.into_iter().enumerate() {
            client.handle_message(m.clone());
            if client.role() == Role::Attendee {
                prop_assert!(client.breakout_rooms().is_none(), "after {:?}", m);
                // SPEC 11: nothing of other rooms either: no rounds, no other room's
                // countdown, no one else's call for help.
                prop_assert!(client.rounds().is_empty(), "rounds after {:?}", m);
                let here = client
                    .breakout_call()
                    .filter(|b| b.state.is_active())
                    .and_then(|b| b.thread_id.clone());
                for (thread_id, _) in client.closings() {
                    prop_assert_eq!(Some(thread_id), here.as_deref(), "after {:?}", m);
                }
                for request in client.help_requests() {
                    prop_assert_eq!(&request.askers, &vec![id("c")], "after {:?}", m);
                }
                if let Some(r) = client.assigned_breakout_room() {
                    // Only what the host sent for this participant's own room.
                    if let HostMessage::Assignment { room: Some(sent) } = &m {
                        prop_assert_eq!(&r.invitees, &sent.invitees);
                    }
                }
            }
            poke(&mut client, pokes.get(n).copied());
        }
    }
}

fn fuzz_client(connect: bool) -> Client {
    let mut client = Client::new(ClientConfig {
        identifier: id("c"),
        display_name: "C".into(),
        role: Role::Attendee,
        kind: MeetingKind::Meeting,
        seed: 3,
    });
    if connect {
        client.connect().unwrap();
    }
    client
}

/// One of the client's own operations, then everything it produced is drained.
fn poke(client: &mut Client, which: Option<u8>) {
    if let Some(which) = which {
        let main = client.main_call().id.clone();
        let breakout = client.breakout_call().map(|b| b.id.clone());
        let _ = match which {
            0 => client.join_breakout_room(),
            1 => client.return_to_main_meeting(),
            2 => client.hold(&main),
            3 => client.resume(&main),
            4 => client.hang_up(breakout.as_ref().unwrap_or(&main)),
            5 => client.request_help(),
            6 => client.visit_room("t1"),
            7 => client.workshop(WorkshopAction::AcknowledgeHelp {
                thread_id: "t1".into(),
            }),
            _ => client.manage(Command::OpenRooms { thread_ids: None }, Some(1)),
        };
    }
    while client.poll_transmit().is_some() {}
    while client.poll_event().is_some() {}
}
