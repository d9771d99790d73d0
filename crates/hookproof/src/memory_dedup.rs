//! [`MemoryDedup`]: the in-process dedup store, one implementation for
//! Python's `hookproof.MemoryDedup` and Node's `MemoryDedup`, so both count
//! leases the same way.
//!
//! Time is a monotonic clock reading in milliseconds that the caller passes
//! (each binding reads its runtime's monotonic clock): a wall clock set
//! back would otherwise keep a crashed worker's claim for as long as it
//! jumped, and `std::time::Instant` is not available on every target the
//! core builds for (WebAssembly).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::error::ConfigError;

/// What a claim found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimState {
    /// The caller holds the claim now, with the returned token.
    Claimed,
    /// Another caller holds it and has not finished.
    InFlight,
    /// It was completed within the retention time.
    Done,
}

impl ClaimState {
    /// `claimed`, `in_flight` or `done`: the words every store answers with.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Claimed => "claimed",
            Self::InFlight => "in_flight",
            Self::Done => "done",
        }
    }
}

/// An in-process store: claims expire after `lease_ms`, completed keys are
/// kept for `ttl_ms`, at most `max_entries` keys are kept (the least
/// recently claimed is forgotten first). Thread-safe.
#[derive(Debug)]
pub struct MemoryDedup {
    lease_ms: f64,
    ttl_ms: f64,
    max_entries: usize,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<String, Entry>,
    /// Claim order (a counter) to key, oldest first.
    order: BTreeMap<u64, String>,
    next: u64,
}

#[derive(Debug)]
struct Entry {
    done: bool,
    token: String,
    expires_ms: f64,
    order: u64,
}

impl MemoryDedup {
    /// # Errors
    /// `invalid_argument` unless the lease, the retention and the bound are
    /// positive (and the times finite).
    pub fn new(lease_ms: f64, ttl_ms: f64, max_entries: usize) -> Result<Self, ConfigError> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !(positive(lease_ms) && positive(ttl_ms) && max_entries > 0) {
            return Err(ConfigError::argument(
                "lease, ttl and max_entries must be positive",
            ));
        }
        Ok(Self {
            lease_ms,
            ttl_ms,
            max_entries,
            entries: Mutex::new(Entries::default()),
        })
    }

    /// Claims `key` at monotonic time `now_ms`: `Claimed` with a fresh token
    /// when nobody holds it (or their claim expired), else what holds it
    /// and an empty token.
    ///
    /// # Errors
    /// When the system has no randomness for a token.
    pub fn claim(&self, key: &str, now_ms: f64) -> Result<(ClaimState, String), ConfigError> {
        let mut e = self.lock();
        if let Some(entry) = e.by_key.get(key)
            && entry.expires_ms > now_ms
        {
            let state = if entry.done {
                ClaimState::Done
            } else {
                ClaimState::InFlight
            };
            return Ok((state, String::new()));
        }
        let token = token()?;
        if let Some(old) = e.by_key.remove(key) {
            e.order.remove(&old.order);
        }
        let order = e.next;
        e.next += 1;
        e.order.insert(order, key.to_owned());
        e.by_key.insert(
            key.to_owned(),
            Entry {
                done: false,
                token: token.clone(),
                expires_ms: now_ms + self.lease_ms,
                order,
            },
        );
        while e.by_key.len() > self.max_entries {
            let Some((_, oldest)) = e.order.pop_first() else {
                break;
            };
            e.by_key.remove(&oldest);
        }
        Ok((ClaimState::Claimed, token))
    }

    /// Marks the claim done, kept for the retention time from `now_ms`; only
    /// the holder's token does anything.
    pub fn complete(&self, key: &str, token: &str, now_ms: f64) {
        let mut e = self.lock();
        if let Some(entry) = e.by_key.get_mut(key)
            && !token.is_empty()
            && entry.token == token
        {
            entry.done = true;
            entry.expires_ms = now_ms + self.ttl_ms;
        }
    }

    /// Forgets an unfinished claim, so a retry runs the handler; only the
    /// holder's token does anything.
    pub fn release(&self, key: &str, token: &str) {
        let mut e = self.lock();
        let held = e
            .by_key
            .get(key)
            .is_some_and(|entry| !entry.done && !token.is_empty() && entry.token == token);
        if held && let Some(old) = e.by_key.remove(key) {
            e.order.remove(&old.order);
        }
    }

    /// How many keys are kept (expired ones included until reclaimed or
    /// pushed out).
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether no key is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lease and the retention, in milliseconds.
    #[must_use]
    pub fn times_ms(&self) -> (f64, f64) {
        (self.lease_ms, self.ttl_ms)
    }

    /// The entries; a panic elsewhere while holding the lock left them
    /// consistent (every change is a few map operations), so it is taken
    /// over rather than propagated.
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// 16 random hex digits.
fn token() -> Result<String, ConfigError> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b)
        .map_err(|_| ConfigError::argument("no randomness for a claim token"))?;
    Ok(hex::encode(b))
}

#[cfg(test)]
mod tests {
    use super::{ClaimState, MemoryDedup};

    #[allow(clippy::unwrap_used, reason = "a test")]
    #[test]
    fn claims_complete_release_expire_and_stay_bounded() {
        let store = MemoryDedup::new(1000.0, 5000.0, 2).unwrap();
        let (state, token) = store.claim("a", 0.0).unwrap();
        assert_eq!((state, token.len()), (ClaimState::Claimed, 16));
        assert_eq!(store.claim("a", 10.0).unwrap().0, ClaimState::InFlight);
        store.complete("a", "not-the-token", 20.0);
        assert_eq!(store.claim("a", 30.0).unwrap().0, ClaimState::InFlight);
        store.complete("a", &token, 40.0);
        assert_eq!(store.claim("a", 4000.0).unwrap().0, ClaimState::Done);
        // Released, the next claim is new.
        let (_, t) = store.claim("b", 0.0).unwrap();
        store.release("b", &t);
        assert_eq!(store.claim("b", 1.0).unwrap().0, ClaimState::Claimed);
        // An expired lease is claimed again; a stale holder's release is ignored.
        let (_, stale) = store.claim("c", 0.0).unwrap();
        let (state, fresh) = store.claim("c", 1001.0).unwrap();
        assert_eq!(state, ClaimState::Claimed);
        store.release("c", &stale);
        assert_eq!(store.claim("c", 1002.0).unwrap().0, ClaimState::InFlight);
        assert_ne!(stale, fresh);
        // Bounded: the least recently claimed went.
        assert_eq!(store.len(), 2);
        assert!(MemoryDedup::new(0.0, 1.0, 1).is_err());
        assert!(MemoryDedup::new(1.0, f64::NAN, 1).is_err());
    }
}
