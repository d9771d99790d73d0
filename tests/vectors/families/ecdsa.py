"""The ECDSA P-256 sender, SendGrid. The genuine case is the example both of
SendGrid's SDKs test with, verified again here with pyca/cryptography; the
other signatures come from pyca/cryptography's deterministic ECDSA (RFC 6979),
so that the file stays the same from one run of the generator to the next."""

import base64

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from families.common import Builder, T0

# sendgrid/sendgrid-python test/unit/test_eventwebhook.py (commit
# 76788e70a76b11ce2990821f190e52f887ab9ed6) and sendgrid-nodejs
# packages/eventwebhook/src/eventwebhook.spec.js (commit 498e2329e87d804d83f4a7b519d33fa09198d0ca): the same
# key, timestamp, payload (ending in \r\n) and signature.
SG_KEY = ("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+"
          "2fNNRaINXvVpiglSI8eNEc6wEA3F+g==")
SG_SIG = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM="
SG_TS = "1600112502"
SG_BODY = ('[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":'
           '"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":'
           '"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":'
           '"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]\r\n')
# The order of P-256's group (FIPS 186-5 / SEC 2).
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _verifies(public_b64, sig_b64, message):
    key = serialization.load_der_public_key(base64.b64decode(public_b64))
    try:
        key.verify(base64.b64decode(sig_b64), message.encode(), ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature: the case is not genuine
        return False


def p256_pair(scalar):
    """A fixed key pair: its base64 DER public key and PKCS#8 private key."""
    key = ec.derive_private_key(scalar, ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    private = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key, base64.b64encode(public).decode(), base64.b64encode(private).decode()


def sign(key, message):
    der = key.sign(message.encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    return base64.b64encode(der).decode()


def sendgrid():
    b = Builder("sendgrid", "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/"
                "getting-started-event-webhook-security-features (base64 DER ECDSA P-256 over the timestamp then "
                "the body); the genuine case is the example of sendgrid-python test/unit/test_eventwebhook.py "
                "(commit 76788e70) and sendgrid-nodejs eventwebhook.spec.js (commit 498e2329)")
    assert _verifies(SG_KEY, SG_SIG, SG_TS + SG_BODY)
    assert not _verifies(SG_KEY, SG_SIG, SG_TS + SG_BODY.rstrip("\r\n"))
    h = lambda sig, ts=SG_TS: [["X-Twilio-Email-Event-Webhook-Signature", sig],
                               ["X-Twilio-Email-Event-Webhook-Timestamp", ts]]
    now = int(SG_TS)
    ok = {"timestamp": now}
    b.add("SendGrid's SDK example: the body ends in \\r\\n, which is signed", ["Valid", "PublishedExample", "Ecdsa"],
          h(SG_SIG), SG_BODY, [SG_KEY], now, expected=ok)
    b.add("the same body trimmed does not verify", ["Tampered", "PublishedExample"], h(SG_SIG), SG_BODY.rstrip("\r\n"),
          [SG_KEY], now, code="signature_mismatch")
    b.add("the same delivery a year later (no window by default)", ["Valid", "PublishedExample"], h(SG_SIG), SG_BODY,
          [SG_KEY], now + 31536000, expected=ok)
    b.add("the timestamp changed", ["Tampered"], h(SG_SIG, str(now + 1)), SG_BODY, [SG_KEY], now,
          code="signature_mismatch")
    b.add("the key as PEM", ["Valid", "SecretForm"], h(SG_SIG), SG_BODY,
          ["-----BEGIN PUBLIC KEY-----\n" + SG_KEY[:64] + "\n" + SG_KEY[64:] + "\n-----END PUBLIC KEY-----\n"], now,
          expected=ok)
    key, public, private = p256_pair(0x6B1D_0EAC_2C0F_46A1_5E5C_B0D5_3A5E_5D0F)
    other, other_public, _ = p256_pair(0x2A)
    body = ('[{"email":"example@test.com","timestamp":1748419100,"event":"delivered",'
            '"sg_event_id":"ZGVsaXZlcmVkLTAtMjQ","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001"}]\r\n')
    sig = sign(key, f"{T0}{body}")
    assert _verifies(public, sig, f"{T0}{body}")
    g = lambda s: h(s, str(T0))
    b.add("genuine (RFC 6979 signature by pyca/cryptography)", ["Valid", "Ecdsa"], g(sig), body, [public], T0,
          expected={"timestamp": T0})
    b.add("rotation: the old key, then this one", ["Valid", "Rotation"], g(sig), body, [other_public, public], T0,
          expected={"timestamp": T0, "key_index": 1})
    b.add("the PKCS#8 private key verifies too", ["Valid", "SecretForm"], g(sig), body, [private], T0,
          expected={"timestamp": T0})
    r, s = decode_dss_signature(base64.b64decode(sig))
    high = base64.b64encode(encode_dss_signature(r, N - s)).decode()
    assert _verifies(public, high, f"{T0}{body}")
    b.add("the same signature with s replaced by n - s (OpenSSL and SendGrid's SDKs accept it)",
          ["Valid", "Ecdsa"], g(high), body, [public], T0, expected={"timestamp": T0})
    b.add("signed by another key", ["WrongSecret"], g(sign(other, f"{T0}{body}")), body, [public], T0,
          code="signature_mismatch")
    raw = base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
    b.add("r and s as 64 raw bytes, not DER: no DER signature matches", ["Tampered"], g(raw), body, [public], T0,
          code="signature_mismatch")
    b.add("longer than any DER signature", ["MalformedHeader"], g(base64.b64encode(bytes(80)).decode()), body,
          [public], T0, code="malformed_header")
    b.add("not base64", ["MalformedHeader"], g("MEUCIG*not+base64"), body, [public], T0, code="malformed_header")
    b.add("no timestamp header", ["MissingHeader"], g(sig)[:1], body, [public], T0, code="missing_header")
    return b.done()
