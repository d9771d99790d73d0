"""A custom scheme signed with RSA (``rsa-sha256``): hookproof signs with a
private key that pyca/cryptography generated and verifies with its public
key, cryptography checks what hookproof signed, and hookproof checks what
cryptography signed. The shared vectors (custom.json) cover the rest."""

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import hookproof
from conftest import VECTORS

NOW = 1748419200
# The shared vectors' acme-rsa scheme (custom.json): base64 RSA-SHA256 over
# "{timestamp}.{body}", X-Acme-Signature and X-Acme-Timestamp.
SCHEME = next(hookproof.Scheme.from_json(json.dumps(case["scheme"]))
              for case in json.loads((VECTORS / "custom.json").read_text())["tests"]
              if case.get("scheme", {}).get("name") == "acme-rsa")
BODY = b'{"id":"evt_1","type":"invoice.paid"}'


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey, *, private: bool) -> str:
    if private:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def test_cryptography_verifies_what_hookproof_signs(key: rsa.RSAPrivateKey) -> None:
    headers = hookproof.Webhook(SCHEME, pem(key, private=True)).sign(BODY, timestamp=NOW)
    signature = base64.b64decode(headers["X-Acme-Signature"])
    assert headers["X-Acme-Timestamp"] == str(NOW)
    message = f"{NOW}.".encode() + BODY
    key.public_key().verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(InvalidSignature):
        key.public_key().verify(signature, message + b" ", padding.PKCS1v15(), hashes.SHA256())


def test_hookproof_verifies_what_cryptography_signs(key: rsa.RSAPrivateKey) -> None:
    signature = key.sign(f"{NOW}.".encode() + BODY, padding.PKCS1v15(), hashes.SHA256())
    headers = {"X-Acme-Signature": base64.b64encode(signature).decode(), "X-Acme-Timestamp": str(NOW)}
    receiver = hookproof.Webhook(SCHEME, pem(key, private=False), tolerance=None)
    assert receiver.verify(BODY, headers).timestamp == NOW
    with pytest.raises(hookproof.SignatureMismatchError):
        receiver.verify(BODY + b" ", headers)


def test_a_public_key_cannot_sign_and_a_short_key_is_refused(key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(hookproof.ConfigurationError) as caught:
        hookproof.Webhook(SCHEME, pem(key, private=False)).sign(BODY)
    assert caught.value.code == "invalid_argument"
    short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    text = pem(short, private=True)
    with pytest.raises(hookproof.ConfigurationError) as caught:
        hookproof.Webhook(SCHEME, text)
    assert caught.value.code == "invalid_secret"
    body_lines = [line for line in text.splitlines() if not line.startswith("-----")]
    for shown in (str(caught.value), repr(caught.value)):
        assert not any(line in shown for line in body_lines)
