//! The napi-rs binding: `hookproof.node`. It converts JS values to the core's
//! types and core errors to coded JS errors; `node/index.js` wraps it in the
//! public API. Every rule lives in the `hookproof` crate.
//!
//! Built only with the `node` feature (the npm install script turns it on),
//! so `cargo test --workspace` needs no Node.
#![cfg(feature = "node")]

mod errors;
mod webhook;

use napi_derive::napi;

use crate::errors::{Code, config_error};

/// Preset scheme names.
#[napi(catch_unwind)]
pub fn schemes() -> Vec<String> {
    hookproof::presets::names().map(str::to_owned).collect()
}

/// `[name, description]` of every preset.
///
/// # Errors
/// None in practice: every preset builds (a core unit test checks it).
#[napi(catch_unwind)]
pub fn scheme_descriptions() -> napi::Result<Vec<Vec<String>>, Code> {
    hookproof::presets::names()
        .map(|name| {
            let scheme = hookproof::presets::get(name).map_err(config_error)?;
            Ok(vec![name.to_owned(), scheme.description().to_owned()])
        })
        .collect()
}

/// A scheme's normalized JSON form: a preset's by `name`, or `text` checked
/// and rewritten.
///
/// # Errors
/// `UNKNOWN_SCHEME` or `INVALID_SCHEME`.
#[napi(catch_unwind)]
pub fn scheme_json(name: Option<String>, text: Option<String>) -> napi::Result<String, Code> {
    let scheme = match (name, text) {
        (Some(name), _) => hookproof::presets::get(&name),
        (None, Some(text)) => hookproof::Scheme::from_json(&text),
        (None, None) => hookproof::presets::get(""),
    }
    .map_err(config_error)?;
    Ok(scheme.to_json())
}
