"""Every Python adapter against the integration spec
(tests/vectors/integration/integration.json), each over a real server on
loopback: Flask and Django on Werkzeug's threaded server, FastAPI on
uvicorn. The same cases run against every Node adapter."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import hookproof
import pytest
from lambda_gateway import FAILED, FORMATS, gateway
from spec_client import SPEC, STALL_AFTER, check, send

ADAPTERS = [
    "flask", "django", "fastapi", "starlette", "litestar", "quart", "aiohttp", "falcon-wsgi", "falcon-asgi",
    "lambda-rest", "lambda-http", "lambda-url",
]

_FIRST = "the middleware reads the ASGI channel before any framework code runs: no parser can come first"
#: Requests an adapter cannot be sent, with the reason.
NOT_APPLICABLE = {
    ("fastapi", "consume"): "Starlette keeps a body it read (request.body() caches it): no parser "
    "can consume it before the dependency",
    ("starlette", "consume"): _FIRST,
    ("litestar", "consume"): _FIRST,
    ("quart", "consume"): _FIRST,
}
_GATEWAY_READS = ("the gateway reads the whole request before invoking the function: nothing in the "
                  "function can read it first, or stop a stalled one")
_HTTPS_ONLY = ("API Gateway and function URLs are https only, and this case signs the http URL the server "
               "saw (test_aws_lambda.py checks the https URLs rebuilt from AWS's sample events)")
for _fmt in FORMATS:
    NOT_APPLICABLE[(f"lambda-{_fmt}", "consume")] = _GATEWAY_READS
    NOT_APPLICABLE[(f"lambda-{_fmt}", "stall")] = _GATEWAY_READS
    NOT_APPLICABLE[(f"lambda-{_fmt}", "http-url")] = _HTTPS_ONLY
#: Every path the spec sends to.
PATHS = sorted({r["target"].split("?")[0] for c in SPEC["tests"] for r in c["requests"]})
ASYNC = {"fastapi", "starlette", "litestar", "quart", "aiohttp", "falcon-asgi"}


class App:
    """What the app's handler does for the next request, and what happened."""

    def __init__(self) -> None:
        self.behaviour, self.consume, self.ran = "ok", False, False
        self.rejected: list[str] = []

    def handle(self) -> int:
        """Runs the handler's behaviour; the status it answers."""
        self.ran = True
        if self.behaviour == "raise":
            raise RuntimeError("the handler failed")
        return int(self.behaviour.split(":")[1]) if self.behaviour.startswith("status:") else 200


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def options(case: dict[str, Any], app: App, asynchronous: bool) -> dict[str, Any]:
    spec = dict(case["options"])
    store = spec.pop("dedup", None)
    if store == "memory":
        spec["dedup"] = hookproof.MemoryDedup()
    elif store == "redis_unreachable":
        import redis
        import redis.asyncio
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # Refused at once, and not retried: the answer is due now.
        client = (redis.asyncio.Redis if asynchronous else redis.Redis)(
            port=closed_port(), socket_timeout=2, retry=Retry(NoBackoff(), 0)
        )
        spec["dedup"] = hookproof.RedisDedup(client)
    spec["on_reject"] = lambda r: app.rejected.append(r.code)
    return spec


@contextmanager
def werkzeug_server(wsgi: Callable[..., Any]) -> Iterator[int]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join()


@contextmanager
def uvicorn_server(asgi: Any) -> Iterator[int]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(asgi, log_level="error", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.01)
    try:
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def flask_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    from flask import Flask, jsonify, request
    from hookproof.flask import verify_webhook

    flask = Flask("spec")

    @flask.before_request
    def parser() -> None:
        if app.consume:
            request.stream.read()  # a parser that reads the stream without keeping it

    @flask.post("/<path:anything>")
    @verify_webhook(wh, **opts)
    def view(anything: str) -> Any:
        return jsonify(handled=True), app.handle()

    return flask


def django_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    """Django's own request and response objects around the decorated view
    (the handler's URL routing and middleware left out)."""
    import os

    from examples_loader import load_example

    # Django is configured once per process: by the README's example app,
    # as test_django.py does, whichever runs first.
    os.environ.setdefault("STANDARD_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    load_example("django_app")
    from django.core.handlers.wsgi import WSGIRequest
    from django.http import HttpResponseServerError, JsonResponse
    from hookproof.django import verify_webhook

    @verify_webhook(wh, **opts)
    def view(request: Any) -> Any:
        return JsonResponse({"handled": True}, status=app.handle())

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        request = WSGIRequest(environ)
        if app.consume:
            request.read()  # a middleware that read the stream
        try:
            response = view(request)
        except Exception:
            response = HttpResponseServerError()
        response.headers.setdefault("Content-Length", str(len(response.content)))
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]

    return wsgi


