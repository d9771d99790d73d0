#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod body_fields;
pub mod dedup;
mod dedup_postgres;
mod delivery;
mod error;
mod explain;
mod explain_bodies;
mod explain_urls;
mod fetched;
mod form;
mod handshake;
mod headers;
mod hmac256;
pub mod http;
mod identify;
mod jwt;
mod key;
mod key_p256;
mod key_rsa;
mod log;
mod memory_dedup;
mod paypal;
mod plaid_keys;
pub mod presets;
mod request_url;
mod rfc3339;
mod scheme;
mod scheme_builder;
mod scheme_types;
mod sign;
mod signature;
mod slots;
mod sns;
mod template;
mod timestamp;
mod verified;
mod verify;
mod verify_fetched;
mod webhook;

pub use body_fields::{BodyReads, FromBody, body_field, body_fields};
pub use delivery::{Delivery, Place};
pub use error::{CONFIG_CODES, ConfigError, ConfigErrorKind, VERIFY_CODES, VerifyError};
pub use explain::{Explanation, Finding, explain};
pub use fetched::{JwtAlgorithm, KeysFrom, MAX_KEY_DOCUMENT, Trust, max_age};
pub use handshake::Handshake;
pub use headers::MAX_HEADER_LEN;
pub use headers::{Aligned, HeaderValue, Headers};
pub use identify::identify;
pub use key::MIN_DECODED_KEY_LEN;
pub use log::rejection_line;
pub use plaid_keys::{plaid_key_endpoint, plaid_key_request};
pub use scheme::{DEFAULT_TOLERANCE, MAX_HEADER_NAMES, Scheme};
pub use scheme_builder::SchemeBuilder;
pub use scheme_types::{
    Algorithm, DedupKey, Encoding, ExpectedHeader, HeaderName, KeyForm, SignatureFormat,
    TimestampUnit,
};
pub use signature::MAX_SIGNATURES;
pub use sns::MESSAGE_TYPES as SNS_MESSAGE_TYPES;
pub use verified::{Request, Verified};
pub use webhook::{Webhook, unix_now};
