//! Python arguments in, core types out: bodies, secrets, tolerances, times.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyFloat, PyList, PyMemoryView, PyString, PyTuple};
use pyo3::{Borrowed, FromPyObject};

use crate::errors::configuration;
use crate::headers::type_name;

/// A request body, borrowed where Python allows it.
pub enum Body<'py> {
    /// `bytes`: read in place.
    Bytes(Bound<'py, PyBytes>),
    /// `str`: its UTF-8 form, read in place.
    Str(Bound<'py, PyString>),
}

impl<'py> Body<'py> {
    /// Accepts bytes, bytearray, memoryview (copied once into `bytes`: a
    /// bytearray or a writable buffer could change while the GIL is released
    /// for a large body) or str (UTF-8).
    pub fn new(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Self::Bytes(b.clone()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            s.to_str().map_err(|_| {
                PyTypeError::new_err(
                    "the body str is not valid Unicode text; pass the raw request bytes",
                )
            })?;
            return Ok(Self::Str(s.clone()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Self::Bytes(PyBytes::new(obj.py(), &b.to_vec())));
        }
        if obj.is_instance_of::<PyMemoryView>() {
            return Ok(Self::Bytes(
                obj.call_method0("tobytes")?.cast_into::<PyBytes>()?,
            ));
        }
        Err(PyTypeError::new_err(format!(
            "body must be bytes, bytearray, memoryview or str, not {}",
            type_name(obj)
        )))
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            Self::Bytes(b) => b.as_bytes(),
            Self::Str(s) => s.to_str().map(str::as_bytes).unwrap_or_default(),
        }
    }

    /// The object to keep as `Verified.body`.
    pub fn into_object(self) -> Py<PyAny> {
        match self {
            Self::Bytes(b) => b.into_any().unbind(),
            Self::Str(s) => s.into_any().unbind(),
        }
    }
}

/// One or more secrets: str, bytes, `hookproof.Secret`, or a list/tuple of
/// them. Anything else (most often `None` from an unset `os.environ.get`)
/// is a configuration error that says so.
pub fn secrets(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    Ok(secrets_with_expiry(obj)?.0)
}

/// Secrets' bytes, and each one's `not_after` beside them.
pub type DatedSecrets = (Vec<Vec<u8>>, Vec<Option<i64>>);

/// [`secrets`], with each one's `not_after` (`None` unless it came as a
/// `hookproof.Secret` that has one).
pub fn secrets_with_expiry(obj: &Bound<'_, PyAny>) -> PyResult<DatedSecrets> {
    let one = |item: &Bound<'_, PyAny>| -> PyResult<(Vec<u8>, Option<i64>)> {
        if let Ok(s) = item.cast::<crate::secret::PySecret>() {
            let s = s.get();
            return Ok((s.value.to_vec(), s.not_after));
        }
        Ok((one_secret(item)?, None))
    };
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        obj.try_iter()?.map(|item| one(&item?)).collect()
    } else {
        Ok(vec![one(obj)?])
    }
    .map(|pairs: Vec<_>| pairs.into_iter().unzip())
}

/// One secret's bytes: str (UTF-8) or bytes.
pub fn one_secret(item: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = item.cast::<PyString>() {
        return s.to_str().map(|s| s.as_bytes().to_vec()).map_err(|_| {
            configuration(
                "the secret is not valid Unicode text".into(),
                "invalid_secret",
            )
        });
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    let hint = if item.is_none() {
        " (is the environment variable set?)"
    } else {
        ""
    };
    Err(configuration(
        format!(
            "a secret must be str, bytes or hookproof.Secret, not {}{hint}",
            type_name(item)
        ),
        "invalid_secret",
    ))
}

/// The `tolerance=` argument: absent (the scheme's default), `None` (off) or
/// whole seconds.
pub enum Tolerance<'py> {
    Default,
    Given(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Tolerance<'py> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Self::Given(obj.to_owned()))
    }
}

/// Whether `obj` is `hookproof.SCHEME_DEFAULT` (`hookproof/_defaults.py`,
/// which says why it is a `str`): compared by identity, never by text.
fn is_scheme_default(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if !obj.is_instance_of::<pyo3::types::PyString>() {
        return Ok(false);
    }
    let sentinel = obj
        .py()
        .import("hookproof._defaults")?
        .getattr("SCHEME_DEFAULT")?;
    Ok(obj.is(&sentinel))
}

impl Tolerance<'_> {
    /// `Ok(None)`: keep the scheme's default; `Ok(Some(t))`: use `t`.
    pub fn resolve(&self) -> PyResult<Option<Option<u64>>> {
        let Self::Given(obj) = self else {
            return Ok(None);
        };
        if is_scheme_default(obj)? {
            return Ok(None);
        }
        if obj.is_none() {
            return Ok(Some(None));
        }
        if obj.is_instance_of::<pyo3::types::PyBool>() || obj.is_instance_of::<PyFloat>() {
            return Err(configuration(
                format!(
                    "tolerance is whole seconds (int) or None, not {}",
                    type_name(obj)
                ),
                "invalid_argument",
            ));
        }
        match obj.extract::<u64>() {
            Ok(seconds) => Ok(Some(Some(seconds))),
            Err(_) => Err(configuration(
                "tolerance is a non-negative whole number of seconds, or None to turn the check off"
                    .into(),
                "invalid_argument",
            )),
        }
    }
}

/// A time argument in unix seconds: int, or a float such as `time.time()`
/// (floored). `None` means "now".
pub fn unix_seconds(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<i64>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} is unix seconds, not a bool"
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        // i64::MAX as f64 rounds up to 2^63, so compare with `<`.
        if v.is_finite() && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            #[allow(clippy::cast_possible_truncation, reason = "range checked just above")]
            return Ok(Some(v.floor() as i64));
        }
        return Err(PyValueError::new_err(format!("{what} is out of range")));
    }
    match obj.extract::<i64>() {
        Ok(v) => Ok(Some(v)),
        Err(_) if obj.is_instance_of::<pyo3::types::PyInt>() => {
            Err(PyValueError::new_err(format!("{what} is out of range")))
        }
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} is unix seconds (int), not {}",
            type_name(obj)
        ))),
    }
}

/// A string as Python's `repr` writes a simple ASCII str: `'text'`.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A str or a list of str (`audience`, `topic`); `None` is none.
pub fn strings(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.to_str()?.to_owned()]);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj
            .try_iter()?
            .map(|item| {
                item?.extract::<String>().map_err(|_| {
                    configuration(
                        format!("{what} is a str or a list of str"),
                        "invalid_argument",
                    )
                })
            })
            .collect();
    }
    Err(configuration(
        format!("{what} is a str or a list of str, not {}", type_name(obj)),
        "invalid_argument",
    ))
}
