//! `explain`: for a delivery that fails, try the usual mistakes and say which
//! one would have matched. Diagnostic only: [`crate::Webhook::verify`] never
//! tries alternatives, and nothing here runs unless asked for.
//!
//! The mistakes tried, each with the fix in one sentence: the body changed
//! in transit or by a framework (trailing newline, CRLF, JSON re-serialized
//! compact, pretty, with sorted keys or Python's default spacing, Latin-1 vs
//! UTF-8), the secret used in another form (raw vs base64 vs hex, with or
//! without `whsec_`), the delivery signed the way another preset signs, the
//! timestamp in the other unit, and a clock or queue outside the window. A
//! finding never quotes a secret or a signature.

use std::fmt;

use base64::Engine as _;

use crate::error::{ConfigError, VerifyError};
use crate::explain_bodies::body_variants;
use crate::headers::Headers;
use crate::key::BASE64_LENIENT_PAD;
use crate::scheme::{KeyForm, Scheme};
use crate::verified::Request;
use crate::webhook::Webhook;

/// One mistake that, undone, makes the delivery verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A stable identifier: `body_trailing_newline`, `secret_form`, `scheme`, …
    pub mistake: &'static str,
    /// What would have matched, and what to change, in one sentence.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.mistake, self.fix)
    }
}

/// What `explain` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The verdict of a plain verify (`None`: the delivery is genuine).
    pub error: Option<VerifyError>,
    /// Every mistake that, undone, makes the delivery verify; empty when none
    /// of the known mistakes explains the failure.
    pub findings: Vec<Finding>,
    /// Why the scheme refuses the given secrets, when it does. Nothing can
    /// verify then (`error` is `None`), yet the delivery is not genuine; the
    /// other forms of the secret are still tried, so `findings` may say which
    /// one the sender uses.
    pub refused: Option<ConfigError>,
}

impl Explanation {
    /// The code to report: the verdict's, or, when the scheme refused the
    /// secrets and nothing could verify, the refusal's (`invalid_secret`):
    /// the delivery is not genuine either way. What the CLI prints and both
    /// bindings return as `error`.
    #[must_use]
    pub fn code(&self) -> Option<&'static str> {
        self.failure().map(|(code, _)| code)
    }

    /// The message that goes with [`Explanation::code`].
    #[must_use]
    pub fn message(&self) -> Option<String> {
        self.failure().map(|(_, message)| message)
    }

    fn failure(&self) -> Option<(&'static str, String)> {
        match (&self.error, &self.refused) {
            (Some(e), _) => Some((e.code(), e.to_string())),
            (None, Some(e)) => Some((e.code(), e.to_string())),
            (None, None) => None,
        }
    }
}

/// Tries the known mistakes on a delivery that `scheme` and `secrets` reject.
/// Secrets that the scheme refuses are still tried in the other forms.
#[must_use]
pub fn explain<H: Headers + ?Sized>(
    scheme: &Scheme,
    secrets: &[&[u8]],
    body: &[u8],
    headers: &H,
    now: i64,
    request: Request<'_>,
) -> Explanation {
    let verifies =
        |scheme: &Scheme, secrets: &[Vec<u8>], body: &[u8], tolerance: Option<Option<u64>>| {
            Webhook::new(scheme.clone(), secrets).is_ok_and(|wh| {
                let wh = match tolerance {
                    Some(t) => wh.with_tolerance(t),
                    None => wh,
                };
                wh.verify_request(body, headers, now, request).is_ok()
            })
        };
    let owned: Vec<Vec<u8>> = secrets.iter().map(|s| s.to_vec()).collect();
    let (error, refused) = match Webhook::new(scheme.clone(), &owned) {
        Ok(wh) => match wh.verify_request(body, headers, now, request) {
            Ok(_) => {
                return Explanation {
                    error: None,
                    findings: Vec::new(),
                    refused: None,
                };
            }
            Err(e) => (Some(e), None),
        },
        Err(e) => (None, Some(e)),
    };
    let mut findings = Vec::new();
    // One finding per kind of mistake; ranked by likelihood at the end.
    let mut found = |mistake: &'static str, fix: String| {
        if !findings.iter().any(|f: &Finding| f.mistake == mistake) {
            findings.push(Finding { mistake, fix });
        }
    };

    // 1. The clock: genuine but outside the window.
    if matches!(
        error,
        Some(VerifyError::TimestampTooOld { .. } | VerifyError::TimestampTooNew { .. })
    ) {
        found(
            "clock",
            "the signature is genuine but the timestamp is outside the window: check this \
             server's clock (NTP), queues that hold deliveries, and the tolerance"
                .to_owned(),
        );
    }

    // 2. The body, as frameworks and proxies change it.
    for (mistake, variant, fix) in body_variants(body) {
        if verifies(scheme, &owned, &variant, None) {
            found(mistake, fix.to_owned());
        }
    }

    // 3. The secret in another form.
    for (label, form, transform, fix) in secret_forms() {
        let Some(candidates) = owned
            .iter()
            .map(|s| transform(s))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        if candidates == owned && form == scheme.key {
            continue;
        }
        let mut other = scheme.clone();
        other.key = form;
        if verifies(&other, &candidates, body, None) {
            // The prefix texts say what to change in the copied secret; they
            // hold only where the scheme uses the secret as a string.
            let fix = match fix {
                Some(fix) if scheme.key == KeyForm::Utf8 => fix.to_owned(),
                _ => format!(
                    "it verifies with the secret used {label}; this scheme uses it {}",
                    key_form_words(scheme.key)
                ),
            };
            found("secret_form", fix);
        }
    }

    // 4. Another sender's scheme.
    for name in crate::presets::names() {
        let Ok(other) = crate::presets::get(name) else {
            continue;
        };
        if other.name == scheme.name || other == *scheme {
            continue;
        }
        if verifies(&other, &owned, body, None) {
            found(
                "scheme",
                format!("it verifies as a {name} delivery: use the {name} scheme"),
            );
        }
    }

    // 5. The timestamp's unit.
    // A date has no other unit.
    let other = match scheme.timestamp_unit {
        crate::scheme::TimestampUnit::Seconds => Some(crate::scheme::TimestampUnit::Milliseconds),
        crate::scheme::TimestampUnit::Milliseconds => Some(crate::scheme::TimestampUnit::Seconds),
        crate::scheme::TimestampUnit::Rfc3339 => None,
    };
    let mut other_unit = scheme.clone();
    if let Some(unit) = other
        && scheme.timestamp_header.is_some()
        && {
            other_unit.timestamp_unit = unit;
            verifies(&other_unit, &owned, body, None)
        }
    {
        found(
            "timestamp_unit",
            "the sender's timestamp is in the other unit (seconds vs milliseconds): \
             set the scheme's timestamp_unit"
                .to_owned(),
        );
    }
    // 6. The URL, as a proxy in front of the app changes it.
    if scheme.signs_url()
        && let Some(url) = request.url
    {
        let wh = Webhook::new(scheme.clone(), &owned);
        for (mistake, variant, fix) in crate::explain_urls::url_variants(url, headers) {
            let tried = Request {
                url: Some(&variant),
                ..request
            };
            if wh
                .as_ref()
                .is_ok_and(|wh| wh.verify_request(body, headers, now, tried).is_ok())
            {
                found(mistake, fix.to_owned());
            }
        }
    }
    findings.sort_by_key(|f| likelihood_rank(f.mistake));
    Explanation {
        error,
        findings,
        refused,
    }
}

