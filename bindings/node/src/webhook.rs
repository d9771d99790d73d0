//! A core `Webhook` behind an N-API external; `node/webhook.js` wraps it as
//! `Webhook`. What each call answers is the convention's
//! (`hookproof_js::Native`, shared with the WebAssembly binding); this file
//! converts napi-rs values to it and reads the header values in place
//! ([`crate::text`]).
//!
//! Free functions that take the external first, not a class: unwrapping
//! `this` of a napi-rs class method cost ≈ 220 ns per call here, an external
//! argument ≈ 15 ns (measured with probe functions, Node 20, napi-rs 3.16).

use hookproof::Request;
use hookproof_js::{Error, Native, VALUE_ARGS};
use napi::bindgen_prelude::{BufferSlice, Either, External, Unknown};
use napi_derive::napi;

use crate::errors::{Code, js_error};
use crate::text::{HeaderBytes, header_text};

/// Secrets given as strings (their UTF-8) or bytes.
pub fn secret_slices<'a>(secrets: &'a [Either<String, &[u8]>]) -> Vec<&'a [u8]> {
    secrets
        .iter()
        .map(|s| match s {
            Either::A(text) => text.as_bytes(),
            Either::B(bytes) => bytes,
        })
        .collect()
}

/// A body given as bytes (read in place) or a string (its UTF-8).
pub fn body_slice<'a>(body: &'a Either<&[u8], String>) -> &'a [u8] {
    match body {
        Either::A(bytes) => bytes,
        Either::B(text) => text.as_bytes(),
    }
}

/// `scheme` is a preset name or, with `isJson`, a scheme's JSON text.
/// `tolerance` replaces the scheme's when given; `toleranceOff` turns the
/// check off (JS `null`, which napi cannot tell from `undefined`);
/// `notAfter` holds each secret's last unix second (NaN: none), or nothing.
/// `audiences`, `email`, `topics`, `directory` and `webhook_id` are what a sender that publishes its
/// keys must also say (empty for every other scheme).
#[napi(catch_unwind)]
#[allow(
    clippy::too_many_arguments,
    reason = "the constructor's options, one each"
)]
pub fn webhook_new(
    scheme: String,
    is_json: bool,
    secrets: Vec<Either<String, &[u8]>>,
    tolerance: Option<f64>,
    tolerance_off: bool,
    not_after: Vec<f64>,
    audiences: Vec<String>,
    email: Option<String>,
    topics: Vec<String>,
    directory: Option<String>,
    webhook_id: Option<String>,
    tenant: Option<String>,
) -> napi::Result<External<Native>, Code> {
    Native::new(
        &scheme,
        is_json,
        &secret_slices(&secrets),
        tolerance,
        tolerance_off,
        &not_after,
        hookproof_js::calls::trust(audiences, email, topics, directory, webhook_id),
        tenant.as_deref(),
    )
    .map(External::new)
    .map_err(js_error)
}

/// What `Webhook` caches once: the scheme's name, the delivery-id header's
/// canonical name (empty if none), the tolerance in seconds (empty when
/// off), then the lower-case names of the headers the scheme reads, in the
/// order `webhookVerify` expects their values.
#[napi(catch_unwind)]
pub fn webhook_describe(webhook: &External<Native>) -> Vec<String> {
    webhook.describe()
}

/// The header the dedup key comes from, if it comes from a header (the
/// integrations refuse a delivery without it when a store is set).
#[napi(catch_unwind)]
pub fn webhook_dedup_header(webhook: &External<Native>) -> Option<String> {
    webhook.dedup_header()
}

/// Whether the scheme signs the request URL (Twilio, Square, HubSpot) and
/// the method (HubSpot): `[url, method]`.
#[napi(catch_unwind)]
pub fn webhook_signs(webhook: &External<Native>) -> (bool, bool) {
    webhook.signs()
}

