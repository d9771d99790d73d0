"""cloro and Fileloom, the two founding schemes, from their docs' examples."""

import hashlib
import json

from families.common import Builder, mac


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
