//! Bad input and abuse: the offender gets a typed error and/or loses its connection;
//! everyone else goes on as if nothing happened.

use breakout_rooms::core::{Command, Role, RoomSpec};
use breakout_rooms::server::client::NativeClient;
use tokio_tungstenite::tungstenite::Message;

use crate::harness::*;

#[tokio::test]
async fn garbage_wrong_versions_and_binary_frames_get_a_typed_error_to_the_sender_only() {
    let server = Server::start(&[]);
    let key = "meetingId:abuse";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut mallory = join(&server, key, "mallory", Role::Attendee).await;
    let cases = [
        ("not json", "46913"),
        (r#"{"v":2,"type":"leave"}"#, "version 2"),
        (r#"{"type":"leave"}"#, "version"),
        (r#"{"v":1,"type":"fly"}"#, "malformed"),
        (r#"[1,2,3]"#, "object"),
    ];
    for (text, why) in cases {
        mallory.send_text(text).await.unwrap();
        let error = rejected(&mut mallory).await;
        assert_eq!(error.sub_code(), 46913, "{text}: {error}");
        if why != "46913" {
            assert!(error.to_string().contains(why), "{text}: {error}");
        }
    }
    mallory
        .send_frame(Message::binary(vec![1, 2, 3]))
        .await
        .unwrap();
    assert_eq!(rejected(&mut mallory).await.sub_code(), 46913);
    // A join naming alice, on mallory's connection: refused, and alice is untouched.
    mallory
        .send_text(r#"{"v":1,"type":"join","participant":{"communicationUserId":"alice"},"displayName":"A","role":"organizer"}"#)
        .await
        .unwrap();
    assert_eq!(rejected(&mut mallory).await.sub_code(), 46914);
    // Mallory is still in the meeting; alice never heard a thing and still manages.
    manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    )
    .await
    .unwrap();
    let heard = alice.settle(std::time::Duration::from_millis(200)).await;
    assert!(!heard
        .iter()
        .any(|r| matches!(r, breakout_rooms::server::client::Received::Rejected(_))));
    assert!(!alice
        .log
        .iter()
        .any(|m| matches!(m, breakout_rooms::core::HostMessage::Rejected { .. })));
}

#[tokio::test]
async fn an_oversized_message_is_refused_and_closes_with_1009() {
    let server = Server::start(&["--max-message-bytes", "4096"]);
    let key = "meetingId:big";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut mallory = join(&server, key, "mallory", Role::Attendee).await;
    let name = "x".repeat(5000);
    mallory
        .send_text(format!(
            r#"{{"v":1,"type":"enterRoom","threadId":"{name}"}}"#
        ))
        .await
        .unwrap();
    let error = rejected(&mut mallory).await;
    assert_eq!(error.sub_code(), 46905, "{error}");
    assert!(error.to_string().contains("bytes per message"), "{error}");
    assert_eq!(close_code(&mut mallory).await, Some(1009));
    manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    )
    .await
    .unwrap();
}

/// Mallory sends `frame` 200 times at 5 a second: a typed error, then close 1008, and
/// alice, at the same rate, is untouched.
async fn a_flood_of(frame: Message, key: &str) {
    let server = Server::start(&["--messages-per-second", "5", "--burst", "10"]);
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let mut mallory = join(&server, key, "mallory", Role::Attendee).await;
    for _ in 0..200 {
        if mallory.send_frame(frame.clone()).await.is_err() {
            break;
        }
    }
    let error = rejected(&mut mallory).await;
    assert_eq!(error.sub_code(), 46905);
    assert!(error.to_string().contains("messages per second"), "{error}");
    assert_eq!(close_code(&mut mallory).await, Some(1008));
    manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_flood_is_rate_limited_then_disconnected_alone() {
    a_flood_of(
        Message::text(r#"{"v":1,"type":"returnToMain"}"#),
        "meetingId:flood",
    )
    .await;
}

#[tokio::test]
async fn a_ping_flood_counts_against_the_rate_and_disconnects_alone() {
    a_flood_of(Message::Ping(Default::default()), "meetingId:pings").await;
}

#[test]
fn a_request_that_is_not_a_websocket_handshake_is_refused_naming_what_is_missing() {
    let server = Server::start(&[]);
    let path = "/meeting?key=meetingId:handshake";
    let upgrade = ("Connection", "upgrade, close");
    let websocket = ("Upgrade", "websocket");
    let version = ("Sec-WebSocket-Version", "13");
    type Headers<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Headers, u16, &str); 5] = [
        (&[], 400, "Connection: upgrade"),
        (&[upgrade], 400, "Upgrade: websocket"),
        (&[upgrade, ("Upgrade", "h2c")], 400, "Upgrade: websocket"),
        (&[upgrade, websocket], 426, "Sec-WebSocket-Version: 13"),
        (&[upgrade, websocket, version], 400, "Sec-WebSocket-Key"),
    ];
    for (headers, status, why) in cases {
        let (got, body) = request(&server, path, headers);
        assert_eq!(got, status, "{headers:?}: {body}");
        assert!(body.contains(why), "{headers:?}: {body}");
    }
    // The server still upgrades a real handshake.
    tokio::runtime::Runtime::new().unwrap().block_on(join(
        &server,
        "meetingId:handshake",
        "alice",
        Role::Organizer,
    ));
}

#[tokio::test]
async fn connection_limits_refuse_the_extra_connection_only() {
    let server = Server::start(&["--max-connections-per-address", "2"]);
    let key = "meetingId:crowd";
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    let _bob = join(&server, key, "bob", Role::Attendee).await;
    let mut carol = NativeClient::connect(
        &server.ws(),
        key,
        Some(token("carol", Role::Attendee)),
        config("carol", Role::Attendee),
    )
    .await
    .unwrap();
    let error = rejected(&mut carol).await;
    assert_eq!(error.sub_code(), 46905);
    assert!(
        error.to_string().contains("connections from one address"),
        "{error}"
    );
    assert_eq!(close_code(&mut carol).await, Some(1013));
    manage(
        &mut alice,
        Command::CreateRooms {
            rooms: RoomSpec::Count(1),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn idle_connections_and_silent_sockets_are_closed() {
    let server = Server::start(&["--idle-timeout", "1"]);
    // A socket that never joins.
    let (mut silent, _) =
        tokio_tungstenite::connect_async(format!("{}/meeting?key=meetingId:idle", server.ws()))
            .await
            .unwrap();
    use futures_util::StreamExt;
    let closed = tokio::time::timeout(WAIT, async {
        while let Some(Ok(frame)) = silent.next().await {
            if let Message::Close(frame) = frame {
                return frame.map(|f| u16::from(f.code));
            }
        }
        None
    })
    .await
    .unwrap();
    assert_eq!(closed, Some(1001));
}

#[tokio::test]
async fn origins_outside_the_allow_list_are_refused() {
    let server = Server::start(&["--allow-origin", "https://app.example.test"]);
    let key = "meetingId:o";
    // One user per connection: each is a participant of its own.
    let connect = |origin: &'static str, user: &'static str| {
        let ws = server.ws();
        async move {
            let options = breakout_rooms::server::client::Options {
                origin: Some(origin.to_owned()),
                ..Default::default()
            };
            NativeClient::connect_with(
                &ws,
                key,
                &options,
                Some(token(user, Role::Attendee)),
                config(user, Role::Attendee),
            )
            .await
        }
    };
    let refused = connect("https://evil.example.test", "mallory").await;
    assert!(
        matches!(
            refused,
            Err(breakout_rooms::server::client::ClientError::Socket(_))
        ),
        "{:?}",
        refused.err()
    );
    let own = format!("http://{}", server.address);
    let own: &'static str = Box::leak(own.into_boxed_str());
    let mut same = connect(own, "alice").await.unwrap();
    connected(&mut same).await;
    let mut allowed = connect("https://app.example.test", "bob").await.unwrap();
    connected(&mut allowed).await;
}

/// Behind a reverse proxy every connection comes from the proxy's address. With
/// `--trusted-proxy`, the per-address limit counts the client the proxy names in
/// `X-Forwarded-For`; without it, the header is not believed.
#[tokio::test]
async fn behind_a_trusted_proxy_connections_count_per_forwarded_client() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    type Socket = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;
    async fn open(server: &Server, forwarded_for: &str) -> Socket {
        let url = format!("{}/meeting?key=meetingId:proxied", server.ws());
        let mut request = url.into_client_request().unwrap();
        request
            .headers_mut()
            .insert("x-forwarded-for", forwarded_for.parse().unwrap());
        tokio_tungstenite::connect_async(request).await.unwrap().0
    }
    /// Joins on the socket: `Ok` with the welcome, or `Err` with the close code.
    async fn join_on(socket: &mut Socket, user: &str) -> Result<(), Option<u16>> {
        let join = serde_json::json!({
            "v": 1, "type": "join", "participant": { "communicationUserId": user },
            "displayName": user, "role": "attendee", "token": token(user, Role::Attendee),
        });
        let _ = socket.send(Message::text(join.to_string())).await;
        tokio::time::timeout(WAIT, async {
            while let Some(Ok(frame)) = socket.next().await {
                match frame {
                    Message::Text(text) if text.contains(r#""type":"welcome""#) => return Ok(()),
                    Message::Close(frame) => return Err(frame.map(|f| u16::from(f.code))),
                    _ => {}
                }
            }
            Err(None)
        })
        .await
        .expect("an answer")
    }

    let trusting = Server::start(&[
        "--max-connections-per-address",
        "1",
        "--trusted-proxy",
        "127.0.0.1",
    ]);
    let mut ann = open(&trusting, "198.51.100.1").await;
    let mut bob = open(&trusting, "6.6.6.6, 198.51.100.2").await;
    let mut ann_again = open(&trusting, "198.51.100.1").await;
    assert_eq!(join_on(&mut ann, "ann").await, Ok(()));
    assert_eq!(join_on(&mut bob, "bob").await, Ok(()), "another client");
    assert_eq!(
        join_on(&mut ann_again, "ann2").await,
        Err(Some(1013)),
        "the same client twice"
    );

    let wary = Server::start(&["--max-connections-per-address", "1"]);
    let mut ann = open(&wary, "198.51.100.1").await;
    let mut bob = open(&wary, "198.51.100.2").await;
    assert_eq!(join_on(&mut ann, "ann").await, Ok(()));
    assert_eq!(
        join_on(&mut bob, "bob").await,
        Err(Some(1013)),
        "an untrusted X-Forwarded-For is not believed"
    );
}
