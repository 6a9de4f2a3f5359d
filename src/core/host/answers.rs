//! Requests a participant has had answered. A client that reconnects resends every request
//! it has no answer for; one the host already ran is answered again, not run twice.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::core::protocol::Reply;

/// How many answers are kept per participant: more than a client has in flight.
const KEPT: usize = 64;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Answers {
    /// The latest answers, oldest first.
    recent: VecDeque<(u32, Reply)>,
}

pub(crate) enum Seen<'a> {
    New,
    /// Answered before, with this reply.
    Answered(&'a Reply),
    /// Answered so long ago that the reply is gone: the client stopped waiting for it.
    Forgotten,
}

impl Answers {
    /// A client numbers its requests in increasing order, so once the window is full, a
    /// number below all it holds was answered long ago.
    pub fn seen(&self, request: u32) -> Seen<'_> {
        if let Some((_, reply)) = self.recent.iter().find(|(r, _)| *r == request) {
            return Seen::Answered(reply);
        }
        let oldest = self.recent.iter().map(|(r, _)| *r).min();
        match oldest {
            Some(oldest) if self.recent.len() == KEPT && request < oldest => Seen::Forgotten,
            _ => Seen::New,
        }
    }

    pub fn record(&mut self, request: u32, reply: &Reply) {
        if self.recent.len() == KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back((request, reply.clone()));
    }
}
