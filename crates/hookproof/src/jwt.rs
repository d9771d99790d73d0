//! JWTs: OIDC bearer tokens (`Authorization: Bearer <JWT>`: Google Cloud
//! Pub/Sub push, Azure Event Grid), checked with the issuer's JWKS, and
//! Plaid's `Plaid-Verification`, which signs the body's SHA-256, checked
//! with the key fetched by its id.
//!
//! The JOSE parts are read here (RFC 7515 compact form, RFC 7517 keys,
//! RFC 7519 claims: base64url and JSON, no cryptography), and the signature
//! is checked by the `rsa` crate, the one SNS uses, with PKCS#1 v1.5 and
//! SHA-256 (RS256, RFC 7518 §3.3), or by `p256`, the one SendGrid uses
//! (ES256, §3.4). Only the algorithms a scheme lists are
//! accepted, and only asymmetric ones can be listed: `none` and the HMAC
//! algorithms cannot be named, so a token cannot choose to be checked with
//! a public key as an HMAC secret.
//!
//! Why not a JWT crate: `jsonwebtoken` (RustCrypto backend) verified these
//! tokens the same way, but it links every algorithm it knows (P-384,
//! EdDSA, RSA-PSS, HMAC) whatever a scheme accepts: 100 KiB more in the
//! gzipped WebAssembly module that edge runtimes load per isolate
//! (docs/performance.md), and its clock reads `SystemTime`, which that
//! module lacks. `exp`, `nbf` and `iat` are compared with the verify's
//! `now` here, as every other timestamp is.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use rsa::{BoxedUint, Pkcs1v15Sign, PublicKey};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use crate::error::VerifyError;
use crate::fetched::{JwtAlgorithm, Trust};

/// The largest token read: Google's are about 1 KiB.
const MAX_TOKEN: usize = 8 * 1024;

/// RSA moduli accepted in a JWKS: 2048 to 8192 bits (RFC 7518 §3.3 asks
/// for 2048 at least).
const RSA_BITS: std::ops::RangeInclusive<usize> = 2048..=8192;

/// The keys of one JWKS (or one key fetched by id), by key id.
pub(crate) struct JwtKeys {
    keys: Vec<Entry>,
}

/// One usable key of a document.
struct Entry {
    kid: Option<String>,
    key: Key,
    /// The document says the key has expired (Plaid's `expired_at`): a
    /// token naming it is refused.
    expired: bool,
}

/// A verifying key: RSA (RS256) or P-256 (ES256).
enum Key {
    Rsa(Arc<PublicKey>),
    P256(VerifyingKey),
}

/// One JWK, as far as it is read: RSA and P-256 keys for signatures.
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    /// Plaid: when the key expired (null while it has not): only whether
    /// it is set is read.
    #[serde(default)]
    expired_at: Option<serde::de::IgnoredAny>,
}

impl Jwk {
    /// The key, or `None` for a key of another type or use, or one that
    /// does not read.
    fn key(&self) -> Option<Key> {
        if self.usage.as_deref().is_some_and(|u| u != "sig") {
            return None;
        }
        match (self.kty.as_str(), self.alg.as_deref()) {
            ("RSA", None | Some("RS256")) => self.rsa().map(|k| Key::Rsa(Arc::new(k))),
            ("EC", None | Some("ES256")) => self.p256().map(Key::P256),
            _ => None,
        }
    }

    fn rsa(&self) -> Option<PublicKey> {
        let n = URL_SAFE_NO_PAD.decode(self.n.as_deref()?).ok()?;
        let e = URL_SAFE_NO_PAD.decode(self.e.as_deref()?).ok()?;
        if !RSA_BITS.contains(&(n.len() * 8)) || e.len() > 8 {
            return None;
        }
        PublicKey::new(
            BoxedUint::from_be_slice_vartime(&n),
            BoxedUint::from_be_slice_vartime(&e),
        )
        .ok()
    }

    /// A P-256 point from its coordinates (RFC 7518 §6.2.1: 32 bytes
    /// each); a point off the curve does not read.
    fn p256(&self) -> Option<VerifyingKey> {
        if self.crv.as_deref() != Some("P-256") {
            return None;
        }
        let x = URL_SAFE_NO_PAD.decode(self.x.as_deref()?).ok()?;
        let y = URL_SAFE_NO_PAD.decode(self.y.as_deref()?).ok()?;
        if x.len() != 32 || y.len() != 32 {
            return None;
        }
        // As a SubjectPublicKeyInfo (id-ecPublicKey, prime256v1; the
        // uncompressed point), read by the DER path SendGrid's keys use.
        const SPKI: &[u8] = &[
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        ];
        let der = [SPKI, &x, &y].concat();
        VerifyingKey::from_public_key_der(&der).ok()
    }

