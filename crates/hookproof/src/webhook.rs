//! [`Webhook`]: a scheme plus prepared keys; verifies and signs deliveries.

use std::cell::OnceCell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::body_fields::{self, BodyReads, FromBody};
use crate::error::{ConfigError, VerifyError};
use crate::headers::{HeaderValue, Headers};
use crate::key::PreparedKey;
use crate::scheme::{Algorithm, DedupKey, HeaderName, Scheme, SignatureFormat, TimestampUnit};
use crate::signature::{self, Decoded, Entry, MAX_SIGNATURES};
use crate::template::Part;
use crate::timestamp;
use crate::{dedup, form};

/// Header values longer than this are refused (`malformed_header`). Real
/// signature headers stay under 1 KiB even with several signatures; 8 KiB is
/// also the smallest header limit of common servers (Apache, nginx buffers).
pub const MAX_HEADER_LEN: usize = 8 * 1024;

/// Verifies deliveries of one scheme against one or more secrets.
///
/// Keys are validated and prepared when the `Webhook` is built, once; verify
/// and sign only clone the prepared state. With several secrets (rotation),
/// a delivery verifies when any of them matches and [`Verified::key_index`]
/// says which; [`Webhook::sign`] uses the first.
#[derive(Clone)]
pub struct Webhook {
    scheme: Scheme,
    keys: Vec<PreparedKey>,
    tolerance: Option<u64>,
    slots: HeaderSlots,
    body_reads: BodyReads,
}

/// Where each header the scheme reads sits in [`Scheme::lookup_names`],
/// worked out once so that a verify never compares names it already knows.
#[derive(Clone, Debug, Default)]
struct HeaderSlots {
    names: Vec<String>,
    signature: Vec<usize>,
    timestamp: Vec<usize>,
    id: Vec<usize>,
    event: Vec<usize>,
    dedup: Vec<usize>,
}

impl HeaderSlots {
    fn new(scheme: &Scheme) -> Self {
        let names = scheme.lookup_names();
        let at = |header: Option<&HeaderName>| -> Vec<usize> {
            header
                .into_iter()
                .flat_map(HeaderName::lowercase_names)
                .filter_map(|lower| names.iter().position(|n| n == lower))
                .collect()
        };
        let dedup = match &scheme.dedup {
            DedupKey::Header(name) => Some(name),
            _ => None,
        };
        Self {
            signature: at(Some(&scheme.signature_header)),
            timestamp: at(scheme.timestamp_header.as_ref()),
            id: at(scheme.id_header.as_ref()),
            event: at(scheme.event_header.as_ref()),
            dedup: at(dedup),
            names,
        }
    }

    /// Reads one header by any of its names (`at`: their indices).
    fn read<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
        at: &[usize],
        name: &HeaderName,
    ) -> Result<Option<&'h str>, VerifyError> {
        for &i in at {
            let lower = self.names.get(i).map_or("", String::as_str);
            if let Some(value) = check_value(headers.lookup_at(i, lower), name)? {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }
}

impl fmt::Debug for Webhook {
    // Key material never prints; only how many keys there are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("scheme", &self.scheme.name())
            .field("secrets", &format_args!("<{} redacted>", self.keys.len()))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// A delivery that verified. Borrows from the [`Webhook`], the body and the
/// headers.
#[derive(Debug, Clone)]
pub struct Verified<'a> {
    scheme: &'a str,
    id: Option<&'a str>,
    timestamp: Option<i64>,
    event: Field<'a>,
    dedup_key: Field<'a>,
    key_index: usize,
    body: &'a [u8],
    /// What the scheme reads from the body, and the values, read together
    /// when either is first asked for: one parse of the body for both.
    reads: &'a BodyReads,
    from_body: OnceCell<FromBody>,
}

