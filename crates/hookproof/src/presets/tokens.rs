//! Senders that sign nothing: the request carries a shared secret, which
//! the receiver compares in constant time (`Algorithm::Token`). Nothing binds
//! the body, a time or an id to it, so whoever sees one delivery (a log, a
//! proxy) can send any other: serve these endpoints over HTTPS only, keep
//! the token out of logs, and deduplicate.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, DedupKey, Encoding, HeaderName, Scheme};

use super::list;

/// GitLab — <https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook>:
/// the webhook's secret token sent as it is in `X-Gitlab-Token`.
/// `Idempotency-Key` stays the same across the retries of one event (the
/// dedup key, unsigned like everything here), `X-Gitlab-Webhook-UUID` is
/// new on every request, `X-Gitlab-Event` the event.
pub(super) fn gitlab() -> Result<Scheme, ConfigError> {
    Scheme::builder("gitlab", "X-Gitlab-Token", "")
        .source("https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook")
        .description("GitLab: X-Gitlab-Token carries the secret token itself (nothing is signed)")
        .algorithm(Algorithm::Token)
        .encoding(Encoding::Raw)
        .id_header("X-Gitlab-Webhook-UUID")
        .event_header("X-Gitlab-Event")
        .tolerance(None)
        .dedup(DedupKey::Header(HeaderName::new(["Idempotency-Key"])?))
        .build()
}

/// Postmark — <https://postmarkapp.com/developer/webhooks/webhooks-overview>:
/// credentials in the webhook URL (`https://user:pass@…`), sent as HTTP
/// Basic authentication (RFC 7617): `Authorization: Basic
/// <base64(user:pass)>`. The secret is `user:pass`. No id or event header;
/// the event is the body's `RecordType`.
pub(super) fn postmark() -> Result<Scheme, ConfigError> {
    Scheme::builder("postmark", "Authorization", "")
        .source("https://postmarkapp.com/developer/webhooks/webhooks-overview")
        .description("Postmark: HTTP Basic credentials (secret user:pass) in Authorization; nothing is signed")
        .signature_format(list("Basic ", ""))
        .algorithm(Algorithm::Token)
        .encoding(Encoding::Base64)
        .event_field("RecordType")
        .tolerance(None)
        .build()
}
