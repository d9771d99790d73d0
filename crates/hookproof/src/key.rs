//! Secrets become prepared keys once, at construction.
//!
//! HMAC's inner and outer hash states depend only on the key, so they are
//! computed here and copied for every delivery (RFC 2104 §4 notes the same
//! precomputation). The states are wiped on drop (`HmacSha256`'s own `Drop`,
//! the SHA-1 core's `zeroize` feature), and so are the decoded key bytes.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Digest as _;
use zeroize::Zeroizing;

use crate::error::ConfigError;
use crate::hmac256::HmacSha256;
use crate::key_p256::P256Key;
use crate::key_rsa::RsaKey;
use crate::scheme::{Algorithm, KeyForm};

/// Standard alphabet, padding optional: Standard Webhooks secrets are shown
/// padded by some senders and unpadded by others.
pub(crate) const BASE64_LENIENT_PAD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Keys that decode to fewer bytes than this are refused: a base64 secret this
/// short is a truncated paste or the wrong value. Standard Webhooks generates
/// 24 to 64 bytes.
pub const MIN_DECODED_KEY_LEN: usize = 16;

/// Prefixes of API keys and tokens that users paste where the webhook secret
/// belongs (Stripe `sk_`/`rk_`/`pk_`, Slack `xox?-`, GitHub `ghp_`/`github_pat_`).
const API_KEY_PREFIXES: [&str; 8] = [
    "sk_",
    "rk_",
    "pk_",
    "xoxb-",
    "xoxp-",
    "xapp-",
    "ghp_",
    "github_pat_",
];

/// How public keys start (PEM armour, Standard Webhooks' `whpk_`, and the
/// base64 DER of a P-256 SubjectPublicKeyInfo, as SendGrid shows it).
const PUBLIC_KEY_PREFIXES: [&str; 3] = [
    "-----BEGIN",
    "whpk_",
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
];

/// The stack buffer for tags and fixed-length signatures (Ed25519's 64
/// bytes are the longest; 72 was a DER ECDSA signature's, and keeping it
/// keeps which over-long values count as too long rather than badly
/// encoded). Signatures whose length varies (ECDSA, RSA) are decoded to the
/// heap (`signature::decode_between`).
pub(crate) const MAX_TAG_LEN: usize = 72;

/// A computed tag, on the stack.
pub(crate) struct Tag {
    bytes: [u8; MAX_TAG_LEN],
    len: usize,
}

impl Tag {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// One secret, ready to use.
#[derive(Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "a few per Webhook, built once; boxing would add a pointer chase to every verify"
)]
pub(crate) enum PreparedKey {
    Sha256(HmacSha256),
    Sha1(Hmac<Sha1>),
    /// SHA-256 with the secret already absorbed (HubSpot v1/v2), kept as HMAC
    /// keeps its pads: each tag continues a copy, wiped when it drops.
    SecretPrefix(sha2::Sha256),
    /// A shared token (`token`): its SHA-256, which a delivery's token is
    /// compared with after the same hash, and the token itself, which is what
    /// a sender attaches. Both wiped on drop.
    Token {
        digest: Zeroizing<[u8; 32]>,
        secret: Zeroizing<Vec<u8>>,
    },
    /// A public key verifies; a secret key (`whsk_`) also signs. `SigningKey`
    /// wipes itself on drop (`zeroize` feature).
    Ed25519 {
        verifying: VerifyingKey,
        signing: Option<SigningKey>,
    },
    /// ECDSA P-256: a public key, or a private key that also signs.
    P256(P256Key),
    /// RSA PKCS#1 v1.5 with SHA-256: a public key, or a private key that
    /// also signs.
    Rsa(RsaKey),
}

// `Hmac<D>` holds the key-derived inner and outer states as `D::Core`
// values; with its `zeroize` feature, `sha1` wipes those on drop. Fail to
// compile if that ever stops being true.
const _: fn() = || {
    fn wiped<T: zeroize::ZeroizeOnDrop>() {}
    wiped::<<Sha1 as hmac::EagerHash>::Core>();
    wiped::<sha2::Sha256>();
};

