//! `breakout-rooms-server`: the meeting server (SPEC 10), and `token`, which mints a token.
//!
//! ```text
//! breakout-rooms-server [--listen 127.0.0.1:8787] [--secret-file PATH | $BREAKOUT_ROOMS_SECRET]
//!                       [--dev] [--data DIR] [--allow-origin ORIGIN]... [limits]
//! breakout-rooms-server token --user alice --name Alice --role organizer [--meeting standup] [--ttl 1h]
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use breakout_rooms::core::identity::Role;
use breakout_rooms::server::auth::{mint, Claims, Secret, SECRET_ENV};
use breakout_rooms::server::limits::AbuseLimits;
use breakout_rooms::server::store::Sync;
use breakout_rooms::server::{log, run, Listing, ServerConfig, COMPACT_EVERY};

#[derive(Parser)]
#[command(
    name = "breakout-rooms-server",
    about = "The breakout-rooms meeting server: the demo page, the package, and one WebSocket endpoint per meeting",
    after_help = "The token secret comes from --secret-file or $BREAKOUT_ROOMS_SECRET, never from the command line."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Subcommand)]
enum Command {
    /// Prints an HS256 token signed with the server's secret.
    Token(TokenArgs),
}

#[derive(Args)]
struct Serve {
    /// Address to listen on (a LAN address or 0.0.0.0 lets phones and other machines in).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// File holding the HS256 secret (at least 32 bytes); else $BREAKOUT_ROOMS_SECRET.
    #[arg(long, global = true)]
    secret_file: Option<PathBuf>,
    /// Admit unsigned dev tokens (createDevToken): anyone can be anyone. Never in production.
    #[arg(long)]
    dev: bool,
    /// Folder of the SQLite database; default: breakout-rooms-server under the user's data dir.
    #[arg(long)]
    data: Option<PathBuf>,
    /// How hard commits reach the disk: `full` survives power loss, `normal` a killed process.
    #[arg(long, value_enum, default_value = "full")]
    sync: SyncArg,
    /// An origin (e.g. https://app.example.com) whose pages may connect, besides this
    /// server's own; `*` allows any. Repeatable.
    #[arg(long = "allow-origin")]
    allow_origin: Vec<String>,
    /// A reverse proxy in front of this server (e.g. 127.0.0.1): connections from it are
    /// counted per client by the address it appends to X-Forwarded-For. Repeatable.
    #[arg(long = "trusted-proxy")]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// Largest message, in bytes.
    #[arg(long, default_value_t = AbuseLimits::default().max_message_bytes)]
    max_message_bytes: usize,
    /// Sustained messages per second per connection.
    #[arg(long, default_value_t = AbuseLimits::default().messages_per_second)]
    messages_per_second: u32,
    /// Messages a connection may send at once above the rate.
    #[arg(long, default_value_t = AbuseLimits::default().burst)]
    burst: u32,
    /// Connections at once, in total.
    #[arg(long, default_value_t = AbuseLimits::default().max_connections)]
    max_connections: usize,
    /// Connections at once from one IP address.
    #[arg(long, default_value_t = AbuseLimits::default().max_connections_per_address)]
    max_connections_per_address: usize,
    /// Seconds a connection may stay silent (the server pings; browsers answer by themselves).
    #[arg(long, default_value_t = AbuseLimits::default().idle_timeout.as_secs())]
    idle_timeout: u64,
    /// Meetings held in memory at once; a join that would start one more is refused.
    #[arg(long, default_value_t = AbuseLimits::default().max_meetings)]
    max_meetings: usize,
    /// Seconds a meeting nobody is connected to stays in memory (the next join restores it).
    #[arg(long, default_value_t = AbuseLimits::default().idle_meeting.as_secs())]
    idle_meeting: u64,
    /// Inputs logged per meeting between two snapshots (compaction).
    #[arg(long, default_value_t = COMPACT_EVERY)]
    compact_every: u64,
    /// People a place (main meeting or room) lists to each participant, at most; past
    /// that, the first this many (managers first) and the head count. Every meeting,
    /// restored ones too.
    #[arg(long, default_value_t = Listing::default().max_visible_participants)]
    max_visible_participants: u32,
    /// Milliseconds changes to the listing of a place past that cap gather before they go out.
    #[arg(long, default_value_t = Listing::default().visible_refresh_ms)]
    visible_refresh_ms: u32,
    /// Folder holding www/ (served at /) and pkg/ (served at /pkg/).
    #[arg(long, default_value = env!("CARGO_MANIFEST_DIR"))]
    static_root: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum SyncArg {
    Full,
    Normal,
}

#[derive(Args)]
struct TokenArgs {
    /// The user id (`sub`): the participant becomes { communicationUserId: USER }.
    #[arg(long)]
    user: String,
    /// The display name (`name`).
    #[arg(long)]
    name: Option<String>,
    /// organizer, coOrganizer, breakoutRoomManager or attendee.
    #[arg(long, default_value = "attendee", value_parser = parse_role)]
    role: Role,
    /// The only meeting the token admits to (`mtg`): the meeting id or link, without prefix.
    #[arg(long)]
    meeting: Option<String>,
    /// How long it is valid: 90s, 15m, 1h, 7d, or seconds.
    #[arg(long, default_value = "1h", value_parser = parse_ttl)]
    ttl: Duration,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_name(text).ok_or_else(|| {
        "expected organizer, coOrganizer, breakoutRoomManager or attendee".to_owned()
    })
}

fn parse_ttl(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("expected a duration such as 90s, 15m, 1h or 7d, got {text:?}"))?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("unknown unit {unit:?}: use s, m, h or d")),
    };
    Ok(Duration::from_secs(n.saturating_mul(seconds)))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let secret = match Secret::load(cli.serve.secret_file.as_deref()) {
        Ok(secret) => secret,
        Err(e) => return fail(&e),
    };
    match cli.command {
        Some(Command::Token(args)) => token(secret, args),
        None => serve(secret, cli.serve),
    }
}