/// A text field of a delivery: absent, read from a header during the verify,
/// or the field of this name in the JSON body, read when first asked for.
#[derive(Debug, Clone, Copy)]
enum Field<'a> {
    Absent,
    Header(&'a str),
    Body(&'a str),
}

impl<'a> Field<'a> {
    fn body_field(self) -> Option<&'a str> {
        match self {
            Self::Body(name) => Some(name),
            Self::Absent | Self::Header(_) => None,
        }
    }
}

impl<'a> From<Option<&'a str>> for Field<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Self::Absent, Self::Header)
    }
}

/// Deliveries are equal when their fields' values are, read from the body
/// or not yet.
impl PartialEq for Verified<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.scheme, self.id, self.timestamp, self.key_index)
            == (other.scheme, other.id, other.timestamp, other.key_index)
            && (self.event(), self.dedup_key()) == (other.event(), other.dedup_key())
    }
}

impl Eq for Verified<'_> {}

/// Request details that some senders sign besides the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Request<'r> {
    /// The full URL the sender called, exactly as it called it (scheme, host,
    /// path, query): Twilio, Square, HubSpot.
    pub url: Option<&'r str>,
    /// The HTTP method: HubSpot.
    pub method: Option<&'r str>,
}

impl<'a> Verified<'a> {
    /// The scheme's name.
    #[must_use]
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }
    /// The delivery id header, when the scheme has one and it was sent.
    #[must_use]
    pub fn id(&self) -> Option<&'a str> {
        self.id
    }
    /// The delivery's timestamp in unix seconds, when the scheme reads one.
    #[must_use]
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }
    /// The event type (header or body field), when the sender gives one. A
    /// body field is read on the first call.
    #[must_use]
    pub fn event(&self) -> Option<&str> {
        match self.event {
            Field::Absent => None,
            Field::Header(text) => Some(text),
            Field::Body(_) => self.body_values().event.as_deref(),
        }
    }
    /// The idempotency key: the same on every retry of one delivery, and
    /// taken from signed bytes wherever the sender signs one
    /// ([`Scheme::dedup_key_signed`]). A body field is read on the first
    /// call.
    ///
    /// # Errors
    /// `malformed_header` when the id header disagrees with the key the
    /// signed body carries (cloro: the header's task id is not `task.id`):
    /// the header was changed after signing, so the delivery cannot be
    /// deduplicated and is refused.
    pub fn dedup_key(&self) -> Result<Option<&str>, VerifyError> {
        match self.dedup_key {
            Field::Absent => Ok(None),
            Field::Header(text) => Ok(Some(text)),
            Field::Body(_) => match &self.body_values().dedup_key {
                Ok(key) => Ok(key.as_deref()),
                Err(e) => Err(e.clone()),
            },
        }
    }
    /// The name of the body field the event type is read from, when it
    /// comes from the body: lets a binding keep the body and read it later,
    /// only if the app asks ([`body_field`](crate::body_field)).
    #[must_use]
    pub fn event_body_field(&self) -> Option<&'a str> {
        self.event.body_field()
    }
    /// The name of the body field the dedup key is read from, when it comes
    /// from the body (see [`Verified::event_body_field`]).
    #[must_use]
    pub fn dedup_key_body_field(&self) -> Option<&'a str> {
        self.dedup_key.body_field()
    }
    /// Which secret matched, counting from 0 in the order given.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The body fields, read on the first call.
    fn body_values(&self) -> &FromBody {
        self.from_body.get_or_init(|| {
            let event = matches!(self.event, Field::Body(_));
            self.reads.read(self.body, event, self.id)
        })
    }
}

