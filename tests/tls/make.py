#!/usr/bin/env python3
"""Writes the test CA and the loopback key server's certificate the key
fetch tests use (Python's test_key_server.py, Node's key_server.test.js):
a CA that signs one server certificate for the names the published-key
senders use (SNS hosts, www.googleapis.com, login.microsoftonline.com,
Plaid's hosts). Nothing here is trusted by
anything but those tests, which pass ca.pem explicitly and point the names
at 127.0.0.1. Valid for a century, so the files are written once and kept:

    .venv/bin/python tests/tls/make.py
"""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = Path(__file__).resolve().parent
NAMES = ["sns.eu-west-1.amazonaws.com", "sns.us-east-2.amazonaws.com", "www.googleapis.com", "login.microsoftonline.com",
         "sandbox.plaid.com", "production.plaid.com", "localhost"]


def main() -> None:
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    end = start + datetime.timedelta(days=36500)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hookproof test CA (tests only)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAMES[0])]))
              .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
              .not_valid_before(start).not_valid_after(end)
              .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in NAMES]), critical=False)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (HERE / "ca.pem").write_bytes(ca.public_bytes(pem))
    (HERE / "server.pem").write_bytes(server.public_bytes(pem))
    (HERE / "server-key.pem").write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption()))


if __name__ == "__main__":
    main()
