//! Senders that sign with Ed25519 beside Standard Webhooks v1a: Discord, Telnyx.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, Encoding, KeyForm, Scheme};

/// Discord interactions — <https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>:
/// `X-Signature-Ed25519: <hex>` over `{X-Signature-Timestamp}{body}`, checked
/// with the application's public key (hex). Discord names no window; the
/// common five minutes applies.
pub(super) fn discord() -> Result<Scheme, ConfigError> {
    Scheme::builder("discord", "X-Signature-Ed25519", "{timestamp}{body}")
        .source("https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers")
        .description(
            "Discord: X-Signature-Ed25519 <hex> over {timestamp}{body}, application public key",
        )
        .timestamp_header("X-Signature-Timestamp")
        .algorithm(Algorithm::Ed25519)
        .key(KeyForm::Ed25519Hex)
        .build()
}

/// Telnyx API v2 — <https://developers.telnyx.com/docs/development/sdk/python/webhooks>:
/// `telnyx-signature-ed25519: <base64>` over `{telnyx-timestamp}|{body}`,
/// checked with the account's public key (base64, from the portal); five
/// minutes, as Telnyx's SDKs. Dedup on the event's `data.id` (signed),
/// event type `data.event_type`.
pub(super) fn telnyx() -> Result<Scheme, ConfigError> {
    Scheme::builder("telnyx", "telnyx-signature-ed25519", "{timestamp}|{body}")
        .source("https://developers.telnyx.com/docs/development/sdk/python/webhooks")
        .description(
            "Telnyx: telnyx-signature-ed25519 <base64> over {timestamp}|{body}, base64 public key",
        )
        .encoding(Encoding::Base64)
        .timestamp_header("telnyx-timestamp")
        .algorithm(Algorithm::Ed25519)
        .key(KeyForm::Ed25519Base64)
        .event_field("data.event_type")
        .dedup(super::body_field("data.id"))
        .build()
}
