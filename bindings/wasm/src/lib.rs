//! The WebAssembly binding (`wasm-bindgen`): the same calls, by the same
//! names, as the Node-API addon, so the npm package's one JavaScript layer
//! (`node/webhook.js` and its neighbours) runs on either. What each call
//! answers is the calling convention's (`hookproof_js`, shared with
//! `bindings/node`); this crate only converts JavaScript values, and
//! [`errors`] its errors. Every rule lives in the `hookproof` crate.
//!
//! A handle (`webhookNew`, `memoryDedupNew`) is a wasm-bindgen object the
//! JavaScript side passes back; its Rust value is freed when JavaScript
//! collects it (`wasm-bindgen --weak-refs`).

mod errors;
mod http;
mod values;

use hookproof::Request;
use hookproof_js::{Error, Native, VALUE_ARGS, calls, layout};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::errors::js_error;
use crate::values::{bytes_of, object, secrets_of, strings};

/// A verifier (`webhookNew`), passed back to every `webhook*` call.
#[wasm_bindgen]
pub struct WebhookHandle {
    native: Native,
}

/// The version this module was built as (the workspace's one version): the
/// loader refuses a module of another release.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Preset scheme names.
#[wasm_bindgen]
#[must_use]
pub fn schemes() -> Vec<String> {
    hookproof::presets::names().map(str::to_owned).collect()
}

/// The Redis scripts of `RedisDedup` (claim, complete, release).
#[wasm_bindgen(js_name = dedupScripts)]
#[must_use]
pub fn dedup_scripts() -> Vec<String> {
    [
        hookproof::dedup::LUA_CLAIM,
        hookproof::dedup::LUA_COMPLETE,
        hookproof::dedup::LUA_RELEASE,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// `PostgresDedup`'s statements for `table`, by name; null for a name that
/// would need quoting.
#[wasm_bindgen(js_name = dedupPostgresSql)]
#[must_use]
pub fn dedup_postgres_sql(table: &str) -> JsValue {
    hookproof::dedup::postgres_sql(table).map_or(JsValue::NULL, |sql| {
        let names = hookproof::dedup::POSTGRES_STATEMENTS;
        let fields: Vec<(&str, JsValue)> = names
            .into_iter()
            .zip(sql)
            .map(|(n, s)| (n, JsValue::from_str(&s)))
            .collect();
        object(&fields).into()
    })
}

/// The integrations' log line for a rejected delivery, sanitized.
#[wasm_bindgen(js_name = rejectionLine)]
#[must_use]
pub fn rejection_line(
    code: &str,
    scheme: &str,
    delivery: Option<String>,
    client: Option<String>,
) -> String {
    hookproof::rejection_line(code, scheme, delivery.as_deref(), client.as_deref())
}

/// `{ refuse, line }`: the integrations' rule for a delivery without a dedup key.
#[wasm_bindgen(js_name = dedupWithoutKey)]
#[must_use]
pub fn dedup_without_key(
    scheme: &str,
    dedup_header: Option<String>,
    require: bool,
    delivery: Option<String>,
    client: Option<String>,
) -> Object {
    let answer = hookproof::dedup::without_key(
        scheme,
        dedup_header.as_deref(),
        require,
        delivery.as_deref(),
        client.as_deref(),
    );
    object(&[
        ("refuse", answer.refuse.into()),
        ("line", answer.line.into()),
    ])
}

/// `[[name, description], …]` of every preset.
///
/// # Errors
/// None in practice: every preset builds.
#[wasm_bindgen(js_name = schemeDescriptions)]
pub fn scheme_descriptions() -> Result<Array, JsValue> {
    let all = calls::scheme_descriptions().map_err(js_error)?;
    Ok(all
        .iter()
        .map(|pair| JsValue::from(strings(pair)))
        .collect())
}

/// A scheme's normalized JSON form.
///
/// # Errors
/// `UNKNOWN_SCHEME` or `INVALID_SCHEME`.
#[wasm_bindgen(js_name = schemeJson)]
pub fn scheme_json(name: Option<String>, text: Option<String>) -> Result<String, JsValue> {
    calls::scheme_json(name.as_deref(), text.as_deref()).map_err(js_error)
}

/// The presets a request's headers point to, most specific first; flat
/// `[name, value, …]` pairs.
#[wasm_bindgen]
#[must_use]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn identify(pairs: Vec<String>) -> Vec<String> {
    calls::identify(&pairs)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Why a delivery fails, as JSON text.
///
/// # Errors
/// The scheme's code, or `INVALID_ARGUMENT` for a non-finite `now`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments, reason = "the call's flat arguments")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn explain(
    scheme: &str,
    is_json: bool,
    secrets: JsValue,
    pairs: Vec<String>,
    body: JsValue,
    now: Option<f64>,
    url: Option<String>,
    method: Option<String>,
) -> Result<String, JsValue> {
    let secrets = secrets_of(&secrets);
    let secrets: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    calls::explain(
        scheme,
        is_json,
        &secrets,
        &pairs,
        &bytes_of(&body),
        now,
        request,
    )
    .map_err(js_error)
}

/// The layout of the verify `Float64Array` (`hookproof_js::layout`).
#[wasm_bindgen(js_name = verifyLayout)]
#[must_use]
pub fn verify_layout() -> Object {
    let l = layout::verify_layout();
    object(&[
        ("length", l.length.into()),
        ("now", l.now.into()),
        ("repeated", l.repeated.into()),
        ("timestamp", l.timestamp.into()),
        ("keyIndex", l.key_index.into()),
        ("id", l.id.into()),
        ("event", l.event.into()),
        ("dedupKey", l.dedup_key.into()),
        ("none", l.none.into()),
        ("body", l.body.into()),
    ])
}

/// A verifier for a preset (or, with `is_json`, a scheme's JSON text).
///
/// # Errors
/// The scheme's or secrets' code, or `INVALID_ARGUMENT` for the tolerance.
#[wasm_bindgen(js_name = webhookNew)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "the constructor's options, one each"
)]
pub fn webhook_new(
    scheme: &str,
    is_json: bool,
    secrets: JsValue,
    tolerance: Option<f64>,
    tolerance_off: bool,
    not_after: Vec<f64>,
    audiences: Vec<String>,
    email: Option<String>,
    topics: Vec<String>,
    directory: Option<String>,
    webhook_id: Option<String>,
    tenant: Option<String>,
) -> Result<WebhookHandle, JsValue> {
    let secrets = secrets_of(&secrets);
    let secrets: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    Native::new(
        scheme,
        is_json,
        &secrets,
        tolerance,
        tolerance_off,
        &not_after,
        calls::trust(audiences, email, topics, directory, webhook_id),
        tenant.as_deref(),
    )
    .map(|native| WebhookHandle { native })
    .map_err(js_error)
}

