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
    .source("https://developers.hubspot.com/docs/api/webhooks/validating-requests")
    .description(
        "HubSpot v3: X-HubSpot-Signature-v3 <base64> over {method}{url}{body}{timestamp} (ms)",
    )
    .encoding(Encoding::Base64)
    .timestamp_header("X-HubSpot-Request-Timestamp")
    .timestamp_unit(TimestampUnit::Milliseconds)
    .build()
}

/// HubSpot v2 — <https://developers.hubspot.com/docs/faq/v2-request-validation>:
/// `X-HubSpot-Signature: <hex>` (with `X-HubSpot-Signature-Version: v2`),
/// a plain SHA-256 (not an HMAC) of the client secret followed by
/// `{method}{url}{body}`. No timestamp: only deduplication bounds a replay.
/// Sent by workflow webhooks and CRM cards; prefer v3 where HubSpot sends it.
pub(super) fn hubspot_v2() -> Result<Scheme, ConfigError> {
    Scheme::builder("hubspot-v2", "X-HubSpot-Signature", "{method}{url}{body}")
        .source("https://developers.hubspot.com/docs/faq/v2-request-validation")
        .description(
            "HubSpot v2: X-HubSpot-Signature <hex SHA-256 of secret + method + URL + body>",
        )
        .algorithm(Algorithm::Sha256SecretPrefix)
        .tolerance(None)
        .build()
}

/// HubSpot v1 — <https://developers.hubspot.com/docs/faq/v1-request-validation>:
/// `X-HubSpot-Signature: <hex>` (with `X-HubSpot-Signature-Version: v1`),
/// a plain SHA-256 of the client secret followed by the body. No timestamp,
/// and the URL is not signed.
pub(super) fn hubspot_v1() -> Result<Scheme, ConfigError> {
    Scheme::builder("hubspot-v1", "X-HubSpot-Signature", "{body}")
        .source("https://developers.hubspot.com/docs/faq/v1-request-validation")
        .description("HubSpot v1: X-HubSpot-Signature <hex SHA-256 of secret + body>")
        .algorithm(Algorithm::Sha256SecretPrefix)
        .tolerance(None)
        .build()
}

/// Square — <https://developer.squareup.com/docs/webhooks/step3validate>:
/// `x-square-hmacsha256-signature: <base64>` over `{notification URL}{body}`,
/// keyed with the subscription's signature key; no timestamp. Dedup
/// `event_id`, event `type`.
pub(super) fn square() -> Result<Scheme, ConfigError> {
    Scheme::builder("square", "x-square-hmacsha256-signature", "{url}{body}")
        .source("https://developer.squareup.com/docs/webhooks/step3validate")
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
/// As Twilio's own validators do, the URL is also tried without its port and
/// with the default one, and a JSON-bodied request (a `bodySHA256` query
/// parameter) signs the URL alone and must carry its body's SHA-256.
pub(super) fn twilio() -> Result<Scheme, ConfigError> {
    Scheme::builder("twilio", "X-Twilio-Signature", "{url}{form}")
        .source("https://www.twilio.com/docs/usage/webhooks/webhooks-security")
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

/// Mailchimp Transactional (Mandrill) —
/// <https://mandrill.zendesk.com/hc/en-us/articles/360039232513-How-to-Authenticate-Webhook-Requests>:
/// `X-Mandrill-Signature: <base64 HMAC-SHA1>` over the webhook URL as
/// registered followed by the POST fields sorted by name, each name then its
/// value: Twilio's construction, keyed with the webhook key. `{form}` brings
/// Twilio's leniencies along: the URL is also tried with its port added or
/// dropped, and a `bodySHA256` query parameter would sign the body's hash
/// in place of the fields (still covered by the signature). Pass the URL
/// exactly as registered. No timestamp and no id header.
pub(super) fn mandrill() -> Result<Scheme, ConfigError> {
    Scheme::builder("mandrill", "X-Mandrill-Signature", "{url}{form}")
        .source("https://mandrill.zendesk.com/hc/en-us/articles/360039232513-How-to-Authenticate-Webhook-Requests")
        .description("Mailchimp Transactional (Mandrill): X-Mandrill-Signature <base64 HMAC-SHA1> over the URL and sorted form params")
        .encoding(Encoding::Base64)
        .algorithm(Algorithm::HmacSha1)
        .tolerance(None)
        .build()
}
