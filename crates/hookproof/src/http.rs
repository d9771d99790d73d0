//! The HTTP side of every framework integration, in both runtimes: how
//! much body is read, what a refused request is answered, when a handler's
//! outcome completes a dedup claim and when it releases it, the store key,
//! and the URL a URL-signing sender called. The Python and Node layers
//! adapt their frameworks to these rules and decide none of them;
//! `tests/vectors/integration/integration.json` checks that every adapter
//! answers alike.

use crate::error::VERIFY_CODES;
pub use crate::request_url::{ForwardedHeaders, SeenRequest, request_url};

/// Request bodies larger than this (bytes) are answered 413 before
/// verification, unless the app sets its own limit. Webhook bodies are a
/// few KiB; GitHub caps its payloads at 25 MB, which an app receiving them
/// raises the limit for.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The body is larger than the limit (413).
pub const BODY_TOO_LARGE: &str = "body_too_large";
/// A parser read the body before the integration could (500: the app is
/// set up wrong, and the sender retries once it is fixed).
pub const BODY_CONSUMED: &str = "body_consumed";
/// The verify code for a sender's published key that could not be had
/// (503, like an unreachable dedup store: the sender retries).
const KEY_UNAVAILABLE: &str = "key_unavailable";
/// The dedup store cannot be reached (503: the sender retries).
pub const DEDUP_UNAVAILABLE: &str = "dedup_unavailable";
/// Another worker is handling this delivery right now (409: the sender
/// retries, and by then it is done or released).
pub const IN_FLIGHT: &str = "in_flight";
/// This delivery was handled before (200, so the sender stops retrying).
pub const DUPLICATE: &str = "duplicate";
/// The integration is set up in a way that cannot work (500, logged).
pub const MISCONFIGURED: &str = "misconfigured";
/// The app's function that picks a tenant's `Webhook` found none for this
/// request (404: no such endpoint, and no secret to check it with).
pub const UNKNOWN_TENANT: &str = "unknown_tenant";
/// That function failed (its database is down): 503, so the sender
/// retries; nothing is known about the delivery.
pub const TENANT_LOOKUP_FAILED: &str = "tenant_lookup_failed";

/// Every code an integration answers with besides the verification codes
/// ([`VERIFY_CODES`]).
pub const ANSWER_CODES: [&str; 8] = [
    BODY_TOO_LARGE,
    BODY_CONSUMED,
    DEDUP_UNAVAILABLE,
    IN_FLIGHT,
    DUPLICATE,
    MISCONFIGURED,
    UNKNOWN_TENANT,
    TENANT_LOOKUP_FAILED,
];

/// What an integration answers instead of running the handler: a status
/// and a JSON body, the same bytes in every runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body: `{"error":"<code>"}`, or `{"status":"duplicate"}`.
    pub body: String,
}

