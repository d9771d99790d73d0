"""Round trips with the providers' own SDKs: what the SDK signs, hookproof
verifies; what hookproof signs, the SDK verifies."""

from __future__ import annotations

import datetime
import json
import time
from urllib.parse import urlencode

import hookproof
import pytest

NOW = int(time.time())
BODY = json.dumps({"id": "evt_123", "type": "invoice.paid", "event_id": "Ev123", "data": {"n": 1}})


def test_stripe() -> None:
    import stripe

    secret = "whsec_stripe_sdk_round_trip_secret"
    header = stripe.WebhookSignature.generate_signature_header(BODY, secret, NOW)
    v = hookproof.Webhook("stripe", secret).verify(BODY.encode(), {"Stripe-Signature": header})
    assert (v.dedup_key, v.event, v.timestamp) == ("evt_123", "invoice.paid", NOW)
    ours = hookproof.sign(BODY.encode(), scheme="stripe", secret=secret)
    event = stripe.Webhook.construct_event(BODY, ours["Stripe-Signature"], secret)
    assert event["id"] == "evt_123"
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(BODY + " ", ours["Stripe-Signature"], secret)


@pytest.mark.parametrize("module", ["svix.webhooks", "standardwebhooks.webhooks"])
@pytest.mark.parametrize("scheme", ["standard", "svix"])
def test_svix_and_standardwebhooks(module: str, scheme: str) -> None:
    import importlib

    sdk = importlib.import_module(module).Webhook
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    sig = sdk(secret).sign("msg_sdk_1", datetime.datetime.fromtimestamp(NOW, tz=datetime.timezone.utc), BODY)
    prefix = "svix" if scheme == "svix" else "webhook"
    headers = {f"{prefix}-id": "msg_sdk_1", f"{prefix}-timestamp": str(NOW), f"{prefix}-signature": sig}
    v = hookproof.Webhook(scheme, secret).verify(BODY.encode(), headers)
    assert (v.id, v.dedup_key) == ("msg_sdk_1", "msg_sdk_1")
    ours = hookproof.Webhook("standard", secret).sign(BODY.encode(), id="msg_ours_1")
    sdk_headers = {
        f"{p}-{k}": ours[f"webhook-{k}"] for p in ("svix", "webhook") for k in ("id", "timestamp", "signature")
    }
    # svix 2.x returns None from verify (1.x returned the payload): success is
    # "did not raise", so check that a changed body does raise.
    sdk(secret).verify(BODY, sdk_headers)
    with pytest.raises(Exception, match="(?i)signature"):
        sdk(secret).verify(BODY + " ", sdk_headers)


def test_slack_sdk() -> None:
    from slack_sdk.signature import SignatureVerifier

    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    verifier = SignatureVerifier(secret)
    sig = verifier.generate_signature(timestamp=str(NOW), body=BODY)
    headers = {"X-Slack-Signature": sig, "X-Slack-Request-Timestamp": str(NOW)}
    assert hookproof.Webhook("slack", secret).verify(BODY, headers).dedup_key == "Ev123"
    ours = hookproof.sign(BODY.encode(), scheme="slack", secret=secret)
    assert verifier.is_valid(BODY, ours["X-Slack-Request-Timestamp"], ours["X-Slack-Signature"])


def test_twilio() -> None:
    from twilio.request_validator import RequestValidator

    token, url = "twilio_auth_token_0123456789abcd", "https://example.com/twilio/sms?account=7"
    params = {"MessageSid": "SM123", "From": "+15005550006", "Body": "Hi & bye = ok", "To": "+15005550001"}
    body = urlencode(params)
    sig = RequestValidator(token).compute_signature(url, params)
    wh = hookproof.Webhook("twilio", token)
    assert wh.verify(body, {"X-Twilio-Signature": sig}, url=url).scheme == "twilio"
    with pytest.raises(hookproof.SignatureMismatchError):
        wh.verify(body, {"X-Twilio-Signature": sig}, url=url.replace("=7", "=8"))
    with pytest.raises(hookproof.ConfigurationError, match="URL"):
        wh.verify(body, {"X-Twilio-Signature": sig})
    ours = wh.sign(body, url=url)
    assert RequestValidator(token).validate(url, params, ours["X-Twilio-Signature"])


