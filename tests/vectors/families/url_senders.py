"""The senders that sign the request URL: HubSpot, Square, Twilio."""

import hashlib

from families.common import Builder, T0, b64mac


def hubspot():
    b = Builder("hubspot", "https://developers.hubspot.com/docs/api/webhooks/validating-requests "
                "(v3: base64 over method + URI + body + timestamp in ms)")
    secret, body = "hubspot_client_secret_test", '[{"eventId":1,"subscriptionType":"contact.creation"}]'
    url, ms = "https://example.com/hubspot/webhook?portal=123", T0 * 1000
    sig = b64mac(secret, f"POST{url}{body}{ms}")
    h = lambda v, t=ms: [["X-HubSpot-Signature-v3", v], ["X-HubSpot-Request-Timestamp", str(t)]]
    b.add("genuine", ["Valid", "Url"], h(sig), body, [secret], T0, url=url, method="POST", expected={"timestamp": T0})
    b.add("another URL", ["Tampered", "Url"], h(sig), body, [secret], T0, url=url + "&x=1", method="POST",
          code="signature_mismatch")
    b.add("another method", ["Tampered", "Url"], h(sig), body, [secret], T0, url=url, method="PUT",
          code="signature_mismatch")
    b.add("seconds where ms are signed", ["Stale"], h(b64mac(secret, f"POST{url}{body}{T0}"), T0), body, [secret], T0,
          url=url, method="POST", code="timestamp_too_old")
    b.add("301 s old", ["Stale"], h(sig), body, [secret], T0 + 301, url=url, method="POST", code="timestamp_too_old")
    return b.done()


def square():
    b = Builder("square", "https://developer.squareup.com/docs/webhooks/step3validate (base64 over URL + body)")
    secret, url = "square_signature_key_test", "https://example.com/square/webhook"
    body = '{"merchant_id":"6SSW7HV8K2ST5","type":"payment.created","event_id":"13b867cf-db3d-4b1c-90b6-2f32a9d78124"}'
    h = lambda v: [["x-square-hmacsha256-signature", v]]
    ok = {"event": "payment.created", "dedup_key": "13b867cf-db3d-4b1c-90b6-2f32a9d78124"}
    b.add("genuine", ["Valid", "Url", "BodyField"], h(b64mac(secret, url + body)), body, [secret], T0, url=url,
          expected=ok)
    b.add("http instead of https in the URL", ["Tampered", "Url"], h(b64mac(secret, url + body)), body, [secret], T0,
          url=url.replace("https", "http"), code="signature_mismatch")
    return b.done()


TWILIO_PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234",
                 "From": "+12349013030", "To": "+18005551212"}


def twilio():
    b = Builder("twilio", "https://www.twilio.com/docs/usage/webhooks/webhooks-security (the docs' example: auth "
                "token 12345, URL https://mycompany.com/myapp.php?foo=1&bar=2 and these call parameters)")
    from urllib.parse import urlencode
    url, token = "https://mycompany.com/myapp.php?foo=1&bar=2", "12345"
    body = urlencode(TWILIO_PARAMS)
    sig = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert sig == b64mac(token, url + "".join(k + TWILIO_PARAMS[k] for k in sorted(TWILIO_PARAMS)), hashlib.sha1)
    h = lambda v: [["X-Twilio-Signature", v], ["I-Twilio-Idempotency-Token", "c6c1f6ab-2c3b-4d41"]]
    b.add("the docs' example", ["Valid", "PublishedExample", "Url"], h(sig), body, [token], T0, url=url,
          expected={"dedup_key": "c6c1f6ab-2c3b-4d41"})
    shuffled = urlencode(dict(reversed(list(TWILIO_PARAMS.items()))))
    b.add("parameters in another order", ["Valid", "Url"], h(sig), shuffled, [token], T0, url=url,
          expected={"dedup_key": "c6c1f6ab-2c3b-4d41"})
    b.add("a parameter changed", ["Tampered", "Url"], h(sig), body.replace("1234&", "1235&"), [token], T0, url=url,
          code="signature_mismatch")
    b.add("the URL without its query", ["Tampered", "Url"], h(sig), body, [token], T0,
          url="https://mycompany.com/myapp.php", code="signature_mismatch")
    return b.done()
