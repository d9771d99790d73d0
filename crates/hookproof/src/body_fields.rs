//! Reading one top-level field of a JSON body (Stripe's `id`, Linear's
//! `webhookTimestamp`) after the signature verified, without building the
//! whole document: every other value is skipped as it is parsed.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The value of the top-level field `name` of a JSON body: a string as it
/// is, a number as written; `None` when absent, of another type, or when the
/// body is not a JSON object. What `Verified::event` and
/// `Verified::dedup_key` read when they come from the body.
#[must_use]
pub fn body_field(body: &[u8], name: &str) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    Wanted { name }.deserialize(&mut de).ok().flatten()
}

struct Wanted<'n> {
    name: &'n str,
}

impl<'de> DeserializeSeed<'de> for Wanted<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Wanted<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // The whole object is read: a body that is not valid JSON anywhere
        // gives `None`, and a repeated key its last value.
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.name {
                found = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::body_field;

    #[test]
    fn reads_strings_and_numbers_and_skips_the_rest() {
        let body =
            br#"{"data":{"id":"nested"},"id":"evt_1","webhookTimestamp":1700000000123,"x":[1,2]}"#;
        let read = |name| body_field(body, name);
        assert_eq!(
            [read("id"), read("webhookTimestamp"), read("missing")],
            [
                Some("evt_1".to_owned()),
                Some("1700000000123".to_owned()),
                None
            ]
        );
        assert_eq!(body_field(b"token=a&b=c", "id"), None);
        assert_eq!(body_field(b"[1]", "id"), None);
    }
}
