//! JavaScript values the calls take in more than one form (a body or a
//! secret as a string or bytes) and the plain objects and arrays they give.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// A string's UTF-8, or the bytes of a `Uint8Array` (a `Buffer`) or an
/// `ArrayBuffer`, copied into the module.
pub fn bytes_of(value: &JsValue) -> Vec<u8> {
    if let Some(text) = value.as_string() {
        return text.into_bytes();
    }
    // A Uint8Array (a Buffer) is read in one copy; anything else is wrapped first.
    value
        .dyn_ref::<Uint8Array>()
        .map_or_else(|| Uint8Array::new(value).to_vec(), Uint8Array::to_vec)
}

/// Each secret of an array (`inputs.js` has checked their types).
pub fn secrets_of(value: &JsValue) -> Vec<Vec<u8>> {
    Array::from(value).iter().map(|s| bytes_of(&s)).collect()
}

/// A plain object of these properties.
pub fn object(fields: &[(&str, JsValue)]) -> Object {
    let out = Object::new();
    for (name, value) in fields {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(name), value);
    }
    out
}

/// An array of strings.
pub fn strings(values: &[String]) -> Array {
    values.iter().map(|v| JsValue::from_str(v)).collect()
}
