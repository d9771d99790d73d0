//! `hookproof.Webhook` and the one-shot `verify`/`sign` functions.

use hookproof::{Delivery, Place, Request, Scheme, Webhook};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::errors::{config_error, configuration, verify_error};
use crate::headers::{self, type_name};
use crate::inputs::{self, Body, Tolerance};
use crate::scheme::PyScheme;
use crate::verified::PyVerified;

/// Bodies at least this large are verified with the GIL released. Below it,
/// releasing and re-taking the GIL costs more than the hashing it frees
/// (64 KiB hash in ≈ 40 µs at 1.57 GB/s; a GIL round trip is ≈ 1 µs).
pub const GIL_RELEASE_THRESHOLD: usize = 64 * 1024;

/// Verifies deliveries of one scheme. Keys are prepared once, here.
#[pyclass(module = "hookproof", name = "Webhook", frozen)]
pub struct PyWebhook {
    inner: Webhook,
    /// The scheme's name as one Python string, shared by every `Verified`.
    scheme_name: Py<PyString>,
    /// The header names in the forms the containers are read with.
    names: headers::Names,
}

impl PyWebhook {
    pub(crate) fn build(
        scheme: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        tolerance: &Tolerance<'_>,
    ) -> PyResult<Self> {
        let scheme = scheme_of(scheme)?;
        let (secrets, not_after) = inputs::secrets_with_expiry(secret)?;
        let mut inner = Webhook::new(scheme, &secrets)
            .and_then(|wh| wh.with_expiry(&not_after))
            .map_err(config_error)?;
        if let Some(t) = tolerance.resolve()? {
            inner = inner.with_tolerance(t);
        }
        let py = secret.py();
        let scheme_name = PyString::intern(py, inner.scheme().name()).unbind();
        let names = headers::Names::new(py, inner.header_names());
        Ok(Self {
            inner,
            scheme_name,
            names,
        })
    }

    fn verify_body<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
        request: Request<'_>,
    ) -> PyResult<PyVerified> {
        self.inner.check_request(request).map_err(config_error)?;
        let body = Body::new(body)?;
        let collected = headers::collect(headers, &self.names)?;
        let now = inputs::unix_seconds(now, "now")?;
        let bytes = body.as_slice();
        let found = if bytes.len() >= GIL_RELEASE_THRESHOLD {
            // Owned copies of the few header values let the hash run without
            // the GIL; the body is immutable `bytes` or `str`, kept alive by
            // `body` for the whole call. The delivery's places are the same
            // slots either way.
            let pairs = collected.to_owned_pairs();
            py.detach(|| run(&self.inner, bytes, &pairs, now, request))
        } else {
            run(&self.inner, bytes, &collected.aligned(), now, request)
        };
        let delivery = found.map_err(|e| verify_error(&e))?;
        // The header values the fields lie in: the request's own objects.
        let value = |place: Place| {
            let (slot, _) = place.in_header()?;
            collected.value_at(py, slot)
        };
        Ok(PyVerified {
            values: [
                value(delivery.id()),
                value(delivery.event()),
                value(delivery.dedup_key()),
            ],
            body: body.into_object(),
            scheme: self.scheme_name.clone_ref(py),
            delivery,
        })
    }
}

fn run<H: hookproof::Headers + ?Sized>(
    wh: &Webhook,
    body: &[u8],
    headers: &H,
    now: Option<i64>,
    request: Request<'_>,
) -> Result<Delivery, hookproof::VerifyError> {
    wh.verify_located(
        body,
        headers,
        now.unwrap_or_else(hookproof::unix_now),
        request,
    )
}

