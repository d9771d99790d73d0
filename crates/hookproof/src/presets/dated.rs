//! Senders whose timestamp is an RFC 3339 date, signed as the text sent.

use crate::error::ConfigError;
use crate::scheme::{DedupKey, Encoding, HeaderName, Scheme, TimestampUnit};

use super::body_field;

/// Box — <https://developer.box.com/guides/webhooks/v2/signatures-v2/>:
/// `BOX-SIGNATURE-PRIMARY` and `BOX-SIGNATURE-SECONDARY`, each a base64
/// HMAC-SHA256 over the body followed by `BOX-DELIVERY-TIMESTAMP`
/// (`2020-01-01T00:00:00-07:00`), one per key set in the Developer
/// Console. Give the primary key first and the secondary second; either
/// header may match either key (`key_index` says which key did), so a
/// key rotation in either slot keeps verifying.
///
/// The body is signed as Box sends it: escaped JSON (`\uXXXX`, `\/`), which
/// Box's SDKs rebuild from a decoded string and hookproof never needs to.
/// `BOX-SIGNATURE-VERSION: 1` and `BOX-SIGNATURE-ALGORITHM: HmacSHA256`
/// are required, as Box's SDKs require them. The window is Box's
/// ten minutes; Box's SDKs refuse any time ahead of the receiver's clock,
/// hookproof allows the same ten minutes either side so that a receiver
/// whose clock lags Box's does not refuse genuine deliveries. Dedup on the
/// event's `id`, event `trigger`.
pub(super) fn r#box() -> Result<Scheme, ConfigError> {
    Scheme::builder("box", "BOX-SIGNATURE-PRIMARY", "{body}{timestamp}")
        .source("https://developer.box.com/guides/webhooks/v2/signatures-v2/")
        .description(
            "Box: BOX-SIGNATURE-PRIMARY/-SECONDARY <base64> over {body}{timestamp} (RFC 3339); version 1",
        )
        .extra_signature_header("BOX-SIGNATURE-SECONDARY")
        .expected_header("BOX-SIGNATURE-VERSION", "1")
        .expected_header("BOX-SIGNATURE-ALGORITHM", "HmacSHA256")
        .timestamp_header("BOX-DELIVERY-TIMESTAMP")
        .timestamp_unit(TimestampUnit::Rfc3339)
        .tolerance(Some(600))
        .encoding(Encoding::Base64)
        .id_header("BOX-DELIVERY-ID")
        .event_field("trigger")
        .dedup(body_field("id"))
        .build()
}

/// Zendesk — <https://developer.zendesk.com/documentation/webhooks/verifying/>:
/// `X-Zendesk-Webhook-Signature: <base64>`, HMAC-SHA256 over
/// `X-Zendesk-Webhook-Signature-Timestamp` (`2021-03-25T05:09:27Z`)
/// followed directly by the body, keyed with the signing secret as given
/// (not base64-decoded, though it looks encoded). An older page signed
/// `{body}{timestamp}`; its example does not verify under today's order,
/// and the vectors keep it as a case that must not. Zendesk states no
/// window: the default five minutes. Dedup on
/// `X-Zendesk-Webhook-Invocation-Id` (unsigned: one per invocation, kept
/// across its attempts), event from the body's `type` where the webhook
/// subscribes to events.
pub(super) fn zendesk() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "zendesk",
        "X-Zendesk-Webhook-Signature",
        "{timestamp}{body}",
    )
    .source("https://developer.zendesk.com/documentation/webhooks/verifying/")
    .description("Zendesk: X-Zendesk-Webhook-Signature <base64> over {timestamp}{body} (RFC 3339)")
    .timestamp_header("X-Zendesk-Webhook-Signature-Timestamp")
    .timestamp_unit(TimestampUnit::Rfc3339)
    .encoding(Encoding::Base64)
    .id_header("X-Zendesk-Webhook-Invocation-Id")
    .event_field("type")
    .dedup(DedupKey::Header(HeaderName::new([
        "X-Zendesk-Webhook-Invocation-Id",
    ])?))
    .build()
}
