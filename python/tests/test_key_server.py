"""Senders that publish their keys (AWS SNS, Google Pub/Sub push), verified
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
    CA,
    CERT_PATH,
    JWKS_PATH,
    PUSH_BODY,
    SNS_HOST,
    KeyServer,
    certificate,
    google_token,
    jwks,
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
