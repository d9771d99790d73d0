//! What kind of header container a Python type is (Werkzeug's
//! `EnvironHeaders` and `Headers`, Django's `HttpHeaders`, Starlette's
//! `Headers`, any other mapping), worked out once per type, so that
//! [`crate::headers::collect`] reads each in its fastest safe way.

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};

use crate::headers::type_name;

/// How a container type is read; worked out once per type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Werkzeug's `EnvironHeaders` (Flask's `request.headers`): straight
    /// from its WSGI environ dict.
    Environ,
    /// Django's `HttpHeaders` (a `CaseInsensitiveMapping`): straight from
    /// its lower-cased store.
    Store,
    /// Starlette's `Headers` (FastAPI's `request.headers`): its raw ASGI
    /// byte pairs.
    RawPairs,
    /// Werkzeug's list-backed `Headers` (Quart's `request.headers`): its
    /// `(name, value)` list, repeats and every spelling included.
    Pairs,
    /// Any other mapping: one pass over `items()`.
    Items,
}

/// The `Kind` of `mapping`'s type, from a cache of the types seen: finding
/// it walks the class hierarchy, which cost more than a whole verify.
pub fn kind_of(mapping: &Bound<'_, PyAny>) -> PyResult<Kind> {
    /// At most this many types are remembered (a program has a handful).
    const MAX_CACHED: usize = 64;
    static KINDS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    const ORDER: [Kind; 5] = [
        Kind::Environ,
        Kind::Store,
        Kind::RawPairs,
        Kind::Pairs,
        Kind::Items,
    ];
    let py = mapping.py();
    let cache = KINDS.get_or_init(py, || PyDict::new(py).unbind()).bind(py);
    let class = mapping.get_type();
    if let Some(found) = cache.get_item(&class)?
        && let Ok(i) = found.extract::<usize>()
        && let Some(kind) = ORDER.get(i)
    {
        return Ok(*kind);
    }
    let kind = classify(mapping, &class)?;
    if cache.len() < MAX_CACHED {
        let i = ORDER
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(ORDER.len() - 1);
        cache.set_item(&class, i)?;
    }
    Ok(kind)
}

fn classify(mapping: &Bound<'_, PyAny>, class: &Bound<'_, PyType>) -> PyResult<Kind> {
    // The hierarchy is walked from the type itself up, so an EnvironHeaders
    // (a Headers too) is read as one.
    const KNOWN: [(&str, &str, Kind); 3] = [
        ("werkzeug.datastructures", "EnvironHeaders", Kind::Environ),
        ("werkzeug.datastructures", "Headers", Kind::Pairs),
        (
            "django.utils.datastructures",
            "CaseInsensitiveMapping",
            Kind::Store,
        ),
    ];
    let py = mapping.py();
    let mro = class.getattr(intern!(py, "__mro__"))?;
    for base in mro.try_iter()? {
        let base = base?;
        let text = |attr: &Bound<'_, PyString>| -> Option<String> {
            Some(
                base.getattr(attr)
                    .ok()?
                    .cast::<PyString>()
                    .ok()?
                    .to_str()
                    .ok()?
                    .to_owned(),
            )
        };
        let (Some(name), Some(module)) = (
            text(intern!(py, "__qualname__")),
            text(intern!(py, "__module__")),
        ) else {
            continue;
        };
        if let Some((_, _, kind)) = KNOWN
            .iter()
            .find(|(m, n, _)| module.starts_with(m) && name == *n)
        {
            return Ok(*kind);
        }
    }
    let raw_pairs = mapping
        .getattr(intern!(py, "raw"))
        .is_ok_and(|raw| raw.is_instance_of::<PyList>())
        && mapping.hasattr(intern!(py, "getlist"))?;
    Ok(if raw_pairs {
        Kind::RawPairs
    } else {
        Kind::Items
    })
}

/// `mapping.items()`, or the TypeError that says what headers must be.
pub fn items<'py>(mapping: &Bound<'py, PyAny>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    let items = mapping.getattr("items").map_err(|_| {
        PyTypeError::new_err(format!(
            "headers must be a mapping (dict, request.headers), not {}",
            type_name(mapping)
        ))
    })?;
    items.call0()?.try_iter()
}
