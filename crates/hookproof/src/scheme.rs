//! The declarative description of how one sender signs its deliveries.
//!
//! A [`Scheme`] is data: which headers carry what, which bytes are signed, with
//! which algorithm, key form and encoding, and how the signature header is
//! spelled. Presets ([`crate::presets`]) are values of this type, and so is a
//! scheme a user builds with [`SchemeBuilder`] or loads with
//! [`Scheme::from_json`]; the verifier has no per-provider code paths.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::template::Template;

/// A header, by its canonical name plus any aliases a sender also uses
/// (the `svix` preset reads `svix-id` as well as `webhook-id`). Lookups are
/// case-insensitive; the first name that is present wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OneOrMany", into = "OneOrMany")]
pub struct HeaderName {
    names: Vec<String>,
    lower: Vec<String>,
}

impl HeaderName {
    /// A header known by `name` and, optionally, aliases.
    ///
    /// # Errors
    /// [`ConfigError`] when a name is empty or holds characters HTTP forbids in
    /// header names.
    pub fn new<I, S>(names: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.is_empty() {
            return Err(ConfigError::scheme("a header needs at least one name"));
        }
        for name in &names {
            // RFC 9110 §5.6.2: a field name is a token.
            let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            if name.is_empty() || !name.bytes().all(token) {
                return Err(ConfigError::scheme(format!(
                    "{name:?} is not a valid header name"
                )));
            }
        }
        let lower = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        Ok(Self { names, lower })
    }

    /// The canonical name, as the sender spells it (used when signing and in errors).
    #[must_use]
    pub fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// Every accepted name in lower case, canonical first.
    pub fn lowercase_names(&self) -> impl Iterator<Item = &str> {
        self.lower.iter().map(String::as_str)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl TryFrom<OneOrMany> for HeaderName {
    type Error = ConfigError;
    fn try_from(value: OneOrMany) -> Result<Self, ConfigError> {
        match value {
            OneOrMany::One(name) => Self::new([name]),
            OneOrMany::Many(names) => Self::new(names),
        }
    }
}

impl From<HeaderName> for OneOrMany {
    fn from(value: HeaderName) -> Self {
        let mut names = value.names;
        if names.len() == 1 {
            Self::One(names.remove(0))
        } else {
            Self::Many(names)
        }
    }
}

/// The MAC or signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256: almost every sender.
    HmacSha256,
    /// HMAC with SHA-1: legacy senders only (GitHub's old header, Twilio,
    /// Intercom).
    HmacSha1,
    /// Ed25519 signatures (RFC 8032) checked with a public key: Discord,
    /// Standard Webhooks `v1a`.
    Ed25519,
}

impl Algorithm {
    /// Length in bytes of this algorithm's tag.
    #[must_use]
    pub fn tag_len(self) -> usize {
        match self {
            Self::HmacSha256 => 32,
            Self::HmacSha1 => 20,
            Self::Ed25519 => 64,
        }
    }
}

/// How the secret the user holds becomes key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum KeyForm {
    /// The secret's bytes exactly as given, prefix and all (cloro, Fileloom,
    /// Stripe: a `whsec_…` string is used literally).
    Utf8,
    /// Standard Webhooks / Svix: an optional `whsec_` prefix is stripped and
    /// the rest base64-decoded (padding optional, strict alphabet).
    WhsecBase64,
    /// An Ed25519 public key in hex (64 digits): Discord's application key.
    Ed25519Hex,
    /// Standard Webhooks asymmetric keys: `whpk_` + base64 public key, or
    /// `whsk_` + base64 secret key (32-byte seed, or seed and public key), which
    /// can also sign.
    WhpkBase64,
}

/// How signatures are written in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Encoding {
    /// Hexadecimal; either case is accepted, lower case is produced.
    Hex,
    /// Standard base64 alphabet; padding optional on input, produced on output.
    Base64,
}

/// The unit of the timestamp the sender writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub enum TimestampUnit {
    /// Unix seconds.
    #[default]
    #[serde(rename = "s")]
    Seconds,
    /// Unix milliseconds.
    #[serde(rename = "ms")]
    Milliseconds,
}

/// The syntax of the signature header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum SignatureFormat {
    /// One or more entries split on any of `separators`, each `prefix` followed
    /// by the encoded signature: `v1=<hex>` (cloro, several allowed),
    /// `sha256=<hex>` (Fileloom), `v1,<b64> v1,<b64>` (Standard Webhooks,
    /// prefix `v1,` and separator space), or a bare value (empty prefix and
    /// separators). Entries with another prefix (`v2=…`, `v1a,…`) are skipped,
    /// so a sender can add a version without breaking receivers.
    List {
        /// What precedes each signature; may be empty.
        #[serde(default)]
        prefix: String,
        /// Characters that separate entries; empty means one entry.
        #[serde(default)]
        separators: String,
    },
    /// `key=value` pairs split on `separator`: the signature under
    /// `signature_key` (repeatable) and optionally the timestamp under
    /// `timestamp_key` (`t=…,v1=…,v1=…`).
    Params {
        /// The character between pairs, usually `,` or `;`.
        separator: char,
        /// The key of each signature, e.g. `v1`.
        signature_key: String,
        /// The key of the timestamp, e.g. `t`; when set, the timestamp comes
        /// from here and the scheme has no `timestamp_header`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timestamp_key: Option<String>,
    },
}

