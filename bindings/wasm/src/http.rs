//! The integrations' HTTP rules (`hookproof::http`) and the core's
//! `MemoryDedup`, as the Node-API addon exports them. Translation only.

use hookproof::dedup::MemoryDedup;
use hookproof::http;
use hookproof_js::calls;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::errors::js_error;
use crate::values::{object, strings};

#[wasm_bindgen]
extern "C" {
    /// The host's monotonic clock in milliseconds (`performance.now()`, in
    /// every runtime this module targets): `Date.now()` jumps when the wall
    /// clock is set, and `std::time::Instant` has no clock here.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn monotonic_ms() -> f64;
}

fn answer(a: &http::Answer) -> Array {
    [JsValue::from(a.status), JsValue::from_str(&a.body)]
        .into_iter()
        .collect()
}

/// `[status, JSON body]` for an error or answer code.
#[wasm_bindgen(js_name = httpAnswer)]
#[must_use]
pub fn http_answer(code: &str) -> Array {
    answer(&http::answer(code))
}

/// null to run the handler, else the `[status, body]` a claim state answers.
#[wasm_bindgen(js_name = claimAnswer)]
#[must_use]
pub fn claim_answer(state: &str) -> JsValue {
    http::claim_answer(state).map_or(JsValue::NULL, |a| answer(&a).into())
}

/// The answer code a claim state stands for (null: run the handler).
#[wasm_bindgen(js_name = claimCode)]
#[must_use]
pub fn claim_code(state: &str) -> Option<String> {
    http::claim_code(state).map(str::to_owned)
}

/// `[result, code]` metric labels of a decision (null: verified).
#[wasm_bindgen(js_name = metricLabels)]
#[must_use]
pub fn metric_labels(code: Option<String>) -> Array {
    let (result, label) = http::metric_labels(code.as_deref());
    [JsValue::from_str(result), JsValue::from_str(label)]
        .into_iter()
        .collect()
}

/// Whether a handler's status (null: it threw) completes its claim.
#[wasm_bindgen]
#[must_use]
pub fn completes(status: Option<u32>) -> bool {
    http::completes(status.map(|s| u16::try_from(s).unwrap_or(u16::MAX)))
}

/// The key a delivery is claimed under in a store.
#[wasm_bindgen(js_name = storeKey)]
#[must_use]
pub fn store_key(scheme: &str, dedup_key: &str, tenant: Option<String>) -> String {
    http::store_key(scheme, tenant.as_deref(), dedup_key)
}

/// The URL a sender called; `forwarded` (when trusted) the values of
/// `Forwarded`, `X-Forwarded-Proto`, `-Host` and `-Port`.
#[wasm_bindgen(js_name = requestUrl)]
#[must_use]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn request_url(scheme: &str, host: &str, target: &str, forwarded: JsValue) -> Option<String> {
    let forwarded: Option<Vec<Option<String>>> =
        (!forwarded.is_undefined() && !forwarded.is_null()).then(|| {
            Array::from(&forwarded)
                .iter()
                .map(|v| v.as_string())
                .collect()
        });
    calls::request_url(scheme, host, target, forwarded.as_deref())
}

/// The rules' constants, read once by `node/gate.js` and `node/errors.js`.
#[wasm_bindgen(js_name = httpRules)]
#[must_use]
pub fn http_rules() -> Object {
    let r = calls::http_rules();
    object(&[
        ("defaultMaxBody", r.default_max_body.into()),
        ("verifyCodes", strings(&r.verify_codes).into()),
        ("configCodes", strings(&r.config_codes).into()),
        ("answerCodes", strings(&r.answer_codes).into()),
        ("maxKeyDocument", r.max_key_document.into()),
    ])
}

/// The core's in-process store (`memoryDedupNew`).
#[wasm_bindgen]
pub struct MemoryDedupHandle {
    store: MemoryDedup,
}

/// A store; `lease` and `ttl` in milliseconds.
///
/// # Errors
/// The core's code for a lease, time to live or bound it refuses.
#[wasm_bindgen(js_name = memoryDedupNew)]
pub fn memory_dedup_new(
    lease: f64,
    ttl: f64,
    max_entries: f64,
) -> Result<MemoryDedupHandle, JsValue> {
    MemoryDedup::new(lease, ttl, calls::entry_bound(max_entries))
        .map(|store| MemoryDedupHandle { store })
        .map_err(|e| js_error(e.into()))
}

/// `[state, token]`: `claimed` with a fresh token, or `in_flight`/`done`.
///
/// # Errors
/// The core's code when no token can be drawn.
#[wasm_bindgen(js_name = memoryDedupClaim)]
pub fn memory_dedup_claim(store: &MemoryDedupHandle, key: &str) -> Result<Array, JsValue> {
    let (state, token) = store
        .store
        .claim(key, monotonic_ms())
        .map_err(|e| js_error(e.into()))?;
    Ok([JsValue::from_str(state.as_str()), JsValue::from(token)]
        .into_iter()
        .collect())
}

/// Marks the claim done (only with its token).
#[wasm_bindgen(js_name = memoryDedupComplete)]
pub fn memory_dedup_complete(store: &MemoryDedupHandle, key: &str, token: &str) {
    store.store.complete(key, token, monotonic_ms());
}

/// Forgets the claim (only with its token).
#[wasm_bindgen(js_name = memoryDedupRelease)]
pub fn memory_dedup_release(store: &MemoryDedupHandle, key: &str, token: &str) {
    store.store.release(key, token);
}

/// How many keys the store keeps.
#[wasm_bindgen(js_name = memoryDedupSize)]
#[must_use]
#[allow(clippy::cast_precision_loss, reason = "counts far below 2^53")]
pub fn memory_dedup_size(store: &MemoryDedupHandle) -> f64 {
    store.store.len() as f64
}
