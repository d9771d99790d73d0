"""A loopback HTTPS server standing in for the hosts that publish senders'
keys (an SNS region's certificate host, Google's and Microsoft Entra's JWKS
hosts), and the
messages those senders would sign, made here with pyca/cryptography.

The server presents tests/tls/server.pem (signed by tests/tls/ca.pem, which
the tests pass to ``HttpResolver`` explicitly); ``pointed_here`` makes the
hosts' names resolve to it, so nothing leaves the machine and the resolver
runs unmodified: real TLS, a real hostname check, real HTTP.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from conftest import ROOT
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

TLS = ROOT / "tests" / "tls"
CA = str(TLS / "ca.pem")
KEY = serialization.load_pem_private_key((ROOT / "tests/vectors/families/keys/test_rsa_2048.pem").read_bytes(), None)
SNS_HOST = "sns.eu-west-1.amazonaws.com"
CERT_PATH = "/SimpleNotificationService-hookproof-test.pem"
CERT_URL = f"https://{SNS_HOST}{CERT_PATH}"
JWKS_PATH = "/oauth2/v3/certs"
DIRECTORY = "1912158f-712f-400e-819d-8498b1ad6f85"
ENTRA_JWKS_PATH = f"/{DIRECTORY}/discovery/v2.0/keys"
EVENT_GRID_APP = "4962773b-9cdb-44cf-a8bf-237846a00ab7"


class KeyServer:
    """Serves ``documents`` (path -> (status, body, headers)) and counts the
    requests each path received."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.hits: dict[str, int] = {}
        # POST: path -> function of the request's JSON -> (status, body); and what each received.
        self.answers: dict[str, Any] = {}
        self.posted: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                status, body, headers = server.documents.get(self.path, (404, b"not found", {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                asked = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.posted.append(asked)
                status, body = server.answers[self.path](asked) if self.path in server.answers else (404, b"{}")
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(TLS / "server.pem", TLS / "server-key.pem")
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def pointed_here(monkeypatch: Any, port: int) -> Iterator[None]:
    """The key hosts' names resolve to the loopback server (any other name
    as usual)."""
    real = socket.getaddrinfo
    names = {SNS_HOST, "sns.us-east-2.amazonaws.com", "www.googleapis.com", "login.microsoftonline.com",
             "sandbox.plaid.com", "production.plaid.com"}

    def getaddrinfo(host: Any, port_: Any, *args: Any, **kwargs: Any) -> Any:
        # httpx (anyio) asks with the IDNA-encoded name, as bytes.
        if (host.decode() if isinstance(host, bytes) else host) in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]
        return real(host, port_, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield


def certificate(not_before: int, not_after: int) -> bytes:
    """A certificate for the test key, as an SNS host would serve it."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    at = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc)  # noqa: E731
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(KEY.public_key())
            .serial_number(7).not_valid_before(at(not_before)).not_valid_after(at(not_after))
            .sign(KEY, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def sns_message(at: int, *, cert_url: str = CERT_URL, kind: str = "Notification") -> dict[str, str]:
    """A message SNS would send, signed (SignatureVersion 2) over AWS's
    canonical string."""
    stamp = datetime.datetime.fromtimestamp(at, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    message = {"Type": kind, "MessageId": "5b4b1b2c-4f5e-4a43-9f0b-2a4c1a7e9d10",
               "TopicArn": "arn:aws:sns:eu-west-1:123456789012:orders", "Message": '{"order":42}',
               "Timestamp": stamp, "SignatureVersion": "2", "SigningCertURL": cert_url}
    fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    if kind != "Notification":
        message.update(Token="2336412f37fb687f", SubscribeURL=f"https://{SNS_HOST}/?Action=ConfirmSubscription")
        fields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    canonical = "".join(f"{k}\n{message[k]}\n" for k in fields if k in message).encode()
    message["Signature"] = base64.b64encode(KEY.sign(canonical, padding.PKCS1v15(), hashes.SHA256())).decode()
    return message


def sns_headers(message: dict[str, str]) -> dict[str, str]:
    return {"x-amz-sns-message-type": message["Type"], "x-amz-sns-message-id": message["MessageId"],
            "content-type": "text/plain; charset=UTF-8"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwks(*kids: str) -> bytes:
    """Google's JWKS shape, with the test key under each of ``kids``."""
    numbers = KEY.public_key().public_numbers()
    n = b64url(numbers.n.to_bytes(256, "big"))
    return json.dumps({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "n": n, "e": "AQAB"}
                                for kid in kids]}).encode()


def signed(claims: dict[str, Any], kid: str) -> str:
    """An RS256 token of ``claims`` under the test key, named ``kid``."""
    header = b64url(json.dumps({"alg": "RS256", "kid": kid, "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    sig = KEY.sign(f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{payload}.{b64url(sig)}"


def google_token(at: int, *, kid: str = "key-1", audience: str = "https://hooks.example.com/push") -> str:
    """An RS256 OIDC token as Pub/Sub push sends it, issued at ``at``."""
    claims = {"aud": audience, "email": "push@my-project.iam.gserviceaccount.com", "email_verified": True,
              "iat": at, "exp": at + 3600, "iss": "https://accounts.google.com", "sub": "1234567890"}
    return signed(claims, kid)


def entra_token(at: int, *, audience: str, client: str = EVENT_GRID_APP) -> str:
    """A v1 Microsoft Entra token as Event Grid sends it: issued to Event
    Grid's application (``appid``) for the receiver's app."""
    claims = {"aud": audience, "iss": f"https://sts.windows.net/{DIRECTORY}/", "iat": at, "nbf": at,
              "exp": at + 3600, "appid": client, "appidacr": "2", "tid": DIRECTORY, "ver": "1.0"}
    return signed(claims, "key-1")


def event_grid_headers(token: str, event_type: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", "aeg-event-type": event_type, "content-type": "application/json"}


# Microsoft's example validation event (articles/event-grid/webhook-event-delivery.md).
VALIDATION_CODE = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"
VALIDATION_BODY = json.dumps([{
    "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    "subject": "",
    "data": {"validationCode": VALIDATION_CODE,
             "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate"},
    "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2018-01-25T22:12:19.4556811Z",
    "metadataVersion": "1", "dataVersion": "1"}]).encode()
BLOB_CREATED_BODY = json.dumps([{
    "id": "6a8d3ad2-e01e-0040-1b4a-5fa1d806d2bd", "topic": "/subscriptions/x/resourceGroups/Storage",
    "subject": "/blobServices/default/containers/testcontainer/blobs/testfile.txt",
    "eventType": "Microsoft.Storage.BlobCreated", "eventTime": "2017-06-26T18:41:00.9584103Z",
    "data": {"api": "PutBlockList"}, "dataVersion": "", "metadataVersion": "1"}]).encode()


PUSH_BODY = json.dumps({"message": {"data": "eyJvcmRlciI6NDJ9", "messageId": "2070443601311540",
                                    "publishTime": "2026-01-01T00:00:00Z"},
                        "subscription": "projects/my-project/subscriptions/orders-push"}).encode()


# Plaid: a fixed P-256 key, served by id as /webhook_verification_key/get answers.
PLAID_KEY = ec.derive_private_key(0x91A1D, ec.SECP256R1())
PLAID_KID = "3f1c5b9e-hookproof-test"
PLAID_PATH = "/webhook_verification_key/get"


def plaid_answer(asked: dict[str, Any]) -> tuple[int, bytes]:
    """What Plaid answers: the key of ``key_id`` for the test's API keys
    (client-1, plaid-secret-1), 400 otherwise."""
    if (asked.get("client_id"), asked.get("secret"), asked.get("key_id")) != ("client-1", "plaid-secret-1", PLAID_KID):
        return 400, json.dumps({"error_code": "INVALID_API_KEYS"}).encode()
    numbers = PLAID_KEY.public_key().public_numbers()
    key = {"alg": "ES256", "created_at": 1700000000, "crv": "P-256", "expired_at": None, "kid": PLAID_KID,
           "kty": "EC", "use": "sig", "x": b64url(numbers.x.to_bytes(32, "big")),
           "y": b64url(numbers.y.to_bytes(32, "big"))}
    return 200, json.dumps({"key": key, "request_id": "req-1"}).encode()


def plaid_webhook(at: int, code: str = "DEFAULT_UPDATE") -> tuple[bytes, dict[str, str]]:
    """A webhook as Plaid sends it: the body indented by two spaces, and
    Plaid-Verification, an ES256 JWT over its SHA-256."""
    body = json.dumps({"error": None, "item_id": "wz666MBjYWTp2PDzzggYhM6oWWmBb", "new_transactions": 3,
                       "webhook_code": code, "webhook_type": "TRANSACTIONS"}, indent=2).encode()
    header = b64url(json.dumps({"alg": "ES256", "kid": PLAID_KID, "typ": "JWT"}).encode())
    claims = b64url(json.dumps({"iat": at, "request_body_sha256": hashlib.sha256(body).hexdigest()}).encode())
    r, s = decode_dss_signature(PLAID_KEY.sign(f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256())))
    token = f"{header}.{claims}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    return body, {"plaid-verification": token, "content-type": "application/json"}
