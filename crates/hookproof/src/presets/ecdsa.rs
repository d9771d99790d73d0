//! Senders that sign with an ECDSA P-256 private key, verified with the
//! public key they publish.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, Encoding, KeyForm, Scheme};

/// SendGrid Event Webhook —
/// <https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features>:
/// `X-Twilio-Email-Event-Webhook-Signature: <base64 DER ECDSA>` over
/// `X-Twilio-Email-Event-Webhook-Timestamp` followed directly by the body as
/// sent (real bodies end in `\r\n`, which is signed). The key is the
/// "verification key" from the Event Webhook settings (base64 DER public
/// key). ECDSA signatures are randomized: the vectors can verify SendGrid's
/// signatures, never recompute them.
///
/// No window by default: SendGrid's SDKs do not check the timestamp, and
/// SendGrid documents neither a window nor whether a retry (it retries for
/// 24 hours) is signed anew, so a window could refuse every retry of a
/// delivery that first failed. Pass a `tolerance` where that is known to be
/// safe. A body is a batch of events, so there is no delivery key: dedupe
/// each event on its `sg_event_id`, as SendGrid advises.
pub(super) fn sendgrid() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "sendgrid",
        "X-Twilio-Email-Event-Webhook-Signature",
        "{timestamp}{body}",
    )
    .source("https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features")
    .description("SendGrid: X-Twilio-Email-Event-Webhook-Signature <base64 ECDSA P-256> over {timestamp}{body}")
    .timestamp_header("X-Twilio-Email-Event-Webhook-Timestamp")
    .algorithm(Algorithm::EcdsaP256Sha256)
    .key(KeyForm::EcdsaP256)
    .encoding(Encoding::Base64)
    .tolerance(None)
    .build()
}
