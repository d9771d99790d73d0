//! A core `Webhook` behind an N-API external; `node/webhook.js` wraps it as
//! `Webhook`.
//!
//! Free functions that take the external first, not a class: unwrapping
//! `this` of a napi-rs class method cost ≈ 220 ns per call here, an external
//! argument ≈ 15 ns (measured with probe functions, Node 20, napi-rs 3.16).

use hookproof::{Aligned, HeaderValue, Place, Request, Webhook};
use napi::bindgen_prelude::{BufferSlice, Either, External, Unknown};
use napi_derive::napi;

use crate::errors::{Code, config_error, invalid_argument, verify_error};
use crate::layout;
use crate::text::{HeaderBytes, header_text};

/// A verifier and the names of the headers its scheme reads.
pub struct Native {
    inner: Webhook,
}

/// The values in `text` (NUL-joined, in the order of `names`; empty when
/// absent) lent to the core; bit `i` of `repeated` marks `names[i]` as sent
/// more than once. `None` when `text` holds more values than names, which
/// `webhook.js` never sends.
fn aligned<'a>(names: &'a [String], text: &'a str, repeated: u32) -> Option<Aligned<'a>> {
    let mut aligned = Aligned::new(names);
    let mut start = 0;
    let ends = memchr::memchr_iter(0, text.as_bytes()).chain(std::iter::once(text.len()));
    for (i, end) in ends.enumerate() {
        if i >= names.len() {
            return None;
        }
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
    Some(aligned)
}

/// `[slot, start, end]` of a field of the delivery, for `verified.js` to
/// cut from the header strings it already holds (UTF-16 offsets equal byte
/// offsets here: one byte per unit), or a mark in `slot`:
/// [`layout::NONE`], or [`layout::BODY`] for a body field, read only if
/// the app asks ([`webhook_read_body`]).
#[allow(clippy::cast_precision_loss, reason = "indices below 2^16")]
fn place(place: Place) -> [f64; 3] {
    match (place, place.in_header()) {
        (_, Some((slot, range))) => [slot as f64, range.start as f64, range.end as f64],
        (Place::Body, _) => [layout::BODY, 0.0, 0.0],
        _ => [layout::NONE, 0.0, 0.0],
    }
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

/// The header the dedup key comes from, if it comes from a header (the
/// integrations refuse a delivery without it when a store is set).
#[napi(catch_unwind)]
pub fn webhook_dedup_header(webhook: &External<Native>) -> Option<String> {
    webhook
        .inner
        .scheme()
        .dedup_header()
        .map(|h| h.name().to_owned())
}

/// Whether the scheme signs the request URL (Twilio, Square, HubSpot) and
/// the method (HubSpot): `[url, method]`.
#[napi(catch_unwind)]
pub fn webhook_signs(webhook: &External<Native>) -> (bool, bool) {
    let scheme = webhook.inner.scheme();
    (scheme.signs_url(), scheme.signs_method())
}

/// Verifies a Buffer/Uint8Array `body`, read in place.
///
/// `v0`…`v5` are the header values as strings, in the order of
/// `headerNames` (an absent header is an empty string); a scheme with more
/// than six names gets the sixth and later ones NUL-joined in `v5`. They
/// cross as the request's own strings rather than one joined string, which
/// V8 would have to flatten into a new one first ([`crate::text`]).
///
/// `io` is the bytes of a `Float64Array` ([`crate::layout`]) that the caller keeps
/// and reuses (each number argument was a napi call; a result string took
/// making and parsing); [`crate::layout`] says what goes where. The id,
/// event and dedup key are where the core's owned delivery places them: in
/// the request's own header strings, which `webhook.js` already holds (see
/// [`place`]), or in the body, which is not read here.
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

/// The value arguments of `webhookVerify`: six, the last one carrying the
/// sixth and later values NUL-joined (`nativeVerify` in `webhook.js`).
const VALUE_ARGS: usize = 6;

fn verify_with(
    webhook: &Native,
    body: &[u8],
    values: &[Unknown<'_>; VALUE_ARGS],
    request: Request<'_>,
    io: &mut [u8],
) -> napi::Result<(), Code> {
    let inner = &webhook.inner;
    if io.len() != 8 * layout::LEN {
        return Err(invalid_argument(
            "io is the bytes of a Float64Array of verifyLayout().length",
        ));
    }
    let now = match layout::read(io, layout::NOW) {
        t if t.is_nan() => None,
        t => Some(t),
    };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "headers.js writes a bit set of at most 16 bits"
    )]
    let repeated = layout::read(io, layout::REPEATED) as u32;
    inner.check_request(request).map_err(config_error)?;
    let names = inner.header_names();
    let values = values
        .get(..names.len().clamp(1, VALUE_ARGS))
        .unwrap_or_default();
    let mut buf = HeaderBytes::new();
    let mut spare;
    let headers = match aligned(names, header_text(values, 0, &mut buf)?, repeated) {
        Some(headers) => headers,
        // More NULs than separators: a value held one. Read again with each
        // value's own NULs made DEL (a joined last argument's are
        // separators; `webhook.js` took its values' own out).
        None => {
            let own = values.len() - usize::from(names.len() > VALUE_ARGS);
            spare = HeaderBytes::new();
            aligned(names, header_text(values, own, &mut spare)?, repeated)
                .ok_or_else(|| invalid_argument("more header values than the scheme has names"))?
        }
    };
    let now = seconds(now, "now is a finite number of unix seconds")?;
    let v = inner
        .verify_located(
            body,
            &headers,
            now.unwrap_or_else(hookproof::unix_now),
            request,
        )
        .map_err(|e| verify_error(&e))?;
    #[allow(clippy::cast_precision_loss, reason = "timestamps are far below 2^53")]
    let timestamp = v.timestamp().map_or(f64::NAN, |t| t as f64);
    #[allow(clippy::cast_precision_loss, reason = "at most 15")]
    let key = v.key_index() as f64;
    layout::write(io, layout::TIMESTAMP, timestamp);
    layout::write(io, layout::KEY_INDEX, key);
    layout::write_field(io, layout::ID, place(v.id()));
    layout::write_field(io, layout::EVENT, place(v.event()));
    layout::write_field(io, layout::DEDUP_KEY, place(v.dedup_key()));
    Ok(())
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
    let found = webhook
        .inner
        .body_reads()
        .read(body_slice(&body), event, id.as_deref());
    let (key, error) = match found.dedup_key {
        Ok(key) => (key, None),
        Err(e) => {
            let error = verify_error(&e);
            (None, Some((error.status.as_ref().to_owned(), error.reason)))
        }
    };
    let (code, message) = error.unzip();
    vec![found.event, key, code, message]
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
