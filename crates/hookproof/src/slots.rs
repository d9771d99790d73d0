//! Where each header a scheme reads sits among the names a binding collects
//! ([`Scheme::lookup_names`]), worked out once per `Webhook`.

use crate::delivery::Place;
use crate::error::VerifyError;
use crate::headers::{Headers, check_value};
use crate::scheme::{DedupKey, HeaderName, Scheme};

/// Where each header the scheme reads sits in [`Scheme::lookup_names`],
/// worked out once so that a verify never compares names it already knows.
#[derive(Clone, Debug, Default)]
pub(crate) struct HeaderSlots {
    pub(crate) names: Vec<String>,
    pub(crate) signature: Vec<usize>,
    /// One entry per extra signature header, in the scheme's order.
    pub(crate) extra_signatures: Vec<Vec<usize>>,
    /// One entry per expected header, in the scheme's order.
    pub(crate) expected: Vec<Vec<usize>>,
    pub(crate) timestamp: Vec<usize>,
    pub(crate) id: Vec<usize>,
    pub(crate) event: Vec<usize>,
    pub(crate) dedup: Vec<usize>,
    /// The header naming the key document's URL (PayPal's certificate).
    pub(crate) key_document: Vec<usize>,
}

impl HeaderSlots {
    pub(crate) fn new(scheme: &Scheme) -> Self {
        let names = scheme.lookup_names();
        let at = |header: Option<&HeaderName>| -> Vec<usize> {
            header
                .into_iter()
                .flat_map(HeaderName::lowercase_names)
                .filter_map(|lower| names.iter().position(|n| n == lower))
                .collect()
        };
        let dedup = match &scheme.dedup {
            DedupKey::Header(name) => Some(name),
            _ => None,
        };
        Self {
            signature: at(scheme.signature_header.as_ref()),
            extra_signatures: scheme
                .extra_signature_headers
                .iter()
                .map(|h| at(Some(h)))
                .collect(),
            expected: scheme
                .expected_headers
                .iter()
                .map(|e| at(Some(&e.header)))
                .collect(),
            timestamp: at(scheme.timestamp_header.as_ref()),
            id: at(scheme.id_header.as_ref()),
            event: at(scheme.event_header.as_ref()),
            dedup: at(dedup),
            key_document: at(scheme.key_document_header()),
            names,
        }
    }

    /// Reads one header by any of its names (`at`: their indices): the
    /// index it was found at, and its value.
    pub(crate) fn read<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
        at: &[usize],
        name: &HeaderName,
    ) -> Result<Option<Found<'h>>, VerifyError> {
        for &i in at {
            let lower = self.names.get(i).map_or("", String::as_str);
            if let Some((start, value)) = check_value(headers.lookup_at(i, lower), name)? {
                return Ok(Some(Found {
                    slot: i,
                    start,
                    value,
                }));
            }
        }
        Ok(None)
    }
}

/// A header value the verify read (without surrounding blanks), its index
/// in the names, and where it starts in the value as sent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found<'h> {
    pub(crate) slot: usize,
    pub(crate) start: usize,
    pub(crate) value: &'h str,
}

impl Found<'_> {
    /// The value's place.
    pub(crate) fn place(self) -> Place {
        self.prefix_place(self.value)
    }

    /// The place of `prefix`, a prefix of the value (a key cut from an id).
    pub(crate) fn prefix_place(self, prefix: &str) -> Place {
        Place::header(self.slot, self.start..self.start + prefix.len())
    }
}
