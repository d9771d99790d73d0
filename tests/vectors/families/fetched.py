"""Senders whose verifying key is fetched from a URL: AWS SNS (RSA, the
certificate named in the message) and Google Pub/Sub push (an RS256 OIDC
token, Google's JWKS).

A case gives no secrets. It says what the receiver trusts (`trust`: the
audiences, email or topics it accepts) and which documents a fetch would
have returned (`keys`: url, document, Cache-Control); a suite hands those to
the verifier as its resolver would. A case with no document for the URL the
delivery names is `key_unavailable`.

The published SNS messages and their certificate are AWS's own; every
signature is checked here again with pyca/cryptography. The other messages
are signed here with a fixed test key (keys/test_rsa_2048.pem) under a
certificate made here, so that the file is the same from one run to the
next (PKCS#1 v1.5 signatures are deterministic).
"""

import base64
import datetime
import hashlib
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import NameOID

from families.common import Builder, T0

DATA = Path(__file__).resolve().parent / "data"
KEYS = Path(__file__).resolve().parent / "keys"

# aws/aws-php-sns-message-validator tests/FunctionalValidationsTest.php
# (commit 01f104920423c9b7c0a13dbe5115cc4cbc808161): four Notifications
# published to real topics (SignatureVersion 1 and 2, with and without a
# Subject) and the certificate that signed them (valid 2021-09-07 to
# 2022-08-17; the same one is in aws-sdk-ruby's message_verifier_spec.rb).
PHP_FIXTURES = json.loads((DATA / "sns_php_fixtures.json").read_text())
PHP_CERT = (DATA / "sns_php_certificate.pem").read_text()
PHP_CERT_URL = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"

NOTIFICATION = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
CONFIRMATION = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
TEST_CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-hookproof-test.pem"


def string_to_sign(message):
    """AWS's canonical string: Name\\nvalue\\n for the type's fields, Subject only when present."""
    fields = NOTIFICATION if message["Type"] == "Notification" else CONFIRMATION
    out = ""
    for name in fields:
        if message.get(name) is None:
            continue
        out += f"{name}\n{message[name]}\n"
    return out.encode()


def _hash(version):
    return hashes.SHA1() if version == "1" else hashes.SHA256()  # noqa: S303 - SNS's SignatureVersion 1


def rsa_verifies(cert_pem, message):
    key = x509.load_pem_x509_certificate(cert_pem.encode()).public_key()
    try:
        key.verify(base64.b64decode(message["Signature"]), string_to_sign(message), padding.PKCS1v15(),
                   _hash(message["SignatureVersion"]))
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature: not genuine
        return False


def test_key():
    return serialization.load_pem_private_key((KEYS / "test_rsa_2048.pem").read_bytes(), None)