/// Whether the scheme's keys are fetched from its sender.
#[wasm_bindgen(js_name = webhookFetchesKeys)]
#[must_use]
pub fn webhook_fetches_keys(webhook: &WebhookHandle) -> bool {
    webhook.native.fetches_keys()
}

/// Whether the scheme's sender performs a subscription handshake.
#[wasm_bindgen(js_name = webhookHasHandshake)]
#[must_use]
pub fn webhook_has_handshake(webhook: &WebhookHandle) -> bool {
    webhook.native.has_handshake()
}

/// The JSON to answer a verified delivery with when it is its sender's
/// subscription handshake (Azure Event Grid's validation), or undefined.
#[wasm_bindgen(js_name = webhookHandshake)]
#[must_use]
pub fn webhook_handshake(
    webhook: &WebhookHandle,
    event: Option<String>,
    body: &[u8],
) -> Option<String> {
    webhook.native.handshake(event.as_deref(), body)
}

/// The URL of the key document a delivery needs and the cache lacks, or
/// undefined; `values` are the header values in the order of `headerNames`.
///
/// # Errors
/// The delivery's code when it names no key that may be fetched.
#[wasm_bindgen(js_name = webhookKeyUrl)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_key_url(
    webhook: &WebhookHandle,
    body: JsValue,
    values: Vec<String>,
    repeated: u32,
    now: Option<f64>,
) -> Result<Option<String>, JsValue> {
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let text = hookproof_js::header_text(&refs, refs.len());
    webhook
        .native
        .key_url(&bytes_of(&body), &text, repeated, now)
        .map_err(js_error)
}

/// Keeps the key document fetched from `url`.
///
/// # Errors
/// `KEY_UNAVAILABLE` when it holds no usable key.
#[wasm_bindgen(js_name = webhookAddKeys)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_add_keys(
    webhook: &WebhookHandle,
    url: &str,
    document: JsValue,
    cache_control: Option<String>,
    now: Option<f64>,
) -> Result<(), JsValue> {
    webhook
        .native
        .add_keys(url, &bytes_of(&document), cache_control.as_deref(), now)
        .map_err(js_error)
}

/// Plaid's key endpoint in `environment` (`hookproof::plaid_key_endpoint`).
///
/// # Errors
/// `INVALID_ARGUMENT` for an environment Plaid does not have.
#[wasm_bindgen(js_name = plaidKeyEndpoint)]
pub fn plaid_key_endpoint(environment: &str) -> Result<String, JsValue> {
    hookproof::plaid_key_endpoint(environment)
        .map(str::to_owned)
        .map_err(|e| js_error(Error::Config(e)))
}

/// The JSON body that fetches the Plaid key `reference` names
/// (`hookproof::plaid_key_request`).
///
/// # Errors
/// `INVALID_ARGUMENT` for a reference that is not to a Plaid key, or an
/// empty credential.
#[wasm_bindgen(js_name = plaidKeyRequest)]
pub fn plaid_key_request(
    reference: &str,
    client_id: &str,
    secret: &str,
) -> Result<String, JsValue> {
    hookproof::plaid_key_request(reference, client_id, secret)
        .map_err(|e| js_error(Error::Config(e)))
}

