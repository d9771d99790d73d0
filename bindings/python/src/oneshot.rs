//! The one-shot functions `hookproof.verify`, `hookproof.sign` and
//! `hookproof.explain`: each builds what it needs per call.

use hookproof::Request;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::headers;
use crate::inputs::{self, Body, Tolerance};
use crate::verified::PyVerified;
use crate::webhook::{PyWebhook, scheme_of};

/// `hookproof.verify(body, headers, scheme=..., secret=..., tolerance=..., now=None)`:
/// builds a `Webhook` per call; keep a `Webhook` for anything hot.
#[pyfunction]
#[pyo3(
    signature = (body, headers, *, scheme, secret, tolerance = Tolerance::Default, now = None, url = None, method = None),
    text_signature = "(body, headers, *, scheme, secret, tolerance=hookproof.SCHEME_DEFAULT, now=None, url=None, method=None)"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors the documented Python signature"
)]
pub fn verify<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    headers: &Bound<'py, PyAny>,
    scheme: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    tolerance: Tolerance<'py>,
    now: Option<&Bound<'py, PyAny>>,
    url: Option<&str>,
    method: Option<&str>,
) -> PyResult<PyVerified> {
    PyWebhook::build(
        scheme,
        Some(secret),
        &tolerance,
        crate::webhook::Published::default(),
    )?
    .verify(py, body, headers, now, url, method)
}

/// `hookproof.sign(body, scheme=..., secret=..., timestamp=None, id=None)`.
#[pyfunction]
#[pyo3(signature = (body, *, scheme, secret, timestamp = None, id = None, url = None, method = None))]
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors the documented Python signature"
)]
pub fn sign<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    scheme: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    timestamp: Option<&Bound<'py, PyAny>>,
    id: Option<&str>,
    url: Option<&str>,
    method: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    PyWebhook::build(
        scheme,
        Some(secret),
        &Tolerance::Default,
        crate::webhook::Published::default(),
    )?
    .sign(py, body, timestamp, id, url, method)
}

/// `hookproof.identify(headers)`: the presets whose signature header the
/// request carries, in the preset's own syntax, most specific first (see
/// `hookproof::identify`). Names candidates; verifies nothing.
#[pyfunction]
pub fn identify(headers: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
    Ok(hookproof::identify(
        headers::collect_all(headers)?.as_slice(),
    ))
}

/// `hookproof.explain(body, headers, scheme=..., secret=..., now=None, url=None, method=None)`:
/// why a delivery fails. Tries the usual mistakes (re-serialized JSON,
/// trailing newline, secret form, another preset, clock, timestamp unit) and
/// returns `{"error": code or None, "findings": [{"mistake": ..., "fix": ...}]}`.
/// A diagnostic, for a failing delivery you are investigating; never call it
/// on the request path.
#[pyfunction]
#[pyo3(signature = (body, headers, *, scheme, secret, now = None, url = None, method = None))]
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors the documented Python signature"
)]
pub fn explain<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    headers: &Bound<'py, PyAny>,
    scheme: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    url: Option<&str>,
    method: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let scheme = scheme_of(scheme)?;
    let secrets = inputs::secrets(secret)?;
    let body = Body::new(body)?;
    let pairs = headers::collect_all(headers)?;
    let now = inputs::unix_seconds(now, "now")?.unwrap_or_else(hookproof::unix_now);
    let refs: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    let found = hookproof::explain(
        &scheme,
        &refs,
        body.as_slice(),
        &pairs,
        now,
        Request { url, method },
    );
    let out = PyDict::new(py);
    out.set_item("error", found.code())?;
    let findings = pyo3::types::PyList::empty(py);
    for f in &found.findings {
        let item = PyDict::new(py);
        item.set_item("mistake", f.mistake)?;
        item.set_item("fix", &f.fix)?;
        findings.append(item)?;
    }
    out.set_item("findings", findings)?;
    Ok(out)
}
