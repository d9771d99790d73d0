"""Senders that publish their keys (AWS SNS, Google Pub/Sub push, Azure
Event Grid, Plaid; PayPal's published delivery, its certificate handed
over), verified
end to end: the default resolver fetches the certificate or the JWKS over
real HTTPS from a loopback server (tests/tls' CA, passed explicitly), the
core caches it, and the integrations answer 503 when it cannot be had."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import hookproof
import pytest
from hookproof import _fetch
from keyserver import (
    BLOB_CREATED_BODY,
    CA,
    CERT_PATH,
    DIRECTORY,
    ENTRA_JWKS_PATH,
    JWKS_PATH,
    PLAID_PATH,
    PUSH_BODY,
    SNS_HOST,
    KeyServer,
    VALIDATION_BODY,
    VALIDATION_CODE,
    certificate,
    entra_token,
    event_grid_headers,
    google_token,
    jwks,
    plaid_answer,
    plaid_webhook,
    pointed_here,
    sns_headers,
    sns_message,
)

NOW = int(time.time())
AUDIENCE = "https://hooks.example.com/push"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:orders"
EMAIL = "push@my-project.iam.gserviceaccount.com"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyServer]:
    s = KeyServer()
    with pointed_here(monkeypatch, s.port):
        yield s
    s.close()


def sns(server: KeyServer, **kwargs: Any) -> hookproof.Webhook:
    server.documents[CERT_PATH] = (200, certificate(NOW - 86400, NOW + 86400), {})
    return hookproof.Webhook("aws-sns", topic=TOPIC, resolver=hookproof.HttpResolver(cafile=CA), **kwargs)


def pubsub(**kwargs: Any) -> hookproof.Webhook:
    return hookproof.Webhook("google-pubsub", audience=AUDIENCE, email=EMAIL,
                             resolver=hookproof.HttpResolver(cafile=CA), **kwargs)


def test_an_sns_certificate_is_fetched_once_over_https(server: KeyServer) -> None:
    wh = sns(server)
    message = sns_message(NOW)
    v = wh.verify(json.dumps(message), sns_headers(message))
    assert (v.event, v.dedup_key, v.id) == ("Notification", message["MessageId"], message["MessageId"])
    confirmation = sns_message(NOW, kind="SubscriptionConfirmation")
    assert wh.verify(json.dumps(confirmation), sns_headers(confirmation)).event == "SubscriptionConfirmation"
    assert server.hits == {CERT_PATH: 1}


def test_a_certificate_host_that_is_not_sns_is_never_fetched(server: KeyServer) -> None:
    wh = sns(server)
    for url in [f"https://{SNS_HOST}.attacker.example{CERT_PATH}", f"http://{SNS_HOST}{CERT_PATH}",
                f"https://www.googleapis.com{CERT_PATH}"]:
        message = sns_message(NOW, cert_url=url)
        with pytest.raises(hookproof.MalformedHeaderError):
            wh.verify(json.dumps(message), sns_headers(message))
    assert server.hits == {}


def test_an_expired_certificate_verifies_nothing(server: KeyServer) -> None:
    wh = hookproof.Webhook("aws-sns", topic=TOPIC, resolver=hookproof.HttpResolver(cafile=CA))
    server.documents[CERT_PATH] = (200, certificate(NOW - 2 * 86400, NOW - 86400), {})
    message = sns_message(NOW)
    with pytest.raises(hookproof.SignatureMismatchError, match="certificate is not valid"):
        wh.verify(json.dumps(message), sns_headers(message))


@pytest.mark.parametrize("status", [404, 500, 302])
def test_a_failed_fetch_is_key_unavailable(server: KeyServer, status: int) -> None:
    wh = hookproof.Webhook("aws-sns", topic=TOPIC, resolver=hookproof.HttpResolver(cafile=CA))
    # A redirect is refused too: it could leave the host the core checked.
    server.documents[CERT_PATH] = (status, b"", {"Location": "https://attacker.example/cert.pem"})
    message = sns_message(NOW)
    with pytest.raises(hookproof.KeyUnavailableError) as info:
        wh.verify(json.dumps(message), sns_headers(message))
    assert info.value.code == "key_unavailable"
    assert SNS_HOST in str(info.value)


def test_an_unreachable_or_untrusted_key_host_is_key_unavailable(server: KeyServer) -> None:
    message = sns_message(NOW)
    # The system's trust store does not know the test CA: TLS fails.
    wh = hookproof.Webhook("aws-sns", topic=TOPIC)
    with pytest.raises(hookproof.KeyUnavailableError, match="SSL|certificate"):
        wh.verify(json.dumps(message), sns_headers(message))
    server.close()
    wh = hookproof.Webhook("aws-sns", topic=TOPIC, resolver=hookproof.HttpResolver(cafile=CA, timeout=2))
    with pytest.raises(hookproof.KeyUnavailableError):
        wh.verify(json.dumps(message), sns_headers(message))


def test_a_jwks_is_kept_for_its_max_age_and_refetched_for_a_new_kid(server: KeyServer) -> None:
    server.documents[JWKS_PATH] = (200, jwks("key-1"), {"Cache-Control": "public, max-age=600"})
    wh = pubsub()
    headers = lambda token: {"authorization": f"Bearer {token}"}  # noqa: E731
    v = wh.verify(PUSH_BODY, headers(google_token(NOW)), now=NOW)
    assert (v.timestamp, v.dedup_key) == (NOW, "2070443601311540")
    wh.verify(PUSH_BODY, headers(google_token(NOW)), now=NOW + 599)
    assert server.hits == {JWKS_PATH: 1}
    wh.verify(PUSH_BODY, headers(google_token(NOW + 600)), now=NOW + 600)
    assert server.hits == {JWKS_PATH: 2}

    # Google signs with a key it has not published yet (to this cache): an
    # unknown kid asks again, at most once a minute.
    rotated = headers(google_token(NOW + 600, kid="key-2"))
    with pytest.raises(hookproof.SignatureMismatchError, match="does not publish"):
        wh.verify(PUSH_BODY, rotated, now=NOW + 601)
    assert server.hits == {JWKS_PATH: 2}
    server.documents[JWKS_PATH] = (200, jwks("key-1", "key-2"), {"Cache-Control": "max-age=600"})
    assert wh.verify(PUSH_BODY, rotated, now=NOW + 660).timestamp == NOW + 600
    assert server.hits == {JWKS_PATH: 3}


def test_a_failed_fetch_is_tried_again_after_10_s_and_a_stale_key_serves_meanwhile(server: KeyServer) -> None:
    wh = pubsub()
    headers = {"authorization": f"Bearer {google_token(NOW)}"}
    server.documents[JWKS_PATH] = (503, b"", {})
    with pytest.raises(hookproof.KeyUnavailableError, match="503"):
        wh.verify(PUSH_BODY, headers, now=NOW)
    server.documents[JWKS_PATH] = (200, jwks("key-1"), {"Cache-Control": "max-age=60"})
    # Within 10 s of the failed fetch nothing is fetched: the sender retries.
    with pytest.raises(hookproof.KeyUnavailableError, match="asked for 9 s ago"):
        wh.verify(PUSH_BODY, headers, now=NOW + 9)
    assert server.hits == {JWKS_PATH: 1}
    assert wh.verify(PUSH_BODY, headers, now=NOW + 10).dedup_key == "2070443601311540"
    assert server.hits == {JWKS_PATH: 2}
    # Past its max-age, a refetch that fails leaves the stale JWKS in use.
    server.documents[JWKS_PATH] = (500, b"", {})
    assert wh.verify(PUSH_BODY, headers, now=NOW + 100).timestamp == NOW
    assert server.hits == {JWKS_PATH: 3}


def test_forged_sns_messages_cannot_make_a_stream_of_fetches(server: KeyServer) -> None:
    wh = sns(server)
    for n in range(20):
        message = sns_message(NOW, cert_url=f"https://{SNS_HOST}/SimpleNotificationService-forged-{n}.pem")
        with pytest.raises(hookproof.KeyUnavailableError):
            wh.verify(json.dumps(message), sns_headers(message), now=NOW)
    assert sum(server.hits.values()) == 8  # new URLs fetched per minute, at most


def test_a_token_for_another_audience_is_refused(server: KeyServer) -> None:
    server.documents[JWKS_PATH] = (200, jwks("key-1"), {})
    token = google_token(NOW, audience="https://other.example.com/push")
    with pytest.raises(hookproof.SignatureMismatchError, match="another audience"):
        pubsub().verify(PUSH_BODY, {"authorization": f"Bearer {token}"}, now=NOW)


def test_async_apps_fetch_without_blocking(server: KeyServer) -> None:
    server.documents[JWKS_PATH] = (200, jwks("key-1"), {})
    wh = pubsub()
    headers = {"authorization": f"Bearer {google_token(NOW)}"}
    v = asyncio.run(hookproof.averify(wh, PUSH_BODY, headers, now=NOW))
    assert v.dedup_key == "2070443601311540"
    server.documents[JWKS_PATH] = (503, b"", {})
    with pytest.raises(hookproof.KeyUnavailableError, match="503"):
        asyncio.run(hookproof.averify(pubsub(), PUSH_BODY, headers, now=NOW))


def test_the_docs_apps_verify_sns_and_pubsub(server: KeyServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import flask
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    # The docs' code uses the default resolver; here it trusts the test CA.
    monkeypatch.setattr(_fetch, "DEFAULT", _fetch.HttpResolver(cafile=CA))
    server.documents[CERT_PATH] = (200, certificate(NOW - 60, NOW + 86400), {})
    server.documents[JWKS_PATH] = (200, jwks("key-1"), {"Cache-Control": "max-age=3600"})
    app, confirmed = flask.Flask(__name__), []
    confirm = confirmed.append

    # START python-published-keys
    import hookproof
    from hookproof.flask import verify_webhook

    sns = hookproof.Webhook("aws-sns", topic="arn:aws:sns:eu-west-1:123456789012:orders")

    @app.post("/hooks/sns")
    @verify_webhook(sns)  # fetches the certificate the message names (SNS hosts only), once
    def sns_hook() -> Any:
        delivery = flask.g.webhook
        if delivery.event == "SubscriptionConfirmation":
            confirm(delivery.json()["SubscribeURL"])  # a verified message's URL only
        return "", 204
    # END python-published-keys

    api = FastAPI()
    # START python-pubsub
    from hookproof.fastapi import verified_webhook

    pubsub = hookproof.Webhook(
        "google-pubsub",
        audience="https://hooks.example.com/push",  # the push subscription's audience
        email="push@my-project.iam.gserviceaccount.com",  # and its service account
    )

    @api.post("/hooks/pubsub")
    async def push(delivery: hookproof.Verified = Depends(verified_webhook(pubsub))) -> dict[str, Any]:
        message = delivery.json()["message"]  # Google's keys fetched without blocking the loop
        return {"id": message["messageId"]}
    # END python-pubsub

    message = sns_message(NOW, kind="SubscriptionConfirmation")
    r = app.test_client().post("/hooks/sns", data=json.dumps(message), headers=sns_headers(message))
    assert r.status_code == 204 and confirmed == [message["SubscribeURL"]]
    with TestClient(api) as client:
        p = client.post("/hooks/pubsub", content=PUSH_BODY, headers={"authorization": f"Bearer {google_token(NOW)}"})
    assert (p.status_code, p.json()) == (200, {"id": "2070443601311540"})


def test_flask_and_fastapi_answer_503_until_the_key_can_be_had(server: KeyServer) -> None:
    import flask
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient
    from hookproof.fastapi import verified_webhook
    from hookproof.flask import verify_webhook

    def apps() -> tuple[Any, Any]:
        # Each state gets its own Webhooks: a failed fetch is asked for
        # again only after 10 s (test_a_failed_fetch_is_tried_again...).
        sync_app = flask.Flask(__name__)

        @sync_app.post("/sns")
        @verify_webhook(hookproof.Webhook("aws-sns", topic=TOPIC, resolver=hookproof.HttpResolver(cafile=CA)))
        def sns_hook() -> Any:
            return {"event": flask.g.webhook.event}

        async_app = FastAPI()
        dependency = verified_webhook(pubsub())

        @async_app.post("/push")
        async def push(delivery: Any = Depends(dependency)) -> Any:
            return {"message": delivery.dedup_key}

        return sync_app, async_app

    message = sns_message(NOW)
    token = google_token(NOW)
    for status in (500, 200):
        sync_app, async_app = apps()
        server.documents[CERT_PATH] = (status, certificate(NOW - 60, NOW + 86400), {})
        server.documents[JWKS_PATH] = (status, jwks("key-1"), {})
        r = sync_app.test_client().post("/sns", data=json.dumps(message), headers=sns_headers(message))
        with TestClient(async_app) as client:
            p = client.post("/push", content=PUSH_BODY, headers={"authorization": f"Bearer {token}"})
        if status == 500:
            assert (r.status_code, r.json) == (503, {"error": "key_unavailable"})
            assert (p.status_code, p.json()) == (503, {"error": "key_unavailable"})
        else:
            assert (r.status_code, r.json) == (200, {"event": "Notification"})
            assert (p.status_code, p.json()) == (200, {"message": "2070443601311540"})


def test_event_grid_is_verified_with_the_directorys_keys_and_its_handshake_answered(
    server: KeyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flask
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient
    from hookproof.fastapi import verified_webhook

    monkeypatch.setattr(_fetch, "DEFAULT", _fetch.HttpResolver(cafile=CA))
    server.documents[ENTRA_JWKS_PATH] = (200, jwks("key-1"), {"Cache-Control": "max-age=86400"})
    app, handled = flask.Flask(__name__), []
    handle = handled.append
    assert DIRECTORY == "1912158f-712f-400e-819d-8498b1ad6f85"  # the snippet's

    # START python-event-grid
    import hookproof
    from hookproof.flask import verify_webhook

    event_grid = hookproof.Webhook(
        "azure-event-grid",
        audience="api://orders-webhook",  # your app registration's application ID URI (or client id)
        directory="1912158f-712f-400e-819d-8498b1ad6f85",  # its Microsoft Entra directory (tenant) id
    )

    @app.post("/hooks/event-grid")
    @verify_webhook(event_grid)  # answers the validation handshake itself; the view never sees it
    def event_grid_hook() -> Any:
        for event in flask.g.webhook.json():  # a batch of events, each with its own id
            handle(event)
        return "", 200
    # END python-event-grid

    client = app.test_client()
    token = entra_token(NOW, audience="api://orders-webhook")
    validate = event_grid_headers(token, "SubscriptionValidation")
    r = client.post("/hooks/event-grid", data=VALIDATION_BODY, headers=validate)
    assert (r.status_code, r.json, handled) == (200, {"validationResponse": VALIDATION_CODE}, [])
    r = client.post("/hooks/event-grid", data=BLOB_CREATED_BODY, headers=event_grid_headers(token, "Notification"))
    assert r.status_code == 200 and [e["eventType"] for e in handled] == ["Microsoft.Storage.BlobCreated"]
    assert server.hits[ENTRA_JWKS_PATH] == 1
    # Anyone can get an Entra token for your app: one issued to another
    # client is refused, and so is an unverified handshake.
    stranger = entra_token(NOW, audience="api://orders-webhook", client="00000000-1111-2222-3333-444444444444")
    forged = event_grid_headers(stranger, "SubscriptionValidation")
    r = client.post("/hooks/event-grid", data=VALIDATION_BODY, headers=forged)
    assert (r.status_code, r.json) == (400, {"error": "signature_mismatch"})
    r = client.post("/hooks/event-grid", data=VALIDATION_BODY, headers={"aeg-event-type": "SubscriptionValidation"})
    assert (r.status_code, r.json) == (400, {"error": "missing_header"})

    # An async adapter answers it the same way, fetching off the loop.
    api = FastAPI()
    grid = hookproof.Webhook("azure-event-grid", audience="api://orders-webhook", directory=DIRECTORY,
                             resolver=hookproof.HttpResolver(cafile=CA))

    @api.post("/grid")
    async def grid_hook(delivery: hookproof.Verified = Depends(verified_webhook(grid))) -> Any:
        return {"handled": delivery.event}

    with TestClient(api) as tc:
        v = tc.post("/grid", content=VALIDATION_BODY, headers=validate)
        n = tc.post("/grid", content=BLOB_CREATED_BODY, headers=event_grid_headers(token, "Notification"))
    assert (v.status_code, v.json()) == (200, {"validationResponse": VALIDATION_CODE})
    assert (n.status_code, n.json()) == (200, {"handled": "Notification"})


def test_a_webhook_for_event_grid_names_its_directory() -> None:
    with pytest.raises(hookproof.ConfigurationError, match="directory"):
        hookproof.Webhook("azure-event-grid", audience="api://orders-webhook")
    with pytest.raises(hookproof.ConfigurationError, match="GUID"):
        hookproof.Webhook("azure-event-grid", audience="api://orders-webhook", directory="contoso.onmicrosoft.com")
    with pytest.raises(hookproof.ConfigurationError, match="directory"):
        hookproof.Webhook("google-pubsub", audience="https://example.com", directory=DIRECTORY)
    # PayPal signs the receiver's webhook id with each delivery.
    with pytest.raises(hookproof.ConfigurationError, match="webhook"):
        hookproof.Webhook("paypal")
    assert hookproof.Webhook("paypal", webhook_id="4JH86294D6297924G").fetches_keys


def test_plaid_keys_are_fetched_by_id_with_the_api_keys_once(server: KeyServer) -> None:
    import flask

    server.answers[PLAID_PATH] = plaid_answer
    app, seen = flask.Flask(__name__), []
    update = seen.append
    cafile = CA

    # START python-plaid
    import hookproof
    from hookproof.flask import verify_webhook

    plaid = hookproof.Webhook(
        "plaid",
        resolver=hookproof.PlaidKeys("client-1", "plaid-secret-1", environment="sandbox", cafile=cafile),
    )

    @app.post("/hooks/plaid")
    @verify_webhook(plaid)  # fetches the key the token names, by id, once
    def plaid_hook() -> Any:
        delivery = flask.g.webhook  # delivery.event is the webhook_code
        update(delivery.json()["item_id"])
        return "", 200
    # END python-plaid

    client = app.test_client()
    for code in ("INITIAL_UPDATE", "DEFAULT_UPDATE"):
        body, headers = plaid_webhook(NOW, code)
        r = client.post("/hooks/plaid", data=body, headers=headers)
        assert r.status_code == 200
    assert seen == ["wz666MBjYWTp2PDzzggYhM6oWWmBb"] * 2
    # One POST, with the API keys and the token's kid.
    assert server.posted == [{"client_id": "client-1", "secret": "plaid-secret-1", "key_id": "3f1c5b9e-hookproof-test"}]
    # Re-serialized on the way (four spaces): refused.
    body, headers = plaid_webhook(NOW)
    r = client.post("/hooks/plaid", data=json.dumps(json.loads(body), indent=4), headers=headers)
    assert (r.status_code, r.json) == (400, {"error": "signature_mismatch"})
    assert "plaid-secret-1" not in repr(plaid.resolver)


def test_plaid_keys_that_cannot_be_had_are_key_unavailable(server: KeyServer) -> None:
    server.answers[PLAID_PATH] = plaid_answer
    body, headers = plaid_webhook(NOW)
    wrong = hookproof.Webhook("plaid", resolver=hookproof.PlaidKeys("client-1", "not-the-secret", environment="sandbox",
                                                                     cafile=CA))
    with pytest.raises(hookproof.KeyUnavailableError, match="400"):
        wrong.verify(body, headers)
    # The default resolver cannot: it says what to give instead, and asks nothing.
    with pytest.raises(hookproof.KeyUnavailableError, match="PlaidKeys"):
        hookproof.Webhook("plaid").verify(body, headers)
    assert len(server.posted) == 1
    with pytest.raises(hookproof.ConfigurationError):
        hookproof.PlaidKeys("client-1", "s", environment="development")
    # Async code fetches in a worker thread.
    good = hookproof.Webhook("plaid", resolver=hookproof.PlaidKeys("client-1", "plaid-secret-1", environment="sandbox",
                                                                    cafile=CA))
    v = asyncio.run(hookproof.averify(good, body, headers))
    assert (v.event, v.timestamp) == ("DEFAULT_UPDATE", NOW)


def test_paypal_verifies_the_delivery_its_sdks_test_with() -> None:
    from conftest import ROOT

    doc = json.loads((ROOT / "tests/vectors/paypal.json").read_text())
    case = doc["tests"][0]
    assert case["flags"][:2] == ["Valid", "PublishedExample"]
    # START python-paypal
    paypal = hookproof.Webhook("paypal", webhook_id="4JH86294D6297924G")
    # END python-paypal
    key = case["keys"][0]
    paypal.add_keys(key["url"], key["document"].encode(), now=case["now"])
    v = paypal.verify(case["body"], dict(case["headers"]), now=case["now"])
    assert (v.event, v.dedup_key) == ("PAYMENT.SALE.COMPLETED", "WH-0G2756385H040842W-5Y612302CV158622M")
    # Another account's webhook id: not genuine here.
    other = hookproof.Webhook("paypal", webhook_id="6HY79521VR978045E")
    other.add_keys(key["url"], key["document"].encode(), now=case["now"])
    with pytest.raises(hookproof.SignatureMismatchError):
        other.verify(case["body"], dict(case["headers"]), now=case["now"])
