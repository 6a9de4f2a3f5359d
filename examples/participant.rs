//! One participant on the meeting server, as a native client (the same core `Client` over a
//! WebSocket), driven line by line: for tests that put native clients and browser pages in one
//! meeting (`tests/server/browser.test.mjs`).
//!
//! `cargo run --features server --example participant -- ws://HOST:PORT KEY TOKEN USER`
//!
//! Prints one JSON line per event (`{"event":"ready"}` once joined, then `assigned`, `state`,
//! `done`, ...). Reads commands from stdin: `join` (the assigned room), `return` (to the main
//! meeting), `quit`.

use std::time::Duration;

use breakout_rooms::core::{CallState, ClientConfig, Event, Identifier, MeetingKind, Role};
use breakout_rooms::server::client::{NativeClient, Received};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [server, key, token, user] = args.as_slice() else {
        return Err("usage: participant ws://HOST:PORT KEY TOKEN USER".into());
    };
    let config = ClientConfig {
        identifier: Identifier::communication_user(user.clone()),
        display_name: user.clone(),
        role: Role::Attendee, // the server takes the role from the token
        kind: MeetingKind::Meeting,
        seed: 7,
    };
    let mut native = NativeClient::connect(server, key, Some(token.clone()), config).await?;
    let mut commands = BufReader::new(tokio::io::stdin()).lines();
    let mut ready = false;
    loop {
        tokio::select! {
            received = native.next() => match received? {
                Received::Event(event) => {
                    let main = native.client().main_call().id.clone();
                    let line = match &event {
                        Event::StateChanged { call, state } if *call == main => {
                            if *state == CallState::Connected && !ready {
                                ready = true;
                                println!("{}", json!({ "event": "ready" }));
                            }
                            json!({ "event": "state", "call": "main", "state": state.name() })
                        }
                        Event::StateChanged { state, .. } => {
                            json!({ "event": "state", "call": "breakout", "state": state.name() })
                        }
                        Event::AssignedBreakoutRooms(room) => json!({
                            "event": "assigned",
                            "room": room.as_ref().map(|r| r.display_name.clone()),
                            "state": room.as_ref().map(|r| if r.is_open() { "open" } else { "closed" }),
                        }),
                        Event::BreakoutRoomsSettings(s) => json!({ "event": "settings", "roomEndTime": s.room_end_time }),
                        Event::Join { .. } => json!({ "event": "join" }),
                        Event::Completed { result, .. } => json!({ "event": "done", "ok": result.is_ok() }),
                        Event::RemoteParticipantsUpdated { added, removed, .. } => json!({
                            "event": "remotes",
                            "added": added.iter().map(|m| m.display_name.clone()).collect::<Vec<_>>(),
                            "removed": removed.iter().map(|m| m.display_name.clone()).collect::<Vec<_>>(),
                        }),
                        other => json!({ "event": format!("{other:?}") }),
                    };
                    println!("{line}");
                }
                Received::Rejected(error) => println!("{}", json!({ "event": "rejected", "error": error.to_string() })),
                Received::Closed(how) => {
                    println!("{}", json!({ "event": "closed", "code": how.map(|(c, _)| c) }));
                    return Ok(());
                }
            },
            line = commands.next_line() => {
                let result = match line?.as_deref() {
                    Some("join") => native.client_mut().join_breakout_room().map(|_| ()),
                    Some("return") => native.client_mut().return_to_main_meeting().map(|_| ()),
                    Some("quit") | None => {
                        native.close().await;
                        return Ok(());
                    }
                    Some(other) => {
                        println!("{}", json!({ "event": "unknown command", "command": other }));
                        Ok(())
                    }
                };
                if let Err(error) = result {
                    println!("{}", json!({ "event": "refused", "error": error.to_string() }));
                }
                native.flush().await?;
            }
            _ = tokio::time::sleep(Duration::from_secs(60)) => return Err("idle for a minute".into()),
        }
    }
}
