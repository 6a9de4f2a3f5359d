//! Abuse limits: what one connection, one address and everyone together may use. Going
//! over one costs the offender (a typed error, or its connection), never anyone else.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::core::error::Error;
use crate::core::limits::Limit;

#[derive(Clone, Debug)]
pub struct AbuseLimits {
    /// Bytes in one text frame. A manager assigning 10,000 people in one call sends ~400 KB.
    pub max_message_bytes: usize,
    /// Sustained messages per second per connection; bursts up to `burst` are let through.
    pub messages_per_second: u32,
    pub burst: u32,
    /// Connections at once, in total and from one IP address.
    pub max_connections: usize,
    pub max_connections_per_address: usize,
    /// A connection that sends nothing (not even a pong to the server's pings) for this
    /// long is closed; the join must also arrive within it.
    pub idle_timeout: Duration,
    /// Meetings held in memory at once; a join that would start one more is refused.
    pub max_meetings: usize,
    /// A meeting nobody is connected to leaves memory after this long; the next join
    /// restores it from the database.
    pub idle_meeting: Duration,
}

impl Default for AbuseLimits {
    fn default() -> Self {
        AbuseLimits {
            max_message_bytes: 1024 * 1024,
            messages_per_second: 50,
            burst: 200,
            max_connections: 20_000,
            max_connections_per_address: 20_000,
            idle_timeout: Duration::from_secs(60),
            max_meetings: 10_000,
            idle_meeting: Duration::from_secs(600),
        }
    }
}

pub fn too_many(what: Limit, limit: usize, requested: usize) -> Error {
    Error::LimitExceeded {
        what,
        limit: limit as u64,
        requested: requested as u64,
    }
}

/// A token bucket: `rate` tokens a second, at most `burst` saved up.
#[derive(Debug)]
pub struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    pub fn new(rate: u32, burst: u32, now: Instant) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket {
            rate: f64::from(rate),
            burst,
            tokens: burst,
            at: now,
        }
    }

    /// Whether one more message may pass at `now`.
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Counts connections in total and per address; a [`Permit`] holds one until dropped.
#[derive(Debug, Default)]
pub struct Gate {
    counts: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

#[derive(Debug)]
pub struct Permit {
    gate: Arc<Gate>,
    address: IpAddr,
}

impl Gate {
    pub fn admit(self: &Arc<Self>, address: IpAddr, limits: &AbuseLimits) -> Result<Permit, Error> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let (total, per_address) = &mut *counts;
        if *total >= limits.max_connections {
            return Err(too_many(
                Limit::Connections,
                limits.max_connections,
                *total + 1,
            ));
        }
        let mine = per_address.entry(address).or_default();
        if *mine >= limits.max_connections_per_address {
            let requested = *mine + 1;
            return Err(too_many(
                Limit::ConnectionsPerAddress,
                limits.max_connections_per_address,
                requested,
            ));
        }
        *mine += 1;
        *total += 1;
        Ok(Permit {
            gate: self.clone(),
            address,
        })
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut counts = self.gate.counts.lock().unwrap_or_else(|e| e.into_inner());
        let (total, per_address) = &mut *counts;
        *total = total.saturating_sub(1);
        if let Some(mine) = per_address.get_mut(&self.address) {
            *mine -= 1;
            if *mine == 0 {
                per_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_lets_bursts_through_then_the_rate() {
        let t0 = Instant::now();
        let mut bucket = Bucket::new(10, 3, t0);
        assert!((0..3).all(|_| bucket.take(t0)));
        assert!(!bucket.take(t0));
        assert!(bucket.take(t0 + Duration::from_millis(100)));
        assert!(!bucket.take(t0 + Duration::from_millis(100)));
    }

    #[test]
    fn the_gate_counts_per_address_and_in_total() {
        let gate = Arc::new(Gate::default());
        let limits = AbuseLimits {
            max_connections: 3,
            max_connections_per_address: 2,
            ..AbuseLimits::default()
        };
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        let p1 = gate.admit(a, &limits).unwrap();
        let _p2 = gate.admit(a, &limits).unwrap();
        assert_eq!(gate.admit(a, &limits).unwrap_err().sub_code(), 46905);
        let _p3 = gate.admit(b, &limits).unwrap();
        assert!(gate.admit(b, &limits).is_err()); // the total
        drop(p1);
        assert!(gate.admit(a, &limits).is_ok());
    }
}
