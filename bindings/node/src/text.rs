//! The header values, given as separate JS strings, as the NUL-joined bytes
//! the core reads.
//!
//! This file holds the binding's one `unsafe` block: the N-API call that
//! copies a string's UTF-16 units into a buffer the caller owns. Why not
//! napi-rs's own read (`JsString::into_utf16`): it asks V8 for the length
//! in a first call, then zero-fills a heap vector for a second; the
//! allocation and free alone were ~700 of the ~5,900 instructions the addon
//! spent on a verify besides hashing (callgrind, Node 20, napi 3.12). Why
//! separate strings rather than one joined in JavaScript: a joined string
//! is a V8 cons string, which the read must first flatten into a new heap
//! string, and the garbage of both cost ~225 ns a call (a verify with an
//! already flat string ran 987 -> 762 ns), where a request's own header
//! strings are read in place.

use napi::bindgen_prelude::{JsValue as _, Unknown};
use napi::sys;

use crate::errors::{Code, invalid_argument};

/// UTF-16 units read onto the stack. A cloro delivery's three values are
/// ~100; Standard Webhooks' header with a rotated second signature ~200.
/// Longer texts are read into the heap.
const UNITS: usize = 512;

/// What a non-ASCII UTF-16 unit becomes: DEL, a control character the core
/// refuses in any header it reads. One byte for one unit keeps the values'
/// offsets, and nothing outside ASCII reaches the core in any form.
const NOT_ASCII: u8 = 0x7f;

/// [`NOT_ASCII`] as a UTF-16 unit: what a NUL inside a value becomes.
const DEL: u16 = 0x7f;

/// Where the header values' bytes are put: on the caller's stack for a
/// request's few values (a heap buffer, zeroed, then freed, was ~5 % of a
/// call), on the heap past [`UNITS`].
pub struct HeaderBytes {
    short: [u8; UNITS],
    long: Vec<u8>,
}

impl HeaderBytes {
    pub const fn new() -> Self {
        Self {
            short: [0; UNITS],
            long: Vec::new(),
        }
    }
}

/// `values` (JS strings) joined by NUL as text in `buf`, read as UTF-16
/// (exact; Latin-1 would fold wider characters into ASCII ones). In the
/// first `nul_free` values a NUL of their own (never genuine) becomes DEL,
/// which the core refuses: a caller that finds more NULs than separators
/// reads them again so. Not on every read: that pass cost ~280
/// instructions a verify (callgrind).
pub fn header_text<'b>(
    values: &[Unknown<'_>],
    nul_free: usize,
    buf: &'b mut HeaderBytes,
) -> napi::Result<&'b str, Code> {
    let mut units = [0u16; UNITS];
    let bytes: &[u8] = if let Some(len) = join_into(values, nul_free, &mut units)? {
        let short = buf.short.get_mut(..len).unwrap_or_default();
        to_ascii(short, units.get(..len).unwrap_or_default());
        short
    } else {
        // Room for a NUL after the last value too, so that it is not taken
        // for cut.
        let mut all = vec![0u16; joined_len(values)? + 2];
        let len = join_into(values, nul_free, &mut all)?.ok_or_else(not_strings)?;
        all.truncate(len);
        buf.long.resize(len, 0);
        to_ascii(&mut buf.long, &all);
        &buf.long
    };
    std::str::from_utf8(bytes).map_err(|_| not_strings())
}

fn not_strings() -> napi::Error<Code> {
    invalid_argument("header values must be strings")
}

/// Writes `values` into `units`, a 0 between each two, and gives the length
/// written; `None` when they may not have fitted (V8 cuts what does not).
/// In the first `nul_free` values a 0 becomes DEL.
fn join_into(
    values: &[Unknown<'_>],
    nul_free: usize,
    units: &mut [u16],
) -> napi::Result<Option<usize>, Code> {
    let mut at = 0;
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            let Some(separator) = units.get_mut(at) else {
                return Ok(None);
            };
            *separator = 0;
            at += 1;
        }
        let rest = units.get_mut(at..).unwrap_or_default();
        let room = rest.len();
        let copied = utf16(value, Some(rest)).ok_or_else(not_strings)?;
        // N-API ends what it copies with a NUL: a value that filled the
        // room may have been cut.
        if copied + 1 >= room {
            return Ok(None);
        }
        if i < nul_free
            && let Some(value) = rest.get_mut(..copied)
        {
            for unit in value {
                *unit = if *unit == 0 { DEL } else { *unit };
            }
        }
        at += copied;
    }
    Ok(Some(at))
}

/// The units `values` joined by [`join_into`] take.
fn joined_len(values: &[Unknown<'_>]) -> napi::Result<usize, Code> {
    values
        .iter()
        .try_fold(values.len().saturating_sub(1), |sum, value| {
            Ok(sum + utf16(value, None).ok_or_else(not_strings)?)
        })
}

/// Below 0x80 the cast is exact; anything else becomes [`NOT_ASCII`]. Equal
/// slices, one pass: LLVM vectorises it (a push per byte into a `SmallVec`
/// took three times the instructions).
fn to_ascii(out: &mut [u8], units: &[u16]) {
    for (byte, &unit) in out.iter_mut().zip(units) {
        *byte = if unit < 0x80 { unit as u8 } else { NOT_ASCII };
    }
}

/// `napi_get_value_string_utf16`: with `into`, copies the string's units
/// there (at most its length less one, then a NUL) and gives how many were
/// copied; without, gives the string's length. `None` when `value` is not a
/// string.
#[allow(
    unsafe_code,
    reason = "the N-API call napi-rs offers only with a heap buffer of its own"
)]
fn utf16(value: &Unknown<'_>, into: Option<&mut [u16]>) -> Option<usize> {
    let raw = value.value();
    let (ptr, size) = into.map_or((std::ptr::null_mut(), 0), |b| (b.as_mut_ptr(), b.len()));
    let mut result = 0usize;
    // SAFETY: `raw.env` and `raw.value` are the env and an argument of the
    // call now running, which napi-rs keeps alive until it returns; N-API
    // checks the value is a string (else `napi_string_expected`). `ptr` is
    // null (N-API then writes nothing and gives the length) or writable for
    // `size` u16s, and N-API writes at most `size` units, NUL included.
    let status =
        unsafe { sys::napi_get_value_string_utf16(raw.env, raw.value, ptr, size, &raw mut result) };
    (status == sys::Status::napi_ok).then_some(result)
}
