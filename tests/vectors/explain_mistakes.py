"""tests/vectors/explain/mistakes.json: real receiver mistakes and what
`explain` must name first. Each delivery is signed here with Python's hmac as
the sender signs it, then broken the way an app breaks it (a framework
re-serializing the JSON, a secret copied without its prefix, a timestamp in
milliseconds). The Rust core, the CLI, Python and Node run every case.

Each case: `scheme`, the receiver's `secret`, the `headers` and `body` the
receiver verifies, `now`, the `url` it passes (null: none); expected: `error` (the plain verify's code), `first`
(the mistake ranked first) and `mistakes` (every mistake that must be named).
"""

import base64
import hashlib
import hmac
import json

NOW = 1748419200
CLORO_SECRET = "whsec_explain_cloro_secret_5d41402abc4b2a76"
STD_SECRET = "whsec_" + base64.b64encode(b"explain-standard-secret-key-32by").decode()
EVENT = {"task": {"id": "t-42", "status": "COMPLETED"}, "credits": {"charged": 10}, "a": [1, 2]}


def cloro_headers(signed: bytes, secret=CLORO_SECRET, ts=NOW):
    sig = hmac.new(secret.encode(), f"{ts}.".encode() + signed, hashlib.sha256).hexdigest()
    return [["X-Cloro-Timestamp", str(ts)], ["X-Cloro-Signature", f"v1={sig}"], ["X-Cloro-Webhook-Id", "t-42-1"]]


def standard_headers(signed: bytes, ts: int):
    key = base64.b64decode(STD_SECRET.removeprefix("whsec_"))
    sig = base64.b64encode(hmac.new(key, f"msg_1.{ts}.".encode() + signed, hashlib.sha256).digest()).decode()
    return [["webhook-id", "msg_1"], ["webhook-timestamp", str(ts)], ["webhook-signature", f"v1,{sig}"]]


# What senders sign, and how a receiver's framework hands the body back.
SERIALIZED = {
    "compact": lambda v: json.dumps(v, separators=(",", ":")),
    "spaced": json.dumps,  # Python's default separators
    "sorted keys": lambda v: json.dumps(v, separators=(",", ":"), sort_keys=True),
    "indented by 2": lambda v: json.dumps(v, indent=2),
    "indented by 4": lambda v: json.dumps(v, indent=4),
}
ENDINGS = {"": "", " + newline": "\n", " + CRLF newline": "\r\n"}


