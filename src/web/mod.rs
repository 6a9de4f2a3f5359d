//! The JavaScript surface: the calling SDK's shapes over the sans-IO core.
//!
//! This layer converts values and drives timers; it holds no meeting logic. Events are
//! queued while Rust holds its borrows and delivered after, from a microtask, so a
//! listener may call back into the API.

mod agent;
mod args;
mod call;
mod credential;
mod error;
mod feature;
mod listeners;
mod logger;
mod management;
mod meeting;
mod person;
mod values;

pub use agent::{CallAgent, CallClient, DeviceManager};
pub use call::Call;
pub use credential::{create_dev_token, AzureCommunicationTokenCredential};
pub use feature::{BreakoutRoom, BreakoutRoomsCallFeature};
pub use logger::{set_log_level, set_log_sink};
pub use management::BreakoutRoomsManagement;

/// Milliseconds since the Unix epoch: the only clock the web layer reads.
fn now() -> u64 {
    js_sys::Date::now() as u64
}
