//! A core `Webhook` behind an N-API external; `node/index.js` wraps it as
//! `Webhook`.
//!
//! Free functions that take the external first, not a class: unwrapping
//! `this` of a napi-rs class method cost ≈ 220 ns per call here, an external
//! argument ≈ 15 ns (measured with probe functions, Node 20, napi-rs 3.16).

use hookproof::{Aligned, HeaderValue, Request, Webhook};
use napi::JsString;
use napi::bindgen_prelude::{BufferSlice, Either, External};
use napi_derive::napi;

use crate::errors::{Code, config_error, invalid_argument, verify_error};

/// A verifier and the names of the headers its scheme reads.
pub struct Native {
    inner: Webhook,
}

/// What a non-ASCII UTF-16 unit becomes: DEL, a control character the core
/// refuses in any header it reads. One byte for one unit keeps the values'
/// offsets, and nothing outside ASCII reaches the core in any form.
const NOT_ASCII: u8 = 0x7f;

/// The NUL-joined header values as text, read as UTF-16 (exact; Latin-1
/// would be a little cheaper but folds wider characters into ASCII ones).
fn header_text(values: JsString<'_>) -> napi::Result<String, Code> {
    let invalid = |_| invalid_argument("header values must be a string");
    let utf16 = values.into_utf16().map_err(invalid)?;
    let units = utf16.as_slice();
    // The buffer ends with the terminating NUL napi writes.
    let units = units.strip_suffix(&[0]).unwrap_or(units);
    // A plain loop over two slices, so it compiles to SIMD.
    let mut bytes = vec![0u8; units.len()];
    for (byte, &unit) in bytes.iter_mut().zip(units) {
        // Below 0x80 the cast is exact.
        *byte = if unit < 0x80 { unit as u8 } else { NOT_ASCII };
    }
    String::from_utf8(bytes).map_err(|_| invalid_argument("header values must be a string"))
}

/// The values in `text` (NUL-joined, in the order of `names`; empty when
/// absent) lent to the core; bit `i` of `repeated` marks `names[i]` as sent
/// more than once.
fn aligned<'a>(names: &'a [String], text: &'a str, repeated: u32) -> Aligned<'a> {
    let mut aligned = Aligned::new(names);
    let mut start = 0;
    let ends = memchr::memchr_iter(0, text.as_bytes()).chain(std::iter::once(text.len()));
    for (i, end) in ends.enumerate() {
        let value = text.get(start..end).unwrap_or_default();
        start = end + 1;
        let is_repeated = u32::try_from(i)
            .ok()
            .and_then(|i| repeated.checked_shr(i))
            .is_some_and(|bits| bits & 1 == 1);
        aligned.set(
            i,
            match value {
                _ if is_repeated => HeaderValue::Repeated,
                "" => HeaderValue::Missing,
                value => HeaderValue::One(value),
            },
        );
    }
    aligned
}

/// A preset by name, or (with `is_json`) a scheme's JSON text.
pub fn load_scheme(scheme: &str, is_json: bool) -> napi::Result<hookproof::Scheme, Code> {
    if is_json {
        hookproof::Scheme::from_json(scheme)
    } else {
        hookproof::presets::get(scheme)
    }
    .map_err(config_error)
}

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

/// A time argument in unix seconds; `what` names it in the error.
pub fn seconds(value: Option<f64>, what: &str) -> napi::Result<Option<i64>, Code> {
    match value {
        None => Ok(None),
        // ±2^53: JS numbers are exact integers up to there.
        Some(v) if v.is_finite() && v.abs() <= 9_007_199_254_740_992.0 =>
        {
            #[allow(clippy::cast_possible_truncation, reason = "range checked just above")]
            Ok(Some(v.floor() as i64))
        }
        Some(_) => Err(invalid_argument(what)),
    }
}

/// `scheme` is a preset name or, with `isJson`, a scheme's JSON text.
/// `tolerance` replaces the scheme's when given; `toleranceOff` turns the
/// check off (JS `null`, which napi cannot tell from `undefined`).
#[napi(catch_unwind)]
pub fn webhook_new(
    scheme: String,
    is_json: bool,
    secrets: Vec<Either<String, &[u8]>>,
    tolerance: Option<f64>,
    tolerance_off: bool,
) -> napi::Result<External<Native>, Code> {
    let scheme = load_scheme(&scheme, is_json)?;
    let mut inner = Webhook::new(scheme, &secret_slices(&secrets)).map_err(config_error)?;
    match tolerance {
        _ if tolerance_off => inner = inner.with_tolerance(None),
        None => {}
        Some(t) if t.is_finite() && t >= 0.0 && t.fract() == 0.0 && t <= 9e15 => {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked just above"
            )]
            let t = t as u64;
            inner = inner.with_tolerance(Some(t));
        }
        Some(_) => {
            return Err(invalid_argument(
                "tolerance is a non-negative whole number of seconds, or null to turn the check off",
            ));
        }
    }
    Ok(External::new(Native { inner }))
}

