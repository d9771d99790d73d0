//! A core `Webhook` and the answers of each call `node/webhook.js` makes on
//! it, in the convention's shapes.

use hookproof::{Aligned, HeaderValue, Place, Request, Webhook};

use crate::Error;
use crate::layout;

/// The value arguments of `webhookVerify`: six, the last one carrying the
/// sixth and later values NUL-joined (`nativeVerify` in `webhook.js`).
pub const VALUE_ARGS: usize = 6;

/// A verifier and the names of the headers its scheme reads.
pub struct Native {
    inner: Webhook,
}

/// The values in `text` (NUL-joined, in the order of `names`; empty when
/// absent) lent to the core; bit `i` of `repeated` marks `names[i]` as sent
/// more than once. `None` when `text` holds more values than names.
#[inline]
fn aligned<'a>(names: &'a [String], text: &'a str, repeated: u32) -> Option<Aligned<'a>> {
    let mut aligned = Aligned::new(names);
    // A scheme that reads no header (Mailgun's signature is in the body)
    // takes one empty text.
    if names.is_empty() {
        return text.is_empty().then_some(aligned);
    }
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
/// the app asks ([`Native::read_body`]).
#[allow(clippy::cast_precision_loss, reason = "indices below 2^16")]
fn place(place: Place) -> [f64; 3] {
    match (place, place.in_header()) {
        (_, Some((slot, range))) => [slot as f64, range.start as f64, range.end as f64],
        (Place::Body, _) => [layout::BODY, 0.0, 0.0],
        _ => [layout::NONE, 0.0, 0.0],
    }
}

/// A preset by name, or (with `is_json`) a scheme's JSON text.
///
/// # Errors
/// `UNKNOWN_SCHEME` or `INVALID_SCHEME`.
pub fn load_scheme(scheme: &str, is_json: bool) -> Result<hookproof::Scheme, Error> {
    Ok(if is_json {
        hookproof::Scheme::from_json(scheme)
    } else {
        hookproof::presets::get(scheme)
    }?)
}

/// A time argument in unix seconds; `what` names it in the error.
///
/// # Errors
/// [`Error::Argument`] for a value that is not a finite number within ±2^53.
pub fn seconds(value: Option<f64>, what: &'static str) -> Result<Option<i64>, Error> {
    match value {
        None => Ok(None),
        // ±2^53: JS numbers are exact integers up to there.
        Some(v) if v.is_finite() && v.abs() <= 9_007_199_254_740_992.0 =>
        {
            #[allow(clippy::cast_possible_truncation, reason = "range checked just above")]
            Ok(Some(v.floor() as i64))
        }
        Some(_) => Err(Error::Argument(what)),
    }
}

impl Native {
    /// `scheme` is a preset name or, with `is_json`, a scheme's JSON text.
    /// `tolerance` replaces the scheme's when given; `tolerance_off` turns
    /// the check off (JS `null`, which napi-rs cannot tell from `undefined`,
    /// so `webhook.js` says it apart for both bindings).
    ///
    /// # Errors
    /// The scheme's or secrets' code, or `INVALID_ARGUMENT` for a tolerance
    /// that is not a whole number of seconds.
    #[allow(
        clippy::too_many_arguments,
        reason = "the constructor's options, one each"
    )]
    pub fn new(
        scheme: &str,
        is_json: bool,
        secrets: &[&[u8]],
        tolerance: Option<f64>,
        tolerance_off: bool,
        not_after: &[f64],
        trust: hookproof::Trust,
        tenant: Option<&str>,
    ) -> Result<Self, Error> {
        let scheme = load_scheme(scheme, is_json)?;
        let mut inner = Webhook::configured(scheme, secrets, trust)?;
        if let Some(tenant) = tenant {
            inner = inner.with_tenant(tenant)?;
        }
        // One entry per secret, NaN for none; empty when no secret has one.
        if !not_after.is_empty() {
            let ends = not_after
                .iter()
                .map(|&t| {
                    if t.is_nan() {
                        Ok(None)
                    } else {
                        seconds(Some(t), "notAfter is a time in unix seconds or a Date")
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            inner = inner.with_expiry(&ends)?;
        }
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
                return Err(Error::Argument(
                    "tolerance is a non-negative whole number of seconds, or null to turn the check off",
                ));
            }
        }
        Ok(Self { inner })
    }

    /// The core's `Webhook`.
    #[must_use]
    pub const fn webhook(&self) -> &Webhook {
        &self.inner
    }

    /// What `Webhook` caches once: the scheme's name, the delivery-id
    /// header's canonical name (empty if none), the tolerance in seconds
    /// (empty when off), then the lower-case names of the headers the scheme
    /// reads, in the order `webhookVerify` expects their values.
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let inner = &self.inner;
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

    /// The header the dedup key comes from, if it comes from a header.
    #[must_use]
    pub fn dedup_header(&self) -> Option<String> {
        self.inner
            .scheme()
            .dedup_header()
            .map(|h| h.name().to_owned())
    }

    /// Whether the scheme signs the request URL and the method: `(url, method)`.
    #[must_use]
    pub fn signs(&self) -> (bool, bool) {
        let scheme = self.inner.scheme();
        (scheme.signs_url(), scheme.signs_method())
    }

    /// How many value arguments a verify takes for this scheme (none for a
    /// scheme that reads no header, at most [`VALUE_ARGS`]).
    #[must_use]
    pub fn value_args(&self) -> usize {
        self.inner.header_names().len().min(VALUE_ARGS)
    }

    /// After [`Error::Misaligned`]: how many of the `given` value arguments
    /// are one value each, whose own NULs the retry reads as DEL (a joined
    /// last argument's NULs are separators).
    #[must_use]
    pub fn nul_free(&self, given: usize) -> usize {
        given - usize::from(self.inner.header_names().len() > VALUE_ARGS)
    }

    /// Checks the `io` array and the request before the header values are
    /// read; gives the bit set of repeated names `io` carries.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for an `io` of the wrong length, or the scheme's
    /// code for a request it cannot verify (no URL for a URL-signing scheme).
    #[inline]
    pub fn check(&self, io: &[u8], request: Request<'_>) -> Result<u32, Error> {
        if io.len() != 8 * layout::LEN {
            return Err(Error::Argument(
                "io is the bytes of a Float64Array of verifyLayout().length",
            ));
        }
        self.inner.check_request(request)?;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "headers.js writes a bit set of at most 16 bits"
        )]
        Ok(layout::read(io, layout::REPEATED) as u32)
    }

    /// Verifies `body` with the header values `text` (NUL-joined in the
    /// order of `describe()`'s names, after a [`Native::check`] that gave
    /// `repeated`), and writes the answer into `io` ([`layout`]).
    ///
    /// # Errors
    /// [`Error::Misaligned`] when `text` holds more values than names (read
    /// the values again with their own NULs made DEL), `INVALID_ARGUMENT`
    /// for a non-finite `now`, or the delivery's verification code.
    #[inline]
    pub fn verify(
        &self,
        body: &[u8],
        text: &str,
        repeated: u32,
        request: Request<'_>,
        io: &mut [u8],
    ) -> Result<(), Error> {
        let inner = &self.inner;
        let headers = aligned(inner.header_names(), text, repeated).ok_or(Error::Misaligned)?;
        let now = match layout::read(io, layout::NOW) {
            t if t.is_nan() => None,
            t => Some(t),
        };
        let now = seconds(now, "now is a finite number of unix seconds")?;
        let v = inner.verify_located(
            body,
            &headers,
            now.unwrap_or_else(hookproof::unix_now),
            request,
        )?;
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

    /// Whether the scheme's keys are fetched from its sender.
    #[must_use]
    pub fn fetches_keys(&self) -> bool {
        self.inner.fetches_keys()
    }

    /// The JSON to answer a verified delivery with (status 200) when it
    /// is its sender's subscription handshake, if any
    /// ([`hookproof::Webhook::handshake_reply`]).
    #[must_use]
    pub fn handshake(&self, event: Option<&str>, body: &[u8]) -> Option<String> {
        self.inner.handshake_reply(event, body)
    }

    /// Whether the scheme's sender performs a handshake at all: the
    /// integrations read a delivery's event for it only then.
    #[must_use]
    pub fn has_handshake(&self) -> bool {
        self.inner.scheme().handshake().is_some()
    }

    /// The URL of the key document this delivery needs and the cache
    /// lacks, if any (the header values as in [`Native::verify`]).
    ///
    /// # Errors
    /// The delivery's code when it names no key that may be fetched.
    pub fn key_url(
        &self,
        body: &[u8],
        text: &str,
        repeated: u32,
        now: Option<f64>,
    ) -> Result<Option<String>, Error> {
        let headers =
            aligned(self.inner.header_names(), text, repeated).ok_or(Error::Misaligned)?;
        let now = seconds(now, "now is a finite number of unix seconds")?;
        Ok(self
            .inner
            .key_url(body, &headers, now.unwrap_or_else(hookproof::unix_now))?)
    }

    /// Keeps the key document fetched from `url`.
    ///
    /// # Errors
    /// `KEY_UNAVAILABLE` when it holds no usable key.
    pub fn add_keys(
        &self,
        url: &str,
        document: &[u8],
        cache_control: Option<&str>,
        now: Option<f64>,
    ) -> Result<(), Error> {
        let now = seconds(now, "now is a finite number of unix seconds")?;
        Ok(self.inner.add_keys(
            url,
            document,
            cache_control,
            now.unwrap_or_else(hookproof::unix_now),
        )?)
    }

    /// A verified delivery's body fields, read when the app first asks:
    /// `[event, dedupKey, errorCode, errorMessage]`. The event only when
    /// `event` (the delivery took it from no header); the dedup key checked
    /// against the delivery's `id` by the core's rule. When the id
    /// disagrees with the signed key, the key is None and the error is the
    /// one reading it throws (`verified.js`), so the event stays readable.
    #[must_use]
    pub fn read_body(&self, body: &[u8], event: bool, id: Option<&str>) -> Vec<Option<String>> {
        let found = self.inner.body_reads().read(body, event, id);
        let (key, error) = match found.dedup_key {
            Ok(key) => (key, None),
            Err(e) => {
                let error = Error::Verify(e);
                (None, Some((error.code(), error.message())))
            }
        };
        let (code, message) = error.unzip();
        vec![found.event, key, code, message]
    }

    /// `[name, value, name, value, …]` for a sender to attach.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a non-finite timestamp, or the scheme's code
    /// for a request it cannot sign.
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: Option<f64>,
        id: Option<&str>,
        request: Request<'_>,
    ) -> Result<Vec<String>, Error> {
        let ts = seconds(timestamp, "timestamp is a finite number of unix seconds")?;
        let pairs = self.inner.sign_request(body, ts, id, request)?;
        Ok(pairs.into_iter().flat_map(|(k, v)| [k, v]).collect())
    }
}

