"""Standard Webhooks, its Svix-named aliases, and custom schemes in the JSON form."""

import base64
import hashlib

from families.common import Builder, mac
from families.rsa import rsa_cases


STD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
STD_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
STD_TS = 1614265330
STD_BODY = '{"test": 2432232314}'
STD_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

# 20 bytes: its base64 form needs padding.
STD_PADDED = "whsec_" + base64.b64encode(bytes(range(100, 120))).decode()


def std_sig(secret, msg_id, ts, body):
    key = base64.b64decode(secret.removeprefix("whsec_") + "=" * (-len(secret.removeprefix("whsec_")) % 4))
    return "v1," + base64.b64encode(mac(key, f"{msg_id}.{ts}.".encode() + body.encode())).decode()


def std_headers(sig, msg_id=STD_ID, ts=STD_TS, prefix="webhook"):
    return [[f"{prefix}-id", msg_id], [f"{prefix}-timestamp", str(ts)], [f"{prefix}-signature", sig]]


def standard():
    b = Builder(
        "standard",
        "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md; "
        "the PublishedExample case is the reference libraries' own test vector",
    )
    assert std_sig(STD_SECRET, STD_ID, STD_TS, STD_BODY) == STD_SIG, "generator disagrees with the published vector"
    ok = {"id": STD_ID, "timestamp": STD_TS, "dedup_key": STD_ID, "key_index": 0}
    S, T = [STD_SECRET], STD_TS
    b.add("the published example", ["Valid", "PublishedExample"], std_headers(STD_SIG), STD_BODY, S, T,
          expected=ok)
    b.add("published example, secret without whsec_", ["Valid", "PublishedExample", "SecretForm"],
          std_headers(STD_SIG), STD_BODY, [STD_SECRET[6:]], T, expected=ok)
    b.add("published example among other signatures", ["Valid", "MultipleSignatures"],
          std_headers("v1,bm9wZQ== " + STD_SIG + " v1," + "A" * 43 + "="), STD_BODY, S, T, expected=ok)
    b.add("a v1a (Ed25519) entry is skipped", ["Valid", "UnknownVersion"],
          std_headers("v1a," + "B" * 86 + "== " + STD_SIG), STD_BODY, S, T, expected=ok)
    b.add("signature without base64 padding", ["Valid"], std_headers(STD_SIG.rstrip("=")), STD_BODY, S, T,
          expected=ok)
    padded_sig = std_sig(STD_PADDED, STD_ID, STD_TS, STD_BODY)
    b.add("secret with base64 padding", ["Valid", "SecretForm"], std_headers(padded_sig), STD_BODY,
          [STD_PADDED], T, expected=ok)
    b.add("same secret with the padding removed", ["Valid", "SecretForm"], std_headers(padded_sig), STD_BODY,
          [STD_PADDED.rstrip("=")], T, expected=ok)
    b.add("rotation: second secret matches", ["Valid", "Rotation"], std_headers(STD_SIG), STD_BODY,
          [STD_PADDED, STD_SECRET], T, expected={**ok, "key_index": 1})
    b.add("mixed-case header names", ["Valid", "HeaderCase"],
          [[k.upper(), v] for k, v in std_headers(STD_SIG)], STD_BODY, S, T, expected=ok)
    b.add("exactly 300 s ahead", ["Valid", "Boundary"], std_headers(STD_SIG), STD_BODY, S, T - 300, expected=ok)
    b.add("body changed", ["Tampered"], std_headers(STD_SIG), '{"test": 2432232315}', S, T,
          code="signature_mismatch")
    b.add("id changed", ["Tampered"], std_headers(STD_SIG, msg_id="msg_other"), STD_BODY, S, T,
          code="signature_mismatch")
    b.add("timestamp changed", ["Tampered"], std_headers(STD_SIG, ts=T + 1), STD_BODY, S, T,
          code="signature_mismatch")
    raw_key_sig = "v1," + base64.b64encode(mac(STD_SECRET.encode(), f"{STD_ID}.{T}.{STD_BODY}".encode())).decode()
    b.add("signed with the whsec_ string as raw key (the Stripe/cloro reading)", ["WrongSecret"],
          std_headers(raw_key_sig), STD_BODY, S, T, code="signature_mismatch")
    b.add("signed with another secret", ["WrongSecret"], std_headers(padded_sig), STD_BODY, S, T,
          code="signature_mismatch")
    b.add("301 s old", ["Stale"], std_headers(STD_SIG), STD_BODY, S, T + 301, code="timestamp_too_old")
    b.add("301 s ahead", ["Future"], std_headers(STD_SIG), STD_BODY, S, T - 301, code="timestamp_too_new")
    b.add("svix-* header names are not read by `standard`", ["MissingHeader"],
          std_headers(STD_SIG, prefix="svix"), STD_BODY, S, T, code="missing_header")
    b.add("no webhook-id", ["MissingHeader"], std_headers(STD_SIG)[1:], STD_BODY, S, T, code="missing_header")
    b.add("hex instead of base64", ["MalformedHeader"],
          std_headers("v1," + base64.b64decode(STD_SIG[3:]).hex()), STD_BODY, S, T, code="malformed_header")
    b.add("base64 with a bad character", ["MalformedHeader"], std_headers(STD_SIG[:10] + "*" + STD_SIG[11:]),
          STD_BODY, S, T, code="malformed_header")
    b.add("v1= instead of v1,", ["MalformedHeader"], std_headers("v1=" + STD_SIG[3:]), STD_BODY, S, T,
          code="malformed_header")
    b.add("only a short signature", ["MalformedHeader"], std_headers("v1,bm9wZQ=="), STD_BODY, S, T,
          code="malformed_header")
    return b.done()


