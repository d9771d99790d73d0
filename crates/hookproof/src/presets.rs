//! The preset schemes: one data entry per sender, each citing the sender's
//! own documentation. Where the documentation leaves a detail open, the entry
//! says which reading it takes.

use crate::error::{ConfigError, ConfigErrorKind};
use crate::scheme::{
    Algorithm, DedupKey, Encoding, HeaderName, KeyForm, Scheme, SignatureFormat, TimestampUnit,
};

type Preset = fn() -> Result<Scheme, ConfigError>;

/// Every preset, in the order `schemes()` lists them.
const PRESETS: &[(&str, Preset)] = &[
    ("cloro", cloro),
    ("fileloom", fileloom),
    ("standard", standard),
    ("svix", svix),
    ("clerk", clerk),
    ("resend", resend),
    ("standard-v1a", standard_v1a),
    ("stripe", stripe),
    ("github", github),
    ("github-sha1", github_sha1),
    ("slack", slack),
    ("shopify", shopify),
    ("paddle", paddle),
    ("linear", linear),
    ("lemonsqueezy", lemonsqueezy),
    ("typeform", typeform),
    ("calendly", calendly),
    ("zoom", zoom),
    ("intercom", intercom),
    ("hubspot", hubspot),
    ("square", square),
    ("twilio", twilio),
    ("discord", discord),
];

/// The preset names.
pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(name, _)| *name)
}

