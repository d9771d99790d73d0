//! The two founding schemes, cloro and Fileloom.

use crate::error::ConfigError;
use crate::scheme::{DedupKey, Scheme};

use super::{body_field, list};

/// cloro — <https://docs.cloro.dev/guides/webhook-signatures>.
///
/// `X-Cloro-Signature: v1=<hex HMAC-SHA256>` over `{X-Cloro-Timestamp}.{body}`,
/// keyed with the `whsec_…` secret's own UTF-8 bytes (cloro's public code,
/// cloro-dev/geo-tracker `lib/webhooks.ts`, uses the string as the key, no
/// base64). The docs recommend a five-minute window. Several `v1=` entries,
/// split by commas or spaces, are accepted (our tolerance for rotation; cloro
/// documents a hard cut). `X-Cloro-Webhook-Id` is `<task-id>-<attempt>` and
/// is not signed; the idempotency key is the signed body's `task.id`, as the
/// docs advise ("deduplicate on the task ID inside the payload
/// (event.task.id), not on the webhook ID"), and the header must agree with
/// it.
pub(super) fn cloro() -> Result<Scheme, ConfigError> {
    Scheme::builder("cloro", "X-Cloro-Signature", "{timestamp}.{body}")
        .source("https://docs.cloro.dev/guides/webhook-signatures")
        .description("cloro task results: X-Cloro-Signature v1=<hex> over {timestamp}.{body}")
        .signature_format(list("v1=", ", "))
        .timestamp_header("X-Cloro-Timestamp")
        .id_header("X-Cloro-Webhook-Id")
        .dedup(DedupKey::BodyFieldMatchingId("task.id".to_owned()))
        .build()
}

/// Fileloom — <https://docs.fileloom.io/authentication/webhook-security>.
///
/// `X-Fileloom-Signature: sha256=<hex HMAC-SHA256>` over the raw body alone,
/// keyed with the secret's UTF-8 bytes. `X-Fileloom-Timestamp` is not signed;
/// the docs still advise a window, so the tolerance applies to it, but only
/// deduplication stops a replay with a fresh timestamp. `X-Fileloom-Delivery-Id`
/// is unsigned too, so the key is the signed body's event `id` (`evt_…` in
/// the docs' payload); the header is still reported as the delivery's id. The docs' examples always send the `sha256=` prefix, so a bare
/// hex value is `malformed_header` (reading chosen; `explain` names it).
pub(super) fn fileloom() -> Result<Scheme, ConfigError> {
    Scheme::builder("fileloom", "X-Fileloom-Signature", "{body}")
        .source("https://docs.fileloom.io/authentication/webhook-security")
        .description("Fileloom: X-Fileloom-Signature sha256=<hex> over the body; timestamp checked, not signed")
        .signature_format(list("sha256=", ""))
        .timestamp_header("X-Fileloom-Timestamp")
        .id_header("X-Fileloom-Delivery-Id")
        .event_header("X-Fileloom-Event")
        .dedup(body_field("id"))
        .build()
}
