//! Request headers from any Python `Mapping`: a dict in any key case,
//! Werkzeug's `EnvironHeaders`, Django's `HttpHeaders`, Starlette's `Headers`
//! (repeated headers included), values that are lists of strings.
//!
//! Only the names the scheme needs are picked out; the values stay Python
//! strings, lent to the core without copying. What kind of container a type
//! is gets worked out once per type; the names' Python forms once per
//! `Webhook` ([`Names`]).

use hookproof::{Aligned, HeaderValue};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use smallvec::SmallVec;

use crate::containers::{Kind, items, kind_of};

/// What was found for one needed name.
enum Slot<'py> {
    Missing,
    /// The value's own Python string, with its UTF-8 read once.
    One(PyBackedStr),
    /// The value's own bytes (ASGI), checked to be ASCII: no string is made
    /// for it unless the app asks for a field that lies in it. A `Bound`
    /// (one pointer) keeps `Slot` as small as before; the GIL is held
    /// wherever one is read.
    Bytes(Bound<'py, PyBytes>),
    /// A value that is not valid text (lone surrogates, non-ASCII bytes).
    Unreadable,
    Repeated,
}

/// The needed headers of one request, aligned with `Webhook::header_names`.
/// Up to 6 names live on the stack (presets read 1 to 6).
pub struct Collected<'a, 'py> {
    names: &'a Names,
    slots: SmallVec<[Slot<'py>; 6]>,
}

/// Not ASCII, so the core reports the header as malformed.
const UNREADABLE: &str = "\u{fffd}";

impl Collected<'_, '_> {
    /// The values lent to the core, lined up with the scheme's names.
    pub fn aligned(&self) -> Aligned<'_> {
        let mut aligned = Aligned::new(&self.names.names);
        for (i, slot) in self.slots.iter().enumerate() {
            aligned.set(
                i,
                match slot {
                    Slot::Missing => HeaderValue::Missing,
                    Slot::One(s) => HeaderValue::One(s),
                    Slot::Bytes(b) => HeaderValue::One(ascii(b.as_bytes())),
                    Slot::Unreadable => HeaderValue::One(UNREADABLE),
                    Slot::Repeated => HeaderValue::Repeated,
                },
            );
        }
        aligned
    }
}

impl Collected<'_, '_> {
    /// The same headers as owned strings, for verifying without the GIL.
    pub fn to_owned_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (name, slot) in self.names.names.iter().zip(&self.slots) {
            match slot {
                Slot::Missing => {}
                Slot::One(s) => pairs.push((name.clone(), (**s).to_owned())),
                Slot::Bytes(b) => pairs.push((name.clone(), ascii(b.as_bytes()).to_owned())),
                Slot::Unreadable => pairs.push((name.clone(), UNREADABLE.to_owned())),
                Slot::Repeated => {
                    pairs.push((name.clone(), String::new()));
                    pairs.push((name.clone(), String::new()));
                }
            }
        }
        pairs
    }

    /// The value object of header `slot` (its own `str`, or its ASCII
    /// `bytes` from ASGI), for a `Verified` to keep: a field of the
    /// delivery that lies in it becomes a string only if the app asks.
    pub fn value_at(&self, py: Python<'_>, slot: usize) -> Option<Py<PyAny>> {
        match self.slots.get(slot)? {
            Slot::One(value) => match value.into_pyobject(py) {
                Ok(object) => Some(object.into_any().unbind()),
                Err(never) => match never {},
            },
            Slot::Bytes(value) => Some(value.clone().into_any().unbind()),
            Slot::Missing | Slot::Unreadable | Slot::Repeated => None,
        }
    }
}

/// The name and value of one `(name, value)` pair: a tuple, as Werkzeug,
/// Starlette and the servers make them, or any two-item sequence (ASGI
/// allows that).
fn pair_items<'py>(pair: &Bound<'py, PyAny>) -> Option<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    // A tuple or a list of two (ASGI allows either); a string or any other
    // sequence is not a pair, however it indexes.
    if let Ok(tuple) = pair.cast::<PyTuple>() {
        return (tuple.len() == 2)
            .then(|| Some((tuple.get_item(0).ok()?, tuple.get_item(1).ok()?)))?;
    }
    let list = pair.cast::<PyList>().ok()?;
    (list.len() == 2).then(|| Some((list.get_item(0).ok()?, list.get_item(1).ok()?)))?
}