    fn entry(self) -> Option<Entry> {
        let key = self.key()?;
        Some(Entry {
            expired: self.expired_at.is_some(),
            kid: self.kid,
            key,
        })
    }
}

/// Whether `kid` may name a key fetched by id: it goes into the URL's
/// fragment and a request's body, so only the characters of ids senders
/// use (Plaid's are UUIDs), at most 128.
pub(crate) fn is_key_id(kid: &str) -> bool {
    !kid.is_empty()
        && kid.len() <= 128
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

impl JwtKeys {
    /// Reads a JWKS (`{"keys": [...]}`). A key this crate cannot use (of
    /// another type, for encryption, too short) is skipped: issuers add
    /// new kinds over time.
    pub(crate) fn from_jwks(url: &str, document: &[u8]) -> Result<Self, VerifyError> {
        #[derive(Deserialize)]
        struct Set {
            keys: Vec<serde_json::Value>,
        }
        let set: Set = serde_json::from_slice(document).map_err(|_| {
            VerifyError::key_unavailable(format!("the document at {url} is not a JWKS"))
        })?;
        let keys: Vec<_> = set
            .keys
            .into_iter()
            .filter_map(|value| serde_json::from_value::<Jwk>(value).ok()?.entry())
            .collect();
        if keys.is_empty() {
            return Err(VerifyError::key_unavailable(format!(
                "the JWKS at {url} holds no usable public key"
            )));
        }
        Ok(Self { keys })
    }

    /// Reads the one key fetched by id `kid`: Plaid's answer
    /// (`{"key": {JWK}, "request_id": …}`) or the JWK itself.
    pub(crate) fn from_key(url: &str, kid: &str, document: &[u8]) -> Result<Self, VerifyError> {
        let mut value: serde_json::Value = serde_json::from_slice(document).map_err(|_| {
            VerifyError::key_unavailable(format!("the document for {url} is not JSON"))
        })?;
        if let Some(inner) = value.get_mut("key") {
            value = inner.take();
        }
        let entry = serde_json::from_value::<Jwk>(value)
            .ok()
            .and_then(Jwk::entry)
            .ok_or_else(|| {
                VerifyError::key_unavailable(format!(
                    "the document for {url} holds no usable public key"
                ))
            })?;
        if entry.kid.as_deref() != Some(kid) {
            return Err(VerifyError::key_unavailable(format!(
                "the document for {url} is another key's"
            )));
        }
        Ok(Self { keys: vec![entry] })
    }

    pub(crate) fn has(&self, kid: &str) -> bool {
        self.keys.iter().any(|e| e.kid.as_deref() == Some(kid))
    }

    /// The key a token names; a token without `kid` only against a set of
    /// one key.
    fn get(&self, kid: Option<&str>) -> Option<&Entry> {
        match kid {
            Some(kid) => self.keys.iter().find(|e| e.kid.as_deref() == Some(kid)),
            None => match self.keys.as_slice() {
                [entry] => Some(entry),
                _ => None,
            },
        }
    }
}

/// A token split into its parts, its header read.
struct Parts<'a> {
    signed: &'a str,
    claims: &'a str,
    signature: &'a str,
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

fn split<'a>(token: &'a str, header: &str) -> Result<Parts<'a>, VerifyError> {
    let malformed = || VerifyError::malformed(header, "it is not a well-formed JWT");
    if token.len() > MAX_TOKEN {
        return Err(malformed());
    }
    let (signed, signature) = token.rsplit_once('.').ok_or_else(malformed)?;
    let (head, claims) = signed.split_once('.').ok_or_else(malformed)?;
    let head: Header = URL_SAFE_NO_PAD
        .decode(head)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or_else(malformed)?;
    Ok(Parts {
        signed,
        claims,
        signature,
        alg: head.alg,
        kid: head.kid,
    })
}

/// The key id a token names, read before its signature is checked (to
/// choose the key).
pub(crate) fn key_id(token: &str, header: &str) -> Result<Option<String>, VerifyError> {
    Ok(split(token, header)?.kid)
}