def fastapi_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    from fastapi import Depends, FastAPI
    from fastapi.responses import JSONResponse
    from hookproof.fastapi import WebhookRoute, verified_webhook

    api = FastAPI()
    api.router.route_class = WebhookRoute
    dependency = verified_webhook(wh, **opts)

    @api.post("/{anything:path}")
    async def view(anything: str, delivery: hookproof.Verified = Depends(dependency)) -> Any:
        return JSONResponse({"handled": True}, status_code=app.handle())

    return api


def starlette_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    from hookproof.asgi import WebhookMiddleware, webhook_of
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def view(request: Any) -> Any:
        webhook_of(request)
        return JSONResponse({"handled": True}, status_code=app.handle())

    return Starlette(
        routes=[Route("/{anything:path}", view, methods=["POST"])],
        middleware=[Middleware(WebhookMiddleware, wh=wh, **opts)],
    )


def litestar_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    pytest.importorskip("litestar")
    # Litestar reads the handler's annotations at run time: a module of its own.
    from spec_litestar import make

    return make(wh, opts, app)


def quart_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    pytest.importorskip("quart")
    from hookproof.asgi import WebhookMiddleware, webhook_of
    from quart import Quart, request

    quart = Quart("spec")

    @quart.post("/<path:anything>")
    async def view(anything: str) -> Any:
        webhook_of(request)
        return {"handled": True}, app.handle()

    quart.asgi_app = WebhookMiddleware(quart.asgi_app, wh, **opts)  # type: ignore[method-assign]
    return quart


def aiohttp_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    pytest.importorskip("aiohttp")
    from aiohttp import web
    from hookproof.aiohttp import verify_webhook

    @web.middleware
    async def parser(request: web.Request, handler: Any) -> Any:
        if app.consume:
            await request.read()  # a middleware that read the body first
        return await handler(request)

    @verify_webhook(wh, **opts)
    async def view(request: web.Request) -> web.StreamResponse:
        assert isinstance(request["webhook"], hookproof.Verified)
        return web.json_response({"handled": True}, status=app.handle())

    aio = web.Application(middlewares=[parser])
    aio.router.add_post("/{anything:.*}", view)
    return aio


def falcon_app(asynchronous: bool) -> Callable[..., Any]:
    def make(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
        pytest.importorskip("falcon")
        import falcon
        import falcon.asgi
        from hookproof.falcon import verify_webhook

        if asynchronous:

            class AsyncParser:
                async def process_request(self, req: Any, resp: Any) -> None:
                    if app.consume:
                        await req.stream.read()

            class AsyncHook:
                @verify_webhook(wh, **opts)
                async def on_post(self, req: Any, resp: Any) -> None:
                    assert isinstance(req.context.webhook, hookproof.Verified)
                    resp.status, resp.media = app.handle(), {"handled": True}

            api: Any = falcon.asgi.App(middleware=[AsyncParser()])
            for path in PATHS:  # one route each: Falcon 3 has no path converter
                api.add_route(path, AsyncHook())
            return api

        class Parser:
            def process_request(self, req: Any, resp: Any) -> None:
                if app.consume:
                    req.bounded_stream.read()

        class Hook:
            @verify_webhook(wh, **opts)
            def on_post(self, req: Any, resp: Any) -> None:
                assert isinstance(req.context.webhook, hookproof.Verified)
                resp.status, resp.media = app.handle(), {"handled": True}

        api = falcon.App(middleware=[Parser()])
        for path in PATHS:
            api.add_route(path, Hook())
        return api

    return make


@contextmanager
def aiohttp_server(aio: Any) -> Iterator[int]:
    from aiohttp import web

    import inspect

    loop = asyncio.new_event_loop()
    # A stalled upload's connection may still be open at cleanup: wait for it
    # 1 s, not aiohttp's 60 (the option moved from the site to the runner in 3.9).
    on_runner = "shutdown_timeout" in inspect.signature(web.BaseRunner.__init__).parameters
    runner = web.AppRunner(aio, access_log=None, **({"shutdown_timeout": 1.0} if on_runner else {}))
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0, **({} if on_runner else {"shutdown_timeout": 1.0}))
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield int(port)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def lambda_app(wh: hookproof.Webhook, opts: dict[str, Any], app: App) -> Any:
    from hookproof.aws_lambda import verify_webhook

    @verify_webhook(wh, **opts)
    def handler(event: dict[str, Any], delivery: hookproof.Verified, context: Any) -> Any:
        assert isinstance(delivery, hookproof.Verified)
        status = app.handle()
        return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": '{"handled": true}'}

    return handler


