"""The sender that puts its signature in the JSON body, over other fields
of it: Mailgun. The genuine case is the example of Mailgun's PHP SDK tests,
rechecked with Python's hmac."""

import json

from families.common import Builder, hexmac


def mailgun():
    b = Builder("mailgun", "https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks "
                "(hex HMAC-SHA256 of signature.timestamp then signature.token, in the body); the genuine case is "
                "the example of mailgun/mailgun-php tests/Api/WebhookTest.php (commit "
                "5024827b)")
    key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
    ts, token = "1403645220", "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"
    sig = "9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33"
    assert sig == hexmac(key, ts + token)
    now = int(ts)

    def body(whole=None, event="delivered", **over):
        s = {"timestamp": ts, "token": token, "signature": sig}
        s.update(over)
        if whole is not None:
            s = whole
        return json.dumps({"signature": s, "event-data": {"event": event, "id": "CPgfbmQMTCKtHW6uIWtuVe",
                                                          "recipient": "alice@example.com"}},
                          separators=(",", ":"))

    ok = {"event": "delivered", "dedup_key": token, "timestamp": now}
    b.add("mailgun-php's example", ["Valid", "PublishedExample", "BodyField"], [], body(), [key], now, expected=ok)
    b.add("the timestamp as a JSON number", ["Valid", "BodyField"], [], body(timestamp=now), [key], now,
          expected=ok)
    b.add("the event is not signed: another event with the same signature verifies (the token dedupes it)",
          ["Valid", "ReplayWindow"], [], body(event="opened"), [key], now,
          expected={**ok, "event": "opened"})
    b.add("the token changed", ["Tampered"], [], body(token=token[:-1] + "7"), [key], now,
          code="signature_mismatch")
    b.add("the timestamp changed", ["Tampered"], [], body(timestamp=str(now + 1)), [key], now,
          code="signature_mismatch")
    b.add("the account's API key instead of the webhook signing key", ["WrongSecret"], [], body(),
          ["pubkey-5ogiflzbnjrljiky49qxsiozqef5jxp7"], now, code="signature_mismatch")
    b.add("upper-case hex", ["Valid", "HexCase"], [], body(signature=sig.upper()), [key], now, expected=ok)
    b.add("fifteen minutes old: the edge of the window", ["Valid", "Boundary"], [], body(), [key], now + 900,
          expected=ok)
    b.add("fifteen minutes and a second old", ["Stale"], [], body(), [key], now + 901, code="timestamp_too_old")
    b.add("no signature field", ["MissingHeader"], [], body(whole={"timestamp": ts, "token": token}), [key],
          now, code="missing_header")
    b.add("no token", ["MissingHeader"], [], body(whole={"timestamp": ts, "signature": sig}), [key], now,
          code="missing_header")
    b.add("a form-encoded (legacy) body", ["MissingHeader"], [],
          f"timestamp={ts}&token={token}&signature={sig}", [key], now, code="missing_header")
    b.add("not hex", ["MalformedHeader"], [], body(signature="z" * 64), [key], now, code="malformed_header")
    return b.done()