/// The message of a failed key fetch's `KEY_UNAVAILABLE` error.
#[wasm_bindgen(js_name = keyFetchFailed)]
#[must_use]
pub fn key_fetch_failed(url: &str, cause: &str) -> String {
    calls::key_fetch_failed(url, cause)
}

/// `[scheme, idHeader, tolerance, ...headerNames]`.
#[wasm_bindgen(js_name = webhookDescribe)]
#[must_use]
pub fn webhook_describe(webhook: &WebhookHandle) -> Vec<String> {
    webhook.native.describe()
}

/// The header the dedup key comes from, if any.
#[wasm_bindgen(js_name = webhookDedupHeader)]
#[must_use]
pub fn webhook_dedup_header(webhook: &WebhookHandle) -> Option<String> {
    webhook.native.dedup_header()
}

/// `[signsUrl, signsMethod]`.
#[wasm_bindgen(js_name = webhookSigns)]
#[must_use]
pub fn webhook_signs(webhook: &WebhookHandle) -> Array {
    let (url, method) = webhook.native.signs();
    [JsValue::from(url), JsValue::from(method)]
        .into_iter()
        .collect()
}

/// Verifies bytes; `io` is the bytes of the caller's `Float64Array`, copied
/// in and back.
///
/// # Errors
/// The delivery's code, or `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = webhookVerify)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
pub fn webhook_verify(
    webhook: &WebhookHandle,
    body: &[u8],
    io: &mut [u8],
    v0: Option<String>,
    v1: Option<String>,
    v2: Option<String>,
    v3: Option<String>,
    v4: Option<String>,
    v5: Option<String>,
) -> Result<(), JsValue> {
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(&webhook.native, body, &values, Request::default(), io)
}

/// `webhookVerify` for a string body (its UTF-8 form is verified).
///
/// # Errors
/// As `webhookVerify`.
#[wasm_bindgen(js_name = webhookVerifyText)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_verify_text(
    webhook: &WebhookHandle,
    body: String,
    io: &mut [u8],
    v0: Option<String>,
    v1: Option<String>,
    v2: Option<String>,
    v3: Option<String>,
    v4: Option<String>,
    v5: Option<String>,
) -> Result<(), JsValue> {
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(
        &webhook.native,
        body.as_bytes(),
        &values,
        Request::default(),
        io,
    )
}

/// `webhookVerify` for schemes that sign the URL or the method.
///
/// # Errors
/// As `webhookVerify`.
#[wasm_bindgen(js_name = webhookVerifyRequest)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_verify_request(
    webhook: &WebhookHandle,
    body: JsValue,
    url: Option<String>,
    method: Option<String>,
    io: &mut [u8],
    v0: Option<String>,
    v1: Option<String>,
    v2: Option<String>,
    v3: Option<String>,
    v4: Option<String>,
    v5: Option<String>,
) -> Result<(), JsValue> {
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(&webhook.native, &bytes_of(&body), &values, request, io)
}

fn verify_with(
    native: &Native,
    body: &[u8],
    values: &[Option<String>; VALUE_ARGS],
    request: Request<'_>,
    io: &mut [u8],
) -> Result<(), JsValue> {
    let repeated = native.check(io, request).map_err(js_error)?;
    let given = native.value_args();
    let texts: Vec<&str> = values
        .iter()
        .take(given)
        .map(|v| v.as_deref().unwrap_or_default())
        .collect();
    let text = hookproof_js::header_text(&texts, 0);
    match native.verify(body, &text, repeated, request, io) {
        // A value held a NUL of its own: read again with those made DEL
        // (a joined last argument's NULs are separators).
        Err(Error::Misaligned) => {
            let text = hookproof_js::header_text(&texts, native.nul_free(texts.len()));
            native.verify(body, &text, repeated, request, io)
        }
        done => done,
    }
    .map_err(js_error)
}

/// `[event, dedupKey, errorCode, errorMessage]` read from the body.
#[wasm_bindgen(js_name = webhookReadBody)]
#[must_use]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_read_body(
    webhook: &WebhookHandle,
    body: JsValue,
    event: bool,
    id: Option<String>,
) -> Array {
    webhook
        .native
        .read_body(&bytes_of(&body), event, id.as_deref())
        .into_iter()
        .map(|v| v.map_or(JsValue::NULL, JsValue::from))
        .collect()
}

/// `[name, value, name, value, …]` for a sender to attach.
///
/// # Errors
/// `INVALID_ARGUMENT` for the timestamp, or the scheme's code.
#[wasm_bindgen(js_name = webhookSign)]
#[allow(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes owned values"
)]
pub fn webhook_sign(
    webhook: &WebhookHandle,
    body: JsValue,
    timestamp: Option<f64>,
    id: Option<String>,
    url: Option<String>,
    method: Option<String>,
) -> Result<Vec<String>, JsValue> {
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    webhook
        .native
        .sign(&bytes_of(&body), timestamp, id.as_deref(), request)
        .map_err(js_error)
}
