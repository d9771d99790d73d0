//! Reading fields of a JSON body (Stripe's `type` and `id`, Linear's
//! `webhookTimestamp`, cloro's `task.id`) after the signature verified, or
//! before for a signature carried in the body (Mailgun's), without building
//! the document: every value no name asks for is skipped as it is parsed,
//! and a named one is kept only when it is a string or a number.
//!
//! A name is a top-level key, or a dotted path into nested objects
//! (`task.id` is the `id` of the top-level `task` object). A top-level key
//! that itself holds a dot matches too; when a body has both, the one that
//! comes later wins, as with a repeated key. Numbers are read as written
//! (an id beyond 64 bits is a float to `serde_json` here: senders send ids
//! as strings).

use std::fmt;

use serde::de::{
    self as de, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::error::VerifyError;
use crate::scheme::{DedupKey, Scheme};

/// What a verified delivery of one scheme reads from its body, and only
/// when the app first asks: the event type and the dedup key where the
/// scheme takes them from there, in one pass (a 1 KiB body costs about as
/// much to scan as a whole verify, so a verify never scans it). Made once
/// per [`Webhook`](crate::Webhook); a binding keeps it beside its
/// deliveries and calls [`BodyReads::read`], so the rule that ties cloro's
/// id header to its signed task id lives here only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyReads {
    event: Option<String>,
    dedup_key: Option<String>,
    /// The id header that must agree with the dedup key, when it must.
    id_agrees: Option<String>,
}

/// A delivery's body fields, as [`BodyReads::read`] found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromBody {
    /// The event type, when it comes from the body and is there.
    pub event: Option<String>,
    /// The dedup key, when it comes from the body and is there; an error
    /// (`malformed_header`, naming the id header) when the id header
    /// disagrees with it.
    pub dedup_key: Result<Option<String>, VerifyError>,
}

impl BodyReads {
    pub(crate) fn new(scheme: &Scheme) -> Self {
        let (dedup_key, id_agrees) = match &scheme.dedup {
            DedupKey::BodyField(name) => (Some(name.clone()), None),
            DedupKey::BodyFieldMatchingId(name) => (
                Some(name.clone()),
                scheme.id_header.as_ref().map(|h| h.name().to_owned()),
            ),
            _ => (None, None),
        };
        Self {
            event: scheme.event_field.clone(),
            dedup_key,
            id_agrees,
        }
    }

    /// The body field the event type is read from when the scheme's event
    /// header is absent or the scheme has none.
    #[must_use]
    pub fn event_field(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// The body field the dedup key is read from.
    #[must_use]
    pub fn dedup_key_field(&self) -> Option<&str> {
        self.dedup_key.as_deref()
    }

    /// Reads the delivery's body fields in one pass: the event only when
    /// `event` (the delivery took it from no header), and the dedup key,
    /// checked against the delivery's `id` header where the scheme says so.
    /// No id, or no key in the body, leaves nothing to compare.
    #[must_use]
    pub fn read(&self, body: &[u8], event: bool, id: Option<&str>) -> FromBody {
        let event_name = self.event.as_deref().filter(|_| event);
        let [event, key] = body_fields(body, [event_name, self.dedup_key.as_deref()]);
        let dedup_key = match (&self.id_agrees, id, key) {
            (Some(header), Some(id), Some(key)) if !crate::dedup::id_agrees(id, &key) => Err(
                VerifyError::malformed(header, "it names another delivery than the signed body"),
            ),
            (_, _, key) => Ok(key),
        };
        FromBody { event, dedup_key }
    }
}

/// The value of the field `name` of a JSON body (a top-level key or a
/// dotted path): a string as it is, a number as written; `None` when absent,
/// of another type, or when the body is not a JSON object. What `Verified::event` and
/// `Verified::dedup_key` read when they come from the body.
#[must_use]
pub fn body_field(body: &[u8], name: &str) -> Option<String> {
    let [value] = body_fields(body, [Some(name)]);
    value
}

/// The values of several top-level fields (each as [`body_field`] reads it)
/// in one pass over the body: an event type and a dedup key cost one parse,
/// not two (a 1 KiB Stripe event parses in ~0.7 µs, about a whole verify).
/// A `None` name is not read and its value is `None`, so a caller passes the
/// fields it has; with no name at all the body is not parsed.
#[must_use]
pub fn body_fields<const N: usize>(body: &[u8], names: [Option<&str>; N]) -> [Option<String>; N] {
    if names.iter().all(Option::is_none) {
        return std::array::from_fn(|_| None);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    // One reader for every N (each instance costs the WebAssembly module
    // a few KB); the array is made at the end.
    let mut found = Wanted { names: &names }
        .deserialize(&mut de)
        .unwrap_or_default()
        .into_iter();
    std::array::from_fn(|_| found.next().flatten())
}

struct Wanted<'a, 'n> {
    names: &'a [Option<&'n str>],
}

impl<'de> DeserializeSeed<'de> for Wanted<'_, '_> {
    type Value = Vec<Option<String>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, 'n> Visitor<'de> for Wanted<'_, 'n> {
    type Value = Vec<Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // The whole object is read: a body that is not valid JSON anywhere
        // gives `None`, and a repeated key its last value. Nothing is built
        // that no name asks for, and a name's value only when it is a
        // string or a number: a signature read before anything is checked
        // (Mailgun's) must not let a forged body make an array of a
        // million values in memory.
        let mut found: Vec<Option<String>> = vec![None; self.names.len()];
        let exact = |name: &Option<&str>, key: &str| *name == Some(key);
        let below = |name: &Option<&'n str>, key: &str| name.and_then(|name| path_below(name, key));
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.as_ref();
            let any_exact = self.names.iter().any(|n| exact(n, key));
            let any_below = self.names.iter().any(|n| below(n, key).is_some());
            match (any_exact, any_below) {
                (false, false) => {
                    map.next_value::<IgnoredAny>()?;
                }
                (true, false) => {
                    let value = map.next_value_seed(Leaf)?;
                    for (slot, name) in found.iter_mut().zip(self.names) {
                        if exact(name, key) {
                            slot.clone_from(&value);
                        }
                    }
                }
                (false, true) => {
                    let rest: Vec<Option<&str>> =
                        self.names.iter().map(|n| below(n, key)).collect();
                    let inner = map.next_value_seed(Nested(Wanted { names: &rest }))?;
                    for ((slot, name), value) in found.iter_mut().zip(&rest).zip(inner) {
                        if name.is_some() {
                            *slot = value;
                        }
                    }
                }
                // A scheme that names both `a` and `a.b`: the value once, whole.
                (true, true) => {
                    let value = map.next_value::<serde_json::Value>()?;
                    for (slot, name) in found.iter_mut().zip(self.names) {
                        if exact(name, key) {
                            *slot = scalar_text(&value);
                        } else if let Some(rest) = below(name, key) {
                            *slot = rest
                                .split('.')
                                .try_fold(&value, |v, step| v.get(step))
                                .and_then(scalar_text);
                        }
                    }
                }
            }
        }
        Ok(found)
    }
}

