//! [`Verified`]: a delivery that passed, borrowing its body and headers.

use crate::delivery::{Delivery, Place};
use crate::error::VerifyError;

/// A delivery that verified. Borrows from the [`Webhook`](crate::Webhook),
/// the body and the headers; [`Verified::into_delivery`] keeps what it
/// found without the borrows.
#[derive(Debug, Clone)]
pub struct Verified<'a> {
    pub(crate) scheme: &'a str,
    /// The header texts at the delivery's id, event and dedup-key places
    /// (`None` for a place in no header).
    pub(crate) texts: [Option<&'a str>; 3],
    pub(crate) body: &'a [u8],
    pub(crate) delivery: Delivery,
}

/// Deliveries are equal when their fields' values are, read from the body
/// or not yet.
impl PartialEq for Verified<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.scheme, self.id(), self.timestamp(), self.key_index())
            == (
                other.scheme,
                other.id(),
                other.timestamp(),
                other.key_index(),
            )
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
        self.texts[0]
    }
    /// The delivery's timestamp in unix seconds, when the scheme reads one.
    #[must_use]
    pub fn timestamp(&self) -> Option<i64> {
        self.delivery.timestamp
    }
    /// The event type (header or body field), when the sender gives one. A
    /// body field is read on the first call.
    #[must_use]
    pub fn event(&self) -> Option<&str> {
        match self.delivery.event {
            Place::Body => self.body_read().event.as_deref(),
            _ => self.texts[1],
        }
    }
    /// The idempotency key: the same on every retry of one delivery, and
    /// taken from signed bytes wherever the sender signs one
    /// ([`Scheme::dedup_key_signed`](crate::Scheme::dedup_key_signed)). A
    /// body field is read on the first call.
    ///
    /// # Errors
    /// `malformed_header` when the id header disagrees with the key the
    /// signed body carries (cloro: the header's task id is not `task.id`):
    /// the header was changed after signing, so the delivery cannot be
    /// deduplicated and is refused.
    pub fn dedup_key(&self) -> Result<Option<&str>, VerifyError> {
        match self.delivery.dedup_key {
            Place::Body => match &self.body_read().dedup_key {
                Ok(key) => Ok(key.as_deref()),
                Err(e) => Err(e.clone()),
            },
            _ => Ok(self.texts[2]),
        }
    }
    /// Which secret matched, counting from 0 in the order given.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.delivery.key_index
    }
    /// Where each field is, and the body fields once read.
    #[must_use]
    pub fn delivery(&self) -> &Delivery {
        &self.delivery
    }
    /// The owned description, without the borrows.
    #[must_use]
    pub fn into_delivery(self) -> Delivery {
        self.delivery
    }

    fn body_read(&self) -> &crate::FromBody {
        self.delivery.read_body(self.body, self.id())
    }
}
