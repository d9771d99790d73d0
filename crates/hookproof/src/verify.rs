//! [`Webhook::verify_request`]: the checks a delivery passes, in order.

use std::sync::{Arc, OnceLock};

use crate::delivery::{Delivery, Place};
use crate::error::VerifyError;
use crate::headers::Headers;
use crate::scheme::{Algorithm, DedupKey, Scheme, SignatureFormat};
use crate::signature::{self, Decoded, Entry, MAX_SIGNATURES};
use crate::slots::Found;
use crate::template::Values;
use crate::verified::{Request, Verified};
use crate::webhook::Webhook;
use crate::{body_fields, dedup, timestamp};

// `scan_signatures` spells the limit out in its message.
const _: () = assert!(MAX_SIGNATURES == 16, "update scan_signatures' message");

impl Webhook {
    /// Verifies a delivery as if the time were `now` (unix seconds), for
    /// senders that also sign the request's URL or method.
    ///
    /// Order of checks: headers present and well-formed, then the signature,
    /// then the timestamp window. A timestamp error therefore only ever
    /// describes a genuine delivery (a replay or a clock problem, not a
    /// forgery), which is what an operator needs to know. Fields of the JSON
    /// body (a timestamp, a dedup key, an event) are read only after the
    /// signature verified, except where the signature is itself in the body
    /// (Mailgun): its fields are read first, as strings or numbers only.
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
        let (delivery, texts) = self.verify_found(body, headers, now, request)?;
        Ok(Verified {
            scheme: self.scheme.name(),
            texts,
            body,
            delivery,
        })
    }

    /// [`Webhook::verify_request`], answering with the owned description of
    /// the delivery: where its id, event and dedup key are (a header slot
    /// and range, or a body field) rather than borrowed text. A binding
    /// keeps it in its result object and makes its own strings from the
    /// header values it already holds.
    ///
    /// # Errors
    /// As [`Webhook::verify_request`].
    pub fn verify_located<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now: i64,
        request: Request<'_>,
    ) -> Result<Delivery, VerifyError> {
        Ok(self.verify_found(body, headers, now, request)?.0)
    }

    /// The headers whose value the sender fixes (a signature version or
    /// algorithm) are there, with that value.
    pub(crate) fn check_expected_headers<H: Headers + ?Sized>(
        &self,
        headers: &H,
    ) -> Result<(), VerifyError> {
        for (at, expected) in self
            .slots
            .expected
            .iter()
            .zip(&self.scheme.expected_headers)
        {
            let name = expected.header.name();
            let found = self
                .slots
                .read(headers, at, &expected.header)?
                .ok_or_else(|| VerifyError::missing(name))?;
            if found.value != expected.value {
                return Err(VerifyError::malformed(
                    name,
                    "it names a signature version or algorithm this scheme does not verify",
                ));
            }
        }
        Ok(())
    }

    /// The checks, in order; the delivery and the header texts at its id,
    /// event and dedup-key places.
    fn verify_found<'a, H: Headers + ?Sized>(
        &'a self,
        body: &[u8],
        headers: &'a H,
        now: i64,
        request: Request<'_>,
    ) -> Result<(Delivery, [Option<&'a str>; 3]), VerifyError> {
        let scheme = &self.scheme;
        if let Some(from) = &scheme.keys_from {
            return self.verify_fetched(from, body, headers, now);
        }
        let header_first = match &scheme.signature_header {
            Some(name) => self
                .slots
                .read(headers, &self.slots.signature, name)?
                .map(|found| found.value),
            None => None,
        };
        // Mailgun's kind: the signature and the fields it signs are in the
        // body, read (one pass) before anything can be checked.
        let in_body = match &scheme.signature_field {
            Some(field) => Some(signed_fields(scheme, field, body)?),
            None => None,
        };
        let first = header_first.or_else(|| in_body.as_ref().map(|(sig, _)| sig.as_str()));
        // One signature header for almost every sender: no allocation then.
        // Where there are more (Box, DocuSign), any one of them will do: a
        // sender with one secret set may send only its header.
        let mut all_values = Vec::new();
        for (at, name) in self
            .slots
            .extra_signatures
            .iter()
            .zip(&scheme.extra_signature_headers)
        {
            if let Some(found) = self.slots.read(headers, at, name)? {
                if all_values.is_empty() {
                    all_values.extend(first);
                }
                all_values.push(found.value);
            }
        }
        let sig_values = match &first {
            _ if !all_values.is_empty() => all_values.as_slice(),
            Some(value) => std::slice::from_ref(value),
            None => return Err(VerifyError::missing(&signature_name(scheme))),
        };
        self.check_expected_headers(headers)?;

        let (ts_text, ts_header) =
            self.read_timestamp(headers, header_first.unwrap_or_default())?;
        let mut ts_value = match ts_text {
            Some(text) => Some(
                timestamp::parse(text, scheme.timestamp_unit)
                    .ok_or_else(|| VerifyError::malformed(ts_header, unit_text(scheme)))?,
            ),
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

        let url = request.url.unwrap_or_default();
        let form = scheme.message.form_of(body, url);
        let values = Values {
            body,
            timestamp: ts_text.unwrap_or_default(),
            id: id.map_or("", |id| id.value),
            url,
            method: request.method.unwrap_or_default(),
            form: form.as_deref().unwrap_or_default(),
            fields: in_body
                .as_ref()
                .map_or(&[][..], |(_, fields)| fields.as_slice()),
        };
        let mut found = self.matching_key(sig_values, values, now)?;
        if scheme.message.uses_form() {
            // Twilio's rules ({form}): the URL with and without its port, and
            // a JSON body checked against the bodySHA256 the URL carries.
            for variant in crate::form::url_variants(url) {
                if matches!(found, Match::InForce(_)) {
                    break;
                }
                let other = self.matching_key(
                    sig_values,
                    Values {
                        url: &variant,
                        ..values
                    },
                    now,
                )?;
                if other > found {
                    found = other;
                }
            }
            if let Some(hash) = crate::form::body_sha256(url)
                && !crate::form::body_matches(body, hash)
            {
                found = Match::Nothing;
            }
        }
        // Only once every form of the message was tried: a secret past its
        // not_after says so, whatever else did not match.
        let key_index = match found {
            Match::InForce(i) => i,
            Match::Expired(i) => {
                return Err(VerifyError::SignatureMismatch {
                    header: signature_name(scheme).into_owned(),
                    expired_key: Some(i),
                    reason: None,
                });
            }
            Match::Nothing => return Err(VerifyError::mismatch(&signature_name(scheme))),
        };

        // Only now, for a genuine body: the timestamp it carries, which the
        // window needs. Like a timestamp header, it is required while the
        // window is on.
        if let (Some(name), Some(_)) = (&scheme.timestamp_field, self.tolerance) {
            // Where the signature is in the body, the timestamp field is one
            // of the fields it signs, already read (Mailgun's).
            let signed = in_body.as_ref().and_then(|(_, fields)| {
                let at = scheme.message.fields().iter().position(|f| f == name)?;
                fields.get(at).cloned()
            });
            let text = signed
                .or_else(|| body_fields::body_field(body, name))
                .ok_or_else(|| VerifyError::missing(&format!("{name} (body field)")))?;
            ts_value = Some(
                timestamp::parse(&text, scheme.timestamp_unit).ok_or_else(|| {
                    VerifyError::malformed(&format!("{name} (body field)"), unit_text(scheme))
                })?,
            );
        }
        if let (Some(value), Some(tolerance)) = (ts_value, self.tolerance) {
            timestamp::check(value, scheme.timestamp_unit, now, tolerance)?;
        }
        // An event or key in the body is read when first asked for: scanning
        // a 1 KiB body cost more than the rest of a Stripe verify.
        let (dedup, dedup_text) = match &scheme.dedup {
            DedupKey::BodyField(_) | DedupKey::BodyFieldMatchingId(_) => (Place::Body, None),
            DedupKey::Header(_) => located(dedup_header),
            other => id
                .and_then(|id| {
                    let key = dedup::key_from_id(other, id.value)?;
                    Some((id.prefix_place(key), Some(key)))
                })
                .unwrap_or((Place::Absent, None)),
        };
        let (event, event_text) = match (event, &scheme.event_field) {
            (None, Some(_)) => (Place::Body, None),
            (found, _) => located(found),
        };
        let (id, id_text) = located(id);
        let in_body = event == Place::Body || dedup == Place::Body;
        let delivery = Delivery {
            id,
            event,
            dedup_key: dedup,
            timestamp: ts_value.map(|v| timestamp::to_seconds(v, scheme.timestamp_unit)),
            key_index,
            reads: in_body.then(|| Arc::clone(&self.body_reads)),
            from_body: OnceLock::new(),
        };
        Ok((delivery, [id_text, event_text, dedup_text]))
    }

    /// The index of the first key whose signature of `values` the signature
    /// headers (`sig_values`) hold, if any.
    ///
    /// A secret past its `not_after` ([`Webhook::with_expiry`]) is tried
    /// only when none in force matched, and only to say so: a delivery it
    /// signed is `signature_mismatch`, naming that secret as expired.
    fn matching_key(
        &self,
        sig_values: &[&str],
        values: Values<'_>,
        now: i64,
    ) -> Result<Match, VerifyError> {
        let scheme = &self.scheme;
        let parts = || scheme.message.message(values);
        // Ed25519 needs the message in one piece and ECDSA and RSA its
        // SHA-256, made once for every key; HMAC streams the parts.
        let message: Vec<u8> = match scheme.algorithm {
            Algorithm::Ed25519 => parts().flatten().copied().collect(),
            Algorithm::EcdsaP256Sha256 | Algorithm::RsaSha256 => {
                crate::key::sha256_of(parts()).to_vec()
            }
            _ => Vec::new(),
        };
        let expired = |i: usize| !self.in_force(i, now);
        let matches = |key: &crate::key::PreparedKey| match key.tag(parts()) {
            Some(tag) => scan_signatures(scheme, sig_values, |candidate| {
                signature::tags_equal(candidate, tag.as_bytes())
            }),
            None => scan_signatures(scheme, sig_values, |candidate| {
                key.verifies(&message, candidate)
            }),
        };
        for (i, key) in self.keys.iter().enumerate() {
            if !expired(i) && matches(key)? {
                return Ok(Match::InForce(i));
            }
        }
        for (i, key) in self.keys.iter().enumerate() {
            if expired(i) && matches(key)? {
                return Ok(Match::Expired(i));
            }
        }
        Ok(Match::Nothing)
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
            let text = self
                .slots
                .read(headers, &self.slots.timestamp, name)?
                .map(|found| found.value);
            if text.is_none() && required {
                return Err(VerifyError::missing(name.name()));
            }
            return Ok((text, name.name()));
        }
        let sig_name = scheme
            .signature_header
            .as_ref()
            .map_or("", crate::scheme::HeaderName::name);
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
}

/// Which secret a delivery's signature matched, worst first (so that `>`
/// keeps the better of two forms of a message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Nothing,
    /// A secret past its `not_after`.
    Expired(usize),
    /// A secret in force.
    InForce(usize),
}

