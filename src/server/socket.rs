//! One WebSocket connection: text frames, each one protocol message (`protocol::encode` /
//! `decode`). The first must be a `join` with a token; the server checks the token and puts
//! its claims in place of what the join says. Then frames go to the meeting task and its
//! messages come back, within the abuse limits.
//!
//! Close codes, and what a client does on each:
//!
//! | code | reason | client |
//! |---|---|---|
//! | 1000 | the client closed | — |
//! | 1001 | idle timeout | reconnect when it has something to say |
//! | 1008 | refused token (after `joinRefused`), no join first, flood | do not retry as is |
//! | 1009 | a message over the size limit | do not retry as is |
//! | 1012 | the server is restarting | reconnect (with backoff) and resume |
//! | 1013 | too many connections, or too slow to keep up | reconnect with backoff and resume |

use std::future::Future;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::FrameHeader;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::auth::Identity;
use super::key::MeetingKey;
use super::limits::{too_many, Bucket, Permit};
use super::meeting::{now_ms, Event, Outgoing};
use super::registry::Unavailable;
use super::store::StoreError;
use super::upgrade::WebSocket;
use super::App;
use crate::core::error::Error;
use crate::core::host::PeerId;
use crate::core::limits::Limit;
use crate::core::protocol::{decode, encode, ClientMessage, DecodeError, HostMessage};
use tokio_tungstenite::tungstenite::Error as WsError;

pub const NORMAL: u16 = 1000;
pub const IDLE: u16 = 1001;
pub const POLICY: u16 = 1008;
pub const TOO_BIG: u16 = 1009;
pub const RESTART: u16 = 1012;
pub const TRY_AGAIN: u16 = 1013;

/// Messages waiting to be written to one slow socket before it is dropped.
const OUTBOX: usize = 4096;

/// How long a shutdown waits for the meeting to answer before closing anyway.
const FLUSH_WAIT: Duration = Duration::from_secs(5);

/// Times a connection asks for its meeting again when the one it was handed had just left
/// memory (each time, the next ask restores it, so a second is enough; a few cover a race
/// with the next eviction).
const ATTACH_TRIES: usize = 3;

/// Counts an open connection in the metrics for as long as it lives.
struct Open(Arc<App>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.metrics.connections_open.fetch_sub(1, Relaxed);
    }
}

struct Connection {
    socket: WebSocket,
    app: Arc<App>,
    bucket: Bucket,
    /// Messages refused for the rate; past `burst` of them the connection closes.
    dropped: u32,
    last_heard: Instant,
}

