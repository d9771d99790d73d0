//! The layout of the `Float64Array` that `webhookVerify` and `node/webhook.js`
//! share, defined here once for both bindings. `node/layout.js` reads it at
//! load time from [`verify_layout`] (no offset is written down twice), and
//! `node/test/layout.test.js` checks that the slots are distinct and fit.
//!
//! In: the clock (`now`, NaN for the system clock) and a bit per header name
//! sent more than once. Out: the timestamp (NaN when none), the key index,
//! then `[slot, start, end]` for the id, the event and the dedup key, where
//! `slot` is the header value the text lies in, or one of the marks below.

/// In: the clock, unix seconds (NaN: the system clock).
pub const NOW: usize = 0;
/// In: bit `i` set when `headerNames[i]` was sent more than once.
pub const REPEATED: usize = 1;
/// Out: the timestamp in unix seconds, NaN when the scheme reads none.
pub const TIMESTAMP: usize = 0;
/// Out: which secret matched.
pub const KEY_INDEX: usize = 1;
/// Out: `[slot, start, end]` of the id.
pub const ID: usize = 2;
/// Out: `[slot, start, end]` of the event type.
pub const EVENT: usize = 5;
/// Out: `[slot, start, end]` of the dedup key.
pub const DEDUP_KEY: usize = 8;
/// The array's length.
pub const LEN: usize = 11;

/// A field that is absent.
pub const NONE: f64 = -1.0;
/// A field of the body, read only if the app asks (`webhookReadBody`).
pub const BODY: f64 = -2.0;

/// [`verify_layout`]'s answer: every index and mark above.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// [`LEN`].
    pub length: u32,
    /// [`NOW`].
    pub now: u32,
    /// [`REPEATED`].
    pub repeated: u32,
    /// [`TIMESTAMP`].
    pub timestamp: u32,
    /// [`KEY_INDEX`].
    pub key_index: u32,
    /// [`ID`].
    pub id: u32,
    /// [`EVENT`].
    pub event: u32,
    /// [`DEDUP_KEY`].
    pub dedup_key: u32,
    /// [`NONE`].
    pub none: f64,
    /// [`BODY`].
    pub body: f64,
}

/// The layout, for `node/layout.js` to read once.
#[allow(
    clippy::cast_possible_truncation,
    reason = "indices below 16, constants"
)]
#[must_use]
pub fn verify_layout() -> Layout {
    Layout {
        length: LEN as u32,
        now: NOW as u32,
        repeated: REPEATED as u32,
        timestamp: TIMESTAMP as u32,
        key_index: KEY_INDEX as u32,
        id: ID as u32,
        event: EVENT as u32,
        dedup_key: DEDUP_KEY as u32,
        none: NONE,
        body: BODY,
    }
}

/// Writes `value` at index `at` of the caller's array (its bytes, in the
/// machine's byte order, which is the typed array's).
pub fn write(io: &mut [u8], at: usize, value: f64) {
    if let Some(bytes) = io.chunks_exact_mut(8).nth(at) {
        bytes.copy_from_slice(&value.to_ne_bytes());
    }
}

/// Writes a `[slot, start, end]` field at `at`.
pub fn write_field(io: &mut [u8], at: usize, field: [f64; 3]) {
    for (i, value) in field.into_iter().enumerate() {
        write(io, at + i, value);
    }
}

/// The number at index `at` (NaN past the end).
pub fn read(io: &[u8], at: usize) -> f64 {
    io.chunks_exact(8)
        .nth(at)
        .and_then(|b| b.try_into().ok())
        .map_or(f64::NAN, f64::from_ne_bytes)
}