/// Where the signature is, as errors name it: the header, or the body field.
fn signature_name(scheme: &Scheme) -> std::borrow::Cow<'_, str> {
    match (&scheme.signature_header, &scheme.signature_field) {
        (Some(name), _) => std::borrow::Cow::Borrowed(name.name()),
        (None, field) => std::borrow::Cow::Owned(format!(
            "{} (body field)",
            field.as_deref().unwrap_or_default()
        )),
    }
}

/// The signature in the body field `field` and the body fields the
/// message signs (`{field:…}`), read in one pass; a missing one is
/// `missing_header`, naming the field.
fn signed_fields(
    scheme: &Scheme,
    field: &str,
    body: &[u8],
) -> Result<(String, Vec<String>), VerifyError> {
    let wanted = scheme.message.fields();
    let mut names: [Option<&str>; 1 + crate::template::MAX_FIELDS] = [None; 5];
    names[0] = Some(field);
    for (slot, name) in names.iter_mut().skip(1).zip(wanted) {
        *slot = Some(name.as_str());
    }
    let mut found = crate::body_fields::body_fields(body, names).into_iter();
    let missing = |name: &str| VerifyError::missing(&format!("{name} (body field)"));
    let signature = found.next().flatten().ok_or_else(|| missing(field))?;
    let fields = wanted
        .iter()
        .zip(found)
        .map(|(name, value)| value.ok_or_else(|| missing(name)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((signature, fields))
}

/// What a timestamp that does not parse should have been.
fn unit_text(scheme: &Scheme) -> &'static str {
    match scheme.timestamp_unit {
        crate::scheme::TimestampUnit::Rfc3339 => "the timestamp is not an RFC 3339 date-time",
        _ => "the timestamp is not a whole number in ASCII digits",
    }
}

/// The place and text of a field read from a header, or absent.
fn located(found: Option<Found<'_>>) -> (Place, Option<&str>) {
    found.map_or((Place::Absent, None), |f| (f.place(), Some(f.value)))
}

/// Scans the signature headers' values: decodes each signature in the
/// scheme's format and passes it to `check`. `Ok(true)` when any check passed; every
/// candidate is checked, whatever matched, so the time taken does not depend
/// on which one did. Nothing is stored: the header is re-read per key, which
/// costs less than holding up to 16 decoded signatures.
///
/// # Errors
/// `malformed_header` when no signature in the scheme's format decodes, or
/// when there are more than [`MAX_SIGNATURES`].
fn scan_signatures(
    scheme: &Scheme,
    values: &[&str],
    mut check: impl FnMut(&[u8]) -> bool,
) -> Result<bool, VerifyError> {
    let header = || signature_name(scheme);
    let lengths = scheme.algorithm.signature_lengths();
    let (mut seen, mut valid, mut bad_encoding, mut matched) = (0usize, 0usize, false, false);
    let format = &scheme.signature_format;
    for entry in values.iter().flat_map(|v| signature::entries(format, v)) {
        let Entry::Signature(text) = entry else {
            continue;
        };
        seen += 1;
        if seen > MAX_SIGNATURES {
            return Err(VerifyError::malformed(
                &header(),
                "it holds more than 16 signatures",
            ));
        }
        let decoded = if scheme.algorithm == Algorithm::Token {
            signature::decode_token(scheme.encoding, text)
        } else if lengths.start() == lengths.end() {
            signature::decode(scheme.encoding, text, *lengths.start())
        } else {
            signature::decode_between(scheme.encoding, text, &lengths)
        };
        match decoded {
            decoded @ (Decoded::Bytes { .. } | Decoded::Long(_)) => {
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
        &header(),
        match (seen, bad_encoding) {
            (0, _) => "it holds no signature in the scheme's format",
            (_, true) => "the signature is not valid for the scheme's encoding",
            (_, false) => "the signature has the wrong length for the scheme's algorithm",
        },
    ))
}
