//! Standard Webhooks and the senders built on it (Svix, Clerk, Resend), with
//! its asymmetric v1a variant.

use crate::error::ConfigError;
use crate::scheme::{Algorithm, DedupKey, Encoding, KeyForm, Scheme};

use super::list;

/// The Standard Webhooks family, with its canonical and Svix header names.
fn standard_family(
    name: &str,
    description: &str,
    source: &str,
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
    .source(source)
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
pub(super) fn standard() -> Result<Scheme, ConfigError> {
    standard_family(
        "standard",
        "Standard Webhooks v1: webhook-signature v1,<base64> over {id}.{timestamp}.{body}",
        "https://www.standardwebhooks.com/",
        false,
    )
}

/// Svix — <https://docs.svix.com/receiving/verifying-payloads/how-manual>:
/// Standard Webhooks with `svix-id`/`svix-timestamp`/`svix-signature`; the
/// `webhook-*` names are read too.
pub(super) fn svix() -> Result<Scheme, ConfigError> {
    standard_family(
        "svix",
        "Svix (Standard Webhooks with svix-* headers)",
        "https://docs.svix.com/receiving/verifying-payloads/how-manual",
        true,
    )
}

/// Clerk — <https://clerk.com/docs/webhooks/sync-data>: delivered by Svix.
pub(super) fn clerk() -> Result<Scheme, ConfigError> {
    standard_family(
        "clerk",
        "Clerk (delivered by Svix; Standard Webhooks)",
        "https://clerk.com/docs/webhooks/sync-data",
        true,
    )
}

/// Resend — <https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests>:
/// delivered by Svix.
pub(super) fn resend() -> Result<Scheme, ConfigError> {
    standard_family(
        "resend",
        "Resend (delivered by Svix; Standard Webhooks)",
        "https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests",
        true,
    )
}

/// Standard Webhooks v1a — the spec's asymmetric variant
/// (<https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md>,
/// "Asymmetric signatures"): `webhook-signature: v1a,<base64 Ed25519>` over
/// `{id}.{timestamp}.{body}`; the receiver holds the sender's `whpk_` public
/// key (a `whsk_` secret key also signs).
pub(super) fn standard_v1a() -> Result<Scheme, ConfigError> {
    Scheme::builder(
        "standard-v1a",
        "webhook-signature",
        "{id}.{timestamp}.{body}",
    )
    .source("https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md")
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