def svix():
    b = Builder(
        "svix",
        "https://docs.svix.com/receiving/verifying-payloads/how-manual (svix-* headers); same published "
        "example as `standard`",
    )
    ok = {"id": STD_ID, "timestamp": STD_TS, "dedup_key": STD_ID, "key_index": 0}
    S, T = [STD_SECRET], STD_TS
    b.add("the published example with svix-* headers", ["Valid", "PublishedExample"],
          std_headers(STD_SIG, prefix="svix"), STD_BODY, S, T, expected=ok)
    b.add("the published example with webhook-* headers", ["Valid", "PublishedExample"],
          std_headers(STD_SIG), STD_BODY, S, T, expected=ok)
    b.add("body changed", ["Tampered"], std_headers(STD_SIG, prefix="svix"), STD_BODY + " ", S, T,
          code="signature_mismatch")
    return b.done()


# --------------------------------------------------------------- custom

# Custom schemes in the JSON text form: the model beyond the presets.
ACME = {
    "name": "acme",
    "description": "t=…,v1=… params, like Stripe, with millisecond timestamps",
    "signature_header": "Acme-Signature",
    "signature_format": {"params": {"separator": ",", "signature_key": "v1", "timestamp_key": "t"}},
    "id_header": ["Acme-Delivery", "X-Acme-Delivery"],
    "event_header": "Acme-Event",
    "message": "{timestamp}.{body}",
    "algorithm": "hmac-sha256",
    "key": "utf8",
    "encoding": "hex",
    "timestamp_unit": "ms",
    "tolerance": 60,
    "dedup": "id",
}
LEGACY = {
    "name": "legacy-sha1",
    "signature_header": "X-Legacy-Sig",
    "signature_format": {"params": {"separator": ";", "signature_key": "h1"}},
    "timestamp_header": "X-Legacy-Time",
    "message": "{{v0}}:{timestamp}:{body}",
    "algorithm": "hmac-sha1",
    "key": "utf8",
    "encoding": "base64",
    "tolerance": None,
}


