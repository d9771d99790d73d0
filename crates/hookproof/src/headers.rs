//! How the verifier reads request headers without copying them all.
//!
//! A scheme needs at most four headers. Rather than take a map, the verifier
//! asks the caller for each by name through [`Headers`], so a binding can look
//! the few names up in the host's own container (a Python `Mapping`, a Node
//! object) and lend the values.

use std::collections::{BTreeMap, HashMap};

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

impl<H: Headers + ?Sized> Headers for &H {
    fn lookup(&self, name: &str) -> HeaderValue<'_> {
        (**self).lookup(name)
    }
    fn lookup_at(&self, index: usize, name: &str) -> HeaderValue<'_> {
        (**self).lookup_at(index, name)
    }
}

#[cfg(test)]
mod tests {
    use super::{HeaderValue, Headers};
    use std::collections::HashMap;

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
