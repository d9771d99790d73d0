"""Code the docs quote: each START/END region below is a snippet of
README.md or docs/*.md (test_docs.py checks they are identical), and this
module runs when the tests import it."""

# mypy: ignore-errors
import flask
import hookproof

new_secret, old_secret = "whsec_docs_new_secret_value_1", "whsec_docs_old_secret_value_2"
raw_body = b'{"task":{"id":"b27a21e1-7c39-4aa2-a347-23e828c426f9"}}'
headers = hookproof.Webhook("cloro", old_secret).sign(raw_body, id="b27a21e1-7c39-4aa2-a347-23e828c426f9-1")

# START python-api
import hookproof

wh = hookproof.Webhook("cloro", [new_secret, old_secret], tolerance=300)  # validated once, here
try:
    delivery = wh.verify(raw_body, headers)  # bytes/bytearray/memoryview/str; any mapping, any case
    print(delivery.json(), delivery.dedup_key, delivery.key_index, delivery.timestamp)
except hookproof.VerificationError as e:  # also a ValueError
    print("rejected:", e.code)  # missing_header, malformed_header, timestamp_too_old, ...
test_headers = wh.sign(b"{}")  # the headers a sender attaches (for your own tests)
# END python-api
assert delivery.key_index == 1 and delivery.dedup_key == "b27a21e1-7c39-4aa2-a347-23e828c426f9"

old = hookproof.Webhook("cloro", old_secret)
body = raw_body
delivery_headers = old.sign(body)

# START python-rotation
wh = hookproof.Webhook("cloro", [new_secret, old_secret])  # newest first
delivery = wh.verify(body, delivery_headers)
if delivery.key_index > 0:
    print("still signed with the old secret; keep it a little longer")
# END python-rotation
assert delivery.key_index == 1

retired_headers = old.sign(body, timestamp=1767225600)

# START python-expiry
from datetime import datetime, timezone

retire = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc)  # the old secret's last second
wh = hookproof.Webhook("cloro", [new_secret, hookproof.Secret(old_secret, not_after=retire)])
try:
    wh.verify(body, retired_headers, now=1767225600)  # 2026-01-01T00:00:00Z
except hookproof.SignatureMismatchError as e:
    print(e)  # ... signed with secret 2 (index 1), which is past its not_after
# END python-expiry
try:
    wh.verify(body, retired_headers, now=1767225600)
    raise AssertionError("a retired secret verified")
except hookproof.SignatureMismatchError as e:
    assert "not_after" in str(e)

REDIS_URL = "redis://127.0.0.1:1/0"  # a client connects only when used
app = flask.Flask("docs")
cloro = wh

# START python-dedup
import redis, hookproof
from hookproof.flask import verify_webhook

store = hookproof.RedisDedup(redis.Redis.from_url(REDIS_URL), prefix="hookproof:")  # or hookproof.MemoryDedup()

@app.post("/hooks/cloro")
@verify_webhook(cloro, dedup=store)
def cloro_hook(): ...
# END python-dedup

rejected_body = b'{"task": {"id": "b27a21e1-7c39-4aa2-a347-23e828c426f9"}}'  # re-serialized
request_headers = headers
secret = old_secret

# START python-explain
found = hookproof.explain(rejected_body, request_headers, scheme="cloro", secret=secret)
print(found["error"])  # signature_mismatch
for finding in found["findings"]:
    print(finding["mistake"], "-", finding["fix"])  # body_reserialized - the JSON body was parsed ...
# END python-explain
assert found["findings"][0]["mistake"] == "body_reserialized"

# START python-identify
print(hookproof.identify(request_headers))  # ['cloro']: presets whose signature header is there, most specific first
# END python-identify
assert hookproof.identify(request_headers) == ["cloro"]

tenant_app = flask.Flask("tenants")


class _Tenant:
    def __init__(self, slug: str, webhook_secret: str) -> None:
        self.slug, self.webhook_secret = slug, webhook_secret


def load_tenants() -> list[_Tenant]:
    return [_Tenant("acme", "whsec_docs_acme_secret_value_1"), _Tenant("globex", "whsec_docs_globex_secret_value")]


app = tenant_app
# START python-tenants
tenants = {t.slug: hookproof.Webhook("cloro", t.webhook_secret, tenant=t.slug) for t in load_tenants()}  # built once


def webhook_for(request: flask.Request) -> hookproof.Webhook | None:
    return tenants.get(request.view_args["tenant"])  # None answers 404 unknown_tenant


@app.post("/hooks/<tenant>/cloro")
@verify_webhook(webhook_for)
def tenant_hook(tenant: str) -> tuple[str, int]:
    return f"{tenant}: {flask.g.webhook.dedup_key}", 200
# END python-tenants
acme_headers = hookproof.Webhook("cloro", "whsec_docs_acme_secret_value_1").sign(raw_body)
client = tenant_app.test_client()
assert client.post("/hooks/acme/cloro", data=raw_body, headers=acme_headers).status_code == 200
assert client.post("/hooks/globex/cloro", data=raw_body, headers=acme_headers).status_code == 400
assert client.post("/hooks/initech/cloro", data=raw_body, headers=acme_headers).json == {"error": "unknown_tenant"}

# Signing as a sender: a receiver holds the public half of the key.
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
private_key_pem = _key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode()
public_key_pem = _key.public_key().public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo).decode()
endpoint_secret = "whsec_" + "c2VuZGVyX3NpZGVfc2VjcmV0X2Zvcl9kb2Nz"
body = b'{"type":"invoice.paid"}'
# START python-sender
standard = hookproof.Webhook("standard", endpoint_secret)  # HMAC: one secret per endpoint
headers = standard.sign(body)  # webhook-id, webhook-timestamp, webhook-signature

acme = hookproof.Scheme(
    name="acme",
    signature_header="X-Acme-Signature",
    signature_format={"list": {"prefix": "", "separators": " "}},
    timestamp_header="X-Acme-Timestamp",
    message="{timestamp}.{body}",
    algorithm="rsa-sha256",  # or ed25519 (whsk_ keys), ecdsa-p256-sha256
    key="rsa",  # a PKCS#8 or PKCS#1 private key, PEM or base64 DER
    encoding="base64",
)
signed = hookproof.Webhook(acme, private_key_pem).sign(body)  # receivers verify with the public key
# END python-sender
assert standard.verify(body, headers).timestamp is not None
assert hookproof.Webhook(acme, public_key_pem).verify(body, signed).timestamp is not None
