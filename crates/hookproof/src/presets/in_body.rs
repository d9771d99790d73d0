//! Senders that put the signature in the JSON body, over other fields of
//! it rather than the body itself.

use crate::error::ConfigError;
use crate::scheme::Scheme;

use super::body_field;

/// Mailgun — <https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks>:
/// the JSON body carries `signature: {timestamp, token, signature}`, the
/// signature a hex HMAC-SHA256 of `timestamp` followed by `token`, keyed
/// with the account's HTTP webhook signing key (not the API key).
///
/// Mailgun signs those two fields only, not the event: a captured delivery
/// can be replayed with another `event-data` within the window. The token
/// is therefore the dedup key (signed, one per delivery), so a replay is
/// answered as a duplicate wherever a dedup store is configured, as Mailgun
/// advises ("cache the token"). The window is 15 minutes, the default of
/// Mailgun's Python SDK (`mailgun` 1.10, `SecurityGuard.verify_webhook`);
/// its docs give no number and warn against a tight one. Event:
/// `event-data.event`.
/// The legacy form-encoded webhooks (`timestamp`, `token`, `signature` as
/// form fields) are not read.
pub(super) fn mailgun() -> Result<Scheme, ConfigError> {
    Scheme::builder_signed_in_body(
        "mailgun",
        "signature.signature",
        "{field:signature.timestamp}{field:signature.token}",
    )
    .source("https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks")
    .description(
        "Mailgun: body field signature.signature <hex> over signature.timestamp + signature.token",
    )
    .timestamp_field("signature.timestamp")
    .tolerance(Some(900))
    .event_field("event-data.event")
    .dedup(body_field("signature.token"))
    .build()
}
