"""HMAC senders that sign the body alone (no timestamp header): Meta,
Bitbucket, Sentry, Xero, Pusher and Coinbase Commerce. Where the sender or
its SDK publishes an example, the genuine case is that example, rechecked
here with Python's hmac; elsewhere the generator signs with hmac."""

import json

from families.common import T0, Builder, b64mac, body_only, hexmac


def meta():
    # WhatsApp/WhatsApp-Nodejs-SDK src/__tests__/utils.test.ts (commit
    # 58ca3d5fceea604e18393734578d9a7944a37b15): body "test", app secret
    # TEST_APP_SECRET (jest.config.ts, commit 248dde874c2c83dea9899b2e1935b3a7802d1ffe).
    sig = "0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221"
    assert sig == hexmac("TEST_APP_SECRET", "test")
    b = body_only("meta", "https://developers.facebook.com/docs/graph-api/webhooks/getting-started "
                  "(X-Hub-Signature-256 sha256=<hex> over the body as sent); the genuine case is the example of "
                  "WhatsApp/WhatsApp-Nodejs-SDK src/__tests__/utils.test.ts (commit 58ca3d5f)",
                  "X-Hub-Signature-256", hexmac, prefix="sha256=", secret="TEST_APP_SECRET", body="test",
                  flags=("Valid", "PublishedExample"))
    escaped = '{"entry":[{"changes":[{"value":{"name":"\\u00e4\\u00f6\\u00e5"}}]}]}'
    b.add("Meta signs escaped unicode: the bytes as sent verify", ["Valid"],
          [["X-Hub-Signature-256", "sha256=" + hexmac("TEST_APP_SECRET", escaped)]], escaped, ["TEST_APP_SECRET"], T0)
    b.add("the same delivery re-serialized as UTF-8 does not", ["Tampered"],
          [["X-Hub-Signature-256", "sha256=" + hexmac("TEST_APP_SECRET", escaped)]],
          json.dumps(json.loads(escaped), ensure_ascii=False, separators=(",", ":")), ["TEST_APP_SECRET"], T0,
          code="signature_mismatch")
    return b.done()


def bitbucket():
    body = '{"repository":{"full_name":"team/repo"},"push":{"changes":[]}}'
    uuid = "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    b = body_only("bitbucket", "https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/ "
                  "(X-Hub-Signature sha256=<hex>; no example published)", "X-Hub-Signature", hexmac,
                  prefix="sha256=", body=body,
                  extra_headers=[("X-Request-UUID", uuid), ("X-Event-Key", "repo:push")],
                  ok={"id": uuid, "event": "repo:push", "dedup_key": uuid})
    b.add("GitHub's SHA-1 value under the same header name", ["WrongScheme"],
          [["X-Hub-Signature", "sha1=" + hexmac("preset_test_secret_42", body, __import__("hashlib").sha1)]], body,
          ["preset_test_secret_42"], T0, code="malformed_header")
    return b.done()


def sentry():
    body = '{"action":"created","installation":{"uuid":"7a485448"},"data":{"issue":{"id":"1170820242"}}}'
    rid = "e0d0cba6a2c14b5a8f1b8d1c1e6f2a71"
    return body_only("sentry", "https://docs.sentry.io/organization/integrations/integration-platform/webhooks/ "
                     "(Sentry-Hook-Signature <hex> over the body; no example published)", "Sentry-Hook-Signature",
                     hexmac, body=body,
                     extra_headers=[("Request-ID", rid), ("Sentry-Hook-Resource", "issue"),
                                    ("Sentry-Hook-Timestamp", str(T0))],
                     ok={"id": rid, "event": "issue", "dedup_key": rid}).done()


def xero():
    body = '{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}'
    b = body_only("xero", "https://developer.xero.com/documentation/webhooks/configuring-your-server "
                  "(x-xero-signature <base64> over the body, the key used as given; no example published; the "
                  "body is the docs' intent-to-receive shape)", "x-xero-signature", b64mac, body=body)
    b.add("hex instead of base64", ["MalformedHeader"], [["x-xero-signature", hexmac("preset_test_secret_42", body)]],
          body, ["preset_test_secret_42"], T0, code="malformed_header")
    return b.done()


def pusher():
    # pusher/pusher-http-node tests/integration/webhook.js (commit
    # 7492d8db91463cbcb591bcbebadb8ea3767bf0ba): app secret "tofu".
    body = '{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}'
    sig = "c17257e92037cd7de407ebc1ed174ceb7b2e518db127f44411b9ffc4f5b28cc5"
    assert sig == hexmac("tofu", body)
    ts = 1403175510
    b = body_only("pusher", "https://pusher.com/docs/channels/server_api/webhooks/ (X-Pusher-Signature <hex> over "
                  "the body; time_ms in the body); the genuine case is pusher/pusher-http-node "
                  "tests/integration/webhook.js (commit 7492d8db)", "X-Pusher-Signature", hexmac)
    b.doc["tests"].clear()
    h = lambda v: [["X-Pusher-Key", "123456789"], ["X-Pusher-Signature", v]]
    b.add("pusher-http-node's example", ["Valid", "PublishedExample", "BodyField"], h(sig), body, ["tofu"], ts,
          expected={"timestamp": ts})
    b.add("300 s after time_ms (inclusive)", ["Valid", "Boundary"], h(sig), body, ["tofu"], ts + 300,
          expected={"timestamp": ts})
    b.add("301 s after", ["Stale", "BodyField"], h(sig), body, ["tofu"], ts + 301, code="timestamp_too_old")
    b.add("body changed", ["Tampered"], h(sig), body.replace("vacated", "occupied"), ["tofu"], ts,
          code="signature_mismatch")
    b.add("signed with another secret", ["WrongSecret"], h(hexmac("tempeh", body)), body, ["tofu"], ts,
          code="signature_mismatch")
    return b.done()


