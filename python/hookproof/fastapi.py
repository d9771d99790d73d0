"""FastAPI / Starlette integration.

    from hookproof.fastapi import verified_webhook

    @app.post("/hooks/cloro")
    async def cloro_hook(delivery: hookproof.Verified = Depends(verified_webhook(wh))):
        ...

The dependency reads ``await request.body()`` itself and returns the verified
delivery. On failure it answers 400 ``{"error": code}`` (and logs a warning
on the ``hookproof`` logger); above ``max_body`` bytes, 413
``{"error": "body_too_large"}``.

FastAPI renders ``HTTPException`` as ``{"detail": ...}``. To answer with the
same ``{"error": code}`` body as the Flask and Django integrations, the
dependency raises ``WebhookRejected`` and, the first time, registers a handler
for it in the application's exception-handler table (Starlette 0.28 and later
keep that table in the request scope as ``starlette.exception_handlers``;
0.27, FastAPI 0.100's, in its ``ExceptionMiddleware``). A handler you register
yourself for ``WebhookRejected`` wins. Should a Starlette release keep the
table elsewhere, the answer falls back to ``{"detail": {"error": code}}``
with the same status (``make test`` runs the oldest and newest FastAPI).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from . import _integration as common
from ._native import Verified, Webhook
from .errors import VerificationError

__all__ = ["WebhookRejected", "verified_webhook"]


class WebhookRejected(HTTPException):
    """Raised by the dependency; rendered as ``{"error": code}`` (or, for a
    duplicate delivery, 200 ``{"status": "duplicate"}``)."""

    def __init__(self, status_code: int, code: str, body: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status_code, detail=body or {"error": code})
        self.code = code
        self.body = body or {"error": code}


async def _render(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WebhookRejected)
    return JSONResponse(exc.body, status_code=exc.status_code)


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


def _reject(request: Request, status: int, code: str, body: dict[str, str] | None = None) -> WebhookRejected:
    table = _handler_table(request)
    if table is not None:
        table.setdefault(WebhookRejected, _render)
    return WebhookRejected(status, code, body)


def verified_webhook(
    wh: Webhook, *, max_body: int = common.DEFAULT_MAX_BODY, dedup: Any = None, require_dedup_key: bool = True
) -> Callable[[Request], AsyncIterator[Verified]]:
    """A dependency that yields the verified delivery or rejects the request.

    With ``dedup`` (``MemoryDedup``, or ``RedisDedup`` over ``redis.asyncio``)
    the delivery is claimed first: a handled repeat answers 200
    ``{"status": "duplicate"}``, one in flight 409, an unreachable store 503.
    The claim completes when the endpoint returns and is released when it
    raises (raise, e.g. ``HTTPException(503)``, to have the sender retry).
    With ``dedup``, a delivery without a dedup key is refused (400
    ``missing_header``, logged) unless ``require_dedup_key=False``."""

    async def dependency(request: Request) -> AsyncIterator[Verified]:
        if common.too_large(common.parse_length(request.headers.get("content-length")), max_body):
            raise _reject(request, 413, "body_too_large")
        body = await request.body()
        if len(body) > max_body:
            raise _reject(request, 413, "body_too_large")
        try:
            delivery = wh.verify(body, request.headers)
        except VerificationError as e:
            common.log_rejected(e.code, wh, request.headers, request.client.host if request.client else None)
            raise _reject(request, 400, e.code) from None
        client: Any = request.client.host if request.client else None
        answer, claim = await common.abegin(dedup, delivery, wh, require_dedup_key, client)
        if answer is not None:
            status, payload = answer
            raise _reject(request, status, payload.get("error", "duplicate"), payload)
        try:
            yield delivery
        except BaseException:
            await common.afinish(dedup, claim, succeeded=False)
            raise
        await common.afinish(dedup, claim, succeeded=True)

    return dependency
