//! Which presets a request's headers point to (`identify`), for a receiver
//! or a command that was not told the sender: the presets whose signature
//! header is present and holds a signature in the preset's own syntax, most
//! specific first.
//!
//! It never decides alone whether a delivery is genuine: a caller tries each
//! candidate it configured with that preset's own secrets (`hookproof verify
//! --scheme auto --secret-env stripe=VAR …`). Never one secret under several
//! presets: a forger who picks the headers would then pick the construction
//! (a token, a body-only HMAC with no timestamp) the secret is checked with.

use crate::headers::{HeaderValue, Headers};
use crate::scheme::{HeaderName, Scheme};
use crate::signature::{Entry, entries};

/// The presets whose signature header `headers` carries, with at least one
/// signature in the preset's syntax (`sha256=…` is not read as GitHub's
/// legacy `sha1=…` header), most specific first: ranked by how many of the
/// preset's other headers (timestamp, id, event) are present too, then in
/// the order `schemes()` lists them. Svix-family senders share every
/// header, so all of them come back; a repeated signature header matches
/// nothing (verify would refuse it). A sender that signs in the body
/// (Mailgun) sends no signature header and is never named.
#[must_use]
pub fn identify(headers: &(impl Headers + ?Sized)) -> Vec<&'static str> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for (order, (name, scheme)) in crate::presets::built().iter().enumerate() {
        if !signed_here(scheme, headers) {
            continue;
        }
        let others = [
            scheme.timestamp_header(),
            scheme.id_header(),
            scheme.event_header(),
        ];
        let score = others
            .into_iter()
            .flatten()
            .filter(|h| present(h, headers).is_some())
            .count();
        found.push((score, order, *name));
    }
    // Most specific first; among equals, the order of `schemes()`.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, _, name)| name).collect()
}

/// Whether one of `scheme`'s signature headers is there with one of its
/// signatures.
fn signed_here(scheme: &Scheme, headers: &(impl Headers + ?Sized)) -> bool {
    if let Some(crate::KeysFrom::KeyById { .. }) = scheme.keys_from() {
        // The header's value is the JWT itself (Plaid-Verification).
        return scheme
            .signature_header()
            .and_then(|name| present(name, headers))
            .is_some_and(|token| token.trim().split('.').count() == 3);
    }
    if let Some(crate::KeysFrom::Jwks { .. }) = scheme.keys_from() {
        // `Authorization` is everyone's header: only a Bearer JWT points
        // to an OIDC sender.
        return scheme
            .signature_header()
            .and_then(|name| present(name, headers))
            .and_then(|value| value.split_once(' '))
            .is_some_and(|(kind, token)| {
                kind.eq_ignore_ascii_case("bearer") && token.trim().split('.').count() == 3
            });
    }
    scheme
        .signature_header()
        .into_iter()
        .chain(scheme.extra_signature_headers())
        .filter_map(|name| present(name, headers))
        .any(|value| {
            entries(&scheme.signature_format, value).any(|e| matches!(e, Entry::Signature(_)))
        })
}

/// The value of the first of `name`'s spellings that is sent, when it is
/// sent once, non-empty and within the length verify reads; a spelling sent
/// twice stops the search (verify refuses it), as a missing one does not.
fn present<'a>(name: &HeaderName, headers: &'a (impl Headers + ?Sized)) -> Option<&'a str> {
    for spelling in name.lowercase_names() {
        match headers.lookup(spelling) {
            HeaderValue::Missing => {}
            HeaderValue::One(v) if !v.trim().is_empty() && v.len() <= crate::MAX_HEADER_LEN => {
                return Some(v);
            }
            HeaderValue::One(_) | HeaderValue::Repeated => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::identify;

    #[test]
    fn the_most_specific_preset_comes_first() {
        let github = [
            ("X-Hub-Signature-256", "sha256=00"),
            ("X-GitHub-Delivery", "d1"),
            ("X-GitHub-Event", "push"),
        ];
        assert_eq!(identify(&github[..]), ["github", "meta"]);
        assert_eq!(identify(&github[..1]), ["github", "meta"]);
        let bitbucket = [
            ("X-Hub-Signature", "sha256=00"),
            ("X-Event-Key", "repo:push"),
        ];
        assert_eq!(identify(&bitbucket[..]), ["bitbucket"]);
        let legacy = [("X-Hub-Signature", "sha1=00")];
        assert_eq!(identify(&legacy[..]), ["github-sha1", "intercom"]);
    }

    #[test]
    fn nothing_it_knows_gives_nothing() {
        assert!(identify(&[("Content-Type", "application/json")][..]).is_empty());
        assert!(
            identify(
                &[
                    ("X-Hub-Signature", "sha1=00"),
                    ("x-hub-signature", "sha1=01")
                ][..]
            )
            .is_empty()
        );
        assert!(identify(&[("Stripe-Signature", "")][..]).is_empty());
        // Basic credentials are Postmark's, not an OIDC sender's.
        assert_eq!(
            identify(&[("Authorization", "Basic dXNlcjpwYXNz")][..]),
            ["postmark"]
        );
        assert_eq!(
            identify(&[("Authorization", "Bearer a.b.c")][..]),
            ["google-pubsub", "azure-event-grid"]
        );
        assert_eq!(identify(&[("Plaid-Verification", "a.b.c")][..]), ["plaid"]);
        let paypal = [
            (
                "PAYPAL-TRANSMISSION-SIG",
                "thy4/U002quzxFavHPwbfJGcc46E8rc5jzgyeafWm5mICTBdY==",
            ),
            (
                "PAYPAL-TRANSMISSION-ID",
                "dfb3be50-fd74-11e4-8bf3-77339302725b",
            ),
            ("PAYPAL-TRANSMISSION-TIME", "2015-05-18T15:45:13Z"),
        ];
        assert_eq!(identify(&paypal[..]), ["paypal"]);
        assert!(identify(&[("Plaid-Verification", "abc")][..]).is_empty());
        // Event Grid's event header makes it the more specific.
        assert_eq!(
            identify(
                &[
                    ("Authorization", "Bearer a.b.c"),
                    ("aeg-event-type", "Notification")
                ][..]
            ),
            ["azure-event-grid", "google-pubsub"]
        );
        // Svix's own name sent twice: verify refuses it, whatever the alias says.
        let twice = [
            ("svix-signature", "v1,AA=="),
            ("svix-signature", "v1,AA=="),
            ("webhook-signature", "v1,AA=="),
        ];
        assert!(!identify(&twice[..]).contains(&"svix"));
    }
}