def mistakes():
    cases = []

    def add(comment, *, scheme, secret, headers, body, error, first, also=(), fix_contains="", url=None):
        cases.append({
            "tcId": len(cases) + 1, "comment": comment, "scheme": scheme, "secret": secret,
            "headers": headers, "body": body, "now": NOW, "url": url,
            "error": error, "first": first, "mistakes": sorted({first, *also}),
            # Text the first finding's fix must hold ("" when not checked).
            "fix_contains": fix_contains,
        })

    # The sender signed one serialization; the receiver re-serialized the
    # parsed JSON (compact, as JSON.stringify and body parsers do).
    received = SERIALIZED["compact"](EVENT)
    for sname, serialize in SERIALIZED.items():
        for ename, ending in ENDINGS.items():
            text = serialize(EVENT)
            if ending == "\r\n":
                text = text.replace("\n", "\r\n")
            signed = (text + ending).encode()
            if signed == received.encode():
                continue
            # Compact + newline re-serialized compact is a lost newline, first.
            lost_newline = sname == "compact" and ending == "\n"
            add(f"signed {sname}{ename}; the receiver re-serialized it compact", scheme="cloro",
                secret=CLORO_SECRET, headers=cloro_headers(signed), body=received, error="signature_mismatch",
                first="body_trailing_newline" if lost_newline else "body_reserialized",
                also=["body_reserialized"] if lost_newline else [])

    compact = received.encode()
    bare = CLORO_SECRET.removeprefix("whsec_")
    add("the receiver's copy of the cloro secret lost its whsec_ prefix", scheme="cloro", secret=bare,
        headers=cloro_headers(compact), body=received, error="signature_mismatch", first="secret_form")
    # The reverse: a sender that signs with the bare secret, while the
    # receiver configured it with the prefix.
    add("the sender signs with the secret minus whsec_; the receiver kept it", scheme="cloro",
        secret=CLORO_SECRET, headers=cloro_headers(compact, secret=bare), body=received,
        error="signature_mismatch", first="secret_form")
    add("a Standard Webhooks sender's timestamp in milliseconds", scheme="standard", secret=STD_SECRET,
        headers=standard_headers(compact, NOW * 1000), body=received,
        error="timestamp_too_new", first="timestamp_unit", also=["clock"])
    # Python's json.dumps escapes non-ASCII by default (ensure_ascii=True).
    accented = {"task": {"id": "t-43", "city": "Zürich", "note": "naïve ☃ 🎉"}}
    add("signed by Python's json.dumps (non-ASCII escaped); the receiver re-serialized it compact", scheme="cloro",
        secret=CLORO_SECRET, headers=cloro_headers(json.dumps(accented).encode()),
        body=json.dumps(accented, separators=(",", ":"), ensure_ascii=False), error="signature_mismatch",
        first="body_reserialized")
    # A sender that keys its HMAC with the secret's own characters, verified
    # as Standard Webhooks (which base64-decodes it): the fix is the key form.
    plain = "whsec_" + base64.b64encode(b"plain-string-secret-for-explain!").decode()
    sig = base64.b64encode(hmac.new(plain.encode(), f"msg_1.{NOW}.".encode() + compact, hashlib.sha256).digest()).decode()
    add("a sender keys with the secret as a plain string; the receiver uses Standard Webhooks", scheme="standard",
        secret=plain, headers=[["webhook-id", "msg_1"], ["webhook-timestamp", str(NOW)], ["webhook-signature", f"v1,{sig}"]],
        body=received, error="signature_mismatch", first="secret_form", fix_contains="this scheme uses it")
    add("the receiver's copy of the cloro secret lost its whsec_ prefix (the fix names it)", scheme="cloro",
        secret=bare, headers=cloro_headers(compact), body=received, error="signature_mismatch",
        first="secret_form", fix_contains="lost its whsec_ prefix")
    # The same sender's secret is not base64 at all: Standard Webhooks
    # refuses it, so nothing can verify (invalid_secret), yet the fix is found.
    raw = "plain-secret-not-base64!!"
    sig = base64.b64encode(hmac.new(raw.encode(), f"msg_1.{NOW}.".encode() + compact, hashlib.sha256).digest()).decode()
    add("a secret Standard Webhooks refuses (not base64), used as a plain string by the sender", scheme="standard",
        secret=raw, headers=[["webhook-id", "msg_1"], ["webhook-timestamp", str(NOW)], ["webhook-signature", f"v1,{sig}"]],
        body=compact.decode(), error="invalid_secret", first="secret_form", fix_contains="literal string")
    add("a clock ten minutes behind", scheme="cloro", secret=CLORO_SECRET,
        headers=cloro_headers(compact, ts=NOW - 600), body=received, error="timestamp_too_old", first="clock")
    # URL-signing senders behind a proxy: the URL the app sees is not the one
    # the sender called.
    token, form = "twilio_explain_token_1234567890", "CallSid=CA1&From=%2B1555"
    signed_params = "CallSidCA1From+1555"

    def twilio(url):
        sig = base64.b64encode(hmac.new(token.encode(), (url + signed_params).encode(), hashlib.sha1).digest())
        return [["X-Twilio-Signature", sig.decode()], ["Content-Type", "application/x-www-form-urlencoded"]]

    add("Twilio called https; TLS ended at a proxy, so the app sees http", scheme="twilio", secret=token,
        headers=twilio("https://hooks.example.com/twilio?x=1"), body=form, url="http://hooks.example.com/twilio?x=1",
        error="signature_mismatch", first="url_scheme", fix_contains="public_url")
    add("Twilio called the public host; the app sees the proxy's upstream address", scheme="twilio", secret=token,
        headers=twilio("https://public.example.com/twilio") + [["X-Forwarded-Host", "public.example.com"]],
        body=form, url="https://10.0.0.5:8443/twilio", error="signature_mismatch", first="url_host",
        fix_contains="X-Forwarded-Host")
    add("a query string the sender did not sign", scheme="twilio", secret=token,
        headers=twilio("https://hooks.example.com/twilio"), body=form, url="https://hooks.example.com/twilio?utm=1",
        error="signature_mismatch", first="url_query")
    sq_secret, sq_body = "square_explain_signature_key", '{"type":"payment.created","event_id":"e1"}'
    sq_sig = base64.b64encode(hmac.new(sq_secret.encode(), ("https://hooks.example.com/square" + sq_body).encode(),
                                       hashlib.sha256).digest()).decode()
    add("Square signed the URL without a port; the app sees :443", scheme="square", secret=sq_secret,
        headers=[["x-square-hmacsha256-signature", sq_sig]], body=sq_body,
        url="https://hooks.example.com:443/square", error="signature_mismatch", first="url_port")
    return {
        "algorithm": "explain",
        "source": "receivers' usual mistakes; signatures by Python's hmac",
        "generator": "tests/vectors/explain_mistakes.py",
        "notes": {},
        "numberOfTests": len(cases),
        "tests": cases,
    }
