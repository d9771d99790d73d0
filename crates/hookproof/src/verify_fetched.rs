//! The verify of a delivery whose key the sender publishes ([`KeysFrom`]):
//! an SNS message, a bearer token, or a token that signs the body. The key comes from the cache the
//! caller filled ([`Webhook::key_url`], [`Webhook::add_keys`]).

use std::sync::{Arc, OnceLock};

use crate::delivery::{Delivery, Place};
use crate::error::VerifyError;
use crate::fetched::{Keys, KeysFrom};
use crate::headers::Headers;
use crate::scheme::{HeaderName, TimestampUnit};
use crate::webhook::Webhook;
use crate::{jwt, paypal, rfc3339, sns, timestamp};

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
        // Only the header reads are generic over the container; the
        // checks are built once (the module edge runtimes load is smaller).
        let issued_at = match from {
            KeysFrom::SnsCertificate => self.verify_sns(body, now)?,
            KeysFrom::Jwks { .. } => self.verify_bearer(from, self.bearer_token(headers)?, now)?,
            KeysFrom::PaypalCertificate { certificate_header } => {
                self.verify_paypal(certificate_header, body, headers, now)?
            }
            KeysFrom::KeyById { url, algorithms } => {
                self.verify_key_by_id(url, algorithms, self.header_token(headers)?, body, now)?
            }
        };
        let id = match &self.scheme.id_header {
            Some(name) => self.slots.read(headers, &self.slots.id, name)?,
            None => None,
        };
        // Event Grid names the event in a header (`aeg-event-type`).
        let event = match &self.scheme.event_header {
            Some(name) => self.slots.read(headers, &self.slots.event, name)?,
            None => None,
        };
        let id = id.map(|f| (f.place(), f.value));
        let event = event.map(|f| (f.place(), f.value));
        Ok(self.fetched_delivery(issued_at, id, event))
    }

    /// The delivery, from where its id and event header are.
    fn fetched_delivery<'a>(
        &self,
        issued_at: Option<i64>,
        id: Option<(Place, &'a str)>,
        event: Option<(Place, &'a str)>,
    ) -> (Delivery, [Option<&'a str>; 3]) {
        let reads = &self.body_reads;
        let in_body = |field: Option<&str>| {
            if field.is_some() {
                Place::Body
            } else {
                Place::Absent
            }
        };
        let (id_place, id_text) = id.map_or((Place::Absent, None), |(p, v)| (p, Some(v)));
        let (event, event_text) = match event {
            Some((place, value)) => (place, Some(value)),
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
        (delivery, [id_text, event_text, None])
    }

    /// An OIDC bearer token, checked with the scheme's JWKS.
    fn verify_bearer(
        &self,
        from: &KeysFrom,
        token: &str,
        now: i64,
    ) -> Result<Option<i64>, VerifyError> {
        let KeysFrom::Jwks {
            url,
            issuers,
            algorithms,
            authorized_parties,
        } = from
        else {
            // Only a JWKS scheme comes here; anything else verifies nothing.
            return Err(VerifyError::key_unavailable("not a JWKS scheme"));
        };
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
        Ok(jwt::verify(token, self.bearer_header(), &keys, &expect)?.issued_at)
    }

    /// A token that signs the body, with the key fetched by its id.
    fn verify_key_by_id(
        &self,
        url: &str,
        algorithms: &[crate::fetched::JwtAlgorithm],
        token: &str,
        body: &[u8],
        now: i64,
    ) -> Result<Option<i64>, VerifyError> {
        let Keys::Jwks(keys) = self.cached_keys(&self.key_by_id(url, token)?, now)? else {
            return Err(VerifyError::key_unavailable(format!("{url} gave no JWK")));
        };
        let max_age = self.scheme.tolerance.unwrap_or(crate::DEFAULT_TOLERANCE);
        let header = self.bearer_header();
        Ok(jwt::verify_body(
            token,
            header,
            &keys,
            algorithms,
            body,
            now,
            self.tolerance,
            max_age,
        )?
        .issued_at)
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

    /// A PayPal delivery: its algorithm header, its certificate URL
    /// (refused unless a PayPal API host's), the certificate, valid now,
    /// the signature over the transmission id, time, the receiver's
    /// webhook id and the body's CRC-32, then the time when a window is
    /// set. Answers the time.
    fn verify_paypal<H: Headers + ?Sized>(
        &self,
        certificate_header: &HeaderName,
        body: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<Option<i64>, VerifyError> {
        let [signature, id, time] = self.paypal_headers(headers)?;
        let url = self.paypal_certificate_url(headers, certificate_header)?;
        self.paypal_verdict([url, id, time, signature], body, now)
    }

    /// What a PayPal delivery must carry besides its certificate URL: the
    /// algorithm header, and the signature, transmission id and time. Read
    /// before a certificate is asked for too ([`Webhook::key_url`]), so a
    /// request without them fetches nothing.
    pub(crate) fn paypal_headers<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
    ) -> Result<[&'h str; 3], VerifyError> {
        self.check_expected_headers(headers)?;
        let signature = self.header_token(headers)?;
        // A PayPal scheme names both headers (Scheme::validated).
        let required = |at: &[usize], name: &Option<HeaderName>| match name {
            Some(name) => self
                .slots
                .read(headers, at, name)?
                .map(|found| found.value)
                .ok_or_else(|| VerifyError::missing(name.name())),
            None => Err(VerifyError::missing("PAYPAL-TRANSMISSION-ID")),
        };
        let id = required(&self.slots.id, &self.scheme.id_header)?;
        let time = required(&self.slots.timestamp, &self.scheme.timestamp_header)?;
        Ok([signature, id, time])
    }

    /// The rest of [`Webhook::verify_paypal`], once the header values are
    /// read: not generic over the header container, so built once.
    fn paypal_verdict(
        &self,
        [url, id, time, signature]: [&str; 4],
        body: &[u8],
        now: i64,
    ) -> Result<Option<i64>, VerifyError> {
        let header = self.bearer_header();
        let Keys::Certificate(certificate) = self.cached_keys(url, now)? else {
            return Err(VerifyError::key_unavailable("not a certificate"));
        };
        if !certificate.valid_at(now) {
            return Err(VerifyError::refused(
                header,
                "the signing certificate is not valid at this time",
            ));
        }
        let webhook_id = self.trust.webhook_id.as_deref().unwrap_or_default();
        if !paypal::verifies(
            &certificate,
            &paypal::message(id, time, webhook_id, body),
            signature,
        ) {
            return Err(VerifyError::mismatch(header));
        }
        let time_header = self
            .scheme
            .timestamp_header
            .as_ref()
            .map_or("PAYPAL-TRANSMISSION-TIME", HeaderName::name);
        let at = rfc3339::parse(time)
            .ok_or_else(|| VerifyError::malformed(time_header, "it is not an RFC 3339 date"))?;
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
        let (kind, token) = self
            .header_token(headers)?
            .split_once(' ')
            .ok_or_else(|| VerifyError::malformed(name, "it is not a Bearer token"))?;
        if !kind.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(VerifyError::malformed(name, "it is not a Bearer token"));
        }
        Ok(token.trim())
    }
}