/// Verifies a Buffer/Uint8Array `body`, read in place.
///
/// `v0`…`v5` are the header values as strings, in the order of
/// `headerNames` (an absent header is an empty string); a scheme with more
/// than six names gets the sixth and later ones NUL-joined in `v5`. They
/// cross as the request's own strings rather than one joined string, which
/// V8 would have to flatten into a new one first ([`crate::text`]).
///
/// `io` is the bytes of a `Float64Array` that the caller keeps and reuses
/// (each number argument was a napi call; a result string took making and
/// parsing); `hookproof_js::layout` says what goes where. The id, event and
/// dedup key are where the core's owned delivery places them: in the
/// request's own header strings, which `webhook.js` already holds, or in
/// the body, which is not read here (`hookproof_js::Native::verify`).
///
/// Bytes and text bodies have a function each, and the URL-signing schemes
/// `webhookVerifyRequest`, because every argument's conversion is paid on
/// every call (an `Either` body cost two more napi calls).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
pub fn webhook_verify(
    webhook: &External<Native>,
    body: BufferSlice<'_>,
    mut io: BufferSlice<'_>,
    v0: Unknown<'_>,
    v1: Unknown<'_>,
    v2: Unknown<'_>,
    v3: Unknown<'_>,
    v4: Unknown<'_>,
    v5: Unknown<'_>,
) -> napi::Result<(), Code> {
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(webhook, &body, &values, Request::default(), &mut io)
}

/// `webhookVerify` for a string body (its UTF-8 form is verified).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
pub fn webhook_verify_text(
    webhook: &External<Native>,
    body: String,
    mut io: BufferSlice<'_>,
    v0: Unknown<'_>,
    v1: Unknown<'_>,
    v2: Unknown<'_>,
    v3: Unknown<'_>,
    v4: Unknown<'_>,
    v5: Unknown<'_>,
) -> napi::Result<(), Code> {
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(
        webhook,
        body.as_bytes(),
        &values,
        Request::default(),
        &mut io,
    )
}

/// `webhookVerify` for schemes that sign the request's URL or method; the
/// body may be bytes or a string.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments, reason = "one argument per header value")]
pub fn webhook_verify_request(
    webhook: &External<Native>,
    body: Either<&[u8], String>,
    url: Option<String>,
    method: Option<String>,
    mut io: BufferSlice<'_>,
    v0: Unknown<'_>,
    v1: Unknown<'_>,
    v2: Unknown<'_>,
    v3: Unknown<'_>,
    v4: Unknown<'_>,
    v5: Unknown<'_>,
) -> napi::Result<(), Code> {
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    let values = [v0, v1, v2, v3, v4, v5];
    verify_with(webhook, body_slice(&body), &values, request, &mut io)
}