/// The claims read after the signature verified.
#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    #[serde(default)]
    aud: Audience,
    exp: Option<serde_json::Number>,
    nbf: Option<serde_json::Number>,
    iat: Option<serde_json::Number>,
    email: Option<String>,
    email_verified: Option<bool>,
    /// The client the token was issued to: `azp` (OIDC, Entra v2 tokens)
    /// or `appid` (Entra v1 tokens).
    azp: Option<String>,
    appid: Option<String>,
    /// Plaid: the SHA-256 of the body, lower-case hex.
    request_body_sha256: Option<String>,
}

/// `aud`: one string or several (RFC 7519 §4.1.3).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Audience {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn any_of(&self, accepted: &[String]) -> bool {
        match self {
            Self::None => false,
            Self::One(a) => accepted.contains(a),
            Self::Many(all) => all.iter().any(|a| accepted.contains(a)),
        }
    }
}

/// What a verified token says, for the delivery.
pub(crate) struct Token {
    /// `iat`, the delivery's timestamp.
    pub(crate) issued_at: Option<i64>,
}

/// What a token is checked against.
pub(crate) struct Expect<'a> {
    pub(crate) issuers: &'a [String],
    pub(crate) algorithms: &'a [JwtAlgorithm],
    /// Accepted `azp` / `appid` values; empty: not checked.
    pub(crate) authorized_parties: &'a [String],
    pub(crate) trust: &'a Trust,
    pub(crate) now: i64,
    /// Seconds of clock skew allowed on `exp`, `nbf` and `iat`; `None`:
    /// none on `exp`, which is always checked, and no check of the others.
    pub(crate) leeway: Option<u64>,
}

/// Verifies `token` (from `header`) with `keys`: the algorithm is one the
/// scheme accepts, the key is the one it names, the signature holds, then
/// issuer, audience and service account, then the times.
pub(crate) fn verify(
    token: &str,
    header: &str,
    keys: &JwtKeys,
    expect: &Expect<'_>,
) -> Result<Token, VerifyError> {
    let claims = signed_claims(token, header, keys, expect.algorithms)?;
    check_claims(&claims, header, expect)
}

/// Verifies a token that signs the body (Plaid's): its signature as
/// [`verify`] does, then `request_body_sha256` against the body's SHA-256
/// (compared in constant time), then its `iat` within `tolerance` either
/// way (Plaid: "not more than 5 minutes old"). Such a token carries no
/// issuer, audience or expiry: its age is the only bound on a replay, so
/// with the window off (`tolerance` `None`) `iat` may still be no older
/// than `max_age` (the scheme's own window), and only a future `iat` is
/// let through.
#[allow(
    clippy::too_many_arguments,
    reason = "the token, its key and the delivery's parts"
)]
pub(crate) fn verify_body(
    token: &str,
    header: &str,
    keys: &JwtKeys,
    algorithms: &[JwtAlgorithm],
    body: &[u8],
    now: i64,
    tolerance: Option<u64>,
    max_age: u64,
) -> Result<Token, VerifyError> {
    let claims = signed_claims(token, header, keys, algorithms)?;
    let (Some(iat), Some(hash)) = (&claims.iat, &claims.request_body_sha256) else {
        return Err(VerifyError::malformed(
            header,
            "the token lacks a claim it must carry (iat, request_body_sha256)",
        ));
    };
    let iat = seconds(iat, header, "the token's iat is not a time")?;
    let digest = Sha256::digest(body);
    // Plaid writes the hash in lower-case hex; upper case is the same
    // digest, and text that is not hex matches no body.
    let signed = hex::decode(hash).unwrap_or_default();
    if !crate::signature::tags_equal(&signed, &digest) {
        return Err(VerifyError::refused(
            header,
            "the token signs another body (request_body_sha256)",
        ));
    }
    match tolerance {
        Some(tolerance) => {
            crate::timestamp::check(iat, crate::scheme::TimestampUnit::Seconds, now, tolerance)?;
        }
        None if now.saturating_sub(iat) > i64::try_from(max_age).unwrap_or(i64::MAX) => {
            return Err(VerifyError::TimestampTooOld {
                age: now.abs_diff(iat),
                tolerance: max_age,
            });
        }
        None => {}
    }
    Ok(Token {
        issued_at: Some(iat),
    })
}

