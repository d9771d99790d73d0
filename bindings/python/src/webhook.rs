//! `hookproof.Webhook` and the one-shot `verify`/`sign` functions.

use hookproof::{Delivery, Place, Request, Scheme, Webhook};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

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
    /// Fetches a published key document (`resolver(url) -> (bytes,
    /// cache_control)`), for schemes whose sender publishes its keys;
    /// `None`: `hookproof._fetch.DEFAULT`, on the standard library.
    resolver: Option<Py<PyAny>>,
    /// The scheme's name as one Python string, shared by every `Verified`.
    scheme_name: Py<PyString>,
    /// The tenant's id, likewise (`tenant=`).
    tenant_name: Option<Py<PyString>>,
    /// The header names in the forms the containers are read with.
    names: headers::Names,
}

impl PyWebhook {
    pub(crate) fn build(
        scheme: &Bound<'_, PyAny>,
        secret: Option<&Bound<'_, PyAny>>,
        tolerance: &Tolerance<'_>,
        published: Published<'_>,
    ) -> PyResult<Self> {
        let py = scheme.py();
        let scheme = scheme_of(scheme)?;
        let (secrets, not_after) = match secret {
            Some(secret) => inputs::secrets_with_expiry(secret)?,
            None if scheme.keys_from().is_some() => (Vec::new(), Vec::new()),
            // A scheme with secrets given none (`None`: often an unset
            // environment variable), refused as such.
            None => inputs::secrets_with_expiry(py.None().bind(py))?,
        };
        let mut inner = Webhook::configured(scheme, &secrets, published.trust()?)
            .and_then(|wh| {
                if not_after.is_empty() {
                    Ok(wh)
                } else {
                    wh.with_expiry(&not_after)
                }
            })
            .map_err(config_error)?;
        if let Some(t) = tolerance.resolve()? {
            inner = inner.with_tolerance(t);
        }
        let scheme_name = PyString::intern(py, inner.scheme().name()).unbind();
        let names = headers::Names::new(py, inner.header_names());
        Ok(Self {
            inner,
            resolver: published.resolver.map(|r| r.clone().unbind()),
            scheme_name,
            tenant_name: None,
            names,
        })
    }

