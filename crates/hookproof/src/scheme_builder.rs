//! [`SchemeBuilder`]: a custom [`Scheme`] written in code.

use crate::error::ConfigError;
use crate::fetched::KeysFrom;
use crate::handshake::Handshake;
use crate::scheme::{DEFAULT_TOLERANCE, Scheme};
use crate::scheme_types::{
    Algorithm, DedupKey, Encoding, ExpectedHeader, HeaderName, KeyForm, SignatureFormat,
    TimestampUnit,
};
use crate::template::Template;

/// Builds a custom [`Scheme`] in code. Defaults: HMAC-SHA256, UTF-8 key, hex,
/// bare signature value, seconds, 300 s tolerance, no dedup key.
///
/// ```
/// use hookproof::{Scheme, SignatureFormat};
/// let scheme = Scheme::builder("acme", "X-Acme-Signature", "{timestamp}.{body}")
///     .timestamp_header("X-Acme-Timestamp")
///     .signature_format(SignatureFormat::List { prefix: "v1=".into(), separators: ",".into() })
///     .build()?;
/// assert_eq!(scheme.name(), "acme");
/// # Ok::<(), hookproof::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct SchemeBuilder {
    name: String,
    description: String,
    source: String,
    signature_header: Option<Vec<String>>,
    signature_field: Option<String>,
    template: String,
    signature_format: SignatureFormat,
    extra_signature_headers: Vec<String>,
    expected_headers: Vec<(String, String)>,
    timestamp_header: Option<Vec<String>>,
    id_header: Option<Vec<String>>,
    event_header: Option<Vec<String>>,
    event_field: Option<String>,
    timestamp_field: Option<String>,
    algorithm: Algorithm,
    key: KeyForm,
    encoding: Encoding,
    timestamp_unit: TimestampUnit,
    tolerance: Option<u64>,
    dedup: DedupKey,
    keys_from: Option<KeysFrom>,
    handshake: Option<Handshake>,
}

impl SchemeBuilder {
    pub(crate) fn new(
        name: &str,
        signature_header: Option<&str>,
        signature_field: Option<&str>,
        template: &str,
    ) -> Self {
        Self {
            name: name.to_owned(),
            description: String::new(),
            source: String::new(),
            signature_header: signature_header.map(|h| vec![h.to_owned()]),
            signature_field: signature_field.map(str::to_owned),
            template: template.to_owned(),
            signature_format: SignatureFormat::List {
                prefix: String::new(),
                separators: String::new(),
            },
            extra_signature_headers: Vec::new(),
            expected_headers: Vec::new(),
            timestamp_header: None,
            id_header: None,
            event_header: None,
            event_field: None,
            timestamp_field: None,
            algorithm: Algorithm::HmacSha256,
            key: KeyForm::Utf8,
            encoding: Encoding::Hex,
            timestamp_unit: TimestampUnit::Seconds,
            tolerance: Some(DEFAULT_TOLERANCE),
            dedup: DedupKey::None,
            keys_from: None,
            handshake: None,
        }
    }

    /// The sender's documentation this scheme follows (a URL).
    pub fn source(mut self, url: &str) -> Self {
        url.clone_into(&mut self.source);
        self
    }

    /// A one-line description.
    pub fn description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    /// The signed message. Placeholders: `{body}` (at most once), `{timestamp}`
    /// (the header's digits as sent), `{id}`, `{url}` and `{method}` (given to
    /// verify by the caller), `{form}` (the form-encoded body's parameters
    /// sorted by name, each name followed by its value: Twilio); `{{` and `}}`
    /// are literal braces.
    pub fn message(mut self, template: &str) -> Self {
        self.template = template.to_owned();
        self
    }

    /// An alias the signature header is also read from (ignored for a
    /// signature in the body).
    pub fn signature_header_alias(mut self, name: &str) -> Self {
        if let Some(names) = &mut self.signature_header {
            names.push(name.to_owned());
        }
        self
    }

    /// The syntax of the signature header.
    pub fn signature_format(mut self, format: SignatureFormat) -> Self {
        self.signature_format = format;
        self
    }

    /// The header holding the timestamp (call again to add an alias).
    pub fn timestamp_header(mut self, name: &str) -> Self {
        self.timestamp_header
            .get_or_insert_with(Vec::new)
            .push(name.to_owned());
        self
    }

