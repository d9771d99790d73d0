//! The integrations' HTTP rules (`hookproof::http`), for
//! `hookproof/_integration.py`: the answers, the settle rule, the store
//! key, the URL a sender called. Translation only.

use hookproof::http;
use pyo3::prelude::*;

/// The answer for an error or answer code: `(status, JSON body bytes)`.
#[pyfunction]
fn http_answer(code: &str) -> (u16, Vec<u8>) {
    let a = http::answer(code);
    (a.status, a.body.into_bytes())
}

/// What a store's claim state means: `None` to run the handler, else the
/// `(status, body)` to answer instead.
#[pyfunction]
fn claim_answer(state: &str) -> Option<(u16, Vec<u8>)> {
    http::claim_answer(state).map(|a| (a.status, a.body.into_bytes()))
}

/// The answer code a store's claim state stands for (`None`: run the handler).
#[pyfunction]
fn claim_code(state: &str) -> Option<&'static str> {
    http::claim_code(state)
}

/// `(result, code)` metric labels of a decision (`None`: verified).
#[pyfunction]
#[pyo3(signature = (code))]
fn metric_labels(code: Option<&str>) -> (&'static str, &'static str) {
    http::metric_labels(code)
}

/// Whether a handler's response status (`None`: it raised) completes its
/// delivery's claim rather than releasing it.
#[pyfunction]
#[pyo3(signature = (status))]
fn completes(status: Option<u16>) -> bool {
    http::completes(status)
}

/// The key a delivery is claimed under in a store (`tenant`: its
/// Webhook's, in a multi-tenant app).
#[pyfunction]
#[pyo3(signature = (scheme, dedup_key, tenant = None))]
fn store_key(scheme: &str, dedup_key: &str, tenant: Option<&str>) -> String {
    http::store_key(scheme, tenant, dedup_key)
}

/// The URL a sender called (`hookproof::http::request_url`). `forwarded`,
/// only when the app trusts its proxy: the values of `Forwarded`,
/// `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Port`.
#[pyfunction]
#[pyo3(signature = (scheme, host, target, forwarded = None))]
fn request_url(
    scheme: &str,
    host: &str,
    target: &str,
    forwarded: Option<[Option<String>; 4]>,
) -> Option<String> {
    let [std, proto, fhost, port] = forwarded.as_ref().map_or([None, None, None, None], |f| {
        [
            f[0].as_deref(),
            f[1].as_deref(),
            f[2].as_deref(),
            f[3].as_deref(),
        ]
    });
    http::request_url(
        http::SeenRequest {
            scheme,
            host,
            target,
        },
        forwarded.is_some().then_some(http::ForwardedHeaders {
            forwarded: std,
            proto,
            host: fhost,
            port,
        }),
    )
}

/// Adds the rules and the code lists to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(http_answer, m)?)?;
    m.add_function(wrap_pyfunction!(claim_answer, m)?)?;
    m.add_function(wrap_pyfunction!(completes, m)?)?;
    m.add_function(wrap_pyfunction!(claim_code, m)?)?;
    m.add_function(wrap_pyfunction!(metric_labels, m)?)?;
    m.add("METRIC_RESULTS", http::RESULTS.to_vec())?;
    m.add_function(wrap_pyfunction!(store_key, m)?)?;
    m.add_function(wrap_pyfunction!(request_url, m)?)?;
    m.add("DEFAULT_MAX_BODY", http::DEFAULT_MAX_BODY)?;
    m.add("VERIFY_CODES", hookproof::VERIFY_CODES.to_vec())?;
    m.add("CONFIG_CODES", hookproof::CONFIG_CODES.to_vec())?;
    m.add("ANSWER_CODES", http::ANSWER_CODES.to_vec())?;
    Ok(())
}
