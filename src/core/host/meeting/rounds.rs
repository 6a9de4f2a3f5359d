//! The history of rounds (SPEC 11): who was with whom, and when. The first rooms start
//! round 1; `recreateRooms` and an `assignAutomatically` that places anyone start the next.
//! A round's groups are the rooms as they are while it runs, and are kept as they were when
//! it ended. Managers read the history; automatic assignment avoids its pairs when asked.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Meeting, Slot};
use crate::core::protocol::HostMessage;
use crate::core::workshop::{Round, RoundGroup, RoundStart};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Rounds {
    /// Ended rounds, oldest first; at most `maxRoundsKept`.
    past: VecDeque<PastRound>,
    current: Option<RoundStart>,
    next: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct PastRound {
    number: u32,
    started_at: u64,
    ended_at: u64,
    groups: Vec<PastGroup>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct PastGroup {
    thread_id: String,
    display_name: String,
    members: Vec<Slot>,
}

impl Rounds {
    /// Whether there is any history to tell: a round ran or runs.
    pub fn is_started(&self) -> bool {
        self.current.is_some() || !self.past.is_empty()
    }
}

impl Meeting {
    /// Round 1 starts with the first rooms.
    pub(super) fn first_round(&mut self, now: u64) {
        if self.workshop.rounds.current.is_none() {
            self.start_round(now);
        }
    }

    /// Ends the round that runs, keeping who was with whom, and starts the next. A round in
    /// which nobody was in any room is not history: it simply goes on.
    pub(super) fn next_round(&mut self, now: u64) {
        let groups = self.groups_now();
        let Some(current) = self.workshop.rounds.current else {
            return self.start_round(now);
        };
        if groups.is_empty() {
            return;
        }
        let rounds = &mut self.workshop.rounds;
        rounds.past.push_back(PastRound {
            number: current.number,
            started_at: current.started_at,
            ended_at: now,
            groups,
        });
        let kept = self.config.limits.max_rounds_kept as usize;
        let forgot = rounds.past.len() > kept;
        while rounds.past.len() > kept {
            rounds.past.pop_front();
        }
        let ended = match self.workshop.rounds.past.back() {
            Some(round) if !forgot => Some(self.round_view(round)),
            _ => None,
        };
        self.start_round_quietly(now);
        let message = match ended {
            Some(round) => HostMessage::Rounds {
                reset: false,
                ended: vec![Arc::new(round)],
                current: self.workshop.rounds.current,
            },
            None => self.rounds_for_manager(),
        };
        self.tell_managers(&message);
    }

    fn start_round(&mut self, now: u64) {
        self.start_round_quietly(now);
        let message = HostMessage::Rounds {
            reset: false,
            ended: Vec::new(),
            current: self.workshop.rounds.current,
        };
        self.tell_managers(&message);
    }

    fn start_round_quietly(&mut self, now: u64) {
        let rounds = &mut self.workshop.rounds;
        rounds.next = rounds.next.max(1);
        rounds.current = Some(RoundStart {
            number: rounds.next,
            started_at: now,
        });
        rounds.next += 1;
    }

    fn tell_managers(&mut self, message: &HostMessage) {
        let managers: Vec<Slot> = self.managers.iter().copied().collect();
        for slot in managers {
            self.workshop.tell(slot, message.clone());
        }
    }

    /// The rooms anyone is assigned to, as they are.
    fn groups_now(&self) -> Vec<PastGroup> {
        self.rooms
            .values()
            .filter(|r| !r.invitees.is_empty())
            .map(|r| PastGroup {
                thread_id: r.thread_id.clone(),
                display_name: r.display_name.clone(),
                members: r.invitees.iter().copied().collect(),
            })
            .collect()
    }

    /// Every ended round's groups, for counting who met whom.
    pub(super) fn past_groups(&self) -> Vec<Vec<Slot>> {
        self.workshop
            .rounds
            .past
            .iter()
            .flat_map(|r| r.groups.iter().map(|g| g.members.clone()))
            .collect()
    }

    fn round_view(&self, round: &PastRound) -> Round {
        Round {
            number: round.number,
            started_at: round.started_at,
            ended_at: Some(round.ended_at),
            groups: round
                .groups
                .iter()
                .map(|g| RoundGroup {
                    thread_id: g.thread_id.clone(),
                    display_name: g.display_name.clone(),
                    members: g
                        .members
                        .iter()
                        .map(|s| self.participant(*s).identifier.clone())
                        .collect(),
                })
                .collect(),
        }
    }

    /// Every round kept, oldest first, with the one running (its groups as they are now).
    pub fn rounds(&self) -> Vec<Round> {
        let rounds = &self.workshop.rounds;
        let mut all: Vec<Round> = rounds.past.iter().map(|r| self.round_view(r)).collect();
        if let Some(current) = rounds.current {
            let running = PastRound {
                number: current.number,
                started_at: current.started_at,
                ended_at: 0,
                groups: self.groups_now(),
            };
            all.push(Round {
                ended_at: None,
                ..self.round_view(&running)
            });
        }
        all
    }

    /// The whole history, for a manager who just arrived or just became one.
    pub(super) fn rounds_for_manager(&self) -> HostMessage {
        HostMessage::Rounds {
            reset: true,
            ended: self
                .workshop
                .rounds
                .past
                .iter()
                .map(|r| Arc::new(self.round_view(r)))
                .collect(),
            current: self.workshop.rounds.current,
        }
    }
}
