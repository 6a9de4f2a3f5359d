//! The meeting server under load, over loopback: one meeting, N native clients (an
//! organizer and N-1 attendees), R rooms. Starts its own server (the binary built by
//! `make load`) on a temp folder, measures, stops it, and prints figures, never asserts.
//!
//! ```text
//! cargo run --profile server --features server --example load -- --clients 10000 --rooms 1000
//! ```
//! Bounded: at most 10,000 clients and 1,000 rooms, and every phase gives up after its
//! own time limit. Figures: time to connect all clients; from `openRooms` to every
//! client's `join` (p50, p99, max); one reassignment, once the server has gone quiet after
//! the opening; the server's RSS per connection and CPU; messages and bytes the server sent
//! per client. Attendees take presence (`--presence off`: `presence=0`) and keep their
//! lists, without an event per change; `--max-visible N` and `--refresh-ms MS` start the
//! server with that listing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use breakout_rooms::core::{
    ClientConfig, Command, Completion, Event, Identifier, MeetingKind, Role, RoomSpec,
};
use breakout_rooms::server::auth::{mint, Claims, Secret};
use breakout_rooms::server::client::{self, NativeClient, Received};
use tokio::sync::{mpsc, Semaphore};

const MAX_CLIENTS: usize = 10_000;
const MAX_ROOMS: u32 = 1_000;
const SECRET: &str = "load-generator-secret-0123456789abcdef";
const KEY: &str = "meetingId:load";
const PHASE_LIMIT: Duration = Duration::from_secs(180);

struct Options {
    clients: usize,
    rooms: u32,
    concurrency: usize,
    server: PathBuf,
    presence: bool,
    /// The server's `--max-visible-participants` and `--visible-refresh-ms`, if given.
    max_visible: Option<usize>,
    refresh_ms: Option<usize>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        clients: 1_000,
        rooms: 100,
        concurrency: 256,
        server: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/server/breakout-rooms-server"),
        presence: true,
        max_visible: None,
        refresh_ms: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: not a number: {value}"))
        };
        match flag.as_str() {
            "--clients" => options.clients = number()?.clamp(2, MAX_CLIENTS),
            "--rooms" => options.rooms = (number()? as u32).clamp(1, MAX_ROOMS),
            "--concurrency" => options.concurrency = number()?.clamp(1, 4096),
            "--server" => options.server = PathBuf::from(&value),
            "--presence" => options.presence = value != "off",
            "--max-visible" => options.max_visible = Some(number()?),
            "--refresh-ms" => options.refresh_ms = Some(number()?),
            other => {
                return Err(format!(
                    "unknown flag {other}: --clients N --rooms R --concurrency C --server PATH --presence on|off --max-visible N --refresh-ms MS"
                ))
            }
        }
    }
    Ok(options)
}

/// What an attendee's task reports.
enum Report {
    Connected(Duration),
    Joined(usize, String, Instant),
    /// The client was told of an assignment to this room.
    Assigned(usize, String, Instant),
    Failed(usize, String),
}

fn now_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn config(user: &str, role: Role) -> ClientConfig {
    ClientConfig {
        identifier: Identifier::communication_user(user),
        display_name: user.to_owned(),
        role,
        kind: MeetingKind::Meeting,
        seed: 1,
    }
}

struct Server {
    child: Child,
    address: String,
    _data: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(options: &Options) -> Result<Server, String> {
    let (path, clients) = (&options.server, options.clients);
    let data = TempDir(std::env::temp_dir().join(format!("br-load-{}", std::process::id())));
    let mut listing = Vec::new();
    if let Some(n) = options.max_visible {
        listing.extend(["--max-visible-participants".to_owned(), n.to_string()]);
    }
    if let Some(ms) = options.refresh_ms {
        listing.extend(["--visible-refresh-ms".to_owned(), ms.to_string()]);
    }
    let mut child = Process::new(path)
        .args(listing)
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(&data.0)
        .args(["--max-connections", &(clients + 100).to_string()])
        .args([
            "--max-connections-per-address",
            &(clients + 100).to_string(),
        ])
        .env("BREAKOUT_ROOMS_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {}: {e} (run `make load`, which builds it)",
                path.display()
            )
        })?;
    let mut reader = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let address = line
        .strip_prefix("listening on http://")
        .and_then(|r| r.split('/').next())
        .ok_or(format!("unexpected first line {line:?}"))?
        .to_owned();
    Ok(Server {
        child,
        address,
        _data: data,
    })
}

