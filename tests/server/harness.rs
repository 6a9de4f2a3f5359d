//! The real server binary on 127.0.0.1 with an ephemeral port and a temp data folder,
//! started and stopped by the test; native clients to talk to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use breakout_rooms::core::protocol::ManageOutcome;
use breakout_rooms::core::{
    CallState, ClientConfig, Command as Manage, Completion, Error, Event, Identifier, MeetingKind,
    Role,
};
use breakout_rooms::server::auth::{mint, Claims, Secret};
use breakout_rooms::server::client::{NativeClient, Received};

pub const SECRET: &str = "test-secret-0123456789abcdef0123456789";
pub const WAIT: Duration = Duration::from_secs(10);

pub fn secret() -> Secret {
    Secret::new(SECRET.as_bytes().to_vec()).expect("the test secret is long enough")
}

pub fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as u64
}

/// A signed token for `user` in any meeting, valid for an hour.
pub fn token(user: &str, role: Role) -> String {
    token_with(Claims {
        sub: user.into(),
        name: Some(capitalized(user)),
        role,
        mtg: None,
        exp: now_s() + 3600,
    })
}

pub fn token_with(claims: Claims) -> String {
    mint(&secret(), &claims).expect("tokens mint")
}

fn capitalized(user: &str) -> String {
    let mut chars = user.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "br-server-{tag}-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            now_ms()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Server {
    child: Option<Child>,
    pub address: SocketAddr,
    pub data: TempDir,
    args: Vec<String>,
    /// What the server printed on stderr, read when it stops.
    pub stderr: String,
}

impl Server {
    /// The server with a secret from the environment and `args`.
    pub fn start(args: &[&str]) -> Server {
        let data = TempDir::new("data");
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let (child, address) = spawn(&data.0, &args);
        Server {
            child: Some(child),
            address,
            data,
            args,
            stderr: String::new(),
        }
    }

    pub fn ws(&self) -> String {
        format!("ws://{}", self.address)
    }

    pub fn http(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// `kill -9`: no flush, no goodbye.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then waits for the exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("the server is running");
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = wait_with_timeout(&mut child, Duration::from_secs(20));
        if let Some(mut err) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut err, &mut self.stderr);
        }
        status
    }

    /// Starts again on the same data (on a new port) with other arguments.
    pub fn restart_with(&mut self, args: &[&str]) {
        self.args = args.iter().map(|a| a.to_string()).collect();
        self.restart();
    }

    /// Starts again on the same data (on a new port).
    pub fn restart(&mut self) {
        self.kill9();
        let (child, address) = spawn(&self.data.0, &self.args);
        self.child = Some(child);
        self.address = address;
    }

    pub fn database(&self) -> PathBuf {
        self.data.0.join("meetings.sqlite3")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait works") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(data: &Path, args: &[String]) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakout-rooms-server"))
        .args(["--listen", "127.0.0.1:0", "--sync", "normal", "--data"])
        .arg(data)
        .args(args)
        .env("BREAKOUT_ROOMS_SECRET", SECRET)
        .stdout(Stdio::piped())
        // BR_SERVER_STDERR=1 shows what the servers say, while debugging a test.
        .stderr(if std::env::var_os("BR_SERVER_STDERR").is_some() {
            Stdio::inherit()
        } else {
            Stdio::piped()
        })
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("the server prints where it listens");
    // Keep reading its stdout, so it never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let address = line
        .strip_prefix("listening on http://")
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    (child, address)
}

pub fn config(user: &str, role: Role) -> ClientConfig {
    ClientConfig {
        identifier: Identifier::communication_user(user),
        display_name: capitalized(user),
        role,
        kind: MeetingKind::Meeting,
        seed: user.bytes().map(u64::from).sum(),
    }
}

/// A participant in `key` with a signed token, its main call connected.
pub async fn join(server: &Server, key: &str, user: &str, role: Role) -> NativeClient {
    let mut client = NativeClient::connect(
        &server.ws(),
        key,
        Some(token(user, role)),
        config(user, role),
    )
    .await
    .expect("connects");
    connected(&mut client).await;
    client
}

pub async fn connected(client: &mut NativeClient) {
    client
        .until(WAIT, |r| match r {
            Received::Event(Event::StateChanged {
                state: CallState::Connected,
                ..
            }) => Some(()),
            _ => None,
        })
        .await
        .expect("the main call connects");
}

/// Runs a management command and waits for its outcome.
pub async fn manage(client: &mut NativeClient, command: Manage) -> Result<ManageOutcome, Error> {
    let op = client
        .client_mut()
        .manage(command, None)
        .expect("the client sends it");
    client.flush().await.expect("sent");
    client
        .until(WAIT, |r| match r {
            Received::Event(Event::Completed { op: done, result }) if *done == op => {
                Some(result.clone())
            }
            _ => None,
        })
        .await
        .expect("the command completes")
        .map(|c| match c {
            Completion::Managed(outcome) => outcome,
            other => panic!("a command completes with its outcome, not {other:?}"),
        })
}

/// Waits for a `rejected` message.
pub async fn rejected(client: &mut NativeClient) -> Error {
    client
        .until(WAIT, |r| match r {
            Received::Rejected(error) => Some(error.clone()),
            _ => None,
        })
        .await
        .expect("a rejected message")
}

/// Reads until the server closes; the close code.
pub async fn close_code(client: &mut NativeClient) -> Option<u16> {
    client
        .until(WAIT, |r| match r {
            Received::Closed(how) => Some(how.as_ref().map(|(code, _)| *code)),
            _ => None,
        })
        .await
        .expect("the server closes the socket")
}

/// A plain HTTP GET over a TCP socket: status and body.
pub fn get(server: &Server, path: &str) -> (u16, String) {
    request(server, path, &[])
}

/// An HTTP GET with these extra headers, over a TCP socket: status and body. The server is
/// asked to close after answering (`Connection: close` unless given, then it should list
/// `close`).
pub fn request(server: &Server, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(server.address).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("read timeout");
    let mut extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("connection"))
    {
        extra.push_str("Connection: close\r\n");
    }
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}\r\n",
        server.address
    )
    .expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Reads until the client is as `cond` says (checked before each read).
pub async fn eventually(
    client: &mut NativeClient,
    what: &str,
    mut cond: impl FnMut(&breakout_rooms::core::Client) -> bool,
) {
    let waited = tokio::time::timeout(WAIT, async {
        loop {
            if cond(client.client()) {
                return Ok(());
            }
            match client.next().await {
                Ok(Received::Closed(how)) => return Err(format!("closed: {how:?}")),
                Err(e) => return Err(e.to_string()),
                Ok(_) => {}
            }
        }
    })
    .await;
    match waited {
        Ok(Ok(())) => {}
        Ok(Err(why)) => panic!("{what}: {why}"),
        Err(_) => panic!("{what}: not within {WAIT:?}"),
    }
}

/// The room whose breakout call is connected, if any.
pub fn in_room(client: &breakout_rooms::core::Client) -> Option<String> {
    client
        .breakout_call()
        .filter(|c| c.state == CallState::Connected)
        .and_then(|c| c.thread_id.clone())
}

pub fn main_state(client: &breakout_rooms::core::Client) -> CallState {
    client.main_call().state
}
