//! The one place where core errors become JS errors. The native error's
//! `code` is the core's code in upper case (`SIGNATURE_MISMATCH`,
//! `INVALID_SECRET`); `node/errors.js` turns it into `WebhookVerificationError`
//! or a `RangeError` on the error path only.

use hookproof::{ConfigError, ConfigErrorKind, VerifyError};

/// The status of a native error: a contract code.
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// A rejected delivery. Exhaustive: a new core variant must be mapped here.
pub fn verify_error(e: &VerifyError) -> napi::Error<Code> {
    let code = match e {
        VerifyError::MissingHeader { .. } => "MISSING_HEADER",
        VerifyError::MalformedHeader { .. } => "MALFORMED_HEADER",
        VerifyError::TimestampTooOld { .. } => "TIMESTAMP_TOO_OLD",
        VerifyError::TimestampTooNew { .. } => "TIMESTAMP_TOO_NEW",
        VerifyError::SignatureMismatch { .. } => "SIGNATURE_MISMATCH",
    };
    napi::Error::new(Code(code), e.to_string())
}

/// A refused scheme, secret or argument.
pub fn config_error(e: ConfigError) -> napi::Error<Code> {
    let code = match e.kind() {
        ConfigErrorKind::UnknownScheme => "UNKNOWN_SCHEME",
        ConfigErrorKind::InvalidScheme => "INVALID_SCHEME",
        ConfigErrorKind::InvalidSecret => "INVALID_SECRET",
        ConfigErrorKind::InvalidArgument => "INVALID_ARGUMENT",
    };
    napi::Error::new(Code(code), e.to_string())
}

/// An argument the binding itself refuses (a non-finite time).
pub fn invalid_argument(message: &str) -> napi::Error<Code> {
    napi::Error::new(Code("INVALID_ARGUMENT"), message)
}
