"""The senders that sign the request URL: HubSpot (v1, v2, v3), Square, Twilio, Mailchimp Transactional (Mandrill)."""

import hashlib

from families.common import Builder, T0, b64mac, hexmac


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


# HubSpot's published examples: the docs' v1 and v2 pages
# (developers.hubspot.com/docs/faq/v1-request-validation, v2-request-validation),
# and HubSpot/hubspot-api-python tests/spec/utils/test_signature.py (commit
# f31fa724a3fa28a322c45681d318b8a1030f943d), the same values in the Node, PHP
# and Ruby clients' tests. Their body is single-quoted (not JSON) as published.
HS_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
HS_URI = "https://www.example.com/webhook_uri"
HS_DOCS_BODY = ('[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,'
                '"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM",'
                '"changeFlag":"NEW","appId":54321}]')
HS_SDK_BODY = "{'example_field':'example_value'}"


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def hubspot_v1():
    b = Builder("hubspot-v1", "https://developers.hubspot.com/docs/faq/v1-request-validation and "
                "HubSpot/hubspot-api-python tests/spec/utils/test_signature.py (hex SHA-256 of secret + body)")
    h = lambda v: [["X-HubSpot-Signature", v], ["X-HubSpot-Signature-Version", "v1"]]
    for body, sig, where in [
        (HS_DOCS_BODY, "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "the docs' v1 example"),
        (HS_SDK_BODY, "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750", "hubspot-api-python's test"),
    ]:
        assert sig == sha256_hex(HS_SECRET + body), where
        b.add(where, ["Valid", "PublishedExample"], h(sig), body, [HS_SECRET], T0, expected={})
    b.add("body changed", ["Tampered"], h("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"),
          HS_DOCS_BODY.replace("62515", "62516"), [HS_SECRET], T0, code="signature_mismatch")
    b.add("an HMAC of the body is not what v1 signs", ["WrongScheme"], h(hexmac(HS_SECRET, HS_DOCS_BODY)),
          HS_DOCS_BODY, [HS_SECRET], T0, code="signature_mismatch")
    return b.done()


def hubspot_v2():
    b = Builder("hubspot-v2", "https://developers.hubspot.com/docs/faq/v2-request-validation and "
                "HubSpot/hubspot-api-python tests/spec/utils/test_signature.py (hex SHA-256 of secret + method + "
                "URI + body)")
    h = lambda v: [["X-HubSpot-Signature", v], ["X-HubSpot-Signature-Version", "v2"]]
    for method, body, sig, where in [
        ("GET", "", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e", "the docs' v2 example (GET)"),
        ("POST", '{"example_field":"example_value"}',
         "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900", "hubspot-api-nodejs's test (POST)"),
        ("POST", HS_SDK_BODY, "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383",
         "hubspot-api-python's test (POST)"),
    ]:
        assert sig == sha256_hex(HS_SECRET + method + HS_URI + body), where
        b.add(where, ["Valid", "PublishedExample", "Url"], h(sig), body, [HS_SECRET], T0, url=HS_URI,
              method=method, expected={})
    b.add("another method", ["Tampered", "Url"], h("eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"),
          "", [HS_SECRET], T0, url=HS_URI, method="POST", code="signature_mismatch")
    b.add("another URL", ["Tampered", "Url"], h("eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"),
          "", [HS_SECRET], T0, url=HS_URI + "?x=1", method="GET", code="signature_mismatch")
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
    twilio_sdk_cases(b)
    return b.done()


# twilio/twilio-python tests/unit/test_request_validator.py (commit
# b9b32ef0b0e2c280510715c70a3d5c1cd6cec774), the same values in twilio-node's
# spec/validation.spec.js: its parameters, and its JSON-body request.
SDK_PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
              "From": "+14158675309", "To": "+18005551212"}
SDK_JSON = '{"property": "value", "boolean": true}'
SDK_JSON_SHA256 = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


def twilio_sdk_cases(b):
    from urllib.parse import urlencode
    token, body = "12345", urlencode(SDK_PARAMS)
    signed = lambda url: b64mac(token, url + "".join(k + SDK_PARAMS[k] for k in sorted(SDK_PARAMS)), hashlib.sha1)
    h = lambda v: [["X-Twilio-Signature", v]]
    base = "https://mycompany.com/myapp.php?foo=1&bar=2"
    for url, sig, comment in [
        (base, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "the SDK's example"),
        ("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
         "a port in the URL, signed without it"),
        ("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
         "a port in the URL, signed with it"),
        (base, "kvajT1Ptam85bY51eRf/AJRuM3w=", "no port in the URL, signed with :443"),
        ("http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=",
         "no port in the URL (http), signed with :80"),
    ]:
        assert sig in {signed(url), signed(url.replace(".com/", ".com:443/").replace(".com:1234/", ".com/")),
                       signed(url.replace("http://mycompany.com/", "http://mycompany.com:80/"))}, comment
        b.add(f"twilio-python's test: {comment}", ["Valid", "PublishedExample", "Url"], h(sig), body, [token], T0,
              url=url, expected={})
    json_url = f"{base}&bodySHA256={SDK_JSON_SHA256}"
    json_sig = "a9nBmqA0ju/hNViExpshrM61xv4="
    assert hashlib.sha256(SDK_JSON.encode()).hexdigest() == SDK_JSON_SHA256
    assert json_sig == b64mac(token, json_url, hashlib.sha1)
    b.add("a JSON body: the URL alone is signed, the body checked against bodySHA256 (twilio-python's test)",
          ["Valid", "PublishedExample", "Url"], h(json_sig), SDK_JSON, [token], T0, url=json_url, expected={})
    b.add("a JSON body changed: it no longer matches bodySHA256", ["Tampered", "Url"], h(json_sig),
          SDK_JSON.replace("value", "other"), [token], T0, url=json_url, code="signature_mismatch")
    b.add("the bodySHA256 parameter dropped from the URL", ["Tampered", "Url"], h(json_sig), SDK_JSON, [token], T0,
          url=base, code="signature_mismatch")


def mandrill():
    from urllib.parse import urlencode

    b = Builder("mandrill", "https://mandrill.zendesk.com/hc/en-us/articles/360039232513-How-to-Authenticate-Webhook-"
                "Requests (X-Mandrill-Signature: base64 HMAC-SHA1 of the URL then each POST field sorted by name, name "
                "then value; no example published)")
    url, key = "https://hooks.example.com/mandrill", "mandrill_webhook_key_test_5"
    events = '[{"event":"send","_id":"7761629","ts":1748419200,"msg":{"email":"jon@example.com"}}]'
    body = urlencode({"mandrill_events": events})
    sig = b64mac(key, url + "mandrill_events" + events, hashlib.sha1)
    h = lambda v: [["X-Mandrill-Signature", v]]
    b.add("genuine", ["Valid", "Url"], h(sig), body, [key], T0, url=url)
    b.add("a year later (no timestamp is signed)", ["Valid", "Url"], h(sig), body, [key], T0 + 31536000, url=url)
    b.add("an event changed", ["Tampered", "Url"], h(sig), body.replace("send", "open"), [key], T0, url=url,
          code="signature_mismatch")
    b.add("another URL (the one registered is signed)", ["Tampered", "Url"], h(sig), body, [key], T0,
          url=url + "/", code="signature_mismatch")
    b.add("signed with HMAC-SHA256 (32 bytes where SHA-1 gives 20)", ["WrongScheme", "Url"],
          h(b64mac(key, url + "mandrill_events" + events)), body, [key], T0, url=url, code="malformed_header")
    return b.done()
