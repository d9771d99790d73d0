//! The verify of a delivery whose key the sender publishes ([`KeysFrom`]):
//! an SNS message, a bearer token, or a token that signs the body. The key comes from the cache the
//! caller filled ([`Webhook::key_url`], [`Webhook::add_keys`]).

use std::sync::{Arc, OnceLock};

use crate::delivery::{Delivery, Place};
use crate::error::VerifyError;
use crate::fetched::{Keys, KeysFrom};
use crate::headers::Headers;
use crate::scheme::TimestampUnit;
use crate::webhook::Webhook;
use crate::{jwt, rfc3339, sns, timestamp};

impl Webhook {
    /// The checks for a scheme with fetched keys, in order: the delivery
    /// names a trusted key, the key is at hand, the signature, what the
    /// delivery must also say (audience, issuer, topic), then its times.
    pub(crate) fn verify_fetched<'a, H: Headers + ?Sized>(
        &'a self,
        from: &KeysFrom,
        body: &[u8],
        headers: &'a H,
        now: i64,
    ) -> Result<(Delivery, [Option<&'a str>; 3]), VerifyError> {
        let issued_at = match from {
            KeysFrom::SnsCertificate => self.verify_sns(body, now)?,
            KeysFrom::Jwks {
                url,
                issuers,
                algorithms,
                authorized_parties,
            } => {
                let token = self.bearer_token(headers)?;
                let Keys::Jwks(keys) = self.cached_keys(url, now)? else {
                    return Err(VerifyError::key_unavailable(format!("{url} is not a JWKS")));
                };
                let expect = jwt::Expect {
                    issuers,
                    algorithms,
                    authorized_parties,
                    trust: &self.trust,
                    now,
                    leeway: self.tolerance,
                };
                jwt::verify(token, self.bearer_header(), &keys, &expect)?.issued_at
            }
            KeysFrom::KeyById { url, algorithms } => {
                let header = self.bearer_header();
                let token = self.header_token(headers)?;
                let Keys::Jwks(keys) = self.cached_keys(&self.key_by_id(url, token)?, now)? else {
                    return Err(VerifyError::key_unavailable(format!("{url} gave no JWK")));
                };
                let max_age = self.scheme.tolerance.unwrap_or(crate::DEFAULT_TOLERANCE);
                jwt::verify_body(
                    token,
                    header,
                    &keys,
                    algorithms,
                    body,
                    now,
                    self.tolerance,
                    max_age,
                )?
                .issued_at
            }
        };
        let id = match &self.scheme.id_header {
            Some(name) => self.slots.read(headers, &self.slots.id, name)?,
            None => None,
        };
        // Event Grid names the event in a header (`aeg-event-type`).
        let event_header = match &self.scheme.event_header {
            Some(name) => self.slots.read(headers, &self.slots.event, name)?,
            None => None,
        };
        let reads = &self.body_reads;
        let in_body = |field: Option<&str>| {
            if field.is_some() {
                Place::Body
            } else {
                Place::Absent
            }
        };
        let (id_place, id_text) = id.map_or((Place::Absent, None), |f| (f.place(), Some(f.value)));
        let (event, event_text) = match event_header {
            Some(found) => (found.place(), Some(found.value)),
            None => (in_body(reads.event_field()), None),
        };
        let dedup_key = in_body(reads.dedup_key_field());
        let delivery = Delivery {
            id: id_place,
            event,
            dedup_key,
            timestamp: issued_at,
            key_index: 0,
            reads: (event == Place::Body || dedup_key == Place::Body).then(|| Arc::clone(reads)),
            from_body: OnceLock::new(),
        };
        Ok((delivery, [id_text, event_text, None]))
    }

    /// An SNS message: its certificate URL (refused unless an SNS host),
    /// the certificate, valid now, its signature, its topic, its
    /// timestamp when a window is set. Answers the timestamp.
    fn verify_sns(&self, body: &[u8], now: i64) -> Result<Option<i64>, VerifyError> {
        const SIGNATURE: &str = "Signature (body field)";
        let message = sns::Message::read(body)?;
        let Keys::Certificate(certificate) = self.cached_keys(&message.certificate_url, now)?
        else {
            return Err(VerifyError::key_unavailable("not a certificate"));
        };
        if !certificate.valid_at(now) {
            return Err(VerifyError::refused(
                SIGNATURE,
                "the signing certificate is not valid at this time",
            ));
        }
        if !message.verifies(&certificate) {
            return Err(VerifyError::mismatch(SIGNATURE));
        }
        if !self.trust.topics.is_empty() && !self.trust.topics.contains(&message.topic) {
            return Err(VerifyError::refused(
                "TopicArn (body field)",
                "the message is from a topic this endpoint does not accept",
            ));
        }
        let at = rfc3339::parse(&message.timestamp).ok_or_else(|| {
            VerifyError::malformed("Timestamp (body field)", "it is not an RFC 3339 date")
        })?;
        if let Some(tolerance) = self.tolerance {
            timestamp::check(at, TimestampUnit::Seconds, now, tolerance)?;
        }
        Ok(Some(at))
    }

    /// The name errors give the bearer token's header.
    pub(crate) fn bearer_header(&self) -> &str {
        self.scheme
            .signature_header
            .as_ref()
            .map_or("Authorization", crate::scheme::HeaderName::name)
    }

    /// The token that is the signature header's whole value (Plaid's
    /// `Plaid-Verification`).
    pub(crate) fn header_token<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
    ) -> Result<&'h str, VerifyError> {
        let name = self.bearer_header();
        let value = match &self.scheme.signature_header {
            Some(header) => self.slots.read(headers, &self.slots.signature, header)?,
            None => None,
        }
        .ok_or_else(|| VerifyError::missing(name))?
        .value;
        Ok(value.trim())
    }

    /// The token in `Authorization: Bearer <token>`.
    pub(crate) fn bearer_token<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
    ) -> Result<&'h str, VerifyError> {
        let name = self.bearer_header();
        let value = match &self.scheme.signature_header {
            Some(header) => self.slots.read(headers, &self.slots.signature, header)?,
            None => None,
        }
        .ok_or_else(|| VerifyError::missing(name))?
        .value;
        let (kind, token) = value
            .split_once(' ')
            .ok_or_else(|| VerifyError::malformed(name, "it is not a Bearer token"))?;
        if !kind.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(VerifyError::malformed(name, "it is not a Bearer token"));
        }
        Ok(token.trim())
    }
}
