//! `hookproof.Verified`: a delivery that passed, with its body and metadata.

use hookproof::{Delivery, FromBody, Place};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A genuine delivery. `body` is the raw bytes exactly as verified.
///
/// The core's owned [`Delivery`] says where the id, event and dedup key
/// are; this keeps the header values they lie in (the request's own
/// `str` objects, or ASGI's `bytes`), so a verify makes no new string, and
/// the body, whose fields the core reads only if the app asks.
#[pyclass(module = "hookproof", name = "Verified", frozen)]
pub struct PyVerified {
    pub body: Py<PyAny>,
    /// The Webhook's own name object, shared: no string is made per delivery.
    pub scheme: Py<PyString>,
    /// The tenant of the Webhook that verified it, in a multi-tenant app.
    pub tenant: Option<Py<PyString>>,
    /// The header values the id, event and dedup key lie in, in that order
    /// (`None` where the field is in no header).
    pub values: [Option<Py<PyAny>>; 3],
    pub delivery: Delivery,
}

// A `Verified` is moved a few times on its way into Python; at 128 bytes
// or less two of those moves are vector stores instead of calls to
// `memcpy` (callgrind, empty-body cloro verify: 12,150 -> 12,087
// instructions).
const _: () = assert!(std::mem::size_of::<PyVerified>() <= 128);

/// The text at `place` of `value` (a `str`, or ASCII `bytes`): `value`
/// itself when the place is all of it.
fn text_in<'py>(
    py: Python<'py>,
    value: Option<&Py<PyAny>>,
    place: Place,
) -> Option<Bound<'py, PyString>> {
    let (_, range) = place.in_header()?;
    let value = value?.bind(py);
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_str().ok()?;
        if range == (0..text.len()) {
            return Some(s.clone());
        }
        return Some(PyString::new(py, text.get(range)?));
    }
    let bytes = value.cast::<PyBytes>().ok()?.as_bytes();
    let text = std::str::from_utf8(bytes.get(range)?).ok()?;
    Some(PyString::new(py, text))
}

impl PyVerified {
    /// The body's bytes (a `str` body's UTF-8).
    pub(crate) fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> &'a [u8] {
        match (body.cast::<PyBytes>(), body.cast::<PyString>()) {
            (Ok(b), _) => b.as_bytes(),
            (_, Ok(s)) => s.to_str().map(str::as_bytes).unwrap_or_default(),
            _ => b"",
        }
    }

    /// The body fields, read by the core on the first access of either.
    fn body_values(&self, py: Python<'_>) -> &FromBody {
        let body = self.body.bind(py);
        let id = self.id(py);
        let id = id.as_ref().and_then(|s| s.to_str().ok());
        self.delivery.read_body(Self::body_bytes(body), id)
    }
}

#[pymethods]
impl PyVerified {
    /// The raw body as bytes (a `str` body is returned UTF-8 encoded).
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        let body = self.body.bind(py);
        match body.cast::<PyString>() {
            Ok(s) => PyBytes::new(py, s.to_str().map(str::as_bytes).unwrap_or_default()).into_any(),
            Err(_) => body.clone(),
        }
    }

    /// The body parsed as JSON (`json.loads`); parse only after verifying.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?
            .call_method1("loads", (self.body.bind(py),))
    }

    #[getter]
    fn scheme(&self, py: Python<'_>) -> Py<PyString> {
        self.scheme.clone_ref(py)
    }

    /// The tenant of the Webhook that verified this delivery (`tenant=`),
    /// or None.
    #[getter]
    fn tenant(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.tenant.as_ref().map(|t| t.clone_ref(py))
    }

    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        text_in(py, self.values[0].as_ref(), self.delivery.id())
    }

    #[getter]
    fn timestamp(&self) -> Option<i64> {
        self.delivery.timestamp()
    }

    #[getter]
    pub(crate) fn event<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        match self.delivery.event() {
            Place::Body => Some(PyString::new(py, self.body_values(py).event.as_deref()?)),
            place => text_in(py, self.values[1].as_ref(), place),
        }
    }

    /// Raises `MalformedHeaderError` when the id header disagrees with the
    /// key the signed body carries (cloro): the header was changed after
    /// signing, and the delivery cannot be deduplicated.
    #[getter]
    fn dedup_key<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyString>>> {
        match self.delivery.dedup_key() {
            Place::Body => match &self.body_values(py).dedup_key {
                Ok(key) => Ok(key.as_deref().map(|k| PyString::new(py, k))),
                Err(e) => Err(crate::errors::verify_error(e)),
            },
            place => Ok(text_in(py, self.values[2].as_ref(), place)),
        }
    }

    #[getter]
    fn key_index(&self) -> usize {
        self.delivery.key_index()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<hookproof.Verified scheme={} id={} timestamp={} key_index={}>",
            crate::inputs::quoted(&self.scheme.bind(py).to_string()),
            self.id(py).map_or_else(
                || "None".to_owned(),
                |t| crate::inputs::quoted(&t.to_string())
            ),
            self.delivery
                .timestamp()
                .map_or_else(|| "None".to_owned(), |t| t.to_string()),
            self.delivery.key_index()
        )
    }
}
