"""A custom scheme signed with RSA (`rsa-sha256`: RSASSA-PKCS1-v1_5 over
SHA-256) by a key the receiver was given, not fetched. No sender publishes
an example of this shape, so every signature is made here by
pyca/cryptography with fixed test keys (keys/test_rsa_2048.pem,
test_rsa_3070.pem, whose modulus is not a whole number of bytes, and
test_rsa_4096.pem, the largest taken): PKCS#1 v1.5 is deterministic, so the file is the
same from one run to the next, and hookproof's `sign` must reproduce each
genuine signature byte for byte."""

import base64
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from families.common import T0

KEYS = Path(__file__).resolve().parent / "keys"

ACME_RSA = {
    "name": "acme-rsa",
    "description": "base64 RSA-SHA256 over the timestamp, a dot and the body",
    "signature_header": "X-Acme-Signature",
    "signature_format": {"list": {"prefix": "", "separators": " "}},
    "timestamp_header": "X-Acme-Timestamp",
    "message": "{timestamp}.{body}",
    "algorithm": "rsa-sha256",
    "key": "rsa",
    "encoding": "base64",
    "tolerance": 300,
}


def _key(name):
    return serialization.load_pem_private_key((KEYS / name).read_bytes(), None)


def _pem(key, private=False, pkcs1=False):
    if private:
        fmt = serialization.PrivateFormat.TraditionalOpenSSL if pkcs1 else serialization.PrivateFormat.PKCS8
        return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()
    fmt = serialization.PublicFormat.PKCS1 if pkcs1 else serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(serialization.Encoding.PEM, fmt).decode()


def _der_b64(key):
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def _sign(key, message, pad=None, algorithm=None):
    return key.sign(message.encode(), pad or padding.PKCS1v15(), algorithm or hashes.SHA256())


def _verifies(key, signature, message):
    try:
        key.public_key().verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature: the case is not genuine
        return False


def rsa_cases(b):
    """Adds the `acme-rsa` cases to the custom scheme file `b`."""
    key, other, large = (_key(f"test_rsa_{bits}.pem") for bits in (2048, 3070, 4096))
    assert (key.key_size, other.key_size, large.key_size) == (2048, 3070, 4096)
    public = _pem(key)
    body = '{"id":"evt_rsa_1","type":"invoice.paid"}'
    message = f"{T0}.{body}"
    sig = _sign(key, message)
    assert _verifies(key, sig, message) and not _verifies(other, sig, message)
    b64 = lambda s: base64.b64encode(s).decode()
    h = lambda s, ts=T0: [["X-Acme-Signature", s], ["X-Acme-Timestamp", str(ts)]]
    ok = {"timestamp": T0}
    add = lambda comment, flags, headers, secrets, now=T0, body=body, scheme=ACME_RSA, **kw: b.add(
        comment, flags, headers, body, secrets, now, scheme_json=scheme, **kw)
    add("RSA-SHA256, base64, checked with the SubjectPublicKeyInfo PEM", ["Valid", "Rsa"], h(b64(sig)), [public],
        expected=ok)
    add("the public key as base64 DER", ["Valid", "Rsa", "SecretForm"], h(b64(sig)), [_der_b64(key)], expected=ok)
    add("the public key as PKCS#1 PEM (BEGIN RSA PUBLIC KEY)", ["Valid", "Rsa", "SecretForm"], h(b64(sig)),
        [_pem(key, pkcs1=True)], expected=ok)
    add("the PKCS#8 private key verifies too", ["Valid", "Rsa", "SecretForm"], h(b64(sig)),
        [_pem(key, private=True)], expected=ok)
    add("the PKCS#1 private key (BEGIN RSA PRIVATE KEY) verifies too", ["Valid", "Rsa", "SecretForm"], h(b64(sig)),
        [_pem(key, private=True, pkcs1=True)], expected=ok)
    add("rotation: a 3070-bit key, then this one", ["Valid", "Rsa", "Rotation"], h(b64(sig)), [_pem(other), public],
        expected={"timestamp": T0, "key_index": 1})
    big = _sign(other, message)
    assert len(big) == 384 and _verifies(other, big, message)
    add("a 3070-bit key's 384-byte signature", ["Valid", "Rsa"], h(b64(big)), [_pem(other), public], expected=ok)
    largest = _sign(large, message)
    assert len(b64(largest)) == 684 and _verifies(large, largest, message)
    add("a 4096-bit key's 512-byte signature (684 base64 characters)", ["Valid", "Rsa"], h(b64(largest)),
        [public, _pem(large)], expected={"timestamp": T0, "key_index": 1})
    add("several signatures, one of them genuine", ["Valid", "Rsa", "MultipleSignatures"],
        h(b64(big) + " " + b64(sig)), [public], expected=ok)
    hex_scheme = dict(ACME_RSA, name="acme-rsa-hex", encoding="hex")
    add("the same signature in hex", ["Valid", "Rsa"], h(sig.hex()), [public], scheme=hex_scheme, expected=ok)
    add("a 4096-bit key's signature in hex (1024 digits)", ["Valid", "Rsa"], h(largest.hex()), [_pem(large)],
        scheme=hex_scheme, expected=ok)
    add("hex, one digit short", ["MalformedHeader"], h(sig.hex()[1:]), [public], scheme=hex_scheme,
        code="malformed_header")
    add("hex, longer than a 4096-bit key's signature", ["MalformedHeader"], h("00" * 513), [public],
        scheme=hex_scheme, code="malformed_header")
    add("hex with a letter that is not a digit", ["MalformedHeader"], h("g" + sig.hex()[1:]), [public],
        scheme=hex_scheme, code="malformed_header")
    add("a hex signature where base64 is expected: it decodes, to 384 bytes that match no key",
        ["Tampered", "WrongScheme"], h(sig.hex()), [public], code="signature_mismatch")
    add("300 s after the timestamp (inclusive)", ["Valid", "Boundary"], h(b64(sig)), [public], now=T0 + 300,
        expected=ok)
    add("301 s after", ["Stale"], h(b64(sig)), [public], now=T0 + 301, code="timestamp_too_old")
    add("body changed", ["Tampered"], h(b64(sig)), [public], body=body.replace("paid", "void"),
        code="signature_mismatch")
    add("timestamp changed", ["Tampered"], h(b64(sig), T0 + 1), [public], code="signature_mismatch")
    add("signed by another key", ["WrongSecret"], h(b64(big)), [public], code="signature_mismatch")
    # RSASSA-PSS with no salt is as deterministic as PKCS#1 v1.5, and
    # another scheme: a verifier must not accept it.
    pss = _sign(key, message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=0))
    add("RSASSA-PSS over the same message", ["Tampered", "WrongScheme"], h(b64(pss)), [public],
        code="signature_mismatch")
    sha1 = _sign(key, message, algorithm=hashes.SHA1())
    add("PKCS#1 v1.5 over SHA-1, not SHA-256", ["Tampered", "WrongScheme"], h(b64(sha1)), [public],
        code="signature_mismatch")
    add("a signature one byte short", ["MalformedHeader"], h(b64(bytes(255))), [public], code="malformed_header")
    add("longer than a 4096-bit key's signature", ["MalformedHeader"], h(b64(bytes(513))), [public],
        code="malformed_header")
    add("far longer: 4 KiB of base64", ["MalformedHeader"], h("A" * 4096), [public], code="malformed_header")
    add("not base64", ["MalformedHeader"], h("MEUCIG*not+base64"), [public], code="malformed_header")
    add("no timestamp header", ["MissingHeader"], h(b64(sig))[:1], [public], code="missing_header")
