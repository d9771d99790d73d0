//! Senders that sign the request URL (and HubSpot the method) with the body.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, DedupKey, Encoding, HeaderName, Scheme, TimestampUnit};

use super::body_field;

/// HubSpot v3 — <https://developers.hubspot.com/docs/api/webhooks/validating-requests>:
/// `X-HubSpot-Signature-v3: <base64>` over `{method}{url}{body}{timestamp}`,
/// `X-HubSpot-Request-Timestamp` in milliseconds, five minutes. Pass the URL
/// as HubSpot documents it (full URI, with the listed characters decoded).
pub(super) fn hubspot() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "hubspot",
        "X-HubSpot-Signature-v3",
        "{method}{url}{body}{timestamp}",
    )
    .description(
        "HubSpot v3: X-HubSpot-Signature-v3 <base64> over {method}{url}{body}{timestamp} (ms)",
    )
    .encoding(Encoding::Base64)
    .timestamp_header("X-HubSpot-Request-Timestamp")
    .timestamp_unit(TimestampUnit::Milliseconds)
    .build()
}

/// Square — <https://developer.squareup.com/docs/webhooks/step3validate>:
/// `x-square-hmacsha256-signature: <base64>` over `{notification URL}{body}`,
/// keyed with the subscription's signature key; no timestamp. Dedup
/// `event_id`, event `type`.
pub(super) fn square() -> Result<Scheme, ConfigError> {
    Scheme::builder("square", "x-square-hmacsha256-signature", "{url}{body}")
        .description("Square: x-square-hmacsha256-signature <base64> over {url}{body}")
        .encoding(Encoding::Base64)
        .event_field("type")
        .tolerance(None)
        .dedup(body_field("event_id"))
        .build()
}

/// Twilio — <https://www.twilio.com/docs/usage/webhooks/webhooks-security>:
/// `X-Twilio-Signature: <base64 HMAC-SHA1>` (key: the auth token) over the
/// full URL followed by the form parameters sorted by name, each name then
/// its value. Pass the URL exactly as Twilio called it (scheme, host, port,
/// query). No timestamp; `I-Twilio-Idempotency-Token` dedups retries.
/// JSON-bodied Twilio webhooks (signed through a `bodySHA256` query
/// parameter) are not covered by this preset.
pub(super) fn twilio() -> Result<Scheme, ConfigError> {
    Scheme::builder("twilio", "X-Twilio-Signature", "{url}{form}")
        .description(
            "Twilio: X-Twilio-Signature <base64 HMAC-SHA1> over the URL and sorted form params",
        )
        .encoding(Encoding::Base64)
        .algorithm(Algorithm::HmacSha1)
        .tolerance(None)
        .dedup(DedupKey::Header(HeaderName::new([
            "I-Twilio-Idempotency-Token",
        ])?))
        .build()
}
