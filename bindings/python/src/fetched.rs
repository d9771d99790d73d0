//! What a resolver answers, read as the core takes it.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::errors::{config_error, verify_error};
use crate::headers::type_name;

/// `(document, cache_control)` from a resolver's answer: `bytes`, or a
/// tuple of `bytes` and a `str` or `None`.
pub fn document(answer: &Bound<'_, PyAny>, url: &str) -> PyResult<(Vec<u8>, Option<String>)> {
    let wrong = || {
        verify_error(&hookproof::VerifyError::KeyUnavailable {
            reason: format!(
                "the resolver answered {} for {url}: it answers bytes, or (bytes, cache_control)",
                type_name(answer)
            ),
        })
    };
    if let Ok(bytes) = answer.cast::<PyBytes>() {
        return Ok((bytes.as_bytes().to_vec(), None));
    }
    let pair = answer.cast::<PyTuple>().map_err(|_| wrong())?;
    if pair.len() != 2 {
        return Err(wrong());
    }
    let document = pair.get_item(0)?;
    let document = document.cast::<PyBytes>().map_err(|_| wrong())?;
    let cache_control: Option<String> = pair.get_item(1)?.extract().map_err(|_| wrong())?;
    Ok((document.as_bytes().to_vec(), cache_control))
}

/// Plaid's key endpoint in `environment` (`hookproof::plaid_key_endpoint`).
#[pyfunction]
pub fn plaid_key_endpoint(environment: &str) -> PyResult<&'static str> {
    hookproof::plaid_key_endpoint(environment).map_err(config_error)
}

/// The JSON body that fetches the Plaid key `reference` names
/// (`hookproof::plaid_key_request`).
#[pyfunction]
pub fn plaid_key_request(reference: &str, client_id: &str, secret: &str) -> PyResult<String> {
    hookproof::plaid_key_request(reference, client_id, secret).map_err(config_error)
}
