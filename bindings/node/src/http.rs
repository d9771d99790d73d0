//! The integrations' HTTP rules (`hookproof::http`) and the core's
//! `MemoryDedup`, for `node/gate.js` and `node/dedup.js`. Translation only.

use std::sync::OnceLock;
use std::time::Instant;

use hookproof::dedup::MemoryDedup;
use hookproof::http;
use hookproof_js::calls;
use napi::bindgen_prelude::External;
use napi_derive::napi;

use crate::errors::{Code, config_error};

/// `[status, JSON body]` for an error or answer code.
#[napi]
#[must_use]
pub fn http_answer(code: String) -> (u32, String) {
    let a = http::answer(&code);
    (u32::from(a.status), a.body)
}

/// What a store's claim state means: null to run the handler, else the
/// `[status, body]` to answer instead.
#[napi]
#[must_use]
pub fn claim_answer(state: String) -> Option<(u32, String)> {
    http::claim_answer(&state).map(|a| (u32::from(a.status), a.body))
}

/// The answer code a store's claim state stands for (null: run the handler).
#[napi]
#[must_use]
pub fn claim_code(state: String) -> Option<&'static str> {
    http::claim_code(&state)
}

/// `[result, code]` metric labels of a decision (null: verified).
#[napi]
#[must_use]
pub fn metric_labels(code: Option<String>) -> (&'static str, &'static str) {
    http::metric_labels(code.as_deref())
}

/// Whether a handler's status (null: it threw) completes its claim.
#[napi]
#[must_use]
pub fn completes(status: Option<u32>) -> bool {
    http::completes(status.map(|s| u16::try_from(s).unwrap_or(u16::MAX)))
}

/// The key a delivery is claimed under in a store.
#[napi]
#[must_use]
pub fn store_key(scheme: String, dedup_key: String, tenant: Option<String>) -> String {
    http::store_key(&scheme, tenant.as_deref(), &dedup_key)
}

/// The URL a sender called (`hookproof::http::request_url`); `forwarded`
/// only when the app trusts its proxy: the values of `Forwarded`,
/// `X-Forwarded-Proto`, `-Host` and `-Port`.
#[napi]
#[must_use]
pub fn request_url(
    scheme: String,
    host: String,
    target: String,
    forwarded: Option<Vec<Option<String>>>,
) -> Option<String> {
    calls::request_url(&scheme, &host, &target, forwarded.as_deref())
}

/// The constants and code lists every hand-written list is checked against.
#[napi(object)]
pub struct Rules {
    pub default_max_body: u32,
    pub verify_codes: Vec<String>,
    pub config_codes: Vec<String>,
    pub answer_codes: Vec<String>,
    pub max_key_document: u32,
}

/// The rules' constants, read once by `node/gate.js` and `node/errors.js`.
#[napi]
#[must_use]
pub fn http_rules() -> Rules {
    let r = calls::http_rules();
    Rules {
        default_max_body: r.default_max_body,
        verify_codes: r.verify_codes,
        config_codes: r.config_codes,
        answer_codes: r.answer_codes,
        max_key_document: r.max_key_document,
    }
}

/// Milliseconds on a monotonic clock (from the first call in the process):
/// `Date.now()` jumps when the wall clock is set.
fn monotonic_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// The core's in-process store; `lease` and `ttl` in milliseconds.
#[napi(catch_unwind)]
pub fn memory_dedup_new(
    lease: f64,
    ttl: f64,
    max_entries: f64,
) -> napi::Result<External<MemoryDedup>, Code> {
    MemoryDedup::new(lease, ttl, calls::entry_bound(max_entries))
        .map(External::new)
        .map_err(config_error)
}

/// `[state, token]`: `claimed` with a fresh token, or `in_flight`/`done`
/// and an empty token.
#[napi(catch_unwind)]
pub fn memory_dedup_claim(
    store: &External<MemoryDedup>,
    key: String,
) -> napi::Result<(&'static str, String), Code> {
    let (state, token) = store.claim(&key, monotonic_ms()).map_err(config_error)?;
    Ok((state.as_str(), token))
}

/// Marks the claim done (only with its token).
#[napi]
pub fn memory_dedup_complete(store: &External<MemoryDedup>, key: String, token: String) {
    store.complete(&key, &token, monotonic_ms());
}

/// Forgets the claim (only with its token).
#[napi]
pub fn memory_dedup_release(store: &External<MemoryDedup>, key: String, token: String) {
    store.release(&key, &token);
}

/// How many keys the store keeps.
#[napi]
#[must_use]
#[allow(clippy::cast_precision_loss, reason = "counts far below 2^53")]
pub fn memory_dedup_size(store: &External<MemoryDedup>) -> f64 {
    store.len() as f64
}