/// The text of bytes checked to be ASCII when they were collected.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or(UNREADABLE)
}

/// A scheme's header names in the forms the containers are read with,
/// made once per `Webhook`.
pub struct Names {
    /// Lower case, in `Webhook::header_names` order.
    names: Vec<String>,
    /// The same as Python strings: the keys of Django's header store.
    lower: Vec<Py<PyString>>,
    /// Their WSGI environ keys (`HTTP_X_…`, `CONTENT_TYPE`), which Werkzeug's
    /// `EnvironHeaders` reads.
    wsgi: Vec<Py<PyString>>,
    /// Bit `n` set when a name is `n` bytes long; `None` (compare every
    /// key) when a name is 128 bytes or longer.
    lengths: Option<u128>,
}

impl Names {
    /// The forms of `names` (lower case, as `Webhook::header_names` gives).
    pub fn new(py: Python<'_>, names: &[String]) -> Self {
        let wsgi_key = |name: &str| {
            let key = name.to_ascii_uppercase().replace('-', "_");
            match key.as_str() {
                // PEP 3333: the two headers without the HTTP_ prefix.
                "CONTENT_TYPE" | "CONTENT_LENGTH" => key,
                _ => format!("HTTP_{key}"),
            }
        };
        Self {
            names: names.to_vec(),
            lower: names
                .iter()
                .map(|n| PyString::intern(py, n).unbind())
                .collect(),
            wsgi: names
                .iter()
                .map(|n| PyString::intern(py, &wsgi_key(n)).unbind())
                .collect(),
            lengths: names.iter().try_fold(0u128, |bits, n| {
                let bit = 1u128.checked_shl(u32::try_from(n.len()).ok()?)?;
                Some(bits | bit)
            }),
        }
    }
}

/// Reads the headers in `names` from `mapping`.
pub fn collect<'a, 'py>(
    mapping: &Bound<'py, PyAny>,
    names: &'a Names,
) -> PyResult<Collected<'a, 'py>> {
    let mut out = Collected {
        names,
        slots: names.names.iter().map(|_| Slot::Missing).collect(),
    };
    if let Ok(dict) = mapping.cast::<PyDict>() {
        for (key, value) in dict.iter() {
            out.visit(&key, &value)?;
        }
        return Ok(out);
    }
    let py = mapping.py();
    match kind_of(mapping)? {
        // WSGI servers merge repeated headers, so one value per name is all
        // there is. Asking the container's get() instead ran Python code per
        // name (EnvironHeaders walked the whole environ before: 6 µs).
        Kind::Environ => {
            if let Ok(environ) = mapping.getattr(intern!(py, "environ"))
                && let Ok(environ) = environ.cast::<PyDict>()
            {
                for (i, key) in names.wsgi.iter().enumerate() {
                    if let Some(value) = environ.get_item(key)? {
                        out.add(i, &value)?;
                    }
                }
                return Ok(out);
            }
        }
        // Django's store maps each lower-cased name to (name, value); Django
        // merges repeated headers like WSGI.
        Kind::Store => {
            if let Ok(store) = mapping.getattr(intern!(py, "_store"))
                && let Ok(store) = store.cast::<PyDict>()
            {
                let mut as_expected = true;
                for (i, key) in names.lower.iter().enumerate() {
                    let Some(entry) = store.get_item(key)? else {
                        continue;
                    };
                    // Each entry is `(name as sent, value)` in every Django
                    // from 4.2 on; anything else is read through items().
                    match entry.cast::<PyTuple>() {
                        Ok(pair) if pair.len() == 2 => out.add(i, &pair.get_item(1)?)?,
                        _ => {
                            as_expected = false;
                            break;
                        }
                    }
                }
                if as_expected {
                    return Ok(out);
                }
                out.reset();
            }
        }
        // Starlette keeps the ASGI pairs as bytes in `.raw`: read those
        // directly rather than have items() decode every header in Python
        // code (5.0 µs a request before).
        Kind::RawPairs => {
            // `_list` is what Starlette's `raw` property returns; reading it
            // skips running that property's Python code (~100 ns).
            let raw = mapping
                .getattr(intern!(py, "_list"))
                .or_else(|_| mapping.getattr(intern!(py, "raw")));
            if let Ok(raw) = raw
                && let Ok(list) = raw.cast::<PyList>()
            {
                let mut as_expected = true;
                for pair in list.iter() {
                    if !out.visit_raw(&pair)? {
                        as_expected = false;
                        break;
                    }
                }
                if as_expected {
                    return Ok(out);
                }
                out.reset();
            }
        }
        // What Werkzeug's items() walks, without its Python generator (2.2×
        // the time of a dict before).
        Kind::Pairs => {
            if let Ok(list) = mapping.getattr(intern!(py, "_list"))
                && let Ok(list) = list.cast::<PyList>()
            {
                let mut as_expected = true;
                for pair in list.iter() {
                    let Some((key, value)) = pair_items(&pair) else {
                        as_expected = false;
                        break;
                    };
                    out.visit(&key, &value)?;
                }
                if as_expected {
                    return Ok(out);
                }
                out.reset();
            }
        }
        Kind::Items => {}
    }
    // Any other mapping, and the above when their insides are not as
    // expected: one pass over items(), which sees repeats in any spelling.
    for item in items(mapping)? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        out.visit(&key, &value)?;
    }
    Ok(out)
}