/// VmRSS in KiB, and user+system CPU in clock ticks, of a process.
fn usage(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, r)| r.split_whitespace().collect());
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (rss, tick(11) + tick(12))
}

fn metric(address: &str, name: &str) -> f64 {
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return f64::NAN;
    };
    let _ = write!(
        stream,
        "GET /metrics HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Waits for reports until `take` says done or `deadline`, reading the organizer's socket
/// meanwhile (a client that does not read is dropped by the server for falling behind).
async fn collect(
    organizer: &mut NativeClient,
    reported: &mut mpsc::UnboundedReceiver<Report>,
    deadline: Instant,
    mut take: impl FnMut(Report) -> bool,
) {
    loop {
        tokio::select! {
            report = reported.recv() => match report {
                Some(report) => if take(report) { return },
                None => return,
            },
            received = organizer.next() => if let Ok(Received::Closed(how)) | Err(breakout_rooms::server::client::ClientError::Closed(how)) = received {
                eprintln!("the organizer's socket closed: {how:?}");
                return;
            },
            _ = tokio::time::sleep_until(deadline.into()) => return,
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

async fn manage(client: &mut NativeClient, command: Command) -> Result<(), String> {
    let op = client
        .client_mut()
        .manage(command, None)
        .map_err(|e| e.to_string())?;
    client.flush().await.map_err(|e| e.to_string())?;
    let result = client
        .until(PHASE_LIMIT, |r| match r {
            Received::Event(Event::Completed { op: done, result }) if *done == op => {
                Some(result.clone())
            }
            _ => None,
        })
        .await
        .map_err(|e| e.to_string())?;
    match result {
        Ok(Completion::Managed(_)) => Ok(()),
        Ok(other) => Err(format!("unexpected {other:?}")),
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = options()?;
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let (soft, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).map_err(|e| e.to_string())?;
    if soft < options.clients as u64 + 100 {
        return Err(format!(
            "the open-file limit is {soft}; raise it (`ulimit -n {}`)",
            options.clients + 100
        ));
    }
    let server = start_server(&options)?;
    let pid = server.child.id();
    let ws = format!("ws://{}", server.address);
    let secret = Secret::new(SECRET.as_bytes().to_vec())?;
    let token = |user: &str, role: Role| {
        mint(
            &secret,
            &Claims {
                sub: user.into(),
                name: Some(user.into()),
                role,
                mtg: None,
                exp: now_s() + 3600,
            },
        )
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (rss_empty, _) = usage(pid);
    println!(
        "server pid {pid} at {}: {} clients, {} rooms, RSS before any client {} KiB",
        server.address, options.clients, options.rooms, rss_empty
    );

    // --- connect ---
    let mut organizer = NativeClient::connect(
        &ws,
        KEY,
        Some(token("organizer", Role::Organizer)?),
        config("organizer", Role::Organizer),
    )
    .await
    .map_err(|e| e.to_string())?;
    organizer.keep_log = false;
    let (reports, mut reported) = mpsc::unbounded_channel();
    let gate = Arc::new(Semaphore::new(options.concurrency));
    let (_, cpu_before_connect) = usage(pid);
    let started = Instant::now();
    for i in 1..options.clients {
        let (ws, reports, gate) = (ws.clone(), reports.clone(), gate.clone());
        let connect = client::Options {
            no_presence: !options.presence,
            ..client::Options::default()
        };
        let user = format!("user{i}");
        let token = token(&user, Role::Attendee)?;
        tokio::spawn(async move {
            let permit = gate.acquire_owned().await;
            let opened = Instant::now();
            let mut client = match NativeClient::connect_with(
                &ws,
                KEY,
                &connect,
                Some(token),
                config(&user, Role::Attendee),
            )
            .await
            {
                Ok(client) => client,
                Err(e) => return drop(reports.send(Report::Failed(i, e.to_string()))),
            };
            client.keep_log = false;
            // The lists are kept (presence is applied as it comes), without an event for
            // each change: a page with no 'remoteParticipantsUpdated' listener. Watching
            // would make the generator, which runs every client on the server's two cores,
            // the bottleneck of what is measured.
            client.client_mut().watch_remote_participants(false);
            let welcomed = client
                .until(PHASE_LIMIT, |r| match r {
                    Received::Event(Event::StateChanged {
                        state: breakout_rooms::core::CallState::Connected,
                        ..
                    }) => Some(()),
                    _ => None,
                })
                .await;
            drop(permit);
            if let Err(e) = welcomed {
                return drop(reports.send(Report::Failed(i, e.to_string())));
            }
            let _ = reports.send(Report::Connected(opened.elapsed()));
            loop {
                match client.next().await {
                    Ok(Received::Event(Event::Join { .. })) => {
                        let thread = client
                            .client()
                            .breakout_call()
                            .and_then(|c| c.thread_id.clone())
                            .unwrap_or_default();
                        if reports
                            .send(Report::Joined(i, thread, Instant::now()))
                            .is_err()
                        {
                            return;
                        }
                    }
                    Ok(Received::Event(Event::AssignedBreakoutRooms(Some(room)))) => {
                        let heard = Report::Assigned(i, room.thread_id.clone(), Instant::now());
                        if reports.send(heard).is_err() {
                            return;
                        }
                    }
                    Ok(Received::Closed(_)) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        });
    }
    drop(reports);
    let mut connect_times = Vec::with_capacity(options.clients);
    let mut failures = 0;
    let expected = options.clients - 1;
    collect(
        &mut organizer,
        &mut reported,
        Instant::now() + PHASE_LIMIT,
        |report| {
            match report {
                Report::Connected(took) => connect_times.push(took),
                Report::Failed(i, why) => {
                    failures += 1;
                    if failures <= 5 {
                        eprintln!("client {i} failed: {why}");
                    }
                }
                Report::Joined(..) | Report::Assigned(..) => {}
            }
            connect_times.len() + failures >= expected
        },
    )
    .await;
    let connect_all = started.elapsed();
    let (_, cpu_after_connect) = usage(pid);
    connect_times.sort();
    println!(
        "connect: {} of {} attendees in {:.2} s ({:.0}/s), {} failed; open-to-welcome p50 {:?} p99 {:?} max {:?}; server CPU {:.2} s",
        connect_times.len(),
        options.clients - 1,
        connect_all.as_secs_f64(),
        connect_times.len() as f64 / connect_all.as_secs_f64(),
        failures,
        percentile(&connect_times, 0.5),
        percentile(&connect_times, 0.99),
        connect_times.last().copied().unwrap_or_default(),
        (cpu_after_connect - cpu_before_connect) as f64 / 100.0,
    );
    // Let presence settle, then read the idle cost.
    collect(
        &mut organizer,
        &mut reported,
        Instant::now() + Duration::from_secs(2),
        |_| false,
    )
    .await;
    let (rss_idle, _) = usage(pid);
    let sent_idle = metric(&server.address, "breakout_rooms_messages_sent_total");
    let bytes_idle = metric(&server.address, "breakout_rooms_sent_bytes_total");
    println!(
        "idle: server RSS {} KiB, {:.1} KiB per connection over the empty server; sent so far {:.0} messages ({:.1}/client), {:.1} MB ({:.1} KB/client)",
        rss_idle,
        (rss_idle.saturating_sub(rss_empty)) as f64 / options.clients as f64,
        sent_idle,
        sent_idle / options.clients as f64,
        bytes_idle / 1e6,
        bytes_idle / 1e3 / options.clients as f64,
    );

    // --- open all ---
    manage(
        &mut organizer,
        Command::CreateRooms {
            rooms: RoomSpec::Count(options.rooms),
        },
    )
    .await?;
    manage(
        &mut organizer,
        Command::AssignAutomatically { seed: Some(7) },
    )
    .await?;
    let (_, cpu_before_open) = usage(pid);
    let opened = Instant::now();
    manage(&mut organizer, Command::OpenRooms { thread_ids: None }).await?;
    let ack = opened.elapsed();
    let mut joins: HashMap<usize, (String, Duration)> = HashMap::new();
    let connected = connect_times.len();
    collect(
        &mut organizer,
        &mut reported,
        Instant::now() + PHASE_LIMIT,
        |report| {
            if let Report::Joined(i, thread, at) = report {
                joins
                    .entry(i)
                    .or_insert((thread, at.duration_since(opened)));
            }
            joins.len() >= connected
        },
    )
    .await;
    let (_, cpu_after_open) = usage(pid);
    let mut latencies: Vec<Duration> = joins.values().map(|(_, d)| *d).collect();
    latencies.sort();
    println!(
        "openRooms: acknowledged in {:?}; {} of {} attendees joined their room: p50 {:?} p99 {:?} max {:?}; server CPU {:.2} s",
        ack,
        latencies.len(),
        connect_times.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default(),
        (cpu_after_open - cpu_before_open) as f64 / 100.0,
    );

    // --- one reassignment, once the opening burst (every client's enterRoom) is over ---
    let (sent_joined, (_, cpu_joined)) = (
        metric(&server.address, "breakout_rooms_messages_sent_total"),
        usage(pid),
    );
    // Settled: nothing sent for half a second (at least 2 s, at most 20 s).
    let settling = Instant::now();
    let mut sent_settled = sent_joined;
    loop {
        collect(
            &mut organizer,
            &mut reported,
            Instant::now() + Duration::from_millis(500),
            |_| false,
        )
        .await;
        let sent = metric(&server.address, "breakout_rooms_messages_sent_total");
        let quiet = sent == sent_settled;
        sent_settled = sent;
        if (quiet && settling.elapsed() >= Duration::from_secs(2))
            || settling.elapsed() >= Duration::from_secs(20)
        {
            break;
        }
    }
    let (_, cpu_settled) = usage(pid);
    println!(
        "after every join: the server sent {:.0} more messages (room presence still on its way) and went quiet after {:.1} s; CPU {:.2} s",
        sent_settled - sent_joined,
        settling.elapsed().as_secs_f64(),
        (cpu_settled - cpu_joined) as f64 / 100.0
    );
    if let Some((&who, (thread, _))) = joins.iter().next() {
        let rooms = organizer.client().breakout_rooms().unwrap_or_default();
        if let Some(other) = rooms.iter().find(|r| &r.thread_id != thread) {
            let moved = Instant::now();
            manage(
                &mut organizer,
                Command::AssignParticipants {
                    thread_id: other.thread_id.clone(),
                    participants: vec![Identifier::communication_user(format!("user{who}"))],
                },
            )
            .await?;
            let ack = moved.elapsed();
            let (mut heard, mut arrived) = (None, None);
            let target = other.thread_id.clone();
            collect(
                &mut organizer,
                &mut reported,
                Instant::now() + Duration::from_secs(30),
                |report| match report {
                    Report::Assigned(i, t, at) if i == who && t == target => {
                        heard = Some(at.duration_since(moved));
                        false
                    }
                    Report::Joined(i, t, at) if i == who && t == target => {
                        arrived = Some(at.duration_since(moved));
                        true
                    }
                    _ => false,
                },
            )
            .await;
            println!("reassignment: acknowledged in {ack:?}; the participant's client heard of it after {heard:?} and joined the new room after {arrived:?}");
        }
    }
    let (rss_end, _) = usage(pid);
    let sent = metric(&server.address, "breakout_rooms_messages_sent_total");
    let bytes = metric(&server.address, "breakout_rooms_sent_bytes_total");
    println!(
        "end: server RSS {} KiB; sent in all {:.0} messages ({:.1}/client), {:.1} MB ({:.1} KB/client)",
        rss_end,
        sent,
        sent / options.clients as f64,
        bytes / 1e6,
        bytes / 1e3 / options.clients as f64,
    );
    Ok(())
}
