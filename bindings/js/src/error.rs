//! What a call refuses. Each binding turns it into its runtime's error, with
//! [`Error::code`] as the error's `code`: `node/errors.js` makes a
//! `WebhookVerificationError` or a `RangeError` of it by the core's code
//! lists, so no list of codes is written here.

use hookproof::{ConfigError, VerifyError};

/// A refused call.
#[derive(Debug)]
pub enum Error {
    /// A rejected delivery.
    Verify(VerifyError),
    /// A refused scheme, secret or request.
    Config(ConfigError),
    /// An argument the convention itself refuses (a non-finite time, an
    /// `io` array of the wrong length).
    Argument(&'static str),
    /// More header values than the scheme has names: a value held a NUL of
    /// its own. The caller reads the values again with their own NULs made
    /// DEL (which the core refuses) and calls again.
    Misaligned,
}

impl Error {
    /// The contract code in upper case (`SIGNATURE_MISMATCH`).
    #[must_use]
    pub fn code(&self) -> String {
        match self {
            Self::Verify(e) => e.code(),
            Self::Config(e) => e.code(),
            Self::Argument(_) | Self::Misaligned => "invalid_argument",
        }
        .to_ascii_uppercase()
    }

    /// The message (never a secret or an expected signature: the core's
    /// messages hold none).
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Verify(e) => e.to_string(),
            Self::Config(e) => e.to_string(),
            Self::Argument(what) => (*what).to_owned(),
            Self::Misaligned => "more header values than the scheme has names".to_owned(),
        }
    }
}

impl From<VerifyError> for Error {
    fn from(e: VerifyError) -> Self {
        Self::Verify(e)
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}
