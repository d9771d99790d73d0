//! Senders that publish their verifying keys: the delivery names (SNS),
//! the scheme knows (OIDC), or the token names by id (Plaid) where, and
//! the binding fetches them ([`crate::Webhook::key_url`]). Built with
//! [`crate::Webhook::fetching`] and a [`crate::Trust`] saying what the
//! delivery must also carry (a topic, an audience, a service account, a
//! directory).

use crate::error::ConfigError;
use crate::fetched::{JwtAlgorithm, KeysFrom};
use crate::handshake::Handshake;
use crate::scheme::{HeaderName, Scheme, TimestampUnit};

use super::body_field;

/// AWS SNS (HTTP/S subscriptions) —
/// <https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html>:
/// the JSON body is the message, signed with RSA under the certificate at
/// its `SigningCertURL` (SHA-1 for `SignatureVersion` 1, SHA-256 for 2).
/// The event is the message `Type` (`Notification`,
/// `SubscriptionConfirmation`, `UnsubscribeConfirmation`): a confirmation
/// is verified like any message before the app may visit its
/// `SubscribeURL`. The dedup key is the signed `MessageId`.
///
/// No window by default: SNS keeps a message's `Timestamp` (its publish
/// time) across retries, which a delivery policy can spread over an hour
/// or more, so a window would refuse retries. The certificate's own
/// validity is checked against the verify's clock.
pub(super) fn aws_sns() -> Result<Scheme, ConfigError> {
    Scheme::builder("aws-sns", "x-amz-sns-message-type", "")
        .source("https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html")
        .description("AWS SNS: RSA (SHA1/SHA256withRSA) over the message fields, certificate fetched from an SNS host")
        .id_header("x-amz-sns-message-id")
        .event_field("Type")
        .dedup(body_field("MessageId"))
        .tolerance(None)
        .keys_from(KeysFrom::SnsCertificate)
        .build()
}

/// Google Cloud Pub/Sub push with authentication —
/// <https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions>:
/// `Authorization: Bearer <OIDC token>` signed by Google (RS256, keys at
/// `https://www.googleapis.com/oauth2/v3/certs`), issuer
/// `accounts.google.com`, audience the one set on the subscription (the
/// endpoint URL by default), and the subscription's service account in
/// `email`. The token does not sign the body: it proves that Google sent
/// the request, for this audience, within the hour it is valid. The dedup
/// key is `message.messageId` (unsigned). 60 s of clock skew on `exp`.
pub(super) fn google_pubsub() -> Result<Scheme, ConfigError> {
    Scheme::builder("google-pubsub", "Authorization", "")
        .source("https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions")
        .description("Google Pub/Sub push: OIDC bearer token (RS256) from Google, checked for audience and service account")
        .dedup(body_field("message.messageId"))
        .tolerance(Some(60))
        .keys_from(KeysFrom::Jwks {
            url: "https://www.googleapis.com/oauth2/v3/certs".to_owned(),
            issuers: vec![
                "https://accounts.google.com".to_owned(),
                "accounts.google.com".to_owned(),
            ],
            algorithms: vec![JwtAlgorithm::RS256],
            authorized_parties: Vec::new(),
        })
        .build()
}

/// Event Grid's own application in Microsoft Entra ID: the client every
/// token it sends was issued to (`appid` in v1 tokens, `azp` in v2) —
/// <https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery>.
const EVENT_GRID_APP: &str = "4962773b-9cdb-44cf-a8bf-237846a00ab7";

