//! The WebSocket handshake (RFC 6455 section 4.2) over hyper's HTTP/1.1 upgrade, handing the
//! connection to tokio-tungstenite. axum's `ws` does the same, but hides the stream; the
//! server writes its messages' frames straight to the stream ([`socket`](super::socket)), so
//! that no connection keeps a write buffer the size of the biggest message it was ever sent.

use std::future::Future;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::WebSocketStream;

/// The server's end of one WebSocket.
pub type WebSocket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// A request to upgrade to a WebSocket, checked: an axum extractor.
pub struct Upgrade {
    key: HeaderValue,
    on_upgrade: OnUpgrade,
}

/// Why a request is not a WebSocket handshake: 400 (426 for a version we do not speak),
/// naming what was wrong.
#[derive(Debug)]
pub struct NotAnUpgrade {
    status: StatusCode,
    reason: &'static str,
}

impl IntoResponse for NotAnUpgrade {
    fn into_response(self) -> Response {
        let mut response = (self.status, format!("{}\n", self.reason)).into_response();
        if self.status == StatusCode::UPGRADE_REQUIRED {
            response.headers_mut().insert(
                header::SEC_WEBSOCKET_VERSION,
                HeaderValue::from_static("13"),
            );
        }
        response
    }
}

fn refuse(reason: &'static str) -> NotAnUpgrade {
    NotAnUpgrade {
        status: StatusCode::BAD_REQUEST,
        reason,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = NotAnUpgrade;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, NotAnUpgrade> {
        if parts.method != Method::GET {
            return Err(refuse("a WebSocket handshake is a GET"));
        }
        let headers = &parts.headers;
        if !lists(headers, header::CONNECTION, "upgrade") {
            return Err(refuse("expected `Connection: upgrade`"));
        }
        if !lists(headers, header::UPGRADE, "websocket") {
            return Err(refuse("expected `Upgrade: websocket`"));
        }
        if headers
            .get(header::SEC_WEBSOCKET_VERSION)
            .map(|v| v.as_bytes())
            != Some(b"13")
        {
            return Err(NotAnUpgrade {
                status: StatusCode::UPGRADE_REQUIRED,
                reason: "expected `Sec-WebSocket-Version: 13`",
            });
        }
        let key = headers
            .get(header::SEC_WEBSOCKET_KEY)
            .cloned()
            .ok_or(refuse("expected a `Sec-WebSocket-Key`"))?;
        let on_upgrade = parts
            .extensions
            .remove::<OnUpgrade>()
            .ok_or(refuse("this connection cannot be upgraded"))?;
        Ok(Upgrade { key, on_upgrade })
    }
}

impl Upgrade {
    /// Answers 101 and, once hyper hands the connection over, serves it as a WebSocket.
    pub fn accept<S, F>(self, config: WebSocketConfig, serve: S) -> Response
    where
        S: FnOnce(WebSocket) -> F + Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let on_upgrade = self.on_upgrade;
        tokio::spawn(async move {
            // hyper hands the connection over once the 101 is written; a client gone before
            // then ends here.
            let Ok(upgraded) = on_upgrade.await else {
                return;
            };
            let io = TokioIo::new(upgraded);
            serve(WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await).await;
        });
        let accept = derive_accept_key(self.key.as_bytes());
        (
            StatusCode::SWITCHING_PROTOCOLS,
            [
                (header::CONNECTION, "upgrade".to_owned()),
                (header::UPGRADE, "websocket".to_owned()),
                (header::SEC_WEBSOCKET_ACCEPT, accept),
            ],
        )
            .into_response()
    }
}

/// Whether a comma-separated header lists `token` (case-insensitive).
fn lists(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|item| item.trim().eq_ignore_ascii_case(token))
        })
    })
}
