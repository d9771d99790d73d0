"""The senders that sign nothing and send a shared secret: GitLab's token
header, Postmark's HTTP Basic credentials (RFC 7617's published example for
the encoding)."""

import base64

from families.common import Builder, T0


def gitlab():
    b = Builder("gitlab", "https://docs.gitlab.com/user/project/integrations/webhooks/ (X-Gitlab-Token carries the "
                "secret token; no example value is published)")
    token = "glwht_preset_test_token_42"
    body = '{"object_kind":"push","ref":"refs/heads/main"}'
    ok = {"id": "7c6a1c2e-57a4-4a39-9c38-6a0b1e4f4d10", "event": "Push Hook",
          "dedup_key": "0f6e9b48-1b0c-4bb7-a5b3-5b7a8f7c2d11"}
    h = lambda v: [["X-Gitlab-Token", v], ["X-Gitlab-Event", "Push Hook"],
                   ["X-Gitlab-Webhook-UUID", ok["id"]], ["Idempotency-Key", ok["dedup_key"]]]
    b.add("genuine", ["Valid"], h(token), body, [token], T0, expected=ok)
    b.add("any body: nothing is signed", ["Valid"], h(token), '{"object_kind":"tag_push"}', [token], T0, expected=ok)
    b.add("rotation: the older token", ["Valid", "Rotation"], h(token), body, ["glwht_new_token_value_7", token], T0,
          expected={**ok, "key_index": 1})
    b.add("another token", ["WrongSecret"], h("glwht_preset_test_token_43"), body, [token], T0,
          code="signature_mismatch")
    b.add("the token with more after it", ["WrongSecret"], h(token + "x"), body, [token], T0,
          code="signature_mismatch")
    b.add("a prefix of the token", ["WrongSecret"], h(token[:-1]), body, [token], T0, code="signature_mismatch")
    b.add("no token header", ["MissingHeader"], h(token)[1:], body, [token], T0, code="missing_header")
    return b.done()


def postmark():
    b = Builder("postmark", "https://postmarkapp.com/developer/webhooks/webhooks-overview (Basic credentials in the "
                "webhook URL); the genuine case is RFC 7617's example, Aladdin:open sesame")
    creds = "Aladdin:open sesame"
    value = "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert value == base64.b64encode(creds.encode()).decode()
    body = '{"RecordType":"Delivery","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483"}'
    h = lambda v: [["Authorization", v]]
    ok = {"event": "Delivery"}
    b.add("RFC 7617's example credentials", ["Valid", "PublishedExample", "BodyField"], h("Basic " + value), body,
          [creds], T0, expected=ok)
    b.add("the scheme name in lower case", ["Valid"], h("basic " + value), body, [creds], T0, expected=ok)
    b.add("another password", ["WrongSecret"], h("Basic " + base64.b64encode(b"Aladdin:open sesame!").decode()),
          body, [creds], T0, code="signature_mismatch")
    b.add("a bearer token instead", ["MalformedHeader"], h("Bearer " + value), body, [creds], T0,
          code="malformed_header")
    b.add("not base64", ["MalformedHeader"], h("Basic Aladdin:open sesame"), body, [creds], T0,
          code="malformed_header")
    b.add("no Authorization header", ["MissingHeader"], [], body, [creds], T0, code="missing_header")
    return b.done()