/// What `Webhook` caches once: the scheme's name, the delivery-id header's
/// canonical name (empty if none), the tolerance in seconds (empty when
/// off), then the lower-case names of the headers the scheme reads, in the
/// order `webhookVerify` expects their values.
#[napi(catch_unwind)]
pub fn webhook_describe(webhook: &External<Native>) -> Vec<String> {
    let inner = &webhook.inner;
    let mut out = vec![
        inner.scheme().name().to_owned(),
        inner
            .scheme()
            .id_header()
            .map(|h| h.name().to_owned())
            .unwrap_or_default(),
        inner.tolerance().map(|t| t.to_string()).unwrap_or_default(),
    ];
    out.extend(inner.header_names().iter().cloned());
    out
}

/// Verifies a Buffer/Uint8Array `body`, read in place.
///
/// `values` holds the header values aligned with `headerNames`, joined by
/// NUL (one string crosses the boundary instead of one per header: each
/// napi string conversion costs more than the split); an absent header is
/// an empty value. The result is one NUL-joined string too: id, event,
/// dedup key, timestamp, key index (empty for absent).
///
/// Bytes and text bodies have a function each, and the URL-signing schemes
/// `webhookVerifyRequest`, because every argument's conversion is paid on
/// every call (an `Either` body cost two more napi calls).
#[napi(catch_unwind)]
pub fn webhook_verify(
    webhook: &External<Native>,
    body: BufferSlice<'_>,
    values: JsString<'_>,
    repeated: u32,
    now: Option<f64>,
) -> napi::Result<String, Code> {
    verify_with(webhook, &body, values, repeated, now, Request::default())
}

/// `webhookVerify` for a string body (its UTF-8 form is verified).
#[napi(catch_unwind)]
pub fn webhook_verify_text(
    webhook: &External<Native>,
    body: String,
    values: JsString<'_>,
    repeated: u32,
    now: Option<f64>,
) -> napi::Result<String, Code> {
    verify_with(
        webhook,
        body.as_bytes(),
        values,
        repeated,
        now,
        Request::default(),
    )
}

/// `webhookVerify` for schemes that sign the request's URL or method; the
/// body may be bytes or a string.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments, reason = "flat arguments convert fastest")]
pub fn webhook_verify_request(
    webhook: &External<Native>,
    body: Either<&[u8], String>,
    values: JsString<'_>,
    repeated: u32,
    now: Option<f64>,
    url: Option<String>,
    method: Option<String>,
) -> napi::Result<String, Code> {
    let request = Request {
        url: url.as_deref(),
        method: method.as_deref(),
    };
    verify_with(webhook, body_slice(&body), values, repeated, now, request)
}

fn verify_with(
    webhook: &Native,
    body: &[u8],
    values: JsString<'_>,
    repeated: u32,
    now: Option<f64>,
    request: Request<'_>,
) -> napi::Result<String, Code> {
    let inner = &webhook.inner;
    inner.check_request(request).map_err(config_error)?;
    let text = header_text(values)?;
    let headers = aligned(inner.header_names(), &text, repeated);
    let now = seconds(now, "now is a finite number of unix seconds")?;
    let v = inner
        .verify_request(
            body,
            &headers,
            now.unwrap_or_else(hookproof::unix_now),
            request,
        )
        .map_err(|e| verify_error(&e))?;
    let mut out = String::with_capacity(64);
    for field in [v.id(), v.event(), v.dedup_key()] {
        out.push_str(field.unwrap_or_default());
        out.push('\0');
    }
    if let Some(t) = v.timestamp() {
        out.push_str(itoa::Buffer::new().format(t));
    }
    out.push('\0');
    out.push_str(itoa::Buffer::new().format(v.key_index()));
    Ok(out)
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
    let ts = seconds(timestamp, "timestamp is a finite number of unix seconds")?;
    let pairs = webhook
        .inner
        .sign_request(
            body_slice(&body),
            ts,
            id.as_deref(),
            Request {
                url: url.as_deref(),
                method: method.as_deref(),
            },
        )
        .map_err(config_error)?;
    Ok(pairs.into_iter().flat_map(|(k, v)| [k, v]).collect())
}
