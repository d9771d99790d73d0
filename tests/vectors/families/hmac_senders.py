"""The HMAC senders that sign the body (with or without a timestamp): Stripe,
GitHub, Slack, Shopify, Paddle, Linear, Lemon Squeezy, Typeform, Calendly,
Zoom, Intercom."""

import base64
import hashlib
import json

from families.common import Builder, T0, b64mac, body_only, hexmac


def stripe():
    b = Builder("stripe", "https://docs.stripe.com/webhooks#verify-manually (t=,v1= header, {t}.{body}, whsec_ used literally); "
                "the Python and Node suites also round-trip with Stripe's own SDKs")
    secret, body = "whsec_stripe_test_secret_7f8e9d", '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"invoice.paid"}'
    sig = hexmac(secret, f"{T0}.{body}")
    ok = {"timestamp": T0, "event": "invoice.paid", "dedup_key": "evt_1NG8Du2eZvKYlo2CUI79vXWy"}
    h = lambda v: [["Stripe-Signature", v]]
    b.add("genuine", ["Valid", "BodyField"], h(f"t={T0},v1={sig}"), body, [secret], T0, expected=ok)
    b.add("a bad v1 beside a good one, and a v0", ["Valid", "MultipleSignatures"],
          h(f"t={T0},v1={'0' * 64},v1={sig},v0={'1' * 64}"), body, [secret], T0, expected=ok)
    b.add("rotation: two secrets, the older matches", ["Valid", "Rotation"], h(f"t={T0},v1={sig}"), body,
          ["whsec_stripe_new_secret_value_1", secret], T0, expected={**ok, "key_index": 1})
    b.add("a body that is not JSON has no dedup key", ["Valid"], h(f"t={T0},v1={hexmac(secret, f'{T0}.plain')}"),
          "plain", [secret], T0, expected={"timestamp": T0})
    b.add("secret base64-decoded (the Svix reading) instead of literal", ["WrongSecret"],
          h(f"t={T0},v1={hexmac(base64.b64decode('c3RyaXBl'), f'{T0}.{body}')}"), body, [secret], T0,
          code="signature_mismatch")
    b.add("body changed", ["Tampered"], h(f"t={T0},v1={sig}"), body.replace("paid", "void"), [secret], T0,
          code="signature_mismatch")
    b.add("t changed", ["Tampered"], h(f"t={T0 + 1},v1={sig}"), body, [secret], T0 + 1, code="signature_mismatch")
    b.add("301 s old", ["Stale"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 301, code="timestamp_too_old")
    b.add("no t=", ["MalformedHeader"], h(f"v1={sig}"), body, [secret], T0, code="malformed_header")
    b.add("only v0", ["MalformedHeader"], h(f"t={T0},v0={sig}"), body, [secret], T0, code="malformed_header")
    b.add("no header", ["MissingHeader"], [], body, [secret], T0, code="missing_header")
    return b.done()


def github():
    b = Builder("github", "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries "
                "(the docs' test values: secret \"It's a Secret to Everybody\", payload \"Hello, World!\")")
    secret, body = "It's a Secret to Everybody", "Hello, World!"
    sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert sig == "sha256=" + hexmac(secret, body)
    h = lambda v: [["X-Hub-Signature-256", v], ["X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"],
                   ["X-GitHub-Event", "push"]]
    ok = {"id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "event": "push",
          "dedup_key": "72d3162e-cc78-11e3-81ab-4c9367dc0958"}
    b.add("the docs' published example", ["Valid", "PublishedExample"], h(sig), body, [secret], T0, expected=ok)
    b.add("years later: GitHub sends no timestamp", ["Valid"], h(sig), body, [secret], T0 + 10**8, expected=ok)
    b.add("body changed", ["Tampered"], h(sig), "Hello, World?", [secret], T0, code="signature_mismatch")
    b.add("the SHA-1 header value under the SHA-256 header", ["MalformedHeader"],
          h("sha1=" + hexmac(secret, body, hashlib.sha1)), body, [secret], T0, code="malformed_header")
    b.add("bare hex", ["MalformedHeader"], h(sig[7:]), body, [secret], T0, code="malformed_header")
    return b.done()


def github_sha1():
    b = Builder("github-sha1", "GitHub's legacy X-Hub-Signature (HMAC-SHA1), same docs page")
    secret, body = "It's a Secret to Everybody", "Hello, World!"
    h = lambda v: [["X-Hub-Signature", v], ["X-GitHub-Delivery", "d1"], ["X-GitHub-Event", "ping"]]
    ok = {"id": "d1", "event": "ping", "dedup_key": "d1"}
    b.add("genuine", ["Valid"], h("sha1=" + hexmac(secret, body, hashlib.sha1)), body, [secret], T0, expected=ok)
    b.add("a SHA-256 value under sha1=", ["MalformedHeader"], h("sha1=" + hexmac(secret, body)), body, [secret], T0,
          code="malformed_header")
    return b.done()


SLACK_BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
              "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
              "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
              "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")