    /// The header holding the delivery id (call again to add an alias).
    pub fn id_header(mut self, name: &str) -> Self {
        self.id_header
            .get_or_insert_with(Vec::new)
            .push(name.to_owned());
        self
    }

    /// The header holding the event type (call again to add an alias).
    pub fn event_header(mut self, name: &str) -> Self {
        self.event_header
            .get_or_insert_with(Vec::new)
            .push(name.to_owned());
        self
    }

    /// A top-level JSON body field that names the event.
    pub fn event_field(mut self, field: &str) -> Self {
        self.event_field = Some(field.to_owned());
        self
    }

    /// A top-level JSON body field that holds the timestamp.
    pub fn timestamp_field(mut self, field: &str) -> Self {
        self.timestamp_field = Some(field.to_owned());
        self
    }

    /// The algorithm.
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// How the secret becomes key bytes.
    pub fn key(mut self, key: KeyForm) -> Self {
        self.key = key;
        self
    }

    /// How signatures are encoded.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The timestamp's unit.
    pub fn timestamp_unit(mut self, unit: TimestampUnit) -> Self {
        self.timestamp_unit = unit;
        self
    }

    /// The default tolerance in seconds; `None` turns the check off.
    pub fn tolerance(mut self, seconds: Option<u64>) -> Self {
        self.tolerance = seconds;
        self
    }

    /// Where the idempotency key comes from.
    pub fn dedup(mut self, dedup: DedupKey) -> Self {
        self.dedup = dedup;
        self
    }

    /// Another header carrying signatures in the same syntax, one per
    /// secret the sender holds (Box's `BOX-SIGNATURE-SECONDARY`). Verify
    /// tries every signature in every such header against every secret;
    /// sign writes this header with the next secret, when there is one.
    pub fn extra_signature_header(mut self, name: &str) -> Self {
        self.extra_signature_headers.push(name.to_owned());
        self
    }

    /// A header the sender always sends with `value` (a signature version
    /// or algorithm name). A delivery where it is missing or differs does
    /// not verify; sign writes it.
    pub fn expected_header(mut self, name: &str, value: &str) -> Self {
        self.expected_headers
            .push((name.to_owned(), value.to_owned()));
        self
    }

    /// Where the verifying keys come from, for a sender that publishes
    /// them (see [`KeysFrom`]).
    pub fn keys_from(mut self, from: KeysFrom) -> Self {
        self.keys_from = Some(from);
        self
    }

    /// The subscription handshake the sender performs before delivering
    /// (see [`Handshake`]).
    pub fn handshake(mut self, handshake: Handshake) -> Self {
        self.handshake = Some(handshake);
        self
    }

    /// Checks the definition and returns the scheme.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_scheme`) when the parts do not fit together,
    /// e.g. the message uses `{id}` but no id header is named.
    pub fn build(self) -> Result<Scheme, ConfigError> {
        let header = |names: Option<Vec<String>>| names.map(HeaderName::new).transpose();
        Scheme {
            name: self.name,
            description: self.description,
            source: self.source,
            signature_header: header(self.signature_header)?,
            signature_field: self.signature_field,
            signature_format: self.signature_format,
            extra_signature_headers: self
                .extra_signature_headers
                .into_iter()
                .map(|name| HeaderName::new([name]))
                .collect::<Result<_, _>>()?,
            expected_headers: self
                .expected_headers
                .into_iter()
                .map(|(name, value)| {
                    Ok(ExpectedHeader {
                        header: HeaderName::new([name])?,
                        value,
                    })
                })
                .collect::<Result<_, ConfigError>>()?,
            timestamp_header: header(self.timestamp_header)?,
            id_header: header(self.id_header)?,
            event_header: header(self.event_header)?,
            event_field: self.event_field,
            timestamp_field: self.timestamp_field,
            message: Template::parse(&self.template)?,
            algorithm: self.algorithm,
            key: self.key,
            encoding: self.encoding,
            timestamp_unit: self.timestamp_unit,
            tolerance: self.tolerance,
            dedup: self.dedup,
            keys_from: self.keys_from,
            handshake: self.handshake,
        }
        .validated()
    }
}
