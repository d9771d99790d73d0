//! `hookproof send --event NAME` without a body: a delivery in the shape
//! the sender really sends (the fields and nesting of its documented
//! payload, with made-up ids), so an endpoint can be exercised without the
//! sender's dashboard. The values are samples, never anyone's data.
//!
//! A body's `"{{now}}"` and `"{{now_ms}}"` (quotes included) become the
//! signing time as a JSON number, in seconds or milliseconds: Linear,
//! Pusher and Zoom carry the time in the body, and Linear's receivers check
//! it within 60 s.

/// (scheme, event, body) for every fixture, by scheme.
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "bitbucket",
        "repo:push",
        include_str!("../fixtures/bitbucket/repo_push.json"),
    ),
    (
        "box",
        "FILE.UPLOADED",
        include_str!("../fixtures/box/FILE.UPLOADED.json"),
    ),
    (
        "calendly",
        "invitee.created",
        include_str!("../fixtures/calendly/invitee.created.json"),
    ),
    (
        "clerk",
        "user.created",
        include_str!("../fixtures/clerk/user.created.json"),
    ),
    (
        "cloro",
        "task.completed",
        include_str!("../fixtures/cloro/task.completed.json"),
    ),
    (
        "coinbase-commerce",
        "charge:confirmed",
        include_str!("../fixtures/coinbase-commerce/charge_confirmed.json"),
    ),
    (
        "docusign",
        "envelope-completed",
        include_str!("../fixtures/docusign/envelope-completed.json"),
    ),
    (
        "fileloom",
        "pdf.generated",
        include_str!("../fixtures/fileloom/pdf.generated.json"),
    ),
    (
        "github",
        "ping",
        include_str!("../fixtures/github/ping.json"),
    ),
    (
        "github",
        "push",
        include_str!("../fixtures/github/push.json"),
    ),
    (
        "gitlab",
        "Push Hook",
        include_str!("../fixtures/gitlab/Push_Hook.json"),
    ),
    (
        "intercom",
        "conversation.user.created",
        include_str!("../fixtures/intercom/conversation.user.created.json"),
    ),
    (
        "lemonsqueezy",
        "order_created",
        include_str!("../fixtures/lemonsqueezy/order_created.json"),
    ),
    (
        "linear",
        "Issue",
        include_str!("../fixtures/linear/Issue.json"),
    ),
    (
        "paddle",
        "transaction.completed",
        include_str!("../fixtures/paddle/transaction.completed.json"),
    ),
    (
        "postmark",
        "Delivery",
        include_str!("../fixtures/postmark/Delivery.json"),
    ),
    (
        "pusher",
        "channel_occupied",
        include_str!("../fixtures/pusher/channel_occupied.json"),
    ),
    (
        "resend",
        "email.delivered",
        include_str!("../fixtures/resend/email.delivered.json"),
    ),
    (
        "sendgrid",
        "delivered",
        include_str!("../fixtures/sendgrid/delivered.json"),
    ),
    (
        "shopify",
        "orders/create",
        include_str!("../fixtures/shopify/orders_create.json"),
    ),
    (
        "slack",
        "app_mention",
        include_str!("../fixtures/slack/app_mention.json"),
    ),
    (
        "slack",
        "url_verification",
        include_str!("../fixtures/slack/url_verification.json"),
    ),
    (
        "square",
        "payment.created",
        include_str!("../fixtures/square/payment.created.json"),
    ),
    (
        "stripe",
        "checkout.session.completed",
        include_str!("../fixtures/stripe/checkout.session.completed.json"),
    ),
    (
        "stripe",
        "invoice.paid",
        include_str!("../fixtures/stripe/invoice.paid.json"),
    ),
    ("twilio", "sms", include_str!("../fixtures/twilio/sms.txt")),
    (
        "typeform",
        "form_response",
        include_str!("../fixtures/typeform/form_response.json"),
    ),
    (
        "zendesk",
        "zen:event-type:ticket.created",
        include_str!("../fixtures/zendesk/zen_event-type_ticket.created.json"),
    ),
    (
        "zoom",
        "meeting.started",
        include_str!("../fixtures/zoom/meeting.started.json"),
    ),
];

/// The body of `scheme`'s `event`, with the time filled in; `None` when
/// there is no such fixture.
#[must_use]
pub fn body(scheme: &str, event: &str, now: i64) -> Option<Vec<u8>> {
    let (_, _, text) = FIXTURES
        .iter()
        .find(|(s, e, _)| *s == scheme && *e == event)?;
    let millis = i128::from(now) * 1000;
    Some(
        text.replace("\"{{now_ms}}\"", &millis.to_string())
            .replace("\"{{now}}\"", &now.to_string())
            .into_bytes(),
    )
}

/// The events `scheme` has a fixture for.
#[must_use]
pub fn events(scheme: &str) -> Vec<&'static str> {
    FIXTURES
        .iter()
        .filter(|(s, _, _)| *s == scheme)
        .map(|(_, e, _)| *e)
        .collect()
}

/// Every (scheme, event) with a fixture.
#[must_use]
pub fn all() -> Vec<(&'static str, &'static str)> {
    FIXTURES.iter().map(|(s, e, _)| (*s, *e)).collect()
}
