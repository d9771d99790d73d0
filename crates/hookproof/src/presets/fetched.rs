//! Senders that publish their verifying keys at a URL: the delivery names
//! (SNS) or the scheme knows (OIDC) where, and the binding fetches them
//! ([`crate::Webhook::key_url`]). Built with
//! [`crate::Webhook::fetching`] and a [`crate::Trust`] saying what the
//! delivery must also carry (a topic, an audience, a service account).

use crate::error::ConfigError;
use crate::fetched::{JwtAlgorithm, KeysFrom};
use crate::scheme::Scheme;

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
        })
        .build()
}
