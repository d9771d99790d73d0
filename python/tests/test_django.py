"""hookproof.django through Django's test client, on the README's example app."""

from __future__ import annotations

import json
import os

import hookproof
import pytest
import signers
from examples_loader import load_example

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = json.dumps({"type": "user.created", "data": {"id": "u_1"}}).encode()


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    os.environ["STANDARD_WEBHOOK_SECRET"] = SECRET
    load_example("django_app")
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def post(client, body: bytes, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post("/hooks/standard", data=body, content_type="application/json", headers=headers)


def test_genuine_delivery_is_csrf_exempt_and_reaches_the_view(client) -> None:  # type: ignore[no-untyped-def]
    r = post(client, BODY, signers.standard(SECRET, BODY, msg_id="msg_django_1"))
    assert r.status_code == 200
    assert r.json() == {"id": "msg_django_1", "type": "user.created"}


def test_failures_answer_400_with_the_code(client, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    r = post(client, BODY.replace(b"u_1", b"u_2"), signers.standard(SECRET, BODY))
    assert (r.status_code, r.json()) == (400, {"error": "signature_mismatch"})
    r = post(client, BODY, signers.standard(SECRET, BODY, ts=2_000_000_000_0))
    assert (r.status_code, r.json()) == (400, {"error": "timestamp_too_new"})
    assert any("code=timestamp_too_new scheme=standard" in rec.getMessage() for rec in caplog.records)


def test_async_views_and_body_limit(client) -> None:  # type: ignore[no-untyped-def]
    from django.http import HttpRequest, JsonResponse
    from django.test import AsyncRequestFactory
    from hookproof.django import verify_webhook

    wh = hookproof.Webhook("standard", SECRET)

    @verify_webhook(wh, max_body=64)
    async def view(request: HttpRequest) -> JsonResponse:
        return JsonResponse({"id": request.webhook.id})  # type: ignore[attr-defined]

    import asyncio

    factory = AsyncRequestFactory()
    small = b'{"a":1}'
    request = factory.post("/", data=small, content_type="application/json", headers=signers.standard(SECRET, small))
    response = asyncio.run(view(request))
    assert (response.status_code, json.loads(response.content)) == (200, {"id": "msg_1"})
    big = b"x" * 65
    request = factory.post("/", data=big, content_type="application/json", headers=signers.standard(SECRET, big))
    response = asyncio.run(view(request))
    assert response.status_code == 413
