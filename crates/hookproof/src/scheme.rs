//! The declarative description of how one sender signs its deliveries.
//!
//! A [`Scheme`] is data: which headers carry what, which bytes are signed, with
//! which algorithm, key form and encoding, and how the signature header is
//! spelled. Presets ([`crate::presets`]) are values of this type, and so is a
//! scheme a user builds with [`SchemeBuilder`] or loads with
//! [`Scheme::from_json`]; the verifier has no per-provider code paths.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::fetched::KeysFrom;
use crate::handshake::Handshake;
use crate::scheme_builder::SchemeBuilder;
pub use crate::scheme_types::{
    Algorithm, DedupKey, Encoding, ExpectedHeader, HeaderName, KeyForm, SignatureFormat,
    TimestampUnit,
};
use crate::template::Template;

/// Tolerance applied when a scheme's text form does not say: five minutes,
/// the value cloro, Stripe and Standard Webhooks all recommend.
pub const DEFAULT_TOLERANCE: u64 = 300;

/// A scheme reads at most this many header names, aliases included (presets
/// read 1 to 6). Bounds the work per request, and lets a binding pass the
/// values in a fixed array and mark repeats in a bit set.
pub const MAX_HEADER_NAMES: usize = 16;

#[allow(
    clippy::unnecessary_wraps,
    reason = "serde default for an Option field"
)]
fn default_tolerance() -> Option<u64> {
    Some(DEFAULT_TOLERANCE)
}

/// How one sender signs. Build it with [`Scheme::builder`], load it with
/// [`Scheme::from_json`], or take a preset from [`crate::presets`].
///
/// The text form is JSON with the field names below; see the crate README for
/// a complete example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) description: String,
    /// Where the scheme comes from: the sender's documentation page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) source: String,
    /// The header holding the signature; `None` when the signature is in
    /// the body (`signature_field`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signature_header: Option<HeaderName>,
    /// A JSON body field holding the signature (Mailgun's
    /// `signature.signature`), for senders that put it there: the message
    /// is then made of other body fields (`{field:NAME}`), never the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signature_field: Option<String>,
    pub(crate) signature_format: SignatureFormat,
    /// Further headers carrying signatures in the same syntax, one per
    /// secret the sender holds (Box's secondary, DocuSign's `-2`, `-3`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) extra_signature_headers: Vec<HeaderName>,
    /// Headers whose value the sender fixes (a signature version).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) expected_headers: Vec<ExpectedHeader>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) timestamp_header: Option<HeaderName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id_header: Option<HeaderName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) event_header: Option<HeaderName>,
    /// A top-level JSON body field naming the event (Stripe `type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) event_field: Option<String>,
    /// A top-level JSON body field holding the timestamp (Linear
    /// `webhookTimestamp`), checked after the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) timestamp_field: Option<String>,
    pub(crate) message: Template,
    pub(crate) algorithm: Algorithm,
    pub(crate) key: KeyForm,
    pub(crate) encoding: Encoding,
    #[serde(default)]
    pub(crate) timestamp_unit: TimestampUnit,
    #[serde(default = "default_tolerance")]
    pub(crate) tolerance: Option<u64>,
    #[serde(default)]
    pub(crate) dedup: DedupKey,
    /// Where the verifying keys come from, for a sender that publishes
    /// them rather than sharing a secret (AWS SNS's certificate, an OIDC
    /// issuer's JWKS); the message, algorithm and encoding are then the
    /// family's own, and the fields above only locate the delivery's id,
    /// event and dedup key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) keys_from: Option<KeysFrom>,
    /// The subscription handshake the sender performs, if any (Azure
    /// Event Grid's validation event): [`crate::Webhook::handshake_reply`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) handshake: Option<Handshake>,
}

impl Scheme {
    /// Starts a scheme named `name` whose signature travels in
    /// `signature_header` over the message `template` (e.g.
    /// `"{timestamp}.{body}"`; see [`SchemeBuilder::message`]).
    pub fn builder(name: &str, signature_header: &str, template: &str) -> SchemeBuilder {
        SchemeBuilder::new(name, Some(signature_header), None, template)
    }

    /// Starts a scheme named `name` whose signature is the JSON body field
    /// `signature_field` (a dotted path, Mailgun's `signature.signature`),
    /// over a message of other body fields (`"{field:signature.timestamp}{field:signature.token}"`).
    /// The body itself is not signed: only the fields the template names.
    pub fn builder_signed_in_body(
        name: &str,
        signature_field: &str,
        template: &str,
    ) -> SchemeBuilder {
        SchemeBuilder::new(name, None, Some(signature_field), template)
    }

