//! The napi-rs binding: `hookproof.<platform>.node`. It converts JS values to the calling
//! convention's (`hookproof_js`, shared with the WebAssembly binding) and its errors to coded JS
//! errors; `node/webhook.js` and its neighbours wrap it in the
//! public API. Every rule lives in the `hookproof` crate.
//!
//! Built only with the `node` feature (`napi build` turns it on),
//! so `cargo test --workspace` needs no Node.
#![cfg(feature = "node")]

mod errors;
mod http;
mod layout;
mod text;
mod webhook;

use napi_derive::napi;

use hookproof_js::calls;

use crate::errors::{Code, js_error};

/// The version this addon was built as (the workspace's one version). The
/// loader (`node/native.js`) refuses an addon whose version is not the
/// JavaScript package's: the two speak a private calling convention.
#[napi(catch_unwind)]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Preset scheme names.
#[napi(catch_unwind)]
pub fn schemes() -> Vec<String> {
    hookproof::presets::names().map(str::to_owned).collect()
}

/// The Redis scripts of `RedisDedup` (claim, complete, release), written
/// once in the core for both runtimes.
#[napi(catch_unwind)]
pub fn dedup_scripts() -> Vec<&'static str> {
    vec![
        hookproof::dedup::LUA_CLAIM,
        hookproof::dedup::LUA_COMPLETE,
        hookproof::dedup::LUA_RELEASE,
    ]
}

/// `PostgresDedup`'s statements for `table`, by name (see
/// `hookproof::dedup::postgres_sql`); null for a name that would need quoting.
#[napi(catch_unwind)]
pub fn dedup_postgres_sql(
    table: String,
) -> Option<std::collections::HashMap<&'static str, String>> {
    let sql = hookproof::dedup::postgres_sql(&table)?;
    Some(
        hookproof::dedup::POSTGRES_STATEMENTS
            .into_iter()
            .zip(sql)
            .collect(),
    )
}

/// The integrations' log line for a rejected delivery, sanitized.
#[napi(catch_unwind)]
pub fn rejection_line(
    code: String,
    scheme: String,
    delivery: Option<String>,
    client: Option<String>,
) -> String {
    hookproof::rejection_line(&code, &scheme, delivery.as_deref(), client.as_deref())
}

/// The integrations' answer for a delivery without a dedup key while a
/// store is set (see `hookproof::dedup::without_key`).
#[napi(object)]
pub struct WithoutKey {
    /// Refuse it: 400 `missing_header`.
    pub refuse: bool,
    /// The warning to log.
    pub line: String,
}

/// The integrations' rule for a delivery without a dedup key.
#[napi(catch_unwind)]
pub fn dedup_without_key(
    scheme: String,
    dedup_header: Option<String>,
    require: bool,
    delivery: Option<String>,
    client: Option<String>,
) -> WithoutKey {
    let answer = hookproof::dedup::without_key(
        &scheme,
        dedup_header.as_deref(),
        require,
        delivery.as_deref(),
        client.as_deref(),
    );
    WithoutKey {
        refuse: answer.refuse,
        line: answer.line,
    }
}

/// `[name, description]` of every preset.
///
/// # Errors
/// None in practice: every preset builds (a core unit test checks it).
#[napi(catch_unwind)]
pub fn scheme_descriptions() -> napi::Result<Vec<Vec<String>>, Code> {
    calls::scheme_descriptions().map_err(js_error)
}

/// A scheme's normalized JSON form: a preset's by `name`, or `text` checked
/// and rewritten.
///
/// # Errors
/// `UNKNOWN_SCHEME` or `INVALID_SCHEME`.
#[napi(catch_unwind)]
pub fn scheme_json(name: Option<String>, text: Option<String>) -> napi::Result<String, Code> {
    calls::scheme_json(name.as_deref(), text.as_deref()).map_err(js_error)
}

/// The presets a request's headers point to, most specific first
/// (`hookproof.identify` in `node/oneshot.js`); flat `[name, value, …]` pairs.
#[napi(catch_unwind)]
#[allow(clippy::needless_pass_by_value, reason = "napi passes owned values")]
pub fn identify(pairs: Vec<String>) -> Vec<&'static str> {
    calls::identify(&pairs)
}

/// Why a delivery fails (`hookproof.explain` in `node/oneshot.js`): the
/// headers come as flat `[name, value, …]` pairs, the answer as JSON text
/// `{"error": code|null, "findings": [{"mistake", "fix"}]}`.
///
/// # Errors
/// `UNKNOWN_SCHEME`/`INVALID_SCHEME` for the scheme, `INVALID_ARGUMENT` for
/// a non-finite `now`.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments, reason = "flat arguments convert fastest")]
pub fn explain(
    scheme: String,
    is_json: bool,
    secrets: Vec<napi::bindgen_prelude::Either<String, &[u8]>>,
    pairs: Vec<String>,
    body: napi::bindgen_prelude::Either<&[u8], String>,
    now: Option<f64>,
    url: Option<String>,
    method: Option<String>,
) -> napi::Result<String, Code> {
    let request = hookproof::Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    calls::explain(
        &scheme,
        is_json,
        &webhook::secret_slices(&secrets),
        &pairs,
        webhook::body_slice(&body),
        now,
        request,
    )
    .map_err(js_error)
}
