//! The preset schemes: one data entry per sender, each citing the sender's
//! own documentation. Where the documentation leaves a detail open, the entry
//! says which reading it takes.

use crate::error::{ConfigError, ConfigErrorKind};
use crate::scheme::{DedupKey, Scheme, SignatureFormat};

mod body_signers;
mod dated;
mod ecdsa;
mod ed25519;
mod fetched;
mod founding;
mod in_body;
mod standard;
mod timestamped;
mod tokens;
mod url_signers;

use body_signers::{
    bitbucket, calendly, coinbase_commerce, docusign, github, github_sha1, intercom, lemonsqueezy,
    linear, meta, paddle, pusher, razorpay, sentry, shopify, slack, stripe, typeform, xero, zoom,
};
use dated::{r#box, zendesk};
use ecdsa::sendgrid;
use ed25519::{discord, telnyx};
use fetched::{aws_sns, azure_event_grid, google_pubsub, paypal, plaid};
use founding::{cloro, fileloom};
use in_body::mailgun;
use standard::{clerk, resend, standard, standard_v1a, svix};
use timestamped::{mux, workos};
use tokens::{gitlab, postmark};
use url_signers::{hubspot, hubspot_v1, hubspot_v2, mandrill, square, twilio};

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
    ("hubspot-v2", hubspot_v2),
    ("hubspot-v1", hubspot_v1),
    ("square", square),
    ("twilio", twilio),
    ("discord", discord),
    ("meta", meta),
    ("bitbucket", bitbucket),
    ("sentry", sentry),
    ("xero", xero),
    ("pusher", pusher),
    ("coinbase-commerce", coinbase_commerce),
    ("telnyx", telnyx),
    ("mandrill", mandrill),
    ("gitlab", gitlab),
    ("postmark", postmark),
    ("box", r#box),
    ("zendesk", zendesk),
    ("docusign", docusign),
    ("sendgrid", sendgrid),
    ("mailgun", mailgun),
    ("mux", mux),
    ("workos", workos),
    ("razorpay", razorpay),
    ("aws-sns", aws_sns),
    ("google-pubsub", google_pubsub),
    ("azure-event-grid", azure_event_grid),
    ("plaid", plaid),
    ("paypal", paypal),
];

/// The preset names.
pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(name, _)| *name)
}

/// Every preset, built once, in the order of [`names`]: for `identify`,
/// which reads them all on each call (building every scheme per call cost
/// about 15 µs).
pub(crate) fn built() -> &'static [(&'static str, Scheme)] {
    static BUILT: std::sync::OnceLock<Vec<(&'static str, Scheme)>> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        PRESETS
            .iter()
            .filter_map(|(name, build)| Some((*name, build().ok()?)))
            .collect()
    })
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
    fn every_preset_names_its_source() {
        for name in super::names() {
            let source = super::get(name)
                .map(|s| s.source().to_owned())
                .unwrap_or_default();
            assert!(source.starts_with("https://"), "{name}: {source:?}");
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