fn token(secret: Option<Secret>, args: TokenArgs) -> ExitCode {
    let Some(secret) = secret else {
        return fail(&format!(
            "no secret: give --secret-file PATH or set {SECRET_ENV}"
        ));
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = Claims {
        sub: args.user,
        name: args.name,
        role: args.role,
        mtg: args.meeting,
        exp: now.saturating_add(args.ttl.as_secs()),
    };
    match mint(&secret, &claims) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn serve(secret: Option<Secret>, args: Serve) -> ExitCode {
    if secret.is_none() && !args.dev {
        return fail(&format!(
            "no secret to check tokens with: give --secret-file PATH or set {SECRET_ENV} (or --dev to admit unsigned dev tokens)"
        ));
    }
    if args.dev {
        log(format_args!(
            "\n################################################################################\
             \n# WARNING: --dev: unsigned dev tokens are admitted. Anyone who can reach this  #\
             \n# server can join any meeting as anyone, with any role. Never use it in        #\
             \n# production.                                                                  #\
             \n################################################################################"
        ));
    }
    let Some(data) = args
        .data
        .or_else(|| dirs::data_dir().map(|d| d.join("breakout-rooms-server")))
    else {
        return fail("no user data folder is known here: give --data DIR");
    };
    // Each connection is a file descriptor: take all the kernel allows this process.
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        log(format_args!(
            "could not raise the open-file limit ({e}); see `ulimit -n`"
        ));
    }
    let config = ServerConfig {
        listen: args.listen,
        secret,
        dev: args.dev,
        data: data.clone(),
        sync: match args.sync {
            SyncArg::Full => Sync::Full,
            SyncArg::Normal => Sync::Normal,
        },
        allowed_origins: args.allow_origin,
        trusted_proxies: args.trusted_proxy,
        limits: AbuseLimits {
            max_message_bytes: args.max_message_bytes,
            messages_per_second: args.messages_per_second,
            burst: args.burst,
            max_connections: args.max_connections,
            max_connections_per_address: args.max_connections_per_address,
            idle_timeout: Duration::from_secs(args.idle_timeout.max(1)),
            max_meetings: args.max_meetings,
            idle_meeting: Duration::from_secs(args.idle_meeting.max(1)),
        },
        static_root: args.static_root,
        compact_every: args.compact_every.max(1),
        listing: Listing {
            max_visible_participants: args.max_visible_participants,
            visible_refresh_ms: args.visible_refresh_ms,
        },
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e.to_string()),
    };
    let result = runtime.block_on(run(
        config,
        |address| {
            // Whoever started us may have stopped reading: a closed stdout is no reason to fail.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "listening on http://{address}/ (data: {})",
                data.display()
            );
            let _ = writeln!(
                out,
                "demo: http://{address}/?meeting=demo&server   (every browser that opens it is in meeting 'demo'; pkg/ from `make pkg`)"
            );
            let _ = writeln!(out, "meetings: ws://{address}/meeting?key=meetingId:<name>");
            let _ = out.flush();
        },
        stop_signal(),
    ));
    match result {
        Ok(()) => {
            log(format_args!("stopped"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// SIGTERM (systemd, docker stop) or ctrl-c.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    log(format_args!(
        "stopping: no new connections; flushing and closing sockets with 1012"
    ));
}

fn fail(message: &str) -> ExitCode {
    log(format_args!("{message}"));
    ExitCode::FAILURE
}
