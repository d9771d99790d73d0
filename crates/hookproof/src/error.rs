//! The two error types: [`VerifyError`] for a delivery that is not genuine,
//! [`ConfigError`] for a scheme or secret that cannot be used.
//!
//! Every message names the header at fault and, for timestamps, by how much the
//! window was missed. No message ever holds a secret, a key, or the signature
//! hookproof expected: a mismatch says only that nothing matched (like
//! RustCrypto's `MacError`), so an error page or a log line cannot help an
//! attacker build a forgery.

use std::fmt;

/// Why a delivery was rejected. Each variant has a stable [`code`](Self::code)
/// that the Python and Node packages expose unchanged.
///
/// Not `#[non_exhaustive]` on purpose: each binding maps the variants with an
/// exhaustive `match`, so a new variant must fail to compile there until it is
/// mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// A header the scheme needs is absent, or present with an empty value.
    MissingHeader {
        /// The header's name as the scheme spells it.
        header: String,
    },
    /// A header is present but cannot be read: repeated, too long, not ASCII,
    /// a timestamp that is not plain digits, a signature that is not valid
    /// hex/base64 or has the wrong length, or no signature with the scheme's
    /// prefix.
    MalformedHeader {
        /// The header's name as the scheme spells it.
        header: String,
        /// What is wrong with it, in a few words (never its value).
        reason: &'static str,
    },
    /// The signature is genuine but the delivery is older than the tolerance.
    TimestampTooOld {
        /// Seconds between the delivery's timestamp and now.
        age: u64,
        /// The tolerance in force, in seconds.
        tolerance: u64,
    },
    /// The signature is genuine but the timestamp lies further in the future
    /// than the tolerance (a sender or receiver clock is wrong).
    TimestampTooNew {
        /// Seconds between now and the delivery's timestamp.
        ahead: u64,
        /// The tolerance in force, in seconds.
        tolerance: u64,
    },
    /// No signature in the header matches the body under any configured
    /// secret in force.
    SignatureMismatch {
        /// The signature header's name.
        header: String,
        /// The index of a secret past its `not_after` that the delivery was
        /// signed with ([`Webhook::with_expiry`](crate::Webhook::with_expiry)):
        /// the sender still signs with a secret the receiver retired.
        expired_key: Option<usize>,
        /// Why a token or message that is signed is still refused: it is
        /// for another audience or topic, from another issuer, or its
        /// certificate is not valid now. `None` for a signature that
        /// simply does not match.
        reason: Option<&'static str>,
    },
    /// The key that verifies this delivery is published by the sender at a
    /// URL (AWS SNS's certificate, Google's JWKS), and it could not be
    /// had: the fetch failed, timed out, or gave no usable key, or it has
    /// not been fetched yet. Integrations answer 503, so the sender
    /// retries; nothing is known about the delivery itself.
    KeyUnavailable {
        /// What went wrong, in a few words, with the URL (never a key).
        reason: String,
    },
}

/// Every [`VerifyError::code`], in the order of the variants: the one list
/// the bindings export (Python `hookproof.VERIFY_CODES`, Node
/// `VERIFY_CODES`) and their error classes, types and docs are checked
/// against. A new variant adds its code here; a test fails until it does.
pub const VERIFY_CODES: [&str; 6] = [
    "missing_header",
    "malformed_header",
    "timestamp_too_old",
    "timestamp_too_new",
    "signature_mismatch",
    "key_unavailable",
];

/// Every [`ConfigError::code`], in the order of [`ConfigErrorKind`].
pub const CONFIG_CODES: [&str; 4] = [
    "unknown_scheme",
    "invalid_scheme",
    "invalid_secret",
    "invalid_argument",
];

impl VerifyError {
    /// The stable, machine-readable code of this error, e.g. `"signature_mismatch"`.
    /// Codes never change between releases; messages may.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingHeader { .. } => "missing_header",
            Self::MalformedHeader { .. } => "malformed_header",
            Self::TimestampTooOld { .. } => "timestamp_too_old",
            Self::TimestampTooNew { .. } => "timestamp_too_new",
            Self::SignatureMismatch { .. } => "signature_mismatch",
            Self::KeyUnavailable { .. } => "key_unavailable",
        }
    }

    /// The header this error is about, when there is one.
    #[must_use]
    pub fn header(&self) -> Option<&str> {
        match self {
            Self::MissingHeader { header }
            | Self::MalformedHeader { header, .. }
            | Self::SignatureMismatch { header, .. } => Some(header),
            Self::TimestampTooOld { .. }
            | Self::TimestampTooNew { .. }
            | Self::KeyUnavailable { .. } => None,
        }
    }

    #[cold]
    pub(crate) fn missing(header: &str) -> Self {
        Self::MissingHeader {
            header: header.to_owned(),
        }
    }

    #[cold]
    pub(crate) fn malformed(header: &str, reason: &'static str) -> Self {
        Self::MalformedHeader {
            header: header.to_owned(),
            reason,
        }
    }

    #[cold]
    pub(crate) fn mismatch(header: &str) -> Self {
        Self::SignatureMismatch {
            header: header.to_owned(),
            expired_key: None,
            reason: None,
        }
    }

    /// A signed token or message refused for `reason` (another audience,
    /// issuer or topic).
    #[cold]
    pub(crate) fn refused(header: &str, reason: &'static str) -> Self {
        Self::SignatureMismatch {
            header: header.to_owned(),
            expired_key: None,
            reason: Some(reason),
        }
    }

    /// A resolver that failed to fetch `url`: `cause` is its own words
    /// (an exception's type and message), cut to 200 characters. The one
    /// wording every binding's resolver failure takes.
    #[cold]
    #[must_use]
    pub fn key_fetch_failed(url: &str, cause: &str) -> Self {
        let cause: String = cause.chars().take(200).collect();
        Self::key_unavailable(format!("fetching {url} failed: {cause}"))
    }

    #[cold]
    pub(crate) fn key_unavailable(reason: impl Into<String>) -> Self {
        Self::KeyUnavailable {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader { header } => {
                write!(f, "header {header} is missing or empty")
            }
            Self::MalformedHeader { header, reason } => {
                write!(f, "header {header} is malformed: {reason}")
            }
            Self::TimestampTooOld { age, tolerance } => write!(
                f,
                "timestamp is {age} s old, beyond the tolerance of {tolerance} s \
                 (a replay, a long queue, or a slow clock)"
            ),
            Self::TimestampTooNew { ahead, tolerance } => write!(
                f,
                "timestamp is {ahead} s in the future, beyond the tolerance of {tolerance} s \
                 (the sender's or this server's clock is off)"
            ),
            Self::SignatureMismatch {
                header,
                reason: Some(reason),
                ..
            } => write!(f, "{header} does not verify: {reason}"),
            Self::SignatureMismatch {
                header,
                expired_key: None,
                reason: None,
            } => write!(
                f,
                "no signature in {header} matches the body with the configured secret(s)"
            ),
            Self::SignatureMismatch {
                header,
                expired_key: Some(i),
                reason: None,
            } => write!(
                f,
                "no signature in {header} matches a secret in force: the delivery is signed \
                 with secret {} (index {i}), which is past its not_after",
                i + 1
            ),
            Self::KeyUnavailable { reason } => {
                write!(f, "the sender's key could not be had: {reason}")
            }
        }
    }
}

