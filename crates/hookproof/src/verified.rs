//! [`Verified`]: a delivery that passed, borrowing its body and headers.

use std::cell::OnceCell;

use crate::body_fields::{BodyReads, FromBody};
use crate::error::VerifyError;

/// A delivery that verified. Borrows from the [`Webhook`], the body and the
/// headers.
#[derive(Debug, Clone)]
pub struct Verified<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) id: Option<&'a str>,
    pub(crate) timestamp: Option<i64>,
    pub(crate) event: Field<'a>,
    pub(crate) dedup_key: Field<'a>,
    pub(crate) key_index: usize,
    pub(crate) body: &'a [u8],
    /// What the scheme reads from the body, and the values, read together
    /// when either is first asked for: one parse of the body for both.
    pub(crate) reads: &'a BodyReads,
    pub(crate) from_body: OnceCell<FromBody>,
}

/// A text field of a delivery: absent, read from a header during the verify,
/// or the field of this name in the JSON body, read when first asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field<'a> {
    Absent,
    Header(&'a str),
    /// A field of the body; [`BodyReads`] names it.
    Body,
}

impl<'a> From<Option<&'a str>> for Field<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Self::Absent, Self::Header)
    }
}

/// Deliveries are equal when their fields' values are, read from the body
/// or not yet.
impl PartialEq for Verified<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.scheme, self.id, self.timestamp, self.key_index)
            == (other.scheme, other.id, other.timestamp, other.key_index)
            && (self.event(), self.dedup_key()) == (other.event(), other.dedup_key())
    }
}

impl Eq for Verified<'_> {}

/// Request details that some senders sign besides the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Request<'r> {
    /// The full URL the sender called, exactly as it called it (scheme, host,
    /// path, query): Twilio, Square, HubSpot.
    pub url: Option<&'r str>,
    /// The HTTP method: HubSpot.
    pub method: Option<&'r str>,
}

impl<'a> Verified<'a> {
    /// The scheme's name.
    #[must_use]
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }
    /// The delivery id header, when the scheme has one and it was sent.
    #[must_use]
    pub fn id(&self) -> Option<&'a str> {
        self.id
    }
    /// The delivery's timestamp in unix seconds, when the scheme reads one.
    #[must_use]
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }
    /// The event type (header or body field), when the sender gives one. A
    /// body field is read on the first call.
    #[must_use]
    pub fn event(&self) -> Option<&str> {
        match self.event {
            Field::Absent => None,
            Field::Header(text) => Some(text),
            Field::Body => self.body_values().event.as_deref(),
        }
    }
    /// The idempotency key: the same on every retry of one delivery, and
    /// taken from signed bytes wherever the sender signs one
    /// ([`Scheme::dedup_key_signed`]). A body field is read on the first
    /// call.
    ///
    /// # Errors
    /// `malformed_header` when the id header disagrees with the key the
    /// signed body carries (cloro: the header's task id is not `task.id`):
    /// the header was changed after signing, so the delivery cannot be
    /// deduplicated and is refused.
    pub fn dedup_key(&self) -> Result<Option<&str>, VerifyError> {
        match self.dedup_key {
            Field::Absent => Ok(None),
            Field::Header(text) => Ok(Some(text)),
            Field::Body => match &self.body_values().dedup_key {
                Ok(key) => Ok(key.as_deref()),
                Err(e) => Err(e.clone()),
            },
        }
    }
    /// The name of the body field the event type is read from, when it
    /// comes from the body: lets a binding keep the body and read it later,
    /// only if the app asks ([`body_field`](crate::body_field)).
    #[must_use]
    pub fn event_body_field(&self) -> Option<&'a str> {
        matches!(self.event, Field::Body)
            .then(|| self.reads.event_field())
            .flatten()
    }
    /// The name of the body field the dedup key is read from, when it comes
    /// from the body (see [`Verified::event_body_field`]).
    #[must_use]
    pub fn dedup_key_body_field(&self) -> Option<&'a str> {
        matches!(self.dedup_key, Field::Body)
            .then(|| self.reads.dedup_key_field())
            .flatten()
    }
    /// Which secret matched, counting from 0 in the order given.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The body fields, read on the first call.
    fn body_values(&self) -> &FromBody {
        self.from_body.get_or_init(|| {
            let event = matches!(self.event, Field::Body);
            self.reads.read(self.body, event, self.id)
        })
    }
}