/// The names below one key, read from its value: an object is searched as
/// the body is; any other value holds none of them.
struct Nested<'a, 'n>(Wanted<'a, 'n>);

impl<'de> DeserializeSeed<'de> for Nested<'_, '_> {
    type Value = Vec<Option<String>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'n> Visitor<'de> for Nested<'_, 'n> {
    type Value = Vec<Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(vec![None; self.0.names.len()])
    }
}

/// One named value: a string as it is, a number as written (as
/// [`scalar_text`] reads a `serde_json::Value`); any other value is skipped
/// without being built, and gives `None`.
struct Leaf;

impl<'de> DeserializeSeed<'de> for Leaf {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Leaf {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(serde_json::Number::from(v).to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(serde_json::Number::from(v).to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map(|n| n.to_string()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The rest of the dotted path `name` below the top-level `key`
/// (`task.id` below `task` is `id`).
fn path_below<'n>(name: &'n str, key: &str) -> Option<&'n str> {
    name.strip_prefix(key)?.strip_prefix('.')
}

/// A string as it is, a number as written; nothing for other types.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{body_field, body_fields};

    #[test]
    fn paths_below_a_value_that_is_not_an_object_are_absent() {
        let names = [
            Some("signature.token"),
            Some("signature.timestamp"),
            Some("id"),
        ];
        for body in [
            &br#"{"signature":[0,0,0,0],"id":"x"}"#[..],
            br#"{"signature":"flat","id":"x"}"#,
            br#"{"signature":{"token":[1,2],"timestamp":{"a":1}},"id":"x"}"#,
        ] {
            assert_eq!(body_fields(body, names), [None, None, Some("x".to_owned())]);
        }
        let both = [Some("a"), Some("a.b")];
        assert_eq!(
            body_fields(br#"{"a":{"b":7}}"#, both),
            [None, Some("7".to_owned())]
        );
        assert_eq!(
            body_fields(br#"{"a":1.5e3}"#, [Some("a")]),
            [Some("1500.0".to_owned())]
        );
    }

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

    #[test]
    fn several_fields_in_one_pass_read_as_one_each() {
        let body = br#"{"type":"a.b","id":"evt_1","data":{"type":"nested"},"id":"evt_2","n":1700000000123,"t":null}"#;
        let names = ["type", "id", "n", "t", "missing", "id"];
        let one_by_one = names.map(|name| body_field(body, name));
        assert_eq!(body_fields(body, names.map(Some)), one_by_one);
        assert_eq!(
            one_by_one,
            [
                Some("a.b".to_owned()),
                Some("evt_2".to_owned()),
                Some("1700000000123".to_owned()),
                None,
                None,
                Some("evt_2".to_owned())
            ]
        );
        // Invalid JSON anywhere, even after the fields: nothing.
        let broken = br#"{"type":"a.b","id":"evt_1","x":[1,}"#;
        assert_eq!(
            body_fields(broken, [Some("type"), Some("id")]),
            [None, None]
        );
        // A name not given is not read.
        assert_eq!(
            body_fields(body, [None, Some("id")]),
            [None, Some("evt_2".to_owned())]
        );
        assert_eq!(body_fields(b"not json", [None, None]), [None, None]);
    }

    #[test]
    fn a_dotted_name_is_a_path_into_nested_objects() {
        let body = br#"{"task":{"id":"t-1","n":{"deep":7}},"a.b":"literal","id":"top"}"#;
        let read = |name| body_field(body, name);
        assert_eq!(read("task.id").as_deref(), Some("t-1"));
        assert_eq!(read("task.n.deep").as_deref(), Some("7"));
        assert_eq!(read("a.b").as_deref(), Some("literal"));
        // An object, a missing step, a step into a string: nothing.
        assert_eq!(
            [read("task"), read("task.x"), read("id.x")],
            [None, None, None]
        );
        assert_eq!(
            body_fields(body, [Some("id"), Some("task.id")]),
            [Some("top".to_owned()), Some("t-1".to_owned())]
        );
        // A later `task` replaces the earlier one, as a repeated key does.
        let twice = br#"{"task":{"id":"first"},"task":{"id":"second"}}"#;
        assert_eq!(body_field(twice, "task.id").as_deref(), Some("second"));
    }
}
