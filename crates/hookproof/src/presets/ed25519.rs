//! Senders that sign with Ed25519 beside Standard Webhooks v1a: Discord.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, KeyForm, Scheme};

/// Discord interactions — <https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>:
/// `X-Signature-Ed25519: <hex>` over `{X-Signature-Timestamp}{body}`, checked
/// with the application's public key (hex). Discord names no window; the
/// common five minutes applies.
pub(super) fn discord() -> Result<Scheme, ConfigError> {
    Scheme::builder("discord", "X-Signature-Ed25519", "{timestamp}{body}")
        .description(
            "Discord: X-Signature-Ed25519 <hex> over {timestamp}{body}, application public key",
        )
        .timestamp_header("X-Signature-Timestamp")
        .algorithm(Algorithm::Ed25519)
        .key(KeyForm::Ed25519Hex)
        .build()
}
