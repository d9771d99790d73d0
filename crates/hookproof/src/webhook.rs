//! [`Webhook`]: a scheme plus prepared keys; verifies ([`crate::verify`])
//! and signs ([`crate::sign`]) deliveries.

use std::fmt;
use std::sync::{Arc, Mutex};
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
use std::time::{SystemTime, UNIX_EPOCH};

use crate::body_fields::BodyReads;
use crate::error::{ConfigError, VerifyError};
use crate::fetched::{KeyCache, Trust};
use crate::headers::Headers;
use crate::key::PreparedKey;
use crate::scheme::Scheme;
use crate::slots::HeaderSlots;
use crate::verified::{Request, Verified};

/// Verifies deliveries of one scheme against one or more secrets.
///
/// Keys are validated and prepared when the `Webhook` is built, once; verify
/// and sign only clone the prepared state. With several secrets (rotation),
/// a delivery verifies when any of them matches and [`Verified::key_index`]
/// says which; [`Webhook::sign`] uses the first.
#[derive(Clone)]
pub struct Webhook {
    pub(crate) scheme: Scheme,
    pub(crate) keys: Vec<PreparedKey>,
    /// Each secret's last valid second ([`Webhook::with_expiry`]); empty
    /// when none expires, so a verify checks nothing.
    pub(crate) not_after: Vec<Option<i64>>,
    pub(crate) tolerance: Option<u64>,
    pub(crate) slots: HeaderSlots,
    /// Shared with every delivery that has a body field to read.
    pub(crate) body_reads: Arc<BodyReads>,
    /// For a sender that publishes its keys: what its deliveries must
    /// also say ([`Webhook::fetching`]).
    pub(crate) trust: Trust,
    /// The key documents fetched for this `Webhook`, shared by its clones.
    pub(crate) fetched: Arc<Mutex<KeyCache>>,
    /// The tenant this `Webhook` verifies for, in a multi-tenant app.
    pub(crate) tenant: Option<String>,
}

impl fmt::Debug for Webhook {
    // Key material never prints; only how many keys there are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("scheme", &self.scheme.name())
            .field("secrets", &format_args!("<{} redacted>", self.keys.len()))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}
