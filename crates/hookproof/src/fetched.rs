//! Keys a sender publishes rather than shares: AWS SNS's and PayPal's
//! signing certificates, an OIDC issuer's JWKS (Google Pub/Sub push,
//! Microsoft Entra for Azure Event Grid), Plaid's keys fetched by id with
//! the receiver's API credentials.
//!
//! The core does no I/O. A verify that needs such a key asks for it
//! ([`Webhook::key_url`]); the binding fetches the document with its
//! runtime's HTTP client (or the user's resolver) and hands it over
//! ([`Webhook::add_keys`]); the verify then finds it here. The rules a
//! fetcher must not get wrong live in this crate, once: which URLs may be
//! fetched at all (SNS, PayPal: refused before any request), how long a document
//! stays fresh (`Cache-Control`), how large it may be, how many are kept,
//! and how often an unknown JWT key id may cause a refetch.

use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, VerifyError};
use crate::headers::Headers;
use crate::jwt::JwtKeys;
use crate::scheme::HeaderName;
use crate::sns::Certificate;
use crate::webhook::Webhook;

/// The largest key document accepted (a JWKS or a PEM certificate): real
/// ones are 1 to 3 KiB. A resolver should stop reading past it.
pub const MAX_KEY_DOCUMENT: usize = 64 * 1024;

/// How many URLs' documents one [`Webhook`] keeps; the oldest goes first.
/// SNS signs with one certificate per region at a time; an issuer has one
/// JWKS.
const MAX_CACHED: usize = 16;

/// Freshness of a document whose response gave no `max-age`: one hour.
const DEFAULT_MAX_AGE: i64 = 3_600;

/// The longest freshness honoured, whatever `max-age` says: a day, so a
/// revoked key leaves the cache within one.
const LONGEST_MAX_AGE: i64 = 86_400;

/// An unknown JWT key id causes a refetch of the JWKS at most this often
/// (seconds): issuers publish a new key before they sign with it, and a
/// stream of forged key ids must not become a stream of requests.
pub(crate) const REFETCH_INTERVAL: i64 = 60;

/// After a fetch of a URL is asked for, it is not asked for again for this
/// long (seconds): concurrent deliveries do not fetch the same document
/// twice, and a URL whose fetch failed is not fetched on every request.
/// A delivery in that time verifies with what is cached, or is
/// `key_unavailable` (503: the sender retries).
const RETRY_AFTER: i64 = 10;

/// At most this many fetches of URLs the cache does not hold, per minute:
/// an SNS message names its certificate URL before anything is verified,
/// so forged messages naming new SNS paths must not become a stream of
/// requests (SNS uses one certificate per region at a time).
const NEW_URLS_PER_MINUTE: usize = 8;

/// A stale document is still used, when its refetch fails, for at most
/// this long past its freshness: a day, so a revoked key leaves within one.
const STALE_FOR: i64 = 86_400;

