//! The one place where the convention's errors become JavaScript errors: an
//! `Error` whose `code` is the core's code in upper case, as the Node-API
//! addon throws, so `node/errors.js` maps both alike.

use hookproof_js::Error;
use wasm_bindgen::JsValue;

/// A refused call, as thrown to JavaScript.
pub fn js_error(e: Error) -> JsValue {
    let error = js_sys::Error::new(&e.message());
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from(e.code()));
    error.into()
}
