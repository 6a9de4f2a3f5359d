//! The routes: the demo page and the package on one origin, the meeting endpoint,
//! `/healthz` and `/metrics`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tower_http::services::ServeDir;

use super::key::MeetingKey;
use super::upgrade::Upgrade;
use super::{socket, App};

/// tungstenite's own ceiling, above ours: a message between the two gets a typed error and
/// a 1009 close; one past it only the close.
const HARD_LIMIT_FACTOR: usize = 2;

/// The read buffer a connection starts with.
const BUFFER: usize = 1024;

pub fn router(app: Arc<App>) -> Router {
    let root = &app.config.static_root;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/meeting", get(meeting))
        .nest_service("/pkg", ServeDir::new(root.join("pkg")))
        .fallback_service(ServeDir::new(root.join("www")))
        .with_state(app)
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    if *app.shutdown.borrow() {
        (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n").into_response()
    } else {
        "ok\n".into_response()
    }
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}

#[derive(Deserialize)]
struct MeetingQuery {
    key: String,
    /// `presence=0`: this connection is never sent who comes and goes (bots, dashboards,
    /// the load generator): in a big meeting that is most of the traffic.
    presence: Option<String>,
}

async fn meeting(
    State(app): State<Arc<App>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<MeetingQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: Upgrade,
) -> Response {
    if *app.shutdown.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n").into_response();
    }
    if !origin_allowed(&app, &headers) {
        return (StatusCode::FORBIDDEN, "this origin may not connect\n").into_response();
    }
    let read = query.map_err(|e| e.body_text()).and_then(|Query(q)| {
        let presence = match q.presence.as_deref() {
            None | Some("1") => true,
            Some("0") => false,
            Some(other) => return Err(format!("presence: expected 0 or 1, got {other:?}")),
        };
        let key = MeetingKey::parse(&q.key).map_err(|e| e.to_string())?;
        Ok((key, presence))
    });
    let (key, presence) = match read {
        Ok(read) => read,
        Err(reason) => return (StatusCode::BAD_REQUEST, format!("{reason}\n")).into_response(),
    };
    let client = client_address(address.ip(), &headers, &app.config.trusted_proxies);
    let permit = app.gate.admit(client, &app.config.limits);
    let ceiling = app
        .config
        .limits
        .max_message_bytes
        .saturating_mul(HARD_LIMIT_FACTOR);
    // tungstenite's default buffers (128 KiB each way) would cost more than everything else
    // a connection holds; messages from clients are small, and a big one grows the buffer.
    let config = WebSocketConfig::default()
        .read_buffer_size(BUFFER)
        .write_buffer_size(0)
        .max_message_size(Some(ceiling))
        .max_frame_size(Some(ceiling));
    upgrade.accept(config, move |ws| {
        socket::serve(ws, app, key, presence, permit)
    })
}

/// Browsers send `Origin` with every WebSocket; other clients may not. Allowed: no
/// `Origin`, the server's own origin, and those given with `--allow-origin` (`*`: any).
fn origin_allowed(app: &App, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let allowed = &app.config.allowed_origins;
    if allowed
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let own = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((own, host), (Some(own), Some(host)) if own.eq_ignore_ascii_case(host))
}

/// The address a connection is counted by: its peer's, or, when the peer is a trusted
/// reverse proxy, the last address in `X-Forwarded-For` that is not a trusted proxy (the
/// entries before it are whatever the client sent, so they are not believed).
fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            // Unreadable: nothing to its left can be trusted either.
            Err(_) => break,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What, the peer, the X-Forwarded-For headers, the trusted proxies, the address counted.
    type Case<'a> = (&'a str, IpAddr, &'a [&'a str], &'a [IpAddr], &'a str);

    #[test]
    fn a_connection_is_counted_by_the_client_a_trusted_proxy_names() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let inner: IpAddr = "10.0.0.2".parse().unwrap();
        let other: IpAddr = "192.0.2.9".parse().unwrap();
        let cases: &[Case<'_>] = &[
            (
                "no proxy trusted",
                other,
                &["198.51.100.1"],
                &[],
                "192.0.2.9",
            ),
            (
                "not from the proxy",
                other,
                &["198.51.100.1"],
                &[proxy],
                "192.0.2.9",
            ),
            (
                "from the proxy",
                proxy,
                &["198.51.100.1"],
                &[proxy],
                "198.51.100.1",
            ),
            (
                "the last entry wins",
                proxy,
                &["6.6.6.6, 198.51.100.1"],
                &[proxy],
                "198.51.100.1",
            ),
            (
                "over two headers",
                proxy,
                &["6.6.6.6", "198.51.100.1"],
                &[proxy],
                "198.51.100.1",
            ),
            (
                "past chained proxies",
                proxy,
                &["198.51.100.1, 10.0.0.2"],
                &[proxy, inner],
                "198.51.100.1",
            ),
            ("IPv6", proxy, &[" 2001:db8::1 "], &[proxy], "2001:db8::1"),
            ("no header", proxy, &[], &[proxy], "127.0.0.1"),
            (
                "garbage",
                proxy,
                &["6.6.6.6, nonsense"],
                &[proxy],
                "127.0.0.1",
            ),
            (
                "only proxies",
                proxy,
                &["10.0.0.2"],
                &[proxy, inner],
                "127.0.0.1",
            ),
        ];
        for (what, peer, values, trusted, expected) in cases {
            let mut headers = HeaderMap::new();
            for value in *values {
                headers.append("x-forwarded-for", value.parse().unwrap());
            }
            let got = client_address(*peer, &headers, trusted);
            assert_eq!(got, expected.parse::<IpAddr>().unwrap(), "{what}");
        }
    }
}