/// Header values given as text (a binding that receives them as strings of
/// its own, such as WebAssembly's) in the bytes the core reads: NUL-joined,
/// each UTF-16 unit one byte (ASCII as itself, anything else DEL, which the
/// core refuses in any header it reads, so the byte offsets are the JS
/// strings' offsets). In the first `nul_free` values a NUL of their own
/// becomes DEL too (the last value passed may carry later ones NUL-joined).
#[must_use]
pub fn header_text(values: &[&str], nul_free: usize) -> String {
    let mut out = String::with_capacity(values.iter().map(|v| v.len() + 1).sum());
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push('\0');
        }
        for c in value.chars() {
            match c {
                '\0' if i < nul_free => out.push('\x7f'),
                c if c.is_ascii() => out.push(c),
                c => (0..c.len_utf16()).for_each(|_| out.push('\x7f')),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::header_text;

    #[test]
    fn header_text_keeps_utf16_offsets_and_marks_what_the_core_refuses() {
        assert_eq!(header_text(&["a", "", "b\0c"], 3), "a\0\0b\x7fc");
        assert_eq!(header_text(&["a", "b\0c"], 1), "a\0b\0c");
        // é is one UTF-16 unit, 😀 two: one DEL each unit.
        assert_eq!(header_text(&["é😀x"], 1), "\x7f\x7f\x7fx");
    }
}
