//! Request headers from any Python `Mapping`: a dict in any key case,
//! Werkzeug's `EnvironHeaders`, Django's `HttpHeaders`, Starlette's `Headers`
//! (repeated headers included), values that are lists of strings.
//!
//! One pass over the items picks out only the names the scheme needs; the
//! values stay Python strings, lent to the core without copying.

use hookproof::{Aligned, HeaderValue};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use smallvec::SmallVec;

use crate::verified::Text;

/// What was found for one needed name.
enum Slot {
    Missing,
    /// The value's own Python string, with its UTF-8 read once.
    One(PyBackedStr),
    /// A value that is not valid text (lone surrogates, non-ASCII bytes).
    Unreadable,
    Repeated,
}

/// The needed headers of one request, aligned with `Webhook::header_names`.
/// Up to 6 names live on the stack (presets read 1 to 6).
pub struct Collected<'a> {
    names: &'a [String],
    slots: SmallVec<[Slot; 6]>,
    /// Bit `n` set when a name is `n` bytes long; `None` (compare every
    /// key) when a name is 128 bytes or longer.
    lengths: Option<u128>,
}

/// Not ASCII, so the core reports the header as malformed.
const UNREADABLE: &str = "\u{fffd}";

impl Collected<'_> {
    /// The values lent to the core, lined up with the scheme's names.
    pub fn aligned(&self) -> Aligned<'_> {
        let mut aligned = Aligned::new(self.names);
        for (i, slot) in self.slots.iter().enumerate() {
            aligned.set(
                i,
                match slot {
                    Slot::Missing => HeaderValue::Missing,
                    Slot::One(s) => HeaderValue::One(s),
                    Slot::Unreadable => HeaderValue::One(UNREADABLE),
                    Slot::Repeated => HeaderValue::Repeated,
                },
            );
        }
        aligned
    }
}

impl Collected<'_> {
    /// The same headers as owned strings, for verifying without the GIL.
    pub fn to_owned_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (name, slot) in self.names.iter().zip(&self.slots) {
            match slot {
                Slot::Missing => {}
                Slot::One(s) => pairs.push((name.clone(), (**s).to_owned())),
                Slot::Unreadable => pairs.push((name.clone(), UNREADABLE.to_owned())),
                Slot::Repeated => {
                    pairs.push((name.clone(), String::new()));
                    pairs.push((name.clone(), String::new()));
                }
            }
        }
        pairs
    }

    /// `text` (which the core lent from one of these values, or read from
    /// the body) as a `Text`: a header's own string object where it can be,
    /// so a verify makes no new Python string.
    pub fn text_of(&self, py: Python<'_>, text: &str) -> Text {
        for slot in &self.slots {
            let Slot::One(value) = slot else { continue };
            let whole: &str = value;
            let start = (text.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
            if start <= whole.len() && text.len() <= whole.len() - start {
                return if text.len() == whole.len() {
                    Text::Whole(value.clone_ref(py))
                } else {
                    Text::Part(value.clone_ref(py), start..start + text.len())
                };
            }
        }
        Text::Owned(text.to_owned())
    }
}

/// Reads the headers in `names` (lower case) from `mapping`.
pub fn collect<'a>(mapping: &Bound<'_, PyAny>, names: &'a [String]) -> PyResult<Collected<'a>> {
    let mut out = Collected {
        names,
        slots: names.iter().map(|_| Slot::Missing).collect(),
        lengths: names.iter().try_fold(0u128, |bits, n| {
            let bit = 1u128.checked_shl(u32::try_from(n.len()).ok()?)?;
            Some(bits | bit)
        }),
    };
    if let Ok(dict) = mapping.cast::<PyDict>() {
        for (key, value) in dict.iter() {
            out.visit(&key, &value)?;
        }
        return Ok(out);
    }
    // Framework containers are case-insensitive: ask them for the few names
    // instead of iterating every header in Python code (Werkzeug's
    // EnvironHeaders walks the whole WSGI environ: 6 µs a request, measured).
    // WSGI servers and Django merge repeated headers, so their containers
    // hold one value per name and `get` sees everything.
    if is_single_valued(mapping) {
        for (i, name) in names.iter().enumerate() {
            out.add(i, &mapping.call_method1("get", (name,))?)?;
        }
        return Ok(out);
    }
    // Starlette's Headers (FastAPI's request.headers) keep the ASGI pairs as
    // bytes in `.raw`: read those directly rather than have items() decode
    // every header in Python code (5.0 µs a request before).
    if let Ok(raw) = mapping.getattr("raw")
        && let Ok(list) = raw.cast::<pyo3::types::PyList>()
        && mapping.hasattr("getlist")?
    {
        for pair in list.iter() {
            let Ok((key, value)) = pair.extract::<(Bound<'_, PyBytes>, Bound<'_, PyAny>)>() else {
                continue;
            };
            let Ok(key) = std::str::from_utf8(key.as_bytes()) else {
                continue;
            };
            if let Some(i) = names.iter().position(|n| key.eq_ignore_ascii_case(n)) {
                out.add(i, &value)?;
            }
        }
        return Ok(out);
    }
    // Others (Werkzeug's Headers, any Mapping): one pass over
    // items(), which sees repeats in any spelling; measured faster than a
    // getlist() per name for the list-backed containers.
    for item in items(mapping)? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        out.visit(&key, &value)?;
    }
    Ok(out)
}