impl Webhook {
    /// A verifier for `scheme` with one or more `secrets` (newest first).
    ///
    /// # Errors
    /// [`ConfigError`] when no secret is given or one is unusable for the
    /// scheme: empty, surrounded by whitespace, an API key, bad base64 where
    /// the scheme decodes, or shorter than 16 bytes once decoded.
    pub fn new<S: AsRef<[u8]>>(scheme: Scheme, secrets: &[S]) -> Result<Self, ConfigError> {
        if secrets.is_empty() {
            return Err(ConfigError::argument("at least one secret is needed"));
        }
        let many = secrets.len() > 1;
        let keys = secrets
            .iter()
            .enumerate()
            .map(|(i, secret)| {
                PreparedKey::new(scheme.algorithm, scheme.key, secret.as_ref()).map_err(|e| {
                    if many {
                        ConfigError::new(
                            e.kind(),
                            format!("secret {} of {}: {e}", i + 1, secrets.len()),
                        )
                    } else {
                        e
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let tolerance = scheme.tolerance;
        let slots = HeaderSlots::new(&scheme);
        let body_reads = BodyReads::new(&scheme);
        Ok(Self {
            scheme,
            keys,
            tolerance,
            slots,
            body_reads,
        })
    }

    /// A verifier for the preset named `name` (see [`crate::presets`]).
    ///
    /// # Errors
    /// [`ConfigError`] for an unknown name or an unusable secret.
    pub fn preset<S: AsRef<[u8]>>(name: &str, secrets: &[S]) -> Result<Self, ConfigError> {
        Self::new(crate::presets::get(name)?, secrets)
    }

    /// Replaces the scheme's default tolerance (seconds); `None` turns the
    /// timestamp check off.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Option<u64>) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The scheme.
    #[must_use]
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Lower-case names of every header the scheme may read, each once:
    /// [`Scheme::lookup_names`], kept. A binding that collects the values in
    /// this order lends them as an [`Aligned`](crate::Aligned), read by index.
    #[must_use]
    pub fn header_names(&self) -> &[String] {
        &self.slots.names
    }

    /// What its deliveries read from the body when asked (event type,
    /// dedup key): a binding that keeps a delivery in its own form reads
    /// those fields through this.
    #[must_use]
    pub fn body_reads(&self) -> &BodyReads {
        &self.body_reads
    }

    /// The tolerance in force, in seconds.
    #[must_use]
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// Verifies a delivery against the system clock.
    ///
    /// # Errors
    /// [`VerifyError`] saying why the delivery is not genuine.
    pub fn verify<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
    ) -> Result<Verified<'a>, VerifyError> {
        self.verify_at(body, headers, unix_now())
    }

    /// Verifies a delivery as if the time were `now` (unix seconds).
    ///
    /// # Errors
    /// [`VerifyError`] saying why the delivery is not genuine.
    pub fn verify_at<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
        now: i64,
    ) -> Result<Verified<'a>, VerifyError> {
        self.verify_request(body, headers, now, Request::default())
    }

    /// Checks that `request` carries what this scheme signs (the URL for
    /// Twilio, Square and HubSpot; the method for HubSpot). Bindings call it
    /// before verifying so that a missing URL is a configuration error, not a
    /// rejected delivery.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) naming what to pass.
    pub fn check_request(&self, request: Request<'_>) -> Result<(), ConfigError> {
        let name = self.scheme.name();
        if self.scheme.signs_url() && request.url.is_none_or(str::is_empty) {
            return Err(ConfigError::argument(format!(
                "the {name} scheme signs the request URL: pass the full URL the sender called"
            )));
        }
        if self.scheme.signs_method() && request.method.is_none_or(str::is_empty) {
            return Err(ConfigError::argument(format!(
                "the {name} scheme signs the request method: pass it (e.g. POST)"
            )));
        }
        Ok(())
    }

    /// Verifies a delivery as if the time were `now` (unix seconds), for
    /// senders that also sign the request's URL or method.
    ///
    /// Order of checks: headers present and well-formed, then the signature,
    /// then the timestamp window. A timestamp error therefore only ever
    /// describes a genuine delivery (a replay or a clock problem, not a
    /// forgery), which is what an operator needs to know. Fields of the JSON
    /// body (a timestamp, a dedup key, an event) are read only after the
    /// signature verified.
    ///
    /// # Errors
    /// [`VerifyError`] saying why the delivery is not genuine; a URL or
    /// method the scheme signs but `request` lacks is `missing_header` (see
    /// [`Webhook::check_request`]).
    pub fn verify_request<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
        now: i64,
        request: Request<'_>,
    ) -> Result<Verified<'a>, VerifyError> {
        let scheme = &self.scheme;
        let sig_name = scheme.signature_header.name();
        let sig_value = self
            .slots
            .read(headers, &self.slots.signature, &scheme.signature_header)?
            .ok_or_else(|| VerifyError::missing(sig_name))?;

