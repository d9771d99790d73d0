#!/usr/bin/env python3
"""Writes the shared test vectors in this folder, from Python's own `hmac`.

The expected signatures here are computed by the standard library (or copied
from a provider's published example), never by hookproof: that is what makes
the vectors a test of hookproof rather than a record of what it does.

    python3 tests/vectors/generate.py          # rewrite the JSON files
    python3 tests/vectors/generate.py --check  # fail if they differ (run by `make test`)

Each file has the shape of a Wycheproof vector file: a header, `notes` that
explain every flag, and `tests` with `tcId`, `comment`, `flags`, the inputs,
and the expected `result` (`valid` or `invalid` with a `code`). A test's
`tolerance` key, when present, overrides the scheme's default (`null` turns
the check off); `now` is the verifier's clock in unix seconds.
"""

import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path

# OpenSSL's Ed25519, through pyca/cryptography: independent of ed25519-dalek.
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding as KeyEncoding, PublicFormat

import explain_mistakes

HERE = Path(__file__).resolve().parent
GENERATOR = "tests/vectors/generate.py (Python hmac, hashlib, base64; pyca/cryptography for Ed25519)"

NOTES = {
    "Valid": "A genuine delivery that must verify.",
    "Tampered": "Body, timestamp or id changed after signing.",
    "WrongSecret": "Signed with a secret the receiver does not hold.",
    "Stale": "Genuine but older than the tolerance.",
    "Future": "Genuine but further in the future than the tolerance.",
    "Boundary": "Exactly at the edge of the tolerance window (inclusive: verifies).",
    "ToleranceOff": "The receiver turned the timestamp check off.",
    "Rotation": "The receiver holds several secrets; any may match, and key_index says which.",
    "MissingHeader": "A required header is absent or empty.",
    "MalformedHeader": "A header is present but unreadable.",
    "Duplicate": "A header appears twice.",
    "MultipleSignatures": "The signature header carries several signatures.",
    "UnknownVersion": "Entries of another signature version are skipped, not errors.",
    "HeaderCase": "Header names in another case.",
    "HexCase": "Upper-case hex signatures are accepted.",
    "Dedup": "Checks the idempotency key derived from the id header.",
    "EmptyBody": "An empty body that was signed verifies.",
    "BinaryBody": "A body that is not UTF-8 verifies byte for byte.",
    "Whitespace": "Spaces around a header value are trimmed.",
    "WrongScheme": "Signed the way another scheme signs.",
    "ReplayWindow": "Documented accept: an unsigned timestamp can be refreshed by a replayer; only dedup stops it.",
    "PublishedExample": "A provider's own published example.",
    "SecretForm": "The secret in another accepted form (prefix, padding).",
    "BodyField": "A value read from the JSON body after verification (timestamp, event, dedup key).",
    "ForgedId": "The unsigned id header was rewritten on a replay: the key still comes from the signed body, and an id naming another delivery makes the key unreadable (dedup_key_error).",
    "Url": "The sender signs the request URL, which the receiver passes in.",
    "Ed25519": "An Ed25519 signature checked with the sender's public key.",
}


def mac(secret: bytes, message: bytes, algo=hashlib.sha256) -> bytes:
    return hmac.new(secret, message, algo).digest()


