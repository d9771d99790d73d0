//! OIDC bearer tokens (`Authorization: Bearer <JWT>`): Google Cloud
//! Pub/Sub push, checked with the issuer's JWKS.
//!
//! The JOSE parts are read here (RFC 7515 compact form, RFC 7517 keys,
//! RFC 7519 claims: base64url and JSON, no cryptography), and the signature
//! is checked by the `rsa` crate, the one SNS uses, with PKCS#1 v1.5 and
//! SHA-256 (RS256, RFC 7518 §3.3). Only the algorithms a scheme lists are
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

/// The keys of one JWKS, by key id.
pub(crate) struct JwtKeys {
    keys: Vec<(Option<String>, Arc<PublicKey>)>,
}

/// One JWK, as far as it is read: RSA keys for signatures.
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl Jwk {
    /// The RSA public key, or `None` for a key of another type or use, or
    /// one that does not read.
    fn rsa(&self) -> Option<PublicKey> {
        if self.kty != "RSA"
            || self.usage.as_deref().is_some_and(|u| u != "sig")
            || self.alg.as_deref().is_some_and(|a| a != "RS256")
        {
            return None;
        }
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
            .filter_map(|value| serde_json::from_value::<Jwk>(value).ok())
            .filter_map(|jwk| Some((jwk.kid.clone(), Arc::new(jwk.rsa()?))))
            .collect();
        if keys.is_empty() {
            return Err(VerifyError::key_unavailable(format!(
                "the JWKS at {url} holds no usable public key"
            )));
        }
        Ok(Self { keys })
    }

    pub(crate) fn has(&self, kid: &str) -> bool {
        self.keys.iter().any(|(id, _)| id.as_deref() == Some(kid))
    }

    /// The key a token names; a token without `kid` only against a set of
    /// one key.
    fn get(&self, kid: Option<&str>) -> Option<&Arc<PublicKey>> {
        match kid {
            Some(kid) => self
                .keys
                .iter()
                .find(|(id, _)| id.as_deref() == Some(kid))
                .map(|(_, key)| key),
            None => match self.keys.as_slice() {
                [(_, key)] => Some(key),
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
    let parts = split(token, header)?;
    let accepted = expect.algorithms.iter().any(|a| a.name() == parts.alg);
    if !accepted {
        return Err(VerifyError::refused(
            header,
            "the token's algorithm is not one this scheme accepts",
        ));
    }
    let key = keys.get(parts.kid.as_deref()).ok_or_else(|| {
        VerifyError::refused(header, "the token names a key the issuer does not publish")
    })?;
    let signature = URL_SAFE_NO_PAD
        .decode(parts.signature)
        .map_err(|_| VerifyError::malformed(header, "it is not a well-formed JWT"))?;
    let digest = Sha256::digest(parts.signed.as_bytes());
    if key
        .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &signature)
        .is_err()
    {
        return Err(VerifyError::mismatch(header));
    }
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(parts.claims)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or_else(|| VerifyError::malformed(header, "its claims are not a JSON object"))?;
    check_claims(&claims, header, expect)
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
    if let Some(expected) = &expect.trust.email
        && !(claims.email.as_ref() == Some(expected) && claims.email_verified == Some(true))
    {
        return Err(VerifyError::refused(
            header,
            "the token names another service account (email)",
        ));
    }
    let seconds = |n: &serde_json::Number, what: &'static str| {
        n.as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.floor() as i64)
            })
            .ok_or_else(|| VerifyError::malformed(header, what))
    };
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
