"""The README's Starlette, Litestar, Quart, aiohttp, Falcon and Lambda quick
starts (examples/), each served over a real server on loopback and sent a genuine cloro
delivery, then its retry, then a forgery."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import signers
from examples_loader import load_example
from spec_client import send
from test_integration_spec import aiohttp_server, uvicorn_server, werkzeug_server

SECRET = "whsec_more_examples_secret_9f8e7d6c"


@pytest.mark.parametrize("name", ["starlette_app", "litestar_app", "quart_app", "aiohttp_app", "falcon_app"])
def test_example_receives_a_delivery_once_and_refuses_a_forgery(name: str) -> None:
    pytest.importorskip(name.removesuffix("_app"))
    os.environ["CLORO_WEBHOOK_SECRET"] = SECRET
    module: Any = load_example(name)
    serve: Any = {"aiohttp_app": aiohttp_server, "falcon_app": werkzeug_server}.get(name, uvicorn_server)
    app = module.make_app() if name == "aiohttp_app" else module.app
    body = json.dumps({"task": {"id": f"task-{name}"}}).encode()
    headers = signers.cloro(SECRET, body, webhook_id=f"task-{name}-1")

    def post(h: dict[str, str]) -> tuple[int, Any]:
        status, answer = send(port, {"method": "POST", "target": "/hooks/cloro", "headers": list(h.items()),
                                     "body": body.decode()})
        return status, json.loads(answer)

    with serve(app) as port:
        assert post(headers) == (200, {"received": f"task-{name}"})
        assert post({**headers, "X-Cloro-Webhook-Id": f"task-{name}-2"}) == (200, {"status": "duplicate"})
        forged = {**headers, "X-Cloro-Signature": "v1=" + "0" * 64}
        assert post(forged) == (400, {"error": "signature_mismatch"})


@pytest.mark.parametrize("fmt", ["rest", "http", "url"])
def test_lambda_example_behind_each_gateway(fmt: str) -> None:
    """The README's Lambda handler behind a stand-in for each AWS front door
    (lambda_gateway.py): a genuine delivery, then a forgery."""
    from lambda_gateway import gateway

    os.environ["CLORO_WEBHOOK_SECRET"] = SECRET
    module: Any = load_example("lambda_handler")
    body = json.dumps({"task": {"id": f"task-lambda-{fmt}"}}).encode()
    headers = signers.cloro(SECRET, body, webhook_id=f"task-lambda-{fmt}-1")
    with gateway(fmt, module.handler) as port:
        for h, want in ((headers, (200, {"received": f"task-lambda-{fmt}"})),
                        ({**headers, "X-Cloro-Signature": "v1=" + "0" * 64}, (400, {"error": "signature_mismatch"}))):
            status, answer = send(port, {"method": "POST", "target": "/hooks/cloro", "headers": list(h.items()),
                                         "body": body.decode()})
            assert (status, json.loads(answer)) == want
