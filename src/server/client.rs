//! A participant over the socket: the core [`Client`] driven by a WebSocket, for the
//! server's tests and the load generator. What a browser tab does over its WebSocket
//! transport, without the page.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::core::client::{Client, ClientConfig, Event};
use crate::core::error::Error;
use crate::core::protocol::{decode, encode, HostMessage};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("WebSocket: {0}")]
    Socket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("nothing awaited arrived within {0:?}")]
    Timeout(Duration),
    #[error("the server closed the connection ({0:?})")]
    Closed(Option<(u16, String)>),
    #[error("{0}")]
    Protocol(String),
}

/// What came in: an event of the core client, a `rejected` message, or the end.
#[derive(Clone, Debug, PartialEq)]
pub enum Received {
    Event(Event),
    Rejected(Error),
    /// The close code and reason, if the server sent a close frame.
    Closed(Option<(u16, String)>),
}

pub struct NativeClient {
    socket: Socket,
    url: String,
    client: Client,
    /// Every host message received, in order (tests read the raw protocol here).
    pub log: Vec<HostMessage>,
    /// Keep [`NativeClient::log`] (on by default; a load generator turns it off).
    pub keep_log: bool,
    closed: Option<Option<(u16, String)>>,
}

/// `ws://host:port/meeting?key=<key>`.
pub fn meeting_url(server: &str, key: &str) -> String {
    format!(
        "{}/meeting?key={}",
        server.trim_end_matches('/'),
        url_encode(key)
    )
}

/// How a [`NativeClient`] connects.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The page's origin, sent as `Origin`.
    pub origin: Option<String>,
    /// Never be sent presence (`presence=0`): the client's call lists stay empty.
    pub no_presence: bool,
}

impl NativeClient {
    /// Opens a socket to `server` (`ws://host:port`) for the meeting `key` and sends the
    /// join, with `token`.
    pub async fn connect(
        server: &str,
        key: &str,
        token: Option<String>,
        config: ClientConfig,
    ) -> Result<NativeClient, ClientError> {
        Self::connect_with(server, key, &Options::default(), token, config).await
    }

    /// As [`NativeClient::connect`], with [`Options`].
    pub async fn connect_with(
        server: &str,
        key: &str,
        options: &Options,
        token: Option<String>,
        config: ClientConfig,
    ) -> Result<NativeClient, ClientError> {
        let mut url = meeting_url(server, key);
        if options.no_presence {
            url.push_str("&presence=0");
        }
        let request_url = url.clone();
        let mut request = url.into_client_request()?;
        if let Some(origin) = &options.origin {
            let value = HeaderValue::from_str(origin)
                .map_err(|e| ClientError::Protocol(format!("origin: {e}")))?;
            request.headers_mut().insert("origin", value);
        }
        let (socket, _) =
            tokio_tungstenite::connect_async_with_config(request, Some(socket_config()), true)
                .await?;
        let mut client = Client::new(config);
        if let Some(token) = token {
            client = client.with_token(token);
        }
        client
            .connect()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        let mut native = NativeClient {
            socket,
            url: request_url,
            client,
            log: Vec::new(),
            keep_log: true,
            closed: None,
        };
        native.flush().await?;
        Ok(native)
    }

    /// A new socket to `server` after the last one dropped: the client takes its place
    /// again (`join` with `resume`), resends what was unanswered, and the host resyncs it.
    pub async fn reconnect(&mut self, server: &str) -> Result<(), ClientError> {
        let path = self.url.find("/meeting?").map_or("", |i| &self.url[i..]);
        let request = format!("{}{path}", server.trim_end_matches('/')).into_client_request()?;
        let (socket, _) =
            tokio_tungstenite::connect_async_with_config(request, Some(socket_config()), true)
                .await?;
        self.socket = socket;
        self.closed = None;
        self.client.handle_reconnected();
        self.flush().await
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The core client, to run commands on; [`NativeClient::flush`] sends what they ask.
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Sends every message the client has for the host; a join carries the token.
    pub async fn flush(&mut self) -> Result<(), ClientError> {
        while let Some(message) = self.client.poll_transmit() {
            let text = encode(&message).map_err(|e| ClientError::Protocol(e.to_string()))?;
            self.socket.send(Message::text(text)).await?;
        }
        Ok(())
    }

    /// Sends any text as one frame (tests of bad input).
    pub async fn send_text(&mut self, text: impl Into<String>) -> Result<(), ClientError> {
        self.socket.send(Message::text(text.into())).await?;
        Ok(())
    }

    pub async fn send_frame(&mut self, frame: Message) -> Result<(), ClientError> {
        self.socket.send(frame).await?;
        Ok(())
    }

    /// The next thing that happens: the client's next event, reading from the socket (and
    /// answering what the client then has to say) until there is one.
    pub async fn next(&mut self) -> Result<Received, ClientError> {
        loop {
            if let Some(event) = self.client.poll_event() {
                return Ok(Received::Event(event));
            }
            if let Some(closed) = &self.closed {
                return Ok(Received::Closed(closed.clone()));
            }
            let frame = match self.socket.next().await {
                Some(Ok(frame)) => frame,
                Some(Err(_)) | None => {
                    self.lost(None);
                    continue;
                }
            };
            match frame {
                Message::Text(text) => {
                    let message = decode::<HostMessage>(&text)
                        .map_err(|e| ClientError::Protocol(format!("{e}: {}", text.as_str())))?;
                    if self.keep_log {
                        self.log.push(message.clone());
                    }
                    if let HostMessage::Rejected { error } = message {
                        return Ok(Received::Rejected(error));
                    }
                    self.client.handle_message(message);
                    self.flush().await?;
                }
                Message::Close(frame) => {
                    self.lost(frame.map(|f| (u16::from(f.code), f.reason.to_string())));
                }
                _ => {}
            }
        }
    }

    /// Reads until `pick` takes something, for at most `within`; a close that `pick` does
    /// not take is an error.
    pub async fn until<T>(
        &mut self,
        within: Duration,
        mut pick: impl FnMut(&Received) -> Option<T>,
    ) -> Result<T, ClientError> {
        let wait = async {
            loop {
                let received = self.next().await?;
                if let Some(taken) = pick(&received) {
                    return Ok(taken);
                }
                if let Received::Closed(how) = received {
                    return Err(ClientError::Closed(how));
                }
            }
        };
        tokio::time::timeout(within, wait)
            .await
            .map_err(|_| ClientError::Timeout(within))?
    }

    /// Reads whatever arrives for `period`, handing it to the client (events are kept).
    pub async fn settle(&mut self, period: Duration) -> Vec<Received> {
        let mut seen = Vec::new();
        let _ = tokio::time::timeout(period, async {
            loop {
                match self.next().await {
                    Ok(received @ Received::Closed(_)) => {
                        seen.push(received);
                        return;
                    }
                    Ok(received) => seen.push(received),
                    Err(_) => return,
                }
            }
        })
        .await;
        seen
    }

    /// Closes the socket as a page that goes away does.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }

    /// The calls stay up for the grace period, waiting for [`NativeClient::reconnect`].
    fn lost(&mut self, how: Option<(u16, String)>) {
        if self.closed.is_none() {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64);
            self.client.handle_transport_lost(now);
            self.closed = Some(how);
        }
    }
}

/// Small buffers (tungstenite's defaults are 128 KiB each way): a load generator holds
/// thousands of these.
fn socket_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
}

/// Percent-encodes all but RFC 3986's unreserved characters.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
