//! The one place where the convention's errors become JS errors. The native
//! error's `code` is the core's code in upper case (`SIGNATURE_MISMATCH`,
//! `INVALID_SECRET`); `node/errors.js` turns it into `WebhookVerificationError`
//! or a `RangeError` on the error path only, by the core's code lists
//! (`httpRules()`), so no list of codes is written here.

use hookproof_js::Error;

/// The status of a native error: a contract code, upper case.
pub struct Code(String);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A refused call, as napi-rs throws it.
pub fn js_error(e: Error) -> napi::Error<Code> {
    napi::Error::new(Code(e.code()), e.message())
}

/// A refused scheme or secret.
pub fn config_error(e: hookproof::ConfigError) -> napi::Error<Code> {
    js_error(Error::Config(e))
}

/// An argument the binding itself refuses (a header value that is not a
/// string).
pub fn invalid_argument(message: &'static str) -> napi::Error<Code> {
    js_error(Error::Argument(message))
}
