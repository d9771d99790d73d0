"""PayPal (REST API webhooks): SHA256withRSA over
`<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the body>`,
under the certificate at PAYPAL-CERT-URL, which must be on a PayPal API host.

The published case is the one PayPal's Node and Python SDKs test with
(paypal/PayPal-node-SDK test/notification.js and test/mocks/notification.js,
commit 965a132d; paypal/PayPal-Python-SDK test/unit_tests/notifications_test.py,
commit 0d704e7d): its headers, webhook id, body and the sandbox certificate
PayPal served for it (valid 2015-03-18 to 2017-03-22), verified here again
with pyca/cryptography and zlib. The other deliveries are signed here with
the fixed test key under a certificate made here.
"""

import base64
import zlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from families.common import Builder, T0
from families.fetched import test_certificate, test_key, unix

DATA = Path(__file__).resolve().parent / "data"
SDK_BODY = (DATA / "paypal_node_sdk_body.json").read_text()
SDK_CERT = (DATA / "paypal_sandbox_certificate.pem").read_text()
SDK = {
    "PAYPAL-TRANSMISSION-ID": "dfb3be50-fd74-11e4-8bf3-77339302725b",
    "PAYPAL-TRANSMISSION-TIME": "2015-05-18T15:45:13Z",
    "PAYPAL-TRANSMISSION-SIG": (
        "thy4/U002quzxFavHPwbfJGcc46E8rc5jzgyeafWm5mICTBdY/8rl7WJpn8JA0GKA+oDTPsSruqusw+XXg5RLAP7ip53Euh9Xu3UbUhQFX7Ug"
        "wzE2FeYoY6lyRMiiiQLzy9BvHfIzNIVhPad4KnC339dr6y2l+mN8ALgI4GCdIh3/SoJO5wE64Bh/ueWtt8EVuvsvXfda2Le5a2TrOI9vLEz"
        "sm9GS79hAR/5oLexNz8UiZr045Mr5ObroH4w4oNfmkTaDk9Rj0G19uvISs5QzgmBpauKr7Nw++JI0pr/v5mFctQkoWJSGfBGzPRXawrvIIV"
        "HQ9Wer48GR2g9ZiApWg=="),
    "PAYPAL-CERT-URL": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
    "PAYPAL-AUTH-ALGO": "SHA256withRSA",
}
SDK_WEBHOOK_ID = "4JH86294D6297924G"
TEST_CERT_URL = "https://api-m.paypal.com/v1/notifications/certs/CERT-hookproof-test"


def crc(body):
    return zlib.crc32(body.encode()) & 0xFFFFFFFF


def message(headers, webhook_id, body, crc_text=None):
    text = crc_text if crc_text is not None else str(crc(body))
    return f"{headers['PAYPAL-TRANSMISSION-ID']}|{headers['PAYPAL-TRANSMISSION-TIME']}|{webhook_id}|{text}".encode()


