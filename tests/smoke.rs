mod common;
use breakout_rooms::core::*;
use common::*;

#[test]
fn smoke() {
    let mut w = meeting_with(2);
    let rooms = created(w.manage(
        "org",
        Command::CreateRooms {
            rooms: RoomSpec::Count(2),
        },
    ));
    assert_eq!(rooms.len(), 2);
    w.manage(
        "org",
        Command::AssignParticipants {
            thread_id: rooms[0].thread_id.clone(),
            participants: vec![id("a1"), id("a2")],
        },
    )
    .unwrap();
    w.manage("org", Command::OpenRooms { thread_ids: None })
        .unwrap();
    assert_eq!(w.breakout_state("a1"), Some(CallState::Connected));
    assert_eq!(w.main_state("a1"), CallState::LocalHold);
    assert_eq!(w.remote_names("a1", true), vec!["a2"]);
    assert_eq!(w.remote_names("org", false), Vec::<String>::new());
    for e in w.events("a1") {
        println!("{e:?}");
    }
}
