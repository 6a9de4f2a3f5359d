//! The workshop features' state (SPEC 11), and what they have to tell people.
//!
//! Countdowns, help requests, broadcasts and rounds each keep their own state (in the files
//! beside this one); their messages wait in one outbox, which the host empties after each
//! input, once the room updates of the same step are out.

use serde::{Deserialize, Serialize};

use super::broadcast::Broadcasts;
use super::closing::Closings;
use super::help::HelpDesk;
use super::rounds::Rounds;
use super::{Meeting, Slot};
use crate::core::error::Error;
use crate::core::protocol::HostMessage;
use crate::core::workshop::WorkshopAction;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Workshop {
    pub closings: Closings,
    pub help: HelpDesk,
    pub broadcasts: Broadcasts,
    pub rounds: Rounds,
    /// Messages not yet handed to the host: transient, so not part of a snapshot.
    #[serde(skip)]
    pub outbox: Vec<(Slot, HostMessage)>,
}

impl Workshop {
    pub fn tell(&mut self, slot: Slot, message: HostMessage) {
        self.outbox.push((slot, message));
    }

    pub fn take_news(&mut self) -> Vec<(Slot, HostMessage)> {
        std::mem::take(&mut self.outbox)
    }

    pub fn has_news(&self) -> bool {
        !self.outbox.is_empty()
    }
}

impl Meeting {
    /// Runs a workshop action from `actor`: checks who may, then the action's own rules.
    pub fn act(&mut self, now: u64, actor: Slot, action: &WorkshopAction) -> Result<(), Error> {
        self.check_breakout_rooms()?;
        if action.needs_manager() && !self.participant(actor).role.is_manager() {
            return Err(Error::NotAManager {
                operation: action.name().to_owned(),
            });
        }
        match action {
            WorkshopAction::Broadcast {
                text,
                thread_ids,
                main_meeting,
            } => {
                let rooms = self.room_ids_or_all(thread_ids.as_deref())?;
                self.broadcast(now, actor, text, &rooms, *main_meeting)
            }
            WorkshopAction::RequestHelp => self.request_help(now, actor),
            WorkshopAction::AcknowledgeHelp { thread_id } => {
                self.acknowledge_help(actor, thread_id)
            }
        }
    }

    /// What a participant is told of the workshop features on arriving, on resuming, or on
    /// becoming a manager: every countdown, call for help and round they may know of. A
    /// resumed client is told even of none, so that it forgets what ended meanwhile.
    pub fn welcome_workshop(&mut self, slot: Slot, resumed: bool) {
        let closings = self.closings_for(slot);
        if resumed || !closings.is_empty() {
            let message = HostMessage::Closing {
                reset: true,
                rooms: closings,
            };
            self.workshop.tell(slot, message);
        }
        let requests = self.help_for(slot);
        if resumed || !requests.is_empty() {
            let message = HostMessage::Help {
                reset: true,
                requests,
                cleared: Vec::new(),
            };
            self.workshop.tell(slot, message);
        }
        let manager = self.participant(slot).role.is_manager();
        if manager && (resumed || self.workshop.rounds.is_started()) {
            let message = self.rounds_for_manager();
            self.workshop.tell(slot, message);
        }
    }
}