/// Where a scheme's verifying keys come from, when the sender publishes
/// them instead of sharing a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum KeysFrom {
    /// AWS SNS: the message (JSON body) names its signing certificate's
    /// URL, which must be `https://sns.<region>.amazonaws.com[.cn]/….pem`;
    /// the signature is RSA PKCS#1 v1.5 with SHA-1 (`SignatureVersion` 1)
    /// or SHA-256 (2).
    SnsCertificate,
    /// An OIDC bearer token (`Authorization: Bearer <JWT>`), checked with
    /// the issuer's JWKS at `url`.
    Jwks {
        /// The JWKS URL.
        url: String,
        /// Accepted `iss` values.
        issuers: Vec<String>,
        /// Accepted `alg` values: asymmetric only (`RS256`, `ES256`…).
        algorithms: Vec<JwtAlgorithm>,
        /// The clients that may have asked for the token (`azp`, or v1
        /// Microsoft Entra tokens' `appid`), when the issuer gives tokens
        /// to anyone who asks: Azure Event Grid's application. Empty: not
        /// checked.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        authorized_parties: Vec<String>,
    },
    /// A JWT in the signature header (Plaid's `Plaid-Verification`) that
    /// signs the body's SHA-256 (`request_body_sha256`) and its time
    /// (`iat`), naming its key by `kid`. The key is fetched by id, from
    /// `url` with the receiver's API credentials (a resolver the user
    /// gives: `hookproof.PlaidKeys`): [`Webhook::key_url`] answers
    /// `<url>#<kid>`.
    KeyById {
        /// The endpoint that gives a key by id.
        url: String,
        /// Accepted `alg` values (`ES256`).
        algorithms: Vec<JwtAlgorithm>,
    },
    /// PayPal: SHA256withRSA over `<transmission id>|<time>|<webhook
    /// id>|<CRC-32 of the body>`, under the certificate whose URL
    /// `certificate_header` names, which must be on a PayPal API host
    /// (`https://api[-m][.sandbox].paypal.com/v1/notifications/certs/…`).
    /// The webhook id is the receiver's ([`Trust::webhook_id`]).
    PaypalCertificate {
        /// The header naming the certificate's URL (`PAYPAL-CERT-URL`).
        certificate_header: HeaderName,
    },
}

/// A JWT signature algorithm a scheme accepts. Only asymmetric ones can
/// exist here: `none` and the HMAC algorithms (`HS256`…) cannot be named,
/// so a token cannot choose to be checked with a public key as an HMAC
/// secret. RS256 is what OIDC issuers sign with (Google, Microsoft Entra).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    RS256,
    /// ECDSA with P-256 and SHA-256 (RFC 7518 §3.4): Plaid.
    ES256,
}

impl JwtAlgorithm {
    /// The name a token's header gives it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::RS256 => "RS256",
            Self::ES256 => "ES256",
        }
    }
}

/// What a delivery verified with a fetched key must also say, beyond its
/// signature: anyone can have a Google-signed token or an SNS message, so
/// the audience, service account or topic is what makes it yours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    /// JWT: accepted `aud` values (at least one for a JWKS scheme): the
    /// audience set on the push subscription, usually the endpoint URL.
    pub audiences: Vec<String>,
    /// JWT: the service account the token must name (`email`, with
    /// `email_verified`). Without it, any Google Cloud project can push to
    /// the endpoint with a token for its audience.
    pub email: Option<String>,
    /// SNS: accepted `TopicArn` values (at least one): anyone can publish
    /// a genuine, Amazon-signed message to a topic of their own.
    pub topics: Vec<String>,
    /// JWT, Microsoft Entra ID: the directory (tenant) id whose tokens
    /// are accepted, a GUID. It names the JWKS URL and the issuer, which
    /// a scheme writes with `{directory}` (Azure Event Grid).
    pub directory: Option<String>,
    /// PayPal: the id of the receiver's webhook (its dashboard shows it),
    /// which PayPal signs with each delivery: required there.
    pub webhook_id: Option<String>,
}

/// Where a scheme's JWKS URL and issuers put the directory id.
const DIRECTORY: &str = "{directory}";

/// A Microsoft Entra directory id: a GUID, 8-4-4-4-12 hex digits. Only
/// this shape is accepted, since it is written into a URL and an issuer
/// (a domain name also names a directory in Entra's URLs, but its tokens'
/// issuer always holds the GUID).
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl KeysFrom {
    /// Whether the JWKS URL or an issuer is written per directory.
    fn per_directory(&self) -> bool {
        match self {
            Self::Jwks { url, issuers, .. } => {
                url.contains(DIRECTORY) || issuers.iter().any(|i| i.contains(DIRECTORY))
            }
            Self::SnsCertificate | Self::KeyById { .. } | Self::PaypalCertificate { .. } => false,
        }
    }

    /// This source with `{directory}` written out (checked by
    /// [`Trust::checked`] to be a GUID).
    pub(crate) fn in_directory(self, directory: Option<&str>) -> Self {
        match (self, directory) {
            (
                Self::Jwks {
                    url,
                    issuers,
                    algorithms,
                    authorized_parties,
                },
                Some(directory),
            ) => Self::Jwks {
                url: url.replace(DIRECTORY, directory),
                issuers: issuers
                    .iter()
                    .map(|i| i.replace(DIRECTORY, directory))
                    .collect(),
                algorithms,
                authorized_parties,
            },
            (from, _) => from,
        }
    }
}

