//! `hookproof.Secret`: a secret with the last second it verifies
//! (`not_after`), for a rotation that retires the old secret on a date.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use zeroize::Zeroizing;

use crate::headers::type_name;
use crate::inputs;

/// `Secret(value, *, not_after=None)`: `value` as any secret (str or bytes),
/// `not_after` unix seconds (int) or a timezone-aware `datetime`. Its
/// `repr` never shows the value, and the value is wiped when it is freed.
#[pyclass(module = "hookproof", name = "Secret", frozen)]
pub struct PySecret {
    pub(crate) value: Zeroizing<Vec<u8>>,
    pub(crate) not_after: Option<i64>,
}

#[pymethods]
impl PySecret {
    #[new]
    #[pyo3(signature = (value, *, not_after = None), text_signature = "(value, *, not_after=None)")]
    fn new(value: &Bound<'_, PyAny>, not_after: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(Self {
            value: Zeroizing::new(inputs::one_secret(value)?),
            not_after: not_after_seconds(not_after)?,
        })
    }

    /// The last unix second the secret verifies; `None`: no end.
    #[getter]
    fn not_after(&self) -> Option<i64> {
        self.not_after
    }

    fn __repr__(&self) -> String {
        match self.not_after {
            Some(t) => format!("<hookproof.Secret not_after={t} (value hidden)>"),
            None => "<hookproof.Secret (value hidden)>".to_owned(),
        }
    }
}

/// `not_after=`: unix seconds, or an aware `datetime` (a naive one would be
/// read in the server's local time zone, which is never what a rotation
/// date means).
fn not_after_seconds(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if obj.hasattr("tzinfo")? && obj.hasattr("timestamp")? {
        if obj.getattr("tzinfo")?.is_none() {
            return Err(PyTypeError::new_err(
                "not_after is a timezone-aware datetime (e.g. tzinfo=timezone.utc), not a naive one",
            ));
        }
        return inputs::unix_seconds(Some(&obj.call_method0("timestamp")?), "not_after");
    }
    if !obj.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "not_after is unix seconds (int) or an aware datetime, not {}",
            type_name(obj)
        )));
    }
    inputs::unix_seconds(Some(obj), "not_after")
}
