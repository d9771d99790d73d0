//! ECDSA P-256 keys (SendGrid's Event Webhook): a public key verifies, a
//! PKCS#8 private key also signs. The arithmetic is RustCrypto's `p256`;
//! this file only reads keys and hashes the message.

use base64::Engine as _;
use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use zeroize::Zeroizing;

use crate::error::ConfigError;
use crate::key::BASE64_LENIENT_PAD;

/// A P-256 key, ready to use. `SigningKey` wipes its scalar on drop.
#[derive(Clone)]
pub(crate) struct P256Key {
    verifying: VerifyingKey,
    signing: Option<SigningKey>,
}

impl P256Key {
    /// Reads a public key (base64 DER SubjectPublicKeyInfo, as SendGrid
    /// shows it, or PEM) or a PKCS#8 private key (base64 DER or PEM).
    pub(crate) fn new(secret: &[u8]) -> Result<Self, ConfigError> {
        let text = std::str::from_utf8(secret)
            .map_err(|_| ConfigError::secret("a P-256 key is text (base64 DER or PEM)"))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ConfigError::secret("the P-256 key is empty"));
        }
        let bad = || {
            ConfigError::secret(
                "the key is not a P-256 public key (base64 DER or PEM, as SendGrid shows it) \
                 or a PKCS#8 P-256 private key",
            )
        };
        if text.starts_with("-----BEGIN PUBLIC KEY-----") {
            let verifying = VerifyingKey::from_public_key_pem(text).map_err(|_| bad())?;
            return Ok(Self {
                verifying,
                signing: None,
            });
        }
        if text.starts_with("-----BEGIN PRIVATE KEY-----") {
            return SigningKey::from_pkcs8_pem(text)
                .map(Self::private)
                .map_err(|_| bad());
        }
        let der = Zeroizing::new(BASE64_LENIENT_PAD.decode(text).map_err(|_| bad())?);
        if let Ok(verifying) = VerifyingKey::from_public_key_der(&der) {
            return Ok(Self {
                verifying,
                signing: None,
            });
        }
        SigningKey::from_pkcs8_der(&der)
            .map(Self::private)
            .map_err(|_| bad())
    }

    fn private(signing: SigningKey) -> Self {
        Self {
            verifying: *signing.verifying_key(),
            signing: Some(signing),
        }
    }

    /// Checks a DER `signature` over the message whose SHA-256 is `prehash`.
    /// High-S signatures verify: SendGrid's signer does not normalize them,
    /// and its SDKs' own example has one.
    pub(crate) fn verifies(&self, prehash: &[u8], signature: &[u8]) -> bool {
        Signature::from_der(signature)
            .is_ok_and(|sig| self.verifying.verify_prehash(prehash, &sig).is_ok())
    }

    /// A DER signature over the message whose SHA-256 is `prehash`
    /// (deterministic, RFC 6979).
    pub(crate) fn sign(&self, prehash: &[u8]) -> Result<Vec<u8>, ConfigError> {
        let key = self.signing.as_ref().ok_or_else(|| {
            ConfigError::argument(
                "signing needs the PKCS#8 private key; a public key can only verify",
            )
        })?;
        let sig: Signature = key
            .sign_prehash(prehash)
            .map_err(|_| ConfigError::argument("the message could not be signed"))?;
        Ok(sig.to_der().as_bytes().to_vec())
    }
}
