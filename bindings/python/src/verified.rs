//! `hookproof.Verified`: a delivery that passed, with its body and metadata.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A genuine delivery. `body` is the raw bytes exactly as verified.
#[pyclass(module = "hookproof", name = "Verified", frozen)]
pub struct PyVerified {
    pub body: Py<PyAny>,
    /// The Webhook's own name object, shared: no string is made per delivery.
    pub scheme: Py<PyString>,
    pub id: Option<String>,
    pub timestamp: Option<i64>,
    pub event: Option<String>,
    pub dedup_key: Option<String>,
    pub key_index: usize,
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

    #[getter]
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    #[getter]
    fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    #[getter]
    fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    #[getter]
    fn dedup_key(&self) -> Option<&str> {
        self.dedup_key.as_deref()
    }

    #[getter]
    fn key_index(&self) -> usize {
        self.key_index
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<hookproof.Verified scheme={} id={} timestamp={} key_index={}>",
            crate::inputs::quoted(&self.scheme.bind(py).to_string()),
            self.id
                .as_deref()
                .map_or_else(|| "None".to_owned(), crate::inputs::quoted),
            self.timestamp
                .map_or_else(|| "None".to_owned(), |t| t.to_string()),
            self.key_index
        )
    }
}