    /// For a scheme whose sender publishes its keys: fetches, through the
    /// resolver, the document this delivery needs and the cache lacks.
    /// `Ok(Some(error))` when the fetch failed or gave no key: the verify
    /// then uses a stale key if the cache holds one, and raises this error
    /// only if it holds none.
    fn fetch_keys<H: hookproof::Headers + ?Sized>(
        &self,
        py: Python<'_>,
        body: &[u8],
        headers: &H,
        now: i64,
    ) -> PyResult<Option<PyErr>> {
        let Some(url) = self
            .inner
            .key_url(body, headers, now)
            .map_err(|e| verify_error(&e))?
        else {
            return Ok(None);
        };
        let resolver = match &self.resolver {
            Some(r) => r.bind(py).clone(),
            None => py.import("hookproof._fetch")?.getattr("DEFAULT")?,
        };
        let fetched = match resolver.call1((&url,)) {
            Ok(fetched) => fetched,
            // KeyboardInterrupt and SystemExit are not a key's absence.
            Err(e) if !e.is_instance_of::<pyo3::exceptions::PyException>(py) => return Err(e),
            Err(e) => return Ok(Some(fetch_failed(py, &url, &e))),
        };
        let added =
            crate::fetched::document(&fetched, &url).and_then(|(document, cache_control)| {
                self.inner
                    .add_keys(&url, &document, cache_control.as_deref(), now)
                    .map_err(|e| verify_error(&e))
            });
        Ok(added.err())
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
        let failed = if self.inner.fetches_keys() {
            let at = now.unwrap_or_else(hookproof::unix_now);
            self.fetch_keys(py, bytes, &collected.aligned(), at)?
        } else {
            None
        };
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
        let delivery = found.map_err(|e| match (&e, failed) {
            // No stale key to fall back on: the fetch's own failure says why.
            (hookproof::VerifyError::KeyUnavailable { .. }, Some(fetch)) => fetch,
            _ => verify_error(&e),
        })?;
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
            tenant: self.tenant_name.as_ref().map(|t| t.clone_ref(py)),
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
    ///
    /// A sender that publishes its keys (`aws-sns`, `google-pubsub`,
    /// `azure-event-grid`, `plaid`, `paypal`) takes no secret but what its
    /// deliveries must carry: `audience` (str or list; required for a
    /// token) and `email` for Pub/Sub, `audience` and `directory` (the
    /// Microsoft Entra tenant id) for Event Grid, `topic` (str or list) for
    /// SNS, `webhook_id` for PayPal; Plaid takes
    /// `resolver=hookproof.PlaidKeys(client_id, secret)`. `resolver(url) -> (bytes, cache_control)` fetches
    /// the key documents (default: `hookproof.HttpResolver()`).
    #[new]
    #[pyo3(
        signature = (scheme, secret = None, *, tolerance = Tolerance::Default, audience = None, email = None, topic = None, directory = None, webhook_id = None, resolver = None, tenant = None),
        text_signature = "(scheme, secret=None, *, tolerance=hookproof.SCHEME_DEFAULT, audience=None, email=None, topic=None, directory=None, webhook_id=None, resolver=None, tenant=None)"
    )]
    #[allow(
        clippy::too_many_arguments,
        reason = "keyword arguments of one constructor"
    )]
    fn new(
        scheme: &Bound<'_, PyAny>,
        secret: Option<&Bound<'_, PyAny>>,
        tolerance: Tolerance<'_>,
        audience: Option<&Bound<'_, PyAny>>,
        email: Option<String>,
        topic: Option<&Bound<'_, PyAny>>,
        directory: Option<String>,
        webhook_id: Option<String>,
        resolver: Option<&Bound<'_, PyAny>>,
        tenant: Option<&str>,
    ) -> PyResult<Self> {
        let published = Published {
            audience,
            email,
            topic,
            directory,
            webhook_id,
            resolver,
        };
        let mut built = Self::build(scheme, secret, &tolerance, published)?;
        if let Some(tenant) = tenant {
            built.inner = built.inner.with_tenant(tenant).map_err(config_error)?;
            built.tenant_name = Some(PyString::intern(scheme.py(), tenant).unbind());
        }
        Ok(built)
    }

    /// The tenant this Webhook verifies for (`tenant=`), if one was named:
    /// a dedup store keeps each tenant's keys apart, and a delivery says
    /// whose it is (`Verified.tenant`).
    #[getter]
    fn tenant(&self) -> Option<&str> {
        self.inner.tenant()
    }

    /// The URL of the key document `body` and `headers` need and this
    /// Webhook does not hold fresh (`None` otherwise): for an async app,
    /// which fetches it itself and hands it to `add_keys` before `verify`
    /// (`hookproof.averify` does both).
    #[pyo3(signature = (body, headers, *, now = None))]
    fn key_url(
        &self,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        let body = Body::new(body)?;
        let collected = headers::collect(headers, &self.names)?;
        let now = inputs::unix_seconds(now, "now")?.unwrap_or_else(hookproof::unix_now);
        self.inner
            .key_url(body.as_slice(), &collected.aligned(), now)
            .map_err(|e| verify_error(&e))
    }

    /// Keeps the key document fetched from `url`, with the response's
    /// `Cache-Control`; raises `KeyUnavailableError` when it holds no
    /// usable key.
    #[pyo3(signature = (url, document, cache_control = None, *, now = None))]
    fn add_keys(
        &self,
        url: &str,
        document: &[u8],
        cache_control: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let now = inputs::unix_seconds(now, "now")?.unwrap_or_else(hookproof::unix_now);
        self.inner
            .add_keys(url, document, cache_control, now)
            .map_err(|e| verify_error(&e))
    }

    /// The JSON to answer a verified `delivery` with, status 200, when it
    /// is its sender's subscription handshake (Azure Event Grid's
    /// validation event); `None` for every other delivery. The
    /// integrations answer it without calling the app.
    fn handshake<'py>(
        &self,
        py: Python<'py>,
        delivery: &Bound<'py, PyVerified>,
    ) -> Option<Bound<'py, PyBytes>> {
        self.inner.scheme().handshake()?;
        let delivery = delivery.get();
        let event = delivery.event(py);
        let event = event.as_ref().and_then(|e| e.to_str().ok());
        let body = delivery.body.bind(py);
        let reply = self
            .inner
            .handshake_reply(event, PyVerified::body_bytes(body))?;
        Some(PyBytes::new(py, reply.as_bytes()))
    }

    /// Whether the scheme's keys are fetched from its sender.
    #[getter]
    fn fetches_keys(&self) -> bool {
        self.inner.fetches_keys()
    }

    /// The resolver given to the constructor, or `None` (the default one).
    #[getter]
    fn resolver(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.resolver.as_ref().map(|r| r.clone_ref(py))
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
            Some(&pyo3::types::PyList::new(py, secrets)?.into_any()),
            &tolerance,
            Published::default(),
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

/// What a scheme with published keys is built with.
#[derive(Default)]
pub(crate) struct Published<'a> {
    audience: Option<&'a Bound<'a, PyAny>>,
    email: Option<String>,
    topic: Option<&'a Bound<'a, PyAny>>,
    directory: Option<String>,
    webhook_id: Option<String>,
    resolver: Option<&'a Bound<'a, PyAny>>,
}

impl Published<'_> {
    fn trust(&self) -> PyResult<hookproof::Trust> {
        Ok(hookproof::Trust {
            audiences: inputs::strings(self.audience, "audience")?,
            email: self.email.clone(),
            topics: inputs::strings(self.topic, "topic")?,
            directory: self.directory.clone(),
            webhook_id: self.webhook_id.clone(),
        })
    }
}

/// A resolver's exception, as the `key_unavailable` it means: its type
/// and message (a resolver's own text, about the URL, never a key).
fn fetch_failed(py: Python<'_>, url: &str, e: &PyErr) -> PyErr {
    let kind = e
        .get_type(py)
        .name()
        .map_or_else(|_| "Exception".to_owned(), |n| n.to_string());
    let cause = format!("{kind}: {}", e.value(py));
    verify_error(&hookproof::VerifyError::key_fetch_failed(url, &cause))
}

/// `fetch_failed(url, cause)`: the `KeyUnavailableError` for a resolver
/// that failed (the async path, `hookproof._fetch`), worded as the sync
/// path words it.
#[pyfunction]
pub fn fetch_failed_error(url: &str, cause: &str) -> PyErr {
    verify_error(&hookproof::VerifyError::key_fetch_failed(url, cause))
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
