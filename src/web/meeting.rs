//! The in-page host (SPEC 5a): every agent in the page that joins the same locator is in
//! the same meeting. Each meeting is a core [`LocalMeeting`], pumped from a microtask
//! after any change, with its room-end timer on a real browser timer.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use indexmap::IndexMap;

use super::now;
use super::person::Person;
use crate::core::{Client, ClientConfig, Error, LocalMeeting, MeetingConfig, MeetingKind, PeerId};

pub(crate) struct Meeting {
    local: RefCell<LocalMeeting>,
    people: RefCell<IndexMap<PeerId, Weak<Person>>>,
    pump_scheduled: Cell<bool>,
    /// The armed room-end timer and when it fires; dropping it cancels it.
    timer: RefCell<Option<(u64, Timeout)>>,
}

thread_local! {
    /// Meetings by locator. Weak: a meeting ends when its last participant is gone.
    static MEETINGS: RefCell<IndexMap<String, Weak<Meeting>>> = RefCell::new(IndexMap::new());
}

impl Meeting {
    /// The page's meeting for `locator`, created on first join with the joiner's policy.
    pub fn for_locator(
        locator: &str,
        kind: MeetingKind,
        breakout_rooms_enabled: bool,
    ) -> Rc<Meeting> {
        MEETINGS.with(|meetings| {
            let mut meetings = meetings.borrow_mut();
            meetings.retain(|_, m| m.strong_count() > 0);
            if let Some(meeting) = meetings.get(locator).and_then(Weak::upgrade) {
                return meeting;
            }
            let meeting = Rc::new(Meeting {
                local: RefCell::new(LocalMeeting::new(MeetingConfig {
                    kind,
                    breakout_rooms_enabled,
                    seed: (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64,
                    ..MeetingConfig::default()
                })),
                people: RefCell::new(IndexMap::new()),
                pump_scheduled: Cell::new(false),
                timer: RefCell::new(None),
            });
            meetings.insert(locator.to_owned(), Rc::downgrade(&meeting));
            meeting
        })
    }

    /// A participant's calls raise `remoteParticipantsUpdated` only once a listener asks
    /// for it, so joining a big meeting costs the others nothing.
    pub fn admit(&self, config: ClientConfig) -> Result<PeerId, Error> {
        let mut local = self.local.borrow_mut();
        let peer = local.add(config)?;
        local.watch(peer, false);
        Ok(peer)
    }

    /// The participant's calls have a `remoteParticipantsUpdated` listener from now on.
    pub fn watch(&self, peer: PeerId) {
        if let Ok(mut local) = self.local.try_borrow_mut() {
            local.watch(peer, true);
        }
    }

    pub fn register(&self, peer: PeerId, person: &Rc<Person>) {
        self.people.borrow_mut().insert(peer, Rc::downgrade(person));
    }

    /// The participant's page object is gone: they leave the meeting.
    pub fn forget(self: &Rc<Self>, peer: PeerId) {
        self.people.borrow_mut().swap_remove(&peer);
        if let Ok(mut local) = self.local.try_borrow_mut() {
            local.remove(now(), peer);
        }
        self.schedule();
    }

    pub fn read<R>(&self, peer: PeerId, f: impl FnOnce(&Client) -> R) -> Option<R> {
        self.local.borrow().client(peer).map(f)
    }

    /// Runs a command on one client and schedules delivery of what it caused.
    pub fn write<R>(self: &Rc<Self>, peer: PeerId, f: impl FnOnce(&mut Client) -> R) -> Option<R> {
        let result = self.local.borrow_mut().client_mut(peer).map(f);
        self.schedule();
        result
    }

    /// Delivers pending messages from a microtask, after the caller's borrows are gone.
    pub fn schedule(self: &Rc<Self>) {
        if self.pump_scheduled.replace(true) {
            return;
        }
        let meeting = self.clone();
        wasm_bindgen_futures::spawn_local(async move { meeting.pump() });
    }

    fn pump(self: &Rc<Self>) {
        self.pump_scheduled.set(false);
        let events = self.local.borrow_mut().pump(now());
        self.arm_timer();
        // No borrow is held from here on: listeners may call back into the API.
        for (peer, event) in events {
            let person = self.people.borrow().get(&peer).and_then(Weak::upgrade);
            if let Some(person) = person {
                person.dispatch(event);
            }
        }
    }

    fn arm_timer(self: &Rc<Self>) {
        let due = self.local.borrow().poll_timeout();
        let mut timer = self.timer.borrow_mut();
        if timer.as_ref().map(|(at, _)| *at) == due {
            return;
        }
        *timer = due.map(|at| {
            let delay = at.saturating_sub(now()).min(i32::MAX as u64) as u32;
            let meeting = Rc::downgrade(self);
            let timeout = Timeout::new(delay, move || {
                if let Some(meeting) = meeting.upgrade() {
                    meeting.timer.borrow_mut().take();
                    meeting.local.borrow_mut().handle_timeout(now());
                    meeting.schedule();
                }
            });
            (at, timeout)
        });
    }
}