/// Azure Event Grid webhooks with Microsoft Entra ID authentication —
/// <https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery>:
/// `Authorization: Bearer <token>` from the receiver's Entra directory
/// (RS256, keys at `https://login.microsoftonline.com/<directory>/discovery/v2.0/keys`),
/// issued to Event Grid's application for the receiver's app (its
/// application id or ID URI in `aud`). The directory id is required: it
/// names the keys and the issuer (v1 tokens `https://sts.windows.net/<directory>/`,
/// v2 `https://login.microsoftonline.com/<directory>/v2.0`). The event is
/// `aeg-event-type` (`Notification`, `SubscriptionValidation`); the
/// validation event is answered by the integrations
/// ([`Handshake::EventGridValidation`]).
///
/// No dedup key: a request is a batch of events, each with its own `id`,
/// and Event Grid sends no delivery id. 300 s of clock skew, Entra's own
/// default: Event Grid reuses a token for its lifetime (an hour or more),
/// so only `exp` bounds its age.
pub(super) fn azure_event_grid() -> Result<Scheme, ConfigError> {
    Scheme::builder("azure-event-grid", "Authorization", "")
        .source("https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery")
        .description("Azure Event Grid: Microsoft Entra bearer token (RS256) issued to Event Grid for your app; validation handshake answered")
        .event_header("aeg-event-type")
        .tolerance(Some(300))
        .keys_from(KeysFrom::Jwks {
            url: "https://login.microsoftonline.com/{directory}/discovery/v2.0/keys".to_owned(),
            issuers: vec![
                "https://sts.windows.net/{directory}/".to_owned(),
                "https://login.microsoftonline.com/{directory}/v2.0".to_owned(),
            ],
            algorithms: vec![JwtAlgorithm::RS256],
            authorized_parties: vec![EVENT_GRID_APP.to_owned()],
        })
        .handshake(Handshake::EventGridValidation)
        .build()
}

/// Plaid —
/// <https://plaid.com/docs/api/webhooks/webhook-verification/>:
/// `Plaid-Verification` is an ES256 JWT whose claims are `iat` and
/// `request_body_sha256`, the SHA-256 of the body as sent (Plaid's JSON is
/// indented by two spaces: a body re-serialized any other way does not
/// match). Its key is fetched by the token's `kid` with the receiver's API
/// credentials (POST `/webhook_verification_key/get`; `hookproof.PlaidKeys`
/// in Python, `plaidKeys` in Node), and a key Plaid says has expired
/// (`expired_at` set) verifies nothing. `iat` is checked within 300 s
/// either way: Plaid's "not more than 5 minutes old". The event is
/// `webhook_code` (`DEFAULT_UPDATE`; `webhook_type` names its product).
/// No dedup key: Plaid sends no delivery id.
pub(super) fn plaid() -> Result<Scheme, ConfigError> {
    Scheme::builder("plaid", "Plaid-Verification", "")
        .source("https://plaid.com/docs/api/webhooks/webhook-verification/")
        .description(
            "Plaid: ES256 JWT over the body's SHA-256; key fetched by id with your Plaid API keys",
        )
        .event_field("webhook_code")
        .tolerance(Some(300))
        .keys_from(KeysFrom::KeyById {
            url: crate::plaid_keys::PLAID_KEYS.to_owned(),
            algorithms: vec![JwtAlgorithm::ES256],
        })
        .build()
}

/// PayPal (REST API webhooks) —
/// <https://developer.paypal.com/api/rest/webhooks/rest/>: SHA256withRSA
/// (`PAYPAL-AUTH-ALGO`) over `<PAYPAL-TRANSMISSION-ID>|<PAYPAL-TRANSMISSION-TIME>|<your
/// webhook id>|<CRC-32 of the body, unsigned decimal>`, base64 in
/// `PAYPAL-TRANSMISSION-SIG`, under the certificate at `PAYPAL-CERT-URL`
/// (a PayPal API host only). The webhook id is required
/// ([`crate::Trust::webhook_id`]). The event is the body's `event_type`;
/// the dedup key its `id` (the event's, kept across PayPal's retries, each
/// a transmission of its own with its own id and time).
///
/// 300 s window on the transmission time. PayPal signs the body's CRC-32,
/// which is no cryptographic hash: whoever holds a genuine delivery can
/// make another body with the same CRC-32, so the window bounds how long a
/// captured one could be reused that way.
pub(super) fn paypal() -> Result<Scheme, ConfigError> {
    Scheme::builder("paypal", "PAYPAL-TRANSMISSION-SIG", "")
        .source("https://developer.paypal.com/api/rest/webhooks/rest/")
        .description("PayPal: SHA256withRSA over transmission id, time, your webhook id and the body's CRC-32; certificate fetched from a PayPal API host")
        .id_header("PAYPAL-TRANSMISSION-ID")
        .timestamp_header("PAYPAL-TRANSMISSION-TIME")
        .timestamp_unit(TimestampUnit::Rfc3339)
        .expected_header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
        .event_field("event_type")
        .dedup(body_field("id"))
        .tolerance(Some(300))
        .keys_from(KeysFrom::PaypalCertificate {
            certificate_header: HeaderName::new(["PAYPAL-CERT-URL"])?,
        })
        .build()
}