/// The answer for `code`, a verification code or one of [`ANSWER_CODES`].
///
/// A verification failure is 400: the request is not the sender's, or is
/// a replay, and a retry of the same bytes fails the same way. The one
/// exception is `key_unavailable` (503): the sender's published key could
/// not be fetched, which says nothing about the delivery, and a retry may
/// find it. A code this
/// version does not know is answered 500, so the sender retries rather
/// than the delivery being lost.
#[must_use]
pub fn answer(code: &str) -> Answer {
    let status = match code {
        DUPLICATE => {
            return Answer {
                status: 200,
                body: r#"{"status":"duplicate"}"#.to_owned(),
            };
        }
        // The sender's published key could not be fetched: nothing is
        // known about the delivery, and the sender's retry may find it.
        KEY_UNAVAILABLE => 503,
        c if VERIFY_CODES.contains(&c) => 400,
        BODY_TOO_LARGE => 413,
        IN_FLIGHT => 409,
        DEDUP_UNAVAILABLE | TENANT_LOOKUP_FAILED => 503,
        UNKNOWN_TENANT => 404,
        BODY_CONSUMED | MISCONFIGURED => 500,
        _ => return unknown(),
    };
    Answer {
        status,
        body: format!(r#"{{"error":"{code}"}}"#),
    }
}

fn unknown() -> Answer {
    Answer {
        status: 500,
        body: format!(r#"{{"error":"{MISCONFIGURED}"}}"#),
    }
}

/// What a dedup store's claim answered (`claimed`, `in_flight`, `done`)
/// means for the request: `None` to run the handler, or the code to answer
/// with instead. Anything else a store answers is treated as unavailable:
/// the handler does not run and the sender retries.
#[must_use]
pub fn claim_code(state: &str) -> Option<&'static str> {
    match state {
        "claimed" => None,
        "done" => Some(DUPLICATE),
        "in_flight" => Some(IN_FLIGHT),
        _ => Some(DEDUP_UNAVAILABLE),
    }
}

/// [`claim_code`]'s answer.
#[must_use]
pub fn claim_answer(state: &str) -> Option<Answer> {
    claim_code(state).map(answer)
}

/// Every `result` label value of the integrations' metrics.
pub const RESULTS: [&str; 5] = [
    "verified",
    "rejected",
    "duplicate",
    "in_flight",
    "unavailable",
];

/// The metric labels of a decision: `(result, code)` for the code answered
/// (`None`: verified, the handler runs). Both come from fixed lists, so no
/// request can make a new label value: a code outside them is labelled "".
#[must_use]
pub fn metric_labels(code: Option<&str>) -> (&'static str, &'static str) {
    let Some(code) = code else {
        return ("verified", "");
    };
    let known = VERIFY_CODES
        .iter()
        .chain(ANSWER_CODES.iter())
        .find(|c| **c == code)
        .copied()
        .unwrap_or("");
    let result = match code {
        DUPLICATE => "duplicate",
        IN_FLIGHT => "in_flight",
        DEDUP_UNAVAILABLE | KEY_UNAVAILABLE | TENANT_LOOKUP_FAILED => "unavailable",
        _ => "rejected",
    };
    (result, known)
}

/// Whether a handler's outcome completes its delivery's claim (`true`) or
/// releases it so that the sender's retry runs the handler again
/// (`false`). `status` is the response the handler produced; `None` when
/// it raised.
///
/// Released: an exception, any 5xx, and the 4xx statuses that ask for a
/// retry (408 Request Timeout, 425 Too Early, 429 Too Many Requests): a
/// sender retries those, and a completed claim would answer its retry
/// "duplicate", losing the event. Completed: 1xx–3xx and every other 4xx,
/// which say the handler decided about this delivery for good.
#[must_use]
pub fn completes(status: Option<u16>) -> bool {
    match status {
        None => false,
        Some(408 | 425 | 429) => false,
        Some(s) => s < 500,
    }
}

/// The key a delivery is claimed under in a dedup store: the scheme's name,
/// the tenant's id for a multi-tenant app's Webhook
/// ([`Webhook::with_tenant`](crate::Webhook::with_tenant)), and the
/// delivery's dedup key: `<scheme>:<key>`, `<scheme>/<tenant>:<key>`. Two
/// senders' ids never collide, and neither do two tenants': otherwise a
/// tenant who holds its own secret could sign a delivery with another
/// tenant's next id and have that one answered "duplicate". A scheme name
/// holds no `/` or `:`, nor does a tenant id, so no two keys read alike.
#[must_use]
pub fn store_key(scheme: &str, tenant: Option<&str>, dedup_key: &str) -> String {
    match tenant {
        Some(tenant) => format!("{scheme}/{tenant}:{dedup_key}"),
        None => format!("{scheme}:{dedup_key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{
        ANSWER_CODES, VERIFY_CODES, answer, claim_answer, completes, metric_labels, store_key,
    };

    #[test]
    fn every_code_has_its_status_and_an_unknown_one_asks_for_a_retry() {
        for code in VERIFY_CODES {
            // A key that could not be fetched is no verdict: the sender retries.
            let status = if code == "key_unavailable" { 503 } else { 400 };
            assert_eq!(answer(code).status, status, "{code}");
            assert_eq!(answer(code).body, format!("{{\"error\":\"{code}\"}}"));
        }
        let statuses: Vec<u16> = ANSWER_CODES.iter().map(|c| answer(c).status).collect();
        assert_eq!(statuses, [413, 500, 503, 409, 200, 500, 404, 503]);
        assert_eq!(answer("duplicate").body, r#"{"status":"duplicate"}"#);
        let unknown = answer("no_such_code\"");
        assert_eq!(
            (unknown.status, unknown.body.contains("no_such")),
            (500, false)
        );
    }

    #[test]
    fn claims_and_outcomes() {
        assert_eq!(claim_answer("claimed"), None);
        assert_eq!(claim_answer("done").map(|a| a.status), Some(200));
        assert_eq!(claim_answer("in_flight").map(|a| a.status), Some(409));
        assert_eq!(claim_answer("garbage").map(|a| a.status), Some(503));
        let kept: Vec<u16> = [200, 204, 302, 400, 404, 422]
            .into_iter()
            .filter(|s| completes(Some(*s)))
            .collect();
        assert_eq!(kept, [200, 204, 302, 400, 404, 422]);
        for released in [None, Some(500), Some(503), Some(408), Some(425), Some(429)] {
            assert!(!completes(released), "{released:?}");
        }
        assert_eq!(store_key("cloro", None, "t-1"), "cloro:t-1");
        assert_eq!(store_key("cloro", Some("acme"), "t-1"), "cloro/acme:t-1");
        assert_eq!(metric_labels(None), ("verified", ""));
        assert_eq!(metric_labels(Some("duplicate")), ("duplicate", "duplicate"));
        assert_eq!(
            metric_labels(Some("dedup_unavailable")),
            ("unavailable", "dedup_unavailable")
        );
        assert_eq!(
            metric_labels(Some("signature_mismatch")),
            ("rejected", "signature_mismatch")
        );
        assert_eq!(metric_labels(Some("made-up")), ("rejected", ""));
    }
}