/// The preset called `name` (case-insensitive).
///
/// # Errors
/// [`ConfigError`] (`unknown_scheme`) listing the known names.
pub fn get(name: &str) -> Result<Scheme, ConfigError> {
    let wanted = name.trim().to_ascii_lowercase();
    match PRESETS.iter().find(|(n, _)| *n == wanted) {
        Some((_, build)) => build(),
        None => Err(ConfigError::new(
            ConfigErrorKind::UnknownScheme,
            format!(
                "unknown scheme {:?}; known schemes: {}",
                name.chars().take(64).collect::<String>(),
                names().collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

fn list(prefix: &str, separators: &str) -> SignatureFormat {
    SignatureFormat::List {
        prefix: prefix.to_owned(),
        separators: separators.to_owned(),
    }
}

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
fn cloro() -> Result<Scheme, ConfigError> {
    Scheme::builder("cloro", "X-Cloro-Signature", "{timestamp}.{body}")
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
fn fileloom() -> Result<Scheme, ConfigError> {
    Scheme::builder("fileloom", "X-Fileloom-Signature", "{body}")
        .description("Fileloom: X-Fileloom-Signature sha256=<hex> over the body; timestamp checked, not signed")
        .signature_format(list("sha256=", ""))
        .timestamp_header("X-Fileloom-Timestamp")
        .id_header("X-Fileloom-Delivery-Id")
        .event_header("X-Fileloom-Event")
        .dedup(body_field("id"))
        .build()
}

/// The Standard Webhooks family, with its canonical and Svix header names.
fn standard_family(
    name: &str,
    description: &str,
    svix_names_first: bool,
) -> Result<Scheme, ConfigError> {
    let (first, second) = if svix_names_first {
        ("svix", "webhook")
    } else {
        ("webhook", "svix")
    };
    let mut builder = Scheme::builder(
        name,
        &format!("{first}-signature"),
        "{id}.{timestamp}.{body}",
    )
    .description(description)
    .signature_format(list("v1,", " "))
    .timestamp_header(&format!("{first}-timestamp"))
    .id_header(&format!("{first}-id"))
    .key(KeyForm::WhsecBase64)
    .encoding(Encoding::Base64)
    .dedup(DedupKey::Id);
    if svix_names_first {
        builder = builder
            .signature_header_alias(&format!("{second}-signature"))
            .timestamp_header(&format!("{second}-timestamp"))
            .id_header(&format!("{second}-id"));
    }
    builder.build()
}

/// Standard Webhooks v1 — <https://www.standardwebhooks.com/> (spec.md,
/// "Signature scheme"). `webhook-signature: v1,<base64> [v1,<base64> …]`
/// over `{webhook-id}.{webhook-timestamp}.{body}`; the secret is `whsec_` +
/// base64 (prefix and padding optional); entries of other versions (`v1a,`)
/// are skipped. The idempotency key is `webhook-id`.
fn standard() -> Result<Scheme, ConfigError> {
    standard_family(
        "standard",
        "Standard Webhooks v1: webhook-signature v1,<base64> over {id}.{timestamp}.{body}",
        false,
    )
}

/// Svix — <https://docs.svix.com/receiving/verifying-payloads/how-manual>:
/// Standard Webhooks with `svix-id`/`svix-timestamp`/`svix-signature`; the
/// `webhook-*` names are read too.
fn svix() -> Result<Scheme, ConfigError> {
    standard_family("svix", "Svix (Standard Webhooks with svix-* headers)", true)
}

/// Clerk — <https://clerk.com/docs/webhooks/sync-data>: delivered by Svix.
fn clerk() -> Result<Scheme, ConfigError> {
    standard_family(
        "clerk",
        "Clerk (delivered by Svix; Standard Webhooks)",
        true,
    )
}

/// Resend — <https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests>:
/// delivered by Svix.
fn resend() -> Result<Scheme, ConfigError> {
    standard_family(
        "resend",
        "Resend (delivered by Svix; Standard Webhooks)",
        true,
    )
}

fn params(separator: char, signature_key: &str, timestamp_key: Option<&str>) -> SignatureFormat {
    SignatureFormat::Params {
        separator,
        signature_key: signature_key.to_owned(),
        timestamp_key: timestamp_key.map(str::to_owned),
    }
}

fn body_field(name: &str) -> DedupKey {
    DedupKey::BodyField(name.to_owned())
}

/// Standard Webhooks v1a — the spec's asymmetric variant
/// (<https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md>,
/// "Asymmetric signatures"): `webhook-signature: v1a,<base64 Ed25519>` over
/// `{id}.{timestamp}.{body}`; the receiver holds the sender's `whpk_` public
/// key (a `whsk_` secret key also signs).
fn standard_v1a() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "standard-v1a",
        "webhook-signature",
        "{id}.{timestamp}.{body}",
    )
    .description("Standard Webhooks v1a: webhook-signature v1a,<base64 Ed25519>, whpk_ public keys")
    .signature_format(list("v1a,", " "))
    .timestamp_header("webhook-timestamp")
    .id_header("webhook-id")
    .algorithm(Algorithm::Ed25519)
    .key(KeyForm::WhpkBase64)
    .encoding(Encoding::Base64)
    .dedup(DedupKey::Id)
    .build()
}

/// Stripe — <https://docs.stripe.com/webhooks#verify-manually>:
/// `Stripe-Signature: t=<ts>,v1=<hex>[,v1=<hex>…][,v0=…]` over
/// `{t}.{body}`, HMAC-SHA256 keyed with the `whsec_…` string as it is (no
/// base64). Any matching `v1` is enough (Stripe sends one per active secret
/// during a roll); `v0` (test-mode legacy) is ignored. Five-minute window,
/// as Stripe's libraries. Dedup on the event's `id`, event type `type`.
fn stripe() -> Result<Scheme, ConfigError> {
    Scheme::builder("stripe", "Stripe-Signature", "{timestamp}.{body}")
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
fn github() -> Result<Scheme, ConfigError> {
    Scheme::builder("github", "X-Hub-Signature-256", "{body}")
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
fn github_sha1() -> Result<Scheme, ConfigError> {
    Scheme::builder("github-sha1", "X-Hub-Signature", "{body}")
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
fn slack() -> Result<Scheme, ConfigError> {
    Scheme::builder("slack", "X-Slack-Signature", "v0:{timestamp}:{body}")
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
fn shopify() -> Result<Scheme, ConfigError> {
    Scheme::builder("shopify", "X-Shopify-Hmac-Sha256", "{body}")
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
fn paddle() -> Result<Scheme, ConfigError> {
    Scheme::builder("paddle", "Paddle-Signature", "{timestamp}:{body}")
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
fn linear() -> Result<Scheme, ConfigError> {
    Scheme::builder("linear", "Linear-Signature", "{body}")
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
fn lemonsqueezy() -> Result<Scheme, ConfigError> {
    Scheme::builder("lemonsqueezy", "X-Signature", "{body}")
        .description("Lemon Squeezy: X-Signature <hex> over the body (no timestamp)")
        .event_header("X-Event-Name")
        .tolerance(None)
        .build()
}

/// Typeform — <https://www.typeform.com/developers/webhooks/secure-your-webhooks/>:
/// `Typeform-Signature: sha256=<base64>` over the body; no timestamp.
/// Dedup `event_id`, event `event_type`.
fn typeform() -> Result<Scheme, ConfigError> {
    Scheme::builder("typeform", "Typeform-Signature", "{body}")
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
fn calendly() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "calendly",
        "Calendly-Webhook-Signature",
        "{timestamp}.{body}",
    )
    .description("Calendly: Calendly-Webhook-Signature t=<ts>,v1=<hex> over {t}.{body}; 180 s")
    .signature_format(params(',', "v1", Some("t")))
    .event_field("event")
    .tolerance(Some(180))
    .build()
}

/// Zoom — <https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events>:
/// `x-zm-signature: v0=<hex>` over `v0:{x-zm-request-timestamp}:{body}`
/// (the Slack construction), timestamp in seconds. Event `event`.
fn zoom() -> Result<Scheme, ConfigError> {
    Scheme::builder("zoom", "x-zm-signature", "v0:{timestamp}:{body}")
        .description("Zoom: x-zm-signature v0=<hex> over v0:{timestamp}:{body}")
        .signature_format(list("v0=", ""))
        .timestamp_header("x-zm-request-timestamp")
        .event_field("event")
        .build()
}

/// Intercom — <https://developers.intercom.com/docs/webhooks/setting-up-webhooks#signed-notifications>:
/// `X-Hub-Signature: sha1=<hex>` (HMAC-SHA1 with the app's client secret)
/// over the body; no timestamp. Dedup the notification `id`, event `topic`.
fn intercom() -> Result<Scheme, ConfigError> {
    Scheme::builder("intercom", "X-Hub-Signature", "{body}")
        .description("Intercom: X-Hub-Signature sha1=<hex> (HMAC-SHA1) over the body")
        .signature_format(list("sha1=", ""))
        .algorithm(Algorithm::HmacSha1)
        .event_field("topic")
        .tolerance(None)
        .dedup(body_field("id"))
        .build()
}

/// HubSpot v3 — <https://developers.hubspot.com/docs/api/webhooks/validating-requests>:
/// `X-HubSpot-Signature-v3: <base64>` over `{method}{url}{body}{timestamp}`,
/// `X-HubSpot-Request-Timestamp` in milliseconds, five minutes. Pass the URL
/// as HubSpot documents it (full URI, with the listed characters decoded).
fn hubspot() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "hubspot",
        "X-HubSpot-Signature-v3",
        "{method}{url}{body}{timestamp}",
    )
    .description(
        "HubSpot v3: X-HubSpot-Signature-v3 <base64> over {method}{url}{body}{timestamp} (ms)",
    )
    .encoding(Encoding::Base64)
    .timestamp_header("X-HubSpot-Request-Timestamp")
    .timestamp_unit(TimestampUnit::Milliseconds)
    .build()
}

/// Square — <https://developer.squareup.com/docs/webhooks/step3validate>:
/// `x-square-hmacsha256-signature: <base64>` over `{notification URL}{body}`,
/// keyed with the subscription's signature key; no timestamp. Dedup
/// `event_id`, event `type`.
fn square() -> Result<Scheme, ConfigError> {
    Scheme::builder("square", "x-square-hmacsha256-signature", "{url}{body}")
        .description("Square: x-square-hmacsha256-signature <base64> over {url}{body}")
        .encoding(Encoding::Base64)
        .event_field("type")
        .tolerance(None)
        .dedup(body_field("event_id"))
        .build()
}

/// Twilio — <https://www.twilio.com/docs/usage/webhooks/webhooks-security>:
/// `X-Twilio-Signature: <base64 HMAC-SHA1>` (key: the auth token) over the
/// full URL followed by the form parameters sorted by name, each name then
/// its value. Pass the URL exactly as Twilio called it (scheme, host, port,
/// query). No timestamp; `I-Twilio-Idempotency-Token` dedups retries.
/// JSON-bodied Twilio webhooks (signed through a `bodySHA256` query
/// parameter) are not covered by this preset.
fn twilio() -> Result<Scheme, ConfigError> {
    Scheme::builder("twilio", "X-Twilio-Signature", "{url}{form}")
        .description(
            "Twilio: X-Twilio-Signature <base64 HMAC-SHA1> over the URL and sorted form params",
        )
        .encoding(Encoding::Base64)
        .algorithm(Algorithm::HmacSha1)
        .tolerance(None)
        .dedup(DedupKey::Header(HeaderName::new([
            "I-Twilio-Idempotency-Token",
        ])?))
        .build()
}

/// Discord interactions — <https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>:
/// `X-Signature-Ed25519: <hex>` over `{X-Signature-Timestamp}{body}`, checked
/// with the application's public key (hex). Discord names no window; the
/// common five minutes applies.
fn discord() -> Result<Scheme, ConfigError> {
    Scheme::builder("discord", "X-Signature-Ed25519", "{timestamp}{body}")
        .description(
            "Discord: X-Signature-Ed25519 <hex> over {timestamp}{body}, application public key",
        )
        .timestamp_header("X-Signature-Timestamp")
        .algorithm(Algorithm::Ed25519)
        .key(KeyForm::Ed25519Hex)
        .build()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_builds_and_round_trips_through_json() {
        for name in super::names() {
            let scheme = super::get(name).map_err(|e| e.to_string());
            let again = scheme
                .as_ref()
                .map(|s| crate::Scheme::from_json(&s.to_json()).map_err(|e| e.to_string()));
            assert_eq!(again, scheme.as_ref().map(|s| Ok(s.clone())), "{name}");
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = super::get("stripee")
            .err()
            .map(|e| (e.code(), e.to_string()));
        assert!(matches!(err, Some(("unknown_scheme", ref m)) if m.contains("cloro, fileloom")));
    }
}