impl PreparedKey {
    /// Validates `secret` for `form` and prepares the MAC state or key.
    pub(crate) fn new(
        algorithm: Algorithm,
        form: KeyForm,
        secret: &[u8],
    ) -> Result<Self, ConfigError> {
        if matches!(
            form,
            KeyForm::Ed25519Hex | KeyForm::Ed25519Base64 | KeyForm::WhpkBase64
        ) {
            return ed25519_key(form, secret);
        }
        if form == KeyForm::EcdsaP256 {
            return P256Key::new(secret).map(Self::P256);
        }
        if form == KeyForm::Rsa {
            return RsaKey::new(secret).map(Self::Rsa);
        }
        let key = key_bytes(form, secret)?;
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
        let invalid = |_| ConfigError::secret("the secret cannot be used as an HMAC key");
        match algorithm {
            Algorithm::HmacSha256 => Ok(Self::Sha256(HmacSha256::new(&key))),
            Algorithm::HmacSha1 => Ok(Self::Sha1(Hmac::new_from_slice(&key).map_err(invalid)?)),
            Algorithm::Ed25519 => Err(ConfigError::scheme("ed25519 needs an Ed25519 key form")),
            Algorithm::EcdsaP256Sha256 => Err(ConfigError::scheme(
                "ecdsa-p256-sha256 needs the ecdsa-p256 key form",
            )),
            Algorithm::RsaSha256 => Err(ConfigError::scheme("rsa-sha256 needs the rsa key form")),
            Algorithm::Sha256SecretPrefix => {
                let mut state = sha2::Sha256::new();
                state.update(&*key);
                Ok(Self::SecretPrefix(state))
            }
            // What a delivery can carry: visible ASCII, as long as a header
            // token is read (signature.rs); anything else could never match.
            Algorithm::Token
                if key.len() > 1024 || !key.iter().all(|b| b.is_ascii_graphic() || *b == b' ') =>
            {
                Err(ConfigError::secret(
                    "a token is at most 1024 visible ASCII characters (it travels in a header)",
                ))
            }
            Algorithm::Token => Ok(Self::Token {
                digest: Zeroizing::new(sha2::Sha256::digest(&*key).into()),
                secret: key,
            }),
        }
    }

    /// The HMAC tag over the concatenation of `parts`, fed one by one; `None`
    /// for Ed25519, ECDSA and RSA, which are checked with a public key.
    pub(crate) fn tag<'a>(&self, parts: impl IntoIterator<Item = &'a [u8]>) -> Option<Tag> {
        let mut bytes = [0u8; MAX_TAG_LEN];
        let len = match self {
            Self::Sha256(key) => {
                let tag = key.tag(parts);
                if let Some(dst) = bytes.get_mut(..tag.len()) {
                    dst.copy_from_slice(&tag);
                }
                tag.len()
            }
            Self::Sha1(state) => finish(state.clone(), parts, &mut bytes),
            Self::SecretPrefix(state) => {
                let mut state = state.clone();
                for part in parts {
                    state.update(part);
                }
                let digest = state.finalize();
                if let Some(dst) = bytes.get_mut(..digest.len()) {
                    dst.copy_from_slice(&digest);
                }
                digest.len()
            }
            // Nothing is signed: the tag is the token's digest, whatever the message.
            Self::Token { digest, .. } => {
                if let Some(dst) = bytes.get_mut(..digest.len()) {
                    dst.copy_from_slice(&digest[..]);
                }
                digest.len()
            }
            Self::Ed25519 { .. } | Self::P256(_) | Self::Rsa(_) => return None,
        };
        Some(Tag { bytes, len })
    }

    /// Checks a public-key `signature` over `signed`: for Ed25519 the
    /// message itself (strict RFC 8032 verification: no malleable or
    /// small-order signatures), for ECDSA and RSA the message's SHA-256.
    pub(crate) fn verifies(&self, signed: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Ed25519 { verifying, .. } => Signature::from_slice(signature)
                .is_ok_and(|sig| verifying.verify_strict(signed, &sig).is_ok()),
            Self::P256(key) => key.verifies(signed, signature),
            Self::Rsa(key) => key.verifies(signed, signature),
            _ => false,
        }
    }

    /// The signature or tag a sender would attach.
    pub(crate) fn sign<'a>(
        &self,
        parts: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Vec<u8>, ConfigError> {
        match self {
            Self::Ed25519 {
                signing: Some(key), ..
            } => {
                let message: Vec<u8> = parts.into_iter().flatten().copied().collect();
                Ok(key.sign(&message).to_bytes().to_vec())
            }
            Self::Ed25519 { signing: None, .. } => Err(ConfigError::argument(
                "signing needs the secret key (whsk_...); a public key can only verify",
            )),
            Self::P256(key) => key.sign(&sha256_of(parts)),
            Self::Rsa(key) => key.sign(&sha256_of(parts)),
            // What a token sender attaches is the token itself.
            Self::Token { secret, .. } => Ok(secret.to_vec()),
            Self::Sha256(_) | Self::Sha1(_) | Self::SecretPrefix(_) => Ok(self
                .tag(parts)
                .map(|t| t.as_bytes().to_vec())
                .unwrap_or_default()),
        }
    }
}

