"""Plaid: `Plaid-Verification` is an ES256 JWT over the body's SHA-256
(`request_body_sha256`) and its time (`iat`), whose key is fetched by the
token's `kid` (POST /webhook_verification_key/get, with the receiver's API
credentials).

A case's `keys` holds what that request answered, for the URL hookproof
names the key by: `<endpoint>#<kid>`. The published cases are webhooks
Plaid signed, with their bodies as sent (indented by two spaces, no final
newline), all under the key whose answer Stack Overflow question 62117400
quotes; each is verified again here with pyca/cryptography and hashlib.
Other tokens are signed here with a fixed P-256 key (RFC 6979,
deterministic).
"""

import hashlib
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from families.common import Builder, T0
from families.fetched import b64url, jwt_verifies, unb64url

ENDPOINT = "https://production.plaid.com/webhook_verification_key/get"
KID = "6c5516e1-92dc-479e-a8ff-5a51992e0001"
# The answer of /webhook_verification_key/get for that kid, as Stack
# Overflow question 62117400 ("Hashing Plaid Request Body Webhook") quotes it.
PLAID_KEY = {"alg": "ES256", "created_at": 1560466143, "crv": "P-256", "expired_at": None, "kid": KID, "kty": "EC",
             "use": "sig", "x": "35lvC8uz2QrWpQJ3TUH8t9o9DURMp7ydU518RKDl20k",
             "y": "I8BuXB2bvxelzJAd7OKhd-ZwjCst05Fx47Mb_0ugros"}


def plaid_body(item_id, new_transactions, code):
    """A TRANSACTIONS webhook as Plaid sends it: keys sorted, indented by
    two spaces, no final newline."""
    return json.dumps({"error": None, "item_id": item_id, "new_transactions": new_transactions, "webhook_code": code,
                       "webhook_type": "TRANSACTIONS"}, indent=2, sort_keys=True)


# (source, token, body): webhooks Plaid signed.
PUBLISHED = [
    ("Stack Overflow 62117400",
     "eyJhbGciOiJFUzI1NiIsImtpZCI6IjZjNTUxNmUxLTkyZGMtNDc5ZS1hOGZmLTVhNTE5OTJlMDAwMSIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1O"
     "TA4ODcwMDEsInJlcXVlc3RfYm9keV9zaGEyNTYiOiJiNjNhMDdiNTQ3YjAwZjk5MjU0N2Y2YmJjOGQ5YWNjNjFhOGNjZWUxMzhiYzgyZjQ0YTZ"
     "iYWEwOTY4M2E1ZDBmIn0.OOKvIihgqCj7Qrb2bmz7T3t7uK-0JyjiEqL2s1kWeJBM4MMmjaHKK8GmU_z91QolBWMzvPgs718EElY-rE3cwQ",
     plaid_body("yxQbxDjnD8hr69pKbQpbcKeVn3GL9QuyA7NV3", 390, "HISTORICAL_UPDATE")),
    ("tylerwray/elixir-plaid test/plaid/webhooks_test.exs, commit 9fc97ed1",
     "eyJhbGciOiJFUzI1NiIsImtpZCI6IjZjNTUxNmUxLTkyZGMtNDc5ZS1hOGZmLTVhNTE5OTJlMDAwMSIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE2M"
     "TQ1Nzg2MTcsInJlcXVlc3RfYm9keV9zaGEyNTYiOiIyM2JhM2IxNzcwMjk0ZWVlYWJhM2JmZjc1NTdjNjJlZDZkNmU4MzMzYjZkMmFmZjcyNDI"
     "xMWI0N2FkYjVhYWYyIn0.TClT2hrFCjlQSc3WbQ0GpBdwjP9InvTXaMfDYbtFJTlKXua_3tejuuHm4NzYQtCV-lXJ4fub3kLoQFkfi234_Q",
     plaid_body("lvMEnMo5m9ivMdZeemZVtJP8zGXVJDiLPKkEp", 0, "DEFAULT_UPDATE")),
]