enum Closing {
    /// Close with this code; the peer's loss is logged.
    Close(u16, &'static str),
    /// The transport is gone already; the peer's loss is logged.
    Gone,
    /// The server is shutting down: flush, close with 1012, and keep the peer in the
    /// meeting (a restart marks it lost, from when it restarts).
    Shutdown,
}

/// Attaches a connection to its meeting. A meeting that left memory for being idle just as
/// this connection was handed its channel is closed by then: asking the registry again
/// restores it from the database.
async fn attach(
    app: &App,
    key: &MeetingKey,
    presence: bool,
) -> Result<(mpsc::Sender<Event>, PeerId, mpsc::Receiver<Outgoing>), Unavailable> {
    for _ in 0..ATTACH_TRIES {
        let meeting = app.registry.get(key)?;
        let (outbox, inbox) = mpsc::channel(OUTBOX);
        let (reply, peer) = oneshot::channel();
        let attach = Event::Attach {
            outbox,
            presence,
            reply,
        };
        if meeting.send(attach).await.is_ok() {
            if let Ok(peer) = peer.await {
                return Ok((meeting, peer, inbox));
            }
        }
        if *app.shutdown.borrow() {
            break;
        }
    }
    Err(Unavailable::Store(StoreError::Stopped))
}

/// Serves one connection until it ends. Not an `async fn`: its arguments would stay in the
/// task beside the connection made of them, for the connection's whole life.
pub fn serve(
    socket: WebSocket,
    app: Arc<App>,
    key: MeetingKey,
    presence: bool,
    permit: Result<Permit, Error>,
) -> impl Future<Output = ()> + Send {
    app.metrics.connections_open.fetch_add(1, Relaxed);
    app.metrics.connections_total.fetch_add(1, Relaxed);
    let limits = &app.config.limits;
    let mut conn = Connection {
        bucket: Bucket::new(limits.messages_per_second, limits.burst, Instant::now()),
        socket,
        app: app.clone(),
        dropped: 0,
        last_heard: Instant::now(),
    };
    let open = Open(app);
    async move {
        let _open = open;
        let mut shutdown = conn.app.shutdown.clone();
        // A task holds room for the biggest state its future can be in, for as long as it
        // lives. Only `run` lasts; the steps before and after it are boxed, so an idle
        // connection holds no room for them.
        let attached = Box::pin(conn.open(&key, presence, permit, &mut shutdown)).await;
        let Attached {
            meeting,
            peer,
            identity,
            mut inbox,
            permit: _permit,
        } = match attached {
            Ok(attached) => attached,
            Err(Some((code, reason))) => return Box::pin(conn.close(code, reason)).await,
            Err(None) => return,
        };
        let closing = conn
            .run(&meeting, peer, &identity, &mut inbox, &mut shutdown)
            .await;
        Box::pin(conn.finish(closing, &meeting, peer, &mut inbox)).await;
    }
}

/// A connection in its meeting.
struct Attached {
    meeting: mpsc::Sender<Event>,
    peer: PeerId,
    identity: Identity,
    inbox: mpsc::Receiver<Outgoing>,
    permit: Permit,
}

impl Connection {
    /// Admits the connection, reads its join and hands it to its meeting; or why the
    /// connection closes (`None`: it is gone).
    async fn open(
        &mut self,
        key: &MeetingKey,
        presence: bool,
        permit: Result<Permit, Error>,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<Attached, Option<(u16, &'static str)>> {
        let permit = match permit {
            Ok(permit) => permit,
            Err(error) => {
                self.reject(error).await;
                return Err(Some((TRY_AGAIN, "too many connections")));
            }
        };
        let (join, identity) = self.first_join(key, shutdown).await?;
        let (meeting, peer, inbox) = match attach(&self.app, key, presence).await {
            Ok(attached) => attached,
            Err(Unavailable::Full(error)) => {
                self.reject(error).await;
                return Err(Some((TRY_AGAIN, "too many meetings")));
            }
            Err(Unavailable::Store(StoreError::Stopped)) => {
                return Err(Some((RESTART, "the server is restarting")));
            }
            Err(Unavailable::Store(error)) => {
                super::log(format_args!(
                    "meeting {key} could not be read back: {error}"
                ));
                return Err(Some((RESTART, "the meeting could not be restored")));
            }
        };
        let join = Event::Message {
            peer,
            message: join,
            received: Instant::now(),
        };
        if meeting.send(join).await.is_err() {
            return Err(Some((RESTART, "the server is restarting")));
        }
        Ok(Attached {
            meeting,
            peer,
            identity,
            inbox,
            permit,
        })
    }

    /// Ends the connection as `run` says: on shutdown, what the meeting still has for it
    /// goes out first.
    async fn finish(
        mut self,
        closing: Closing,
        meeting: &mpsc::Sender<Event>,
        peer: PeerId,
        inbox: &mut mpsc::Receiver<Outgoing>,
    ) {
        match closing {
            Closing::Shutdown => {
                let (done, flushed) = oneshot::channel();
                if meeting.send(Event::Flush { done }).await.is_ok() {
                    let _ = tokio::time::timeout(FLUSH_WAIT, flushed).await;
                }
                while let Ok(message) = inbox.try_recv() {
                    if self.send(&message).await.is_err() {
                        return;
                    }
                }
                self.close(RESTART, "the server is restarting").await;
            }
            Closing::Close(code, reason) => {
                let _ = meeting.send(Event::Closed { peer }).await;
                self.close(code, reason).await;
            }
            Closing::Gone => {
                let _ = meeting.send(Event::Closed { peer }).await;
            }
        }
    }

    /// Waits for the join and checks its token: the join as the host will see it, or why
    /// the connection closes (`None`: it is gone).
    async fn first_join(
        &mut self,
        key: &MeetingKey,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<(ClientMessage, Identity), Option<(u16, &'static str)>> {
        let idle = self.app.config.limits.idle_timeout;
        let text = tokio::select! {
            _ = shutdown.changed() => return Err(Some((RESTART, "the server is restarting"))),
            frame = tokio::time::timeout(idle, self.socket.next()) => match frame {
                Err(_) => return Err(Some((IDLE, "no join in time"))),
                Ok(None | Some(Err(_))) => return Err(None),
                Ok(Some(Ok(Message::Text(text)))) => text,
                Ok(Some(Ok(Message::Close(_)))) => return Err(None),
                Ok(Some(Ok(_))) => {
                    self.reject(protocol("the first message must be a join, as a text frame")).await;
                    return Err(Some((POLICY, "no join")));
                }
            },
        };
        self.app.metrics.messages_in.fetch_add(1, Relaxed);
        if text.len() > self.app.config.limits.max_message_bytes {
            self.reject(self.too_big(text.len())).await;
            return Err(Some((TOO_BIG, "message too big")));
        }
        let (message, token) = match read(&text) {
            Ok(read) => read,
            Err(error) => {
                self.reject(error.into()).await;
                return Err(Some((POLICY, "no join")));
            }
        };
        if !matches!(message, ClientMessage::Join { .. }) {
            self.reject(protocol("the first message must be a join"))
                .await;
            return Err(Some((POLICY, "no join")));
        }
        let identity = match self.app.verifier.verify(token.as_deref(), key, now_ms()) {
            Ok(identity) => identity,
            Err(error) => {
                self.refuse(error).await;
                return Err(Some((POLICY, "invalid token")));
            }
        };
        match as_verified(message, &identity) {
            Ok(join) => Ok((join, identity)),
            Err(error) => {
                self.refuse(error).await;
                Err(Some((POLICY, "invalid token")))
            }
        }
    }

    async fn run(
        &mut self,
        meeting: &mpsc::Sender<Event>,
        peer: PeerId,
        identity: &Identity,
        inbox: &mut mpsc::Receiver<Outgoing>,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Closing {
        let idle = self.app.config.limits.idle_timeout;
        // interval() panics on zero: a config of 0 s checks every 10 ms.
        let mut ticks = tokio::time::interval((idle / 3).max(Duration::from_millis(10)));
        ticks.reset();
        loop {
            tokio::select! {
                _ = shutdown.changed() => return Closing::Shutdown,
                out = inbox.recv() => match out {
                    Some(message) => if Box::pin(self.send(&message)).await.is_err() {
                        return Closing::Gone;
                    },
                    // Dropped by the meeting for not keeping up.
                    None => return Closing::Close(TRY_AGAIN, "too slow to keep up"),
                },
                frame = self.socket.next() => {
                    self.last_heard = Instant::now();
                    match frame {
                        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Closing::Gone,
                        Some(Ok(Message::Text(text))) => {
                            if let Err(closing) = Box::pin(self.on_text(meeting, peer, identity, &text)).await {
                                return closing;
                            }
                        }
                        // (tungstenite never reads a raw `Frame`.)
                        Some(Ok(Message::Binary(_) | Message::Frame(_))) => {
                            if let Err(closing) = Box::pin(self.on_frame(|| Err(protocol("only text frames carry messages")))).await {
                                return closing;
                            }
                        }
                        // Control frames count against the rate too: tungstenite answers every
                        // ping, so a ping flood would otherwise cost us without limit.
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                            if let Err(closing) = Box::pin(self.admit()).await {
                                return closing;
                            }
                        }
                    }
                }
                _ = ticks.tick() => {
                    let silent = self.last_heard.elapsed();
                    if silent >= idle {
                        return Closing::Close(IDLE, "idle timeout");
                    }
                    if silent >= idle / 3 && self.socket.send(Message::Ping(Default::default())).await.is_err() {
                        return Closing::Gone;
                    }
                }
            }
        }
    }

    async fn on_text(
        &mut self,
        meeting: &mpsc::Sender<Event>,
        peer: PeerId,
        identity: &Identity,
        text: &str,
    ) -> Result<(), Closing> {
        let limit = self.app.config.limits.max_message_bytes;
        if text.len() > limit {
            self.reject(self.too_big(text.len())).await;
            return Err(Closing::Close(TOO_BIG, "message too big"));
        }
        let received = Instant::now();
        let read = self
            .on_frame(|| {
                let (message, _token) = read(text)?;
                // A later join is the same person: the connection's identity, not the frame's.
                as_verified(message, identity)
            })
            .await?;
        if let Some(message) = read {
            if meeting
                .send(Event::Message {
                    peer,
                    message,
                    received,
                })
                .await
                .is_err()
            {
                return Err(Closing::Shutdown);
            }
        }
        Ok(())
    }

    /// Counts a frame against the rate: whether it may be read (a refused one's sender was
    /// told why), or the connection's end for a flood.
    async fn admit(&mut self) -> Result<bool, Closing> {
        self.app.metrics.messages_in.fetch_add(1, Relaxed);
        if self.bucket.take(Instant::now()) {
            return Ok(true);
        }
        self.dropped += 1;
        let limits = &self.app.config.limits;
        let (rate, burst) = (limits.messages_per_second, limits.burst);
        if self.dropped > burst {
            return Err(Closing::Close(POLICY, "message flood"));
        }
        let error = too_many(Limit::MessagesPerSecond, rate as usize, rate as usize + 1);
        self.reject(error).await;
        Ok(false)
    }

    /// Counts a frame against the rate and reads it: the message, `None` if it was refused
    /// (the sender was told why), or the connection's end for a flood.
    async fn on_frame(
        &mut self,
        read: impl FnOnce() -> Result<ClientMessage, Error>,
    ) -> Result<Option<ClientMessage>, Closing> {
        if !self.admit().await? {
            return Ok(None);
        }
        match read() {
            Ok(message) => Ok(Some(message)),
            Err(error) => {
                self.reject(error).await;
                Ok(None)
            }
        }
    }

    fn too_big(&self, size: usize) -> Error {
        too_many(
            Limit::MessageBytes,
            self.app.config.limits.max_message_bytes,
            size,
        )
    }

    /// One message as one text frame, written straight to the connection. Through
    /// tungstenite, its write buffer would grow to the biggest message the connection was
    /// ever sent and keep that size for the connection's life (a 20 KB listing sent to 10,000
    /// people would hold 200 MB). The frame's header is tungstenite's.
    async fn send(&mut self, message: &HostMessage) -> Result<(), WsError> {
        let text = encode(message).map_err(|e| WsError::Io(std::io::Error::other(e)))?;
        let length = text.len() as u64;
        let header = FrameHeader {
            opcode: OpCode::Data(Data::Text),
            ..FrameHeader::default()
        };
        let mut frame = Vec::with_capacity(header.len(length) + text.len());
        header.format(length, &mut frame)?;
        frame.extend_from_slice(text.as_bytes());
        // Whatever tungstenite still holds (an answer to a ping) goes first, whole.
        self.socket.flush().await?;
        let stream = self.socket.get_mut();
        stream.write_all(&frame).await?;
        stream.flush().await?;
        self.app.metrics.messages_out.fetch_add(1, Relaxed);
        self.app.metrics.bytes_out.fetch_add(length, Relaxed);
        Ok(())
    }

    /// `rejected`: this message (or connection) was refused; nobody else hears of it.
    async fn reject(&mut self, error: Error) {
        self.app.metrics.rejected.fetch_add(1, Relaxed);
        let _ = self.send(&HostMessage::Rejected { error }).await;
    }

    /// `joinRefused`, for a token that does not admit this join.
    async fn refuse(&mut self, error: Error) {
        self.app.metrics.joins_refused.fetch_add(1, Relaxed);
        let _ = self.send(&HostMessage::JoinRefused { error }).await;
    }

    async fn close(mut self, code: u16, reason: &'static str) {
        let frame = CloseFrame {
            code: code.into(),
            reason: Utf8Bytes::from_static(reason),
        };
        if self.socket.send(Message::Close(Some(frame))).await.is_ok() {
            // Wait briefly for the client's close, so the close frame is not lost to a reset.
            let _ = tokio::time::timeout(Duration::from_secs(1), async {
                while let Some(Ok(frame)) = self.socket.next().await {
                    if matches!(frame, Message::Close(_)) {
                        break;
                    }
                }
            })
            .await;
        }
    }
}

/// A message and, for a join, the token it carries. The token stays here at the edge: the
/// host is never given one, so the log never holds one.
fn read(text: &str) -> Result<(ClientMessage, Option<String>), DecodeError> {
    let mut message = decode::<ClientMessage>(text)?;
    let token = match &mut message {
        ClientMessage::Join { token, .. } => token.take(),
        _ => None,
    };
    Ok((message, token))
}

/// A join with the token's identity, display name and role in place of its own; any other
/// message as it is. A join that names someone else is refused: nobody speaks for another.
fn as_verified(message: ClientMessage, identity: &Identity) -> Result<ClientMessage, Error> {
    match message {
        ClientMessage::Join {
            participant,
            resume,
            ..
        } => {
            if participant.raw_id() != identity.participant.raw_id() {
                return Err(Error::InvalidToken {
                    reason: format!(
                        "the token is for '{}', but the join names '{}'",
                        identity.participant.raw_id(),
                        participant.raw_id()
                    ),
                });
            }
            Ok(ClientMessage::Join {
                participant: identity.participant.clone(),
                display_name: identity.display_name.clone(),
                role: identity.role,
                resume,
                token: None,
            })
        }
        other => Ok(other),
    }
}

fn protocol(reason: &str) -> Error {
    Error::Protocol {
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::core::identity::{Identifier, Role};

    fn alice() -> Identity {
        Identity {
            participant: Identifier::communication_user("alice"),
            display_name: "Alice".into(),
            role: Role::Attendee,
        }
    }

    const FRAMES: [&str; 6] = [
        r#"{"v":1,"type":"join","participant":{"communicationUserId":"alice"},"displayName":"A","role":"organizer","token":"t.t.t","resume":true}"#,
        r#"{"v":1,"type":"manage","request":7,"command":{"op":"createRooms","rooms":3}}"#,
        r#"{"v":1,"type":"manage","request":8,"expectedRevision":2,"command":{"op":"assignParticipants","threadId":"x","participants":[{"communicationUserId":"bob"}]}}"#,
        r#"{"v":1,"type":"enterRoom","threadId":"19:x"}"#,
        r#"{"v":1,"type":"hand","request":1,"hand":{"raise":true}}"#,
        r#"{"v":1,"type":"leave"}"#,
    ];

    /// What the edge lets through: a join is the token's person, without the token.
    fn check(text: &str) {
        let Ok((message, _token)) = read(text) else {
            return;
        };
        if let Ok(ClientMessage::Join {
            participant,
            role,
            token,
            ..
        }) = as_verified(message, &alice())
        {
            assert_eq!(participant, alice().participant);
            assert_eq!(role, Role::Attendee);
            assert_eq!(token, None);
        }
    }

    #[test]
    fn a_join_takes_the_token_out_and_the_identity_in() {
        let (join, token) = read(FRAMES[0]).unwrap();
        assert_eq!(token.as_deref(), Some("t.t.t"));
        let ClientMessage::Join {
            role,
            resume,
            token,
            display_name,
            ..
        } = as_verified(join, &alice()).unwrap()
        else {
            panic!("a join stays a join");
        };
        assert_eq!(
            (role, resume, token, display_name.as_str()),
            (Role::Attendee, true, None, "Alice")
        );
        let bob = FRAMES[0].replace("\"alice\"", "\"bob\"");
        let (join, _) = read(&bob).unwrap();
        assert_eq!(as_verified(join, &alice()).unwrap_err().sub_code(), 46914);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]


        #[test]
        fn random_text_never_panics(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn mutated_frames_never_panic(
            frame in 0..FRAMES.len(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
        ) {
            let mut bytes = FRAMES[frame].as_bytes().to_vec();
            for (at, byte, how) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = byte,
                    1 => { bytes.remove(i); }
                    _ => bytes.insert(i, byte),
                }
            }
            check(&String::from_utf8_lossy(&bytes));
        }
    }
}