#[pymethods]
impl PyWebhook {
    /// `Webhook(scheme, secret, *, tolerance=hookproof.SCHEME_DEFAULT)`: `scheme` is a
    /// preset name or a `Scheme`; `secret` a str/bytes or a list of them
    /// (rotation, newest first); `tolerance` whole seconds, `None` to turn
    /// the timestamp check off, or `SCHEME_DEFAULT` (the default) for the
    /// scheme's own window.
    #[new]
    #[pyo3(
        signature = (scheme, secret, *, tolerance = Tolerance::Default),
        text_signature = "(scheme, secret, *, tolerance=hookproof.SCHEME_DEFAULT)"
    )]
    fn new(
        scheme: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        tolerance: Tolerance<'_>,
    ) -> PyResult<Self> {
        Self::build(scheme, secret, &tolerance)
    }

    /// `Webhook.from_env(scheme, "VAR", ["OLD_VAR", ...], tolerance=...)`: the
    /// secret(s) from environment variables; unset or empty ones are a
    /// `ConfigurationError` naming the variable (never its value).
    #[classmethod]
    #[pyo3(
        signature = (scheme, *names, tolerance = Tolerance::Default),
        text_signature = "($cls, scheme, *names, tolerance=hookproof.SCHEME_DEFAULT)"
    )]
    fn from_env(
        _cls: &Bound<'_, pyo3::types::PyType>,
        scheme: &Bound<'_, PyAny>,
        names: &Bound<'_, PyTuple>,
        tolerance: Tolerance<'_>,
    ) -> PyResult<Self> {
        let py = scheme.py();
        if names.is_empty() {
            return Err(PyTypeError::new_err(
                "from_env needs the name of at least one environment variable",
            ));
        }
        let environ = py.import("os")?.getattr("environ")?;
        let mut secrets = Vec::new();
        for name in names.iter() {
            let var: String = name.extract()?;
            match environ.call_method1("get", (&var,))? {
                v if v.is_none() => {
                    return Err(configuration(
                        format!("environment variable {var} is not set"),
                        "invalid_secret",
                    ));
                }
                v => {
                    let v = v.cast_into::<PyString>()?;
                    if v.to_str()?.is_empty() {
                        return Err(configuration(
                            format!("environment variable {var} is empty"),
                            "invalid_secret",
                        ));
                    }
                    secrets.push(v.into_any());
                }
            }
        }
        Self::build(
            scheme,
            &pyo3::types::PyList::new(py, secrets)?.into_any(),
            &tolerance,
        )
    }

    /// Verifies a delivery: `body` is the raw request body (bytes, bytearray,
    /// memoryview or str), `headers` any mapping. `now` (unix seconds)
    /// replaces the clock. `url`/`method` are for senders that sign them
    /// (Twilio, Square, HubSpot); those schemes raise `ConfigurationError`
    /// without them.
    #[pyo3(signature = (body, headers, *, now = None, url = None, method = None))]
    pub(crate) fn verify<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
        url: Option<&str>,
        method: Option<&str>,
    ) -> PyResult<PyVerified> {
        self.verify_body(py, body, headers, now, Request { url, method })
    }

    /// The headers a sender attaches to `body`, as a dict. `url`/`method`
    /// for the schemes that sign them.
    #[pyo3(signature = (body, timestamp = None, id = None, *, url = None, method = None))]
    pub(crate) fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        timestamp: Option<&Bound<'py, PyAny>>,
        id: Option<&str>,
        url: Option<&str>,
        method: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let body = Body::new(body)?;
        let timestamp = inputs::unix_seconds(timestamp, "timestamp")?;
        let pairs = self
            .inner
            .sign_request(body.as_slice(), timestamp, id, Request { url, method })
            .map_err(config_error)?;
        let out = PyDict::new(py);
        for (k, v) in pairs {
            out.set_item(k, v)?;
        }
        Ok(out)
    }

    /// The scheme's name.
    #[getter]
    fn scheme(&self) -> &str {
        self.inner.scheme().name()
    }

    /// The name of the scheme's delivery-id header (for logs), if any.
    #[getter]
    fn id_header(&self) -> Option<&str> {
        self.inner
            .scheme()
            .id_header()
            .map(hookproof::HeaderName::name)
    }

    /// The header the dedup key comes from, if it comes from a header (the
    /// integrations refuse a delivery without it when a store is set).
    #[getter]
    fn dedup_header(&self) -> Option<&str> {
        self.inner
            .scheme()
            .dedup_header()
            .map(hookproof::HeaderName::name)
    }

    /// Whether the scheme signs the request URL (Twilio, Square, HubSpot):
    /// the integrations then pass the URL the sender called.
    #[getter]
    fn signs_url(&self) -> bool {
        self.inner.scheme().signs_url()
    }

    /// Whether the scheme signs the request method (HubSpot).
    #[getter]
    fn signs_method(&self) -> bool {
        self.inner.scheme().signs_method()
    }

    /// The tolerance in force, in seconds (`None`: off).
    #[getter]
    fn tolerance(&self) -> Option<u64> {
        self.inner.tolerance()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hookproof.Webhook scheme={} tolerance={}>",
            crate::inputs::quoted(self.inner.scheme().name()),
            self.inner
                .tolerance()
                .map_or_else(|| "None".to_owned(), |t| t.to_string())
        )
    }
}

pub fn scheme_of(obj: &Bound<'_, PyAny>) -> PyResult<Scheme> {
    if let Ok(name) = obj.cast::<PyString>() {
        return hookproof::presets::get(name.to_str()?).map_err(config_error);
    }
    if let Ok(scheme) = obj.cast::<PyScheme>() {
        return Ok(scheme.get().inner.clone());
    }
    Err(configuration(
        format!(
            "scheme must be a preset name or a hookproof.Scheme, not {}",
            type_name(obj)
        ),
        "invalid_scheme",
    ))
}
