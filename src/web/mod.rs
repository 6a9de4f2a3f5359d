//! The wasm engine: what the package's JavaScript calls to run meetings.
//!
//! The SDK-shaped objects (`CallClient`, `Call`, the features, rooms) are JavaScript in the
//! package (`js/`); this layer only carries plain data across the boundary: in as
//! wasm-bindgen's own types, out as JSON text (`json.rs`). It holds no meeting rule: every
//! decision is the core's.

mod boundary;
mod engine;
mod ids;
mod json;
mod output;
#[cfg(feature = "net")]
mod transport;

pub use engine::{read_token, Engine};

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// In the debug build, a panic prints its message and location to the console.
#[cfg(feature = "debug")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}
