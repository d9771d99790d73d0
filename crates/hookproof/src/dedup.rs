//! Deduplication: where a delivery's idempotency key comes from, the rule
//! for a delivery without one, and the Redis and PostgreSQL sides of
//! exactly-once handling, written once for the Python and Node stores
//! (`RedisDedup`, `PostgresDedup`), which run these scripts and statements
//! through the user's own client.
//!
//! A key holds `inflight:<token>` while a handler runs (expiring after the
//! lease, so a crashed worker never blocks a delivery) and `done:<token>`
//! once it completed (kept for the sender's retry window). Only the holder of
//! the claim's random token can complete or release it.

pub use crate::dedup_postgres::{POSTGRES_STATEMENTS, postgres_sql, valid_table};
pub use crate::memory_dedup::{ClaimState, MemoryDedup};
use crate::scheme::DedupKey;

/// An attempt number has at most this many digits. cloro makes 5 attempts;
/// the bound keeps a bare UUID whose last group happens to be all decimal
/// digits (12 characters) from being cut.
const MAX_ATTEMPT_DIGITS: usize = 4;

/// The dedup key a delivery's id header gives, for the schemes whose key
/// is the id (a body-field key is read from the body instead): a prefix of
/// `id`, which `Delivery` records as a range of the header.
pub(crate) fn key_from_id<'a>(dedup: &DedupKey, id: &'a str) -> Option<&'a str> {
    match dedup {
        DedupKey::Id => Some(id),
        DedupKey::IdWithoutAttempt => Some(without_attempt(id)),
        DedupKey::None
        | DedupKey::Header(_)
        | DedupKey::BodyField(_)
        | DedupKey::BodyFieldMatchingId(_) => None,
    }
}

/// `id` without a trailing `-<attempt>` (cloro's `<task-id>-<n>`): cut at
/// the last `-` only when 1 to 4 digits follow it; otherwise the whole id.
pub(crate) fn without_attempt(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((task, attempt))
            if !task.is_empty()
                && (1..=MAX_ATTEMPT_DIGITS).contains(&attempt.len())
                && attempt.bytes().all(|b| b.is_ascii_digit()) =>
        {
            task
        }
        _ => id,
    }
}

/// Whether a delivery's id header agrees with the key its signed body
/// carries ([`DedupKey::BodyFieldMatchingId`]): equal to it as sent, or
/// once its attempt number is cut.
pub(crate) fn id_agrees(id: &str, key: &str) -> bool {
    id == key || without_attempt(id) == key
}

/// `KEYS[1]` = key, `ARGV` = token, lease in ms → `claimed`, `in_flight` or `done`.
pub const LUA_CLAIM: &str = "\
if redis.call('SET', KEYS[1], 'inflight:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 5) == 'done:' then return 'done' end
return 'in_flight'";

/// `KEYS[1]` = key, `ARGV` = token, keep-for in ms: marks the claim done.
pub const LUA_COMPLETE: &str = "\
if redis.call('GET', KEYS[1]) == 'inflight:' .. ARGV[1] then
  return redis.call('SET', KEYS[1], 'done:' .. ARGV[1], 'PX', ARGV[2])
end
return false";

/// `KEYS[1]` = key, `ARGV` = token: forgets the claim so a retry is processed.
pub const LUA_RELEASE: &str = "\
if redis.call('GET', KEYS[1]) == 'inflight:' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";

/// What an integration with a dedup store does with a verified delivery
/// that has no dedup key (it cannot be handled once), and the warning it
/// logs: the rule both runtimes' integrations follow.
///
/// When the key comes from a header every delivery of the sender carries
/// (`dedup_header`, e.g. GitHub's `X-GitHub-Delivery`), a delivery without
/// it is broken: refused as `missing_header` unless the app opted out
/// (`require` false). When the key is a body field some payloads lack by
/// design (Slack's `url_verification`), or the sender gives none, there is
/// nothing to refuse: it runs without deduplication. Never silently: the
/// line is logged either way, with header values only as
/// [`rejection_line`](crate::rejection_line) lets them through.
#[must_use]
pub fn without_key(
    scheme: &str,
    dedup_header: Option<&str>,
    require: bool,
    delivery: Option<&str>,
    client: Option<&str>,
) -> WithoutKey {
    match dedup_header {
        Some(header) if require => WithoutKey {
            refuse: true,
            line: format!(
                "{}: no dedup key ({header} is missing or empty) and a dedup store is configured",
                crate::rejection_line("missing_header", scheme, delivery, client)
            ),
        },
        Some(header) => WithoutKey {
            refuse: false,
            line: format!(
                "webhook handled without deduplication: no dedup key ({header} is missing or empty)"
            ),
        },
        None => WithoutKey {
            refuse: false,
            line: format!(
                "webhook handled without deduplication: no dedup key (the {scheme} scheme reads it \
                 from a body field this delivery lacks, or has none)"
            ),
        },
    }
}

/// The answer of [`without_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithoutKey {
    /// Refuse the delivery: 400 `{"error": "missing_header"}`, handler not run.
    pub refuse: bool,
    /// The warning to log.
    pub line: String,
}

#[cfg(test)]
mod tests {
    use super::{id_agrees, without_attempt, without_key};

    #[test]
    fn attempt_suffix_is_cut_only_when_it_is_digits() {
        for (id, key) in [
            ("task-1-3", "task-1"),
            (
                "b27a21e1-7c39-4aa2-a347-23e828c426f9-12",
                "b27a21e1-7c39-4aa2-a347-23e828c426f9",
            ),
            // A UUID alone: its last group is 12 hex digits, not an attempt.
            (
                "b27a21e1-7c39-4aa2-a347-238281942669",
                "b27a21e1-7c39-4aa2-a347-238281942669",
            ),
            ("task_abc123-1", "task_abc123"),
            (
                "123e4567-e89b-12d3-a456-426614174000",
                "123e4567-e89b-12d3-a456-426614174000",
            ),
            ("task-x", "task-x"),
            ("-3", "-3"),
            ("task", "task"),
            ("task-12345", "task-12345"),
        ] {
            assert_eq!(without_attempt(id), key, "{id}");
        }
        assert!(id_agrees("t1-2", "t1") && id_agrees("t1", "t1"));
        assert!(!id_agrees("t2-1", "t1") && !id_agrees("t1-2", "t1-3"));
    }

    #[test]
    fn only_a_missing_header_key_is_refused_and_every_case_says_so() {
        let refused = without_key(
            "cloro",
            Some("X-Cloro-Webhook-Id"),
            true,
            None,
            Some("10.0.0.1"),
        );
        assert!(refused.refuse);
        assert!(
            refused
                .line
                .starts_with("webhook rejected: code=missing_header scheme=cloro")
        );
        assert!(refused.line.contains("X-Cloro-Webhook-Id is missing"));
        let allowed = without_key("cloro", Some("X-Cloro-Webhook-Id"), false, None, None);
        assert!(!allowed.refuse && allowed.line.contains("without deduplication"));
        let keyless = without_key("zoom", None, true, None, None);
        assert!(!keyless.refuse && keyless.line.contains("the zoom scheme"));
    }
}