/// Reads an Ed25519 public key (hex, or `whpk_` + base64) or secret key
/// (`whsk_` + base64 of the 32-byte seed, or of seed and public key).
fn ed25519_key(form: KeyForm, secret: &[u8]) -> Result<PreparedKey, ConfigError> {
    let text = std::str::from_utf8(secret)
        .map_err(|_| ConfigError::secret("an Ed25519 key is text (hex or whpk_/whsk_ base64)"))?;
    if text.is_empty() || text.trim() != text {
        return Err(ConfigError::secret(
            "the key is empty or starts or ends with whitespace",
        ));
    }
    let bad = || ConfigError::secret("the Ed25519 key is not valid for this scheme");
    let public = |bytes: &[u8]| -> Result<VerifyingKey, ConfigError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| {
            ConfigError::secret(format!(
                "an Ed25519 public key is 32 bytes, not {}",
                bytes.len()
            ))
        })?;
        VerifyingKey::from_bytes(&array).map_err(|_| bad())
    };
    if form == KeyForm::Ed25519Hex {
        let bytes = hex::decode(text).map_err(|_| {
            ConfigError::secret("the Ed25519 public key is not hex (64 hex digits)")
        })?;
        return Ok(PreparedKey::Ed25519 {
            verifying: public(&bytes)?,
            signing: None,
        });
    }
    if form == KeyForm::Ed25519Base64 {
        let bytes = BASE64_LENIENT_PAD
            .decode(text)
            .map_err(|_| ConfigError::secret("the Ed25519 public key is not base64 (32 bytes)"))?;
        return Ok(PreparedKey::Ed25519 {
            verifying: public(&bytes)?,
            signing: None,
        });
    }
    if let Some(encoded) = text.strip_prefix("whpk_") {
        let bytes = BASE64_LENIENT_PAD.decode(encoded).map_err(|_| bad())?;
        return Ok(PreparedKey::Ed25519 {
            verifying: public(&bytes)?,
            signing: None,
        });
    }
    let Some(encoded) = text.strip_prefix("whsk_") else {
        return Err(ConfigError::secret(
            "this scheme takes an Ed25519 key: whpk_... (public) or whsk_... (secret)",
        ));
    };
    let bytes = Zeroizing::new(BASE64_LENIENT_PAD.decode(encoded).map_err(|_| bad())?);
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
        bytes
            .get(..32)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(bad)?,
    );
    let signing = SigningKey::from_bytes(&seed);
    let verifying = signing.verifying_key();
    let consistent = match bytes.len() {
        32 => true,
        64 => bytes.get(32..) == Some(verifying.as_bytes().as_slice()),
        _ => false,
    };
    if !consistent {
        return Err(bad());
    }
    Ok(PreparedKey::Ed25519 {
        verifying,
        signing: Some(signing),
    })
}

/// The SHA-256 of the message `parts`, fed one by one: what ECDSA and RSA
/// sign.
pub(crate) fn sha256_of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut state = sha2::Sha256::new();
    for part in parts {
        state.update(part);
    }
    state.finalize().into()
}

