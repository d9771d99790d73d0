//! How the verifier reads request headers without copying them all.
//!
//! A scheme needs a handful of headers. Rather than take a map, the verifier
//! asks the caller for each by name through [`Headers`], so a binding can look
//! the few names up in the host's own container (a Python `Mapping`, a Node
//! object) and lend the values.

use std::collections::{BTreeMap, HashMap};

use crate::error::VerifyError;
use crate::scheme::{HeaderName, MAX_HEADER_NAMES};

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderValue<'a> {
    /// The header is absent.
    Missing,
    /// The header is present once, with this value.
    One(&'a str),
    /// The header is present more than once. hookproof refuses it rather than
    /// guess which copy the sender meant (`malformed_header`).
    Repeated,
}

/// Request headers, looked up by name.
///
/// Implemented for slices and `Vec`s of `(name, value)` pairs and for
/// `HashMap`/`BTreeMap` from names to values, all matched case-insensitively.
pub trait Headers {
    /// Looks up `name`, which hookproof always passes in lower case. The
    /// implementation must match names case-insensitively and report a header
    /// that occurs twice (in any mix of cases) as [`HeaderValue::Repeated`].
    fn lookup(&self, name: &str) -> HeaderValue<'_>;

    /// Looks up `name`, which is `Webhook::header_names()[index]`. A binding
    /// that collected the values in that order answers by index and skips
    /// comparing names; the default looks `name` up.
    fn lookup_at(&self, index: usize, name: &str) -> HeaderValue<'_> {
        let _ = index;
        self.lookup(name)
    }
}

fn scan<'a, K, V>(pairs: impl Iterator<Item = (&'a K, &'a V)>, name: &str) -> HeaderValue<'a>
where
    K: AsRef<str> + ?Sized + 'a,
    V: AsRef<str> + ?Sized + 'a,
{
    let mut found = HeaderValue::Missing;
    for (k, v) in pairs {
        if k.as_ref().eq_ignore_ascii_case(name) {
            if found != HeaderValue::Missing {
                return HeaderValue::Repeated;
            }
            found = HeaderValue::One(v.as_ref());
        }
    }
    found
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        scan(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        self.as_slice().lookup(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        self.as_slice().lookup(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for HashMap<K, V, S> {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        scan(self.iter(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for BTreeMap<K, V> {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        scan(self.iter(), name)
    }
}

/// Header values lined up with `Webhook::header_names()`, lent by a binding
/// that collected them from the host's container in that order: the core
/// asks by index ([`Headers::lookup_at`]) and never compares names.
#[derive(Debug, Clone, Copy)]
pub struct Aligned<'a> {
    names: &'a [String],
    values: [HeaderValue<'a>; MAX_HEADER_NAMES],
}

impl<'a> Aligned<'a> {
    /// Every header of `names` absent.
    #[must_use]
    pub fn new(names: &'a [String]) -> Self {
        Self {
            names,
            values: [HeaderValue::Missing; MAX_HEADER_NAMES],
        }
    }

    /// Records what was found for `names[index]` (an index past
    /// [`MAX_HEADER_NAMES`], which no scheme has, is ignored).
    pub fn set(&mut self, index: usize, value: HeaderValue<'a>) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = value;
        }
    }
}

impl Headers for Aligned<'_> {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        match self.names.iter().position(|n| n == name) {
            Some(i) => self.lookup_at(i, name),
            None => HeaderValue::Missing,
        }
    }

    fn lookup_at(&self, index: usize, _name: &str) -> HeaderValue<'_> {
        self.values
            .get(index)
            .copied()
            .unwrap_or(HeaderValue::Missing)
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        (**self).lookup(name)
    }
    fn lookup_at(&self, index: usize, name: &str) -> HeaderValue<'_> {
        (**self).lookup_at(index, name)
    }
}

// ------------------------------------------------ the header-value policy

/// Header values longer than this are refused (`malformed_header`). Real
/// signature headers stay under 1 KiB even with several signatures; 8 KiB is
/// also the smallest header limit of common servers (Apache, nginx buffers).
pub const MAX_HEADER_LEN: usize = 8 * 1024;
const _: () = assert!(MAX_HEADER_LEN == 8192, "update check_value's message");