        let (ts_text, ts_header) = self.read_timestamp(headers, sig_value)?;
        let mut ts_value = match ts_text {
            Some(text) => Some(timestamp::parse(text).ok_or_else(|| {
                VerifyError::malformed(
                    ts_header,
                    "the timestamp is not a whole number in ASCII digits",
                )
            })?),
            None => None,
        };
        let id = match &scheme.id_header {
            Some(name) => match self.slots.read(headers, &self.slots.id, name)? {
                None if scheme.message.uses_id() => return Err(VerifyError::missing(name.name())),
                found => found,
            },
            None => None,
        };
        let event = match &scheme.event_header {
            Some(name) => self.slots.read(headers, &self.slots.event, name)?,
            None => None,
        };
        let dedup_header = match &scheme.dedup {
            DedupKey::Header(name) => self.slots.read(headers, &self.slots.dedup, name)?,
            _ => None,
        };
        if scheme.signs_url() && request.url.is_none_or(str::is_empty) {
            return Err(VerifyError::missing(
                "url (the request URL this scheme signs)",
            ));
        }
        if scheme.signs_method() && request.method.is_none_or(str::is_empty) {
            return Err(VerifyError::missing(
                "method (the request method this scheme signs)",
            ));
        }

        let form = scheme
            .message
            .uses(&Part::Form)
            .then(|| form::sorted_params(body));
        let parts = || {
            scheme.message.parts().iter().map(|part| match part {
                Part::Literal(text) => text.as_bytes(),
                Part::Body => body,
                Part::Timestamp => ts_text.unwrap_or_default().as_bytes(),
                Part::Id => id.unwrap_or_default().as_bytes(),
                Part::Url => request.url.unwrap_or_default().as_bytes(),
                Part::Method => request.method.unwrap_or_default().as_bytes(),
                Part::Form => form.as_deref().unwrap_or_default(),
            })
        };
        // Ed25519 needs the message in one piece; HMAC streams the parts.
        let message: Vec<u8> = if scheme.algorithm == Algorithm::Ed25519 {
            parts().flatten().copied().collect()
        } else {
            Vec::new()
        };
        let mut key_index = None;
        for (i, key) in self.keys.iter().enumerate() {
            let matched = match key.tag(parts()) {
                Some(tag) => scan_signatures(scheme, sig_value, |candidate| {
                    signature::tags_equal(candidate, tag.as_bytes())
                })?,
                None => scan_signatures(scheme, sig_value, |candidate| {
                    key.verifies(&message, candidate)
                })?,
            };
            if matched {
                key_index = Some(i);
                break;
            }
        }
        let key_index = key_index.ok_or_else(|| VerifyError::mismatch(sig_name))?;

