"""HMAC senders whose own SDK tests publish vectors: Mux and WorkOS (`t=…,v1=…`
over `{t}.{body}`, seconds and milliseconds) and Razorpay (the body alone).
Each published example is rechecked with Python's hmac."""

import hashlib

from families.common import Builder, hexmac

WORKOS_BODY = ('{"id":"event_01J44T8116Q5M0RYCFA6KWNXN9","data":{"id":"conn_01EHWNC0FCBHZ3BJ7EGKYXK0E6",'
               '"name":"Foo Corp\'s Connection","state":"active","object":"connection","status":"linked",'
               '"domains":[{"id":"conn_domain_01EHWNFTAFCF3CQAE5A9Q0P1YB","domain":"foo-corp.com",'
               '"object":"connection_domain"}],"created_at":"2021-06-25T19:07:33.155Z",'
               '"updated_at":"2021-06-25T19:07:33.155Z","external_key":"3QMR4u0Tok6SgwY2AWG6u6mkQ",'
               '"connection_type":"OktaSAML","organization_id":"org_01EHWNCE74X7JSDV0X3SZ3KJNY"},'
               '"event":"connection.activated","created_at":"2021-06-25T19:07:33.155Z"}')


def mux():
    b = Builder("mux", "https://docs.mux.com/core/verify-webhook-signatures (t=,v1= over {t}.{body}); the genuine "
                "case is the example of muxinc/mux-node-sdk tests/api-resources/webhooks.test.ts (commit "
                "28c52da6473c4b9e99077442697874241f2b2b76; also mux-elixir test/mux/webhooks_test.exs, commit "
                "eb7368730a47c0e32c53b49be8fbcb682bd6f27b)")
    secret, t, body = "SuperSecret123", 1565125718, '{"test":"body"}'
    sig = "854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7"
    assert sig == hexmac(secret, f"{t}.{body}")
    nested = '{"test":{"nested":{"nanos":718234, "seconds":1691711005}}}'
    sig2 = "bd315c24bce1c2b8ad325696f26530c8ef7d7d830afb7c1381903705d04607be"
    assert sig2 == hexmac(secret, f"{t}.{nested}")
    h = lambda v: [["Mux-Signature", v]]
    b.add("Mux's SDK example", ["Valid", "PublishedExample"], h(f"t={t},v1={sig}"), body, [secret], t,
          expected={"timestamp": t})
    b.add("Mux's SDK example with a space in the body, as sent", ["Valid", "PublishedExample"],
          h(f"t={t},v1={sig2}"), nested, [secret], t, expected={"timestamp": t})
    b.add("several v1, one matching", ["Valid", "MultipleSignatures"], h(f"t={t},v1={'0' * 64},v1={sig}"), body,
          [secret], t, expected={"timestamp": t})
    b.add("body changed", ["Tampered"], h(f"t={t},v1={sig}"), body.replace("body", "bodx"), [secret], t,
          code="signature_mismatch")
    b.add("five minutes and a second old", ["Stale"], h(f"t={t},v1={sig}"), body, [secret], t + 301,
          code="timestamp_too_old")
    return b.done()


def workos():
    b = Builder("workos", "https://workos.com/docs/sso/webhooks (t=<ms>, v1= over {t}.{body}); the genuine case is "
                "the example of workos/workos-python tests/test_webhooks.py (commit "
                "1c06d0f76cb5fd9bca27e5c431ac2fdf2b0d81a1)")
    secret, t = "2sAZJlbjP8Ce3rwkKEv2GfKef", 1722443701539
    assert hashlib.sha256(WORKOS_BODY.encode()).hexdigest() == (
        "6b2a21f795cff425d3a68fafb3260be6619d7be175854b2ebb08a6474dab0f7e")
    sig = "bd54a3768f461461c8439c2f97ab0d646ef3976f84d5d5b132d18f2fa89cdad5"
    assert sig == hexmac(secret, f"{t}.{WORKOS_BODY}")
    now = t // 1000
    h = lambda v: [["WorkOS-Signature", v]]
    ok = {"timestamp": now, "event": "connection.activated", "dedup_key": "event_01J44T8116Q5M0RYCFA6KWNXN9"}
    b.add("WorkOS's SDK example: milliseconds, a space after the comma", ["Valid", "PublishedExample", "BodyField"],
          h(f"t={t}, v1={sig}"), WORKOS_BODY, [secret], now, expected=ok)
    b.add("three minutes old: the edge of the window", ["Valid", "Boundary"],
          h(f"t={t}, v1={sig}"), WORKOS_BODY, [secret], now + 180, expected=ok)
    b.add("three minutes and a second old", ["Stale"], h(f"t={t}, v1={sig}"), WORKOS_BODY, [secret], now + 181,
          code="timestamp_too_old")
    b.add("the timestamp changed", ["Tampered"], h(f"t={t + 1}, v1={sig}"), WORKOS_BODY, [secret], now,
          code="signature_mismatch")
    return b.done()


def razorpay():
    b = Builder("razorpay", "https://razorpay.com/docs/webhooks/validate-test/ (hex HMAC-SHA256 of the body); the "
                "genuine case is the example of razorpay/razorpay-node test/utils/razorpay-utils.spec.js (commit "
                "9737ef17342b8a551f7af2413c8d24df559accc8)")
    secret, body = "123456", '{"a":1,"b":2,"c":{"d":3}}'
    sig = "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc"
    assert sig == hexmac(secret, body)
    event_id = "JnMJ3cSpF7PwxE"
    h = lambda v: [["X-Razorpay-Signature", v], ["x-razorpay-event-id", event_id]]
    ok = {"id": event_id, "dedup_key": event_id}
    b.add("Razorpay's SDK example", ["Valid", "PublishedExample"], h(sig), body, [secret], 1748419200, expected=ok)
    b.add("a year later (no timestamp is signed)", ["Valid"], h(sig), body, [secret], 1748419200 + 31536000,
          expected=ok)
    b.add("body changed", ["Tampered"], h(sig), body.replace("3", "4"), [secret], 1748419200,
          code="signature_mismatch")
    b.add("no signature header", ["MissingHeader"], h(sig)[1:], body, [secret], 1748419200, code="missing_header")
    return b.done()
