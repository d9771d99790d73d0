//! `hookproof.Scheme`: a custom scheme, from keyword arguments or JSON text.

use hookproof::Scheme;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::config_error;

/// How a sender signs. `Scheme(name=..., signature_header=..., ...)` takes the
/// fields of the JSON form (see the docs); `Scheme.from_json(text)` reads it;
/// `Scheme.preset("cloro")` returns a preset.
#[pyclass(module = "hookproof", name = "Scheme", frozen)]
pub struct PyScheme {
    pub inner: Scheme,
}

#[pymethods]
impl PyScheme {
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let fields = match fields {
            Some(f) => f.clone(),
            None => PyDict::new(py),
        };
        let text: String = py
            .import("json")?
            .call_method1("dumps", (fields,))?
            .extract()?;
        Self::from_json(&text)
    }

    /// Reads the JSON form.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Scheme::from_json(text)
            .map(|inner| Self { inner })
            .map_err(config_error)
    }

    /// A preset by name.
    #[staticmethod]
    fn preset(name: &str) -> PyResult<Self> {
        hookproof::presets::get(name)
            .map(|inner| Self { inner })
            .map_err(config_error)
    }

    /// The JSON form.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    #[getter]
    fn description(&self) -> &str {
        self.inner.description()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hookproof.Scheme {}>",
            crate::inputs::quoted(self.inner.name())
        )
    }
}