        // Only now, for a genuine body: the timestamp it carries, which the
        // window needs. Like a timestamp header, it is required while the
        // window is on.
        if let (Some(name), Some(_)) = (&scheme.timestamp_field, self.tolerance) {
            let text = body_fields::body_field(body, name)
                .ok_or_else(|| VerifyError::missing(&format!("{name} (body field)")))?;
            ts_value = Some(timestamp::parse(&text).ok_or_else(|| {
                VerifyError::malformed(
                    &format!("{name} (body field)"),
                    "the timestamp is not a whole number",
                )
            })?);
        }
        if let (Some(value), Some(tolerance)) = (ts_value, self.tolerance) {
            timestamp::check(value, scheme.timestamp_unit, now, tolerance)?;
        }
        // An event or key in the body is read when first asked for: scanning
        // a 1 KiB body cost more than the rest of a Stripe verify.
        let dedup = match &scheme.dedup {
            DedupKey::BodyField(name) | DedupKey::BodyFieldMatchingId(name) => Field::Body(name),
            DedupKey::Header(_) => Field::from(dedup_header),
            other => Field::from(id.and_then(|id| dedup::key_from_id(other, id))),
        };
        let event = match (event, &scheme.event_field) {
            (None, Some(name)) => Field::Body(name),
            (found, _) => Field::from(found),
        };
        Ok(Verified {
            scheme: scheme.name(),
            id,
            timestamp: ts_value.map(|v| timestamp::to_seconds(v, scheme.timestamp_unit)),
            event,
            dedup_key: dedup,
            key_index,
            body,
            reads: &self.body_reads,
            from_body: OnceCell::new(),
        })
    }

    /// Finds the timestamp text and the header it came from. Required when it
    /// is signed or the tolerance is on.
    fn read_timestamp<'a, H: Headers + ?Sized>(
        &'a self,
        headers: &'a H,
        sig_value: &'a str,
    ) -> Result<(Option<&'a str>, &'a str), VerifyError> {
        let scheme = &self.scheme;
        let required = scheme.message.uses_timestamp() || self.tolerance.is_some();
        if let Some(name) = &scheme.timestamp_header {
            let text = self.slots.read(headers, &self.slots.timestamp, name)?;
            if text.is_none() && required {
                return Err(VerifyError::missing(name.name()));
            }
            return Ok((text, name.name()));
        }
        let sig_name = scheme.signature_header.name();
        let from_params = matches!(
            scheme.signature_format,
            SignatureFormat::Params {
                timestamp_key: Some(_),
                ..
            }
        );
        if !from_params {
            return Ok((None, sig_name));
        }
        let mut found = None;
        for entry in signature::entries(&scheme.signature_format, sig_value) {
            if let Entry::Timestamp(text) = entry
                && found.replace(text).is_some()
            {
                return Err(VerifyError::malformed(
                    sig_name,
                    "the timestamp appears twice",
                ));
            }
        }
        if found.is_none() && required {
            return Err(VerifyError::malformed(sig_name, "it carries no timestamp"));
        }
        Ok((found, sig_name))
    }

    /// The headers a sender attaches to `body`: signature, timestamp and id,
    /// as `(name, value)` pairs with the scheme's canonical names. Signs with
    /// the first secret. `timestamp` defaults to now (unix seconds, converted
    /// to the scheme's unit); `id` defaults to a random UUID (with `-1`
    /// appended where the scheme's ids carry an attempt number).
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) for a negative timestamp or an id
    /// that is empty, longer than 256 bytes, or not visible ASCII.
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: Option<i64>,
        id: Option<&str>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        self.sign_request(body, timestamp, id, Request::default())
    }

    /// [`Webhook::sign`] for senders that also sign the URL or method.
    ///
    /// # Errors
    /// As [`Webhook::sign`], and when `request` lacks what the scheme signs,
    /// or the key is an Ed25519 public key (which cannot sign).
    pub fn sign_request(
        &self,
        body: &[u8],
        timestamp: Option<i64>,
        id: Option<&str>,
        request: Request<'_>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        self.check_request(request)?;
        let scheme = &self.scheme;
        let seconds = timestamp.unwrap_or_else(unix_now);
        if seconds < 0 {
            return Err(ConfigError::argument("the timestamp to sign is negative"));
        }
        let ts_text = match scheme.timestamp_unit {
            TimestampUnit::Seconds => seconds.to_string(),
            TimestampUnit::Milliseconds => i128::from(seconds).saturating_mul(1000).to_string(),
        };
        let id = match (&scheme.id_header, id) {
            (None, _) => None,
            (Some(_), Some(id)) => Some(checked_id(id)?.to_owned()),
            (Some(_), None) => Some(new_id(&scheme.dedup, body)?),
        };
        let key = self
            .keys
            .first()
            .ok_or_else(|| ConfigError::argument("no secret to sign with"))?;
        let form = scheme
            .message
            .uses(&Part::Form)
            .then(|| form::sorted_params(body));
        let tag = key.sign(scheme.message.parts().iter().map(|part| match part {
            Part::Literal(text) => text.as_bytes(),
            Part::Body => body,
            Part::Timestamp => ts_text.as_bytes(),
            Part::Id => id.as_deref().unwrap_or_default().as_bytes(),
            Part::Url => request.url.unwrap_or_default().as_bytes(),
            Part::Method => request.method.unwrap_or_default().as_bytes(),
            Part::Form => form.as_deref().unwrap_or_default(),
        }))?;
        let encoded = signature::encode(scheme.encoding, &tag);
        let sig_value = match &scheme.signature_format {
            SignatureFormat::List { prefix, .. } => format!("{prefix}{encoded}"),
            SignatureFormat::Params {
                separator,
                signature_key,
                timestamp_key,
            } => match timestamp_key {
                Some(t) => format!("{t}={ts_text}{separator}{signature_key}={encoded}"),
                None => format!("{signature_key}={encoded}"),
            },
        };
        let mut out = Vec::with_capacity(3);
        if let Some(name) = &scheme.timestamp_header {
            out.push((name.name().to_owned(), ts_text));
        }
        if let (Some(name), Some(id)) = (&scheme.id_header, id) {
            out.push((name.name().to_owned(), id));
        }
        out.push((scheme.signature_header.name().to_owned(), sig_value));
        Ok(out)
    }
}

