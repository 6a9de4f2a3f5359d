//! The workshop features' entry points (SPEC 11): extending and cancelling closing
//! countdowns (`closeRooms` itself is beside `openRooms`), grouping rules, broadcasts, calls
//! for help and visits. Typed arguments only, as in the rest of the engine; a
//! `together`/`apart` rule crosses as its identifiers in one list and its group sizes in
//! another.

use wasm_bindgen::prelude::*;

use super::{whole, Engine, Started};
use crate::core::{Command, Error, GroupingRules, Identifier, WorkshopAction};
use crate::web::boundary::error;
use crate::web::ids::identifiers;

#[wasm_bindgen]
impl Engine {
    /// `extendClosing(seconds, { threadIds })`.
    #[wasm_bindgen(js_name = extendClosing)]
    pub fn extend_closing(
        &mut self,
        peer: f64,
        seconds: u32,
        thread_ids: Option<Vec<String>>,
        revision: Option<f64>,
    ) -> Started {
        let command = Command::ExtendClosing {
            thread_ids,
            seconds,
        };
        self.manage(peer, command, revision)
    }

    /// `cancelClosing({ threadIds })`.
    #[wasm_bindgen(js_name = cancelClosing)]
    pub fn cancel_closing(
        &mut self,
        peer: f64,
        thread_ids: Option<Vec<String>>,
        revision: Option<f64>,
    ) -> Started {
        self.manage(peer, Command::CancelClosing { thread_ids }, revision)
    }

    /// `assignAutomatically({ seed, rooms, perRoom, together, apart, avoidRepeats })`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = assignByRules)]
    pub fn assign_by_rules(
        &mut self,
        peer: f64,
        seed: Option<f64>,
        rooms: Option<u32>,
        per_room: Option<u32>,
        together: Vec<String>,
        together_sizes: Vec<u32>,
        apart: Vec<String>,
        apart_sizes: Vec<u32>,
        avoid_repeats: bool,
        revision: Option<f64>,
    ) -> Started {
        let rules = GroupingRules {
            seed: seed.map(whole),
            rooms,
            per_room,
            together: groups("together", &together, &together_sizes)?,
            apart: groups("apart", &apart, &apart_sizes)?,
            avoid_repeats,
        };
        self.manage(peer, Command::AssignByRules { rules }, revision)
    }

    /// `mgmt.broadcast(text, { threadIds, mainMeeting })`.
    pub fn broadcast(
        &mut self,
        peer: f64,
        text: String,
        thread_ids: Option<Vec<String>>,
        main_meeting: bool,
    ) -> Started {
        let action = WorkshopAction::Broadcast {
            text,
            thread_ids,
            main_meeting,
        };
        self.start(peer, |c| c.workshop(action))
    }

    /// `feature.requestHelp()`.
    #[wasm_bindgen(js_name = requestHelp)]
    pub fn request_help(&mut self, peer: f64) -> Started {
        self.start(peer, |c| c.request_help())
    }

    /// `mgmt.acknowledgeHelp(threadId)`.
    #[wasm_bindgen(js_name = acknowledgeHelp)]
    pub fn acknowledge_help(&mut self, peer: f64, thread_id: String) -> Started {
        self.start(peer, |c| {
            c.workshop(WorkshopAction::AcknowledgeHelp { thread_id })
        })
    }

    /// `mgmt.visitRoom(threadId)`: resolves with the breakout call.
    #[wasm_bindgen(js_name = visitRoom)]
    pub fn visit_room(&mut self, peer: f64, thread_id: String) -> Started {
        self.start(peer, |c| c.visit_room(&thread_id))
    }
}

/// Groups of tagged identifiers, `sizes` long each, from one flat list.
fn groups(field: &str, ids: &[String], sizes: &[u32]) -> Result<Vec<Vec<Identifier>>, JsValue> {
    let total: usize = sizes.iter().map(|n| *n as usize).sum();
    if total != ids.len() {
        return Err(error(&Error::invalid(
            field,
            format!("{total} identifiers in the groups, {} given", ids.len()),
        )));
    }
    let all = identifiers(ids)?;
    let mut rest = &all[..];
    let mut out = Vec::with_capacity(sizes.len());
    for &n in sizes {
        let (group, after) = rest.split_at(n as usize);
        out.push(group.to_vec());
        rest = after;
    }
    Ok(out)
}