fn verify_with(
    webhook: &Native,
    body: &[u8],
    values: &[Unknown<'_>; VALUE_ARGS],
    request: Request<'_>,
    io: &mut [u8],
) -> napi::Result<(), Code> {
    let repeated = webhook.check(io, request).map_err(js_error)?;
    let values = values.get(..webhook.value_args()).unwrap_or_default();
    let mut buf = HeaderBytes::new();
    match webhook.verify(
        body,
        header_text(values, 0, &mut buf)?,
        repeated,
        request,
        io,
    ) {
        // More NULs than separators: a value held one. Read again with each
        // value's own NULs made DEL (a joined last argument's are
        // separators; `webhook.js` took its values' own out).
        Err(Error::Misaligned) => {
            let own = webhook.nul_free(values.len());
            let mut spare = HeaderBytes::new();
            let text = header_text(values, own, &mut spare)?;
            webhook.verify(body, text, repeated, request, io)
        }
        done => done,
    }
    .map_err(js_error)
}

/// A verified delivery's body fields, read when the app first asks:
/// `[event, dedupKey, errorCode, errorMessage]`. The event only when
/// `event` (the delivery took it from no header); the dedup key checked
/// against the delivery's `id` by the core's rule. When the id disagrees
/// with the signed key, the key is null and the error is the one reading
/// it throws (`verified.js`), so the event stays readable.
#[napi(catch_unwind)]
pub fn webhook_read_body(
    webhook: &External<Native>,
    body: Either<&[u8], String>,
    event: bool,
    id: Option<String>,
) -> Vec<Option<String>> {
    webhook.read_body(body_slice(&body), event, id.as_deref())
}

/// Whether the scheme's keys are fetched from its sender.
#[napi(catch_unwind)]
pub fn webhook_fetches_keys(webhook: &External<Native>) -> bool {
    webhook.fetches_keys()
}

/// Whether the scheme's sender performs a subscription handshake.
#[napi(catch_unwind)]
pub fn webhook_has_handshake(webhook: &External<Native>) -> bool {
    webhook.has_handshake()
}

/// The JSON to answer a verified delivery with when it is its sender's
/// subscription handshake (Azure Event Grid's validation), or null.
#[napi(catch_unwind)]
pub fn webhook_handshake(
    webhook: &External<Native>,
    event: Option<String>,
    body: Either<&[u8], String>,
) -> Option<String> {
    let body = match &body {
        Either::A(bytes) => *bytes,
        Either::B(text) => text.as_bytes(),
    };
    webhook.handshake(event.as_deref(), body)
}

/// The URL of the key document a delivery needs and the cache lacks, or
/// null; `values` are the header values in the order of `headerNames`.
#[napi(catch_unwind)]
pub fn webhook_key_url(
    webhook: &External<Native>,
    body: Either<&[u8], String>,
    values: Vec<String>,
    repeated: u32,
    now: Option<f64>,
) -> napi::Result<Option<String>, Code> {
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let text = hookproof_js::header_text(&refs, refs.len());
    webhook
        .key_url(body_slice(&body), &text, repeated, now)
        .map_err(js_error)
}

/// Keeps the key document fetched from `url`.
#[napi(catch_unwind)]
pub fn webhook_add_keys(
    webhook: &External<Native>,
    url: String,
    document: Either<&[u8], String>,
    cache_control: Option<String>,
    now: Option<f64>,
) -> napi::Result<(), Code> {
    webhook
        .add_keys(&url, body_slice(&document), cache_control.as_deref(), now)
        .map_err(js_error)
}

/// Plaid's key endpoint in `environment` (`hookproof::plaid_key_endpoint`).
#[napi(catch_unwind)]
#[allow(clippy::needless_pass_by_value, reason = "napi-rs passes owned values")]
pub fn plaid_key_endpoint(environment: String) -> napi::Result<String, Code> {
    hookproof::plaid_key_endpoint(&environment)
        .map(str::to_owned)
        .map_err(|e| js_error(hookproof_js::Error::Config(e)))
}

/// The JSON body that fetches the Plaid key `reference` names
/// (`hookproof::plaid_key_request`).
#[napi(catch_unwind)]
#[allow(clippy::needless_pass_by_value, reason = "napi-rs passes owned values")]
pub fn plaid_key_request(
    reference: String,
    client_id: String,
    secret: String,
) -> napi::Result<String, Code> {
    hookproof::plaid_key_request(&reference, &client_id, &secret)
        .map_err(|e| js_error(hookproof_js::Error::Config(e)))
}

/// The message of a failed key fetch's `KEY_UNAVAILABLE` error.
#[napi(catch_unwind)]
#[must_use]
pub fn key_fetch_failed(url: String, cause: String) -> String {
    hookproof_js::calls::key_fetch_failed(&url, &cause)
}

/// `[name, value, name, value, …]` for a sender to attach.
#[napi(catch_unwind)]
pub fn webhook_sign(
    webhook: &External<Native>,
    body: Either<&[u8], String>,
    timestamp: Option<f64>,
    id: Option<String>,
    url: Option<String>,
    method: Option<String>,
) -> napi::Result<Vec<String>, Code> {
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    webhook
        .sign(body_slice(&body), timestamp, id.as_deref(), request)
        .map_err(js_error)
}
