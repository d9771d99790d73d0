//! [`Delivery`]: a verified delivery described without borrowing anything,
//! for a binding to keep in its own object and turn into its own strings.
//!
//! The core's [`Verified`](crate::Verified) borrows the body and the header
//! values. A binding's result object outlives the call, and its strings are
//! the host's (a Python `str`, a JavaScript string), so it keeps this
//! instead: where each text field is, and the body fields once read.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::body_fields::{BodyReads, FromBody};
use crate::headers::MAX_HEADER_LEN;
use crate::scheme::MAX_HEADER_NAMES;

// `Place::Header` holds a slot in a `u8` and a range of a header value in
// `u16`s; the limits the verify enforces keep both in range.
const _: () = assert!(MAX_HEADER_NAMES <= u8::MAX as usize);
const _: () = assert!(MAX_HEADER_LEN <= u16::MAX as usize);

/// Where a text field of a verified delivery (its id, event type or dedup
/// key) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The delivery has no such field.
    Absent,
    /// Bytes `start..end` of the value of header `slot`, an index in
    /// [`Webhook::header_names`](crate::Webhook::header_names). The range is
    /// the whole value, or a prefix of it (an id without its attempt number).
    Header {
        /// The header's index in `header_names()`.
        slot: u8,
        /// Where the text starts in the value (bytes).
        start: u16,
        /// Where it ends (bytes, exclusive).
        end: u16,
    },
    /// A field of the JSON body, read only when asked
    /// ([`Delivery::read_body`]).
    Body,
}

impl Place {
    /// `range` of header `slot`'s value. Absent when either does not fit,
    /// which the limits above rule out for anything the verify read.
    pub(crate) fn header(slot: usize, range: Range<usize>) -> Self {
        match (
            u8::try_from(slot),
            u16::try_from(range.start),
            u16::try_from(range.end),
        ) {
            (Ok(slot), Ok(start), Ok(end)) => Self::Header { slot, start, end },
            _ => Self::Absent,
        }
    }

    /// The header slot and byte range, for a [`Place::Header`].
    #[must_use]
    pub fn in_header(self) -> Option<(usize, Range<usize>)> {
        match self {
            Self::Header { slot, start, end } => {
                Some((usize::from(slot), usize::from(start)..usize::from(end)))
            }
            Self::Absent | Self::Body => None,
        }
    }

    /// The text at this place in a header value (`value` is the value of
    /// this place's slot); `None` for a place in no header.
    #[must_use]
    pub fn in_value(self, value: &str) -> Option<&str> {
        value.get(self.in_header()?.1)
    }
}

/// A verified delivery, owned: the places of its text fields, its
/// timestamp and which secret matched, and the body fields it reads once
/// they have been read. Made by
/// [`Webhook::verify_located`](crate::Webhook::verify_located).
#[derive(Debug, Clone)]
pub struct Delivery {
    pub(crate) id: Place,
    pub(crate) event: Place,
    pub(crate) dedup_key: Place,
    pub(crate) timestamp: Option<i64>,
    pub(crate) key_index: usize,
    /// What the body fields are, shared with the `Webhook`: only when a
    /// field is [`Place::Body`].
    pub(crate) reads: Option<Arc<BodyReads>>,
    /// The event and dedup key where they are body fields, read together on
    /// the first access of either: one parse of the body for both (a 1 KiB
    /// Stripe event parses in ~0.7 µs, more than the rest of its verify).
    /// Boxed: most deliveries never fill it.
    pub(crate) from_body: OnceLock<Box<FromBody>>,
}

impl Delivery {
    /// Where the delivery id is (a header, when the scheme has one and it
    /// was sent).
    #[must_use]
    pub fn id(&self) -> Place {
        self.id
    }
    /// Where the event type is: a header, a body field, or absent.
    #[must_use]
    pub fn event(&self) -> Place {
        self.event
    }
    /// Where the idempotency key is: a header (or part of the id), a body
    /// field, or absent. See [`Verified::dedup_key`](crate::Verified::dedup_key).
    #[must_use]
    pub fn dedup_key(&self) -> Place {
        self.dedup_key
    }
    /// The delivery's timestamp in unix seconds, when the scheme reads one.
    #[must_use]
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }
    /// Which secret matched, counting from 0 in the order given.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The fields at [`Place::Body`], read from `body` on the first call
    /// and kept; later calls answer the same. `body` is the body this
    /// delivery verified, and `id` the text of its id (the dedup key's
    /// cross-check reads it: cloro). The event is read only when it is a
    /// body field; a dedup key the id header contradicts is an error
    /// (`malformed_header`), and the event stays readable.
    pub fn read_body(&self, body: &[u8], id: Option<&str>) -> &FromBody {
        self.from_body.get_or_init(|| {
            Box::new(self.reads.as_ref().map_or(
                FromBody {
                    event: None,
                    dedup_key: Ok(None),
                },
                |reads| reads.read(body, self.event == Place::Body, id),
            ))
        })
    }
}
