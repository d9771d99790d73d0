//! The preset schemes: one data entry per sender, each citing the sender's
//! own documentation. Where the documentation leaves a detail open, the entry
//! says which reading it takes.

use crate::error::{ConfigError, ConfigErrorKind};
use crate::scheme::{DedupKey, Encoding, KeyForm, Scheme, SignatureFormat};

type Preset = fn() -> Result<Scheme, ConfigError>;

/// Every preset, in the order `schemes()` lists them.
const PRESETS: &[(&str, Preset)] = &[
    ("cloro", cloro),
    ("fileloom", fileloom),
    ("standard", standard),
    ("svix", svix),
    ("clerk", clerk),
    ("resend", resend),
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
/// documents a hard cut). `X-Cloro-Webhook-Id` is `<task-id>-<attempt>`; the
/// idempotency key is the task id.
fn cloro() -> Result<Scheme, ConfigError> {
    Scheme::builder("cloro", "X-Cloro-Signature", "{timestamp}.{body}")
        .description("cloro task results: X-Cloro-Signature v1=<hex> over {timestamp}.{body}")
        .signature_format(list("v1=", ", "))
        .timestamp_header("X-Cloro-Timestamp")
        .id_header("X-Cloro-Webhook-Id")
        .dedup(DedupKey::IdWithoutAttempt)
        .build()
}

/// Fileloom — <https://docs.fileloom.io/authentication/webhook-security>.
///
/// `X-Fileloom-Signature: sha256=<hex HMAC-SHA256>` over the raw body alone,
/// keyed with the secret's UTF-8 bytes. `X-Fileloom-Timestamp` is not signed;
/// the docs still advise a window, so the tolerance applies to it, but only
/// deduplication on `X-Fileloom-Delivery-Id` stops a replay with a fresh
/// timestamp. The docs' examples always send the `sha256=` prefix, so a bare
/// hex value is `malformed_header` (reading chosen; `explain` names it).
fn fileloom() -> Result<Scheme, ConfigError> {
    Scheme::builder("fileloom", "X-Fileloom-Signature", "{body}")
        .description("Fileloom: X-Fileloom-Signature sha256=<hex> over the body; timestamp checked, not signed")
        .signature_format(list("sha256=", ""))
        .timestamp_header("X-Fileloom-Timestamp")
        .id_header("X-Fileloom-Delivery-Id")
        .event_header("X-Fileloom-Event")
        .dedup(DedupKey::Id)
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