impl Trust {
    /// Checks that `trust` suits `from`.
    pub(crate) fn checked(mut self, from: &KeysFrom) -> Result<Self, ConfigError> {
        let blank = |s: &String| s.trim().is_empty() || s.trim() != s;
        if self.audiences.iter().any(blank)
            || self.topics.iter().any(blank)
            || self.email.as_ref().is_some_and(blank)
            || self.directory.as_ref().is_some_and(blank)
            || self.webhook_id.as_ref().is_some_and(blank)
        {
            return Err(ConfigError::argument(
                "an audience, email, topic, directory or webhook id is a non-empty string \
                 without surrounding spaces",
            ));
        }
        let paypal = matches!(from, KeysFrom::PaypalCertificate { .. });
        if paypal != self.webhook_id.is_some() {
            return Err(ConfigError::argument(if paypal {
                "paypal needs the id of your webhook (the dashboard shows it): PayPal signs it \
                 with each delivery, so another account's deliveries do not verify here"
            } else {
                "a webhook id is for paypal"
            }));
        }
        match (from.per_directory(), &self.directory) {
            (true, None) => {
                return Err(ConfigError::argument(
                    "this scheme needs the Microsoft Entra directory (tenant) id its tokens \
                     come from: a GUID, shown on the app registration's overview",
                ));
            }
            (true, Some(id)) if !is_guid(id) => {
                return Err(ConfigError::argument(
                    "a directory id is a GUID (8-4-4-4-12 hex digits), as Microsoft Entra \
                     shows it on the app registration's overview",
                ));
            }
            (false, Some(_)) => {
                return Err(ConfigError::argument(
                    "a directory is for a Microsoft Entra token scheme (azure-event-grid)",
                ));
            }
            // Entra writes the GUID in lower case in its issuers.
            (true, Some(id)) => self.directory = Some(id.to_ascii_lowercase()),
            (false, None) => {}
        }
        match from {
            KeysFrom::Jwks { .. } if self.audiences.is_empty() => Err(ConfigError::argument(
                "a bearer-token scheme needs the audience its tokens are for \
                 (the push endpoint's URL or the audience set on the subscription)",
            )),
            KeysFrom::Jwks {
                authorized_parties, ..
            } if !authorized_parties.is_empty() && self.email.is_some() => {
                Err(ConfigError::argument(
                    "an app's token carries no email; this scheme checks audience and directory",
                ))
            }
            KeysFrom::Jwks { .. } if !self.topics.is_empty() => Err(ConfigError::argument(
                "topics are for SNS; a bearer-token scheme checks audience and email",
            )),
            KeysFrom::PaypalCertificate { .. }
                if !self.audiences.is_empty()
                    || self.email.is_some()
                    || !self.topics.is_empty()
                    || self.directory.is_some() =>
            {
                Err(ConfigError::argument(
                    "paypal checks your webhook id; it takes no audience, email, topic or directory",
                ))
            }
            KeysFrom::KeyById { .. } if self != Self::default() => Err(ConfigError::argument(
                "this scheme's token signs the body; it takes no audience, email, topic or directory",
            )),
            KeysFrom::SnsCertificate if !self.audiences.is_empty() || self.email.is_some() => {
                Err(ConfigError::argument(
                    "SNS messages carry no audience or email; restrict them by topic",
                ))
            }
            KeysFrom::SnsCertificate if self.topics.is_empty() => Err(ConfigError::argument(
                "aws-sns needs the topic ARN(s) it accepts: anyone can publish a genuine, \
                 Amazon-signed message to a topic of their own and send it here",
            )),
            _ => Ok(self),
        }
    }
}