/// Scans the signature header: decodes each signature in the scheme's format
/// and passes it to `check`. `Ok(true)` when any check passed; every
/// candidate is checked, whatever matched, so the time taken does not depend
/// on which one did. Nothing is stored: the header is re-read per key, which
/// costs less than holding up to 16 decoded signatures.
///
/// # Errors
/// `malformed_header` when no signature in the scheme's format decodes, or
/// when there are more than [`MAX_SIGNATURES`].
fn scan_signatures(
    scheme: &Scheme,
    value: &str,
    mut check: impl FnMut(&[u8]) -> bool,
) -> Result<bool, VerifyError> {
    let header = scheme.signature_header.name();
    let tag_len = scheme.algorithm.tag_len();
    let (mut seen, mut valid, mut bad_encoding, mut matched) = (0usize, 0usize, false, false);
    for entry in signature::entries(&scheme.signature_format, value) {
        let Entry::Signature(text) = entry else {
            continue;
        };
        seen += 1;
        if seen > MAX_SIGNATURES {
            return Err(VerifyError::malformed(
                header,
                "it holds more than 16 signatures",
            ));
        }
        match signature::decode(scheme.encoding, text, tag_len) {
            decoded @ Decoded::Bytes { .. } => {
                valid += 1;
                matched |= decoded.as_bytes().is_some_and(&mut check);
            }
            Decoded::BadEncoding => bad_encoding = true,
            Decoded::WrongLength => {}
        }
    }
    if valid > 0 {
        return Ok(matched);
    }
    Err(VerifyError::malformed(
        header,
        match (seen, bad_encoding) {
            (0, _) => "it holds no signature in the scheme's format",
            (_, true) => "the signature is not valid for the scheme's encoding",
            (_, false) => "the signature has the wrong length for the scheme's algorithm",
        },
    ))
}

/// The value of one header lookup: `None` when absent or empty. Values that
/// are too long, not ASCII, or hold control characters are refused: they are
/// never genuine, and refusing them keeps them out of the app's logs.
fn check_value<'h>(
    found: HeaderValue<'h>,
    name: &HeaderName,
) -> Result<Option<&'h str>, VerifyError> {
    match found {
        HeaderValue::Missing => Ok(None),
        HeaderValue::Repeated => Err(VerifyError::malformed(
            name.name(),
            "it appears more than once",
        )),
        HeaderValue::One(value) => {
            if value.len() > MAX_HEADER_LEN {
                return Err(VerifyError::malformed(
                    name.name(),
                    "it is longer than 8192 bytes",
                ));
            }
            if !is_header_text(value.as_bytes()) {
                return Err(VerifyError::malformed(
                    name.name(),
                    "it holds non-ASCII or control characters",
                ));
            }
            let value = trim_blanks(value);
            Ok((!value.is_empty()).then_some(value))
        }
    }
}