def test_certificate(key, not_before, not_after):
    """A certificate for the test key, made the same way every run."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    at = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(0x5EED).not_valid_before(at(not_before)).not_valid_after(at(not_after))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def sign_sns(key, message, version="2", cert_url=TEST_CERT_URL):
    message = dict(message, SignatureVersion=version, SigningCertURL=cert_url)
    sig = key.sign(string_to_sign(message), padding.PKCS1v15(), _hash(version))
    message["Signature"] = base64.b64encode(sig).decode()
    return message


def sns_headers(message):
    return [["x-amz-sns-message-type", message["Type"]], ["x-amz-sns-message-id", message["MessageId"]],
            ["x-amz-sns-topic-arn", message["TopicArn"]], ["Content-Type", "text/plain; charset=UTF-8"]]


def unix(rfc3339):
    return int(datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp())


def sns():
    b = Builder("aws-sns", "https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html "
                "(RSA over the canonical string of the message fields; certificate from an SNS host); the published "
                "cases are aws/aws-php-sns-message-validator tests/FunctionalValidationsTest.php (commit 01f10492)")
    doc = lambda pem, url=PHP_CERT_URL: [{"url": url, "document": pem, "cache_control": None}]
    php_keys = doc(PHP_CERT)

    def add(comment, flags, message, now, keys, *, code=None, trust=None, headers=None, body=None):
        expected = None
        if code is None:
            expected = {"event": message["Type"], "dedup_key": message["MessageId"], "id": message["MessageId"],
                        "timestamp": unix(message["Timestamp"])}
        b.add(comment, flags, sns_headers(message) if headers is None else headers,
              json.dumps(message, indent=2) if body is None else body, [], now, code=code, expected=expected,
              trust=trust or {"topics": [message["TopicArn"]]}, keys=keys)

    for m in PHP_FIXTURES:
        assert rsa_verifies(PHP_CERT, m), m["MessageId"]
        subject = "with a Subject" if "Subject" in m else "without a Subject"
        add(f"AWS's published Notification, SignatureVersion {m['SignatureVersion']} "
            f"({'SHA256' if m['SignatureVersion'] == '2' else 'SHA1'}withRSA), {subject}",
            ["Valid", "PublishedExample", "Rsa"], m, unix(m["Timestamp"]), php_keys)
    v1, v2 = PHP_FIXTURES[0], PHP_FIXTURES[1]
    lambda_shape = {k.replace("SigningCertURL", "SigningCertUrl").replace("UnsubscribeURL", "UnsubscribeUrl"): v
                    for k, v in v1.items()}
    lambda_shape["Subject"] = None
    add("the Lambda event's spelling (SigningCertUrl) and a null Subject, as in AWS's own tests",
        ["Valid", "PublishedExample", "Rsa"], lambda_shape, unix(v1["Timestamp"]), php_keys)
    add("a year after the certificate expired", ["Stale", "PublishedExample"], v2, unix("2023-08-17T00:00:00Z"),
        php_keys, code="signature_mismatch")
    add("the Message changed", ["Tampered", "PublishedExample"], dict(v2, Message="Hello world!"),
        unix(v2["Timestamp"]), php_keys, code="signature_mismatch")
    add("SignatureVersion 1 relabelled 2", ["Tampered", "PublishedExample"], dict(v1, SignatureVersion="2"),
        unix(v1["Timestamp"]), php_keys, code="signature_mismatch")
    add("a topic the receiver does not accept", ["Topic", "PublishedExample"], v2, unix(v2["Timestamp"]),
        php_keys, trust={"topics": ["arn:aws:sns:us-east-2:295079676684:orders"]}, code="signature_mismatch")
    add("the topic the receiver accepts", ["Valid", "Topic", "PublishedExample"], v2, unix(v2["Timestamp"]),
        php_keys, trust={"topics": [v2["TopicArn"]]})
    add("the certificate not fetched (the fetch failed)", ["KeyUnavailable"], v2, unix(v2["Timestamp"]), [],
        code="key_unavailable")
    for url in ["https://sns.us-east-2.amazonaws.com.attacker.example/cert.pem",
                "http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem",
                "https://s3.amazonaws.com/attacker/SimpleNotificationService.pem",
                "https://sns.us-east-2.amazonaws.com/SimpleNotificationService.pem?x=.pem"]:
        add(f"certificate URL refused before any fetch: {url}", ["CertificateUrl"],
            dict(v2, SigningCertURL=url), unix(v2["Timestamp"]), doc(PHP_CERT, url), code="malformed_header")
    add("SignatureVersion 3", ["MalformedHeader"], dict(v2, SignatureVersion="3"), unix(v2["Timestamp"]), php_keys,
        code="malformed_header")
    add("a Type SNS does not send over HTTP", ["MalformedHeader"], dict(v2, Type="Broadcast"),
        unix(v2["Timestamp"]), php_keys, code="malformed_header")
    add("no Signature", ["MissingHeader"], {k: v for k, v in v2.items() if k != "Signature"},
        unix(v2["Timestamp"]), php_keys, code="missing_header")
    add("the body is not JSON", ["MalformedHeader"], v2, unix(v2["Timestamp"]), php_keys, body="Type=Notification",
        code="malformed_header")

    key = test_key()
    cert = test_certificate(key, T0 - 86400 * 365, T0 + 86400 * 365)
    test_keys = doc(cert, TEST_CERT_URL)
    ts = "2025-05-28T08:00:00.000Z"
    assert unix(ts) == T0
    confirm = {"Type": "SubscriptionConfirmation", "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
               "Token": "2336412f37fb687f5d51e6e2425dacbbae4e2ba7d2c2b1e6d8f9a0b7c8d9e0f1a2b3c4d5e6f7",
               "TopicArn": "arn:aws:sns:eu-west-1:123456789012:orders",
               "Message": "You have chosen to subscribe to the topic arn:aws:sns:eu-west-1:123456789012:orders.\n"
                          "To confirm the subscription, visit the SubscribeURL included in this message.",
               "SubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="
                               "arn:aws:sns:eu-west-1:123456789012:orders&Token=2336412f37fb687f",
               "Timestamp": ts}
    for version in ("1", "2"):
        m = sign_sns(key, confirm, version)
        assert rsa_verifies(cert, m)
        add(f"SubscriptionConfirmation, SignatureVersion {version} (signed here; AWS publishes none)",
            ["Valid", "Rsa"], m, T0, test_keys)
    m = sign_sns(key, confirm)
    add("SubscriptionConfirmation whose SubscribeURL was changed", ["Tampered"],
        dict(m, SubscribeURL="https://attacker.example/?Action=ConfirmSubscription"), T0, test_keys,
        code="signature_mismatch")
    add("SubscriptionConfirmation without its Token", ["MissingHeader"],
        {k: v for k, v in m.items() if k != "Token"}, T0, test_keys, code="missing_header")
    unsub = sign_sns(key, dict(confirm, Type="UnsubscribeConfirmation",
                               MessageId="47138184-6831-46b8-8f7c-afc488602d7d"))
    add("UnsubscribeConfirmation (signed here)", ["Valid", "Rsa"], unsub, T0, test_keys)
    note = sign_sns(key, {"Type": "Notification", "MessageId": "da41e39f-ea4d-435a-b922-c6aae3915ebe",
                          "TopicArn": confirm["TopicArn"], "Message": '{"order":42}', "Timestamp": ts})
    add("a Notification signed by a key other than the certificate's", ["WrongSecret"], note, T0, php_keys + [
        {"url": TEST_CERT_URL, "document": PHP_CERT, "cache_control": None}], code="signature_mismatch")
    add("a certificate not yet valid", ["Future"], note, T0 - 86400 * 366, test_keys, code="signature_mismatch")
    b.add("a window set by the receiver refuses an old message", ["Stale"], sns_headers(note),
          json.dumps(note, indent=2), [], T0 + 301, code="timestamp_too_old", tolerance=300,
          trust={"topics": [note["TopicArn"]]},
          keys=test_keys)
    b.add("the same message inside that window", ["Valid"], sns_headers(note), json.dumps(note, indent=2), [],
          T0 + 300, tolerance=300, trust={"topics": [note["TopicArn"]]}, keys=test_keys,
          expected={"event": "Notification", "dedup_key": note["MessageId"], "id": note["MessageId"],
                    "timestamp": T0})
    return b.done()


# Google's example token from https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
# ("JWT format"; the page wraps it at 80 columns), and the JWK it verifies
# with: kid 7d680d8c…, one of Google's keys in February 2019, retired since.
# n and e as in terrateamio/terrateam code/tests/jwt/test.ml (commit
# 548bfbff49cacf00dd0f3620302c3373c2ea2a15).
GOOGLE_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjdkNjgwZDhjNzBkNDRlOTQ3MTMzY2JkNDk5ZWJjMWE2MWMzZDVhYmMiLCJ0eXAiOiJKV1QifQ."
    "eyJhdWQiOiJodHRwczovL2V4YW1wbGUuY29tIiwiYXpwIjoiMTEzNzc0MjY0NDYzMDM4MzIxOTY0IiwiZW1haWwiOiJnYWUtZ2NwQGFwcHNw"
    "b3QuZ3NlcnZpY2VhY2NvdW50LmNvbSIsImVtYWlsX3ZlcmlmaWVkIjp0cnVlLCJleHAiOjE1NTAxODU5MzUsImlhdCI6MTU1MDE4MjMzNSwi"
    "aXNzIjoiaHR0cHM6Ly9hY2NvdW50cy5nb29nbGUuY29tIiwic3ViIjoiMTEzNzc0MjY0NDYzMDM4MzIxOTY0In0."
    "QVjyqpmadTyDZmlX2u3jWd1kJ68YkdwsRZDo-QxSPbxjug4ucLBwAs2QePrcgZ6hhkvdc4UHY4YF3fz9g7XHULNVIzX5xh02qXEH8dK6PgGn"
    "dIWcZQzjSYfgO-q-R2oo2hNM5HBBsQN4ARtGK_acG-NGGWM3CQfahbEjZPAJe_B8M7HfIu_G5jOLZCw2EUcGo8BvEwGcLWB2WqEgRM0-xt5-"
    "UPzoa3-FpSPG7DHk7z9zRUeq6eB__ldb-2o4RciJmjVwHgnYqn3VvlX9oVKEgXpNFhKuYA-mWh5o7BCwhujSMmFoBOh6mbIXFcyf5UiVqKjp"
    "qEbqPGo_AvKvIQ9VTQ")
GOOGLE_JWK = {
    "kty": "RSA", "alg": "RS256", "use": "sig", "kid": "7d680d8c70d44e947133cbd499ebc1a61c3d5abc", "e": "AQAB",
    "n": "2K7epoJWl_B68lRUi1txaa0kEuIK4WHiHpi1yC4kPyu48d046yLlrwuvbQMbog2YTOZdVoG1D4zlWKHuVY00O80U1ocFmBl3fKVrUMakvHr"
         "u0C0mAcEUQo7ItyEX7rpOVYtxlrVk6G8PY4EK61EB-Xe35P0zb2AMZn7Tvm9-tLcccqYlrYBO4SWOwd5uBSqc_WcNJXgnQ-9sYEZ0JUMhKZ"
         "elEMrpX72hslmduiz-LMsXCnbS7jDGcUuSjHXVLM9tb1SQynx5Xz9xyGeN4rQLnFIKvgwpiqnvLpbMo6grhJwrz67d1X6MwpKtAcqZ2V2v4"
         "rQsjbblNH7GzF8ZsfOaqw"}
GOOGLE_JWKS = "https://www.googleapis.com/oauth2/v3/certs"
# Google's own answer carries a max-age of a few hours.
GOOGLE_CACHE = "public, max-age=19841, must-revalidate, no-transform"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rsa_jwk(key, kid):
    numbers = key.public_key().public_numbers()
    as_bytes = lambda v: v.to_bytes((v.bit_length() + 7) // 8, "big")
    return {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "e": b64url(as_bytes(numbers.e)),
            "n": b64url(as_bytes(numbers.n))}


def jwt_verifies(jwk, token):
    """Whether `token` is RS256 (an RSA JWK) or ES256 (a P-256 JWK; JWS
    carries r and s, not DER) under `jwk`, checked by pyca/cryptography."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    num = lambda name: int.from_bytes(unb64url(jwk[name]), "big")
    head, payload, sig = token.split(".")
    signed, raw = f"{head}.{payload}".encode(), unb64url(sig)
    try:
        if jwk["kty"] == "EC":
            der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
            key = ec.EllipticCurvePublicNumbers(num("x"), num("y"), ec.SECP256R1()).public_key()
            key.verify(der, signed, ec.ECDSA(hashes.SHA256()))
        else:
            RSAPublicNumbers(num("e"), num("n")).public_key().verify(raw, signed, padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature: not genuine
        return False


def sign_jwt(key, header, claims):
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64url(sig)}"