def custom():
    b = Builder("custom", "hookproof's JSON scheme form (crates/hookproof/README.md)")
    secret, ts_ms, body = "acme_signing_secret_for_tests", 1700000000123, '{"id":"evt_1","type":"paid"}'
    sig = mac(secret.encode(), f"{ts_ms}.{body}".encode()).hex()
    other = mac(b"another secret", f"{ts_ms}.{body}".encode()).hex()
    hdr = lambda v: [["Acme-Signature", v], ["X-Acme-Delivery", "dlv_1"], ["Acme-Event", "invoice.paid"]]
    ok = {"id": "dlv_1", "timestamp": ts_ms // 1000, "event": "invoice.paid", "dedup_key": "dlv_1"}
    now = ts_ms // 1000
    b.add("params t=,v1= with ms timestamp; id from an alias header", ["Valid"], hdr(f"t={ts_ms},v1={sig}"),
          body, [secret], now, scheme_json=ACME, expected=ok)
    b.add("a bad v1 beside a good one", ["Valid", "MultipleSignatures"],
          hdr(f"t={ts_ms},v1={other},v1={sig},v0=ignored"), body, [secret], now, scheme_json=ACME, expected=ok)
    b.add("60 s after the ms timestamp (inclusive)", ["Valid", "Boundary"], hdr(f"t={ts_ms},v1={sig}"), body,
          [secret], now + 60, scheme_json=ACME, expected=ok)
    b.add("61 s after", ["Stale"], hdr(f"t={ts_ms},v1={sig}"), body, [secret], now + 61,
          scheme_json=ACME, code="timestamp_too_old")
    b.add("t= changed", ["Tampered"], hdr(f"t={ts_ms + 1},v1={sig}"), body, [secret], now, scheme_json=ACME,
          code="signature_mismatch")
    b.add("no t=", ["MalformedHeader"], hdr(f"v1={sig}"), body, [secret], now, scheme_json=ACME,
          code="malformed_header")
    b.add("t= twice", ["MalformedHeader", "Duplicate"], hdr(f"t={ts_ms},t={ts_ms},v1={sig}"), body, [secret],
          now, scheme_json=ACME, code="malformed_header")
    b.add("seconds where ms are expected", ["Stale"],
          hdr(f"t={now},v1=" + mac(secret.encode(), f"{now}.{body}".encode()).hex()), body, [secret], now,
          scheme_json=ACME, code="timestamp_too_old")
    lsig = base64.b64encode(mac(b"legacy-secret", f"{{v0}}:1700000000:{body}".encode(), hashlib.sha1)).decode()
    lhdr = lambda v, t="1700000000": [["X-Legacy-Sig", v], ["X-Legacy-Time", t]]
    b.add("SHA-1, base64, ';' params, literal braces in the message", ["Valid"], lhdr(f"h1={lsig}"), body,
          ["legacy-secret"], 1800000000, scheme_json=LEGACY, expected={"timestamp": 1700000000})
    b.add("several h1 entries", ["Valid", "MultipleSignatures"], lhdr(f"h1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=;h1={lsig}"),
          body, ["legacy-secret"], 1800000000, scheme_json=LEGACY, expected={"timestamp": 1700000000})
    b.add("SHA-256 length under a SHA-1 scheme", ["MalformedHeader"],
          lhdr("h1=" + base64.b64encode(bytes(32)).decode()), body, ["legacy-secret"], 0, scheme_json=LEGACY,
          code="malformed_header")
    b.add("timestamp changed", ["Tampered"], lhdr(f"h1={lsig}", "1700000001"), body, ["legacy-secret"], 0,
          scheme_json=LEGACY, code="signature_mismatch")
    rsa_cases(b)
    return b.done()


# --------------------------------------------------------- more senders
#
# One file per preset. Where the sender publishes a worked example (GitHub,
# Slack, Twilio) it is the first case and named so; every other expected
# value is computed here by Python's hmac (or OpenSSL's Ed25519).