/// Visible ASCII, spaces and tabs only. Sixteen bytes at a time, a loop
/// with no exit and no branch that compiles to SSE2 compares (callgrind: a
/// 76-byte signature header in 40 instructions; eight bytes at a time in
/// `u64` arithmetic took 150, byte by byte with an early exit 500).
fn is_header_text(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |bad, &c| bad | not_text(c)) == 0
}

/// 1 when `c` is neither visible ASCII nor a space or tab, else 0. Below
/// 0x20 or from 0x7f up is exactly `c - 0x20` (wrapping) at least 0x5f.
const fn not_text(c: u8) -> u8 {
    (c.wrapping_sub(0x20) >= 0x5f && c != b'\t') as u8
}

/// `value` without leading and trailing spaces and tabs.
fn trim_blanks(value: &str) -> &str {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = value.as_bytes();
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |i| i + 1);
    // Both ends are next to ASCII bytes, so they are character boundaries.
    value.get(start..end).unwrap_or_default()
}

fn checked_id(id: &str) -> Result<&str, ConfigError> {
    if id.is_empty() || id.len() > 256 || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::argument(
            "an id is 1 to 256 visible ASCII characters",
        ));
    }
    Ok(id)
}

/// The id a sender gives a delivery signed without one: for cloro, whose
/// id header must agree with the body's task id, that id and attempt 1
/// (`<task.id>-1`); otherwise a random UUID, with `-1` where ids carry an
/// attempt number.
fn new_id(dedup: &DedupKey, body: &[u8]) -> Result<String, ConfigError> {
    if let DedupKey::BodyFieldMatchingId(name) = dedup {
        let key = body_fields::body_field(body, name);
        if let Some(key) = key.filter(|k| checked_id(k).is_ok() && k.len() < 254) {
            return Ok(format!("{key}-1"));
        }
    }
    random_id(dedup)
}

#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into a 16-byte array and its 32-char hex"
)]
fn random_id(dedup: &DedupKey) -> Result<String, ConfigError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|_| ConfigError::argument("no randomness for an id; pass one"))?;
    // RFC 9562 §5.4: version 4, variant 10.
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    let uuid = format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    );
    Ok(
        if matches!(
            dedup,
            DedupKey::IdWithoutAttempt | DedupKey::BodyFieldMatchingId(_)
        ) {
            format!("{uuid}-1")
        } else {
            uuid
        },
    )
}

