"""FastAPI integration.

    from hookproof.fastapi import WebhookRoute, verified_webhook

    router = APIRouter(route_class=WebhookRoute)

    @router.post("/hooks/cloro")
    async def cloro_hook(delivery: hookproof.Verified = Depends(verified_webhook(wh))):
        ...

The dependency reads the body itself (never more than the limit and one
chunk, with or without a Content-Length) and returns the verified delivery. On failure
it answers 400 ``{"error": code}`` (and logs a warning on the ``hookproof``
logger); above ``max_body`` bytes, 413 ``{"error": "body_too_large"}``.

**With ``dedup=``, routes need ``WebhookRoute``.** A dependency sees an
exception but not the response an endpoint returns, so on its own it could
not tell a ``JSONResponse(status_code=503)`` from a success, and would mark
the delivery handled: the sender's retry would be answered "duplicate" and
the event lost. ``WebhookRoute`` (an ``APIRoute``) settles the claim once the
endpoint has answered, by its status. A dedup dependency on a route without
it answers 500 ``{"error": "misconfigured"}`` (the sender retries) and logs
how to fix it.

Rejections are answered with the same ``{"error": code}`` bytes as every
other integration: by ``WebhookRoute`` itself, or, on other routes, through
a handler for ``WebhookRejected`` that the dependency registers the first
time in the application's exception-handler table (Starlette 0.28 and later
keep that table in the request scope as ``starlette.exception_handlers``;
0.27, FastAPI 0.100's, in its ``ExceptionMiddleware``). A handler you
register yourself for ``WebhookRejected`` wins. Should a Starlette release
keep the table elsewhere, the answer falls back to
``{"detail": {"error": code}}`` with the same status.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from . import _integration as common
from ._native import Verified, Webhook
from .asgi import seen_of

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["WebhookRejected", "WebhookRoute", "verified_webhook"]

#: Where ``WebhookRoute`` leaves its settle slot in the request scope.
_SETTLE = "hookproof.settle"


class WebhookRejected(HTTPException):
    """Raised by the dependency; rendered as the core's answer
    (``{"error": code}``, or 200 ``{"status": "duplicate"}``), or as 200 with
    the reply to a sender's subscription handshake (``code``
    ``"handshake"``: Event Grid's validation)."""

    def __init__(self, answer: common.Answer) -> None:
        status, body = answer
        payload = json.loads(body)
        super().__init__(status_code=status, detail=payload)
        self.code: str = payload.get("error", payload.get("status", "handshake"))
        self.body = body


def _render(answer: WebhookRejected) -> Response:
    return Response(answer.body, status_code=answer.status_code, media_type="application/json")


async def _render_handler(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebhookRejected)
    return _render(exc)


class _Settle:
    """The claim a dependency took on a ``WebhookRoute``, settled by the
    route once the endpoint answered."""

    def __init__(self) -> None:
        self.gate: common.Gate | None = None
        self.claim: common.Claim | None = None

    async def run(self, status: int | None) -> None:
        if self.gate is not None:
            gate, self.gate = self.gate, None
            await gate.afinish(self.claim, status)


class WebhookRoute(APIRoute):
    """An ``APIRoute`` that settles a delivery's dedup claim by the status
    the endpoint answered (complete, or release on 5xx, 408, 425, 429 or an
    exception, by the core's rule), and answers the dependency's rejections
    with the core's bytes. Use it for routes with a dedup store:
    ``APIRouter(route_class=WebhookRoute)``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            settle = _Settle()
            request.scope[_SETTLE] = settle
            try:
                response = await handler(request)
            except WebhookRejected as e:
                await settle.run(None)
                return _render(e)
            except HTTPException as e:  # raised by the endpoint: an answer with its status
                await settle.run(e.status_code)
                raise
            except BaseException:
                await settle.run(None)
                raise
            await settle.run(response.status_code)
            return response

        return route


def _handler_table(request: Request) -> dict[Any, Any] | None:
    """The application's exception-handler table, where this Starlette keeps
    it: in the request scope (Starlette 0.28 and later), else in the
    ``ExceptionMiddleware`` at the bottom of the app's middleware stack
    (Starlette 0.27, which FastAPI 0.100 uses). Each shape is checked; None
    when neither is found."""
    handlers = request.scope.get("starlette.exception_handlers")
    if isinstance(handlers, tuple) and handlers and isinstance(handlers[0], dict):
        return handlers[0]
    node = getattr(request.app, "middleware_stack", None)
    for _ in range(64):  # a stack is a few middlewares deep
        if node is None:
            break
        table = getattr(node, "_exception_handlers", None)
        if isinstance(table, dict):
            return table
        node = getattr(node, "app", None)
    return None


def _reject(request: Request, answer: common.Answer) -> WebhookRejected:
    if _SETTLE not in request.scope:
        table = _handler_table(request)
        if table is not None:
            table.setdefault(WebhookRejected, _render_handler)
    return WebhookRejected(answer)


def verified_webhook(wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]) -> Callable[[Request], AsyncIterator[Verified]]:
    """A dependency that yields the verified delivery or rejects the request;
    the options are those of ``hookproof.flask.verify_webhook``.

    With ``dedup`` (``MemoryDedup``, or ``RedisDedup`` over ``redis.asyncio``)
    the delivery is claimed first: a handled repeat answers 200
    ``{"status": "duplicate"}``, one in flight 409, an unreachable store 503.
    The route must be a ``WebhookRoute``, which completes the claim when the
    endpoint answers and releases it when it raises or answers 5xx, 408, 425
    or 429. With ``dedup``, a delivery without a dedup key is refused (400
    ``missing_header``, logged) unless ``require_dedup_key=False``."""
    gate = common.Gate(wh, **options)

    async def dependency(request: Request) -> AsyncIterator[Verified]:
        seen = _seen(request)
        settle = request.scope.get(_SETTLE)
        bound = await gate.afor_request(seen, request)
        if isinstance(bound, tuple):
            raise _reject(request, bound)
        if bound.dedup is not None and not isinstance(settle, _Settle):
            common.logger.error(
                "webhook not processed: a dedup store needs the route to be a "
                "hookproof.fastapi.WebhookRoute (APIRouter(route_class=WebhookRoute)), "
                "which sees the status the endpoint answers"
            )
            raise _reject(request, bound.refuse("misconfigured", seen, logged=True))
        length = common.parse_length(request.headers.get("content-length"))
        refused = bound.too_large(length, seen)
        if refused is not None:
            raise _reject(request, refused)
        body = await common.aread_bounded(request.stream(), bound.max_body)
        if body is not None:
            request._body = body  # what request.body() caches, so the endpoint can read it too
        verified = await bound.aaccept(body, length, seen, request)
        if isinstance(verified, tuple):
            raise _reject(request, verified)
        answer, claim = await bound.abegin(verified, seen)
        if answer is not None:
            raise _reject(request, answer)
        if isinstance(settle, _Settle) and claim is not None:
            settle.gate, settle.claim = bound, claim
        yield verified

    return dependency


def _seen(request: Request) -> common.Seen:
    return seen_of(request.scope, request.headers)
