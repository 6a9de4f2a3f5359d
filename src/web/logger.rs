//! Logging through `AzureLogger`: the package entry sets the sink to
//! `(...args) => AzureLogger.log(...args)`, so redirecting `AzureLogger.log` redirects ours.

use std::cell::{Cell, RefCell};

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::error::invalid;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Verbose,
    Info,
    Warning,
    Error,
}

thread_local! {
    static LEVEL: Cell<Level> = const { Cell::new(Level::Warning) };
    static SINK: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// `setLogLevel('verbose' | 'info' | 'warning' | 'error')`.
#[wasm_bindgen(js_name = setLogLevel)]
pub fn set_log_level(level: JsValue) -> Result<(), JsValue> {
    let level = match level.as_string().as_deref() {
        Some("verbose") => Level::Verbose,
        Some("info") => Level::Info,
        Some("warning") => Level::Warning,
        Some("error") => Level::Error,
        _ => {
            return Err(invalid(
                "level",
                format!(
                    "expected 'verbose', 'info', 'warning' or 'error', got {}",
                    super::args::describe(&level)
                ),
            ))
        }
    };
    LEVEL.with(|l| l.set(level));
    Ok(())
}

/// Where log lines go; the package entry points it at `AzureLogger.log`.
#[wasm_bindgen(js_name = __setLogSink)]
pub fn set_log_sink(sink: Function) {
    SINK.with(|s| *s.borrow_mut() = Some(sink));
}

fn log(level: Level, name: &str, message: &str) {
    if level < LEVEL.with(Cell::get) {
        return;
    }
    let line = JsValue::from(format!("azure:breakout-rooms:{name} {message}"));
    SINK.with(|s| match &*s.borrow() {
        Some(sink) => {
            let _ = sink.call1(&JsValue::UNDEFINED, &line);
        }
        None => console_log(&line),
    });
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = log)]
    fn console_log(line: &JsValue);
}

pub(crate) fn verbose(message: &str) {
    log(Level::Verbose, "verbose", message);
}

pub(crate) fn info(message: &str) {
    log(Level::Info, "info", message);
}

pub(crate) fn warning(message: &str) {
    log(Level::Warning, "warning", message);
}