impl std::error::Error for VerifyError {}

/// What kind of [`ConfigError`] this is. Exhaustive for the same reason as
/// [`VerifyError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// No preset has this name.
    UnknownScheme,
    /// A scheme definition (builder or text form) is inconsistent or unreadable.
    InvalidScheme,
    /// A secret is empty, padded with whitespace, of the wrong form for the
    /// scheme, too short, or looks like an API key.
    InvalidSecret,
    /// An argument other than a secret is unusable (no secrets at all, an id
    /// with control characters, a negative timestamp to sign).
    InvalidArgument,
}

/// A scheme, secret or argument that hookproof refuses before any delivery is
/// seen. Raised by constructors, so a misconfigured app fails at start-up
/// rather than rejecting every delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
}

impl ConfigError {
    #[cold]
    pub(crate) fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    #[cold]
    pub(crate) fn scheme(message: impl Into<String>) -> Self {
        Self::new(ConfigErrorKind::InvalidScheme, message)
    }

    #[cold]
    pub(crate) fn secret(message: impl Into<String>) -> Self {
        Self::new(ConfigErrorKind::InvalidSecret, message)
    }

    #[cold]
    pub(crate) fn argument(message: impl Into<String>) -> Self {
        Self::new(ConfigErrorKind::InvalidArgument, message)
    }

    /// The kind of problem.
    #[must_use]
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// A stable code: `unknown_scheme`, `invalid_scheme`, `invalid_secret` or
    /// `invalid_argument`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self.kind {
            ConfigErrorKind::UnknownScheme => "unknown_scheme",
            ConfigErrorKind::InvalidScheme => "invalid_scheme",
            ConfigErrorKind::InvalidSecret => "invalid_secret",
            ConfigErrorKind::InvalidArgument => "invalid_argument",
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::{CONFIG_CODES, ConfigError, ConfigErrorKind, VERIFY_CODES, VerifyError};

    /// One error of each variant: the match is exhaustive, so a new variant
    /// stops this compiling until it is listed, and its code must then be
    /// in the list for the test to pass.
    fn one_of_each(e: &VerifyError) -> Vec<VerifyError> {
        let h = String::from("h");
        match e {
            VerifyError::MissingHeader { .. }
            | VerifyError::MalformedHeader { .. }
            | VerifyError::TimestampTooOld { .. }
            | VerifyError::TimestampTooNew { .. }
            | VerifyError::SignatureMismatch { .. }
            | VerifyError::KeyUnavailable { .. } => vec![
                VerifyError::MissingHeader { header: h.clone() },
                VerifyError::MalformedHeader {
                    header: h.clone(),
                    reason: "r",
                },
                VerifyError::TimestampTooOld {
                    age: 1,
                    tolerance: 0,
                },
                VerifyError::TimestampTooNew {
                    ahead: 1,
                    tolerance: 0,
                },
                VerifyError::SignatureMismatch {
                    header: h,
                    expired_key: None,
                    reason: None,
                },
                VerifyError::KeyUnavailable { reason: "r".into() },
            ],
        }
    }

    #[test]
    fn the_code_lists_are_the_codes_of_every_variant() {
        let codes: Vec<_> = one_of_each(&VerifyError::missing("h"))
            .iter()
            .map(VerifyError::code)
            .collect();
        assert_eq!(codes, VERIFY_CODES);
        let kinds = |k: ConfigErrorKind| match k {
            ConfigErrorKind::UnknownScheme
            | ConfigErrorKind::InvalidScheme
            | ConfigErrorKind::InvalidSecret
            | ConfigErrorKind::InvalidArgument => [
                ConfigErrorKind::UnknownScheme,
                ConfigErrorKind::InvalidScheme,
                ConfigErrorKind::InvalidSecret,
                ConfigErrorKind::InvalidArgument,
            ],
        };
        let codes: Vec<_> = kinds(ConfigErrorKind::InvalidArgument)
            .into_iter()
            .map(|k| ConfigError::new(k, "m").code())
            .collect();
        assert_eq!(codes, CONFIG_CODES);
    }
}