# coinbase/coinbase-commerce-python tests/test_webhook.py (commit
# eaa295226fa5fa82c2d215d4c90f5944949a6a57; the same in coinbase-commerce-node's
# test/testWebhook.spec.js): PAYLOAD_STR, SECRET and SIG_HEADER.
COINBASE_BODY = (
    '{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","attempt_number":1,"event":{'
    '"id":"24934862-d980-46cb-9402-43c81b0cdba6","type":"charge:created","api_version":"2018-03-22",'
    '"created_at":"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual",'
    '"description":"Mastering the Transition to the Information Age",'
    '"hosted_url":"https://commerce.coinbase.com/charges/66BEOV2A","created_at":"2017-01-31T20:49:02Z",'
    '"expires_at":"2017-01-31T21:04:02Z","timeline":[{"time":"2017-01-31T20:49:02Z","status":"NEW"}],'
    '"metadata":{},"pricing_type":"no_price","payments":[],"addresses":{'
    '"bitcoin":"0000000000000000000000000000000000","ethereum":"0x0000000000000000000000000000000000000000",'
    '"litecoin":"3000000000000000000000000000000000",'
    '"bitcoincash":"bitcoincash:000000000000000000000000000000000000000000"}}}}'
)


def coinbase_commerce():
    secret = "30291a20-0bd1-4267-9b0f-e6e7b123c0bf"
    sig = "8be7742c7d372f08a6a3224edadf18a22b65fa9e28f3f2de97376cdaa092590d"
    assert len(COINBASE_BODY) == 816 and sig == hexmac(secret, COINBASE_BODY)
    b = body_only("coinbase-commerce", "https://docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security "
                  "(X-CC-Webhook-Signature <hex> over the body); the genuine case is coinbase-commerce-python "
                  "tests/test_webhook.py (commit eaa29522)", "X-CC-Webhook-Signature", hexmac, secret=secret,
                  body=COINBASE_BODY, ok={"event": "charge:created", "dedup_key": "24934862-d980-46cb-9402-43c81b0cdba6"},
                  flags=("Valid", "PublishedExample", "BodyField"))
    b.add("the SDK's own negative case: every 3 in the signature made a 1", ["Tampered"],
          [["X-CC-Webhook-Signature", sig.replace("3", "1")]], COINBASE_BODY, [secret], T0,
          code="signature_mismatch")
    return b.done()


def docusign():
    b = Builder("docusign", "https://developers.docusign.com/platform/webhooks/connect/hmac/ (X-DocuSign-Signature-N, "
                "one base64 HMAC-SHA256 of the body per active key; DocuSign's samples publish only redacted "
                "values, so Python's hmac signs)")
    k1, k2 = "4+kAy0neCOnnectHmacKeyValueForTest1uE=", "9QsecondConnectHmacKeyValueForTestsHg="
    body = ('{"event":"envelope-completed","apiVersion":"v2.1","uri":"/restapi/v2.1/accounts/1/envelopes/2",'
            '"retryCount":0,"configurationId":10,"generatedDateTime":"2024-02-13T14:34:42.2740396Z",'
            '"data":{"accountId":"1","envelopeId":"2"}}\r\n')
    s1, s2 = b64mac(k1, body), b64mac(k2, body)
    h = lambda *pairs: [["X-DocuSign-Signature-" + str(n), v] for n, v in pairs]
    ok = {"event": "envelope-completed"}
    b.add("genuine, one key", ["Valid", "BodyField"], h((1, s1)), body, [k1], T0, expected={**ok, "key_index": 0})
    b.add("two keys: the receiver holds the second", ["Valid", "Rotation"], h((1, s1), (2, s2)), body, [k2], T0,
          expected={**ok, "key_index": 0})
    b.add("two keys: the receiver holds both, newest first", ["Valid", "Rotation"], h((1, s1), (2, s2)), body,
          [k2, k1], T0, expected={**ok, "key_index": 0})
    b.add("the tenth header is read", ["Valid", "Rotation"], h((1, s1), (10, s2)), body, [k2], T0,
          expected={**ok, "key_index": 0})
    b.add("the eleventh is not", ["MissingHeader"], h((11, s1)), body, [k1], T0, code="missing_header")
    b.add("genuine a year later (no timestamp is signed)", ["Valid"], h((1, s1)), body, [k1], T0 + 31536000,
          expected={**ok, "key_index": 0})
    b.add("the body without its line ending", ["Tampered"], h((1, s1)), body.rstrip("\r\n"), [k1], T0,
          code="signature_mismatch")
    b.add("a key DocuSign did not sign with", ["WrongSecret"], h((1, s1), (2, s2)), body,
          ["AnotherConnectKeyNotInThisAccount00="], T0, code="signature_mismatch")
    b.add("no signature header", ["MissingHeader"], [], body, [k1], T0, code="missing_header")
    return b.done()
