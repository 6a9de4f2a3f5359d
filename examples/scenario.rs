//! A meeting with breakout rooms, from start to end, printing what each participant
//! sees: the same events a `breakoutRoomsUpdated` listener would get.
//!
//! Run with `cargo run --example scenario`.

use breakout_rooms::core::*;

const START: u64 = 1_700_000_000_000;

struct Demo {
    meeting: LocalMeeting,
    names: Vec<(PeerId, String)>,
    now: u64,
}

impl Demo {
    fn join(&mut self, name: &str, role: Role) -> PeerId {
        let peer = self
            .meeting
            .add(ClientConfig {
                identifier: Identifier::communication_user(format!("8:acs:{name}")),
                display_name: name.to_owned(),
                role,
                kind: MeetingKind::Meeting,
                seed: self.names.len() as u64,
            })
            .expect("a new client connects");
        self.names.push((peer, name.to_owned()));
        println!("\n== {name} joins as {role:?}");
        self.pump();
        peer
    }

    fn say(&self, what: &str) {
        println!("\n== {what}");
    }

    fn manage(&mut self, peer: PeerId, command: Command) {
        self.say(&format!("{}: {}", self.name(peer), command.name()));
        let client = self.meeting.client_mut(peer).expect("joined");
        if let Err(e) = client.manage(command, None) {
            println!("   refused at once: {e}");
        }
        self.pump();
    }

    fn name(&self, peer: PeerId) -> &str {
        &self
            .names
            .iter()
            .find(|(p, _)| *p == peer)
            .expect("known")
            .1
    }

    fn pump(&mut self) {
        for (peer, event) in self.meeting.pump(self.now) {
            if let Some(line) = describe(&event) {
                println!(
                    "   [{:>3}s] {:<6} {line}",
                    (self.now - START) / 1000,
                    self.name(peer)
                );
            }
        }
    }

    /// Lets virtual time pass, firing the host's room end timer on the way.
    fn wait(&mut self, ms: u64) {
        self.say(&format!("{} seconds pass", ms / 1000));
        let target = self.now + ms;
        while let Some(at) = self.meeting.poll_timeout().filter(|at| *at <= target) {
            self.now = at;
            self.meeting.handle_timeout(at);
            self.pump();
        }
        self.now = target;
    }
}

fn describe(event: &Event) -> Option<String> {
    Some(match event {
        Event::BreakoutRooms(Some(rooms)) if rooms.is_empty() => {
            "breakoutRooms: no rooms yet".into()
        }
        Event::BreakoutRooms(Some(rooms)) => format!(
            "breakoutRooms: {}",
            rooms
                .iter()
                .map(|r| format!(
                    "{} ({:?}, {} invited)",
                    r.display_name,
                    r.state,
                    r.invitees.as_ref().map_or(0, Vec::len)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Event::BreakoutRooms(None) => "breakoutRooms: undefined".into(),
        Event::AssignedBreakoutRooms(Some(r)) => format!(
            "assignedBreakoutRooms: {} is {:?}, autoMove {}",
            r.display_name, r.state, r.auto_move_participant_to_breakout_room
        ),
        Event::AssignedBreakoutRooms(None) => "assignedBreakoutRooms: none".into(),
        Event::BreakoutRoomsSettings(s) => format!(
            "breakoutRoomsSettings: return to main {}, ends {}",
            if s.disable_return_to_main_meeting {
                "disabled"
            } else {
                "allowed"
            },
            s.room_end_time
                .map_or("never".into(), |t| format!("at +{}s", (t - START) / 1000))
        ),
        Event::Join { call } => format!("join: breakout call {}", &call.0[..8]),
        Event::StateChanged { call, state } => format!("call {} is {state:?}", &call.0[..8]),
        Event::RoleChanged(role) => format!("role is now {role:?}"),
        Event::HandRaised {
            participant, order, ..
        } => format!("{} raised a hand (#{order})", participant.raw_id()),
        Event::HandLowered { participant, .. } => {
            format!("{}'s hand is down", participant.raw_id())
        }
        Event::Completed { result: Err(e), .. } => {
            format!("error {}/{}: {e}", e.code(), e.sub_code())
        }
        Event::RoomClosing {
            closes_at: Some(at),
            ..
        } => format!("the room closes at +{}s", (at - START) / 1000),
        Event::RoomClosing {
            closes_at: None, ..
        } => "the room is no longer closing".into(),
        Event::Broadcast(b) => format!("broadcast from {}: {}", b.sender.display_name, b.text),
        Event::HelpRequest {
            request: Some(r), ..
        } => match &r.acknowledged_by {
            Some(by) => format!("help is coming from {}", by.raw_id()),
            None => format!("{} asked for help", r.askers.len()),
        },
        Event::HelpRequest { request: None, .. } => "the call for help is over".into(),
        Event::ConnectionLost => "the connection is lost: every call ended".into(),
        Event::RemoteParticipantsUpdated { .. }
        | Event::HeadCountChanged { .. }
        | Event::Completed { .. }
        | Event::Rounds => return None,
    })
}

fn main() {
    let mut demo = Demo {
        meeting: LocalMeeting::new(MeetingConfig::default()),
        names: Vec::new(),
        now: START,
    };
    let alice = demo.join("alice", Role::Organizer);
    let names = ["bob", "carol", "dave", "erin"];
    let people: Vec<PeerId> = names.iter().map(|n| demo.join(n, Role::Attendee)).collect();

    demo.manage(
        alice,
        Command::CreateRooms {
            rooms: RoomSpec::Names(vec!["Red".into(), "Blue".into()]),
        },
    );
    demo.manage(alice, Command::AssignAutomatically { seed: Some(7) });
    demo.manage(
        alice,
        Command::UpdateSettings {
            settings: SettingsPatch {
                room_end_time: Some(Some(START + 120_000)),
                ..Default::default()
            },
        },
    );
    demo.manage(alice, Command::OpenRooms { thread_ids: None });

    demo.say("bob tries to manage rooms");
    let bob = people[0];
    let _ = demo.meeting.client_mut(bob).expect("joined").manage(
        Command::CloseRooms {
            thread_ids: None,
            grace_seconds: None,
        },
        None,
    );
    demo.pump();

    demo.say("carol leaves her room early");
    let _ = demo
        .meeting
        .client_mut(people[1])
        .expect("joined")
        .return_to_main_meeting();
    demo.pump();

    demo.wait(120_000);
    demo.say("everyone is back in the main meeting");
    for &peer in &people {
        let client = demo.meeting.client(peer).expect("joined");
        println!(
            "   {:<6} main call {:?}, breakout call {:?}",
            demo.name(peer),
            client.main_call().state,
            client.breakout_call().map(|c| c.state)
        );
    }
}