/// The documents one [`Webhook`] (and its clones) fetched, by URL.
#[derive(Default)]
pub(crate) struct KeyCache {
    entries: Vec<Entry>,
    /// The fetches asked for and not yet answered by `add_keys`: the URL,
    /// when, and whether the cache held it then.
    attempts: Vec<(String, i64, bool)>,
}

struct Entry {
    url: String,
    keys: Keys,
    fetched_at: i64,
    fresh_until: i64,
}

/// A parsed key document.
#[derive(Clone)]
pub(crate) enum Keys {
    Certificate(Arc<Certificate>),
    Jwks(Arc<JwtKeys>),
}

impl KeyCache {
    fn entry(&self, url: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.url == url)
    }

    /// Records a fetch of `url` asked for at `now`, unless one was asked
    /// for less than [`RETRY_AFTER`] ago (`Ok(false)`: fetch nothing now).
    ///
    /// # Errors
    /// `key_unavailable` when `url` is new and [`NEW_URLS_PER_MINUTE`]
    /// fetches of new URLs were asked for in the last minute.
    fn attempt(&mut self, url: &str, now: i64) -> Result<bool, VerifyError> {
        self.attempts.retain(|(_, at, _)| now - *at < 60);
        if self
            .attempts
            .iter()
            .any(|(u, at, _)| u == url && now - *at < RETRY_AFTER)
        {
            return Ok(false);
        }
        let cached = self.entry(url).is_some();
        let new_ones = self.attempts.iter().filter(|(_, _, held)| !held).count();
        if !cached && new_ones >= NEW_URLS_PER_MINUTE {
            return Err(VerifyError::key_unavailable(format!(
                "{NEW_URLS_PER_MINUTE} key documents not cached were fetched in the last minute; \
                 {url} is not fetched now"
            )));
        }
        self.attempts.push((url.to_owned(), now, cached));
        Ok(true)
    }

    fn insert(&mut self, entry: Entry) {
        self.attempts.retain(|(u, _, _)| *u != entry.url);
        self.entries.retain(|e| e.url != entry.url);
        if self.entries.len() >= MAX_CACHED {
            self.entries.remove(0);
        }
        self.entries.push(entry);
    }
}

/// What a verify needs from the cache: the document at `url`, and for a
/// JWT the key id it names.
pub(crate) struct Need<'a> {
    pub(crate) url: std::borrow::Cow<'a, str>,
    pub(crate) kid: Option<String>,
}

