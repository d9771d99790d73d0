//! The values a [`Scheme`](crate::Scheme) is made of: header names, the
//! algorithm, key form and encoding, how the signature header is spelled,
//! the timestamp unit, and where the dedup key comes from.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

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
    /// ECDSA over P-256 with SHA-256 (FIPS 186-5), checked with a public key:
    /// SendGrid's Event Webhook. The signature is ASN.1 DER (70 to 72 bytes,
    /// randomized by the sender, so it can be verified but not recomputed).
    EcdsaP256Sha256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2; OpenSSL's and Node's
    /// `RSA-SHA256`, Java's `SHA256withRSA`), checked with an RSA public key
    /// of 2048 to 4096 bits, or made with its private key. Deterministic:
    /// the signature is as long as the modulus (256 to 512 bytes). For a
    /// custom scheme whose sender hands out its public key; the senders that
    /// publish theirs for fetching (SNS, PayPal, RS256 tokens) have presets.
    RsaSha256,
    /// A plain SHA-256 of the secret followed by the message, not an HMAC:
    /// HubSpot's v1 and v2 signatures only (weaker than HMAC, which is why
    /// HubSpot moved to v3; supported so that their deliveries verify).
    Sha256SecretPrefix,
    /// No signature: the header carries the shared secret itself (GitLab's
    /// `X-Gitlab-Token`, Postmark's Basic credentials). Nothing is signed, so
    /// nothing binds the body or a time to it: whoever sees one delivery
    /// can send any body. Compared in constant time, both sides hashed with
    /// SHA-256 first so the time taken does not depend on their lengths.
    Token,
}

impl Algorithm {
    /// The lengths a signature of this algorithm can have: one for a MAC,
    /// a token's digest or Ed25519; for a DER ECDSA signature 8 to 72 bytes
    /// (its parser checks the rest); for RSA the modulus's, 256 (2048 bits,
    /// the smallest key taken) to 512.
    pub(crate) fn signature_lengths(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Self::EcdsaP256Sha256 => 8..=self.tag_len(),
            Self::RsaSha256 => 256..=self.tag_len(),
            _ => self.tag_len()..=self.tag_len(),
        }
    }

    /// Length in bytes of this algorithm's tag.
    #[must_use]
    pub fn tag_len(self) -> usize {
        match self {
            // A token is compared as its SHA-256.
            Self::HmacSha256 | Self::Sha256SecretPrefix | Self::Token => 32,
            Self::HmacSha1 => 20,
            Self::Ed25519 => 64,
            // The longest DER signature: two 33-byte integers and 6 bytes of
            // framing; shorter ones are read too.
            Self::EcdsaP256Sha256 => 72,
            // A 4096-bit modulus, the largest key read; smaller keys make
            // shorter signatures, as long as their modulus.
            Self::RsaSha256 => 512,
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
    /// An Ed25519 public key in base64 (32 bytes, padding optional): Telnyx's
    /// key from its portal.
    Ed25519Base64,
    /// A P-256 public key as SendGrid's settings page shows it (base64 of
    /// the DER SubjectPublicKeyInfo), or in PEM (`BEGIN PUBLIC KEY`); or a
    /// PKCS#8 private key (base64 DER or PEM `BEGIN PRIVATE KEY`), which can
    /// also sign.
    EcdsaP256,
    /// An RSA key of 2048 to 4096 bits, in PEM or base64 DER: a public key
    /// (`BEGIN PUBLIC KEY` or PKCS#1 `BEGIN RSA PUBLIC KEY`), or a private
    /// key (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`),
    /// which can also sign.
    Rsa,
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
    /// The value's bytes as sent: a shared token (algorithm `token` only).
    Raw,
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
    /// An RFC 3339 date-time, `2020-01-01T00:00:00-07:00` (Box, Zendesk),
    /// signed as the text the sender wrote.
    #[serde(rename = "rfc3339")]
    Rfc3339,
}

/// A header whose value the sender fixes and the receiver must check
/// before trusting the signature: Box's `BOX-SIGNATURE-VERSION: 1` and
/// `BOX-SIGNATURE-ALGORITHM: HmacSHA256`. A delivery with another value was
/// signed some way this scheme does not know, so it cannot verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedHeader {
    /// The header.
    pub header: HeaderName,
    /// Its value, compared exactly (after surrounding blanks are trimmed).
    pub value: String,
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
    /// The id header as it is, the same on every retry (Standard Webhooks,
    /// whose signed message holds it).
    Id,
    /// The id header without a trailing `-<attempt>`, for ids of the form
    /// `<task-id>-<n>` that change per attempt while the task id does not
    /// (cloro's, which its preset now cross-checks against the signed body
    /// instead: [`DedupKey::BodyFieldMatchingId`]). The cut is made at the
    /// last `-` only when 1 to 4 digits follow it; otherwise the whole id is
    /// the key.
    IdWithoutAttempt,
    /// Another header (Twilio's `I-Twilio-Idempotency-Token`).
    Header(HeaderName),
    /// A field of the JSON body (Stripe `id`, Slack and Paddle `event_id`;
    /// a dotted name is a path into nested objects), read only after the
    /// signature verified. Absent when the body is not JSON or lacks the
    /// field. Signed wherever the body is, unlike a header (where the
    /// signature is itself in the body, only the fields it signs are).
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
