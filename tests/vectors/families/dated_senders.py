"""Senders whose timestamp header is an RFC 3339 date, signed as the text
sent: Box (primary and secondary signatures, a declared version and
algorithm). Box's own SDK tests publish the genuine cases, rechecked here
with Python's hmac."""

import json
import re

from families.common import Builder, b64mac

BOX_SOURCE = ("https://developer.box.com/guides/webhooks/v2/signatures-v2/ (base64 HMAC-SHA256 over the body then "
              "BOX-DELIVERY-TIMESTAMP); the genuine cases are the examples of box/box-python-sdk-gen "
              "test/webhooks.py (commit 1c69a806)")


def box_wire(text):
    """The body as Box sends it, from the decoded string its SDK tests hold:
    every character outside printable ASCII as a JSON escape (\\uXXXX, UTF-16
    surrogate pairs, \\n \\r \\t), a backslash doubled unless it escapes '/'
    (box_sdk_gen/internal/utils.py escape_unicode, the same commit)."""
    def one(m):
        c = m.group(0)
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        if c in named:
            return named[c]
        cp = ord(c)
        if cp <= 0xFFFF:
            return f"\\u{cp:04x}"
        cp -= 0x10000
        return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"
    return re.sub(r"[^\x20-\x7e]", one, re.sub(r"\\(?!/)", r"\\\\", text))


def box():
    b = Builder("box", BOX_SOURCE)
    primary, secondary = "SamplePrimaryKey", "SampleSecondaryKey"
    ts = "2020-01-01T00:00:00-07:00"
    now = 1577862000  # ts in unix seconds
    body = ('{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED",'
            '"source":{"id":"1234567890","type":"file","name":"Test.txt"}}')
    sig1, sig2 = "6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=", "v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo="
    assert sig1 == b64mac(primary, body + ts) and sig2 == b64mac(secondary, body + ts)
    delivery = "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f"

    def h(p=sig1, s=sig2, *, version="1", algorithm="HmacSHA256", stamp=ts):
        out = [["box-delivery-id", delivery], ["box-delivery-timestamp", stamp]]
        out += [["box-signature-algorithm", algorithm]] if algorithm is not None else []
        out += [["box-signature-primary", p]] if p is not None else []
        out += [["box-signature-secondary", s]] if s is not None else []
        out += [["box-signature-version", version]] if version is not None else []
        return out

    ok = {"id": delivery, "event": "FILE.UPLOADED", "timestamp": now}
    both = [primary, secondary]
    b.add("Box's SDK example: primary and secondary keys", ["Valid", "PublishedExample", "BodyField"], h(), body,
          both, now, expected={**ok, "key_index": 0})
    b.add("only the secondary key held", ["Valid", "PublishedExample", "Rotation"], h(), body, [secondary], now,
          expected={**ok, "key_index": 0})
    b.add("a key Box did not sign with", ["WrongSecret", "PublishedExample"], h(), body, ["IncorrectKey"], now,
          code="signature_mismatch")
    b.add("the primary header absent: the secondary verifies", ["Valid", "Rotation"], h(p=None), body, both, now,
          expected={**ok, "key_index": 1})
    b.add("no signature header at all", ["MissingHeader"], h(p=None, s=None), body, both, now,
          code="missing_header")
    published = [  # (decoded body in Box's SDK test, its published primary signature)
        ('{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file",'
         '"name":"スクリーンショット 2020-08-05.txt"}}', "LV2uCu+5NJtIHrCXDYgZ0v/PP5THGRuegw3RtdnEyuE="),
        ('{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file",'
         '"name":"😀 2020-08-05.txt"}}', "xF/SDZosX4le+v4A0Qn59sZhuD1RqY5KRUKzVMSbh0E="),
        ('{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file",'
         '"name":"test \r"}}', "SVkbKgy3dEEf2PbbzpNu2lDZS7zZ/aboU7HOZgBGrJk="),
        ('{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file",'
         '"name":"\\/"}}', "t41PWT5ZB6OcysnD6SDy9Ud+p9hdXxIdXqcdweyZv/Q="),
        ('{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file",'
         '"name":"\\"}}', "ERpMZwUQsGDTfj82ehdX6VvDZfvOhK5ULNfVmwVAGe0="),
    ]
    names = ["Japanese", "an emoji (a surrogate pair)", "a carriage return", "an escaped '/'", "a backslash"]
    for what, (decoded, sig) in zip(names, published):
        wire = box_wire(decoded)
        assert sig == b64mac(primary, wire + ts), what
        b.add(f"Box's SDK example with {what}: the escaped body as sent", ["Valid", "PublishedExample"],
              h(p=sig, s=None), wire, [primary], now, expected={**ok, "key_index": 0})
    wire = box_wire(published[0][0])
    b.add("the same body unescaped (re-serialized as UTF-8) does not verify", ["Tampered"],
          h(p=published[0][1], s=None), json.dumps(json.loads(wire), ensure_ascii=False, separators=(",", ":")),
          [primary], now, code="signature_mismatch")
    b.add("body changed", ["Tampered"], h(), body.replace("Test", "Tost"), both, now, code="signature_mismatch")
    b.add("timestamp changed to the same instant in UTC", ["Tampered"], h(stamp="2020-01-01T07:00:00Z"), body, both,
          now, code="signature_mismatch")
    b.add("ten minutes old: the edge of Box's window", ["Valid", "Boundary"], h(), body, both, now + 600,
          expected={**ok, "key_index": 0})
    b.add("one second past Box's window", ["Stale"], h(), body, both, now + 601, code="timestamp_too_old")
    b.add("twenty minutes ahead of the receiver", ["Future"], h(), body, both, now - 1200, code="timestamp_too_new")
    b.add("a unix timestamp where Box writes a date", ["MalformedHeader"], h(stamp=str(now)), body, both, now,
          code="malformed_header")
    b.add("signature version 2", ["MalformedHeader"], h(version="2"), body, both, now, code="malformed_header")
    b.add("another algorithm declared", ["MalformedHeader"], h(algorithm="HmacSHA512"), body, both, now,
          code="malformed_header")
    b.add("no signature version", ["MissingHeader"], h(version=None), body, both, now, code="missing_header")
    return b.done()