def google_pubsub():
    b = Builder("google-pubsub", "https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions (an RS256 "
                "OIDC token from Google in Authorization; issuer, audience, service account and expiry checked); the "
                "published case is the token of that page, with the JWK of its kid (terrateamio/terrateam "
                "code/tests/jwt/test.ml, commit 548bfbff)")
    assert jwt_verifies(GOOGLE_JWK, GOOGLE_TOKEN)
    claims = json.loads(unb64url(GOOGLE_TOKEN.split(".")[1]))
    iat, exp = claims["iat"], claims["exp"]
    body = json.dumps({"message": {"attributes": {"key": "value"}, "data": "SGVsbG8gQ2xvdWQgUHViL1N1YiEgSGVyZSBp"
                                   "cyBteSBtZXNzYWdlIQ==", "messageId": "2070443601311540",
                                   "publishTime": "2019-02-14T22:12:14.977Z"},
                       "subscription": "projects/myproject/subscriptions/mysubscription"})
    jwks = lambda *keys: [{"url": GOOGLE_JWKS, "document": json.dumps({"keys": list(keys)}),
                           "cache_control": GOOGLE_CACHE}]
    google = jwks(GOOGLE_JWK)
    trust = {"audiences": ["https://example.com"], "email": "gae-gcp@appspot.gserviceaccount.com"}
    auth = lambda token, kind="Bearer": [["Authorization", f"{kind} {token}"],
                                         ["Content-Type", "application/json"], ["User-Agent", "APIs-Google"]]
    ok = {"timestamp": iat, "dedup_key": "2070443601311540"}

    def add(comment, flags, token, now, *, keys=google, trust=trust, code=None, headers=None, **extra):
        b.add(comment, flags, auth(token) if headers is None else headers, body, [], now, code=code,
              expected=None if code else ok, trust=trust, keys=keys, **extra)

    add("Google's published token, a minute after it was issued", ["Valid", "PublishedExample", "Jwt"], GOOGLE_TOKEN,
        iat + 60)
    add("the last second of its hour, plus the 60 s leeway", ["Boundary", "PublishedExample"], GOOGLE_TOKEN, exp + 60)
    add("a second later", ["Stale", "PublishedExample"], GOOGLE_TOKEN, exp + 61, code="timestamp_too_old")
    add("issued further ahead than the leeway (the receiver's clock is slow)", ["Future", "PublishedExample"],
        GOOGLE_TOKEN, iat - 61, code="timestamp_too_new")
    add("the receiver turned the skew off: exp still holds, to the second", ["ToleranceOff", "PublishedExample"],
        GOOGLE_TOKEN, exp, tolerance=None)
    add("a token signs no body, so exp is checked even with the skew off", ["ToleranceOff", "PublishedExample"],
        GOOGLE_TOKEN, exp + 1, tolerance=None, code="timestamp_too_old")
    add("no email required: any service account of the audience", ["Valid", "PublishedExample"], GOOGLE_TOKEN,
        iat + 60, trust={"audiences": ["https://example.com"]})
    add("one of several audiences", ["Valid", "PublishedExample"], GOOGLE_TOKEN, iat + 60,
        trust={"audiences": ["https://example.com/push", "https://example.com"]})
    add("for another audience", ["Claims", "PublishedExample"], GOOGLE_TOKEN, iat + 60,
        trust={"audiences": ["https://example.org"]}, code="signature_mismatch")
    add("another service account", ["Claims", "PublishedExample"], GOOGLE_TOKEN, iat + 60,
        trust={"audiences": ["https://example.com"], "email": "push@my-project.iam.gserviceaccount.com"},
        code="signature_mismatch")
    head, payload, sig = GOOGLE_TOKEN.split(".")
    forged = dict(claims, aud="https://example.org")
    forged_payload = b64url(json.dumps(forged, separators=(",", ":")).encode())
    add("the claims changed (audience rewritten)", ["Tampered", "PublishedExample"],
        f"{head}.{forged_payload}.{sig}", iat + 60, trust={"audiences": ["https://example.org"]},
        code="signature_mismatch")
    add("the JWKS was not fetched (the fetch failed)", ["KeyUnavailable"], GOOGLE_TOKEN, iat + 60, keys=[],
        code="key_unavailable")
    key = test_key()
    test_jwk = rsa_jwk(key, "hookproof-test-1")
    add("a kid the JWKS does not hold, after it was fetched", ["WrongSecret", "PublishedExample"], GOOGLE_TOKEN,
        iat + 60, keys=jwks(test_jwk), code="signature_mismatch")
    add("the JWKS holds several keys", ["Valid", "PublishedExample"], GOOGLE_TOKEN, iat + 60,
        keys=jwks(test_jwk, GOOGLE_JWK))
    add("Basic, not Bearer", ["MalformedHeader"], GOOGLE_TOKEN, iat + 60, headers=auth("dXNlcjpwYXNz", "Basic"),
        code="malformed_header")
    add("not a JWT", ["MalformedHeader"], "not.a-jwt", iat + 60, code="malformed_header")
    add("no Authorization header", ["MissingHeader"], GOOGLE_TOKEN, iat + 60, headers=[["User-Agent", "APIs-Google"]],
        code="missing_header")
    header = {"alg": "RS256", "kid": "hookproof-test-1", "typ": "JWT"}
    mine = dict(claims, iss="accounts.google.com", iat=T0, exp=T0 + 3600)
    token = sign_jwt(key, header, mine)
    assert jwt_verifies(test_jwk, token)
    b.add("the issuer spelled without https:// (Google uses both)", ["Valid", "Jwt"], auth(token), body, [], T0,
          trust=trust, keys=jwks(test_jwk), expected={"timestamp": T0, "dedup_key": "2070443601311540"})
    b.add("another issuer", ["Claims"], auth(sign_jwt(key, header, dict(mine, iss="https://evil.example"))), body,
          [], T0, trust=trust, keys=jwks(test_jwk), code="signature_mismatch")
    b.add("email not verified", ["Claims"], auth(sign_jwt(key, header, dict(mine, email_verified=False))), body,
          [], T0, trust=trust, keys=jwks(test_jwk), code="signature_mismatch")
    b.add("no exp claim", ["MalformedHeader"],
          auth(sign_jwt(key, header, {k: v for k, v in mine.items() if k != "exp"})), body, [], T0, trust=trust,
          keys=jwks(test_jwk), code="malformed_header")
    # HS256 with the RSA key's public modulus as the HMAC secret: the
    # classic confusion attack. Only RS256 is accepted.
    hs_header = b64url(json.dumps({"alg": "HS256", "kid": "hookproof-test-1", "typ": "JWT"}).encode())
    hs_payload = b64url(json.dumps(mine).encode())
    import hmac as _hmac
    hs_sig = b64url(_hmac.new(test_jwk["n"].encode(), f"{hs_header}.{hs_payload}".encode(), hashlib.sha256).digest())
    b.add("HS256 signed with the public key as an HMAC secret", ["WrongScheme"],
          auth(f"{hs_header}.{hs_payload}.{hs_sig}"), body, [], T0, trust=trust, keys=jwks(test_jwk),
          code="signature_mismatch")
    none_header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    b.add("alg none, no signature", ["WrongScheme"], auth(f"{none_header}.{hs_payload}."), body, [], T0,
          trust=trust, keys=jwks(test_jwk), code="signature_mismatch")
    return b.done()
