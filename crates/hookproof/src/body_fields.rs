//! Reading a few top-level fields of a JSON body (Stripe's `id`, Linear's
//! `webhookTimestamp`) after the signature verified, without building the
//! whole document: every other value is skipped as it is parsed.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A top-level value, as text: strings as they are, numbers as written.
pub(crate) type Found = Vec<Option<String>>;

/// The value of the top-level field `name` of a JSON body: a string as it
/// is, a number as written; `None` when absent, of another type, or when the
/// body is not a JSON object. What `Verified::event` and
/// `Verified::dedup_key` read when they come from the body.
#[must_use]
pub fn body_field(body: &[u8], name: &str) -> Option<String> {
    read(body, &[name]).pop().flatten()
}

/// The values of `names` in `body`; all `None` when the body is not a JSON
/// object.
pub(crate) fn read(body: &[u8], names: &[&str]) -> Found {
    let mut de = serde_json::Deserializer::from_slice(body);
    Wanted { names }
        .deserialize(&mut de)
        .unwrap_or_else(|_| vec![None; names.len()])
}

struct Wanted<'n> {
    names: &'n [&'n str],
}

impl<'de> DeserializeSeed<'de> for Wanted<'_> {
    type Value = Found;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Wanted<'_> {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut found = vec![None; self.names.len()];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.names.iter().position(|n| *n == key) {
                Some(i) => {
                    let value: serde_json::Value = map.next_value()?;
                    if let Some(slot) = found.get_mut(i) {
                        *slot = match value {
                            serde_json::Value::String(s) => Some(s),
                            serde_json::Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        };
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn reads_strings_and_numbers_and_skips_the_rest() {
        let body =
            br#"{"data":{"id":"nested"},"id":"evt_1","webhookTimestamp":1700000000123,"x":[1,2]}"#;
        assert_eq!(
            read(body, &["id", "webhookTimestamp", "missing"]),
            vec![
                Some("evt_1".to_owned()),
                Some("1700000000123".to_owned()),
                None
            ]
        );
        assert_eq!(read(b"token=a&b=c", &["id"]), vec![None]);
        assert_eq!(read(b"[1]", &["id"]), vec![None]);
    }
}