/// Seconds a response with this `Cache-Control` stays fresh: its
/// `max-age`, at most a day; none for `no-store` or `no-cache` (the
/// document serves the verify that fetched it, then is fetched again);
/// an hour when it says nothing.
#[must_use]
pub fn max_age(cache_control: Option<&str>) -> i64 {
    let Some(text) = cache_control else {
        return DEFAULT_MAX_AGE;
    };
    let mut age = None;
    for directive in text.split(',') {
        let directive = directive.trim();
        let (name, value) = directive.split_once('=').unwrap_or((directive, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "no-store" | "no-cache" => return 0,
            "max-age" => age = value.trim().trim_matches('"').parse::<i64>().ok(),
            _ => {}
        }
    }
    age.map_or(DEFAULT_MAX_AGE, |a| a.clamp(0, LONGEST_MAX_AGE))
}

impl Webhook {
    /// The URL of the key document this delivery needs and this
    /// `Webhook` does not hold fresh, if any: fetch it (HTTPS, no
    /// redirects, at most [`MAX_KEY_DOCUMENT`] bytes) and give it to
    /// [`Webhook::add_keys`] before verifying. `None` for schemes with
    /// shared secrets, and when the cache has what is needed.
    ///
    /// A URL the scheme does not trust is refused here, before any
    /// fetch (SNS: not `https`, not an SNS host, not a `.pem`; PayPal: not
    /// a PayPal API host's, or the delivery lacks what it must carry). An
    /// unknown JWT key id asks for the JWKS again, at most once a minute.
    ///
    /// # Errors
    /// [`VerifyError`] when the delivery cannot name a key: missing or
    /// malformed header or body, or a refused certificate URL.
    pub fn key_url<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<Option<String>, VerifyError> {
        let Some(need) = self.need(body, headers)? else {
            return Ok(None);
        };
        let mut cache = self.lock_cache();
        let stale = match cache.entry(&need.url) {
            None => true,
            Some(entry) if entry.fresh_until <= now && entry.fetched_at < now => true,
            Some(entry) => match (&entry.keys, &need.kid) {
                (Keys::Jwks(keys), Some(kid)) => {
                    !keys.has(kid) && now - entry.fetched_at >= REFETCH_INTERVAL
                }
                _ => false,
            },
        };
        if !stale || !cache.attempt(&need.url, now)? {
            return Ok(None);
        }
        Ok(Some(need.url.into_owned()))
    }

    /// Takes the key document fetched from `url` (a JWKS, or a PEM
    /// certificate), with the response's `Cache-Control` header, and
    /// keeps it for this `Webhook` and its clones.
    ///
    /// # Errors
    /// [`VerifyError::KeyUnavailable`] when the document is too large or
    /// holds no usable key; nothing is kept then.
    pub fn add_keys(
        &self,
        url: &str,
        document: &[u8],
        cache_control: Option<&str>,
        now: i64,
    ) -> Result<(), VerifyError> {
        let Some(from) = &self.scheme.keys_from else {
            return Err(VerifyError::key_unavailable(format!(
                "the {} scheme fetches no keys",
                self.scheme.name()
            )));
        };
        if document.len() > MAX_KEY_DOCUMENT {
            return Err(VerifyError::key_unavailable(format!(
                "the document at {url} is larger than {MAX_KEY_DOCUMENT} bytes"
            )));
        }
        let keys = match from {
            KeysFrom::SnsCertificate => {
                crate::sns::check_certificate_url(url)?;
                Keys::Certificate(Arc::new(Certificate::from_pem(url, document)?))
            }
            KeysFrom::Jwks { url: expected, .. } => {
                if url != expected {
                    return Err(VerifyError::key_unavailable(format!(
                        "{url} is not this scheme's JWKS URL"
                    )));
                }
                Keys::Jwks(Arc::new(JwtKeys::from_jwks(url, document)?))
            }
            KeysFrom::PaypalCertificate { .. } => {
                crate::paypal::check_certificate_url(url)?;
                Keys::Certificate(Arc::new(Certificate::from_pem(url, document)?))
            }
            KeysFrom::KeyById { url: endpoint, .. } => {
                let kid = key_id_in(url, endpoint).ok_or_else(|| {
                    VerifyError::key_unavailable(format!(
                        "{url} is not a key of this scheme ({endpoint}#<key id>)"
                    ))
                })?;
                Keys::Jwks(Arc::new(JwtKeys::from_key(url, kid, document)?))
            }
        };
        self.lock_cache().insert(Entry {
            url: url.to_owned(),
            keys,
            fetched_at: now,
            fresh_until: now.saturating_add(max_age(cache_control)),
        });
        Ok(())
    }

    /// The cached document at `url`, stale or not, for at most
    /// [`STALE_FOR`] past its freshness: a verify uses what it has when a
    /// refetch fails ([`Webhook::key_url`] decides when to fetch again).
    pub(crate) fn cached_keys(&self, url: &str, now: i64) -> Result<Keys, VerifyError> {
        let cache = self.lock_cache();
        if let Some(entry) = cache
            .entry(url)
            .filter(|e| now <= e.fresh_until.saturating_add(STALE_FOR))
        {
            return Ok(entry.keys.clone());
        }
        let tried = cache.attempts.iter().find(|(u, _, _)| u == url);
        Err(VerifyError::key_unavailable(match tried {
            Some((_, at, _)) => format!(
                "a fetch of {url} was asked for {} s ago and gave no key yet; \
                 it is asked for again after {RETRY_AFTER} s",
                now.saturating_sub(*at)
            ),
            None => format!(
                "the key at {url} has not been fetched yet (verify asynchronously, \
                 which fetches it, or fetch it first: key_url, then add_keys)"
            ),
        }))
    }

    /// What this delivery needs from the cache, for a scheme with
    /// fetched keys.
    fn need<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
    ) -> Result<Option<Need<'a>>, VerifyError> {
        match &self.scheme.keys_from {
            None => Ok(None),
            Some(KeysFrom::SnsCertificate) => {
                let message = crate::sns::Message::read(body)?;
                Ok(Some(Need {
                    url: std::borrow::Cow::Owned(message.certificate_url),
                    kid: None,
                }))
            }
            Some(KeysFrom::Jwks { url, .. }) => {
                let token = self.bearer_token(headers)?;
                Ok(Some(Need {
                    url: std::borrow::Cow::Borrowed(url),
                    kid: crate::jwt::key_id(token, self.bearer_header())?,
                }))
            }
            Some(KeysFrom::PaypalCertificate { certificate_header }) => {
                self.paypal_headers(headers)?;
                let url = self.paypal_certificate_url(headers, certificate_header)?;
                Ok(Some(Need {
                    url: std::borrow::Cow::Borrowed(url),
                    kid: None,
                }))
            }
            Some(KeysFrom::KeyById { url, .. }) => Ok(Some(Need {
                url: std::borrow::Cow::Owned(self.key_by_id(url, self.header_token(headers)?)?),
                kid: None,
            })),
        }
    }

    /// The certificate URL a PayPal delivery names, refused unless on a
    /// PayPal API host.
    pub(crate) fn paypal_certificate_url<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
        header: &HeaderName,
    ) -> Result<&'h str, VerifyError> {
        let url = self
            .slots
            .read(headers, &self.slots.key_document, header)?
            .ok_or_else(|| VerifyError::missing(header.name()))?
            .value;
        crate::paypal::check_certificate_url(url)?;
        Ok(url)
    }

    /// Where the key a token names is kept, for a scheme that fetches
    /// keys by id: `<url>#<kid>`.
    ///
    /// # Errors
    /// `malformed_header` when the token names no key id, or one that may
    /// not go into a request.
    pub(crate) fn key_by_id(&self, url: &str, token: &str) -> Result<String, VerifyError> {
        let header = self.bearer_header();
        let kid = crate::jwt::key_id(token, header)?
            .filter(|kid| crate::jwt::is_key_id(kid))
            .ok_or_else(|| {
                VerifyError::malformed(header, "the token names no key id it may be fetched by")
            })?;
        Ok(format!("{url}#{kid}"))
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, KeyCache> {
        // A panic while holding the lock cannot leave the cache
        // inconsistent (every change is one push or retain), so a poisoned
        // lock is simply taken.
        self.fetched.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The shared cache a new [`Webhook`] starts with.
pub(crate) fn new_cache() -> Arc<Mutex<KeyCache>> {
    Arc::new(Mutex::new(KeyCache::default()))
}

/// The key id in `reference`, a key named by its id as
/// `Webhook::key_by_id` writes it (`<endpoint>#<kid>`), when it is one of
/// `endpoint`'s.
pub(crate) fn key_id_in<'a>(reference: &'a str, endpoint: &str) -> Option<&'a str> {
    reference
        .strip_prefix(endpoint)
        .and_then(|rest| rest.strip_prefix('#'))
        .filter(|kid| !kid.is_empty())
}

#[cfg(test)]
mod tests {
    use super::max_age;

    #[test]
    fn cache_control_sets_freshness_within_a_day() {
        assert_eq!(max_age(None), 3_600);
        assert_eq!(
            max_age(Some("public, max-age=19841, must-revalidate")),
            19_841
        );
        assert_eq!(max_age(Some("max-age=99999999")), 86_400);
        assert_eq!(max_age(Some("no-cache")), 0);
        assert_eq!(max_age(Some("max-age=600, no-store")), 0);
        assert_eq!(max_age(Some("private")), 3_600);
        assert_eq!(max_age(Some("max-age=-5")), 0);
    }
}
