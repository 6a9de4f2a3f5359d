//! Counters for `/metrics`, in the Prometheus text format (version 0.0.4). A handful of
//! atomics and one histogram: not worth a metrics crate.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Upper bounds of the command latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default)]
pub struct Metrics {
    pub connections_open: AtomicU64,
    pub connections_total: AtomicU64,
    pub meetings: AtomicU64,
    pub meetings_evicted: AtomicU64,
    pub messages_in: AtomicU64,
    pub messages_out: AtomicU64,
    pub bytes_out: AtomicU64,
    pub rejected: AtomicU64,
    pub joins_refused: AtomicU64,
    pub commits: AtomicU64,
    latency: Histogram,
}

#[derive(Debug, Default)]
struct Histogram {
    counts: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    /// From a message's arrival to its effects handed to the sockets, durable by then.
    pub fn observe_command(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.latency.counts[i].fetch_add(1, Relaxed);
        }
        self.latency.count.fetch_add(1, Relaxed);
        self.latency
            .sum_micros
            .fetch_add(took.as_micros().min(u128::from(u64::MAX)) as u64, Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut one = |name: &str, kind: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        one(
            "breakout_rooms_connections",
            "gauge",
            "Open WebSocket connections.",
            self.connections_open.load(Relaxed),
        );
        one(
            "breakout_rooms_connections_total",
            "counter",
            "WebSocket connections accepted since start.",
            self.connections_total.load(Relaxed),
        );
        one(
            "breakout_rooms_meetings",
            "gauge",
            "Meetings held in memory.",
            self.meetings.load(Relaxed),
        );
        one(
            "breakout_rooms_meetings_evicted_total",
            "counter",
            "Meetings that left memory for being idle (the next join restores them).",
            self.meetings_evicted.load(Relaxed),
        );
        one(
            "breakout_rooms_messages_received_total",
            "counter",
            "Protocol messages received from clients.",
            self.messages_in.load(Relaxed),
        );
        one(
            "breakout_rooms_messages_sent_total",
            "counter",
            "Protocol messages sent to clients.",
            self.messages_out.load(Relaxed),
        );
        one(
            "breakout_rooms_sent_bytes_total",
            "counter",
            "Bytes of protocol messages sent to clients (text frame payloads).",
            self.bytes_out.load(Relaxed),
        );
        one(
            "breakout_rooms_rejected_total",
            "counter",
            "Messages or connections refused by a limit or as unreadable.",
            self.rejected.load(Relaxed),
        );
        one(
            "breakout_rooms_joins_refused_total",
            "counter",
            "Joins refused for their token.",
            self.joins_refused.load(Relaxed),
        );
        one(
            "breakout_rooms_commits_total",
            "counter",
            "SQLite transactions committed.",
            self.commits.load(Relaxed),
        );
        let name = "breakout_rooms_command_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} From a message's arrival to its durable effects going out.\n# TYPE {name} histogram"
        );
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(&self.latency.counts) {
            cumulative += count.load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let count = self.latency.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.latency.sum_micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative() {
        let metrics = Metrics::default();
        metrics.observe_command(Duration::from_micros(300));
        metrics.observe_command(Duration::from_millis(20));
        metrics.observe_command(Duration::from_secs(10));
        let text = metrics.render();
        assert!(text.contains("breakout_rooms_command_seconds_bucket{le=\"0.0005\"} 1\n"));
        assert!(text.contains("breakout_rooms_command_seconds_bucket{le=\"0.025\"} 2\n"));
        assert!(text.contains("breakout_rooms_command_seconds_bucket{le=\"2.5\"} 2\n"));
        assert!(text.contains("breakout_rooms_command_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("breakout_rooms_command_seconds_count 3\n"));
    }
}
