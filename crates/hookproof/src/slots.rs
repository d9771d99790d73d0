//! Where each header a scheme reads sits among the names a binding collects
//! ([`Scheme::lookup_names`]), worked out once per `Webhook`.

use crate::error::VerifyError;
use crate::headers::{Headers, check_value};
use crate::scheme::{DedupKey, HeaderName, Scheme};

/// Where each header the scheme reads sits in [`Scheme::lookup_names`],
/// worked out once so that a verify never compares names it already knows.
#[derive(Clone, Debug, Default)]
pub(crate) struct HeaderSlots {
    pub(crate) names: Vec<String>,
    pub(crate) signature: Vec<usize>,
    pub(crate) timestamp: Vec<usize>,
    pub(crate) id: Vec<usize>,
    pub(crate) event: Vec<usize>,
    pub(crate) dedup: Vec<usize>,
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
            signature: at(Some(&scheme.signature_header)),
            timestamp: at(scheme.timestamp_header.as_ref()),
            id: at(scheme.id_header.as_ref()),
            event: at(scheme.event_header.as_ref()),
            dedup: at(dedup),
            names,
        }
    }

    /// Reads one header by any of its names (`at`: their indices).
    pub(crate) fn read<'h, H: Headers + ?Sized>(
        &self,
        headers: &'h H,
        at: &[usize],
        name: &HeaderName,
    ) -> Result<Option<&'h str>, VerifyError> {
        for &i in at {
            let lower = self.names.get(i).map_or("", String::as_str);
            if let Some(value) = check_value(headers.lookup_at(i, lower), name)? {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }
}
