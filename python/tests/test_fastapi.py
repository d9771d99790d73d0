"""hookproof.fastapi through FastAPI's TestClient, on the README's example app."""

from __future__ import annotations

import json
import os

import hookproof
import pytest
import signers
from examples_loader import load_example
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from hookproof.fastapi import WebhookRejected, verified_webhook

SECRET = "fileloom_fastapi_secret_value"
BODY = json.dumps({"id": "evt_1", "event": "pdf.generated", "data": {"fileId": "file_xyz789"}}).encode()


@pytest.fixture(scope="module")
def client() -> TestClient:
    os.environ["FILELOOM_WEBHOOK_SECRET"] = SECRET
    return TestClient(load_example("fastapi_app").app)


def test_genuine_delivery(client: TestClient) -> None:
    r = client.post("/hooks/fileloom", content=BODY, headers=signers.fileloom(SECRET, BODY))
    assert (r.status_code, r.json()) == (200, {"event": "pdf.generated", "file": "file_xyz789"})


def test_failures_answer_400_with_error_code(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    r = client.post("/hooks/fileloom", content=BODY + b"\n", headers=signers.fileloom(SECRET, BODY))
    assert (r.status_code, r.json()) == (400, {"error": "signature_mismatch"})
    headers = signers.fileloom(SECRET, BODY)
    headers["X-Fileloom-Signature"] = headers["X-Fileloom-Signature"][7:]
    r = client.post("/hooks/fileloom", content=BODY, headers=headers)
    assert (r.status_code, r.json()) == (400, {"error": "malformed_header"})
    assert any("code=malformed_header scheme=fileloom delivery=dlv_1" in rec.getMessage() for rec in caplog.records)


def test_body_limit_and_user_handler_wins() -> None:
    app = FastAPI()
    wh = hookproof.Webhook("fileloom", SECRET)

    @app.post("/hook")
    async def hook(delivery: hookproof.Verified = Depends(verified_webhook(wh, max_body=10))) -> dict[str, str]:
        return {"id": delivery.id or ""}

    client = TestClient(app)
    body = b"x" * 11
    r = client.post("/hook", content=body, headers=signers.fileloom(SECRET, body))
    assert (r.status_code, r.json()) == (413, {"error": "body_too_large"})

    from fastapi.responses import PlainTextResponse

    app2 = FastAPI()
    app2.add_exception_handler(WebhookRejected, lambda req, exc: PlainTextResponse("no", status_code=exc.status_code))  # type: ignore[attr-defined]

    @app2.post("/hook")
    async def hook2(delivery: hookproof.Verified = Depends(verified_webhook(wh))) -> dict[str, str]:
        return {}

    r = TestClient(app2).post("/hook", content=b"{}", headers={})
    assert (r.status_code, r.text) == (400, "no")
