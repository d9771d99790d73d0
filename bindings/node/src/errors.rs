//! The one place where core errors become JS errors. The native error's
//! `code` is the core's code in upper case (`SIGNATURE_MISMATCH`,
//! `INVALID_SECRET`); `node/errors.js` turns it into `WebhookVerificationError`
//! or a `RangeError` on the error path only, by the core's code lists
//! (`httpRules()`), so no list of codes is written here.

use hookproof::{ConfigError, VerifyError};

/// The status of a native error: a contract code, upper case.
pub struct Code(String);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn code(core: &str) -> Code {
    Code(core.to_ascii_uppercase())
}

/// A rejected delivery.
pub fn verify_error(e: &VerifyError) -> napi::Error<Code> {
    napi::Error::new(code(e.code()), e.to_string())
}

/// A refused scheme, secret or argument.
pub fn config_error(e: ConfigError) -> napi::Error<Code> {
    napi::Error::new(code(e.code()), e.to_string())
}

/// An argument the binding itself refuses (a non-finite time).
pub fn invalid_argument(message: &str) -> napi::Error<Code> {
    napi::Error::new(code("invalid_argument"), message)
}