def verifies(cert_pem, headers, webhook_id, body):
    key = x509.load_pem_x509_certificate(cert_pem.encode()).public_key()
    try:
        key.verify(base64.b64decode(headers["PAYPAL-TRANSMISSION-SIG"]), message(headers, webhook_id, body),
                   padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature: not genuine
        return False


def paypal():
    b = Builder("paypal", "https://developer.paypal.com/api/rest/webhooks/rest/ (SHA256withRSA over transmission id, "
                "time, webhook id and the body's CRC-32, the certificate fetched from PAYPAL-CERT-URL, a PayPal API host "
                "only); the published case is PayPal's Node and Python SDKs' test delivery with the certificate their "
                "mock serves (paypal/PayPal-node-SDK test/notification.js, commit 965a132d)")
    assert crc(SDK_BODY) == 2771810304  # at or above 2**31: an unsigned decimal
    assert verifies(SDK_CERT, SDK, SDK_WEBHOOK_ID, SDK_BODY)
    assert not verifies(SDK_CERT, SDK, "6HY79521VR978045E", SDK_BODY)
    sent = unix(SDK["PAYPAL-TRANSMISSION-TIME"])
    keys = [{"url": SDK["PAYPAL-CERT-URL"], "document": SDK_CERT, "cache_control": None}]
    trust = {"webhook_id": SDK_WEBHOOK_ID}
    ok = {"id": SDK["PAYPAL-TRANSMISSION-ID"], "timestamp": sent, "event": "PAYMENT.SALE.COMPLETED",
          "dedup_key": "WH-0G2756385H040842W-5Y612302CV158622M"}
    pairs = lambda h: [[k, v] for k, v in h.items()] + [["Content-Type", "application/json"]]

    def add(comment, flags, now, *, headers=SDK, body=SDK_BODY, keys=keys, trust=trust, code=None, expected=ok,
            **extra):
        b.add(comment, flags, pairs(headers), body, [], now, code=code, expected=None if code else expected,
              trust=trust, keys=keys, **extra)

    add("the delivery PayPal's SDKs test with, a minute after it was sent", ["Valid", "PublishedExample"], sent + 60)
    add("at the edge of the 300 s window", ["Boundary", "PublishedExample"], sent + 300)
    add("a second later", ["Stale", "PublishedExample"], sent + 301, code="timestamp_too_old")
    add("sent further ahead than the window", ["Future", "PublishedExample"], sent - 301, code="timestamp_too_new")
    add("for another webhook (another account's)", ["Claims", "PublishedExample"], sent + 60,
        trust={"webhook_id": "6HY79521VR978045E"}, code="signature_mismatch")
    add("the body changed", ["Tampered", "PublishedExample"], sent + 60, body=SDK_BODY.replace("20.00", "2000.00"),
        code="signature_mismatch")
    add("the transmission time changed", ["Tampered", "PublishedExample"], sent + 60,
        headers=dict(SDK, **{"PAYPAL-TRANSMISSION-TIME": "2015-05-18T15:45:14Z"}), code="signature_mismatch")
    add("the certificate has expired (2017-03-22)", ["WrongSecret", "PublishedExample"], unix("2017-03-23T00:00:00Z"),
        tolerance=None, code="signature_mismatch")
    add("the certificate was not fetched (the fetch failed)", ["KeyUnavailable", "PublishedExample"], sent + 60,
        keys=[], code="key_unavailable")
    add("a certificate URL that is not a PayPal API host's: refused before any fetch",
        ["CertificateUrl", "PublishedExample"], sent + 60,
        headers=dict(SDK, **{"PAYPAL-CERT-URL": "https://api.sandbox.paypal.com.attacker.example/v1/notifications/"
                                                "certs/CERT-360caa42-fca2a594-a5cafa77"}),
        keys=[], code="malformed_header")
    add("another algorithm named", ["MalformedHeader", "PublishedExample"], sent + 60,
        headers=dict(SDK, **{"PAYPAL-AUTH-ALGO": "SHA1withRSA"}), code="malformed_header")
    no_sig = {k: v for k, v in SDK.items() if k != "PAYPAL-TRANSMISSION-SIG"}
    add("no signature", ["MissingHeader"], sent + 60, headers=no_sig, code="missing_header")
    no_url = {k: v for k, v in SDK.items() if k != "PAYPAL-CERT-URL"}
    add("no certificate URL", ["MissingHeader"], sent + 60, headers=no_url, keys=[], code="missing_header")

    key = test_key()
    cert = test_certificate(key, T0 - 86400, T0 + 86400)
    mine = [{"url": TEST_CERT_URL, "document": cert, "cache_control": None}]
    body = '{"id":"WH-hookproof-8","event_type":"CHECKOUT.ORDER.APPROVED","resource":{"id":"5O190127TN364715T"}}'
    headers = {"PAYPAL-TRANSMISSION-ID": "0b4d9a10-9f1e-11ef-8c3e-4b6f2d1c0a9e",
               "PAYPAL-TRANSMISSION-TIME": "2025-05-28T08:00:00Z", "PAYPAL-CERT-URL": TEST_CERT_URL,
               "PAYPAL-AUTH-ALGO": "SHA256withRSA"}
    assert unix(headers["PAYPAL-TRANSMISSION-TIME"]) == T0

    def signed(crc_text=None):
        sig = key.sign(message(headers, "8PT597110X687430LKGECATA", body, crc_text), padding.PKCS1v15(),
                       hashes.SHA256())
        return dict(headers, **{"PAYPAL-TRANSMISSION-SIG": base64.b64encode(sig).decode()})

    live = {"id": headers["PAYPAL-TRANSMISSION-ID"], "timestamp": T0, "event": "CHECKOUT.ORDER.APPROVED",
            "dedup_key": "WH-hookproof-8"}
    add("a live-host certificate (api-m.paypal.com)", ["Valid", "Rsa"], T0, headers=signed(), body=body, keys=mine,
        trust={"webhook_id": "8PT597110X687430LKGECATA"}, expected=live)
    negative = str(crc(body) - 2**32) if crc(body) >= 2**31 else str(crc(body))
    assert negative != str(crc(body)), "pick a body whose CRC-32 is at or above 2**31"
    add("the CRC-32 signed as a signed integer (Java's int): PayPal writes it unsigned", ["WrongScheme"], T0,
        headers=signed(negative), body=body, keys=mine, trust={"webhook_id": "8PT597110X687430LKGECATA"},
        code="signature_mismatch")
    return b.done()
