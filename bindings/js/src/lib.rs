//! What hookproof's two JavaScript bindings share: the napi-rs addon for
//! Node (`bindings/node`) and the WebAssembly module for edge runtimes and
//! browsers (`bindings/wasm`) speak one private calling convention to the
//! one JavaScript layer (`node/webhook.js` and its neighbours), so it is
//! written here once, with no FFI type:
//!
//! - [`layout`]: the `Float64Array` a verify reads its inputs from and
//!   writes its answer to;
//! - [`Native`]: a `Webhook` and the answers of each of its calls;
//! - [`calls`]: the free functions (schemes, explain, the integrations'
//!   rules);
//! - [`Error`]: what a call refuses, with the upper-case code the layer's
//!   `errors.js` maps.
//!
//! A binding converts its runtime's values to these arguments, and [`Error`]
//! to its runtime's error; every rule stays in the `hookproof` crate.

pub mod calls;
mod error;
pub mod layout;
mod webhook;

pub use error::Error;
pub use webhook::{Native, VALUE_ARGS, header_text, load_scheme, seconds};
