"""hookproof.flask through Flask's test client, on the README's example app."""

from __future__ import annotations

import json
import logging

import flask
import hookproof
import pytest
import signers
from examples_loader import load_example
from hookproof.flask import verify_webhook

SECRET = "whsec_flask_example_secret_0042"
BODY = json.dumps({"task": {"id": "b27a21e1-7c39-4aa2-a347-23e828c426f9"}}).encode()


@pytest.fixture(scope="module")
def client(monkeypatch_module: pytest.MonkeyPatch) -> flask.testing.FlaskClient:
    monkeypatch_module.setenv("CLORO_WEBHOOK_SECRET", SECRET)
    return load_example("flask_app").app.test_client()


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_genuine_delivery_reaches_the_view(client: flask.testing.FlaskClient) -> None:
    headers = signers.cloro(SECRET, BODY, webhook_id="b27a21e1-7c39-4aa2-a347-23e828c426f9-2")
    r = client.post("/hooks/cloro", data=BODY, headers=headers, content_type="application/json")
    assert r.status_code == 200
    assert r.get_json() == {
        "received": "b27a21e1-7c39-4aa2-a347-23e828c426f9",
        "dedup_key": "b27a21e1-7c39-4aa2-a347-23e828c426f9",
    }


def test_failures_answer_400_with_the_code_and_log_a_warning(
    client: flask.testing.FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    headers = signers.cloro(SECRET, BODY, webhook_id="task-9\tFAKE LOG LINE")
    caplog.set_level(logging.WARNING, logger="hookproof")
    r = client.post("/hooks/cloro", data=BODY + b" ", headers=headers, content_type="application/json")
    assert (r.status_code, r.get_json()) == (400, {"error": "signature_mismatch"})
    r = client.post("/hooks/cloro", data=BODY, headers=signers.cloro(SECRET, BODY, ts=1), content_type="application/json")
    assert (r.status_code, r.get_json()) == (400, {"error": "timestamp_too_old"})
    r = client.post("/hooks/cloro", data=BODY, content_type="application/json")
    assert (r.status_code, r.get_json()) == (400, {"error": "missing_header"})
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "hookproof"]
    assert len(lines) == 3
    assert "code=signature_mismatch scheme=cloro" in lines[0] and "client=127.0.0.1" in lines[0]
    assert "\t" not in lines[0] and "task-9?FAKE?LOG?LINE" in lines[0]
    assert all(SECRET not in line and headers["X-Cloro-Signature"][3:] not in line for line in lines)


def make_app(**kwargs: int) -> flask.Flask:
    app = flask.Flask("t")
    wh = hookproof.Webhook("fileloom", "fileloom_flask_secret")

    @app.before_request
    def touch_form() -> None:
        if flask.request.path == "/consumed":
            _ = flask.request.form  # a parser reads the stream first

    @app.post("/hook")
    @verify_webhook(wh, **kwargs)
    def hook() -> dict[str, str | None]:
        return {"event": flask.g.webhook.event}

    app.add_url_rule("/consumed", view_func=verify_webhook(wh)(lambda: "never"), methods=["POST"])
    return app


def test_body_limit_answers_413() -> None:
    client = make_app(max_body=100).test_client()
    body = b"x" * 101
    r = client.post("/hook", data=body, headers=signers.fileloom("fileloom_flask_secret", body))
    assert (r.status_code, r.get_json()) == (413, {"error": "body_too_large"})
    small = b"y" * 100
    r = client.post("/hook", data=small, headers=signers.fileloom("fileloom_flask_secret", small))
    assert (r.status_code, r.get_json()) == (200, {"event": "pdf.generated"})


def test_consumed_body_is_explained(caplog: pytest.LogCaptureFixture) -> None:
    client = make_app().test_client()
    body = b"a=1&b=2"
    r = client.post(
        "/consumed",
        data=body,
        headers=signers.fileloom("fileloom_flask_secret", body),
        content_type="application/x-www-form-urlencoded",
    )
    assert (r.status_code, r.get_json()) == (500, {"error": "body_consumed"})
    assert any("already read" in rec.getMessage() for rec in caplog.records)