/// The claims of a token whose signature verified: the algorithm is one
/// of `algorithms`, the key the one it names (not expired), and of that
/// algorithm's type.
fn signed_claims(
    token: &str,
    header: &str,
    keys: &JwtKeys,
    algorithms: &[JwtAlgorithm],
) -> Result<Claims, VerifyError> {
    let parts = split(token, header)?;
    let Some(alg) = algorithms.iter().find(|a| a.name() == parts.alg) else {
        return Err(VerifyError::refused(
            header,
            "the token's algorithm is not one this scheme accepts",
        ));
    };
    let entry = keys.get(parts.kid.as_deref()).ok_or_else(|| {
        VerifyError::refused(header, "the token names a key the issuer does not publish")
    })?;
    if entry.expired {
        return Err(VerifyError::refused(
            header,
            "the token names a key its sender says has expired",
        ));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(parts.signature)
        .map_err(|_| VerifyError::malformed(header, "it is not a well-formed JWT"))?;
    let digest = Sha256::digest(parts.signed.as_bytes());
    let genuine = match (alg, &entry.key) {
        (JwtAlgorithm::RS256, Key::Rsa(key)) => key
            .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &signature)
            .is_ok(),
        // JWS carries r and s as 32 bytes each (RFC 7518 §3.4), not DER.
        (JwtAlgorithm::ES256, Key::P256(key)) => Signature::from_slice(&signature)
            .is_ok_and(|sig| key.verify_prehash(&digest, &sig).is_ok()),
        // A key of another type than the algorithm names.
        _ => false,
    };
    if !genuine {
        return Err(VerifyError::mismatch(header));
    }
    URL_SAFE_NO_PAD
        .decode(parts.claims)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or_else(|| VerifyError::malformed(header, "its claims are not a JSON object"))
}

/// A NumericDate (RFC 7519 §2) as whole seconds.
fn seconds(n: &serde_json::Number, header: &str, what: &'static str) -> Result<i64, VerifyError> {
    n.as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        })
        .ok_or_else(|| VerifyError::malformed(header, what))
}

fn check_claims(claims: &Claims, header: &str, expect: &Expect<'_>) -> Result<Token, VerifyError> {
    let lacks = || {
        VerifyError::malformed(
            header,
            "the token lacks a claim it must carry (exp, iss, aud)",
        )
    };
    let (Some(iss), Some(exp)) = (&claims.iss, &claims.exp) else {
        return Err(lacks());
    };
    if matches!(claims.aud, Audience::None) {
        return Err(lacks());
    }
    if !expect.issuers.contains(iss) {
        return Err(VerifyError::refused(
            header,
            "the token is from another issuer",
        ));
    }
    if !claims.aud.any_of(&expect.trust.audiences) {
        return Err(VerifyError::refused(
            header,
            "the token is for another audience",
        ));
    }
    if !expect.authorized_parties.is_empty() {
        // Entra gives a token for an app's audience to any client that
        // asks: the client is what says Event Grid asked.
        let party = claims.azp.as_ref().or(claims.appid.as_ref());
        if !party.is_some_and(|p| expect.authorized_parties.contains(p)) {
            return Err(VerifyError::refused(
                header,
                "the token was issued to another client (azp / appid)",
            ));
        }
    }
    if let Some(expected) = &expect.trust.email
        && !(claims.email.as_ref() == Some(expected) && claims.email_verified == Some(true))
    {
        return Err(VerifyError::refused(
            header,
            "the token names another service account (email)",
        ));
    }
    let seconds = |n: &serde_json::Number, what: &'static str| seconds(n, header, what);
    let exp = seconds(exp, "the token's exp is not a time")?;
    let nbf = claims
        .nbf
        .as_ref()
        .map(|n| seconds(n, "the token's nbf is not a time"))
        .transpose()?;
    let iat = claims
        .iat
        .as_ref()
        .map(|n| seconds(n, "the token's iat is not a time"))
        .transpose()?;
    // `exp` always: a token signs no body, so its hour is the only bound on
    // a replay. The tolerance is the clock skew allowed (none when off),
    // and off, it turns off only the checks of `nbf` and `iat`.
    let now = expect.now;
    let leeway = expect.leeway.unwrap_or(0);
    let skew = i64::try_from(leeway).unwrap_or(i64::MAX);
    if now > exp.saturating_add(skew) {
        return Err(VerifyError::TimestampTooOld {
            age: now.abs_diff(exp),
            tolerance: leeway,
        });
    }
    if expect.leeway.is_some() {
        for not_yet in [nbf, iat].into_iter().flatten() {
            if not_yet > now.saturating_add(skew) {
                return Err(VerifyError::TimestampTooNew {
                    ahead: not_yet.abs_diff(now),
                    tolerance: leeway,
                });
            }
        }
    }
    Ok(Token { issued_at: iat })
}