/// `mapping.items()`, or the TypeError that says what headers must be.
fn items<'py>(mapping: &Bound<'py, PyAny>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    let items = mapping.getattr("items").map_err(|_| {
        PyTypeError::new_err(format!(
            "headers must be a mapping (dict, request.headers), not {}",
            type_name(mapping)
        ))
    })?;
    items.call0()?.try_iter()
}

/// Case-insensitive containers with one value per name: Django's
/// `request.headers` (`CaseInsensitiveMapping`) and Werkzeug's
/// `EnvironHeaders` (Flask's `request.headers`).
fn is_single_valued(mapping: &Bound<'_, PyAny>) -> bool {
    const KNOWN: [(&str, &str); 2] = [
        ("django.utils.datastructures", "CaseInsensitiveMapping"),
        ("werkzeug.datastructures", "EnvironHeaders"),
    ];
    let Ok(mro) = mapping.get_type().getattr("__mro__") else {
        return false;
    };
    let Ok(classes) = mro.try_iter() else {
        return false;
    };
    classes.flatten().any(|class| {
        let name = class
            .getattr("__qualname__")
            .map(|n| n.to_string())
            .unwrap_or_default();
        let module = class
            .getattr("__module__")
            .map(|m| m.to_string())
            .unwrap_or_default();
        KNOWN
            .iter()
            .any(|(m, n)| module.starts_with(m) && name == *n)
    })
}

impl Collected<'_> {
    fn visit(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok(key) = key.cast::<PyString>() else {
            return Ok(());
        };
        // A name is ASCII, so a key of another length in characters is not
        // one: skip it unread (a request's other headers, most of a dict,
        // cost ~16 ns each to decode and compare).
        if let (Some(lengths), Ok(chars)) = (self.lengths, key.code_point_len())
            && u32::try_from(chars)
                .ok()
                .and_then(|c| lengths.checked_shr(c))
                .is_none_or(|bits| bits & 1 == 0)
        {
            return Ok(());
        }
        let Ok(key) = key.to_str() else { return Ok(()) };
        if let Some(i) = self.names.iter().position(|n| key.eq_ignore_ascii_case(n)) {
            self.add(i, value)?;
        }
        Ok(())
    }

    fn add(&mut self, i: usize, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let new = if let Ok(s) = value.cast::<PyString>() {
            PyBackedStr::try_from(s.clone()).map_or(Slot::Unreadable, Slot::One)
        } else if let Ok(b) = value.cast::<PyBytes>() {
            // Raw header bytes (ASGI scopes): only ASCII is ever genuine.
            match std::str::from_utf8(b.as_bytes()) {
                Ok(text) if text.is_ascii() => PyString::new(value.py(), text)
                    .try_into()
                    .map_or(Slot::Unreadable, Slot::One),
                _ => Slot::Unreadable,
            }
        } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            for item in value.try_iter()? {
                self.add(i, &item?)?;
            }
            return Ok(());
        } else if value.is_none() {
            return Ok(());
        } else {
            return Err(PyTypeError::new_err(format!(
                "header values must be str (or a list of str), not {}",
                type_name(value)
            )));
        };
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = match slot {
                Slot::Missing => new,
                _ => Slot::Repeated,
            };
        }
        Ok(())
    }
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// Every header of `mapping` as owned `(name, value)` pairs, for `explain`,
/// which tries other schemes and so needs more than one scheme's names.
/// Values that are not text are skipped; lists give one pair per item.
pub fn collect_all(mapping: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for item in items(mapping)? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let Ok(key) = key.extract::<String>() else {
            continue;
        };
        if let Ok(text) = value.extract::<String>() {
            pairs.push((key, text));
        } else if let Ok(list) = value.extract::<Vec<String>>() {
            pairs.extend(list.into_iter().map(|v| (key.clone(), v)));
        }
    }
    Ok(pairs)
}