    /// Loads a scheme from its JSON text form.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_scheme`) naming the field at fault.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let scheme: Self = serde_json::from_str(text)
            .map_err(|e| ConfigError::scheme(format!("scheme definition: {e}")))?;
        scheme.validated()
    }

    /// The scheme's JSON text form, as [`Scheme::from_json`] reads it.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scheme's name (`"cloro"`, or a custom scheme's own name).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One line saying what the scheme is for.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The sender's documentation the scheme follows (a URL; empty for a
    /// custom scheme that gives none).
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The default tolerance in seconds; `None` when the check is off.
    #[must_use]
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// Where the verifying keys come from, for a sender that publishes
    /// them (SNS, Pub/Sub, Event Grid, Plaid, PayPal); `None` for a shared secret
    /// or a key the user gives.
    #[must_use]
    pub fn keys_from(&self) -> Option<&KeysFrom> {
        self.keys_from.as_ref()
    }

    /// The subscription handshake the sender performs, if any.
    #[must_use]
    pub fn handshake(&self) -> Option<Handshake> {
        self.handshake
    }

    /// The algorithm.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The further headers that carry signatures, one per secret (Box's
    /// `BOX-SIGNATURE-SECONDARY`); empty for most senders.
    #[must_use]
    pub fn extra_signature_headers(&self) -> &[HeaderName] {
        &self.extra_signature_headers
    }

    /// The headers whose value the sender fixes, checked before the
    /// signature (Box's version and algorithm).
    #[must_use]
    pub fn expected_headers(&self) -> &[ExpectedHeader] {
        &self.expected_headers
    }

    /// The header holding the timestamp, when the scheme has one.
    #[must_use]
    pub fn timestamp_header(&self) -> Option<&HeaderName> {
        self.timestamp_header.as_ref()
    }

    /// How secrets become keys.
    #[must_use]
    pub fn key(&self) -> KeyForm {
        self.key
    }

    /// The header holding the signature; `None` for a sender that puts it
    /// in the body ([`Scheme::signature_field`]).
    #[must_use]
    pub fn signature_header(&self) -> Option<&HeaderName> {
        self.signature_header.as_ref()
    }

    /// The JSON body field holding the signature, for a sender that puts
    /// it there (Mailgun).
    #[must_use]
    pub fn signature_field(&self) -> Option<&str> {
        self.signature_field.as_deref()
    }

    /// The header holding the delivery id, when the scheme has one.
    #[must_use]
    pub fn id_header(&self) -> Option<&HeaderName> {
        self.id_header.as_ref()
    }

    /// The header a delivery's dedup key comes from, when it comes from one
    /// (GitHub's `X-GitHub-Delivery`); `None` when it is a body field (cloro's
    /// `task.id`, Stripe's `id`), which some of
    /// a sender's payloads lack by design (Slack's `url_verification`), or
    /// when the sender gives no key. Every delivery of such a sender carries
    /// the header, so one without it is broken: the integrations refuse it.
    #[must_use]
    pub fn dedup_header(&self) -> Option<&HeaderName> {
        match &self.dedup {
            DedupKey::Id | DedupKey::IdWithoutAttempt => self.id_header.as_ref(),
            DedupKey::Header(name) => Some(name),
            DedupKey::None | DedupKey::BodyField(_) | DedupKey::BodyFieldMatchingId(_) => None,
        }
    }

    /// Whether the dedup key comes from bytes the signature covers: a body
    /// field, or the id where the signed message holds `{id}`. An unsigned
    /// key (a header alone) can be rewritten by whoever replays a captured
    /// delivery, which then deduplicates as a new one; `docs/presets.md`
    /// says which presets are in that case. `None` when there is no key.
    #[must_use]
    pub fn dedup_key_signed(&self) -> Option<bool> {
        match &self.dedup {
            // A bearer token signs no part of the request.
            // PayPal signs the body's CRC-32, no cryptographic hash: a
            // captured body can be rewritten (its id included) and keep it.
            DedupKey::BodyField(_) | DedupKey::BodyFieldMatchingId(_)
                if matches!(
                    self.keys_from,
                    Some(KeysFrom::Jwks { .. } | KeysFrom::PaypalCertificate { .. })
                ) =>
            {
                Some(false)
            }
            DedupKey::None => None,
            // Where the signature is in the body, only the fields it names
            // are signed (Mailgun's token, not its event data).
            DedupKey::BodyField(name) | DedupKey::BodyFieldMatchingId(name)
                if self.signature_field.is_some() =>
            {
                Some(self.message.fields().iter().any(|f| f == name))
            }
            DedupKey::BodyField(_) | DedupKey::BodyFieldMatchingId(_) => Some(true),
            DedupKey::Id | DedupKey::IdWithoutAttempt => Some(self.message.uses_id()),
            DedupKey::Header(_) => Some(false),
        }
    }

    /// The header holding the event type, when the scheme has one (a sender
    /// sets it beside the signature: `hookproof sign --event`).
    #[must_use]
    pub fn event_header(&self) -> Option<&HeaderName> {
        self.event_header.as_ref()
    }

    /// Every header the verifier may look up: signatures, fixed values,
    /// timestamp, id, event, dedup. Bindings use this to fetch only these
    /// few from a request.
    pub fn headers(&self) -> impl Iterator<Item = &HeaderName> {
        let dedup = match &self.dedup {
            DedupKey::Header(name) => Some(name),
            _ => None,
        };
        self.signature_header
            .iter()
            .chain(&self.extra_signature_headers)
            .chain(self.expected_headers.iter().map(|e| &e.header))
            .chain(self.timestamp_header.as_ref())
            .chain(self.id_header.as_ref())
            .chain(self.event_header.as_ref())
            .chain(dedup)
            .chain(self.key_document_header())
    }

    /// The header naming the URL of the key that verifies a delivery
    /// (PayPal's `PAYPAL-CERT-URL`), for a scheme that has one.
    pub(crate) fn key_document_header(&self) -> Option<&HeaderName> {
        match &self.keys_from {
            Some(KeysFrom::PaypalCertificate { certificate_header }) => Some(certificate_header),
            _ => None,
        }
    }

    /// Whether the signed message includes the request URL (`{url}`), which
    /// the caller must then pass to verify.
    #[must_use]
    pub fn signs_url(&self) -> bool {
        self.message.uses(&crate::template::Part::Url)
    }

    /// Whether the signed message includes the request method (`{method}`).
    #[must_use]
    pub fn signs_method(&self) -> bool {
        self.message.uses(&crate::template::Part::Method)
    }

    /// Every lower-case name the verifier may look up, each once, in a fixed
    /// order. Bindings fetch exactly these from the host's header container.
    #[must_use]
    pub fn lookup_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self.headers().flat_map(HeaderName::lowercase_names) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names
    }

    pub(crate) fn validated(self) -> Result<Self, ConfigError> {
        if let Some(KeysFrom::Jwks {
            url,
            issuers,
            algorithms,
            ..
        }) = &self.keys_from
            && (!url.starts_with("https://") || issuers.is_empty() || algorithms.is_empty())
        {
            return Err(ConfigError::scheme(
                "a JWKS scheme names an https JWKS url, its issuers and its algorithms",
            ));
        }
        if matches!(self.keys_from, Some(KeysFrom::PaypalCertificate { .. }))
            && (self.id_header.is_none()
                || self.timestamp_header.is_none()
                || self.timestamp_unit != TimestampUnit::Rfc3339)
        {
            return Err(ConfigError::scheme(
                "a PayPal certificate scheme names its transmission id header and its \
                 transmission time header, an RFC 3339 date",
            ));
        }
        if let Some(KeysFrom::KeyById { url, algorithms }) = &self.keys_from
            && (!url.starts_with("https://") || url.contains('#') || algorithms.is_empty())
        {
            return Err(ConfigError::scheme(
                "a key-by-id scheme names an https url (without a fragment) and its algorithms",
            ));
        }
        if self
            .expected_headers
            .iter()
            .any(|e| e.value.is_empty() || !e.value.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(ConfigError::scheme(
                "an expected header's value is visible ASCII, without spaces",
            ));
        }
        match (&self.signature_header, &self.signature_field) {
            (Some(_), None) if self.message.fields().is_empty() => {}
            (Some(_), None) => {
                return Err(ConfigError::scheme(
                    "{field:NAME} is for senders whose signature is in the body (signature_field)",
                ));
            }
            (None, Some(field)) => {
                let list = matches!(&self.signature_format, SignatureFormat::List { .. });
                if field.is_empty() || !list || !self.extra_signature_headers.is_empty() {
                    return Err(ConfigError::scheme(
                        "a signature_field names a body field, with a list signature_format \
                         and no other signature header",
                    ));
                }
                if self.message.fields().is_empty() {
                    return Err(ConfigError::scheme(
                        "where the signature is in the body, the message is made of \
                         {field:NAME} parts (the body cannot sign itself)",
                    ));
                }
            }
            _ => {
                return Err(ConfigError::scheme(
                    "a scheme has a signature_header or a signature_field, one of the two",
                ));
            }
        }
        if self.lookup_names().len() > MAX_HEADER_NAMES {
            return Err(ConfigError::scheme(format!(
                "a scheme reads at most {MAX_HEADER_NAMES} header names, aliases included"
            )));
        }
        let name_ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b);
        if self.name.is_empty() || !self.name.bytes().all(name_ok) {
            return Err(ConfigError::scheme(
                "a scheme name is lower-case letters, digits, '-', '_' or '.'",
            ));
        }
        let ts_key = match &self.signature_format {
            SignatureFormat::List { prefix, separators } => {
                if !prefix.is_ascii() || !separators.is_ascii() {
                    return Err(ConfigError::scheme(
                        "signature prefix and separators are ASCII",
                    ));
                }
                if separators.chars().any(|c| prefix.contains(c)) {
                    return Err(ConfigError::scheme(
                        "a signature separator may not occur in the prefix",
                    ));
                }
                None
            }
            SignatureFormat::Params {
                separator,
                signature_key,
                timestamp_key,
            } => {
                let key_ok =
                    |k: &str| !k.is_empty() && k.is_ascii() && !k.contains(['=', *separator]);
                if !separator.is_ascii() || *separator == '=' || !key_ok(signature_key) {
                    return Err(ConfigError::scheme(
                        "signature params need an ASCII separator and key",
                    ));
                }
                if let Some(key) = timestamp_key
                    && (!key_ok(key) || key == signature_key)
                {
                    return Err(ConfigError::scheme("bad timestamp key in signature params"));
                }
                timestamp_key.as_ref()
            }
        };
        if ts_key.is_some() && self.timestamp_header.is_some() {
            return Err(ConfigError::scheme(
                "the timestamp comes either from a header or from the signature params, not both",
            ));
        }
        let has_timestamp = ts_key.is_some() || self.timestamp_header.is_some();
        if self.message.uses_timestamp() && !has_timestamp {
            return Err(ConfigError::scheme(
                "the message uses {timestamp} but no timestamp is read",
            ));
        }
        if self.message.uses_id() && self.id_header.is_none() {
            return Err(ConfigError::scheme(
                "the message uses {id} but there is no id_header",
            ));
        }
        if matches!(
            self.dedup,
            DedupKey::Id | DedupKey::IdWithoutAttempt | DedupKey::BodyFieldMatchingId(_)
        ) && self.id_header.is_none()
        {
            return Err(ConfigError::scheme("dedup from the id needs an id_header"));
        }
        if self.timestamp_field.is_some() && (has_timestamp || self.message.uses_timestamp()) {
            return Err(ConfigError::scheme(
                "a timestamp_field is the only timestamp source and cannot be signed as {timestamp}",
            ));
        }
        let asymmetric = matches!(
            self.key,
            KeyForm::Ed25519Hex | KeyForm::Ed25519Base64 | KeyForm::WhpkBase64
        );
        if asymmetric != (self.algorithm == Algorithm::Ed25519) {
            return Err(ConfigError::scheme(
                "ed25519 goes with the ed25519-hex, ed25519-base64 or whpk-base64 key forms, and only with them",
            ));
        }
        if (self.key == KeyForm::EcdsaP256) != (self.algorithm == Algorithm::EcdsaP256Sha256) {
            return Err(ConfigError::scheme(
                "ecdsa-p256-sha256 goes with the ecdsa-p256 key form, and only with it",
            ));
        }
        if (self.key == KeyForm::Rsa) != (self.algorithm == Algorithm::RsaSha256) {
            return Err(ConfigError::scheme(
                "rsa-sha256 goes with the rsa key form, and only with it",
            ));
        }
        let token = self.algorithm == Algorithm::Token;
        if (self.encoding == Encoding::Raw && !token) || (token && self.encoding == Encoding::Hex) {
            return Err(ConfigError::scheme(
                "the raw encoding is for the token algorithm, which takes raw or base64",
            ));
        }
        // A family with fetched keys signs its own message (SNS's fields, a
        // token's header and claims), so its template is empty.
        if self.message.is_empty() && !token && self.keys_from.is_none() {
            return Err(ConfigError::scheme(
                "the message template needs the body exactly once, as {body} or {form}",
            ));
        }
        if token && (!self.message.is_empty() || self.key != KeyForm::Utf8) {
            return Err(ConfigError::scheme(
                "a token signs nothing: its message is empty and its key the token as given (utf8)",
            ));
        }
        // Nothing binds a time to a token: a window on a timestamp the
        // request itself supplies would only look like protection.
        if token && (has_timestamp || self.timestamp_field.is_some() || self.tolerance.is_some()) {
            return Err(ConfigError::scheme(
                "a token scheme reads no timestamp and its tolerance is null: nothing is signed",
            ));
        }
        Ok(self)
    }
}
