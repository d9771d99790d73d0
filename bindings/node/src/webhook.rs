//! `NativeWebhook`: a core `Webhook` held by a JS object.

use hookproof::{HeaderValue, Headers, Request, Webhook};
use napi::bindgen_prelude::Either;
use napi_derive::napi;

use crate::errors::{Code, config_error, invalid_argument, verify_error};

/// A verifier; `node/index.js` wraps it as `Webhook`.
#[napi]
pub struct NativeWebhook {
    inner: Webhook,
    names: Vec<String>,
}

/// Header values aligned with `NativeWebhook.headerNames`, NUL-joined
/// (`node/headers.js` turns a value holding NUL into U+FFFD, so the split is
/// exact); bit `i` of `repeated` marks a name sent more than once.
struct Joined<'a> {
    names: &'a [String],
    values: &'a str,
    repeated: u32,
}

impl Headers for Joined<'_> {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        let Some(i) = self.names.iter().position(|n| n == name) else {
            return HeaderValue::Missing;
        };
        if self.repeated & (1 << i) != 0 {
            return HeaderValue::Repeated;
        }
        match self.values.split('\0').nth(i) {
            Some(v) if !v.is_empty() => HeaderValue::One(v),
            _ => HeaderValue::Missing,
        }
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

#[napi]
impl NativeWebhook {
    /// `scheme` is a preset name or, with `isJson`, a scheme's JSON text.
    /// `tolerance` replaces the scheme's when given; `toleranceOff` turns the
    /// check off (JS `null`, which napi cannot tell from `undefined`).
    #[napi(constructor, catch_unwind)]
    pub fn new(
        scheme: String,
        is_json: bool,
        secrets: Vec<Either<String, &[u8]>>,
        tolerance: Option<f64>,
        tolerance_off: bool,
    ) -> napi::Result<Self, Code> {
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
        let names = inner.scheme().lookup_names();
        Ok(Self { inner, names })
    }

    /// Lower-case names of the headers this scheme reads, in the order
    /// `verify` expects their values.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The scheme's name.
    #[napi(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_owned()
    }

    /// The delivery-id header's canonical name, if any.
    #[napi(getter)]
    pub fn id_header(&self) -> Option<String> {
        self.inner.scheme().id_header().map(|h| h.name().to_owned())
    }

    /// The tolerance in seconds; null when off.
    #[napi(getter)]
    pub fn tolerance(&self) -> Option<i64> {
        self.inner
            .tolerance()
            .map(|t| i64::try_from(t).unwrap_or(i64::MAX))
    }

    /// Verifies `body` (bytes, read in place, or a string's UTF-8 form).
    ///
    /// `values` holds the header values aligned with `headerNames`, joined by
    /// NUL (one string crosses the boundary instead of one per header: each
    /// napi string conversion costs more than the split); an absent header is
    /// an empty value. The result is one NUL-joined string too: scheme, id,
    /// event, dedup key, timestamp, key index (empty for absent). Four
    /// arguments, not six: each argument's conversion is paid on every call,
    /// so the URL-signing schemes have `verifyRequest`.
    #[napi(catch_unwind)]
    pub fn verify(
        &self,
        body: Either<&[u8], String>,
        values: String,
        repeated: u32,
        now: Option<f64>,
    ) -> napi::Result<String, Code> {
        self.verify_with(body, &values, repeated, now, Request::default())
    }

    /// `verify` for schemes that sign the request's URL or method.
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments, reason = "flat arguments convert fastest")]
    pub fn verify_request(
        &self,
        body: Either<&[u8], String>,
        values: String,
        repeated: u32,
        now: Option<f64>,
        url: Option<String>,
        method: Option<String>,
    ) -> napi::Result<String, Code> {
        let request = Request {
            url: url.as_deref(),
            method: method.as_deref(),
        };
        self.verify_with(body, &values, repeated, now, request)
    }

    fn verify_with(
        &self,
        body: Either<&[u8], String>,
        values: &str,
        repeated: u32,
        now: Option<f64>,
        request: Request<'_>,
    ) -> napi::Result<String, Code> {
        let bytes = body_slice(&body);
        let headers = Joined {
            names: &self.names,
            values,
            repeated,
        };
        self.inner.check_request(request).map_err(config_error)?;
        let now = seconds(now, "now is a finite number of unix seconds")?;
        let v = self
            .inner
            .verify_request(
                bytes,
                &headers,
                now.unwrap_or_else(hookproof::unix_now),
                request,
            )
            .map_err(|e| verify_error(&e))?;
        let timestamp = v.timestamp().map(|t| t.to_string()).unwrap_or_default();
        let key_index = v.key_index().to_string();
        Ok([
            v.scheme(),
            v.id().unwrap_or_default(),
            v.event().unwrap_or_default(),
            v.dedup_key().unwrap_or_default(),
            &timestamp,
            &key_index,
        ]
        .join("\0"))
    }

    /// `[name, value, name, value, …]` for a sender to attach.
    #[napi(catch_unwind)]
    pub fn sign(
        &self,
        body: Either<&[u8], String>,
        timestamp: Option<f64>,
        id: Option<String>,
        url: Option<String>,
        method: Option<String>,
    ) -> napi::Result<Vec<String>, Code> {
        let bytes = body_slice(&body);
        let ts = seconds(timestamp, "timestamp is a finite number of unix seconds")?;
        let pairs = self
            .inner
            .sign_request(
                bytes,
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
}