/// The system clock in unix seconds (0 before 1970, which no real clock is).
#[must_use]
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::Webhook;
    use crate::headers::{HeaderValue, Headers};

    /// Values aligned with `Webhook::header_names`, answered by index only.
    struct ByIndex(Vec<Option<String>>);

    impl Headers for ByIndex {
        fn lookup(&self, _name: &str) -> HeaderValue<'_> {
            HeaderValue::Missing
        }
        fn lookup_at(&self, index: usize, _name: &str) -> HeaderValue<'_> {
            match self.0.get(index) {
                Some(Some(v)) => HeaderValue::One(v),
                _ => HeaderValue::Missing,
            }
        }
    }

    #[test]
    fn header_text_check_agrees_with_its_definition_for_every_byte_everywhere() {
        let allowed = |b: u8| b == b'\t' || (b' '..=b'~').contains(&b);
        for len in [1usize, 7, 8, 9, 16, 23] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut value = vec![b'a'; len];
                    if let Some(slot) = value.get_mut(at) {
                        *slot = b;
                    }
                    assert_eq!(
                        super::is_header_text(&value),
                        allowed(b),
                        "byte {b:#04x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(super::is_header_text(b""));
        assert!(super::is_header_text(b"v1=ab\tcd ef,~ !"));
    }

    /// The value, or the test fails with the error's message.
    #[allow(clippy::panic, reason = "a test helper: a failed expectation panics")]
    fn must<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
        result.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn body_fields_are_named_and_read_on_demand() {
        let wh = must(Webhook::preset("stripe", &["whsec_lazy_body_field_test"]));
        let body = br#"{"id":"evt_1","object":"event","type":"invoice.paid","data":{"id":"in_1"}}"#;
        let signed = must(wh.sign(body, Some(1_748_419_200), None));
        let v = must(wh.verify_at(body, &signed, 1_748_419_200));
        let unread = v.clone();
        assert_eq!(v.event_body_field(), Some("type"));
        assert_eq!(v.dedup_key_body_field(), Some("id"));
        assert_eq!(
            (v.event(), v.dedup_key()),
            (Some("invoice.paid"), Ok(Some("evt_1")))
        );
        assert_eq!(unread, v, "one read, one not: equal by value");
        assert_eq!(crate::body_field(body, "object").as_deref(), Some("event"));
        // A header event is not a body field.
        let gh = must(Webhook::preset("github", &["github-lazy-test"]));
        let mut headers = must(gh.sign(body, None, Some("d-1")));
        headers.push(("X-GitHub-Event".to_owned(), "push".to_owned()));
        let v = must(gh.verify_at(body, &headers, 0));
        assert_eq!((v.event(), v.event_body_field()), (Some("push"), None));
    }

    #[test]
    fn headers_are_asked_by_their_index_in_header_names() {
        let wh = must(Webhook::preset("cloro", &["whsec_index_test_secret_value"]));
        let body = br#"{"task":{"id":"task-7"}}"#;
        let signed = must(wh.sign(body, Some(1_748_419_200), Some("task-7-2")));
        let values = wh
            .header_names()
            .iter()
            .map(|name| {
                signed
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            })
            .collect();
        let headers = ByIndex(values);
        let v = wh.verify_at(body, &headers, 1_748_419_200);
        assert_eq!(v.as_ref().map(|v| v.id()), Ok(Some("task-7-2")));
        assert_eq!(v.as_ref().map(|v| v.dedup_key()), Ok(Ok(Some("task-7"))));
    }

    #[test]
    fn a_cloro_key_is_the_signed_task_id_and_a_rewritten_id_header_cannot_be_read() {
        let wh = must(Webhook::preset(
            "cloro",
            &["whsec_cloro_task_id_test_secret"],
        ));
        let body = br#"{"task":{"id":"t-42","status":"COMPLETED"}}"#;
        // Signed without an id, a sender's id is the task's, attempt 1.
        let mut headers = must(wh.sign(body, Some(1_748_419_200), None));
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        assert_eq!((v.id(), v.dedup_key()), (Some("t-42-1"), Ok(Some("t-42"))));
        // The header is not signed: rewritten, the delivery still verifies,
        // but its key is refused rather than made new.
        for (name, value) in &mut headers {
            if name == "X-Cloro-Webhook-Id" {
                "t-43-1".clone_into(value);
            }
        }
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        let refused = v
            .dedup_key()
            .map_err(|e| (e.code(), e.header().map(str::to_owned)));
        assert_eq!(
            refused,
            Err(("malformed_header", Some("X-Cloro-Webhook-Id".to_owned())))
        );
        assert_eq!(v.event(), None, "other fields still read");
        // Without the header, or without a task id, nothing to compare.
        headers.retain(|(name, _)| name != "X-Cloro-Webhook-Id");
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        assert_eq!(v.dedup_key(), Ok(Some("t-42")));
        let plain = must(wh.sign(b"not json", Some(1_748_419_200), Some("t-42-1")));
        let v = must(wh.verify_at(b"not json", &plain, 1_748_419_200));
        assert_eq!(v.dedup_key(), Ok(None));
    }
}
