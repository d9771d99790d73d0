//! `hookproof.Verified`: a delivery that passed, with its body and metadata.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use hookproof::{BodyReads, FromBody};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A text field of a genuine delivery, kept in the form that cost nothing to
/// keep: most are a header value the request already holds as a Python
/// string, or a part of one (the id without its attempt number), which
/// becomes a new string only when the app asks for it; a field of the JSON
/// body is read from the body only then.
///
/// Kept to 24 bytes (a `PyBackedStr` and a `Range<usize>` made it 48), so
/// that the result object fits in 128 bytes: it is moved a few times on
/// its way into Python, and at that size two of those moves are vector
/// stores instead of calls to `memcpy` (callgrind, empty-body cloro verify:
/// 12,150 -> 12,087 instructions).
pub enum Text {
    /// A header value's own string.
    Whole(Py<PyString>),
    /// A byte range of a header value's string.
    Part(Py<PyString>, Span),
    /// A byte range of a header value's ASCII bytes (ASGI).
    Bytes(Py<PyBytes>, Span),
    /// Text copied to verify without the GIL.
    Owned(Box<str>),
    /// A field of the JSON body, read on access by the scheme's rule
    /// (shared with the `Webhook`, which made it once).
    BodyField(Arc<BodyReads>),
}

// The sizes the doc comment above relies on.
const _: () = assert!(std::mem::size_of::<Option<Text>>() == 24);
const _: () = assert!(std::mem::size_of::<PyVerified>() <= 128);

/// A byte range of a header value, which is at most 8 KiB
/// (`hookproof::MAX_HEADER_LEN`).
#[derive(Clone, Copy)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// `range` when both ends fit (always, for a header value).
    pub fn new(range: &Range<usize>) -> Option<Self> {
        Some(Self {
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }

    fn range(self) -> Range<usize> {
        // u32 to usize is lossless on every target Python runs on.
        self.start as usize..self.end as usize
    }
}

impl Text {
    /// The text; `None` for a body field absent from the body.
    fn to_object<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        let text = match self {
            Self::Whole(s) => return Some(s.bind(py).clone()),
            Self::Part(s, span) => s
                .bind(py)
                .to_str()
                .ok()?
                .get(span.range())
                .unwrap_or_default(),
            Self::Bytes(b, span) => b
                .bind(py)
                .as_bytes()
                .get(span.range())
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Self::Owned(s) => s,
            // Read through `PyVerified::body_values`, which owns the cache.
            Self::BodyField(_) => return None,
        };
        Some(PyString::new(py, text))
    }
}

/// A genuine delivery. `body` is the raw bytes exactly as verified.
#[pyclass(module = "hookproof", name = "Verified", frozen)]
pub struct PyVerified {
    pub body: Py<PyAny>,
    /// The Webhook's own name object, shared: no string is made per delivery.
    pub scheme: Py<PyString>,
    pub id: Option<Text>,
    pub timestamp: Option<i64>,
    pub event: Option<Text>,
    pub dedup_key: Option<Text>,
    pub key_index: usize,
    /// The event and dedup key where they are body fields, read together
    /// on the first access of either: one parse of the body for both, and
    /// none for the next access (a 1 KiB Stripe event parses in ~0.7 µs).
    /// (Boxed: most deliveries never fill it.)
    pub from_body: OnceLock<Box<FromBody>>,
}

impl PyVerified {
    fn body_values(&self, py: Python<'_>) -> &FromBody {
        self.from_body.get_or_init(|| {
            let body = self.body.bind(py);
            let bytes = match (body.cast::<PyBytes>(), body.cast::<PyString>()) {
                (Ok(b), _) => b.as_bytes(),
                (_, Ok(s)) => s.to_str().map(str::as_bytes).unwrap_or_default(),
                _ => b"",
            };
            let id = self.id(py);
            let id = id.as_ref().and_then(|s| s.to_str().ok());
            let reads = [&self.event, &self.dedup_key]
                .into_iter()
                .find_map(|text| match text {
                    Some(Text::BodyField(reads)) => Some(reads),
                    _ => None,
                });
            let event = matches!(self.event, Some(Text::BodyField(_)));
            Box::new(reads.map_or_else(
                || FromBody {
                    event: None,
                    dedup_key: Ok(None),
                },
                |r| r.read(bytes, event, id),
            ))
        })
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

    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.id.as_ref()?.to_object(py)
    }

    #[getter]
    fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    #[getter]
    fn event<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        match self.event.as_ref()? {
            Text::BodyField(_) => Some(PyString::new(py, self.body_values(py).event.as_deref()?)),
            other => other.to_object(py),
        }
    }

    /// Raises `MalformedHeaderError` when the id header disagrees with the
    /// key the signed body carries (cloro): the header was changed after
    /// signing, and the delivery cannot be deduplicated.
    #[getter]
    fn dedup_key<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyString>>> {
        let Some(text) = self.dedup_key.as_ref() else {
            return Ok(None);
        };
        Ok(match text {
            Text::BodyField(_) => match &self.body_values(py).dedup_key {
                Ok(key) => key.as_deref().map(|k| PyString::new(py, k)),
                Err(e) => return Err(crate::errors::verify_error(e)),
            },
            other => other.to_object(py),
        })
    }

    #[getter]
    fn key_index(&self) -> usize {
        self.key_index
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<hookproof.Verified scheme={} id={} timestamp={} key_index={}>",
            crate::inputs::quoted(&self.scheme.bind(py).to_string()),
            self.id(py).map_or_else(
                || "None".to_owned(),
                |t| crate::inputs::quoted(&t.to_string())
            ),
            self.timestamp
                .map_or_else(|| "None".to_owned(), |t| t.to_string()),
            self.key_index
        )
    }
}