def slack():
    b = Builder("slack", "https://api.slack.com/authentication/verifying-requests-from-slack (the docs' worked "
                "example: signing secret 8f742231b10e8888abcd99yyyzzz85a5, timestamp 1531420618, slash command body)")
    secret, ts = "8f742231b10e8888abcd99yyyzzz85a5", 1531420618
    sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert sig == "v0=" + hexmac(secret, f"v0:{ts}:{SLACK_BODY}")
    h = lambda v, t=ts: [["X-Slack-Signature", v], ["X-Slack-Request-Timestamp", str(t)]]
    b.add("the docs' published example", ["Valid", "PublishedExample"], h(sig), SLACK_BODY, [secret], ts,
          expected={"timestamp": ts})
    ev = '{"token":"z","team_id":"T1","event":{"type":"app_mention"},"type":"event_callback","event_id":"Ev08MFMKH6"}'
    b.add("Events API body: dedup on event_id", ["Valid", "BodyField"], h("v0=" + hexmac(secret, f"v0:{T0}:{ev}"), T0),
          ev, [secret], T0, expected={"timestamp": T0, "dedup_key": "Ev08MFMKH6"})
    b.add("the example a day later", ["Stale"], h(sig), SLACK_BODY, [secret], ts + 86400, code="timestamp_too_old")
    b.add("timestamp changed", ["Tampered"], h(sig, ts + 1), SLACK_BODY, [secret], ts, code="signature_mismatch")
    b.add("v1= instead of v0=", ["MalformedHeader"], h("v1=" + sig[3:]), SLACK_BODY, [secret], ts,
          code="malformed_header")
    return b.done()


