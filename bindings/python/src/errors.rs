//! The one place where core errors become Python exceptions. The classes are
//! written in Python (`hookproof/errors.py`) and imported lazily, at the first
//! raise; each carries the core's stable `code()`, so codes are spelled once.

use hookproof::{ConfigError, ConfigErrorKind, VerifyError};
use pyo3::PyErr;

pyo3::import_exception!(hookproof.errors, MissingHeaderError);
pyo3::import_exception!(hookproof.errors, MalformedHeaderError);
pyo3::import_exception!(hookproof.errors, TimestampError);
pyo3::import_exception!(hookproof.errors, SignatureMismatchError);
pyo3::import_exception!(hookproof.errors, KeyUnavailableError);
pyo3::import_exception!(hookproof.errors, ConfigurationError);

/// A rejected delivery. Exhaustive on purpose: a new core variant must be
/// mapped here before this compiles.
pub fn verify_error(e: &VerifyError) -> PyErr {
    let args = (e.to_string(), e.code(), e.header().map(str::to_owned));
    match e {
        VerifyError::MissingHeader { .. } => MissingHeaderError::new_err(args),
        VerifyError::MalformedHeader { .. } => MalformedHeaderError::new_err(args),
        VerifyError::TimestampTooOld { .. } | VerifyError::TimestampTooNew { .. } => {
            TimestampError::new_err(args)
        }
        VerifyError::SignatureMismatch { .. } => SignatureMismatchError::new_err(args),
        VerifyError::KeyUnavailable { .. } => KeyUnavailableError::new_err(args),
    }
}

/// A refused scheme, secret or argument.
pub fn config_error(e: ConfigError) -> PyErr {
    match e.kind() {
        ConfigErrorKind::UnknownScheme
        | ConfigErrorKind::InvalidScheme
        | ConfigErrorKind::InvalidSecret
        | ConfigErrorKind::InvalidArgument => {
            ConfigurationError::new_err((e.to_string(), e.code()))
        }
    }
}

/// A configuration problem found by the binding itself (a secret of the
/// wrong Python type, an unset environment variable).
pub fn configuration(message: String, code: &'static str) -> PyErr {
    ConfigurationError::new_err((message, code))
}
