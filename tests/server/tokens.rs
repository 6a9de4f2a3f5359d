//! Who may join: signed tokens only (dev tokens only with --dev); every bad token gets
//! 401/46914 in a `joinRefused`, and the socket closes.

use breakout_rooms::core::protocol::HostMessage;
use breakout_rooms::core::token::DevToken;
use breakout_rooms::core::{Error, Role};
use breakout_rooms::server::auth::{mint, Claims, Secret};
use breakout_rooms::server::client::NativeClient;

use crate::harness::*;

/// Joins with `token` as `user`; the error of the `joinRefused` and the close code.
async fn refused(
    server: &Server,
    key: &str,
    user: &str,
    token: Option<String>,
) -> (Error, Option<u16>) {
    let mut client = NativeClient::connect(&server.ws(), key, token, config(user, Role::Organizer))
        .await
        .expect("the socket opens");
    let code = close_code(&mut client).await;
    let error = client
        .log
        .iter()
        .find_map(|m| match m {
            HostMessage::JoinRefused { error } => Some(error.clone()),
            _ => None,
        })
        .expect("a joinRefused before the close");
    (error, code)
}

fn claims(user: &str) -> Claims {
    Claims {
        sub: user.into(),
        name: Some(user.into()),
        role: Role::Organizer,
        mtg: Some("standup".into()),
        exp: now_s() + 600,
    }
}

#[tokio::test]
async fn bad_tokens_are_refused_with_401_46914_and_the_socket_closes() {
    let server = Server::start(&[]);
    let key = "meetingId:standup";
    let forged = mint(&Secret::new(vec![b'f'; 40]).unwrap(), &claims("alice")).unwrap();
    let expired = token_with(Claims {
        exp: now_s() - 120,
        ..claims("alice")
    });
    let other_meeting = token_with(Claims {
        mtg: Some("retro".into()),
        ..claims("alice")
    });
    let dev = DevToken {
        user_id: "alice".into(),
        display_name: None,
        role: Role::Organizer,
        exp: now_s() + 600,
    }
    .encode()
    .unwrap();
    // alg none with the claims of a signed token, and an empty signature.
    let none = {
        let signed = token_with(claims("alice"));
        let payload = signed.split('.').nth(1).unwrap().to_owned();
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")
    };
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("missing", None, "missing"),
        ("forged", Some(forged), "signature"),
        ("expired", Some(expired), "expired"),
        ("wrong meeting", Some(other_meeting), "'retro' only"),
        ("dev token without --dev", Some(dev), "--dev"),
        ("alg none", Some(none), "--dev"),
        ("garbage", Some("not.a.token".into()), "JWT"),
    ];
    for (case, token, why) in cases {
        let (error, code) = refused(&server, key, "alice", token).await;
        assert_eq!(
            (error.code(), error.sub_code()),
            (401, 46914),
            "{case}: {error}"
        );
        assert!(error.to_string().contains(why), "{case}: {error}");
        assert_eq!(code, Some(1008), "{case}");
    }
    // The right token still gets in, and a token for this meeting does too.
    let mut alice = NativeClient::connect(
        &server.ws(),
        key,
        Some(token_with(claims("alice"))),
        config("alice", Role::Organizer),
    )
    .await
    .unwrap();
    connected(&mut alice).await;
}