impl Webhook {
    /// A verifier for `scheme` with one or more `secrets` (newest first).
    ///
    /// # Errors
    /// [`ConfigError`] when no secret is given or one is unusable for the
    /// scheme: empty, surrounded by whitespace, an API key, bad base64 where
    /// the scheme decodes, or shorter than 16 bytes once decoded.
    pub fn new<S: AsRef<[u8]>>(scheme: Scheme, secrets: &[S]) -> Result<Self, ConfigError> {
        if scheme.keys_from.is_some() {
            return Err(ConfigError::argument(format!(
                "{} verifies with keys the sender publishes, not a secret: \
                 build it with Webhook::fetching",
                scheme.name()
            )));
        }
        if secrets.is_empty() {
            return Err(ConfigError::argument("at least one secret is needed"));
        }
        let many = secrets.len() > 1;
        let keys = secrets
            .iter()
            .enumerate()
            .map(|(i, secret)| {
                PreparedKey::new(scheme.algorithm, scheme.key, secret.as_ref()).map_err(|e| {
                    if many {
                        ConfigError::new(
                            e.kind(),
                            format!("secret {} of {}: {e}", i + 1, secrets.len()),
                        )
                    } else {
                        e
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let tolerance = scheme.tolerance;
        let slots = HeaderSlots::new(&scheme);
        let body_reads = Arc::new(BodyReads::new(&scheme));
        Ok(Self {
            scheme,
            keys,
            not_after: Vec::new(),
            tolerance,
            slots,
            body_reads,
            trust: Trust::default(),
            fetched: crate::fetched::new_cache(),
            tenant: None,
        })
    }

    /// A verifier for a sender that publishes its keys (AWS SNS, Google
    /// Pub/Sub push: [`Scheme::keys_from`]), accepting what `trust` names.
    /// The keys are fetched by the caller ([`Webhook::key_url`],
    /// [`Webhook::add_keys`]); a `Webhook` keeps them, shared with its
    /// clones.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) for a scheme with shared
    /// secrets, or a `trust` that does not suit the scheme (a token scheme
    /// needs an audience).
    pub fn fetching(mut scheme: Scheme, trust: Trust) -> Result<Self, ConfigError> {
        let Some(from) = scheme.keys_from.take() else {
            return Err(ConfigError::argument(format!(
                "{} verifies with a secret: build it with Webhook::new",
                scheme.name()
            )));
        };
        let trust = trust.checked(&from)?;
        // A Microsoft Entra scheme's JWKS URL and issuers name the
        // directory: written out once, here.
        scheme.keys_from = Some(from.in_directory(trust.directory.as_deref()));
        Ok(Self {
            tolerance: scheme.tolerance,
            slots: HeaderSlots::new(&scheme),
            body_reads: Arc::new(BodyReads::new(&scheme)),
            scheme,
            keys: Vec::new(),
            not_after: Vec::new(),
            trust,
            fetched: crate::fetched::new_cache(),
            tenant: None,
        })
    }

    /// [`Webhook::new`] or [`Webhook::fetching`], whichever `scheme` takes:
    /// the one rule the bindings share, so that a secret given to a scheme
    /// with published keys, or a trust to a scheme with secrets, is refused
    /// the same way everywhere.
    ///
    /// # Errors
    /// As the constructor chosen; `invalid_argument` when the other kind
    /// of configuration is given as well.
    pub fn configured<S: AsRef<[u8]>>(
        scheme: Scheme,
        secrets: &[S],
        trust: Trust,
    ) -> Result<Self, ConfigError> {
        match scheme.keys_from {
            Some(_) if !secrets.is_empty() => Err(ConfigError::argument(format!(
                "{} verifies with keys the sender publishes and takes no secret; \
                 give the audience, email or topic it must carry instead",
                scheme.name()
            ))),
            Some(_) => Self::fetching(scheme, trust),
            None if trust != Trust::default() => Err(ConfigError::argument(format!(
                "audience, email, topic, directory and webhook id are for schemes whose sender \
                 publishes its keys (aws-sns, google-pubsub, azure-event-grid, paypal), not {}",
                scheme.name()
            ))),
            None => Self::new(scheme, secrets),
        }
    }

    /// Whether the scheme's keys are fetched ([`Webhook::key_url`]) rather
    /// than given.
    #[must_use]
    pub fn fetches_keys(&self) -> bool {
        self.scheme.keys_from.is_some()
    }

    /// Names the tenant this `Webhook` verifies for, in an app that
    /// receives webhooks for many accounts: a dedup store then keeps each
    /// tenant's keys apart ([`crate::http::store_key`]), and a delivery
    /// says whose it is.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) for an id that is not 1 to 128
    /// letters, digits, `.`, `_` or `-`.
    pub fn with_tenant(mut self, tenant: &str) -> Result<Self, ConfigError> {
        let ok = |b: u8| b.is_ascii_alphanumeric() || b"._-".contains(&b);
        if tenant.is_empty() || tenant.len() > 128 || !tenant.bytes().all(ok) {
            return Err(ConfigError::argument(
                "a tenant id is 1 to 128 letters, digits, '.', '_' or '-'",
            ));
        }
        self.tenant = Some(tenant.to_owned());
        Ok(self)
    }

    /// The tenant this `Webhook` verifies for, if one was named.
    #[must_use]
    pub fn tenant(&self) -> Option<&str> {
        self.tenant.as_deref()
    }

    /// What deliveries verified with fetched keys must also say.
    #[must_use]
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// A verifier for the preset named `name` (see [`crate::presets`]).
    ///
    /// # Errors
    /// [`ConfigError`] for an unknown name or an unusable secret.
    pub fn preset<S: AsRef<[u8]>>(name: &str, secrets: &[S]) -> Result<Self, ConfigError> {
        Self::new(crate::presets::get(name)?, secrets)
    }

    /// Replaces the scheme's default tolerance (seconds); `None` turns the
    /// timestamp check off.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Option<u64>) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Gives each secret, in order, the last unix second at which it
    /// verifies (`None`: no end), for a rotation that retires the old
    /// secret on a date: after it, a delivery signed with that secret is
    /// `signature_mismatch`, and the error names the secret as expired
    /// ([`VerifyError::SignatureMismatch`]'s `expired_key`) rather than
    /// saying nothing matched, so a sender still on the old secret is told
    /// apart from a forgery. Compared with the verify's `now`, so tests
    /// and replays of old deliveries use the same clock as the window.
    /// [`Webhook::sign`] signs with the first secret in force at the
    /// signing time. [`Verified::key_index`] keeps counting every secret.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) when `not_after` does not hold
    /// one entry per secret.
    pub fn with_expiry(mut self, not_after: &[Option<i64>]) -> Result<Self, ConfigError> {
        if not_after.len() != self.keys.len() {
            return Err(ConfigError::argument(
                "not_after needs one entry per secret",
            ));
        }
        self.not_after = if not_after.iter().all(Option::is_none) {
            Vec::new()
        } else {
            not_after.to_vec()
        };
        Ok(self)
    }

    /// Whether secret `i` verifies and signs at `at` (unix seconds): up to
    /// and including its `not_after` second.
    pub(crate) fn in_force(&self, i: usize, at: i64) -> bool {
        self.not_after
            .get(i)
            .copied()
            .flatten()
            .is_none_or(|t| at <= t)
    }

    /// Each secret's `not_after` (empty when none was given).
    #[must_use]
    pub fn not_after(&self) -> &[Option<i64>] {
        &self.not_after
    }

    /// The scheme.
    #[must_use]
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Lower-case names of every header the scheme may read, each once:
    /// [`Scheme::lookup_names`], kept. A binding that collects the values in
    /// this order lends them as an [`Aligned`](crate::Aligned), read by index.
    #[must_use]
    pub fn header_names(&self) -> &[String] {
        &self.slots.names
    }

    /// What its deliveries read from the body when asked (event type,
    /// dedup key): a binding that keeps a delivery in its own form reads
    /// those fields through this.
    #[must_use]
    pub fn body_reads(&self) -> &BodyReads {
        &self.body_reads
    }

    /// The tolerance in force, in seconds.
    #[must_use]
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// Verifies a delivery against the system clock.
    ///
    /// # Errors
    /// [`VerifyError`] saying why the delivery is not genuine.
    pub fn verify<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
    ) -> Result<Verified<'a>, VerifyError> {
        self.verify_at(body, headers, unix_now())
    }

    /// Verifies a delivery as if the time were `now` (unix seconds).
    ///
    /// # Errors
    /// [`VerifyError`] saying why the delivery is not genuine.
    pub fn verify_at<'a, H: Headers + ?Sized>(
        &'a self,
        body: &'a [u8],
        headers: &'a H,
        now: i64,
    ) -> Result<Verified<'a>, VerifyError> {
        self.verify_request(body, headers, now, Request::default())
    }

    /// Checks that `request` carries what this scheme signs (the URL for
    /// Twilio, Square and HubSpot; the method for HubSpot). Bindings call it
    /// before verifying so that a missing URL is a configuration error, not a
    /// rejected delivery.
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) naming what to pass.
    pub fn check_request(&self, request: Request<'_>) -> Result<(), ConfigError> {
        let name = self.scheme.name();
        if self.scheme.signs_url() && request.url.is_none_or(str::is_empty) {
            return Err(ConfigError::argument(format!(
                "the {name} scheme signs the request URL: pass the full URL the sender called"
            )));
        }
        if self.scheme.signs_method() && request.method.is_none_or(str::is_empty) {
            return Err(ConfigError::argument(format!(
                "the {name} scheme signs the request method: pass it (e.g. POST)"
            )));
        }
        Ok(())
    }
}

