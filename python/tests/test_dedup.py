"""Exactly-once handling: the stores, every integration wired to them, and
two real server processes sharing one real redis-server."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import hookproof
import pytest
import signers
from dedup_protocol import check_one_claim_wins, check_protocol
from hookproof.dedup import CLAIMED, DONE, IN_FLIGHT

SECRET = "whsec_dedup_test_secret_value_88"
GH_SECRET = "github_dedup_test_secret_value_88"
FL_SECRET = "fl_dedup_test_secret_value_88"


def task(task_id: str) -> bytes:
    """A cloro body for one task: its signed task.id is the dedup key."""
    return json.dumps({"task": {"id": task_id, "status": "COMPLETED"}}).encode()


BODY = task("t1")


def test_memory_store_keeps_the_protocol() -> None:
    check_protocol(hookproof.MemoryDedup())


def test_memory_store_leases_and_ttls_expire_and_size_is_bounded() -> None:
    store = hookproof.MemoryDedup(lease=0.05, ttl=0.1, max_entries=3)
    _, token = store.claim("crashed")
    time.sleep(0.06)
    assert store.claim("crashed")[0] == CLAIMED  # the crashed worker's lease ran out
    _, token = store.claim("done")
    store.complete("done", token)
    time.sleep(0.11)
    assert store.claim("done")[0] == CLAIMED
    for i in range(10):
        store.claim(f"k{i}")
    assert len(store) == 3


def test_memory_store_is_thread_safe() -> None:
    check_one_claim_wins(hookproof.MemoryDedup())


def test_redis_store(redis_url: str) -> None:
    import redis

    store = hookproof.RedisDedup(redis.Redis.from_url(redis_url), prefix="unit:", lease=0.2)
    check_protocol(store)
    store.claim("lease")
    time.sleep(0.3)
    assert store.claim("lease")[0] == CLAIMED
    check_one_claim_wins(store)


def test_redis_store_with_asyncio_client(redis_url: str) -> None:
    import redis.asyncio

    async def run() -> list[str]:
        client = redis.asyncio.Redis.from_url(redis_url)
        store = hookproof.RedisDedup(client, prefix="async:")
        first = await store.claim("k")
        second = await store.claim("k")
        await store.complete("k", first[1])
        third = await store.claim("k")
        await client.aclose()
        return [first[0], second[0], third[0]]

    assert asyncio.run(run()) == [CLAIMED, IN_FLIGHT, DONE]


def flask_app(store: Any, fail: list[int]) -> Any:
    import flask
    from hookproof.flask import verify_webhook

    app = flask.Flask("dedup")
    wh = hookproof.Webhook("cloro", SECRET)
    runs: list[str] = []

    @app.post("/hook")
    @verify_webhook(wh, dedup=store)
    def hook() -> Any:
        runs.append(flask.g.webhook.dedup_key)
        if fail:
            fail.pop()
            raise RuntimeError("the handler broke")
        return {"ok": True}

    app.config["runs"] = runs
    return app


def check_flask_once(store: Any, name: str) -> None:
    """The Flask integration on `store`: a failed handler's claim is released
    and the retry runs; a repeat is a duplicate; a claim held elsewhere is 409."""
    app = flask_app(store, fail=[1])
    client = app.test_client()
    body = task(f"{name}-7")
    first = signers.cloro(SECRET, body, webhook_id=f"{name}-7-1")
    r = client.post("/hook", data=body, headers=first)
    assert r.status_code == 500  # the handler raised: the claim is released
    retry = signers.cloro(SECRET, body, webhook_id=f"{name}-7-2")
    assert client.post("/hook", data=body, headers=retry).get_json() == {"ok": True}
    again = signers.cloro(SECRET, body, webhook_id=f"{name}-7-3")
    r = client.post("/hook", data=body, headers=again)
    assert (r.status_code, r.get_json()) == (200, {"status": "duplicate"})
    assert app.config["runs"] == [f"{name}-7", f"{name}-7"]
    store.claim(f"cloro:{name}-8")
    body = task(f"{name}-8")
    r = client.post("/hook", data=body, headers=signers.cloro(SECRET, body, webhook_id=f"{name}-8-1"))
    assert (r.status_code, r.get_json()) == (409, {"error": "in_flight"})


def test_flask_handles_each_delivery_once_and_retries_failures() -> None:
    check_flask_once(hookproof.MemoryDedup(), "task")


class Broken:
    def claim(self, key: str) -> Any:
        raise ConnectionError("redis is down")

    def complete(self, key: str, token: str) -> None: ...
    def release(self, key: str, token: str) -> None: ...


def test_an_unreachable_store_fails_closed(caplog: pytest.LogCaptureFixture, redis_url: str) -> None:
    import redis

    for store in [Broken(), hookproof.RedisDedup(redis.Redis(port=1, socket_connect_timeout=0.2))]:
        app = flask_app(store, fail=[])
        r = app.test_client().post("/hook", data=BODY, headers=signers.cloro(SECRET, BODY))
        assert (r.status_code, r.get_json()) == (503, {"error": "dedup_unavailable"})
        assert app.config["runs"] == []
    assert any("dedup store unavailable" in rec.getMessage() for rec in caplog.records)


def test_django_and_fastapi_integrations_dedup(redis_url: str) -> None:
    from django.http import HttpRequest, JsonResponse
    from django.test import RequestFactory
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient
    from hookproof.django import verify_webhook
    from hookproof.fastapi import verified_webhook

    wh = hookproof.Webhook("cloro", SECRET)
    store = hookproof.MemoryDedup()
    runs = []

    @verify_webhook(wh, dedup=store)
    def view(request: HttpRequest) -> JsonResponse:
        runs.append("django")
        return JsonResponse({"ok": True}, status=502 if len(runs) == 1 else 200)

    from examples_loader import load_example

    # The Django example configures settings (once per process).
    os.environ.setdefault("STANDARD_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    load_example("django_app")
    factory = RequestFactory()
    dj = task("dj")
    send = lambda i: view(factory.post("/", data=dj, content_type="application/json",
                                       headers=signers.cloro(SECRET, dj, webhook_id=f"dj-{i}")))
    assert [send(1).status_code, send(2).status_code, send(3).status_code] == [502, 200, 200]
    assert json.loads(send(4).content) == {"status": "duplicate"}
    assert runs == ["django", "django"]

    import redis.asyncio

    from hookproof.fastapi import WebhookRoute

    app = FastAPI()
    app.router.route_class = WebhookRoute
    astore = hookproof.RedisDedup(redis.asyncio.Redis.from_url(redis_url), prefix="fastapi:")

    @app.post("/hook")
    async def hook(delivery: hookproof.Verified = Depends(verified_webhook(wh, dedup=astore))) -> dict[str, bool]:
        runs.append("fastapi")
        return {"ok": True}

    fa = task("fa")
    with TestClient(app) as client:
        first = client.post("/hook", content=fa, headers=signers.cloro(SECRET, fa, webhook_id="fa-1"))
        second = client.post("/hook", content=fa, headers=signers.cloro(SECRET, fa, webhook_id="fa-2"))
    assert (first.status_code, first.json()) == (200, {"ok": True})
    assert (second.status_code, second.json()) == (200, {"status": "duplicate"})
    assert runs.count("fastapi") == 1


def test_two_server_processes_share_one_redis(redis_url: str) -> None:
    """N concurrent copies of one delivery, spread over two gunicorn
    processes, run the handler exactly once; a handler that fails the first
    attempt processes the retry."""
    import redis
    import urllib.error
    import urllib.request

    from test_servers import free_port, server

    apps = Path(__file__).parent / "apps"
    env = {"REDIS_URL": redis_url, "CLORO_WEBHOOK_SECRET": SECRET, "PYTHONPATH": str(apps)}
    bin_dir = Path(os.sys.executable).parent
    ports = [free_port(), free_port()]
    argv = lambda port: [str(bin_dir / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "flask_dedup:app"]

    def post(base: str, webhook_id: str) -> tuple[int, Any]:
        body = task(webhook_id.rsplit("-", 1)[0])
        req = urllib.request.Request(f"{base}/hooks/cloro", data=body,
                                     headers={**signers.cloro(SECRET, body, webhook_id=webhook_id),
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    with server(argv(ports[0]), env, ports[0]) as a, server(argv(ports[1]), env, ports[1]) as b:
        bases = [a, b]
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda i: post(bases[i % 2], f"race-{i}"), range(40)))
        client = redis.Redis.from_url(redis_url)
        assert int(client.get("runs:race") or 0) == 1, answers
        statuses = sorted(s for s, _ in answers)
        assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}
        # A repeat after completion is a duplicate, whichever process gets it.
        assert post(b, "race-99") == (200, {"status": "duplicate"})
        # Nothing lost: the first attempt fails (500), the retry is processed.
        assert post(a, "fail-first-1")[0] == 500
        assert post(b, "fail-first-2") == (200, {"processed": "fail-first", "runs": 2})
        assert post(a, "fail-first-3") == (200, {"status": "duplicate"})


def _through(framework: str, wh: hookproof.Webhook, deliveries: list[tuple[bytes, dict[str, str]]],
             require: bool = True) -> tuple[list[tuple[int, Any]], list[str]]:
    """Posts `deliveries` in turn through one integration with a store;
    returns each answer (status, JSON) and the handler's runs."""
    store = hookproof.MemoryDedup()
    runs: list[str] = []
    statuses: list[tuple[int, Any]] = []
    if framework == "flask":
        import flask
        from hookproof.flask import verify_webhook

        app = flask.Flask("through")

        @app.post("/hook")
        @verify_webhook(wh, dedup=store, require_dedup_key=require)
        def hook() -> Any:
            runs.append("flask")
            return {"ok": True}

        client = app.test_client()
        for body, headers in deliveries:
            r = client.post("/hook", data=body, headers=headers)
            statuses.append((r.status_code, r.get_json()))
    elif framework.startswith("django"):
        from django.http import HttpRequest, JsonResponse
        from django.test import RequestFactory
        from examples_loader import load_example
        from hookproof.django import verify_webhook as django_verify

        os.environ.setdefault("STANDARD_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        load_example("django_app")  # configures Django's settings (once per process)

        def handle(request: HttpRequest) -> JsonResponse:
            runs.append("django")
            return JsonResponse({"ok": True})

        async def ahandle(request: HttpRequest) -> JsonResponse:
            return handle(request)

        view = django_verify(wh, dedup=store, require_dedup_key=require)(ahandle if framework == "django-async" else handle)
        for body, headers in deliveries:
            r = view(RequestFactory().post("/", data=body, content_type="application/json", headers=headers))
            r = asyncio.run(r) if framework == "django-async" else r
            statuses.append((r.status_code, json.loads(r.content)))
    else:
        from fastapi import Depends, FastAPI
        from fastapi.testclient import TestClient
        from hookproof.fastapi import WebhookRoute, verified_webhook

        api = FastAPI()
        api.router.route_class = WebhookRoute

        @api.post("/hook")
        async def endpoint(d: hookproof.Verified = Depends(verified_webhook(wh, dedup=store, require_dedup_key=require))) -> Any:
            runs.append("fastapi")
            return {"ok": True}

        with TestClient(api) as client:
            for body, headers in deliveries:
                r = client.post("/hook", content=body, headers=headers)
                statuses.append((r.status_code, r.json()))
    return statuses, runs


FRAMEWORKS = ["flask", "django", "django-async", "fastapi"]


def _github_without_its_delivery_id() -> tuple[bytes, dict[str, str]]:
    """A genuine GitHub delivery whose X-GitHub-Delivery (its dedup key, an
    unsigned header) is gone."""
    headers = dict(hookproof.Webhook("github", GH_SECRET).sign(BODY, id="d-1"))
    del headers["X-GitHub-Delivery"]
    return BODY, headers


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_with_a_store_a_delivery_without_its_dedup_key_is_refused_and_logged(
    framework: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Exactly-once cannot hold for a delivery with no key: by default it is
    refused (never run twice in silence), and the log names the header."""
    wh = hookproof.Webhook("github", GH_SECRET)
    statuses, runs = _through(framework, wh, [_github_without_its_delivery_id()] * 2)
    assert (statuses[-1], runs) == ((400, {"error": "missing_header"}), [])
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("code=missing_header" in w and "X-GitHub-Delivery" in w for w in warnings), warnings


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_require_dedup_key_false_handles_it_without_dedup_and_says_so(
    framework: str, caplog: pytest.LogCaptureFixture
) -> None:
    wh = hookproof.Webhook("github", GH_SECRET)
    statuses, runs = _through(framework, wh, [_github_without_its_delivery_id()] * 2, require=False)
    assert (statuses[-1], len(runs)) == ((200, {"ok": True}), 2)
    assert any("without deduplication" in r.getMessage() and "X-GitHub-Delivery" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_cloro_replay_with_a_rewritten_id_header_is_refused(framework: str, caplog: pytest.LogCaptureFixture) -> None:
    """cloro does not sign X-Cloro-Webhook-Id. A captured delivery replayed
    with another task's id still verifies, but its key is the signed task.id,
    which the header contradicts: refused, logged, the handler not run again.
    Without the header, the signed key still deduplicates it."""
    wh = hookproof.Webhook("cloro", SECRET)
    genuine = signers.cloro(SECRET, BODY, webhook_id="t1-1")
    forged = {**genuine, "X-Cloro-Webhook-Id": "t2-1"}
    no_id = {k: v for k, v in genuine.items() if k != "X-Cloro-Webhook-Id"}
    statuses, runs = _through(framework, wh, [(BODY, genuine), (BODY, forged), (BODY, no_id)])
    assert statuses == [(200, {"ok": True}), (400, {"error": "malformed_header"}), (200, {"status": "duplicate"})]
    assert len(runs) == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("code=malformed_header" in w and "scheme=cloro" in w for w in warnings), warnings


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_fileloom_replay_with_a_new_delivery_id_and_timestamp_is_a_duplicate(framework: str) -> None:
    """Fileloom signs neither its timestamp nor X-Fileloom-Delivery-Id: a
    replay may refresh both. The key is the signed body's event id, so the
    copy is answered as a duplicate."""
    wh = hookproof.Webhook("fileloom", FL_SECRET)
    body = json.dumps({"id": "evt_replayed_1", "event": "pdf.generated"}).encode()
    genuine = signers.fileloom(FL_SECRET, body, delivery="dlv_1")
    replay = signers.fileloom(FL_SECRET, body, ts=int(time.time()) + 5, delivery="dlv_forged")
    statuses, runs = _through(framework, wh, [(body, genuine), (body, replay)])
    assert statuses == [(200, {"ok": True}), (200, {"status": "duplicate"})]
    assert len(runs) == 1


def test_a_scheme_whose_key_is_absent_by_design_is_handled_without_dedup_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A scheme with no dedup key at all (or a body field some payloads lack,
    as Slack's url_verification): nothing to refuse, so the delivery runs,
    and the log says it ran without deduplication."""
    import flask
    from hookproof.flask import verify_webhook

    keyless = hookproof.Scheme(
        name="acme", signature_header="X-Acme-Signature", signature_format={"list": {"prefix": "v1="}},
        message="{timestamp}.{body}", timestamp_header="X-Acme-Timestamp", algorithm="hmac-sha256", key="utf8", encoding="hex",
    )
    wh = hookproof.Webhook(keyless, SECRET)
    assert wh.dedup_header is None and hookproof.Webhook("github", GH_SECRET).dedup_header == "X-GitHub-Delivery"
    assert hookproof.Webhook("cloro", SECRET).dedup_header is None  # its key is the signed task.id
    app = flask.Flask("keyless")
    runs: list[int] = []

    @app.post("/hook")
    @verify_webhook(wh, dedup=hookproof.MemoryDedup())
    def hook() -> Any:
        runs.append(1)
        return {"ok": True}

    for _ in range(2):
        r = app.test_client().post("/hook", data=BODY, headers=wh.sign(BODY))
        assert (r.status_code, r.get_json()) == (200, {"ok": True})
    assert len(runs) == 2
    assert sum("without deduplication" in r.getMessage() for r in caplog.records) == 2