#[tokio::test]
async fn the_token_decides_who_and_what_role_not_the_join() {
    let server = Server::start(&[]);
    let key = "meetingLink:https://example.test/meet/standup";
    // Mallory's token is an attendee's; her join claims to be the organizer.
    let mut mallory = NativeClient::connect(
        &server.ws(),
        key,
        Some(token("mallory", Role::Attendee)),
        config("mallory", Role::Organizer),
    )
    .await
    .unwrap();
    connected(&mut mallory).await;
    assert!(mallory.log.iter().any(|m| matches!(
        m,
        HostMessage::Welcome {
            role: Role::Attendee,
            ..
        }
    )));
    assert_eq!(mallory.client().role(), Role::Attendee);
    let error = manage(
        &mut mallory,
        breakout_rooms::core::Command::CreateRooms {
            rooms: breakout_rooms::core::RoomSpec::Count(2),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.sub_code(), 46900, "{error}");
    // A join naming someone else than the token is refused.
    let mut imposter = NativeClient::connect(
        &server.ws(),
        key,
        Some(token("mallory", Role::Attendee)),
        config("alice", Role::Organizer),
    )
    .await
    .unwrap();
    assert_eq!(close_code(&mut imposter).await, Some(1008));
    let refused = imposter.log.iter().find_map(|m| match m {
        HostMessage::JoinRefused { error } => Some(error.clone()),
        _ => None,
    });
    assert!(refused.is_some_and(|e| e.sub_code() == 46914 && e.to_string().contains("'alice'")));
    // Mallory is still there, unaffected, and so is the meeting.
    let mut alice = join(&server, key, "alice", Role::Organizer).await;
    manage(
        &mut alice,
        breakout_rooms::core::Command::CreateRooms {
            rooms: breakout_rooms::core::RoomSpec::Count(1),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn dev_tokens_get_in_only_with_dev() {
    let server = Server::start(&["--dev"]);
    let dev = DevToken {
        user_id: "alice".into(),
        display_name: Some("Alice".into()),
        role: Role::Organizer,
        exp: now_s() + 600,
    }
    .encode()
    .unwrap();
    let mut alice = NativeClient::connect(
        &server.ws(),
        "meetingId:x",
        Some(dev),
        config("alice", Role::Organizer),
    )
    .await
    .unwrap();
    connected(&mut alice).await;
    // Signed tokens still work beside them.
    join(&server, "meetingId:x", "bob", Role::Attendee).await;
}

#[test]
fn the_token_command_prints_a_token_the_server_accepts() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakout-rooms-server"))
        .args([
            "token",
            "--user",
            "alice",
            "--name",
            "Alice",
            "--role",
            "organizer",
            "--meeting",
            "standup",
            "--ttl",
            "1h",
        ])
        .env("BREAKOUT_ROOMS_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    let verifier = breakout_rooms::server::auth::Verifier::new(Some(&secret()), false);
    let key = breakout_rooms::server::key::MeetingKey::parse("meetingId:standup").unwrap();
    let identity = verifier.verify(Some(&token), &key, now_ms()).unwrap();
    assert_eq!(
        (identity.display_name.as_str(), identity.role),
        ("Alice", Role::Organizer)
    );
    // Without a secret it says where one comes from, and never takes it from argv.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakout-rooms-server"))
        .args(["token", "--user", "alice"])
        .env_remove("BREAKOUT_ROOMS_SECRET")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--secret-file"));
}

/// The README's Node snippet (tests/server/node/mint-token.mjs, with `jose`) mints tokens
/// this server admits; the README shows exactly that code.
#[tokio::test]
async fn a_token_minted_in_node_with_jose_gets_in() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server/node");
    assert!(
        folder.join("node_modules/jose").is_dir(),
        "jose is not installed: run `bash scripts/setup.sh server`"
    );
    let output = std::process::Command::new("node")
        .arg(folder.join("mint-token.mjs"))
        .args(["carol", "Carol", "coOrganizer", "standup"])
        .env("BREAKOUT_ROOMS_SECRET", SECRET)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    let server = Server::start(&[]);
    let mut carol = NativeClient::connect(
        &server.ws(),
        "meetingId:standup",
        Some(token.clone()),
        config("carol", Role::CoOrganizer),
    )
    .await
    .unwrap();
    connected(&mut carol).await;
    assert_eq!(carol.client().role(), Role::CoOrganizer);
    // Its mtg claim keeps it out of other meetings.
    let (error, _) = refused(&server, "meetingId:retro", "carol", Some(token)).await;
    assert!(error.to_string().contains("'standup' only"), "{error}");

    let snippet = std::fs::read_to_string(folder.join("mint-token.mjs")).unwrap();
    let snippet = snippet.split("// end of snippet").next().unwrap().trim();
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(
        readme.contains(snippet),
        "the README shows tests/server/node/mint-token.mjs as it is"
    );
}