def claims_of(token):
    return json.loads(unb64url(token.split(".")[1]))


def es256(key, header, claims):
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    der = key.sign(f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return f"{head}.{body}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def p256_jwk(key, kid, **extra):
    numbers = key.public_key().public_numbers()
    return {"alg": "ES256", "created_at": T0 - 86400, "crv": "P-256", "expired_at": None, "kid": kid, "kty": "EC",
            "use": "sig", "x": b64url(numbers.x.to_bytes(32, "big")), "y": b64url(numbers.y.to_bytes(32, "big")),
            **extra}


def answer(jwk, url_kid=None):
    """What /webhook_verification_key/get answered, kept under the URL
    hookproof names the key by."""
    return [{"url": f"{ENDPOINT}#{url_kid or jwk['kid']}",
             "document": json.dumps({"key": jwk, "request_id": "HvfCtrDLG1ihcp7"}), "cache_control": None}]


def plaid():
    b = Builder("plaid", "https://plaid.com/docs/api/webhooks/webhook-verification/ (an ES256 JWT in "
                "Plaid-Verification over the body's SHA-256 and iat; the key fetched by kid); the published cases "
                "are webhooks Plaid signed: Stack Overflow 62117400 (its token, body and key answer) and "
                "tylerwray/elixir-plaid test/plaid/webhooks_test.exs (commit 9fc97ed1)")
    keys = answer(PLAID_KEY)
    headers = lambda token: [["Plaid-Verification", token], ["Content-Type", "application/json"],
                             ["User-Agent", "Plaid Verifier"]]

    def add(comment, flags, token, body, now, *, keys=keys, code=None, expected=None, hdrs=None, **extra):
        b.add(comment, flags, headers(token) if hdrs is None else hdrs, body, [], now, code=code,
              expected=None if code else expected, trust={}, keys=keys, **extra)

    for source, token, body in PUBLISHED:
        claims = claims_of(token)
        assert jwt_verifies(PLAID_KEY, token), source
        assert hashlib.sha256(body.encode()).hexdigest() == claims["request_body_sha256"], source
        code = json.loads(body)["webhook_code"]
        add(f"a webhook Plaid signed ({source}), a minute later", ["Valid", "PublishedExample", "Jwt"], token, body,
            claims["iat"] + 60, expected={"timestamp": claims["iat"], "event": code})
    source, token, body = PUBLISHED[0]
    iat = claims_of(token)["iat"]
    ok = {"timestamp": iat, "event": "HISTORICAL_UPDATE"}
    add("five minutes old, to the second", ["Boundary", "PublishedExample"], token, body, iat + 300, expected=ok)
    add("a second older", ["Stale", "PublishedExample"], token, body, iat + 301, code="timestamp_too_old")
    add("issued further ahead than 300 s", ["Future", "PublishedExample"], token, body, iat - 301,
        code="timestamp_too_new")
    add("the window off: a token signs no expiry, so five minutes still bound its age",
        ["ToleranceOff", "PublishedExample"], token, body, iat + 301, code="timestamp_too_old", tolerance=None)
    add("the window off: an iat ahead of the receiver's clock is let through", ["ToleranceOff", "PublishedExample"],
        token, body, iat - 3600, expected=ok, tolerance=None)
    four = json.dumps(json.loads(body), indent=4, sort_keys=True)
    add("the body indented by four spaces (re-serialized): Plaid hashed it as sent",
        ["Tampered", "PublishedExample"], token, four, iat + 60, code="signature_mismatch")
    add("the body compacted (re-serialized)", ["Tampered", "PublishedExample"], token,
        json.dumps(json.loads(body), sort_keys=True), iat + 60, code="signature_mismatch")
    add("a final newline added", ["Tampered", "PublishedExample"], token, body + "\n", iat + 60,
        code="signature_mismatch")
    add("the body changed", ["Tampered", "PublishedExample"], token, body.replace("390", "391"), iat + 60,
        code="signature_mismatch")
    add("the key was not fetched (the request failed)", ["KeyUnavailable", "PublishedExample"], token, body,
        iat + 60, keys=[], code="key_unavailable")
    add("Plaid says the key has expired", ["WrongSecret", "PublishedExample"], token, body, iat + 60,
        keys=answer(dict(PLAID_KEY, expired_at=1600000000)), code="signature_mismatch")
    add("the answer is another key's (refused: nothing kept)", ["KeyUnavailable", "PublishedExample"], token, body,
        iat + 60, keys=answer(dict(PLAID_KEY, kid="bfbd5111-8e33-4643-8ced-b2e642a72f3c"), url_kid=KID),
        code="key_unavailable")
    add("no Plaid-Verification header", ["MissingHeader"], token, body, iat + 60,
        hdrs=[["Content-Type", "application/json"]], code="missing_header")

    key = ec.derive_private_key(0x5EED_91A1D, ec.SECP256R1())
    mine = p256_jwk(key, "hookproof-test-p256")
    header = {"alg": "ES256", "kid": "hookproof-test-p256", "typ": "JWT"}
    sandbox = plaid_body("eVBnVMp7zdTJLkRNr33Rs6zr7KNJqBFL9DrE6", 0, "INITIAL_UPDATE")
    digest = hashlib.sha256(sandbox.encode()).hexdigest()
    signed = es256(key, header, {"iat": T0, "request_body_sha256": digest})
    assert jwt_verifies(mine, signed)
    add("a token signed with another P-256 key", ["Valid", "Jwt"], signed, sandbox, T0, keys=answer(mine),
        expected={"timestamp": T0, "event": "INITIAL_UPDATE"})
    add("the key is the JWK itself, not Plaid's answer around it", ["Valid"], signed, sandbox, T0,
        keys=[{"url": f"{ENDPOINT}#hookproof-test-p256", "document": json.dumps(mine), "cache_control": None}],
        expected={"timestamp": T0, "event": "INITIAL_UPDATE"})
    other = p256_jwk(ec.derive_private_key(0xD1FF, ec.SECP256R1()), "hookproof-test-p256")
    add("signed with another key under the same kid", ["WrongSecret"], signed, sandbox, T0, keys=answer(other),
        code="signature_mismatch")
    add("the hash in upper case: the same digest", ["Valid"],
        es256(key, header, {"iat": T0, "request_body_sha256": digest.upper()}), sandbox, T0, keys=answer(mine),
        expected={"timestamp": T0, "event": "INITIAL_UPDATE"})
    add("no request_body_sha256", ["MalformedHeader"], es256(key, header, {"iat": T0}), sandbox, T0,
        keys=answer(mine), code="malformed_header")
    add("no kid: no key can be fetched", ["MalformedHeader"],
        es256(key, {"alg": "ES256", "typ": "JWT"}, {"iat": T0, "request_body_sha256": digest}), sandbox, T0,
        keys=answer(mine), code="malformed_header")
    add("a kid that cannot name a key (a path)", ["MalformedHeader"],
        es256(key, dict(header, kid="../../other"), {"iat": T0, "request_body_sha256": digest}), sandbox, T0,
        keys=answer(mine), code="malformed_header")
    rs_head = b64url(json.dumps(dict(header, alg="RS256")).encode())
    body_claims = b64url(json.dumps({"iat": T0, "request_body_sha256": digest}).encode())
    add("alg RS256 with the ES256 signature", ["WrongScheme"], f"{rs_head}.{body_claims}.{signed.split('.')[2]}",
        sandbox, T0, keys=answer(mine), code="signature_mismatch")
    none_head = b64url(json.dumps({"alg": "none", "kid": "hookproof-test-p256"}).encode())
    add("alg none, no signature", ["WrongScheme"], f"{none_head}.{body_claims}.", sandbox, T0, keys=answer(mine),
        code="signature_mismatch")
    return b.done()