/// Where a delivery's idempotency key comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DedupKey {
    /// The sender gives none.
    #[default]
    None,
    /// The id header as it is (Standard Webhooks, Fileloom: the same on every retry).
    Id,
    /// The id header without a trailing `-<attempt>` (cloro: `<task-id>-<n>`
    /// changes per attempt, the task id does not). The cut is made at the
    /// last `-` only when 1 to 4 digits follow it; otherwise the whole id is
    /// the key.
    IdWithoutAttempt,
    /// Another header (Twilio's `I-Twilio-Idempotency-Token`).
    Header(HeaderName),
    /// A field of the JSON body (Stripe `id`, Slack and Paddle `event_id`;
    /// a dotted name is a path into nested objects), read only after the
    /// signature verified. Absent when the body is not JSON or lacks the
    /// field. Signed wherever the body is, unlike a header.
    BodyField(String),
    /// A body field, as [`DedupKey::BodyField`], which the id header must
    /// agree with when it is sent: the id as it is, or without a trailing
    /// `-<attempt>` (cut as [`DedupKey::IdWithoutAttempt`] does). cloro signs
    /// `{timestamp}.{body}` but not `X-Cloro-Webhook-Id`, and its docs say to
    /// deduplicate "on the task ID inside the payload (event.task.id), not on
    /// the webhook ID": a replay with a rewritten id header keeps its key,
    /// and a header that names another task was changed on the way, so the
    /// key cannot be read (`malformed_header`).
    BodyFieldMatchingId(String),
}

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
    pub(crate) signature_header: HeaderName,
    pub(crate) signature_format: SignatureFormat,
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
}

impl Scheme {
    /// Starts a scheme named `name` whose signature travels in
    /// `signature_header` over the message `template` (e.g.
    /// `"{timestamp}.{body}"`; see [`SchemeBuilder::message`]).
    pub fn builder(name: &str, signature_header: &str, template: &str) -> SchemeBuilder {
        SchemeBuilder::new(name, signature_header, template)
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

    /// The default tolerance in seconds; `None` when the check is off.
    #[must_use]
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// The algorithm.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
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

    /// The header holding the signature.
    #[must_use]
    pub fn signature_header(&self) -> &HeaderName {
        &self.signature_header
    }

    /// The header holding the delivery id, when the scheme has one.
    #[must_use]
    pub fn id_header(&self) -> Option<&HeaderName> {
        self.id_header.as_ref()
    }

    /// The header a delivery's dedup key comes from, when it comes from one
    /// (`X-Cloro-Webhook-Id`); `None` when it is a body field, which some of
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
            DedupKey::None => None,
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

    /// Every header the verifier may look up: signature, timestamp, id,
    /// event, dedup. Bindings use this to fetch only these few from a request.
    pub fn headers(&self) -> impl Iterator<Item = &HeaderName> {
        let dedup = match &self.dedup {
            DedupKey::Header(name) => Some(name),
            _ => None,
        };
        std::iter::once(&self.signature_header)
            .chain(self.timestamp_header.as_ref())
            .chain(self.id_header.as_ref())
            .chain(self.event_header.as_ref())
            .chain(dedup)
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

    fn validated(self) -> Result<Self, ConfigError> {
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
        let asymmetric = matches!(self.key, KeyForm::Ed25519Hex | KeyForm::WhpkBase64);
        if asymmetric != (self.algorithm == Algorithm::Ed25519) {
            return Err(ConfigError::scheme(
                "ed25519 goes with the ed25519-hex or whpk-base64 key forms, and only with them",
            ));
        }
        Ok(self)
    }
}

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
    signature_header: Vec<String>,
    template: String,
    signature_format: SignatureFormat,
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
}

impl SchemeBuilder {
    fn new(name: &str, signature_header: &str, template: &str) -> Self {
        Self {
            name: name.to_owned(),
            description: String::new(),
            signature_header: vec![signature_header.to_owned()],
            template: template.to_owned(),
            signature_format: SignatureFormat::List {
                prefix: String::new(),
                separators: String::new(),
            },
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
        }
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

    /// An alias the signature header is also read from.
    pub fn signature_header_alias(mut self, name: &str) -> Self {
        self.signature_header.push(name.to_owned());
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
            signature_header: HeaderName::new(self.signature_header)?,
            signature_format: self.signature_format,
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
        }
        .validated()
    }
}
