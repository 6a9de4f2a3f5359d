//! The meeting server (SPEC 10): an async shell (tokio; axum for HTTP, tokio-tungstenite
//! for WebSockets over our own [`upgrade`]) around the core host, with
//! no meeting logic of its own. One task per meeting owns its [`Host`](crate::core::Host)
//! ([`meeting`]); one task per connection decodes, authenticates and forwards ([`socket`]);
//! one thread commits every meeting's log to SQLite before effects go out ([`store`]).
//! [`client`] is a native participant over the socket, for tests and the load generator.

pub mod auth;
pub mod client;
mod http;
pub mod input;
pub mod key;
pub mod limits;
mod meeting;
pub mod metrics;
mod registry;
pub mod socket;
pub mod store;
mod upgrade;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::watch;

use auth::{Secret, Verifier};
use limits::{AbuseLimits, Gate};
pub use meeting::COMPACT_EVERY;
use meeting::{now_ms, Meeting};
use metrics::Metrics;
use registry::Registry;
use store::{Store, StoreError, Sync};

/// A line on stderr, prefixed with the program's name. A closed stderr is no reason to
/// stop serving, so failures to write are ignored (`eprintln!` would panic).
pub fn log(message: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "breakout-rooms-server: {message}");
}

/// How long a shutdown waits for connections to flush and close.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub secret: Option<Secret>,
    /// Admit unsigned dev tokens.
    pub dev: bool,
    pub data: PathBuf,
    pub sync: Sync,
    pub allowed_origins: Vec<String>,
    /// Reverse proxies in front of the server: a connection from one is counted by the
    /// client address the proxy appends to `X-Forwarded-For`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub limits: AbuseLimits,
    /// Holds `www/` (served at `/`) and `pkg/` (served at `/pkg/`).
    pub static_root: PathBuf,
    /// Inputs logged between two snapshots of a meeting.
    pub compact_every: u64,
    /// Whom each meeting's places list (new and restored meetings alike).
    pub listing: Listing,
}

/// How many people a place lists to each participant, and how often a bigger place's
/// listing is refreshed: the core's [`Limits`](crate::core::Limits) of that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listing {
    pub max_visible_participants: u32,
    pub visible_refresh_ms: u32,
}

impl Default for Listing {
    fn default() -> Self {
        let limits = crate::core::Limits::default();
        Listing {
            max_visible_participants: limits.max_visible_participants,
            visible_refresh_ms: limits.visible_refresh_ms,
        }
    }
}

/// What every connection shares.
pub struct App {
    pub config: ServerConfig,
    pub verifier: Verifier,
    registry: Registry,
    pub gate: Arc<Gate>,
    pub metrics: Arc<Metrics>,
    pub shutdown: watch::Receiver<bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Restores every stored meeting, serves until `stop` resolves, then shuts down
/// gracefully. `on_listening` is told the bound address (port 0 picks one).
pub async fn run(
    config: ServerConfig,
    on_listening: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let store = Store::open(&config.data, config.sync)?;
    let metrics = Arc::new(Metrics::default());
    let now = now_ms();
    let mut restored = Vec::new();
    for key in store.meetings()? {
        if let Some(stored) = store.load(&key)? {
            restored.push((key, stored));
        }
    }
    let writer = store.into_writer()?;
    let registry = Registry::new(
        Store::open(&config.data, config.sync)?,
        writer.clone(),
        metrics.clone(),
        config.compact_every,
        config.limits.max_meetings,
        config.limits.idle_meeting,
        config.listing,
    );
    for (key, stored) in restored {
        let meeting = Meeting::restore(
            key,
            stored,
            now,
            config.compact_every,
            config.listing,
            writer.clone(),
            metrics.clone(),
        )?;
        registry.start(meeting);
    }
    drop(writer);
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| ServerError::Listen(config.listen, e))?;
    let (stopping, shutdown) = watch::channel(false);
    let app = Arc::new(App {
        verifier: Verifier::new(config.secret.as_ref(), config.dev),
        config,
        registry,
        gate: Arc::new(Gate::default()),
        metrics,
        shutdown,
    });
    on_listening(listener.local_addr()?);
    // Small messages, each answered at once: Nagle's delay would add 40 ms to every reply.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let service = http::router(app.clone()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            stop.await;
            let _ = stopping.send(true);
        })
        .await?;
    // Upgraded sockets outlive the HTTP server: each flushes and closes by itself.
    let deadline = Instant::now() + SHUTDOWN_WAIT;
    while app.metrics.connections_open.load(Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A meeting still held by a socket that did not close in time has committed all it
    // said; it is left to the runtime's end.
    let _ = tokio::time::timeout(SHUTDOWN_WAIT, app.registry.stop()).await;
    Ok(())
}