impl<'py> Collected<'_, 'py> {
    fn visit(&mut self, key: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        let Ok(key) = key.cast::<PyString>() else {
            return Ok(());
        };
        // A name is ASCII, so a key of another length in characters is not
        // one: skip it unread (a request's other headers, most of a dict,
        // cost ~16 ns each to decode and compare).
        if let Ok(chars) = key.code_point_len()
            && !self.may_match(chars)
        {
            return Ok(());
        }
        let Ok(key) = key.to_str() else { return Ok(()) };
        if let Some(i) = self.slot_of(key.as_bytes()) {
            self.add(i, value)?;
        }
        Ok(())
    }

    /// The index of the name `key` spells, in any case.
    fn slot_of(&self, key: &[u8]) -> Option<usize> {
        self.names
            .names
            .iter()
            .position(|n| key.eq_ignore_ascii_case(n.as_bytes()))
    }

    /// Whether a key `len` characters long can be one of the names (they
    /// are ASCII, so characters and bytes agree).
    fn may_match(&self, len: usize) -> bool {
        self.names.lengths.is_none_or(|lengths| {
            u32::try_from(len)
                .ok()
                .and_then(|len| lengths.checked_shr(len))
                .is_some_and(|bits| bits & 1 == 1)
        })
    }

    /// One ASGI `(name, value)` pair of bytes.
    /// One ASGI `(name, value)` byte pair; `Ok(false)` when `pair` is not
    /// one (Starlette changed its insides), for the caller to read the
    /// container through `items()` instead.
    fn visit_raw(&mut self, pair: &Bound<'py, PyAny>) -> PyResult<bool> {
        let Some((key, value)) = pair_items(pair) else {
            return Ok(false);
        };
        let Ok(key) = key.cast::<PyBytes>() else {
            return Ok(false);
        };
        let key = key.as_bytes();
        if !self.may_match(key.len()) {
            return Ok(true);
        }
        if let Some(i) = self.slot_of(key) {
            self.add(i, &value)?;
        }
        Ok(true)
    }

    /// Forgets what a fast path found, before reading `items()` instead.
    fn reset(&mut self) {
        self.slots.iter_mut().for_each(|slot| *slot = Slot::Missing);
    }

    fn add(&mut self, i: usize, value: &Bound<'py, PyAny>) -> PyResult<()> {
        let new = if let Ok(s) = value.cast::<PyString>() {
            PyBackedStr::try_from(s.clone()).map_or(Slot::Unreadable, Slot::One)
        } else if let Ok(b) = value.cast::<PyBytes>() {
            // Raw header bytes (ASGI scopes): only ASCII is ever genuine.
            if b.as_bytes().is_ascii() {
                Slot::Bytes(b.clone())
            } else {
                Slot::Unreadable
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
