//! The header values' JS string as the bytes the core reads.
//!
//! This file holds the binding's one `unsafe` block: a single N-API call
//! that copies the string's UTF-16 units into a buffer on this call's stack.
//! napi-rs's own read (`JsString::into_utf16`) asks V8 for the length in a
//! first call, then zero-fills a heap vector for a second: the allocation and
//! free alone were ~700 of the ~5,900 instructions the addon spends on a
//! verify besides hashing (callgrind, Node 20, napi 3.12). Strings too long
//! for the stack buffer still take that safe path.

use napi::bindgen_prelude::JsValue as _;
use napi::{JsString, sys};

use crate::errors::{Code, invalid_argument};

/// UTF-16 units read in one call. A cloro delivery's three values are ~100;
/// Standard Webhooks' header with a rotated second signature ~200.
const UNITS: usize = 512;

/// What a non-ASCII UTF-16 unit becomes: DEL, a control character the core
/// refuses in any header it reads. One byte for one unit keeps the values'
/// offsets, and nothing outside ASCII reaches the core in any form.
const NOT_ASCII: u8 = 0x7f;

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

/// The NUL-joined header values as text in `buf`, read as UTF-16 (exact;
/// Latin-1 would fold wider characters into ASCII ones).
pub fn header_text<'b>(
    values: JsString<'_>,
    buf: &'b mut HeaderBytes,
) -> napi::Result<&'b str, Code> {
    let invalid = || invalid_argument("header values must be a string");
    let mut units = [0u16; UNITS];
    let bytes: &[u8] = if let Some(read) = read_short(&values, &mut units) {
        let short = buf.short.get_mut(..read.len()).unwrap_or_default();
        to_ascii(short, read);
        short
    } else {
        let utf16 = values.into_utf16().map_err(|_| invalid())?;
        let all = utf16.as_slice();
        // napi's copy ends with the terminating NUL it writes.
        let all = all.strip_suffix(&[0]).unwrap_or(all);
        buf.long.resize(all.len(), 0);
        to_ascii(&mut buf.long, all);
        &buf.long
    };
    std::str::from_utf8(bytes).map_err(|_| invalid())
}

/// Below 0x80 the cast is exact; anything else becomes [`NOT_ASCII`]. Equal
/// slices, one pass: LLVM vectorises it (a push per byte into a `SmallVec`
/// took three times the instructions).
fn to_ascii(out: &mut [u8], units: &[u16]) {
    for (byte, &unit) in out.iter_mut().zip(units) {
        *byte = if unit < 0x80 { unit as u8 } else { NOT_ASCII };
    }
}

/// The string's units when it fits `units` with room to spare; `None` when
/// it may not have (V8 cuts what does not fit) or N-API refused the read.
#[allow(
    unsafe_code,
    reason = "the one N-API call napi-rs only offers with a heap buffer"
)]
fn read_short<'u>(value: &JsString<'_>, units: &'u mut [u16; UNITS]) -> Option<&'u [u16]> {
    let raw = value.value();
    let mut copied = 0usize;
    // SAFETY: `raw.env` and `raw.value` are the env and the string argument
    // of the call now running (napi-rs checked the argument is a string and
    // keeps both alive until the call returns); `units` is writable for
    // `UNITS` u16s, and N-API writes at most that many, NUL included, and
    // stores how many it wrote before the NUL in `copied`.
    let status = unsafe {
        sys::napi_get_value_string_utf16(
            raw.env,
            raw.value,
            units.as_mut_ptr(),
            UNITS,
            &raw mut copied,
        )
    };
    // A string of UNITS - 1 units or more may have been cut.
    if status != sys::Status::napi_ok || copied >= UNITS - 1 {
        return None;
    }
    units.get(..copied)
}