MAKERS: dict[str, Callable[..., Any]] = {
    "flask": flask_app,
    "django": django_app,
    "fastapi": fastapi_app,
    "starlette": starlette_app,
    "litestar": litestar_app,
    "quart": quart_app,
    "aiohttp": aiohttp_app,
    "falcon-wsgi": falcon_app(asynchronous=False),
    "falcon-asgi": falcon_app(asynchronous=True),
    **{f"lambda-{fmt}": lambda_app for fmt in FORMATS},
}


def serving(adapter: str) -> Callable[[Any], Any]:
    if adapter.startswith("lambda-"):
        return lambda handler: gateway(adapter.removeprefix("lambda-"), handler)
    return aiohttp_server if adapter == "aiohttp" else uvicorn_server if adapter in ASYNC else werkzeug_server


def tenant_header(request: Any, name: str) -> str | None:
    """A header of the request object an adapter hands the app's function:
    a framework's request, Falcon's ``req``, an ASGI scope or a Lambda event."""
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        if isinstance(headers, list):  # an ASGI scope: (bytes, bytes) pairs
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers}
        return next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    if hasattr(request, "get_header"):  # Falcon
        return request.get_header(name)
    return request.headers.get(name)


def webhook_of(spec: dict[str, Any], asynchronous: bool) -> Any:
    """The case's Webhook, or for a multi-tenant case the function that
    picks one per request (async in async adapters)."""
    if "tenants" not in spec:
        return hookproof.Webhook(spec["scheme"], spec["secrets"], tolerance=spec["tolerance"])
    tenants = {t: hookproof.Webhook(w["scheme"], w["secrets"], tolerance=w["tolerance"], tenant=t)
               for t, w in spec["tenants"].items()}

    def pick(request: Any) -> hookproof.Webhook | None:
        tenant = tenant_header(request, spec["tenant_header"])
        if tenant == spec["failing"]:
            raise ConnectionError("the tenants database is down")
        return tenants.get(tenant or "")

    async def apick(request: Any) -> hookproof.Webhook | None:
        await asyncio.sleep(0)
        return pick(request)

    return apick if asynchronous else pick


def inapplicable(adapter: str, case: dict[str, Any], request: dict[str, Any]) -> str | None:
    """Why this request cannot be sent to this adapter, if it cannot."""
    stalls = request.get("chunked") and request.get("body_size", 0) > STALL_AFTER
    server_view = case["webhook"].get("scheme") in {"twilio", "square", "hubspot"} and not (
        case["options"].get("public_url") or case["options"].get("trust_forwarded")
    )
    for kind, applies in (("consume", request.get("consume")), ("stall", stalls),
                          ("http-url", server_view)):  # a refusal would pass whatever the adapter did
        if applies and (adapter, kind) in NOT_APPLICABLE:
            return NOT_APPLICABLE[(adapter, kind)]
    return None


class Lines(logging.Handler):
    """The hookproof logger's warnings and errors, kept on the logger itself:
    Litestar replaces the root logger's handlers (pytest's caplog among them)
    when it starts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged() -> Iterator[list[str]]:
    handler, log = Lines(), logging.getLogger("hookproof")
    log.addHandler(handler)
    try:
        yield handler.lines
    finally:
        log.removeHandler(handler)


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("case", SPEC["tests"], ids=lambda c: f"{c['tcId']}")
def test_adapter_answers_as_the_spec_says(adapter: str, case: dict[str, Any], logged: list[str]) -> None:
    app = App()
    spec = case["webhook"]
    wh = webhook_of(spec, asynchronous=adapter in ASYNC)
    opts = options(case, app, asynchronous=adapter in ASYNC)
    with serving(adapter)(MAKERS[adapter](wh, opts, app)) as port:
        for i, request in enumerate(case["requests"]):
            reason = inapplicable(adapter, case, request)
            if reason:
                pytest.skip(reason)
            app.behaviour, app.consume, app.ran = request["handler"], request.get("consume", False), False
            app.rejected.clear()
            if "claimed" in request:  # another worker is handling this delivery
                opts["dedup"].claim(hookproof._native.store_key(spec["scheme"], request["claimed"]))
            logged.clear()
            got = send(port, request)
            if adapter.startswith("lambda-") and request["handler"] == "raise":
                # The gateway answers a function that raised, with its own status.
                assert got[0] == FAILED[adapter.removeprefix("lambda-")], got
                got = (case["requests"][i]["expect"]["status"], got[1])
            check(case, i, got, app.ran, app.rejected, logged)


def test_the_spec_covers_what_it_promises() -> None:
    """Every drift the spec was written for has a case."""
    text = str(SPEC)
    for needle in ["chunked", "consume", "redis_unreachable", "twilio", "hubspot", "square", "status:503",
                   "status:429", "raise", "trust_forwarded", "public_url", "malformed_header", "claimed", "in_flight",
                   "'log'"]:
        assert needle in text, needle


def test_a_list_valued_header_gives_its_first_value_as_in_node() -> None:
    """The delivery id an integration logs and reports, from a mapping whose
    values are lists (as some servers give repeated headers): the first, as
    node/gate.js does (it used to be dropped here)."""
    from hookproof._integration import header

    assert header({"X-Cloro-Webhook-Id": ["t-1-1", "t-1-2"]}, "x-cloro-webhook-id") == "t-1-1"
    assert header({"x-cloro-webhook-id": b"t-2-1"}, "X-Cloro-Webhook-Id") == "t-2-1"
    assert header({"other": "x"}, "X-Cloro-Webhook-Id") is None


def test_memory_dedup_is_the_cores_in_both_runtimes() -> None:
    """One implementation (hookproof::dedup::MemoryDedup) on a monotonic
    clock: Python's class is the native one; node/dedup.js wraps the same."""
    assert hookproof.MemoryDedup is hookproof._native.MemoryDedup
    from conftest import ROOT

    assert "native.memoryDedupClaim" in (ROOT / "node" / "dedup.js").read_text(encoding="utf-8")