def shopify():
    body = '{"id":820982911946154508,"email":"jon@example.com"}'
    b = body_only("shopify", "https://shopify.dev/docs/apps/build/webhooks/subscribe/https (X-Shopify-Hmac-Sha256, base64)",
                  "X-Shopify-Hmac-Sha256", b64mac, body=body,
                  extra_headers=[("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
                                 ("X-Shopify-Topic", "orders/create")],
                  ok={"id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "event": "orders/create",
                      "dedup_key": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"})
    b.add("hex instead of base64", ["MalformedHeader"],
          [["X-Shopify-Hmac-Sha256", hexmac("preset_test_secret_42", body)]], body, ["preset_test_secret_42"], T0,
          code="malformed_header")
    return b.done()


def lemonsqueezy():
    return body_only("lemonsqueezy", "https://docs.lemonsqueezy.com/help/webhooks/signing-requests (X-Signature hex)",
                     "X-Signature", hexmac, extra_headers=[("X-Event-Name", "order_created")],
                     ok={"event": "order_created"}).done()


def typeform():
    body = '{"event_id":"01HB6ZQ3X9","event_type":"form_response","form_response":{"form_id":"lT4Z3j"}}'
    return body_only("typeform", "https://www.typeform.com/developers/webhooks/secure-your-webhooks/ (sha256=<base64>)",
                     "Typeform-Signature", b64mac, prefix="sha256=", body=body,
                     ok={"event": "form_response", "dedup_key": "01HB6ZQ3X9"}, flags=("Valid", "BodyField")).done()


def intercom():
    body = '{"type":"notification_event","id":"notif_ccd8a4d0","topic":"conversation.user.created"}'
    sha1 = lambda k, m: hexmac(k, m, hashlib.sha1)
    return body_only("intercom", "https://developers.intercom.com/docs/webhooks/setting-up-webhooks (X-Hub-Signature sha1=)",
                     "X-Hub-Signature", sha1, prefix="sha1=", body=body,
                     ok={"event": "conversation.user.created", "dedup_key": "notif_ccd8a4d0"},
                     flags=("Valid", "BodyField")).done()


def paddle():
    b = Builder("paddle", "https://developer.paddle.com/webhooks/signature-verification (ts=;h1= with ';', {ts}:{body})")
    secret = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI"
    body = '{"event_id":"evt_01h8441jn5pcwrfhwh78jqt8hk","event_type":"subscription.created","data":{}}'
    sig = hexmac(secret, f"{T0}:{body}")
    h = lambda v: [["Paddle-Signature", v]]
    ok = {"timestamp": T0, "event": "subscription.created", "dedup_key": "evt_01h8441jn5pcwrfhwh78jqt8hk"}
    b.add("genuine", ["Valid", "BodyField"], h(f"ts={T0};h1={sig}"), body, [secret], T0, expected=ok)
    b.add("two h1 during a secret rotation", ["Valid", "MultipleSignatures"], h(f"ts={T0};h1={'a' * 64};h1={sig}"),
          body, [secret], T0, expected=ok)
    b.add("signed like Stripe ({ts}.{body})", ["WrongScheme"], h(f"ts={T0};h1={hexmac(secret, f'{T0}.{body}')}"),
          body, [secret], T0, code="signature_mismatch")
    b.add("',' instead of ';'", ["MalformedHeader"], h(f"ts={T0},h1={sig}"), body, [secret], T0,
          code="malformed_header")
    b.add("301 s old", ["Stale"], h(f"ts={T0};h1={sig}"), body, [secret], T0 + 301, code="timestamp_too_old")
    return b.done()


def linear():
    b = Builder("linear", "https://linear.app/developers/webhooks#securing-webhooks (Linear-Signature hex; "
                "webhookTimestamp in the body, milliseconds, within a minute)")
    secret, ms = "lin_wh_preset_test_secret", T0 * 1000 + 250
    body = json.dumps({"action": "create", "type": "Issue", "webhookTimestamp": ms, "data": {"id": "i1"}},
                      separators=(",", ":"))
    h = lambda v: [["Linear-Signature", v], ["Linear-Delivery", "234d1a4e-b617-4388-90fe-adc3633d6b72"],
                   ["Linear-Event", "Issue"]]
    ok = {"id": "234d1a4e-b617-4388-90fe-adc3633d6b72", "event": "Issue", "timestamp": T0,
          "dedup_key": "234d1a4e-b617-4388-90fe-adc3633d6b72"}
    sig = hexmac(secret, body)
    b.add("genuine", ["Valid", "BodyField"], h(sig), body, [secret], T0 + 30, expected=ok)
    b.add("60 s after webhookTimestamp (inclusive)", ["Valid", "Boundary"], h(sig), body, [secret], T0 + 60,
          expected=ok)
    b.add("61 s after", ["Stale", "BodyField"], h(sig), body, [secret], T0 + 61, code="timestamp_too_old")
    nots = '{"action":"create","type":"Issue"}'
    b.add("signed body without webhookTimestamp", ["MissingHeader", "BodyField"], h(hexmac(secret, nots)), nots,
          [secret], T0, code="missing_header")
    b.add("body changed", ["Tampered"], h(sig), body.replace("create", "remove"), [secret], T0,
          code="signature_mismatch")
    return b.done()


def calendly():
    b = Builder("calendly", "https://developer.calendly.com webhook signatures (t=,v1= over {t}.{body}; 180 s)")
    secret, body = "calendly_signing_key_test", '{"event":"invitee.created","payload":{}}'
    sig = hexmac(secret, f"{T0}.{body}")
    h = lambda v: [["Calendly-Webhook-Signature", v]]
    b.add("genuine", ["Valid", "BodyField"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 180,
          expected={"timestamp": T0, "event": "invitee.created"})
    b.add("181 s old", ["Stale"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 181, code="timestamp_too_old")
    return b.done()


def zoom():
    b = Builder("zoom", "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events (v0:{ts}:{body})")
    secret, body = "zoom_secret_token_test", '{"event":"meeting.started","payload":{}}'
    h = lambda v, t=T0: [["x-zm-signature", v], ["x-zm-request-timestamp", str(t)]]
    sig = "v0=" + hexmac(secret, f"v0:{T0}:{body}")
    b.add("genuine", ["Valid", "BodyField"], h(sig), body, [secret], T0, expected={"timestamp": T0, "event": "meeting.started"})
    b.add("timestamp changed", ["Tampered"], h(sig, T0 - 1), body, [secret], T0, code="signature_mismatch")
    return b.done()