def zendesk():
    b = Builder("zendesk", "https://developer.zendesk.com/documentation/webhooks/verifying/ (base64 HMAC-SHA256 over "
                "X-Zendesk-Webhook-Signature-Timestamp then the body; no example in this order is published, so "
                "Python's hmac signs; the headers' shape is that of "
                "https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request/)")
    secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="  # Zendesk's test-webhook secret, used as given
    ts, now = "2021-03-25T05:09:27Z", 1616648967
    body = '{"type":"zen:event-type:ticket.created","id":"cbe4028c-7239-495d-b020-f22348516046","detail":{"id":"35436"}}'
    inv = "8350205582"

    def h(sig, stamp=ts):
        return [["x-zendesk-account-id", "123456"], ["x-zendesk-webhook-id", "01F1KRFQ6BG29CNWFR60NK5FNY"],
                ["x-zendesk-webhook-invocation-id", inv], ["x-zendesk-webhook-signature", sig],
                ["x-zendesk-webhook-signature-timestamp", stamp]]

    ok = {"id": inv, "event": "zen:event-type:ticket.created", "dedup_key": inv, "timestamp": now}
    good = b64mac(secret, ts + body)
    b.add("genuine: timestamp then body, the secret used as given", ["Valid", "BodyField"], h(good), body, [secret],
          now, expected=ok)
    b.add("the secret base64-decoded first does not verify", ["WrongSecret"],
          h(b64mac(__import__("base64").b64decode(secret), ts + body)), body, [secret], now,
          code="signature_mismatch")
    # The superseded page's example: secret, body, timestamp and signature
    # as published, signed {body}{timestamp}.
    old_secret, old_body, old_ts = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=", '{"say": "hello"}', "2021-07-25T10:00:00Z"
    old_sig = "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw="
    assert old_sig == b64mac(old_secret, old_body + old_ts)
    b.add("Zendesk's superseded example ({body}{timestamp}) does not verify in today's order",
          ["WrongScheme", "PublishedExample"], h(old_sig, old_ts), old_body, [old_secret], 1627207200,
          code="signature_mismatch")
    b.add("the same inputs in today's order", ["Valid"], h(b64mac(old_secret, old_ts + old_body), old_ts), old_body,
          [old_secret], 1627207200, expected={"id": inv, "dedup_key": inv, "timestamp": 1627207200})
    b.add("body changed", ["Tampered"], h(good), body + " ", [secret], now, code="signature_mismatch")
    b.add("five minutes and a second old", ["Stale"], h(good), body, [secret], now + 301, code="timestamp_too_old")
    b.add("a unix timestamp where Zendesk writes a date", ["MalformedHeader"], h(b64mac(secret, str(now) + body),
          str(now)), body, [secret], now, code="malformed_header")
    b.add("no timestamp header", ["MissingHeader"], h(good)[:-1], body, [secret], now, code="missing_header")
    return b.done()