def test_an_abort_is_an_answer_and_an_async_on_reject_runs() -> None:
    """Flask's abort(404) settles the claim by its status (complete: the
    retry is a duplicate), as Node's ctx.throw(404) does; an async
    on_reject runs on the app's loop (ASGI)."""
    import json

    import signers
    from flask import Flask, abort
    from hookproof.flask import verify_webhook

    secret = "whsec_abort_and_async_hook_secret_77"
    wh = hookproof.Webhook("cloro", secret)
    flask = Flask("abort")

    @flask.post("/hook")
    @verify_webhook(wh, dedup=hookproof.MemoryDedup())
    def hook() -> Any:
        abort(404)

    body = json.dumps({"task": {"id": "t-abort"}}).encode()
    headers = signers.cloro(secret, body, webhook_id="t-abort-1")
    client = flask.test_client()
    assert client.post("/hook", data=body, headers=headers).status_code == 404
    assert client.post("/hook", data=body, headers=headers).json == {"status": "duplicate"}

    from hookproof.asgi import WebhookMiddleware
    from starlette.applications import Starlette

    seen: list[str] = []

    async def alert(rejection: hookproof.Rejection) -> None:
        seen.append(rejection.code)

    app = Starlette(routes=[], middleware=[])
    app = WebhookMiddleware(app, wh, on_reject=alert)  # type: ignore[assignment]
    with uvicorn_server(app) as port:
        forged = {**headers, "X-Cloro-Signature": "v1=" + "0" * 64}
        status, _ = send(port, {"method": "POST", "target": "/hook", "headers": list(forged.items()),
                                "body": body.decode()})
    assert (status, seen) == (400, ["signature_mismatch"])


def test_tenants_sharing_a_dedup_store_need_their_ids() -> None:
    """With one store for every tenant, a Webhook without its tenant id is
    refused (500 misconfigured): its keys would meet other tenants'."""
    import signers
    from flask import Flask
    from hookproof.flask import verify_webhook

    secret = "whsec_tenant_without_its_id_value_1"
    anonymous = hookproof.Webhook("cloro", secret)
    named = hookproof.Webhook("cloro", secret, tenant="acme")
    flask = Flask("tenants")

    @flask.post("/<tenant>/hook")
    @verify_webhook(lambda request: {"anonymous": anonymous, "acme": named}[request.view_args["tenant"]],
                    dedup=hookproof.MemoryDedup())
    def hook(tenant: str) -> Any:
        return {"tenant": hookproof_delivery().tenant}

    def hookproof_delivery() -> Any:
        import flask as f

        return f.g.webhook

    body = b'{"task":{"id":"t-1"}}'
    headers = signers.cloro(secret, body, webhook_id="t-1-1")
    client = flask.test_client()
    assert client.post("/anonymous/hook", data=body, headers=headers).json == {"error": "misconfigured"}
    assert client.post("/acme/hook", data=body, headers=headers).json == {"tenant": "acme"}
    assert named.tenant == "acme" and anonymous.tenant is None
    with pytest.raises(hookproof.ConfigurationError):
        hookproof.Webhook("cloro", secret, tenant="acme:1")