def test_box() -> None:
    # Box's own SDK (box-sdk-gen): its signer and its validate_message, which
    # checks the version, algorithm and ten-minute window hookproof checks.
    from box_sdk_gen.internal.utils import compute_webhook_signature
    from box_sdk_gen.managers.webhooks import WebhooksManager

    primary, secondary = "box_primary_key_round_trip", "box_secondary_key_round_trip"
    body = '{"type":"webhook_event","id":"ev_1","trigger":"FILE.UPLOADED","source":{"name":"\\u00e9t\\u00e9.txt"}}'
    stamp = datetime.datetime.fromtimestamp(NOW, tz=datetime.timezone.utc).isoformat()
    headers = {"box-delivery-timestamp": stamp, "box-signature-version": "1", "box-signature-algorithm": "HmacSHA256"}
    headers["box-signature-primary"] = compute_webhook_signature(body, headers, primary)
    headers["box-signature-secondary"] = compute_webhook_signature(body, headers, secondary)
    v = hookproof.Webhook("box", [primary, secondary]).verify(body.encode(), headers)
    assert (v.dedup_key, v.event, v.timestamp, v.key_index) == ("ev_1", "FILE.UPLOADED", NOW, 0)
    assert hookproof.Webhook("box", ["an_old_key", secondary]).verify(body.encode(), headers).key_index == 1
    ours = hookproof.Webhook("box", [primary, secondary]).sign(body.encode())
    sdk_headers = {k.lower(): v for k, v in ours.items()}
    assert WebhooksManager.validate_message(body, sdk_headers, primary, secondary_key=secondary)
    assert WebhooksManager.validate_message(body, sdk_headers, "not_the_primary", secondary_key=secondary)
    assert not WebhooksManager.validate_message(body + " ", sdk_headers, primary, secondary_key=secondary)


def test_sendgrid() -> None:
    # SendGrid's SDK only verifies: hookproof signs with a PKCS#8 key made by
    # cryptography, the SDK checks with the base64 public key SendGrid shows,
    # and hookproof checks what cryptography signs for SendGrid.
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from sendgrid.helpers.eventwebhook import EventWebhook

    key = ec.generate_private_key(ec.SECP256R1())
    pkcs8 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
    public = base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    body = '[{"email":"a@example.com","event":"delivered","sg_event_id":"ZGVs"}]\r\n'
    ours = hookproof.Webhook("sendgrid", pkcs8).sign(body.encode())
    sig = ours["X-Twilio-Email-Event-Webhook-Signature"]
    ts = ours["X-Twilio-Email-Event-Webhook-Timestamp"]
    sdk = EventWebhook(public)
    assert sdk.verify_signature(body, sig, ts)
    assert not sdk.verify_signature(body.rstrip("\r\n"), sig, ts)
    theirs = base64.b64encode(key.sign(f"{NOW}{body}".encode(), ec.ECDSA(hashes.SHA256()))).decode()
    headers = {"X-Twilio-Email-Event-Webhook-Signature": theirs, "X-Twilio-Email-Event-Webhook-Timestamp": str(NOW)}
    assert hookproof.Webhook("sendgrid", public).verify(body.encode(), headers).timestamp == NOW


def test_coinbase_commerce() -> None:
    # coinbase-commerce's own verifier checks what hookproof signs, and
    # hookproof checks the signature its verifier computes.
    from coinbase_commerce.error import SignatureVerificationError
    from coinbase_commerce.webhook import Webhook as CoinbaseWebhook
    from coinbase_commerce.webhook import WebhookSignature

    secret = "coinbase_shared_secret_round_trip"
    body = json.dumps({"id": 1, "scheduled_for": "2017-01-31T20:50:02Z",
                       "event": {"id": "24934862-d980-46cb-9402-43c81b0cdba6", "type": "charge:created"}})
    ours = hookproof.Webhook("coinbase-commerce", secret).sign(body.encode())
    event = CoinbaseWebhook.construct_event(body, ours["X-CC-Webhook-Signature"], secret)
    assert event.id == "24934862-d980-46cb-9402-43c81b0cdba6"
    with pytest.raises(SignatureVerificationError):
        CoinbaseWebhook.construct_event(body.replace("created", "failed"), ours["X-CC-Webhook-Signature"], secret)
    theirs = WebhookSignature._compute_signature(body, secret)
    v = hookproof.Webhook("coinbase-commerce", secret).verify(body.encode(), {"X-CC-Webhook-Signature": theirs})
    assert v.dedup_key == "24934862-d980-46cb-9402-43c81b0cdba6"