fn finish<'a, M: Mac>(
    mut mac: M,
    parts: impl IntoIterator<Item = &'a [u8]>,
    out: &mut [u8],
) -> usize {
    for part in parts {
        mac.update(part);
    }
    let tag = mac.finalize().into_bytes();
    let n = tag.len().min(out.len());
    if let (Some(dst), Some(src)) = (out.get_mut(..n), tag.get(..n)) {
        dst.copy_from_slice(src);
    }
    n
}

/// Checks a secret and turns it into key bytes. Messages describe the problem
/// and never quote the secret.
fn key_bytes(form: KeyForm, secret: &[u8]) -> Result<Zeroizing<Vec<u8>>, ConfigError> {
    if secret.is_empty() {
        return Err(ConfigError::secret("the secret is empty"));
    }
    if secret.first().is_some_and(u8::is_ascii_whitespace)
        || secret.last().is_some_and(u8::is_ascii_whitespace)
    {
        return Err(ConfigError::secret(
            "the secret starts or ends with whitespace (a copy-paste slip?); strip it",
        ));
    }
    // A public key is public: as an HMAC key or a token it would let anyone
    // who read it sign (a SendGrid verification key, a PEM, a whpk_ key
    // given to a scheme that shares a secret).
    if PUBLIC_KEY_PREFIXES
        .iter()
        .any(|p| secret.starts_with(p.as_bytes()))
    {
        return Err(ConfigError::secret(
            "the secret is a public key, which this scheme cannot use: it shares a secret \
             with the sender (copy the webhook's signing secret instead)",
        ));
    }
    if let Some(prefix) = API_KEY_PREFIXES
        .iter()
        .find(|p| secret.starts_with(p.as_bytes()))
    {
        return Err(ConfigError::secret(format!(
            "the secret starts with {prefix:?}, the prefix of an API key or token, not of a \
             webhook signing secret; copy the endpoint's signing secret instead",
        )));
    }
    match form {
        KeyForm::Utf8
        | KeyForm::Ed25519Hex
        | KeyForm::Ed25519Base64
        | KeyForm::WhpkBase64
        | KeyForm::EcdsaP256
        | KeyForm::Rsa => Ok(Zeroizing::new(secret.to_vec())),
        KeyForm::WhsecBase64 => {
            let encoded = secret.strip_prefix(b"whsec_").unwrap_or(secret);
            let key = BASE64_LENIENT_PAD
                .decode(encoded)
                .map(Zeroizing::new)
                .map_err(|_| {
                    ConfigError::secret(
                        "the secret is not valid base64 after the optional whsec_ prefix; this \
                     scheme base64-decodes its secrets (Standard Webhooks / Svix form)",
                    )
                })?;
            if key.len() < MIN_DECODED_KEY_LEN {
                return Err(ConfigError::secret(format!(
                    "the secret decodes to {} bytes, fewer than the {MIN_DECODED_KEY_LEN} this \
                     scheme requires; is it truncated?",
                    key.len()
                )));
            }
            Ok(key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PreparedKey, key_bytes};
    use crate::scheme::{Algorithm, KeyForm};

    #[test]
    fn whsec_secrets_decode_with_or_without_prefix_and_padding() {
        // 20 bytes: base64 needs one '=' of padding.
        let padded = "whsec_AAECAwQFBgcICQoLDA0ODxAREhM=";
        for secret in [padded, &padded[6..], padded.trim_end_matches('=')] {
            let key = key_bytes(KeyForm::WhsecBase64, secret.as_bytes()).map(|k| k.to_vec());
            assert_eq!(key, Ok((0u8..20).collect::<Vec<_>>()), "{secret}");
        }
    }

    #[test]
    fn error_messages_never_quote_the_secret() {
        let secrets: [&[u8]; 4] = [
            b"whsec_!!notbase64!!",
            b"whsec_c2hvcnQ=",
            b" padded ",
            b"sk_live_abc",
        ];
        for secret in secrets {
            let err = PreparedKey::new(Algorithm::HmacSha256, KeyForm::WhsecBase64, secret)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(!err.is_empty(), "{secret:?} should be refused");
            let text = String::from_utf8_lossy(secret);
            let body = text
                .trim()
                .trim_start_matches("whsec_")
                .trim_start_matches("sk_");
            assert!(!err.contains(body), "message {err:?} quotes the secret");
        }
    }
}
