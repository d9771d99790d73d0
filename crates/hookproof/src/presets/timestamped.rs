//! Senders that sign `{t}.{body}` and send `t=…,v1=…` in one header, as
//! Stripe does, each with its own window and timestamp unit.

use crate::error::ConfigError;
use crate::scheme::{Scheme, TimestampUnit};

use super::{body_field, params};

/// Mux — <https://docs.mux.com/core/verify-webhook-signatures>:
/// `Mux-Signature: t=<ts>,v1=<hex>` over `{t}.{body}`, HMAC-SHA256 keyed
/// with the webhook's signing secret; several `v1` may be sent, and any
/// one matching is enough. Five minutes, as Mux's SDKs allow (they refuse
/// only old timestamps; hookproof's window is two-sided). Dedup on the
/// event's `id`, event `type`.
pub(super) fn mux() -> Result<Scheme, ConfigError> {
    Scheme::builder("mux", "Mux-Signature", "{timestamp}.{body}")
        .source("https://docs.mux.com/core/verify-webhook-signatures")
        .description("Mux: Mux-Signature t=<ts>,v1=<hex> over {t}.{body}; 300 s")
        .signature_format(params(',', "v1", Some("t")))
        .event_field("type")
        .dedup(body_field("id"))
        .build()
}

/// WorkOS — <https://workos.com/docs/sso/webhooks>:
/// `WorkOS-Signature: t=<ms>, v1=<hex>` over `{t}.{body}`, the timestamp
/// in milliseconds and signed as sent, HMAC-SHA256 with the endpoint's
/// secret. Three minutes either side, WorkOS's SDKs' default. Dedup on the
/// event's `id`, event `event`.
pub(super) fn workos() -> Result<Scheme, ConfigError> {
    Scheme::builder("workos", "WorkOS-Signature", "{timestamp}.{body}")
        .source("https://workos.com/docs/sso/webhooks")
        .description("WorkOS: WorkOS-Signature t=<ms>, v1=<hex> over {t}.{body}; 180 s")
        .signature_format(params(',', "v1", Some("t")))
        .timestamp_unit(TimestampUnit::Milliseconds)
        .tolerance(Some(180))
        .event_field("event")
        .dedup(body_field("id"))
        .build()
}