/// The system clock in unix seconds (0 before 1970, which no real clock is).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
#[must_use]
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The JavaScript host's clock (`Date.now()`) in unix seconds: on
/// wasm32-unknown-unknown `SystemTime::now()` has no clock and panics.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[must_use]
pub fn unix_now() -> i64 {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "milliseconds since 1970 fit i64"
    )]
    let seconds = (js_sys::Date::now() / 1000.0).floor() as i64;
    seconds.max(0)
}

#[cfg(test)]
mod tests {
    use super::Webhook;
    use crate::delivery::Place;
    use crate::headers::{HeaderValue, Headers};

    /// Values aligned with `Webhook::header_names`, answered by index only.
    struct ByIndex(Vec<Option<String>>);

    impl Headers for ByIndex {
        fn lookup(&self, _name: &str) -> HeaderValue<'_> {
            HeaderValue::Missing
        }
        fn lookup_at(&self, index: usize, _name: &str) -> HeaderValue<'_> {
            match self.0.get(index) {
                Some(Some(v)) => HeaderValue::One(v),
                _ => HeaderValue::Missing,
            }
        }
    }

    /// The value, or the test fails with the error's message.
    #[allow(clippy::panic, reason = "a test helper: a failed expectation panics")]
    fn must<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
        result.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn body_fields_are_named_and_read_on_demand() {
        let wh = must(Webhook::preset("stripe", &["whsec_lazy_body_field_test"]));
        let body = br#"{"id":"evt_1","object":"event","type":"invoice.paid","data":{"id":"in_1"}}"#;
        let signed = must(wh.sign(body, Some(1_748_419_200), None));
        let v = must(wh.verify_at(body, &signed, 1_748_419_200));
        let unread = v.clone();
        let d = v.delivery();
        assert_eq!((d.event(), d.dedup_key()), (Place::Body, Place::Body));
        assert_eq!(
            (v.event(), v.dedup_key()),
            (Some("invoice.paid"), Ok(Some("evt_1")))
        );
        assert_eq!(unread, v, "one read, one not: equal by value");
        assert_eq!(crate::body_field(body, "object").as_deref(), Some("event"));
        // A header event is not a body field.
        let gh = must(Webhook::preset("github", &["github-lazy-test"]));
        let mut headers = must(gh.sign(body, None, Some("d-1")));
        headers.push(("X-GitHub-Event".to_owned(), "push".to_owned()));
        let v = must(gh.verify_at(body, &headers, 0));
        let slot = gh.header_names().iter().position(|n| n == "x-github-event");
        let place = v
            .delivery()
            .event()
            .in_header()
            .map(|(slot, range)| (slot, range.len()));
        assert_eq!((v.event(), place), (Some("push"), slot.map(|s| (s, 4))));
    }

    #[test]
    fn headers_are_asked_by_their_index_in_header_names() {
        let wh = must(Webhook::preset("cloro", &["whsec_index_test_secret_value"]));
        let body = br#"{"task":{"id":"task-7"}}"#;
        let signed = must(wh.sign(body, Some(1_748_419_200), Some("task-7-2")));
        let values = wh
            .header_names()
            .iter()
            .map(|name| {
                signed
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            })
            .collect();
        let headers = ByIndex(values);
        let v = wh.verify_at(body, &headers, 1_748_419_200);
        assert_eq!(v.as_ref().map(|v| v.id()), Ok(Some("task-7-2")));
        assert_eq!(v.as_ref().map(|v| v.dedup_key()), Ok(Ok(Some("task-7"))));
    }

    #[test]
    fn a_cloro_key_is_the_signed_task_id_and_a_rewritten_id_header_cannot_be_read() {
        let wh = must(Webhook::preset(
            "cloro",
            &["whsec_cloro_task_id_test_secret"],
        ));
        let body = br#"{"task":{"id":"t-42","status":"COMPLETED"}}"#;
        // Signed without an id, a sender's id is the task's, attempt 1.
        let mut headers = must(wh.sign(body, Some(1_748_419_200), None));
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        assert_eq!((v.id(), v.dedup_key()), (Some("t-42-1"), Ok(Some("t-42"))));
        // The header is not signed: rewritten, the delivery still verifies,
        // but its key is refused rather than made new.
        for (name, value) in &mut headers {
            if name == "X-Cloro-Webhook-Id" {
                "t-43-1".clone_into(value);
            }
        }
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        let refused = v
            .dedup_key()
            .map_err(|e| (e.code(), e.header().map(str::to_owned)));
        assert_eq!(
            refused,
            Err(("malformed_header", Some("X-Cloro-Webhook-Id".to_owned())))
        );
        assert_eq!(v.event(), None, "other fields still read");
        // Without the header, or without a task id, nothing to compare.
        headers.retain(|(name, _)| name != "X-Cloro-Webhook-Id");
        let v = must(wh.verify_at(body, &headers, 1_748_419_200));
        assert_eq!(v.dedup_key(), Ok(Some("t-42")));
        let plain = must(wh.sign(b"not json", Some(1_748_419_200), Some("t-42-1")));
        let v = must(wh.verify_at(b"not json", &plain, 1_748_419_200));
        assert_eq!(v.dedup_key(), Ok(None));
    }
}