/// The value of one header lookup without surrounding blanks, and where it
/// starts in the value as sent: `None` when absent or empty. Values that
/// are too long, not ASCII, or hold control characters are refused: they are
/// never genuine, and refusing them keeps them out of the app's logs.
pub(crate) fn check_value<'h>(
    found: HeaderValue<'h>,
    name: &HeaderName,
) -> Result<Option<(usize, &'h str)>, VerifyError> {
    match found {
        HeaderValue::Missing => Ok(None),
        HeaderValue::Repeated => Err(VerifyError::malformed(
            name.name(),
            "it appears more than once",
        )),
        HeaderValue::One(value) => {
            if value.len() > MAX_HEADER_LEN {
                return Err(VerifyError::malformed(
                    name.name(),
                    // The number is spelled out for readers of the message;
                    // the assertion beside MAX_HEADER_LEN keeps it equal.
                    "it is longer than 8192 bytes",
                ));
            }
            if !is_header_text(value.as_bytes()) {
                return Err(VerifyError::malformed(
                    name.name(),
                    "it holds non-ASCII or control characters",
                ));
            }
            let (start, value) = trim_blanks(value);
            Ok((!value.is_empty()).then_some((start, value)))
        }
    }
}

/// Visible ASCII, spaces and tabs only. Sixteen bytes at a time, a loop
/// with no exit and no branch that compiles to SSE2 compares (callgrind: a
/// 76-byte signature header in 40 instructions; eight bytes at a time in
/// `u64` arithmetic took 150, byte by byte with an early exit 500).
fn is_header_text(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |bad, &c| bad | not_text(c)) == 0
}

/// 1 when `c` is neither visible ASCII nor a space or tab, else 0. Below
/// 0x20 or from 0x7f up is exactly `c - 0x20` (wrapping) at least 0x5f.
const fn not_text(c: u8) -> u8 {
    (c.wrapping_sub(0x20) >= 0x5f && c != b'\t') as u8
}

/// `value` without leading and trailing spaces and tabs, and where that
/// starts in `value`.
fn trim_blanks(value: &str) -> (usize, &str) {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = value.as_bytes();
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |i| i + 1);
    // Both ends are next to ASCII bytes, so they are character boundaries.
    (start, value.get(start..end).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_text_check_agrees_with_its_definition_for_every_byte_everywhere() {
        let allowed = |b: u8| b == b'\t' || (b' '..=b'~').contains(&b);
        for len in [1usize, 7, 8, 9, 16, 23] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut value = vec![b'a'; len];
                    if let Some(slot) = value.get_mut(at) {
                        *slot = b;
                    }
                    assert_eq!(
                        super::is_header_text(&value),
                        allowed(b),
                        "byte {b:#04x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(super::is_header_text(b""));
        assert!(super::is_header_text(b"v1=ab\tcd ef,~ !"));
    }

    use super::{Aligned, HeaderValue, Headers};
    use std::collections::HashMap;

    #[test]
    fn aligned_values_answer_by_index_and_by_name() {
        let names = ["x-sig".to_owned(), "x-ts".to_owned()];
        let mut aligned = Aligned::new(&names);
        aligned.set(1, HeaderValue::One("12"));
        aligned.set(0, HeaderValue::Repeated);
        aligned.set(99, HeaderValue::One("ignored"));
        assert_eq!(aligned.lookup_at(1, "x-ts"), HeaderValue::One("12"));
        assert_eq!(aligned.lookup("x-sig"), HeaderValue::Repeated);
        assert_eq!(aligned.lookup("x-other"), HeaderValue::Missing);
        assert_eq!(aligned.lookup_at(5, "x-five"), HeaderValue::Missing);
    }

    #[test]
    fn lookups_ignore_case_and_report_repeats() {
        let pairs = [
            ("X-Cloro-Signature", "v1=aa"),
            ("x-cloro-signature", "v1=bb"),
            ("A", "1"),
        ];
        assert_eq!(pairs.lookup("x-cloro-signature"), HeaderValue::Repeated);
        assert_eq!(pairs.lookup("a"), HeaderValue::One("1"));
        assert_eq!(pairs.lookup("b"), HeaderValue::Missing);
        let map: HashMap<String, String> = [("WEBHOOK-ID".to_owned(), "msg_1".to_owned())].into();
        assert_eq!(map.lookup("webhook-id"), HeaderValue::One("msg_1"));
    }
}