class Builder:
    def __init__(self, scheme, source):
        self.doc = {
            "scheme": scheme,
            "source": source,
            "generator": GENERATOR,
            "notes": {},
            "numberOfTests": 0,
            "tests": [],
        }

    def add(self, comment, flags, headers, body, secrets, now, *, code=None, expected=None, **extra):
        case = {"tcId": len(self.doc["tests"]) + 1, "comment": comment, "flags": flags}
        case["secrets"] = secrets
        case["now"] = now
        for key in ("url", "method"):
            if key in extra:
                case[key] = extra.pop(key)
        if "scheme_json" in extra:
            case["scheme"] = extra.pop("scheme_json")
        case.update(extra)
        if isinstance(body, bytes):
            try:
                case["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                case["body_hex"] = body.hex()
        else:
            case["body"] = body
        case["headers"] = headers
        if code is None:
            case["result"] = "valid"
            case["expected"] = expected or {}
        else:
            case["result"] = "invalid"
            case["code"] = code
        for flag in flags:
            self.doc["notes"][flag] = NOTES[flag]
        self.doc["tests"].append(case)

    def done(self):
        self.doc["numberOfTests"] = len(self.doc["tests"])
        self.doc["notes"] = dict(sorted(self.doc["notes"].items()))
        return self.doc


# ---------------------------------------------------------------- cloro

CLORO_SECRET = "whsec_hookproof_cloro_test_secret_2b7e151628aed2a6"
CLORO_OLD = "whsec_hookproof_cloro_previous_secret_0f1e2d3c"
CLORO_TS = 1748419200  # the timestamp of the docs' header example
# The docs' example payload (guides/webhooks), compact.
CLORO_BODY = json.dumps(
    {
        "task": {
            "id": "b27a21e1-7c39-4aa2-a347-23e828c426f9",
            "taskType": "CHATGPT",
            "status": "COMPLETED",
            "priority": 5,
            "createdAt": "2025-11-10T15:00:00.000Z",
            "idempotencyKey": "your-custom-identifier-123",
        },
        "credits": {"creditsToCharge": 10, "creditsCharged": 10},
        "response": {"model": "gpt-5-3-mini", "text": "The weather in New York is currently sunny..."},
    },
    separators=(",", ":"),
)
CLORO_TASK = "b27a21e1-7c39-4aa2-a347-23e828c426f9"


def cloro_sig(body, ts=CLORO_TS, secret=CLORO_SECRET):
    if isinstance(body, str):
        body = body.encode()
    return mac(secret.encode(), str(ts).encode() + b"." + body).hex()


def cloro_headers(sig, ts=CLORO_TS, webhook_id=f"{CLORO_TASK}-1"):
    return [
        ["X-Cloro-Timestamp", str(ts)],
        ["X-Cloro-Signature", sig],
        ["X-Cloro-Webhook-Id", webhook_id],
    ]


def cloro():
    b = Builder(
        "cloro",
        "https://docs.cloro.dev/guides/webhook-signatures (headers, message, tolerance) and "
        "https://docs.cloro.dev/guides/webhooks (payload, retries, task id); the key is the "
        "secret string's UTF-8 bytes as in cloro-dev/geo-tracker lib/webhooks.ts",
    )
    good = "v1=" + cloro_sig(CLORO_BODY)
    ok = {"id": f"{CLORO_TASK}-1", "timestamp": CLORO_TS, "dedup_key": CLORO_TASK, "key_index": 0}
    S, T = [CLORO_SECRET], CLORO_TS
    b.add("genuine delivery", ["Valid"], cloro_headers(good), CLORO_BODY, S, T, expected=ok)
    b.add("genuine, 60 s later", ["Valid"], cloro_headers(good), CLORO_BODY, S, T + 60, expected=ok)
    b.add("upper-case hex", ["Valid", "HexCase"], cloro_headers(good.upper().replace("V1=", "v1=")), CLORO_BODY, S, T, expected=ok)
    b.add("header names in lower case", ["Valid", "HeaderCase"],
          [[k.lower(), v] for k, v in cloro_headers(good)], CLORO_BODY, S, T, expected=ok)
    b.add("spaces around values", ["Valid", "Whitespace"],
          [[k, f"  {v} "] for k, v in cloro_headers(good)], CLORO_BODY, S, T, expected=ok)
    other = "v1=" + cloro_sig(CLORO_BODY, secret=CLORO_OLD)
    b.add("two v1 entries, comma-separated, the second matches", ["Valid", "MultipleSignatures"],
          cloro_headers(f"{other},{good}"), CLORO_BODY, S, T, expected=ok)
    b.add("two v1 entries, space-separated, the first matches", ["Valid", "MultipleSignatures"],
          cloro_headers(f"{good} {other}"), CLORO_BODY, S, T, expected=ok)
    b.add("an unknown v2 entry beside v1 is skipped", ["Valid", "UnknownVersion"],
          cloro_headers(f"v2=deadbeef, {good}"), CLORO_BODY, S, T, expected=ok)
    b.add("rotation: signed with the old secret", ["Valid", "Rotation"],
          cloro_headers(other), CLORO_BODY, [CLORO_SECRET, CLORO_OLD], T, expected={**ok, "key_index": 1})
    b.add("rotation: signed with the new secret", ["Valid", "Rotation"],
          cloro_headers(good), CLORO_BODY, [CLORO_SECRET, CLORO_OLD], T, expected=ok)
    # The key is the signed body's task.id (cloro's docs: "deduplicate on the
    # task ID inside the payload (event.task.id), not on the webhook ID").
    b.add("third attempt: dedup key is still the task id", ["Valid", "Dedup"],
          cloro_headers(good, webhook_id=f"{CLORO_TASK}-3"), CLORO_BODY, S, T,
          expected={**ok, "id": f"{CLORO_TASK}-3"})
    b.add("id without attempt suffix: the whole id is the task id", ["Valid", "Dedup"],
          cloro_headers(good, webhook_id=CLORO_TASK), CLORO_BODY, S, T,
          expected={**ok, "id": CLORO_TASK})
    b.add("no id header: the key still comes from the signed body", ["Valid", "Dedup"],
          [h for h in cloro_headers(good) if h[0] != "X-Cloro-Webhook-Id"], CLORO_BODY, S, T,
          expected={k: v for k, v in ok.items() if k != "id"})
    no_key = {k: v for k, v in ok.items() if k != "dedup_key"}
    b.add("replay with the id header rewritten to another task: the key is refused", ["Valid", "ForgedId"],
          cloro_headers(good, webhook_id="task_abc123-1"), CLORO_BODY, S, T,
          expected={**no_key, "id": "task_abc123-1", "dedup_key_error": "malformed_header"})
    b.add("id header of another task with this one's id as a prefix: refused", ["Valid", "ForgedId"],
          cloro_headers(good, webhook_id=f"{CLORO_TASK}0-1"), CLORO_BODY, S, T,
          expected={**no_key, "id": f"{CLORO_TASK}0-1", "dedup_key_error": "malformed_header"})
    b.add("empty body, signed: no task id, no key", ["Valid", "EmptyBody"],
          cloro_headers("v1=" + cloro_sig("")), "", S, T, expected=no_key)
    binary = bytes(range(256)) + b"\xff\xfe"
    b.add("binary body, not UTF-8", ["Valid", "BinaryBody"],
          cloro_headers("v1=" + cloro_sig(binary)), binary, S, T, expected=no_key)
    b.add("exactly 300 s old", ["Valid", "Boundary"], cloro_headers(good), CLORO_BODY, S, T + 300, expected=ok)
    b.add("exactly 300 s ahead", ["Valid", "Boundary"], cloro_headers(good), CLORO_BODY, S, T - 300, expected=ok)
    b.add("one day old with the check off", ["Valid", "ToleranceOff"], cloro_headers(good), CLORO_BODY, S,
          T + 86400, tolerance=None, expected=ok)
    b.add("one day old with tolerance 86400", ["Valid", "Boundary"], cloro_headers(good), CLORO_BODY, S,
          T + 86400, tolerance=86400, expected=ok)

    b.add("body changed by one byte", ["Tampered"], cloro_headers(good), CLORO_BODY.replace("10", "11", 1),
          S, T, code="signature_mismatch")
    b.add("body re-serialized with spaces", ["Tampered"], cloro_headers(good),
          json.dumps(json.loads(CLORO_BODY)), S, T, code="signature_mismatch")
    b.add("trailing newline added", ["Tampered"], cloro_headers(good), CLORO_BODY + "\n", S, T,
          code="signature_mismatch")
    b.add("timestamp changed", ["Tampered"], cloro_headers(good, ts=T + 1), CLORO_BODY, S, T,
          code="signature_mismatch")
    b.add("signed with another secret", ["WrongSecret"], cloro_headers(other), CLORO_BODY, S, T,
          code="signature_mismatch")
    b.add("keyed with the secret minus its whsec_ prefix", ["WrongSecret"],
          cloro_headers("v1=" + cloro_sig(CLORO_BODY, secret=CLORO_SECRET[6:])), CLORO_BODY, S, T,
          code="signature_mismatch")
    b.add("signed over the body alone (the Fileloom message)", ["WrongScheme"],
          cloro_headers("v1=" + mac(CLORO_SECRET.encode(), CLORO_BODY.encode()).hex()), CLORO_BODY, S, T,
          code="signature_mismatch")
    b.add("301 s old", ["Stale"], cloro_headers(good), CLORO_BODY, S, T + 301, code="timestamp_too_old")
    b.add("one hour old", ["Stale"], cloro_headers(good), CLORO_BODY, S, T + 3600, code="timestamp_too_old")
    b.add("301 s in the future", ["Future"], cloro_headers(good), CLORO_BODY, S, T - 301, code="timestamp_too_new")
    b.add("a year in the future", ["Future"], cloro_headers(good), CLORO_BODY, S, T - 31536000,
          code="timestamp_too_new")
    far = 99999999999
    b.add("timestamp in the year 5138, correctly signed", ["Future"],
          cloro_headers("v1=" + cloro_sig(CLORO_BODY, ts=far), ts=far), CLORO_BODY, S, T, code="timestamp_too_new")

    hdr = cloro_headers(good)
    b.add("no signature header", ["MissingHeader"], [h for h in hdr if h[0] != "X-Cloro-Signature"],
          CLORO_BODY, S, T, code="missing_header")
    b.add("no timestamp header", ["MissingHeader"], [h for h in hdr if h[0] != "X-Cloro-Timestamp"],
          CLORO_BODY, S, T, code="missing_header")
    b.add("empty signature header", ["MissingHeader"], cloro_headers(""), CLORO_BODY, S, T, code="missing_header")
    b.add("no headers at all", ["MissingHeader"], [], CLORO_BODY, S, T, code="missing_header")
    b.add("signature without v1= prefix", ["MalformedHeader"], cloro_headers(good[3:]), CLORO_BODY, S, T,
          code="malformed_header")
    b.add("v1= with nothing after it", ["MalformedHeader"], cloro_headers("v1="), CLORO_BODY, S, T,
          code="malformed_header")
    b.add("non-hex signature", ["MalformedHeader"], cloro_headers("v1=" + "zz" * 32), CLORO_BODY, S, T,
          code="malformed_header")
    b.add("odd-length hex", ["MalformedHeader"], cloro_headers(good[:-1]), CLORO_BODY, S, T,
          code="malformed_header")
    b.add("truncated to 31 bytes", ["MalformedHeader"], cloro_headers(good[:-2]), CLORO_BODY, S, T,
          code="malformed_header")
    b.add("only an unknown version", ["MalformedHeader", "UnknownVersion"],
          cloro_headers("v2=" + good[3:]), CLORO_BODY, S, T, code="malformed_header")
    b.add("signature header twice", ["Duplicate"], hdr + [["x-cloro-signature", good]], CLORO_BODY, S, T,
          code="malformed_header")
    b.add("timestamp header twice", ["Duplicate"], hdr + [["X-Cloro-Timestamp", str(T)]], CLORO_BODY, S, T,
          code="malformed_header")
    for label, value in [
        ("negative", "-1"),
        ("leading plus", f"+{T}"),
        ("fractional", f"{T}.5"),
        ("exponent", "1.7e9"),
        ("Arabic-Indic digits", "".join(chr(0x660 + int(d)) for d in str(T))),
        ("past i64", "99999999999999999999"),
        ("inner space", f"{str(T)[:5]} {str(T)[5:]}"),
        ("hex", hex(T)),
    ]:
        # Signed over the same text, so only the timestamp's form is at fault.
        sig = "v1=" + mac(CLORO_SECRET.encode(), value.encode() + b"." + CLORO_BODY.encode()).hex()
        b.add(f"timestamp {label}: {value}", ["MalformedHeader"], cloro_headers(sig, ts=value), CLORO_BODY, S, T,
              code="malformed_header")
    b.add("signature header of 9000 bytes", ["MalformedHeader"], cloro_headers(good + "," + "v2=00" * 1800),
          CLORO_BODY, S, T, code="malformed_header")
    b.add("17 v1 signatures", ["MalformedHeader", "MultipleSignatures"],
          cloro_headers(",".join([other] * 16 + [good])), CLORO_BODY, S, T, code="malformed_header")
    b.add("non-ASCII in the id header", ["MalformedHeader"], cloro_headers(good, webhook_id="tâche-1"),
          CLORO_BODY, S, T, code="malformed_header")
    return b.done()


# ------------------------------------------------------------- fileloom

FL_SECRET = "fl_whk_7c1d9e2f4a6b8c0d2e4f6a8b0c2d4e6f"
FL_TS = 1734258600  # 2024-12-15T10:30:00Z, the docs' payload timestamp
FL_BODY = json.dumps(
    {
        "id": "evt_abc123xyz",
        "event": "pdf.generated",
        "timestamp": "2024-12-15T10:30:00Z",
        "workspace": {"id": "ws_abc123", "name": "My Workspace"},
        "data": {"fileId": "file_xyz789", "requestId": "req_abc123", "filename": "invoice-001.pdf"},
    },
    separators=(",", ":"),
)


def fl_headers(sig, ts=FL_TS, delivery="dlv_9f8e7d6c5b4a", event="pdf.generated"):
    return [
        ["X-Fileloom-Signature", sig],
        ["X-Fileloom-Timestamp", str(ts)],
        ["X-Fileloom-Event", event],
        ["X-Fileloom-Delivery-Id", delivery],
    ]


def fileloom():
    b = Builder(
        "fileloom",
        "https://docs.fileloom.io/authentication/webhook-security (headers, HMAC-SHA256 over the raw "
        "body, sha256= prefix, replay advice) and https://docs.fileloom.io/webhooks/overview (payload)",
    )
    sig = "sha256=" + mac(FL_SECRET.encode(), FL_BODY.encode()).hex()
    # The key is the signed body's event id; the delivery id header is not
    # signed (a replay may rewrite it) and is only reported as the id.
    ok = {"id": "dlv_9f8e7d6c5b4a", "timestamp": FL_TS, "event": "pdf.generated",
          "dedup_key": json.loads(FL_BODY)["id"], "key_index": 0}
    S, T = [FL_SECRET], FL_TS
    b.add("genuine delivery", ["Valid"], fl_headers(sig), FL_BODY, S, T, expected=ok)
    b.add("upper-case hex", ["Valid", "HexCase"], fl_headers("sha256=" + sig[7:].upper()), FL_BODY, S, T,
          expected=ok)
    b.add("lower-case header names", ["Valid", "HeaderCase"], [[k.lower(), v] for k, v in fl_headers(sig)],
          FL_BODY, S, T, expected=ok)
    b.add("exactly 300 s old", ["Valid", "Boundary"], fl_headers(sig), FL_BODY, S, T + 300, expected=ok)
    b.add("stale replay with a refreshed timestamp still verifies (the timestamp is not signed)",
          ["Valid", "ReplayWindow"], fl_headers(sig, ts=T + 86400), FL_BODY, S, T + 86400,
          expected={**ok, "timestamp": T + 86400})
    b.add("no timestamp header with the check off", ["Valid", "ToleranceOff"],
          [h for h in fl_headers(sig) if h[0] != "X-Fileloom-Timestamp"], FL_BODY, S, T, tolerance=None,
          expected={k: v for k, v in ok.items() if k != "timestamp"})
    b.add("no event header", ["Valid"], [h for h in fl_headers(sig) if h[0] != "X-Fileloom-Event"],
          FL_BODY, S, T, expected={k: v for k, v in ok.items() if k != "event"})
    b.add("replay with another delivery id and a fresh timestamp: the same key", ["Valid", "ForgedId"],
          fl_headers(sig, ts=T + 86400, delivery="dlv_forged"), FL_BODY, S, T + 86400,
          expected={**ok, "id": "dlv_forged", "timestamp": T + 86400})
    b.add("empty body, signed: no key", ["Valid", "EmptyBody"],
          fl_headers("sha256=" + mac(FL_SECRET.encode(), b"").hex()), "", S, T,
          expected={k: v for k, v in ok.items() if k != "dedup_key"})
    b.add("body changed", ["Tampered"], fl_headers(sig), FL_BODY.replace("invoice", "invoicf"), S, T,
          code="signature_mismatch")
    b.add("signed with another secret", ["WrongSecret"],
          fl_headers("sha256=" + mac(b"another-secret-value", FL_BODY.encode()).hex()), FL_BODY, S, T,
          code="signature_mismatch")
    b.add("signed like cloro ({timestamp}.{body})", ["WrongScheme"],
          fl_headers("sha256=" + mac(FL_SECRET.encode(), f"{T}.{FL_BODY}".encode()).hex()), FL_BODY, S, T,
          code="signature_mismatch")
    b.add("SHA-1 HMAC under the sha256= prefix", ["MalformedHeader"],
          fl_headers("sha256=" + mac(FL_SECRET.encode(), FL_BODY.encode(), hashlib.sha1).hex()), FL_BODY, S, T,
          code="malformed_header")
    b.add("bare hex without sha256= (reading chosen: malformed)", ["MalformedHeader"], fl_headers(sig[7:]),
          FL_BODY, S, T, code="malformed_header")
    b.add("sha1= prefix", ["MalformedHeader"], fl_headers("sha1=" + sig[7:]), FL_BODY, S, T,
          code="malformed_header")
    b.add("301 s old", ["Stale"], fl_headers(sig), FL_BODY, S, T + 301, code="timestamp_too_old")
    b.add("10 minutes ahead", ["Future"], fl_headers(sig), FL_BODY, S, T - 600, code="timestamp_too_new")
    b.add("no timestamp header", ["MissingHeader"],
          [h for h in fl_headers(sig) if h[0] != "X-Fileloom-Timestamp"], FL_BODY, S, T, code="missing_header")
    b.add("no signature header", ["MissingHeader"],
          [h for h in fl_headers(sig) if h[0] != "X-Fileloom-Signature"], FL_BODY, S, T, code="missing_header")
    b.add("timestamp in milliseconds", ["Future"], fl_headers(sig, ts=T * 1000), FL_BODY, S, T,
          code="timestamp_too_new")
    b.add("delivery id twice", ["Duplicate"], fl_headers(sig) + [["x-fileloom-delivery-id", "dlv_other"]],
          FL_BODY, S, T, code="malformed_header")
    return b.done()


# ------------------------------------------------------------- standard

# Published by Standard Webhooks / Svix: the reference libraries' test suites
# (e.g. standard-webhooks libraries, svix-webhooks) all check this exact vector.
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
    return b.done()



# --------------------------------------------------------- more senders
#
# One file per preset. Where the sender publishes a worked example (GitHub,
# Slack, Twilio) it is the first case and named so; every other expected
# value is computed here by Python's hmac (or OpenSSL's Ed25519).

T0 = 1748419200


def hexmac(key, msg, algo=hashlib.sha256):
    return hmac.new(key if isinstance(key, bytes) else key.encode(), msg if isinstance(msg, bytes) else msg.encode(), algo).hexdigest()


def b64mac(key, msg, algo=hashlib.sha256):
    return base64.b64encode(hmac.new(key if isinstance(key, bytes) else key.encode(), msg if isinstance(msg, bytes) else msg.encode(), algo).digest()).decode()


def stripe():
    b = Builder("stripe", "https://docs.stripe.com/webhooks#verify-manually (t=,v1= header, {t}.{body}, whsec_ used literally); "
                "the Python and Node suites also round-trip with Stripe's own SDKs")
    secret, body = "whsec_stripe_test_secret_7f8e9d", '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"invoice.paid"}'
    sig = hexmac(secret, f"{T0}.{body}")
    ok = {"timestamp": T0, "event": "invoice.paid", "dedup_key": "evt_1NG8Du2eZvKYlo2CUI79vXWy"}
    h = lambda v: [["Stripe-Signature", v]]
    b.add("genuine", ["Valid", "BodyField"], h(f"t={T0},v1={sig}"), body, [secret], T0, expected=ok)
    b.add("a bad v1 beside a good one, and a v0", ["Valid", "MultipleSignatures"],
          h(f"t={T0},v1={'0' * 64},v1={sig},v0={'1' * 64}"), body, [secret], T0, expected=ok)
    b.add("rotation: two secrets, the older matches", ["Valid", "Rotation"], h(f"t={T0},v1={sig}"), body,
          ["whsec_stripe_new_secret_value_1", secret], T0, expected={**ok, "key_index": 1})
    b.add("a body that is not JSON has no dedup key", ["Valid"], h(f"t={T0},v1={hexmac(secret, f'{T0}.plain')}"),
          "plain", [secret], T0, expected={"timestamp": T0})
    b.add("secret base64-decoded (the Svix reading) instead of literal", ["WrongSecret"],
          h(f"t={T0},v1={hexmac(base64.b64decode('c3RyaXBl'), f'{T0}.{body}')}"), body, [secret], T0,
          code="signature_mismatch")
    b.add("body changed", ["Tampered"], h(f"t={T0},v1={sig}"), body.replace("paid", "void"), [secret], T0,
          code="signature_mismatch")
    b.add("t changed", ["Tampered"], h(f"t={T0 + 1},v1={sig}"), body, [secret], T0 + 1, code="signature_mismatch")
    b.add("301 s old", ["Stale"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 301, code="timestamp_too_old")
    b.add("no t=", ["MalformedHeader"], h(f"v1={sig}"), body, [secret], T0, code="malformed_header")
    b.add("only v0", ["MalformedHeader"], h(f"t={T0},v0={sig}"), body, [secret], T0, code="malformed_header")
    b.add("no header", ["MissingHeader"], [], body, [secret], T0, code="missing_header")
    return b.done()


def github():
    b = Builder("github", "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries "
                "(the docs' test values: secret \"It's a Secret to Everybody\", payload \"Hello, World!\")")
    secret, body = "It's a Secret to Everybody", "Hello, World!"
    sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert sig == "sha256=" + hexmac(secret, body)
    h = lambda v: [["X-Hub-Signature-256", v], ["X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"],
                   ["X-GitHub-Event", "push"]]
    ok = {"id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "event": "push",
          "dedup_key": "72d3162e-cc78-11e3-81ab-4c9367dc0958"}
    b.add("the docs' published example", ["Valid", "PublishedExample"], h(sig), body, [secret], T0, expected=ok)
    b.add("years later: GitHub sends no timestamp", ["Valid"], h(sig), body, [secret], T0 + 10**8, expected=ok)
    b.add("body changed", ["Tampered"], h(sig), "Hello, World?", [secret], T0, code="signature_mismatch")
    b.add("the SHA-1 header value under the SHA-256 header", ["MalformedHeader"],
          h("sha1=" + hexmac(secret, body, hashlib.sha1)), body, [secret], T0, code="malformed_header")
    b.add("bare hex", ["MalformedHeader"], h(sig[7:]), body, [secret], T0, code="malformed_header")
    return b.done()


def github_sha1():
    b = Builder("github-sha1", "GitHub's legacy X-Hub-Signature (HMAC-SHA1), same docs page")
    secret, body = "It's a Secret to Everybody", "Hello, World!"
    h = lambda v: [["X-Hub-Signature", v], ["X-GitHub-Delivery", "d1"], ["X-GitHub-Event", "ping"]]
    ok = {"id": "d1", "event": "ping", "dedup_key": "d1"}
    b.add("genuine", ["Valid"], h("sha1=" + hexmac(secret, body, hashlib.sha1)), body, [secret], T0, expected=ok)
    b.add("a SHA-256 value under sha1=", ["MalformedHeader"], h("sha1=" + hexmac(secret, body)), body, [secret], T0,
          code="malformed_header")
    return b.done()


SLACK_BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
              "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
              "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
              "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")


def slack():
    b = Builder("slack", "https://api.slack.com/authentication/verifying-requests-from-slack (the docs' worked "
                "example: signing secret 8f742231b10e8888abcd99yyyzzz85a5, timestamp 1531420618, slash command body)")
    secret, ts = "8f742231b10e8888abcd99yyyzzz85a5", 1531420618
    sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert sig == "v0=" + hexmac(secret, f"v0:{ts}:{SLACK_BODY}")
    h = lambda v, t=ts: [["X-Slack-Signature", v], ["X-Slack-Request-Timestamp", str(t)]]
    b.add("the docs' published example", ["Valid", "PublishedExample"], h(sig), SLACK_BODY, [secret], ts,
          expected={"timestamp": ts})
    ev = '{"token":"z","team_id":"T1","event":{"type":"app_mention"},"type":"event_callback","event_id":"Ev08MFMKH6"}'
    b.add("Events API body: dedup on event_id", ["Valid", "BodyField"], h("v0=" + hexmac(secret, f"v0:{T0}:{ev}"), T0),
          ev, [secret], T0, expected={"timestamp": T0, "dedup_key": "Ev08MFMKH6"})
    b.add("the example a day later", ["Stale"], h(sig), SLACK_BODY, [secret], ts + 86400, code="timestamp_too_old")
    b.add("timestamp changed", ["Tampered"], h(sig, ts + 1), SLACK_BODY, [secret], ts, code="signature_mismatch")
    b.add("v1= instead of v0=", ["MalformedHeader"], h("v1=" + sig[3:]), SLACK_BODY, [secret], ts,
          code="malformed_header")
    return b.done()


def body_only(name, source, header, sign, *, prefix="", secret="preset_test_secret_42", body='{"id":"x1"}',
              extra_headers=(), ok=None, flags=("Valid",)):
    b = Builder(name, source)
    h = lambda v: [[header, prefix + v], *[list(x) for x in extra_headers]]
    good = sign(secret, body)
    b.add("genuine", list(flags), h(good), body, [secret], T0, expected=ok or {})
    b.add("genuine a year later (no timestamp is signed)", ["Valid"], h(good), body, [secret], T0 + 31536000,
          expected=ok or {})
    b.add("body changed", ["Tampered"], h(good), body + " ", [secret], T0, code="signature_mismatch")
    b.add("signed with another secret", ["WrongSecret"], h(sign("another_secret_value", body)), body, [secret], T0,
          code="signature_mismatch")
    b.add("no signature header", ["MissingHeader"], [list(x) for x in extra_headers], body, [secret], T0,
          code="missing_header")
    return b


def shopify():
    body = '{"id":820982911946154508,"email":"jon@example.com"}'
    b = body_only("shopify", "https://shopify.dev/docs/apps/build/webhooks/subscribe/https (X-Shopify-Hmac-Sha256, base64)",
                  "X-Shopify-Hmac-Sha256", b64mac, body=body,
                  extra_headers=[("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
                                 ("X-Shopify-Topic", "orders/create")],
                  ok={"id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "event": "orders/create",
                      "dedup_key": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"})
    b.add("hex instead of base64", ["MalformedHeader"],
          [["X-Shopify-Hmac-Sha256", hexmac("preset_test_secret_42", body)]], body, ["preset_test_secret_42"], T0,
          code="malformed_header")
    return b.done()


def lemonsqueezy():
    return body_only("lemonsqueezy", "https://docs.lemonsqueezy.com/help/webhooks/signing-requests (X-Signature hex)",
                     "X-Signature", hexmac, extra_headers=[("X-Event-Name", "order_created")],
                     ok={"event": "order_created"}).done()


def typeform():
    body = '{"event_id":"01HB6ZQ3X9","event_type":"form_response","form_response":{"form_id":"lT4Z3j"}}'
    return body_only("typeform", "https://www.typeform.com/developers/webhooks/secure-your-webhooks/ (sha256=<base64>)",
                     "Typeform-Signature", b64mac, prefix="sha256=", body=body,
                     ok={"event": "form_response", "dedup_key": "01HB6ZQ3X9"}, flags=("Valid", "BodyField")).done()


def intercom():
    body = '{"type":"notification_event","id":"notif_ccd8a4d0","topic":"conversation.user.created"}'
    sha1 = lambda k, m: hexmac(k, m, hashlib.sha1)
    return body_only("intercom", "https://developers.intercom.com/docs/webhooks/setting-up-webhooks (X-Hub-Signature sha1=)",
                     "X-Hub-Signature", sha1, prefix="sha1=", body=body,
                     ok={"event": "conversation.user.created", "dedup_key": "notif_ccd8a4d0"},
                     flags=("Valid", "BodyField")).done()


def paddle():
    b = Builder("paddle", "https://developer.paddle.com/webhooks/signature-verification (ts=;h1= with ';', {ts}:{body})")
    secret = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI"
    body = '{"event_id":"evt_01h8441jn5pcwrfhwh78jqt8hk","event_type":"subscription.created","data":{}}'
    sig = hexmac(secret, f"{T0}:{body}")
    h = lambda v: [["Paddle-Signature", v]]
    ok = {"timestamp": T0, "event": "subscription.created", "dedup_key": "evt_01h8441jn5pcwrfhwh78jqt8hk"}
    b.add("genuine", ["Valid", "BodyField"], h(f"ts={T0};h1={sig}"), body, [secret], T0, expected=ok)
    b.add("two h1 during a secret rotation", ["Valid", "MultipleSignatures"], h(f"ts={T0};h1={'a' * 64};h1={sig}"),
          body, [secret], T0, expected=ok)
    b.add("signed like Stripe ({ts}.{body})", ["WrongScheme"], h(f"ts={T0};h1={hexmac(secret, f'{T0}.{body}')}"),
          body, [secret], T0, code="signature_mismatch")
    b.add("',' instead of ';'", ["MalformedHeader"], h(f"ts={T0},h1={sig}"), body, [secret], T0,
          code="malformed_header")
    b.add("301 s old", ["Stale"], h(f"ts={T0};h1={sig}"), body, [secret], T0 + 301, code="timestamp_too_old")
    return b.done()


def linear():
    b = Builder("linear", "https://linear.app/developers/webhooks#securing-webhooks (Linear-Signature hex; "
                "webhookTimestamp in the body, milliseconds, within a minute)")
    secret, ms = "lin_wh_preset_test_secret", T0 * 1000 + 250
    body = json.dumps({"action": "create", "type": "Issue", "webhookTimestamp": ms, "data": {"id": "i1"}},
                      separators=(",", ":"))
    h = lambda v: [["Linear-Signature", v], ["Linear-Delivery", "234d1a4e-b617-4388-90fe-adc3633d6b72"],
                   ["Linear-Event", "Issue"]]
    ok = {"id": "234d1a4e-b617-4388-90fe-adc3633d6b72", "event": "Issue", "timestamp": T0,
          "dedup_key": "234d1a4e-b617-4388-90fe-adc3633d6b72"}
    sig = hexmac(secret, body)
    b.add("genuine", ["Valid", "BodyField"], h(sig), body, [secret], T0 + 30, expected=ok)
    b.add("60 s after webhookTimestamp (inclusive)", ["Valid", "Boundary"], h(sig), body, [secret], T0 + 60,
          expected=ok)
    b.add("61 s after", ["Stale", "BodyField"], h(sig), body, [secret], T0 + 61, code="timestamp_too_old")
    nots = '{"action":"create","type":"Issue"}'
    b.add("signed body without webhookTimestamp", ["MissingHeader", "BodyField"], h(hexmac(secret, nots)), nots,
          [secret], T0, code="missing_header")
    b.add("body changed", ["Tampered"], h(sig), body.replace("create", "remove"), [secret], T0,
          code="signature_mismatch")
    return b.done()


def calendly():
    b = Builder("calendly", "https://developer.calendly.com webhook signatures (t=,v1= over {t}.{body}; 180 s)")
    secret, body = "calendly_signing_key_test", '{"event":"invitee.created","payload":{}}'
    sig = hexmac(secret, f"{T0}.{body}")
    h = lambda v: [["Calendly-Webhook-Signature", v]]
    b.add("genuine", ["Valid", "BodyField"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 180,
          expected={"timestamp": T0, "event": "invitee.created"})
    b.add("181 s old", ["Stale"], h(f"t={T0},v1={sig}"), body, [secret], T0 + 181, code="timestamp_too_old")
    return b.done()


def zoom():
    b = Builder("zoom", "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events (v0:{ts}:{body})")
    secret, body = "zoom_secret_token_test", '{"event":"meeting.started","payload":{}}'
    h = lambda v, t=T0: [["x-zm-signature", v], ["x-zm-request-timestamp", str(t)]]
    sig = "v0=" + hexmac(secret, f"v0:{T0}:{body}")
    b.add("genuine", ["Valid", "BodyField"], h(sig), body, [secret], T0, expected={"timestamp": T0, "event": "meeting.started"})
    b.add("timestamp changed", ["Tampered"], h(sig, T0 - 1), body, [secret], T0, code="signature_mismatch")
    return b.done()


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


def ed25519_pair(seed_byte):
    key = Ed25519PrivateKey.from_private_bytes(bytes([seed_byte]) * 32)
    public = key.public_key().public_bytes(KeyEncoding.Raw, PublicFormat.Raw)
    return key, public


def discord():
    b = Builder("discord", "https://discord.com/developers/docs/interactions/overview (X-Signature-Ed25519 hex over "
                "timestamp + body, application public key in hex); signatures by OpenSSL via pyca/cryptography")
    key, public = ed25519_pair(7)
    other, _ = ed25519_pair(8)
    body = '{"type":1,"id":"1234567890","application_id":"99"}'
    sig = key.sign(f"{T0}{body}".encode()).hex()
    h = lambda v, t=T0: [["X-Signature-Ed25519", v], ["X-Signature-Timestamp", str(t)]]
    pk = public.hex()
    b.add("genuine PING", ["Valid", "Ed25519"], h(sig), body, [pk], T0, expected={"timestamp": T0})
    b.add("upper-case hex key and signature", ["Valid", "Ed25519", "HexCase"], h(sig.upper()), body, [pk.upper()], T0,
          expected={"timestamp": T0})
    b.add("signed by another key", ["WrongSecret", "Ed25519"], h(other.sign(f"{T0}{body}".encode()).hex()), body, [pk],
          T0, code="signature_mismatch")
    b.add("body changed", ["Tampered", "Ed25519"], h(sig), body.replace("1,", "2,"), [pk], T0,
          code="signature_mismatch")
    b.add("timestamp changed", ["Tampered", "Ed25519"], h(sig, T0 + 1), body, [pk], T0, code="signature_mismatch")
    b.add("a 32-byte value where 64 are due", ["MalformedHeader"], h(sig[:64]), body, [pk], T0, code="malformed_header")
    return b.done()


def standard_v1a():
    b = Builder("standard-v1a", "Standard Webhooks spec, asymmetric signatures (v1a, whpk_/whsk_ keys); "
                "signatures by OpenSSL via pyca/cryptography")
    key, public = ed25519_pair(11)
    seed = bytes([11]) * 32
    body, mid = '{"type":"user.created"}', "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    sig = base64.b64encode(key.sign(f"{mid}.{T0}.{body}".encode())).decode()
    h = lambda v: [["webhook-id", mid], ["webhook-timestamp", str(T0)], ["webhook-signature", v]]
    whpk = "whpk_" + base64.b64encode(public).decode()
    ok = {"id": mid, "timestamp": T0, "dedup_key": mid}
    b.add("genuine, public key", ["Valid", "Ed25519"], h(f"v1a,{sig}"), body, [whpk], T0, expected=ok)
    b.add("genuine, secret key (seed)", ["Valid", "Ed25519", "SecretForm"], h(f"v1a,{sig}"), body,
          ["whsk_" + base64.b64encode(seed).decode()], T0, expected=ok)
    b.add("genuine, secret key (seed + public)", ["Valid", "Ed25519", "SecretForm"], h(f"v1a,{sig}"), body,
          ["whsk_" + base64.b64encode(seed + public).decode()], T0, expected=ok)
    b.add("a v1 HMAC entry beside it is skipped", ["Valid", "UnknownVersion"], h(f"v1,{'A' * 43}= v1a,{sig}"), body,
          [whpk], T0, expected=ok)
    b.add("id changed", ["Tampered", "Ed25519"], h(f"v1a,{sig}")[1:] + [["webhook-id", "msg_other"]], body, [whpk], T0,
          code="signature_mismatch")
    b.add("only a v1 entry", ["MalformedHeader"], h(f"v1,{sig}"), body, [whpk], T0, code="malformed_header")
    return b.done()

# -------------------------------------------------------------- hostile
#
# Bad input of every kind, for the table-driven hostile-input tests of each
# language. Long values are written as {"repeat": s, "times": n, "prefix":
# p, "suffix": q} and expanded by the runners. Each case names a preset.

def rep(s, times, prefix="", suffix=""):
    return {"repeat": s, "times": times, "prefix": prefix, "suffix": suffix}


def expand(v):
    return v if isinstance(v, str) else v.get("prefix", "") + v["repeat"] * v["times"] + v.get("suffix", "")


def hostile():
    cases = []
    S, T, BODY = CLORO_SECRET, CLORO_TS, CLORO_BODY

    def add(comment, preset, headers, body=BODY, secrets=None, now=T, code=None, config_code=None, **extra):
        case = {"tcId": len(cases) + 1, "comment": comment, "preset": preset,
                "secrets": secrets if secrets is not None else [S], "now": now, "body": body, "headers": headers}
        case.update(extra)
        if config_code:
            case.update(result="invalid", config_code=config_code)
        elif code:
            case.update(result="invalid", code=code)
        else:
            case["result"] = "valid"
        cases.append(case)

    good = "v1=" + cloro_sig(BODY)
    ts = str(T)
    c = lambda sig=good, t=ts, i="task-1-1": [["X-Cloro-Timestamp", t], ["X-Cloro-Signature", sig], ["X-Cloro-Webhook-Id", i]]
    # presence
    add("no headers", "cloro", [], code="missing_header")
    add("signature only whitespace", "cloro", c(sig="   \t "), code="missing_header")
    add("timestamp empty", "cloro", c(t=""), code="missing_header")
    add("signature twice, identical", "cloro", c() + [["X-Cloro-Signature", good]], code="malformed_header")
    add("timestamp twice", "cloro", c() + [["x-cloro-timestamp", ts]], code="malformed_header")
    add("id twice", "cloro", c() + [["X-CLORO-WEBHOOK-ID", "task-2-1"]], code="malformed_header")
    # size
    add("signature header of 1 MB", "cloro", c(sig=rep("a", 1 << 20, "v1=")), code="malformed_header")
    add("timestamp header of 1 MB", "cloro", c(t=rep("1", 1 << 20)), code="malformed_header")
    add("id header of 1 MB", "cloro", c(i=rep("x", 1 << 20)), code="malformed_header")
    add("10 000 comma-separated signatures", "cloro", c(sig=rep("v1=00,", 10000)), code="malformed_header")
    add("17 signatures of the right length", "cloro", c(sig=",".join([good] * 17)), code="malformed_header")
    add("16 signatures, the last one good", "cloro", c(sig=",".join(["v1=" + "0" * 64] * 15 + [good])))
    # bytes
    add("NUL in the signature", "cloro", c(sig=good[:10] + "\u0000" + good[11:]), code="malformed_header")
    add("NUL in the timestamp", "cloro", c(t=ts + "\u0000"), code="malformed_header")
    add("DEL in the id", "cloro", c(i="task\u007f-1"), code="malformed_header")
    add("newline in the signature", "cloro", c(sig=good + "\n"), code="malformed_header")
    add("carriage return in the id", "cloro", c(i="task-1\r"), code="malformed_header")
    add("non-ASCII letter in the signature", "cloro", c(sig=good[:-1] + "é"), code="malformed_header")
    add("emoji in the id", "cloro", c(i="task-🔥-1"), code="malformed_header")
    add("U+FFFD in the timestamp", "cloro", c(t=ts + "\ufffd"), code="malformed_header")
    # A wide character whose low byte is the genuine ASCII character: a
    # binding that narrowed text to Latin-1 (dropping the high byte) would
    # accept these deliveries.
    add("U+01xx whose low byte is the signature's last digit", "cloro",
        c(sig=good[:-1] + chr(0x100 | ord(good[-1]))), code="malformed_header")
    add("U+01xx whose low byte is the timestamp's last digit", "cloro",
        c(t=ts[:-1] + chr(0x100 | ord(ts[-1]))), code="malformed_header")
    # signature syntax
    add("v1= and nothing after it", "cloro", c(sig="v1="), code="malformed_header")
    add("v1 without =", "cloro", c(sig="v1" + good[3:]), code="malformed_header")
    add("v1== (an extra =)", "cloro", c(sig="v1==" + good[3:]), code="malformed_header")
    add("odd-length hex", "cloro", c(sig=good + "0"), code="malformed_header")
    add("non-hex digits", "cloro", c(sig="v1=" + "g" * 64), code="malformed_header")
    add("31 bytes of hex", "cloro", c(sig=good[:-2]), code="malformed_header")
    add("33 bytes of hex", "cloro", c(sig=good + "00"), code="malformed_header")
    add("only commas and spaces", "cloro", c(sig=" , , ,"), code="malformed_header")
    add("hex with a 0x prefix", "cloro", c(sig="v1=0x" + good[3:]), code="malformed_header")
    add("a good signature among junk entries", "cloro", c(sig="junk, v9=zz, ,," + good))
    body = STD_BODY
    sh = lambda sig: [["webhook-id", STD_ID], ["webhook-timestamp", str(STD_TS)], ["webhook-signature", sig]]
    add("base64 with padding in the middle", "standard", sh("v1,g0hM9SsE+OTPJTGt/tm=KtSyZlE3uFJELVlNIOLJ1OE="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 of only padding", "standard", sh("v1,===="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("URL-safe base64 alphabet", "standard", sh(STD_SIG.replace("+", "-").replace("/", "_")), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 with a space inside", "standard", sh("v1,g0hM9SsE+OTPJTGt /tmIKtSyZlE3uFJELVlNIOLJ1OE="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 with bad trailing bits", "standard", sh(STD_SIG[:-2] + "F="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("the published example, unpadded (documented accept)", "standard", sh(STD_SIG.rstrip("=")), body, [STD_SECRET], STD_TS)
    # timestamps
    for label, value in [("-1", "-1"), ("1e9", "1e9"), ("Arabic-Indic ٣٤", "٣٤"), ("past i64", "99999999999999999999"),
                         ("leading +", "+" + ts), ("fraction", ts + ".0"), ("hex", "0x1"), ("inner space", ts[:4] + " " + ts[4:])]:
        add(f"timestamp {label}", "cloro", c(t=value, sig="v1=" + cloro_sig(BODY, ts=value)), code="malformed_header")
    add("timestamp with surrounding spaces (documented accept: trimmed)", "cloro", c(t="  " + ts + "  "))
    add("milliseconds where seconds are due", "cloro", c(t=str(T * 1000), sig="v1=" + cloro_sig(BODY, ts=T * 1000)), code="timestamp_too_new")
    add("timestamp 0", "cloro", c(t="0", sig="v1=" + cloro_sig(BODY, ts=0)), code="timestamp_too_old")
    add("timestamp at i64::MAX", "cloro", c(t="9223372036854775807", sig="v1=" + cloro_sig(BODY, ts=9223372036854775807)), code="timestamp_too_new")
    add("the clock at 0", "cloro", c(), now=0, code="timestamp_too_new")
    # stripe-style params
    st = lambda v: [["Stripe-Signature", v]]
    ssec = "whsec_stripe_hostile_secret_1"
    add("t= empty", "stripe", st("t=,v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("t= not digits", "stripe", st("t=abc,v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("t= twice", "stripe", st(f"t={T},t={T},v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("no v1", "stripe", st(f"t={T},v0=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("pairs without =", "stripe", st("garbage,,,=,=="), "{}", [ssec], code="malformed_header")
    add("17 v1 entries", "stripe", st(f"t={T}," + ",".join(["v1=" + "0" * 64] * 17)), "{}", [ssec], code="malformed_header")
    # bodies
    add("empty body, signature of another body", "cloro", c(), "", code="signature_mismatch")
    add("100 MB body, wrong signature", "cloro", c(), rep("x", 100 << 20), code="signature_mismatch")
    big = "y" * (1 << 20)
    add("1 MB body, genuine (documented accept)", "cloro", c(sig="v1=" + cloro_sig(big)), rep("y", 1 << 20))
    add("body differing only in case", "cloro", c(), BODY.upper(), code="signature_mismatch")
    # secrets
    for label, preset, secret in [("empty", "cloro", ""), ("only whitespace", "cloro", "   "),
                                  ("trailing newline", "fileloom", "fl_secret\n"), ("whsec_ alone", "standard", "whsec_"),
                                  ("a Stripe API key", "stripe", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
                                  ("not base64", "standard", "whsec_%%%%"), ("decodes to 8 bytes", "standard", "whsec_" + base64.b64encode(b"8 bytes!").decode()),
                                  ("Discord key of 31 bytes", "discord", "ab" * 31), ("Discord key not hex", "discord", "zz" * 32),
                                  ("a whpk_ key of 16 bytes", "standard-v1a", "whpk_" + base64.b64encode(bytes(16)).decode())]:
        add(f"secret {label}", preset, [], "{}", [secret], config_code="invalid_secret")
    add("no secret at all", "cloro", [], "{}", [], config_code="invalid_argument")
    return {
        "source": "hostile inputs (issue 8): each yields the contract's error, or a documented accept",
        "generator": GENERATOR,
        "notes": {"repeat": "a value {repeat, times, prefix, suffix} stands for prefix + repeat * times + suffix"},
        "numberOfTests": len(cases),
        "tests": cases,
    }


# -------------------------------------------------------------- secrets

def secrets():
    cases = []

    def add(comment, scheme, secrets_, code=None):
        case = {"tcId": len(cases) + 1, "comment": comment, "scheme": scheme, "secrets": secrets_}
        if code:
            case.update(result="invalid", code=code)
        else:
            case["result"] = "valid"
        cases.append(case)

    add("cloro whsec_ string", "cloro", [CLORO_SECRET])
    add("a short UTF-8 secret is the sender's business", "fileloom", ["s3cret"])
    add("Standard secret with prefix", "standard", [STD_SECRET])
    add("Standard secret without prefix", "standard", [STD_SECRET[6:]])
    add("Standard secret without padding", "standard", [STD_PADDED.rstrip("=")])
    add("no secret at all", "cloro", [], "invalid_argument")
    add("empty secret", "cloro", [""], "invalid_secret")
    add("empty secret among good ones", "cloro", [CLORO_SECRET, ""], "invalid_secret")
    add("trailing newline", "cloro", [CLORO_SECRET + "\n"], "invalid_secret")
    add("leading space", "standard", [" " + STD_SECRET], "invalid_secret")
    add("a Stripe API key", "cloro", ["sk_live_51H8abcdefghijklmnop"], "invalid_secret")
    add("a Slack bot token", "fileloom", ["xoxb-1234-5678-abcdef"], "invalid_secret")
    add("whsec_ with bad base64 for Standard", "standard", ["whsec_not*base64!"], "invalid_secret")
    add("whsec_ and nothing else for Standard", "standard", ["whsec_"], "invalid_secret")
    add("decodes to 8 bytes", "standard", ["whsec_" + base64.b64encode(b"12345678").decode()], "invalid_secret")
    add("unknown scheme", "stripee", [CLORO_SECRET], "unknown_scheme")
    add("Discord public key in hex", "discord", [ed25519_pair(7)[1].hex()])
    add("Discord key of 31 bytes", "discord", [ed25519_pair(7)[1].hex()[:62]], "invalid_secret")
    add("Discord key that is not hex", "discord", ["z" * 64], "invalid_secret")
    add("a whsec_ secret for an Ed25519 scheme", "standard-v1a", [STD_SECRET], "invalid_secret")
    add("whsk_ seed whose appended public key does not match", "standard-v1a",
        ["whsk_" + base64.b64encode(bytes([11]) * 32 + ed25519_pair(12)[1]).decode()], "invalid_secret")
    return {
        "source": "hookproof's secret rules (docs/architecture.md, the scheme model)",
        "generator": GENERATOR,
        "notes": {},
        "numberOfTests": len(cases),
        "tests": cases,
    }


FILES = {
    "cloro.json": cloro,
    "fileloom.json": fileloom,
    "standard.json": standard,
    "svix.json": svix,
    "custom.json": custom,
    "standard-v1a.json": standard_v1a,
    "stripe.json": stripe,
    "github.json": github,
    "github-sha1.json": github_sha1,
    "slack.json": slack,
    "shopify.json": shopify,
    "paddle.json": paddle,
    "linear.json": linear,
    "lemonsqueezy.json": lemonsqueezy,
    "typeform.json": typeform,
    "calendly.json": calendly,
    "zoom.json": zoom,
    "intercom.json": intercom,
    "hubspot.json": hubspot,
    "square.json": square,
    "twilio.json": twilio,
    "discord.json": discord,
    "secrets.json": secrets,
    "hostile.json": hostile,
    # In a folder of its own: not a scheme file, which the suites list by
    # globbing this one.
    "explain/mistakes.json": explain_mistakes.mistakes,
}


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name, make in FILES.items():
        text = json.dumps(make(), indent=2, ensure_ascii=False) + "\n"
        path = HERE / name
        path.parent.mkdir(exist_ok=True)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        sys.exit(f"vectors out of date: {', '.join(stale)}; run python3 tests/vectors/generate.py")
    total = sum(len(make()["tests"]) for make in FILES.values())
    print(f"vectors: {len(FILES)} files, {total} cases, {'up to date' if check else 'written'}")


if __name__ == "__main__":
    main()