/// Most likely first. A body or secret mistake is what receivers make most;
/// a timestamp in the other unit is off by a factor of 1000, which a clock
/// that drifted never is, so it outranks `clock` when both match.
fn likelihood_rank(mistake: &str) -> u8 {
    match mistake {
        "body_reserialized" | "body_trailing_newline" | "body_line_endings" | "body_encoding" => 0,
        "secret_form" | "url_scheme" | "url_port" | "url_host" | "url_query" => 1,
        "timestamp_unit" => 2,
        "clock" => 3,
        _ => 4, // "scheme": another sender's preset
    }
}

type SecretTransform = fn(&[u8]) -> Option<Vec<u8>>;

/// Forms a secret is mistaken for: how to describe it, the key form to use,
/// how to turn the given secret into that form, and, where the mistake is in
/// the copy of the secret rather than in the scheme, the fix to name.
fn secret_forms() -> Vec<(&'static str, KeyForm, SecretTransform, Option<&'static str>)> {
    vec![
        (
            "as the literal string (whsec_ prefix included)",
            KeyForm::Utf8,
            |s| Some(s.to_vec()),
            None,
        ),
        (
            "with the whsec_ prefix put back",
            KeyForm::Utf8,
            |s| (!s.starts_with(b"whsec_")).then(|| [b"whsec_".as_slice(), s].concat()),
            Some(
                "it verifies with whsec_ in front of the secret: the copy you configured lost \
                 its whsec_ prefix; use the secret exactly as the sender shows it, prefix included",
            ),
        ),
        (
            "as a literal string without its whsec_ prefix",
            KeyForm::Utf8,
            |s| s.strip_prefix(b"whsec_").map(<[u8]>::to_vec),
            Some(
                "it verifies without the whsec_ prefix: this sender signs with the secret minus \
                 its whsec_ prefix; configure the secret without it",
            ),
        ),
        (
            "base64-decoded after whsec_ (Standard Webhooks / Svix)",
            KeyForm::WhsecBase64,
            |s| Some(s.to_vec()),
            None,
        ),
        ("hex-decoded", KeyForm::Utf8, |s| hex::decode(s).ok(), None),
        (
            "base64-decoded",
            KeyForm::Utf8,
            |s| BASE64_LENIENT_PAD.decode(s).ok(),
            None,
        ),
    ]
}

fn key_form_words(form: KeyForm) -> &'static str {
    match form {
        KeyForm::Utf8 => "as the literal string",
        KeyForm::WhsecBase64 => "base64-decoded after an optional whsec_",
        KeyForm::Ed25519Hex => "as a hex Ed25519 public key",
        KeyForm::Ed25519Base64 => "as a base64 Ed25519 public key",
        KeyForm::WhpkBase64 => "as a whpk_/whsk_ Ed25519 key",
        KeyForm::EcdsaP256 => "as a P-256 key (base64 DER or PEM)",
        KeyForm::Rsa => "as an RSA key (PEM or base64 DER)",
    }
}
