//! Subscription handshakes: a sender that, before it delivers anything,
//! sends the endpoint a validation event and waits for a reply built from
//! it (Azure Event Grid), so that nobody can subscribe an endpoint that
//! did not agree. The reply is given only for a delivery that verified:
//! an endpoint answers the validation of its own subscriptions, not of
//! anyone's.

use serde::{Deserialize, Serialize};

use crate::webhook::Webhook;

/// The longest validation code echoed back: Event Grid's are GUIDs.
const MAX_CODE: usize = 256;

/// A handshake a scheme's sender performs before delivering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Handshake {
    /// Azure Event Grid, Event Grid schema —
    /// <https://learn.microsoft.com/azure/event-grid/end-point-validation-event-grid-events-schema>:
    /// a delivery with `aeg-event-type: SubscriptionValidation` whose body
    /// is `[{"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
    /// "data": {"validationCode": "…"}, …}]` is answered 200 with
    /// `{"validationResponse": "<the code>"}`.
    EventGridValidation,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "eventType")]
    event_type: Option<String>,
    data: Option<Data>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "validationCode")]
    validation_code: Option<String>,
}

impl Handshake {
    /// The reply's JSON, when `event` and `body` are this handshake's.
    fn reply(self, event: Option<&str>, body: &[u8]) -> Option<String> {
        match self {
            Self::EventGridValidation => {
                if event != Some("SubscriptionValidation") {
                    return None;
                }
                let events: Vec<Event> = serde_json::from_slice(body).ok()?;
                let [first] = events.as_slice() else {
                    return None;
                };
                if first.event_type.as_deref()
                    != Some("Microsoft.EventGrid.SubscriptionValidationEvent")
                {
                    return None;
                }
                let code = first.data.as_ref()?.validation_code.as_deref()?;
                if code.is_empty() || code.len() > MAX_CODE {
                    return None;
                }
                let code = serde_json::to_string(code).ok()?;
                Some(format!("{{\"validationResponse\":{code}}}"))
            }
        }
    }
}

impl Webhook {
    /// The body to answer a verified delivery with, status 200, instead
    /// of handing it to the app, when it is its sender's subscription
    /// handshake (Azure Event Grid's validation event); `None` for every
    /// other delivery and scheme. `event` is the delivery's event type
    /// and `body` its body, both as verified: call this only after
    /// [`Webhook::verify`] passed. The integrations do.
    #[must_use]
    pub fn handshake_reply(&self, event: Option<&str>, body: &[u8]) -> Option<String> {
        self.scheme.handshake?.reply(event, body)
    }
}

#[cfg(test)]
mod tests {
    use super::Handshake;

    const VALIDATION: &[u8] = br#"[{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/xx/resourceGroups/yy","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/myeventsub/validate?id=0000&t=2022-10-28T04:23:35.1981776Z&apiVersion=2018-05-01-preview&token=1A1A1A1A"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2022-10-28T04:23:35.1981776Z","metadataVersion":"1","dataVersion":"1"}]"#;

    #[test]
    fn event_grid_validation_is_answered_with_its_code() {
        let reply =
            Handshake::EventGridValidation.reply(Some("SubscriptionValidation"), VALIDATION);
        assert_eq!(
            reply.as_deref(),
            Some(r#"{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"#)
        );
    }

    #[test]
    fn anything_else_is_not_a_handshake() {
        let h = Handshake::EventGridValidation;
        assert_eq!(h.reply(Some("Notification"), VALIDATION), None);
        assert_eq!(h.reply(None, VALIDATION), None);
        let other =
            br#"[{"eventType":"Microsoft.Storage.BlobCreated","data":{"validationCode":"x"}}]"#;
        assert_eq!(h.reply(Some("SubscriptionValidation"), other), None);
        // Two events in one request: not the handshake Event Grid sends.
        let event = VALIDATION
            .strip_prefix(b"[")
            .and_then(|e| e.strip_suffix(b"]"))
            .unwrap_or_default();
        let two = [b"[".as_slice(), event, b",", event, b"]"].concat();
        assert_eq!(h.reply(Some("SubscriptionValidation"), &two), None);
        assert_eq!(h.reply(Some("SubscriptionValidation"), b"{}"), None);
        // The code is echoed as a JSON string, escaped.
        let quoted = br#"[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"a\"b"}}]"#;
        assert_eq!(
            h.reply(Some("SubscriptionValidation"), quoted).as_deref(),
            Some(r#"{"validationResponse":"a\"b"}"#)
        );
    }
}
