//! Senders that sign the body with HMAC, some with a timestamp beside it.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, DedupKey, Encoding, Scheme, TimestampUnit};

use super::{body_field, list, params};

/// Stripe — <https://docs.stripe.com/webhooks#verify-manually>:
/// `Stripe-Signature: t=<ts>,v1=<hex>[,v1=<hex>…][,v0=…]` over
/// `{t}.{body}`, HMAC-SHA256 keyed with the `whsec_…` string as it is (no
/// base64). Any matching `v1` is enough (Stripe sends one per active secret
/// during a roll); `v0` (test-mode legacy) is ignored. Five-minute window,
/// as Stripe's libraries. Dedup on the event's `id`, event type `type`.
pub(super) fn stripe() -> Result<Scheme, ConfigError> {
    Scheme::builder("stripe", "Stripe-Signature", "{timestamp}.{body}")
        .source("https://docs.stripe.com/webhooks#verify-manually")
        .description("Stripe: Stripe-Signature t=<ts>,v1=<hex> over {t}.{body}; whsec_ used as-is")
        .signature_format(params(',', "v1", Some("t")))
        .event_field("type")
        .dedup(body_field("id"))
        .build()
}

/// GitHub — <https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries>:
/// `X-Hub-Signature-256: sha256=<hex>` over the body. GitHub sends no
/// timestamp, so there is no window: deduplicate on `X-GitHub-Delivery`
/// (the same on a redelivery).
pub(super) fn github() -> Result<Scheme, ConfigError> {
    Scheme::builder("github", "X-Hub-Signature-256", "{body}")
        .source("https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries")
        .description("GitHub: X-Hub-Signature-256 sha256=<hex> over the body (no timestamp)")
        .signature_format(list("sha256=", ""))
        .id_header("X-GitHub-Delivery")
        .event_header("X-GitHub-Event")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// GitHub's legacy `X-Hub-Signature: sha1=<hex>` (HMAC-SHA1), for servers
/// that still only send it (GitHub Enterprise Server before 3.0).
pub(super) fn github_sha1() -> Result<Scheme, ConfigError> {
    Scheme::builder("github-sha1", "X-Hub-Signature", "{body}")
        .source("https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries")
        .description("GitHub legacy: X-Hub-Signature sha1=<hex> (HMAC-SHA1) over the body")
        .signature_format(list("sha1=", ""))
        .algorithm(Algorithm::HmacSha1)
        .id_header("X-GitHub-Delivery")
        .event_header("X-GitHub-Event")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// Slack — <https://api.slack.com/authentication/verifying-requests-from-slack>:
/// `X-Slack-Signature: v0=<hex>` over `v0:{X-Slack-Request-Timestamp}:{body}`;
/// Slack asks for a five-minute window. Events API bodies carry `event_id`
/// (dedup); slash commands and interactions (form bodies) have none.
pub(super) fn slack() -> Result<Scheme, ConfigError> {
    Scheme::builder("slack", "X-Slack-Signature", "v0:{timestamp}:{body}")
        .source("https://api.slack.com/authentication/verifying-requests-from-slack")
        .description("Slack: X-Slack-Signature v0=<hex> over v0:{timestamp}:{body}")
        .signature_format(list("v0=", ""))
        .timestamp_header("X-Slack-Request-Timestamp")
        .dedup(body_field("event_id"))
        .build()
}

/// Shopify — <https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook>:
/// `X-Shopify-Hmac-Sha256: <base64>` over the body, keyed with the app's
/// client secret. No signed timestamp, so no window; `X-Shopify-Webhook-Id`
/// is the delivery id Shopify documents for spotting duplicates;
/// `X-Shopify-Topic` the event.
pub(super) fn shopify() -> Result<Scheme, ConfigError> {
    Scheme::builder("shopify", "X-Shopify-Hmac-Sha256", "{body}")
        .source("https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook")
        .description("Shopify: X-Shopify-Hmac-Sha256 <base64> over the body (no timestamp)")
        .encoding(Encoding::Base64)
        .id_header("X-Shopify-Webhook-Id")
        .event_header("X-Shopify-Topic")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// Paddle Billing — <https://developer.paddle.com/webhooks/signature-verification>:
/// `Paddle-Signature: ts=<ts>;h1=<hex>[;h1=<hex>]` over `{ts}:{body}`,
/// HMAC-SHA256 keyed with the endpoint secret as given. Paddle's SDKs allow
/// only 5 s of skew; we keep the common 300 s (pass `tolerance` to tighten).
/// Dedup `event_id`, event `event_type`.
pub(super) fn paddle() -> Result<Scheme, ConfigError> {
    Scheme::builder("paddle", "Paddle-Signature", "{timestamp}:{body}")
        .source("https://developer.paddle.com/webhooks/signature-verification")
        .description("Paddle Billing: Paddle-Signature ts=<ts>;h1=<hex> over {ts}:{body}")
        .signature_format(params(';', "h1", Some("ts")))
        .event_field("event_type")
        .dedup(body_field("event_id"))
        .build()
}

/// Linear — <https://linear.app/developers/webhooks#securing-webhooks>:
/// `Linear-Signature: <hex>` over the body; the body's `webhookTimestamp`
/// (milliseconds) must be within a minute. `Linear-Delivery` is the
/// delivery id, `Linear-Event` the event.
pub(super) fn linear() -> Result<Scheme, ConfigError> {
    Scheme::builder("linear", "Linear-Signature", "{body}")
        .source("https://linear.app/developers/webhooks#securing-webhooks")
        .description(
            "Linear: Linear-Signature <hex> over the body; webhookTimestamp (ms) within 60 s",
        )
        .timestamp_field("webhookTimestamp")
        .timestamp_unit(TimestampUnit::Milliseconds)
        .tolerance(Some(60))
        .id_header("Linear-Delivery")
        .event_header("Linear-Event")
        .dedup(DedupKey::Id)
        .build()
}

/// Lemon Squeezy — <https://docs.lemonsqueezy.com/help/webhooks/signing-requests>:
/// `X-Signature: <hex>` over the body; no timestamp; `X-Event-Name` the event.
pub(super) fn lemonsqueezy() -> Result<Scheme, ConfigError> {
    Scheme::builder("lemonsqueezy", "X-Signature", "{body}")
        .source("https://docs.lemonsqueezy.com/help/webhooks/signing-requests")
        .description("Lemon Squeezy: X-Signature <hex> over the body (no timestamp)")
        .event_header("X-Event-Name")
        .tolerance(None)
        .build()
}

/// Typeform — <https://www.typeform.com/developers/webhooks/secure-your-webhooks/>:
/// `Typeform-Signature: sha256=<base64>` over the body; no timestamp.
/// Dedup `event_id`, event `event_type`.
pub(super) fn typeform() -> Result<Scheme, ConfigError> {
    Scheme::builder("typeform", "Typeform-Signature", "{body}")
        .source("https://www.typeform.com/developers/webhooks/secure-your-webhooks/")
        .description("Typeform: Typeform-Signature sha256=<base64> over the body (no timestamp)")
        .signature_format(list("sha256=", ""))
        .encoding(Encoding::Base64)
        .event_field("event_type")
        .tolerance(None)
        .dedup(body_field("event_id"))
        .build()
}

/// Calendly — <https://developer.calendly.com/api-docs/ZG9jOjM2MzE2MDM4-webhook-signatures>:
/// `Calendly-Webhook-Signature: t=<ts>,v1=<hex>` over `{t}.{body}`; the
/// docs' example allows three minutes. Event `event`.
pub(super) fn calendly() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "calendly",
        "Calendly-Webhook-Signature",
        "{timestamp}.{body}",
    )
    .source("https://developer.calendly.com/api-docs/ZG9jOjM2MzE2MDM4-webhook-signatures")
    .description("Calendly: Calendly-Webhook-Signature t=<ts>,v1=<hex> over {t}.{body}; 180 s")
    .signature_format(params(',', "v1", Some("t")))
    .event_field("event")
    .tolerance(Some(180))
    .build()
}

/// Zoom — <https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events>:
/// `x-zm-signature: v0=<hex>` over `v0:{x-zm-request-timestamp}:{body}`
/// (the Slack construction), timestamp in seconds. Event `event`.
pub(super) fn zoom() -> Result<Scheme, ConfigError> {
    Scheme::builder("zoom", "x-zm-signature", "v0:{timestamp}:{body}")
        .source("https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events")
        .description("Zoom: x-zm-signature v0=<hex> over v0:{timestamp}:{body}")
        .signature_format(list("v0=", ""))
        .timestamp_header("x-zm-request-timestamp")
        .event_field("event")
        .build()
}

/// Intercom — <https://developers.intercom.com/docs/webhooks/setting-up-webhooks#signed-notifications>:
/// `X-Hub-Signature: sha1=<hex>` (HMAC-SHA1 with the app's client secret)
/// over the body; no timestamp. Dedup the notification `id`, event `topic`.
pub(super) fn intercom() -> Result<Scheme, ConfigError> {
    Scheme::builder("intercom", "X-Hub-Signature", "{body}")
        .source("https://developers.intercom.com/docs/webhooks/setting-up-webhooks#signed-notifications")
        .description("Intercom: X-Hub-Signature sha1=<hex> (HMAC-SHA1) over the body")
        .signature_format(list("sha1=", ""))
        .algorithm(Algorithm::HmacSha1)
        .event_field("topic")
        .tolerance(None)
        .dedup(body_field("id"))
        .build()
}

/// Meta (Facebook, WhatsApp, Instagram Graph webhooks) —
/// <https://developers.facebook.com/docs/graph-api/webhooks/getting-started>:
/// `X-Hub-Signature-256: sha256=<hex>` over the body as sent, keyed with the
/// app secret. Meta signs its escaped-unicode JSON (`\u00e4`), so the raw
/// bytes must be verified, never a re-serialization. No timestamp and no
/// delivery id: no window and no dedup key.
pub(super) fn meta() -> Result<Scheme, ConfigError> {
    Scheme::builder("meta", "X-Hub-Signature-256", "{body}")
        .source("https://developers.facebook.com/docs/graph-api/webhooks/getting-started")
        .description(
            "Meta (WhatsApp, Instagram, Messenger): X-Hub-Signature-256 sha256=<hex> over the body",
        )
        .signature_format(list("sha256=", ""))
        .tolerance(None)
        .build()
}

/// Bitbucket Cloud — <https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/>:
/// `X-Hub-Signature: sha256=<hex>` over the body (SHA-256 under the header
/// name GitHub uses for SHA-1), keyed with the webhook's secret. No
/// timestamp. `X-Request-UUID` is the request's id (unsigned; Atlassian
/// does not say whether a retry keeps it), `X-Event-Key` the event.
pub(super) fn bitbucket() -> Result<Scheme, ConfigError> {
    Scheme::builder("bitbucket", "X-Hub-Signature", "{body}")
        .source("https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/")
        .description("Bitbucket Cloud: X-Hub-Signature sha256=<hex> over the body (no timestamp)")
        .signature_format(list("sha256=", ""))
        .id_header("X-Request-UUID")
        .event_header("X-Event-Key")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// Sentry integration platform —
/// <https://docs.sentry.io/organization/integrations/integration-platform/webhooks/>:
/// `Sentry-Hook-Signature: <hex>` over the body, keyed with the
/// integration's client secret. Sentry sends `Sentry-Hook-Timestamp` but
/// does not sign it, so it bounds nothing and is not read. `Request-ID` is
/// the delivery's id (unsigned), `Sentry-Hook-Resource` the event.
pub(super) fn sentry() -> Result<Scheme, ConfigError> {
    Scheme::builder("sentry", "Sentry-Hook-Signature", "{body}")
        .source("https://docs.sentry.io/organization/integrations/integration-platform/webhooks/")
        .description(
            "Sentry: Sentry-Hook-Signature <hex> over the body (its timestamp is not signed)",
        )
        .id_header("Request-ID")
        .event_header("Sentry-Hook-Resource")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// Xero — <https://developer.xero.com/documentation/webhooks/configuring-your-server>:
/// `x-xero-signature: <base64>` over the body, keyed with the webhook key
/// as given (not base64-decoded, as Xero's own receiver samples do). No
/// timestamp, id or event header. Xero's intent-to-receive check expects
/// 401 for a bad signature, which an integration's 400 is not: answer it
/// from `on_reject`/`onReject` if the endpoint serves that handshake.
pub(super) fn xero() -> Result<Scheme, ConfigError> {
    Scheme::builder("xero", "x-xero-signature", "{body}")
        .source("https://developer.xero.com/documentation/webhooks/configuring-your-server")
        .description("Xero: x-xero-signature <base64> over the body (no timestamp)")
        .encoding(Encoding::Base64)
        .tolerance(None)
        .build()
}

/// Pusher Channels — <https://pusher.com/docs/channels/server_api/webhooks/>:
/// `X-Pusher-Signature: <hex>` over the body, keyed with the app secret
/// (`X-Pusher-Key` names the app key). The body's `time_ms` (milliseconds)
/// is the signed timestamp; five minutes, as pusher-http-python checks.
pub(super) fn pusher() -> Result<Scheme, ConfigError> {
    Scheme::builder("pusher", "X-Pusher-Signature", "{body}")
        .source("https://pusher.com/docs/channels/server_api/webhooks/")
        .description(
            "Pusher: X-Pusher-Signature <hex> over the body; time_ms (ms) in the body, 300 s",
        )
        .timestamp_field("time_ms")
        .timestamp_unit(TimestampUnit::Milliseconds)
        .build()
}

/// Coinbase Commerce — <https://docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security>:
/// `X-CC-Webhook-Signature: <hex>` over the body, keyed with the shared
/// secret. No timestamp. The body wraps the event: dedup on `event.id`
/// (signed; the outer `id` is the delivery), event type `event.type`.
pub(super) fn coinbase_commerce() -> Result<Scheme, ConfigError> {
    Scheme::builder("coinbase-commerce", "X-CC-Webhook-Signature", "{body}")
        .source("https://docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security")
        .description("Coinbase Commerce: X-CC-Webhook-Signature <hex> over the body (no timestamp)")
        .event_field("event.type")
        .tolerance(None)
        .dedup(body_field("event.id"))
        .build()
}

/// Razorpay — <https://razorpay.com/docs/webhooks/validate-test/>:
/// `X-Razorpay-Signature: <hex>` HMAC-SHA256 of the body, keyed with the
/// webhook's secret (not the API key secret). No timestamp, so no window;
/// Razorpay tells receivers to drop duplicates by `x-razorpay-event-id`
/// (unsigned). Event `event`.
pub(super) fn razorpay() -> Result<Scheme, ConfigError> {
    Scheme::builder("razorpay", "X-Razorpay-Signature", "{body}")
        .source("https://razorpay.com/docs/webhooks/validate-test/")
        .description("Razorpay: X-Razorpay-Signature <hex> over the body (no timestamp)")
        .id_header("x-razorpay-event-id")
        .event_field("event")
        .tolerance(None)
        .dedup(DedupKey::Id)
        .build()
}

/// DocuSign Connect — <https://developers.docusign.com/platform/webhooks/connect/hmac/>:
/// `X-DocuSign-Signature-1`, `-2`, … one base64 HMAC-SHA256 of the body per
/// active Connect key, each keyed with the key's text as given (DocuSign's
/// C# and Java samples take its UTF-8 bytes). Give every active key; any
/// header may match any key, and `key_index` says which key did. DocuSign
/// allows up to 100 keys; hookproof reads the first ten headers (a scheme
/// reads at most 16 header names), which covers any rotation in practice.
/// No timestamp is signed and no delivery id is sent, so there is no window
/// and no dedup key: treat the handler as idempotent, on the envelope id
/// and event (`event`, `data.envelopeId` in the body).
pub(super) fn docusign() -> Result<Scheme, ConfigError> {
    let mut builder = Scheme::builder("docusign", "X-DocuSign-Signature-1", "{body}")
        .source("https://developers.docusign.com/platform/webhooks/connect/hmac/")
        .description(
            "DocuSign Connect: X-DocuSign-Signature-1..-10 <base64>, one per key, over the body",
        );
    for n in 2..=10 {
        builder = builder.extra_signature_header(&format!("X-DocuSign-Signature-{n}"));
    }
    builder
        .encoding(Encoding::Base64)
        .event_field("event")
        .tolerance(None)
        .build()
}
