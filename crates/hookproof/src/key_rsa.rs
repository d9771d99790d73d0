//! RSA keys the user holds (algorithm `rsa-sha256`): a public key verifies,
//! a private key also signs. RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017
//! §8.2), what OpenSSL, `node:crypto` and Java call RSA-SHA256 /
//! SHA256withRSA. The arithmetic is RustCrypto's `rsa`; this file only
//! reads keys and supplies the randomness that blinds signing.
//!
//! Keys fetched from a sender (SNS and PayPal certificates, RS256 JWKS) are
//! read where they are fetched (`sns.rs`, `paypal.rs`, `jwt.rs`); this is
//! for keys given as secrets.

use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs8::PrivateKeyInfoRef;
use rsa::pkcs8::der::Decode as _;
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::traits::PublicKeyParts as _;
use rsa::{Pkcs1v15Sign, PrivateKey, PublicKey};
use sha2::Sha256;
use x509_cert::der::pem;
use zeroize::Zeroizing;

use crate::error::ConfigError;
use crate::key::BASE64_LENIENT_PAD;

/// Moduli from 2048 to 4096 bits. NIST SP 800-131A has disallowed
/// signatures with smaller keys since 2013; 4096 bits bounds the work a
/// configured key can cost per delivery (and a signature's length: 512
/// bytes, [`crate::Algorithm::tag_len`]).
const BITS: std::ops::RangeInclusive<usize> = 2048..=4096;

/// An RSA key, ready to use. `PrivateKey` wipes its primes and exponents on
/// drop, and the DER it was decoded from is wiped here; the copies
/// `rsa` makes while importing and checking it are not (crypto-bigint's
/// `BoxedUint` has no `Drop` of its own).
#[derive(Clone)]
pub(crate) struct RsaKey {
    public: PublicKey,
    private: Option<PrivateKey>,
}

impl RsaKey {
    /// Reads a public key (SubjectPublicKeyInfo, PEM `BEGIN PUBLIC KEY`, or
    /// PKCS#1, `BEGIN RSA PUBLIC KEY`) or a private key (PKCS#8, `BEGIN
    /// PRIVATE KEY`, or PKCS#1, `BEGIN RSA PRIVATE KEY`): PEM, or the DER in
    /// base64. These are what `openssl`, `ssh-keygen -m PEM`, `node:crypto`
    /// and pyca/cryptography write.
    pub(crate) fn new(secret: &[u8]) -> Result<Self, ConfigError> {
        let text = std::str::from_utf8(secret)
            .map_err(|_| ConfigError::secret("an RSA key is text (PEM, or base64 DER)"))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ConfigError::secret("the RSA key is empty"));
        }
        let bad = || {
            ConfigError::secret(
                "the key is not an RSA public key (SubjectPublicKeyInfo or PKCS#1) or private \
                 key (PKCS#8 or PKCS#1), in PEM or base64 DER; an encrypted key must be \
                 decrypted first",
            )
        };
        // Decoded into buffers wiped on drop, whether or not they hold a key.
        let mut buf = Zeroizing::new(vec![0u8; text.len()]);
        let key = if text.starts_with("-----BEGIN") {
            let (label, der) = pem::decode(text.as_bytes(), &mut buf).map_err(|_| bad())?;
            Self::from_der(der, Some(label))
        } else {
            let n = BASE64_LENIENT_PAD
                .decode_slice(text, &mut buf[..])
                .map_err(|_| bad())?;
            Self::from_der(buf.get(..n).unwrap_or_default(), None)
        }
        .ok_or_else(bad)?;
        let bits = key.public.n().bit_width() as usize;
        if !BITS.contains(&bits) {
            return Err(ConfigError::secret(format!(
                "the RSA key has {bits} bits; this scheme takes 2048 to 4096"
            )));
        }
        Ok(key)
    }

    /// The key in `der`, of the kind its PEM `label` names, or of any kind
    /// for bare DER (the four structures cannot be mistaken for one
    /// another: their first fields differ in type).
    fn from_der(der: &[u8], label: Option<&str>) -> Option<Self> {
        let wants = |name: &str| label.is_none_or(|l| l == name);
        // rsaEncryption only: `rsa` also reads id-RSASSA-PSS keys, which
        // RFC 4055 §1.2 restricts to PSS signatures.
        let rsa_encryption = |oid| oid == rsa::pkcs1::ALGORITHM_OID;
        if wants("PUBLIC KEY")
            && let Ok(spki) = SubjectPublicKeyInfoRef::from_der(der)
        {
            return rsa_encryption(spki.algorithm.oid)
                .then(|| PublicKey::try_from(spki).ok())
                .flatten()
                .map(Self::public);
        }
        if wants("RSA PUBLIC KEY")
            && let Ok(key) = PublicKey::from_pkcs1_der(der)
        {
            return Some(Self::public(key));
        }
        if wants("PRIVATE KEY")
            && let Ok(info) = PrivateKeyInfoRef::from_der(der)
        {
            return rsa_encryption(info.algorithm.oid)
                .then(|| PrivateKey::try_from(info).ok())
                .flatten()
                .map(Self::private);
        }
        if wants("RSA PRIVATE KEY") {
            return PrivateKey::from_pkcs1_der(der).ok().map(Self::private);
        }
        None
    }

    fn public(public: PublicKey) -> Self {
        Self {
            public,
            private: None,
        }
    }

    fn private(private: PrivateKey) -> Self {
        Self {
            public: private.to_public_key(),
            private: Some(private),
        }
    }

    /// Checks `signature` over the message whose SHA-256 is `prehash`. A
    /// signature of another length than the modulus does not verify.
    pub(crate) fn verifies(&self, prehash: &[u8], signature: &[u8]) -> bool {
        self.public
            .verify(Pkcs1v15Sign::new::<Sha256>(), prehash, signature)
            .is_ok()
    }

    /// The signature over the message whose SHA-256 is `prehash`. PKCS#1
    /// v1.5 signatures are deterministic; the randomness only blinds the
    /// private-key operation against timing attacks (RFC 8017 §5.1.2 note),
    /// and `rsa` checks the result with the public key before returning it.
    pub(crate) fn sign(&self, prehash: &[u8]) -> Result<Vec<u8>, ConfigError> {
        let key = self.private.as_ref().ok_or_else(|| {
            ConfigError::argument("signing needs the RSA private key; a public key can only verify")
        })?;
        key.sign_with_rng(&mut HostRandom, Pkcs1v15Sign::new::<Sha256>(), prehash)
            .map_err(|_| ConfigError::argument("the message could not be signed"))
    }
}

/// The operating system's randomness (the host's `crypto.getRandomValues`
/// in WebAssembly) through `getrandom`, as `rsa`'s blinding asks for it.
struct HostRandom;

impl rsa::rand_core::TryRng for HostRandom {
    type Error = getrandom::Error;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        getrandom::u32()
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        getrandom::u64()
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        getrandom::fill(dst)
    }
}

impl rsa::rand_core::TryCryptoRng for HostRandom {}
