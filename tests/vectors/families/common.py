"""What every family shares: the Builder that writes a Wycheproof-shaped file, the
flag notes, and the MACs and keys computed by the standard library and
pyca/cryptography (never by hookproof)."""

import base64
import hashlib
import hmac
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding as KeyEncoding, PublicFormat


# The folder the JSON files are written to (tests/vectors).
HERE = Path(__file__).resolve().parent.parent
T0 = 1748419200
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
    "Ecdsa": "An ECDSA P-256 signature (DER) checked with the sender's public key.",
    "Rsa": "An RSA PKCS#1 v1.5 signature checked with the sender's public key (given to the receiver, or from a certificate the sender publishes).",
    "Topic": "The receiver accepts only some SNS topics (trust.topics).",
    "KeyUnavailable": "The sender's published key could not be fetched: the verifier answers key_unavailable (503).",
    "CertificateUrl": "The delivery names a certificate URL that is not its sender's host's (SNS, PayPal): refused before any fetch.",
    "Jwt": "An OIDC bearer token checked with the issuer's JWKS.",
    "Claims": "A genuine token or delivery whose audience, issuer, client, service account or webhook id the receiver does not accept.",
    "Handshake": "The sender's subscription handshake: verified, then answered with expected.handshake (status 200).",
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


def hexmac(key, msg, algo=hashlib.sha256):
    return hmac.new(key if isinstance(key, bytes) else key.encode(), msg if isinstance(msg, bytes) else msg.encode(), algo).hexdigest()


def b64mac(key, msg, algo=hashlib.sha256):
    return base64.b64encode(hmac.new(key if isinstance(key, bytes) else key.encode(), msg if isinstance(msg, bytes) else msg.encode(), algo).digest()).decode()


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


def ed25519_pair(seed_byte):
    key = Ed25519PrivateKey.from_private_bytes(bytes([seed_byte]) * 32)
    public = key.public_key().public_bytes(KeyEncoding.Raw, PublicFormat.Raw)
    return key, public
